//! Rule fixtures: one txtar workspace per rule under `fixtures/rules/`,
//! named after the rule id (more may follow as `GT504-workspace.txtar`:
//! the rule is the part before the first `-`). Lines carry
//! `// want "regexp" ...` (Go files, go.mod, go.work) or `# want "regexp"
//! ...` (CI files, Dockerfiles, Makefiles, shell scripts) for every finding
//! expected on that line; each regexp matches one finding's
//! `severity: message` (unanchored, as analysistest does). Files without
//! comments — go.sum, and runtime artifacts (goroutine dumps, crash output,
//! escape reports, benchmark outputs), which stay byte for byte what the Go
//! toolchain printed — take their expectations from the archive's comment
//! section: `want go.sum:3 "regexp" ...`, `want escape-m.txt:23 "regexp"`.
//! A runtime finding that lands in a Go file of the archive (the source line
//! an artifact names) is a `// want` on that line, beside the negatives (the
//! lines the artifact names without a finding). Any missing or extra finding
//! fails.

use std::path::Path;

use gotrap::report::{Finding, Options};
use gotrap::workspace::{classify, FileKind};
use regex::Regex;

struct Want {
    path: String,
    line: u32,
    pattern: Regex,
}

/// The want marker of a file kind: `// want ` where the file has `//`
/// comments, `# want ` for shell-like files, none for go.sum and artifacts.
fn marker(path: &str) -> Option<&'static str> {
    match classify(path) {
        FileKind::GoSum | FileKind::Artifact => None,
        FileKind::Go | FileKind::GoMod | FileKind::GoWork => Some("// want "),
        FileKind::Ci => Some("# want "),
    }
}

/// The regexps of a want list: `"re"` (with `\\` for a backslash) or `` `re` ``.
fn patterns(mut rest: &str, at: &str) -> Vec<Regex> {
    let mut patterns = Vec::new();
    loop {
        rest = rest.trim_start();
        let (pattern, tail) = match rest.chars().next() {
            Some('"') => {
                let end = rest[1..].find('"').unwrap_or_else(|| panic!("{at}: unterminated want"));
                (rest[1..1 + end].replace("\\\\", "\\"), &rest[end + 2..])
            }
            Some('`') => {
                let end = rest[1..].find('`').unwrap_or_else(|| panic!("{at}: unterminated want"));
                (rest[1..1 + end].to_string(), &rest[end + 2..])
            }
            _ => break,
        };
        patterns.push(Regex::new(&pattern).unwrap_or_else(|err| panic!("{at}: bad want regexp: {err}")));
        rest = tail;
    }
    patterns
}

fn wants(path: &str, content: &[u8]) -> Vec<Want> {
    let Some(marker) = marker(path) else { return Vec::new() };
    let mut wants = Vec::new();
    for (index, line) in String::from_utf8_lossy(content).lines().enumerate() {
        let Some(at) = line.find(marker) else { continue };
        for pattern in patterns(&line[at + marker.len()..], &format!("{path}:{}", index + 1)) {
            wants.push(Want { path: path.to_string(), line: index as u32 + 1, pattern });
        }
    }
    wants
}

/// `want FILE:LINE "regexp" ...` lines of the archive's comment.
fn comment_wants(comment: &str) -> Vec<Want> {
    let mut wants = Vec::new();
    for line in comment.lines() {
        let Some(rest) = line.strip_prefix("want ") else { continue };
        let (place, patterns_text) = rest.split_once(' ').unwrap_or((rest, ""));
        let (path, number) = place.rsplit_once(':').unwrap_or_else(|| panic!("want {place}: expected FILE:LINE"));
        let line_number: u32 = number.parse().unwrap_or_else(|_| panic!("want {place}: bad line number"));
        for pattern in patterns(patterns_text, place) {
            wants.push(Want { path: path.to_string(), line: line_number, pattern });
        }
    }
    wants
}

fn check_fixture(fixture: &Path) -> Vec<String> {
    let stem = fixture.file_stem().unwrap().to_string_lossy().to_string();
    let rule = stem.split('-').next().unwrap().to_string();
    let archive = gotrap::txtar::parse(&std::fs::read(fixture).unwrap());
    let options = Options { select: vec![rule.clone()], ..Options::default() };
    let report = gotrap::analyze(archive.files.iter().map(|(path, content)| (path.as_str(), content.as_slice())), &options);
    let mut problems: Vec<String> = report.errors.iter().map(|error| format!("run error: {}", error.message)).collect();
    let mut unmatched: Vec<&Finding> = report.findings.iter().collect();
    let all_wants = archive.files.iter().flat_map(|(path, content)| wants(path, content)).chain(comment_wants(&archive.comment));
    {
        for want in all_wants {
            let found = unmatched.iter().position(|finding| {
                finding.path == want.path
                    && finding.span.line == want.line
                    && want.pattern.is_match(&format!("{}: {}", finding.severity.as_str(), finding.message))
            });
            match found {
                Some(index) => {
                    unmatched.remove(index);
                }
                None => problems.push(format!("{}:{}: no finding matching {:?}", want.path, want.line, want.pattern.as_str())),
            }
        }
    }
    for finding in unmatched {
        problems.push(format!(
            "{}:{}:{}: unexpected finding: {} {}: {}",
            finding.path,
            finding.span.line,
            finding.span.column,
            finding.rule,
            finding.severity.as_str(),
            finding.message
        ));
    }
    problems.iter().map(|p| format!("{}: {p}", fixture.display())).collect()
}

#[test]
fn rule_fixtures() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/rules");
    let mut fixtures: Vec<_> =
        std::fs::read_dir(&dir).unwrap().map(|entry| entry.unwrap().path()).filter(|p| p.extension().is_some_and(|e| e == "txtar")).collect();
    fixtures.sort();
    let problems: Vec<String> = fixtures.iter().flat_map(|fixture| check_fixture(fixture)).collect();
    assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));
    // Every rule has its fixture.
    let ids = gotrap::rules::SOURCE_RULES
        .iter()
        .map(|r| r.meta().id)
        .chain(gotrap::rules::PACKAGE_RULES.iter().map(|r| r.meta().id))
        .chain(gotrap::rules::WORKSPACE_RULES.iter().map(|r| r.meta().id));
    for id in ids {
        assert!(fixtures.iter().any(|f| f.file_stem().unwrap() == id), "no fixture for {id}");
    }
}

/// Rule docs' examples run as tests: a bad example yields at least one
/// finding of its rule, a good one none. Go examples get a go.mod with the
/// example's go line; module examples are txtar archives or a bare go.mod.
#[test]
fn rule_examples() {
    let rules = gotrap::rules::SOURCE_RULES
        .iter()
        .map(|r| r.meta())
        .chain(gotrap::rules::PACKAGE_RULES.iter().map(|r| r.meta()))
        .chain(gotrap::rules::WORKSPACE_RULES.iter().map(|r| r.meta()));
    let mut problems = Vec::new();
    for rule in rules {
        for (index, example) in rule.examples.iter().enumerate() {
            let code = example.code.trim_start_matches('\n');
            let files: Vec<(String, Vec<u8>)> = if code.starts_with("-- ") {
                gotrap::txtar::parse(code.as_bytes()).files
            } else if code.starts_with("module ") {
                vec![("go.mod".to_string(), code.as_bytes().to_vec())]
            } else {
                vec![
                    ("go.mod".to_string(), format!("module example.com/m\n\ngo {}\n", example.go_version).into_bytes()),
                    ("main.go".to_string(), code.as_bytes().to_vec()),
                ]
            };
            let options = Options { select: vec![rule.id.to_string()], ..Options::default() };
            let report = gotrap::analyze(files.iter().map(|(p, c)| (p.as_str(), c.as_slice())), &options);
            let found = report.findings.iter().filter(|f| f.rule == rule.id).count();
            let bad = example.kind == gotrap::rules::ExampleKind::Bad;
            if (bad && found == 0) || (!bad && found > 0) {
                problems.push(format!("{} example {index} ({}): {found} finding(s) of {}", rule.id, if bad { "bad" } else { "good" }, rule.id));
            }
        }
    }
    assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));
}

#[test]
fn want_parsing() {
    let go = wants("a.go", b"x\n\tgo f() // want \"first\" `sec\\d` \"a\\\\.b\"\n");
    let lines: Vec<(u32, &str)> = go.iter().map(|w| (w.line, w.pattern.as_str())).collect();
    assert_eq!(lines, vec![(2, "first"), (2, "sec\\d"), (2, "a\\.b")]);
    let docker = wants("Dockerfile", b"ENV GOSUMDB=off # want \"GOSUMDB\"\n");
    assert_eq!(docker[0].line, 1);
    assert!(wants("go.sum", b"x v1 h1:x # want \"y\"\n").is_empty());
    assert!(wants("after.txt", b"BenchmarkX-2 1 5 ns/op # want \"y\"\n").is_empty(), "an artifact has no want comments");
    let commented = comment_wants("a fixture\nwant go.sum:3 \"wrong number\" `fields 2`\n");
    let places: Vec<(String, u32, &str)> = commented.iter().map(|w| (w.path.clone(), w.line, w.pattern.as_str())).collect();
    assert_eq!(places, vec![("go.sum".to_string(), 3, "wrong number"), ("go.sum".to_string(), 3, "fields 2")]);
}
