//! go.mod parser: line-oriented like the go command's `modfile` lexer.
//! Every token keeps its byte range so findings point at it; a malformed
//! line is an error in the go command's words and parsing goes on.

use crate::goversion::GoVersion;

/// A token of the file with its byte range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub text: String,
    pub start: usize,
    pub end: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub start: usize,
    pub end: usize,
    pub message: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Godebug {
    pub key: Token,
    pub value: String,
}

/// One directive line (inside a block or not): verb and arguments.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Directive {
    pub verb: Token,
    pub args: Vec<Token>,
    /// Text of the `//` comment ending the line, without the slashes.
    pub comment: Option<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GoMod {
    pub module: Option<Token>,
    /// The `go` line as written.
    pub go: Option<Token>,
    /// The language version; go 1.16 when the file has no `go` line.
    pub go_version: Option<GoVersion>,
    pub toolchain: Option<Token>,
    pub godebug: Vec<Godebug>,
    /// Every directive, in order, blocks flattened.
    pub directives: Vec<Directive>,
    pub errors: Vec<ParseError>,
}

const VERBS: [&str; 10] = ["module", "go", "toolchain", "godebug", "require", "exclude", "replace", "retract", "tool", "ignore"];
/// Verbs that may open a `(` block.
const BLOCK_VERBS: [&str; 7] = ["godebug", "require", "exclude", "replace", "retract", "tool", "ignore"];

/// Version a module is assumed to have when its go.mod has no `go` line.
pub const GO_VERSION_WITHOUT_GO_LINE: GoVersion = GoVersion::new(1, 16);

struct Line {
    tokens: Vec<Token>,
    comment: Option<String>,
}

pub fn parse(content: &[u8]) -> GoMod {
    let mut file = GoMod::default();
    let lines = lex(content, &mut file.errors);
    let mut block_verb: Option<Token> = None;
    for line in lines {
        let Some(first) = line.tokens.first() else { continue };
        if let Some(verb) = &block_verb {
            if first.text == ")" && line.tokens.len() == 1 {
                block_verb = None;
                continue;
            }
            let verb = Token { text: verb.text.clone(), start: first.start, end: first.start };
            directive(&mut file, verb, line.tokens, line.comment);
            continue;
        }
        let verb = first.clone();
        let args: Vec<Token> = line.tokens[1..].to_vec();
        if args.len() == 1 && args[0].text == "(" {
            if BLOCK_VERBS.contains(&verb.text.as_str()) {
                block_verb = Some(verb);
            } else if VERBS.contains(&verb.text.as_str()) {
                error(&mut file, &verb, format!("{} does not support blocks", verb.text));
            } else {
                error(&mut file, &verb, format!("unknown block type: {}", verb.text));
                block_verb = Some(verb);
            }
            continue;
        }
        let mut tokens = vec![verb.clone()];
        tokens.extend(args);
        directive(&mut file, verb, tokens, line.comment);
    }
    if let Some(verb) = block_verb {
        error(&mut file, &verb, "unterminated block started at this line".to_string());
    }
    if file.module.is_none() {
        file.errors.push(ParseError { start: 0, end: 0, message: "missing module declaration".to_string() });
    }
    if file.go.is_none() {
        file.go_version = Some(GO_VERSION_WITHOUT_GO_LINE);
    }
    file
}

/// Handles one directive. `tokens` starts with the verb except inside blocks,
/// where the verb is implied and `tokens` holds only the arguments.
fn directive(file: &mut GoMod, verb: Token, mut tokens: Vec<Token>, comment: Option<String>) {
    if tokens.first().is_some_and(|first| first.start == verb.start && first.end == verb.end && first.text == verb.text) {
        tokens.remove(0);
    }
    let args = tokens;
    match verb.text.as_str() {
        "module" => {
            if args.len() != 1 {
                error(file, &verb, "usage: module module/path".to_string());
            } else if file.module.is_some() {
                error(file, &verb, "repeated module statement".to_string());
            } else {
                file.module = Some(args[0].clone());
            }
        }
        "go" => {
            if args.len() != 1 {
                error(file, &verb, "usage: go 1.23".to_string());
            } else if file.go.is_some() {
                error(file, &verb, "repeated go statement".to_string());
            } else {
                let version = &args[0];
                match GoVersion::parse(&version.text).filter(|_| !version.text.starts_with("go")) {
                    Some(parsed) => file.go_version = Some(parsed),
                    None => error(file, version, format!("invalid go version '{}': must match format 1.23.0", version.text)),
                }
                file.go = Some(version.clone());
            }
        }
        "toolchain" => {
            if args.len() != 1 {
                error(file, &verb, "usage: toolchain go1.23.0".to_string());
            } else if file.toolchain.is_some() {
                error(file, &verb, "repeated toolchain statement".to_string());
            } else {
                file.toolchain = Some(args[0].clone());
            }
        }
        "godebug" => match args.as_slice() {
            [setting] if setting.text.contains('=') => {
                let (key, value) = setting.text.split_once('=').unwrap_or_default();
                let key = Token { text: key.to_string(), start: setting.start, end: setting.start + key.len() };
                file.godebug.push(Godebug { key, value: value.to_string() });
            }
            _ => error(file, &verb, "usage: godebug key=value".to_string()),
        },
        known if VERBS.contains(&known) => {
            if args.is_empty() {
                error(file, &verb, format!("usage: {known} ..."));
            }
        }
        unknown => error(file, &verb, format!("unknown directive: {unknown}")),
    }
    file.directives.push(Directive { verb, args, comment });
}

fn error(file: &mut GoMod, token: &Token, message: String) {
    file.errors.push(ParseError { start: token.start, end: token.end, message });
}

/// Splits the file into lines of tokens: bare words, quoted strings
/// (interpreted or raw, unquoted here), `(` and `)`, and `//` comments.
fn lex(content: &[u8], errors: &mut Vec<ParseError>) -> Vec<Line> {
    let mut lines = Vec::new();
    let mut at = 0;
    let mut line = Line { tokens: Vec::new(), comment: None };
    while at < content.len() {
        let byte = content[at];
        match byte {
            b'\n' => {
                lines.push(std::mem::replace(&mut line, Line { tokens: Vec::new(), comment: None }));
                at += 1;
            }
            b' ' | b'\t' | b'\r' => at += 1,
            b'/' if content.get(at + 1) == Some(&b'/') => {
                let end = content[at..].iter().position(|&b| b == b'\n').map_or(content.len(), |n| at + n);
                line.comment = Some(String::from_utf8_lossy(&content[at + 2..end]).trim().to_string());
                at = end;
            }
            b'(' | b')' => {
                line.tokens.push(Token { text: (byte as char).to_string(), start: at, end: at + 1 });
                at += 1;
            }
            b'"' | b'`' => {
                let mut end = at + 1;
                let mut text = Vec::new();
                let mut closed = false;
                if byte == b'`' {
                    if let Some(n) = content[at + 1..].iter().position(|&b| b == b'`') {
                        text.extend_from_slice(&content[at + 1..at + 1 + n]);
                        end = at + 2 + n;
                        closed = true;
                    }
                } else {
                    let mut i = at + 1;
                    while i < content.len() && content[i] != b'\n' {
                        match content[i] {
                            b'\\' if i + 1 < content.len() => {
                                text.push(content[i + 1]);
                                i += 2;
                            }
                            b'"' => {
                                closed = true;
                                i += 1;
                                break;
                            }
                            other => {
                                text.push(other);
                                i += 1;
                            }
                        }
                    }
                    end = i;
                }
                if !closed {
                    let stop = content[at..].iter().position(|&b| b == b'\n').map_or(content.len(), |n| at + n);
                    errors.push(ParseError { start: at, end: stop, message: "unterminated quoted string".to_string() });
                    end = stop;
                }
                line.tokens.push(Token { text: String::from_utf8_lossy(&text).into_owned(), start: at, end });
                at = end;
            }
            _ => {
                let end =
                    content[at..].iter().position(|&b| matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b'(' | b')' | b'"' | b'`')).map_or(content.len(), |n| at + n);
                let end = match content[at..end].windows(2).position(|pair| pair == b"//") {
                    Some(n) => at + n,
                    None => end,
                };
                let end = end.max(at + 1);
                line.tokens.push(Token { text: String::from_utf8_lossy(&content[at..end]).into_owned(), start: at, end });
                at = end;
            }
        }
    }
    lines.push(line);
    lines
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_module_go_toolchain_and_godebug() {
        let file = parse(b"module example.com/m // the module\n\ngo 1.21\ntoolchain go1.22.1\ngodebug (\n\tasynctimerchan=1\n)\nrequire (\n\tgolang.org/x/text v0.3.0 // indirect\n)\n");
        assert_eq!(file.errors, vec![]);
        assert_eq!(file.module.unwrap().text, "example.com/m");
        assert_eq!(file.go_version, Some(GoVersion::new(1, 21)));
        assert_eq!(file.toolchain.unwrap().text, "go1.22.1");
        assert_eq!(file.godebug[0].key.text, "asynctimerchan");
        assert_eq!(file.godebug[0].value, "1");
        let require = file.directives.iter().find(|d| d.verb.text == "require").unwrap();
        assert_eq!(require.args[0].text, "golang.org/x/text");
        assert_eq!(require.comment.as_deref(), Some("indirect"));
    }

    #[test]
    fn empty_file_misses_its_module() {
        let file = parse(b"");
        assert_eq!(file.errors[0].message, "missing module declaration");
        assert_eq!(file.go_version, Some(GO_VERSION_WITHOUT_GO_LINE));
    }

    #[test]
    fn unknown_directive_at_its_token() {
        let file = parse(b"module m\n\nrequir x v1.0.0\ngo 1.x\n");
        let messages: Vec<_> = file.errors.iter().map(|e| (e.start, e.message.as_str())).collect();
        assert_eq!(messages, vec![(10, "unknown directive: requir"), (29, "invalid go version '1.x': must match format 1.23.0")]);
    }

    #[test]
    fn quoted_module_path() {
        let file = parse(b"module \"example.com/q\"\n");
        assert_eq!(file.module.unwrap().text, "example.com/q");
    }
}
