//! GT302 string-concat-in-loop: a string grown with `+=` across the
//! iterations of a loop.

use tree_sitter::Node;

use super::{Example, ExampleKind, Family, RuleMeta, SourceRule};
use crate::report::Severity;
use crate::source::context::FileContext;
use crate::source::scope::{named_children, unparen};
use crate::source::syntax::{Field, Syntax};
use crate::source::walk::ChargedParent;
use crate::source::walk::{contains, is_function};

pub static META: RuleMeta = RuleMeta {
    id: "GT302",
    name: "string-concat-in-loop",
    family: Family::Performance,
    severity: Severity::Info,
    summary: "a string grown with += in a loop copies itself every iteration",
    versions: "all",
    options: &[],
    docs: rule_docs!(
        r#"
## What it does
Reports `s += x` inside a loop when `s` is declared outside that loop and is
visibly a string: declared `string`, initialised with a string (a literal, a
conversion, a `fmt.Sprint*` or `strconv` result), or grown with such a
value. It is info, and a warning when the added value is a `fmt.Sprintf`
call and the loop is not bounded by a constant (`for i := 0; i < 10; i++`
is bounded; `for _, x := range xs` is not). Not reported: a loop that
returns or breaks right after the `+=`, and a loop that also assigns `s`
with `=` (it starts over each iteration).

## Why is this a trap?
Strings are immutable: every `s += x` allocates a new string of
`len(s)+len(x)` bytes and copies both. Growing a string over n iterations
copies O(n²) bytes and leaves n garbage strings for the collector. A
`strings.Builder` (or a `bytes.Buffer`) grows one buffer geometrically;
`fmt.Fprintf(&b, ...)` writes formatted text into it without the
intermediate `fmt.Sprintf` string.

## What it cannot see
gotrap does not know how many times a loop runs; a `+=` in a loop that runs
a few times costs little, which is why most findings are info. Variables
whose string type comes from a function result or a field are not
recognised.

## Overlap
No go vet or staticcheck check reports this; a CPU profile shows the cost
as `runtime.concatstrings` (and allocation) under the loop's function.
"#
    ),
    examples: rule_examples!(&[
        Example {
            kind: ExampleKind::Bad,
            go_version: "1.22",
            code: r#"
package report

import "fmt"

func lines(items []string) string {
	var s string
	for i, item := range items {
		s += fmt.Sprintf("item-%d: %s\n", i, item) // copies all of s each time
	}
	return s
}
"#,
        },
        Example {
            kind: ExampleKind::Good,
            go_version: "1.22",
            code: r#"
package report

import (
	"fmt"
	"strings"
)

func lines(items []string) string {
	var b strings.Builder
	for i, item := range items {
		fmt.Fprintf(&b, "item-%d: %s\n", i, item)
	}
	return b.String()
}
"#,
        },
    ]),
};

pub struct StringConcatInLoop;

impl SourceRule for StringConcatInLoop {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn node_kinds(&self) -> &'static [&'static str] {
        &["assignment_statement"]
    }

    fn check(&self, statement: Node, cx: &mut FileContext) {
        if statement.field(Field::Operator).is_none_or(|op| cx.text(op) != "+=") {
            return;
        }
        let (Some(left), Some(right)) = (statement.field(Field::Left), statement.field(Field::Right)) else { return };
        let (targets, values): (Vec<Node>, Vec<Node>) = (named_children(left).collect(), named_children(right).collect());
        let ([target], [value]) = (targets.as_slice(), values.as_slice()) else { return };
        let (target, value) = (*target, *value);
        if target.kind_name() != "identifier" {
            return;
        }
        let name = cx.text(target);
        let declaration = cx.declaration_of(target, name.as_bytes(), None);
        let string_typed = cx.evident_type(value) == Some("string") || cx.evident_type(target) == Some("string");
        if !string_typed {
            return;
        }
        let Some(for_statement) = growing_loop(statement, declaration) else { return };
        let key = format!("GT302 reassigned {name} {}", declaration.map_or(0, |d| d.id()));
        if exits_after(statement, for_statement, cx) || cx.memo_flag(for_statement, &key, |cx| reassigned_in(for_statement, target, declaration, cx)) {
            return;
        }
        let sprintf = cx.calls(unparen(value), "fmt", &["Sprintf"]);
        if sprintf && cx.loop_constant_bound(for_statement).is_none() {
            let message = format!(
                "{name} += fmt.Sprintf(...) in a loop without a constant bound copies all of {name} and formats a new string every iteration (quadratic in its final length); write into a strings.Builder with fmt.Fprintf"
            );
            cx.report_at(&META, Severity::Warning.max(cx.settings.severity_of(&META)), statement.byte_range(), message);
        } else {
            let message =
                format!("{name} += ... in a loop copies all of {name} every iteration (quadratic in its final length); build it with a strings.Builder");
            cx.report(&META, statement.byte_range(), message);
        }
    }
}

/// The innermost loop around `statement` (in its function) that the
/// variable is declared outside of.
fn growing_loop<'t>(statement: Node<'t>, declaration: Option<Node<'t>>) -> Option<Node<'t>> {
    let mut current = statement.charged_parent();
    while let Some(ancestor) = current {
        if is_function(ancestor) {
            return None;
        }
        if ancestor.kind_name() == "for_statement" && declaration.is_none_or(|d| !contains(ancestor, d)) {
            return Some(ancestor);
        }
        current = ancestor.charged_parent();
    }
    None
}

/// Whether a later statement of the same list leaves the loop (`return`,
/// a `break` out of it, a call that never returns): the `+=` then runs once.
fn exits_after(statement: Node, for_statement: Node, cx: &mut FileContext) -> bool {
    let Some(list) = statement.charged_parent() else { return false };
    // The end of the last statement of the list that leaves the loop, + 1.
    let key = format!("GT302 last exit from {}", for_statement.id());
    let last_exit = cx.memo(list, &key, |cx| {
        named_children(list)
            .filter(|later| match later.kind_name() {
                "return_statement" | "goto_statement" => true,
                "break_statement" => cx.branch_target(*later).is_none_or(|target| contains(target, for_statement)),
                "expression_statement" => later.named_child(0).is_some_and(|call| cx.never_returns(call)),
                _ => false,
            })
            .map(|exit| exit.end_byte() as u64 + 1)
            .max()
            .unwrap_or(0)
    });
    last_exit > statement.end_byte() as u64
}

/// Whether the loop also assigns the variable with `=` (or declares it
/// anew), so it does not keep growing across iterations.
fn reassigned_in(for_statement: Node, target: Node, declaration: Option<Node>, cx: &FileContext) -> bool {
    let name = cx.text(target);
    cx.walk(for_statement).any(|node| {
        node.kind_name() == "assignment_statement"
            && node.field(Field::Operator).is_some_and(|op| cx.text(op) == "=")
            && node.field(Field::Left).is_some_and(|left| {
                named_children(left).any(|assigned| {
                    assigned.kind_name() == "identifier"
                        && cx.text(assigned) == name
                        && cx.declaration_of(assigned, name.as_bytes(), None).map(|d| d.id()) == declaration.map(|d| d.id())
                })
            })
    })
}
