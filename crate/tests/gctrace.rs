//! gctrace logs: the committed logs of tests/artifacts/gctrace (exact rows,
//! windows, summary and GT605; captured with Go 1.26, 1.20 and 1.17, whose
//! lines lack the `stacks` and `globals` fields), the older line form,
//! interleaved output, malformed lines (GT003 at the bad field) and a log of a
//! million lines.

use std::path::{Path, PathBuf};

use gotrap::report::{LimitsOverride, Options, Report};
use serde_json::{json, Value};

fn artifacts() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/artifacts/gctrace")
}

fn analyze(path: &str, content: &[u8]) -> Report {
    gotrap::analyze([(path, content)], &Options::default())
}

fn committed(name: &str) -> Vec<u8> {
    std::fs::read(artifacts().join(name)).unwrap()
}

fn gctrace_analysis(report: &Report) -> &Value {
    let analysis = report.analyses.iter().find(|a| a.kind == "gctrace").expect("a gctrace analysis");
    &analysis.data
}

/// (rule, line, column, endLine, endColumn) of every finding.
fn positions(report: &Report) -> Vec<(String, u32, u32, u32, u32)> {
    report.findings.iter().map(|f| (f.rule.clone(), f.span.line, f.span.column, f.span.end_line, f.span.end_column)).collect()
}

#[test]
fn pressure_log_rows_windows_and_summary() {
    let report = analyze("pressure.log", &committed("pressure.log"));
    let data = gctrace_analysis(&report);
    assert_eq!(data["format"], "gctrace");
    assert_eq!(
        (data["lines"].as_u64(), data["gcLines"].as_u64(), data["ignoredLines"].as_u64(), data["malformedLines"].as_u64()),
        (Some(85), Some(85), Some(0), Some(0))
    );
    let rows = data["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 85);
    assert_eq!(data["rowsDropped"], 0);
    // gc 1 @0.000s 13%: 0.087+0.42+0.009 ms clock, 0.17+0.24/0.001/0+0.019 ms cpu, 0->0->0 MB, 0 MB goal, 0 MB stacks, 0 MB globals, 2 P
    assert_eq!(
        rows[0],
        json!({
            "line": 1, "n": 1, "timeS": 0.0, "percent": 13,
            "clockMs": {"sweepTermination": 0.087, "mark": 0.42, "markTermination": 0.009},
            "cpuMs": {"sweepTermination": 0.17, "assist": 0.24, "background": 0.001, "idle": 0.0, "markTermination": 0.019},
            "heapStartMb": 0, "heapEndMb": 0, "heapLiveMb": 0, "goalMb": 0, "stacksMb": 0, "globalsMb": 0, "procs": 2, "forced": false
        })
    );
    // gc 61 @0.735s 33%: 3.1+8.1+0.027 ms clock, 6.2+0.29/5.1/0+0.055 ms cpu, 5->5->4 MB, 5 MB goal, 0 MB stacks, 0 MB globals, 2 P
    assert_eq!(
        rows[60],
        json!({
            "line": 61, "n": 61, "timeS": 0.735, "percent": 33,
            "clockMs": {"sweepTermination": 3.1, "mark": 8.1, "markTermination": 0.027},
            "cpuMs": {"sweepTermination": 6.2, "assist": 0.29, "background": 5.1, "idle": 0.0, "markTermination": 0.055},
            "heapStartMb": 5, "heapEndMb": 5, "heapLiveMb": 4, "goalMb": 5, "stacksMb": 0, "globalsMb": 0, "procs": 2, "forced": false
        })
    );
    let summary = &data["summary"];
    assert_eq!(
        *summary,
        json!({
            "gcs": 85, "forced": 0, "firstS": 0.0, "lastS": 1.014, "durationS": 1.014, "gcRatePerS": 82.840237,
            "stwPauseMs": {"count": 170, "p50": 0.04, "p99": 8.0, "max": 8.0, "total": 104.57},
            "cpuMs": {"total": 750.473, "sweepTermination": 206.462, "assist": 364.223, "background": 173.348, "idle": 4.161, "markTermination": 2.279},
            "markAssistShare": 0.485325, "gcCpuFraction": 0.362388, "gcCpuFractionWithIdle": 0.36444,
            "heapLiveMb": {"min": 0, "max": 4}, "goalMb": {"min": 0, "max": 5}
        })
    );
    assert_eq!(data["windowGcs"], 20);
    assert_eq!(data["windowsDropped"], 0);
    let windows = data["windows"].as_array().unwrap();
    assert_eq!(windows.len(), 4, "85 collections make 4 complete windows of 20 (the 5th would need gc 101)");
    let firsts: Vec<_> =
        windows.iter().map(|w| (w["firstGc"].as_u64().unwrap(), w["lastGc"].as_u64().unwrap(), w["gcCpuFraction"].as_f64().unwrap())).collect();
    assert_eq!(firsts, [(1, 20, 0.362103), (21, 40, 0.350414), (41, 60, 0.360778), (61, 80, 0.401343)]);
    assert_eq!(
        windows[3],
        json!({
            "firstLine": 61, "firstGc": 61, "lastGc": 80, "startS": 0.735, "endS": 0.965, "gcs": 20, "procs": 2,
            "gcRatePerS": 86.956522, "gcCpuMs": 185.379, "assistCpuMs": 89.72, "gcCpuFraction": 0.401343,
            "gcCpuFractionWithIdle": 0.402998, "markAssistShare": 0.483981, "goalMbMin": 5, "goalMbMax": 5
        })
    );
}

#[test]
fn gt605_fires_on_the_pressure_log_at_its_worst_window() {
    let report = analyze("pressure.log", &committed("pressure.log"));
    assert_eq!(positions(&report), [("GT605".to_string(), 61, 1, 61, 126)]);
    let finding = &report.findings[0];
    assert_eq!(finding.name, "gc-pressure");
    assert_eq!(
        finding.message,
        "GC pressure in collections 61–80 (0.735–0.965 s, 20 GCs): GC used 40.1% of the CPU (wall time × 2 P, idle mark excluded), mark assist 48.4% of GC CPU, 87.0 GCs/s, heap goal 5 MB (GC CPU 40.1% ≥ 25.0%, mark assist 48.4% of GC CPU ≥ 25.0%, 87.0 GCs/s ≥ 50); over the whole log: 85 GCs, 82.8 GCs/s, GC CPU 36.2%, mark assist 48.5%. Let the heap grow (raise GOGC, or set GOMEMLIMIT with a higher GOGC) and reduce allocation: an allocs profile shows where (GT603)"
    );
}

#[test]
fn calm_log_has_no_finding() {
    let report = analyze("calm.log", &committed("calm.log"));
    assert!(report.findings.is_empty(), "{:?}", positions(&report));
    let data = gctrace_analysis(&report);
    assert_eq!(data["rows"].as_array().unwrap().len(), 9);
    assert_eq!(data["windows"], json!([]));
    let summary = &data["summary"];
    assert_eq!((summary["gcs"].as_u64(), summary["forced"].as_u64()), (Some(9), Some(1)));
    assert_eq!(summary["gcRatePerS"], 8.918618);
    assert_eq!(summary["gcCpuFraction"], 0.002034);
    assert_eq!(summary["markAssistShare"], 0.0);
    assert_eq!(summary["stwPauseMs"], json!({"count": 18, "p50": 0.009, "p99": 0.23, "max": 0.23, "total": 1.608}));
    // gc 9 @1.009s 0%: 0.22+0.15+0.005 ms clock, 0.45+0/0.093/0.21+0.010 ms cpu, 3->3->0 MB, 4 MB goal, 0 MB stacks, 0 MB globals, 2 P (forced)
    let last = &data["rows"][8];
    assert_eq!((last["n"].as_u64(), last["forced"].as_bool(), last["cpuMs"]["idle"].as_f64()), (Some(9), Some(true), Some(0.21)));
}

const GT605_ADVICE: &str = "Let the heap grow (raise GOGC, or set GOMEMLIMIT with a higher GOGC) and reduce allocation: an allocs profile shows where (GT603)";

#[test]
fn go1_20_logs() {
    let report = analyze("pressure-go1.20.14.log", &committed("pressure-go1.20.14.log"));
    assert_eq!(positions(&report), [("GT605".to_string(), 1, 1, 1, 124)]);
    assert_eq!(
        report.findings[0].message,
        format!("GC pressure in collections 1–20 (0.003–0.503 s, 20 GCs): GC used 30.8% of the CPU (wall time × 2 P, idle mark excluded), mark assist 57.0% of GC CPU, 40.0 GCs/s, heap goal 0–5 MB (GC CPU 30.8% ≥ 25.0%, mark assist 57.0% of GC CPU ≥ 25.0%); over the whole log: 41 GCs, 38.6 GCs/s, GC CPU 27.2%, mark assist 55.8%. {GT605_ADVICE}")
    );
    let data = gctrace_analysis(&report);
    assert_eq!((data["gcLines"].as_u64(), data["malformedLines"].as_u64(), data["windows"].as_array().unwrap().len()), (Some(41), Some(0), 2));
    // gc 41 @1.040s 27%: 0.050+15+0.005 ms clock, 0.10+6.8/5.5/0+0.010 ms cpu, 5->5->4 MB, 5 MB goal, 0 MB stacks, 0 MB globals, 2 P
    assert_eq!(
        data["rows"][40],
        json!({
            "line": 41, "n": 41, "timeS": 1.04, "percent": 27,
            "clockMs": {"sweepTermination": 0.05, "mark": 15.0, "markTermination": 0.005},
            "cpuMs": {"sweepTermination": 0.1, "assist": 6.8, "background": 5.5, "idle": 0.0, "markTermination": 0.01},
            "heapStartMb": 5, "heapEndMb": 5, "heapLiveMb": 4, "goalMb": 5, "stacksMb": 0, "globalsMb": 0, "procs": 2, "forced": false
        })
    );
    assert_eq!(
        data["summary"],
        json!({
            "gcs": 41, "forced": 0, "firstS": 0.003, "lastS": 1.04, "durationS": 1.037, "gcRatePerS": 38.572806,
            "stwPauseMs": {"count": 82, "p50": 0.033, "p99": 13.0, "max": 13.0, "total": 70.58},
            "cpuMs": {"total": 579.627, "sweepTermination": 140.31, "assist": 323.601, "background": 111.454, "idle": 3.634, "markTermination": 0.628},
            "markAssistShare": 0.558292, "gcCpuFraction": 0.271737, "gcCpuFractionWithIdle": 0.273489,
            "heapLiveMb": {"min": 0, "max": 4}, "goalMb": {"min": 0, "max": 5}
        })
    );
    let calm = analyze("calm-go1.20.14.log", &committed("calm-go1.20.14.log"));
    assert!(calm.findings.is_empty(), "{:?}", positions(&calm));
    let summary = &gctrace_analysis(&calm)["summary"];
    assert_eq!((summary["gcs"].as_u64(), summary["forced"].as_u64(), summary["gcCpuFraction"].as_f64()), (Some(9), Some(1), Some(0.004828)));
}

/// Before Go 1.18 a line ends `N MB goal, P P`: no stacks, no globals.
#[test]
fn go1_17_logs_without_stacks_and_globals() {
    let report = analyze("pressure-go1.17.13.log", &committed("pressure-go1.17.13.log"));
    assert_eq!(positions(&report), [("GT605".to_string(), 81, 1, 81, 99)]);
    assert_eq!(
        report.findings[0].message,
        format!("GC pressure in collections 81–100 (0.821–0.937 s, 20 GCs): GC used 21.7% of the CPU (wall time × 2 P, idle mark excluded), mark assist 67.0% of GC CPU, 172.4 GCs/s, heap goal 7 MB (mark assist 67.0% of GC CPU ≥ 25.0%, 172.4 GCs/s ≥ 50); over the whole log: 112 GCs, 111.1 GCs/s, GC CPU 15.4%, mark assist 74.3%. {GT605_ADVICE}")
    );
    let data = gctrace_analysis(&report);
    assert_eq!((data["gcLines"].as_u64(), data["malformedLines"].as_u64(), data["windows"].as_array().unwrap().len()), (Some(112), Some(0), 5));
    // gc 1 @0.002s 9%: 0.060+3.3+0.004 ms clock, 0.12+0.81/0.23/0.15+0.008 ms cpu, 2->3->2 MB, 3 MB goal, 2 P
    assert_eq!(
        data["rows"][0],
        json!({
            "line": 1, "n": 1, "timeS": 0.002, "percent": 9,
            "clockMs": {"sweepTermination": 0.06, "mark": 3.3, "markTermination": 0.004},
            "cpuMs": {"sweepTermination": 0.12, "assist": 0.81, "background": 0.23, "idle": 0.15, "markTermination": 0.008},
            "heapStartMb": 2, "heapEndMb": 3, "heapLiveMb": 2, "goalMb": 3, "stacksMb": null, "globalsMb": null, "procs": 2, "forced": false
        })
    );
    assert_eq!(
        data["summary"],
        json!({
            "gcs": 112, "forced": 0, "firstS": 0.002, "lastS": 1.001, "durationS": 0.999, "gcRatePerS": 111.111111,
            "stwPauseMs": {"count": 224, "p50": 0.017, "p99": 2.4, "max": 3.8, "total": 15.19},
            "cpuMs": {"total": 320.749, "sweepTermination": 29.938, "assist": 238.36, "background": 41.424, "idle": 10.211, "markTermination": 0.816},
            "markAssistShare": 0.743136, "gcCpuFraction": 0.154377, "gcCpuFractionWithIdle": 0.159487,
            "heapLiveMb": {"min": 2, "max": 6}, "goalMb": {"min": 3, "max": 8}
        })
    );
    let calm = analyze("calm-go1.17.13.log", &committed("calm-go1.17.13.log"));
    assert!(calm.findings.is_empty(), "{:?}", positions(&calm));
    let data = gctrace_analysis(&calm);
    // gc 9 @1.002s 0%: 0.11+0.25+0.003 ms clock, 0.22+0/0.066/0.12+0.007 ms cpu, 1->1->0 MB, 4 MB goal, 2 P (forced)
    let last = &data["rows"][8];
    assert_eq!((last["n"].as_u64(), last["forced"].as_bool(), last["stacksMb"].is_null(), last["goalMb"].as_u64()), (Some(9), Some(true), true, Some(4)));
    assert_eq!((data["summary"]["gcs"].as_u64(), data["summary"]["gcCpuFraction"].as_f64()), (Some(9), Some(0.000856)));
}

#[test]
fn a_short_pressure_log_is_below_the_floor() {
    let content = committed("pressure.log");
    let text = String::from_utf8(content).unwrap();
    let head: String = text.lines().take(19).map(|line| format!("{line}\n")).collect();
    let report = analyze("pressure.log", head.as_bytes());
    assert!(report.findings.is_empty(), "{:?}", positions(&report));
    assert_eq!(gctrace_analysis(&report)["summary"]["gcs"], 19);
}

const OLD: &str = "gc 1 @0.010s 2%: 0.010+1.0+0.005 ms clock, 0.020+0.5/0.8/0.1+0.010 ms cpu, 4->4->1 MB, 4 MB goal, 8 P";
const NEW: &str = "gc 3 @0.030s 2%: 0.010+1.0+0.005 ms clock, 0.020+0.5/0.8/0.1+0.010 ms cpu, 4->5->1 MB, 4 MB goal, 1 MB stacks, 2 MB globals, 8 P (forced)";

#[test]
fn old_and_new_forms_among_other_output() {
    let log = format!("program output\r\n{OLD}\r\nscvg: 0 MB released\n{NEW}\npacer: assist ratio=+1.0e+000\ngc is not a number @ here\n");
    let report = analyze("run.txt", log.as_bytes());
    assert!(report.findings.is_empty(), "{:?}", positions(&report));
    let data = gctrace_analysis(&report);
    assert_eq!((data["lines"].as_u64(), data["gcLines"].as_u64(), data["ignoredLines"].as_u64()), (Some(6), Some(2), Some(4)));
    let rows = data["rows"].as_array().unwrap();
    assert_eq!((rows[0]["line"].as_u64(), rows[0]["stacksMb"].is_null(), rows[0]["procs"].as_u64()), (Some(2), true, Some(8)));
    assert_eq!(
        (rows[1]["line"].as_u64(), rows[1]["stacksMb"].as_u64(), rows[1]["globalsMb"].as_u64(), rows[1]["forced"].as_bool()),
        (Some(4), Some(1), Some(2), Some(true))
    );
    // 20 ms × 8 P of capacity carry the first collection's 1.43 ms of CPU (0.1 of it idle).
    assert_eq!(data["summary"]["gcCpuFraction"], 0.008313);
    assert_eq!(data["summary"]["gcCpuFractionWithIdle"], 0.008938);
}

#[test]
fn malformed_lines_are_gt003_at_the_bad_field() {
    let log = [
        "starting",
        "gc 2 @0.020s 2%: 0.010+x+0.005 ms clock, 0.020+0.5/0.8/0.1+0.010 ms cpu, 4->4->1 MB, 4 MB goal, 8 P",
        OLD,
        "gc 4 @0.040s 2%: 0.010+1.0+0.005 ms clock, 0.020+0.5/0.8/0.1+0.010 ms cpu, 4->4 MB, 4 MB goal, 8 P",
        "gc 5 @0.050s 2%: 0.010+1.0+0.005 ms clock, 0.020+0.5/0.8/0.1+0.010 ms cpu, 4->4->1 MB, 4 MB goal, 8 P trailing",
        "gc 99999999999999999999 @0.060s 2%: 0.010+1.0+0.005 ms clock",
        "gc 7 @1.2.3s 2%: 0.010+1.0+0.005 ms clock",
        "gc 8 @0.080s 2%: 0.010+1.0+0.005 ms clock, 0.020+0.5/0.8+0.010 ms cpu, 4->4->1 MB, 4 MB goal, 8 P",
        "gc 9 @0.090s",
    ]
    .join("\n");
    let report = analyze("trace.log", log.as_bytes());
    let found: Vec<_> = report.findings.iter().map(|f| (f.rule.as_str(), f.span.line, f.span.column, f.span.end_column, f.message.as_str())).collect();
    assert_eq!(
        found,
        [
            ("GT003", 2, 24, 31, "malformed gctrace line: expected concurrent mark clock ms, found `x+0.005`"),
            ("GT003", 4, 80, 84, "malformed gctrace line: expected `->`, found `MB,`"),
            ("GT003", 5, 103, 111, "malformed gctrace line: expected the end of the line (or ` (forced)`), found `trailing`"),
            ("GT003", 6, 4, 24, "malformed gctrace line: expected the GC number, found `99999999999999999999`"),
            ("GT003", 7, 7, 13, "malformed gctrace line: expected the time since start in seconds, found `1.2.3s`"),
            ("GT003", 8, 57, 63, "malformed gctrace line: expected `/`, found `+0.010`"),
            ("GT003", 9, 13, 13, "malformed gctrace line: expected `s`, found end of line"),
        ]
    );
    let data = gctrace_analysis(&report);
    assert_eq!((data["gcLines"].as_u64(), data["malformedLines"].as_u64()), (Some(1), Some(7)));
}

#[test]
fn a_million_lines_stay_bounded() {
    let mut log = String::with_capacity(140_000_000);
    for n in 1..=1_000_000u64 {
        let ms = n * 10;
        log.push_str(&format!(
            "gc {n} @{}.{:03}s 5%: 0.010+1.0+0.005 ms clock, 0.020+0.5/0.8/0.1+0.010 ms cpu, 4->5->1 MB, 4 MB goal, 0 MB stacks, 0 MB globals, 8 P\n",
            ms / 1000,
            ms % 1000
        ));
    }
    // Over 100 MB: past the default artifact cap, which this test lifts to see
    // what the parser itself keeps of a log that long.
    let limits = LimitsOverride { max_artifact_bytes: Some(256 << 20), ..LimitsOverride::default() };
    let report = gotrap::analyze([("huge.log", log.as_bytes())], &Options { limits: Some(limits), ..Options::default() });
    let data = gctrace_analysis(&report);
    assert_eq!(data["gcLines"], 1_000_000);
    assert_eq!(data["rows"].as_array().unwrap().len(), 10_000);
    assert_eq!(data["rowsDropped"], 990_000);
    assert_eq!(data["windows"].as_array().unwrap().len(), 10_000);
    assert_eq!(data["windowsDropped"], 39_999);
    assert_eq!(data["summary"]["gcs"], 1_000_000);
    assert_eq!(data["summary"]["stwPauseMs"]["count"], 2_000_000);
    assert_eq!(data["summary"]["gcRatePerS"], 100.0);
    // 100 GCs/s but 1.33 ms of GC CPU per 10 ms × 8 P: no pressure.
    assert!(report.findings.is_empty(), "{:?}", positions(&report));
}

#[test]
fn thresholds_are_rule_options() {
    let content = committed("pressure.log");
    let with = |config: &str| {
        let options = Options { config: Some(config.to_string()), ..Options::default() };
        gotrap::analyze([("pressure.log", content.as_slice())], &options)
    };
    // Above every measured window: nothing.
    let quiet = with("[rules.GT605]\ncpu-fraction = 0.45\nassist-share = 0.6\ngc-rate = 120\n");
    assert!(quiet.errors.is_empty(), "{:?}", quiet.errors);
    assert!(quiet.findings.is_empty(), "{:?}", positions(&quiet));
    // Only the mark-assist share holds: the worst window with it (by GC CPU) is still 61–80.
    let assist = with("[rules.GT605]\ncpu-fraction = 0.45\ngc-rate = 120\n");
    assert_eq!(positions(&assist), [("GT605".to_string(), 61, 1, 61, 126)]);
    assert!(assist.findings[0].message.contains("(mark assist 48.4% of GC CPU ≥ 25.0%)"), "{}", assist.findings[0].message);
    // Windows of 40 collections: two windows, the second (gc 41–80) the worst.
    let wide = with("[rules.GT605]\nwindow-gcs = 40\n");
    assert_eq!(positions(&wide), [("GT605".to_string(), 41, 1, 41, 128)]);
    assert_eq!(gctrace_analysis(&wide)["windows"].as_array().unwrap().len(), 2);
    // A floor above the log's 85 collections: nothing.
    let floor = with("[rules.GT605]\nmin-gcs = 86\n");
    assert!(floor.findings.is_empty(), "{:?}", positions(&floor));
}

#[test]
fn only_gc_lines_make_a_gctrace_log() {
    let report = analyze("out.log", b"gc 1@0.1s not a trace\ngcc 1 @0.1s\nhello\n");
    assert!(report.analyses.is_empty());
    assert!(report.findings.is_empty(), "{:?}", positions(&report));
    assert_eq!(report.skipped.len(), 1, "{:?}", report.skipped);
}

#[test]
fn malformed_findings_are_capped() {
    let log: String = (1..=150).map(|n| format!("gc {n} @0.{n:03}s oops\n")).collect();
    let report = analyze("bad.log", log.as_bytes());
    assert_eq!(report.findings.len(), 101);
    assert!(report.findings.iter().all(|f| f.rule == "GT003"));
    let summary = report.findings.iter().find(|f| f.span.line == 1 && f.span.column == 1).expect("the summary finding");
    assert_eq!(summary.message, "50 more malformed gctrace lines not reported");
    assert_eq!(gctrace_analysis(&report)["malformedLines"], 150);
}
