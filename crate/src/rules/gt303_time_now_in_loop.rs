//! GT303 time-now-in-loop: reading the clock every iteration of a loop that
//! otherwise does only cheap, pure work.

use tree_sitter::Node;

use super::values::{bound_variable, is_benchmark_loop, iteration_loop, leaves_loop_after, variable_declaration};
use super::{Example, ExampleKind, Family, RuleMeta, SourceRule};
use crate::report::Severity;
use crate::rules::channels::uses_of;
use crate::source::context::FileContext;
use crate::source::scope::{named_children, unparen};
use crate::source::syntax::{Field, Syntax};
use crate::source::walk::ChargedParent;

pub static META: RuleMeta = RuleMeta {
    id: "GT303",
    name: "time-now-in-loop",
    family: Family::Performance,
    severity: Severity::Info,
    summary: "time.Now or time.Since every iteration of a loop that otherwise does only cheap, pure work",
    versions: "all",
    options: &[],
    docs: rule_docs!(
        r#"
## What it does
Reports `time.Now()` and `time.Since(t)` evaluated every iteration of a loop
(its body, condition or post statement) when everything else the loop calls
is a builtin (`len`, `append`, `min`...), a conversion to a basic type, a
function of a pure package (`strings`, `strconv`, `math`, `math/bits`,
`bytes`, `unicode`, `unicode/utf8`), or a method of a time value the loop
itself read from the clock. Not reported when the time is compared with
anything (`time.Since(start) > limit`, `now.After(deadline)`,
`now.Before(...)`): that loop is watching a deadline, and reading the
clock is its job. Nor when the call runs at most once per loop (in a
`return`, or followed by a statement that leaves the loop), or in the
`b.N`/`b.Loop()` loop of a benchmark.

## Why is this a trap?
Reading the clock is cheap but not free: a vDSO call that reads the
hardware counter, and a real system call on platforms or virtual machines
where the vDSO clock is unavailable. In a loop that does only a few
arithmetic or string operations per iteration, that call can dominate the
loop's cost (CPU profiles show it as `time.now` / `runtime.nanotime` under
the loop's function; GT604 maps that signature back to this rule). When
one timestamp serves every iteration, read it once before the loop.

## What it cannot see
gotrap does not know how many times a loop runs or how long its other
work takes; any call it cannot classify as pure (a method, a function of
this package) makes it assume the loop does real work, so loops that do
I/O or call helpers are never reported. Whether each iteration needs its
own timestamp is a question of the program's meaning.

## Overlap
No go vet or staticcheck check reports this.
"#
    ),
    examples: rule_examples!(&[
        Example {
            kind: ExampleKind::Bad,
            go_version: "1.22",
            code: r#"
package stamp

import (
	"strings"
	"time"
)

type Entry struct {
	Key string
	At  time.Time
}

func normalize(entries []Entry) {
	for i := range entries {
		entries[i].Key = strings.ToLower(entries[i].Key)
		entries[i].At = time.Now() // a clock read per entry
	}
}
"#,
        },
        Example {
            kind: ExampleKind::Good,
            go_version: "1.22",
            code: r#"
package stamp

import (
	"strings"
	"time"
)

type Entry struct {
	Key string
	At  time.Time
}

func normalize(entries []Entry) {
	now := time.Now()
	for i := range entries {
		entries[i].Key = strings.ToLower(entries[i].Key)
		entries[i].At = now
	}
}
"#,
        },
    ]),
};

/// Packages whose functions only compute.
const PURE_PACKAGES: [&str; 7] = ["strings", "strconv", "math", "math/bits", "bytes", "unicode", "unicode/utf8"];

/// Builtins that only compute (`panic` ends the loop; it is cheap until then).
const PURE_BUILTINS: [&str; 14] = ["len", "cap", "append", "copy", "min", "max", "delete", "clear", "complex", "real", "imag", "new", "make", "panic"];

/// Methods of `time.Time` and `time.Duration` that compare.
const COMPARISONS: [&str; 4] = ["After", "Before", "Compare", "Equal"];

pub struct TimeNowInLoop;

impl SourceRule for TimeNowInLoop {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn node_kinds(&self) -> &'static [&'static str] {
        &["call_expression"]
    }

    fn check(&self, call: Node, cx: &mut FileContext) {
        let Some(name) = cx.called(call, "time", &["Now", "Since"]) else { return };
        let Some(for_statement) = iteration_loop(call).filter(|l| !is_benchmark_loop(*l, cx) && !leaves_loop_after(call, *l, cx)) else { return };
        let key = "GT303 pure loop";
        if !cx.memo_flag(for_statement, key, |cx| only_pure_calls(for_statement, cx)) {
            return;
        }
        if compared(call, for_statement, cx) {
            return;
        }
        let message = format!(
            "time.{name} reads the clock every iteration of a loop that otherwise does only cheap, pure work, so the clock read is likely its main cost; if one timestamp will do, read it once before the loop"
        );
        cx.report(&META, call.byte_range(), message);
    }
}

/// Whether every call the loop makes each iteration is a builtin, a
/// conversion to a basic type, a pure package's function, `time.Now` /
/// `time.Since`, or a method called on a value that is one of those calls
/// (`time.Since(t).Seconds()`) or a variable initialised with one. A func
/// literal in the loop makes it unknown.
fn only_pure_calls(for_statement: Node, cx: &FileContext) -> bool {
    let per_iteration: Vec<Node> = match named_children(for_statement).next() {
        Some(header) if header.kind_name() == "for_clause" => [Field::Condition, Field::Update].iter().filter_map(|f| header.field(*f)).collect(),
        _ => Vec::new(),
    };
    let parts = per_iteration.into_iter().chain(for_statement.field(Field::Body));
    for part in parts {
        for node in std::iter::once(part).chain(cx.walk(part)) {
            match node.kind_name() {
                "func_literal" | "go_statement" | "defer_statement" | "select_statement" | "send_statement" => return false,
                "unary_expression" if node.field(Field::Operator).is_some_and(|op| op.kind_name() == "<-") => return false,
                "call_expression" if !pure_call(node, cx) => return false,
                _ => {}
            }
        }
    }
    true
}

fn pure_call(call: Node, cx: &FileContext) -> bool {
    if PURE_BUILTINS.iter().any(|builtin| cx.calls_builtin(call, builtin)) || cx.calls(call, "time", &["Now", "Since"]) {
        return true;
    }
    let Some(function) = call.field(Field::Function).map(unparen) else { return false };
    match function.kind_name() {
        // A conversion to a basic type: `int64(x)`, `string(b)`.
        "identifier" => cx.evident_type(call).is_some() && cx.declaration_of(function, cx.text(function).as_bytes(), None).is_none(),
        "selector_expression" => {
            let Some(operand) = function.field(Field::Operand).map(unparen) else { return false };
            if let Some(path) = cx.file.imports.path_of(cx.text(operand)) {
                if PURE_PACKAGES.contains(&path) && cx.is_package(operand, path) {
                    return true;
                }
            }
            is_clock_value(operand, cx)
        }
        _ => false,
    }
}

/// `time.Now()` / `time.Since(t)` itself, or a variable declared in place
/// with one (`now := time.Now()`).
fn is_clock_value(expr: Node, cx: &FileContext) -> bool {
    let expr = unparen(expr);
    if cx.calls(expr, "time", &["Now", "Since"]) {
        return true;
    }
    if expr.kind_name() != "identifier" {
        return false;
    }
    let Some(declaration) = cx.declaration_of(expr, cx.text(expr).as_bytes(), None) else { return false };
    let Some(list) = declaration.charged_parent().filter(|l| l.kind_name() == "expression_list") else { return false };
    let Some(statement) = list.charged_parent().filter(|s| s.kind_name() == "short_var_declaration") else { return false };
    let values: Vec<Node> = statement.field(Field::Right).map(|r| named_children(r).collect()).unwrap_or_default();
    let index = named_children(list).position(|n| n.id() == declaration.id());
    index.and_then(|i| values.get(i)).is_some_and(|value| cx.calls(unparen(*value), "time", &["Now", "Since"]))
}

/// Whether the clock value is compared: the call or the variable it
/// initialises (or a value computed from them) is an operand of a
/// comparison, or the receiver of `After`, `Before`, `Compare`, `Equal`.
fn compared(call: Node, for_statement: Node, cx: &FileContext) -> bool {
    let mut sites = vec![call];
    if let Some(declaration) = bound_variable(call, cx).and_then(|(name, _)| variable_declaration(name, cx)) {
        sites.extend(uses_of(declaration, for_statement, cx).into_iter().filter(|u| u.id() != declaration.id()));
    }
    sites.into_iter().any(|site| {
        let mut node = site;
        while let Some(parent) = node.charged_parent() {
            match parent.kind_name() {
                "binary_expression" => {
                    let operator = parent.field(Field::Operator).map_or("", |op| op.kind_name());
                    if matches!(operator, "<" | ">" | "<=" | ">=" | "==" | "!=") {
                        return true;
                    }
                }
                "selector_expression" => {
                    let field = parent.field(Field::Field).map_or("", |f| cx.text(f));
                    if COMPARISONS.contains(&field) {
                        return true;
                    }
                }
                "parenthesized_expression" | "call_expression" | "argument_list" | "unary_expression" => {}
                _ => return false,
            }
            node = parent;
        }
        false
    })
}
