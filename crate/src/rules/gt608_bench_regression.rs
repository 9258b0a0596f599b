//! GT608 bench-regression: two `go test -bench` outputs where a benchmark
//! got significantly worse, by benchstat's statistics.

use super::runtime::{BenchContext, BenchRule};
use super::{Example, ExampleKind, Family, OptionValue, RuleMeta, RuleOption};
use crate::report::Severity;

pub static META: RuleMeta = RuleMeta {
    id: "GT608",
    name: "bench-regression",
    family: Family::Runtime,
    severity: Severity::Warning,
    summary: "a benchmark significantly worse than in the base output (benchstat's median and Mann-Whitney U test)",
    versions: "all",
    options: &[RuleOption {
        name: "min-change",
        default: OptionValue::Fraction(0.05),
        description: "smallest change of the median, as a fraction of the base median, that is reported when significant",
    }],
    docs: rule_docs!(
        r#"
## What it does
Reads `go test -bench` outputs (with `-benchmem`, `-count N`, custom
`ReportMetric` units, `SetBytes` throughput; the `goos`, `goarch`, `pkg` and
`cpu` lines), named as artifacts. Each gets a `bench` analysis with
benchstat's summary per benchmark and unit: the median and its 95%
confidence interval (at least 6 samples). When a run names several outputs,
the one whose file is named `old`, `base` or `before` (any extension), else
the first in path order, is the base, and every other is compared with it as
benchstat does: the two-sided Mann-Whitney U test at α = 0.05 (at least 4
samples each can reach significance), the change of the medians.

It reports each benchmark and unit that is significantly worse — higher
`ns/op`, `B/op`, `allocs/op` or custom per-op metric, lower throughput (`/s`
units) — by at least `min-change` (default 5%) of the base median. The
finding sits on the `func BenchmarkX(` of the workspace's `_test.go` file
when exactly one declares it, else on the output's first line of that
benchmark.

## Why is this a trap?
Benchmark numbers are noisy: one run of each version says little, and a
difference of means hides outliers. benchstat's method — several runs of
each (`-count 10`), medians, a rank test that assumes no distribution —
tells a real change from noise; gotrap applies it so a regression in a pull
request shows up next to the code.

## What it cannot see
It does not know whether both outputs ran on the same machine under the same
load (compare the `cpu` lines); a significant difference on a noisy runner may
still be the runner. With fewer than 4 samples on either side nothing is
significant at α = 0.05. The sign of "worse" for a custom unit is guessed
from its name (`/s` is a rate, higher is better; anything else lower is
better). Beyond 25 samples with ties (50 without), the test uses the normal
approximation as benchstat does, with an erf accurate to about 1e-7.

## Examples
The bad example is a change whose benchmark output, compared with the
output before it, shows the regression; the good one does not.
`tests/artifacts/programs/bench` holds the benchmarks and
`tests/artifacts/generate.sh bench` captures both outputs.

## Overlap
benchstat (golang.org/x/perf/cmd/benchstat) computes the same numbers.
GT302 (string-concat-in-loop) finds the pattern of the example in source.
"#
    ),
    examples: rule_examples!(&[
        Example {
            kind: ExampleKind::Bad,
            go_version: "1.26",
            code: r#"
package bench

// After the change: each += copies the string built so far
// (go test -bench . -benchmem -count 8, compared with the output before).
func Join(parts []string) string {
	s := ""
	for _, p := range parts {
		s += p + ","
	}
	return s
}
"#,
        },
        Example {
            kind: ExampleKind::Good,
            go_version: "1.26",
            code: r#"
package bench

import "strings"

// Before the change: one growing buffer.
func Join(parts []string) string {
	var b strings.Builder
	for _, p := range parts {
		b.WriteString(p)
		b.WriteByte(',')
	}
	return b.String()
}
"#,
        },
    ]),
};

pub static RULE: BenchRule = BenchRule { meta: &META, check };

/// The function of a benchmark: `BenchmarkJoin` of `BenchmarkJoin/n=16-2`.
fn function_of(name: &str) -> &str {
    let top = name.split('/').next().unwrap_or(name);
    match top.rsplit_once('-') {
        Some((function, procs)) if !procs.is_empty() && procs.bytes().all(|b| b.is_ascii_digit()) => function,
        _ => top,
    }
}

fn check(cx: &mut BenchContext) {
    let Some(base) = cx.data.base.clone() else { return };
    let min_change = cx.fraction(&META, "min-change");
    for row in &cx.data.rows {
        let Some(comparison) = &row.comparison else { continue };
        let Some(_) = comparison.delta.filter(|delta| comparison.worse && delta.abs() >= min_change) else { continue };
        let interval = |s: &crate::bench::BenchSummary| format!("{} ± {}", number(s.median), s.range);
        let message = format!(
            "{} got worse in {}: {} → {} ({}, p={:.3}, n={}+{}) compared with {base}; a significant change by benchstat's test (Mann-Whitney U, α = 0.05)",
            row.name,
            row.unit,
            interval(&comparison.base),
            interval(&row.summary),
            comparison.delta_text,
            comparison.p,
            comparison.base.n,
            row.summary.n,
        );
        cx.report(&META, function_of(&row.name), row.line, message);
    }
}

/// A median as printed in the output (no trailing zeros beyond 4 significant decimals).
fn number(value: f64) -> String {
    let text = format!("{value:.4}");
    text.trim_end_matches('0').trim_end_matches('.').to_string()
}
