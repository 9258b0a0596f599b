//! GT102 redundant-loopvar-copy: `v := v` at the top of a loop body whose
//! `:=` loop already gives every iteration its own variable (go1.22 on).

use tree_sitter::Node;

use super::{Example, ExampleKind, Family, RuleMeta, SourceRule};
use crate::report::{Applicability, Severity};
use crate::source::context::{FileContext, Gate};
use crate::source::scope::{has_operator, has_token, named_children, unparen};
use crate::source::syntax::{Field, Syntax};
use crate::source::walk::ChargedParent;

pub static META: RuleMeta = RuleMeta {
    id: "GT102",
    name: "redundant-loopvar-copy",
    family: Family::Memory,
    severity: Severity::Info,
    summary: "a copy of a loop variable that every iteration already has (go1.22 and later)",
    versions: "go1.22 and later, for `:=` loop variables",
    options: &[],
    docs: rule_docs!(
        r#"
## What it does
Reports `v := v` (or `a, b := a, b`) among the statements of a loop body
when each copied name is a variable the loop declares with `:=`
(`for i := ...`, `for k, v := range ...`) and the file's Go version is
go1.22 or later. The fix deletes the copy; it is marked safe only when the
version is known and the copy is never assigned, incremented, decremented,
address-taken or used as a method receiver in the body (with the copy gone,
such writes would reach the loop's own variable).

## Why is this a trap?
Before Go 1.22 the copy was the standard cure for closures and pointers
sharing one loop variable. Since Go 1.22 every iteration of a `:=` loop has
a variable of its own, so the copy only adds noise, and it hides a real
change: writes to the copy no longer reach the loop's condition and post
statement. A loop that assigns an existing variable (`for i = 0; ...`,
`for k, v = range m`) still shares it at every version, so a copy there is
not redundant and is not reported.

## Go versions
Go1.22 and later. With no go.mod (and no `--go-version`) the version is
unknown: the finding says the copy is redundant from go1.22 on, and the fix
is marked unsafe.

## What it cannot see
gotrap has no type checker: a method call on the copy might take its
address, so such a copy gets an unsafe fix. Copies inside nested blocks or
func literals of the body are not reported, nor copies under another name
(`x := v`).

## Overlap
The `copyloopvar` linter of golangci-lint reports the same copies; go vet
and staticcheck have no such check.
"#
    ),
    examples: rule_examples!(&[
        Example {
            kind: ExampleKind::Bad,
            go_version: "1.22",
            code: r#"
package main

func start(names []string) {
	for _, name := range names {
		name := name // redundant since Go 1.22
		go func() { println(name) }()
	}
}
"#,
        },
        Example {
            kind: ExampleKind::Good,
            go_version: "1.22",
            code: r#"
package main

func start(names []string) {
	for _, name := range names {
		go func() { println(name) }() // each iteration has its own name
	}
}
"#,
        },
        Example {
            kind: ExampleKind::Good,
            go_version: "1.21",
            code: r#"
package main

func start(names []string) {
	for _, name := range names {
		name := name // still needed below go1.22
		go func() { println(name) }()
	}
}
"#,
        },
    ]),
};

pub struct RedundantLoopvarCopy;

impl SourceRule for RedundantLoopvarCopy {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn node_kinds(&self) -> &'static [&'static str] {
        &["short_var_declaration"]
    }

    fn check(&self, statement: Node, cx: &mut FileContext) {
        let Some(for_statement) = loop_of_body_statement(statement) else { return };
        let (Some(left), Some(right)) = (statement.field(Field::Left), statement.field(Field::Right)) else { return };
        let left: Vec<Node> = named_children(left).collect();
        let right: Vec<Node> = named_children(right).map(unparen).collect();
        if left.is_empty() || left.len() != right.len() {
            return;
        }
        for (copy, original) in left.iter().zip(&right) {
            let name = cx.text(*copy);
            if copy.kind_name() != "identifier" || original.kind_name() != "identifier" || name != cx.text(*original) || name == "_" {
                return;
            }
            let Some(declaration) = cx.declaration_of(*original, name.as_bytes(), None) else { return };
            if !declared_by_loop(declaration, for_statement) {
                return;
            }
        }
        let Some(gate) = cx.gate(|version| version.at_least(22)) else { return };
        let names: Vec<&str> = left.iter().map(|n| cx.text(*n)).collect();
        let Some(body) = for_statement.field(Field::Body) else { return };
        let written = left.iter().any(|copy| written_in(*copy, body, cx));
        let applicability = if gate == Gate::Applies && !written { Applicability::Safe } else { Applicability::Unsafe };
        let copy_text = cx.text(statement);
        let subject = if names.len() == 1 { format!("loop variable {}", names[0]) } else { format!("loop variables {}", names.join(", ")) };
        let message = format!("`{copy_text}` is redundant: since go1.22 each iteration of a `:=` loop has its own {subject}");
        let fix = Some(cx.fix(applicability, vec![(delete_range(statement, cx), String::new())]));
        let finding = match gate {
            Gate::Applies => cx.report(&META, statement.byte_range(), message),
            Gate::Unknown => {
                let message = format!("{message} (redundant from go1.22 on; no go.mod sets this file's Go version)");
                cx.report_at(&META, Severity::Info, statement.byte_range(), message)
            }
        };
        finding.fix = fix;
    }
}

/// The `for` statement whose body's statement list holds `statement` directly.
fn loop_of_body_statement(statement: Node) -> Option<Node> {
    let list = statement.charged_parent().filter(|p| p.kind_name() == "statement_list")?;
    let block = list.charged_parent().filter(|b| b.kind_name() == "block")?;
    let for_statement = block.charged_parent().filter(|f| f.kind_name() == "for_statement")?;
    for_statement.field(Field::Body).filter(|b| b.id() == block.id())?;
    Some(for_statement)
}

/// Whether a declaring identifier is a `:=` variable of `for_statement`'s header.
fn declared_by_loop(declaration: Node, for_statement: Node) -> bool {
    let Some(header) = named_children(for_statement).next() else { return false };
    let Some(list) = declaration.charged_parent().filter(|p| p.kind_name() == "expression_list") else { return false };
    match header.kind_name() {
        "for_clause" => header
            .field(Field::Initializer)
            .filter(|init| init.kind_name() == "short_var_declaration")
            .and_then(|init| init.field(Field::Left))
            .is_some_and(|left| left.id() == list.id()),
        "range_clause" => has_token(header, ":=") && header.field(Field::Left).is_some_and(|left| left.id() == list.id()),
        _ => false,
    }
}

/// Whether the body assigns, increments, decrements, takes the address of,
/// or calls a method on the variable declared by `copy`.
fn written_in(copy: Node, body: Node, cx: &FileContext) -> bool {
    let name = cx.text(copy);
    cx.walk(body).any(|node| {
        if node.kind_name() != "identifier" || cx.text(node) != name {
            return false;
        }
        if cx.declaration_of(node, name.as_bytes(), None).is_none_or(|d| d.id() != copy.id()) {
            return false;
        }
        // Climb through selectors, indexes and parentheses to what uses it.
        let mut inner = node;
        let mut through_selector = false;
        while let Some(parent) = inner.charged_parent() {
            match parent.kind_name() {
                "parenthesized_expression" => {}
                "selector_expression" | "index_expression" | "slice_expression" if parent.field(Field::Operand).is_some_and(|o| o.id() == inner.id()) => {
                    through_selector |= parent.kind_name() == "selector_expression";
                }
                _ => break,
            }
            inner = parent;
        }
        let Some(parent) = inner.charged_parent() else { return false };
        match parent.kind_name() {
            "unary_expression" => has_operator(parent, "&"),
            "inc_statement" | "dec_statement" => true,
            "expression_list" => parent.charged_parent().is_some_and(|holder| {
                matches!(holder.kind_name(), "assignment_statement" | "range_clause") && holder.field(Field::Left).is_some_and(|l| l.id() == parent.id())
            }),
            "assignment_statement" => parent.field(Field::Left).is_some_and(|l| l.id() == inner.id()),
            "call_expression" => through_selector && parent.field(Field::Function).is_some_and(|f| f.id() == inner.id()),
            _ => false,
        }
    })
}

/// The statement's whole line when nothing else is on it, else the statement.
fn delete_range(statement: Node, cx: &FileContext) -> std::ops::Range<usize> {
    let content = cx.source();
    let start = statement.start_byte();
    let end = statement.end_byte();
    let line_start = content[..start].iter().rposition(|&b| b == b'\n').map_or(0, |n| n + 1);
    let only_blank_before = content[line_start..start].iter().all(|&b| b == b' ' || b == b'\t');
    let after = &content[end..];
    let rest = after.iter().position(|&b| b == b'\n').unwrap_or(after.len());
    let only_blank_after = after[..rest].iter().all(|&b| b == b' ' || b == b'\t' || b == b'\r');
    if only_blank_before && only_blank_after && rest < after.len() {
        line_start..end + rest + 1
    } else {
        start..end
    }
}
