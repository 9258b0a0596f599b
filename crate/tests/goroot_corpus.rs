//! The Go source tree of this machine's toolchain (`$(go env GOROOT)/src`)
//! as a corpus: every `.go` file under it (testdata and vendor included) is
//! analysed with the others of its directory, without go.mod, once as is (no go.mod, so the Go version is unknown) and
//! once with `--go-version 1.21`, and
//! - the findings per rule must equal `tests/corpus/std-counts.txt`, whose
//!   findings are triaged in `tests/corpus/std-triage.md`;
//! - the files with syntax errors must be exactly those listed in
//!   `tests/corpus/std-invalid-go.txt`, which go/parser rejects too.
//!
//! Run with `GOTRAP_UPDATE_CORPUS=1` to rewrite both files after a rule or
//! grammar change (and update the triage). Fails, not skips, without Go.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use gotrap::report::Options;

fn go(args: &[&str]) -> String {
    let output = Command::new("go").args(args).output().expect("the GOROOT corpus test needs the go command on PATH");
    assert!(output.status.success(), "go {args:?} failed");
    String::from_utf8(output.stdout).unwrap().trim().to_string()
}

fn go_files(root: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut dirs = vec![root.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).unwrap().flatten() {
            let path = entry.path();
            let kind = entry.file_type().unwrap();
            if kind.is_dir() {
                dirs.push(path);
            } else if kind.is_file() && path.extension().is_some_and(|e| e == "go") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// Findings per rule: (as is, at go1.21); and the files with syntax errors.
struct Corpus {
    counts: BTreeMap<String, (usize, usize)>,
    invalid: BTreeSet<String>,
}

fn analyse(root: &Path, files: &[PathBuf]) -> Corpus {
    let as_is = Options::default();
    let go121 = Options { go_version: Some("1.21".into()), ..Options::default() };
    let mut corpus = Corpus { counts: BTreeMap::new(), invalid: BTreeSet::new() };
    // One workspace per directory, so package rules see whole packages.
    let mut directories: BTreeMap<&Path, Vec<&PathBuf>> = BTreeMap::new();
    for path in files {
        directories.entry(path.parent().unwrap_or(root)).or_default().push(path);
    }
    let directories: Vec<Vec<&PathBuf>> = directories.into_values().collect();
    let halves = directories.split_at(directories.len() / 2);
    let parts: Vec<Corpus> = std::thread::scope(|scope| {
        let workers: Vec<_> = [halves.0, halves.1]
            .into_iter()
            .map(|part| {
                let (as_is, go121) = (&as_is, &go121);
                scope.spawn(move || {
                    let mut corpus = Corpus { counts: BTreeMap::new(), invalid: BTreeSet::new() };
                    for directory in part {
                        let contents: Vec<(String, Vec<u8>)> = directory
                            .iter()
                            .map(|path| (path.strip_prefix(root).unwrap().to_string_lossy().replace('\\', "/"), std::fs::read(path).unwrap()))
                            .collect();
                        let files: Vec<(&str, &[u8])> = contents.iter().map(|(path, content)| (path.as_str(), content.as_slice())).collect();
                        for (options, version_gated) in [(as_is, false), (go121, true)] {
                            for finding in gotrap::analyze(files.iter().copied(), options).findings {
                                if finding.rule == "GT000" && !version_gated {
                                    corpus.invalid.insert(finding.path.clone());
                                }
                                let count = corpus.counts.entry(finding.rule).or_default();
                                *(if version_gated { &mut count.1 } else { &mut count.0 }) += 1;
                            }
                        }
                    }
                    corpus
                })
            })
            .collect();
        workers.into_iter().map(|worker| worker.join().unwrap()).collect()
    });
    for part in parts {
        for (rule, (a, b)) in part.counts {
            let count = corpus.counts.entry(rule).or_default();
            count.0 += a;
            count.1 += b;
        }
        corpus.invalid.extend(part.invalid);
    }
    corpus
}

fn committed(path: &Path) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(path).unwrap_or_default();
    text.lines().filter(|l| !l.trim().is_empty() && !l.starts_with('#')).map(|l| l.split_whitespace().map(str::to_string).collect()).collect()
}

const COUNTS_HEADER: &str = "# Findings per rule over $(go env GOROOT)/src: every .go file (testdata and vendor
# included) analysed with its directory, without go.mod, as is (Go version unknown) and with
# --go-version 1.21. Checked by crate/tests/goroot_corpus.rs (GOTRAP_UPDATE_CORPUS=1
# rewrites it); triaged in tests/corpus/std-triage.md. A new rule adds one line.
";

const INVALID_HEADER: &str = "# Files under $(go env GOROOT)/src with syntax errors, each rejected by go/parser
# too (gofmt -e, first error shown). Checked by crate/tests/goroot_corpus.rs.
";

#[test]
fn goroot_counts_and_parse_errors_are_as_committed() {
    let version = go(&["env", "GOVERSION"]);
    let root = PathBuf::from(go(&["env", "GOROOT"])).join("src");
    let files = go_files(&root);
    assert!(files.len() > 5000, "only {} Go files under {}", files.len(), root.display());
    let corpus = analyse(&root, &files);
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/corpus");
    let counts_path = dir.join("std-counts.txt");
    let invalid_path = dir.join("std-invalid-go.txt");
    let mut rules: Vec<&str> = vec!["GT000"];
    rules.extend(gotrap::rules::SOURCE_RULES.iter().map(|rule| rule.meta().id));
    rules.extend(gotrap::rules::PACKAGE_RULES.iter().map(|rule| rule.meta().id));
    rules.sort();
    let lines: Vec<String> = rules
        .iter()
        .map(|rule| {
            let (as_is, go121) = corpus.counts.get(*rule).copied().unwrap_or_default();
            format!("{rule} {as_is} {go121}")
        })
        .collect();
    let recorded = committed(&counts_path);
    let recorded_version = recorded.iter().find(|line| line[0] == "go").and_then(|line| line.get(1)).cloned().unwrap_or_default();
    println!("GOROOT corpus: {} files, {version} (counts committed with {recorded_version})", files.len());
    let unexpected_rules: Vec<&String> = corpus.counts.keys().filter(|rule| !rules.contains(&rule.as_str())).collect();
    assert!(unexpected_rules.is_empty(), "findings of rules that are not source or package rules: {unexpected_rules:?}");
    if std::env::var_os("GOTRAP_UPDATE_CORPUS").is_some() {
        let counts = format!("{COUNTS_HEADER}go {version}\n# rule as-is go1.21\n{}\n", lines.join("\n"));
        std::fs::write(&counts_path, counts).unwrap();
        let reasons: BTreeMap<String, String> = committed(&invalid_path).into_iter().map(|line| (line[0].clone(), line[1..].join(" "))).collect();
        let listed: Vec<String> =
            corpus.invalid.iter().map(|path| format!("{path} {}", reasons.get(path).map_or("(check with gofmt -e)", String::as_str))).collect();
        std::fs::write(&invalid_path, format!("{INVALID_HEADER}{}\n", listed.join("\n"))).unwrap();
        return;
    }
    let expected: Vec<String> = recorded.iter().filter(|line| line[0] != "go").map(|line| line.join(" ")).collect();
    let version_note =
        if recorded_version == version { String::new() } else { format!(" (counts committed with {recorded_version}, this machine has {version})") };
    assert_eq!(
        lines, expected,
        "finding counts over GOROOT/src moved{version_note}: triage the change in tests/corpus/std-triage.md, then rerun with GOTRAP_UPDATE_CORPUS=1"
    );
    let expected_invalid: BTreeSet<String> = committed(&invalid_path).into_iter().map(|line| line[0].clone()).collect();
    assert_eq!(corpus.invalid, expected_invalid, "files of GOROOT/src with syntax errors{version_note}");
}
