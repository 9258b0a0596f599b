//! Goroutine dumps and crash output: the committed dumps and crashes of
//! tests/artifacts (exact groups, GT601 and GT606 findings, on the dump and
//! in the programs' sources), the same programs built and run now with the
//! machine's Go, a SIGQUIT dump, the pre-1.21 `created by` form, the
//! committed captures pasted from logs (every line prefixed the way Go's log
//! package, `kubectl logs --timestamps`, a container runtime and journald
//! write them, generated here from the captures; and one captured through a
//! real log.Logger), a dump of 100,000
//! goroutines, and truncated or garbage input (GT003 at the bad part).

use std::path::{Path, PathBuf};
use std::process::Command;

use gotrap::report::{GoroutineAnalysis, LimitsOverride, Options, Report};
use serde_json::json;

#[path = "support/go.rs"]
mod go;

fn artifacts() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/artifacts")
}

fn committed(path: &str) -> Vec<u8> {
    std::fs::read(artifacts().join(path)).unwrap()
}

const PROGRAMS: [&str; 5] = ["deadlock", "dumps", "mapwrites", "overflow", "panicking"];

/// The programs' go.mod and sources, as a workspace holds them.
fn sources() -> Vec<(String, Vec<u8>)> {
    let mut files = vec![("programs/go.mod".to_string(), committed("programs/go.mod"))];
    files.extend(PROGRAMS.iter().map(|program| (format!("programs/{program}/main.go"), committed(&format!("programs/{program}/main.go")))));
    files
}

fn analyze(files: &[(String, Vec<u8>)], options: &Options) -> Report {
    gotrap::analyze(files.iter().map(|(path, content)| (path.as_str(), content.as_slice())), options)
}

/// Only the runtime rules: the programs are traps on purpose.
fn runtime_only() -> Options {
    Options { select: vec!["GT6".to_string(), "GT003".to_string()], ..Options::default() }
}

fn one(path: &str, content: Vec<u8>) -> Report {
    analyze(&[(path.to_string(), content)], &Options::default())
}

fn goroutines(report: &Report, path: &str) -> GoroutineAnalysis {
    let analysis = report.analyses.iter().find(|a| a.path == path && a.kind == "goroutines").unwrap_or_else(|| panic!("no analysis of {path}: {report:?}"));
    serde_json::from_value(analysis.data.clone()).unwrap()
}

/// (rule, path, line, column, endColumn, message) of every finding.
fn findings(report: &Report) -> Vec<(String, String, u32, u32, u32, String)> {
    report.findings.iter().map(|f| (f.rule.clone(), f.path.clone(), f.span.line, f.span.column, f.span.end_column, f.message.clone())).collect()
}

const LEAK: &str = "150 goroutines (96.2% of all) parked at one stack in a channel send at main.fetch.func1, each waiting 1 minute: likely a goroutine leak; make sure every send, receive or wait has a partner or a way out (buffered channel, ctx.Done())";

#[test]
fn debug2_dump_groups_by_state_and_stack() {
    let path = "dumps/goroutine-debug2.txt";
    let report = one(path, committed(path));
    let data = goroutines(&report, path);
    assert_eq!((data.format.as_str(), data.goroutines, data.total, data.lines, data.malformed_lines), ("debug=2", 156, None, 949, 0));
    assert!(data.crash.is_none());
    let states: Vec<(&str, u64)> = data.states.iter().map(|s| (s.state.as_str(), s.count)).collect();
    assert_eq!(states, [("chan send", 150), ("chan receive", 4), ("running", 1), ("sync.Mutex.Lock", 1)]);
    assert_eq!(data.groups.len(), 4);
    assert_eq!(data.groups_dropped, 0);
    assert_eq!(
        serde_json::to_value(&data.groups[0]).unwrap(),
        json!({
            "state": "chan send", "count": 150, "waitMinutes": {"min": 1, "max": 1}, "lockedToThread": 0,
            "goroutineIds": [19, 20, 21, 22, 23, 24, 25, 26, 27, 28], "line": 13,
            "stack": [{"function": "main.fetch.func1", "file": "gotrap.test/programs/dumps/main.go", "line": 27, "dumpLine": 14}],
            "framesElided": false,
            "createdBy": {"function": "main.fetch", "file": "gotrap.test/programs/dumps/main.go", "line": 25, "dumpLine": 16},
            "userFrame": 0
        })
    );
    let pool = &data.groups[1];
    assert_eq!((pool.state.as_deref(), pool.count, pool.goroutine_ids.as_slice(), pool.line), (Some("chan receive"), 4, &[169, 170, 171, 172][..], 913));
    assert_eq!((pool.stack[0].function.as_str(), pool.stack[0].line), ("main.poolWorker", 38));
    let main = &data.groups[2];
    assert_eq!((main.state.as_deref(), main.user_frame), (Some("running"), Some(3)));
    assert_eq!(main.stack[3].function, "main.write");
    assert_eq!(main.wait_minutes.as_ref().map(|w| (w.min, w.max)), Some((0, 0)));
    let mutex = &data.groups[3];
    let functions: Vec<&str> = mutex.stack.iter().map(|f| f.function.as_str()).collect();
    assert_eq!(
        functions,
        ["internal/sync.runtime_SemacquireMutex", "internal/sync.(*Mutex).lockSlow", "internal/sync.(*Mutex).Lock", "sync.(*Mutex).Lock", "main.main.func1"]
    );
    assert_eq!((mutex.state.as_deref(), mutex.user_frame, mutex.created_by.as_ref().map(|f| f.line)), (Some("sync.Mutex.Lock"), Some(4), Some(56)));
    let longest = data.longest_wait.unwrap();
    assert_eq!((longest.minutes, longest.goroutine, longest.state.as_str(), longest.function.as_str()), (1, 19, "chan send", "main.fetch.func1"));
    // Without the sources the finding stays on the dump, at the frame's line.
    assert_eq!(findings(&report), [("GT601".to_string(), path.to_string(), 14, 1, 19, LEAK.to_string())]);
    let finding = &report.findings[0];
    assert_eq!(finding.weight, Some(0.9615));
    assert_eq!(finding.related.len(), 1);
    assert_eq!((finding.related[0].path.as_str(), finding.related[0].span.line), ("gotrap.test/programs/dumps/main.go", 27));
    assert_eq!(finding.related[0].message, "frame main.fetch.func1 as recorded in the dump (not a workspace file, or more than one matches)");
}

/// Frames name the workspace file their recorded path maps to (through the
/// module path of `-trimpath`), so views can link them; runtime frames and
/// frames of files not in the workspace name none.
#[test]
fn dump_frames_name_the_workspace_file_they_map_to() {
    let path = "dumps/goroutine-debug2.txt";
    let mut files = sources();
    files.push((path.to_string(), committed(path)));
    let data = goroutines(&analyze(&files, &Options::default()), path);
    let mapped = |frame: &gotrap::report::StackFrame| (frame.function.clone(), frame.workspace_path.clone());
    assert_eq!(mapped(&data.groups[0].stack[0]), ("main.fetch.func1".to_string(), Some("programs/dumps/main.go".to_string())));
    assert_eq!(data.groups[0].created_by.as_ref().map(mapped), Some(("main.fetch".to_string(), Some("programs/dumps/main.go".to_string()))));
    assert_eq!(mapped(&data.groups[3].stack[0]), ("internal/sync.runtime_SemacquireMutex".to_string(), None));
    // Without the sources nothing is mapped.
    let alone = goroutines(&one(path, committed(path)), path);
    assert!(alone.groups.iter().flat_map(|group| group.stack.iter().chain(group.created_by.as_ref())).all(|frame| frame.workspace_path.is_none()));
}

const DEBUG1_LEAK: &str = "150 goroutines (96.2% of all) parked at one stack in a state a debug=1 dump does not show (a debug=2 dump does) at main.fetch.func1: likely a goroutine leak; make sure every send, receive or wait has a partner or a way out (buffered channel, ctx.Done())";

#[test]
fn debug1_dump_counts_by_stack() {
    let path = "dumps/goroutine-debug1.txt";
    let report = one(path, committed(path));
    let data = goroutines(&report, path);
    assert_eq!((data.format.as_str(), data.goroutines, data.total, data.lines, data.malformed_lines), ("debug=1", 156, Some(156), 22, 0));
    assert!(data.states.is_empty() && data.longest_wait.is_none());
    let groups: Vec<(u64, u32, &str, u32, Option<u32>)> =
        data.groups.iter().map(|g| (g.count, g.line, g.stack[g.user_frame.unwrap() as usize].function.as_str(), g.stack.len() as u32, g.user_frame)).collect();
    assert_eq!(
        groups,
        [
            (150, 2, "main.fetch.func1", 1, Some(0)),
            (4, 5, "main.poolWorker", 1, Some(0)),
            (1, 8, "main.write", 6, Some(3)),
            (1, 16, "main.main.func1", 5, Some(4))
        ]
    );
    assert!(data.groups.iter().all(|g| g.state.is_none() && g.wait_minutes.is_none() && g.goroutine_ids.is_empty()));
    assert_eq!(
        serde_json::to_value(&data.groups[3].stack[0]).unwrap(),
        json!({"function": "internal/sync.runtime_SemacquireMutex", "file": "runtime/sema.go", "line": 95, "dumpLine": 17})
    );
    assert_eq!(findings(&report), [("GT601".to_string(), path.to_string(), 3, 1, 71, DEBUG1_LEAK.to_string())]);
}

const DEADLOCK_SEND: &str = "deadlock: 3 goroutines blocked in a channel send at main.main.func1 when the runtime found all goroutines asleep; a send and a receive on an unbuffered channel must run at the same time: receive in another goroutine, or buffer the channel";
const DEADLOCK_WAIT: &str = "deadlock: 1 goroutine blocked in sync.WaitGroup.Wait at main.main when the runtime found all goroutines asleep; Wait returns when every Add has its Done, and the goroutines that would call Done are blocked";
const DEADLOCK_SEMACQUIRE: &str = "deadlock: 1 goroutine blocked in a semaphore (sync.Mutex, sync.WaitGroup) at main.main when the runtime found all goroutines asleep; the goroutines that would release the semaphore (WaitGroup.Done, Mutex.Unlock) are blocked";
const MAP_WRITES: &str = "fatal error: concurrent map writes in goroutine 8 at main.main.func1 (created by main.main): Go maps are not safe for concurrent use and the runtime stops the program when it catches two goroutines at one map; guard the map with a sync.Mutex (or use sync.Map), and run the tests with -race";
const OVERFLOW: &str = "fatal error: stack overflow in goroutine 1 at main.celsius.String: main.celsius.String recurs without end (15 of the 100 frames printed, more elided); common causes are a String or Error method formatting its own receiver with %v or %s, and MarshalJSON marshalling its receiver (GT306): convert the receiver to a type without the method first";
const PANIC: &str = "panic: runtime error: index out of range [3] with length 3 in goroutine 7 at main.lastWord (created by main.main): nothing recovered the panic, so the whole program stopped";

const CRASHES: [&str; 6] = ["deadlock.txt", "deadlock-go1.20.14.txt", "mapwrites.txt", "overflow.txt", "panicking.txt", "panicking-go1.20.14.txt"];

fn crash_files() -> Vec<(String, Vec<u8>)> {
    CRASHES.iter().map(|name| (format!("crashes/{name}"), committed(&format!("crashes/{name}")))).collect()
}

#[test]
fn gt606_on_the_committed_crashes() {
    let report = analyze(&crash_files(), &runtime_only());
    let s = |text: &str| text.to_string();
    let on = |file: &str, line, end, message: &str| ("GT606".to_string(), format!("crashes/{file}"), line, 1, end, message.to_string());
    assert_eq!(
        findings(&report),
        [
            on("deadlock-go1.20.14.txt", 8, 12, DEADLOCK_SEMACQUIRE),
            on("deadlock-go1.20.14.txt", 12, 18, DEADLOCK_SEND),
            on("deadlock.txt", 8, 12, DEADLOCK_WAIT),
            on("deadlock.txt", 12, 18, DEADLOCK_SEND),
            on("mapwrites.txt", 6, 18, MAP_WRITES),
            on("overflow.txt", 22, 25, OVERFLOW),
            on("panicking-go1.20.14.txt", 4, 19, &PANIC.replace("goroutine 7", "goroutine 6")),
            on("panicking.txt", 4, 19, PANIC),
        ]
    );
    assert!(report.findings.iter().all(|f| f.severity == gotrap::report::Severity::Error && f.weight.is_none()));
    let crash = |name: &str| goroutines(&report, &format!("crashes/{name}")).crash.map(|c| (c.kind, c.message, c.line, c.goroutine)).unwrap();
    assert_eq!(crash("deadlock.txt"), (s("deadlock"), s("fatal error: all goroutines are asleep - deadlock!"), 1, Some(1)));
    assert_eq!(crash("mapwrites.txt"), (s("concurrent-map-access"), s("fatal error: concurrent map writes"), 1, Some(8)));
    // The runtime's own "runtime: goroutine stack exceeds" lines come first.
    assert_eq!(crash("overflow.txt"), (s("stack-overflow"), s("fatal error: stack overflow"), 3, Some(1)));
    assert_eq!(crash("panicking.txt"), (s("panic"), s("panic: runtime error: index out of range [3] with length 3"), 1, Some(7)));
    // The "runtime stack:" block is read but not a goroutine; the goroutine
    // that overflowed shows 100 frames with the middle elided.
    let overflow = goroutines(&report, "crashes/overflow.txt");
    assert_eq!(overflow.goroutines, 6);
    let running = &overflow.groups[0];
    assert_eq!((running.state.as_deref(), running.stack.len(), running.frames_elided, running.user_frame), (Some("running"), 100, true, Some(4)));
}

#[test]
fn crash_findings_point_into_the_programs() {
    let mut files = crash_files();
    files.extend(sources());
    let report = analyze(&files, &runtime_only());
    let at = |program: &str, line, message: &str| ("GT606".to_string(), format!("programs/{program}/main.go"), line, 1, 1, message.to_string());
    assert_eq!(
        findings(&report),
        [
            at("deadlock", 19, DEADLOCK_SEND),
            at("deadlock", 19, DEADLOCK_SEND),
            at("deadlock", 22, DEADLOCK_SEMACQUIRE),
            at("deadlock", 22, DEADLOCK_WAIT),
            at("mapwrites", 19, MAP_WRITES),
            at("overflow", 15, OVERFLOW),
            at("panicking", 11, &PANIC.replace("goroutine 7", "goroutine 6")),
            at("panicking", 11, PANIC),
        ]
    );
    let line_of = |finding: &gotrap::report::Finding| {
        let source = &files.iter().find(|(path, _)| *path == finding.path).unwrap().1;
        String::from_utf8_lossy(&source[finding.span.byte_start as usize..]).lines().next().unwrap().trim().to_string()
    };
    let lines: Vec<String> = report.findings.iter().map(line_of).collect();
    assert_eq!(lines[0], "results <- i * i // nobody receives until every worker is done");
    assert_eq!(lines[2], "wg.Wait()");
    assert_eq!(lines[4], "counts[i%1000]++ // unsynchronised write");
    assert_eq!(lines[5], "return fmt.Sprintf(\"%v°C\", c) // %v calls String again");
    assert_eq!(lines[6], "return words[len(words)] // off by one: len(words)-1");
    let evidence: Vec<(&str, u32, &str)> =
        report.findings.iter().map(|f| (f.related[0].path.as_str(), f.related[0].span.line, f.related[0].message.as_str())).collect();
    assert_eq!(evidence[1], ("crashes/deadlock.txt", 12, "evidence: 3 goroutines at this frame in the dump"));
    assert_eq!(evidence[5], ("crashes/overflow.txt", 22, "evidence: 1 goroutine at this frame in the dump"));
}

#[test]
fn dump_findings_point_into_the_programs() {
    let mut files = vec![
        ("dumps/goroutine-debug1.txt".to_string(), committed("dumps/goroutine-debug1.txt")),
        ("dumps/goroutine-debug2.txt".to_string(), committed("dumps/goroutine-debug2.txt")),
    ];
    files.extend(sources());
    let report = analyze(&files, &runtime_only());
    let places: Vec<(&str, u32, &str, u32)> =
        report.findings.iter().map(|f| (f.path.as_str(), f.span.line, f.related[0].path.as_str(), f.related[0].span.line)).collect();
    assert_eq!(places, [("programs/dumps/main.go", 27, "dumps/goroutine-debug2.txt", 14), ("programs/dumps/main.go", 27, "dumps/goroutine-debug1.txt", 3)]);
    let source = committed("programs/dumps/main.go");
    let line = String::from_utf8_lossy(&source[report.findings[0].span.byte_start as usize..]).lines().next().unwrap().trim().to_string();
    assert_eq!(line, "result <- 42");
}

/// `kill -QUIT` output: every goroutine with `gp=` headers, the runtime's
/// goroutine 0 and the registers after the last one. A dump, not a crash.
#[test]
fn sigquit_dump_is_a_dump_not_a_crash() {
    let files = vec![
        ("programs/go.mod".to_string(), committed("programs/go.mod")),
        ("programs/stuck/main.go".to_string(), committed("programs/stuck/main.go")),
        ("dumps/sigquit.txt".to_string(), committed("dumps/sigquit.txt")),
    ];
    let report = analyze(&files, &runtime_only());
    assert_eq!(
        findings(&report),
        [(
            "GT601".to_string(),
            "programs/stuck/main.go".to_string(),
            18,
            1,
            1,
            "120 goroutines (95.2% of all) parked at one stack in sync.Cond.Wait at main.main.func1: likely a goroutine leak; make sure every send, receive or wait has a partner or a way out (buffered channel, ctx.Done())".to_string()
        )]
    );
    assert_eq!((report.findings[0].related[0].path.as_str(), report.findings[0].related[0].span.line), ("dumps/sigquit.txt", 95));
    let data = goroutines(&report, "dumps/sigquit.txt");
    assert!(data.crash.is_none());
    assert_eq!((data.goroutines, data.lines, data.malformed_lines), (126, 2026, 0));
    let states: Vec<(&str, u64)> = data.states.iter().map(|s| (s.state.as_str(), s.count)).collect();
    assert_eq!(
        states,
        [
            ("sync.Cond.Wait", 120),
            ("GC scavenge wait", 1),
            ("GC sweep wait", 1),
            ("GOMAXPROCS updater (idle)", 1),
            ("force gc (idle)", 1),
            ("idle", 1),
            ("sleep", 1)
        ]
    );
    let cond = &data.groups[0];
    let functions: Vec<&str> = cond.stack.iter().map(|f| f.function.as_str()).collect();
    assert_eq!(functions, ["runtime.gopark", "runtime.goparkunlock", "sync.runtime_notifyListWait", "sync.(*Cond).Wait", "main.main.func1", "runtime.goexit"]);
    assert_eq!((cond.user_frame, cond.created_by.as_ref().map(|f| f.line), cond.line), (Some(4), Some(16), 86));
}

#[test]
fn old_created_by_form() {
    let path = "crashes/deadlock-go1.20.14.txt";
    let report = one(path, committed(path));
    let data = goroutines(&report, path);
    let send = &data.groups[0];
    assert_eq!((send.state.as_deref(), send.count, send.goroutine_ids.as_slice()), (Some("chan send"), 3, &[18, 19, 20][..]));
    assert_eq!(
        serde_json::to_value(send.created_by.as_ref().unwrap()).unwrap(),
        json!({"function": "main.main", "file": "gotrap.test/programs/deadlock/main.go", "line": 17, "dumpLine": 14})
    );
    let states: Vec<(&str, u64)> = data.states.iter().map(|s| (s.state.as_str(), s.count)).collect();
    assert_eq!(states, [("chan send", 3), ("semacquire", 1)]);
}

/// `content` as a log layer passes it on: every line (empty ones too) after
/// `prefix(line number)`.
fn prefixed(content: &[u8], prefix: &dyn Fn(usize) -> String) -> Vec<u8> {
    let text = String::from_utf8(content.to_vec()).unwrap();
    text.lines().enumerate().map(|(index, line)| format!("{}{line}\n", prefix(index + 1))).collect::<String>().into_bytes()
}

/// A log layer's prefix of a line, by line number.
type LinePrefixer = Box<dyn Fn(usize) -> String>;

/// The log prefixes, with timestamps that change from line to line.
fn log_prefixes() -> Vec<(&'static str, LinePrefixer)> {
    vec![
        ("go log", Box::new(|n| format!("2026/11/28 10:00:{:02} ", n % 60))),
        ("go log with microseconds", Box::new(|n| format!("2026/11/28 10:00:00.{:06} ", n * 7))),
        ("kubectl --timestamps", Box::new(|n| format!("2026-11-28T10:00:00.{:09}Z ", n * 1_000_003))),
        ("kubectl --timestamps with an offset", Box::new(|n| format!("2026-11-28T11:00:{:02}+01:00 ", n % 60))),
        ("container runtime", Box::new(|n| format!("2026-11-28T10:00:00.{:09}Z stderr F ", n))),
        ("journald", Box::new(|n| format!("Nov 28 10:00:{:02} build-7 deadlock[4242]: ", n % 60))),
        ("journald, one-digit day", Box::new(|n| format!("Nov  8 10:00:{:02} build-7 deadlock: ", n % 60))),
    ]
}

/// Crash output and a debug=2 dump pasted from a log read as the captures
/// do: the same analyses, the same findings on the same lines, their
/// columns after the prefix, and the same findings in the sources.
#[test]
fn log_prefixed_captures_read_as_the_captures() {
    for capture in
        ["crashes/deadlock.txt", "crashes/panicking-go1.20.14.txt", "crashes/overflow.txt", "dumps/goroutine-debug2.txt", "dumps/goroutine-debug1.txt"]
    {
        let plain = committed(capture);
        let alone = analyze(&[(capture.to_string(), plain.clone())], &runtime_only());
        let mut with_sources = sources();
        with_sources.push((capture.to_string(), plain.clone()));
        let in_sources = analyze(&with_sources, &runtime_only());
        assert!(!alone.findings.is_empty(), "{capture}");
        for (name, prefix) in log_prefixes() {
            let logged = prefixed(&plain, prefix.as_ref());
            let report = analyze(&[(capture.to_string(), logged.clone())], &runtime_only());
            let at = format!("{capture} with {name} prefixes");
            assert_eq!(report.analyses[0].data, alone.analyses[0].data, "{at}");
            assert_eq!(report.findings.len(), alone.findings.len(), "{at}");
            for (found, expected) in report.findings.iter().zip(&alone.findings) {
                let skipped = prefix(expected.span.line as usize).len() as u32;
                assert_eq!((&found.rule, found.span.line, found.span.end_line), (&expected.rule, expected.span.line, expected.span.end_line), "{at}");
                assert_eq!((found.span.column, found.span.end_column), (expected.span.column + skipped, expected.span.end_column + skipped), "{at}");
                assert_eq!(found.message, expected.message, "{at}");
                let text = &logged[found.span.byte_start as usize..found.span.byte_end as usize];
                assert_eq!(text, &plain[expected.span.byte_start as usize..expected.span.byte_end as usize], "{at}");
            }
            let mut files = sources();
            files.push((capture.to_string(), logged));
            let mapped = analyze(&files, &runtime_only());
            let places = |report: &Report| -> Vec<(String, u32, String, u32, String)> {
                report.findings.iter().map(|f| (f.path.clone(), f.span.line, f.related[0].path.clone(), f.related[0].span.line, f.message.clone())).collect()
            };
            assert_eq!(places(&mapped), places(&in_sources), "{at}");
        }
    }
}

/// The deadlock as a service logged it (crashes/deadlock-logged.txt, each
/// line through a real log.Logger with microseconds): the analysis and
/// findings of crashes/deadlock.txt, 27 columns to the right.
#[test]
fn a_crash_captured_through_a_go_logger() {
    let report = analyze(&[("crashes/deadlock-logged.txt".to_string(), committed("crashes/deadlock-logged.txt"))], &runtime_only());
    let plain = analyze(&[("crashes/deadlock-logged.txt".to_string(), committed("crashes/deadlock.txt"))], &runtime_only());
    assert_eq!(report.analyses[0].data, plain.analyses[0].data);
    assert_eq!(
        findings(&report),
        [
            ("GT606".to_string(), "crashes/deadlock-logged.txt".to_string(), 8, 28, 39, DEADLOCK_WAIT.to_string()),
            ("GT606".to_string(), "crashes/deadlock-logged.txt".to_string(), 12, 28, 45, DEADLOCK_SEND.to_string()),
        ]
    );
    let data = goroutines(&report, "crashes/deadlock-logged.txt");
    assert_eq!(data.crash.map(|c| (c.message, c.line)), Some(("fatal error: all goroutines are asleep - deadlock!".to_string(), 1)));
}

/// A prefix on only some lines is not stripped: the unprefixed lines are
/// read as they are and the prefixed ones are other output.
#[test]
fn a_prefix_on_some_lines_only_is_kept() {
    let plain = committed("crashes/deadlock.txt");
    let mut logged = b"2026/11/28 10:00:00 starting workers\n".to_vec();
    logged.extend_from_slice(&plain);
    let report = one("deadlock.txt", logged);
    let data = goroutines(&report, "deadlock.txt");
    assert_eq!((data.goroutines, data.crash.map(|c| c.line)), (4, Some(2)));
    // Malformed lines of a prefixed dump are GT003 at the bad part, after the prefix.
    let truncated = prefixed(b"goroutine 1 [running]:\nmain.main()\n\tmain.go:x\n", &|_| "2026-11-28T10:00:00Z stderr F ".to_string());
    let report = one("cut.txt", truncated);
    let malformed: Vec<(u32, u32, u32, &str)> = report.findings.iter().map(|f| (f.span.line, f.span.column, f.span.end_column, f.message.as_str())).collect();
    assert_eq!(malformed, [(3, 32, 41, "malformed goroutine dump: expected `file:line` after a tab, found `main.go:x`")]);
}

#[test]
fn gt601_threshold_and_gt606_selection() {
    let files = vec![("d.txt".to_string(), committed("dumps/goroutine-debug2.txt")), ("c.txt".to_string(), committed("crashes/deadlock.txt"))];
    let config = "[rules.GT601]\nthreshold = 151\n";
    let report = analyze(&files, &Options { config: Some(config.to_string()), ..Options::default() });
    let rules: Vec<(&str, &str)> = report.findings.iter().map(|f| (f.path.as_str(), f.rule.as_str())).collect();
    assert_eq!(rules, [("c.txt", "GT606"), ("c.txt", "GT606")], "150 goroutines are under 151");
    let report = analyze(&files, &Options { ignore: vec!["deadlock-crash".to_string()], ..Options::default() });
    let rules: Vec<(&str, &str)> = report.findings.iter().map(|f| (f.path.as_str(), f.rule.as_str())).collect();
    assert_eq!(rules, [("d.txt", "GT601")], "GT601 leaves a deadlock to GT606");
    assert_eq!(report.analyses.len(), 2);
}

/// Builds and runs the programs with the machine's Go, then checks that the
/// fresh output gives the committed findings (goroutine ids vary by run).
#[test]
fn programs_run_now_give_the_same_findings() {
    let dir = std::env::temp_dir().join(format!("gotrap-dumps-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let programs = artifacts().join("programs");
    let mut files = sources();
    for program in PROGRAMS {
        let binary = dir.join(program);
        let build = Command::new(go::go_command())
            .args(["build", "-trimpath", "-o"])
            .arg(&binary)
            .arg(format!("./{program}"))
            .current_dir(&programs)
            .env("GOTOOLCHAIN", "local")
            .env("GOPROXY", "off")
            .output()
            .expect("go build");
        assert!(build.status.success(), "{program}: {}", String::from_utf8_lossy(&build.stderr));
        let mut run = Command::new(&binary);
        if program == "dumps" {
            run.arg("-out").arg(&dir);
        }
        let output = run.output().expect("run the program");
        if program == "dumps" {
            assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
            files.push(("fresh/dump.txt".to_string(), std::fs::read(dir.join("goroutine-debug2.txt")).unwrap()));
        } else {
            assert_eq!(output.status.code(), Some(2), "{program} crashes with exit status 2");
            files.push((format!("fresh/{program}.txt"), output.stderr));
        }
    }
    std::fs::remove_dir_all(&dir).unwrap();
    let report = analyze(&files, &runtime_only());
    let normalise = |message: &str| {
        let mut out = String::new();
        let mut rest = message;
        while let Some(at) = rest.find("in goroutine ") {
            out.push_str(&rest[..at + "in goroutine ".len()]);
            rest = rest[at + "in goroutine ".len()..].trim_start_matches(|c: char| c.is_ascii_digit());
            out.push('N');
        }
        // Where in its cycle of frames the recursion hit the limit varies from run to run.
        let frames = regex::Regex::new(r"\(\d+ of the 100 frames printed").unwrap();
        frames.replace_all(&(out + rest), "(K of the 100 frames printed").into_owned()
    };
    let got: Vec<(String, String, u32, String)> =
        report.findings.iter().map(|f| (f.rule.clone(), f.path.clone(), f.span.line, normalise(&f.message))).collect();
    let at = |rule: &str, program: &str, line, message: &str| (rule.to_string(), format!("programs/{program}/main.go"), line, normalise(message));
    assert_eq!(
        got,
        [
            at("GT606", "deadlock", 19, DEADLOCK_SEND),
            at("GT606", "deadlock", 22, DEADLOCK_WAIT),
            at("GT601", "dumps", 27, &LEAK.replace(", each waiting 1 minute", "")),
            at("GT606", "mapwrites", 19, MAP_WRITES),
            at("GT606", "overflow", 15, OVERFLOW),
            at("GT606", "panicking", 11, PANIC),
        ]
    );
}

/// The committed `debug=2` dump with its 150 leaked workers repeated to
/// 100,000 (ids from 1,000), and once with every worker at its own line.
#[test]
fn a_dump_of_100000_goroutines() {
    let text = String::from_utf8(committed("dumps/goroutine-debug2.txt")).unwrap();
    let blocks: Vec<&str> = text.split("\n\n").collect();
    let worker = blocks.iter().find(|b| b.contains("[chan send, 1 minutes]")).unwrap();
    let body = &worker[worker.find('[').unwrap()..];
    let others: Vec<&str> = blocks.iter().copied().filter(|b| !b.contains("main.fetch.func1")).collect();
    assert_eq!(others.len(), 6);
    let mut dump = others.join("\n\n");
    for id in 0..100_000u64 {
        dump.push_str(&format!("\n\ngoroutine {} {body}", 1_000 + id));
    }
    dump.push('\n');
    let report = one("big.txt", dump.clone().into_bytes());
    let data = goroutines(&report, "big.txt");
    assert_eq!((data.goroutines, data.groups.len(), data.malformed_lines), (100_006, 4, 0));
    assert_eq!((data.groups[0].count, data.groups[0].goroutine_ids.len(), data.groups[0].goroutine_ids[9]), (100_000, 10, 1_009));
    assert_eq!(
        findings(&report).iter().map(|f| f.5.as_str()).collect::<Vec<_>>(),
        ["100000 goroutines (100.0% of all) parked at one stack in a channel send at main.fetch.func1, each waiting 1 minute: likely a goroutine leak; make sure every send, receive or wait has a partner or a way out (buffered channel, ctx.Done())"]
    );
    // Every worker at a line of its own: 100,000 groups, the analysis keeps 1,000.
    let mut distinct = others.join("\n\n");
    for id in 0..100_000u64 {
        distinct.push_str(&format!(
            "\n\ngoroutine {} [select]:\nmain.worker()\n\t/src/w.go:{} +0x36\ncreated by main.main in goroutine 1\n\t/src/w.go:9 +0x66",
            1_000 + id,
            10 + id
        ));
    }
    let report = one("distinct.txt", distinct.into_bytes());
    let data = goroutines(&report, "distinct.txt");
    // 100,000 worker groups and the 3 of the other goroutines.
    assert_eq!((data.goroutines, data.groups.len(), data.groups_dropped), (100_006, 1_000, 99_003));
    assert_eq!(data.states.iter().find(|s| s.state == "select").map(|s| s.count), Some(100_000));
    assert!(report.findings.is_empty(), "{:?}", findings(&report));
}

#[test]
fn truncated_dumps_are_gt003_at_the_cut() {
    let text = String::from_utf8(committed("dumps/goroutine-debug2.txt")).unwrap();
    // Cut after goroutine 19's function line: its file:line is missing.
    let cut: String = text.lines().take(14).map(|line| format!("{line}\n")).collect();
    let report = one("cut.txt", cut.clone().into_bytes());
    assert_eq!(
        findings(&report),
        [(
            "GT003".to_string(),
            "cut.txt".to_string(),
            15,
            1,
            1,
            "malformed goroutine dump: expected a tab and the `file:line` of `main.fetch.func1`, found end of input".to_string()
        )]
    );
    assert_eq!(goroutines(&report, "cut.txt").goroutines, 2, "goroutine 1 and the cut goroutine 19 (without frames)");
    // Cut inside the path of the file:line line.
    let inside = format!("{cut}\tgotrap.test/progr");
    let report = one("cut.txt", inside.into_bytes());
    assert_eq!(
        findings(&report),
        [(
            "GT003".to_string(),
            "cut.txt".to_string(),
            15,
            2,
            19,
            "malformed goroutine dump: expected `file:line` after a tab, found `gotrap.test/progr`".to_string()
        )]
    );
    // A debug=1 dump cut in its second record: the frame, and the total.
    let text = String::from_utf8(committed("dumps/goroutine-debug1.txt")).unwrap();
    let cut = &text[..text.find("main.poolWorker").unwrap() + 8];
    let report = one("cut1.txt", cut.as_bytes().to_vec());
    assert_eq!(
        findings(&report),
        [
            (
                "GT003".to_string(),
                "cut1.txt".to_string(),
                1,
                1,
                29,
                "goroutine profile says total 156 but its records count 154 goroutines: truncated or edited".to_string()
            ),
            ("GT601".to_string(), "cut1.txt".to_string(), 3, 1, 71, DEBUG1_LEAK.replace("96.2%", "97.4%")),
            (
                "GT003".to_string(),
                "cut1.txt".to_string(),
                6,
                1,
                20,
                "malformed goroutine profile: expected `#\\t<pc>\\t<function>+<offset>\\t<file>:<line>`, found `#\\t0x4e55e4\\tmain.poo`".to_string()
            ),
        ]
    );
}

#[test]
fn garbage_is_gt003_with_its_position_and_the_rest_is_read() {
    let dump = [
        "goroutine 7 [chan send",
        "main.f()",
        "\tmain.go:3",
        "",
        "goroutine 8 [select]:",
        "main.g()",
        "\tmain.go:x9 +0x1",
        "main.h()",
        "main.k(0x1)",
        "\t/src/k.go:12 +0x1",
        "",
        "goroutine 9 [chan receive, 3 minutes, locked to thread]:",
        "main.(*T).Run[...](0xc000010000, {0x1, 0x2}, 0x3)",
        "\tC:/src/run.go:44 +0x1d fp=0x1 sp=0x2 pc=0x3",
        "exit status 2",
    ]
    .join("\n");
    let report = one("bad.txt", dump.into_bytes());
    let found: Vec<(u32, u32, u32, String)> = findings(&report).into_iter().map(|f| (f.2, f.3, f.4, f.5)).collect();
    assert_eq!(
        found,
        [
            (1, 13, 23, "malformed goroutine dump: expected `[state]:` ending the goroutine header, found `[chan send`".to_string()),
            (7, 2, 17, "malformed goroutine dump: expected `file:line` after a tab, found `main.go:x9 +0x1`".to_string()),
            (9, 1, 12, "malformed goroutine dump: expected a tab and the `file:line` of `main.h`, found `main.k(0x1)`".to_string()),
        ]
    );
    let data = goroutines(&report, "bad.txt");
    assert_eq!((data.goroutines, data.malformed_lines), (2, 3));
    let locked = data.groups.iter().find(|g| g.state.as_deref() == Some("chan receive")).unwrap();
    assert_eq!((locked.locked_to_thread, locked.wait_minutes.as_ref().map(|w| w.max)), (1, Some(3)));
    assert_eq!(serde_json::to_value(&locked.stack).unwrap(), json!([{"function": "main.(*T).Run[...]", "file": "C:/src/run.go", "line": 44, "dumpLine": 13}]));
    // A debug=1 header and records that are not numbers.
    let report = one("bad1.txt", b"goroutine profile: total lots\nabc @ 0xzz\n#\tnothing\n".to_vec());
    let found: Vec<(u32, u32, u32, String)> = findings(&report).into_iter().map(|f| (f.2, f.3, f.4, f.5)).collect();
    assert_eq!(
        found,
        [
            (1, 26, 30, "malformed goroutine profile: expected the total number of goroutines, found `lots`".to_string()),
            (2, 1, 11, "malformed goroutine profile: expected `<count> @ <pcs>`, found `abc @ 0xzz`".to_string()),
            (3, 1, 10, "malformed goroutine profile: expected `#\\t<pc>\\t<function>+<offset>\\t<file>:<line>`, found `#\\tnothing`".to_string()),
        ]
    );
    // Binary noise around a header, and invalid UTF-8 in a frame: no panic.
    let mut noise: Vec<u8> = (0..=255u8).cycle().take(4096).collect();
    noise.extend_from_slice(b"\ngoroutine 1 [running]:\nmain.\xff\xfe()\n\tmain.go:1\n");
    let report = one("noise.bin", noise);
    assert_eq!(goroutines(&report, "noise.bin").groups[0].stack[0].function, "main.\u{fffd}\u{fffd}");
    // A text that only mentions goroutines is not a dump.
    let report = one("notes.txt", b"goroutine 5 finished\ngoroutines: 12\n".to_vec());
    assert!(report.analyses.is_empty() && report.findings.is_empty());
    assert_eq!(report.skipped.len(), 1);
}

/// A frame whose function does not parse (a space in its name) is a GT003
/// at its line; the frames after it stay in the stack.
#[test]
fn a_frame_with_a_space_in_its_name_is_malformed_and_the_stack_goes_on() {
    let dump = [
        "goroutine 10 [chan send]:",
        "main.leaf()",
        "\t/src/a.go:3 +0x1",
        "main.(*T) bad name(0x1)",
        "\t/src/b.go:5 +0x2",
        "main.caller()",
        "\t/src/c.go:9 +0x3",
        "created by main.main in goroutine 1",
        "\t/src/c.go:20 +0x4",
        "",
        "exit status 2",
    ]
    .join("\n");
    let report = one("space.txt", dump.into_bytes());
    let found: Vec<(u32, u32, u32, String)> = findings(&report).into_iter().map(|f| (f.2, f.3, f.4, f.5)).collect();
    assert_eq!(found, [(4, 1, 24, "malformed goroutine dump: expected a frame's `function(arguments)`, found `main.(*T) bad name(0x1)`".to_string())]);
    let data = goroutines(&report, "space.txt");
    assert_eq!((data.goroutines, data.malformed_lines, data.lines), (1, 1, 11));
    let group = &data.groups[0];
    let stack: Vec<(&str, &str, u32, u32)> = group.stack.iter().map(|f| (f.function.as_str(), f.file.as_str(), f.line, f.dump_line)).collect();
    assert_eq!(stack, [("main.leaf", "/src/a.go", 3, 2), ("main.caller", "/src/c.go", 9, 6)]);
    assert_eq!(group.created_by.as_ref().map(|f| (f.function.as_str(), f.line)), Some(("main.main", 20)));
}

#[test]
fn malformed_findings_are_capped() {
    let dump: String = (1..=150).map(|n| format!("goroutine {n} [chan send\n")).collect();
    let report = one("many.txt", dump.into_bytes());
    assert_eq!(report.findings.len(), 101);
    let summary = report.findings.iter().find(|f| f.span.line == 1 && f.span.column == 1).unwrap();
    assert_eq!(summary.message, "50 more malformed goroutine dump lines not reported");
    assert_eq!(goroutines(&report, "many.txt").malformed_lines, 150);
}

#[test]
fn workspace_limit_still_applies() {
    let limits = LimitsOverride { max_workspace_bytes: Some(100), ..LimitsOverride::default() };
    let report = analyze(&[("d.txt".to_string(), committed("dumps/goroutine-debug2.txt"))], &Options { limits: Some(limits), ..Options::default() });
    assert_eq!(report.findings.iter().map(|f| f.rule.as_str()).collect::<Vec<_>>(), ["GT002"]);
    assert!(report.analyses.is_empty());
}

/// GT606's docs examples are complete programs: the bad one crashes with
/// the output GT606 reports at its source, the good one runs to the end.
#[test]
fn gt606_docs_examples_run() {
    let rule = gotrap::rules::registry::find("GT606").unwrap();
    let dir = std::env::temp_dir().join(format!("gotrap-gt606-{}", std::process::id()));
    for (index, example) in rule.examples.iter().enumerate() {
        let program = dir.join(index.to_string());
        std::fs::create_dir_all(&program).unwrap();
        let go_mod = format!("module example.com/m\n\ngo {}\n", example.go_version);
        std::fs::write(program.join("go.mod"), &go_mod).unwrap();
        std::fs::write(program.join("main.go"), example.code).unwrap();
        let output =
            Command::new(go::go_command()).args(["run", "."]).current_dir(&program).env("GOTOOLCHAIN", "local").env("GOPROXY", "off").output().expect("go run");
        let files = vec![
            ("go.mod".to_string(), go_mod.into_bytes()),
            ("main.go".to_string(), example.code.as_bytes().to_vec()),
            ("stderr.txt".to_string(), output.stderr.clone()),
        ];
        let report = analyze(&files, &Options { select: vec!["GT606".to_string()], ..Options::default() });
        let places: Vec<(&str, u32)> = report.findings.iter().map(|f| (f.path.as_str(), f.span.line)).collect();
        if example.kind == gotrap::rules::ExampleKind::Bad {
            assert_eq!(output.status.code(), Some(1), "go run reports the crash's exit status 2 as 1");
            assert_eq!(places, [("main.go", 15), ("main.go", 18)], "{}", String::from_utf8_lossy(&output.stderr));
        } else {
            assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
            assert!(places.is_empty(), "{places:?}");
        }
    }
    std::fs::remove_dir_all(&dir).unwrap();
}
