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
    docs: rule_docs!(
        r#"
## What it does
Reports a `replace` directive of a go.mod whose replacement is a directory
(`=> ../fork`, `=> ./third_party/x`, `=> /home/me/src/x`). It is a warning
when the directory is outside the analysed workspace or holds no go.mod there,
and info when it is a module of the same repository (a checked-in monorepo
sibling, or a directory under `vendor/`, `testdata/`, `_x/` or `.x/`, which
directory walks do not read).

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
"#
    ),
    examples: rule_examples!(&[
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
    ]),
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
                let key = if dir == "." { "" } else { dir.as_str() };
                // Directory walks skip vendor/, testdata/, _* and .* folders:
                // a go.mod there would not be among the analysed files.
                let unseen =
                    dir.split('/').any(|part| part == "vendor" || part == "testdata" || (part.len() > 1 && (part.starts_with('_') || part.starts_with('.'))));
                let old = &replace.old_path.text;
                let consumers = "modules that depend on this one ignore the replacement";
                let (severity, message) = if inside && (cx.modules.mods.contains_key(key) || unseen) {
                    (
                        Severity::Info,
                        format!("replace {old} => {target}: a module of this repository, so this checkout builds, but {consumers} and `go install ...@version` refuses a go.mod with replace directives"),
                    )
                } else if inside {
                    (
                        Severity::Warning,
                        format!("replace {old} => {target}: no go.mod there among the analysed files, and the go command needs one (reading {dir}/go.mod fails); {consumers}"),
                    )
                } else {
                    (
                        Severity::Warning,
                        format!(
                            "replace {old} => {target}: a directory outside this workspace; other checkouts and CI fail with \"replacement directory {target} does not exist\", and {consumers} (use a go.work for local development)"
                        ),
                    )
                };
                cx.report(&META, Some(severity), &module.path, &module.content, replace.line.0..replace.line.1, message);
            }
        }
    }
}
