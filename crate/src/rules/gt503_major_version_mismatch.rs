//! GT503 major-version-mismatch: two majors of one module, a module
//! importing its own older major, or a `/vN` import with no `/vN` require.

use super::{Example, ExampleKind, Family, RuleMeta, WorkspaceContext, WorkspaceRule};
use crate::module::gomod::Require;
use crate::module::semver;
use crate::report::Severity;
use crate::workspace::{module_provides, path_in_module};

pub static META: RuleMeta = RuleMeta {
    id: "GT503",
    name: "major-version-mismatch",
    family: Family::Modules,
    severity: Severity::Warning,
    summary: "two major versions of one module in one build, or an import path whose major version no requirement provides",
    versions: "all",
    options: &[],
    docs: rule_docs!(
        r#"
## What it does
Reports, per go.mod:
- two majors of one module required directly (`github.com/x/y v1.8.0` and
  `github.com/x/y/v2 v2.1.0`, or `gopkg.in/yaml.v2` and `gopkg.in/yaml.v3`),
  at the older one;
- a `.go` file of a `/vN` module importing another major of its own module
  path (`example.com/m/v2` importing `example.com/m/pkg`);
- a `.go` file importing `example.com/x/v2/...` when the go.mod requires
  `example.com/x` but not `example.com/x/v2` — the build fails with "no
  required module provides package"; this one is an error.

## Why is this a trap?
Each major version is a different module: both are built, with separate
types, globals, `init` functions and registries (two Prometheus registries,
two sets of flags). Values of one do not fit the other's types, which shows
up as baffling "cannot use x (type y.T) as y.T" errors or, worse, as state
silently split in two. Half-finished migrations to a new major are the
usual cause. A module importing its own older major builds against the
*released* old code from the module proxy, not the code in the repository.

## What it cannot see
Majors required only indirectly, through dependencies (that is their
choice, and usually harmless). A workspace module that deliberately wraps
its previous major kept in the same workspace is not reported. Imports are
read from the analysed `.go` files only.

## Overlap
The go command reports the missing `/vN` requirement as a build error;
nothing reports the two-majors case.
"#
    ),
    examples: rule_examples!(&[
        Example {
            kind: ExampleKind::Bad,
            go_version: "1.22",
            code: r#"
module example.com/app

go 1.22

require (
	github.com/acme/client v1.9.0
	github.com/acme/client/v2 v2.3.0
)
"#,
        },
        Example {
            kind: ExampleKind::Good,
            go_version: "1.22",
            code: r#"
module example.com/app

go 1.22

require github.com/acme/client/v2 v2.3.0
"#,
        },
    ]),
};

pub struct MajorVersionMismatch;

/// The module path without its major suffix, and the major (`v2`, or `v1`
/// for none; `v3` for `gopkg.in/x.v3`).
fn base_and_major(path: &str) -> (&str, String) {
    let (prefix, path_major, ok) = semver::split_path_version(path);
    if !ok || path_major.is_empty() {
        return (path, "v1".to_string());
    }
    (prefix, path_major[1..].to_string())
}

/// `vN` with N ≥ 2, as a path element.
fn major_element(element: &str) -> Option<u64> {
    let digits = element.strip_prefix('v')?;
    let n: u64 = digits.parse().ok().filter(|_| !digits.starts_with('0'))?;
    (n >= 2).then_some(n)
}

impl WorkspaceRule for MajorVersionMismatch {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut WorkspaceContext) {
        // Two majors required directly.
        for module in cx.modules.mods.values() {
            let direct: Vec<&Require> = module.parsed.require.iter().filter(|r| !r.indirect).collect();
            // Sorted by base path, in file order within one (a stable sort
            // once: a go.mod may list many thousands).
            let mut by_base: Vec<(&str, &Require, u64)> = direct
                .iter()
                .map(|require| {
                    let (base, major) = base_and_major(&require.path.text);
                    (base, *require, major_number(&major))
                })
                .collect();
            crate::order::sort_stable_by(&mut by_base, |a, b| a.0.cmp(b.0));
            for older in &direct {
                let (base, older_major) = base_and_major(&older.path.text);
                let older_number = major_number(&older_major);
                let same_base = &by_base[by_base.partition_point(|entry| entry.0 < base)..by_base.partition_point(|entry| entry.0 <= base)];
                let newer = same_base.iter().filter(|(_, other, number)| other.path.text != older.path.text && *number > older_number);
                let Some((_, newer, _)) = newer.max_by_key(|(_, _, number)| *number) else { continue };
                let message = format!(
                    "{} ({older_major}) and {} are both required: two copies of the module are built, with separate types and package state; finish the migration to {}",
                    older.path.text, newer.path.text, newer.path.text
                );
                let related =
                    WorkspaceContext::related(&module.path, &module.content, newer.path.start..newer.path.end, format!("{} required here", newer.path.text));
                cx.report(&META, None, &module.path, &module.content, older.path.start..older.path.end, message).related.push(related);
            }
        }
        // Imports.
        for site in cx.imports {
            let import = site.import_path.as_str();
            if !import.split('/').next().is_some_and(|first| first.contains('.')) {
                continue;
            }
            let Some(module) = cx.modules.governing_file(&site.file) else { continue };
            let Some(own) = module.parsed.module_path() else { continue };
            if path_in_module(import, own) {
                continue;
            }
            let local = cx.modules.local_module_for_import(import).is_some();
            let (own_base, own_major) = base_and_major(own);
            if own_major != "v1" && !local {
                if let Some(other_major) = other_major_of(import, own_base, own) {
                    let message = format!(
                        "{own} imports {import}, the {other_major} path of its own module: the build uses the released {other_major} code from the module proxy, not this repository's, and the two majors' types do not mix"
                    );
                    cx.report_span(&META, None, &site.file, site.span.clone(), message);
                    continue;
                }
            }
            let provided = local || module.parsed.require.iter().any(|r| module_provides(&r.path.text, import));
            if provided || cx.modules.workspace_of(module.dir()).is_some() {
                continue;
            }
            let elements: Vec<&str> = import.split('/').collect();
            let Some(at) = (1..elements.len()).find(|&i| major_element(elements[i]).is_some()) else { continue };
            let base = elements[..at].join("/");
            let wanted = elements[..=at].join("/");
            let Some(other) = module.parsed.require.iter().find(|r| base_and_major(&r.path.text).0 == base) else { continue };
            let message = format!(
                "no required module provides package {import}: go.mod requires {} {} but not {wanted}, so the build fails; run `go get {wanted}` (a new major is a different module)",
                other.path.text, other.version.text
            );
            cx.report_span(&META, Some(Severity::Error), &site.file, site.span.clone(), message);
        }
    }
}

fn major_number(major: &str) -> u64 {
    major.trim_start_matches('v').parse().unwrap_or(1)
}

/// The major (`v1`, `v3`) of `import` when it is a package of another major
/// of the module whose base path is `base` (own path `own`).
fn other_major_of(import: &str, base: &str, own: &str) -> Option<String> {
    if base.starts_with("gopkg.in/") {
        let rest = import.strip_prefix(base)?.strip_prefix(".v")?;
        let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
        let after = &rest[digits.len()..];
        let other = format!("{base}.v{digits}");
        return (!digits.is_empty() && (after.is_empty() || after.starts_with('/')) && other != own).then(|| format!("v{digits}"));
    }
    if !path_in_module(import, base) {
        return None;
    }
    let rest = &import[base.len()..];
    let next = rest.trim_start_matches('/').split('/').next().unwrap_or("");
    match major_element(next) {
        Some(n) => Some(format!("v{n}")),
        None => Some("v1".to_string()),
    }
}
