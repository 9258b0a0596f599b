//! GT501 replace-local-path: a go.mod `replace` to a directory.

use super::{Example, ExampleKind, Family, RuleMeta, WorkspaceContext, WorkspaceRule};
use crate::report::Severity;
use crate::workspace::join;

pub static META: RuleMeta = RuleMeta {
    id: "GT501",
    name: "replace-local-path",
    family: Family::Modules,
    severity: Severity::Warning,
    summary: "a go.mod replace points at a directory: only this checkout builds, and modules depending on this one ignore it",
    versions: "all",
    options: &[],
    docs: r#"
## What it does
Reports a `replace` directive of a go.mod whose replacement is a directory
(`=> ../fork`, `=> ./third_party/x`, `=> /home/me/src/x`). It is a warning
when the directory is outside the analysed workspace or holds no go.mod there,
and info when it is a module of the same workspace (a checked-in monorepo
sibling).

## Why is this a trap?
A directory replacement works on the machine that has the directory. Every
other checkout — a colleague's, CI, a Docker build that copies only the
module — fails with `replacement directory ../fork does not exist`. Worse,
replacements apply only in the main module: a module that depends on this
one ignores them and builds against the original version, so what you
tested is not what your users get. `go install example.com/cmd@latest`
refuses a go.mod with `replace` directives outright. A sibling module checked
in next to this one builds everywhere, so that case is info: it still does
not reach consumers of the module. A `go.work` file is the tool for local
development across modules.

## What it cannot see
Directories outside the analysed files: a replacement to `../x` when only
this module was analysed is reported as a warning even if the directory
exists on disk beside it. It does not look at `replace` lines of go.work
files, which exist for local development.

## Overlap
None in go vet or staticcheck. The go command fails loudly only on machines
where the directory is missing.
"#,
    examples: &[
        Example {
            kind: ExampleKind::Bad,
            go_version: "1.22",
            code: r#"
module example.com/app

go 1.22

require github.com/acme/lib v1.4.0

replace github.com/acme/lib => ../lib-fork
"#,
        },
        Example {
            kind: ExampleKind::Good,
            go_version: "1.22",
            code: r#"
module example.com/app

go 1.22

require github.com/acme/lib v1.4.1 // the fix, released
"#,
        },
    ],
};

pub struct ReplaceLocalPath;

impl WorkspaceRule for ReplaceLocalPath {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut WorkspaceContext) {
        for module in cx.modules.mods.values() {
            for replace in module.parsed.replace.iter().filter(|r| r.is_local()) {
                let target = &replace.new_path.text;
                let dir = join(module.dir(), target);
                let inside = !dir.starts_with("..") && !dir.starts_with('/') && !target.contains(':');
                let sibling = inside && cx.modules.mods.contains_key(if dir == "." { "" } else { dir.as_str() });
                let old = &replace.old_path.text;
                let (severity, message) = if sibling {
                    (
                        Severity::Info,
                        format!(
                            "replace {old} => {target}: a module of this workspace, so this checkout builds, but modules that depend on this one ignore the replacement and `go install ...@version` refuses it"
                        ),
                    )
                } else {
                    let where_ = if inside { "a directory with no go.mod among the analysed files" } else { "a directory outside this workspace" };
                    (
                        Severity::Warning,
                        format!(
                            "replace {old} => {target}: {where_}; other checkouts and CI fail with \"replacement directory {target} does not exist\", and modules that depend on this one ignore the replacement (use a go.work for local development)"
                        ),
                    )
                };
                cx.report(&META, Some(severity), &module.path, &module.content, replace.line.0..replace.line.1, message);
            }
        }
    }
}
