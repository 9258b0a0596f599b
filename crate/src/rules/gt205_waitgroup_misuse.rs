//! GT205 waitgroup-misuse: `wg.Add` inside the goroutine it counts, or an
//! `Add` for a goroutine that can never call `Done`.

use tree_sitter::Node;

use super::{Example, ExampleKind, Family, RuleMeta, SourceRule};
use crate::report::{Applicability, Fix, Severity};
use crate::source::context::FileContext;
use crate::source::scope::{declared_as, earlier_siblings, has_operator, named_children, unparen, Declared};
use crate::source::syntax::{Field, Syntax};
use crate::source::walk::ChargedParent;
use crate::source::walk::{contains, enclosing_function};

pub static META: RuleMeta = RuleMeta {
    id: "GT205",
    name: "waitgroup-misuse",
    family: Family::Concurrency,
    severity: Severity::Warning,
    summary: "sync.WaitGroup.Add called inside the goroutine it counts, or never matched by Done",
    versions: "all",
    options: &[],
    docs: rule_docs!(
        r#"
## What it does
Reports two misuses of a `sync.WaitGroup`:
- `wg.Add(n)` as a statement of a `go func() { ... }()` body, before the
  `wg.Done()` of the same goroutine: the goroutine counts itself.
- `wg.Add(n)` (with a positive constant `n`) right before a
  `go func() { ... }()` that never mentions `wg`, when `wg` is a
  `sync.WaitGroup` declared in the function, `wg.Done` is called nowhere in
  it and `wg` is never shared (passed, stored, captured): `wg.Wait` can never
  return.

For the first case a fix, marked unsafe, moves the `Add` statement to just
before the `go` statement, when its arguments use nothing of the goroutine.

## Why is this a trap?
`Wait` returns as soon as the counter is zero. When the goroutine calls `Add`
itself, `Wait` may run before the goroutine has been scheduled, see zero and
return while the work has not even started. An `Add` that no `Done` matches
leaves the counter above zero forever: `Wait` blocks, and with it whatever
waits on it.

## What it cannot see
A goroutine that, after its `Add`, sends on a channel, closes one or
releases a lock may be waited for that way before `Wait` runs: not reported.
Receivers are matched by their text (`wg`, `s.wg`); an `Add` inside a loop
or branch of the goroutine (a goroutine that starts others) is not reported.
For the second case gotrap only reports when nothing in the function could
call `Done`; a `go worker()` with a named function is never reported.

## Overlap
go vet's `waitgroup` analyzer (Go 1.25) reports the first case when the
`Add` is the goroutine's first statement; staticcheck's SA2000 reports it
too. Since Go 1.25, `wg.Go(f)` does the `Add` and `Done` for you.
"#
    ),
    examples: rule_examples!(&[
        Example {
            kind: ExampleKind::Bad,
            go_version: "1.22",
            code: r#"
package work

import "sync"

func process(items []string, handle func(string)) {
	var wg sync.WaitGroup
	for _, item := range items {
		go func() {
			wg.Add(1) // races with wg.Wait below
			defer wg.Done()
			handle(item)
		}()
	}
	wg.Wait() // may return before any goroutine has started
}
"#,
        },
        Example {
            kind: ExampleKind::Good,
            go_version: "1.22",
            code: r#"
package work

import "sync"

func process(items []string, handle func(string)) {
	var wg sync.WaitGroup
	for _, item := range items {
		wg.Add(1) // counted before the goroutine exists
		go func() {
			defer wg.Done()
			handle(item)
		}()
	}
	wg.Wait()
}
"#,
        },
    ]),
};

pub struct WaitgroupMisuse;

impl SourceRule for WaitgroupMisuse {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn node_kinds(&self) -> &'static [&'static str] {
        &["go_statement"]
    }

    fn check(&self, go_statement: Node, cx: &mut FileContext) {
        let closure = go_literal(go_statement);
        if let Some(closure) = closure {
            add_inside(go_statement, closure, cx);
        }
        add_without_done(go_statement, closure, cx);
    }
}

/// The func literal a `go func() { ... }()` statement runs.
fn go_literal(go_statement: Node) -> Option<Node> {
    let call = named_children(go_statement).next().map(unparen).filter(|c| c.kind_name() == "call_expression")?;
    call.field(Field::Function).map(unparen).filter(|f| f.kind_name() == "func_literal")
}

/// `X.Method(...)` as an expression statement (or under `defer`): (X, args).
fn method_call<'t>(statement: Node<'t>, method: &str, cx: &FileContext) -> Option<(Node<'t>, Node<'t>)> {
    let expression = match statement.kind_name() {
        "expression_statement" | "defer_statement" => named_children(statement).next()?,
        _ => return None,
    };
    let call = unparen(expression);
    let function = call.field(Field::Function).filter(|f| call.kind_name() == "call_expression" && f.kind_name() == "selector_expression")?;
    if function.field(Field::Field).is_none_or(|f| cx.text(f) != method) {
        return None;
    }
    Some((function.field(Field::Operand)?, call.field(Field::Arguments)?))
}

/// First case: `wg.Add` among the top-level statements of the goroutine,
/// before its own `wg.Done`.
fn add_inside(go_statement: Node, closure: Node, cx: &mut FileContext) {
    let Some(list) = closure.field(Field::Body).and_then(|body| named_children(body).find(|n| n.kind_name() == "statement_list")) else { return };
    let Some((add, receiver, arguments)) = named_children(list).find_map(|s| method_call(s, "Add", cx).map(|(receiver, args)| (s, receiver, args))) else {
        return;
    };
    let receiver_text = cx.text(receiver);
    // Done on the same receiver later in this goroutine (not in a nested one).
    let mut walk = cx.walk(list);
    let mut done = false;
    while let Some(node) = walk.next() {
        if node.kind_name() == "func_literal" {
            walk.skip_children();
        } else if node.start_byte() > add.end_byte() && method_call(node, "Done", cx).is_some_and(|(r, _)| cx.text(r) == receiver_text) {
            done = true;
            break;
        } else if node.start_byte() > add.end_byte() && signals(node, cx) {
            // The waiter may wait for this signal before calling Wait.
            return;
        }
    }
    let Some(function) = enclosing_function(go_statement) else { return };
    let other_add = cx.walk(function).any(|node| !contains(closure, node) && method_call(node, "Add", cx).is_some_and(|(r, _)| cx.text(r) == receiver_text));
    if !done || other_add {
        return;
    }
    let message = format!(
        "{receiver_text}.Add is called inside the goroutine it counts: {receiver_text}.Wait may run first and return before this goroutine starts; call {receiver_text}.Add before the go statement"
    );
    let fix = move_before(add, arguments, closure, go_statement, cx);
    cx.report(&META, add.byte_range(), message).fix = fix;
}

/// A send, `close`, `Unlock`, `Signal` or `Broadcast`: something another
/// goroutine can wait for.
fn signals(node: Node, cx: &FileContext) -> bool {
    match node.kind_name() {
        "send_statement" => true,
        "call_expression" => {
            cx.calls_builtin(node, "close")
                || node.field(Field::Function).is_some_and(|f| {
                    f.kind_name() == "selector_expression" && f.field(Field::Field).is_some_and(|m| matches!(cx.text(m), "Unlock" | "Signal" | "Broadcast"))
                })
        }
        _ => false,
    }
}

/// Moves the `Add` statement to just before the `go` statement, when its
/// line holds nothing else and its arguments use nothing of the goroutine.
fn move_before(add: Node, arguments: Node, closure: Node, go_statement: Node, cx: &FileContext) -> Option<Fix> {
    let content = cx.source();
    let line_start = content[..add.start_byte()].iter().rposition(|&b| b == b'\n').map_or(0, |n| n + 1);
    let line_end = content[add.end_byte()..].iter().position(|&b| b == b'\n').map(|n| add.end_byte() + n + 1)?;
    let alone = content[line_start..add.start_byte()].iter().all(|b| *b == b' ' || *b == b'\t')
        && content[add.end_byte()..line_end].iter().all(|b| b.is_ascii_whitespace());
    let local = std::iter::once(arguments)
        .chain(cx.walk(arguments))
        .any(|node| node.kind_name() == "identifier" && cx.declaration_of(node, cx.text(node).as_bytes(), None).is_some_and(|d| contains(closure, d)));
    if !alone || local || go_statement.charged_parent().map(|p| p.kind_name()) != Some("statement_list") {
        return None;
    }
    let indent = cx.indentation_at(go_statement.start_byte());
    Some(cx.fix(
        Applicability::Unsafe,
        vec![(go_statement.start_byte()..go_statement.start_byte(), format!("{}\n{indent}", cx.text(add))), (line_start..line_end, String::new())],
    ))
}

/// Second case: `wg.Add(n)` right before a `go` literal that never mentions
/// `wg`, for a local WaitGroup nothing can call `Done` on.
fn add_without_done(go_statement: Node, closure: Option<Node>, cx: &mut FileContext) {
    let Some(closure) = closure else { return };
    let Some(previous) = earlier_siblings(go_statement).find(|p| p.kind_name() != "comment") else { return };
    let Some((receiver, arguments)) = method_call(previous, "Add", cx) else { return };
    if previous.kind_name() != "expression_statement" || receiver.kind_name() != "identifier" {
        return;
    }
    let positive = match named_children(arguments).collect::<Vec<_>>().as_slice() {
        [count] => count.kind_name() == "int_literal" && cx.text(*count).trim_start_matches('0').chars().any(|c| c != '_'),
        _ => false,
    };
    let name = cx.text(receiver);
    let Some(declaration) = cx.declaration_of(receiver, name.as_bytes(), None) else { return };
    let Some(function) = enclosing_function(go_statement) else { return };
    if !positive || !is_waitgroup(declaration, cx) || enclosing_function(declaration).is_none_or(|f| f.id() != function.id()) {
        return;
    }
    let mentioned =
        std::iter::once(closure).chain(cx.walk(go_statement)).any(|n| matches!(n.kind_name(), "identifier" | "field_identifier") && cx.text(n) == name);
    if mentioned {
        return;
    }
    // Every use of wg in the function is a direct wg.Add or wg.Wait call.
    let mut wait = None;
    for node in cx.walk(function) {
        if node.kind_name() != "identifier" || cx.text(node) != name || node.id() == declaration.id() {
            continue;
        }
        if cx.declaration_of(node, name.as_bytes(), None).is_none_or(|d| d.id() != declaration.id()) {
            continue;
        }
        let method = node.charged_parent().filter(|p| p.kind_name() == "selector_expression" && p.field(Field::Operand) == Some(node)).and_then(|selector| {
            let called = selector.charged_parent().is_some_and(|call| call.kind_name() == "call_expression" && call.field(Field::Function) == Some(selector));
            called.then(|| selector.field(Field::Field).map(|f| cx.text(f))).flatten()
        });
        match method {
            Some("Add") => {}
            Some("Wait") => wait = wait.or(Some(node)),
            _ => return,
        }
    }
    let Some(wait) = wait else { return };
    let wait_line = cx.file.lines.line(wait.start_byte() as u32);
    let message = format!(
        "{name}.Add counts a goroutine that never calls {name}.Done, and nothing else in this function can: {name}.Wait on line {wait_line} blocks forever; defer {name}.Done() in the goroutine"
    );
    let related = cx.related(go_statement.byte_range(), format!("this goroutine never mentions {name}"));
    cx.report(&META, previous.byte_range(), message).related = vec![related];
}

/// Whether a variable is declared as a `sync.WaitGroup`: by its written type
/// or by a `sync.WaitGroup{}`, `&sync.WaitGroup{}` or `new(sync.WaitGroup)`
/// value.
fn is_waitgroup(declaration: Node, cx: &FileContext) -> bool {
    let is_type = |node: Node| cx.refers_to(node, "sync", &["WaitGroup"]).is_some();
    match declared_as(declaration) {
        Declared::Type(written) => is_type(written),
        Declared::Value(value) => {
            let mut value = unparen(value);
            if value.kind_name() == "unary_expression" && has_operator(value, "&") {
                let Some(operand) = value.field(Field::Operand) else { return false };
                value = unparen(operand);
            }
            match value.kind_name() {
                "composite_literal" => value.field(Field::Type).is_some_and(is_type),
                "call_expression" if cx.calls_builtin(value, "new") => {
                    value.field(Field::Arguments).and_then(|a| named_children(a).next()).is_some_and(is_type)
                }
                _ => false,
            }
        }
        Declared::Unknown => false,
    }
}
