//! Benchmark outputs: the committed outputs of tests/artifacts/bench (of
//! Go 1.26 and Go 1.20) compared with benchstat (installed through the Go
//! module proxy) as the oracle, exact GT608 findings, malformed result lines (GT003 at the bad
//! field).

#[path = "support/artifacts.rs"]
mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use gotrap::report::Report;
use serde_json::Value;
use support::{analyze, artifacts, committed};

fn bench_analysis<'r>(report: &'r Report, path: &str) -> &'r Value {
    &report.analyses.iter().find(|a| a.kind == "bench" && a.path == path).expect("a bench analysis").data
}

/// benchstat, installed once into the test's target folder through the Go module proxy.
fn benchstat() -> PathBuf {
    let bin = Path::new(env!("CARGO_TARGET_TMPDIR")).join("gobin");
    let benchstat = bin.join("benchstat");
    if !benchstat.exists() {
        let go = if Command::new("go").arg("version").output().is_ok() { "go" } else { "/usr/local/go/bin/go" };
        let output = Command::new(go)
            .args(["install", "golang.org/x/perf/cmd/benchstat@latest"])
            .env("GOBIN", &bin)
            .env("GOFLAGS", "")
            .output()
            .expect("the benchstat oracle needs the go command");
        assert!(output.status.success(), "go install benchstat: {}", String::from_utf8_lossy(&output.stderr));
    }
    benchstat
}

/// benchstat's CSV tables: (unit, rows of fields) per table.
fn benchstat_csv(files: &[&str]) -> Vec<(String, Vec<Vec<String>>)> {
    let output = Command::new(benchstat()).arg("-format").arg("csv").args(files).current_dir(artifacts().join("bench")).output().unwrap();
    assert!(output.status.success(), "benchstat: {}", String::from_utf8_lossy(&output.stderr));
    let mut tables = Vec::new();
    for block in String::from_utf8(output.stdout).unwrap().split("\n\n") {
        let lines: Vec<Vec<String>> =
            block.lines().filter(|l| l.starts_with(',') || l.contains(",")).map(|l| l.split(',').map(str::to_string).collect()).collect();
        let Some(header) = lines.iter().position(|fields| fields.get(1).is_some_and(|f| f.contains('/'))) else { continue };
        let unit = lines[header][1].clone();
        let rows = lines[header + 1..].iter().filter(|fields| fields[0] != "geomean").cloned().collect();
        tables.push((unit, rows));
    }
    tables
}

/// benchstat's unit and scale for one of ours.
fn benchstat_unit(unit: &str) -> (String, f64) {
    match unit {
        "ns/op" => ("sec/op".to_string(), 1e-9),
        "MB/s" => ("B/s".to_string(), 1e6),
        _ => (unit.to_string(), 1.0),
    }
}

fn close(ours: f64, theirs: &str) -> bool {
    let theirs: f64 = theirs.parse().unwrap();
    (ours - theirs).abs() <= 1e-12 * theirs.abs().max(1e-300)
}

/// gotrap's comparison of two committed outputs (named `before.txt` and
/// `after.txt` in a folder, so the first is the base) matches benchstat's.
fn comparison_matches_benchstat(before: &str, after: &str, folder: &str) {
    let (base, new) = (format!("{folder}/before.txt"), format!("{folder}/after.txt"));
    let report = analyze(&[(&base, committed(&format!("bench/{before}"))), (&new, committed(&format!("bench/{after}")))]);
    let data = bench_analysis(&report, &new);
    assert_eq!(data["base"], base.as_str());
    assert_eq!(data["config"]["pkg"], "gotrap.test/programs/bench");
    assert_eq!((data["lines"].as_u64(), data["resultLines"].as_u64(), data["malformedLines"].as_u64()), (Some(30), Some(24), Some(0)));
    let tables = benchstat_csv(&[before, after]);
    let rows = data["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 12, "3 benchmarks × ns/op, B/op, allocs/op, 2 × parts/op, 1 × MB/s");
    let mut checked = 0;
    for row in rows {
        let (unit, scale) = benchstat_unit(row["unit"].as_str().unwrap());
        let name = row["name"].as_str().unwrap().strip_prefix("Benchmark").unwrap();
        let table = &tables.iter().find(|(u, _)| *u == unit).unwrap_or_else(|| panic!("benchstat has no {unit} table")).1;
        let theirs = table.iter().find(|fields| fields[0] == name).unwrap_or_else(|| panic!("benchstat has no {name} in {unit}"));
        let comparison = &row["comparison"];
        let at = format!("{after}: {name} {unit}");
        assert!(close(comparison["base"]["median"].as_f64().unwrap() * scale, &theirs[1]), "{at}: base median {comparison} vs {theirs:?}");
        assert_eq!(comparison["base"]["range"], theirs[2].as_str(), "{at}");
        assert!(close(row["summary"]["median"].as_f64().unwrap() * scale, &theirs[3]), "{at}: median");
        assert_eq!(row["summary"]["range"], theirs[4].as_str(), "{at}");
        assert_eq!(comparison["deltaText"], theirs[5].as_str(), "{at}");
        let p = format!("p={:.3} n={}", comparison["p"].as_f64().unwrap(), row["summary"]["n"]);
        assert_eq!(p, theirs[6], "{at}");
        checked += 1;
    }
    assert_eq!(checked, 12);
}

#[test]
fn comparisons_match_benchstat() {
    comparison_matches_benchstat("before.txt", "after.txt", "bench");
    // Go 1.20's output: the same lines (its copy of the benchmarks loops b.N times).
    comparison_matches_benchstat("before-go1.20.14.txt", "after-go1.20.14.txt", "go1.20.14");
}

#[test]
fn summaries_of_three_runs_match_benchstat() {
    let report = analyze(&[("bench/short.txt", committed("bench/short.txt"))]);
    let data = bench_analysis(&report, "bench/short.txt");
    assert_eq!(data["base"], Value::Null);
    let tables = benchstat_csv(&["short.txt"]);
    for row in data["rows"].as_array().unwrap() {
        let (unit, scale) = benchstat_unit(row["unit"].as_str().unwrap());
        let name = row["name"].as_str().unwrap().strip_prefix("Benchmark").unwrap();
        let theirs = tables.iter().find(|(u, _)| *u == unit).unwrap().1.iter().find(|fields| fields[0] == name).unwrap().clone();
        assert!(close(row["summary"]["median"].as_f64().unwrap() * scale, &theirs[1]), "{name} {unit}");
        assert_eq!(row["summary"]["range"], theirs[2].as_str(), "{name} {unit}: 3 runs are too few for an interval");
        assert!(row["comparison"].is_null());
    }
    assert!(report.findings.is_empty(), "{:?}", report.findings);
}

fn regression(base_output: &str, name: &str, unit: &str, base: &str, new: &str, delta: &str, p: &str) -> String {
    format!("{name} got worse in {unit}: {base} → {new} ({delta}, p={p}, n=8+8) compared with {base_output}; a significant change by benchstat's test (Mann-Whitney U, α = 0.05)")
}

#[test]
fn gt608_at_the_benchmark_function() {
    let report = analyze(&[
        ("bench/after.txt", committed("bench/after.txt")),
        ("bench/before.txt", committed("bench/before.txt")),
        ("programs/bench/bench_test.go", committed("programs/bench/bench_test.go")),
    ]);
    let got: Vec<(String, String, u32, u32, String)> =
        report.findings.iter().map(|f| (f.rule.clone(), f.path.clone(), f.span.line, f.span.column, f.message.clone())).collect();
    let at = |message: String| ("GT608".to_string(), "programs/bench/bench_test.go".to_string(), 9, 6, message);
    assert_eq!(
        got,
        vec![
            at(regression("bench/before.txt", "BenchmarkJoin/n=16-2", "B/op", "248 ± 0%", "1056 ± 0%", "+325.81%", "0.000")),
            at(regression("bench/before.txt", "BenchmarkJoin/n=16-2", "allocs/op", "5 ± 0%", "16 ± 0%", "+220.00%", "0.000")),
            at(regression("bench/before.txt", "BenchmarkJoin/n=16-2", "ns/op", "2156.5 ± 62%", "7633 ± 73%", "+253.95%", "0.007")),
            at(regression("bench/before.txt", "BenchmarkJoin/n=256-2", "B/op", "5368 ± 0%", "243856 ± 0%", "+4442.77%", "0.000")),
            at(regression("bench/before.txt", "BenchmarkJoin/n=256-2", "allocs/op", "10 ± 0%", "256 ± 0%", "+2460.00%", "0.000")),
            at(regression("bench/before.txt", "BenchmarkJoin/n=256-2", "ns/op", "15267 ± 53%", "970124.5 ± 60%", "+6254.39%", "0.000")),
        ]
    );
    // Without the source the findings stay on the output, at the benchmark's first line.
    let report = analyze(&[("bench/after.txt", committed("bench/after.txt")), ("bench/before.txt", committed("bench/before.txt"))]);
    let lines: Vec<(&str, u32)> = report.findings.iter().map(|f| (f.path.as_str(), f.span.line)).collect();
    assert_eq!(
        lines,
        vec![("bench/after.txt", 5), ("bench/after.txt", 5), ("bench/after.txt", 5), ("bench/after.txt", 13), ("bench/after.txt", 13), ("bench/after.txt", 13)]
    );
    // The improvement direction is no finding: swap which output is the base.
    let report = analyze(&[("bench/old.txt", committed("bench/after.txt")), ("bench/new.txt", committed("bench/before.txt"))]);
    assert!(report.findings.is_empty(), "{:?}", report.findings);
}

#[test]
fn gt608_on_go1_20_outputs() {
    let report = analyze(&[
        ("go1.20.14/after.txt", committed("bench/after-go1.20.14.txt")),
        ("go1.20.14/before.txt", committed("bench/before-go1.20.14.txt")),
        ("programs/bench/bench_test.go", committed("programs/bench/bench_test.go")),
    ]);
    let got: Vec<(String, String, u32, u32, String)> =
        report.findings.iter().map(|f| (f.rule.clone(), f.path.clone(), f.span.line, f.span.column, f.message.clone())).collect();
    let at = |message: String| ("GT608".to_string(), "programs/bench/bench_test.go".to_string(), 9, 6, message);
    let base = "go1.20.14/before.txt";
    assert_eq!(
        got,
        vec![
            at(regression(base, "BenchmarkJoin/n=16-2", "B/op", "248 ± 0%", "1056 ± 0%", "+325.81%", "0.000")),
            at(regression(base, "BenchmarkJoin/n=16-2", "allocs/op", "5 ± 0%", "16 ± 0%", "+220.00%", "0.000")),
            at(regression(base, "BenchmarkJoin/n=16-2", "ns/op", "2538 ± 17%", "5674.5 ± 15%", "+123.58%", "0.010")),
            at(regression(base, "BenchmarkJoin/n=256-2", "B/op", "5368 ± 0%", "243856 ± 0%", "+4442.77%", "0.000")),
            at(regression(base, "BenchmarkJoin/n=256-2", "allocs/op", "10 ± 0%", "256 ± 0%", "+2460.00%", "0.000")),
            at(regression(base, "BenchmarkJoin/n=256-2", "ns/op", "32061 ± 79%", "944579 ± 42%", "+2846.19%", "0.000")),
        ]
    );
    let data = bench_analysis(&report, "go1.20.14/after.txt");
    assert_eq!((data["config"]["goos"].as_str(), data["config"]["cpu"].as_str()), (Some("linux"), Some("Intel(R) Xeon(R) Processor")));
}

#[test]
fn truncated_and_garbage_result_lines() {
    let text = "goos: linux\npkg: example.com/m\nBenchmarkA-2   100   12.5 ns/op\nBenchmarkA-2   1x0   12.5 ns/op\nBenchmarkA-2   100   12.5 ns/op   8\nBenchmarkA-2   100   abc ns/op\nBenchmarkA-2   100\n\u{0}\u{ff}garbage\n";
    let report = analyze(&[("b.txt", text.as_bytes().to_vec())]);
    let malformed: Vec<(u32, u32, u32, &str)> = report.findings.iter().map(|f| (f.span.line, f.span.column, f.span.end_column, f.message.as_str())).collect();
    assert_eq!(
        malformed,
        vec![
            (4, 16, 19, "malformed benchmark line: expected the iteration count, found `1x0`"),
            (5, 36, 36, "malformed benchmark line: expected a unit after `8`, found end of line"),
            (6, 22, 25, "malformed benchmark line: expected a value, found `abc`"),
            (7, 19, 19, "malformed benchmark line: expected a value and unit after the iteration count, found end of line"),
        ]
    );
    let data = bench_analysis(&report, "b.txt");
    assert_eq!(
        (data["lines"].as_u64(), data["resultLines"].as_u64(), data["ignoredLines"].as_u64(), data["malformedLines"].as_u64()),
        (Some(8), Some(1), Some(1), Some(4))
    );
    assert_eq!(data["rows"][0]["summary"]["median"], 12.5);
}

/// Sixty runs on each side, with ties: past the exact ranges benchstat uses
/// normal approximations for the interval and the U test, and so does gotrap.
#[test]
fn large_samples_match_benchstat() {
    let output = |offset: u64| {
        let mut text = String::from("goos: linux\ngoarch: amd64\npkg: example.com/m\n");
        for i in 0..60u64 {
            // A spread with repeated values, shifted by `offset`.
            let ns = 1000 + (i * 37 % 50) + offset;
            text.push_str(&format!("BenchmarkX-2   \t 1000\t {ns} ns/op\t {} B/op\n", 64 + (i % 3) * offset));
        }
        text
    };
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("bench-large-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let (old, new) = (output(0), output(6));
    std::fs::write(dir.join("old.txt"), &old).unwrap();
    std::fs::write(dir.join("new.txt"), &new).unwrap();
    let csv = Command::new(benchstat()).args(["-format", "csv", "old.txt", "new.txt"]).current_dir(&dir).output().unwrap();
    std::fs::remove_dir_all(&dir).unwrap();
    let csv = String::from_utf8(csv.stdout).unwrap();
    let report = analyze(&[("old.txt", old.into_bytes()), ("new.txt", new.into_bytes())]);
    let data = bench_analysis(&report, "new.txt");
    for (row, unit) in data["rows"].as_array().unwrap().iter().zip(["sec/op", "B/op"]) {
        let line = csv.lines().skip_while(|l| !l.contains(&format!(",{unit},"))).find(|l| l.starts_with("X-2,")).unwrap();
        let theirs: Vec<&str> = line.split(',').collect();
        let comparison = &row["comparison"];
        let ours = [
            comparison["base"]["range"].as_str().unwrap().to_string(),
            row["summary"]["range"].as_str().unwrap().to_string(),
            comparison["deltaText"].as_str().unwrap().to_string(),
            format!("p={:.3} n=60", comparison["p"].as_f64().unwrap()),
        ];
        assert_eq!(ours, [theirs[2], theirs[4], theirs[5], theirs[6]], "{unit}: {line}");
    }
}
