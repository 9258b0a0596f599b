//! GT203 http-client-no-timeout: an `http.Client` literal without a
//! `Timeout`, never given one afterwards.

use tree_sitter::Node;

use super::{Example, ExampleKind, Family, RuleMeta, SourceRule};
use crate::report::Severity;
use crate::source::context::FileContext;
use crate::source::scope::{has_operator, named_children};
use crate::source::syntax::{Field, Syntax};
use crate::source::walk::ChargedParent;

pub static META: RuleMeta = RuleMeta {
    id: "GT203",
    name: "http-client-no-timeout",
    family: Family::Concurrency,
    severity: Severity::Warning,
    summary: "an http.Client literal has no Timeout, so its requests can hang forever",
    versions: "all",
    options: &[],
    docs: rule_docs!(
        r#"
## What it does
Reports an `http.Client{...}` (or `&http.Client{...}`) composite literal
that sets no `Timeout` field when nothing in the file sets it later: no `c.Timeout = ...`
on the variable it is assigned to, no `x.f.Timeout = ...` for a literal
stored in field `f`. Test files (`_test.go`) are skipped.

## Why is this a trap?
A zero `Timeout` means no limit at all. A server that accepts the connection
and then stops answering, or sends the body a byte a minute, holds the
request — and the goroutine, the connection and everything the caller
holds — forever. Under load those pile up until file descriptors or memory
run out. `Timeout` bounds the whole exchange, including reading the body.

## What it cannot see
A per-request deadline (`http.NewRequestWithContext` with a context that has
one) also bounds a request; gotrap does not follow contexts, so the message
names that alternative. Timeouts set in another function or another file,
and clients built with `new(http.Client)`, are not seen. Transport-level
timeouts (`ResponseHeaderTimeout`, a dialer's `Timeout`) bound only parts of
the exchange and do not silence the finding.

## Overlap
No go vet or staticcheck check reports this; gosec's G107 and the
`noctx` linter look at related but different things (variable URLs, requests
without a context).
"#
    ),
    examples: rule_examples!(&[
        Example {
            kind: ExampleKind::Bad,
            go_version: "1.22",
            code: r#"
package api

import "net/http"

var client = &http.Client{} // no Timeout: a stalled server hangs callers forever
"#,
        },
        Example {
            kind: ExampleKind::Good,
            go_version: "1.22",
            code: r#"
package api

import (
	"net/http"
	"time"
)

var client = &http.Client{Timeout: 10 * time.Second}
"#,
        },
    ]),
};

pub struct HttpClientNoTimeout;

impl SourceRule for HttpClientNoTimeout {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn node_kinds(&self) -> &'static [&'static str] {
        &["composite_literal"]
    }

    fn check(&self, literal: Node, cx: &mut FileContext) {
        if cx.file.is_test {
            return;
        }
        let Some(written) = literal.field(Field::Type) else { return };
        if cx.refers_to(written, "net/http", &["Client"]).is_none() {
            return;
        }
        let Some(body) = literal.field(Field::Body) else { return };
        let sets_timeout = named_children(body)
            .filter(|element| element.kind_name() == "keyed_element")
            .any(|element| element.field(Field::Key).is_some_and(|key| cx.text(key) == "Timeout"));
        if sets_timeout || timeout_set_later(literal, cx) {
            return;
        }
        let message = format!(
            "{} has no Timeout: a request through it can hang forever on a server that stops responding; set Timeout (or give every request a context with a deadline)",
            cx.text(written)
        );
        cx.report(&META, literal.start_byte()..body.start_byte(), message);
    }
}

/// Whether a `.Timeout =` assignment in sight targets where the literal goes.
fn timeout_set_later(literal: Node, cx: &mut FileContext) -> bool {
    let mut value = literal;
    while let Some(parent) =
        value.charged_parent().filter(|p| p.kind_name() == "parenthesized_expression" || (p.kind_name() == "unary_expression" && has_operator(*p, "&")))
    {
        value = parent;
    }
    let Some(parent) = value.charged_parent() else { return false };
    // What a later assignment would write before `.Timeout`: the variable's
    // text, or `.f` for a literal stored in field `f` of another literal.
    let target = match parent.kind_name() {
        "expression_list" => {
            let Some(statement) = parent.charged_parent() else { return false };
            let left = match statement.kind_name() {
                "short_var_declaration" | "assignment_statement" => statement.field(Field::Left).map(|l| named_children(l).collect::<Vec<_>>()),
                "var_spec" => {
                    let mut cursor = statement.walk();
                    Some(statement.fields(Field::Name, &mut cursor).collect())
                }
                _ => None,
            };
            let index = named_children(parent).position(|n| n.id() == value.id());
            match (left, index) {
                (Some(left), Some(index)) if statement.field(if statement.kind_name() == "var_spec" { Field::Value } else { Field::Right }) == Some(parent) => {
                    match left.get(index) {
                        Some(target) => Target::Exact(cx.text(*target).to_string()),
                        None => return false,
                    }
                }
                _ => return false,
            }
        }
        "literal_element" => {
            let Some(keyed) = parent.charged_parent().filter(|k| k.kind_name() == "keyed_element") else { return false };
            match keyed.field(Field::Key) {
                Some(key) if keyed.field(Field::Value) == Some(parent) => Target::Field(cx.text(key).to_string()),
                _ => return false,
            }
        }
        _ => return false,
    };
    cx.field_assignments("Timeout").into_iter().any(|operand| match &target {
        Target::Exact(text) => cx.text(operand) == text,
        Target::Field(field) => operand.kind_name() == "selector_expression" && operand.field(Field::Field).is_some_and(|f| cx.text(f) == field),
    })
}

enum Target {
    Exact(String),
    Field(String),
}
