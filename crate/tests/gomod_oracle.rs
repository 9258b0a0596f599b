//! Oracle: the go command's own script tests.
//!
//! Every `$(go env GOROOT)/src/cmd/go/testdata/script/*.txt` is a txtar
//! archive; its `go.mod` and `go.work` files are parsed by gotrap and by the
//! machine's go command (`go mod edit -json` / `go work edit -json`, run
//! once per distinct content, offline: `GOTOOLCHAIN=local GOFLAGS=
//! GOWORK=off GOPROXY=off`).
//!
//! - Where the go command accepts a file, gotrap reports no GT003 and reads
//!   the same module path, deprecation, go, toolchain, godebug, require
//!   (path, version, indirect), exclude, replace, retract, tool and ignore.
//! - Where it rejects one, gotrap reports GT003 at the line of each error
//!   the go command prints, with the same message. (The go command stops at
//!   the first *syntax* error; gotrap goes on, so it may report more after
//!   one.)
//! - Where a script expects a go.mod/go.work parse error
//!   (`stderr '...go.mod:N: message'`), some go.mod-like file of that
//!   archive (`go.mod`, `go.mod.orig`, `x/go.mod`, ... — scripts copy them
//!   around before running) has a GT003 at line N whose message the
//!   script's regexp matches. Heuristic, documented: only `stderr` lines
//!   naming `go.mod:N` or `go.work:N` count; expectations about errors the
//!   go command finds outside the file's syntax (`unknown godebug`, `use of
//!   removed godebug`) are listed in `NOT_SYNTAX` and skipped, because
//!   gotrap does not carry the go command's table of GODEBUG settings.
//!
//! The test fails (does not skip) when `go` is missing.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use std::process::Command;

use gotrap::module::{gomod, gowork, syntax};
use regex::Regex;
use serde_json::Value;

/// Expected errors that the go command finds with knowledge gotrap lacks.
const NOT_SYNTAX: [&str; 2] = ["unknown godebug", "use of removed godebug"];

fn go() -> Command {
    let mut command = Command::new("go");
    command.env("GOTOOLCHAIN", "local").env("GOFLAGS", "").env("GOWORK", "off").env("GOPROXY", "off").env("GO111MODULE", "on");
    command
}

fn goroot() -> PathBuf {
    let output = go().args(["env", "GOROOT"]).output().expect("the gomod oracle needs the go command on PATH");
    assert!(output.status.success(), "go env GOROOT failed");
    PathBuf::from(String::from_utf8(output.stdout).unwrap().trim())
}

#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Debug)]
enum Kind {
    Mod,
    Work,
}

/// What the go command said about one file.
enum Verdict {
    Accepted(Value),
    /// (line, message) of each error it printed.
    Rejected(Vec<(usize, String)>),
}

fn run_go(dir: &Path, kind: Kind, content: &[u8]) -> Verdict {
    std::fs::create_dir_all(dir).unwrap();
    let (name, sub) = match kind {
        Kind::Mod => ("go.mod", "mod"),
        Kind::Work => ("go.work", "work"),
    };
    let file = dir.join(name);
    std::fs::write(&file, content).unwrap();
    let output = go().current_dir(dir).args([sub, "edit", "-json", name]).output().unwrap();
    if output.status.success() {
        return Verdict::Accepted(serde_json::from_slice(&output.stdout).unwrap_or_else(|err| panic!("go {sub} edit -json: {err}")));
    }
    let stderr = String::from_utf8_lossy(&output.stderr);
    let position = Regex::new(&format!(r"^(?:.*[/\\])?{}:(\d+)(?::\d+)?: (.*)$", regex::escape(name))).unwrap();
    let mut errors = Vec::new();
    let mut lines = stderr.lines().peekable();
    while let Some(line) = lines.next() {
        if let Some(captures) = position.captures(line) {
            let mut message = captures[2].to_string();
            // The replace usage message continues on a tab-indented line.
            while lines.peek().is_some_and(|next| next.starts_with('\t')) {
                message.push('\n');
                message.push_str(lines.next().unwrap());
            }
            errors.push((captures[1].parse().unwrap(), message));
        }
    }
    assert!(!errors.is_empty(), "go {sub} edit rejected a file without a position:\n{stderr}\n{}", String::from_utf8_lossy(content));
    Verdict::Rejected(errors)
}

/// Small breakages of a valid go.mod, each applied where it fits.
fn mutate(content: &[u8]) -> Vec<Vec<u8>> {
    let text = String::from_utf8_lossy(content).into_owned();
    let mut mutants = Vec::new();
    let mut replace_first = |from: &str, to: &str| {
        if let Some(at) = text.find(from) {
            mutants.push(format!("{}{to}{}", &text[..at], &text[at + from.len()..]).into_bytes());
        }
    };
    replace_first("require ", "requir ");
    replace_first(" v1.", " 1.");
    replace_first(" v0.", " v0.x");
    replace_first("\ngo 1.", "\ngo 1.x");
    replace_first("module ", "module \"");
    replace_first("\n)", "\n");
    replace_first(" => ", " => => ");
    replace_first("// indirect", "/* indirect */");
    replace_first("\n\t", "\n\t\u{1}");
    replace_first("\ngo ", "\ngo 1.21\ngo ");
    let mut appended = |line: &str| mutants.push(format!("{text}\n{line}\n").into_bytes());
    appended("replace a.example/b => c.example/d");
    appended("retract [v1.0.0");
    appended("toolchain 1.22");
    appended("godebug a=b,c=d");
    appended("tool");
    appended("exclude example.com/x/v2 v1.0.0");
    appended("require (example.com/x v1.0.0)");
    mutants
}

/// go.mod and go.work files, and the copies scripts keep of them
/// (`go.mod.orig`, `want_go.mod`, `go.work.dup`).
fn kind_of(path: &str) -> Option<Kind> {
    let name = path.rsplit('/').next().unwrap();
    let like = |base: &str| name == base || name.starts_with(&format!("{base}.")) || name.ends_with(&format!("_{base}"));
    if like("go.mod") {
        Some(Kind::Mod)
    } else if like("go.work") {
        Some(Kind::Work)
    } else {
        None
    }
}

fn gotrap_errors(kind: Kind, content: &[u8]) -> Vec<(usize, String)> {
    let errors = match kind {
        Kind::Mod => gomod::parse(content).errors,
        Kind::Work => gowork::parse(content).errors,
    };
    errors.into_iter().filter(|e| e.message != "missing module declaration").map(|e| (syntax::line_rune(content, e.start).0, e.message)).collect()
}

fn is_syntax_error(message: &str) -> bool {
    message.starts_with("syntax error")
        || message.starts_with("unexpected ")
        || message.starts_with("mod files must use")
        || message.starts_with("internal error")
}

/// Checks the go command makes when it loads the main module or workspace,
/// not in `go mod edit`: retractions against the module path
/// (`fixRetract`) and directories used twice by go.work (`LoadWorkFile`).
fn is_load_check(message: &str) -> bool {
    message.starts_with("retract ")
        || message == "no module directive found, so retract cannot be used"
        || message.ends_with("appears multiple times in workspace")
}

fn s(value: &Value) -> String {
    value.as_str().unwrap_or_default().to_string()
}

fn list(value: &Value, key: &str) -> Vec<Value> {
    value.get(key).and_then(Value::as_array).cloned().unwrap_or_default()
}

/// gotrap's parse in the shape of `go mod edit -json`.
fn gomod_json(content: &[u8]) -> Value {
    let file = gomod::parse(content);
    let version = |v: &Option<gomod::Token>| v.as_ref().map(|t| t.text.clone());
    serde_json::json!({
        "Module": {"Path": file.module.as_ref().map(|m| m.path.text.clone()).unwrap_or_default(), "Deprecated": file.module.as_ref().and_then(|m| m.deprecated.clone())},
        "Go": version(&file.go),
        "Toolchain": version(&file.toolchain),
        "GoDebug": file.godebug.iter().map(|g| serde_json::json!({"Key": g.key.text, "Value": g.value})).collect::<Vec<_>>(),
        "Require": file.require.iter().map(|r| serde_json::json!({"Path": r.path.text, "Version": r.version.text, "Indirect": r.indirect})).collect::<Vec<_>>(),
        "Exclude": file.exclude.iter().map(|x| serde_json::json!({"Path": x.path.text, "Version": x.version.text})).collect::<Vec<_>>(),
        "Replace": file.replace.iter().map(|r| serde_json::json!({"Old": {"Path": r.old_path.text, "Version": version(&r.old_version)}, "New": {"Path": r.new_path.text, "Version": version(&r.new_version)}})).collect::<Vec<_>>(),
        "Retract": file.retract.iter().map(|r| serde_json::json!({"Low": r.low.text, "High": r.high.text, "Rationale": r.rationale})).collect::<Vec<_>>(),
        "Tool": file.tool.iter().map(|t| serde_json::json!({"Path": t.text})).collect::<Vec<_>>(),
        "Ignore": file.ignore.iter().map(|t| serde_json::json!({"Path": t.text})).collect::<Vec<_>>(),
    })
}

/// In the shape of `go work edit -json`, which prints no toolchain or godebug.
fn gowork_json(content: &[u8]) -> Value {
    let file = gowork::parse(content);
    let version = |v: &Option<gomod::Token>| v.as_ref().map(|t| t.text.clone());
    serde_json::json!({
        "Go": version(&file.go),
        "Use": file.uses.iter().map(|u| serde_json::json!({"DiskPath": u.text})).collect::<Vec<_>>(),
        "Replace": file.replace.iter().map(|r| serde_json::json!({"Old": {"Path": r.old_path.text, "Version": version(&r.old_version)}, "New": {"Path": r.new_path.text, "Version": version(&r.new_version)}})).collect::<Vec<_>>(),
    })
}

/// Normalises go's JSON (omitted fields, `omitempty`) to gotrap's shape.
fn normalise_go_mod(go: &Value) -> Value {
    let opt = |v: Option<&Value>| v.and_then(Value::as_str).map(str::to_string);
    let module_version = |m: &Value| serde_json::json!({"Path": s(&m["Path"]), "Version": opt(m.get("Version")).filter(|v| !v.is_empty())});
    serde_json::json!({
        "Module": {"Path": s(&go["Module"]["Path"]), "Deprecated": opt(go["Module"].get("Deprecated"))},
        "Go": opt(go.get("Go")),
        "Toolchain": opt(go.get("Toolchain")),
        "GoDebug": list(go, "GoDebug").iter().map(|g| serde_json::json!({"Key": s(&g["Key"]), "Value": s(&g["Value"])})).collect::<Vec<_>>(),
        "Require": list(go, "Require").iter().map(|r| serde_json::json!({"Path": s(&r["Path"]), "Version": s(&r["Version"]), "Indirect": r.get("Indirect").and_then(Value::as_bool).unwrap_or(false)})).collect::<Vec<_>>(),
        "Exclude": list(go, "Exclude").iter().map(|x| serde_json::json!({"Path": s(&x["Path"]), "Version": s(&x["Version"])})).collect::<Vec<_>>(),
        "Replace": list(go, "Replace").iter().map(|r| serde_json::json!({"Old": module_version(&r["Old"]), "New": module_version(&r["New"])})).collect::<Vec<_>>(),
        "Retract": list(go, "Retract").iter().map(|r| serde_json::json!({"Low": s(&r["Low"]), "High": s(&r["High"]), "Rationale": s(&r["Rationale"])})).collect::<Vec<_>>(),
        "Tool": list(go, "Tool").iter().map(|t| serde_json::json!({"Path": s(&t["Path"])})).collect::<Vec<_>>(),
        "Ignore": list(go, "Ignore").iter().map(|t| serde_json::json!({"Path": s(&t["Path"])})).collect::<Vec<_>>(),
    })
}

fn normalise_go_work(go: &Value) -> Value {
    let opt = |v: Option<&Value>| v.and_then(Value::as_str).map(str::to_string);
    let module_version = |m: &Value| serde_json::json!({"Path": s(&m["Path"]), "Version": opt(m.get("Version")).filter(|v| !v.is_empty())});
    serde_json::json!({
        "Go": opt(go.get("Go")),
        "Use": list(go, "Use").iter().map(|u| serde_json::json!({"DiskPath": s(&u["DiskPath"])})).collect::<Vec<_>>(),
        "Replace": list(go, "Replace").iter().map(|r| serde_json::json!({"Old": module_version(&r["Old"]), "New": module_version(&r["New"])})).collect::<Vec<_>>(),
    })
}

/// Expectations about files the archive does not hold as the go command
/// reads them: (script, line).
const NEEDS_DISK: [(&str, usize); 1] = [
    // `use ../src/a` is the same directory as `use a` only because the
    // script runs in $WORK/gopath/src.
    ("work.txt", 6),
];

/// `stderr` expectations naming a go.mod/go.work line: (kind, line, regexp
/// of the message). Expectations after a `go mod edit -flag` / `go work
/// edit -flag` (the file was rewritten by the go command, not copied from
/// the archive) are left out and counted in `rewritten`.
fn expected_parse_errors(script: &str, rewritten: &mut usize) -> Vec<(Kind, usize, String)> {
    let stderr = Regex::new(r"^\s*(?:\[[^\]]*\]\s*)?stderr\s+(.*)$").unwrap();
    let position = Regex::new(r"go\.(mod|work):(\d+):(?:\d+:)? ?(.*)$").unwrap();
    let edit = Regex::new(r"^\s*!?\s*go (mod|work) edit\s+-(\w+)").unwrap();
    let copy = Regex::new(r"^\s*cp\s+\S+\s+\S*go\.(mod|work)\s*$").unwrap();
    let mut edited = false;
    let mut expected = Vec::new();
    for line in script.lines() {
        if edit.captures(line).is_some_and(|c| !matches!(&c[2], "json" | "print" | "fmt")) {
            edited = true;
        } else if copy.is_match(line) {
            edited = false;
        }
        let Some(captures) = stderr.captures(line) else { continue };
        let argument = unquote_script(&captures[1]);
        let Some(at) = position.captures(&argument) else { continue };
        let kind = if &at[1] == "mod" { Kind::Mod } else { Kind::Work };
        let message = at[3].to_string();
        if NOT_SYNTAX.iter().any(|skip| message.contains(skip)) {
            continue;
        }
        if edited {
            *rewritten += 1;
            continue;
        }
        expected.push((kind, at[2].parse().unwrap(), message));
    }
    expected
}

/// The script's quoting: `'...'` pieces concatenated, `$WORK` left as is.
fn unquote_script(argument: &str) -> String {
    let mut out = String::new();
    let mut quoted = false;
    for c in argument.trim().chars() {
        match c {
            '\'' => quoted = !quoted,
            ' ' | '\t' if !quoted => break,
            c => out.push(c),
        }
    }
    out
}

#[test]
fn go_command_scripts() {
    let started = std::time::Instant::now();
    let scripts_dir = goroot().join("src/cmd/go/testdata/script");
    let mut scripts: Vec<PathBuf> = std::fs::read_dir(&scripts_dir)
        .unwrap_or_else(|err| panic!("{}: {err}", scripts_dir.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "txt"))
        .collect();
    scripts.sort();
    assert!(scripts.len() > 500, "only {} scripts in {}", scripts.len(), scripts_dir.display());

    // Distinct (kind, content) → the scripts and file names holding it.
    let mut distinct: BTreeMap<(Kind, Vec<u8>), Vec<String>> = BTreeMap::new();
    let mut archives = Vec::new();
    for script in &scripts {
        let archive = gotrap::txtar::parse(&std::fs::read(script).unwrap());
        let name = script.file_name().unwrap().to_string_lossy().to_string();
        for (path, content) in &archive.files {
            let Some(kind) = kind_of(path) else { continue };
            distinct.entry((kind, content.clone())).or_default().push(format!("{name}: {path}"));
        }
        archives.push((name, archive));
    }
    // The module proxy's fixtures: each `.mod` file is a dependency's go.mod.
    let proxy_dir = goroot().join("src/cmd/go/testdata/mod");
    let mut proxy_modules = 0;
    for entry in std::fs::read_dir(&proxy_dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "txt") {
            continue;
        }
        proxy_modules += 1;
        let archive = gotrap::txtar::parse(&std::fs::read(&path).unwrap());
        for (file, content) in &archive.files {
            if file == ".mod" {
                distinct.entry((Kind::Mod, content.clone())).or_default().push(format!("mod/{}: {file}", path.file_name().unwrap().to_string_lossy()));
            }
        }
    }

    // Mutants of every eighth script go.mod, so the go command's error
    // messages and positions are compared on more than the few broken files
    // the scripts hold.
    let originals: Vec<(Vec<u8>, String)> = distinct
        .iter()
        .filter(|((kind, _), at)| *kind == Kind::Mod && !at[0].starts_with("mod/"))
        .map(|((_, content), at)| (content.clone(), at[0].clone()))
        .collect();
    let mut mutants = 0;
    for (content, at) in originals.iter().step_by(8) {
        for (index, mutant) in mutate(content).into_iter().enumerate() {
            if !distinct.contains_key(&(Kind::Mod, mutant.clone())) {
                mutants += 1;
                distinct.insert((Kind::Mod, mutant), vec![format!("{at} (mutant {index})")]);
            }
        }
    }

    // Run the go command once per distinct file, on a few threads.
    let temp = std::env::temp_dir().join(format!("gotrap-oracle-{}", std::process::id()));
    let keys: Vec<&(Kind, Vec<u8>)> = distinct.keys().collect();
    let workers = std::thread::available_parallelism().map_or(4, |n| n.get()).min(16);
    let verdicts: Vec<Verdict> = std::thread::scope(|scope| {
        let chunks: Vec<_> = keys.chunks(keys.len().div_ceil(workers)).enumerate().collect();
        let handles: Vec<_> = chunks
            .into_iter()
            .map(|(worker, chunk)| {
                let temp = &temp;
                scope.spawn(move || {
                    chunk.iter().enumerate().map(|(i, (kind, content))| run_go(&temp.join(format!("{worker}-{i}")), *kind, content)).collect::<Vec<_>>()
                })
            })
            .collect();
        handles.into_iter().flat_map(|h| h.join().unwrap()).collect()
    });
    let _ = std::fs::remove_dir_all(&temp);

    let mut problems = Vec::new();
    let (mut accepted, mut rejected) = (0, 0);
    for (((kind, content), where_), verdict) in distinct.iter().zip(&verdicts) {
        let ours = gotrap_errors(*kind, content);
        let at = &where_[0];
        match verdict {
            Verdict::Accepted(json) => {
                accepted += 1;
                let unexpected: Vec<_> = ours.iter().filter(|(_, m)| !is_load_check(m)).collect();
                if !unexpected.is_empty() {
                    problems.push(format!("{at}: the go command accepts this file, gotrap reports {unexpected:?}"));
                    continue;
                }
                let (theirs, mine) = match kind {
                    Kind::Mod => (normalise_go_mod(json), gomod_json(content)),
                    Kind::Work => (normalise_go_work(json), gowork_json(content)),
                };
                if theirs != mine {
                    problems.push(format!("{at}: parse differs\n  go:     {theirs}\n  gotrap: {mine}"));
                }
            }
            Verdict::Rejected(errors) => {
                rejected += 1;
                let syntax_stop = errors.iter().any(|(_, m)| is_syntax_error(m));
                let theirs: BTreeSet<_> = errors.iter().cloned().collect();
                let mine: BTreeSet<_> = ours.iter().filter(|(_, m)| !is_load_check(m)).cloned().collect();
                let missing: Vec<_> = theirs.difference(&mine).collect();
                let extra: Vec<_> = mine.difference(&theirs).collect();
                if !missing.is_empty() || (!syntax_stop && !extra.is_empty()) {
                    problems.push(format!("{at}: the go command reports {theirs:?}, gotrap {mine:?}"));
                }
            }
        }
    }

    // Parse errors the scripts expect.
    let (mut expectations, mut rewritten) = (0, 0);
    for (name, archive) in &archives {
        for (kind, line, pattern) in expected_parse_errors(&archive.comment, &mut rewritten) {
            if NEEDS_DISK.contains(&(name.as_str(), line)) {
                continue;
            }
            expectations += 1;
            let Ok(regex) = Regex::new(&pattern) else {
                problems.push(format!("{name}: cannot read the expectation {pattern:?} as a regexp"));
                continue;
            };
            let suffix = if kind == Kind::Mod { "go.mod" } else { "go.work" };
            let candidates = archive.files.iter().filter(|(path, _)| path.rsplit('/').next().unwrap().contains(suffix));
            let found = candidates.into_iter().any(|(_, content)| gotrap_errors(kind, content).iter().any(|(l, m)| *l == line && regex.is_match(m)));
            if !found {
                problems.push(format!("{name}: expects {suffix}:{line}: {pattern:?}; no go.mod-like file of the archive has that GT003"));
            }
        }
    }

    eprintln!(
        "oracle: {} scripts and {proxy_modules} proxy modules, {} distinct go.mod/go.work files ({mutants} of them mutants) ({accepted} accepted, {rejected} rejected by the go command), {expectations} expected parse errors checked ({rewritten} on files rewritten by go mod edit skipped), {:.1}s",
        scripts.len(),
        distinct.len(),
        started.elapsed().as_secs_f64()
    );
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
}
