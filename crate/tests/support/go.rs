//! The machine's Go toolchain for tests that run real Go programs.

use std::process::Command;

/// The go command (tests/artifacts' module needs Go 1.26): $GO, else the
/// first of `go` on PATH and /usr/local/go/bin/go that is at least go1.26.
pub fn go_command() -> String {
    if let Ok(go) = std::env::var("GO") {
        return go;
    }
    let recent = |go: &str| {
        let Ok(out) = Command::new(go).arg("version").output() else { return false };
        let text = String::from_utf8_lossy(&out.stdout).to_string();
        let minor = text.split_whitespace().nth(2).and_then(|v| v.strip_prefix("go1.")).and_then(|v| v.split('.').next()?.parse::<u32>().ok());
        out.status.success() && minor.is_some_and(|minor| minor >= 26)
    };
    for candidate in ["go", "/usr/local/go/bin/go"] {
        if recent(candidate) {
            return candidate.to_string();
        }
    }
    panic!("this test runs Go programs and needs go1.26 or later (set GO=/path/to/go): none found");
}
