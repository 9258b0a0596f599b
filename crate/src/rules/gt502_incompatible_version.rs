//! GT502 incompatible-version: a direct `+incompatible` requirement.

use super::{Example, ExampleKind, Family, RuleMeta, WorkspaceContext, WorkspaceRule};
use crate::module::semver;
use crate::report::Severity;

pub static META: RuleMeta = RuleMeta {
    id: "GT502",
    name: "incompatible-version",
    family: Family::Modules,
    severity: Severity::Info,
    summary: "a direct requirement on a +incompatible version: a v2+ release of a module without a go.mod major suffix",
    versions: "all",
    options: &[],
    docs: rule_docs!(
        r#"
## What it does
Reports a `require` of a `+incompatible` version (`github.com/x/y
v2.3.0+incompatible`) that is not marked `// indirect`.

## Why is this a trap?
`+incompatible` means the module tagged v2 or later without a `/v2` module
path — usually because it predates modules or has no go.mod at all. The go
command treats every such tag as part of the v0/v1 line: semantic import
versioning is not enforced, a `go get -u` can cross a breaking major, and
the module's own requirements are unknown to the build (no go.mod, so no
graph pruning beneath it). Many such projects have since published a
`/vN` module path, which `go get -u` never moves to by itself.

## What it cannot see
Whether the project now publishes a `/vN` module: that needs the network.
Indirect `+incompatible` requirements are left alone: they are a
dependency's choice.

## Overlap
None in go vet or staticcheck; `go list -m -u all` shows available
upgrades but not a new major path.
"#
    ),
    examples: rule_examples!(&[
        Example {
            kind: ExampleKind::Bad,
            go_version: "1.22",
            code: r#"
module example.com/app

go 1.22

require github.com/acme/oldlib v3.2.0+incompatible
"#,
        },
        Example {
            kind: ExampleKind::Good,
            go_version: "1.22",
            code: r#"
module example.com/app

go 1.22

require github.com/acme/oldlib/v4 v4.0.1
"#,
        },
    ]),
};

pub struct IncompatibleVersion;

impl WorkspaceRule for IncompatibleVersion {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn check(&self, cx: &mut WorkspaceContext) {
        for module in cx.modules.mods.values() {
            for require in module.parsed.require.iter().filter(|r| !r.indirect && semver::build(&r.version.text) == "+incompatible") {
                let (path, version) = (&require.path.text, &require.version.text);
                let major = semver::major(version);
                let message = format!(
                    "{path} {version}: a {major} tag of a module without a /{major} module path, so semantic import versioning does not protect this requirement; check whether {path}/{major} (or a later major) is published as a module"
                );
                cx.report(&META, None, &module.path, &module.content, require.version.start..require.version.end, message);
            }
        }
    }
}
