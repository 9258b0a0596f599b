//! `go test -bench` output: parsing, and the statistics of benchstat
//! (golang.org/x/perf/cmd/benchstat, `benchmath.AssumeNothing`).
//!
//! An output is configuration lines (`goos: linux`, `goarch: amd64`, `pkg:
//! example.com/m`, `cpu: ...`; any `key: value` whose key starts with a
//! lower-case letter) and result lines
//!
//! ```text
//! BenchmarkJoin/n=16-2          42506          2713 ns/op      16.00 parts/op        1056 B/op          16 allocs/op
//! ```
//!
//! (name with its GOMAXPROCS suffix, iterations, then value–unit pairs:
//! `ns/op`, `-benchmem`'s `B/op` and `allocs/op`, `MB/s` from `SetBytes`,
//! custom `ReportMetric` units). With `-count N` each benchmark has N lines:
//! the samples. Other lines (`PASS`, `ok`, the tests' output) are ignored; a
//! result line that does not parse is reported with the byte range of the
//! bad field.
//!
//! Per benchmark (package and name) and unit, the summary is benchstat's:
//! the median, and a distribution-free 95% confidence interval from order
//! statistics (exact binomial up to 30 samples, its normal approximation
//! beyond), which needs at least 6 samples. Two outputs are compared with
//! the two-sided Mann-Whitney U test (exact distribution, with ties, up to 25
//! samples each, 50 without ties; the normal approximation with tie
//! correction beyond), significant when p ≤ α = 0.05 (at least 4 samples
//! each can reach it), the delta `new/old - 1` of the medians. Work is
//! linear in the output plus the U test's table (samples² × distinct values).

use std::collections::BTreeMap;

use schemars::JsonSchema;
use serde::Serialize;

use crate::textlog::unprefixed_lines;
pub use crate::textlog::Malformed;

/// Confidence level of the intervals and significance level of the tests (benchstat's defaults).
pub const CONFIDENCE: f64 = 0.95;
pub const ALPHA: f64 = 0.05;
/// Malformed lines reported as findings; the rest are counted.
pub const MAX_MALFORMED_REPORTED: usize = 100;
/// Benchmark × unit rows kept in an analysis.
pub const MAX_ROWS: usize = 10_000;

/// The samples of one benchmark and unit in one output.
#[derive(Debug, Clone, PartialEq)]
pub struct Series {
    pub package: String,
    /// As printed, `Benchmark` prefix and GOMAXPROCS suffix included.
    pub name: String,
    pub unit: String,
    pub values: Vec<f64>,
    /// Byte range and 1-based line of the first result line.
    pub start: usize,
    pub end: usize,
    pub line: u32,
}

/// One parsed output.
#[derive(Debug, Default)]
pub struct Output {
    pub lines: u64,
    pub result_lines: u64,
    pub ignored_lines: u64,
    pub malformed_lines: u64,
    pub malformed: Vec<Malformed>,
    /// Configuration lines, last value wins.
    pub config: BTreeMap<String, String>,
    /// In order of first appearance.
    pub series: Vec<Series>,
}

/// Whether the content is benchmark output: a result line that parses.
pub fn looks_like(content: &[u8]) -> bool {
    unprefixed_lines(content).any(|(_, line)| matches!(result_line(&String::from_utf8_lossy(line)), Some(Ok(_))))
}

type Bad = (usize, usize, String);
type Result = (String, Vec<(f64, String)>);

/// Whitespace-separated fields with their byte offsets.
fn fields(line: &str) -> Vec<(usize, &str)> {
    let mut fields = Vec::new();
    let mut start = None;
    for (i, c) in line.char_indices().chain(std::iter::once((line.len(), ' '))) {
        match (c.is_whitespace(), start) {
            (true, Some(s)) => {
                fields.push((s, &line[s..i]));
                start = None;
            }
            (false, None) => start = Some(i),
            _ => {}
        }
    }
    fields
}

/// A result line (`None` for any other line; a `Benchmark` name alone, as
/// printed before a benchmark's log output, is no result).
fn result_line(line: &str) -> Option<std::result::Result<Result, Bad>> {
    let rest = line.strip_prefix("Benchmark")?;
    if rest.chars().next().is_some_and(|c| c.is_lowercase()) {
        return None;
    }
    let fields = fields(line);
    if fields.len() < 2 {
        return None;
    }
    let bad = |(at, text): (usize, &str), what: &str| Some(Err((at, at + text.len(), format!("malformed benchmark line: expected {what}, found `{text}`"))));
    if fields[1].1.parse::<u64>().is_err() {
        return bad(fields[1], "the iteration count");
    }
    let mut measurements = Vec::new();
    for pair in fields[2..].chunks(2) {
        let Ok(value) = pair[0].1.parse::<f64>() else { return bad(pair[0], "a value") };
        if !value.is_finite() {
            return bad(pair[0], "a value");
        }
        let Some(unit) = pair.get(1) else {
            let at = line.len();
            return Some(Err((at, at, format!("malformed benchmark line: expected a unit after `{}`, found end of line", pair[0].1))));
        };
        measurements.push((value, unit.1.to_string()));
    }
    if measurements.is_empty() {
        let at = line.len();
        return Some(Err((at, at, "malformed benchmark line: expected a value and unit after the iteration count, found end of line".to_string())));
    }
    Some(Ok((fields[0].1.to_string(), measurements)))
}

/// A configuration line: `key: value`, the key lower-case first, no spaces.
fn config_line(line: &str) -> Option<(&str, &str)> {
    let (key, value) = line.split_once(':')?;
    let first = key.chars().next()?;
    (first.is_lowercase() && !key.contains(char::is_whitespace) && !key.contains(char::is_uppercase)).then(|| (key, value.trim()))
}

/// Parses one output.
pub fn parse(content: &[u8]) -> Output {
    let mut output = Output::default();
    let mut index: BTreeMap<(String, String, String), usize> = BTreeMap::new();
    for (number, (start, raw)) in unprefixed_lines(content).enumerate() {
        if start >= content.len() && raw.is_empty() {
            break;
        }
        output.lines += 1;
        let text = String::from_utf8_lossy(raw);
        if let Some((key, value)) = config_line(&text) {
            output.config.insert(key.to_string(), value.to_string());
            continue;
        }
        match result_line(&text) {
            None => output.ignored_lines += 1,
            Some(Err((s, e, message))) => {
                output.malformed_lines += 1;
                if output.malformed.len() < MAX_MALFORMED_REPORTED {
                    let valid = matches!(text, std::borrow::Cow::Borrowed(_));
                    let (s, e) = if valid { (s, e) } else { (0, raw.len()) };
                    output.malformed.push(Malformed { start: start + s, end: start + e, message });
                }
            }
            Some(Ok((name, measurements))) => {
                output.result_lines += 1;
                let package = output.config.get("pkg").cloned().unwrap_or_default();
                for (value, unit) in measurements {
                    let key = (package.clone(), name.clone(), unit.clone());
                    let slot = *index.entry(key).or_insert_with(|| {
                        output.series.push(Series {
                            package: package.clone(),
                            name: name.clone(),
                            unit,
                            values: Vec::new(),
                            start,
                            end: start + raw.len(),
                            line: u32::try_from(number + 1).unwrap_or(u32::MAX),
                        });
                        output.series.len() - 1
                    });
                    output.series[slot].values.push(value);
                }
            }
        }
    }
    output
}

/// benchstat's summary of one sample.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct BenchSummary {
    pub n: usize,
    pub median: f64,
    /// The confidence interval; absent with too few samples (benchstat's ∞).
    pub lo: Option<f64>,
    pub hi: Option<f64>,
    /// The interval's larger distance from the median, as benchstat prints it (`± 5%`, `∞`, `?`).
    pub range: String,
}

/// `n` choose `k` as a float (exact below 2^53).
fn choose(n: usize, k: usize) -> f64 {
    if k > n {
        return 0.0;
    }
    let k = k.min(n - k);
    let mut value = 1.0;
    for i in 0..k {
        value = value * (n - i) as f64 / (i + 1) as f64;
    }
    value.round()
}

/// The standard normal CDF (erfc by Abramowitz–Stegun 7.1.26; used only
/// beyond the exact ranges).
fn normal_cdf(z: f64) -> f64 {
    let x = z.abs() / std::f64::consts::SQRT_2;
    let t = 1.0 / (1.0 + 0.3275911 * x);
    let poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
    let erfc = poly * (-x * x).exp();
    if z >= 0.0 {
        1.0 - erfc / 2.0
    } else {
        erfc / 2.0
    }
}

/// The order statistics (1-based, 0 and n+1 meaning unbounded) of the
/// median's confidence interval at `CONFIDENCE` (stats.QuantileCI).
fn median_ci_orders(n: usize) -> (usize, usize) {
    let pmf = |k: i64| if k < 0 || k > n as i64 { 0.0 } else { choose(n, k as usize) * 0.5f64.powi(n as i32) };
    let (l, r) = if n <= 30 {
        let x = ((n + 1) as f64 * 0.5).ceil() as i64 - 1;
        let mut accum = pmf(x);
        let (mut l, mut r) = (x, x + 1);
        let (mut lp, mut rp) = (pmf(l - 1), pmf(r));
        while accum < CONFIDENCE && (lp > 0.0 || rp > 0.0) {
            if lp >= rp {
                accum += lp;
                l -= 1;
                lp = pmf(l - 1);
            } else {
                accum += rp;
                r += 1;
                rp = pmf(r);
            }
        }
        (l, r)
    } else {
        let (mu, sigma) = (n as f64 * 0.5, (n as f64 * 0.25).sqrt());
        // InvCDF of (1 - CONFIDENCE) / 2 = 0.025.
        let l1 = mu - 1.959963984540054 * sigma;
        let r1 = 2.0 * mu - l1;
        let l = ((l1 - 0.5).floor() + 0.5).floor() as i64 + 1;
        let mut r = ((r1 - 0.5).ceil() + 0.5).floor() as i64 + 1;
        let cdf = |l: i64, r: i64| normal_cdf((r as f64 - 0.5 - mu) / sigma) - normal_cdf((l as f64 - 0.5 - mu) / sigma);
        let biased = cdf(l, r - 1);
        if biased >= CONFIDENCE && biased < cdf(l, r) {
            r -= 1;
        }
        (l, r)
    };
    (l.max(0) as usize, r.min(n as i64 + 1) as usize)
}

/// benchstat's median (stats.Sample.Quantile, R8) of sorted values.
fn median(sorted: &[f64]) -> f64 {
    let n = sorted.len() as f64;
    let position = 1.0 / 3.0 + 0.5 * (n + 1.0 / 3.0);
    let k = position.trunc() as usize;
    let frac = position.fract();
    if k == 0 {
        sorted[0]
    } else if k >= sorted.len() {
        sorted[sorted.len() - 1]
    } else {
        sorted[k - 1] + frac * (sorted[k] - sorted[k - 1])
    }
}

/// The summary of a non-empty sample.
pub fn summarize(values: &[f64]) -> BenchSummary {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let n = sorted.len();
    let center = median(&sorted);
    let (lo_order, hi_order) = median_ci_orders(n);
    let lo = (lo_order >= 1).then(|| sorted[lo_order - 1]);
    let hi = (hi_order <= n).then(|| sorted[hi_order - 1]);
    let range = match (lo, hi) {
        (Some(lo), Some(hi)) if center.signum() != lo.signum() || center.signum() != hi.signum() => "?".to_string(),
        (Some(_), Some(_)) if center == 0.0 => "0%".to_string(),
        (Some(lo), Some(hi)) => format!("{:.0}%", 100.0 * (hi / center - 1.0).max(1.0 - lo / center)),
        _ => "∞".to_string(),
    };
    BenchSummary { n, median: center, lo, hi, range }
}

/// The two-sided Mann-Whitney U test's p-value (stats.MannWhitneyUTest);
/// `None` when every value of both samples is equal.
pub fn mann_whitney(x1: &[f64], x2: &[f64]) -> Option<f64> {
    let (n1, n2) = (x1.len(), x2.len());
    if n1 == 0 || n2 == 0 {
        return None;
    }
    let mut merged: Vec<(f64, bool)> = x1.iter().map(|&v| (v, true)).chain(x2.iter().map(|&v| (v, false))).collect();
    merged.sort_by(|a, b| a.0.total_cmp(&b.0));
    // Tie groups: (size, 2 × mid-rank); R1 the rank sum of the first sample.
    let mut groups = Vec::new();
    let mut r1 = 0.0;
    let mut i = 0;
    while i < merged.len() {
        let first = i;
        let mut in_first = 0;
        while i < merged.len() && merged[i].0 == merged[first].0 {
            in_first += usize::from(merged[i].1);
            i += 1;
        }
        let twice_rank = first + 1 + i;
        r1 += twice_rank as f64 / 2.0 * in_first as f64;
        groups.push((i - first, twice_rank));
    }
    let u1 = r1 - (n1 * (n1 + 1)) as f64 / 2.0;
    let u2 = (n1 * n2) as f64 - u1;
    let u_small = u1.min(u2);
    let has_ties = groups.iter().any(|&(size, _)| size > 1);
    let exact = if has_ties { n1 <= 25 && n2 <= 25 } else { n1 <= 50 && n2 <= 50 };
    if exact {
        if groups.len() == 1 {
            return None;
        }
        if u1 == u2 {
            return Some(1.0);
        }
        return Some(u_cdf(n1, &groups, u_small) * 2.0);
    }
    let ties: f64 = groups.iter().map(|&(t, _)| (t * t * t - t) as f64).sum();
    let total = (n1 + n2) as f64;
    let sigma = ((n1 * n2) as f64 * ((total + 1.0) - ties / (total * (total - 1.0))) / 12.0).sqrt();
    if sigma == 0.0 {
        return None;
    }
    let mut numer = u1 - (n1 * n2) as f64 / 2.0;
    if numer != 0.0 {
        numer -= numer.signum() * 0.5;
    }
    let z = numer / sigma;
    Some(2.0 * normal_cdf(z).min(1.0 - normal_cdf(z)))
}

/// P(U ≤ u) over every way to pick the first sample's `n1` positions among
/// the tie groups (each group of size t contributes r of its members in
/// C(t, r) ways), by dynamic programming over (members picked, 2 × rank sum).
fn u_cdf(n1: usize, groups: &[(usize, usize)], u: f64) -> f64 {
    let max_sum: usize = groups.iter().map(|&(size, twice_rank)| size * twice_rank).sum();
    let width = max_sum + 1;
    let mut ways = vec![0.0f64; (n1 + 1) * width];
    ways[0] = 1.0;
    for &(size, twice_rank) in groups {
        for picked in (1..=n1).rev() {
            for r in 1..=size.min(picked) {
                let factor = choose(size, r);
                let shift = r * twice_rank;
                let (from, to) = ((picked - r) * width, picked * width);
                for sum in (shift..width).rev() {
                    let add = ways[from + sum - shift];
                    if add != 0.0 {
                        ways[to + sum] += add * factor;
                    }
                }
            }
        }
    }
    // 2U = 2 R1 - n1 (n1 + 1).
    let limit = 2.0 * u + (n1 * (n1 + 1)) as f64;
    let row = &ways[n1 * width..];
    let total: f64 = row.iter().sum();
    let below: f64 = row.iter().enumerate().filter(|(sum, _)| *sum as f64 <= limit).map(|(_, ways)| ways).sum();
    below / total
}

/// Whether a larger value of the unit is better (throughput).
pub fn higher_is_better(unit: &str) -> bool {
    unit.ends_with("/s")
}

/// One benchmark and unit of an output, or of two compared.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct BenchRow {
    pub package: String,
    pub name: String,
    pub unit: String,
    /// 1-based line of its first result line in this output.
    pub line: u32,
    pub summary: BenchSummary,
    /// Against the base output, when it has this benchmark and unit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub comparison: Option<BenchComparison>,
}

/// benchstat's comparison of a row with the base.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct BenchComparison {
    pub base: BenchSummary,
    /// 1 when the samples cannot be told apart (all equal).
    pub p: f64,
    pub significant: bool,
    /// `new/old - 1` of the medians; absent when the base median is 0.
    pub delta: Option<f64>,
    /// As benchstat prints it: `~` when not significant, else `+12.34%`.
    pub delta_text: String,
    /// Worse by the unit's direction (higher time, bytes, allocations; lower throughput).
    pub worse: bool,
    pub notes: Vec<String>,
}

/// The `bench` analysis of one output (`Analysis.kind == "bench"`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct BenchAnalysis {
    /// Always `bench`.
    pub format: String,
    pub lines: u64,
    pub result_lines: u64,
    pub ignored_lines: u64,
    pub malformed_lines: u64,
    /// `goos`, `goarch`, `pkg`, `cpu` and other configuration lines.
    pub config: BTreeMap<String, String>,
    /// The base output this one is compared with, if any.
    pub base: Option<String>,
    pub rows: Vec<BenchRow>,
    pub rows_dropped: u64,
}

/// Compares two samples as benchstat does.
pub fn compare(base: &[f64], new: &[f64]) -> BenchComparison {
    let (old_summary, new_summary) = (summarize(base), summarize(new));
    let p = mann_whitney(base, new);
    let mut notes = Vec::new();
    for summary in [&old_summary, &new_summary] {
        if summary.lo.is_none() || summary.hi.is_none() {
            let note = "need >= 6 samples for confidence interval at level 0.95".to_string();
            if !notes.contains(&note) {
                notes.push(note);
            }
        }
    }
    let p_value = p.unwrap_or(1.0);
    if p.is_none() {
        notes.push("all samples are equal".to_string());
    } else if p_value > ALPHA && base.len() < 4 && new.len() < 4 {
        notes.push("need >= 4 samples to detect a difference at alpha level 0.05".to_string());
    }
    let significant = p_value <= ALPHA;
    let (old, now) = (old_summary.median, new_summary.median);
    let delta = (old != 0.0).then(|| now / old - 1.0);
    let delta_text = match delta {
        _ if !significant => "~".to_string(),
        _ if old == now => "0.00%".to_string(),
        None => "?".to_string(),
        Some(delta) => format!("{:+.2}%", delta * 100.0),
    };
    BenchComparison { base: old_summary, p: p_value, significant, delta, delta_text, worse: false, notes }
}

/// The analysis of an output, compared with `base` (path and output) if given.
pub fn analysis(output: &Output, base: Option<(&str, &Output)>) -> BenchAnalysis {
    let key = |s: &Series| (s.package.clone(), s.name.clone(), s.unit.clone());
    let base_series: BTreeMap<_, &Series> = base.map(|(_, base)| base.series.iter().map(|s| (key(s), s)).collect()).unwrap_or_default();
    let rows: Vec<BenchRow> = output
        .series
        .iter()
        .take(MAX_ROWS)
        .map(|series| {
            let summary = summarize(&series.values);
            let comparison = base_series.get(&key(series)).map(|old| {
                let mut comparison = compare(&old.values, &series.values);
                let higher = summary.median > comparison.base.median;
                comparison.worse = comparison.significant && higher != higher_is_better(&series.unit) && comparison.delta.is_some_and(|d| d != 0.0);
                comparison
            });
            BenchRow { package: series.package.clone(), name: series.name.clone(), unit: series.unit.clone(), line: series.line, summary, comparison }
        })
        .collect();
    BenchAnalysis {
        format: "bench".to_string(),
        lines: output.lines,
        result_lines: output.result_lines,
        ignored_lines: output.ignored_lines,
        malformed_lines: output.malformed_lines,
        config: output.config.clone(),
        base: base.map(|(path, _)| path.to_string()),
        rows_dropped: output.series.len().saturating_sub(MAX_ROWS) as u64,
        rows,
    }
}

/// The base among several outputs: the one named `old`, `base` or `before`
/// (any extension), else the first in path order.
pub fn base_index(paths: &[&str]) -> usize {
    let stem = |path: &str| path.rsplit('/').next().unwrap_or(path).split('.').next().unwrap_or("").to_ascii_lowercase();
    paths.iter().position(|path| ["old", "base", "before"].contains(&stem(path).as_str())).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_intervals_as_benchstat() {
        // QuantileCI(n, 0.5, 0.95) orders for small n.
        assert_eq!(median_ci_orders(5), (0, 5));
        assert_eq!(median_ci_orders(6), (1, 6));
        assert_eq!(median_ci_orders(8), (1, 7));
        let summary = summarize(&[3.0, 1.0, 2.0, 4.0, 5.0, 6.0]);
        assert_eq!((summary.median, summary.lo, summary.hi, summary.range.as_str()), (3.5, Some(1.0), Some(6.0), "71%"));
        assert_eq!(summarize(&[1.0, 2.0, 3.0]).range, "∞");
    }

    #[test]
    fn u_test_exact_values() {
        // Complete separation of 4 and 4: p = 2/70.
        assert!((mann_whitney(&[1.0, 2.0, 3.0, 4.0], &[5.0, 6.0, 7.0, 8.0]).unwrap() - 2.0 / 70.0).abs() < 1e-15);
        assert_eq!(mann_whitney(&[1.0, 1.0], &[1.0, 1.0]), None);
        assert_eq!(mann_whitney(&[1.0, 2.0], &[2.0, 1.0]), Some(1.0));
    }

    #[test]
    fn base_by_name_then_path_order() {
        assert_eq!(base_index(&["a/new.txt", "a/old.txt"]), 1);
        assert_eq!(base_index(&["x.txt", "y.txt"]), 0);
    }
}
