//! The rule registry: the single source of truth for ids, names, families,
//! default severities, version gates, options and docs. Each rule lives in a
//! file of its own with its docs; adding one touches that file, its fixture
//! and one line of `SOURCE_RULES`.

pub mod channels;
pub mod gt101_loopvar_capture;
pub mod gt201_goroutine_blocked_forever;
pub mod gt202_lost_cancel;
pub mod gt203_http_client_no_timeout;
pub mod gt204_http_default_client;
pub mod gt205_waitgroup_misuse;
pub mod gt206_unbuffered_send_deadlock;
pub mod gt207_timer_leak_in_loop;
pub mod gt209_context_not_propagated;
pub mod gt302_string_concat_in_loop;
pub mod gt307_sprintf_trivial;
pub mod registry;
pub mod reserved;

use tree_sitter::Node;

use crate::report::{Finding, Severity, Span};
use crate::source::context::FileContext;

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
    &gt201_goroutine_blocked_forever::GoroutineBlockedForever,
    &gt202_lost_cancel::LostCancel,
    &gt203_http_client_no_timeout::HttpClientNoTimeout,
    &gt204_http_default_client::HttpDefaultClient,
    &gt205_waitgroup_misuse::WaitgroupMisuse,
    &gt206_unbuffered_send_deadlock::UnbufferedSendDeadlock,
    &gt207_timer_leak_in_loop::TimerLeakInLoop,
    &gt209_context_not_propagated::ContextNotPropagated,
    &gt302_string_concat_in_loop::StringConcatInLoop,
    &gt307_sprintf_trivial::SprintfTrivial,
];
