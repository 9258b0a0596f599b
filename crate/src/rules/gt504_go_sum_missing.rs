//! GT504 go-sum-missing: go.sum lacks a checksum the go command needs.

use super::{Example, ExampleKind, Family, RuleMeta, WorkspaceContext, WorkspaceRule};
use crate::module::gomod::GoMod;
use crate::report::Severity;
use crate::workspace::{module_provides, path_in_module};

pub static META: RuleMeta = RuleMeta {
    id: "GT504",
    name: "go-sum-missing",
    family: Family::Modules,
    severity: Severity::Warning,
    summary: "go.sum lacks a checksum the go command needs: the build stops with \"missing go.sum entry\"",
    versions: "go.mod at go 1.17 or later (pruned module graphs)",
    options: &[],
    docs: rule_docs!(
        r#"
## What it does
For a go.mod at `go 1.17` or later, reports
- a requirement whose `path version/go.mod h1:` line is not in the go.sum
  beside it (every requirement's go.mod is read to build the module graph);
- an import, in a `.go` file of that module, of a package whose module's
  zip checksum (`path version h1:`) is not in go.sum — once per module, at
  the first import;
- a go.mod with requirements but no go.sum at all, once — only when `.go`
  files of the module were analysed too (a go.mod on its own may simply
  have been pasted or named without its go.sum).

A requirement replaced by a directory needs no checksum; one replaced by
another module version needs the replacement's.

## Why is this a trap?
The go command verifies every module it downloads against go.sum and, by
default (`-mod=readonly`), refuses to add missing lines during a build: it
stops with `missing go.sum entry for module providing package`. The usual
cause is a go.mod edited by hand or a go.sum left out of a commit; it works
on the machine whose module cache already has the module and fails in CI.

## What it cannot see
Modules in workspace mode (a go.work joins the module): their checksums may
be in `go.work.sum` or another module's go.sum, so they are not checked.
Vendored builds (`vendor/modules.txt`, `-mod=vendor`) do not consult
go.sum; the vendor directory is not read. The version a build selects can
be higher than the one in go.mod when go.mod is not tidy; the checksum of
the required version is what is looked for. Below go 1.17 go.sum also needs
the go.mod checksums of the whole graph, which cannot be known from the files.

## Overlap
The go command itself, at build time; `go mod verify` checks the module
cache against go.sum, not go.sum's completeness.
"#
    ),
    examples: rule_examples!(&[
        Example {
            kind: ExampleKind::Bad,
            go_version: "1.22",
            code: r#"
-- go.mod --
module example.com/app

go 1.22

require golang.org/x/text v0.14.0
-- go.sum --
golang.org/x/text v0.14.0/go.mod h1:18ZOQIKpY8NJVqYksKHtTdi31H5itFRjB5/qKTNYzSU=
-- main.go --
package main

import "golang.org/x/text/language"

func main() { _ = language.English }
"#,
        },
        Example {
            kind: ExampleKind::Good,
            go_version: "1.22",
            code: r#"
-- go.mod --
module example.com/app

go 1.22

require golang.org/x/text v0.14.0
-- go.sum --
golang.org/x/text v0.14.0 h1:ScX5w1eTa3QqT8oi6+ziP7dTV1S2+ALU0bI+0zXKWiQ=
golang.org/x/text v0.14.0/go.mod h1:18ZOQIKpY8NJVqYksKHtTdi31H5itFRjB5/qKTNYzSU=
-- main.go --
package main

import "golang.org/x/text/language"

func main() { _ = language.English }
"#,
        },
    ]),
};

pub struct GoSumMissing;

/// The module version whose checksums a requirement needs: the
/// replacement's, none for a directory replacement, none when excluded.
fn target(module: &GoMod, path: &str, version: &str) -> Option<(String, String)> {
    if module.exclude.iter().any(|x| x.path.text == path && x.version.text == version) {
        return None;
    }
    let replace = module
        .replace
        .iter()
        .filter(|r| r.old_path.text == path && r.old_version.as_ref().is_none_or(|v| v.text == version))
        .max_by_key(|r| r.old_version.is_some());
    match replace {
        Some(r) if r.is_local() => None,
        Some(r) => Some((r.new_path.text.clone(), r.new_version.as_ref().map(|v| v.text.clone()).unwrap_or_default())),
        None => Some((path.to_string(), version.to_string())),
    }
}

impl WorkspaceRule for GoSumMissing {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut WorkspaceContext) {
        for module in cx.modules.mods.values() {
            let parsed = &module.parsed;
            if parsed.go.is_none() || !parsed.go_version.is_some_and(|v| v.at_least(17)) || cx.modules.workspace_of(module.dir()).is_some() {
                continue;
            }
            let needed: Vec<_> = parsed.require.iter().filter_map(|r| Some((r, target(parsed, &r.path.text, &r.version.text)?))).collect();
            let Some(first) = needed.first() else { continue };
            let Some(sum) = cx.modules.sums.get(module.dir()) else {
                // A go.mod alone (pasted in the playground, named on the
                // command line) is not a module whose go.sum went missing.
                let has_go_files = cx.imports.iter().any(|site| cx.modules.governing_file(&site.file).is_some_and(|m| m.path == module.path));
                if !has_go_files {
                    continue;
                }
                let message = format!(
                    "no go.sum beside this go.mod, which requires {} module(s): the go command stops with \"missing go.sum entry\"; run `go mod tidy` and commit go.sum",
                    needed.len()
                );
                cx.report(&META, None, &module.path, &module.content, first.0.path.start..first.0.version.end, message);
                continue;
            };
            for (require, (path, version)) in &needed {
                if !sum.parsed.has(path, version, true) {
                    let replacement = if *path != require.path.text { format!(" (the replacement of {})", require.path.text) } else { String::new() };
                    let message = format!(
                        "go.sum has no checksum of {path} {version}/go.mod{replacement}, which the go command reads to build the module graph: it stops with \"missing go.sum entry\"; run `go mod tidy`"
                    );
                    cx.report(&META, None, &module.path, &module.content, require.version.start..require.version.end, message);
                }
            }
            let own = parsed.module_path().unwrap_or_default();
            // Imports of modules go.sum has no zip hash of, each module
            // reported at its first import.
            let mut missing = Vec::new();
            for site in cx.imports {
                let import = site.import_path.as_str();
                if cx.modules.governing_file(&site.file).is_none_or(|m| m.path != module.path)
                    || !import.split('/').next().is_some_and(|first| first.contains('.'))
                    || (!own.is_empty() && path_in_module(import, own))
                    || cx.modules.local_module_for_import(import).is_some()
                {
                    continue;
                }
                let Some(require) = parsed.require.iter().filter(|r| module_provides(&r.path.text, import)).max_by_key(|r| r.path.text.len()) else { continue };
                let Some((path, version)) = target(parsed, &require.path.text, &require.version.text) else { continue };
                if !sum.parsed.has(&path, &version, false) {
                    missing.push((path, version, import, site));
                }
            }
            let first_of_module = crate::order::first_occurrences(&missing, |a, b| a.0.cmp(&b.0));
            for ((path, version, import, site), _) in missing.iter().zip(first_of_module).filter(|(_, first)| *first) {
                let message = format!(
                    "go.sum has no checksum of {path} {version}, the module providing {import}: the build stops with \"missing go.sum entry for module providing package\"; run `go mod tidy`"
                );
                cx.report_span(&META, None, &site.file, site.span.clone(), message);
            }
        }
    }
}
