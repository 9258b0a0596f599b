//! go.work: which modules a workspace joins (`use`), its `go`, `toolchain`,
//! `godebug` and `replace` lines, checked as modfile's `ParseWork` does.

use super::gomod::{error_end, go_directive, godebug_directive, parse_replace, toolchain_directive, Godebug, ParseError, Replace, Token};
use super::syntax::{self, unquote, Line, Stmt};
use crate::goversion::GoVersion;

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GoWork {
    pub go: Option<Token>,
    pub go_version: Option<GoVersion>,
    pub toolchain: Option<Token>,
    pub godebug: Vec<Godebug>,
    /// Module directories, as written (relative to the go.work directory).
    pub uses: Vec<Token>,
    pub replace: Vec<Replace>,
    pub errors: Vec<ParseError>,
}

pub fn parse(content: &[u8]) -> GoWork {
    let syntax = syntax::parse(content, "go.work");
    let mut file = GoWork { errors: syntax.errors, ..GoWork::default() };
    for stmt in syntax.stmts {
        match stmt {
            Stmt::Line(line) => add(&mut file, &line),
            Stmt::BadBlock(block) => {
                let words: Vec<&str> = block.tokens.iter().map(|t| t.text.as_str()).collect();
                file.errors.push(ParseError { start: block.start, end: block.tokens[0].end, message: format!("unknown block type: {}", words.join(" ")) });
            }
            Stmt::Block { verb, lines } => match verb.text.as_str() {
                "godebug" | "use" | "replace" => lines.iter().for_each(|line| add(&mut file, line)),
                other => file.errors.push(ParseError { start: verb.start, end: verb.end, message: format!("unknown block type: {other}") }),
            },
        }
    }
    // The go command rejects a directory used twice (LoadWorkFile).
    let mut seen: Vec<String> = Vec::new();
    for used in &file.uses {
        let dir = clean(&used.text);
        if seen.contains(&dir) {
            file.errors.push(ParseError { start: used.start, end: used.end, message: format!("path {dir} appears multiple times in workspace") });
        } else {
            seen.push(dir);
        }
    }
    syntax::sort_by_position(&mut file.errors);
    file
}

fn error(file: &mut GoWork, line: &Line, message: String) {
    file.errors.push(ParseError { start: line.start, end: error_end(line), message });
}

fn add(file: &mut GoWork, line: &Line) {
    let args = &line.tokens;
    match line.verb.text.as_str() {
        "go" => match go_directive(file.go.is_some(), args) {
            Ok((token, version)) => {
                file.go = Some(token);
                file.go_version = version;
            }
            Err(message) => error(file, line, message),
        },
        "toolchain" => match toolchain_directive(file.toolchain.is_some(), args) {
            Ok(token) => file.toolchain = Some(token),
            Err(message) => error(file, line, message),
        },
        "godebug" => match godebug_directive(line) {
            Ok(setting) => file.godebug.push(setting),
            Err(message) => error(file, line, message),
        },
        "use" => {
            if args.len() != 1 {
                return error(file, line, "usage: use local/dir".to_string());
            }
            match unquote(&args[0].text) {
                Ok(path) => file.uses.push(Token::new(path, &args[0])),
                Err(err) => error(file, line, format!("invalid quoted string: {err}")),
            }
        }
        "replace" => match parse_replace(line) {
            Ok(replace) => file.replace.push(replace),
            Err(message) => error(file, line, message),
        },
        unknown => error(file, line, format!("unknown directive: {unknown}")),
    }
}

/// Lexical cleaning of a relative or absolute `/` path (`./a/../b` → `b`).
pub fn clean(path: &str) -> String {
    let rooted = path.starts_with('/');
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." if parts.last().is_some_and(|last| *last != "..") => {
                parts.pop();
            }
            ".." if rooted => {}
            other => parts.push(other),
        }
    }
    let joined = parts.join("/");
    match (rooted, joined.is_empty()) {
        (true, _) => format!("/{joined}"),
        (false, true) => ".".to_string(),
        (false, false) => joined,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_uses_and_replacements() {
        let file = parse(b"go 1.23\n\nuse (\n\t.\n\t./tools // the tools\n)\nuse ./tools/\nreplace example.com/a => ./a\nnotadirective x\n");
        let uses: Vec<&str> = file.uses.iter().map(|u| u.text.as_str()).collect();
        assert_eq!(uses, [".", "./tools", "./tools/"]);
        assert_eq!(file.replace.len(), 1);
        let messages: Vec<&str> = file.errors.iter().map(|e| e.message.as_str()).collect();
        assert_eq!(messages, ["path tools appears multiple times in workspace", "unknown directive: notadirective"]);
    }

    #[test]
    fn cleans_paths() {
        assert_eq!(clean("./a/../b/"), "b");
        assert_eq!(clean("."), ".");
        assert_eq!(clean("../x"), "../x");
    }
}
