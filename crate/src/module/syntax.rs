//! The line syntax shared by go.mod and go.work, as golang.org/x/mod/modfile
//! lexes and parses it (read.go): statements are lines of tokens or
//! `verb (` blocks of lines; `//` comments before a line or at its end are
//! kept for `// indirect`, deprecations and retraction rationales.
//!
//! The go command stops at the first syntax error; this parser reports it
//! in the same words, drops the offending line and goes on, so one typo
//! does not hide the rest of the file.

/// A token of the file: its text as written (quotes included) and byte range.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tok {
    pub text: String,
    pub start: usize,
    pub end: usize,
}

/// One line of tokens: a whole statement, or one line inside a block (then
/// `tokens` holds only the arguments and `verb` the block's verb).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Line {
    pub verb: Tok,
    pub tokens: Vec<Tok>,
    /// Byte offset of the line's first token (where the go command reports errors).
    pub start: usize,
    /// Byte offset just past the last token.
    pub end: usize,
    /// Whole-line comments right above the line (with their `//`).
    pub before: Vec<String>,
    /// The end-of-line comment (with its `//`).
    pub suffix: Option<String>,
    /// Comments above the block the line belongs to, when it has none itself.
    pub block_before: Vec<String>,
    pub in_block: bool,
}

/// A `verb (` block whose header is not a single verb (`require x (`),
/// reported as an unknown block type by the directive parsers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadBlock {
    pub tokens: Vec<Tok>,
    pub start: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    pub start: usize,
    pub end: usize,
    pub message: String,
}

/// Orders a file's errors by position, errors at one offset as found.
pub fn sort_by_position(errors: &mut [ParseError]) {
    crate::order::sort_stable_by(errors, |a, b| a.start.cmp(&b.start));
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    Eof,
    EolComment,
    Comment,
    Newline,
    Word,
    Punct(u8),
}

#[derive(Debug, Clone)]
struct Lexed {
    kind: Kind,
    text: String,
    start: usize,
    end: usize,
}

impl Kind {
    fn is_eol(self) -> bool {
        matches!(self, Kind::Eof | Kind::EolComment | Kind::Newline)
    }
}

pub enum Stmt {
    Line(Line),
    Block { verb: Tok, lines: Vec<Line> },
    BadBlock(BadBlock),
}

pub struct Syntax {
    pub stmts: Vec<Stmt>,
    pub errors: Vec<ParseError>,
}

/// Parses the file's statements. `file_name` appears in the go command's
/// "unterminated block" message.
pub fn parse(content: &[u8], file_name: &str) -> Syntax {
    let mut errors = Vec::new();
    let tokens = lex(content, &mut errors);
    let mut parser = Parser { tokens, at: 0, stmts: Vec::new(), errors, content, file_name };
    parser.file();
    Syntax { stmts: parser.stmts, errors: parser.errors }
}

struct Parser<'a> {
    tokens: Vec<Lexed>,
    at: usize,
    stmts: Vec<Stmt>,
    errors: Vec<ParseError>,
    content: &'a [u8],
    file_name: &'a str,
}

impl Parser<'_> {
    fn peek(&self) -> Kind {
        self.tokens.get(self.at).map_or(Kind::Eof, |t| t.kind)
    }

    fn lex(&mut self) -> Lexed {
        let token = self.tokens.get(self.at).cloned().unwrap_or_else(|| Lexed {
            kind: Kind::Eof,
            text: String::new(),
            start: self.content.len(),
            end: self.content.len(),
        });
        if self.at < self.tokens.len() {
            self.at += 1;
        }
        token
    }

    fn file(&mut self) {
        let mut pending: Vec<String> = Vec::new();
        loop {
            match self.peek() {
                Kind::Newline => {
                    self.lex();
                    pending.clear();
                }
                Kind::Comment => pending.push(self.lex().text),
                Kind::Eof => return,
                _ => {
                    let before = std::mem::take(&mut pending);
                    self.stmt(before);
                }
            }
        }
    }

    fn stmt(&mut self, before: Vec<String>) {
        let first = self.lex();
        let mut tokens = vec![tok(&first)];
        let mut end = first.end;
        loop {
            let next = self.lex();
            match next.kind {
                kind if kind.is_eol() => {
                    let suffix = (kind == Kind::EolComment).then_some(next.text);
                    let verb = tokens.remove(0);
                    self.stmts.push(Stmt::Line(Line { start: verb.start, verb, tokens, end, before, suffix, block_before: Vec::new(), in_block: false }));
                    return;
                }
                Kind::Punct(b'(') => {
                    if self.peek().is_eol() {
                        self.block(tokens, before);
                        return;
                    } else if self.peek() == Kind::Punct(b')') {
                        let rparen = self.lex();
                        if self.peek().is_eol() {
                            self.lex();
                            if tokens.len() == 1 {
                                self.stmts.push(Stmt::Block { verb: tokens.remove(0), lines: Vec::new() });
                            } else {
                                self.stmts.push(Stmt::BadBlock(BadBlock { start: tokens[0].start, tokens }));
                            }
                            return;
                        }
                        tokens.push(tok(&next));
                        tokens.push(tok(&rparen));
                        end = rparen.end;
                    } else {
                        tokens.push(tok(&next));
                        end = next.end;
                    }
                }
                _ => {
                    end = next.end;
                    tokens.push(tok(&next));
                }
            }
        }
    }

    fn block(&mut self, header: Vec<Tok>, before: Vec<String>) {
        let start = header[0].start;
        let mut lines = Vec::new();
        let mut comments: Vec<String> = Vec::new();
        loop {
            match self.peek() {
                Kind::EolComment => {
                    self.lex();
                }
                Kind::Newline => {
                    self.lex();
                }
                Kind::Comment => comments.push(self.lex().text),
                Kind::Eof => {
                    let (line, column) = line_rune(self.content, start);
                    let at = self.content.len();
                    let message = format!("syntax error (unterminated block started at {}:{line}:{column})", self.file_name);
                    self.errors.push(ParseError { start: at, end: at, message });
                    break;
                }
                Kind::Punct(b')') => {
                    self.lex();
                    if !self.peek().is_eol() {
                        let next = self.lex();
                        self.errors.push(ParseError {
                            start: next.end,
                            end: next.end,
                            message: "syntax error (expected newline after closing paren)".to_string(),
                        });
                        while !self.peek().is_eol() {
                            self.lex();
                        }
                    }
                    self.lex();
                    break;
                }
                _ => {
                    let before = std::mem::take(&mut comments);
                    lines.push(self.line(&header[0], before));
                }
            }
        }
        for line in &mut lines {
            line.block_before = before.clone();
        }
        if header.len() == 1 {
            self.stmts.push(Stmt::Block { verb: header.into_iter().next().expect("one token"), lines });
        } else {
            self.stmts.push(Stmt::BadBlock(BadBlock { tokens: header, start }));
        }
    }

    fn line(&mut self, verb: &Tok, before: Vec<String>) -> Line {
        let first = self.lex();
        let start = first.start;
        let mut end = first.end;
        let mut tokens = vec![tok(&first)];
        loop {
            let next = self.lex();
            if next.kind.is_eol() {
                let suffix = (next.kind == Kind::EolComment).then_some(next.text);
                return Line { verb: verb.clone(), tokens, start, end, before, suffix, block_before: Vec::new(), in_block: true };
            }
            end = next.end;
            tokens.push(tok(&next));
        }
    }
}

fn tok(lexed: &Lexed) -> Tok {
    Tok { text: lexed.text.clone(), start: lexed.start, end: lexed.end }
}

/// 1-based line and rune column of a byte offset (the go command counts runes).
pub fn line_rune(content: &[u8], offset: usize) -> (usize, usize) {
    let before = &content[..offset.min(content.len())];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before.iter().rposition(|&b| b == b'\n').map_or(0, |n| n + 1);
    let column = String::from_utf8_lossy(&before[line_start..]).chars().count() + 1;
    (line, column)
}

/// Whether `c` may appear in a bare word (modfile's `isIdent`).
fn is_ident(c: char) -> bool {
    !matches!(c, ' ' | '(' | ')' | '[' | ']' | '{' | '}' | ',') && !c.is_whitespace() && is_print(c)
}

/// Go's `unicode.IsPrint` for the characters that occur in practice:
/// controls, format characters and private use are not printable.
fn is_print(c: char) -> bool {
    !(c.is_control()
        || matches!(c as u32, 0xAD | 0x600..=0x605 | 0x200B..=0x200F | 0x2028..=0x202E | 0x2060..=0x206F | 0xFEFF | 0xFFF9..=0xFFFB | 0xE000..=0xF8FF))
}

/// A rune as Go's `%q` prints it.
fn quote_rune(c: char) -> String {
    match c {
        '\x07' => "'\\a'".to_string(),
        '\x08' => "'\\b'".to_string(),
        '\x0c' => "'\\f'".to_string(),
        '\n' => "'\\n'".to_string(),
        '\r' => "'\\r'".to_string(),
        '\t' => "'\\t'".to_string(),
        '\x0b' => "'\\v'".to_string(),
        c if (c as u32) < 0x80 && !is_print(c) => format!("'\\x{:02x}'", c as u32),
        c if !is_print(c) && (c as u32) <= 0xFFFF => format!("'\\u{:04x}'", c as u32),
        c if !is_print(c) => format!("'\\U{:08x}'", c as u32),
        c => format!("'{c}'"),
    }
}

fn lex(content: &[u8], errors: &mut Vec<ParseError>) -> Vec<Lexed> {
    let mut tokens: Vec<Lexed> = Vec::new();
    // Index in `tokens` where the current line's tokens begin.
    let mut line_first = 0;
    let mut at = 0;
    let text = |s: usize, e: usize| String::from_utf8_lossy(&content[s..e]).into_owned();
    let next_newline = |from: usize| content[from..].iter().position(|&b| b == b'\n').map_or(content.len(), |n| from + n);
    while at < content.len() {
        let byte = content[at];
        let mut fail = |tokens: &mut Vec<Lexed>, error_at: usize, message: String| {
            errors.push(ParseError { start: error_at, end: error_at, message });
            tokens.truncate(line_first);
            next_newline(error_at)
        };
        match byte {
            b' ' | b'\t' | b'\r' => at += 1,
            b'/' if content.get(at + 1) == Some(&b'/') => {
                let line_start = content[..at].iter().rposition(|&b| b == b'\n').map_or(0, |n| n + 1);
                let suffix = content[line_start..at].iter().any(|b| !b.is_ascii_whitespace());
                let stop = next_newline(at);
                let end = (stop + 1).min(content.len());
                let mut comment = text(at, stop);
                if comment.ends_with('\r') {
                    comment.pop();
                }
                tokens.push(Lexed { kind: if suffix { Kind::EolComment } else { Kind::Comment }, text: comment, start: at, end: stop });
                at = end;
                line_first = tokens.len();
            }
            b'/' if content.get(at + 1) == Some(&b'*') => at = fail(&mut tokens, at, "mod files must use // comments (not /* */ comments)".to_string()),
            b'\n' => {
                tokens.push(Lexed { kind: Kind::Newline, text: "\n".to_string(), start: at, end: at + 1 });
                at += 1;
                line_first = tokens.len();
            }
            b'(' | b')' | b'[' | b']' | b'{' | b'}' | b',' => {
                tokens.push(Lexed { kind: Kind::Punct(byte), text: (byte as char).to_string(), start: at, end: at + 1 });
                at += 1;
            }
            b'"' | b'`' => {
                let mut i = at + 1;
                let mut error = None;
                loop {
                    match content.get(i) {
                        None => {
                            error = Some((at, "unexpected EOF in string"));
                            break;
                        }
                        Some(b'\n') => {
                            error = Some((i, "unexpected newline in string"));
                            break;
                        }
                        Some(&c) if c == byte => {
                            i += 1;
                            break;
                        }
                        Some(b'\\') if byte == b'"' => {
                            if i + 1 >= content.len() {
                                error = Some((at, "unexpected EOF in string"));
                                break;
                            }
                            i += 1 + utf8_len(content[i + 1]);
                        }
                        Some(&c) => i += utf8_len(c),
                    }
                }
                match error {
                    Some((error_at, message)) => at = fail(&mut tokens, error_at, message.to_string()),
                    None => {
                        let end = i.min(content.len());
                        tokens.push(Lexed { kind: Kind::Word, text: text(at, end), start: at, end });
                        at = end;
                    }
                }
            }
            _ => {
                let (c, _) = decode(&content[at..]);
                if !is_ident(c) {
                    at = fail(&mut tokens, at, format!("unexpected input character {}", quote_rune(c)));
                    continue;
                }
                let mut i = at;
                let mut comment_error = None;
                while i < content.len() {
                    let (c, size) = decode(&content[i..]);
                    if !is_ident(c) || content[i..].starts_with(b"//") {
                        break;
                    }
                    if content[i..].starts_with(b"/*") {
                        comment_error = Some(i);
                        break;
                    }
                    i += size;
                }
                match comment_error {
                    Some(error_at) => at = fail(&mut tokens, error_at, "mod files must use // comments (not /* */ comments)".to_string()),
                    None => {
                        tokens.push(Lexed { kind: Kind::Word, text: text(at, i), start: at, end: i });
                        at = i;
                    }
                }
            }
        }
    }
    tokens.push(Lexed { kind: Kind::Eof, text: String::new(), start: content.len(), end: content.len() });
    tokens
}

fn utf8_len(first: u8) -> usize {
    match first {
        0xF0..=0xF7 => 4,
        0xE0..=0xEF => 3,
        0xC0..=0xDF => 2,
        _ => 1,
    }
}

/// Decodes one UTF-8 character (U+FFFD and one byte when invalid, as Go does).
fn decode(bytes: &[u8]) -> (char, usize) {
    let len = utf8_len(bytes[0]).min(bytes.len());
    match std::str::from_utf8(&bytes[..len]) {
        Ok(s) => (s.chars().next().unwrap_or('\u{FFFD}'), len),
        Err(_) => ('\u{FFFD}', 1),
    }
}

/// `parseString`: a `"`-quoted token is unquoted; other quotes are rejected.
pub fn unquote(text: &str) -> Result<String, String> {
    if let Some(inner) = text.strip_prefix('"') {
        let inner = inner.strip_suffix('"').ok_or("invalid syntax")?;
        let mut out = String::new();
        let mut chars = inner.chars();
        while let Some(c) = chars.next() {
            match c {
                '"' => return Err("invalid syntax".to_string()),
                '\\' => {
                    let escaped = chars.next().ok_or("invalid syntax")?;
                    match escaped {
                        'a' => out.push('\x07'),
                        'b' => out.push('\x08'),
                        'f' => out.push('\x0c'),
                        'n' => out.push('\n'),
                        'r' => out.push('\r'),
                        't' => out.push('\t'),
                        'v' => out.push('\x0b'),
                        '\\' => out.push('\\'),
                        '"' => out.push('"'),
                        'x' | 'u' | 'U' => {
                            let digits = match escaped {
                                'x' => 2,
                                'u' => 4,
                                _ => 8,
                            };
                            let hex: String = chars.by_ref().take(digits).collect();
                            let value = u32::from_str_radix(&hex, 16).ok().filter(|_| hex.len() == digits).ok_or("invalid syntax")?;
                            out.push(char::from_u32(value).ok_or("invalid syntax")?);
                        }
                        '0'..='7' => {
                            let rest: String = chars.by_ref().take(2).collect();
                            let value =
                                u32::from_str_radix(&format!("{escaped}{rest}"), 8).ok().filter(|v| rest.len() == 2 && *v < 256).ok_or("invalid syntax")?;
                            out.push(char::from_u32(value).ok_or("invalid syntax")?);
                        }
                        _ => return Err("invalid syntax".to_string()),
                    }
                }
                c => out.push(c),
            }
        }
        Ok(out)
    } else if text.contains(['"', '\'', '`']) {
        Err("unquoted string cannot contain quote".to_string())
    } else {
        Ok(text.to_string())
    }
}

/// The text of the comments on a directive (`parseDirectiveComment`): its
/// own comments, else its block's; `//` stripped, lines trimmed.
pub fn directive_comment(line: &Line) -> String {
    let own: Vec<&String> = line.before.iter().chain(line.suffix.iter()).collect();
    let comments: Vec<&String> = if line.in_block && own.is_empty() { line.block_before.iter().collect() } else { own };
    comments.iter().filter_map(|c| c.strip_prefix("//")).map(str::trim).collect::<Vec<_>>().join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(content: &[u8]) -> Vec<(usize, usize, String)> {
        parse(content, "go.mod")
            .errors
            .into_iter()
            .map(|e| {
                let (line, column) = line_rune(content, e.start);
                (line, column, e.message)
            })
            .collect()
    }

    #[test]
    fn lexer_errors_in_the_go_commands_words() {
        assert_eq!(messages(b"module m\n\x01\n"), [(2, 1, "unexpected input character '\\x01'".to_string())]);
        assert_eq!(messages(b"module m\nrequire x.com/a v1.0.0 /* c */\n"), [(2, 24, "mod files must use // comments (not /* */ comments)".to_string())]);
        assert_eq!(messages(b"module m\nrequire (\n x.com/a v1.0.0\n) x\n"), [(4, 4, "syntax error (expected newline after closing paren)".to_string())]);
        assert_eq!(messages(b"module \"m\n"), [(1, 10, "unexpected newline in string".to_string())]);
        assert_eq!(messages(b"module m\nrequire (\n"), [(3, 1, "syntax error (unterminated block started at go.mod:2:1)".to_string())]);
    }

    #[test]
    fn parsing_goes_on_after_a_bad_line() {
        let syntax = parse(b"module \"m\ngo 1.21\n", "go.mod");
        assert_eq!(syntax.stmts.len(), 1);
    }

    #[test]
    fn comments_attach_to_lines() {
        let syntax = parse(b"// Deprecated: use n.\nmodule m\n\nrequire (\n\t// why\n\tx v1.0.0 // indirect\n)\n", "go.mod");
        let Stmt::Line(module) = &syntax.stmts[0] else { panic!() };
        assert_eq!(module.before, ["// Deprecated: use n."]);
        let Stmt::Block { lines, .. } = &syntax.stmts[1] else { panic!() };
        assert_eq!(lines[0].before, ["// why"]);
        assert_eq!(lines[0].suffix.as_deref(), Some("// indirect"));
    }

    #[test]
    fn unquoting() {
        assert_eq!(unquote("\"a\\tb\""), Ok("a\tb".to_string()));
        assert_eq!(unquote("`a`"), Err("unquoted string cannot contain quote".to_string()));
        assert_eq!(unquote("plain"), Ok("plain".to_string()));
    }
}
