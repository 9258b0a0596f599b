//! GT209 context-not-propagated: a new root context where the function was
//! given one.

use tree_sitter::Node;

use super::{Example, ExampleKind, Family, RuleMeta, SourceRule};
use crate::report::{Applicability, Severity};
use crate::source::context::FileContext;
use crate::source::scope::named_children;
use crate::source::syntax::{Field, Syntax};
use crate::source::walk::ChargedParent;
use crate::source::walk::{contains, enclosing_function};

pub static META: RuleMeta = RuleMeta {
    id: "GT209",
    name: "context-not-propagated",
    family: Family::Concurrency,
    severity: Severity::Warning,
    summary: "context.Background() or TODO() in a function that was given a context",
    versions: "all",
    options: &[],
    docs: rule_docs!(
        r#"
## What it does
Reports `context.Background()` and `context.TODO()` in a function that has a
named `context.Context` parameter or a named `*http.Request` parameter, or in
a func literal called on the spot inside such a function. Not reported: func
literals run by `go` or `defer` or handed to something else (they may
deliberately outlive the call), the nil fallback
(`if ctx == nil { ctx = context.Background() }`), a root context stored in a
field (directly or through `context.With*`), which is meant to outlive the
call, and a call whose statement has a comment just above it (looking past up
to two lines of code, up to a blank line or the start of the block) or at
the end of its line that mentions cancellation, deadlines, outliving, detaching, ignoring or
the background:
the author has said why. The fix, marked unsafe (the work then stops when
the caller's context ends), replaces the call with the parameter (or
`r.Context()`).

## Why is this a trap?
The context a function receives carries the caller's cancellation, deadline
and values (trace spans, request ids). A fresh root context drops all of
them: when the client goes away or the deadline passes, the work started
here goes on, holding goroutines, connections and locks, and the trace is
cut in two.

## What it cannot see
gotrap does not know why a root context was chosen. Work that must outlive
the request (a cache fill, an audit write) is a reason; since Go 1.21
`context.WithoutCancel(ctx)` keeps the values while dropping the
cancellation, which says so in the code.

## Overlap
staticcheck's SA1012 reports passing a nil context, not this; the
`contextcheck` linter reports a related case with type information.
"#
    ),
    examples: rule_examples!(&[
        Example {
            kind: ExampleKind::Bad,
            go_version: "1.22",
            code: r#"
package api

import (
	"context"
	"database/sql"
	"net/http"
)

func handler(db *sql.DB) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		// the query goes on after the client has gone away
		rows, err := db.QueryContext(context.Background(), "SELECT 1")
		if err == nil {
			rows.Close()
		}
	}
}
"#,
        },
        Example {
            kind: ExampleKind::Good,
            go_version: "1.22",
            code: r#"
package api

import (
	"database/sql"
	"net/http"
)

func handler(db *sql.DB) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		rows, err := db.QueryContext(r.Context(), "SELECT 1")
		if err == nil {
			rows.Close()
		}
	}
}
"#,
        },
    ]),
};

pub struct ContextNotPropagated;

impl SourceRule for ContextNotPropagated {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn node_kinds(&self) -> &'static [&'static str] {
        &["call_expression"]
    }

    fn check(&self, call: Node, cx: &mut FileContext) {
        let Some(root) = cx.called(call, "context", &["Background", "TODO"]) else { return };
        let Some((function, parameter, request)) = receiving_function(call, cx) else { return };
        let name = cx.text(parameter);
        if is_nil_fallback(call, function, parameter, cx) || is_stored(call, cx) || is_explained(call, cx) {
            return;
        }
        let given = if request { format!("{name}.Context()") } else { name.to_string() };
        let message = if request {
            format!(
                "context.{root}() in a function given the request {name} drops its cancellation, deadline and values: pass {given} (or context.WithoutCancel({given}) for work that must outlive it)"
            )
        } else {
            format!(
                "context.{root}() in a function given {name} drops its cancellation, deadline and values: pass {name} (or context.WithoutCancel({name}) for work that must outlive it)"
            )
        };
        let visible = cx.declaration_of(call, name.as_bytes(), None).is_some_and(|d| d.id() == parameter.id());
        let fix = visible.then(|| cx.fix(Applicability::Unsafe, vec![(call.byte_range(), given.clone())]));
        cx.report(&META, call.byte_range(), message).fix = fix;
    }
}

/// The function whose context the call should use: (function, parameter
/// name, whether it is an `*http.Request`). Func literals called on the spot
/// are looked through; other func literals without such a parameter end
/// the search.
fn receiving_function<'t>(call: Node<'t>, cx: &FileContext) -> Option<(Node<'t>, Node<'t>, bool)> {
    let mut node = call;
    loop {
        let function = enclosing_function(node)?;
        if let Some((parameter, request)) = context_parameter(function, cx) {
            return Some((function, parameter, request));
        }
        if function.kind_name() != "func_literal" {
            return None;
        }
        let called_here = function.charged_parent().is_some_and(|parent| {
            parent.kind_name() == "call_expression"
                && parent.field(Field::Function) == Some(function)
                && parent.charged_parent().is_none_or(|statement| !matches!(statement.kind_name(), "go_statement" | "defer_statement"))
        });
        if !called_here {
            return None;
        }
        node = function;
    }
}

/// A named `context.Context` or `*http.Request` parameter (the first one).
fn context_parameter<'t>(function: Node<'t>, cx: &FileContext) -> Option<(Node<'t>, bool)> {
    let parameters = function.field(Field::Parameters)?;
    for declaration in named_children(parameters).filter(|d| d.kind_name() == "parameter_declaration") {
        let Some(written) = declaration.field(Field::Type) else { continue };
        let request = written.kind_name() == "pointer_type"
            && named_children(written).next().is_some_and(|pointee| cx.refers_to(pointee, "net/http", &["Request"]).is_some());
        if !request && cx.refers_to(written, "context", &["Context"]).is_none() {
            continue;
        }
        let mut cursor = declaration.walk();
        let named = declaration.fields(Field::Name, &mut cursor).find(|name| cx.text(*name) != "_");
        if let Some(name) = named {
            return Some((name, request));
        }
    }
    None
}

/// Whether the root context (or one derived from it with `context.With*`)
/// is stored in a field, where it deliberately outlives the call.
fn is_stored(call: Node, cx: &FileContext) -> bool {
    let mut value = call;
    loop {
        let Some(parent) = value.charged_parent() else { return false };
        match parent.kind_name() {
            "parenthesized_expression" => value = parent,
            "argument_list" => {
                let Some(outer) = parent.charged_parent() else { return false };
                if cx
                    .called(
                        outer,
                        "context",
                        &["WithCancel", "WithCancelCause", "WithTimeout", "WithTimeoutCause", "WithDeadline", "WithDeadlineCause", "WithValue"],
                    )
                    .is_none()
                {
                    return false;
                }
                value = outer;
            }
            "literal_element" => return parent.charged_parent().is_some_and(|keyed| keyed.kind_name() == "keyed_element"),
            "expression_list" => {
                let Some(assignment) = parent.charged_parent().filter(|a| a.kind_name() == "assignment_statement") else { return false };
                return assignment.field(Field::Left).is_some_and(|left| named_children(left).any(|target| target.kind_name() == "selector_expression"));
            }
            _ => return false,
        }
    }
}

/// Whether a comment right above the statement (or on its line) says why:
/// it mentions cancellation, deadlines, outliving, detaching, ignoring or
/// the background.
fn is_explained(call: Node, cx: &FileContext) -> bool {
    let mut statement = call;
    while let Some(parent) = statement.charged_parent() {
        if parent.kind_name() == "statement_list" {
            break;
        }
        statement = parent;
    }
    let explains = |text: &[u8]| {
        let text = String::from_utf8_lossy(text).to_ascii_lowercase();
        ["cancel", "deadline", "outlive", "detach", "background", "ignore"].iter().any(|word| text.contains(word))
    };
    let content = cx.source();
    let line_end = content[statement.end_byte()..].iter().position(|&b| b == b'\n').map_or(content.len(), |n| statement.end_byte() + n);
    if content[statement.end_byte()..line_end].windows(2).position(|w| w == b"//").is_some_and(|at| explains(&content[statement.end_byte() + at..line_end])) {
        return true;
    }
    // The `//` lines just above the statement's first line, up to a blank
    // line, looking past at most two lines of code (a comment often
    // explains the few statements under it).
    let mut end = content[..statement.start_byte()].iter().rposition(|&b| b == b'\n').unwrap_or(0);
    let mut code_lines = 0;
    while end > 0 {
        let start = content[..end].iter().rposition(|&b| b == b'\n').map_or(0, |n| n + 1);
        let line = content[start..end].trim_ascii();
        if line.is_empty() || line.ends_with(b"{") || line.starts_with(b"}") {
            break;
        }
        if line.starts_with(b"//") {
            if explains(line) {
                return true;
            }
        } else {
            code_lines += 1;
            if code_lines > 2 {
                break;
            }
        }
        end = start.saturating_sub(1);
    }
    false
}

/// `ctx = context.Background()` for the parameter itself, or the call under
/// an `if` whose condition compares the parameter with nil.
fn is_nil_fallback(call: Node, function: Node, parameter: Node, cx: &FileContext) -> bool {
    let name = cx.text(parameter);
    let refers = |node: Node| {
        node.kind_name() == "identifier" && cx.text(node) == name && cx.declaration_of(node, name.as_bytes(), None).is_some_and(|d| d.id() == parameter.id())
    };
    let mut node = call;
    while let Some(parent) = node.charged_parent() {
        if parent.id() == function.id() {
            break;
        }
        let fallback = match parent.kind_name() {
            "assignment_statement" => parent.field(Field::Left).is_some_and(|left| named_children(left).any(refers)),
            "if_statement" => parent
                .field(Field::Condition)
                .filter(|c| !contains(*c, call))
                .is_some_and(|condition| cx.walk(condition).any(|n| n.kind_name() == "nil") && cx.walk(condition).any(refers)),
            _ => false,
        };
        if fallback {
            return true;
        }
        node = parent;
    }
    false
}
