//! GT207 timer-leak-in-loop: timers that are not collected before they
//! fire, made over and over (`time.After` in a loop's select) or never
//! stopped (`time.Tick` in a function that returns).

use tree_sitter::Node;

use super::{Example, ExampleKind, Family, RuleMeta, SourceRule};
use crate::report::Severity;
use crate::source::context::{FileContext, Gate};
use crate::source::scope::{declared_as, has_operator, last_statement, named_children, unparen, Declared};
use crate::source::syntax::{Field, Syntax};
use crate::source::walk::ChargedParent;
use crate::source::walk::{contains, enclosing_function, is_function};
use crate::source::VersionSource;

pub static META: RuleMeta = RuleMeta {
    id: "GT207",
    name: "timer-leak-in-loop",
    family: Family::Memory,
    severity: Severity::Warning,
    summary: "time.After in a loop's select, or time.Tick in a function that returns, before Go 1.23 timers are collected",
    versions: "main module below go1.23, or asynctimerchan=1",
    options: &[],
    docs: rule_docs!(
        r#"
## What it does
Reports `time.After` used in a `select` case inside a loop, and `time.Tick`
in a function that can return (outside package `main`, test files and
functions that visibly never return), when the program's timers are not
collected before they fire.

## Why is this a trap?
Before Go 1.23 a timer or ticker was referenced by the runtime until it fired
(a ticker: until `Stop`), whether or not the program still referenced it.
Each loop iteration that reaches the `select` starts a new `time.After` timer
that stays in memory for its whole duration, so a busy loop with a long
timeout piles up thousands of them; a `time.Tick` ticker can never be
stopped, so a function that calls it and returns leaks a ticker that keeps
firing forever. Since Go 1.23 unreferenced timers and tickers are collected,
but only when the main module's go line says 1.23 or later and the
`asynctimerchan=1` GODEBUG does not restore the old behaviour.

## Go versions
Decided by the **main module**, not by the file: its `go` line (below go1.23
the old timers apply), its `godebug` lines (`asynctimerchan=1`, or
`default=go1.22` and below) and `//go:debug` directives in package main
files. For now gotrap takes the module of a file's governing go.mod to be the
main module (a library's own go line is then used, though the program that
imports it decides) and applies a `//go:debug` in any package main file of
that module to all its files. With no go.mod (and no `--go-version`),
findings are info and say which versions the trap applies to.

## What it cannot see
A `time.After` in a loop that runs once or rarely, or with a short duration,
costs little; gotrap does not judge durations, and judges iteration counts
only for loops bounded by a constant (`for i := 0; i < 3; i++`,
`for range n` with `const n = 20`): those running at most 100 times are
not reported. A
`time.Tick` in a function that returns only in theory (for example after a
signal) is still reported unless its last statement visibly never ends.

## Overlap
staticcheck's SA1015 reports `time.Tick` outside endless functions, tests
and package main below Go 1.23; no vet or staticcheck check reports
`time.After` in loops.
"#
    ),
    examples: rule_examples!(&[
        Example {
            kind: ExampleKind::Bad,
            go_version: "1.22",
            code: r#"
package worker

import "time"

func consume(events <-chan string, handle func(string)) {
	for {
		select {
		case e := <-events:
			handle(e)
		case <-time.After(time.Minute): // a new timer per event, each kept for a minute
			return
		}
	}
}
"#,
        },
        Example {
            kind: ExampleKind::Good,
            go_version: "1.22",
            code: r#"
package worker

import "time"

func consume(events <-chan string, handle func(string)) {
	idle := time.NewTimer(time.Minute)
	defer idle.Stop()
	for {
		select {
		case e := <-events:
			handle(e)
			if !idle.Stop() {
				<-idle.C
			}
			idle.Reset(time.Minute)
		case <-idle.C:
			return
		}
	}
}
"#,
        },
        Example {
            kind: ExampleKind::Good,
            go_version: "1.23",
            code: r#"
package worker

import "time"

func consume(events <-chan string, handle func(string)) {
	for {
		select {
		case e := <-events:
			handle(e)
		case <-time.After(time.Minute): // collected once unreferenced since Go 1.23
			return
		}
	}
}
"#,
        },
    ]),
};

pub struct TimerLeakInLoop;

impl SourceRule for TimerLeakInLoop {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn node_kinds(&self) -> &'static [&'static str] {
        &["call_expression"]
    }

    fn check(&self, call: Node, cx: &mut FileContext) {
        let Some(name) = cx.called(call, "time", &["After", "Tick"]) else { return };
        let message = match name {
            "After" => {
                if !in_loop_select(call, cx) {
                    return;
                }
                let Some((gate, why)) = gate(cx) else { return };
                (gate, format!("time.After in a select inside a loop starts a new timer every iteration, and {why} a timer is not collected until it fires; create one time.NewTimer before the loop and Reset it"))
            }
            _ => {
                if cx.file.is_test || cx.file.package.as_deref() == Some("main") {
                    return;
                }
                let Some(function) = enclosing_function(call) else { return };
                if is_endless(function, call, cx) {
                    return;
                }
                let Some((gate, why)) = gate(cx) else { return };
                (gate, format!("time.Tick's ticker can never be stopped, and {why} it is not collected either: it leaks when this function returns; use time.NewTicker and defer its Stop"))
            }
        };
        let (gate, message) = message;
        let range = call.field(Field::Function).map_or(call.byte_range(), |f| f.byte_range());
        cx.report_gated(&META, gate, range, message, "when the main module's go line is below go1.23 or asynctimerchan=1");
    }
}

/// Whether the trap applies, and why, in words for the message.
fn gate(cx: &FileContext) -> Option<(Gate, String)> {
    let gate = cx.godebug_gate("asynctimerchan", 23, "1", "0", |value| value == "1")?;
    let main = &cx.file.main_module;
    let set_by_godebug = main.godebug.iter().any(|(key, _)| key == "asynctimerchan" || key == "default");
    let why = match (gate, main.go_version) {
        (Gate::Applies, _) if set_by_godebug => "with asynctimerchan=1".to_string(),
        (Gate::Applies, Some((version, VersionSource::Option))) => format!("before go1.23 (the Go version is set to {version})"),
        (Gate::Applies, Some((version, VersionSource::Config))) => format!("before go1.23 (the configured default Go version is {version})"),
        (Gate::Applies, Some((version, _))) => format!("before go1.23 (the main module's go line is {version})"),
        _ => "before go1.23 or with asynctimerchan=1".to_string(),
    };
    Some((gate, why))
}

/// `<-time.After(d)` as the communication of a select case, with a loop
/// around the select in the same function that is not bounded by a small
/// constant.
fn in_loop_select(call: Node, cx: &FileContext) -> bool {
    let mut node = call;
    while let Some(parent) = node.charged_parent().filter(|p| p.kind_name() == "parenthesized_expression") {
        node = parent;
    }
    let Some(receive) = node.charged_parent().filter(|p| p.kind_name() == "unary_expression" && has_operator(*p, "<-")) else { return false };
    let mut node = receive;
    while let Some(parent) = node.charged_parent() {
        match parent.kind_name() {
            "parenthesized_expression" | "receive_statement" | "expression_statement" => node = parent,
            "communication_case" => break,
            _ => return false,
        }
    }
    let Some(select) = node.charged_parent().and_then(|case| case.charged_parent()).filter(|s| s.kind_name() == "select_statement") else { return false };
    let mut current = select.charged_parent();
    while let Some(ancestor) = current {
        if is_function(ancestor) {
            return false;
        }
        if ancestor.kind_name() == "for_statement" {
            return cx.loop_constant_bound(ancestor).is_none_or(|bound| bound > FEW_ITERATIONS);
        }
        current = ancestor.charged_parent();
    }
    false
}

/// Loops that run at most this many times are not reported.
const FEW_ITERATIONS: u64 = 100;

/// Whether a function visibly never returns: no `return` of its own, and its
/// last statement never ends (a loop without a condition and no `break`, a
/// `select {}`, a ranging over the ticker itself).
fn is_endless(function: Node, tick: Node, cx: &FileContext) -> bool {
    let Some(body) = function.field(Field::Body) else { return false };
    let mut walk = cx.walk(body);
    while let Some(node) = walk.next() {
        if node.kind_name() == "func_literal" {
            walk.skip_children();
        } else if node.kind_name() == "return_statement" {
            return false;
        }
    }
    let Some(last) = last_statement(body) else { return false };
    if cx.terminates(last) {
        return true;
    }
    // `for range time.Tick(d)` or `for t := range tick`, tick := time.Tick(d):
    // the channel is never closed.
    let Some(range) = named_children(last).next().filter(|h| last.kind_name() == "for_statement" && h.kind_name() == "range_clause") else { return false };
    let Some(ranged) = range.field(Field::Right).map(unparen) else { return false };
    let over_tick = contains(ranged, tick)
        || (ranged.kind_name() == "identifier"
            && cx
                .declaration_of(ranged, cx.text(ranged).as_bytes(), None)
                .is_some_and(|d| matches!(declared_as(d), Declared::Value(value) if contains(value, tick))));
    over_tick && !cx.is_broken(last)
}
