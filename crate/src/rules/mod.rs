//! The rule registry: the single source of truth for ids, names, families,
//! default severities, version gates, options and docs. Each rule lives in a
//! file of its own with its docs; adding one touches that file, its fixture
//! and one line of `SOURCE_RULES` (rules over Go source) or
//! `WORKSPACE_RULES` (rules over go.mod, go.sum, go.work, the imports of
//! every Go file and CI files), `PACKAGE_RULES` (rules over the files of a
//! package together), `PROFILE_RULES` (pprof profiles), `GCTRACE_RULES`
//! (gctrace logs), `DUMP_RULES` (goroutine dumps, crashes), `ESCAPE_RULES`
//! (escape reports) or `BENCH_RULES` (benchmark outputs).

/// A rule's Markdown docs (`RuleMeta::docs`); "" in a build without the
/// `rule-docs` feature, whose registry names the rules without documenting
/// them. The static's value is computed at compile time, so the text of the
/// branch not taken stays out of the binary.
macro_rules! rule_docs {
    ($docs:expr) => {
        if cfg!(feature = "rule-docs") {
            $docs
        } else {
            ""
        }
    };
}

/// A rule's examples (`RuleMeta::examples`); none without `rule-docs`.
macro_rules! rule_examples {
    ($examples:expr) => {
        if cfg!(feature = "rule-docs") {
            $examples
        } else {
            &[]
        }
    };
}

pub mod channels;
pub mod gt101_loopvar_capture;
pub mod gt102_redundant_loopvar_copy;
pub mod gt103_global_map_growth;
pub mod gt104_syncpool_misuse;
pub mod gt201_goroutine_blocked_forever;
pub mod gt202_lost_cancel;
pub mod gt203_http_client_no_timeout;
pub mod gt204_http_default_client;
pub mod gt205_waitgroup_misuse;
pub mod gt206_unbuffered_send_deadlock;
pub mod gt207_timer_leak_in_loop;
pub mod gt208_mutex_read_heavy;
pub mod gt209_context_not_propagated;
pub mod gt210_atomic_false_sharing;
pub mod gt301_alloc_in_loop;
pub mod gt302_string_concat_in_loop;
pub mod gt303_time_now_in_loop;
pub mod gt304_large_heap_alloc;
pub mod gt305_finalizer_misuse;
pub mod gt306_json_self_recursion;
pub mod gt307_sprintf_trivial;
#[cfg(feature = "module-rules")]
pub mod gt501_replace_local_path;
#[cfg(feature = "module-rules")]
pub mod gt502_incompatible_version;
#[cfg(feature = "module-rules")]
pub mod gt503_major_version_mismatch;
#[cfg(feature = "module-rules")]
pub mod gt504_go_sum_missing;
#[cfg(feature = "module-rules")]
pub mod gt505_go_directive;
#[cfg(feature = "module-rules")]
pub mod gt506_insecure_module_env;
#[cfg(feature = "artifacts")]
pub mod gt601_goroutine_leak;
#[cfg(feature = "artifacts")]
pub mod gt602_lock_contention;
#[cfg(feature = "artifacts")]
pub mod gt603_alloc_hotspot;
#[cfg(feature = "artifacts")]
pub mod gt604_cpu_trap_pattern;
#[cfg(feature = "artifacts")]
pub mod gt605_gc_pressure;
#[cfg(feature = "artifacts")]
pub mod gt606_deadlock_crash;
#[cfg(feature = "artifacts")]
pub mod gt607_escape_report;
#[cfg(feature = "artifacts")]
pub mod gt608_bench_regression;
pub mod registry;
pub mod reserved;
#[cfg(feature = "artifacts")]
pub mod runtime;
pub mod values;

use tree_sitter::Node;

use crate::position::LineIndex;
use crate::report::{Finding, Related, Severity, Span};
use crate::settings::Settings;
use crate::source::context::FileContext;
use crate::source::package::{Facts, PackageContext};
use crate::workspace::Modules;

pub struct RuleMeta {
    pub id: &'static str,
    pub name: &'static str,
    pub family: Family,
    pub severity: Severity,
    /// One line, in the voice of go vet.
    pub summary: &'static str,
    /// Go versions the trap applies to.
    pub versions: &'static str,
    pub options: &'static [RuleOption],
    /// Markdown sections: what it does, why it is a trap, what it cannot see,
    /// overlapping vet/staticcheck checks. Examples are rendered from `examples`.
    pub docs: &'static str,
    pub examples: &'static [Example],
}

impl RuleMeta {
    pub fn finding(&'static self, severity: Severity, path: &str, span: Span, message: String) -> Finding {
        Finding {
            rule: self.id.to_string(),
            name: self.name.to_string(),
            severity,
            message,
            path: path.to_string(),
            span,
            related: Vec::new(),
            fix: None,
            slug: self.name.to_string(),
            weight: None,
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Family {
    Core,
    Memory,
    Concurrency,
    Performance,
    Modules,
    Runtime,
}

impl Family {
    pub fn as_str(self) -> &'static str {
        match self {
            Family::Core => "core",
            Family::Memory => "memory",
            Family::Concurrency => "concurrency",
            Family::Performance => "performance",
            Family::Modules => "modules",
            Family::Runtime => "runtime",
        }
    }
}

pub struct RuleOption {
    pub name: &'static str,
    pub default: OptionValue,
    pub description: &'static str,
}

#[derive(Debug, Clone, Copy)]
pub enum OptionValue {
    Count(u64),
    Fraction(f64),
}

impl RuleOption {
    pub fn default(&self) -> serde_json::Value {
        match self.default {
            OptionValue::Count(value) => value.into(),
            OptionValue::Fraction(value) => value.into(),
        }
    }

    pub fn kind_name(&self) -> &'static str {
        match self.default {
            OptionValue::Count(_) => "a non-negative integer",
            OptionValue::Fraction(_) => "a number",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExampleKind {
    Bad,
    Good,
}

pub struct Example {
    pub kind: ExampleKind,
    /// The `go` line of the example's go.mod.
    pub go_version: &'static str,
    /// Go source; for module rules a txtar archive (`-- go.mod --`,
    /// `-- go.sum --`, `-- main.go --`, `-- Dockerfile --` ...), or a bare
    /// go.mod when it starts with `module`.
    pub code: &'static str,
}

/// A rule over Go source: called by the one walk of each file for the node
/// kinds it names.
pub trait SourceRule: Sync {
    fn meta(&self) -> &'static RuleMeta;
    fn node_kinds(&self) -> &'static [&'static str];
    fn check(&self, node: Node, cx: &mut FileContext);
}

pub static SOURCE_RULES: &[&dyn SourceRule] = &[
    &gt101_loopvar_capture::LoopvarCapture,
    &gt102_redundant_loopvar_copy::RedundantLoopvarCopy,
    &gt104_syncpool_misuse::SyncpoolMisuse,
    &gt201_goroutine_blocked_forever::GoroutineBlockedForever,
    &gt202_lost_cancel::LostCancel,
    &gt203_http_client_no_timeout::HttpClientNoTimeout,
    &gt204_http_default_client::HttpDefaultClient,
    &gt205_waitgroup_misuse::WaitgroupMisuse,
    &gt206_unbuffered_send_deadlock::UnbufferedSendDeadlock,
    &gt207_timer_leak_in_loop::TimerLeakInLoop,
    &gt209_context_not_propagated::ContextNotPropagated,
    &gt301_alloc_in_loop::AllocInLoop,
    &gt302_string_concat_in_loop::StringConcatInLoop,
    &gt303_time_now_in_loop::TimeNowInLoop,
    &gt304_large_heap_alloc::LargeHeapAlloc,
    &gt305_finalizer_misuse::FinalizerMisuse,
    &gt306_json_self_recursion::JsonSelfRecursion,
    &gt307_sprintf_trivial::SprintfTrivial,
];

/// A rule over a package (`source::package`): `collect` is called by the
/// one walk of each file (generated ones too: what they declare and do
/// counts) for the node kinds it names and keeps what the rule needs in the
/// file's facts; `check` runs once per package with every file's facts.
pub trait PackageRule: Sync {
    fn meta(&self) -> &'static RuleMeta;
    fn node_kinds(&self) -> &'static [&'static str];
    fn collect(&self, node: Node, cx: &mut FileContext, facts: &mut Facts);
    fn check(&self, cx: &mut PackageContext);
}

pub static PACKAGE_RULES: &[&dyn PackageRule] =
    &[&gt103_global_map_growth::GlobalMapGrowth, &gt208_mutex_read_heavy::MutexReadHeavy, &gt210_atomic_false_sharing::AtomicFalseSharing];

/// One import spec of an analysed Go file. A host that analyses the Go files
/// of a workspace in parts hands these to the run of the workspace rules
/// (`lib::Stages`), so they cross the boundary as JSON.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ImportSite {
    /// The Go file.
    pub file: String,
    pub import_path: String,
    /// The span of the path literal.
    #[serde(flatten)]
    pub span: Span,
}

/// A CI file, Dockerfile, Makefile, `.envrc` or shell script.
pub struct CiFile {
    pub path: String,
    pub content: Vec<u8>,
}

/// What a workspace rule sees: every module file, the imports of every
/// analysed Go file and the CI files.
pub struct WorkspaceContext<'a> {
    pub settings: &'a Settings,
    pub modules: &'a Modules,
    pub imports: &'a [ImportSite],
    pub ci_files: &'a [CiFile],
    pub findings: Vec<Finding>,
    /// Line starts of the files reported on, indexed once each: one go.mod
    /// may get a finding per requirement. (By path in a `SortedMap`: the
    /// rules report on module files in path order, one HashMap instance
    /// less in the wasm.)
    pub line_indexes: crate::sorted_map::SortedMap<LineIndex>,
}

impl WorkspaceContext<'_> {
    /// Reports at a byte range of a module or CI file.
    pub fn report(
        &mut self,
        rule: &'static RuleMeta,
        severity: Option<Severity>,
        path: &str,
        content: &[u8],
        range: std::ops::Range<usize>,
        message: String,
    ) -> &mut Finding {
        if !self.line_indexes.contains_key(path) {
            self.line_indexes.insert(path, LineIndex::new(content));
        }
        let span = self.line_indexes.get(path).expect("just indexed").span(content, range.start, range.end);
        self.report_span(rule, severity, path, span, message)
    }

    /// Reports at a span already computed (an import of a Go file). An
    /// explicit `severity` is the rule's graded level (info/warning); a
    /// severity configured in gotrap.toml wins over both.
    pub fn report_span(&mut self, rule: &'static RuleMeta, severity: Option<Severity>, path: &str, span: Span, message: String) -> &mut Finding {
        let severity = self.settings.configured_severity(rule).or(severity).unwrap_or(rule.severity);
        self.findings.push(rule.finding(severity, path, span, message));
        self.findings.last_mut().expect("just pushed")
    }

    pub fn related(path: &str, content: &[u8], range: std::ops::Range<usize>, message: String) -> Related {
        Related { path: path.to_string(), span: LineIndex::new(content).span(content, range.start, range.end), message }
    }
}

/// A rule over the workspace as a whole, run once after every Go file.
pub trait WorkspaceRule: Sync {
    fn meta(&self) -> &'static RuleMeta;
    fn check(&self, cx: &mut WorkspaceContext);
}

#[cfg(feature = "module-rules")]
pub static WORKSPACE_RULES: &[&dyn WorkspaceRule] = &[
    &gt501_replace_local_path::ReplaceLocalPath,
    &gt502_incompatible_version::IncompatibleVersion,
    &gt503_major_version_mismatch::MajorVersionMismatch,
    &gt504_go_sum_missing::GoSumMissing,
    &gt505_go_directive::GoDirective,
    &gt506_insecure_module_env::InsecureModuleEnv,
];

/// None in a build without the module rules (feature `module-rules`).
#[cfg(not(feature = "module-rules"))]
pub static WORKSPACE_RULES: &[&dyn WorkspaceRule] = &[];

/// Rules over runtime artifacts (profiles).
#[cfg(feature = "artifacts")]
pub static PROFILE_RULES: &[&runtime::ProfileRule] =
    &[&gt601_goroutine_leak::RULE, &gt602_lock_contention::RULE, &gt603_alloc_hotspot::RULE, &gt604_cpu_trap_pattern::RULE];

/// Rules over `GODEBUG=gctrace=1` logs (after the profile rules in id order).
#[cfg(feature = "artifacts")]
pub static GCTRACE_RULES: &[&runtime::GctraceRule] = &[&gt605_gc_pressure::RULE];

/// Rules over goroutine dumps and crash output (GT601 reads profiles too).
#[cfg(feature = "artifacts")]
pub static DUMP_RULES: &[&runtime::DumpRule] = &[&gt601_goroutine_leak::DUMP_RULE, &gt606_deadlock_crash::RULE];

/// Rules over `-gcflags=-m` escape reports.
#[cfg(feature = "artifacts")]
pub static ESCAPE_RULES: &[&runtime::EscapeRule] = &[&gt607_escape_report::RULE];

/// Rules over `go test -bench` outputs.
#[cfg(feature = "artifacts")]
pub static BENCH_RULES: &[&runtime::BenchRule] = &[&gt608_bench_regression::RULE];
