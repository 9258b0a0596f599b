//! Analyses every `.go` file under a directory, one directory at a time (so
//! package rules see whole packages), and
//! prints what a corpus run needs: files, bytes, files with syntax errors
//! (GT000) and the constructs they start with, findings per rule.
//!
//! usage: corpus [--print] DIR [OPTIONS_JSON]
//!
//! `--print` also prints every finding other than GT000 as
//! `path:line:col: RULE severity: message`.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn go_files(root: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut dirs = vec![root.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        for entry in entries.flatten() {
            let path = entry.path();
            let Ok(kind) = entry.file_type() else { continue };
            if kind.is_dir() {
                dirs.push(path);
            } else if kind.is_file() && path.extension().is_some_and(|e| e == "go") {
                files.push(path);
            }
        }
    }
    // Each directory's files together: one analysis per directory.
    files.sort_by(|a, b| (a.parent(), a.file_name()).cmp(&(b.parent(), b.file_name())));
    files
}

fn main() {
    let mut args: Vec<String> = std::env::args().collect();
    let print = args.iter().any(|a| a == "--print");
    args.retain(|a| a != "--print");
    let Some(root) = args.get(1).map(PathBuf::from) else {
        eprintln!("usage: corpus [--print] DIR [OPTIONS_JSON]");
        std::process::exit(2);
    };
    let options: gotrap::report::Options = serde_json::from_str(args.get(2).map_or("{}", String::as_str)).expect("options JSON");
    let files = go_files(&root);
    let mut bytes = 0usize;
    let mut with_errors = Vec::new();
    let mut per_rule: BTreeMap<String, usize> = BTreeMap::new();
    for directory in files.chunk_by(|a, b| a.parent() == b.parent()) {
        let mut contents = Vec::new();
        for path in directory {
            let Ok(content) = std::fs::read(path) else { continue };
            bytes += content.len();
            contents.push((path.strip_prefix(&root).unwrap_or(path).to_string_lossy().replace('\\', "/"), content));
        }
        let report = gotrap::analyze(contents.iter().map(|(path, content)| (path.as_str(), content.as_slice())), &options);
        for finding in &report.findings {
            *per_rule.entry(finding.rule.clone()).or_default() += 1;
            if print && finding.rule != "GT000" {
                let (path, span) = (&finding.path, &finding.span);
                println!("{path}:{}:{}: {} {}: {}", span.line, span.column, finding.rule, finding.severity.as_str(), finding.message);
            }
        }
        let mut first_errors: Vec<&gotrap::report::Finding> = Vec::new();
        for finding in report.findings.iter().filter(|f| f.rule == "GT000") {
            if !first_errors.iter().any(|first| first.path == finding.path) {
                first_errors.push(finding);
            }
        }
        with_errors.extend(first_errors.iter().map(|first| format!("{}:{}:{}: {}", first.path, first.span.line, first.span.column, first.message)));
    }
    println!("files {}\nbytes {bytes}\nfiles with syntax errors {}", files.len(), with_errors.len());
    for (rule, count) in per_rule {
        println!("findings {rule} {count}");
    }
    for line in with_errors {
        println!("  {line}");
    }
}
