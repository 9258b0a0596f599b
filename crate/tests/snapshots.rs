//! GT601 with two goroutine snapshots of one program in a workspace: the
//! committed pairs of tests/artifacts/compare (the dumps program run with
//! `-snapshots`: 30 leaked workers, then 160), as debug=2 dumps and as
//! goroutine profiles, beside the program's source; growth in the message
//! and the earlier snapshot as related information; growth below the
//! threshold only when clear; and what is not paired.

// Only `committed` is used here: the runs need options.
#[allow(dead_code)]
#[path = "support/artifacts.rs"]
mod artifacts;

use artifacts::committed;
use gotrap::report::{Options, Report};

const ADVICE: &str = "likely a goroutine leak; make sure every send, receive or wait has a partner or a way out (buffered channel, ctx.Done())";

fn run(files: &[(&str, Vec<u8>)], config: &str) -> Report {
    let options = Options { select: vec!["GT601".to_string()], config: Some(config.to_string()), ..Options::default() };
    gotrap::analyze(files.iter().map(|(path, content)| (*path, content.as_slice())), &options)
}

/// (path, line, message, [(related path, line, column, end column, message)]) of every finding.
type Found = (String, u32, String, Vec<(String, u32, u32, u32, String)>);

fn found(report: &Report) -> Vec<Found> {
    report
        .findings
        .iter()
        .map(|f| {
            let related = f.related.iter().map(|r| (r.path.clone(), r.span.line, r.span.column, r.span.end_column, r.message.clone())).collect();
            (f.path.clone(), f.span.line, f.message.clone(), related)
        })
        .collect()
}

fn source() -> Vec<(&'static str, Vec<u8>)> {
    vec![("programs/go.mod", committed("programs/go.mod")), ("programs/dumps/main.go", committed("programs/dumps/main.go"))]
}

fn leak(count: u64, share: &str, earlier: &str, base: u64) -> String {
    format!("{count} goroutines ({share} of all) parked at one stack in a channel send at main.fetch.func1, up from {base} in the earlier snapshot {earlier}: {ADVICE}")
}

fn related(path: &str, line: u32, end_column: u32, message: &str) -> (String, u32, u32, u32, String) {
    (path.to_string(), line, 1, end_column, message.to_string())
}

/// Both pairs at once: each snapshot is compared with the earlier one of
/// its form; the earlier ones (30 goroutines) are under the threshold.
#[test]
fn growth_between_two_dumps_and_two_profiles() {
    let mut files = source();
    for name in ["goroutine-base.txt", "goroutine-new.txt", "goroutine-base.pb.gz", "goroutine-new.pb.gz"] {
        files.push((Box::leak(format!("compare/{name}").into_boxed_str()), committed(&format!("compare/{name}"))));
    }
    // A dump of another program (no stack in common) is not paired with them.
    files.push(("dumps/sigquit.txt", committed("dumps/sigquit.txt")));
    let expected = vec![
        (
            "programs/dumps/main.go".to_string(),
            27,
            leak(160, "97.0%", "compare/goroutine-base.pb.gz", 30),
            vec![
                related("compare/goroutine-new.pb.gz", 1, 1, "evidence: goroutine profile"),
                related("compare/goroutine-base.pb.gz", 1, 1, "earlier snapshot: 30 goroutines at this stack"),
            ],
        ),
        (
            "programs/dumps/main.go".to_string(),
            27,
            leak(160, "97.0%", "compare/goroutine-base.txt", 30),
            vec![
                related("compare/goroutine-new.txt", 42, 19, "evidence: 160 goroutines at this frame in the dump"),
                related("compare/goroutine-base.txt", 101, 26, "earlier snapshot: 30 goroutines at this stack"),
            ],
        ),
    ];
    let report = run(&files, "[rules.GT601]\nthreshold = 121\n");
    assert_eq!(found(&report), expected);
    // Above the threshold (160 ≥ 100) or below it (160 < 200) on clear growth alone: the same findings.
    let report = run(&files, "[rules.GT601]\nthreshold = 200\n");
    assert_eq!(found(&report), expected);
    // Growth of 130 under a min-growth of 131 is not clear: nothing below the threshold.
    let report = run(&files, "[rules.GT601]\nthreshold = 200\nmin-growth = 131\n");
    assert_eq!(found(&report), []);
}

/// Dumps are ordered by their goroutine ids, not by their names.
#[test]
fn dumps_are_ordered_by_goroutine_ids() {
    let mut files = source();
    files.push(("a.txt", committed("compare/goroutine-new.txt")));
    files.push(("b.txt", committed("compare/goroutine-base.txt")));
    let report = run(&files, "");
    assert_eq!(
        found(&report),
        [(
            "programs/dumps/main.go".to_string(),
            27,
            leak(160, "97.0%", "b.txt", 30),
            vec![
                related("a.txt", 42, 19, "evidence: 160 goroutines at this frame in the dump"),
                related("b.txt", 101, 26, "earlier snapshot: 30 goroutines at this stack")
            ]
        )]
    );
    // One snapshot alone: 160 is below a threshold of 200, and there is no growth to see.
    let alone = run(&[("a.txt", committed("compare/goroutine-new.txt"))], "[rules.GT601]\nthreshold = 200\n");
    assert_eq!(found(&alone), []);
}

/// The later dump with only `kept` of its 160 leaked workers.
fn new_dump_keeping(kept: usize) -> Vec<u8> {
    let text = String::from_utf8(committed("compare/goroutine-new.txt")).unwrap();
    let mut leaked = 0;
    let blocks: Vec<&str> = text
        .split("\n\n")
        .filter(|block| {
            if !block.contains("main.fetch.func1()") {
                return true;
            }
            leaked += 1;
            leaked <= kept
        })
        .collect();
    assert_eq!(leaked, 160);
    blocks.join("\n\n").into_bytes()
}

/// Below the threshold a stack must at least double: 30 → 60 is reported,
/// 30 → 59 is not (each gains more than min-growth, default 20).
#[test]
fn growth_below_the_threshold_must_double() {
    let config = "[rules.GT601]\nthreshold = 200\n";
    let files = |kept| vec![("base.txt", committed("compare/goroutine-base.txt")), ("new.txt", new_dump_keeping(kept))];
    let report = run(&files(60), config);
    assert_eq!(
        found(&report),
        [(
            "new.txt".to_string(),
            42,
            leak(60, "92.3%", "base.txt", 30),
            vec![
                related(
                    "gotrap.test/programs/dumps/main.go",
                    27,
                    1,
                    "frame main.fetch.func1 as recorded in the dump (not a workspace file, or more than one matches)"
                ),
                related("base.txt", 101, 26, "earlier snapshot: 30 goroutines at this stack"),
            ]
        )]
    );
    assert_eq!(found(&run(&files(59), config)), []);
    // 30 → 60 gains 30: under a min-growth of 31 it is not clear.
    assert_eq!(found(&run(&files(60), "[rules.GT601]\nmin-growth = 31\n")), []);
    assert_eq!(found(&run(&files(60), "[rules.GT601]\nmin-growth = 30\n")).len(), 1);
}
