//! Hostile inputs, each beside a Go file whose one finding must survive.
//! tests/node/hostile.test.ts runs the same cases through wasm and expects
//! the same outcomes: nesting 100,000 deep, a 50 MB one-line file, NUL
//! bytes, invalid UTF-8 and lone surrogates, a 1 GiB gzip bomb, CRLF and
//! mixed line endings, a go.mod of 100,000 requirements. The work budget
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
fn composite_literals_100000_deep_spend_the_work_budget() {
    // The parser's work on this nesting grows faster than the text: the
    // budget stops it (10 M units here, to keep the test short).
    let deep = format!("package p\n\nvar x = {}{}\n", "[]any{".repeat(100_000), "}".repeat(100_000));
    let options = Options { limits: Some(LimitsOverride { max_file_work: Some(10_000_000), ..LimitsOverride::default() }), ..go_121() };
    assert_eq!(
        summary(&beside("deep.go", deep.as_bytes(), &options)),
        ["deep.go:1:1 GT002 analysing this file needs more than 10000000 work units (limits.max-file-work); not analysed", BESIDE]
    );
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
