//! pprof profiles: the committed profiles of tests/artifacts (top tables
//! against the Go oracle, exact GT601–GT604 findings), corrupt and hostile
//! inputs (truncated gzip, garbage protobuf, empty profiles, a gzip bomb,
//! the samples limit).

use std::io::Write;
use std::path::{Path, PathBuf};

use gotrap::report::{LimitsOverride, Options, Report};
use prost::encoding::{encode_key, encode_varint, WireType};

#[path = "support/go.rs"]
mod go;
#[path = "support/oracle.rs"]
mod oracle;

fn artifacts() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/artifacts")
}

const PROFILES: [&str; 8] =
    ["allocs.pb.gz", "block.pb.gz", "cpu.pb.gz", "goroutine.pb.gz", "goroutineleak.pb.gz", "heap.pb.gz", "mutex.pb.gz", "threadcreate.pb.gz"];

fn analyze(files: &[(&str, Vec<u8>)], options: &Options) -> Report {
    gotrap::analyze(files.iter().map(|(path, content)| (*path, content.as_slice())), options)
}

fn committed(name: &str) -> Vec<u8> {
    std::fs::read(artifacts().join("profiles").join(name)).unwrap()
}

#[test]
fn top_tables_match_the_go_oracle() {
    assert_tables_match_the_go_oracle(&PROFILES);
}

/// A profile with drop_frames and keep_frames (written by oracle/dropframes
/// from cpu.pb.gz): pruned as `go tool pprof` prunes before any report.
#[test]
fn drop_frames_are_applied_as_pprof_does() {
    assert_tables_match_the_go_oracle(&["cpu-dropframes.pb.gz"]);
    let report = analyze(&[("cpu-dropframes.pb.gz", committed("cpu-dropframes.pb.gz"))], &Options::default());
    let data = &report.analyses[0].data;
    assert_eq!((data["dropFrames"].as_str(), data["keepFrames"].as_str()), (Some("fmt\\..*|time\\..*|runtime\\..*"), Some("fmt\\.Sprintf|runtime\\.mallocgc")));
    let functions: Vec<&str> = data["types"][0]["top"].as_array().unwrap().iter().map(|row| row["function"].as_str().unwrap()).collect();
    let original = analyze(&[("cpu.pb.gz", committed("cpu.pb.gz"))], &Options::default());
    let original: Vec<&str> = original.analyses[0].data["types"][0]["top"].as_array().unwrap().iter().map(|row| row["function"].as_str().unwrap()).collect();
    // Beneath user frames, fmt internals and the clock reads are gone; fmt.Sprintf is kept.
    assert!(original.contains(&"time.Now") && !functions.contains(&"time.Now"), "{functions:?}");
    assert!(original.contains(&"fmt.(*pp).doPrintf") && !functions.contains(&"fmt.(*pp).doPrintf"), "{functions:?}");
    assert!(functions.contains(&"fmt.Sprintf"), "{functions:?}");
}

fn assert_tables_match_the_go_oracle(profiles: &[&str]) {
    let dir = artifacts();
    let paths: Vec<PathBuf> = profiles.iter().map(|name| dir.join("profiles").join(name).canonicalize().unwrap()).collect();
    let oracle = oracle::run(&dir, &paths);
    let oracle = oracle.as_array().unwrap();
    assert_eq!(oracle.len(), profiles.len());
    for (name, expected) in profiles.iter().zip(oracle) {
        let report = analyze(&[(name, committed(name))], &Options::default());
        assert_eq!(report.analyses.len(), 1, "{name}: {report:?}");
        let data = &report.analyses[0].data;
        assert_eq!(data["samples"], expected["samples"], "{name}");
        let tables = expected["tables"].as_array().unwrap();
        let types = data["types"].as_array().unwrap();
        assert_eq!(types.len(), tables.len(), "{name}");
        for (ours, theirs) in types.iter().zip(tables) {
            assert_eq!(ours["type"], theirs["type"], "{name}");
            assert_eq!(ours["unit"], theirs["unit"], "{name}");
            assert_eq!(ours["total"], theirs["total"], "{name} {}", ours["type"]);
            assert_eq!(ours["topDropped"], 0, "{name}");
            let mut rows: Vec<(String, i64, i64)> = ours["top"]
                .as_array()
                .unwrap()
                .iter()
                .map(|row| (row["function"].as_str().unwrap().to_string(), row["flat"].as_i64().unwrap(), row["cum"].as_i64().unwrap()))
                .collect();
            rows.sort();
            // The oracle lists every function of every stack, zero rows included.
            let expected: Vec<(String, i64, i64)> = theirs["rows"]
                .as_array()
                .unwrap()
                .iter()
                .map(|row| (row["function"].as_str().unwrap().to_string(), row["flat"].as_i64().unwrap(), row["cum"].as_i64().unwrap()))
                .filter(|(_, flat, cum)| *flat != 0 || *cum != 0)
                .collect();
            assert_eq!(rows, expected, "{name} {}", ours["type"]);
        }
    }
}

/// (rule, path, line, weight, message) of every finding.
fn findings(report: &Report) -> Vec<(String, String, u32, f64, String)> {
    report.findings.iter().map(|f| (f.rule.clone(), f.path.clone(), f.span.line, f.weight.unwrap_or(-1.0), f.message.clone())).collect()
}

fn expected_findings(on_source: bool) -> Vec<(String, String, u32, f64, String)> {
    let at = |profile: &str, source: &str, line: u32| {
        if on_source {
            (format!("programs/{source}/main.go"), line)
        } else {
            (format!("profiles/{profile}"), 1)
        }
    };
    let mut expected = vec![
        (
            "GT603",
            at("allocs.pb.gz", "allocs", 25),
            0.9998,
            "main.process allocates 99.9% of the profile's allocated bytes (66.56MB) and 100.0% of its allocated objects (572833): an allocation hotspot; reuse buffers and maps, preallocate, or hoist the allocation out of the loop",
        ),
        (
            "GT602",
            at("block.pb.gz", "contention", 23),
            0.6323,
            "main.(*cache).update waits for a lock: 63.2% of the block profile's delay (60.6ms, 33 contentions) is spent waiting on a sync.Mutex or RWMutex here; a block profile records the waiters, so look for the holder in a mutex profile",
        ),
        (
            "GT604",
            at("cpu.pb.gz", "cputrap", 21),
            0.3558,
            "35.6% of the profile's CPU (370.0ms) under main.hot goes to fmt formatting (fmt.Sprintf family): use strconv or append to a reused buffer; GT307 sprintf-trivial and GT302 string-concat-in-loop find this in source",
        ),
        (
            "GT604",
            at("cpu.pb.gz", "cputrap", 20),
            0.4615,
            "46.2% of the profile's CPU (480.0ms) under main.hot goes to clock reads (time.Now/vdso): read the clock once outside the loop; GT303 time-now-in-loop finds this in source",
        ),
        (
            "GT601",
            at("goroutine.pb.gz", "leak", 22),
            0.9934,
            "150 goroutines (99.3% of all) parked at one stack in a channel send at main.fetch.func1: likely a goroutine leak; make sure every send, receive or wait has a partner or a way out (buffered channel, ctx.Done())",
        ),
        (
            "GT601",
            at("goroutineleak.pb.gz", "leak", 22),
            1.0,
            "150 goroutines leaked at main.fetch.func1, blocked forever in a channel send: the goroutineleak profile found nothing reachable that can wake them; make sure every send, receive or wait has a partner or a way out (buffered channel, ctx.Done())",
        ),
        (
            "GT603",
            at("heap.pb.gz", "allocs", 25),
            0.9998,
            "main.process allocates 99.9% of the profile's allocated bytes (66.56MB) and 100.0% of its allocated objects (572833): an allocation hotspot; reuse buffers and maps, preallocate, or hoist the allocation out of the loop",
        ),
        (
            "GT602",
            at("mutex.pb.gz", "contention", 30),
            1.0,
            "main.(*cache).update holds a contended lock: 100.0% of the mutex profile's delay (78.1ms, 36 contentions) is charged to it; a mutex profile records the holder's stack at Unlock, so shorten the critical section (move work out of it) or split the lock",
        ),
    ];
    expected.sort_by(|a, b| (&a.1, a.0).cmp(&(&b.1, b.0)));
    expected.into_iter().map(|(rule, (path, line), weight, message)| (rule.to_string(), path, line, weight, message.to_string())).collect()
}

#[test]
fn runtime_rules_on_the_committed_profiles() {
    let files: Vec<(String, Vec<u8>)> = PROFILES.iter().map(|name| (format!("profiles/{name}"), committed(name))).collect();
    let files: Vec<(&str, Vec<u8>)> = files.iter().map(|(path, content)| (path.as_str(), content.clone())).collect();
    let report = analyze(&files, &Options::default());
    assert!(report.errors.is_empty() && report.skipped.is_empty(), "{:?} {:?}", report.errors, report.skipped);
    let mut got = findings(&report);
    got.sort_by(|a, b| (&a.1, &a.0, a.2, &a.4).cmp(&(&b.1, &b.0, b.2, &b.4)));
    let mut want = expected_findings(false);
    want.sort_by(|a, b| (&a.1, &a.0, a.2, &a.4).cmp(&(&b.1, &b.0, b.2, &b.4)));
    assert_eq!(got, want);
    // On the artifact, the frame goes to `related` as the profile recorded it.
    let leak = report.findings.iter().find(|f| f.path == "profiles/goroutineleak.pb.gz").unwrap();
    assert_eq!((leak.span.line, leak.span.column, leak.span.byte_start, leak.span.byte_end), (1, 1, 0, 0));
    assert_eq!(leak.related.len(), 1);
    assert_eq!(leak.related[0].path, "gotrap.test/programs/leak/main.go");
    assert_eq!(leak.related[0].span.line, 22);
}

#[test]
fn runtime_findings_point_into_workspace_sources() {
    let dir = artifacts();
    let mut files: Vec<(String, Vec<u8>)> = PROFILES.iter().map(|name| (format!("profiles/{name}"), committed(name))).collect();
    for program in ["allocs", "contention", "cputrap", "leak"] {
        files.push((format!("programs/{program}/main.go"), std::fs::read(dir.join("programs").join(program).join("main.go")).unwrap()));
    }
    files.push(("programs/go.mod".to_string(), std::fs::read(dir.join("programs/go.mod")).unwrap()));
    let files: Vec<(&str, Vec<u8>)> = files.iter().map(|(path, content)| (path.as_str(), content.clone())).collect();
    // Only the runtime rules: the programs are traps on purpose.
    let report = analyze(&files, &Options { select: vec!["GT6".to_string()], ..Options::default() });
    let mut got = findings(&report);
    got.sort_by(|a, b| (&a.1, &a.0, a.2, &a.4).cmp(&(&b.1, &b.0, b.2, &b.4)));
    let mut want = expected_findings(true);
    want.sort_by(|a, b| (&a.1, &a.0, a.2, &a.4).cmp(&(&b.1, &b.0, b.2, &b.4)));
    assert_eq!(got, want);
    let leak = report.findings.iter().find(|f| f.message.contains("goroutineleak profile")).unwrap();
    let source = &files.iter().find(|(path, _)| *path == "programs/leak/main.go").unwrap().1;
    let line = String::from_utf8_lossy(&source[leak.span.byte_start as usize..]).lines().next().unwrap().to_string();
    assert_eq!(line.trim(), "result <- 42");
    assert_eq!(leak.related[0].path, "profiles/goroutineleak.pb.gz");
}

#[test]
fn thresholds_are_rule_options() {
    let config = "[rules.GT601]\nthreshold = 151\n[rules.GT604]\nthreshold = 0.4\n";
    let options = Options { config: Some(config.to_string()), ..Options::default() };
    let report = analyze(&[("goroutine.pb.gz", committed("goroutine.pb.gz")), ("cpu.pb.gz", committed("cpu.pb.gz"))], &options);
    let rules: Vec<(&str, &str)> = report.findings.iter().map(|f| (f.rule.as_str(), f.path.as_str())).collect();
    assert_eq!(rules, [("GT604", "cpu.pb.gz")], "only the clock reads (46.2%) pass 40%; 150 goroutines are under 151");
}

fn only_finding(report: &Report) -> (&str, &str) {
    assert_eq!(report.findings.len(), 1, "{:#?}", report.findings);
    (report.findings[0].rule.as_str(), report.findings[0].message.as_str())
}

#[test]
fn truncated_gzip_is_malformed_with_its_offset() {
    let content = committed("cpu.pb.gz");
    let truncated = content[..content.len() / 2].to_vec();
    let report = analyze(&[("cpu.pb.gz", truncated)], &Options::default());
    let (rule, message) = only_finding(&report);
    assert_eq!(rule, "GT003");
    assert!(message.starts_with("not a readable pprof profile: truncated gzip stream at compressed byte offset "), "{message}");
    assert!(report.analyses.is_empty());
}

#[test]
fn garbage_protobuf_is_malformed_with_its_offset() {
    // Field 2 (sample), length-delimited, claiming 100 bytes of 3.
    let report = analyze(&[("garbage.pb", vec![0x12, 100, 1, 2, 3])], &Options::default());
    let (rule, message) = only_finding(&report);
    assert_eq!(rule, "GT003");
    assert_eq!(message, "not a readable pprof profile: bad protobuf at byte offset 1: length 100 runs past the end of its message (3 bytes left)");
    // The same bytes gzipped: the offset is in the inflated stream.
    let report = analyze(&[("garbage.pb.gz", gzip(&[0x12, 100, 1, 2, 3]))], &Options::default());
    let (_, message) = only_finding(&report);
    assert_eq!(
        message,
        "not a readable pprof profile: bad protobuf at byte offset 1 of the inflated profile: length 100 runs past the end of its message (3 bytes left)"
    );
    // An invalid varint in field 9 (time_nanos).
    let report = analyze(&[("bad.pprof", [0x48].into_iter().chain([0xff; 11]).collect())], &Options::default());
    let (rule, message) = only_finding(&report);
    assert_eq!(rule, "GT003");
    assert_eq!(message, "not a readable pprof profile: bad protobuf at byte offset 1: invalid varint");
    // Gzip-compressed text (a log) is another kind of artifact: skipped.
    let report = analyze(&[("gctrace.log.gz", gzip(b"gc 1 @0.012s 2%: 0.010+0.85+0.003 ms clock\n"))], &Options::default());
    assert!(report.findings.is_empty(), "{:?}", report.findings);
    assert_eq!(report.skipped[0].reason, "gzip-compressed text, not a pprof profile");
    // Text that is not named like a profile is not one: skipped, no finding.
    let report = analyze(&[("notes.txt", b"hello\n".to_vec())], &Options::default());
    assert!(report.findings.is_empty());
    assert_eq!(report.skipped.len(), 1);
}

#[test]
fn empty_profiles() {
    let report = analyze(&[("empty.pb.gz", gzip(b""))], &Options::default());
    let (rule, message) = only_finding(&report);
    assert_eq!((rule, message), ("GT003", "not a readable pprof profile: empty profile: the gzip stream holds no data"));
    // A valid profile without samples (a goroutineleak profile of a program
    // that leaks nothing): an analysis with empty tables and no finding.
    let mut b = ProfileBuilder::new();
    b.sample_type("goroutineleak", "count");
    let report = analyze(&[("goroutineleak.pb.gz", gzip(&b.finish()))], &Options::default());
    assert!(report.findings.is_empty(), "{:?}", report.findings);
    let data = &report.analyses[0].data;
    assert_eq!(data["profile"], "goroutineleak");
    assert_eq!(data["samples"], 0);
    assert_eq!(data["types"][0]["top"], serde_json::json!([]));
}

#[test]
fn gzip_bomb_stops_at_the_cap() {
    // Concatenated gzip members of 8 MiB of zeros each: 96 MiB from ~100 KB,
    // over the default 64 MiB cap. Built member by member, never in full.
    let mut member = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let zeros = vec![0u8; 1 << 20];
    for _ in 0..8 {
        member.write_all(&zeros).unwrap();
    }
    let member = member.finish().unwrap();
    let bomb: Vec<u8> = member.iter().copied().cycle().take(member.len() * 12).collect();
    assert!(bomb.len() < 200_000);
    let report = analyze(&[("bomb.pb.gz", bomb)], &Options::default());
    let (rule, message) = only_finding(&report);
    assert_eq!(rule, "GT002");
    assert!(message.starts_with("profile inflates to more than 67108864 bytes (limits.max-decompressed-bytes); stopped after "), "{message}");
    assert!(report.analyses.is_empty());
}

#[test]
fn samples_over_the_limit() {
    let options = Options { limits: Some(LimitsOverride { max_profile_samples: Some(10), ..LimitsOverride::default() }), ..Options::default() };
    let report = analyze(&[("cpu.pb.gz", committed("cpu.pb.gz"))], &options);
    let (rule, message) = only_finding(&report);
    assert_eq!((rule, message), ("GT002", "profile has more than 10 samples (limits.max-profile-samples); not analysed"));
}

#[test]
fn raw_protobuf_inlined_frames_labels_and_recursion() {
    // main.f -> main.g (inlined into f's location) -> main.f (recursion) -> leaf.
    let mut b = ProfileBuilder::new();
    b.sample_type("samples", "count");
    b.sample_type("cpu", "nanoseconds");
    let file = b.string("/src/m/main.go");
    let f = b.function(1, "main.f", file);
    let g = b.function(2, "main.g", file);
    let leaf = b.function(3, "runtime.leaf", 0);
    b.location(1, &[(leaf, 3)]);
    b.location(2, &[(f, 10)]);
    b.location(3, &[(g, 20), (f, 11)]); // g inlined into f
    let key = b.string("span");
    let value = b.string("x");
    b.sample(&[1, 2, 3], &[2, 20], &[(key, value)]);
    b.sample(&[2], &[1, 10], &[]);
    let content = b.finish();
    let report = analyze(&[("cpu.pb", content)], &Options::default());
    assert!(report.findings.is_empty(), "{:?}", report.findings);
    let data = &report.analyses[0].data;
    assert_eq!(data["profile"], "cpu");
    assert_eq!(data["compressed"], false);
    assert_eq!(data["labelKeys"], serde_json::json!([{ "key": "span", "samples": 1 }]));
    let top: Vec<(String, i64, i64)> = data["types"][1]["top"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["function"].as_str().unwrap().to_string(), r["flat"].as_i64().unwrap(), r["cum"].as_i64().unwrap()))
        .collect();
    // f recurses in the first sample and is counted once in its cum.
    assert_eq!(top, [("runtime.leaf".to_string(), 20, 20), ("main.f".to_string(), 10, 30), ("main.g".to_string(), 0, 20)]);
    let tree: Vec<(String, Option<u64>, i64, i64)> = data["types"][1]["callTree"]["tree"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| (n["function"].as_str().unwrap().to_string(), n["parent"].as_u64(), n["self"].as_i64().unwrap(), n["cum"].as_i64().unwrap()))
        .collect();
    assert_eq!(
        tree,
        [
            ("main.f".to_string(), None, 10, 30),
            ("main.g".to_string(), Some(0), 0, 20),
            ("main.f".to_string(), Some(1), 0, 20),
            ("runtime.leaf".to_string(), Some(2), 20, 20),
        ]
    );
    // A sample naming a location that does not exist.
    let mut b = ProfileBuilder::new();
    b.sample_type("samples", "count");
    b.sample(&[7], &[1], &[]);
    let report = analyze(&[("bad.pb", b.finish())], &Options::default());
    let (rule, message) = only_finding(&report);
    assert_eq!(rule, "GT003");
    assert!(message.contains("sample refers to location id 7, which the profile does not define"), "{message}");
}

#[test]
fn call_trees_are_bounded() {
    // 1,500 distinct leaves under one root: the tree keeps 1,000 nodes.
    let mut b = ProfileBuilder::new();
    b.sample_type("samples", "count");
    let root = b.function(1, "main.main", 0);
    b.location(1, &[(root, 1)]);
    for i in 0..1500u64 {
        let f = b.function(10 + i, &format!("main.f{i}"), 0);
        b.location(10 + i, &[(f, 1)]);
        b.sample(&[10 + i, 1], &[1 + i as i64], &[]);
    }
    let report = analyze(&[("big.pb", b.finish())], &Options::default());
    let tree = &report.analyses[0].data["types"][0]["callTree"];
    assert_eq!(tree["nodes"], 1000);
    assert_eq!(tree["nodesDropped"], 501);
    assert_eq!(tree["tree"][0]["function"], "main.main");
}

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(data).unwrap();
    encoder.finish().unwrap()
}

/// Writes profile.proto messages by hand (field numbers as in decode.rs).
struct ProfileBuilder {
    strings: Vec<String>,
    body: Vec<u8>,
}

impl ProfileBuilder {
    fn new() -> ProfileBuilder {
        ProfileBuilder { strings: vec![String::new()], body: Vec::new() }
    }

    fn string(&mut self, s: &str) -> u64 {
        if let Some(i) = self.strings.iter().position(|x| x == s) {
            return i as u64;
        }
        self.strings.push(s.to_string());
        self.strings.len() as u64 - 1
    }

    fn message(out: &mut Vec<u8>, field: u32, body: &[u8]) {
        encode_key(field, WireType::LengthDelimited, out);
        encode_varint(body.len() as u64, out);
        out.extend_from_slice(body);
    }

    fn varint(out: &mut Vec<u8>, field: u32, value: u64) {
        encode_key(field, WireType::Varint, out);
        encode_varint(value, out);
    }

    fn sample_type(&mut self, type_: &str, unit: &str) {
        let mut m = Vec::new();
        Self::varint(&mut m, 1, self.string(type_));
        Self::varint(&mut m, 2, self.string(unit));
        Self::message(&mut self.body, 1, &m);
    }

    fn function(&mut self, id: u64, name: &str, file: u64) -> u64 {
        let mut m = Vec::new();
        Self::varint(&mut m, 1, id);
        Self::varint(&mut m, 2, self.string(name));
        Self::varint(&mut m, 4, file);
        Self::message(&mut self.body, 5, &m);
        id
    }

    fn location(&mut self, id: u64, lines: &[(u64, i64)]) {
        let mut m = Vec::new();
        Self::varint(&mut m, 1, id);
        for (function, line) in lines {
            let mut l = Vec::new();
            Self::varint(&mut l, 1, *function);
            Self::varint(&mut l, 2, *line as u64);
            Self::message(&mut m, 4, &l);
        }
        Self::message(&mut self.body, 4, &m);
    }

    fn sample(&mut self, locations: &[u64], values: &[i64], labels: &[(u64, u64)]) {
        let mut m = Vec::new();
        let mut packed = Vec::new();
        for id in locations {
            encode_varint(*id, &mut packed);
        }
        Self::message(&mut m, 1, &packed);
        for value in values {
            Self::varint(&mut m, 2, *value as u64); // unpacked: both forms are valid
        }
        for (key, value) in labels {
            let mut l = Vec::new();
            Self::varint(&mut l, 1, *key);
            Self::varint(&mut l, 2, *value);
            Self::message(&mut m, 3, &l);
        }
        Self::message(&mut self.body, 2, &m);
    }

    fn finish(self) -> Vec<u8> {
        let mut out = self.body;
        for s in &self.strings {
            Self::message(&mut out, 6, s.as_bytes());
        }
        out
    }
}

/// A profile from stacks of function names (leaf first), one location per
/// frame, every function in `/build/app/<package>.go` at line 10.
fn stacks_profile(types: &[(&str, &str)], samples: &[(&[&str], &[i64])]) -> Vec<u8> {
    let mut b = ProfileBuilder::new();
    for (type_, unit) in types {
        b.sample_type(type_, unit);
    }
    let mut ids: Vec<String> = Vec::new();
    for (stack, values) in samples {
        let mut locations = Vec::new();
        for name in stack.iter() {
            let id = match ids.iter().position(|known| known == name) {
                Some(index) => index as u64 + 1,
                None => {
                    ids.push(name.to_string());
                    let id = ids.len() as u64;
                    let package = name.rsplit_once('/').map_or(*name, |(_, last)| last).split('.').next().unwrap().to_string();
                    let file = b.string(&format!("/build/app/{package}.go"));
                    b.function(id, name, file);
                    b.location(id, &[(id, 10)]);
                    id
                }
            };
            locations.push(id);
        }
        b.sample(&locations, values, &[]);
    }
    b.finish()
}

fn rules_of(report: &Report) -> Vec<String> {
    report.findings.iter().map(|f| format!("{} {}", f.rule, f.message)).collect()
}

#[test]
fn goroutine_leak_boundaries() {
    let chan_recv: &[&str] = &["runtime.gopark", "runtime.chanrecv", "runtime.chanrecv1", "main.worker"];
    let select: &[&str] = &["runtime.gopark", "runtime.selectgo", "main.loop"];
    let io_wait: &[&str] = &["runtime.gopark", "runtime.netpollblock", "internal/poll.runtime_pollWait", "main.read"];
    let idle_http: &[&str] = &["runtime.gopark", "runtime.chanrecv", "net/http.(*conn).serve"];
    let sleeping: &[&str] = &["runtime.gopark", "time.Sleep", "main.tick"];
    let profile =
        stacks_profile(&[("goroutine", "count")], &[(chan_recv, &[99]), (select, &[100]), (io_wait, &[500]), (idle_http, &[500]), (sleeping, &[500])]);
    let report = analyze(&[("goroutine.pb.gz", gzip(&profile))], &Options::default());
    assert_eq!(
        rules_of(&report),
        ["GT601 100 goroutines (5.9% of all) parked at one stack in a select at main.loop: likely a goroutine leak; make sure every send, receive or wait has a partner or a way out (buffered channel, ctx.Done())"]
    );
    // The frame's file is not in the workspace: the finding stays on the profile.
    assert_eq!(report.findings[0].related[0].path, "/build/app/main.go");
}

#[test]
fn user_frames_prefer_workspace_modules() {
    // example.com/lib (dotted, nearer the leaf) is called by the workspace's
    // own package gotrap.test/app/store.
    let stack: &[&str] = &["sync.(*Mutex).Unlock", "example.com/lib.(*Pool).Put", "gotrap.test/app/store.Save", "main.main"];
    let profile = stacks_profile(&[("contentions", "count"), ("delay", "nanoseconds")], &[(stack, &[10, 5_000_000])]);
    let go_mod = b"module gotrap.test/app\n\ngo 1.26\n".to_vec();
    let store = b"package store\n\n\n\n\n\n\n\n\nfunc Save() {}\n".to_vec();
    let with_module = analyze(&[("mutex.pb", profile.clone()), ("go.mod", go_mod), ("store/store.go", store)], &Options::default());
    assert_eq!(with_module.findings.len(), 1, "{:?}", with_module.findings);
    let finding = &with_module.findings[0];
    assert!(finding.message.starts_with("gotrap.test/app/store.Save holds a contended lock: 100.0%"), "{}", finding.message);
    assert_eq!((finding.path.as_str(), finding.span.line), ("store/store.go", 10));
    // Without the go.mod the first dotted import path is the user frame.
    let alone = analyze(&[("mutex.pb", profile)], &Options::default());
    assert!(alone.findings[0].message.starts_with("example.com/lib.(*Pool).Put holds a contended lock"), "{}", alone.findings[0].message);
}

#[test]
fn cpu_signatures_and_floors() {
    let cpu = [("samples", "count"), ("cpu", "nanoseconds")];
    let ms = |n: i64| [n / 10_000_000, n];
    let (json, lock, gc, other, tiny) = (ms(300_000_000), ms(200_000_000), ms(100_000_000), ms(400_000_000), ms(50_000_000));
    let profile = stacks_profile(
        &cpu,
        &[
            (&["encoding/json.(*encodeState).marshal", "encoding/json.Marshal", "main.encode"], &json),
            (&["runtime.procyield", "sync.(*Mutex).lockSlow", "sync.(*Mutex).Lock", "main.update"], &lock),
            (&["runtime.scanobject", "runtime.gcDrain", "runtime.gcBgMarkWorker"], &gc),
            (&["main.compute"], &other),
            // 5% but under the 100 ms floor.
            (&["runtime.nanotime1", "time.Now", "main.stamp"], &tiny),
        ],
    );
    let report = analyze(&[("cpu.pb", profile)], &Options::default());
    let mut got = rules_of(&report);
    got.sort();
    assert_eq!(
        got,
        [
            "GT604 19.0% of the profile's CPU (200.0ms) under main.update goes to lock spinning (sync.(*Mutex).lockSlow): shorten critical sections or split the lock; GT208 mutex-read-heavy finds read-mostly mutexes in source, GT602 reads mutex profiles",
            "GT604 28.6% of the profile's CPU (300.0ms) under main.encode goes to encoding/json: no source rule finds this yet: consider a generated encoder, or encoding less often",
        ]
    );
}

#[test]
fn alloc_hotspots_need_the_floor() {
    let heap = [("alloc_objects", "count"), ("alloc_space", "bytes"), ("inuse_objects", "count"), ("inuse_space", "bytes")];
    let stack: &[&str] = &["runtime.mallocgc", "main.build"];
    let small = stacks_profile(&heap, &[(stack, &[1000, 1 << 20, 0, 0])]);
    assert!(analyze(&[("heap.pb", small)], &Options::default()).findings.is_empty(), "a tiny profile has no hotspot");
    let large = stacks_profile(&heap, &[(stack, &[1000, 32 << 20, 0, 0]), (&["main.other"], &[1000, 32 << 20, 0, 0])]);
    let report = analyze(&[("heap.pb", large)], &Options::default());
    assert_eq!(report.findings.len(), 2, "{:?}", rules_of(&report));
    assert_eq!(report.findings[0].weight, Some(0.5));
}

#[test]
fn mutated_profiles_never_panic() {
    // Every committed profile, inflated, with bytes overwritten, dropped or
    // truncated at many positions: decode errors or analyses, never a panic.
    let mut state = 0x9e37_79b9_7f4a_7c15u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for name in PROFILES {
        let mut raw = Vec::new();
        std::io::Read::read_to_end(&mut flate2::read::MultiGzDecoder::new(committed(name).as_slice()), &mut raw).unwrap();
        for round in 0..150 {
            let mut bytes = raw.clone();
            let at = (next() % bytes.len() as u64) as usize;
            match round % 3 {
                0 => bytes[at] = next() as u8,
                1 => {
                    bytes.remove(at);
                }
                _ => bytes.truncate(at),
            }
            let report = analyze(&[("mutated.pb", bytes)], &Options::default());
            assert!(report.errors.is_empty(), "{name} round {round}: {:?}", report.errors);
        }
    }
}

#[test]
fn sparse_ids() {
    // Ids far apart (allowed by profile.proto) go through the sorted index.
    let mut b = ProfileBuilder::new();
    b.sample_type("samples", "count");
    let f = b.function(1 << 33, "main.f", 0);
    let g = b.function(7, "main.g", 0);
    b.location(1 << 40, &[(f, 1)]);
    b.location(3, &[(g, 2)]);
    b.sample(&[1 << 40, 3], &[5], &[]);
    let report = analyze(&[("sparse.pb", b.finish())], &Options::default());
    assert!(report.findings.is_empty(), "{:?}", report.findings);
    let top = &report.analyses[0].data["types"][0]["top"];
    assert_eq!(top[0]["function"], "main.f");
    assert_eq!((top[0]["flat"].as_i64(), top[1]["function"].as_str(), top[1]["cum"].as_i64()), (Some(5), Some("main.g"), Some(5)));
}

#[test]
fn unknown_sample_types_get_a_generic_analysis() {
    let profile = stacks_profile(&[("widgets", "count"), ("weight", "grams")], &[(&["main.make", "main.main"], &[3, 300])]);
    let report = analyze(&[("custom.pb.gz", gzip(&profile))], &Options::default());
    assert!(report.findings.is_empty());
    let data = &report.analyses[0].data;
    assert_eq!(data["profile"], "other");
    assert_eq!(data["types"][1]["type"], "weight");
    assert_eq!(data["types"][1]["top"][0]["function"], "main.make");
    assert_eq!(data["types"][1]["top"][0]["flat"], 300);
}
