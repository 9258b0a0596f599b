//! GT603 alloc-hotspot: user frames with a large share of the allocations
//! (objects or bytes) of a heap/allocs profile, above an absolute floor.

use super::runtime::{bytes, pct, Charges, ProfileContext, ProfileRule};
use super::{Example, ExampleKind, Family, OptionValue, RuleMeta, RuleOption};
use crate::profile::ProfileKind;
use crate::report::Severity;

pub static META: RuleMeta = RuleMeta {
    id: "GT603",
    name: "alloc-hotspot",
    family: Family::Runtime,
    severity: Severity::Info,
    summary: "a user frame accounts for a large share of the allocations in a heap or allocs profile",
    versions: "all",
    options: &[
        RuleOption {
            name: "threshold",
            default: OptionValue::Fraction(0.2),
            description: "share (0..1) of alloc_objects or alloc_space from which a user frame is reported",
        },
        RuleOption { name: "min-bytes", default: OptionValue::Count(16 << 20), description: "allocated bytes a user frame needs at least (absolute floor)" },
        RuleOption { name: "min-objects", default: OptionValue::Count(100_000), description: "allocated objects a user frame needs at least (absolute floor)" },
    ],
    docs: rule_docs!(
        r#"
## What it does
Reads heap and allocs profiles (`pprof.Lookup("heap")`, `/debug/pprof/allocs`),
charges each sample's `alloc_objects` and `alloc_space` to its user frame and
reports user frames with at least `threshold` (default 20%) of either, when
that frame also allocated at least `min-objects` objects (default 100,000) or
`min-bytes` bytes (default 16 MiB) for that measure: a small profile has no
hotspot. Allocations made by library code (`fmt.Sprint`, `strconv`, map
growth) are charged to the user frame that called it. The weight is the larger
of the two shares.

## Why is this a trap?
Every allocation costs the allocator and, later, the garbage collector, whose
CPU and pause pressure grow with the allocation *rate* rather than with the
live heap. A single loop that builds a map or a string per item can dominate
a service's CPU through GC alone.

## What it cannot see
Heap profiles are sampled (one sample per `runtime.MemProfileRate` bytes,
512 KiB by default) and scaled; small counts are estimates. `alloc_*` covers
the whole life of the process, `inuse_*` (live memory) is not judged here.
Allocations the compiler kept on the stack never appear.

## Examples
The bad example is (part of) a Go program whose profile shows the trap when
it runs; the good one is the same code fixed. `tests/artifacts/programs/`
holds complete programs and `tests/artifacts/generate.sh` profiles them.

## Overlap
GT301 (alloc-in-loop), GT302 (string-concat-in-loop) and GT304
(large-heap-alloc) find allocation patterns in source; `-gcflags=-m` (GT607)
shows what escapes.
"#
    ),
    examples: rule_examples!(&[
        Example {
            kind: ExampleKind::Bad,
            go_version: "1.26",
            code: r#"
package main

import "fmt"

// The heap profile of this program charges nearly all alloc_space to process.
func process(n int) {
	for i := 0; i < n; i++ {
		attrs := map[string]string{"kind": "user", "name": fmt.Sprint("u", i)}
		use(attrs)
	}
}
"#,
        },
        Example {
            kind: ExampleKind::Good,
            go_version: "1.26",
            code: r#"
package main

import "strconv"

func process(n int) {
	attrs := make(map[string]string, 2) // reused for every record
	buf := make([]byte, 0, 16)
	for i := 0; i < n; i++ {
		buf = strconv.AppendInt(append(buf[:0], 'u'), int64(i), 10)
		attrs["kind"], attrs["name"] = "user", string(buf)
		use(attrs)
	}
}
"#,
        },
    ]),
};

pub static RULE: ProfileRule = ProfileRule { meta: &META, check };

fn check(cx: &mut ProfileContext) {
    if cx.kind != ProfileKind::Heap {
        return;
    }
    let profile = cx.frames.profile;
    let objects = profile.sample_type_index("alloc_objects");
    let space = profile.sample_type_index("alloc_space");
    if objects.is_none() && space.is_none() {
        return;
    }
    let total_objects = objects.map_or(0, |i| cx.totals.total[i]);
    let total_space = space.map_or(0, |i| cx.totals.total[i]);
    let threshold = cx.fraction(&META, "threshold");
    let min_bytes = cx.count(&META, "min-bytes") as i64;
    let min_objects = cx.count(&META, "min-objects") as i64;
    // Per user function: objects and bytes.
    let mut charges = Charges::new(cx.frames.names.len());
    let mut buf = crate::profile::SampleBuf::default();
    let mut stack = Vec::new();
    for index in 0..profile.sample_count() {
        profile.read_sample(index, &mut buf, false);
        cx.frames.stack(&buf.locations, &mut stack);
        let Some((user, _)) = cx.user_frame(&stack) else { continue };
        let frame = stack[user];
        let (o, s) = (objects.map_or(0, |i| buf.values[i]), space.map_or(0, |i| buf.values[i]));
        charges.add(frame.function, &frame, [o, s], s.max(o));
    }
    let share = |value: i64, total: i64| if total > 0 { value as f64 / total as f64 } else { 0.0 };
    for charge in &charges.entries {
        let [o, s] = charge.values;
        let (object_share, space_share) = (share(o, total_objects), share(s, total_space));
        let by_objects = objects.is_some() && object_share >= threshold && o >= min_objects;
        let by_space = space.is_some() && space_share >= threshold && s >= min_bytes;
        if !by_objects && !by_space {
            continue;
        }
        let frame = charge.frame(charge.key);
        let name = cx.name(&frame).to_string();
        let message = format!(
            "{name} allocates {} of the profile's allocated bytes ({}) and {} of its allocated objects ({o}): an allocation hotspot; reuse buffers and maps, preallocate, or hoist the allocation out of the loop",
            pct(space_share),
            bytes(s),
            pct(object_share)
        );
        cx.report(&META, Some(frame), message, object_share.max(space_share));
    }
}
