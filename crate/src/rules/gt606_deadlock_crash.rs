//! GT606 deadlock-crash: the output of a Go program that crashed — the
//! runtime's deadlock detector, a stack overflow, concurrent map access, an
//! unrecovered panic or another fatal error — reported at the user frames
//! of the goroutines involved.

use std::collections::HashMap;

use super::gt601_goroutine_leak::{base_state, parked_on};
use super::runtime::{goroutines, DumpContext, DumpRule};
use super::{Example, ExampleKind, Family, RuleMeta};
use crate::dump::{CrashKind, Group};
use crate::report::Severity;

pub static META: RuleMeta = RuleMeta {
    id: "GT606",
    name: "deadlock-crash",
    family: Family::Runtime,
    severity: Severity::Error,
    summary: "a crash in a program's output: all goroutines asleep (deadlock), stack overflow, concurrent map writes, an unrecovered panic",
    versions: "all (`created by F in goroutine N` since Go 1.21; `created by F` before)",
    options: &[],
    docs: rule_docs!(
        r#"
## What it does
Reads what a Go program printed when it died (its stderr, or the log that
captured it) and reports the crash at the user frame of the goroutines
involved: in the workspace source when the traceback's file path maps to a
workspace file, else on the traceback's frame line.
- `fatal error: all goroutines are asleep - deadlock!`: one finding per
  group of goroutines blocked at one stack (a channel operation, `select`,
  `sync.WaitGroup.Wait`, a mutex...), saying how many and on what.
- `fatal error: stack overflow`: at the overflowing goroutine's user frame,
  naming the function that recurs most in the printed frames.
- `fatal error: concurrent map writes` (or read, iteration or clone and
  write): at the goroutine the runtime caught.
- `panic: ...` with no `recover`: at the panicking goroutine, with the
  panic value and the goroutine's creator.
- Any other `fatal error:` and fatal signals (`SIGSEGV` in C code): at the
  crashing goroutine.

The `goroutines` analysis of the same text groups every goroutine by state
and stack. A user frame is the first frame from the leaf in a workspace
module, else in a package whose import path's first element has a dot,
else in `main`.

## Why is this a trap?
Each of these crashes stops the whole process, not one request: an
unrecovered panic in any goroutine, a map written from two goroutines
without a lock (the runtime checks and aborts; the race detector finds the
cases it misses), a recursion that never ends (a `String` method formatting
its receiver with `%v`, `MarshalJSON` marshalling its receiver), and the
deadlock the runtime detects when no goroutine can run any more — typically
a send on an unbuffered channel whose receiver waits for the sender to
finish first.

## What it cannot see
The runtime only detects a deadlock when every goroutine is blocked; one
goroutine left running (a timer, a network listener) hides it, and the
blocked ones are then a leak (GT601). A traceback shows one moment: the
stack that overflowed shows the recursion but not the input that made it
deep, and a concurrent map write shows one of the goroutines involved.
`GOTRACEBACK=none` prints no goroutines: the crash is then reported on its
line.

## Examples
The bad example is a Go program that crashes this way when it runs; the
good one is the same code fixed. `tests/artifacts/programs/deadlock`,
`overflow`, `mapwrites` and `panicking` are complete programs and
`tests/artifacts/generate.sh` captures their output.

## Overlap
GT206 (unbuffered-send-deadlock) and GT201 (goroutine-blocked-forever) find
the source patterns of the simplest deadlocks and leaks; GT306
(json-self-recursion) the MarshalJSON recursion; `go vet` finds none of
these; `go test -race` finds unsynchronised map access.
"#
    ),
    examples: rule_examples!(&[
        Example {
            kind: ExampleKind::Bad,
            go_version: "1.26",
            code: r#"
package main

import "sync"

// fatal error: all goroutines are asleep - deadlock!
// main waits in wg.Wait, the workers in their sends.
func main() {
	results := make(chan int)
	var wg sync.WaitGroup
	for i := 0; i < 3; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results <- i * i // nobody receives until every worker is done
		}()
	}
	wg.Wait()
	close(results)
	for r := range results {
		println(r)
	}
}
"#,
        },
        Example {
            kind: ExampleKind::Good,
            go_version: "1.26",
            code: r#"
package main

import "sync"

func main() {
	results := make(chan int)
	var wg sync.WaitGroup
	for i := 0; i < 3; i++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			results <- i * i
		}()
	}
	go func() { // close once every worker is done, while main receives
		wg.Wait()
		close(results)
	}()
	for r := range results {
		println(r)
	}
}
"#,
        },
    ]),
};

pub static RULE: DumpRule = DumpRule { meta: &META, check };

/// What unblocks a goroutine parked in a deadlock, by its state.
fn deadlock_advice(state: &str) -> &'static str {
    match base_state(state) {
        "chan send" | "chan receive" => {
            "a send and a receive on an unbuffered channel must run at the same time: receive in another goroutine, or buffer the channel"
        }
        "chan send (nil chan)" | "chan receive (nil chan)" => "operations on a nil channel block forever: make the channel",
        "select" | "select (no cases)" => "no case of the select can proceed",
        "sync.WaitGroup.Wait" => "Wait returns when every Add has its Done, and the goroutines that would call Done are blocked",
        // Before Go 1.24 WaitGroup.Wait and contended Mutex.Lock both show as semacquire.
        "semacquire" => "the goroutines that would release the semaphore (WaitGroup.Done, Mutex.Unlock) are blocked",
        "sync.Mutex.Lock" | "sync.RWMutex.Lock" | "sync.RWMutex.RLock" => "the lock is held by a blocked goroutine, or was never unlocked",
        _ => "nothing left running can wake it",
    }
}

/// The function of a stack overflow's recursion, with how many of the
/// printed frames it holds: the user frame's function when it repeats,
/// else the function that repeats most (the one nearer the leaf on ties).
fn recursion(group: &Group, user: Option<usize>) -> Option<(u32, usize)> {
    let mut counts: HashMap<u32, usize> = HashMap::new();
    for frame in &group.frames {
        *counts.entry(frame.function).or_default() += 1;
    }
    let user = user.map(|index| group.frames[index].function).map(|function| (function, counts[&function]));
    // max_by_key keeps the last maximum: walking from the root, the one nearest the leaf.
    let most = group.frames.iter().rev().map(|frame| (frame.function, counts[&frame.function])).max_by_key(|(_, count)| *count);
    user.filter(|(_, count)| *count >= 2).or(most).filter(|(_, count)| *count >= 2)
}

fn check(cx: &mut DumpContext) {
    let dump = cx.data;
    let Some(crash) = dump.crash.as_ref() else { return };
    let Some((id, crashed)) = crash.goroutine else {
        let message = format!("{}: the program crashed (no goroutine traceback follows; GOTRACEBACK=none?)", crash.message);
        cx.report_on_artifact(&META, crash.start, crash.end, message);
        return;
    };
    if crash.kind == CrashKind::Deadlock {
        let mut reported = false;
        for group in &dump.groups {
            let Some(state) = dump.state(group) else { continue };
            let Some(reason) = parked_on(state) else { continue };
            let Some((user, true)) = cx.user_frame(group) else { continue };
            let message = format!(
                "deadlock: {} blocked in {reason} at {} when the runtime found all goroutines asleep; {}",
                goroutines(group.count),
                dump.name(group.frames[user].function),
                deadlock_advice(state)
            );
            cx.report(&META, group, Some(user), message, None);
            reported = true;
        }
        if !reported {
            let message = format!("{}: no goroutine of the program is blocked in its own code (only runtime or library frames)", crash.message);
            cx.report_on_artifact(&META, crash.start, crash.end, message);
        }
        return;
    }
    let group = &dump.groups[crashed];
    let user = cx.user_frame(group).map(|(index, _)| index);
    let at = user.map_or_else(|| "an empty stack".to_string(), |index| dump.name(group.frames[index].function).to_string());
    let created = group.created_by.map_or(String::new(), |frame| format!(" (created by {})", dump.name(frame.function)));
    let message = match crash.kind {
        CrashKind::StackOverflow => {
            let recursion = recursion(group, user).map_or(String::new(), |(function, count)| {
                let elided = if group.frames_elided { ", more elided" } else { "" };
                format!(": {} recurs without end ({count} of the {} frames printed{elided})", dump.name(function), group.frames.len())
            });
            format!(
                "fatal error: stack overflow in goroutine {id} at {at}{recursion}; common causes are a String or Error method formatting its own receiver with %v or %s, and MarshalJSON marshalling its receiver (GT306): convert the receiver to a type without the method first"
            )
        }
        CrashKind::ConcurrentMap => format!(
            "{} in goroutine {id} at {at}{created}: Go maps are not safe for concurrent use and the runtime stops the program when it catches two goroutines at one map; guard the map with a sync.Mutex (or use sync.Map), and run the tests with -race",
            crash.message
        ),
        CrashKind::Panic => format!("{} in goroutine {id} at {at}{created}: nothing recovered the panic, so the whole program stopped", crash.message),
        CrashKind::Fatal | CrashKind::Signal | CrashKind::Deadlock => format!("{} in goroutine {id} at {at}{created}: the program stopped", crash.message),
    };
    cx.report(&META, group, user, message, None);
}
