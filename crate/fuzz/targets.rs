//! The fuzz targets: one entry per kind of input gotrap reads, each running
//! the input through the same path a surface does and checking what every
//! report must satisfy. The libFuzzer binary (`fuzz_targets/gotrap.rs`) runs
//! one of them; `crate/tests/fuzz_corpora.rs` replays every committed input
//! of every target on stable.
//!
//! Adding a kind is one line in `TARGETS` (plus seeds in `corpus/<name>/`).

use std::io::Write;

use gotrap::position::LineIndex;
use gotrap::report::{Options, Report, Span};

/// Name (the folder under `corpus/` and `regressions/`) and entry point.
pub type Target = (&'static str, fn(&[u8]));

pub static TARGETS: &[Target] = &[
    ("go_source", go_source),
    ("gomod", gomod),
    ("gosum", gosum),
    ("gowork", gowork),
    ("pprof", pprof),
    ("pprof_gzip", pprof_gzip),
    ("gctrace", gctrace),
    ("dump", dump),
    ("escape", escape),
    ("bench", bench),
    ("config", config),
    ("analyze", analyze),
];

/// A Go file beside the fuzzed module or artifact file, so workspace rules
/// see imports and profile frames can map into source.
const MAIN_GO: &[u8] = b"package main\n\nimport (\n\t\"example.com/dep\"\n\t\"golang.org/x/mod/v2\"\n)\n\nfunc main() {\n\tdep.Run()\n\tmod.Run()\n}\n";
const BENCH_BEFORE: &[u8] = b"goos: linux\ngoarch: amd64\npkg: example.com/m\nBenchmarkSum-2   \t 1000000\t      1052 ns/op\t      64 B/op\t       1 allocs/op\nBenchmarkSum-2   \t 1000000\t      1049 ns/op\t      64 B/op\t       1 allocs/op\nPASS\n";
const GO_MOD: &[u8] = b"module example.com/m\n\ngo 1.21\n\nrequire example.com/dep v1.2.3\n";

/// Go source through every rule, at a Go version the input's length picks
/// (none, go1.21, go1.23), so version-gated rules run both ways.
fn go_source(data: &[u8]) {
    let go_mod: &[u8] = match data.len() % 3 {
        0 => b"module m\n\ngo 1.21\n",
        1 => b"module m\n\ngo 1.23\n",
        _ => b"",
    };
    let mut files: Vec<(&str, &[u8])> = vec![("main.go", data)];
    if !go_mod.is_empty() {
        files.push(("go.mod", go_mod));
    }
    checked_analyze(&files, &Options::default());
}

fn gomod(data: &[u8]) {
    checked_analyze(&[("go.mod", data), ("main.go", MAIN_GO), ("lib/go.mod", b"module example.com/lib\n")], &Options::default());
}

fn gosum(data: &[u8]) {
    checked_analyze(&[("go.mod", GO_MOD), ("go.sum", data), ("main.go", MAIN_GO)], &Options::default());
}

fn gowork(data: &[u8]) {
    checked_analyze(&[("go.work", data), ("go.mod", GO_MOD), ("a/go.mod", b"module example.com/a\n\ngo 1.22\n"), ("a/main.go", MAIN_GO)], &Options::default());
}

/// A raw (uncompressed) protobuf profile.
fn pprof(data: &[u8]) {
    checked_analyze(&[("cpu.pb", data), ("go.mod", GO_MOD), ("leak/main.go", MAIN_GO)], &Options::default());
}

/// Gzip bytes as given (hostile streams, bombs, truncation), then the input
/// compressed, so the decoded profile behind the gzip path is fuzzed too.
fn pprof_gzip(data: &[u8]) {
    let small_cap =
        Options { limits: Some(gotrap::report::LimitsOverride { max_decompressed_bytes: Some(1 << 20), ..Default::default() }), ..Options::default() };
    checked_analyze(&[("heap.pb.gz", data)], &small_cap);
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(data).expect("writing to a Vec");
    let compressed = encoder.finish().expect("writing to a Vec");
    checked_analyze(&[("heap.pb.gz", &compressed), ("leak/main.go", MAIN_GO)], &small_cap);
}

fn gctrace(data: &[u8]) {
    checked_analyze(&[("gc.log", data)], &Options::default());
}

/// A goroutine dump or crash output, beside the source its frames name.
fn dump(data: &[u8]) {
    checked_analyze(&[("goroutines.txt", data), ("go.mod", GO_MOD), ("leak/main.go", MAIN_GO)], &Options::default());
}

/// A `-gcflags=-m` report, beside the source its lines name.
fn escape(data: &[u8]) {
    checked_analyze(&[("escape.txt", data), ("go.mod", GO_MOD), ("leak/main.go", MAIN_GO)], &Options::default());
}

/// `go test -bench` output, alone and as the second of a before/after pair.
fn bench(data: &[u8]) {
    checked_analyze(&[("bench.txt", data)], &Options::default());
    checked_analyze(&[("before.txt", BENCH_BEFORE), ("after.txt", data)], &Options::default());
}

/// `gotrap.toml`, read as the run reads it (its limits and options then
/// apply to a small workspace).
fn config(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let options = Options { config: Some(text.to_string()), ..Options::default() };
    let report = checked_analyze(&[("go.mod", GO_MOD), ("main.go", MAIN_GO)], &options);
    if let Err(err) = gotrap::config::parse(text, "gotrap.toml") {
        assert!(err.message.starts_with("gotrap.toml"), "{}", err.message);
        assert_eq!(report.errors.len(), 1);
    }
}

/// A whole workspace as a txtar archive: the file names select the kinds
/// (Go, go.mod, go.sum, go.work, CI files, artifacts); a `gotrap.toml`
/// section is the config. Analysing it twice must give the same report.
fn analyze(data: &[u8]) {
    let archive = gotrap::txtar::parse(data);
    let config = archive.files.iter().find(|(name, _)| name == "gotrap.toml").map(|(_, content)| String::from_utf8_lossy(content).into_owned());
    let files: Vec<(&str, &[u8])> = archive.files.iter().filter(|(name, _)| name != "gotrap.toml").take(16).map(|(n, c)| (n.as_str(), c.as_slice())).collect();
    let options = Options { config, ..Options::default() };
    let first = checked_analyze(&files, &options);
    let second = gotrap::analyze(files.iter().copied(), &options);
    assert_eq!(serde_json::to_string(&first).unwrap(), serde_json::to_string(&second).unwrap(), "analysing twice gave different reports");
}

/// Analyses `files` and checks the report against them.
pub fn checked_analyze(files: &[(&str, &[u8])], options: &Options) -> Report {
    let report = gotrap::analyze(files.iter().copied(), options);
    check_report(files, &report);
    report
}

/// What every report must satisfy: each span (of a finding, a related
/// place in a workspace file, a fix edit) lies inside its file, on char
/// boundaries, with lines and columns that agree with its offsets; the
/// report serialises.
pub fn check_report(files: &[(&str, &[u8])], report: &Report) {
    let content_of = |path: &str| files.iter().rev().find(|(name, _)| *name == path).map(|(_, content)| *content);
    for finding in &report.findings {
        let content = content_of(&finding.path).unwrap_or_else(|| panic!("finding on {} which is not in the workspace: {finding:?}", finding.path));
        check_span(content, &finding.span, &finding.message);
        for related in &finding.related {
            if let Some(content) = content_of(&related.path) {
                check_span(content, &related.span, &related.message);
            }
        }
        for edit in finding.fix.iter().flat_map(|fix| &fix.edits) {
            let (start, end) = (edit.byte_start as usize, edit.byte_end as usize);
            assert!(start <= end && end <= content.len(), "fix edit {start}..{end} outside {} ({} bytes)", finding.path, content.len());
            assert!(on_char_boundary(content, start) && on_char_boundary(content, end), "fix edit {start}..{end} splits a character");
        }
    }
    serde_json::to_string(report).expect("a report serialises");
}

fn check_span(content: &[u8], span: &Span, what: &str) {
    let (start, end) = (span.byte_start as usize, span.byte_end as usize);
    assert!(start <= end && end <= content.len(), "span {start}..{end} outside the file ({} bytes): {what}", content.len());
    assert!(on_char_boundary(content, start) && on_char_boundary(content, end), "span {start}..{end} splits a character: {what}");
    let lines = LineIndex::new(content);
    for (offset, line, column, column_utf16) in
        [(start, span.line, span.column, span.column_utf16), (end, span.end_line, span.end_column, span.end_column_utf16)]
    {
        let line_start = content[..offset].iter().rposition(|&b| b == b'\n').map_or(0, |n| n + 1);
        assert_eq!(line, lines.line(offset as u32), "line of offset {offset}: {what}");
        assert_eq!(column as usize, offset - line_start + 1, "column of offset {offset}: {what}");
        if content[line_start..offset].is_ascii() {
            assert_eq!(column_utf16, column, "UTF-16 and UTF-8 columns differ on an ASCII line at {offset}: {what}");
        }
    }
}

/// Whether `offset` is not inside a valid UTF-8 sequence (invalid bytes are
/// characters of their own, as the report counts them).
pub fn on_char_boundary(content: &[u8], offset: usize) -> bool {
    let mut at = 0;
    for chunk in content.utf8_chunks() {
        let valid = chunk.valid();
        if offset < at + valid.len() {
            return valid.is_char_boundary(offset - at);
        }
        at += valid.len() + chunk.invalid().len();
        if offset < at {
            return true;
        }
    }
    true
}
