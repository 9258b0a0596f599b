//! Analyses every `.go` file under a directory, one file at a time, and
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
    files.sort();
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
    for path in &files {
        let Ok(content) = std::fs::read(path) else { continue };
        bytes += content.len();
        let relative = path.strip_prefix(&root).unwrap_or(path).to_string_lossy().replace('\\', "/");
        let report = gotrap::analyze([(relative.as_str(), content.as_slice())], &options);
        for finding in &report.findings {
            *per_rule.entry(finding.rule.clone()).or_default() += 1;
            if print && finding.rule != "GT000" {
                println!("{relative}:{}:{}: {} {}: {}", finding.span.line, finding.span.column, finding.rule, finding.severity.as_str(), finding.message);
            }
        }
        if let Some(first) = report.findings.iter().find(|f| f.rule == "GT000") {
            with_errors.push(format!("{relative}:{}:{}: {}", first.span.line, first.span.column, first.message));
        }
    }
    println!("files {}\nbytes {bytes}\nfiles with syntax errors {}", files.len(), with_errors.len());
    for (rule, count) in per_rule {
        println!("findings {rule} {count}");
    }
    for line in with_errors {
        println!("  {line}");
    }
}
