//! Properties every report has, over generated workspaces: each finding's
//! byte range lies inside its file and on char boundaries, with lines and
//! columns that agree with it (UTF-16 and UTF-8 columns equal on ASCII
//! lines); analysing twice, or with the files given in another order, gives
//! the same report.

#[allow(dead_code)]
#[path = "../fuzz/targets.rs"]
mod targets;

#[path = "support/workspaces.rs"]
mod workspaces;

use gotrap::position::LineIndex;
use gotrap::report::Options;
use proptest::prelude::*;
use workspaces::{go_file, go_mod};

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn finding_spans_are_inside_and_agree(main in go_file(), other in go_file(), go_mod in go_mod()) {
        targets::checked_analyze(&workspaces::files(&main, &other, go_mod), &Options::default());
    }

    #[test]
    fn analysing_twice_or_reordered_gives_the_same_report(main in go_file(), other in go_file(), go_mod in go_mod()) {
        let mut files = workspaces::files(&main, &other, go_mod);
        let json = |files: &[(&str, &[u8])]| serde_json::to_string(&gotrap::analyze(files.iter().copied(), &Options::default())).unwrap();
        let first = json(&files);
        prop_assert_eq!(&first, &json(&files));
        files.reverse();
        prop_assert_eq!(&first, &json(&files));
    }

    #[test]
    fn any_span_of_any_bytes_is_inside_and_agrees(content in prop::collection::vec(prop_oneof![Just(b'\n'), Just(b'\r'), any::<u8>(), 0x20u8..0x7f], 0..200), a in any::<usize>(), b in any::<usize>()) {
        let len = content.len() + 4;
        let (start, end) = ((a % len).min(b % len), (a % len).max(b % len));
        let span = LineIndex::new(&content).span(&content, start, end);
        let report_like = gotrap::report::Finding {
            rule: "GT000".into(), name: String::new(), severity: gotrap::report::Severity::Info, message: format!("{start}..{end}"),
            path: "x.go".into(), span, related: Vec::new(), fix: None, slug: String::new(), weight: None,
        };
        let mut report = gotrap::report::Report::new();
        report.findings.push(report_like);
        targets::check_report(&[("x.go", &content)], &report);
    }
}
