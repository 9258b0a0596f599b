//! GT305 finalizer-misuse: a finalizer that blocks the single finalizer
//! goroutine, or that keeps its own object alive.

use tree_sitter::Node;

use super::{Example, ExampleKind, Family, RuleMeta, SourceRule};
use crate::report::Severity;
use crate::source::context::FileContext;
use crate::source::scope::{declared_as, has_operator, named_children, unparen, Declared};
use crate::source::syntax::{Field, Syntax};
use crate::source::walk::ChargedParent;

pub static META: RuleMeta = RuleMeta {
    id: "GT305",
    name: "finalizer-misuse",
    family: Family::Memory,
    severity: Severity::Warning,
    summary: "a finalizer that blocks the finalizer goroutine, or that keeps its object alive",
    versions: "all",
    options: &[],
    docs: rule_docs!(
        r#"
## What it does
Looks at the finalizer given to `runtime.SetFinalizer(obj, f)` when `f` is
a func literal or a function declared in the same file, and reports:

- a finalizer that sleeps (`time.Sleep`), receives from a channel, sends
  on one (not on a variable made with a buffer, `make(chan T, n)`, the usual
  one-shot signal),
  waits in a `select` without `default`, takes a lock (`x.Lock()`,
  `x.RLock()`), or does file or network I/O (`os.Open`, `os.Remove`,
  `os.WriteFile`... `net.Dial*`, `net.Listen*`, `net.Lookup*`, `http.Get`...);
- a finalizer literal that mentions the object variable itself instead of
  its parameter.

When the file's Go version allows it (go1.24 and later, or unknown) the
message for the second case suggests `runtime.AddCleanup`.

## Why is this a trap?
All finalizers of a program run one at a time on a single goroutine. A
finalizer that sleeps, waits for a lock or a channel, or waits on the disk
or the network holds up every other finalizer, so objects (and the
resources they guard, such as file descriptors) pile up waiting to be
finalized. A finalizer literal that refers to the object keeps it reachable
from the finalizer itself: the object is never collected and the finalizer
never runs. `runtime.AddCleanup` (go1.24) attaches a function to a value
that it cannot reach by accident: the object is not passed to it, and it
panics when its argument is the object itself.

## What it cannot see
gotrap has no type checker. Functions the finalizer calls are not
followed, nor finalizers declared in another file or package, nor method
values (`x.close`). A receive from a channel that is known never to block,
or a lock that is never contended, is still reported; a send on a buffered
channel whose buffer may be full is not. A reference to the
object through another variable (`p := obj`) is not seen.

## Overlap
staticcheck's SA5005 (the finalizer references the finalized object)
reports the second case with type information; nothing in go vet or
staticcheck reports blocking finalizers.
"#
    ),
    examples: rule_examples!(&[
        Example {
            kind: ExampleKind::Bad,
            go_version: "1.22",
            code: r#"
package cache

import (
	"os"
	"runtime"
)

type Entry struct{ path string }

func Open(path string) *Entry {
	e := &Entry{path: path}
	runtime.SetFinalizer(e, func(*Entry) {
		os.Remove(e.path) // refers to e: it is never collected
	})
	return e
}
"#,
        },
        Example {
            kind: ExampleKind::Good,
            go_version: "1.24",
            code: r#"
package cache

import (
	"os"
	"runtime"
)

type Entry struct{ path string }

var removals = make(chan string, 64) // drained by a worker goroutine

func Open(path string) *Entry {
	e := &Entry{path: path}
	runtime.AddCleanup(e, func(path string) {
		select {
		case removals <- path:
		default: // never blocks the cleanup goroutine
		}
	}, path)
	return e
}
"#,
        },
    ]),
};

const OS_IO: [&str; 24] = [
    "Open",
    "OpenFile",
    "Create",
    "Remove",
    "RemoveAll",
    "Rename",
    "ReadFile",
    "WriteFile",
    "ReadDir",
    "Mkdir",
    "MkdirAll",
    "MkdirTemp",
    "CreateTemp",
    "Stat",
    "Lstat",
    "Truncate",
    "Chmod",
    "Chown",
    "Chtimes",
    "Link",
    "Symlink",
    "Readlink",
    "StartProcess",
    "Pipe",
];

pub struct FinalizerMisuse;

impl SourceRule for FinalizerMisuse {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn node_kinds(&self) -> &'static [&'static str] {
        &["call_expression"]
    }

    fn check(&self, call: Node, cx: &mut FileContext) {
        if !cx.calls(call, "runtime", &["SetFinalizer"]) {
            return;
        }
        let Some(arguments) = call.field(Field::Arguments) else { return };
        let arguments: Vec<Node> = named_children(arguments).filter(|n| n.kind_name() != "comment").collect();
        let [object, finalizer] = arguments.as_slice() else { return };
        let finalizer = unparen(*finalizer);
        let (function, literal) = match finalizer.kind_name() {
            "func_literal" => (finalizer, true),
            "identifier" => match same_file_function(finalizer, cx) {
                Some(function) => (function, false),
                None => return,
            },
            _ => return,
        };
        let Some(body) = function.field(Field::Body) else { return };
        if let Some((site, what)) = blocking_site(body, cx) {
            let message = format!(
                "finalizer {what}: all finalizers run one at a time on a single goroutine, so this holds up every other finalizer in the program; hand the slow work to another goroutine"
            );
            cx.report(&META, site.byte_range(), message);
        }
        if literal {
            let cleanup = suggest_cleanup(cx);
            if let Some(site) = self_reference(*object, finalizer, cx) {
                let name = cx.text(site);
                let message = format!(
                    "finalizer literal refers to {name}, the object it finalizes: the finalizer keeps {name} reachable, so it is never collected and the finalizer never runs; use the finalizer's parameter{}",
                    if cleanup.is_empty() { String::new() } else { ", or runtime.AddCleanup (go1.24 and later) with only the values the cleanup needs".to_string() }
                );
                cx.report(&META, site.byte_range(), message);
            }
        }
    }
}

/// ", or use runtime.AddCleanup ..." unless the file's version is known and
/// below go1.24.
fn suggest_cleanup(cx: &FileContext) -> &'static str {
    match cx.file.version {
        Some((version, _)) if !version.at_least(24) => "",
        _ => ", or use runtime.AddCleanup (go1.24 and later)",
    }
}

/// A package-level function declared in this file, named by `identifier`
/// where no local declaration shadows it.
fn same_file_function<'t>(identifier: Node<'t>, cx: &FileContext) -> Option<Node<'t>> {
    let name = cx.text(identifier);
    if cx.declaration_of(identifier, name.as_bytes(), None).is_some() {
        return None;
    }
    let mut root = identifier;
    while let Some(parent) = root.charged_parent() {
        root = parent;
    }
    named_children(root).find(|n| n.kind_name() == "function_declaration" && n.field(Field::Name).is_some_and(|f| cx.text(f) == name))
}

/// The first place in a finalizer body that can block for long, with what it
/// does; nested func literals (goroutines it starts) are skipped.
fn blocking_site<'t>(body: Node<'t>, cx: &FileContext) -> Option<(Node<'t>, String)> {
    let mut walk = cx.walk(body);
    while let Some(node) = walk.next() {
        match node.kind_name() {
            "func_literal" => walk.skip_children(),
            "send_statement" | "unary_expression" if polled(node) => {}
            "send_statement" if node.field(Field::Channel).is_some_and(|c| buffered(c, cx)) => {}
            "send_statement" => return Some((node, "sends on a channel".to_string())),
            "unary_expression" if has_operator(node, "<-") => return Some((node, "receives from a channel".to_string())),
            "select_statement" if !named_children(node).any(|c| c.kind_name() == "default_case") => {
                return Some((node, "waits in a select without default".to_string()))
            }
            "call_expression" => {
                if cx.calls(node, "time", &["Sleep"]) {
                    return Some((node, "sleeps (time.Sleep)".to_string()));
                }
                if let Some(name) = cx.called(node, "os", &OS_IO) {
                    return Some((node, format!("does file I/O (os.{name})")));
                }
                if let Some(name) = net_call(node, cx) {
                    return Some((node, format!("does network I/O ({name})")));
                }
                let Some(function) = node.field(Field::Function).map(unparen) else { continue };
                let no_arguments = node.field(Field::Arguments).is_some_and(|a| named_children(a).next().is_none());
                if function.kind_name() == "selector_expression" && no_arguments {
                    let field = function.field(Field::Field).map_or("", |f| cx.text(f));
                    if field == "Lock" || field == "RLock" {
                        return Some((node, format!("takes a lock ({})", cx.text(function))));
                    }
                }
            }
            _ => {}
        }
    }
    None
}

/// Whether a channel is a variable declared as `make(chan T, n)` with a
/// non-zero buffer (a send there is the usual one-shot signal).
fn buffered(channel: Node, cx: &FileContext) -> bool {
    let channel = unparen(channel);
    if channel.kind_name() != "identifier" {
        return false;
    }
    let Some(declaration) = cx.declaration_of(channel, cx.text(channel).as_bytes(), None) else { return false };
    let Declared::Value(value) = declared_as(declaration) else { return false };
    let value = unparen(value);
    let Some(arguments) = value.field(Field::Arguments) else { return false };
    let arguments: Vec<Node> = named_children(arguments).collect();
    cx.calls_builtin(value, "make") && arguments.len() == 2 && cx.text(arguments[1]) != "0"
}

/// Whether a send or receive is the communication of a case in a `select`
/// with a `default` (so it never blocks).
fn polled(node: Node) -> bool {
    let mut current = node;
    while let Some(parent) = current.charged_parent() {
        match parent.kind_name() {
            "communication_case" => {
                let is_communication = parent.field(Field::Communication).is_some_and(|c| c.id() == current.id());
                let with_default = parent.charged_parent().is_some_and(|select| named_children(select).any(|c| c.kind_name() == "default_case"));
                return is_communication && with_default;
            }
            "receive_statement" | "expression_list" | "parenthesized_expression" | "unary_expression" => current = parent,
            _ => return false,
        }
    }
    false
}

/// `net.Dial*`, `net.Listen*`, `net.Lookup*`, `net.Resolve*`, `http.Get` and
/// friends, as written.
fn net_call(call: Node, cx: &FileContext) -> Option<String> {
    if let Some(name) = cx.called(call, "net/http", &["Get", "Head", "Post", "PostForm"]) {
        return Some(format!("http.{name}"));
    }
    let function = unparen(call.field(Field::Function)?);
    let field = function.field(Field::Field).map(|f| cx.text(f))?;
    let io = ["Dial", "Listen", "Lookup", "Resolve"].iter().any(|prefix| field.starts_with(prefix));
    (io && cx.calls(call, "net", &[field])).then(|| format!("net.{field}"))
}

/// A use, inside the finalizer literal, of the variable passed as the object
/// (`x` or `&x`), not shadowed by the literal's parameters.
fn self_reference<'t>(object: Node<'t>, literal: Node<'t>, cx: &FileContext) -> Option<Node<'t>> {
    let mut object = unparen(object);
    if object.kind_name() == "unary_expression" && has_operator(object, "&") {
        object = unparen(object.field(Field::Operand)?);
    }
    if object.kind_name() != "identifier" {
        return None;
    }
    let name = cx.text(object);
    let declaration = cx.declaration_of(object, name.as_bytes(), None);
    let body = literal.field(Field::Body)?;
    cx.walk(body).find(|node| {
        if node.kind_name() != "identifier" || cx.text(*node) != name {
            return false;
        }
        // A field name in a selector (`p.x`) or a composite literal key is not a use.
        if node.charged_parent().is_some_and(|p| p.kind_name() == "selector_expression" && p.field(Field::Field).is_some_and(|f| f.id() == node.id())) {
            return false;
        }
        let here = cx.declaration_of(*node, name.as_bytes(), None);
        match (here, declaration) {
            (Some(here), Some(declaration)) => here.id() == declaration.id(),
            (None, None) => true,
            _ => false,
        }
    })
}
