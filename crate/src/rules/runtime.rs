//! Runtime rules read artifacts rather than Go source. A profile rule gets
//! the decoded profile, its frames and totals, and reports through
//! `ProfileContext::report`, which places the finding: into the workspace Go
//! file that a frame names (longest unique path suffix) at the frame's line,
//! or on the profile itself (line 1, column 1, zero width) with the frame in
//! `related`. A dump rule gets the parsed goroutine dump or crash output and
//! reports through `DumpContext::report`, which places it the same way but
//! falls back to the frame's line in the dump.
//!
//! Examples of runtime rules are Go programs: the bad one produces the trap
//! in its profile when run, the good one does not.

use crate::dump::{Dump, Group};
use crate::position::LineIndex;
use crate::profile::{user_frame, Frame, Frames, ProfileKind, Totals, UserClass};
use crate::report::{Finding, GoroutineGroup, Related, Span};
use crate::settings::Settings;

use super::RuleMeta;

/// A runtime rule over one decoded profile.
pub struct ProfileRule {
    pub meta: &'static RuleMeta,
    pub check: fn(&mut ProfileContext),
}

pub struct ProfileContext<'c, 'p, 'a> {
    pub path: &'c str,
    pub frames: &'c Frames<'p, 'a>,
    pub kind: ProfileKind,
    pub totals: &'c Totals,
    pub settings: &'c Settings,
    /// (module path, directory) of the workspace's go.mod files.
    pub modules: &'c [(String, String)],
    /// The workspace's Go files.
    pub go_files: &'c [(&'c str, &'c [u8])],
    /// `profile::user_classes` of every function key.
    pub classes: Vec<UserClass>,
    /// The earlier snapshot of the same program (a goroutine profile).
    pub earlier: Option<&'c EarlierSnapshot<'c>>,
    pub findings: Vec<Finding>,
}

/// The earlier goroutine snapshot of the same program that a goroutine dump
/// or profile is compared with (`compare::earlier_snapshots`), and the
/// goroutines of both per stack.
pub struct EarlierSnapshot<'c> {
    pub path: &'c str,
    pub content: &'c [u8],
    pub lines: LineIndex,
    pub base: &'c crate::compare::StackCounts,
    /// The later snapshot's counts.
    pub new: &'c crate::compare::StackCounts,
}

impl EarlierSnapshot<'_> {
    /// The goroutines at a stack in the earlier snapshot and in the later
    /// one, and the header line of its first group in the earlier one.
    pub fn counts(&self, state: Option<&str>, stack: &[crate::report::StackFrame], created_by: Option<&crate::report::StackFrame>) -> (u64, u64, u32) {
        let (base, line) = self.base.count(state, stack, created_by);
        (base, self.new.count(state, stack, created_by).0, line)
    }

    /// Related information on the earlier snapshot: the header of the
    /// stack's first group there (`line`, 1-based; 0 for the start of the
    /// file, as for a profile), saying how many goroutines it had.
    pub fn evidence(&self, count: u64, line: u32) -> Related {
        let start = self.lines.line_start(line).map_or(0, |start| start as usize);
        let end = self.content[start..].iter().position(|b| *b == b'\n').map_or(self.content.len(), |n| start + n);
        let end = if line == 0 { 0 } else { end };
        Related {
            path: self.path.to_string(),
            span: self.lines.span(self.content, start, end),
            message: format!("earlier snapshot: {} at this stack", goroutines(count)),
        }
    }
}

impl ProfileContext<'_, '_, '_> {
    pub fn fraction(&self, rule: &RuleMeta, name: &str) -> f64 {
        self.settings.option(rule, name).as_f64().unwrap_or(0.0)
    }

    pub fn count(&self, rule: &RuleMeta, name: &str) -> u64 {
        self.settings.option(rule, name).as_u64().unwrap_or(0)
    }

    /// The user frame of a stack and whether it is a real one (a workspace,
    /// dotted-path or `main` package) rather than the leaf fallback.
    pub fn user_frame(&self, stack: &[Frame]) -> Option<(usize, bool)> {
        user_frame(stack, &self.classes).map(|(index, class)| (index, class != UserClass::Other))
    }

    pub fn name(&self, frame: &Frame) -> &str {
        self.frames.name(frame)
    }

    /// Reports a finding about `frame` (if any) with profile evidence `weight`.
    pub fn report(&mut self, rule: &'static RuleMeta, frame: Option<Frame>, message: String, weight: f64) {
        let severity = self.settings.severity_of(rule);
        let recorded = frame.map(|f| (self.frames.profile.string(f.file).into_owned(), f.line)).filter(|(file, _)| !file.is_empty());
        let artifact_span = LineIndex::new(&[]).span(&[], 0, 0);
        let mut finding = match recorded.as_ref().and_then(|(file, line)| locate(file, *line, self.modules, self.go_files)) {
            Some((path, span)) => {
                let mut finding = rule.finding(severity, path, span, message);
                finding.related.push(Related {
                    path: self.path.to_string(),
                    span: artifact_span,
                    message: format!("evidence: {} profile", self.kind.as_str()),
                });
                finding
            }
            None => {
                let mut finding = rule.finding(severity, self.path, artifact_span, message);
                if let Some((file, line)) = recorded {
                    let name = frame.map(|f| self.name(&f).to_string()).unwrap_or_default();
                    finding.related.push(recorded_frame(file, line, &name, "profile"));
                }
                finding
            }
        };
        finding.weight = Some((weight.clamp(0.0, 1.0) * 10000.0).round() / 10000.0);
        self.findings.push(finding);
    }
}

/// A frame's recorded place that names no single workspace file.
fn recorded_frame(file: String, line: i64, function: &str, artifact: &str) -> Related {
    let line = u32::try_from(line).unwrap_or(0).max(1);
    Related {
        path: file,
        span: Span { line, column: 1, end_line: line, end_column: 1, column_utf16: 1, end_column_utf16: 1, ..Span::default() },
        message: format!("frame {function} as recorded in the {artifact} (not a workspace file, or more than one matches)"),
    }
}

/// The workspace Go file a path recorded in an artifact names (through a
/// module path under `-trimpath`, else the longest unique suffix of path
/// elements, at least the file name) and the span of `line` in it.
pub fn locate<'w>(recorded: &str, line: i64, modules: &[(String, String)], go_files: &[(&'w str, &'w [u8])]) -> Option<(&'w str, Span)> {
    let (path, content) = map_recorded(recorded, modules, go_files)?;
    let lines = LineIndex::new(content);
    let line = u32::try_from(line).ok().filter(|&line| line >= 1 && line <= lines.line_count())?;
    let start = lines.line_start(line)? as usize;
    Some((path, lines.span(content, start, start)))
}

/// The workspace Go file a path recorded in an artifact names: through a
/// module path under `-trimpath`, else the longest unique suffix of path
/// elements.
pub fn map_recorded<'w>(recorded: &str, modules: &[(String, String)], go_files: &[(&'w str, &'w [u8])]) -> Option<(&'w str, &'w [u8])> {
    map_module_path(recorded, modules, go_files).or_else(|| map_path(recorded, go_files))
}

/// Gives each frame of the groups the workspace file its recorded path
/// names, for views that link frames to the files open beside them.
pub fn map_group_frames(groups: &mut [GoroutineGroup], modules: &[(String, String)], go_files: &[(&str, &[u8])]) {
    for group in groups {
        for frame in group.stack.iter_mut().chain(group.created_by.as_mut()) {
            frame.workspace_path = map_recorded(&frame.file, modules, go_files).map(|(path, _)| path.to_string());
        }
    }
}

/// The workspace Go file an escape report's recorded file names: through
/// the `# package` import path and a module path first, else by path suffix.
pub fn map_escape_file<'w>(
    package: Option<&str>,
    recorded: &str,
    modules: &[(String, String)],
    go_files: &[(&'w str, &'w [u8])],
) -> Option<(&'w str, &'w [u8])> {
    let name = recorded.rsplit(['/', '\\']).next().unwrap_or(recorded);
    package.and_then(|package| map_module_path(&format!("{package}/{name}"), modules, go_files)).or_else(|| map_path(recorded, go_files))
}

/// Maps a path recorded under `-trimpath` (module path + path in the
/// module) to that file of a workspace module, when it exists.
pub fn map_module_path<'w>(recorded: &str, modules: &[(String, String)], files: &[(&'w str, &'w [u8])]) -> Option<(&'w str, &'w [u8])> {
    modules.iter().find_map(|(module, dir)| {
        let rest = recorded.strip_prefix(module.as_str())?.strip_prefix('/')?;
        let path = if dir.is_empty() { rest.to_string() } else { format!("{dir}/{rest}") };
        files.iter().find(|(file, _)| *file == path).copied()
    })
}

/// Maps a file path recorded in an artifact to the workspace file sharing
/// the longest suffix of path elements with it; `None` when none shares the
/// file name or two share the longest suffix.
pub fn map_path<'w>(recorded: &str, files: &[(&'w str, &'w [u8])]) -> Option<(&'w str, &'w [u8])> {
    let recorded: Vec<&str> = recorded.split(['/', '\\']).filter(|e| !e.is_empty() && *e != ".").collect();
    let mut best: Option<(usize, usize)> = None;
    let mut tie = false;
    for (index, (path, _)) in files.iter().enumerate() {
        let common = path.split('/').rev().zip(recorded.iter().rev()).take_while(|(a, b)| a == *b).count();
        if common == 0 {
            continue;
        }
        match best {
            Some((_, longest)) if common < longest => {}
            Some((_, longest)) if common == longest => tie = true,
            _ => {
                best = Some((index, common));
                tie = false;
            }
        }
    }
    match best {
        Some((index, _)) if !tie => Some(files[index]),
        _ => None,
    }
}

/// Values charged to user frames by a dense key (a function key, or a
/// function key and a category), in first-charged order.
pub struct Charges {
    slots: Vec<u32>,
    pub entries: Vec<Charge>,
}

pub struct Charge {
    pub key: u32,
    pub values: [i64; 2],
    /// Weight per (line, file) of the frame, to point at its heaviest line.
    lines: Vec<((i64, u32), i64)>,
}

impl Charges {
    pub fn new(keys: usize) -> Charges {
        Charges { slots: vec![u32::MAX; keys], entries: Vec::new() }
    }

    pub fn add(&mut self, key: u32, frame: &Frame, values: [i64; 2], line_weight: i64) {
        let slot = &mut self.slots[key as usize];
        if *slot == u32::MAX {
            *slot = self.entries.len() as u32;
            self.entries.push(Charge { key, values: [0, 0], lines: Vec::new() });
        }
        let charge = &mut self.entries[*slot as usize];
        charge.values[0] += values[0];
        charge.values[1] += values[1];
        let at = (frame.line, frame.file);
        match charge.lines.iter_mut().find(|(line, _)| *line == at) {
            Some((_, weight)) => *weight += line_weight,
            None => charge.lines.push((at, line_weight)),
        }
    }
}

impl Charge {
    /// The frame at the heaviest (line, file) of this charge; the lowest line on ties.
    pub fn frame(&self, function: u32) -> Frame {
        let ((line, file), _) = self.lines.iter().copied().max_by(|a, b| a.1.cmp(&b.1).then(b.0.cmp(&a.0))).unwrap_or(((0, 0), 0));
        Frame { function, line, file }
    }
}

/// `value / unit` with `decimals` decimals, rounded half up, in integer
/// arithmetic (core's float formatting would add its tables to the wasm).
fn decimal(value: i64, unit: i64, decimals: u32) -> String {
    let scale = 10i128.pow(decimals);
    let scaled = (value as i128 * scale * 2 + unit as i128 * value.signum() as i128) / (unit as i128 * 2);
    let sign = if scaled < 0 { "-" } else { "" };
    let scaled = scaled.abs();
    if decimals == 0 {
        return format!("{sign}{scaled}");
    }
    format!("{sign}{}.{:0width$}", scaled / scale, scaled % scale, width = decimals as usize)
}

/// A percentage with one decimal.
pub fn pct(share: f64) -> String {
    format!("{}%", decimal((share * 1_000_000.0).round() as i64, 10_000, 1))
}

/// A duration in nanoseconds, as pprof shows it (ms or s).
pub fn duration(nanos: i64) -> String {
    if nanos.unsigned_abs() >= 1_000_000_000 {
        format!("{}s", decimal(nanos, 1_000_000_000, 2))
    } else {
        format!("{}ms", decimal(nanos, 1_000_000, 1))
    }
}

/// Bytes as pprof shows them (binary units).
pub fn bytes(value: i64) -> String {
    match value.unsigned_abs() {
        v if v >= 1 << 30 => format!("{}GB", decimal(value, 1 << 30, 2)),
        v if v >= 1 << 20 => format!("{}MB", decimal(value, 1 << 20, 2)),
        v if v >= 1 << 10 => format!("{}kB", decimal(value, 1 << 10, 2)),
        _ => format!("{value}B"),
    }
}

/// A runtime rule over one text artifact whose parsed form is `D`.
pub struct ArtifactRule<D: 'static> {
    pub meta: &'static RuleMeta,
    pub check: fn(&mut ArtifactContext<D>),
}

/// A rule over one `GODEBUG=gctrace=1` log.
pub type GctraceRule = ArtifactRule<crate::gctrace::Trace>;
/// A rule over one goroutine dump or crash output.
pub type DumpRule = ArtifactRule<Dump>;
/// A rule over one `-gcflags=-m` escape report.
pub type EscapeRule = ArtifactRule<crate::escape::Report>;
/// A rule over one `go test -bench` output, compared with the base output.
pub type BenchRule = ArtifactRule<crate::bench::BenchAnalysis>;

pub type GctraceContext<'c> = ArtifactContext<'c, crate::gctrace::Trace>;
pub type DumpContext<'c> = ArtifactContext<'c, Dump>;
pub type EscapeContext<'c> = ArtifactContext<'c, crate::escape::Report>;
pub type BenchContext<'c> = ArtifactContext<'c, crate::bench::BenchAnalysis>;

/// What a runtime rule sees of one text artifact: its bytes, its parsed
/// form `data`, and the workspace files its findings may point into.
pub struct ArtifactContext<'c, D> {
    pub path: &'c str,
    pub content: &'c [u8],
    pub lines: &'c LineIndex,
    pub data: &'c D,
    pub settings: &'c Settings,
    /// (module path, directory) of the workspace's go.mod files.
    pub modules: &'c [(String, String)],
    /// The module paths alone, for user frames.
    pub module_paths: &'c [String],
    pub go_files: &'c [(&'c str, &'c [u8])],
    /// The earlier snapshot of the same program (a goroutine dump).
    pub earlier: Option<&'c EarlierSnapshot<'c>>,
    pub findings: Vec<Finding>,
}

impl<'c, D> ArtifactContext<'c, D> {
    /// The context of an artifact whose findings stay on it.
    pub fn new(path: &'c str, content: &'c [u8], lines: &'c LineIndex, data: &'c D, settings: &'c Settings) -> Self {
        ArtifactContext { path, content, lines, data, settings, modules: &[], module_paths: &[], go_files: &[], earlier: None, findings: Vec::new() }
    }

    /// With the workspace's modules and Go files, for findings that point
    /// at the source lines an artifact names.
    pub fn with_workspace(self, modules: &'c [(String, String)], module_paths: &'c [String], go_files: &'c [(&'c str, &'c [u8])]) -> Self {
        ArtifactContext { modules, module_paths, go_files, ..self }
    }

    /// With the earlier snapshot of the same program, for a goroutine dump.
    pub fn with_earlier(self, earlier: Option<&'c EarlierSnapshot<'c>>) -> Self {
        ArtifactContext { earlier, ..self }
    }

    /// Runs the enabled `rules` and returns their findings.
    pub fn check(mut self, rules: &[&ArtifactRule<D>]) -> Vec<Finding> {
        for rule in rules.iter().filter(|rule| self.settings.is_enabled(rule.meta)) {
            (rule.check)(&mut self);
        }
        self.findings
    }

    pub fn fraction(&self, rule: &RuleMeta, name: &str) -> f64 {
        self.settings.option(rule, name).as_f64().unwrap_or(0.0)
    }

    pub fn count(&self, rule: &RuleMeta, name: &str) -> u64 {
        self.settings.option(rule, name).as_u64().unwrap_or(0)
    }

    /// Reports on the artifact itself at the byte range `start..end`.
    pub fn report_on_artifact(&mut self, rule: &'static RuleMeta, start: usize, end: usize, message: String) -> &mut Finding {
        let span = self.lines.span(self.content, start, end);
        self.findings.push(rule.finding(self.settings.severity_of(rule), self.path, span, message));
        self.findings.last_mut().expect("just pushed")
    }

    /// Reports at `span` of the workspace file `path`, with the artifact's
    /// byte range `evidence` as related information saying `why`.
    pub fn report_in_source(
        &mut self,
        rule: &'static RuleMeta,
        path: &str,
        span: Span,
        evidence: (usize, usize),
        why: String,
        message: String,
    ) -> &mut Finding {
        let mut finding = rule.finding(self.settings.severity_of(rule), path, span, message);
        finding.related.push(Related { path: self.path.to_string(), span: self.lines.span(self.content, evidence.0, evidence.1), message: why });
        self.findings.push(finding);
        self.findings.last_mut().expect("just pushed")
    }
}

impl DumpContext<'_> {
    /// The user frame of a group and whether it is a real one (a workspace,
    /// dotted-path or `main` package) rather than the leaf fallback.
    pub fn user_frame(&self, group: &Group) -> Option<(usize, bool)> {
        self.data.user_frame(group, self.module_paths)
    }

    /// Reports a finding about the frame `frame` of `group` (the group's
    /// header when `None`): into the workspace file the frame names, with
    /// the dump line as evidence, else on the dump at the frame's line.
    pub fn report(&mut self, rule: &'static RuleMeta, group: &Group, frame: Option<usize>, message: String, weight: Option<f64>) {
        let dump = self.data;
        let frame = frame.and_then(|index| group.frames.get(index));
        let (start, end) = frame.map_or((group.start, group.end), |frame| (frame.start, frame.end));
        let located = frame.and_then(|frame| locate(dump.name(frame.file), i64::from(frame.line), self.modules, self.go_files));
        let finding = match located {
            Some((path, span)) => {
                let why = format!("evidence: {} at this frame in the dump", goroutines(group.count));
                self.report_in_source(rule, path, span, (start, end), why, message)
            }
            None => {
                let recorded = frame.map(|frame| recorded_frame(dump.name(frame.file).to_string(), i64::from(frame.line), dump.name(frame.function), "dump"));
                let finding = self.report_on_artifact(rule, start, end, message);
                finding.related.extend(recorded);
                finding
            }
        };
        finding.weight = weight.map(|weight| (weight.clamp(0.0, 1.0) * 10000.0).round() / 10000.0);
    }
}

/// `1 goroutine` or `N goroutines`.
pub fn goroutines(count: u64) -> String {
    if count == 1 {
        "1 goroutine".to_string()
    } else {
        format!("{count} goroutines")
    }
}

impl<'c> EscapeContext<'c> {
    /// The workspace Go file a recorded file names (`map_escape_file`).
    pub fn locate(&self, package: Option<&str>, recorded: &str) -> Option<(&'c str, &'c [u8])> {
        map_escape_file(package, recorded, self.modules, self.go_files)
    }
}

impl BenchContext<'_> {
    /// Reports at the `func Benchmark...(` of a benchmark when exactly one
    /// workspace `_test.go` file declares it, else at `line` of the output;
    /// the output line is the evidence either way.
    pub fn report(&mut self, rule: &'static RuleMeta, benchmark: &str, line: u32, message: String) {
        let start = self.lines.line_start(line).unwrap_or(0) as usize;
        let end = self.content[start..].iter().position(|b| *b == b'\n').map_or(self.content.len(), |n| start + n);
        // After the log prefix the output's lines carry, if any.
        let start = start + crate::textlog::LinePrefix::detect(self.content).and_then(|prefix| prefix.len(&self.content[start..end])).unwrap_or(0);
        let declaration = format!("func {benchmark}(");
        let mut declared = self.go_files.iter().filter(|(path, _)| path.ends_with("_test.go")).filter_map(|(path, content)| {
            let at = content.windows(declaration.len()).position(|w| w == declaration.as_bytes())?;
            Some((*path, *content, at + "func ".len()))
        });
        match (declared.next(), declared.next()) {
            (Some((path, content, at)), None) => {
                let span = LineIndex::new(content).span(content, at, at + benchmark.len());
                self.report_in_source(rule, path, span, (start, end), "evidence: benchmark output".to_string(), message);
            }
            _ => {
                self.report_on_artifact(rule, start, end, message);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn maps_recorded_paths_by_longest_unique_suffix() {
        let files: Vec<(&str, &[u8])> = vec![("cmd/a/main.go", b""), ("cmd/b/main.go", b""), ("pkg/x/x.go", b"")];
        assert_eq!(map_path("gotrap.test/m/cmd/a/main.go", &files).map(|f| f.0), Some("cmd/a/main.go"));
        assert_eq!(map_path("/home/u/src/pkg/x/x.go", &files).map(|f| f.0), Some("pkg/x/x.go"));
        assert_eq!(map_path("/tmp/main.go", &files), None, "ambiguous");
        assert_eq!(map_path("/tmp/y.go", &files), None, "missing");
    }

    #[test]
    fn maps_trimpath_paths_through_module_paths() {
        let files: Vec<(&str, &[u8])> = vec![("svc/one/cmd/main.go", b""), ("svc/two/cmd/main.go", b"")];
        let modules = vec![("example.com/x".to_string(), "svc/one".to_string()), ("example.com/y".to_string(), "svc/two".to_string())];
        assert_eq!(map_path("example.com/y/cmd/main.go", &files), None, "the suffix alone is ambiguous");
        assert_eq!(map_module_path("example.com/y/cmd/main.go", &modules, &files).map(|f| f.0), Some("svc/two/cmd/main.go"));
        assert_eq!(map_module_path("example.com/yy/cmd/main.go", &modules, &files), None);
    }

    #[test]
    fn formats_without_floats() {
        assert_eq!(pct(0.6095), "61.0%");
        assert_eq!(pct(0.99934), "99.9%");
        assert_eq!(pct(1.0), "100.0%");
        assert_eq!(pct(0.0004), "0.0%");
        assert_eq!(duration(44_368_429), "44.4ms");
        assert_eq!(duration(1_510_000_000), "1.51s");
        assert_eq!(bytes(72_159_063), "68.82MB");
        assert_eq!(bytes(512), "512B");
        assert_eq!(bytes(-2048), "-2.00kB");
    }
}
