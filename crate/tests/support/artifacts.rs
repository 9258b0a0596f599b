//! The committed artifacts of tests/artifacts and a run over named files.

use std::path::{Path, PathBuf};

use gotrap::report::{Options, Report};

pub fn artifacts() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/artifacts")
}

/// A committed artifact by its path under tests/artifacts.
pub fn committed(path: &str) -> Vec<u8> {
    std::fs::read(artifacts().join(path)).unwrap()
}

pub fn analyze(files: &[(&str, Vec<u8>)]) -> Report {
    gotrap::analyze(files.iter().map(|(path, content)| (*path, content.as_slice())), &Options::default())
}
