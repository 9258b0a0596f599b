//! Rule fixtures: one txtar workspace per rule under `fixtures/rules/`,
//! named after the rule id. Go lines carry `// want "regexp" ...` for every
//! finding expected on that line; each regexp matches one finding's
//! `severity: message` (unanchored, as analysistest does). Any missing or
//! extra finding fails.

use std::path::Path;

use gotrap::report::{Finding, Options};
use regex::Regex;

struct Want {
    path: String,
    line: u32,
    pattern: Regex,
}

fn wants(path: &str, content: &[u8]) -> Vec<Want> {
    let mut wants = Vec::new();
    for (index, line) in String::from_utf8_lossy(content).lines().enumerate() {
        let Some(at) = line.find("// want ") else { continue };
        let mut rest = &line[at + "// want ".len()..];
        loop {
            rest = rest.trim_start();
            let (pattern, tail) = match rest.chars().next() {
                Some('"') => {
                    let end = rest[1..].find('"').unwrap_or_else(|| panic!("{path}:{}: unterminated want", index + 1));
                    (rest[1..1 + end].replace("\\\\", "\\"), &rest[end + 2..])
                }
                Some('`') => {
                    let end = rest[1..].find('`').unwrap_or_else(|| panic!("{path}:{}: unterminated want", index + 1));
                    (rest[1..1 + end].to_string(), &rest[end + 2..])
                }
                _ => break,
            };
            let pattern = Regex::new(&pattern).unwrap_or_else(|err| panic!("{path}:{}: bad want regexp: {err}", index + 1));
            wants.push(Want { path: path.to_string(), line: index as u32 + 1, pattern });
            rest = tail;
        }
    }
    wants
}

fn check_fixture(fixture: &Path) -> Vec<String> {
    let rule = fixture.file_stem().unwrap().to_string_lossy().to_string();
    let archive = gotrap::txtar::parse(&std::fs::read(fixture).unwrap());
    let options = Options { select: vec![rule.clone()], ..Options::default() };
    let report = gotrap::analyze(archive.files.iter().map(|(path, content)| (path.as_str(), content.as_slice())), &options);
    let mut problems: Vec<String> = report.errors.iter().map(|error| format!("run error: {}", error.message)).collect();
    let mut unmatched: Vec<&Finding> = report.findings.iter().collect();
    for (path, content) in &archive.files {
        if !path.ends_with(".go") {
            continue;
        }
        for want in wants(path, content) {
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
    // Every source rule has its fixture.
    for rule in gotrap::rules::SOURCE_RULES {
        let id = rule.meta().id;
        assert!(fixtures.iter().any(|f| f.file_stem().unwrap() == id), "no fixture for {id}");
    }
}

#[test]
fn want_parsing() {
    let wants = wants("a.go", b"x\n\tgo f() // want \"first\" `sec\\d` \"a\\\\.b\"\n");
    let lines: Vec<(u32, &str)> = wants.iter().map(|w| (w.line, w.pattern.as_str())).collect();
    assert_eq!(lines, vec![(2, "first"), (2, "sec\\d"), (2, "a\\.b")]);
}
