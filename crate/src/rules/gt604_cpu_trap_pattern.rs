//! GT604 cpu-trap-pattern: CPU spent in a known trap signature (clock reads,
//! fmt formatting, allocation and GC, lock spinning, encoding/json) under a
//! user frame, mapped to the source rule that finds the pattern.

use super::runtime::{duration, pct, Charges, ProfileContext, ProfileRule};
use super::{Example, ExampleKind, Family, OptionValue, RuleMeta, RuleOption};
use crate::profile::ProfileKind;
use crate::report::Severity;

pub static META: RuleMeta = RuleMeta {
    id: "GT604",
    name: "cpu-trap-pattern",
    family: Family::Runtime,
    severity: Severity::Warning,
    summary: "CPU under a user frame goes to a trap signature: time.Now, fmt.Sprintf, allocation and GC, lock spinning or encoding/json",
    versions: "all",
    options: &[
        RuleOption {
            name: "threshold",
            default: OptionValue::Fraction(0.05),
            description: "share (0..1) of the profile's CPU from which a signature under one user frame is reported",
        },
        RuleOption {
            name: "min-cpu-nanoseconds",
            default: OptionValue::Count(100_000_000),
            description: "CPU time a signature under one user frame needs at least (absolute floor), in nanoseconds",
        },
    ],
    docs: rule_docs!(
        r#"
## What it does
Reads CPU profiles (`pprof.StartCPUProfile`, `/debug/pprof/profile`). For each
sample it walks from the user frame towards the leaf and takes the first frame
that matches a trap signature:

| signature | frames | source rule |
|---|---|---|
| clock reads | `time.Now`, `time.Since`, `time.runtimeNow`, `runtime.nanotime`, `runtime.walltime`, vdso calls | GT303 time-now-in-loop |
| fmt formatting | `fmt.Sprintf` and the rest of the `Sprint`/`Fprint`/`Append`/`Errorf` family | GT307 sprintf-trivial, GT302 string-concat-in-loop |
| allocation and GC assist | `runtime.mallocgc*`, `newobject`, `makeslice`, `makemap`, `growslice`, `concatstring*`, `gcAssistAlloc` | GT301 alloc-in-loop, GT304 large-heap-alloc |
| lock spinning | `sync.(*Mutex).lockSlow`, `runtime_SemacquireMutex`/`RWMutex` | GT208 mutex-read-heavy, GT602 lock-contention |
| encoding/json | any `encoding/json` function | none yet |

A signature under one user frame is reported when it has at least `threshold`
(default 5%) of the profile's CPU and at least `min-cpu-nanoseconds` (default
100 ms). The message of the allocation signature adds the CPU share of the
GC's background mark workers, which run on goroutines of their own and so are
under no user frame. The weight is the signature's CPU share.

## Why is this a trap?
These calls look free in source and are not in a hot loop: a clock read is a
vdso call (or a syscall on some platforms), `fmt.Sprintf` parses its format
and boxes its operands through interfaces, every allocation feeds the GC, a
spinning lock burns CPU doing nothing, and reflection-based JSON is several
times slower than generated code.

## What it cannot see
CPU profiles sample every 10 ms: short runs give few samples (hence the
floor). A frame is charged to the first user frame above it; a helper inside
the workspace that wraps `fmt.Sprintf` is itself the user frame. Whether the
call can be avoided is a judgment of the source.

## Examples
The bad example is (part of) a Go program whose profile shows the trap when
it runs; the good one is the same code fixed. `tests/artifacts/programs/`
holds complete programs and `tests/artifacts/generate.sh` profiles them.

## Overlap
The source rules in the table find the patterns statically; this rule proves
they matter. `go tool pprof -top -cum` shows the same numbers unclassified.
"#
    ),
    examples: rule_examples!(&[
        Example {
            kind: ExampleKind::Bad,
            go_version: "1.26",
            code: r#"
package main

import (
	"fmt"
	"time"
)

// A CPU profile of a program calling hot in a loop shows most samples in
// time.Now and fmt.Sprintf under hot.
func hot(n int) (total int) {
	for i := 0; i < n; i++ {
		start := time.Now()
		key := fmt.Sprintf("%d", i)
		total += len(key) + int(time.Since(start))
	}
	return total
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
	"time"
)

func hot(n int) (total int, elapsed time.Duration) {
	start := time.Now() // one clock read for the whole loop
	var buf []byte
	for i := 0; i < n; i++ {
		buf = strconv.AppendInt(buf[:0], int64(i), 10)
		total += len(buf)
	}
	return total, time.Since(start)
}
"#,
        },
    ]),
};

pub static RULE: ProfileRule = ProfileRule { meta: &META, check };

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Signature {
    Clock,
    Fmt,
    Alloc,
    Lock,
    Json,
}

impl Signature {
    const ALL: [Signature; 5] = [Signature::Clock, Signature::Fmt, Signature::Alloc, Signature::Lock, Signature::Json];

    fn describe(self) -> (&'static str, &'static str) {
        match self {
            Signature::Clock => ("clock reads (time.Now/vdso)", "read the clock once outside the loop; GT303 time-now-in-loop finds this in source"),
            Signature::Fmt => (
                "fmt formatting (fmt.Sprintf family)",
                "use strconv or append to a reused buffer; GT307 sprintf-trivial and GT302 string-concat-in-loop find this in source",
            ),
            Signature::Alloc => (
                "allocation and GC assist (mallocgc)",
                "allocate less: reuse buffers, preallocate, hoist allocations out of loops; GT301 alloc-in-loop and GT304 large-heap-alloc find this in source",
            ),
            Signature::Lock => (
                "lock spinning (sync.(*Mutex).lockSlow)",
                "shorten critical sections or split the lock; GT208 mutex-read-heavy finds read-mostly mutexes in source, GT602 reads mutex profiles",
            ),
            Signature::Json => ("encoding/json", "no source rule finds this yet: consider a generated encoder, or encoding less often"),
        }
    }
}

fn signature(name: &str) -> Option<Signature> {
    const CLOCK: [&str; 8] =
        ["time.Now", "time.Since", "time.Until", "time.now", "time.runtimeNow", "time.runtimeNano", "runtime.nanotime", "runtime.walltime"];
    const FMT: [&str; 6] = ["fmt.Sprint", "fmt.Fprint", "fmt.Print", "fmt.Append", "fmt.Errorf", "fmt.(*pp)."];
    const ALLOC: [&str; 9] = [
        "runtime.mallocgc",
        "runtime.newobject",
        "runtime.makeslice",
        "runtime.makemap",
        "runtime.growslice",
        "runtime.concatstring",
        "runtime.gcAssistAlloc",
        "runtime.rawstring",
        "runtime.newarray",
    ];
    if CLOCK.iter().any(|p| name == *p || name.starts_with(&format!("{p}1"))) || name.starts_with("runtime.vdso") {
        Some(Signature::Clock)
    } else if FMT.iter().any(|p| name.starts_with(p)) {
        Some(Signature::Fmt)
    } else if ALLOC.iter().any(|p| name.starts_with(p)) {
        Some(Signature::Alloc)
    } else if name.ends_with(".(*Mutex).lockSlow") || name.starts_with("sync.runtime_SemacquireMutex") || name.starts_with("sync.runtime_SemacquireRWMutex") {
        Some(Signature::Lock)
    } else if name.starts_with("encoding/json.") {
        Some(Signature::Json)
    } else {
        None
    }
}

fn check(cx: &mut ProfileContext) {
    if cx.kind != ProfileKind::Cpu {
        return;
    }
    let profile = cx.frames.profile;
    let Some(cpu) = profile.sample_type_index("cpu").or(profile.sample_types.len().checked_sub(1)) else { return };
    let total = cx.totals.total[cpu];
    if total <= 0 {
        return;
    }
    let threshold = cx.fraction(&META, "threshold");
    let floor = cx.count(&META, "min-cpu-nanoseconds") as i64;
    // Per (user function, signature): CPU.
    let mut charges = Charges::new(cx.frames.names.len() * Signature::ALL.len());
    let mut gc_workers = 0i64;
    let signatures: Vec<Option<Signature>> = cx.frames.names.iter().map(|name| signature(name)).collect();
    let gc_worker = cx.frames.names.iter().position(|name| name == "runtime.gcBgMarkWorker").map(|key| key as u32);
    let mut buf = crate::profile::SampleBuf::default();
    let mut stack = Vec::new();
    for index in 0..profile.sample_count() {
        profile.read_sample(index, &mut buf, false);
        cx.frames.stack(&buf.locations, &mut stack);
        let value = buf.values[cpu];
        if gc_worker.is_some_and(|worker| stack.iter().any(|f| f.function == worker)) {
            gc_workers += value;
            continue;
        }
        let Some((user, true)) = cx.user_frame(&stack) else { continue };
        let Some(sig) = stack[..user].iter().rev().find_map(|f| signatures[f.function as usize]) else { continue };
        let frame = stack[user];
        let sig_index = Signature::ALL.iter().position(|s| *s == sig).unwrap_or(0) as u32;
        charges.add(frame.function * Signature::ALL.len() as u32 + sig_index, &frame, [value, 0], value);
    }
    for charge in &charges.entries {
        let value = charge.values[0];
        let share = value as f64 / total as f64;
        if share < threshold || value < floor {
            continue;
        }
        let sig = Signature::ALL[charge.key as usize % Signature::ALL.len()];
        let frame = charge.frame(charge.key / Signature::ALL.len() as u32);
        let name = cx.name(&frame).to_string();
        let (what, advice) = sig.describe();
        let gc = if sig == Signature::Alloc && gc_workers > 0 {
            format!(" (GC background workers take another {} of the profile)", pct(gc_workers as f64 / total as f64))
        } else {
            String::new()
        };
        let message = format!("{} of the profile's CPU ({}) under {name} goes to {what}{gc}: {advice}", pct(share), duration(value));
        cx.report(&META, Some(frame), message, share);
    }
}
