//! Reserved ids: diagnostics about the input itself rather than a trap.
//! `select` does not turn them off (a run should not hide that a file could
//! not be read); `ignore` does.

use super::{Family, RuleMeta};
use crate::report::Severity;

pub static SYNTAX_ERROR: RuleMeta = RuleMeta {
    id: "GT000",
    name: "syntax-error",
    family: Family::Core,
    severity: Severity::Info,
    summary: "the file does not parse here; rules skip the broken part",
    versions: "all",
    options: &[],
    docs: rule_docs!(
        r#"
## What it does
Reports where gotrap's Go parser (tree-sitter-go) could not parse a file. The
rules still run on the rest of the file and skip the broken subtree.

## Why is this a trap?
It is not one: it is info because the parser may lag the newest Go syntax, so
code the go command accepts can show up here. Real syntax errors are reported
by the compiler with better messages.
"#
    ),
    examples: rule_examples!(&[]),
};

pub static UNUSED_IGNORE: RuleMeta = RuleMeta {
    id: "GT001",
    name: "unused-ignore",
    family: Family::Core,
    severity: Severity::Info,
    summary: "a //gotrap:ignore directive that silences nothing",
    versions: "all",
    options: &[],
    docs: rule_docs!(
        r#"
## What it does
`//gotrap:ignore GT201 reason` on a line, or on the line above, silences the
named rules there; `//gotrap:ignore` without ids silences every rule. A
directive that silenced nothing in this run is reported so stale suppressions
do not pile up. Directives naming rules that did not run (deselected with
`select`/`ignore`) are not reported.
"#
    ),
    examples: rule_examples!(&[]),
};

pub static OVER_LIMIT: RuleMeta = RuleMeta {
    id: "GT002",
    name: "over-limit",
    family: Family::Core,
    severity: Severity::Warning,
    summary: "an input exceeds a limit and was not analysed (or only in part)",
    versions: "all",
    options: &[],
    docs: rule_docs!(
        r#"
## What it does
Reports a file that exceeds one of the limits (Go file size, decompressed size,
workspace size, profile samples, syntax-tree depth). The file is skipped or
analysed in part; the rest of the run goes on. Limits are set in the
`[limits]` table of `gotrap.toml`.
"#
    ),
    examples: rule_examples!(&[]),
};

pub static MALFORMED: RuleMeta = RuleMeta {
    id: "GT003",
    name: "malformed-input",
    family: Family::Core,
    severity: Severity::Warning,
    summary: "go.mod, go.sum, go.work or an artifact is malformed at this position",
    versions: "all",
    options: &[],
    docs: rule_docs!(
        r#"
## What it does
Reports a malformed `go.mod`, `go.sum`, `go.work` or runtime artifact at the
position of the problem, in the words of the go command where it has them
(`unknown directive: requir`). Parsing goes on with the next line.
"#
    ),
    examples: rule_examples!(&[]),
};

pub static ALL: [&RuleMeta; 4] = [&SYNTAX_ERROR, &UNUSED_IGNORE, &OVER_LIMIT, &MALFORMED];
