//! gctrace logs, escape reports and benchmark outputs captured through a Go
//! log.Logger (the committed `-logged` files of tests/artifacts, written by
//! the logprefix program): the analyses and findings of the plain captures,
//! every finding 27 columns to the right (after `2026/11/28 10:00:00.000000 `).

#[path = "support/artifacts.rs"]
mod artifacts;

use artifacts::{analyze as run, committed};
use gotrap::report::Report;

#[test]
fn logged_captures_read_as_the_captures() {
    let cases: [&[(&str, &str)]; 3] = [
        &[("gctrace/pressure.log", "gctrace/pressure-logged.log")],
        &[("escape/escape-m.txt", "escape/escape-m-logged.txt")],
        &[("bench/before.txt", "bench/before-logged.txt"), ("bench/after.txt", "bench/after-logged.txt")],
    ];
    for pairs in cases {
        let plain: Vec<(&str, Vec<u8>)> = pairs.iter().map(|(plain, _)| (*plain, committed(plain))).collect();
        let logged: Vec<(&str, Vec<u8>)> = pairs.iter().map(|(plain, logged)| (*plain, committed(logged))).collect();
        let (expected, report) = (run(&plain), run(&logged));
        let at = pairs[0].1;
        assert!(!expected.findings.is_empty(), "{at}");
        assert_eq!(report.analyses.len(), pairs.len(), "{at}");
        for (found, wanted) in report.analyses.iter().zip(&expected.analyses) {
            assert_eq!((&found.kind, &found.data), (&wanted.kind, &wanted.data), "{at}");
        }
        let place = |report: &Report, shift: u32| -> Vec<(String, String, u32, u32, u32, String)> {
            report
                .findings
                .iter()
                .map(|f| {
                    let shift = if f.span.column > 1 || f.span.end_column > 1 { shift } else { 0 };
                    (f.rule.clone(), f.path.clone(), f.span.line, f.span.column + shift, f.span.end_column + shift, f.message.clone())
                })
                .collect()
        };
        assert_eq!(place(&report, 0), place(&expected, 27), "{at}");
    }
}
