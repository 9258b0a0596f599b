//! GT506 insecure-module-env: CI and build files that turn off the
//! checksum database or fetch modules insecurely.

use super::{CiFile, Example, ExampleKind, Family, RuleMeta, WorkspaceContext, WorkspaceRule};
use crate::report::Severity;

pub static META: RuleMeta = RuleMeta {
    id: "GT506",
    name: "insecure-module-env",
    family: Family::Modules,
    severity: Severity::Warning,
    summary: "CI or build files turn off module checksum verification or allow insecure module fetches",
    versions: "all",
    options: &[],
    docs: rule_docs!(
        r#"
## What it does
Reads CI workflows (`.github/workflows/*.yml`, `.gitlab-ci.yml`),
Dockerfiles, Makefiles (`Makefile`, `*.mk`), `.envrc` and shell scripts,
and reports settings of the go command's environment
(`NAME=value`, `NAME: value`, `ENV NAME value`, `go env -w NAME=value`):
- `GOSUMDB=off`: no checksum database verification of new modules;
- `GOINSECURE=...`: modules matching the patterns may be fetched over plain
  HTTP or with invalid certificates;
- `GONOSUMDB`/`GOPRIVATE` patterns that match public hosts broadly (`*`,
  `github.com`, `github.com/*`, `*.com`): every module there skips the
  checksum database (and, for `GOPRIVATE`, the proxy);
- `-mod=mod` (in `GOFLAGS` or on a go command line) as info: the build may
  rewrite go.mod and go.sum instead of failing on a missing requirement.

Names that are not go command settings (there is no `GONOSUMCHECK`) and
flags the go command removed (`go get -insecure`, which now fails) are not
reported: they do nothing, or fail loudly.

## Why is this a trap?
go.sum protects only modules already recorded in it; the checksum database
(`sum.golang.org`) is what tells the first download of a module version
that it is the same code everybody else got. Turning it off for all of
GitHub — a common "fix" for a private repository — means a re-tagged or
tampered version of any public dependency goes unnoticed. List the private
prefixes instead (`GOPRIVATE=github.com/yourorg`). `-mod=mod` in CI builds
with requirements nobody reviewed; the default `-mod=readonly` fails
instead, which is what CI is for.

## What it cannot see
Values assembled at run time (`GOSUMDB=$VAR`), settings made in CI
secrets or runner images, and lines of other languages' files.

## Overlap
None in go vet or staticcheck.
"#
    ),
    examples: rule_examples!(&[
        Example {
            kind: ExampleKind::Bad,
            go_version: "1.22",
            code: r#"
-- Dockerfile --
FROM golang:1.22
ENV GOPRIVATE=github.com
ENV GOSUMDB=off
RUN go build ./...
"#,
        },
        Example {
            kind: ExampleKind::Good,
            go_version: "1.22",
            code: r#"
-- Dockerfile --
FROM golang:1.22
ENV GOPRIVATE=github.com/acme
RUN go build ./...
"#,
        },
    ]),
};

pub struct InsecureModuleEnv;

const VARIABLES: [&str; 5] = ["GOSUMDB", "GOINSECURE", "GONOSUMDB", "GOPRIVATE", "GOFLAGS"];
const PUBLIC_HOSTS: [&str; 12] = [
    "github.com",
    "gitlab.com",
    "bitbucket.org",
    "golang.org",
    "google.golang.org",
    "go.googlesource.com",
    "gopkg.in",
    "go.uber.org",
    "k8s.io",
    "sigs.k8s.io",
    "cloud.google.com",
    "go.opentelemetry.io",
];

/// A `NAME=value` setting found in a line: name, value, byte range of the whole setting.
struct Setting<'a> {
    name: &'static str,
    value: &'a str,
    start: usize,
    end: usize,
}

fn is_name_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b == b'_'
}

/// Settings of the watched variables in one line (offsets relative to the line).
fn settings(line: &str) -> Vec<Setting<'_>> {
    let bytes = line.as_bytes();
    let docker_env = {
        let trimmed = line.trim_start();
        trimmed.starts_with("ENV ") || trimmed.starts_with("ENV\t")
    };
    let mut found = Vec::new();
    for name in VARIABLES {
        let mut from = 0;
        while let Some(offset) = line[from..].find(name) {
            let at = from + offset;
            from = at + name.len();
            if at > 0 && (is_name_byte(bytes[at - 1]) || matches!(bytes[at - 1], b'$' | b'{')) {
                continue;
            }
            let mut i = at + name.len();
            if bytes.get(i).is_some_and(|&b| is_name_byte(b)) {
                continue;
            }
            // Closing quote of a quoted key (`"GOSUMDB": off`).
            if matches!(bytes.get(i), Some(b'"' | b'\'')) {
                i += 1;
            }
            match bytes.get(i) {
                Some(b'=') => i += 1,
                Some(b':') => {
                    i += 1;
                    while matches!(bytes.get(i), Some(b' ' | b'\t')) {
                        i += 1;
                    }
                }
                Some(b' ' | b'\t') if docker_env => {
                    while matches!(bytes.get(i), Some(b' ' | b'\t')) {
                        i += 1;
                    }
                }
                _ => continue,
            }
            let (value, end) = match bytes.get(i) {
                Some(&quote @ (b'"' | b'\'')) => match line[i + 1..].find(quote as char) {
                    Some(close) => (&line[i + 1..i + 1 + close], i + 2 + close),
                    None => continue,
                },
                _ => {
                    let stop = line[i..]
                        .find(|c: char| c.is_whitespace() || matches!(c, ';' | '&' | '|' | ')' | '"' | '\'' | '}' | ','))
                        .map_or(line.len(), |n| i + n);
                    (&line[i..stop], stop)
                }
            };
            if !value.is_empty() {
                found.push(Setting { name, value, start: at, end });
            }
        }
    }
    found
}

/// A GONOSUMDB/GOPRIVATE pattern that matches public hosts broadly.
fn broad_pattern(pattern: &str) -> bool {
    let mut elements = pattern.trim_end_matches('/').split('/');
    let host = elements.next().unwrap_or("");
    let second = elements.next();
    let wild_host = host == "*" || host == "*.*" || ["com", "org", "io", "net", "in"].iter().any(|tld| host == format!("*.{tld}"));
    wild_host || (PUBLIC_HOSTS.contains(&host) && second.is_none_or(|s| s == "*"))
}

/// The line without its `#` comment (a `#` at the start or after a blank,
/// outside quotes, as shells, Dockerfiles, YAML and make read it).
fn strip_comment(line: &str) -> &str {
    let mut quote = None;
    let mut previous = ' ';
    for (i, c) in line.char_indices() {
        match (quote, c) {
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '#') if previous.is_whitespace() => return &line[..i],
            _ => {}
        }
        previous = c;
    }
    line
}

fn check_file(cx: &mut WorkspaceContext, file: &CiFile) {
    let text = String::from_utf8_lossy(&file.content);
    let mut offset = 0;
    for line in text.split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let line = strip_comment(line);
        for setting in settings(line) {
            let range = start + setting.start..start + setting.end;
            let value = setting.value;
            let (severity, message) = match setting.name {
                "GOSUMDB" if value == "off" => (
                    None,
                    "GOSUMDB=off: modules missing from go.sum are no longer checked against the checksum database, so a tampered or re-tagged version goes unnoticed; use GONOSUMDB/GOPRIVATE with your private prefixes instead".to_string(),
                ),
                "GOINSECURE" => (
                    None,
                    format!("GOINSECURE={value}: modules matching it may be fetched over plain HTTP or with invalid certificates; serve them over HTTPS instead"),
                ),
                "GONOSUMDB" | "GOPRIVATE" => {
                    let broad: Vec<&str> = value.split(',').map(str::trim).filter(|p| broad_pattern(p)).collect();
                    let Some(first) = broad.first() else { continue };
                    let what = if setting.name == "GOPRIVATE" { "checksum database and proxy" } else { "checksum database" };
                    (
                        None,
                        format!(
                            "{}={value}: the pattern {first} covers public modules, which then skip the {what}; list only your private prefixes (e.g. github.com/yourorg)",
                            setting.name
                        ),
                    )
                }
                "GOFLAGS" if value.split_whitespace().any(|flag| flag == "-mod=mod") => (
                    Some(Severity::Info),
                    format!("GOFLAGS={value}: -mod=mod lets the build rewrite go.mod and go.sum instead of failing on a missing requirement; CI then builds with requirements nobody reviewed"),
                ),
                _ => continue,
            };
            cx.report(&META, severity, &file.path, &file.content, range, message);
        }
        // `go build -mod=mod` on a command line (not inside GOFLAGS, reported above).
        let mut from = 0;
        while let Some(found) = line[from..].find("-mod=mod") {
            let at = from + found;
            from = at + "-mod=mod".len();
            let after_ok = line[from..].chars().next().is_none_or(|c| !(c.is_alphanumeric() || c == '_' || c == '-'));
            let in_goflags = settings(line).iter().any(|s| s.name == "GOFLAGS" && s.start <= at && at < s.end);
            let mentions_go = line[..at].split_whitespace().any(|word| word == "go" || word.ends_with("/go"));
            if after_ok && !in_goflags && mentions_go {
                let message = "-mod=mod lets the build rewrite go.mod and go.sum instead of failing on a missing requirement; CI then builds with requirements nobody reviewed".to_string();
                cx.report(&META, Some(Severity::Info), &file.path, &file.content, start + at..start + from, message);
            }
        }
    }
}

impl WorkspaceRule for InsecureModuleEnv {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut WorkspaceContext) {
        for file in cx.ci_files {
            check_file(cx, file);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_settings_in_every_syntax() {
        let names = |line: &str| settings(line).iter().map(|s| format!("{}={}", s.name, s.value)).collect::<Vec<_>>();
        assert_eq!(names("  GOSUMDB: off"), ["GOSUMDB=off"]);
        assert_eq!(names("export GOSUMDB=off GOPRIVATE=\"github.com\""), ["GOSUMDB=off", "GOPRIVATE=github.com"]);
        assert_eq!(names("ENV GOINSECURE example.com"), ["GOINSECURE=example.com"]);
        assert_eq!(names("go env -w GONOSUMDB=*"), ["GONOSUMDB=*"]);
        assert!(names("echo $GOSUMDB ${GOPRIVATE}").is_empty());
        assert!(names("MY_GOSUMDB=off GONOSUMCHECK=1").is_empty());
        assert_eq!(strip_comment("ENV A=b # GOSUMDB=off"), "ENV A=b ");
        assert_eq!(strip_comment("echo \"a # b\" # c"), "echo \"a # b\" ");
        assert_eq!(strip_comment("# GOSUMDB=off"), "");
    }

    #[test]
    fn broad_patterns() {
        for broad in ["*", "github.com", "github.com/*", "*.com"] {
            assert!(broad_pattern(broad), "{broad}");
        }
        for narrow in ["github.com/acme", "git.corp.example.com", "*.corp.example.com"] {
            assert!(!broad_pattern(narrow), "{narrow}");
        }
    }
}
