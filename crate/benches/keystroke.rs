//! One keystroke in the playground, natively (`cargo bench --bench
//! keystroke`): a session holding a 3,000-line Go file (declarations of the
//! machine's `net/http`) re-analysed after a line is appended, against a
//! fresh analysis and the parse alone. Not a statistical harness: it prints
//! the best of a few runs.

#[path = "support/best_of.rs"]
mod timing;

use std::process::Command;

/// 3,000 lines of declarations of `net/http`'s non-test files, as
/// `scripts/bench-playground.mjs` builds them.
fn go_source_3000() -> Vec<u8> {
    let goroot = Command::new("go").args(["env", "GOROOT"]).output().expect("go on PATH").stdout;
    let dir = std::path::Path::new(String::from_utf8_lossy(&goroot).trim()).join("src/net/http");
    let mut names: Vec<String> = std::fs::read_dir(&dir)
        .expect("net/http sources")
        .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
        .filter(|name| name.ends_with(".go") && !name.ends_with("_test.go"))
        .collect();
    names.sort();
    let mut lines = vec!["package http".to_string()];
    for name in names {
        let body = std::fs::read_to_string(dir.join(name)).expect("readable");
        let body: Vec<&str> = body.split('\n').collect();
        let package = body.iter().position(|line| line.starts_with("package ")).unwrap_or(0);
        let declarations =
            body.iter().enumerate().position(|(index, line)| index > package && (line.starts_with("func ") || line.starts_with("type "))).unwrap_or(body.len());
        lines.extend(body[declarations..].iter().map(|line| line.to_string()));
        if lines.len() >= 3000 {
            break;
        }
    }
    lines.truncate(3000);
    // Cut after the last whole declaration (a `}` in column 0) so the file
    // parses, and pad back to 3,000 lines.
    let last_close = lines.iter().rposition(|line| line == "}").unwrap_or(0);
    lines.truncate(last_close + 1);
    lines.resize(3000, String::new());
    (lines.join("\n") + "\n").into_bytes()
}

/// Milliseconds of the fastest of nine runs.
fn best_ms<T>(run: impl FnMut() -> T) -> f64 {
    timing::best_of(9, run) * 1e3
}

fn main() {
    let code = go_source_3000();
    let mut parser = gotrap::source::new_parser();
    let parse = best_ms(|| parser.parse(&code, None));
    let fresh = best_ms(|| gotrap::analyze([("main.go", code.as_slice())], &Default::default()));
    let mut session = gotrap::Session::new();
    session.set_file("main.go", code.clone());
    session.analyze();
    let mut edited = code.clone();
    let keystroke = best_ms(|| {
        edited.extend_from_slice(b"\n");
        session.set_file("main.go", edited.clone());
        session.analyze().to_json()
    });
    let unchanged = best_ms(|| session.analyze().to_json());
    println!("3,000-line Go file ({} KB)", code.len() / 1000);
    println!("  parse alone                        {parse:.1} ms");
    println!("  fresh analysis                     {fresh:.1} ms");
    println!("  session, one line appended         {keystroke:.1} ms");
    println!("  session, nothing changed           {unchanged:.1} ms");
}
