//! GT206 unbuffered-send-deadlock: a send on an unbuffered channel that no
//! other goroutine can have seen yet.

use tree_sitter::Node;

use super::channels::{classify_use, declared_channel, make_chan, uses_of, ChannelUse};
use super::{Example, ExampleKind, Family, RuleMeta, SourceRule};
use crate::report::Severity;
use crate::source::context::FileContext;
use crate::source::scope::{later_siblings, named_children};
use crate::source::syntax::{Field, Syntax};
use crate::source::walk::ChargedParent;
use crate::source::walk::{contains, enclosing_function};

pub static META: RuleMeta = RuleMeta {
    id: "GT206",
    name: "unbuffered-send-deadlock",
    family: Family::Concurrency,
    severity: Severity::Error,
    summary: "a send on an unbuffered channel that no other goroutine can receive from yet",
    versions: "all",
    options: &[],
    docs: rule_docs!(
        r#"
## What it does
Reports a send (`ch <- v`, or a `select` whose only case is that send and that
has no `default`) on a channel made with `make(chan T)` or `make(chan T, 0)`
when the send follows the `make` in the same statement list of the same
function and nothing between them mentions the channel: no `go` statement,
call, assignment or closure has been given it.

## Why is this a trap?
A send on an unbuffered channel waits for a receiver. No other goroutine holds
the channel yet, so none can receive: the sending goroutine blocks forever.
When it is the last runnable goroutine the program dies with
`fatal error: all goroutines are asleep - deadlock!`; otherwise it leaks.

## What it cannot see
Sends nested in `if`, `for` or `switch` bodies, and sends after any statement
that mentions the channel (even one that would not receive from it), are not
reported. Channels assigned to an existing variable (`ch = make(...)`) are not
followed, since a goroutine started earlier may read that variable.

## Overlap
No go vet or staticcheck check reports this; the runtime reports it only when
every goroutine is blocked (GT606 reads that crash).
"#
    ),
    examples: rule_examples!(&[
        Example {
            kind: ExampleKind::Bad,
            go_version: "1.22",
            code: r#"
package main

func main() {
	ch := make(chan int) // unbuffered
	ch <- 42             // blocks forever: no receiver
}
"#,
        },
        Example {
            kind: ExampleKind::Good,
            go_version: "1.22",
            code: r#"
package main

import "fmt"

func main() {
	ch := make(chan int)
	go func() { fmt.Println(<-ch) }()
	ch <- 42
}
"#,
        },
    ]),
};

pub struct UnbufferedSendDeadlock;

impl SourceRule for UnbufferedSendDeadlock {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn node_kinds(&self) -> &'static [&'static str] {
        &["short_var_declaration", "var_declaration"]
    }

    fn check(&self, statement: Node, cx: &mut FileContext) {
        let Some((declaration, value)) = declared_channel(statement, cx) else { return };
        let unbuffered = match make_chan(value, cx) {
            Some(None) => true,
            Some(Some(capacity)) => cx.text(capacity) == "0",
            None => false,
        };
        if !unbuffered || statement.charged_parent().map(|p| p.kind_name()) != Some("statement_list") {
            return;
        }
        let Some(function) = enclosing_function(statement) else { return };
        let uses = uses_of(declaration, function, cx);
        for later in later_siblings(statement) {
            if later.kind_name() == "labeled_statement" {
                return; // a goto may enter here from elsewhere
            }
            let mentions: Vec<Node> = uses.iter().copied().filter(|use_site| contains(later, *use_site)).collect();
            if let Some(send) = blocking_send(later, &mentions, declaration, cx) {
                let name = cx.text(declaration);
                let made_line = cx.file.lines.line(statement.start_byte() as u32);
                let message = format!(
                    "send on unbuffered channel {name} blocks forever: no other goroutine can receive from it yet (made on line {made_line} and not shared before this send)"
                );
                let related = cx.related(statement.byte_range(), format!("{name} is made here"));
                cx.report(&META, send.byte_range(), message).related = vec![related];
                return;
            }
            if !mentions.is_empty() || later.kind_name() == "return_statement" {
                return;
            }
        }
    }
}

/// The send statement when `statement` is (or is a lone-case select around)
/// a send whose channel is the only mention of the channel in it.
fn blocking_send<'t>(statement: Node<'t>, mentions: &[Node], declaration: Node, cx: &FileContext) -> Option<Node<'t>> {
    let send = match statement.kind_name() {
        "send_statement" => statement,
        "select_statement" => match named_children(statement).filter(|n| n.kind_name() != "comment").collect::<Vec<_>>().as_slice() {
            [case] if case.kind_name() == "communication_case" => case.field(Field::Communication).filter(|c| c.kind_name() == "send_statement")?,
            _ => return None,
        },
        _ => return None,
    };
    match mentions {
        [only] if classify_use(*only, declaration, cx) == ChannelUse::Send && contains(send.field(Field::Channel)?, *only) => Some(send),
        _ => None,
    }
}
