//! Hostile inputs, each beside a Go file whose one finding must survive.
//! tests/node/hostile.test.ts runs the same cases through wasm and expects
//! the same outcomes: nesting 100,000 deep, a 50 MB one-line file, NUL
//! bytes, invalid UTF-8 and lone surrogates, a 1 GiB gzip bomb, profiles
//! claiming 2^31 strings, a dump of a million goroutines, CRLF and mixed
//! line endings, a go.mod of 100,000 requirements. The work budget
//! and the tree-depth cap themselves are tested in bounds.rs.

use gotrap::report::{LimitsOverride, Options, Report};

const BAD_CLOSURE: &str =
    "package main\n\nfunc badClosure() []*int {\n\tvar ptrs []*int\n\tfor i := 0; i < 3; i++ {\n\t\tptrs = append(ptrs, &i)\n\t}\n\treturn ptrs\n}\n";
const BESIDE: &str =
    "main.go:6:23 GT101 loop variable i captured by &i, stored in ptrs, which outlives the iteration: before go1.22 every iteration shares one i";
/// Options of a go1.21 run, where the file beside has its GT101 warning.
fn go_121() -> Options {
    Options { go_version: Some("1.21".into()), ..Options::default() }
}

fn summary(report: &Report) -> Vec<String> {
    report.findings.iter().map(|f| format!("{}:{}:{} {} {}", f.path, f.span.line, f.span.column, f.rule, f.message)).collect()
}

fn beside(path: &str, content: &[u8], options: &Options) -> Report {
    let report = gotrap::analyze([(path, content), ("main.go", BAD_CLOSURE.as_bytes())], options);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    report
}

const TOO_DEEP: &str = "GT002 syntax tree nested deeper than 2000 levels (limits.max-tree-depth); the deepest parts were not analysed";

#[test]
fn nesting_100000_deep_is_cut_at_the_tree_depth_cap() {
    let parentheses = format!("package p\n\nfunc f() {{\n\t_ = {}1{}\n}}\n", "(".repeat(100_000), ")".repeat(100_000));
    let blocks = format!("package p\n\nfunc f() {{\n{}{}}}\n", "{\n".repeat(100_000), "}\n".repeat(100_000));
    for deep in [parentheses, blocks] {
        assert_eq!(summary(&beside("deep.go", deep.as_bytes(), &go_121())), [format!("deep.go:1:1 {TOO_DEEP}"), BESIDE.to_string()]);
    }
}

#[test]
fn composite_literals_100000_deep_are_cut_at_the_tree_depth_cap_within_5_m_work_units() {
    // Each literal's enclosing loop is found in one descent from the root;
    // asked parent by parent it cost the cube of the depth, and the file
    // spent the whole default budget (100 M units, a minute) before GT002.
    let deep = format!("package p\n\nvar x = {}{}\n", "[]any{".repeat(100_000), "}".repeat(100_000));
    let options = Options { limits: Some(LimitsOverride { max_file_work: Some(5_000_000), ..LimitsOverride::default() }), ..go_121() };
    assert_eq!(summary(&beside("deep.go", deep.as_bytes(), &options)), [format!("deep.go:1:1 {TOO_DEEP}"), BESIDE.to_string()]);
}

#[test]
fn loops_returning_literals_of_closures_20000_deep_end_within_5_m_work_units() {
    let deep = format!("package p\n\nvar x = {}{}\n", "func() any { for { return []any{".repeat(20_000), "}}}".repeat(20_000));
    let options = Options { limits: Some(LimitsOverride { max_file_work: Some(5_000_000), ..LimitsOverride::default() }), ..go_121() };
    assert_eq!(summary(&beside("deep.go", deep.as_bytes(), &options)), [format!("deep.go:1:1 {TOO_DEEP}"), BESIDE.to_string()]);
}

#[test]
fn a_50_mb_line_is_stopped_at_the_file_size_cap() {
    let line = vec![b'x'; 50 * 1024 * 1024];
    let report = beside("big.go", &line, &go_121());
    assert_eq!(
        summary(&report),
        ["big.go:1:1 GT002 file is 52428800 bytes, over the 8388608-byte limit for Go files (limits.max-file-bytes); not analysed", BESIDE]
    );
}

#[test]
fn nul_bytes_named_go_are_a_syntax_error() {
    let report = beside("nul.go", &[0u8; 4096], &go_121());
    assert_eq!(report.findings.len(), 2);
    let nul = &report.findings[1];
    assert_eq!((nul.path.as_str(), nul.rule.as_str(), nul.span.line, nul.span.column), ("nul.go", "GT000", 1, 1));
    assert!(nul.message.starts_with("syntax error: unexpected \\0\\0"), "{}", nul.message);
}

/// `café` with a Latin-1 é, a string of bytes that are never UTF-8, an
/// identifier and a string holding lone surrogates as WTF-8 (CESU) bytes,
/// and a truncated sequence in a string, around a GT101.
const NOT_UTF8: &[u8] = b"package p\n\nvar caf\xe9 = \"\xff\xfe\"\nvar s\xed\xa0\x80x = \"\xed\xb0\x80\"\n\nfunc f() {\n\tfor i := 0; i < 3; i++ {\n\t\tgo func() { println(&i, \"\xc3\") }()\n\t}\n}\n";

#[test]
fn invalid_utf8_and_lone_surrogates_are_reported_where_they_are() {
    let report = beside("bad.go", NOT_UTF8, &go_121());
    assert_eq!(
        summary(&report),
        [
            "bad.go:3:8 GT000 syntax error: unexpected \u{fffd}",
            "bad.go:4:6 GT000 syntax error: unexpected \u{fffd}\u{fffd}\u{fffd}",
            "bad.go:8:24 GT101 loop variable i captured by a func literal started by a go statement, which outlives the iteration: before go1.22 every iteration shares one i",
            BESIDE,
        ]
    );
    let columns: Vec<(u32, u32)> = report.findings.iter().map(|f| (f.span.column_utf16, f.span.end_column_utf16)).collect();
    assert_eq!(columns[2], (24, report.findings[2].span.end_column));
}

/// 1 MiB of zeros gzipped, repeated 1,024 times: 1 GiB inflated from 1 MB.
fn gzip_bomb() -> Vec<u8> {
    let member = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/hostile/zeros-1mib.gz")).expect("committed gzip member");
    member.repeat(1024)
}

#[test]
fn a_gzip_bomb_is_stopped_at_the_decompression_cap() {
    let bomb = gzip_bomb();
    assert_eq!(bomb.len(), 1024 * 1051);
    assert_eq!(
        summary(&beside("heap.pb.gz", &bomb, &go_121())),
        [
            "heap.pb.gz:1:1 GT002 profile inflates to more than 67108864 bytes (limits.max-decompressed-bytes); stopped after 67353 compressed bytes; not analysed",
            BESIDE
        ]
    );
}

#[test]
fn positions_stay_right_with_crlf_and_mixed_line_endings() {
    // go/token counts lines at `\n` only: a lone `\r` is white space.
    let crlf = BAD_CLOSURE.replace('\n', "\r\n");
    let mixed =
        "package main\r\n\nfunc badClosure() []*int {\r\tvar ptrs []*int\n\tfor i := 0; i < 3; i++ {\r\n\t\tptrs = append(ptrs, &i)\n\t}\r\n\treturn ptrs\n}\n";
    for (content, line) in [(crlf.as_str(), 6), (mixed, 5)] {
        let report = gotrap::analyze([("main.go", content.as_bytes())], &go_121());
        assert_eq!(report.findings.len(), 1);
        let finding = &report.findings[0];
        assert_eq!((finding.span.line, finding.span.column, finding.span.end_line, finding.span.end_column), (line, 23, line, 25));
        assert_eq!(&content[finding.span.byte_start as usize..finding.span.byte_end as usize], "&i");
    }
}

#[test]
fn a_go_mod_of_100000_requirements_is_read_in_linear_time() {
    let (go_mod, go_sum) = many_requirements();
    let report = gotrap::analyze(
        [("go.mod", go_mod.as_bytes()), ("go.sum", go_sum.as_bytes()), ("main.go", b"package main\n\nimport \"example.com/dep7/x\"\n" as &[u8])],
        &Options::default(),
    );
    assert!(report.errors.is_empty());
    assert_eq!(
        summary(&report),
        [
            "go.mod:8:2 GT503 example.com/dep1 (v1) and example.com/dep1/v2 are both required: two copies of the module are built, with separate types and package state; finish the migration to example.com/dep1/v2",
            "main.go:3:8 GT504 go.sum has no checksum of example.com/dep7 v1.0.7, the module providing example.com/dep7/x: the build stops with \"missing go.sum entry for module providing package\"; run `go mod tidy`",
        ]
    );
}

/// 100,000 requirements with their `/go.mod` checksums, one module also at `/v2`.
fn many_requirements() -> (String, String) {
    let mut go_mod = String::from("module example.com/m\n\ngo 1.23\n\nrequire (\n\texample.com/dep1/v2 v2.0.0\n");
    let mut go_sum = String::from("example.com/dep1/v2 v2.0.0/go.mod h1:x=\n");
    for index in 0..100_000 {
        go_mod.push_str(&format!("\texample.com/dep{index} v1.0.{index}\n"));
        go_sum.push_str(&format!("example.com/dep{index} v1.0.{index}/go.mod h1:x=\n"));
    }
    go_mod.push_str(")\n");
    (go_mod, go_sum)
}

/// A profile's protobuf: the empty string every string table starts with,
/// then `fields` (already encoded).
fn raw_profile(fields: &[u8]) -> Vec<u8> {
    [&[0x32, 0x00][..], fields].concat()
}

#[test]
fn a_string_table_claiming_2_pow_31_bytes_is_malformed_at_its_length() {
    // Field 6 (string_table), length-delimited, length 2^31 as a varint at byte 3.
    let claim = raw_profile(&[0x32, 0x80, 0x80, 0x80, 0x80, 0x08, b'g', b'o']);
    assert_eq!(
        summary(&beside("cpu.pb", &claim, &go_121())),
        [
            "cpu.pb:1:1 GT003 not a readable pprof profile: bad protobuf at byte offset 3: length 2147483648 runs past the end of its message (2 bytes left)",
            BESIDE
        ]
    );
}

#[test]
fn a_string_index_of_2_pow_31_is_malformed_where_it_is() {
    // Field 1 (sample_type) at byte 2: a ValueType whose type is string 2^31.
    let claim = raw_profile(&[0x0a, 0x06, 0x08, 0x80, 0x80, 0x80, 0x80, 0x08]);
    assert_eq!(
        summary(&beside("cpu.pb", &claim, &go_121())),
        [
            "cpu.pb:1:1 GT003 not a readable pprof profile: bad protobuf at byte offset 2: string index 2147483648 is out of the string table (1 strings)",
            BESIDE
        ]
    );
}

/// 2^31 empty strings (field 6, length 0): 4 GiB of protobuf, gzipped as
/// one 1 MiB member of 2^19 of them repeated 4,096 times (4.3 MB).
fn string_table_bomb() -> Vec<u8> {
    let member = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/hostile/empty-strings-1mib.gz")).expect("committed gzip member");
    member.repeat(4096)
}

#[test]
fn a_gzipped_string_table_of_2_pow_31_entries_is_stopped_at_the_decompression_cap() {
    let bomb = string_table_bomb();
    assert_eq!(bomb.len(), 4096 * 1053);
    assert_eq!(
        summary(&beside("heap.pb.gz", &bomb, &go_121())),
        [
            "heap.pb.gz:1:1 GT002 profile inflates to more than 67108864 bytes (limits.max-decompressed-bytes); stopped after 67484 compressed bytes; not analysed",
            BESIDE
        ]
    );
}

/// A goroutine dump as the runtime prints it, goroutine by goroutine:
/// `main` and `count - 1` workers blocked on a channel send.
fn goroutine_dump(count: u32, out: &mut impl std::io::Write) -> std::io::Result<()> {
    writeln!(out, "goroutine 1 [running]:\nmain.main()\n\texample.com/app/main.go:12 +0x24f")?;
    for id in 2..=count {
        writeln!(
            out,
            "\ngoroutine {id} [chan send, 1 minutes]:\nmain.fetch.func1()\n\texample.com/app/main.go:27 +0x36\ncreated by main.fetch in goroutine 1\n\texample.com/app/main.go:25 +0x66"
        )?;
    }
    Ok(())
}

#[test]
fn a_dump_of_a_million_goroutines_is_stopped_at_the_artifact_size_cap() {
    let mut dump = Vec::new();
    goroutine_dump(1_000_000, &mut dump).unwrap();
    let calm = std::fs::read(concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/artifacts/gctrace/calm.log")).unwrap();
    let files = [("goroutines.txt", dump.as_slice()), ("gc.log", calm.as_slice()), ("main.go", BAD_CLOSURE.as_bytes())];
    let report = gotrap::analyze(files, &go_121());
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    assert_eq!(
        summary(&report),
        [
            "goroutines.txt:1:1 GT002 file is 165888805 bytes, over the 67108864-byte limit for runtime artifacts (limits.max-artifact-bytes); not analysed",
            BESIDE
        ]
    );
    let analysed: Vec<(&str, &str)> = report.analyses.iter().map(|a| (a.path.as_str(), a.kind.as_str())).collect();
    assert_eq!(analysed, [("gc.log", "gctrace")]);
}

#[test]
fn every_kind_of_runtime_artifact_is_held_to_the_artifact_size_cap() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/artifacts/");
    let names =
        ["bench/short.txt", "crashes/deadlock.txt", "dumps/goroutine-debug1.txt", "escape/escape-m-go1.20.14.txt", "gctrace/calm.log", "profiles/mutex.pb.gz"];
    let contents: Vec<Vec<u8>> = names.iter().map(|name| std::fs::read(format!("{root}{name}")).unwrap()).collect();
    let cpu = raw_profile(&[0x32, 0x03, b'c', b'p', b'u']).repeat(200);
    let mut files: Vec<(&str, &[u8])> = names.iter().copied().zip(contents.iter().map(Vec::as_slice)).collect();
    files.push(("cpu.pb", &cpu));
    let options = Options { limits: Some(LimitsOverride { max_artifact_bytes: Some(1_000), ..LimitsOverride::default() }), ..Options::default() };
    let report = gotrap::analyze(files, &options);
    let over: Vec<String> = summary(&report).into_iter().filter(|line| line.contains(" GT002 ")).collect();
    let cap = |path: &str, size: u32| {
        format!("{path}:1:1 GT002 file is {size} bytes, over the 1000-byte limit for runtime artifacts (limits.max-artifact-bytes); not analysed")
    };
    assert_eq!(
        over,
        [
            cap("bench/short.txt", 1109),
            cap("cpu.pb", 1400),
            cap("dumps/goroutine-debug1.txt", 1207),
            cap("escape/escape-m-go1.20.14.txt", 1210),
            cap("gctrace/calm.log", 1168)
        ]
    );
    // The two under the cap are analysed as usual.
    let analysed: Vec<(&str, &str)> = report.analyses.iter().map(|a| (a.path.as_str(), a.kind.as_str())).collect();
    assert_eq!(analysed, [("crashes/deadlock.txt", "goroutines"), ("profiles/mutex.pb.gz", "profile")]);
    let rules: Vec<(&str, u32, &str)> = report.findings.iter().filter(|f| f.rule != "GT002").map(|f| (f.path.as_str(), f.span.line, f.rule.as_str())).collect();
    assert_eq!(rules, [("crashes/deadlock.txt", 8, "GT606"), ("crashes/deadlock.txt", 12, "GT606"), ("profiles/mutex.pb.gz", 1, "GT602")]);
}

/// An unclosed nesting: tree-sitter keeps every token but cannot make a
/// file of them, and gives a tree whose root is an ERROR node with none
/// below it. It is a syntax error where the file stops being Go.
#[test]
fn a_file_whose_root_is_the_only_error_is_a_syntax_error() {
    let text = format!("package p\n\nvar x = {}", "func() any { for { return []any{".repeat(20_000));
    let report = beside("unclosed.go", text.as_bytes(), &go_121());
    assert_eq!(summary(&report), [BESIDE, "unclosed.go:3:1 GT000 syntax error: unexpected var"]);
}
