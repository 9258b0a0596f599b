//! GT505 go-directive: old language semantics, invalid versions and
//! toolchain lines that cannot take effect.

use super::{Example, ExampleKind, Family, RuleMeta, WorkspaceContext, WorkspaceRule};
use crate::report::Severity;

pub static META: RuleMeta = RuleMeta {
    id: "GT505",
    name: "go-directive",
    family: Family::Modules,
    severity: Severity::Warning,
    summary: "the go line selects old language semantics, names no Go release, or the toolchain line cannot take effect",
    versions: "all",
    options: &[],
    docs: rule_docs!(
        r#"
## What it does
Per go.mod:
- info, once, when the `go` line (or its absence, which means go 1.16)
  selects semantics older than go 1.22 (loop variables shared by all
  iterations) or older than go 1.23 (`time.After`/`time.Tick` timers that
  are not collected until they fire, when this is the main module);
- warning for a `go` line that parses but names no Go release (`go 2.0`);
- warning for a `toolchain` line older than the `go` line, or naming a
  language version instead of a release (`toolchain go1.22` instead of
  `go1.22.0`).

Lines the go command cannot parse at all (`go 1.22.x`) are GT003.

## Why is this a trap?
The `go` line is not documentation: it selects the language semantics of
the module's files. Below 1.22 every `for i := ...` loop shares one `i`
(see GT101); below 1.23 the main module keeps the old timer semantics
(see GT207). Upgrading the toolchain does not change them — only the go
line does. A toolchain line older than the go line has no effect, since the
go command needs at least the go line's version anyway, and `go1.22` is the
language version, not a release: since Go 1.21 releases are `go1.22.0`,
`go1.22.1`, ...

## What it cannot see
Which Go version the project's CI really uses, and whether a library
module is ever the main module.

## Overlap
GT101 and GT207 report the individual loops and timers the old semantics
affect; the go command reports lines it cannot parse.
"#
    ),
    examples: rule_examples!(&[
        Example {
            kind: ExampleKind::Bad,
            go_version: "1.22",
            code: r#"
module example.com/app

go 1.22.1

toolchain go1.21.8
"#,
        },
        Example {
            kind: ExampleKind::Good,
            go_version: "1.23",
            code: r#"
module example.com/app

go 1.23.0

toolchain go1.23.4
"#,
        },
    ]),
};

pub struct GoDirective;

/// A Go version ordered as the go command orders them: 1.22 < 1.22rc1 < 1.22.0 < 1.22.1.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Version {
    major: u64,
    minor: u64,
    /// 0 language version, 1 alpha, 2 beta, 3 rc, 4 release.
    stage: u8,
    n: u64,
}

fn parse_version(text: &str) -> Option<Version> {
    let text = text.strip_prefix("go").unwrap_or(text);
    let text = text.split('-').next().unwrap_or(text);
    let (major, rest) = text.split_once('.')?;
    let major = major.parse().ok()?;
    let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
    let minor = rest[..digits].parse().ok()?;
    let tail = &rest[digits..];
    let (stage, n) = if tail.is_empty() {
        (0, 0)
    } else if let Some(patch) = tail.strip_prefix('.') {
        (4, patch.parse().ok()?)
    } else {
        let letters = tail.bytes().take_while(u8::is_ascii_lowercase).count();
        let stage = match &tail[..letters] {
            "alpha" => 1,
            "beta" => 2,
            "rc" => 3,
            _ => return None,
        };
        (stage, tail[letters..].parse().ok()?)
    };
    Some(Version { major, minor, stage, n })
}

impl WorkspaceRule for GoDirective {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut WorkspaceContext) {
        for module in cx.modules.mods.values() {
            let parsed = &module.parsed;
            let go = parsed.go.as_ref().and_then(|token| Some((token, parse_version(&token.text)?)));
            match (&parsed.go, go) {
                (Some(token), Some((_, version))) if version.major != 1 => {
                    let message = format!(
                        "go {} names no Go release: the go command stops (\"go.mod requires go >= {}\") or looks for a toolchain that does not exist",
                        token.text, token.text
                    );
                    cx.report(&META, None, &module.path, &module.content, token.start..token.end, message);
                }
                (Some(token), Some((_, version))) if version.minor < 23 => {
                    let message = if version.minor < 22 {
                        format!(
                            "go {}: loop variables declared with := are shared by all iterations (per-iteration since go 1.22), and as the main module unstopped time.After/time.Tick timers are not collected until they fire (since go 1.23); the go line, not the toolchain, selects these semantics",
                            token.text
                        )
                    } else {
                        format!(
                            "go {}: as the main module, unstopped time.After/time.Tick timers are not collected until they fire and timer channels keep a buffer (changed in go 1.23); the go line, not the toolchain, selects these semantics",
                            token.text
                        )
                    };
                    cx.report(&META, Some(Severity::Info), &module.path, &module.content, token.start..token.end, message);
                }
                (None, _) if parsed.errors.iter().all(|e| !e.message.starts_with("invalid go version")) => {
                    if let Some(declaration) = &parsed.module {
                        let message = "no go line: the go command assumes go 1.16 for this module, so loop variables are shared by all iterations and timers keep their pre-1.23 semantics; add a go line (`go mod edit -go=1.23.0`)".to_string();
                        cx.report(&META, Some(Severity::Info), &module.path, &module.content, declaration.path.start..declaration.path.end, message);
                    }
                }
                _ => {}
            }
            let Some(toolchain) = &parsed.toolchain else { continue };
            let Some(named) = parse_version(&toolchain.text) else { continue };
            if named.stage == 0 && named.major == 1 && named.minor >= 21 {
                let message = format!(
                    "toolchain {} names the language version, not a release: no such toolchain exists to switch to (Go releases since 1.21 are {}.0, {}.1, ...)",
                    toolchain.text, toolchain.text, toolchain.text
                );
                cx.report(&META, None, &module.path, &module.content, toolchain.start..toolchain.end, message);
            } else if let Some((go_token, _)) = go.filter(|(_, go_version)| named < *go_version) {
                let message = format!(
                    "toolchain {} is older than go {}: it has no effect, since the go command needs at least go {} for this module; remove it or raise it",
                    toolchain.text, go_token.text, go_token.text
                );
                let related = WorkspaceContext::related(&module.path, &module.content, go_token.start..go_token.end, "the go line".to_string());
                cx.report(&META, None, &module.path, &module.content, toolchain.start..toolchain.end, message).related.push(related);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn orders_versions_as_the_go_command() {
        let v = |s| parse_version(s).unwrap();
        assert!(v("1.22") < v("1.22rc1"));
        assert!(v("1.22rc1") < v("1.22.0"));
        assert!(v("go1.21.8") < v("1.22.1"));
        assert!(v("go1.22.0-gccgo") == v("1.22.0"));
        assert!(v("1.9") < v("1.10"));
    }
}
