//! Escape-analysis reports: the compiler's `-gcflags=-m` and `-m -m` output.
//!
//! `go build -gcflags=-m` prints one line per decision, `PATH:LINE:COL: MSG`,
//! under a `# import/path` line per package:
//!
//! ```text
//! # example.com/app
//! ./main.go:24:3: moved to heap: r
//! ./main.go:25:17: append escapes to heap
//! ./main.go:47:25: map[string]bool{} does not escape
//! ./main.go:22:11: leaking param content: names
//! ./main.go:22:6: can inline load
//! ./main.go:60:6: inlining call to load
//! ```
//!
//! `-m -m` adds the cost of inlinable functions, why a function cannot be
//! inlined, and before each decision an explanation: a headline (`r escapes
//! to heap in load:` or `parameter names leaks to {heap} for load with
//! derefs=1:`) followed by indented `flow: DST ← SRC:` lines, each with
//! indented `from EXPR (REASON) at POSITION` steps. The reasons (`address-of`,
//! `call parameter`, `too large for stack` ...) are kept on the decision they
//! explain. Older releases (Go 1.20 among them) print the headlines without the function
//! (`r escapes to heap:`, `parameter names leaks to {heap} with derefs=1:`)
//! and the flows as `flow: DST = SRC:`.
//!
//! Lines without a position (`go: downloading ...`, the program's output)
//! are counted and ignored; a line whose position or explanation does not
//! parse is reported with the byte range of the bad part. Work is linear in
//! the size of the report, with no recursion.

use schemars::JsonSchema;
use serde::Serialize;

use crate::textlog::unprefixed_lines;
pub use crate::textlog::Malformed;

/// Decisions kept in the analysis; the rest are counted.
pub const MAX_ENTRIES: usize = 10_000;
/// Explanations kept in the analysis; the rest are counted.
pub const MAX_EXPLANATIONS: usize = 2_000;
/// Malformed lines reported as findings; the rest are counted.
pub const MAX_MALFORMED_REPORTED: usize = 100;

/// What one line of the report says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub enum EscapeKind {
    /// `moved to heap: x`: a variable allocated on the heap.
    MovedToHeap,
    /// `x escapes to heap`: a value (literal, `make`, `new`, conversion,
    /// closure, interface argument) allocated on the heap.
    EscapesToHeap,
    DoesNotEscape,
    /// `leaking param: p`, `leaking param content: p`, `leaking param: p to result ~r0 level=0`.
    LeakingParam,
    CanInline,
    CannotInline,
    InliningCall,
    /// Any other positioned compiler remark (`devirtualizing`, `zero-copy
    /// string->[]byte conversion`, a compile error).
    Other,
}

/// A position recorded in the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct RecordedPosition {
    /// As printed: relative to the directory `go build` ran in, or absolute.
    pub file: String,
    pub line: u32,
    /// 1-based byte column; 0 when the report gives none.
    pub column: u32,
}

/// One decision of the compiler.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct EscapeEntry {
    /// 1-based line in the report.
    pub report_line: u32,
    #[serde(skip)]
    pub start: usize,
    #[serde(skip)]
    pub end: usize,
    /// The import path of the `# package` line above it.
    pub package: Option<String>,
    #[serde(flatten)]
    pub at: RecordedPosition,
    /// The workspace Go file the recorded file names (Contract v1 path
    /// mapping, through the package's import path first), when exactly one does.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub workspace_path: Option<String>,
    pub kind: EscapeKind,
    /// The variable, expression, parameter or function the line is about.
    pub subject: String,
    /// The rest: inlining cost, why not inlinable, where a parameter leaks.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
    /// The function named by its `-m -m` explanation.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub function: Option<String>,
    /// The distinct reasons of its `-m -m` explanation, in order.
    pub reasons: Vec<String>,
}

impl EscapeEntry {
    /// Whether the compiler put this value on the heap.
    pub fn is_heap(&self) -> bool {
        matches!(self.kind, EscapeKind::MovedToHeap | EscapeKind::EscapesToHeap)
    }

    /// Whether the value is on the heap because of its size: the `-m -m`
    /// reason, or a `make` whose constant size is over the 64 KiB the
    /// compiler keeps on the stack for implicit allocations.
    pub fn too_large_for_stack(&self) -> bool {
        self.reasons.iter().any(|reason| reason == "too large for stack")
            || (self.kind == EscapeKind::EscapesToHeap && make_bytes(&self.subject).is_some_and(|bytes| bytes > 64 << 10))
    }
}

/// The bytes of `make([]T, n)` / `make([]T, n, m)` with a constant capacity
/// and a basic element type, as the compiler prints it.
pub fn make_bytes(expr: &str) -> Option<u64> {
    let args = expr.strip_prefix("make([]")?.strip_suffix(')')?;
    let (element, sizes) = args.split_once(", ")?;
    let count = constant(sizes.rsplit(", ").next()?)?;
    let size = match element {
        "byte" | "uint8" | "int8" | "bool" => 1,
        "int16" | "uint16" => 2,
        "int32" | "uint32" | "float32" | "rune" => 4,
        "int" | "uint" | "int64" | "uint64" | "uintptr" | "float64" | "complex64" => 8,
        "complex128" | "string" => 16,
        _ => return None,
    };
    count.checked_mul(size)
}

/// A constant as the compiler prints it: folded (`262144`, Go 1.26) or as
/// written (`256 << 10`, `4 * 1024`, Go 1.20): integers joined by `*` and
/// `<<`, which share one precedence in Go and apply left to right.
fn constant(text: &str) -> Option<u64> {
    let mut tokens = text.split(' ');
    let mut value: u64 = tokens.next()?.parse().ok()?;
    while let Some(operator) = tokens.next() {
        let operand: u64 = tokens.next()?.parse().ok()?;
        value = match operator {
            "*" => value.checked_mul(operand)?,
            "<<" if operand < u64::from(value.leading_zeros()) || value == 0 => value << operand.min(63),
            _ => return None,
        };
    }
    Some(value)
}

/// One `flow: DST ← SRC:` line of an explanation and its `from` steps.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Flow {
    pub to: String,
    pub from: String,
    pub steps: Vec<FlowStep>,
}

/// `from EXPR (REASON) at POSITION`.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct FlowStep {
    pub expr: String,
    pub reason: String,
    pub at: RecordedPosition,
}

/// A `-m -m` explanation: why `subject` escapes (or where a parameter leaks).
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Explanation {
    pub report_line: u32,
    #[serde(flatten)]
    pub at: RecordedPosition,
    pub subject: String,
    /// Empty when the headline does not name it (older releases, Go 1.20 among them).
    pub function: String,
    /// `{heap}` for an escape; the leak target for a parameter.
    pub target: String,
    pub flows: Vec<Flow>,
}

/// Counts of decisions by kind.
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct EscapeCounts {
    pub moved_to_heap: u64,
    pub escapes_to_heap: u64,
    pub does_not_escape: u64,
    pub leaking_param: u64,
    pub can_inline: u64,
    pub cannot_inline: u64,
    pub inlining_call: u64,
    pub other: u64,
}

/// Heap allocations by recorded file.
#[derive(Debug, Clone, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct HeapByFile {
    pub file: String,
    pub moved_to_heap: u64,
    pub escapes_to_heap: u64,
}

/// The `escape` analysis of one report (`Analysis.kind == "escape"`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct EscapeAnalysis {
    /// Always `escape`.
    pub format: String,
    /// Whether the report has `-m -m` explanations.
    pub explained: bool,
    pub lines: u64,
    pub ignored_lines: u64,
    pub malformed_lines: u64,
    /// Import paths of the `# package` lines, in order.
    pub packages: Vec<String>,
    pub counts: EscapeCounts,
    /// Files with heap allocations, most first.
    pub heap_by_file: Vec<HeapByFile>,
    /// The first `MAX_ENTRIES` decisions, in report order.
    pub entries: Vec<EscapeEntry>,
    pub entries_dropped: u64,
    /// The first `MAX_EXPLANATIONS` explanations.
    pub explanations: Vec<Explanation>,
    pub explanations_dropped: u64,
}

/// A parsed report: the analysis, every heap decision (for the rules) and
/// the malformed lines.
#[derive(Debug, Default)]
pub struct Report {
    pub analysis: EscapeAnalysis,
    /// Every `moved to heap` and `escapes to heap` decision.
    pub heap: Vec<EscapeEntry>,
    pub malformed: Vec<Malformed>,
}

/// Whether the content is an escape report: a positioned line saying what
/// escapes, moves to the heap or is inlined.
pub fn looks_like(content: &[u8]) -> bool {
    unprefixed_lines(content).any(|(_, line)| {
        let text = String::from_utf8_lossy(line);
        matches!(position(&text), Ok(Some((_, rest))) if classify(rest).0 != EscapeKind::Other)
    })
}

type Bad = (usize, usize, String);

/// The `PATH:LINE:COL: ` prefix of a line and the message after it;
/// `Ok(None)` for a line without one (the program's output, `go:` lines).
/// `<autogenerated>:1: ` positions have no column.
fn position(line: &str) -> Result<Option<(RecordedPosition, &str)>, Bad> {
    let mut bad = None;
    for (colon, _) in line.match_indices(':') {
        if colon == 0 {
            continue;
        }
        let rest = &line[colon + 1..];
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        let file = &line[..colon];
        if digits == 0 {
            if file.ends_with(".go") {
                return Err(bad.unwrap_or_else(|| error_at(line, colon + 1, "a line number")));
            }
            continue;
        }
        let Ok(number) = rest[..digits].parse::<u32>() else { continue };
        let after = &rest[digits..];
        if let Some(message) = after.strip_prefix(": ") {
            return Ok(Some((RecordedPosition { file: file.to_string(), line: number, column: 0 }, message)));
        }
        if let Some(after_colon) = after.strip_prefix(':') {
            let col_digits = after_colon.bytes().take_while(u8::is_ascii_digit).count();
            let column = after_colon[..col_digits].parse::<u32>().ok();
            if let (Some(column), Some(message)) = (column, after_colon[col_digits..].strip_prefix(": ")) {
                return Ok(Some((RecordedPosition { file: file.to_string(), line: number, column }, message)));
            }
            if file.ends_with(".go") && bad.is_none() {
                let at = colon + 1 + digits + 1 + col_digits;
                bad = Some(if col_digits == 0 { error_at(line, at, "a column number") } else { error_at(line, at, "`: ` and a message") });
            }
        } else if file.ends_with(".go") && bad.is_none() {
            bad = Some(error_at(line, colon + 1 + digits, "`:` and a column number"));
        }
    }
    bad.map_or(Ok(None), Err)
}

/// The error at byte `at` of a line: the bad part runs to the next space.
fn error_at(line: &str, at: usize, what: &str) -> Bad {
    let end = line[at..].find(' ').map_or(line.len(), |n| at + n);
    let found = if at >= line.len() { "end of line".to_string() } else { format!("`{}`", &line[at..end]) };
    (at, end, format!("malformed escape report line: expected {what}, found {found}"))
}

/// The kind, subject and detail of a message.
fn classify(message: &str) -> (EscapeKind, &str, Option<&str>) {
    if let Some(name) = message.strip_prefix("moved to heap: ") {
        return (EscapeKind::MovedToHeap, name, None);
    }
    if let Some(subject) = message.strip_suffix(" escapes to heap") {
        return (EscapeKind::EscapesToHeap, subject, None);
    }
    if let Some(subject) = message.strip_suffix(" does not escape") {
        return (EscapeKind::DoesNotEscape, subject, None);
    }
    if let Some(rest) = message.strip_prefix("leaking param content: ") {
        return (EscapeKind::LeakingParam, rest, Some("content"));
    }
    if let Some(rest) = message.strip_prefix("leaking param: ") {
        return match rest.split_once(' ') {
            Some((name, detail)) => (EscapeKind::LeakingParam, name, Some(detail)),
            None => (EscapeKind::LeakingParam, rest, None),
        };
    }
    if let Some(rest) = message.strip_prefix("can inline ") {
        return match rest.split_once(" with cost ") {
            Some((function, cost)) => (EscapeKind::CanInline, function, Some(cost.split(' ').next().unwrap_or(cost))),
            None => (EscapeKind::CanInline, rest, None),
        };
    }
    if let Some(rest) = message.strip_prefix("cannot inline ") {
        return match rest.split_once(": ") {
            Some((function, reason)) => (EscapeKind::CannotInline, function, Some(reason)),
            None => (EscapeKind::CannotInline, rest, None),
        };
    }
    if let Some(function) = message.strip_prefix("inlining call to ") {
        return (EscapeKind::InliningCall, function, None);
    }
    (EscapeKind::Other, message, None)
}

/// An explanation headline: `X escapes to heap in F:` or `parameter P leaks
/// to T for F with derefs=N:` as (subject, function, target); the function
/// is empty in the older forms without ` in F` and ` for F`.
fn headline(message: &str) -> Option<(&str, &str, &str)> {
    let body = message.strip_suffix(':')?;
    if let Some((subject, function)) = body.rsplit_once(" escapes to heap in ") {
        return Some((subject, function, "{heap}"));
    }
    if let Some(subject) = body.strip_suffix(" escapes to heap") {
        return Some((subject, "", "{heap}"));
    }
    let rest = body.strip_prefix("parameter ")?;
    let (parameter, rest) = rest.split_once(" leaks to ")?;
    let (rest, _) = rest.rsplit_once(" with derefs=")?;
    // A function name has no spaces or braces; a target may (`{storage for x}`).
    match rest.rsplit_once(" for ") {
        Some((target, function)) if !function.contains([' ', '{', '}']) => Some((parameter, function, target)),
        _ => Some((parameter, "", rest)),
    }
}

/// What an explanation explains: recorded file, line, column and subject.
type ExplainedAt = (String, u32, u32, String);

/// State of one parse.
#[derive(Default)]
struct Parser {
    report: Report,
    package: Option<String>,
    /// The explanation being read.
    open: Option<Explanation>,
    /// Reasons of the explanations read so far, by position and subject.
    reasons: std::collections::HashMap<ExplainedAt, (Vec<String>, String)>,
    heap_by_file: std::collections::BTreeMap<String, (u64, u64)>,
}

impl Parser {
    /// Closes the open explanation, if any.
    fn finish(&mut self) {
        let Some(explanation) = self.open.take() else { return };
        let key = (explanation.at.file.clone(), explanation.at.line, explanation.at.column, explanation.subject.clone());
        let (reasons, function) = self.reasons.entry(key).or_default();
        *function = explanation.function.clone();
        for step in explanation.flows.iter().flat_map(|flow| &flow.steps) {
            if !reasons.contains(&step.reason) {
                reasons.push(step.reason.clone());
            }
        }
        let analysis = &mut self.report.analysis;
        if analysis.explanations.len() < MAX_EXPLANATIONS {
            analysis.explanations.push(explanation);
        } else {
            analysis.explanations_dropped += 1;
        }
    }

    /// Records a malformed line; `at` is relative to the line at `start`.
    fn malformed(&mut self, start: usize, raw: &[u8], valid_utf8: bool, at: Bad) {
        self.report.analysis.malformed_lines += 1;
        if self.report.malformed.len() < MAX_MALFORMED_REPORTED {
            // Offsets in the lossy text are the line's bytes only when it is valid UTF-8.
            let (s, e) = if valid_utf8 { (at.0, at.1) } else { (0, raw.len()) };
            self.report.malformed.push(Malformed { start: start + s, end: start + e, message: at.2 });
        }
    }

    fn line(&mut self, line_number: u32, start: usize, raw: &[u8]) {
        let text = String::from_utf8_lossy(raw);
        let valid_utf8 = matches!(text, std::borrow::Cow::Borrowed(_));
        if let Some(import_path) = text.strip_prefix("# ") {
            self.finish();
            let import_path = import_path.trim().to_string();
            if !self.report.analysis.packages.contains(&import_path) {
                self.report.analysis.packages.push(import_path.clone());
            }
            self.package = Some(import_path);
            return;
        }
        let (at, message) = match position(&text) {
            Ok(Some(found)) => found,
            Ok(None) => {
                self.finish();
                self.report.analysis.ignored_lines += 1;
                return;
            }
            Err(error) => {
                self.finish();
                return self.malformed(start, raw, valid_utf8, error);
            }
        };
        let message_at = text.len() - message.len();
        if message.starts_with("  ") {
            // An explanation line: it belongs to the headline at the same position.
            let Some(explanation) = self.open.as_mut().filter(|explanation| explanation.at == at) else {
                let what = "malformed escape report line: an explanation line without the `X escapes to heap in F:` or `parameter P leaks to T for F with derefs=N:` line it explains";
                return self.malformed(start, raw, valid_utf8, (message_at, text.len(), what.to_string()));
            };
            let trimmed = message.trim_start();
            match explanation_line(trimmed, text.len() - trimmed.len()) {
                Ok(ExplanationLine::Flow(flow)) => explanation.flows.push(flow),
                Ok(ExplanationLine::Step(step)) => match explanation.flows.last_mut() {
                    Some(flow) => flow.steps.push(step),
                    None => {
                        let what = "malformed escape report line: a `from` step before any `flow:` line";
                        self.malformed(start, raw, valid_utf8, (message_at, text.len(), what.to_string()));
                    }
                },
                Err(error) => self.malformed(start, raw, valid_utf8, error),
            }
            return;
        }
        self.finish();
        if let Some((subject, function, target)) = headline(message) {
            self.report.analysis.explained = true;
            let (subject, function, target) = (subject.to_string(), function.to_string(), target.to_string());
            self.open = Some(Explanation { report_line: line_number, at, subject, function, target, flows: Vec::new() });
            return;
        }
        let (kind, subject, detail) = classify(message);
        let counts = &mut self.report.analysis.counts;
        *match kind {
            EscapeKind::MovedToHeap => &mut counts.moved_to_heap,
            EscapeKind::EscapesToHeap => &mut counts.escapes_to_heap,
            EscapeKind::DoesNotEscape => &mut counts.does_not_escape,
            EscapeKind::LeakingParam => &mut counts.leaking_param,
            EscapeKind::CanInline => &mut counts.can_inline,
            EscapeKind::CannotInline => &mut counts.cannot_inline,
            EscapeKind::InliningCall => &mut counts.inlining_call,
            EscapeKind::Other => &mut counts.other,
        } += 1;
        let explained = self.reasons.get(&(at.file.clone(), at.line, at.column, subject.to_string()));
        let entry = EscapeEntry {
            report_line: line_number,
            start,
            end: start + raw.len(),
            package: self.package.clone(),
            at,
            workspace_path: None,
            kind,
            subject: subject.to_string(),
            detail: detail.map(str::to_string),
            function: explained.map(|(_, function)| function.clone()).filter(|function| !function.is_empty()),
            reasons: explained.map(|(reasons, _)| reasons.clone()).unwrap_or_default(),
        };
        if entry.is_heap() {
            let counts = self.heap_by_file.entry(entry.at.file.clone()).or_default();
            if kind == EscapeKind::MovedToHeap {
                counts.0 += 1;
            } else {
                counts.1 += 1;
            }
            self.report.heap.push(entry.clone());
        }
        let analysis = &mut self.report.analysis;
        if analysis.entries.len() < MAX_ENTRIES {
            analysis.entries.push(entry);
        } else {
            analysis.entries_dropped += 1;
        }
    }
}

/// Parses a whole report.
pub fn parse(content: &[u8]) -> Report {
    let mut parser = Parser::default();
    parser.report.analysis.format = "escape".to_string();
    for (index, (start, raw)) in unprefixed_lines(content).enumerate() {
        if start >= content.len() && raw.is_empty() {
            break; // the empty remainder after a final newline
        }
        parser.report.analysis.lines += 1;
        parser.line(u32::try_from(index + 1).unwrap_or(u32::MAX), start, raw);
    }
    parser.finish();
    let mut by_file: Vec<HeapByFile> =
        parser.heap_by_file.into_iter().map(|(file, (moved_to_heap, escapes_to_heap))| HeapByFile { file, moved_to_heap, escapes_to_heap }).collect();
    by_file.sort_by(|a, b| (b.moved_to_heap + b.escapes_to_heap).cmp(&(a.moved_to_heap + a.escapes_to_heap)).then(a.file.cmp(&b.file)));
    parser.report.analysis.heap_by_file = by_file;
    parser.report
}

enum ExplanationLine {
    Flow(Flow),
    Step(FlowStep),
}

/// `flow: DST ← SRC:` or `from EXPR (REASON) at POSITION`; `at` is the byte
/// offset of `text` in its line, for errors.
fn explanation_line(text: &str, at: usize) -> Result<ExplanationLine, Bad> {
    let whole = |what: &str| (at, at + text.len(), format!("malformed escape report line: expected {what}, found `{text}`"));
    if let Some(flow) = text.strip_prefix("flow: ") {
        let body = flow.strip_suffix(':').ok_or_else(|| whole("`flow: DST ← SRC:`"))?;
        let (to, from) = body.split_once(" ← ").or_else(|| body.split_once(" = ")).ok_or_else(|| whole("`flow: DST ← SRC:`"))?;
        return Ok(ExplanationLine::Flow(Flow { to: to.to_string(), from: from.to_string(), steps: Vec::new() }));
    }
    let step = text.strip_prefix("from ").ok_or_else(|| whole("`flow:` or `from`"))?;
    let (head, position_text) = step.rsplit_once(") at ").ok_or_else(|| whole("`from EXPR (REASON) at POSITION`"))?;
    let (expr, reason) = head.rsplit_once(" (").ok_or_else(|| whole("`from EXPR (REASON) at POSITION`"))?;
    let recorded = parse_recorded(position_text).ok_or_else(|| whole("a `file:line:column` position after `at`"))?;
    Ok(ExplanationLine::Step(FlowStep { expr: expr.to_string(), reason: reason.to_string(), at: recorded }))
}

/// `file:line:column` (or `file:line`).
fn parse_recorded(text: &str) -> Option<RecordedPosition> {
    let (rest, last) = text.rsplit_once(':')?;
    let last: u32 = last.parse().ok()?;
    match rest.rsplit_once(':').and_then(|(file, line)| Some((file, line.parse::<u32>().ok()?))) {
        Some((file, line)) if !file.is_empty() => Some(RecordedPosition { file: file.to_string(), line, column: last }),
        _ if !rest.is_empty() => Some(RecordedPosition { file: rest.to_string(), line: last, column: 0 }),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_of_constant_makes() {
        assert_eq!(make_bytes("make([]byte, 262144)"), Some(262144));
        assert_eq!(make_bytes("make([]int64, 10, 9000)"), Some(72000));
        assert_eq!(make_bytes("make([]byte, n)"), None);
        assert_eq!(make_bytes("make([]byte, 256 << 10)"), Some(262144));
        assert_eq!(make_bytes("make([]int32, 4 * 1024 << 2)"), Some(65536));
        assert_eq!(make_bytes("make([]byte, 1 << 64)"), None, "overflow");
        assert_eq!(make_bytes("make([]byte, 1 + 2)"), None);
        assert_eq!(make_bytes("make([]byte, 1 <<)"), None);
        assert_eq!(make_bytes("make([]T, 10)"), None);
        assert_eq!(make_bytes("make(map[int]int, 10)"), None);
    }

    #[test]
    fn positions_with_and_without_columns() {
        let (at, message) = position("C:/src/x.go:3:4: moved to heap: v").unwrap().unwrap();
        assert_eq!((at.file.as_str(), at.line, at.column, message), ("C:/src/x.go", 3, 4, "moved to heap: v"));
        let (at, message) = position("<autogenerated>:1: inlining call to f").unwrap().unwrap();
        assert_eq!((at.file.as_str(), at.line, at.column, message), ("<autogenerated>", 1, 0, "inlining call to f"));
        assert_eq!(position("go: downloading example.com/m v1.0.0"), Ok(None));
        assert_eq!(parse_recorded("./main.go:12:9"), Some(RecordedPosition { file: "./main.go".into(), line: 12, column: 9 }));
    }
}
