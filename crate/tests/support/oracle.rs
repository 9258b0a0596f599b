//! The pprof oracle (tests/artifacts/oracle, a Go program built on
//! github.com/google/pprof/profile), run with the machine's Go.

use std::ffi::OsStr;
use std::path::Path;
use std::process::Command;

/// Runs the oracle of the `artifacts` folder with `args` and returns the JSON it prints.
pub fn run(artifacts: &Path, args: impl IntoIterator<Item = impl AsRef<OsStr>>) -> serde_json::Value {
    let output = Command::new(super::go::go_command())
        .args(["run", "."])
        .args(args)
        .current_dir(artifacts.join("oracle"))
        .env("GOTOOLCHAIN", "local")
        .output()
        .expect("go run the oracle");
    assert!(output.status.success(), "oracle failed: {}", String::from_utf8_lossy(&output.stderr));
    serde_json::from_slice(&output.stdout).expect("the oracle prints JSON")
}
