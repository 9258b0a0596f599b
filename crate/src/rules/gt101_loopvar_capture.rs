//! GT101 loopvar-capture: the address of a loop variable, or a closure
//! using it, outlives the iteration while every iteration shares the variable.

use tree_sitter::Node;

use super::{Example, ExampleKind, Family, RuleMeta, SourceRule};
use crate::report::{Applicability, Severity};
use crate::source::context::{FileContext, Gate};
use crate::source::scope::{has_operator, has_token, is_declaring, later_siblings, named_children, unparen};
use crate::source::syntax::{Field, Syntax};
use crate::source::walk::ChargedParent;

pub static META: RuleMeta = RuleMeta {
    id: "GT101",
    name: "loopvar-capture",
    family: Family::Memory,
    severity: Severity::Warning,
    summary: "the address of a loop variable, or a closure using it, outlives the iteration",
    versions: "below go1.22 for `:=` loop variables; every version for `=` loop variables",
    options: &[],
    docs: rule_docs!(
        r#"
## What it does
Reports a loop variable whose address (`&v`) or a closure using it outlives
the iteration: stored in a variable declared outside the loop (directly, in a
composite literal, or through `append`), sent on a channel, passed to a `go`
or `defer` call, or used by a closure started with `go`, `defer` or `x.Go(...)`,
or stored the same way.

## Why is this a trap?
Before Go 1.22 a `for i := ...` or `for _, v := range` loop declares **one**
variable for the whole loop. Every `&i` is the same pointer and every closure
sees the last value; goroutines race with the loop. Since Go 1.22 each
iteration of a `:=` loop has its own variable (decided by the `go` line of the
file's go.mod), but a loop that assigns an existing variable (`for i = 0; ...`,
`for k, v = range m`) still shares it at every version.

## Go versions
Below go1.22 for `:=` loops; all versions for `=` loops. With no go.mod (and
no `--go-version`) the version is unknown: findings on `:=` loops are info and
their fix is marked unsafe.

## What it cannot see
gotrap has no type checker. A pointer passed to an ordinary call (`f(&v)`) is
assumed not to be retained; a pointer copied into another local first
(`p := &v; out = append(out, p)`) is not followed. A `go` closure followed in
the same iteration by a `.Wait()` or a channel receive is assumed to finish
within the iteration.

## Overlap
go vet's `loopclosure` (closures in `go`/`defer`/`errgroup.Go` as the last
statement of a loop body, below 1.22); staticcheck's SA4005-family checks do
not cover `&v`.
"#
    ),
    examples: rule_examples!(&[
        Example {
            kind: ExampleKind::Bad,
            go_version: "1.21",
            code: r#"
package main

func pointers() []*int {
	var ptrs []*int
	for i := 0; i < 3; i++ {
		ptrs = append(ptrs, &i)
	}
	return ptrs // three pointers to the same i, which holds 3
}
"#,
        },
        Example {
            kind: ExampleKind::Good,
            go_version: "1.21",
            code: r#"
package main

func pointers() []*int {
	var ptrs []*int
	for i := 0; i < 3; i++ {
		i := i // a new variable each iteration
		ptrs = append(ptrs, &i)
	}
	return ptrs
}
"#,
        },
        Example {
            kind: ExampleKind::Good,
            go_version: "1.22",
            code: r#"
package main

func pointers() []*int {
	var ptrs []*int
	for i := 0; i < 3; i++ {
		ptrs = append(ptrs, &i) // per-iteration i since Go 1.22
	}
	return ptrs
}
"#,
        },
    ]),
};

pub struct LoopvarCapture;

impl SourceRule for LoopvarCapture {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn node_kinds(&self) -> &'static [&'static str] {
        &["for_statement"]
    }

    fn check(&self, for_statement: Node, cx: &mut FileContext) {
        let Some(body) = for_statement.field(Field::Body) else { return };
        let Some((variables, declared_by_loop)) = loop_variables(for_statement, cx) else { return };
        let gate = if declared_by_loop { cx.gate(|version| !version.at_least(22)) } else { Some(Gate::Applies) };
        let Some(gate) = gate else { return };
        // A capture is a use in a func literal or `&v`: without a `func`
        // in the body's text, only a variable whose address it may take
        // needs the walk.
        let body_text = &cx.source()[body.byte_range()];
        let holds_func = body_text.windows(4).any(|window| window == b"func");
        for variable in variables {
            let name = cx.text(variable);
            if name == "_" || !holds_func && !may_take_address(body_text, name.as_bytes()) {
                continue;
            }
            let mut reported_closures = Vec::new();
            for node in cx.walk(body) {
                if node.kind_name() != "identifier"
                    || cx.text(node) != name
                    || is_declaring(node)
                    || cx.declaration_of(node, name.as_bytes(), Some(for_statement)).is_some()
                {
                    continue;
                }
                let capture = match outermost_closure(node, body) {
                    Some(closure) if reported_closures.contains(&closure.id()) => continue,
                    Some(closure) => {
                        reported_closures.push(closure.id());
                        closure_outlives(closure, cx).map(|how| (node, format!("captured by a func literal {how}")))
                    }
                    None => address_of(node).and_then(|address| outlives(address, body, cx).map(|how| (address, format!("captured by &{name}, {how}")))),
                };
                let Some((site, how)) = capture else { continue };
                let sharing = if declared_by_loop {
                    format!("before go1.22 every iteration shares one {name}")
                } else {
                    format!("{name} is assigned by the loop, not declared by it, so every iteration shares it")
                };
                let message = format!("loop variable {name} {how}, which outlives the iteration: {sharing}");
                let fix = copy_fix(name, variable, body, for_statement, cx);
                cx.report_gated(&META, gate, site.byte_range(), message, "below go1.22").fix = fix;
            }
        }
    }
}

/// The loop's variables and whether the loop declares them (`:=`).
fn loop_variables<'t>(for_statement: Node<'t>, cx: &FileContext) -> Option<(Vec<Node<'t>>, bool)> {
    let header = named_children(for_statement).next()?;
    let (left, declared) = match header.kind_name() {
        "for_clause" => {
            let init = header.field(Field::Initializer)?;
            match init.kind_name() {
                "short_var_declaration" => (init.field(Field::Left)?, true),
                "assignment_statement" if cx.text(init.field(Field::Operator)?) == "=" => (init.field(Field::Left)?, false),
                _ => return None,
            }
        }
        "range_clause" => (header.field(Field::Left)?, has_token(header, ":=")),
        _ => return None,
    };
    let variables: Vec<Node> = named_children(left).filter(|n| n.kind_name() == "identifier").collect();
    Some((variables, declared))
}

/// Whether `text` may take the address of `name`: an `&` followed by
/// `name` as a whole word, with spaces and parentheses between (or a
/// comment, taken as a maybe).
fn may_take_address(text: &[u8], name: &[u8]) -> bool {
    let is_word = |byte: u8| byte.is_ascii_alphanumeric() || byte == b'_' || !byte.is_ascii();
    text.iter().enumerate().filter(|(_, byte)| **byte == b'&').any(|(at, _)| {
        let rest = &text[at + 1..];
        let start = rest.iter().position(|byte| !matches!(byte, b' ' | b'\t' | b'\r' | b'\n' | b'(')).unwrap_or(rest.len());
        let rest = &rest[start..];
        rest.first() == Some(&b'/') || rest.starts_with(name) && !rest.get(name.len()).is_some_and(|byte| is_word(*byte))
    })
}

/// `&v` around an identifier use, if it is one.
fn address_of(identifier: Node) -> Option<Node> {
    let mut node = identifier;
    while let Some(parent) = node.charged_parent().filter(|p| p.kind_name() == "parenthesized_expression") {
        node = parent;
    }
    node.charged_parent().filter(|parent| parent.kind_name() == "unary_expression" && has_operator(*parent, "&"))
}

/// The outermost func literal around `node` inside `body`.
fn outermost_closure<'t>(node: Node<'t>, body: Node<'t>) -> Option<Node<'t>> {
    let mut found = None;
    let mut current = node.charged_parent();
    while let Some(ancestor) = current.filter(|a| a.id() != body.id()) {
        if ancestor.kind_name() == "func_literal" {
            found = Some(ancestor);
        }
        current = ancestor.charged_parent();
    }
    found
}

/// How a func literal outlives the iteration: run by `go`/`defer`/`x.Go`,
/// or stored like a value.
fn closure_outlives(closure: Node, cx: &FileContext) -> Option<String> {
    let parent = closure.charged_parent()?;
    if parent.kind_name() == "call_expression" && parent.field(Field::Function).is_some_and(|f| f.id() == closure.id()) {
        let statement = parent.charged_parent()?;
        return match statement.kind_name() {
            "go_statement" if !waited_for_later(statement, cx) => Some("started by a go statement".to_string()),
            "defer_statement" => Some("run by a defer statement at function exit".to_string()),
            _ => None,
        };
    }
    if parent.kind_name() == "argument_list" {
        let call = parent.charged_parent()?;
        let function = call.field(Field::Function)?;
        let is_go_method = function.kind_name() == "selector_expression" && function.field(Field::Field).is_some_and(|f| cx.text(f) == "Go");
        if is_go_method && !waited_for_later(call, cx) {
            return Some(format!("passed to {}", cx.text(function)));
        }
    }
    let body = enclosing_loop_body(closure)?;
    outlives(closure, body, cx)
}

fn enclosing_loop_body(node: Node) -> Option<Node> {
    let mut current = node.charged_parent();
    while let Some(ancestor) = current {
        if ancestor.kind_name() == "for_statement" {
            return ancestor.field(Field::Body);
        }
        current = ancestor.charged_parent();
    }
    None
}

/// Whether a later statement of the same statement list waits (`.Wait()`
/// or a channel receive), so a goroutine started here ends in the iteration.
fn waited_for_later(node: Node, cx: &FileContext) -> bool {
    let mut statement = node;
    while let Some(parent) = statement.charged_parent() {
        if parent.kind_name() == "statement_list" {
            break;
        }
        statement = parent;
    }
    for next in later_siblings(statement) {
        let mut walk = cx.walk(next);
        let waits = std::iter::once(next).chain(walk.by_ref()).any(|n| {
            (n.kind_name() == "unary_expression" && has_operator(n, "<-"))
                || (n.kind_name() == "selector_expression" && n.field(Field::Field).is_some_and(|f| cx.text(f) == "Wait"))
        });
        if waits {
            return true;
        }
    }
    false
}

/// How a value (`&v` or a closure) outlives the loop body: carried through
/// parentheses, composite literals and `append` to an assignment whose target
/// is declared outside the body, a channel send, or a `go`/`defer` call.
fn outlives(value: Node, body: Node, cx: &FileContext) -> Option<String> {
    let mut value = value;
    loop {
        let parent = value.charged_parent()?;
        match parent.kind_name() {
            "parenthesized_expression" | "literal_element" | "literal_value" | "composite_literal" => value = parent,
            "keyed_element" if parent.field(Field::Value).is_some_and(|v| v.id() == value.id()) => value = parent,
            "unary_expression" if has_operator(parent, "&") => value = parent,
            "argument_list" => {
                let call = parent.charged_parent()?;
                let function = unparen(call.field(Field::Function)?);
                let is_append = cx.text(function) == "append" && cx.declaration_of(function, b"append", None).is_none();
                let first = named_children(parent).next().map(|n| n.id());
                if is_append && first != Some(value.id()) {
                    value = call;
                    continue;
                }
                return match call.charged_parent()?.kind_name() {
                    "go_statement" => Some("passed to a go statement".to_string()),
                    "defer_statement" => Some("passed to a deferred call".to_string()),
                    _ => None,
                };
            }
            "send_statement" if parent.field(Field::Value).is_some_and(|v| v.id() == value.id()) => {
                return Some("sent on a channel".to_string());
            }
            "expression_list" => {
                let assignment = parent.charged_parent().filter(|a| a.kind_name() == "assignment_statement")?;
                if assignment.field(Field::Right)?.id() != parent.id() {
                    return None;
                }
                let index = named_children(parent).position(|n| n.id() == value.id())?;
                let left = assignment.field(Field::Left)?;
                let target = named_children(left).nth(index).or_else(|| named_children(left).next())?;
                let root = root_identifier(target)?;
                let declared_in_body = cx.declaration_of(root, cx.text(root).as_bytes(), Some(body)).is_some();
                return (!declared_in_body).then(|| format!("stored in {}", cx.text(target)));
            }
            _ => return None,
        }
    }
}

/// `x` of `x`, `x.f`, `x[i]`, `*x`, `(x)`.
fn root_identifier(mut node: Node) -> Option<Node> {
    loop {
        node = match node.kind_name() {
            "identifier" => return Some(node),
            "selector_expression" | "index_expression" | "unary_expression" => node.field(Field::Operand)?,
            "parenthesized_expression" => node.named_child(0)?,
            _ => return None,
        };
    }
}

/// `v := v` at the top of the body, when the body never assigns `v` (a copy
/// would then hide the assignment from the loop's own condition or post).
fn copy_fix(name: &str, variable: Node, body: Node, for_statement: Node, cx: &FileContext) -> Option<crate::report::Fix> {
    let statements = named_children(body).find(|n| n.kind_name() == "statement_list")?;
    let mut walk = cx.walk(body);
    let assigned = walk.any(|node| {
        let target = match node.kind_name() {
            "inc_statement" | "dec_statement" => node.named_child(0),
            "assignment_statement" => node.field(Field::Left),
            _ => None,
        };
        target.is_some_and(|target| {
            std::iter::once(target)
                .chain(named_children(target))
                .any(|t| t.kind_name() == "identifier" && cx.text(t) == name && cx.declaration_of(t, name.as_bytes(), Some(for_statement)).is_none())
        })
    });
    if assigned || variable.kind_name() != "identifier" {
        return None;
    }
    let first = statements.named_child(0)?;
    let indent = cx.indentation_at(first.start_byte());
    let text = format!("{name} := {name}\n{indent}");
    Some(cx.fix(Applicability::Unsafe, vec![(first.start_byte()..first.start_byte(), text)]))
}
