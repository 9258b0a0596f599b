//! Native throughput on a Go source tree (`cargo bench --bench
//! source_throughput`): the tree-sitter parse alone (the floor every
//! analysis pays), then the whole analysis with each rule family selected
//! alone and with every rule, one directory per analysis (as the CLI's
//! parts, with the directory's module files). Not a statistical harness: it
//! prints the best of a few runs, then one `BENCH_RESULT {json}` line that
//! `bench/bench.mjs` reads.
//!
//! Environment: `GOTRAP_BENCH_DIR` (default `$(go env GOROOT)/src`),
//! `GOTRAP_BENCH_RUNS` (best of, default 3). Files under the top-level `cmd`
//! directory are the whole tree's only; the rest is `std`.
//! `GOTRAP_BENCH_ONLY` (`parse`, `all` or a rule selector such as `GT6`)
//! runs that one measurement on `std` once, so that `valgrind
//! --tool=callgrind` counts its instructions, which the load does not change.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use gotrap::report::Options;

#[path = "support/best_of.rs"]
mod timing;
use timing::best_of;

/// A directory's files as the CLI collects them: workspace-relative path and content.
type Directory = Vec<(String, Vec<u8>)>;

/// Rule families, each measured alone: (label, selector).
const FAMILIES: [(&str, &str); 5] = [("GT1xx", "GT1"), ("GT2xx", "GT2"), ("GT3xx", "GT3"), ("module (GT5xx)", "GT5"), ("runtime (GT6xx)", "GT6")];

fn source_root() -> PathBuf {
    if let Ok(dir) = std::env::var("GOTRAP_BENCH_DIR") {
        return PathBuf::from(dir);
    }
    let output = std::process::Command::new("go").args(["env", "GOROOT"]).output().expect("GOTRAP_BENCH_DIR unset and `go env GOROOT` failed");
    PathBuf::from(String::from_utf8_lossy(&output.stdout).trim()).join("src")
}

/// Folders the CLI's directory walk skips.
fn skipped(name: &str) -> bool {
    name == "vendor" || name == "testdata" || name.starts_with('_') || name.starts_with('.')
}

/// Go files by directory, walked as the CLI walks; go.mod and go.sum of the
/// nearest module go with each directory.
fn collect(root: &Path) -> BTreeMap<String, Directory> {
    let mut directories = BTreeMap::new();
    let mut pending = vec![(root.to_path_buf(), Vec::new())];
    while let Some((dir, inherited)) = pending.pop() {
        let Ok(entries) = std::fs::read_dir(&dir) else { continue };
        let mut entries: Vec<_> = entries.flatten().collect();
        entries.sort_by_key(|entry| entry.file_name());
        let relative = |path: &Path| path.strip_prefix(root).unwrap_or(path).to_string_lossy().replace('\\', "/");
        let mut module_files: Vec<(String, Vec<u8>)> = Vec::new();
        for name in ["go.mod", "go.sum"] {
            if let Ok(content) = std::fs::read(dir.join(name)) {
                module_files.push((relative(&dir.join(name)), content));
            }
        }
        let module_files = if module_files.is_empty() { inherited } else { module_files };
        let mut go_files = Vec::new();
        for entry in entries {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().to_string();
            let Ok(kind) = entry.file_type() else { continue };
            if kind.is_dir() && !skipped(&name) {
                pending.push((path, module_files.clone()));
            } else if kind.is_file() && name.ends_with(".go") {
                if let Ok(content) = std::fs::read(&path) {
                    go_files.push((relative(&path), content));
                }
            }
        }
        if !go_files.is_empty() {
            go_files.extend(module_files.iter().cloned());
            directories.insert(relative(&dir), go_files);
        }
    }
    directories
}

fn is_go(path: &str) -> bool {
    path.ends_with(".go")
}

/// tree-sitter alone over every Go file, one reused parser: the floor.
fn parse_only(directories: &[&Directory]) -> usize {
    let mut parser = gotrap::source::new_parser();
    let mut nodes = 0;
    for (_, content) in directories.iter().flat_map(|files| files.iter()).filter(|(path, _)| is_go(path)) {
        if let Some(tree) = parser.parse(content, None) {
            nodes += tree.root_node().descendant_count();
        }
    }
    nodes
}

fn analyse(directories: &[&Directory], options: &Options) -> usize {
    directories.iter().map(|files| gotrap::analyze(files.iter().map(|(path, content)| (path.as_str(), content.as_slice())), options).findings.len()).sum()
}

fn selecting(selector: &str) -> Options {
    Options { select: vec![selector.to_string()], ..Default::default() }
}

fn go_bytes(directories: &[&Directory]) -> usize {
    directories.iter().flat_map(|files| files.iter()).filter(|(path, _)| is_go(path)).map(|(_, content)| content.len()).sum()
}

fn go_files(directories: &[&Directory]) -> usize {
    directories.iter().flat_map(|files| files.iter()).filter(|(path, _)| is_go(path)).count()
}

fn main() {
    let root = source_root();
    let runs: usize = std::env::var("GOTRAP_BENCH_RUNS").ok().and_then(|runs| runs.parse().ok()).unwrap_or(3).max(1);
    let directories = collect(&root);
    let whole: Vec<&Directory> = directories.values().collect();
    let std: Vec<&Directory> = directories.iter().filter(|(dir, _)| *dir != "cmd" && !dir.starts_with("cmd/")).map(|(_, files)| files).collect();
    if let Ok(only) = std::env::var("GOTRAP_BENCH_ONLY") {
        let time = match only.as_str() {
            "parse" => best_of(1, || parse_only(&std)),
            "all" => best_of(1, || analyse(&std, &Options::default())),
            selector => best_of(1, || analyse(&std, &selecting(selector))),
        };
        println!("std, {only}: {time:.3} s");
        return;
    }
    let mut result = serde_json::Map::new();
    for (tree, dirs, per_family) in [("std", &std, true), ("whole", &whole, false)] {
        let (bytes, files) = (go_bytes(dirs), go_files(dirs));
        let mb = bytes as f64 / 1e6;
        let parse = best_of(runs, || parse_only(dirs));
        let all = best_of(runs, || analyse(dirs, &Options::default()));
        println!("{tree}: {files} Go files, {mb:.1} MB in {} directories of {}", dirs.len(), root.display());
        println!("  parse only      {parse:8.3} s  {:6.1} MB/s", mb / parse);
        println!("  all rules       {all:8.3} s  {:6.1} MB/s  {:.2}x parse", mb / all, all / parse);
        let mut families = serde_json::Map::new();
        if per_family {
            for (label, selector) in FAMILIES {
                let time = best_of(runs, || analyse(dirs, &selecting(selector)));
                println!("  {label:15} {time:8.3} s  {:6.1} MB/s  {:.2}x parse", mb / time, time / parse);
                families.insert(label.to_string(), serde_json::json!({ "selector": selector, "seconds": time }));
            }
        }
        result.insert(
            tree.to_string(),
            serde_json::json!({ "files": files, "bytes": bytes, "directories": dirs.len(), "parseSeconds": parse, "allSeconds": all, "families": families }),
        );
    }
    result.insert("root".to_string(), serde_json::json!(root.display().to_string()));
    result.insert("runs".to_string(), serde_json::json!(runs));
    println!("BENCH_RESULT {}", serde_json::Value::Object(result));
}
