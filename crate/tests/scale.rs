//! Large generated inputs: a block of thousands of statements and deeply
//! nested blocks give exactly the findings their small pieces give. Name
//! resolution and statement-list scans must stay linear in such files (see
//! `source::scope::Scopes`); `benches/long_block.rs` times the long block.

use gotrap::report::{Options, Report};

#[path = "support/generated_go.rs"]
mod generated_go;

fn summary(report: &Report) -> Vec<String> {
    report.findings.iter().map(|f| format!("{}:{}:{} {} {}", f.path, f.span.line, f.span.column, f.rule, f.severity.as_str())).collect()
}

/// The 1-based column of `text` on a 1-based line.
fn column(code: &str, line: usize, text: &str) -> usize {
    code.lines().nth(line - 1).and_then(|l| l.find(text)).unwrap() + 1
}

fn analyze(code: &str) -> Report {
    let files: [(&str, &[u8]); 2] = [("go.mod", b"module m\n\ngo 1.22\n"), ("long.go", code.as_bytes())];
    gotrap::analyze(files, &Options { go_version: Some("1.21".into()), ..Options::default() })
}

#[test]
fn a_block_of_4000_statements() {
    let code = generated_go::long_block(1000);
    assert_eq!(code.lines().count(), 4011);
    let report = analyze(&code);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    // Each group of four statements starting on line 10 + 4i: a trivial
    // Sprintf on its first line, a goroutine capturing the loop variable on
    // its third (below go1.22); the `s +=` outside a loop and the `if` are not traps.
    let mut expected = vec!["go.mod:3:4 GT505 info".to_string()];
    for i in 0..1000 {
        expected.push(format!("long.go:{}:{} GT307 info", 10 + 4 * i, column(&code, 10 + 4 * i, "fmt.Sprintf")));
        expected.push(format!("long.go:{}:49 GT101 warning", 12 + 4 * i));
    }
    assert_eq!(summary(&report), expected);
    let first = report.findings.iter().find(|f| f.rule == "GT307").unwrap();
    assert_eq!(first.message, "fmt.Sprintf(\"%d\", 0) only converts one int: use strconv.Itoa(0), which skips fmt's format parsing and interface boxing");
}

#[test]
fn blocks_nested_300_deep() {
    let depth = 300;
    let code = generated_go::nested_blocks(depth);
    let report = analyze(&code);
    assert!(report.errors.is_empty(), "{:?}", report.errors);
    // Level d declares x<d> with a trivial Sprintf on line 10 + 2d; the
    // innermost block holds a goroutine capturing a loop variable and a
    // use of x0, which resolves through every level.
    let mut expected = vec!["go.mod:3:4 GT505 info".to_string()];
    for d in 0..depth {
        expected.push(format!("long.go:{}:{} GT307 info", 10 + 2 * d, column(&code, 10 + 2 * d, "fmt.Sprintf")));
    }
    let innermost = 10 + 2 * depth;
    expected.push(format!("long.go:{innermost}:{} GT101 warning", column(&code, innermost, "v, x0")));
    assert_eq!(summary(&report), expected);
    assert!(!report.findings.iter().any(|f| f.rule == "GT002"), "the nesting stays within limits.max-tree-depth");
}
