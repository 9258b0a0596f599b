//! Goroutine dumps and crash output: parsing and the `goroutines` analysis.
//!
//! Two text forms are read, recognised by content:
//!
//! - `debug=1` goroutine profiles (`/debug/pprof/goroutine?debug=1`,
//!   `pprof.Lookup("goroutine").WriteTo(w, 1)`): a `goroutine profile: total
//!   N` header, then one record per distinct stack, `<count> @ <pcs>` and a
//!   `#\t<pc>\t<function>+0x<off>\t<file>:<line>` line per frame (`# labels:`
//!   lines are skipped). No states, no wait times.
//! - `debug=2` dumps and the tracebacks the runtime prints when a program
//!   crashes (`panic:`, `fatal error:`, a fatal signal) or gets SIGQUIT: one
//!   block per goroutine, `goroutine N [state, M minutes, locked to
//!   thread]:` (with `gp=… m=… mp=…` before the bracket under
//!   `GOTRACEBACK=system`), then frames as a `function(args)` line and a
//!   tab-indented `file:line +0xoff` line (`fp= sp= pc=` may follow), and
//!   finally `created by F in goroutine N` (since Go 1.21; `created by F`
//!   before) with its own `file:line`. `...N frames elided...` lines and
//!   `runtime stack:` blocks (the system stack of a fatal error) are read
//!   and left out of the groups.
//!
//! Goroutines are grouped by state and stack (function, file and line of
//! every frame, and the creating frame), counting goroutines, the range of
//! their wait times (a goroutine without `M minutes` waited less than one)
//! and the ones locked to a thread. Lines that start like a dump's lines but
//! do not parse (a header without `]:`, a frame without its `file:line`
//! line, a frame's function line that is not a call, such as a name with a
//! space, before its `file:line` line, a bad line number, a truncated
//! record) are reported with the byte range of the bad part; a bad frame is
//! left out and the rest of its stack is read. Work is linear in the input, with no recursion.
//!
//! Output pasted from a log often carries a prefix on every line (Go's `log`
//! timestamps, `kubectl logs --timestamps`, a container runtime's
//! `stderr F`, journald's `host app[pid]:`): when every non-empty line
//! carries one of those (`textlog::LinePrefix`), it is skipped, and offsets
//! still point into the content, after the prefix.

use std::collections::HashMap;

use crate::profile::{pick_user_frame, user_class};
use crate::report::{CrashInfo, GoroutineAnalysis, GoroutineGroup, LongestWait, StackFrame, StateCount, WaitRange};
use crate::textlog::{lines_after, LinePrefix, Malformed};

/// Malformed lines reported as findings; the rest are counted.
pub const MAX_MALFORMED_REPORTED: usize = 100;
/// Groups in the analysis (the largest); the rules see them all.
pub const MAX_GROUPS: usize = 1_000;
/// Goroutine ids kept per group.
pub const MAX_IDS: usize = 10;
/// Characters of the crash line kept (a panic value can be any length).
pub const MAX_CRASH_MESSAGE: usize = 300;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Counts by stack.
    Debug1,
    /// Every goroutine (a `debug=2` dump or a crash traceback).
    Debug2,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CrashKind {
    /// `fatal error: all goroutines are asleep - deadlock!`
    Deadlock,
    /// `fatal error: stack overflow`
    StackOverflow,
    /// `fatal error: concurrent map writes` (or read/iteration and write).
    ConcurrentMap,
    /// `panic: ...` not recovered.
    Panic,
    /// Any other `fatal error: ...`.
    Fatal,
    /// A fatal signal outside Go code (`SIGSEGV: segmentation violation`).
    Signal,
}

impl CrashKind {
    pub fn as_str(self) -> &'static str {
        match self {
            CrashKind::Deadlock => "deadlock",
            CrashKind::StackOverflow => "stack-overflow",
            CrashKind::ConcurrentMap => "concurrent-map-access",
            CrashKind::Panic => "panic",
            CrashKind::Fatal => "fatal-error",
            CrashKind::Signal => "signal",
        }
    }
}

/// The line that says why the program died.
#[derive(Debug, Clone, PartialEq)]
pub struct Crash {
    pub kind: CrashKind,
    /// The line as printed (`panic: ...`, `fatal error: ...`).
    pub message: String,
    pub line: u32,
    pub start: usize,
    pub end: usize,
    /// The first goroutine printed after it (the one that crashed; any
    /// goroutine for a deadlock): its id and group.
    pub goroutine: Option<(u64, usize)>,
}

/// One frame: interned function and file, the line in the source, and
/// where the frame's function line is in the dump.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Frame {
    pub function: u32,
    pub file: u32,
    pub line: u32,
    pub dump_line: u32,
    pub start: usize,
    pub end: usize,
}

/// Goroutines with one state and one stack.
#[derive(Debug, Clone, PartialEq)]
pub struct Group {
    /// Interned state (`chan send`); `None` in a `debug=1` profile.
    pub state: Option<u32>,
    pub count: u64,
    /// Wait minutes, least and most (0: under a minute); `debug=2` only.
    pub wait_min: u64,
    pub wait_max: u64,
    pub locked_to_thread: u64,
    /// The first goroutine ids (`MAX_IDS`).
    pub ids: Vec<u64>,
    /// Leaf first, as printed for the group's first goroutine.
    pub frames: Vec<Frame>,
    pub frames_elided: bool,
    pub created_by: Option<Frame>,
    /// Header line (`goroutine N [...]:` or `<count> @ ...`) of the first goroutine.
    pub line: u32,
    pub start: usize,
    pub end: usize,
}

/// A parsed dump.
#[derive(Debug, Clone, PartialEq)]
pub struct Dump {
    pub format: Format,
    /// Interned functions, files and states.
    pub names: Vec<String>,
    /// In order of first appearance.
    pub groups: Vec<Group>,
    pub goroutines: u64,
    /// The `total` of a `debug=1` header.
    pub total: Option<u64>,
    /// The largest goroutine id (`debug=2`): goroutines get increasing ids,
    /// so a later snapshot of a program that started goroutines has a larger one.
    pub highest_id: Option<u64>,
    pub crash: Option<Crash>,
    /// Most minutes waited: (minutes, goroutine id, group).
    pub longest_wait: Option<(u64, u64, usize)>,
    pub lines: u64,
    pub malformed: Vec<Malformed>,
    pub malformed_lines: u64,
    /// The prefix skipped on every line, if any.
    pub line_prefix: Option<LinePrefix>,
}

/// Whether a line is a goroutine header or a `debug=1` profile header.
fn is_dump_line(line: &[u8]) -> bool {
    header_start(line).is_some() || line.starts_with(b"goroutine profile: total ") || line.starts_with(b"goroutineleak profile: total ")
}

/// Whether the content is a goroutine dump or crash output: a goroutine
/// header (`goroutine N [`) or a `debug=1` header somewhere in it, after a
/// log prefix on every line if there is one.
pub fn looks_like(content: &[u8]) -> bool {
    lines_after(content, LinePrefix::detect(content)).any(|(_, line)| is_dump_line(line))
}

/// `goroutine <digits> [` or `goroutine <digits> gp=`: the id and where the
/// rest begins.
fn header_start(line: &[u8]) -> Option<(&[u8], usize)> {
    let rest = line.strip_prefix(b"goroutine ")?;
    let digits = rest.iter().take_while(|b| b.is_ascii_digit()).count();
    let after = &rest[digits..];
    (digits > 0 && (after.starts_with(b" [") || after.starts_with(b" gp="))).then(|| (&rest[..digits], 10 + digits))
}

/// Splits `f(args)` into `f` and `(args)`: the last balanced parenthesis
/// group ending the line. `None` when the line is not a call (no
/// parentheses at the end, or a space in the name).
fn split_call(line: &str) -> Option<(&str, &str)> {
    if !line.ends_with(')') {
        return None;
    }
    let mut depth = 0usize;
    for (index, byte) in line.bytes().enumerate().rev() {
        match byte {
            b')' => depth += 1,
            b'(' => {
                depth -= 1;
                if depth == 0 {
                    let name = &line[..index];
                    return (!name.is_empty() && !name.contains(' ')).then_some((name, &line[index..]));
                }
            }
            _ => {}
        }
    }
    None
}

/// `file:line` of a frame location (after the tab), before ` +0x…` or ` fp=`.
fn split_location(text: &str) -> Option<(&str, u32)> {
    let end = [" +0x", " fp="].iter().filter_map(|marker| text.find(marker)).min().unwrap_or(text.len());
    let (file, line) = text[..end].rsplit_once(':')?;
    let valid = !file.is_empty() && !line.is_empty() && line.bytes().all(|b| b.is_ascii_digit());
    valid.then(|| line.parse().ok()).flatten().map(|line| (file, line))
}

#[derive(Default)]
struct Interner {
    names: Vec<String>,
    index: HashMap<String, u32>,
}

impl Interner {
    fn id(&mut self, name: &str) -> u32 {
        if let Some(&id) = self.index.get(name) {
            return id;
        }
        let id = self.names.len() as u32;
        self.names.push(name.to_string());
        self.index.insert(name.to_string(), id);
        id
    }
}

/// A goroutine (or `debug=1` record) being read.
struct Pending {
    id: u64,
    count: u64,
    state: Option<u32>,
    wait: u64,
    locked: bool,
    frames: Vec<Frame>,
    frames_elided: bool,
    created_by: Option<Frame>,
    /// A `runtime stack:` block: read, not grouped.
    system: bool,
    line: u32,
    start: usize,
    end: usize,
}

impl Pending {
    fn new(line: u32, start: usize, end: usize) -> Pending {
        Pending {
            id: 0,
            count: 1,
            state: None,
            wait: 0,
            locked: false,
            frames: Vec::new(),
            frames_elided: false,
            created_by: None,
            system: false,
            line,
            start,
            end,
        }
    }
}

/// The function line waiting for its `file:line` line.
struct Call {
    function: u32,
    created_by: bool,
    dump_line: u32,
    start: usize,
    end: usize,
}

type Key = (Option<u32>, Vec<(u32, u32, u32)>, Option<(u32, u32, u32)>);

struct Parser {
    names: Interner,
    groups: Vec<Group>,
    keys: HashMap<Key, usize>,
    goroutines: u64,
    highest_id: Option<u64>,
    crash: Option<Crash>,
    longest_wait: Option<(u64, u64, usize)>,
    malformed: Vec<Malformed>,
    malformed_lines: u64,
}

impl Parser {
    fn error(&mut self, start: usize, end: usize, message: String) {
        self.malformed_lines += 1;
        if self.malformed.len() < MAX_MALFORMED_REPORTED {
            self.malformed.push(Malformed { start, end, message });
        }
    }

    fn flush(&mut self, pending: Option<Pending>) {
        let Some(p) = pending else { return };
        if p.system {
            return;
        }
        let key: Key = (p.state, p.frames.iter().map(|f| (f.function, f.file, f.line)).collect(), p.created_by.map(|f| (f.function, f.file, f.line)));
        let next = self.groups.len();
        let index = *self.keys.entry(key).or_insert(next);
        if index == next {
            self.groups.push(Group {
                state: p.state,
                count: 0,
                wait_min: p.wait,
                wait_max: p.wait,
                locked_to_thread: 0,
                ids: Vec::new(),
                frames: p.frames,
                frames_elided: p.frames_elided,
                created_by: p.created_by,
                line: p.line,
                start: p.start,
                end: p.end,
            });
        }
        let group = &mut self.groups[index];
        group.count += p.count;
        group.wait_min = group.wait_min.min(p.wait);
        group.wait_max = group.wait_max.max(p.wait);
        group.locked_to_thread += u64::from(p.locked);
        if p.state.is_some() {
            if group.ids.len() < MAX_IDS {
                group.ids.push(p.id);
            }
            if p.id != u64::MAX {
                self.highest_id = self.highest_id.max(Some(p.id));
            }
        }
        self.goroutines += p.count;
        if p.wait > 0 && self.longest_wait.is_none_or(|(minutes, _, _)| p.wait > minutes) {
            self.longest_wait = Some((p.wait, p.id, index));
        }
        if let Some(crash) = self.crash.as_mut().filter(|crash| crash.goroutine.is_none()) {
            crash.goroutine = Some((p.id, index));
        }
    }
}

/// The crash a line announces, if any.
fn crash_kind(line: &str) -> Option<CrashKind> {
    if line.starts_with("panic: ") {
        return Some(CrashKind::Panic);
    }
    if let Some(what) = line.strip_prefix("fatal error: ") {
        return Some(match what.trim_end() {
            "all goroutines are asleep - deadlock!" => CrashKind::Deadlock,
            "stack overflow" => CrashKind::StackOverflow,
            what if what.starts_with("concurrent map ") => CrashKind::ConcurrentMap,
            _ => CrashKind::Fatal,
        });
    }
    let (signal, _) = line.split_once(": ")?;
    let is_signal = signal.len() > 3 && signal.starts_with("SIG") && signal.bytes().all(|b| b.is_ascii_uppercase());
    // SIGQUIT is how one asks a Go program for a dump.
    (is_signal && signal != "SIGQUIT").then_some(CrashKind::Signal)
}

/// Parses a goroutine dump or crash output (either form, see the module
/// docs). Never fails: what does not parse is in `malformed`.
pub fn parse(content: &[u8]) -> Dump {
    let mut p = Parser {
        names: Interner::default(),
        groups: Vec::new(),
        keys: HashMap::new(),
        goroutines: 0,
        highest_id: None,
        crash: None,
        longest_wait: None,
        malformed: Vec::new(),
        malformed_lines: 0,
    };
    let prefix = LinePrefix::detect(content);
    let debug1 = lines_after(content, prefix)
        .find(|(_, line)| !line.trim_ascii().is_empty())
        .is_some_and(|(_, line)| line.starts_with(b"goroutine profile: total ") || line.starts_with(b"goroutineleak profile: total "));
    let (format, total, line_count) = if debug1 { parse_debug1(&mut p, content, prefix) } else { parse_debug2(&mut p, content, prefix) };
    Dump {
        format,
        names: p.names.names,
        groups: p.groups,
        goroutines: p.goroutines,
        total,
        highest_id: p.highest_id,
        crash: p.crash,
        longest_wait: p.longest_wait,
        lines: line_count,
        malformed: p.malformed,
        malformed_lines: p.malformed_lines,
        line_prefix: prefix,
    }
}

/// The lines of `content` after `prefix` as text (invalid UTF-8 replaced,
/// so offsets within such a line are approximate; spans are clamped to the
/// content), numbered from 1, with their start and end byte offsets, up to
/// the end (no phantom line after a final newline).
fn text_lines(content: &[u8], prefix: Option<LinePrefix>) -> impl Iterator<Item = (u32, usize, usize, String)> + '_ {
    lines_after(content, prefix)
        .enumerate()
        .take_while(move |(_, (start, line))| *start < content.len() || !line.is_empty())
        .map(|(index, (start, line))| ((index + 1) as u32, start, start + line.len(), String::from_utf8_lossy(line).into_owned()))
}

fn parse_debug2(p: &mut Parser, content: &[u8], prefix: Option<LinePrefix>) -> (Format, Option<u64>, u64) {
    let mut pending: Option<Pending> = None;
    let mut call: Option<Call> = None;
    let mut count = 0;
    let mut lines = text_lines(content, prefix).peekable();
    while let Some((number, start, end, line)) = lines.next() {
        count += 1;
        if let Some(c) = call.take() {
            if let Some(location) = line.strip_prefix('\t') {
                match split_location(location) {
                    Some((file, source_line)) => {
                        let frame =
                            Frame { function: c.function, file: p.names.id(file), line: source_line, dump_line: c.dump_line, start: c.start, end: c.end };
                        if let Some(pending) = pending.as_mut() {
                            if c.created_by {
                                pending.created_by = Some(frame);
                            } else {
                                pending.frames.push(frame);
                            }
                        }
                    }
                    None => p.error(start + 1, end, format!("malformed goroutine dump: expected `file:line` after a tab, found {}", found(location))),
                }
                continue;
            }
            let function = &p.names.names[c.function as usize];
            let message = format!("malformed goroutine dump: expected a tab and the `file:line` of `{function}`, found {}", found(&line));
            p.error(start, end, message);
        }
        if let Some((id, rest)) = header_start(line.as_bytes()) {
            p.flush(pending.take());
            let mut goroutine = Pending::new(number, start, end);
            goroutine.id = std::str::from_utf8(id).ok().and_then(|id| id.parse().ok()).unwrap_or(u64::MAX);
            match (line[rest..].find('['), line.ends_with("]:")) {
                (Some(open), true) if rest + open < line.len() - 2 => {
                    let mut parts = line[rest + open + 1..line.len() - 2].split(", ");
                    goroutine.state = Some(p.names.id(parts.next().unwrap_or("")));
                    for part in parts {
                        if let Some(minutes) = part.strip_suffix(" minutes").and_then(|m| m.parse::<u64>().ok()) {
                            goroutine.wait = minutes;
                        } else if part == "locked to thread" {
                            goroutine.locked = true;
                        }
                    }
                    pending = Some(goroutine);
                }
                _ => {
                    let bad = rest + 1; // after the space
                    let message = format!("malformed goroutine dump: expected `[state]:` ending the goroutine header, found {}", found(&line[bad..]));
                    p.error(start + bad, end, message)
                }
            }
            continue;
        }
        if pending.is_some() {
            if line.is_empty() {
                p.flush(pending.take());
                continue;
            }
            if let Some(rest) = line.strip_prefix("created by ") {
                let name = rest.split_once(" in goroutine ").map_or(rest, |(name, _)| name);
                let name = split_call(name).map_or(name, |(name, _)| name);
                call = Some(Call { function: p.names.id(name), created_by: true, dump_line: number, start, end });
                continue;
            }
            if line.starts_with("...") && line.ends_with("...") && line.contains("elided") {
                if let Some(pending) = pending.as_mut() {
                    pending.frames_elided = true;
                }
                continue;
            }
            if line.starts_with('\t') {
                continue; // "goroutine running on other thread; stack unavailable"
            }
            if let Some((name, _)) = split_call(&line) {
                call = Some(Call { function: p.names.id(name), created_by: false, dump_line: number, start, end });
                continue;
            }
            // A line that is not a call but is followed by a frame's
            // `file:line` is a frame whose function does not parse (a space
            // in its name): that frame is dropped, the stack goes on.
            if lines.peek().is_some_and(|(_, _, _, next)| next.strip_prefix('\t').and_then(split_location).is_some()) {
                p.error(start, end, format!("malformed goroutine dump: expected a frame's `function(arguments)`, found {}", found(&line)));
                lines.next();
                count += 1;
                continue;
            }
            // Output after the traceback ("exit status 2").
            p.flush(pending.take());
        }
        if line == "runtime stack:" {
            let mut system = Pending::new(number, start, end);
            system.system = true;
            pending = Some(system);
            continue;
        }
        if p.crash.is_none() {
            if let Some(kind) = crash_kind(&line) {
                p.crash = Some(Crash { kind, message: clip(&line, MAX_CRASH_MESSAGE), line: number, start, end, goroutine: None });
            }
        }
    }
    if let Some(c) = call {
        let function = &p.names.names[c.function as usize];
        let message = format!("malformed goroutine dump: expected a tab and the `file:line` of `{function}`, found end of input");
        p.error(content.len(), content.len(), message);
    }
    p.flush(pending);
    (Format::Debug2, None, count)
}

/// What was found instead, quoted: tabs shown as `\t`, at most 80 characters.
fn found(text: &str) -> String {
    if text.is_empty() {
        return "an empty line".to_string();
    }
    format!("`{}`", clip(text, 80).replace('\t', "\\t"))
}

/// At most `max` characters of `text`, with `…` when it was longer.
fn clip(text: &str, max: usize) -> String {
    match text.char_indices().nth(max) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_string(),
    }
}

fn parse_debug1(p: &mut Parser, content: &[u8], prefix: Option<LinePrefix>) -> (Format, Option<u64>, u64) {
    let mut pending: Option<Pending> = None;
    let mut total = None;
    let mut header: Option<(usize, usize)> = None;
    let mut count = 0;
    for (number, start, end, line) in text_lines(content, prefix) {
        count += 1;
        if header.is_none() {
            if line.trim_ascii().is_empty() {
                continue;
            }
            let (_, number_text) = line.split_once(" profile: total ").unwrap_or(("", ""));
            total = number_text.parse::<u64>().ok();
            if total.is_none() {
                p.error(
                    end.saturating_sub(number_text.len()).max(start),
                    end,
                    format!("malformed goroutine profile: expected the total number of goroutines, found {}", found(number_text)),
                );
            }
            header = Some((start, end));
            continue;
        }
        if line.is_empty() {
            p.flush(pending.take());
            continue;
        }
        if let Some(frame) = line.strip_prefix('#') {
            if frame.starts_with(" labels:") {
                continue;
            }
            let mut fields = frame.split(['\t', ' ']).filter(|field| !field.is_empty());
            let (pc, function) = (fields.next(), fields.next());
            // The file may hold spaces: it is the rest after the function.
            let location = function.and_then(|function| frame.split_once(function)).map(|(_, rest)| rest.trim());
            let parsed = match (pc, function, location.and_then(split_location)) {
                (Some(pc), Some(function), Some((file, source_line))) if pc.starts_with("0x") => {
                    let function = function.rsplit_once("+0x").map_or(function, |(name, _)| name);
                    Some(Frame { function: p.names.id(function), file: p.names.id(file), line: source_line, dump_line: number, start, end })
                }
                _ => None,
            };
            match (parsed, pending.as_mut()) {
                (Some(frame), Some(record)) => record.frames.push(frame),
                (Some(_), None) => p.error(start, end, "malformed goroutine profile: a frame line outside a `<count> @ <pcs>` record".to_string()),
                (None, _) => p.error(
                    start,
                    end,
                    format!("malformed goroutine profile: expected `#\\t<pc>\\t<function>+<offset>\\t<file>:<line>`, found {}", found(&line)),
                ),
            }
            continue;
        }
        p.flush(pending.take());
        let (goroutines, pcs) = line.split_once(" @").unwrap_or((&line, ""));
        let pcs_valid =
            !pcs.trim().is_empty() && pcs.split_whitespace().all(|pc| pc.strip_prefix("0x").is_some_and(|hex| u64::from_str_radix(hex, 16).is_ok()));
        match goroutines.parse::<u64>() {
            Ok(goroutines) if pcs_valid => {
                let mut record = Pending::new(number, start, end);
                record.count = goroutines;
                pending = Some(record);
            }
            _ => p.error(start, end, format!("malformed goroutine profile: expected `<count> @ <pcs>`, found {}", found(&line))),
        }
    }
    p.flush(pending);
    if let (Some(total), Some((start, end))) = (total, header) {
        if p.goroutines != total {
            let message = format!("goroutine profile says total {total} but its records count {} goroutines: truncated or edited", p.goroutines);
            p.error(start, end, message);
        }
    }
    (Format::Debug1, total, count)
}

impl Dump {
    pub fn name(&self, id: u32) -> &str {
        &self.names[id as usize]
    }

    pub fn state(&self, group: &Group) -> Option<&str> {
        group.state.map(|state| self.name(state))
    }

    /// The user frame of a group (DESIGN.md): its index and whether it is a
    /// workspace, dotted-path or `main` frame rather than the leaf fallback.
    pub fn user_frame(&self, group: &Group, modules: &[String]) -> Option<(usize, bool)> {
        pick_user_frame(group.frames.iter().map(|frame| user_class(self.name(frame.function), modules)))
            .map(|(index, class)| (index, class != crate::profile::UserClass::Other))
    }

    fn stack_frame(&self, frame: &Frame) -> StackFrame {
        StackFrame {
            function: self.name(frame.function).to_string(),
            file: self.name(frame.file).to_string(),
            line: frame.line,
            dump_line: frame.dump_line,
            workspace_path: None,
        }
    }

    /// One group as the analysis shows it.
    pub fn goroutine_group(&self, group: &Group, modules: &[String]) -> GoroutineGroup {
        GoroutineGroup {
            state: self.state(group).map(str::to_string),
            count: group.count,
            wait_minutes: group.state.map(|_| WaitRange { min: group.wait_min, max: group.wait_max }),
            locked_to_thread: group.locked_to_thread,
            goroutine_ids: group.ids.clone(),
            line: group.line,
            stack: group.frames.iter().map(|frame| self.stack_frame(frame)).collect(),
            frames_elided: group.frames_elided,
            created_by: group.created_by.as_ref().map(|frame| self.stack_frame(frame)),
            user_frame: self.user_frame(group, modules).map(|(index, _)| index as u32),
        }
    }

    /// The `goroutines` analysis: the largest `MAX_GROUPS` groups, most
    /// goroutines first (first appearance on ties).
    pub fn analysis(&self, modules: &[String]) -> GoroutineAnalysis {
        let mut order: Vec<usize> = (0..self.groups.len()).collect();
        order.sort_by_key(|&index| std::cmp::Reverse(self.groups[index].count));
        let mut states: Vec<StateCount> = Vec::new();
        for group in &self.groups {
            let Some(state) = self.state(group) else { continue };
            match states.iter_mut().find(|count| count.state == state) {
                Some(count) => count.count += group.count,
                None => states.push(StateCount { state: state.to_string(), count: group.count }),
            }
        }
        states.sort_by(|a, b| b.count.cmp(&a.count).then_with(|| a.state.cmp(&b.state)));
        let groups = order.iter().take(MAX_GROUPS).map(|&index| self.goroutine_group(&self.groups[index], modules)).collect();
        GoroutineAnalysis {
            format: match self.format {
                Format::Debug1 => "debug=1",
                Format::Debug2 => "debug=2",
            }
            .to_string(),
            goroutines: self.goroutines,
            total: self.total,
            crash: self.crash.as_ref().map(|crash| CrashInfo {
                kind: crash.kind.as_str().to_string(),
                message: crash.message.clone(),
                line: crash.line,
                goroutine: crash.goroutine.map(|(id, _)| id),
            }),
            states,
            groups,
            groups_dropped: self.groups.len().saturating_sub(MAX_GROUPS) as u64,
            longest_wait: self.longest_wait.map(|(minutes, goroutine, group)| LongestWait {
                minutes,
                goroutine,
                state: self.state(&self.groups[group]).unwrap_or_default().to_string(),
                function: self.groups[group].frames.first().map(|frame| self.name(frame.function).to_string()).unwrap_or_default(),
            }),
            lines: self.lines,
            malformed_lines: self.malformed_lines,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_calls_and_locations() {
        assert_eq!(split_call("main.(*T).Run(0xc000010000, {0x1, 0x2})"), Some(("main.(*T).Run", "(0xc000010000, {0x1, 0x2})")));
        assert_eq!(split_call("main.F[...](...)"), Some(("main.F[...]", "(...)")));
        assert_eq!(split_call("exit status 2"), None);
        assert_eq!(split_call("hello (world)"), None);
        assert_eq!(split_location("/src/a b/main.go:12 +0x1d fp=0x1 sp=0x2 pc=0x3"), Some(("/src/a b/main.go", 12)));
        assert_eq!(split_location("C:/src/main.go:7"), Some(("C:/src/main.go", 7)));
        assert_eq!(split_location("main.go:x +0x1"), None);
    }

    #[test]
    fn crash_kinds() {
        assert_eq!(crash_kind("fatal error: concurrent map read and map write"), Some(CrashKind::ConcurrentMap));
        assert_eq!(crash_kind("SIGSEGV: segmentation violation"), Some(CrashKind::Signal));
        assert_eq!(crash_kind("SIGQUIT: quit"), None);
        assert_eq!(crash_kind("panicked: no"), None);
    }

    #[test]
    fn invalid_utf8_keeps_offsets_in_the_content() {
        let mut content = b"goroutine profile: total ".to_vec();
        content.extend_from_slice(&[0xff; 40]);
        let dump = parse(&content);
        let bad = &dump.malformed[0];
        assert!(bad.start <= bad.end && bad.end == content.len(), "{bad:?}");
        let mut content = b"goroutine 1 [running]:\nmain.main()\n\t".to_vec();
        content.extend_from_slice(&[0xfe; 10]);
        let bad = &parse(&content).malformed[0];
        assert_eq!((bad.start, bad.end), (36, content.len()));
    }

    #[test]
    fn long_crash_lines_are_clipped() {
        let dump = parse(format!("panic: {}\n\ngoroutine 1 [running]:\nmain.main()\n\tmain.go:3 +0x1\n", "é".repeat(1000)).as_bytes());
        let message = dump.crash.unwrap().message;
        assert_eq!(message.chars().count(), MAX_CRASH_MESSAGE + 1);
        assert!(message.starts_with("panic: éé") && message.ends_with("é…"));
        assert_eq!(found("a\tb"), "`a\\tb`");
    }
}
