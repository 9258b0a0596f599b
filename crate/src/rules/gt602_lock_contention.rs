//! GT602 lock-contention: user frames with a large share of the contention
//! delay of a mutex or block profile.

use super::runtime::{duration, pct, Charges, ProfileContext, ProfileRule};
use super::{Example, ExampleKind, Family, OptionValue, RuleMeta, RuleOption};
use crate::profile::ProfileKind;
use crate::report::Severity;

pub static META: RuleMeta = RuleMeta {
    id: "GT602",
    name: "lock-contention",
    family: Family::Runtime,
    severity: Severity::Warning,
    summary: "a user frame accounts for a large share of the lock contention delay in a mutex or block profile",
    versions: "all",
    options: &[RuleOption {
        name: "threshold",
        default: OptionValue::Fraction(0.1),
        description: "share (0..1) of the profile's contention delay from which a user frame is reported",
    }],
    docs: rule_docs!(
        r#"
## What it does
Reads mutex profiles (`runtime.SetMutexProfileFraction`, `/debug/pprof/mutex`)
and block profiles (`runtime.SetBlockProfileRate`, `/debug/pprof/block`). It
adds up the `delay` of each sample at the sample's user frame and reports the
user frames with at least `threshold` (default 10%) of the profile's total
delay. The two profiles look alike but mean different things, and the message
says which one it is:

- a **mutex** profile records the stack of the goroutine that *held* the lock,
  at `Unlock`: the frame reported holds the lock too long;
- a **block** profile records the stacks of the goroutines that *waited*; only
  samples waiting on `sync.Mutex`/`sync.RWMutex` count here (channel, select
  and `WaitGroup` waits are left out): the frame reported waits, the holder is
  elsewhere.

## Why is this a trap?
A lock held while doing work (formatting, I/O, allocation) serialises every
goroutine that needs it: adding cores makes the program slower, not faster.

## What it cannot see
Profiles are sampled and only record contended acquisitions. A user frame is
the first frame from the leaf in a workspace module, a dotted import path or
`main`; a lock taken by a library on behalf of the caller is charged to the
caller. Runtime-internal locks appear in mutex profiles since Go 1.22 and are
counted like the others.

## Examples
The bad example is (part of) a Go program whose profile shows the trap when
it runs; the good one is the same code fixed. `tests/artifacts/programs/`
holds complete programs and `tests/artifacts/generate.sh` profiles them.

## Overlap
GT208 (mutex-read-heavy) suggests `sync.RWMutex` from the source; `go vet`'s
`copylocks` is unrelated. `go tool pprof -top` on the same profile shows the
raw numbers.
"#
    ),
    examples: rule_examples!(&[
        Example {
            kind: ExampleKind::Bad,
            go_version: "1.26",
            code: r#"
package main

import (
	"strconv"
	"sync"
)

type cache struct {
	mu sync.Mutex
	m  map[string]int
}

// Eight goroutines call update; the mutex profile charges the delay to it.
func (c *cache) update(i int) {
	c.mu.Lock()
	key := strconv.Itoa(i % 1000) // work done while holding the lock
	c.m[key] += i
	c.mu.Unlock()
}
"#,
        },
        Example {
            kind: ExampleKind::Good,
            go_version: "1.26",
            code: r#"
package main

import (
	"strconv"
	"sync"
)

type cache struct {
	mu sync.Mutex
	m  map[string]int
}

func (c *cache) update(i int) {
	key := strconv.Itoa(i % 1000) // work done before taking the lock
	c.mu.Lock()
	c.m[key] += i
	c.mu.Unlock()
}
"#,
        },
    ]),
};

pub static RULE: ProfileRule = ProfileRule { meta: &META, check };

fn lock_wait(name: &str) -> bool {
    matches!(
        name,
        "sync.(*Mutex).Lock"
            | "sync.(*Mutex).lockSlow"
            | "internal/sync.(*Mutex).Lock"
            | "internal/sync.(*Mutex).lockSlow"
            | "sync.(*RWMutex).Lock"
            | "sync.(*RWMutex).RLock"
    ) || name.starts_with("sync.runtime_SemacquireMutex")
        || name.starts_with("sync.runtime_SemacquireRWMutex")
        || name.starts_with("internal/sync.runtime_SemacquireMutex")
}

fn check(cx: &mut ProfileContext) {
    let mutex = match cx.kind {
        ProfileKind::Mutex => true,
        ProfileKind::Block => false,
        _ => return,
    };
    let profile = cx.frames.profile;
    let Some(delay) = profile.sample_type_index("delay").or(profile.sample_types.len().checked_sub(1)) else { return };
    let contentions = profile.sample_type_index("contentions");
    let total = cx.totals.total[delay];
    if total <= 0 {
        return;
    }
    let threshold = cx.fraction(&META, "threshold");
    // Per user function: delay and contentions.
    let mut charges = Charges::new(cx.frames.names.len());
    let mut buf = crate::profile::SampleBuf::default();
    let mut stack = Vec::new();
    for index in 0..profile.sample_count() {
        profile.read_sample(index, &mut buf, false);
        cx.frames.stack(&buf.locations, &mut stack);
        if !mutex && !stack.iter().any(|f| lock_wait(cx.name(f))) {
            continue;
        }
        let Some((user, _)) = cx.user_frame(&stack) else { continue };
        let frame = stack[user];
        let value = buf.values[delay];
        charges.add(frame.function, &frame, [value, contentions.map_or(0, |c| buf.values[c])], value);
    }
    for charge in &charges.entries {
        let [value, count] = charge.values;
        let share = value as f64 / total as f64;
        if share < threshold || value <= 0 {
            continue;
        }
        let frame = charge.frame(charge.key);
        let name = cx.name(&frame).to_string();
        let message = if mutex {
            format!(
                "{name} holds a contended lock: {} of the mutex profile's delay ({}, {count} contentions) is charged to it; a mutex profile records the holder's stack at Unlock, so shorten the critical section (move work out of it) or split the lock",
                pct(share),
                duration(value)
            )
        } else {
            format!(
                "{name} waits for a lock: {} of the block profile's delay ({}, {count} contentions) is spent waiting on a sync.Mutex or RWMutex here; a block profile records the waiters, so look for the holder in a mutex profile",
                pct(share),
                duration(value)
            )
        };
        cx.report(&META, Some(frame), message, share);
    }
}
