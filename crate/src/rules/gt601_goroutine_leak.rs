//! GT601 goroutine-leak: goroutines the runtime found leaked (goroutineleak
//! profile), or many goroutines parked at one stack on a channel, select,
//! sync.Cond or semaphore (goroutine profile, goroutine dump).

use std::collections::HashMap;

use super::runtime::{goroutines, pct, DumpContext, DumpRule, EarlierSnapshot, ProfileContext, ProfileRule};
use super::{Example, ExampleKind, Family, OptionValue, RuleMeta, RuleOption};
use crate::dump::CrashKind;
use crate::profile::ProfileKind;
use crate::report::{Finding, Severity, StackFrame};

pub static META: RuleMeta = RuleMeta {
    id: "GT601",
    name: "goroutine-leak",
    family: Family::Runtime,
    severity: Severity::Warning,
    summary: "goroutines leaked, or parked by the hundred at one stack on a channel, select, sync.Cond or semaphore",
    versions: "all (the goroutineleak profile needs Go 1.26 built with GOEXPERIMENT=goroutineleakprofile)",
    options: &[
        RuleOption {
            name: "threshold",
            default: OptionValue::Count(100),
            description: "goroutines parked at one stack (goroutine profile or dump) from which it is reported",
        },
        RuleOption {
            name: "min-growth",
            default: OptionValue::Count(20),
            description: "goroutines a stack must gain since the earlier snapshot of the program, at least doubling, to be reported below `threshold`",
        },
    ],
    docs: rule_docs!(
        r#"
## What it does
Reads goroutine profiles (`pprof.Lookup("goroutine")`, `/debug/pprof/goroutine`)
and, since Go 1.26 with `GOEXPERIMENT=goroutineleakprofile`, goroutineleak
profiles. In a goroutineleak profile every goroutine is reported: the garbage
collector proved that nothing reachable can wake it. In a goroutine profile a
stack is reported when at least `threshold` goroutines (default 100) are
parked at it in a channel send or receive, a `select`, `sync.Cond.Wait` or a
semaphore (`sync.WaitGroup.Wait`, a `sync.Mutex` queue). The finding sits on
the stack's user frame, in the workspace source when the profile's file path
maps to a workspace file, and its weight is the share of all goroutines.

Goroutine dumps are read the same way: a `debug=2` dump (or the traceback
of a crash) gives each goroutine's state, so a group of at least
`threshold` goroutines with one stack is reported when its state is a
channel operation, a `select`, `sync.Cond.Wait`, `sync.WaitGroup.Wait`, a
mutex or a semaphore, with the minutes they have waited when the runtime
printed them (from one minute on, once a collection has seen them parked).
Goroutines whose state the runtime marks ` (leaked)` (a dump taken with
`GOEXPERIMENT=goroutineleakprofile`) are reported whatever their number.
A `debug=1` dump has no states: a group there is reported unless its stack
shows network I/O, a sleep or an idle server, and the message says the
state is unknown. The deadlock crash is GT606's.

**Two snapshots.** When the workspace holds two goroutine snapshots of one
program, a stack's growth between them is evidence too. Snapshots pair
within one form: `debug=2` dumps that are not crash output, ordered by
their highest goroutine id (the runtime hands out increasing ids, so a
later snapshot of a program that started goroutines has a larger one), and
goroutine profiles, ordered by their `time_nanos`. Each snapshot is
compared with the one of its form just before it (when exactly one has
that order); `debug=1` dumps, crash output, a profile against a dump and
two snapshots with no stack in common (not one program) are not paired.
Stacks are matched as `gotrap compare` matches them: state, every frame's
function, file and line, and the creating frame. A reported stack of the
later snapshot that grew says so (`up from 30 in the earlier snapshot
base.txt`), with the earlier snapshot's group as related information. A
stack below `threshold` is reported on growth alone only when the growth is
clear: present in both snapshots, at least `min-growth` goroutines more
(default 20), and at least twice as many; it must still be parked on a
channel, `select`, `sync.Cond`, `WaitGroup`, mutex or semaphore and not be
an idle server. The earlier snapshot's findings are unchanged.

## Why is this a trap?
A goroutine blocked on a channel nobody will ever use again is never
collected: its stack and everything it references stay alive. The classic
case is a worker sending its result on an unbuffered channel after the caller
gave up (timeout, early return): one leaked goroutine per request, until the
process runs out of memory.

## What it cannot see
A goroutine profile is a snapshot: many goroutines waiting at one stack can be
a healthy pool of workers waiting for jobs; a pool that grows with the load
between two snapshots looks like a leak too. Goroutines in network I/O
(`IO wait`) and idle server loops (`net/http.(*conn).serve`, `Accept`,
HTTP transport read/write loops) are never reported. Two snapshots showing
growth, or the goroutineleak profile, are much stronger evidence than a count.

## Examples
The bad example is (part of) a Go program whose profile shows the trap when
it runs; the good one is the same code fixed. `tests/artifacts/programs/`
holds complete programs and `tests/artifacts/generate.sh` profiles them.

## Overlap
GT201 (goroutine-blocked-forever) finds the source pattern of the most common
leak; `go vet` has no leak check; `go.uber.org/goleak` finds leaks in tests.
"#
    ),
    examples: rule_examples!(&[
        Example {
            kind: ExampleKind::Bad,
            go_version: "1.26",
            code: r#"
package main

import (
	"errors"
	"time"
)

// The goroutine profile of this program shows 150 goroutines in
// runtime.chansend under fetch.func1.
func fetch(timeout time.Duration) error {
	result := make(chan int)
	go func() { result <- work() }() // blocks forever once fetch returned
	select {
	case <-result:
		return nil
	case <-time.After(timeout):
		return errors.New("timeout")
	}
}
"#,
        },
        Example {
            kind: ExampleKind::Good,
            go_version: "1.26",
            code: r#"
package main

import (
	"errors"
	"time"
)

func fetch(timeout time.Duration) error {
	result := make(chan int, 1) // the send always completes
	go func() { result <- work() }()
	select {
	case <-result:
		return nil
	case <-time.After(timeout):
		return errors.New("timeout")
	}
}
"#,
        },
    ]),
};

pub static RULE: ProfileRule = ProfileRule { meta: &META, check };

/// What a parked goroutine waits on.
fn wait_reason(names: &[&str]) -> Option<&'static str> {
    for name in names {
        let reason = match *name {
            "runtime.chansend" | "runtime.chansend1" => "a channel send",
            "runtime.chanrecv" | "runtime.chanrecv1" | "runtime.chanrecv2" => "a channel receive",
            "runtime.selectgo" => "a select",
            "runtime.block" => "an empty select {}",
            "sync.runtime_notifyListWait" | "sync.(*Cond).Wait" => "sync.Cond.Wait",
            "sync.(*WaitGroup).Wait" => "sync.WaitGroup.Wait",
            "runtime.netpollblock" | "internal/poll.runtime_pollWait" | "time.Sleep" => return None,
            _ if name.starts_with("sync.runtime_Semacquire") || name.starts_with("internal/sync.runtime_Semacquire") || *name == "runtime.semacquire1" => {
                "a semaphore (sync.Mutex, sync.WaitGroup)"
            }
            _ => continue,
        };
        return Some(reason);
    }
    None
}

/// A `debug=2` state without the marks the runtime appends to it:
/// ` (leaked)` (found leaked by the GC, Go 1.26 with
/// GOEXPERIMENT=goroutineleakprofile), ` (scan)` (being scanned) and
/// ` (durable)` (a wait inside a synctest bubble, Go 1.25).
pub fn base_state(mut state: &str) -> &str {
    while let Some(base) = [" (leaked)", " (scan)", " (durable)"].iter().find_map(|mark| state.strip_suffix(mark)) {
        state = base;
    }
    state
}

/// What a goroutine in a `debug=2` state waits on, when it is parked on
/// something another goroutine must do.
pub fn parked_on(state: &str) -> Option<&'static str> {
    Some(match base_state(state) {
        "chan send" | "chan send (nil chan)" => "a channel send",
        "chan receive" | "chan receive (nil chan)" => "a channel receive",
        "select" => "a select",
        "select (no cases)" => "an empty select {}",
        "sync.Cond.Wait" => "sync.Cond.Wait",
        "sync.WaitGroup.Wait" => "sync.WaitGroup.Wait",
        "sync.Mutex.Lock" => "sync.Mutex.Lock",
        "sync.RWMutex.Lock" => "sync.RWMutex.Lock",
        "sync.RWMutex.RLock" => "sync.RWMutex.RLock",
        "semacquire" => "a semaphore (sync.Mutex, sync.WaitGroup)",
        _ => return None,
    })
}

/// Stacks of idle servers and connection pools, which wait by design.
fn idle_server(names: &[&str]) -> bool {
    names.iter().any(|name| {
        matches!(
            *name,
            "net/http.(*conn).serve"
                | "net/http.(*persistConn).readLoop"
                | "net/http.(*persistConn).writeLoop"
                | "net/http.(*Server).Serve"
                | "net/http.(*connReader).backgroundRead"
        ) || name.ends_with(").Accept")
            || name.ends_with(").accept")
    })
}

fn check(cx: &mut ProfileContext) {
    let leak_profile = match cx.kind {
        ProfileKind::GoroutineLeak => true,
        ProfileKind::Goroutine => false,
        _ => return,
    };
    let threshold = cx.count(&META, "threshold") as i64;
    let total = cx.totals.total.first().copied().unwrap_or(0);
    // Goroutines per stack (samples with equal stacks but other labels merge).
    let mut groups: HashMap<Vec<u32>, (i64, usize)> = HashMap::new();
    let mut order = Vec::new();
    let mut buf = crate::profile::SampleBuf::default();
    for index in 0..cx.frames.profile.sample_count() {
        cx.frames.profile.read_sample(index, &mut buf, false);
        let count = buf.values.first().copied().unwrap_or(0);
        let entry = groups.entry(buf.locations.clone()).or_insert_with(|| {
            order.push(buf.locations.clone());
            (0, index)
        });
        entry.0 += count;
    }
    let min_growth = cx.count(&META, "min-growth");
    let mut stack = Vec::new();
    for locations in order {
        let (count, _) = groups[&locations];
        if count <= 0 {
            continue;
        }
        cx.frames.stack(&locations, &mut stack);
        let names: Vec<&str> = stack.iter().map(|f| cx.name(f)).collect();
        let reason = wait_reason(&names);
        let Some((user, _)) = cx.user_frame(&stack) else { continue };
        let frame = stack[user];
        let function = cx.name(&frame).to_string();
        let goroutines = goroutines(count as u64);
        let weight = if total > 0 { count as f64 / total as f64 } else { 0.0 };
        if leak_profile {
            let blocked = reason.map_or(String::new(), |reason| format!(" in {reason}"));
            let message = format!(
                "{goroutines} leaked at {function}, blocked forever{blocked}: the goroutineleak profile found nothing reachable that can wake them; make sure every send, receive or wait has a partner or a way out (buffered channel, ctx.Done())"
            );
            cx.report(&META, Some(frame), message, weight);
            continue;
        }
        let growth = cx.earlier.map(|earlier| {
            let frames: Vec<StackFrame> = stack.iter().map(|f| cx.frames.stack_frame(f)).collect();
            (earlier, earlier.counts(None, &frames, None))
        });
        let grown = growth.is_some_and(|(_, counts)| clear_growth(counts, min_growth));
        if count < threshold && !grown {
            continue;
        }
        let Some(reason) = reason else { continue };
        if idle_server(&names) {
            continue;
        }
        let message = format!(
            "{goroutines} ({} of all) parked at one stack in {reason} at {function}{}: likely a goroutine leak; make sure every send, receive or wait has a partner or a way out (buffered channel, ctx.Done())",
            pct(weight),
            growth.map_or(String::new(), |(earlier, counts)| grew(earlier, counts)),
        );
        cx.report(&META, Some(frame), message, weight);
        add_evidence(&mut cx.findings, growth);
    }
}

/// A growth that makes a stack below the threshold reportable: present in
/// both snapshots, at least `min_growth` more goroutines, at least doubled.
fn clear_growth((base, new, _): (u64, u64, u32), min_growth: u64) -> bool {
    base >= 1 && new >= base.saturating_mul(2) && new - base >= min_growth
}

/// `, up from N in the earlier snapshot PATH` when the stack grew.
fn grew(earlier: &EarlierSnapshot, (base, new, _): (u64, u64, u32)) -> String {
    if new > base {
        format!(", up from {base} in the earlier snapshot {}", earlier.path)
    } else {
        String::new()
    }
}

/// The earlier snapshot's group as related information of the finding just
/// reported, when the stack grew.
fn add_evidence(findings: &mut [Finding], growth: Option<(&EarlierSnapshot, (u64, u64, u32))>) {
    if let (Some(finding), Some((earlier, (base, new, line)))) = (findings.last_mut(), growth) {
        if new > base {
            finding.related.push(earlier.evidence(base, line));
        }
    }
}

pub static DUMP_RULE: DumpRule = DumpRule { meta: &META, check: check_dump };

/// Stacks that wait on the network, a timer or a connection by design,
/// recognisable in a `debug=1` dump (which has no states).
fn waits_by_design(names: &[&str]) -> bool {
    idle_server(names)
        || names
            .iter()
            .any(|name| matches!(*name, "internal/poll.runtime_pollWait" | "runtime.netpollblock" | "time.Sleep" | "os/signal.signal_recv" | "os/signal.loop"))
}

fn minutes(count: u64) -> String {
    if count == 1 {
        "1 minute".to_string()
    } else {
        format!("{count} minutes")
    }
}

fn check_dump(cx: &mut DumpContext) {
    let dump = cx.data;
    if dump.crash.as_ref().is_some_and(|crash| crash.kind == CrashKind::Deadlock) {
        return; // every goroutine is blocked: GT606 reports where
    }
    let threshold = cx.count(&META, "threshold");
    let min_growth = cx.count(&META, "min-growth");
    for group in &dump.groups {
        let leaked = dump.state(group).is_some_and(|state| state.contains(" (leaked)"));
        let growth = cx.earlier.map(|earlier| {
            let shown = dump.goroutine_group(group, cx.module_paths);
            (earlier, earlier.counts(shown.state.as_deref(), &shown.stack, shown.created_by.as_ref()))
        });
        let grown = growth.is_some_and(|(_, counts)| clear_growth(counts, min_growth));
        if group.count < threshold && !leaked && !grown {
            continue;
        }
        let names: Vec<&str> = group.frames.iter().map(|frame| dump.name(frame.function)).collect();
        if idle_server(&names) && !leaked {
            continue;
        }
        let reason = match dump.state(group) {
            Some(state) => match parked_on(state) {
                Some(reason) => reason,
                None => continue,
            },
            None if waits_by_design(&names) => continue,
            None => wait_reason(&names).unwrap_or("a state a debug=1 dump does not show (a debug=2 dump does)"),
        };
        let Some((user, _)) = cx.user_frame(group) else { continue };
        let waited = match (group.wait_min, group.wait_max) {
            (_, 0) => String::new(),
            (min, max) if min == max => format!(", each waiting {}", minutes(max)),
            (0, max) => format!(", waiting up to {}", minutes(max)),
            (min, max) => format!(", waiting {min}–{}", minutes(max)),
        };
        let weight = if dump.goroutines > 0 { group.count as f64 / dump.goroutines as f64 } else { 0.0 };
        let grew = growth.map_or(String::new(), |(earlier, counts)| grew(earlier, counts));
        let message = if leaked {
            format!(
                "{} leaked at {}, blocked forever in {reason}{waited}{grew}: the runtime found nothing reachable that can wake them; make sure every send, receive or wait has a partner or a way out (buffered channel, ctx.Done())",
                goroutines(group.count),
                names[user],
            )
        } else {
            format!(
                "{} ({} of all) parked at one stack in {reason} at {}{waited}{grew}: likely a goroutine leak; make sure every send, receive or wait has a partner or a way out (buffered channel, ctx.Done())",
                goroutines(group.count),
                pct(weight),
                names[user],
            )
        };
        cx.report(&META, group, Some(user), message, Some(weight));
        add_evidence(&mut cx.findings, growth);
    }
}
