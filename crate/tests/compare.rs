//! Comparisons of two artifacts (`gotrap compare BASE NEW`): profile diffs
//! against `go tool pprof -diff_base [-normalize]` as computed by the Go
//! oracle (github.com/google/pprof), goroutine growth between the committed
//! snapshots of tests/artifacts/compare, and hostile or mismatched inputs.

use std::ffi::OsStr;
use std::path::{Path, PathBuf};

use gotrap::compare::{Comparison, GrowthGroup};

#[path = "support/go.rs"]
mod go;
#[path = "support/oracle.rs"]
mod oracle;

fn artifacts() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/artifacts")
}

fn read(name: &str) -> Vec<u8> {
    std::fs::read(artifacts().join(name)).unwrap()
}

fn compare(base: &str, new: &str, options: &str) -> Comparison {
    gotrap::compare((base, &read(base)), (new, &read(new)), options)
}

type Rows = Vec<(String, i64, i64)>;

/// (function, flat, cum) of the oracle's rows, without all-zero rows, by name.
fn oracle_rows(table: &serde_json::Value) -> Rows {
    table["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| (row["function"].as_str().unwrap().to_string(), row["flat"].as_i64().unwrap(), row["cum"].as_i64().unwrap()))
        .filter(|(_, flat, cum)| *flat != 0 || *cum != 0)
        .collect()
}

fn nonzero_sorted(mut rows: Rows) -> Rows {
    rows.retain(|(_, flat, cum)| *flat != 0 || *cum != 0);
    rows.sort();
    rows
}

fn assert_matches_the_go_oracle(base: &str, new: &str, normalize: bool) {
    let dir = artifacts();
    let flags: &[&str] = if normalize { &["-diff", "-normalize"] } else { &["-diff"] };
    let paths = [dir.join(base).canonicalize().unwrap(), dir.join(new).canonicalize().unwrap()];
    let oracle = oracle::run(&dir, flags.iter().map(OsStr::new).chain(paths.iter().map(|path| path.as_os_str())));
    let options = if normalize { r#"{"normalize":true}"# } else { "{}" };
    let comparison = compare(base, new, options);
    assert!(comparison.errors.is_empty(), "{:?}", comparison.errors);
    let diff = comparison.profile.as_ref().unwrap();
    assert_eq!(diff.normalized, normalize);
    let what = format!("{base} → {new} normalize={normalize}");
    assert_eq!(diff.types.len(), oracle["diff"]["tables"].as_array().unwrap().len(), "{what}");
    for (index, ours) in diff.types.iter().enumerate() {
        let table = |side: &str| &oracle[side]["tables"][index];
        assert_eq!((ours.type_.as_str(), ours.unit.as_str()), (table("diff")["type"].as_str().unwrap(), table("diff")["unit"].as_str().unwrap()));
        assert_eq!(ours.base_total, table("base")["total"].as_i64().unwrap(), "{what} {}", ours.type_);
        assert_eq!(ours.new_total, table("new")["total"].as_i64().unwrap(), "{what} {}", ours.type_);
        assert_eq!(ours.rows_dropped, 0);
        let column = |pick: fn(&gotrap::compare::FunctionDiff) -> (i64, i64)| {
            nonzero_sorted(ours.rows.iter().map(|row| (row.function.clone(), pick(row).0, pick(row).1)).collect())
        };
        assert_eq!(column(|row| (row.flat_base, row.cum_base)), oracle_rows(table("base")), "{what} {} base", ours.type_);
        assert_eq!(column(|row| (row.flat_new, row.cum_new)), oracle_rows(table("new")), "{what} {} new", ours.type_);
        // The merged profile (NEW, then BASE scaled by −1) gives the deltas.
        assert_eq!(column(|row| (row.flat_delta, row.cum_delta)), oracle_rows(table("diff")), "{what} {} delta", ours.type_);
        // Joined call trees: the top-level nodes' cum adds up to each side's signed sum.
        let top = |cum: fn(&gotrap::compare::TreeDiffNode) -> i64| ours.call_tree.tree.iter().filter(|n| n.parent.is_none()).map(cum).sum::<i64>();
        assert_eq!(ours.call_tree.nodes_dropped, 0);
        assert_eq!(top(|n| n.cum_base), ours.base_total, "{what}");
        assert_eq!(top(|n| n.cum_new), ours.new_total, "{what}");
    }
}

#[test]
fn profile_diffs_match_pprof_diff_base() {
    for (base, new) in [
        ("compare/cpu-base.pb.gz", "compare/cpu-new.pb.gz"),
        ("compare/heap-base.pb.gz", "compare/heap-new.pb.gz"),
        ("compare/goroutine-base.pb.gz", "compare/goroutine-new.pb.gz"),
        ("profiles/block.pb.gz", "profiles/mutex.pb.gz"),
    ] {
        for normalize in [false, true] {
            assert_matches_the_go_oracle(base, new, normalize);
        }
    }
}

#[test]
fn cpu_diff_exact_numbers() {
    let plain = compare("compare/cpu-base.pb.gz", "compare/cpu-new.pb.gz", "{}");
    let cpu = &plain.profile.as_ref().unwrap().types[1];
    assert_eq!(plain.profile.as_ref().unwrap().profile, "cpu");
    assert_eq!((cpu.type_.as_str(), cpu.unit.as_str(), cpu.base_total, cpu.new_total, cpu.scale), ("cpu", "nanoseconds", 410_000_000, 530_000_000, 1.0));
    let hot = cpu.rows.iter().find(|row| row.function == "main.hot").unwrap();
    assert_eq!((hot.flat_base, hot.flat_new, hot.flat_delta, hot.cum_base, hot.cum_new, hot.cum_delta), (0, 0, 0, 400_000_000, 520_000_000, 120_000_000));
    // -normalize scales NEW by BASE's total over NEW's (41/53 of each sample, rounded per sample).
    let normalized = compare("compare/cpu-base.pb.gz", "compare/cpu-new.pb.gz", r#"{"normalize":true}"#);
    let cpu = &normalized.profile.as_ref().unwrap().types[1];
    assert_eq!((cpu.base_total, cpu.new_total, cpu.scale), (410_000_000, 409_999_998, 410_000_000.0 / 530_000_000.0));
    let hot = cpu.rows.iter().find(|row| row.function == "main.hot").unwrap();
    assert_eq!((hot.cum_base, hot.cum_new, hot.cum_delta), (400_000_000, 402_264_149, 2_264_149));
}

fn growth_rows(groups: &[GrowthGroup]) -> Vec<(Option<&str>, u64, u64, u64, &str)> {
    groups.iter().map(|g| (g.state.as_deref(), g.base_count, g.new_count, g.delta, g.stack[g.user_frame.unwrap() as usize].function.as_str())).collect()
}

/// 30 leaked workers, then 160; the 10 batch goroutines end; the dumping
/// goroutine (main) is at another line of main.growth in each snapshot.
#[test]
fn goroutine_growth_between_snapshots() {
    let profiles = compare("compare/goroutine-base.pb.gz", "compare/goroutine-new.pb.gz", "{}");
    let growth = profiles.goroutines.as_ref().unwrap();
    assert_eq!((growth.base.goroutines, growth.new.goroutines, growth.grew, growth.shrank, growth.by_state), (45, 165, 131, 11, false));
    assert_eq!((growth.base.format.as_str(), growth.base.groups, growth.new.groups), ("pprof", 4, 3));
    assert_eq!(growth_rows(&growth.groups), [(None, 30, 160, 130, "main.fetch.func1"), (None, 0, 1, 1, "main.write")]);
    let leak = &growth.groups[0];
    assert_eq!(
        leak.stack.iter().map(|f| (f.function.as_str(), f.line)).collect::<Vec<_>>(),
        [("runtime.gopark", 462), ("runtime.chansend", 283), ("runtime.chansend1", 161), ("main.fetch.func1", 27)]
    );
    assert_eq!(leak.stack[3].file, "gotrap.test/programs/dumps/main.go");
    // Two goroutine profiles get the profile diff too.
    assert_eq!(profiles.profile.as_ref().unwrap().profile, "goroutine");

    let dumps = compare("compare/goroutine-base.txt", "compare/goroutine-new.txt", "{}");
    let growth = dumps.goroutines.as_ref().unwrap();
    assert!(dumps.profile.is_none());
    assert_eq!((growth.base.format.as_str(), growth.grew, growth.shrank, growth.by_state), ("debug=2", 131, 11, true));
    assert_eq!(growth_rows(&growth.groups), [(Some("chan send"), 30, 160, 130, "main.fetch.func1"), (Some("running"), 0, 1, 1, "main.write")]);
    let created = growth.groups[0].created_by.as_ref().unwrap();
    assert_eq!((created.function.as_str(), created.line), ("main.fetch", 25));

    // A traceback hides the runtime's leaf frames; a profile lists them: matched without them.
    let mixed = compare("compare/goroutine-base.txt", "compare/goroutine-new.pb.gz", "{}");
    let growth = mixed.goroutines.as_ref().unwrap();
    assert_eq!((growth.grew, growth.shrank, growth.by_state), (131, 11, false));
    assert_eq!(growth_rows(&growth.groups), [(None, 30, 160, 130, "main.fetch.func1"), (None, 0, 1, 1, "main.write")]);
}

/// The goroutine profile's own analysis groups its goroutines as a dump's does.
#[test]
fn goroutine_profiles_have_goroutine_groups() {
    let report = gotrap::analyze([("goroutine.pb.gz", read("profiles/goroutine.pb.gz").as_slice())], &Default::default());
    let goroutines: gotrap::report::GoroutineAnalysis = serde_json::from_value(report.analyses[0].data["goroutines"].clone()).unwrap();
    assert_eq!((goroutines.format.as_str(), goroutines.goroutines, goroutines.total, goroutines.groups_dropped), ("pprof", 151, Some(151), 0));
    let first = &goroutines.groups[0];
    assert_eq!((first.state.as_deref(), first.count, first.line), (None, 150, 0));
    assert_eq!(first.stack[first.user_frame.unwrap() as usize].function, "main.fetch.func1");
    assert_eq!(goroutines.groups.iter().map(|g| g.count).sum::<u64>(), 151);
    let cpu = gotrap::analyze([("cpu.pb.gz", read("profiles/cpu.pb.gz").as_slice())], &Default::default());
    assert!(cpu.analyses[0].data.get("goroutines").is_none());
}

fn messages(comparison: &Comparison) -> Vec<(Option<&str>, &str)> {
    comparison.errors.iter().map(|error| (error.path.as_deref(), error.message.as_str())).collect()
}

#[test]
fn mismatched_and_hostile_inputs_are_errors_naming_the_file() {
    let types = compare("compare/cpu-base.pb.gz", "compare/heap-new.pb.gz", "{}");
    assert!(types.profile.is_none() && types.goroutines.is_none());
    assert_eq!(
        messages(&types),
        [(
            Some("compare/heap-new.pb.gz"),
            "compare/heap-new.pb.gz has sample types alloc_objects/count, alloc_space/bytes, inuse_objects/count, inuse_space/bytes but compare/cpu-base.pb.gz has samples/count, cpu/nanoseconds: compare two profiles of one type"
        )]
    );
    let dump = compare("compare/cpu-base.pb.gz", "compare/goroutine-new.txt", "{}");
    assert_eq!(
        messages(&dump),
        [(
            Some("compare/cpu-base.pb.gz"),
            "compare/cpu-base.pb.gz is a cpu profile, not a goroutine snapshot: compare it with a profile of its type, or compare two goroutine dumps or goroutine profiles"
        )]
    );
    // Both files bad: one error each.
    let truncated = &read("compare/cpu-new.pb.gz")[..600];
    let both = gotrap::compare(("a.pb.gz", truncated), ("calm.log", &read("gctrace/calm.log")), "{}");
    let errors = messages(&both);
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert_eq!(errors[0].0, Some("a.pb.gz"));
    assert!(errors[0].1.starts_with("a.pb.gz: not a readable pprof profile: "), "{errors:?}");
    assert_eq!(errors[1].0, Some("calm.log"));
    assert!(errors[1].1.starts_with("calm.log: not a pprof profile (") && errors[1].1.ends_with(") or goroutine dump"), "{errors:?}");
    let empty = gotrap::compare(("empty", b""), ("garbage.pb", b"\xff\xff\xff\xff"), "{}");
    assert_eq!(
        messages(&empty),
        [(Some("empty"), "empty: not a pprof profile (empty profile) or goroutine dump"), (Some("garbage.pb"), messages(&empty)[1].1)]
    );
    assert!(messages(&empty)[1].1.starts_with("garbage.pb: not a pprof profile ("));
    // A limit hit names the file too.
    let small = compare("compare/cpu-base.pb.gz", "compare/cpu-new.pb.gz", r#"{"limits":{"max-decompressed-bytes":100}}"#);
    assert_eq!(small.errors.len(), 2);
    assert!(small.errors[0].message.starts_with("compare/cpu-base.pb.gz: ") && small.errors[0].message.contains("100"), "{:?}", small.errors);
    let large = compare("compare/goroutine-base.txt", "compare/goroutine-new.txt", r#"{"limits":{"max-artifact-bytes":10000}}"#);
    assert_eq!(
        messages(&large),
        [(
            Some("compare/goroutine-new.txt"),
            "compare/goroutine-new.txt: file is 29161 bytes, over the 10000-byte limit for runtime artifacts (limits.max-artifact-bytes); not analysed"
        )]
    );
    let bad_options = compare("compare/cpu-base.pb.gz", "compare/cpu-new.pb.gz", r#"{"normalise":true}"#);
    assert!(bad_options.profile.is_none());
    assert_eq!(bad_options.errors.len(), 1);
    assert!(bad_options.errors[0].message.starts_with("invalid options: unknown field `normalise`"), "{:?}", bad_options.errors);
}

/// Native output is the JSON the wasm boundary returns; it parses back.
#[test]
fn comparison_json_round_trips() {
    let comparison = compare("compare/heap-base.pb.gz", "compare/heap-new.pb.gz", r#"{"normalize":true}"#);
    let json = comparison.to_json();
    let back: Comparison = serde_json::from_str(&json).unwrap();
    assert_eq!(back, comparison);
    assert_eq!(back.profile.unwrap().profile, "heap");
}
