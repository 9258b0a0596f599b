//! Build constraints: whether a plain `go build` can include a file for some
//! target. A target is a GOOS/GOARCH pair the go command supports, with cgo
//! on or off, built by a current toolchain (every `go1.N` release tag holds)
//! with the gc compiler and no `-tags` (so `ignore`, `purego`, `race` and
//! every other custom tag is unset). A file's constraint is its name's
//! `_GOOS`, `_GOARCH` or `_GOOS_GOARCH` suffix and its `//go:build` line.
//! `// +build` lines (before Go 1.17) are not read.

/// `go tool dist list` of Go 1.26.
const PORTS: [(&str, &str); 47] = [
    ("aix", "ppc64"),
    ("android", "386"),
    ("android", "amd64"),
    ("android", "arm"),
    ("android", "arm64"),
    ("darwin", "amd64"),
    ("darwin", "arm64"),
    ("dragonfly", "amd64"),
    ("freebsd", "386"),
    ("freebsd", "amd64"),
    ("freebsd", "arm"),
    ("freebsd", "arm64"),
    ("illumos", "amd64"),
    ("ios", "amd64"),
    ("ios", "arm64"),
    ("js", "wasm"),
    ("linux", "386"),
    ("linux", "amd64"),
    ("linux", "arm"),
    ("linux", "arm64"),
    ("linux", "loong64"),
    ("linux", "mips"),
    ("linux", "mips64"),
    ("linux", "mips64le"),
    ("linux", "mipsle"),
    ("linux", "ppc64"),
    ("linux", "ppc64le"),
    ("linux", "riscv64"),
    ("linux", "s390x"),
    ("netbsd", "386"),
    ("netbsd", "amd64"),
    ("netbsd", "arm"),
    ("netbsd", "arm64"),
    ("openbsd", "386"),
    ("openbsd", "amd64"),
    ("openbsd", "arm"),
    ("openbsd", "arm64"),
    ("openbsd", "ppc64"),
    ("openbsd", "riscv64"),
    ("plan9", "386"),
    ("plan9", "amd64"),
    ("plan9", "arm"),
    ("solaris", "amd64"),
    ("wasip1", "wasm"),
    ("windows", "386"),
    ("windows", "amd64"),
    ("windows", "arm64"),
];

/// Operating systems a file name suffix can name (go/build's known list,
/// ports that no longer exist included: `x_nacl.go` builds for no target).
const KNOWN_OS: [&str; 18] = [
    "aix",
    "android",
    "darwin",
    "dragonfly",
    "freebsd",
    "hurd",
    "illumos",
    "ios",
    "js",
    "linux",
    "nacl",
    "netbsd",
    "openbsd",
    "plan9",
    "solaris",
    "wasip1",
    "windows",
    "zos",
];

const UNIX_OS: [&str; 12] = ["aix", "android", "darwin", "dragonfly", "freebsd", "hurd", "illumos", "ios", "linux", "netbsd", "openbsd", "solaris"];

const KNOWN_ARCH: [&str; 24] = [
    "386",
    "amd64",
    "amd64p32",
    "arm",
    "armbe",
    "arm64",
    "arm64be",
    "loong64",
    "mips",
    "mipsle",
    "mips64",
    "mips64le",
    "mips64p32",
    "mips64p32le",
    "ppc",
    "ppc64",
    "ppc64le",
    "riscv",
    "riscv64",
    "s390",
    "s390x",
    "sparc",
    "sparc64",
    "wasm",
];

/// An expression longer than this many tokens is taken to allow every
/// target (the go command would read it; gotrap does not need to).
const MAX_TOKENS: usize = 256;

#[derive(Debug, Clone, Copy)]
struct Target {
    goos: &'static str,
    goarch: &'static str,
    cgo: bool,
}

impl Target {
    /// Whether a build tag holds for this target (go/build's matchTag).
    fn has_tag(&self, tag: &str) -> bool {
        match tag {
            "cgo" => self.cgo,
            "gc" => true,
            "unix" => UNIX_OS.contains(&self.goos),
            _ if tag == self.goarch => true,
            _ => self.matches_os(tag) || tag.strip_prefix("go1.").is_some_and(|minor| !minor.is_empty() && minor.bytes().all(|b| b.is_ascii_digit())),
        }
    }

    /// GOOS matching, where android also matches linux, illumos solaris and
    /// ios darwin.
    fn matches_os(&self, os: &str) -> bool {
        os == self.goos || matches!((self.goos, os), ("android", "linux") | ("illumos", "solaris") | ("ios", "darwin"))
    }

    fn all() -> impl Iterator<Item = Target> {
        PORTS.iter().flat_map(|&(goos, goarch)| [false, true].map(|cgo| Target { goos, goarch, cgo }))
    }
}

/// Whether `go build` includes the file for at least one target.
pub fn builds_for_some_target(file_name: &str, constraint: Option<&str>) -> bool {
    let expression = match constraint.map(Expression::parse) {
        Some(Some(expression)) => Some(expression),
        // A malformed line: the go command rejects the file, but gotrap
        // keeps it rather than guess.
        Some(None) | None => None,
    };
    Target::all().any(|target| name_allows(file_name, &target) && expression.as_ref().is_none_or(|e| e.holds(&target)))
}

/// The GOOS/GOARCH a file name's suffix requires, if any (go/build's
/// goodOSArchFile): `x_linux.go`, `x_amd64.go`, `x_linux_amd64_test.go`.
fn name_suffix(file_name: &str) -> (Option<&str>, Option<&str>) {
    let stem = file_name.split('.').next().unwrap_or(file_name);
    let Some(underscore) = stem.find('_') else { return (None, None) };
    let mut parts: Vec<&str> = stem[underscore..].split('_').collect();
    if parts.last() == Some(&"test") {
        parts.pop();
    }
    match parts.as_slice() {
        [.., os, arch] if KNOWN_OS.contains(os) && KNOWN_ARCH.contains(arch) => (Some(os), Some(arch)),
        [.., last] if KNOWN_OS.contains(last) => (Some(last), None),
        [.., last] if KNOWN_ARCH.contains(last) => (None, Some(last)),
        _ => (None, None),
    }
}

fn name_allows(file_name: &str, target: &Target) -> bool {
    let (os, arch) = name_suffix(file_name);
    os.is_none_or(|os| target.matches_os(os)) && arch.is_none_or(|arch| arch == target.goarch)
}

/// A `//go:build` expression in postfix order, evaluated with a stack so
/// nesting costs no recursion.
#[derive(Debug)]
struct Expression(Vec<Token>);

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Tag(String),
    Not,
    And,
    Or,
    Open,
}

impl Expression {
    /// Shunting-yard over `!`, `&&`, `||`, parentheses and tags; None when
    /// the expression is malformed or too long.
    fn parse(text: &str) -> Option<Expression> {
        let mut output = Vec::new();
        let mut operators: Vec<Token> = Vec::new();
        // Whether the next token starts an operand (a tag, `!` or `(`).
        let mut expect_operand = true;
        let bytes = text.as_bytes();
        let mut i = 0;
        let mut tokens = 0;
        while i < bytes.len() {
            tokens += 1;
            if tokens > MAX_TOKENS {
                return None;
            }
            let byte = bytes[i];
            if byte.is_ascii_whitespace() {
                tokens -= 1;
                i += 1;
                continue;
            }
            let two = bytes.get(i..i + 2);
            if expect_operand {
                match byte {
                    b'!' => operators.push(Token::Not),
                    b'(' => operators.push(Token::Open),
                    _ => {
                        let length = bytes[i..].iter().take_while(|b| b.is_ascii_alphanumeric() || **b == b'_' || **b == b'.').count();
                        if length == 0 {
                            return None;
                        }
                        output.push(Token::Tag(text[i..i + length].to_string()));
                        i += length;
                        expect_operand = false;
                        continue;
                    }
                }
                i += 1;
                continue;
            }
            let (operator, width) = match (byte, two) {
                (_, Some(b"&&")) => (Token::And, 2),
                (_, Some(b"||")) => (Token::Or, 2),
                (b')', _) => {
                    loop {
                        match operators.pop()? {
                            Token::Open => break,
                            token => output.push(token),
                        }
                    }
                    i += 1;
                    continue;
                }
                _ => return None,
            };
            // `!` binds tightest, then `&&`, then `||`; all left-associative.
            while let Some(top) = operators.last() {
                let pops = matches!((top, &operator), (Token::Not, _) | (Token::And, _) | (Token::Or, Token::Or));
                if !pops {
                    break;
                }
                output.push(operators.pop()?);
            }
            operators.push(operator);
            expect_operand = true;
            i += width;
        }
        if expect_operand {
            return None;
        }
        while let Some(token) = operators.pop() {
            if token == Token::Open {
                return None;
            }
            output.push(token);
        }
        Some(Expression(output))
    }

    fn holds(&self, target: &Target) -> bool {
        let mut stack: Vec<bool> = Vec::new();
        for token in &self.0 {
            let value = match token {
                Token::Tag(tag) => target.has_tag(tag),
                Token::Not => !stack.pop().unwrap_or(false),
                Token::And | Token::Or => {
                    let (right, left) = (stack.pop().unwrap_or(false), stack.pop().unwrap_or(false));
                    if *token == Token::And {
                        left && right
                    } else {
                        left || right
                    }
                }
                Token::Open => false,
            };
            stack.push(value);
        }
        stack.pop().unwrap_or(true)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_name_suffixes() {
        assert_eq!(name_suffix("x_linux.go"), (Some("linux"), None));
        assert_eq!(name_suffix("x_linux_amd64_test.go"), (Some("linux"), Some("amd64")));
        assert_eq!(name_suffix("x_arm64.go"), (None, Some("arm64")));
        assert_eq!(name_suffix("linux.go"), (None, None));
        assert_eq!(name_suffix("x_test.go"), (None, None));
        assert_eq!(name_suffix("defs_linux_test.go"), (Some("linux"), None));
        assert_eq!(name_suffix("my_file.go"), (None, None));
    }

    #[test]
    fn which_files_build() {
        let builds = |name: &str, constraint: Option<&str>| builds_for_some_target(name, constraint);
        assert!(builds("x.go", None));
        assert!(builds("x_linux.go", None));
        assert!(builds("x_linux.go", Some("linux && !cgo")));
        assert!(builds("x_android.go", Some("linux")), "android targets also match linux");
        assert!(builds("x.go", Some("unix && (amd64 || arm64)")));
        assert!(builds("x.go", Some("go1.21 && !purego")));
        assert!(!builds("x_nacl.go", None), "no nacl port exists");
        assert!(!builds("x_linux.go", Some("windows")));
        assert!(!builds("x_windows.go", Some("unix")));
        assert!(!builds("x.go", Some("ignore")));
        assert!(!builds("x.go", Some("purego")));
        assert!(!builds("x.go", Some("!go1.21")));
        assert!(!builds("x.go", Some("linux && windows")));
        assert!(!builds("x.go", Some("js && !wasm")));
        assert!(!builds("x.go", Some("!(linux || !linux)")));
        assert!(builds("x.go", Some("!linux || (amd64 && linux)")));
    }

    #[test]
    fn precedence_and_malformed_lines() {
        let target = Target { goos: "linux", goarch: "amd64", cgo: false };
        let holds = |text: &str| Expression::parse(text).map(|e| e.holds(&target));
        assert_eq!(holds("windows || linux && amd64"), Some(true));
        assert_eq!(holds("(windows || linux) && arm"), Some(false));
        assert_eq!(holds("!windows && !cgo"), Some(true));
        assert_eq!(holds("!!linux"), Some(true));
        assert_eq!(holds("linux &&"), None);
        assert_eq!(holds("(linux"), None);
        assert_eq!(holds("linux)"), None);
        assert_eq!(holds("linux amd64"), None);
        let deep = format!("{}linux{}", "(".repeat(100), ")".repeat(100));
        assert_eq!(holds(&deep), Some(true));
        let long = vec!["linux"; 300].join(" && ");
        assert_eq!(holds(&long), None);
        // A malformed line keeps the file.
        assert!(builds_for_some_target("x.go", Some("linux &&")));
    }
}
