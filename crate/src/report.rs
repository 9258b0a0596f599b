//! Contract v1: the shapes every surface reads. Changing a field here is a
//! schema version bump (`SCHEMA_VERSION`) that updates every surface.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// Version of the Report and input shapes (Contract v1).
pub const SCHEMA_VERSION: u32 = 1;
/// Version of the core, from Cargo.
pub const TOOL_VERSION: &str = env!("CARGO_PKG_VERSION");

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    Info,
    Warning,
    Error,
}

impl Severity {
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Info => "info",
            Severity::Warning => "warning",
            Severity::Error => "error",
        }
    }

    pub fn parse(text: &str) -> Option<Severity> {
        match text {
            "info" => Some(Severity::Info),
            "warning" => Some(Severity::Warning),
            "error" => Some(Severity::Error),
            _ => None,
        }
    }
}

/// A range of a file in every coordinate system a surface needs.
/// Lines and columns are 1-based; ends are exclusive.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Span {
    pub byte_start: u32,
    pub byte_end: u32,
    pub line: u32,
    /// Column in UTF-8 bytes.
    pub column: u32,
    pub end_line: u32,
    pub end_column: u32,
    /// Column in UTF-16 code units (SARIF, editors).
    pub column_utf16: u32,
    pub end_column_utf16: u32,
}

/// A place related to a finding (where a channel is made, a profile frame).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Related {
    pub path: String,
    #[serde(flatten)]
    pub span: Span,
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Applicability {
    /// Cannot change behaviour.
    Safe,
    /// Mechanical, but may change behaviour: review it.
    Unsafe,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Edit {
    pub byte_start: u32,
    pub byte_end: u32,
    pub new_text: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Fix {
    pub applicability: Applicability,
    pub edits: Vec<Edit>,
}

impl Fix {
    /// A fix from byte ranges of one file and their replacements.
    pub fn new(applicability: Applicability, edits: Vec<(std::ops::Range<usize>, String)>) -> Fix {
        Fix {
            applicability,
            edits: edits.into_iter().map(|(range, new_text)| Edit { byte_start: range.start as u32, byte_end: range.end as u32, new_text }).collect(),
        }
    }
}

/// One trap found: where, which rule, how severe, what to do.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Finding {
    pub rule: String,
    pub name: String,
    pub severity: Severity,
    pub message: String,
    pub path: String,
    #[serde(flatten)]
    pub span: Span,
    pub related: Vec<Related>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub fix: Option<Fix>,
    /// The rule's docs slug; each surface builds its own docs URL from it.
    pub slug: String,
    /// Profile evidence (share of samples) ranking the finding.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub weight: Option<f64>,
}

/// A file the run did not analyse, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Skipped {
    pub path: String,
    pub reason: String,
}

/// A run-level error: bad config, bad options, unreadable path, internal error.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct RunError {
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub path: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub line: Option<u32>,
}

/// Typed data derived from one artifact (profile tables, goroutine groups,
/// gctrace rows, bench comparisons). `kind` names the shape of `data`
/// (`goroutines`: `GoroutineAnalysis`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Analysis {
    pub path: String,
    pub kind: String,
    #[schemars(schema_with = "analysis_data")]
    pub data: serde_json::Value,
}

/// `data` of an analysis of kind `goroutines`: a goroutine dump (`debug=1`
/// or `debug=2`) or the traceback of a crash, its goroutines grouped by
/// state and stack.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct GoroutineAnalysis {
    /// `debug=1` (counts by stack, no states), `debug=2` (every goroutine:
    /// a `debug=2` dump, a panic or fatal error traceback) or `pprof` (the
    /// `goroutines` of a goroutine profile's analysis: counts by stack).
    pub format: String,
    /// Goroutines read.
    pub goroutines: u64,
    /// The `total` of a `debug=1` header.
    pub total: Option<u64>,
    /// Why the program died, when the text is a crash.
    pub crash: Option<CrashInfo>,
    /// Goroutines per state, most first (`debug=2`).
    pub states: Vec<StateCount>,
    /// Goroutines with one state and one stack, most goroutines first (at most 1,000).
    pub groups: Vec<GoroutineGroup>,
    pub groups_dropped: u64,
    /// The goroutine that waited longest (the runtime prints waits from one minute on).
    pub longest_wait: Option<LongestWait>,
    pub lines: u64,
    pub malformed_lines: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct CrashInfo {
    /// `deadlock`, `stack-overflow`, `concurrent-map-access`, `panic`, `fatal-error` or `signal`.
    pub kind: String,
    /// The line as printed (`fatal error: ...`, `panic: ...`).
    pub message: String,
    /// Its line in the text.
    pub line: u32,
    /// The first goroutine printed after it: the one that crashed.
    pub goroutine: Option<u64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct StateCount {
    pub state: String,
    pub count: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct GoroutineGroup {
    /// `chan send`, `select`, `running`...; absent in a `debug=1` profile.
    pub state: Option<String>,
    pub count: u64,
    /// Minutes waited, least and most (0: under a minute); `debug=2` only.
    pub wait_minutes: Option<WaitRange>,
    pub locked_to_thread: u64,
    /// The first goroutine ids (at most 10; `debug=2` only).
    pub goroutine_ids: Vec<u64>,
    /// Line of the first goroutine's header (or record) in the text (0 in a profile).
    pub line: u32,
    /// Leaf first.
    pub stack: Vec<StackFrame>,
    /// The runtime left frames out of the middle of the stack.
    pub frames_elided: bool,
    pub created_by: Option<StackFrame>,
    /// Index in `stack` of the user frame (first workspace, dotted-path or
    /// `main` frame from the leaf; the leaf failing those).
    pub user_frame: Option<u32>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct WaitRange {
    pub min: u64,
    pub max: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct StackFrame {
    pub function: String,
    /// As recorded in the dump.
    pub file: String,
    pub line: u32,
    /// Line of the frame's function in the dump (0 in a profile).
    pub dump_line: u32,
    /// The workspace Go file `file` names (Contract v1 path mapping), when
    /// exactly one does.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub workspace_path: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct LongestWait {
    pub minutes: u64,
    pub goroutine: u64,
    pub state: String,
    /// The leaf function of its stack.
    pub function: String,
}

/// The schema of `Analysis.data`: typed for the kinds that have a Rust type
/// (`goroutines`, `escape`, `bench`), any object for the others.
fn analysis_data(generator: &mut schemars::SchemaGenerator) -> schemars::Schema {
    let mut any_of = vec![generator.subschema_for::<GoroutineAnalysis>()];
    #[cfg(feature = "artifacts")]
    any_of.extend([generator.subschema_for::<crate::escape::EscapeAnalysis>(), generator.subschema_for::<crate::bench::BenchAnalysis>()]);
    any_of.push(schemars::json_schema!({ "type": "object" }));
    schemars::json_schema!({ "anyOf": any_of })
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct Report {
    pub schema_version: u32,
    pub tool_version: String,
    /// Canonical order: path, line, column, rule.
    pub findings: Vec<Finding>,
    pub analyses: Vec<Analysis>,
    pub skipped: Vec<Skipped>,
    pub errors: Vec<RunError>,
}

impl Report {
    pub fn new() -> Report {
        Report {
            schema_version: SCHEMA_VERSION,
            tool_version: TOOL_VERSION.to_string(),
            findings: Vec::new(),
            analyses: Vec::new(),
            skipped: Vec::new(),
            errors: Vec::new(),
        }
    }

    pub fn sort(&mut self) {
        crate::order::sort_stable_by(&mut self.findings, |a, b| {
            (a.path.as_str(), a.span.line, a.span.column, a.rule.as_str(), a.span.byte_end, a.message.as_str()).cmp(&(
                b.path.as_str(),
                b.span.line,
                b.span.column,
                b.rule.as_str(),
                b.span.byte_end,
                b.message.as_str(),
            ))
        });
        crate::order::sort_stable_by(&mut self.skipped, |a, b| a.path.cmp(&b.path));
    }

    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_else(|err| {
            // Serialising plain structs cannot fail; keep the boundary total anyway.
            format!(
                "{{\"schemaVersion\":{SCHEMA_VERSION},\"toolVersion\":\"{TOOL_VERSION}\",\"findings\":[],\"analyses\":[],\"skipped\":[],\"errors\":[{{\"message\":\"internal error: {}\"}}]}}",
                err.to_string().replace(['"', '\\'], "'")
            )
        })
    }
}

impl Default for Report {
    fn default() -> Self {
        Report::new()
    }
}

/// Options of one run (Contract v1 input). Unknown keys are an error so a
/// typo does not silently do nothing.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct Options {
    /// Rule ids, id prefixes (`GT2`) or names to run; empty = all.
    #[serde(default)]
    pub select: Vec<String>,
    /// Rule ids, id prefixes or names not to run.
    #[serde(default)]
    pub ignore: Vec<String>,
    /// Overrides every file's Go language version (`1.21`, `go1.22.3`).
    #[serde(default)]
    pub go_version: Option<String>,
    /// Text of `gotrap.toml`.
    #[serde(default)]
    pub config: Option<String>,
    /// Path of the config file, for error messages.
    #[serde(default)]
    pub config_path: Option<String>,
    /// Skip `_test.go` files.
    #[serde(default)]
    pub no_tests: bool,
    #[serde(default)]
    pub limits: Option<LimitsOverride>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case", deny_unknown_fields)]
pub struct LimitsOverride {
    pub max_file_bytes: Option<u64>,
    pub max_artifact_bytes: Option<u64>,
    pub max_decompressed_bytes: Option<u64>,
    pub max_workspace_bytes: Option<u64>,
    pub max_profile_samples: Option<u64>,
    pub max_tree_depth: Option<u64>,
    pub max_file_work: Option<u64>,
}

/// Metadata of one rule as `rules()` exports it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct RuleInfo {
    pub id: String,
    pub name: String,
    pub slug: String,
    pub family: String,
    pub severity: Severity,
    pub summary: String,
    /// Go versions the trap applies to, e.g. "below go1.22 (for `:=` loops)".
    pub versions: String,
    pub options: Vec<RuleOptionInfo>,
    /// Markdown: what, why, bad and good examples (each with its Go version),
    /// what the rule cannot see, overlapping vet/staticcheck checks.
    pub docs: String,
    pub examples: Vec<RuleExample>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct RuleOptionInfo {
    pub name: String,
    pub default: serde_json::Value,
    pub description: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "camelCase")]
pub struct RuleExample {
    /// `bad` or `good`.
    pub kind: String,
    pub go_version: String,
    pub code: String,
}
