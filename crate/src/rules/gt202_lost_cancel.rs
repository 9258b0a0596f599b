//! GT202 lost-cancel: the cancel function of a derived context is discarded,
//! or some path to a return never uses it.

use tree_sitter::Node;

use super::{Example, ExampleKind, Family, RuleMeta, SourceRule};
use crate::report::{Applicability, Fix, Severity};
use crate::source::context::FileContext;
use crate::source::scope::{earlier_siblings, last_in_list, later_siblings, named_children, unparen};
use crate::source::syntax::{Field, Syntax};
use crate::source::walk::ChargedParent;
use crate::source::walk::{contains, enclosing_function};

pub static META: RuleMeta = RuleMeta {
    id: "GT202",
    name: "lost-cancel",
    family: Family::Concurrency,
    severity: Severity::Warning,
    summary: "the cancel function of a derived context is discarded or not called on every path",
    versions: "all",
    options: &[],
    docs: rule_docs!(
        r#"
## What it does
Reports the cancel function returned by `context.WithCancel`,
`context.WithTimeout`, `context.WithDeadline` (and their `Cause` variants) or
the stop function of `signal.NotifyContext` when it is assigned to `_`, or when
a `return` (or the end of a function without results) can be reached from the
call without the cancel variable being used: called, deferred, passed,
stored, returned or captured by a func literal all count as uses.

The fix, marked unsafe, names a discarded cancel function and adds
`defer cancel()` after the call; it is offered only when the call is not in
a loop and the derived context is not returned, used by a `go` statement or
captured by a func literal (a deferred cancel would cut it short).

## Why is this a trap?
A derived context holds resources until it is cancelled: `WithCancel`
registers the child with its parent (a parent that lives long, such as a
server's base context, keeps every forgotten child), `WithTimeout` and
`WithDeadline` also hold a runtime timer until the deadline passes, and
`NotifyContext` keeps relaying signals. `defer cancel()` right after the call
releases them on every path.

## What it cannot see
gotrap has no control-flow graph: it follows statement lists, `if`, `for`,
`switch`, `select`, `break` and `continue` by their syntax and, like vet,
treats every branch as possible. A path that leaves a loop, `select` or
block that uses the cancel function somewhere inside is taken to have used
it (an `if` or `switch` is followed branch by branch), and functions with a
`goto` are not checked for paths.
Calls named like `Fatal`, `Exit`, `Panic`, `FailNow` or `Skip` are taken
never to return. A variable that a func literal, `defer` or `go` statement
before the call already uses is taken to be handled there. Cancel functions assigned to fields, package variables or
variables of an enclosing function are not followed, and `main.main` is not
checked, as the process ends with it.

## Overlap
go vet's `lostcancel` reports the same two cases with a control-flow graph and
type information; gotrap finds them without building the package, and in code
that does not compile yet.
"#
    ),
    examples: rule_examples!(&[
        Example {
            kind: ExampleKind::Bad,
            go_version: "1.22",
            code: r#"
package client

import (
	"context"
	"net/http"
	"time"
)

func fetch(ctx context.Context, c *http.Client, url string) (*http.Response, error) {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err // cancel is never called on this path
	}
	defer cancel()
	return c.Do(req)
}
"#,
        },
        Example {
            kind: ExampleKind::Good,
            go_version: "1.22",
            code: r#"
package client

import (
	"context"
	"net/http"
	"time"
)

func fetch(ctx context.Context, c *http.Client, url string) (*http.Response, error) {
	ctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel() // every path releases the timer
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, url, nil)
	if err != nil {
		return nil, err
	}
	return c.Do(req)
}
"#,
        },
    ]),
};

const CONTEXT_FUNCS: [&str; 6] = ["WithCancel", "WithCancelCause", "WithTimeout", "WithTimeoutCause", "WithDeadline", "WithDeadlineCause"];

pub struct LostCancel;

impl SourceRule for LostCancel {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn node_kinds(&self) -> &'static [&'static str] {
        &["short_var_declaration", "assignment_statement", "var_spec"]
    }

    fn check(&self, node: Node, cx: &mut FileContext) {
        let Some((cancel, what)) = cancel_assignment(node, cx) else { return };
        let Some(function) = enclosing_function(node) else { return };
        if is_main_main(function, cx) {
            return;
        }
        let statement = if node.kind_name() == "var_spec" { enclosing_declaration(node) } else { node };
        let noun = if what == "signal.NotifyContext" { "stop" } else { "cancel" };
        let name = cx.text(cancel);
        if name == "_" {
            let message = format!("the {noun} function returned by {what} should be called, not discarded, to avoid a context leak");
            let fix = discard_fix(cancel, statement, function, noun, cx).filter(|_| defer_fits(node, statement, function, cx));
            cx.report(&META, cancel.byte_range(), message).fix = fix;
            return;
        }
        let Some(target) = cancel_variable(node, cancel, function, cx) else { return };
        if statement.charged_parent().map(|p| p.kind_name()) != Some("statement_list") || has_goto(function, cx) {
            return;
        }
        let uses: Vec<Node> = {
            let mut uses = Vec::new();
            for id in cx.walk(function) {
                if id.kind_name() == "identifier"
                    && cx.text(id) == name
                    && !contains(statement, id)
                    && cx.declaration_of(id, name.as_bytes(), None).is_some_and(|d| d.id() == target.id())
                {
                    uses.push(id);
                }
            }
            uses
        };
        // A closure or defer made earlier that uses the variable sees every
        // later value of it: the cancel function is handled there.
        let captured_earlier = uses.iter().any(|u| {
            u.start_byte() < statement.start_byte() && {
                let mut node = *u;
                let mut inside = false;
                while let Some(parent) = node.charged_parent().filter(|p| p.id() != function.id()) {
                    inside |= matches!(parent.kind_name(), "func_literal" | "defer_statement" | "go_statement");
                    node = parent;
                }
                inside
            }
        });
        if captured_earlier {
            return;
        }
        let Some(leak) = unused_path(statement, function, &uses, cx) else { return };
        let line = cx.file.lines.line(leak.start as u32);
        let (place, related_message) = if leak.implicit {
            (format!("the end of the function on line {line}"), format!("the function can end here without using {name}"))
        } else {
            (format!("the return on line {line}"), format!("this return statement may be reached without using {name}"))
        };
        let message =
            format!("the {noun} function returned by {what} is not called on all paths: {place} is reached without using {name} (possible context leak); defer {name}() after the call");
        let related = cx.related(leak.start..leak.end, related_message);
        let fix = (target.id() == cancel.id() && defer_fits(node, statement, function, cx)).then(|| {
            let indent = cx.indentation_at(statement.start_byte());
            cx.fix(Applicability::Unsafe, vec![(statement.end_byte()..statement.end_byte(), format!("\n{indent}defer {name}()"))])
        });
        let finding = cx.report(&META, cancel.byte_range(), message);
        finding.related = vec![related];
        finding.fix = fix;
    }
}

/// For `ctx, cancel := context.WithX(...)` (or `=`, or `var`): the cancel
/// target and the called function's name as written in messages.
fn cancel_assignment<'t>(node: Node<'t>, cx: &FileContext) -> Option<(Node<'t>, String)> {
    let (left, right): (Vec<Node>, Vec<Node>) = match node.kind_name() {
        "short_var_declaration" => (named_children(node.field(Field::Left)?).collect(), named_children(node.field(Field::Right)?).collect()),
        "assignment_statement" if cx.text(node.field(Field::Operator)?) == "=" => {
            (named_children(node.field(Field::Left)?).collect(), named_children(node.field(Field::Right)?).collect())
        }
        "var_spec" => {
            let mut cursor = node.walk();
            (node.fields(Field::Name, &mut cursor).collect(), named_children(node.field(Field::Value)?).collect())
        }
        _ => return None,
    };
    let ([_, cancel], [call]) = (left.as_slice(), right.as_slice()) else { return None };
    let call = unparen(*call);
    let what = if let Some(name) = cx.called(call, "context", &CONTEXT_FUNCS) {
        format!("context.{name}")
    } else if cx.calls(call, "os/signal", &["NotifyContext"]) {
        "signal.NotifyContext".to_string()
    } else {
        return None;
    };
    (cancel.kind_name() == "identifier").then_some((*cancel, what))
}

fn enclosing_declaration(spec: Node) -> Node {
    let mut node = spec;
    while let Some(parent) = node.charged_parent() {
        if parent.kind_name() == "var_declaration" {
            return parent;
        }
        node = parent;
    }
    spec
}

fn is_main_main(function: Node, cx: &FileContext) -> bool {
    function.kind_name() == "function_declaration"
        && function.field(Field::Name).is_some_and(|n| cx.text(n) == "main")
        && cx.file.package.as_deref() == Some("main")
}

/// The declaring identifier of the variable the cancel function goes to,
/// when it is a local of `function` (not a parameter or result, not a
/// variable of an enclosing function or of the package).
fn cancel_variable<'t, 'a: 't>(node: Node<'t>, cancel: Node<'t>, function: Node<'t>, cx: &FileContext<'a>) -> Option<Node<'t>> {
    let name = cx.text(cancel);
    let redeclares = node.kind_name() == "short_var_declaration" && {
        // `:=` declares cancel anew unless its own scope already has it.
        let earlier = cx.declared_earlier_in_list(node, name);
        let body_level =
            node.charged_parent().and_then(|list| list.charged_parent()).is_some_and(|block| function.field(Field::Body).is_some_and(|b| b.id() == block.id()));
        earlier || (body_level && cx.declaration_of(cancel, name.as_bytes(), None).is_some_and(|d| !contains(function.field(Field::Body).unwrap_or(d), d)))
    };
    if node.kind_name() == "var_spec" || (node.kind_name() == "short_var_declaration" && !redeclares) {
        return Some(cancel);
    }
    let declaration = cx.declaration_of(cancel, name.as_bytes(), None)?;
    let body = function.field(Field::Body)?;
    (contains(body, declaration) && enclosing_function(declaration).is_some_and(|f| f.id() == function.id())).then_some(declaration)
}

/// Whether `defer cancel()` right after the call keeps the context alive as
/// long as it is used: the call is not in a loop (defers would pile up), and
/// the derived context is not returned, sent to a goroutine or captured.
fn defer_fits(node: Node, statement: Node, function: Node, cx: &mut FileContext) -> bool {
    let mut ancestor = statement.charged_parent();
    while let Some(a) = ancestor.filter(|a| a.id() != function.id()) {
        if a.kind_name() == "for_statement" {
            return false;
        }
        ancestor = a.charged_parent();
    }
    let context = match node.kind_name() {
        "var_spec" => node.field(Field::Name),
        _ => node.field(Field::Left).and_then(|left| named_children(left).next()),
    };
    let Some(context) = context.filter(|c| c.kind_name() == "identifier") else { return false };
    let name = cx.text(context);
    // Once per function and name: a function may derive many contexts.
    !cx.memo_flag(function, &format!("context-escapes:{name}"), |cx| {
        let mut walk = cx.walk(function);
        while let Some(holder) = walk.next() {
            if matches!(holder.kind_name(), "return_statement" | "go_statement" | "func_literal") {
                walk.skip_children();
                if cx.walk(holder).any(|n| n.kind_name() == "identifier" && cx.text(n) == name) {
                    return true;
                }
            }
        }
        false
    })
}

fn has_goto(function: Node, cx: &mut FileContext) -> bool {
    cx.memo_flag(function, "has-goto", |cx| cx.walk(function).any(|n| n.kind_name() == "goto_statement"))
}

/// Where a path without a use of the cancel variable leaves the function.
struct Leak {
    start: usize,
    end: usize,
    /// The closing brace of a function without results, not a `return`.
    implicit: bool,
}

/// What one statement on the path does.
enum Step<'t> {
    /// Control goes on to the next statement.
    Next,
    /// A return reached without a use.
    Leak(Node<'t>),
    /// Every path through it uses the variable, or none goes on.
    Stop,
}

/// A return (or the end of the function) reachable from `statement` without
/// passing a use, following statement lists forward, out of the constructs
/// that hold them, and along `break` and `continue`.
fn unused_path(statement: Node, function: Node, uses: &[Node], cx: &FileContext) -> Option<Leak> {
    // Statements after which control goes on, each visited once.
    let mut pending = vec![statement];
    let mut seen = vec![statement.id()];
    while let Some(current) = pending.pop() {
        let mut jumps = Vec::new();
        let mut stopped = false;
        for later in later_siblings(current) {
            match step(later, uses, &mut jumps, cx) {
                Step::Next => {}
                Step::Leak(ret) => return Some(Leak { start: ret.start_byte(), end: ret.end_byte(), implicit: false }),
                Step::Stop => {
                    stopped = true;
                    break;
                }
            }
        }
        if !stopped {
            match after_list(current, function) {
                Some(after) if after.id() == function.id() => {
                    // Fell off the end of a function without results.
                    let body = function.field(Field::Body)?;
                    return Some(Leak { start: body.end_byte() - 1, end: body.end_byte(), implicit: true });
                }
                Some(after) if after.kind_name() != "for_statement" || loop_can_end(after) => jumps.push(after),
                _ => {}
            }
        }
        for mut target in jumps {
            while let Some(parent) = target.charged_parent().filter(|p| p.kind_name() == "labeled_statement") {
                target = parent;
            }
            if !seen.contains(&target.id()) {
                seen.push(target.id());
                pending.push(target);
            }
        }
    }
    None
}

fn step<'t>(statement: Node<'t>, uses: &[Node], jumps: &mut Vec<Node<'t>>, cx: &FileContext) -> Step<'t> {
    if statement.kind_name() == "comment" {
        return Step::Next;
    }
    let used = |node: Node| uses.iter().any(|u| contains(node, *u));
    if statement.kind_name() == "return_statement" {
        return if used(statement) { Step::Stop } else { Step::Leak(statement) };
    }
    let mut walk = cx.walk(statement);
    let reached = std::iter::once(statement).chain(std::iter::from_fn(|| {
        let node = walk.next()?;
        if node.kind_name() == "func_literal" {
            walk.skip_children();
        }
        Some(node)
    }));
    for node in reached {
        if !matches!(node.kind_name(), "return_statement" | "break_statement" | "continue_statement") || used(node) || !path_clear(node, statement, &used, cx) {
            continue;
        }
        if node.kind_name() == "return_statement" {
            return Step::Leak(node);
        }
        // A break or continue that leaves `statement` goes on elsewhere.
        let Some(target) = cx.branch_target(node).filter(|target| !contains(statement, *target) || target.id() == statement.id()) else { continue };
        if node.kind_name() == "break_statement" || (loop_can_end(target) && target.id() != statement.id()) {
            jumps.push(target);
        }
    }
    let goes_on = if used(statement) { completes_without_use(statement, &used, cx) } else { !cx.terminates(statement) };
    if goes_on {
        Step::Next
    } else {
        Step::Stop
    }
}

/// Whether control can reach `node` from the start of `statement` (which
/// holds it) without a use: along the way no earlier statement stops
/// control or uses the variable, and no condition, switch tag, case value,
/// select communication or loop header evaluated before it uses it. Any
/// branch is taken to be possible.
fn path_clear(node: Node, statement: Node, used: &impl Fn(Node) -> bool, cx: &FileContext) -> bool {
    let mut child = node;
    while child.id() != statement.id() {
        let Some(parent) = child.charged_parent() else { return false };
        let clear = match parent.kind_name() {
            "statement_list" => earlier_siblings(child).all(|earlier| earlier.kind_name() == "comment" || (!cx.terminates(earlier) && !used(earlier))),
            "block" | "labeled_statement" => true,
            "if_statement" => [Field::Initializer, Field::Condition].iter().all(|field| parent.field(*field).is_none_or(|part| !used(part))),
            "expression_case" | "type_case" | "communication_case" | "default_case" => {
                named_children(parent).filter(|part| part.kind_name() != "statement_list").all(|part| !used(part))
            }
            // Every case's communication is evaluated on entering a select.
            "select_statement" => named_children(parent).all(|case| case.field(Field::Communication).is_none_or(|c| !used(c))),
            "expression_switch_statement" | "type_switch_statement" => {
                named_children(parent).take_while(|part| part.id() != child.id()).all(|part| match part.kind_name() {
                    "expression_case" | "type_case" | "default_case" => named_children(part).filter(|p| p.kind_name() != "statement_list").all(|p| !used(p)),
                    _ => !used(part),
                })
            }
            "for_statement" => match named_children(parent).next() {
                Some(header) if header.id() == child.id() => true,
                Some(header) if header.kind_name() == "for_clause" => {
                    [Field::Initializer, Field::Condition].iter().all(|field| header.field(*field).is_none_or(|part| !used(part)))
                }
                Some(header) if header.kind_name() == "range_clause" => header.field(Field::Right).is_none_or(|part| !used(part)),
                Some(header) => header.kind_name() == "block" || !used(header),
                None => true,
            },
            _ => named_children(parent).take_while(|part| part.id() != child.id()).all(|part| !used(part)),
        };
        if !clear {
            return false;
        }
        child = parent;
    }
    true
}

/// Whether control can leave an `if` or `switch` that uses the variable
/// somewhere by a path that does not: a condition that does not use it and
/// a branch (or the missing `else`/`default`) that neither uses it nor stops.
fn completes_without_use(statement: Node, used: &impl Fn(Node) -> bool, cx: &FileContext) -> bool {
    let branch_goes_on = |list: Option<Node>| {
        list.is_none_or(|list| !used(list) && (last_in_list(list).is_none_or(|last| last.kind_name() == "break_statement" || !cx.terminates(last))))
    };
    match statement.kind_name() {
        "if_statement" => {
            let mut current = statement;
            loop {
                if [Field::Initializer, Field::Condition].iter().any(|field| current.field(*field).is_some_and(used)) {
                    return false;
                }
                if current.field(Field::Consequence).is_some_and(|block| !used(block) && !cx.terminates(block)) {
                    return true;
                }
                match current.field(Field::Alternative) {
                    None => return true,
                    Some(next) if next.kind_name() == "if_statement" => current = next,
                    Some(block) => return !used(block) && !cx.terminates(block),
                }
            }
        }
        "expression_switch_statement" | "type_switch_statement" => {
            let cases: Vec<Node> = named_children(statement).filter(|n| matches!(n.kind_name(), "expression_case" | "type_case" | "default_case")).collect();
            if named_children(statement).filter(|n| !cases.iter().any(|c| c.id() == n.id())).any(used) {
                return false;
            }
            let mut tags_clear = true;
            for case in &cases {
                tags_clear &= named_children(*case).filter(|p| p.kind_name() != "statement_list").all(|p| !used(p));
                if tags_clear && branch_goes_on(named_children(*case).find(|p| p.kind_name() == "statement_list")) {
                    return true;
                }
            }
            tags_clear && !cases.iter().any(|case| case.kind_name() == "default_case")
        }
        _ => false,
    }
}

/// Where control goes when the statement list holding `statement` ends:
/// the construct to continue after, or `function` itself when it ends there
/// and has no results (falling off the end is a return).
fn after_list<'t>(statement: Node<'t>, function: Node<'t>) -> Option<Node<'t>> {
    let list = statement.charged_parent().filter(|p| p.kind_name() == "statement_list")?;
    let holder = list.charged_parent()?;
    match holder.kind_name() {
        "expression_case" | "type_case" | "communication_case" | "default_case" => holder.charged_parent(),
        "block" => {
            let owner = holder.charged_parent()?;
            match owner.kind_name() {
                _ if owner.id() == function.id() => function.field(Field::Result).is_none().then_some(function),
                "statement_list" => Some(holder),
                "for_statement" => Some(owner),
                "if_statement" => {
                    let mut outer = owner;
                    while let Some(parent) = outer.charged_parent().filter(|p| p.kind_name() == "if_statement") {
                        outer = parent;
                    }
                    Some(outer)
                }
                _ => None,
            }
        }
        _ => None,
    }
}

/// Whether a loop can end other than by `break` (a condition or a range).
fn loop_can_end(for_statement: Node) -> bool {
    match named_children(for_statement).next() {
        Some(header) if header.kind_name() == "for_clause" => header.field(Field::Condition).is_some(),
        Some(header) => header.kind_name() != "block",
        None => false,
    }
}

/// `_` → `cancel` plus `defer cancel()`, when the statement declares and no
/// `cancel` is in sight in the function.
fn discard_fix(blank: Node, statement: Node, function: Node, noun: &str, cx: &FileContext) -> Option<Fix> {
    let declares = matches!(statement.kind_name(), "short_var_declaration" | "var_declaration");
    if !declares || statement.charged_parent().map(|p| p.kind_name()) != Some("statement_list") || cx.walk(function).any(|n| cx.text(n) == noun) {
        return None;
    }
    let indent = cx.indentation_at(statement.start_byte());
    Some(cx.fix(
        Applicability::Unsafe,
        vec![(blank.byte_range(), noun.to_string()), (statement.end_byte()..statement.end_byte(), format!("\n{indent}defer {noun}()"))],
    ))
}
