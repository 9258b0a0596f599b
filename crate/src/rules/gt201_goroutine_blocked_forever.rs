//! GT201 goroutine-blocked-forever: a goroutine waits on a channel of its
//! creator that no one will ever send on or close.

use tree_sitter::Node;

use super::channels::{classify_use, function_name, uses_of, ChannelUse};
use super::{Example, ExampleKind, Family, RuleMeta, SourceRule};
use crate::report::Severity;
use crate::source::context::FileContext;
use crate::source::scope::{has_operator, named_children, unparen};
use crate::source::syntax::{Field, Syntax};
use crate::source::walk::ChargedParent;
use crate::source::walk::{contains, enclosing_function};

pub static META: RuleMeta = RuleMeta {
    id: "GT201",
    name: "goroutine-blocked-forever",
    family: Family::Concurrency,
    severity: Severity::Warning,
    summary: "a goroutine receives from a channel that is never sent on, closed or shared",
    versions: "all",
    options: &[],
    docs: rule_docs!(
        r#"
## What it does
Reports a `go func() { ... }()` that receives from a channel (`<-ch`,
`for range ch`, or a `select` whose every case receives from such channels and
that has no `default`) when the channel is made in the enclosing function with
`make(chan T)` and is never sent on, closed, passed to a call, stored or
returned anywhere in that function.

## Why is this a trap?
Nothing can ever wake the goroutine: it stays parked for the life of the
process, with its stack and everything it references. One per request or per
call is a goroutine leak that `pprof`'s goroutine profile shows growing. The
runtime's deadlock detector does not fire while other goroutines run.

## What it cannot see
A channel that escapes (passed to a function, stored in a struct, returned,
captured by a named function) might be sent on elsewhere, so it is never
reported. Receives in goroutines started as `go f(ch)` pass the channel and
are not reported. A `select` with any other live case (`ctx.Done()`, a timer,
a send) is not reported. gotrap does not follow reassignments of the channel
variable.

## Overlap
No go vet or staticcheck check reports this. The runtime's `goroutineleak`
profile (Go 1.26 experiment) finds such goroutines at run time; see GT601.
"#
    ),
    examples: rule_examples!(&[
        Example {
            kind: ExampleKind::Bad,
            go_version: "1.22",
            code: r#"
package main

func leakyHandler() {
	ch := make(chan int)
	go func() {
		select { // blocks forever: no sender, no close, no default
		case <-ch:
		}
	}()
}
"#,
        },
        Example {
            kind: ExampleKind::Good,
            go_version: "1.22",
            code: r#"
package main

import "context"

func handler(ctx context.Context) {
	ch := make(chan int)
	go func() {
		select {
		case <-ch:
		case <-ctx.Done(): // the goroutine can always leave
		}
	}()
	ch <- 1
}
"#,
        },
    ]),
};

pub struct GoroutineBlockedForever;

impl SourceRule for GoroutineBlockedForever {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn node_kinds(&self) -> &'static [&'static str] {
        &["go_statement"]
    }

    fn check(&self, go_statement: Node, cx: &mut FileContext) {
        let Some(call) = named_children(go_statement).next().map(unparen).filter(|c| c.kind_name() == "call_expression") else { return };
        let Some(closure) = call.field(Field::Function).map(unparen).filter(|f| f.kind_name() == "func_literal") else { return };
        let Some(goroutine_body) = closure.field(Field::Body) else { return };
        let Some(creator) = enclosing_function(go_statement) else { return };
        let mut walk = cx.walk(goroutine_body);
        while let Some(node) = walk.next() {
            let blocking = match node.kind_name() {
                "func_literal" => {
                    walk.skip_children();
                    continue;
                }
                "select_statement" => {
                    let cases: Vec<Node> = named_children(node).filter(|n| n.kind_name() != "comment").collect();
                    let dead: Option<Vec<(Node, Node)>> = cases.iter().map(|case| dead_case(*case, creator, closure, cx)).collect();
                    match dead {
                        Some(channels) if !channels.is_empty() => {
                            walk.skip_children();
                            let names: Vec<&str> = channels.iter().map(|(_, decl)| cx.text(*decl)).collect();
                            Some((node.start_byte()..node.start_byte() + "select".len(), format!("in a select on {}", names.join(", ")), channels))
                        }
                        _ => None,
                    }
                }
                "unary_expression" if has_operator(node, "<-") && !in_communication(node) => dead_channel(node.field(Field::Operand), creator, closure, cx)
                    .map(|decl| (node.byte_range(), format!("receiving from {}", cx.text(decl)), vec![(node, decl)])),
                "range_clause" => dead_channel(node.field(Field::Right), creator, closure, cx)
                    .map(|decl| (node.byte_range(), format!("ranging over {}", cx.text(decl)), vec![(node, decl)])),
                _ => None,
            };
            let Some((range, how, channels)) = blocking else { continue };
            let names: Vec<&str> = channels.iter().map(|(_, decl)| cx.text(*decl)).collect();
            let creator_name = function_name(creator, cx);
            let message = format!(
                "goroutine blocks forever {how}: {} made in {creator_name} and never sent on, closed or shared, so the goroutine and everything it references leak",
                if names.len() == 1 { format!("{} is", names[0]) } else { format!("{} are", names.join(", ")) }
            );
            let related: Vec<_> = channels
                .iter()
                .map(|(_, decl)| {
                    let made = decl.charged_parent().and_then(|p| p.charged_parent()).unwrap_or(*decl);
                    cx.related(made.byte_range(), format!("{} is made here", cx.text(*decl)))
                })
                .collect();
            cx.report(&META, range, message).related = related;
        }
    }
}

/// Whether a `<-` belongs to a select case (judged with its select).
fn in_communication(receive: Node) -> bool {
    let mut node = receive;
    while let Some(parent) = node.charged_parent() {
        match parent.kind_name() {
            "receive_statement" | "parenthesized_expression" => node = parent,
            "communication_case" => return true,
            _ => return false,
        }
    }
    false
}

/// For a select case that receives from a dead channel: (case, declaration).
/// None for `default`, sends and live receives.
fn dead_case<'t, 'a: 't>(case: Node<'t>, creator: Node<'t>, closure: Node<'t>, cx: &FileContext<'a>) -> Option<(Node<'t>, Node<'t>)> {
    let communication = case.field(Field::Communication).filter(|c| c.kind_name() == "receive_statement")?;
    let receive = communication.field(Field::Right).map(unparen).filter(|r| r.kind_name() == "unary_expression" && has_operator(*r, "<-"))?;
    dead_channel(receive.field(Field::Operand), creator, closure, cx).map(|decl| (case, decl))
}

/// The declaration of a channel that is made in `creator` (outside the
/// goroutine) and only ever received from there.
fn dead_channel<'t, 'a: 't>(operand: Option<Node<'t>>, creator: Node<'t>, closure: Node<'t>, cx: &FileContext<'a>) -> Option<Node<'t>> {
    let operand = unparen(operand?);
    if operand.kind_name() != "identifier" {
        return None;
    }
    let name = cx.text(operand);
    let declaration = cx.declaration_of(operand, name.as_bytes(), None)?;
    if !contains(creator, declaration) || contains(closure, declaration) || enclosing_function(declaration).map(|f| f.id()) != Some(creator.id()) {
        return None;
    }
    let statement = declaration.charged_parent().and_then(|list| list.charged_parent())?;
    super::channels::declared_channel(statement, cx).filter(|(name, _)| name.id() == declaration.id())?;
    let only_received = uses_of(declaration, creator, cx)
        .iter()
        .all(|use_site| matches!(classify_use(*use_site, declaration, cx), ChannelUse::Declaration | ChannelUse::Receive));
    only_received.then_some(declaration)
}
