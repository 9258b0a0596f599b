//! GT307 sprintf-trivial: `fmt.Sprintf` with a lone verb and an operand of
//! evident type, which `strconv` (or the value itself) does directly.

use tree_sitter::Node;

use super::{Example, ExampleKind, Family, RuleMeta, SourceRule};
use crate::report::{Applicability, Severity};
use crate::source::context::FileContext;
use crate::source::scope::named_children;
use crate::source::syntax::{Field, Syntax};

pub static META: RuleMeta = RuleMeta {
    id: "GT307",
    name: "sprintf-trivial",
    family: Family::Performance,
    severity: Severity::Info,
    summary: "fmt.Sprintf with one verb and one operand of evident type, which strconv or the value itself does directly",
    versions: "all",
    options: &[],
    docs: rule_docs!(
        r#"
## What it does
Reports `fmt.Sprintf` whose format is exactly one verb — `%d`, `%v`, `%s`,
`%t` or `%q` — and whose one operand has a type visible in the source: a
literal, a conversion (`int64(x)`, `string(b)`), `len`/`cap`, a `fmt.Sprint*`
or `strconv` result, or a variable whose declaration says it (a written
basic type, such an initial value, a `for i := 0` loop counter). It names the
equivalent: `strconv.Itoa`, `strconv.FormatInt`/`FormatUint`,
`strconv.FormatBool`, `strconv.Quote`, or the string itself.

## Why is this a trap?
`fmt.Sprintf` parses its format at run time, boxes the operand in an
interface (often a heap allocation) and dispatches on its dynamic type; the
`strconv` functions do the one conversion directly. In a hot path the
difference shows up in CPU and allocation profiles (GT604 maps the
`fmt.Sprintf` family there). `fmt.Sprintf("%s", s)` of a string only copies it.

## What it cannot see
gotrap has no type checker: operands whose type comes from a function call,
a field or a named type (which may have a `String` method) are not
reported. The fix is offered (and `safe`) only when it needs no import change:
the file imports `strconv` under its own name, or the replacement is the
value itself, and `fmt` stays in use elsewhere in the file; otherwise the
finding comes without a fix.

## Overlap
staticcheck's S1039 reports `fmt.Sprint` of a lone string (the string case
here); the `perfsprint` linter reports these replacements with type
information. go vet does not.
"#
    ),
    examples: rule_examples!(&[
        Example {
            kind: ExampleKind::Bad,
            go_version: "1.22",
            code: r#"
package ids

import "fmt"

func key(n int) string {
	return fmt.Sprintf("%d", n)
}
"#,
        },
        Example {
            kind: ExampleKind::Good,
            go_version: "1.22",
            code: r#"
package ids

import "strconv"

func key(n int) string {
	return strconv.Itoa(n)
}
"#,
        },
    ]),
};

pub struct SprintfTrivial;

impl SourceRule for SprintfTrivial {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn node_kinds(&self) -> &'static [&'static str] {
        &["call_expression"]
    }

    fn check(&self, call: Node, cx: &mut FileContext) {
        if !cx.calls(call, "fmt", &["Sprintf"]) {
            return;
        }
        let Some(arguments) = call.field(Field::Arguments) else { return };
        let [format, operand] = named_children(arguments).filter(|n| n.kind_name() != "comment").collect::<Vec<_>>()[..] else { return };
        let verb = match cx.text(format) {
            "\"%d\"" | "`%d`" => "%d",
            "\"%v\"" | "`%v`" => "%v",
            "\"%s\"" | "`%s`" => "%s",
            "\"%t\"" | "`%t`" => "%t",
            "\"%q\"" | "`%q`" => "%q",
            _ => return,
        };
        let Some(kind) = cx.evident_type(operand) else { return };
        let value = cx.text(operand);
        // (replacement with `S` standing for the strconv package, whether it needs strconv)
        let replacement = match (verb, kind) {
            ("%d" | "%v", "int") => format!("S.Itoa({value})"),
            ("%d" | "%v", "int64") => format!("S.FormatInt({value}, 10)"),
            ("%d" | "%v", "uint64") => format!("S.FormatUint({value}, 10)"),
            ("%d" | "%v", "int8" | "int16" | "int32" | "rune") => format!("S.FormatInt(int64({value}), 10)"),
            ("%d" | "%v", "uint" | "uint8" | "uint16" | "uint32" | "byte") => format!("S.FormatUint(uint64({value}), 10)"),
            ("%t" | "%v", "bool") => format!("S.FormatBool({value})"),
            ("%q", "string") => format!("S.Quote({value})"),
            ("%s" | "%v", "string") => value.to_string(),
            _ => return,
        };
        let shown = replacement.replace("S.", "strconv.");
        let message = if replacement.starts_with("S.") {
            format!("fmt.Sprintf({}, {value}) only converts one {kind}: use {shown}, which skips fmt's format parsing and interface boxing", cx.text(format))
        } else {
            format!("fmt.Sprintf({}, {value}) only copies a string: use {value} itself", cx.text(format))
        };
        let fix = fix_text(call, &replacement, cx).map(|text| cx.fix(Applicability::Safe, vec![(call.byte_range(), text)]));
        cx.report(&META, call.byte_range(), message).fix = fix;
    }
}

/// The replacement with strconv's local name, when no import has to change:
/// strconv (if needed) is imported under a name nothing shadows here, and
/// fmt is used elsewhere in the file.
fn fix_text(call: Node, replacement: &str, cx: &mut FileContext) -> Option<String> {
    let text = if replacement.starts_with("S.") {
        let name = cx.file.imports.local_name("strconv").filter(|name| *name != "." && *name != "_")?;
        if cx.declaration_of(call, name.as_bytes(), None).is_some() {
            return None;
        }
        replacement.replacen("S.", &format!("{name}."), 1)
    } else {
        replacement.to_string()
    };
    // This call is one use of fmt; another keeps the import needed.
    let used_elsewhere = cx.package_selector_count("fmt") > 1;
    used_elsewhere.then_some(text)
}
