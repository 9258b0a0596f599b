//! The work budget per Go file (limits.max-file-work) and the caps on what
//! the input can nest: each hit is a GT002 (or a run-level error for the
//! config) for the file concerned while the other files are still analysed.

use gotrap::report::{LimitsOverride, Options, Report};

const BAD_CLOSURE: &str =
    "package main\n\nfunc badClosure() []*int {\n\tvar ptrs []*int\n\tfor i := 0; i < 3; i++ {\n\t\tptrs = append(ptrs, &i)\n\t}\n\treturn ptrs\n}\n";

fn summary(report: &Report) -> Vec<String> {
    report.findings.iter().map(|f| format!("{}:{}:{} {} {}", f.path, f.span.line, f.span.column, f.rule, f.severity.as_str())).collect()
}

fn with_work(units: u64) -> Options {
    Options { limits: Some(LimitsOverride { max_file_work: Some(units), ..LimitsOverride::default() }), ..Options::default() }
}

#[test]
fn a_file_over_its_work_budget_is_gt002_and_the_others_are_analysed() {
    let flat = format!(
        "package main\n\nfunc f() []*int {{\n\tvar ptrs []*int\n{}\treturn ptrs\n}}\n",
        "\tfor i := 0; i < 3; i++ {\n\t\tptrs = append(ptrs, &i)\n\t}\n".repeat(500)
    );
    let files: [(&str, &[u8]); 2] = [("flat.go", flat.as_bytes()), ("main.go", BAD_CLOSURE.as_bytes())];
    let unlimited = gotrap::analyze(files, &Options::default());
    assert_eq!(unlimited.findings.iter().filter(|f| f.path == "flat.go" && f.rule == "GT101").count(), 500);
    let report = gotrap::analyze(files, &with_work(20_000));
    assert_eq!(summary(&report), ["flat.go:1:1 GT002 warning", "main.go:6:23 GT101 info"]);
    assert_eq!(report.findings[0].message, "analysing this file needs more than 20000 work units (limits.max-file-work); not analysed");
    assert_eq!(report.skipped.len(), 1);
    assert_eq!(report.skipped[0].path, "flat.go");
    assert!(report.errors.is_empty());
}

#[test]
fn the_budget_also_stops_the_parser() {
    // Far less than parsing these 300 KB takes: tree-sitter is stopped
    // through its progress callback, and the file is GT002, not an error.
    let big = format!("package main\n\nvar x = []int{{{}}}\n", "1, ".repeat(100_000));
    let report = gotrap::analyze([("big.go", big.as_bytes()), ("main.go", BAD_CLOSURE.as_bytes())], &with_work(1_000));
    assert_eq!(summary(&report), ["big.go:1:1 GT002 warning", "main.go:6:23 GT101 info"]);
    assert!(report.errors.is_empty());
}

#[test]
fn zero_work_budget_is_refused() {
    let report =
        gotrap::analyze([("main.go", BAD_CLOSURE.as_bytes())], &Options { config: Some("[limits]\nmax-file-work = 0\n".into()), ..Options::default() });
    assert_eq!(report.errors[0].message, "gotrap.toml:1: limits.max-file-work must be greater than 0");
}

#[test]
fn config_nesting_is_capped() {
    let deep = format!("[rules.GT601]\nthreshold = {}{}\n", "[".repeat(100_000), "]".repeat(100_000));
    let report = gotrap::analyze([("main.go", BAD_CLOSURE.as_bytes())], &Options { config: Some(deep), ..Options::default() });
    assert_eq!(report.errors.len(), 1);
    assert_eq!(report.errors[0].message, "gotrap.toml:2: cannot recurse further; max recursion depth met");
    assert!(report.findings.is_empty());
}

#[test]
fn climbing_out_of_deep_nesting_is_charged_per_level() {
    // tree-sitter keeps no parent links: each parent of a node `d` levels
    // deep is found by a descent of `d` steps from the root, so climbing
    // from the innermost statement to its function costs the square of the
    // depth (GT209 looks for the enclosing function of each call below).
    // Charged one unit per parent, these 20 climbs from ~300 levels deep
    // would cost a few thousand units; charged per step, about a million.
    let code = format!(
        "package p\n\nimport \"context\"\n\nfunc f(ctx context.Context) {{\n{}{}{}}}\n",
        "for {\n".repeat(100),
        "_ = context.Background()\n".repeat(20),
        "}\n".repeat(100)
    );
    let files: [(&str, &[u8]); 2] = [("deep.go", code.as_bytes()), ("main.go", BAD_CLOSURE.as_bytes())];
    let unlimited = gotrap::analyze(files, &Options::default());
    assert_eq!(unlimited.findings.iter().filter(|f| f.path == "deep.go" && f.rule == "GT209").count(), 20);
    let report = gotrap::analyze(files, &with_work(200_000));
    assert_eq!(summary(&report), ["deep.go:1:1 GT002 warning", "main.go:6:23 GT101 info"]);
}
