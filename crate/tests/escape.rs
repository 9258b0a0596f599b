//! Escape reports: the committed `-gcflags=-m` and `-m -m` reports of
//! tests/artifacts/escape (exact analysis, GT607 at the source lines with and
//! without the workspace's source), the older forms of Go 1.20 (headlines
//! without the function, `flow: DST = SRC:`, unfolded constants), truncated
//! and garbage reports (GT003 at the bad part).

#[path = "support/artifacts.rs"]
mod support;

use gotrap::report::Report;
use serde_json::{json, Value};
use support::{analyze, committed};

/// The report with the program's source and module in the workspace.
fn with_source(report: &str) -> Report {
    analyze(&[
        ("programs/go.mod", committed("programs/go.mod")),
        ("programs/escape/main.go", committed("programs/escape/main.go")),
        (report, committed(report)),
    ])
}

fn escape_analysis(report: &Report) -> &Value {
    &report.analyses.iter().find(|a| a.kind == "escape").expect("an escape analysis").data
}

/// (rule, path, line, column, endColumn, message) of every finding.
fn findings(report: &Report) -> Vec<(String, String, u32, u32, u32, String)> {
    report.findings.iter().map(|f| (f.rule.clone(), f.path.clone(), f.span.line, f.span.column, f.span.end_column, f.message.clone())).collect()
}

const LOOP: &str = "r is moved to the heap inside a loop: every iteration allocates a new r; store values instead of pointers to it, or allocate once outside the loop (escape analysis: moved to heap)";
const SCRATCH: &str = "scratch is too large for the stack and is allocated on the heap; if this runs often, reuse the buffer (a field or a sync.Pool) instead of allocating it each time (escape analysis: moved to heap)";
/// GT304 sees the same allocation in the source, without the report.
const MAKE_FROM_SOURCE: &str =
    "make([]byte, 256<<10) allocates 256 KiB on the heap each time it runs: above 64 KiB the compiler never uses the stack (GT607 shows its decisions)";
const MAKE: &str = "make([]byte, 262144) (256 KiB) is too large for the stack and is allocated on the heap; if this runs often, reuse the buffer (a field or a sync.Pool) instead of allocating it each time (escape analysis: escapes to heap)";

fn summary(reported: u32) -> String {
    format!("escape report: 4 variables moved to the heap and 8 values escaping to the heap, {reported} of them reported at their lines; most in escape/main.go (4 moved, 8 escaping); the escape analysis lists them all")
}

fn finding(rule: &str, path: &str, line: u32, column: u32, end_column: u32, message: &str) -> (String, String, u32, u32, u32, String) {
    (rule.to_string(), path.to_string(), line, column, end_column, message.to_string())
}

#[test]
fn m_report_findings_at_the_source_lines() {
    let report = with_source("escape/escape-m.txt");
    assert_eq!(
        findings(&report),
        vec![
            // escape/main.go:23:3: moved to heap: r is the report's first heap line.
            finding("GT607", "escape/escape-m.txt", 23, 1, 38, &summary(2)),
            finding("GT607", "programs/escape/main.go", 24, 3, 4, LOOP),
            finding("GT304", "programs/escape/main.go", 42, 9, 30, MAKE_FROM_SOURCE),
            // The compiler points at the `(` of make; the finding covers the call.
            finding("GT607", "programs/escape/main.go", 42, 9, 30, MAKE),
        ]
    );
    assert_eq!(report.findings[1].related[0].path, "escape/escape-m.txt");
    assert_eq!(report.findings[1].related[0].span.line, 23);
}

#[test]
fn mm_report_explains_the_large_variable() {
    let report = with_source("escape/escape-mm.txt");
    assert_eq!(
        findings(&report),
        vec![
            finding("GT607", "escape/escape-mm.txt", 39, 1, 38, &summary(3)),
            finding("GT607", "programs/escape/main.go", 24, 3, 4, LOOP),
            finding("GT607", "programs/escape/main.go", 31, 6, 13, SCRATCH),
            finding("GT304", "programs/escape/main.go", 42, 9, 30, MAKE_FROM_SOURCE),
            finding("GT607", "programs/escape/main.go", 42, 9, 30, MAKE),
        ]
    );
    let data = escape_analysis(&report);
    assert_eq!((data["lines"].as_u64(), data["ignoredLines"].as_u64(), data["malformedLines"].as_u64()), (Some(193), Some(0), Some(0)));
    assert_eq!(data["explained"], true);
    assert_eq!(data["packages"], json!(["gotrap.test/programs/escape"]));
    assert_eq!(
        data["counts"],
        json!({"canInline": 12, "cannotInline": 1, "doesNotEscape": 7, "escapesToHeap": 8, "inliningCall": 8, "leakingParam": 2, "movedToHeap": 4, "other": 1})
    );
    assert_eq!(data["heapByFile"], json!([{"file": "escape/main.go", "movedToHeap": 4, "escapesToHeap": 8}]));
    let entries = data["entries"].as_array().unwrap();
    let scratch = entries.iter().find(|e| e["subject"] == "scratch" && e["line"] == 31).unwrap();
    assert_eq!(
        *scratch,
        json!({"reportLine": 45, "package": "gotrap.test/programs/escape", "file": "escape/main.go", "line": 31, "column": 6,
               "workspacePath": "programs/escape/main.go", "kind": "movedToHeap", "subject": "scratch", "function": "checksum", "reasons": ["too large for stack"]})
    );
    let inline = entries.iter().find(|e| e["kind"] == "cannotInline").unwrap();
    assert_eq!((&inline["subject"], &inline["detail"]), (&json!("main"), &json!("function too complex: cost 240 exceeds budget 80")));
    let load = entries.iter().find(|e| e["kind"] == "canInline" && e["subject"] == "load").unwrap();
    assert_eq!(load["detail"], "23");
    // r escapes to heap in load: flow: {heap} ← &r: from &r (address-of) at escape/main.go:25:25 ...
    let explanation = data["explanations"].as_array().unwrap().iter().find(|e| e["subject"] == "r" && e["function"] == "load").unwrap();
    assert_eq!(
        explanation["flows"],
        json!([{"to": "{heap}", "from": "&r", "steps": [
            {"expr": "&r", "reason": "address-of", "at": {"file": "escape/main.go", "line": 25, "column": 25}},
            {"expr": "append(index, &r)", "reason": "call parameter", "at": {"file": "escape/main.go", "line": 25, "column": 17}}
        ]}])
    );
}

/// Go 1.20 prints `make([]byte, 256 << 10)` as written, explains with
/// `r escapes to heap:` (no function) and `flow: {heap} = &r:`, and keeps the
/// 1 MiB `scratch` array off its report.
#[test]
fn go1_20_reports_in_their_older_form() {
    let make = "make([]byte, 256 << 10) (256 KiB) is too large for the stack and is allocated on the heap; if this runs often, reuse the buffer (a field or a sync.Pool) instead of allocating it each time (escape analysis: escapes to heap)";
    let summary = "escape report: 2 variables moved to the heap and 6 values escaping to the heap, 2 of them reported at their lines; most in escape/main.go (2 moved, 6 escaping); the escape analysis lists them all";
    for (name, summary_line, lines) in [("escape/escape-m-go1.20.14.txt", 11, 26), ("escape/escape-mm-go1.20.14.txt", 23, 82)] {
        let report = with_source(name);
        assert_eq!(
            findings(&report),
            vec![
                finding("GT607", name, summary_line, 1, 38, summary),
                finding("GT607", "programs/escape/main.go", 24, 3, 4, LOOP),
                finding("GT304", "programs/escape/main.go", 42, 9, 30, MAKE_FROM_SOURCE),
                finding("GT607", "programs/escape/main.go", 42, 9, 30, make),
            ],
            "{name}"
        );
        let data = escape_analysis(&report);
        assert_eq!((data["lines"].as_u64(), data["ignoredLines"].as_u64(), data["malformedLines"].as_u64()), (Some(lines), Some(0), Some(0)), "{name}");
        assert_eq!(data["heapByFile"], json!([{"file": "escape/main.go", "movedToHeap": 2, "escapesToHeap": 6}]), "{name}");
    }
    let explained = with_source("escape/escape-mm-go1.20.14.txt");
    let data = escape_analysis(&explained);
    assert_eq!(
        data["counts"],
        json!({"canInline": 4, "cannotInline": 1, "doesNotEscape": 7, "escapesToHeap": 6, "inliningCall": 4, "leakingParam": 2, "movedToHeap": 2, "other": 0})
    );
    let explanations = data["explanations"].as_array().unwrap();
    assert_eq!(explanations.len(), 10);
    // escape/main.go:24:3: r escapes to heap: / flow: {heap} = &r: / from &r (address-of) at escape/main.go:25:25 ...
    assert_eq!(
        explanations[0],
        json!({"reportLine": 11, "file": "escape/main.go", "line": 24, "column": 3, "subject": "r", "function": "", "target": "{heap}",
        "flows": [{"to": "{heap}", "from": "&r", "steps": [
            {"expr": "&r", "reason": "address-of", "at": {"file": "escape/main.go", "line": 25, "column": 25}},
            {"expr": "append(index, &r)", "reason": "call parameter", "at": {"file": "escape/main.go", "line": 25, "column": 17}}
        ]}]})
    );
    // parameter names leaks to r with derefs=1: the target without ` for F`.
    assert_eq!((&explanations[1]["subject"], &explanations[1]["target"], &explanations[1]["function"]), (&json!("names"), &json!("r"), &json!("")));
    let make_entry = data["entries"].as_array().unwrap().iter().find(|e| e["line"] == 42).unwrap();
    assert_eq!(
        *make_entry,
        json!({"reportLine": 28, "package": "gotrap.test/programs/escape", "file": "escape/main.go", "line": 42, "column": 13,
               "workspacePath": "programs/escape/main.go", "kind": "escapesToHeap", "subject": "make([]byte, 256 << 10)", "reasons": ["too large for stack"]})
    );
}

#[test]
fn without_the_source_only_large_values_are_reported_on_the_report() {
    let report = analyze(&[("escape-mm.txt", committed("escape/escape-mm.txt"))]);
    let got = findings(&report);
    assert_eq!(got.len(), 5, "{got:#?}");
    // The -m -m report: the summary, scratch (in checksum and inlined in
    // main) and make (in buffer and inlined in main), on the report lines.
    let lines: Vec<(u32, &str)> = got.iter().map(|f| (f.2, f.5.split(" is too large").next().unwrap())).collect();
    assert_eq!(
        lines,
        vec![(39, got[0].5.as_str()), (45, "scratch"), (49, "make([]byte, 262144) (256 KiB)"), (102, "scratch"), (110, "make([]byte, 262144) (256 KiB)")]
    );
    assert_eq!(got[0].5, summary(4));
    assert_eq!(report.findings[1].related[0].path, "escape/main.go");
    assert_eq!((report.findings[1].related[0].span.line, report.findings[1].related[0].span.column), (31, 6));
}

#[test]
fn truncated_and_garbage_lines_are_reported_at_the_bad_part() {
    let text = "# example.com/m\n\
./a.go:3:2: moved to heap: v\n\
./a.go:x:2: moved to heap: w\n\
./a.go:4\n\
./a.go:5:: does not escape\n\
  flow: {heap} ← &v:\n\
./a.go:6:2: v escapes to heap in f:\n\
./a.go:6:2:   flow {heap} ← &v\n\
./a.go:6:2:     from &v (address-of) at\n\
\u{0}\u{1}garbage\u{ff}\n\
./a.go:7:2: moved to he";
    let report = analyze(&[("escape.txt", text.as_bytes().to_vec())]);
    let malformed: Vec<(u32, u32, u32, &str)> =
        report.findings.iter().filter(|f| f.rule == "GT003").map(|f| (f.span.line, f.span.column, f.span.end_column, f.message.as_str())).collect();
    assert_eq!(
        malformed,
        vec![
            (3, 8, 12, "malformed escape report line: expected a line number, found `x:2:`"),
            (4, 9, 9, "malformed escape report line: expected `:` and a column number, found end of line"),
            (5, 10, 11, "malformed escape report line: expected a column number, found `:`"),
            (8, 15, 33, "malformed escape report line: expected `flow:` or `from`, found `flow {heap} ← &v`"),
            (9, 17, 40, "malformed escape report line: expected `from EXPR (REASON) at POSITION`, found `from &v (address-of) at`"),
        ]
    );
    let data = escape_analysis(&report);
    // Line 6 has no position: ignored, like the garbage line 10 and a program's output.
    assert_eq!((data["lines"].as_u64(), data["ignoredLines"].as_u64(), data["malformedLines"].as_u64()), (Some(11), Some(2), Some(5)));
    // The truncated last line is a remark of unknown kind.
    assert_eq!(data["counts"]["other"], 1);
    assert_eq!(data["counts"]["movedToHeap"], 1);
}

#[test]
fn plain_text_and_build_errors_are_not_escape_reports() {
    let report = analyze(&[("errors.txt", b"./main.go:3:2: undefined: foo\nhello\n".to_vec())]);
    assert!(report.analyses.is_empty());
    assert_eq!(report.skipped.len(), 1);
}
