//! go.mod: every directive of the Go modules reference, checked as
//! golang.org/x/mod/modfile's `Parse` checks it (rule.go), with the byte
//! range of every token so findings point at it. A malformed line is an
//! error in the go command's words and parsing goes on with the next one.

use super::semver;
pub use super::syntax::ParseError;
use super::syntax::{self, directive_comment, unquote, Line, Stmt, Tok};
use crate::goversion::GoVersion;

/// A value of the file with the byte range of the token that wrote it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    /// The value: unquoted, and for module versions canonical (`v1.2` → `v1.2.0`).
    pub text: String,
    pub start: usize,
    pub end: usize,
}

impl Token {
    pub(crate) fn new(text: impl Into<String>, tok: &Tok) -> Token {
        Token { text: text.into(), start: tok.start, end: tok.end }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModuleDecl {
    pub path: Token,
    /// The text after `Deprecated:` in the comments on the module line.
    pub deprecated: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Godebug {
    pub key: Token,
    pub value: String,
    /// Byte range of the whole line.
    pub line: (usize, usize),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Require {
    pub path: Token,
    pub version: Token,
    pub indirect: bool,
    pub line: (usize, usize),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exclude {
    pub path: Token,
    pub version: Token,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replace {
    pub old_path: Token,
    pub old_version: Option<Token>,
    pub new_path: Token,
    pub new_version: Option<Token>,
    pub line: (usize, usize),
}

impl Replace {
    /// Whether the replacement is a directory (`./x`, `../x`, `/abs`, `C:\x`).
    pub fn is_local(&self) -> bool {
        is_directory_path(&self.new_path.text)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Retract {
    pub low: Token,
    pub high: Token,
    pub rationale: String,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GoMod {
    pub module: Option<ModuleDecl>,
    /// The `go` line's version as written.
    pub go: Option<Token>,
    /// The language version; go 1.16 when the file has no `go` line, none
    /// when the line is invalid.
    pub go_version: Option<GoVersion>,
    pub toolchain: Option<Token>,
    pub godebug: Vec<Godebug>,
    pub require: Vec<Require>,
    pub exclude: Vec<Exclude>,
    pub replace: Vec<Replace>,
    pub retract: Vec<Retract>,
    pub tool: Vec<Token>,
    pub ignore: Vec<Token>,
    pub errors: Vec<ParseError>,
}

impl GoMod {
    /// The module path, when the file declares a non-empty one.
    pub fn module_path(&self) -> Option<&str> {
        self.module.as_ref().map(|m| m.path.text.as_str()).filter(|path| !path.is_empty())
    }
}

/// Version a module is assumed to have when its go.mod has no `go` line.
pub const GO_VERSION_WITHOUT_GO_LINE: GoVersion = GoVersion::new(1, 16);

/// `GoVersionRE`: `1.23`, `1.23.0`, `1.23rc1`.
pub fn is_valid_go_version(text: &str) -> bool {
    let mut parts = text.splitn(2, '.');
    let (Some(major), Some(rest)) = (parts.next(), parts.next()) else { return false };
    if !is_decimal(major) || major.starts_with('0') {
        return false;
    }
    // rest: minor [.patch] [letters digits]
    let pre_at = rest.find(|c: char| c.is_ascii_lowercase()).unwrap_or(rest.len());
    let (numbers, pre) = rest.split_at(pre_at);
    let numbers_ok = match numbers.split_once('.') {
        Some((minor, patch)) => is_canonical_number(minor) && is_canonical_number(patch),
        None => is_canonical_number(numbers),
    };
    let pre_ok = pre.is_empty() || {
        let letters = pre.bytes().take_while(u8::is_ascii_lowercase).count();
        let digits = &pre[letters..];
        !digits.is_empty() && is_decimal(digits)
    };
    numbers_ok && pre_ok
}

fn is_decimal(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())
}

fn is_canonical_number(text: &str) -> bool {
    is_decimal(text) && (text == "0" || !text.starts_with('0'))
}

/// `ToolchainRE`: `default`, or a name starting `go1` then end or `.`.
pub fn is_valid_toolchain(text: &str) -> bool {
    text == "default" || text == "go1" || text.starts_with("go1.")
}

/// `modfile.IsDirectoryPath`.
pub fn is_directory_path(path: &str) -> bool {
    let bytes = path.as_bytes();
    path == "."
        || path.starts_with("./")
        || path.starts_with(".\\")
        || path == ".."
        || path.starts_with("../")
        || path.starts_with("..\\")
        || path.starts_with('/')
        || path.starts_with('\\')
        || (bytes.len() >= 2 && bytes[0].is_ascii_alphabetic() && bytes[1] == b':')
}

pub fn parse(content: &[u8]) -> GoMod {
    let syntax = syntax::parse(content, "go.mod");
    let mut file = GoMod { errors: syntax.errors, ..GoMod::default() };
    let mut retract_lines = Vec::new();
    for stmt in syntax.stmts {
        match stmt {
            Stmt::Line(line) => add(&mut file, &line, &mut retract_lines),
            Stmt::BadBlock(block) => {
                let words: Vec<&str> = block.tokens.iter().map(|t| t.text.as_str()).collect();
                file.errors.push(ParseError { start: block.start, end: block.tokens[0].end, message: format!("unknown block type: {}", words.join(" ")) });
            }
            Stmt::Block { verb, lines } => match verb.text.as_str() {
                "module" | "godebug" | "require" | "exclude" | "replace" | "retract" | "tool" | "ignore" => {
                    for line in &lines {
                        add(&mut file, line, &mut retract_lines);
                    }
                }
                other => file.errors.push(ParseError { start: verb.start, end: verb.end, message: format!("unknown block type: {other}") }),
            },
        }
    }
    check_retractions(&mut file, &retract_lines);
    if file.module.is_none() {
        file.errors.push(ParseError { start: 0, end: 0, message: "missing module declaration".to_string() });
    }
    if file.go.is_none() && !file.errors.iter().any(|e| e.message.starts_with("invalid go version")) {
        file.go_version = Some(GO_VERSION_WITHOUT_GO_LINE);
    }
    syntax::sort_by_position(&mut file.errors);
    file
}

pub(crate) fn error_end(line: &Line) -> usize {
    line.tokens.first().filter(|_| line.in_block).map_or(line.verb.end, |t| t.end)
}

fn error(file: &mut GoMod, line: &Line, message: String) {
    file.errors.push(ParseError { start: line.start, end: error_end(line), message });
}

/// The `go` line shared by go.mod and go.work: its token and language version.
pub(crate) fn go_directive(repeated: bool, args: &[Tok]) -> Result<(Token, Option<GoVersion>), String> {
    match args {
        _ if repeated => Err("repeated go statement".to_string()),
        [version] if is_valid_go_version(&version.text) => Ok((Token::new(version.text.clone(), version), GoVersion::parse(&version.text))),
        [version] => Err(format!("invalid go version '{}': must match format 1.23.0", version.text)),
        _ => Err("go directive expects exactly one argument".to_string()),
    }
}

/// The `toolchain` line shared by go.mod and go.work.
pub(crate) fn toolchain_directive(repeated: bool, args: &[Tok]) -> Result<Token, String> {
    match args {
        _ if repeated => Err("repeated toolchain statement".to_string()),
        [name] if is_valid_toolchain(&name.text) => Ok(Token::new(name.text.clone(), name)),
        [name] => Err(format!("invalid toolchain version '{}': must match format go1.23.0 or default", name.text)),
        _ => Err("toolchain directive expects exactly one argument".to_string()),
    }
}

/// A `godebug key=value` line (or block line) shared by go.mod and go.work.
pub(crate) fn godebug_directive(line: &Line) -> Result<Godebug, String> {
    let setting = match line.tokens.as_slice() {
        [only] if !only.text.contains(['"', '`', '\'', ',']) => only.text.split_once('=').map(|(key, value)| (only, key, value)),
        _ => None,
    };
    let (token, key, value) = setting.ok_or_else(|| "usage: godebug key=value".to_string())?;
    let key = Token { text: key.to_string(), start: token.start, end: token.start + key.len() };
    Ok(Godebug { key, value: value.to_string(), line: (line.start, line.end) })
}

fn add(file: &mut GoMod, line: &Line, retract_lines: &mut Vec<(usize, usize)>) {
    let verb = line.verb.text.as_str();
    let args = &line.tokens;
    match verb {
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
        "module" => {
            if file.module.is_some() {
                error(file, line, "repeated module statement".to_string());
            } else if args.len() != 1 {
                // The go command records the module (without a path) before
                // complaining; a second module line is then "repeated".
                file.module = Some(ModuleDecl { path: Token::new("", &line.verb), deprecated: None });
                error(file, line, "usage: module module/path".to_string());
            } else {
                let deprecated = deprecation(&directive_comment(line));
                match unquote(&args[0].text) {
                    Ok(path) => file.module = Some(ModuleDecl { path: Token::new(path, &args[0]), deprecated }),
                    Err(err) => {
                        file.module = Some(ModuleDecl { path: Token::new("", &args[0]), deprecated });
                        error(file, line, format!("invalid quoted string: {err}"));
                    }
                }
            }
        }
        "godebug" => match godebug_directive(line) {
            Ok(setting) => file.godebug.push(setting),
            Err(message) => error(file, line, message),
        },
        "require" | "exclude" => {
            if args.len() != 2 {
                error(file, line, format!("usage: {verb} module/path v1.2.3"));
                return;
            }
            let path = match unquote(&args[0].text) {
                Ok(path) => path,
                Err(err) => return error(file, line, format!("invalid quoted string: {err}")),
            };
            let version = match parse_version(verb, &path, &args[1]) {
                Ok(version) => version,
                Err(message) => return error(file, line, message),
            };
            let (_, path_major, ok) = semver::split_path_version(&path);
            if !ok {
                return error(file, line, format!("{verb} {path}: invalid module path"));
            }
            if let Err(message) = semver::check_path_major(&version, path_major) {
                return error(file, line, format!("{verb} {path}: {message}"));
            }
            let path = Token::new(path, &args[0]);
            let version = Token::new(version, &args[1]);
            if verb == "require" {
                file.require.push(Require { path, version, indirect: is_indirect(line), line: (line.start, line.end) });
            } else {
                file.exclude.push(Exclude { path, version });
            }
        }
        "replace" => match parse_replace(line) {
            Ok(replace) => file.replace.push(replace),
            Err(message) => error(file, line, message),
        },
        "retract" => {
            let rationale = directive_comment(line);
            let mut rest: &[Tok] = args;
            match parse_version_interval(verb, "", &mut rest, false) {
                Err(message) => error(file, line, message),
                Ok(_) if !rest.is_empty() => error(file, line, format!("unexpected token after version: {:?}", rest[0].text)),
                Ok((low, high)) => {
                    file.retract.push(Retract { low, high, rationale });
                    retract_lines.push((file.retract.len() - 1, line.start));
                }
            }
        }
        "tool" | "ignore" => {
            if args.len() != 1 {
                error(file, line, format!("{verb} directive expects exactly one argument"));
                return;
            }
            match unquote(&args[0].text) {
                Ok(path) => {
                    let token = Token::new(path, &args[0]);
                    if verb == "tool" {
                        file.tool.push(token);
                    } else {
                        file.ignore.push(token);
                    }
                }
                Err(err) => error(file, line, format!("invalid quoted string: {err}")),
            }
        }
        unknown => error(file, line, format!("unknown directive: {unknown}")),
    }
}

/// `isIndirect`: the end-of-line comment is `// indirect` or starts `// indirect;`.
fn is_indirect(line: &Line) -> bool {
    let Some(comment) = &line.suffix else { return false };
    let fields: Vec<&str> = comment.trim_start_matches("//").split_whitespace().collect();
    (fields.len() == 1 && fields[0] == "indirect") || (fields.len() > 1 && fields[0] == "indirect;")
}

/// `parseDeprecation`: the paragraph starting `Deprecated:` in the module's comments.
fn deprecation(text: &str) -> Option<String> {
    let mut from = 0;
    while let Some(found) = text[from..].find("Deprecated:") {
        let at = from + found;
        if at == 0 || text[..at].ends_with("\n\n") {
            let message = text[at + "Deprecated:".len()..].trim_start_matches(' ');
            let end = message.find("\n\n").unwrap_or(message.len());
            return Some(message[..end].to_string());
        }
        from = at + 1;
    }
    None
}

/// `parseVersion` without a fixer: the canonical version, or the error.
pub(crate) fn parse_version(verb: &str, path: &str, token: &Tok) -> Result<String, String> {
    let prefix = if path.is_empty() { format!("{verb}: ") } else { format!("{verb} {path}: ") };
    let text = unquote(&token.text).map_err(|err| format!("{prefix}version {:?} invalid: {err}", token.text))?;
    let canonical = semver::canonical_module_version(&text);
    if canonical.is_empty() {
        return Err(format!("{prefix}version {text:?} invalid: must be of the form v1.2.3"));
    }
    Ok(canonical)
}

/// `parseVersionInterval`: `v1.2.3` or `[v1.0.0, v1.2.0]`. Without
/// `canonicalise` versions are kept as written (as `go mod edit` keeps
/// retractions; [`check_retractions`] checks them later).
fn parse_version_interval(verb: &str, path: &str, args: &mut &[Tok], canonicalise: bool) -> Result<(Token, Token), String> {
    let toks = *args;
    let version = |tok: &Tok| -> Result<Token, String> {
        if canonicalise {
            parse_version(verb, path, tok).map(|v| Token::new(v, tok))
        } else {
            let text = unquote(&tok.text).map_err(|err| format!("{verb}: version {:?} invalid: {err}", tok.text))?;
            Ok(Token::new(text, tok))
        }
    };
    match toks.first() {
        None => Err("expected '[' or version".to_string()),
        Some(t) if t.text == "(" => Err("expected '[' or version".to_string()),
        Some(t) if t.text != "[" => {
            let v = version(t)?;
            *args = &toks[1..];
            Ok((v.clone(), v))
        }
        Some(_) => {
            let low = toks.get(1).ok_or("expected version after '['")?;
            let low = version(low)?;
            if toks.get(2).is_none_or(|t| t.text != ",") {
                return Err("expected ',' after version".to_string());
            }
            let high = toks.get(3).ok_or("expected version after ','")?;
            let high = version(high)?;
            if toks.get(4).is_none_or(|t| t.text != "]") {
                return Err("expected ']' after version".to_string());
            }
            *args = &toks[5..];
            Ok((low, high))
        }
    }
}

/// The go command checks retracted versions against the module path once
/// the whole file is read (`fixRetract`).
fn check_retractions(file: &mut GoMod, retract_lines: &[(usize, usize)]) {
    let Some(first) = retract_lines.first() else { return };
    let Some(path) = file.module_path().map(str::to_string) else {
        file.errors.push(ParseError { start: first.1, end: first.1, message: "no module directive found, so retract cannot be used".to_string() });
        return;
    };
    let (_, path_major, ok) = semver::split_path_version(&path);
    for &(index, start) in retract_lines {
        let retract = &file.retract[index];
        for version in [&retract.low, &retract.high] {
            let canonical = semver::canonical_module_version(&version.text);
            let problem = if canonical.is_empty() || canonical != version.text {
                // The go command would try to resolve a non-canonical version
                // over the network; only a malformed one is certainly wrong.
                (canonical.is_empty()).then(|| format!("retract {path}: version {:?} invalid: must be of the form v1.2.3", version.text))
            } else if ok {
                semver::check_path_major(&canonical, path_major).err().map(|message| format!("retract {path}: {message}"))
            } else {
                None
            };
            if let Some(message) = problem {
                file.errors.push(ParseError { start, end: start, message });
                break;
            }
        }
    }
}

/// `parseReplace`.
pub(crate) fn parse_replace(line: &Line) -> Result<Replace, String> {
    let verb = line.verb.text.as_str();
    let args = &line.tokens;
    let arrow = if args.len() >= 2 && args[1].text == "=>" { 1 } else { 2 };
    if args.len() < arrow + 2 || args.len() > arrow + 3 || args[arrow].text != "=>" {
        return Err(format!("usage: {verb} module/path [v1.2.3] => other/module v1.4\n\t or {verb} module/path [v1.2.3] => ../local/directory"));
    }
    let old = unquote(&args[0].text).map_err(|err| format!("invalid quoted string: {err}"))?;
    let (_, path_major, ok) = semver::split_path_version(&old);
    if !ok {
        return Err(format!("{verb} {old}: invalid module path"));
    }
    let mut old_version = None;
    if arrow == 2 {
        let version = parse_version(verb, &old, &args[1])?;
        semver::check_path_major(&version, path_major).map_err(|message| format!("{verb} {old}: {message}"))?;
        old_version = Some(Token::new(version, &args[1]));
    }
    let new = unquote(&args[arrow + 1].text).map_err(|err| format!("invalid quoted string: {err}"))?;
    let mut new_version = None;
    if args.len() == arrow + 2 {
        if !is_directory_path(&new) {
            if new.contains('@') {
                return Err("replacement module must match format 'path version', not 'path@version'".to_string());
            }
            return Err("replacement module without version must be directory path (rooted or starting with . or ..)".to_string());
        }
        if new.contains('\\') {
            return Err("replacement directory appears to be Windows path (on a non-windows system)".to_string());
        }
    }
    if args.len() == arrow + 3 {
        let version = parse_version(verb, &new, &args[arrow + 2])?;
        if is_directory_path(&new) {
            return Err(format!("replacement module directory path {new:?} cannot have version"));
        }
        new_version = Some(Token::new(version, &args[arrow + 2]));
    }
    Ok(Replace { old_path: Token::new(old, &args[0]), old_version, new_path: Token::new(new, &args[arrow + 1]), new_version, line: (line.start, line.end) })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn errors(content: &str) -> Vec<(usize, String)> {
        parse(content.as_bytes()).errors.into_iter().map(|e| (syntax::line_rune(content.as_bytes(), e.start).0, e.message)).collect()
    }

    #[test]
    fn reads_every_directive() {
        let file = parse(
            b"// Deprecated: use example.com/n.\nmodule example.com/m\n\ngo 1.21\ntoolchain go1.22.1\ngodebug (\n\tasynctimerchan=1\n)\nrequire (\n\tgolang.org/x/text v0.3 // indirect\n\t\"example.com/q\" v1.0.0\n)\nexclude example.com/q v1.1.0\nreplace example.com/q v1.0.0 => ../q\nreplace example.com/r => example.com/s v1.2.3\nretract [v1.0.0, v1.0.5] // broken\ntool example.com/m/cmd/gen\nignore ./node_modules\n",
        );
        assert_eq!(file.errors, vec![]);
        let module = file.module.unwrap();
        assert_eq!(module.path.text, "example.com/m");
        assert_eq!(module.deprecated.as_deref(), Some("use example.com/n."));
        assert_eq!(file.go_version, Some(GoVersion::new(1, 21)));
        assert_eq!(file.toolchain.unwrap().text, "go1.22.1");
        assert_eq!((file.godebug[0].key.text.as_str(), file.godebug[0].value.as_str()), ("asynctimerchan", "1"));
        assert_eq!(file.require[0].version.text, "v0.3.0");
        assert!(file.require[0].indirect && !file.require[1].indirect);
        assert_eq!(file.require[1].path.text, "example.com/q");
        assert_eq!(file.exclude[0].version.text, "v1.1.0");
        assert!(file.replace[0].is_local() && !file.replace[1].is_local());
        assert_eq!(file.replace[1].new_version.as_ref().unwrap().text, "v1.2.3");
        assert_eq!((file.retract[0].low.text.as_str(), file.retract[0].high.text.as_str(), file.retract[0].rationale.as_str()), ("v1.0.0", "v1.0.5", "broken"));
        assert_eq!(file.tool[0].text, "example.com/m/cmd/gen");
        assert_eq!(file.ignore[0].text, "./node_modules");
    }

    #[test]
    fn empty_file_misses_its_module() {
        let file = parse(b"");
        assert_eq!(file.errors[0].message, "missing module declaration");
        assert_eq!(file.go_version, Some(GO_VERSION_WITHOUT_GO_LINE));
    }

    #[test]
    fn errors_in_the_go_commands_words() {
        let text = "module m\n\nrequir x v1.0.0\ngo 1.x\nrequire (\n\tx.com/b v2.0.0\n\tx.com/c master\n)\nreplace x.com/d => x.com/e\nretract v2.0.0\ntoolchain 1.22\n";
        assert_eq!(
            errors(text),
            [
                (3, "unknown directive: requir".to_string()),
                (4, "invalid go version '1.x': must match format 1.23.0".to_string()),
                (6, "require x.com/b: version \"v2.0.0\" invalid: should be v0 or v1, not v2".to_string()),
                (7, "require x.com/c: version \"master\" invalid: must be of the form v1.2.3".to_string()),
                (9, "replacement module without version must be directory path (rooted or starting with . or ..)".to_string()),
                (10, "retract m: version \"v2.0.0\" invalid: should be v0 or v1, not v2".to_string()),
                (11, "invalid toolchain version '1.22': must match format go1.23.0 or default".to_string()),
            ]
        );
    }

    #[test]
    fn go_versions() {
        for ok in ["1.21", "1.21.0", "1.21rc1", "1.0", "2.0"] {
            assert!(is_valid_go_version(ok), "{ok}");
        }
        for bad in ["1", "go1.21", "1.021", "1.21-rc1", "1.21.0.1", "01.2", "1.21rc"] {
            assert!(!is_valid_go_version(bad), "{bad}");
        }
    }

    #[test]
    fn quoted_module_path() {
        assert_eq!(parse(b"module \"example.com/q\"\n").module.unwrap().path.text, "example.com/q");
    }
}
