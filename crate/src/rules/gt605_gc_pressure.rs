//! GT605 gc-pressure: a `GODEBUG=gctrace=1` log where, over a stretch of
//! consecutive collections, the GC takes a large share of the CPU, drafts
//! the program's goroutines into mark assist, or runs many times a second.

use super::runtime::{pct, GctraceContext, GctraceRule};
use super::{Example, ExampleKind, Family, OptionValue, RuleMeta, RuleOption};
use crate::gctrace::Window;
use crate::report::Severity;

pub static META: RuleMeta = RuleMeta {
    id: "GT605",
    name: "gc-pressure",
    family: Family::Runtime,
    severity: Severity::Warning,
    summary: "a gctrace log where the GC takes a large share of the CPU, drafts goroutines into mark assist, or runs many times a second",
    versions: "all (the stacks and globals fields of gctrace since Go 1.18; older lines are read too, tested on logs of Go 1.17, 1.20 and 1.26)",
    options: &[
        RuleOption {
            name: "min-gcs",
            default: OptionValue::Count(20),
            description: "collections a log needs before anything is reported (a short log has no pressure to show)",
        },
        RuleOption {
            name: "window-gcs",
            default: OptionValue::Count(20),
            description: "consecutive collections per window; a condition must hold over a whole window",
        },
        RuleOption {
            name: "cpu-fraction",
            default: OptionValue::Fraction(0.25),
            description: "GC CPU over a window (cpu fields without idle mark, over wall time × GOMAXPROCS) from which it is reported",
        },
        RuleOption {
            name: "assist-share",
            default: OptionValue::Fraction(0.25),
            description: "mark assist share of the GC CPU of a window from which it is reported",
        },
        RuleOption { name: "gc-rate", default: OptionValue::Count(50), description: "collections per second over a window from which it is reported" },
        RuleOption {
            name: "min-cpu-fraction",
            default: OptionValue::Fraction(0.05),
            description: "GC CPU fraction a window needs before its mark-assist share or GC rate counts (cheap collections are no pressure)",
        },
    ],
    docs: rule_docs!(
        r#"
## What it does
Reads `GODEBUG=gctrace=1` logs (the runtime's stderr; other lines of the
program's output are ignored) and cuts the collections into windows of
`window-gcs` consecutive collections (default 20). For each window it computes,
from the cpu fields `a+b/c/d+e ms cpu` of its collections (never from `P%`,
which is cumulative since program start):
- the GC CPU fraction: sweep termination + mark assist + background mark +
  mark termination CPU over wall time × GOMAXPROCS (idle-mark time is left
  out: it only runs on Ps with nothing else to do);
- the mark-assist share: assist CPU over all GC CPU, idle mark included;
- the GC rate: collections per second, with the heap goal range.

It reports once per log, when the log has at least `min-gcs` collections
(default 20) and some window has a GC CPU fraction of at least `cpu-fraction`
(default 0.25), or a mark-assist share of at least `assist-share` (default
0.25) or at least `gc-rate` collections per second (default 50) while its GC
CPU fraction is at least `min-cpu-fraction` (default 0.05). The finding sits
on the line of the first collection of the worst such window (highest GC CPU
fraction) and states the measured numbers. The `gctrace` analysis holds every
row, the windows and a summary (STW pauses p50/p99/total, GC CPU, heap).

## Why is this a trap?
The collector's work is proportional to the live heap, and it runs every time
the heap grows by `GOGC`% over the live heap. A program that allocates fast
with a small heap goal (low `GOGC`, or a `GOMEMLIMIT` close to the live heap)
collects over and over: a quarter of the CPU goes to background marking while
a collection is running, and when allocation outruns it the runtime makes the
allocating goroutines do mark work themselves (mark assist), which shows up as
latency in request paths. Raising `GOGC`, or setting `GOMEMLIMIT` with a
higher `GOGC`, trades memory for CPU; reducing allocation (an allocs profile
shows where: GT603) helps at every setting.

## What it cannot see
The log has no stacks: it shows that the program allocates too much for its
heap goal, not where. A log captured during start-up or a load test may not
represent steady state. Idle-mark time is left out of the CPU fraction, so a
mostly idle program whose GC runs on idle Ps is not reported. Time is printed
to the millisecond, so windows of very fast collections are measured coarsely.

## Examples
The bad example is (part of) a Go program whose gctrace log shows the trap
when it runs with `GODEBUG=gctrace=1`; the good one is the same code fixed.
`tests/artifacts/programs/gcpressure` and `gccalm` are complete programs and
`tests/artifacts/generate.sh` captures their logs.

## Overlap
GT603 (alloc-hotspot) and GT604 (cpu-trap-pattern) find where the allocation
and GC CPU come from in allocs and CPU profiles; `go tool trace` shows mark
assists per goroutine. `go vet` and staticcheck have no runtime checks.
"#
    ),
    examples: rule_examples!(&[
        Example {
            kind: ExampleKind::Bad,
            go_version: "1.26",
            code: r#"
package main

import "runtime/debug"

type node struct {
	next *node
	data [6]int64
}

// With GOGC=10 over a 4 MB pointer-rich live heap, GODEBUG=gctrace=1 shows
// a collection every ~12 ms, mostly mark assist.
func main() {
	debug.SetGCPercent(10)
	var live *node
	for i := 0; i < 1<<16; i++ {
		live = &node{next: live}
	}
	for {
		var head *node
		for i := 0; i < 256; i++ {
			head = &node{next: head} // garbage at once
		}
		_ = head
	}
}
"#,
        },
        Example {
            kind: ExampleKind::Good,
            go_version: "1.26",
            code: r#"
package main

type node struct {
	next *node
	data [6]int64
}

// Default GOGC, and the scratch list is reused instead of reallocated.
func main() {
	var live *node
	for i := 0; i < 1<<16; i++ {
		live = &node{next: live}
	}
	scratch := make([]node, 256)
	for {
		for i := range scratch {
			scratch[i] = node{}
		}
	}
}
"#,
        },
    ]),
};

pub static RULE: GctraceRule = GctraceRule { meta: &META, check };

fn check(cx: &mut GctraceContext) {
    let trace = cx.data;
    if trace.gcs < cx.count(&META, "min-gcs").max(1) {
        return;
    }
    let cpu_fraction = cx.fraction(&META, "cpu-fraction");
    let assist_share = cx.fraction(&META, "assist-share");
    let gc_rate = cx.count(&META, "gc-rate") as f64;
    let min_cpu = cx.fraction(&META, "min-cpu-fraction");
    let conditions = |w: &Window| -> Vec<String> {
        let mut held = Vec::new();
        if w.cpu_fraction() >= cpu_fraction {
            held.push(format!("GC CPU {} ≥ {}", pct(w.cpu_fraction()), pct(cpu_fraction)));
        }
        if w.cpu_fraction() >= min_cpu && w.assist_share() >= assist_share {
            held.push(format!("mark assist {} of GC CPU ≥ {}", pct(w.assist_share()), pct(assist_share)));
        }
        if w.cpu_fraction() >= min_cpu && w.gc_rate() >= gc_rate {
            held.push(format!("{:.1} GCs/s ≥ {gc_rate}", w.gc_rate()));
        }
        held
    };
    let mut worst: Option<(&Window, Vec<String>)> = None;
    for window in &trace.windows {
        let held = conditions(window);
        if held.is_empty() {
            continue;
        }
        if worst.as_ref().is_none_or(|(w, _)| window.cpu_fraction() > w.cpu_fraction()) {
            worst = Some((window, held));
        }
    }
    let Some((w, held)) = worst else { return };
    let goal = if w.goal_min_mb == w.goal_max_mb { format!("{} MB", w.goal_min_mb) } else { format!("{}–{} MB", w.goal_min_mb, w.goal_max_mb) };
    let message = format!(
        "GC pressure in collections {}–{} ({:.3}–{:.3} s, {} GCs): GC used {} of the CPU (wall time × {} P, idle mark excluded), mark assist {} of GC CPU, {:.1} GCs/s, heap goal {} ({}); over the whole log: {} GCs, {:.1} GCs/s, GC CPU {}, mark assist {}. Let the heap grow (raise GOGC, or set GOMEMLIMIT with a higher GOGC) and reduce allocation: an allocs profile shows where (GT603)",
        w.first_gc,
        w.last_gc,
        w.start_s,
        w.end_s,
        w.gcs,
        pct(w.cpu_fraction()),
        w.procs,
        pct(w.assist_share()),
        w.gc_rate(),
        goal,
        held.join(", "),
        trace.gcs,
        trace.gc_rate(),
        pct(trace.cpu_fraction()),
        pct(trace.assist_share()),
    );
    cx.report_on_artifact(&META, w.first_start, w.first_end, message);
}
