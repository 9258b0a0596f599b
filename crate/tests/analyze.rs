//! The analysis pipeline as a surface meets it: malformed input, limits,
//! config, options, suppression and Go-version resolution.

use gotrap::report::{LimitsOverride, Options, Report};

const BAD_CLOSURE: &str =
    "package main\n\nfunc badClosure() []*int {\n\tvar ptrs []*int\n\tfor i := 0; i < 3; i++ {\n\t\tptrs = append(ptrs, &i)\n\t}\n\treturn ptrs\n}\n";

fn analyze(files: &[(&str, &[u8])], options: Options) -> Report {
    gotrap::analyze(files.iter().copied(), &options)
}

fn summary(report: &Report) -> Vec<String> {
    report.findings.iter().map(|f| format!("{}:{}:{} {} {}", f.path, f.span.line, f.span.column, f.rule, f.severity.as_str())).collect()
}

#[test]
fn go_version_decides_gt101() {
    let go121 = analyze(&[("go.mod", b"module m\n\ngo 1.21\n"), ("main.go", BAD_CLOSURE.as_bytes())], Options::default());
    assert_eq!(summary(&go121), ["go.mod:3:4 GT505 info", "main.go:6:23 GT101 warning"]);
    let go122 = analyze(&[("go.mod", b"module m\n\ngo 1.22\n"), ("main.go", BAD_CLOSURE.as_bytes())], Options::default());
    assert_eq!(summary(&go122), ["go.mod:3:4 GT505 info"]);
    let unknown = analyze(&[("main.go", BAD_CLOSURE.as_bytes())], Options::default());
    assert_eq!(summary(&unknown), ["main.go:6:23 GT101 info"]);
    let overridden = analyze(
        &[("go.mod", b"module m\n\ngo 1.22\n"), ("main.go", BAD_CLOSURE.as_bytes())],
        Options { go_version: Some("1.21".into()), ..Options::default() },
    );
    assert_eq!(summary(&overridden), ["go.mod:3:4 GT505 info", "main.go:6:23 GT101 warning"]);
    let config_default = Options { config: Some("default-go-version = \"1.20\"\n".into()), ..Options::default() };
    assert_eq!(summary(&analyze(&[("main.go", BAD_CLOSURE.as_bytes())], config_default)), ["main.go:6:23 GT101 warning"]);
}

#[test]
fn nearest_go_mod_governs() {
    let files: [(&str, &[u8]); 4] = [
        ("go.mod", b"module m\n\ngo 1.21\n"),
        ("a/main.go", BAD_CLOSURE.as_bytes()),
        ("tools/go.mod", b"module m/tools\n\ngo 1.23\n"),
        ("tools/x/main.go", BAD_CLOSURE.as_bytes()),
    ];
    assert_eq!(summary(&analyze(&files, Options::default())), ["a/main.go:6:23 GT101 warning", "go.mod:3:4 GT505 info"]);
}

#[test]
fn malformed_inputs_yield_findings_not_crashes() {
    let garbage: Vec<u8> = (0..4096u32).map(|i| (i.wrapping_mul(2654435761) >> 13) as u8).collect();
    let invalid_utf8 = b"package main\n\nfunc main() {\n\ts := \"\xff\xfe\"\n\t_ = s\n}\n";
    let report = analyze(&[("x.go", &garbage), ("go.mod", b""), ("bad.go", invalid_utf8)], Options::default());
    assert!(report.errors.is_empty());
    let rules: Vec<&str> = report.findings.iter().map(|f| f.rule.as_str()).collect();
    assert!(rules.iter().all(|r| *r == "GT000" || *r == "GT003"), "{rules:?}");
    let go_mod: Vec<_> = report.findings.iter().filter(|f| f.path == "go.mod").map(|f| (f.rule.as_str(), f.message.as_str(), f.span.line)).collect();
    assert_eq!(go_mod, [("GT003", "missing module declaration", 1)]);
    assert!(report.findings.iter().any(|f| f.path == "x.go" && f.rule == "GT000"));
    assert!(report.findings.iter().filter(|f| f.path == "x.go").count() <= 10);
    assert!(!report.findings.iter().any(|f| f.path == "bad.go"));
}

#[test]
fn oversized_file_is_gt002_and_the_rest_is_analysed() {
    let big = format!("package main\n\n{}", "// padding padding padding padding padding padding padding\n".repeat(160_000));
    assert!(big.len() > 9_000_000);
    let report = analyze(&[("big.go", big.as_bytes()), ("main.go", BAD_CLOSURE.as_bytes())], Options::default());
    let big_finding = &report.findings[0];
    assert_eq!((big_finding.rule.as_str(), big_finding.path.as_str(), big_finding.span.line), ("GT002", "big.go", 1));
    assert_eq!(big_finding.message, format!("file is {} bytes, over the 8388608-byte limit for Go files (limits.max-file-bytes); not analysed", big.len()));
    assert_eq!(summary(&report)[1], "main.go:6:23 GT101 info");
    assert_eq!(report.skipped.len(), 1);
}

#[test]
fn workspace_limit_skips_the_files_past_it() {
    let limits = LimitsOverride { max_workspace_bytes: Some(BAD_CLOSURE.len() as u64 + 10), ..LimitsOverride::default() };
    let report = analyze(&[("a.go", BAD_CLOSURE.as_bytes()), ("b.go", BAD_CLOSURE.as_bytes())], Options { limits: Some(limits), ..Options::default() });
    assert_eq!(summary(&report), ["a.go:6:23 GT101 info", "b.go:1:1 GT002 warning"]);
}

#[test]
fn bad_config_is_a_run_level_error_naming_key_and_line() {
    let options = |text: &str| Options { config: Some(text.into()), config_path: Some("sub/gotrap.toml".into()), ..Options::default() };
    let report = analyze(&[("main.go", BAD_CLOSURE.as_bytes())], options("select = [\"GT1\"]\nselct = 3\n"));
    assert_eq!(report.errors.len(), 1);
    assert!(report.errors[0].message.starts_with("sub/gotrap.toml:2: unknown field `selct`"), "{}", report.errors[0].message);
    assert_eq!(report.errors[0].line, Some(2));
    let report = analyze(&[], options("[severity]\nGT999 = \"error\"\n"));
    assert_eq!(report.errors[0].message, "sub/gotrap.toml:2: severity: unknown rule \"GT999\"");
    let report = analyze(&[], options("[severity]\nGT101 = \"fatal\"\n"));
    assert!(report.errors[0].message.starts_with("sub/gotrap.toml:2: unknown variant `fatal`"), "{}", report.errors[0].message);
    let report = analyze(&[], options("[limits]\nmax-file-bytes = 0\n"));
    assert_eq!(report.errors[0].message, "sub/gotrap.toml:1: limits.max-file-bytes must be greater than 0");
}

#[test]
fn config_severity_select_and_exclude() {
    let config = "ignore = [\"GT206\"]\nexclude = [\"gen/**\"]\n[severity]\nloopvar-capture = \"error\"\n";
    let options = Options { config: Some(config.into()), go_version: Some("1.21".into()), ..Options::default() };
    let deadlock = b"package main\n\nfunc main() {\n\tch := make(chan int)\n\tch <- 1\n}\n";
    let report = analyze(&[("main.go", BAD_CLOSURE.as_bytes()), ("gen/x.go", BAD_CLOSURE.as_bytes()), ("d.go", deadlock)], options);
    assert_eq!(summary(&report), ["main.go:6:23 GT101 error"]);
    assert_eq!(report.skipped[0].reason, "excluded by gotrap.toml");
}

#[test]
fn options_select_ignore_and_errors() {
    let deadlock = b"package main\n\nfunc main() {\n\tch := make(chan int)\n\tch <- 1\n}\n";
    let files: [(&str, &[u8]); 2] = [("main.go", BAD_CLOSURE.as_bytes()), ("d.go", deadlock)];
    let only = |select: &[&str], ignore: &[&str]| {
        let options =
            Options { select: select.iter().map(|s| s.to_string()).collect(), ignore: ignore.iter().map(|s| s.to_string()).collect(), ..Options::default() };
        summary(&analyze(&files, options))
    };
    assert_eq!(only(&["GT2"], &[]), ["d.go:5:2 GT206 error"]);
    assert_eq!(only(&["loopvar-capture"], &[]), ["main.go:6:23 GT101 info"]);
    assert_eq!(only(&[], &["GT101"]), ["d.go:5:2 GT206 error"]);
    let report = analyze(&files, Options { select: vec!["GT9".into()], ..Options::default() });
    assert_eq!(report.errors[0].message, "unknown rule selector \"GT9\": not a rule id, id prefix or name");
    let mut session = gotrap::Session::new();
    session.set_options("{\"selct\": []}");
    assert!(session.analyze().errors[0].message.starts_with("invalid options: unknown field `selct`"));
}

#[test]
fn ignore_directives_and_gt001() {
    let code = "package main\n\nfunc main() {\n\tch := make(chan int)\n\t//gotrap:ignore GT206 demo of a deadlock\n\tch <- 1\n\tc2 := make(chan int)\n\tc2 <- 1 //gotrap:ignore\n\t//gotrap:ignore GT101 nothing here\n}\n";
    let report = analyze(&[("main.go", code.as_bytes())], Options::default());
    assert_eq!(summary(&report), ["main.go:9:2 GT001 info"]);
    assert_eq!(report.findings[0].message, "unused //gotrap:ignore: no finding of GT101 on this line or the next");
    // A directive for a rule that did not run is not reported as unused.
    let report = analyze(&[("main.go", code.as_bytes())], Options { ignore: vec!["GT101".into()], ..Options::default() });
    assert_eq!(summary(&report), Vec::<String>::new());
}

#[test]
fn reports_are_deterministic_and_sorted() {
    let files: [(&str, &[u8]); 3] = [("z.go", BAD_CLOSURE.as_bytes()), ("a.go", BAD_CLOSURE.as_bytes()), ("go.mod", b"module m\nrequir x\n")];
    let first = analyze(&files, Options::default()).to_json();
    let reversed: Vec<_> = files.iter().rev().copied().collect();
    assert_eq!(first, analyze(&reversed, Options::default()).to_json());
    let report = analyze(&files, Options::default());
    assert_eq!(summary(&report), ["a.go:6:23 GT101 warning", "go.mod:1:8 GT505 info", "go.mod:2:1 GT003 warning", "z.go:6:23 GT101 warning"]);
}

#[test]
fn report_json_shape() {
    let report = analyze(&[("main.go", BAD_CLOSURE.as_bytes())], Options::default());
    let json: serde_json::Value = serde_json::from_str(&report.to_json()).unwrap();
    assert_eq!(json["schemaVersion"], 1);
    let finding = &json["findings"][0];
    for key in [
        "rule",
        "name",
        "severity",
        "message",
        "path",
        "byteStart",
        "byteEnd",
        "line",
        "column",
        "endLine",
        "endColumn",
        "columnUtf16",
        "endColumnUtf16",
        "related",
        "fix",
        "slug",
    ] {
        assert!(finding.get(key).is_some(), "finding lacks {key}: {finding}");
    }
    assert_eq!(finding["fix"]["applicability"], "unsafe");
    assert_eq!(finding["fix"]["edits"][0]["newText"], "i := i\n\t\t");
    assert!(finding.get("weight").is_none());
}

#[test]
fn broken_go_mod_is_gt003_and_the_go_files_are_still_analysed() {
    let go_mod = b"module example.com/m\n\ngo 1.21\n\nrequire (\n\texample.com/x v1.0.0\n\trequir example.com/y v1.0.0\n)\n";
    let report = analyze(&[("go.mod", go_mod), ("main.go", BAD_CLOSURE.as_bytes())], Options::default());
    assert!(report.errors.is_empty());
    let findings: Vec<_> = report.findings.iter().map(|f| (f.path.as_str(), f.span.line, f.span.column, f.rule.as_str(), f.message.as_str())).collect();
    assert!(findings.contains(&("go.mod", 7, 2, "GT003", "usage: require module/path v1.2.3")), "{findings:?}");
    // The go line still reads, so GT101 knows the version: a warning, not info.
    assert!(findings.iter().any(|f| f.0 == "main.go" && f.3 == "GT101"), "{findings:?}");
    assert_eq!(report.findings.iter().find(|f| f.rule == "GT101").unwrap().severity.as_str(), "warning");
}

#[test]
fn go_sum_and_go_work_are_parsed_with_positions() {
    let files: [(&str, &[u8]); 4] = [
        ("go.work", b"go 1.23.0\n\nuse ./a\nuse ./b\nusee ./c\n"),
        ("a/go.mod", b"module example.com/a\n\ngo 1.23.0\n"),
        ("b/go.mod", b"module example.com/b\n\ngo 1.23.0\n"),
        ("a/go.sum", b"example.com/x v1.0.0 h1:abc=\nexample.com/x v1.0.0/go.mod\n"),
    ];
    assert_eq!(summary(&analyze(&files, Options::default())), ["a/go.sum:2:1 GT003 warning", "go.work:5:1 GT003 warning"]);
}

#[test]
fn main_module_of_a_workspace() {
    let mut modules = gotrap::workspace::Modules::default();
    modules.insert("svc/go.mod", b"module example.com/svc\n\ngo 1.22\n\ngodebug asynctimerchan=1\n");
    modules.insert("lib/go.mod", b"module example.com/lib\n\ngo 1.21\n");
    modules.insert("tools/go.mod", b"module example.com/tools\n\ngo 1.20\n");
    modules.insert_work("go.work", b"go 1.23.0\n\nuse (\n\t./svc\n\t./lib\n)\n");
    // Joined by go.work: the workspace's go line decides.
    let main = modules.main_module("lib/x/y.go").unwrap();
    assert_eq!((main.path.as_str(), main.go_version.map(|v| v.to_string())), ("go.work", Some("go1.23".to_string())));
    // Not joined: its own go.mod.
    let main = modules.main_module("tools/main.go").unwrap();
    assert_eq!((main.path.as_str(), main.go_version.map(|v| v.to_string())), ("tools/go.mod", Some("go1.20".to_string())));
    // The governing go.mod is still the nearest.
    assert_eq!(modules.governing("svc/cmd/main.go").unwrap().module_path(), Some("example.com/svc"));
    assert!(modules.main_module("README.go").is_none());
}

#[test]
fn module_files_of_random_pieces_never_panic() {
    const PIECES: [&str; 28] = [
        "module",
        "go",
        "toolchain",
        "godebug",
        "require",
        "exclude",
        "replace",
        "retract",
        "tool",
        "ignore",
        "use",
        "(",
        ")",
        "[",
        "]",
        ",",
        "=>",
        "\"",
        "`",
        "//",
        "/*",
        "\n",
        "\t",
        " ",
        "v1.2.3",
        "example.com/x/v2",
        "1.22",
        "é\u{200b}\u{1}",
    ];
    let mut state = 0x9e3779b97f4a7c15u64;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for _ in 0..400 {
        let mut text = String::new();
        for _ in 0..(next() % 60) {
            text.push_str(PIECES[(next() % PIECES.len() as u64) as usize]);
            if next() % 3 == 0 {
                text.push(' ');
            }
        }
        let files: [(&str, &[u8]); 5] = [
            ("go.mod", text.as_bytes()),
            ("go.sum", text.as_bytes()),
            ("w/go.work", text.as_bytes()),
            ("w/go.mod", text.as_bytes()),
            ("Dockerfile", text.as_bytes()),
        ];
        let report = analyze(&files, Options::default());
        for finding in &report.findings {
            assert!(finding.span.byte_end as usize <= text.len() && finding.span.byte_start <= finding.span.byte_end, "{text:?}: {finding:?}");
            assert!(text.is_char_boundary(finding.span.byte_start as usize), "{text:?}: {finding:?}");
        }
    }
}

#[test]
fn a_path_given_twice_is_analysed_once_with_its_last_content() {
    // Found by fuzzing (crate/fuzz/regressions/analyze/duplicate-go-mod-paths):
    // a txtar archive repeating `go.mod` gave findings whose positions came
    // from one content and whose path named both.
    let first: &[u8] = b"module m\n\ngo 1.21\n";
    let last: &[u8] = b"// the replacement\nmodule m\n\ngo 1.21\n";
    let report = analyze(&[("go.mod", first), ("main.go", BAD_CLOSURE.as_bytes()), ("go.mod", last)], Options::default());
    assert_eq!(summary(&report), ["go.mod:4:4 GT505 info", "main.go:6:23 GT101 warning"]);
    assert_eq!(report.skipped.len(), 1);
    assert_eq!((report.skipped[0].path.as_str(), report.skipped[0].reason.as_str()), ("go.mod", "path given more than once; only its last file is analysed"));
}

#[test]
fn go_files_in_parts_then_the_workspace_rules_give_the_whole_report() {
    use gotrap::{analyze_stages, Analysed, Stages};
    let go_mod: &[u8] = b"module example.com/m\n\ngo 1.22\n\nrequire (\n\tgithub.com/x/y v1.0.0\n\tgithub.com/z/w v1.2.0\n)\n";
    let go_sum: &[u8] = b"github.com/x/y v1.0.0/go.mod h1:a=\ngithub.com/z/w v1.2.0/go.mod h1:b=\n";
    let uses = |package: &str, import: &str| format!("package {package}\n\nimport \"{import}\"\n\nvar _ = 1\n{}", BAD_CLOSURE.replace("package main\n", ""));
    let (a, b, c) = (uses("a", "github.com/z/w"), uses("b", "github.com/x/y"), uses("b", "github.com/z/w"));
    let modules: [(&str, &[u8]); 2] = [("go.mod", go_mod), ("go.sum", go_sum)];
    let parts: [Vec<(&str, &[u8])>; 2] = [vec![("a/a.go", a.as_bytes())], vec![("b/b.go", b.as_bytes()), ("b/c.go", c.as_bytes())]];
    let whole: Vec<(&str, &[u8])> = modules.iter().copied().chain(parts.iter().flatten().copied()).collect();
    let options = Options::default();
    let expected = analyze_stages(whole, &options, Stages::All).report;

    let mut findings = Vec::new();
    let mut imports = Vec::new();
    for part in &parts {
        let Analysed { report, imports: part_imports } = analyze_stages(modules.iter().copied().chain(part.iter().copied()), &options, Stages::Sources);
        assert!(report.findings.iter().all(|finding| finding.rule != "GT504"), "{:?}", report.findings);
        findings.extend(report.findings.into_iter().filter(|finding| part.iter().any(|(path, _)| *path == finding.path)));
        imports.extend(part_imports);
    }
    // Handed over in any order: the core puts them back in path order.
    imports.reverse();
    let workspace = analyze_stages(modules.iter().copied(), &options, Stages::WithImports(&imports)).report;
    findings.extend(workspace.findings);
    let mut merged = Report { findings, ..Report::new() };
    merged.sort();
    assert_eq!(merged.findings, expected.findings);
    assert_eq!(summary(&expected).iter().filter(|line| line.contains("GT504")).collect::<Vec<_>>(), ["a/a.go:3:8 GT504 warning", "b/b.go:3:8 GT504 warning"]);
}
