//! Replays, on stable, every input the fuzz campaigns committed
//! (`crate/fuzz/corpus/TARGET/`) and every crash they found
//! (`crate/fuzz/regressions/TARGET/`) through the same targets, with the
//! same checks (`crate/fuzz/targets.rs`).

#[path = "../fuzz/targets.rs"]
mod targets;

use std::path::{Path, PathBuf};

fn inputs(folder: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = match std::fs::read_dir(folder) {
        Ok(entries) => entries.map(|entry| entry.expect("readable folder").path()).collect(),
        Err(_) => Vec::new(),
    };
    files.sort();
    files
}

fn replay(kind: &str) {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz");
    for &(name, run) in targets::TARGETS {
        let files = inputs(&root.join(kind).join(name));
        if kind == "corpus" {
            assert!(!files.is_empty(), "target {name} has no committed corpus (scripts/fuzz.sh seed)");
        }
        for file in files {
            let data = std::fs::read(&file).expect("readable input");
            if std::panic::catch_unwind(|| run(&data)).is_err() {
                panic!("target {name} fails on {}", file.display());
            }
        }
    }
    for folder in inputs(&root.join(kind)) {
        let name = folder.file_name().unwrap().to_string_lossy().into_owned();
        assert!(targets::TARGETS.iter().any(|(target, _)| *target == name), "{} is not a target in crate/fuzz/targets.rs", folder.display());
    }
}

#[test]
fn committed_corpora_replay() {
    replay("corpus");
}

#[test]
fn past_crashes_replay() {
    replay("regressions");
}
