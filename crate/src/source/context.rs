//! What a source rule sees of a file, and how it reports.

use std::ops::Range;

use tree_sitter::Node;

use super::scope::declaration_of;
use super::walk::Walk;
use super::{SourceFile, VersionSource};
use crate::goversion::GoVersion;
use crate::report::{Applicability, Edit, Finding, Fix, Related, Severity};
use crate::rules::RuleMeta;
use crate::settings::Settings;

pub struct FileContext<'a> {
    pub file: &'a SourceFile<'a>,
    pub settings: &'a Settings,
    pub findings: Vec<Finding>,
}

/// Whether a version-gated trap applies to this file.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Gate {
    /// The file's version is known and the trap applies.
    Applies,
    /// No go.mod, build constraint or option sets the version.
    Unknown,
}

impl<'a> FileContext<'a> {
    pub fn new(file: &'a SourceFile<'a>, settings: &'a Settings) -> FileContext<'a> {
        FileContext { file, settings, findings: Vec::new() }
    }

    pub fn source(&self) -> &'a [u8] {
        self.file.content
    }

    pub fn text(&self, node: Node) -> &'a str {
        node.utf8_text(self.file.content).unwrap_or("")
    }

    /// A depth-bounded walk below `node`.
    pub fn walk<'t>(&self, node: Node<'t>) -> Walk<'t> {
        Walk::new(node, self.settings.limits.max_tree_depth)
    }

    /// Whether the trap applies at this file's Go version; `applies` says
    /// for which versions it does.
    pub fn gate(&self, applies: impl Fn(GoVersion) -> bool) -> Option<Gate> {
        match self.file.version {
            Some((version, _)) => applies(version).then_some(Gate::Applies),
            None => Some(Gate::Unknown),
        }
    }

    pub fn version_source(&self) -> Option<VersionSource> {
        self.file.version.map(|(_, source)| source)
    }

    /// Whether `operand` (an identifier) names the package imported as
    /// `import_path` here, i.e. it is that import's local name and no local
    /// declaration shadows it.
    pub fn is_package(&self, operand: Node, import_path: &str) -> bool {
        operand.kind() == "identifier"
            && self.file.imports.path_of(self.text(operand)) == Some(import_path)
            && declaration_of(operand, self.text(operand).as_bytes(), self.source(), None).is_none()
    }

    /// Whether `call` calls `import_path.name` (e.g. `time.After`).
    pub fn calls(&self, call: Node, import_path: &str, names: &[&str]) -> bool {
        let Some(function) = call.child_by_field_name("function").filter(|f| f.kind() == "selector_expression") else { return false };
        let (Some(operand), Some(field)) = (function.child_by_field_name("operand"), function.child_by_field_name("field")) else { return false };
        names.contains(&self.text(field)) && self.is_package(operand, import_path)
    }

    /// Reports a finding at the rule's configured severity.
    pub fn report(&mut self, rule: &'static RuleMeta, range: Range<usize>, message: String) -> &mut Finding {
        let severity = self.settings.severity_of(rule);
        self.report_at(rule, severity, range, message)
    }

    /// Reports a finding whose trap depends on a version gate: at info, naming
    /// the versions it is a trap at (`below go1.22`), when the file's version
    /// is unknown.
    pub fn report_gated(&mut self, rule: &'static RuleMeta, gate: Gate, range: Range<usize>, message: String, trap_versions: &str) -> &mut Finding {
        match gate {
            Gate::Applies => self.report(rule, range, message),
            Gate::Unknown => {
                let message = format!("{message} (a trap {trap_versions}; no go.mod sets this file's Go version)");
                self.report_at(rule, Severity::Info, range, message)
            }
        }
    }

    pub fn report_at(&mut self, rule: &'static RuleMeta, severity: Severity, range: Range<usize>, message: String) -> &mut Finding {
        let span = self.file.lines.span(self.file.content, range.start, range.end);
        self.findings.push(rule.finding(severity, self.file.path, span, message));
        self.findings.last_mut().expect("just pushed")
    }

    pub fn related(&self, range: Range<usize>, message: String) -> Related {
        Related { path: self.file.path.to_string(), span: self.file.lines.span(self.file.content, range.start, range.end), message }
    }

    pub fn fix(&self, applicability: Applicability, edits: Vec<(Range<usize>, String)>) -> Fix {
        Fix {
            applicability,
            edits: edits.into_iter().map(|(range, new_text)| Edit { byte_start: range.start as u32, byte_end: range.end as u32, new_text }).collect(),
        }
    }

    /// The indentation of the line holding byte `offset`.
    pub fn indentation_at(&self, offset: usize) -> &'a str {
        let content = self.file.content;
        let line_start = content[..offset].iter().rposition(|&b| b == b'\n').map_or(0, |n| n + 1);
        let width = content[line_start..].iter().take_while(|&&b| b == b' ' || b == b'\t').count();
        std::str::from_utf8(&content[line_start..line_start + width]).unwrap_or("")
    }
}
