//! What a source rule sees of a file, and how it reports.

use std::cell::Cell;
use std::collections::HashMap;
use std::ops::Range;

use tree_sitter::Node;

use super::scope::{declared_as, has_operator, last_in_list, last_statement, named_children, unparen, Declared, Scopes};
use super::syntax::{Field, Syntax};
use super::walk::{keep_parent, Walk};
use super::{SourceFile, VersionSource};
use crate::goversion::GoVersion;
use crate::report::{Applicability, Finding, Fix, Related, Severity};
use crate::rules::RuleMeta;
use crate::settings::Settings;
use crate::source::walk::ChargedParent;

pub struct FileContext<'a> {
    pub file: &'a SourceFile<'a>,
    pub settings: &'a Settings,
    pub findings: Vec<Finding>,
    scopes: Scopes<'a>,
    /// Facts about the whole file, computed once when a rule first asks.
    field_assignments: HashMap<String, Vec<Node<'a>>>,
    package_selectors: HashMap<String, usize>,
    memos: HashMap<(usize, String), u64>,
    /// The node `refers_to` was last asked about (by id) and what it names.
    last_reference: Cell<Option<(usize, Option<Reference<'a>>)>>,
    /// The call `called` was last asked about and its function (by ids):
    /// rules ask this of each call in turn, and the function's reference
    /// is then the one `last_reference` keeps.
    last_call: Cell<Option<(usize, usize)>>,
}

/// What a node names (`FileContext::refers_to`).
#[derive(Debug, Clone, Copy)]
struct Reference<'a> {
    /// The selected name (`After` in `time.After`), or the bare name.
    name: &'a str,
    /// The import path a selector's operand names; None for a bare name.
    package: Option<&'a str>,
    /// Whether a local declaration shadows the operand or the bare name,
    /// once asked.
    shadowed: Option<bool>,
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
        FileContext {
            file,
            settings,
            findings: Vec::new(),
            scopes: Scopes::new(file.tree.root_node(), file.content),
            field_assignments: HashMap::new(),
            package_selectors: HashMap::new(),
            memos: HashMap::new(),
            last_reference: Cell::new(None),
            last_call: Cell::new(None),
        }
    }

    pub fn source(&self) -> &'a [u8] {
        self.file.content
    }

    pub fn text(&self, node: Node) -> &'a str {
        node.utf8_text(self.file.content).unwrap_or("")
    }

    /// The declaring identifier of a use (see `Scopes::declaration_of`).
    pub fn declaration_of<'t>(&self, use_site: Node<'t>, name: &[u8], within: Option<Node<'t>>) -> Option<Node<'t>>
    where
        'a: 't,
    {
        self.scopes.declaration_of(use_site, name, within)
    }

    /// Whether a statement of the list holding `statement` declares `name`
    /// before it.
    pub fn declared_earlier_in_list(&self, statement: Node, name: &str) -> bool {
        self.scopes.declared_earlier_in_list(statement, name.as_bytes())
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

    /// Whether a trap decided by a GODEBUG setting of the main module
    /// applies (see `MainModule::godebug_value`); `trap` says for which
    /// values it does. Unknown when neither a go line nor a setting decides.
    pub fn godebug_gate(&self, key: &str, changed: u32, old: &str, new: &str, trap: impl Fn(&str) -> bool) -> Option<Gate> {
        match self.file.main_module.godebug_value(key, changed, old, new) {
            Some(value) => trap(&value).then_some(Gate::Applies),
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
        matches!(operand.kind_name(), "identifier" | "package_identifier")
            && self.file.imports.path_of(self.text(operand)) == Some(import_path)
            && self.declaration_of(operand, self.text(operand).as_bytes(), None).is_none()
    }

    /// Which of `import_path`'s `names` a node refers to: a selector
    /// (`time.After`, `h.DefaultClient`), a qualified type (`http.Client`),
    /// or, under a dot import, a bare name no local declaration shadows.
    /// Rules ask this of one node after another (every rule looking at a
    /// call asks of its function): what the node names is kept for the next
    /// question until another node is asked about.
    pub fn refers_to(&self, node: Node, import_path: &str, names: &[&str]) -> Option<&'a str> {
        let reference = match self.last_reference.get() {
            Some((id, reference)) if id == node.id() => reference,
            _ => {
                let reference = self.reference(node);
                self.last_reference.set(Some((node.id(), reference)));
                reference
            }
        };
        if let Some(answer) = self.answer(reference, import_path, names) {
            return answer;
        }
        let reference = reference?;
        // The operand of a selector, or the bare name.
        let named = if reference.package.is_some() { node.field(Field::Operand).or_else(|| node.field(Field::Package))? } else { node };
        if named.id() != node.id() {
            keep_parent(named, node);
        }
        let shadowed = self.declaration_of(named, self.text(named).as_bytes(), None).is_some();
        self.last_reference.set(Some((node.id(), Some(Reference { shadowed: Some(shadowed), ..reference }))));
        (!shadowed).then_some(reference.name)
    }

    /// What `refers_to` answers from a node's reference, when that does not
    /// wait on whether a local declaration shadows it.
    fn answer(&self, reference: Option<Reference<'a>>, import_path: &str, names: &[&str]) -> Option<Option<&'a str>> {
        let Some(reference) = reference else { return Some(None) };
        let from_package = match reference.package {
            Some(package) => package == import_path,
            None => self.file.imports.dot.iter().any(|path| path == import_path),
        };
        if !names.contains(&reference.name) || !from_package {
            return Some(None);
        }
        reference.shadowed.map(|shadowed| (!shadowed).then_some(reference.name))
    }

    /// What a node names, for `refers_to`.
    fn reference(&self, node: Node) -> Option<Reference<'a>> {
        let (operand, name) = match node.kind_name() {
            "selector_expression" => (node.field(Field::Operand)?, node.field(Field::Field)?),
            "qualified_type" => (node.field(Field::Package)?, node.field(Field::Name)?),
            "identifier" | "type_identifier" => return Some(Reference { name: self.text(node), package: None, shadowed: None }),
            _ => return None,
        };
        let package = match operand.kind_name() {
            "identifier" | "package_identifier" => self.file.imports.path_of(self.text(operand))?,
            _ => return None,
        };
        Some(Reference { name: self.text(name), package: Some(package), shadowed: None })
    }

    /// Which of `import_path`'s functions `names` a call calls (e.g. `time.After`).
    pub fn called(&self, call: Node, import_path: &str, names: &[&str]) -> Option<&'a str> {
        if call.kind_name() != "call_expression" {
            return None;
        }
        if let (Some((call_id, function_id)), Some((reference_id, reference))) = (self.last_call.get(), self.last_reference.get()) {
            if call_id == call.id() && reference_id == function_id {
                if let Some(answer) = self.answer(reference, import_path, names) {
                    return answer;
                }
            }
        }
        let function = call.field(Field::Function)?;
        keep_parent(function, call);
        let function = super::scope::unparen(function);
        self.last_call.set(Some((call.id(), function.id())));
        self.refers_to(function, import_path, names)
    }

    /// Whether `call` calls `import_path.name` (e.g. `time.After`).
    pub fn calls(&self, call: Node, import_path: &str, names: &[&str]) -> bool {
        self.called(call, import_path, names).is_some()
    }

    /// Whether `call` calls the builtin `name` (not shadowed here).
    pub fn calls_builtin(&self, call: Node, name: &str) -> bool {
        self.called_builtin(call, &[name]).is_some()
    }

    /// Which of the builtins `names` `call` calls (not shadowed here): one
    /// look at the call for a rule telling several builtins apart.
    pub fn called_builtin(&self, call: Node, names: &[&str]) -> Option<&'a str> {
        if call.kind_name() != "call_expression" {
            return None;
        }
        let function = call.field(Field::Function).filter(|f| f.kind_name() == "identifier")?;
        let name = self.text(function);
        if !names.contains(&name) {
            return None;
        }
        keep_parent(function, call);
        self.declaration_of(function, name.as_bytes(), None).is_none().then_some(name)
    }

    /// The operands `x` of every `x.field = ...` (or `op=`) assignment in the
    /// file, in order; computed once per file and field.
    pub fn field_assignments(&mut self, field: &str) -> Vec<Node<'a>> {
        if let Some(operands) = self.field_assignments.get(field) {
            return operands.clone();
        }
        let root: Node<'a> = self.file.tree.root_node();
        let mut operands = Vec::new();
        for node in self.walk(root).filter(|n| n.kind_name() == "assignment_statement") {
            let Some(left) = node.field(Field::Left) else { continue };
            for target in named_children(left).filter(|t| t.kind_name() == "selector_expression") {
                if target.field(Field::Field).is_some_and(|f| self.text(f) == field) {
                    operands.extend(target.field(Field::Operand));
                }
            }
        }
        self.field_assignments.insert(field.to_string(), operands.clone());
        operands
    }

    /// A fact about a node, computed once per node and key (so a rule
    /// asking the same question of one loop or list for each statement in it
    /// stays linear).
    pub fn memo(&mut self, node: Node, key: &str, compute: impl FnOnce(&Self) -> u64) -> u64 {
        if let Some(value) = self.memos.get(&(node.id(), key.to_string())) {
            return *value;
        }
        let value = compute(self);
        self.memos.insert((node.id(), key.to_string()), value);
        value
    }

    pub fn memo_flag(&mut self, node: Node, key: &str, compute: impl FnOnce(&Self) -> bool) -> bool {
        self.memo(node, key, |cx| compute(cx) as u64) != 0
    }

    /// How many selectors `pkg.X` in the file name the package imported as
    /// `import_path`; computed once per file and path.
    pub fn package_selector_count(&mut self, import_path: &str) -> usize {
        if let Some(count) = self.package_selectors.get(import_path) {
            return *count;
        }
        let root: Node<'a> = self.file.tree.root_node();
        let count = self
            .walk(root)
            .filter(|n| n.kind_name() == "selector_expression" || n.kind_name() == "qualified_type")
            .filter(|n| n.field(Field::Operand).or_else(|| n.field(Field::Package)).is_some_and(|p| self.is_package(p, import_path)))
            .count();
        self.package_selectors.insert(import_path.to_string(), count);
        count
    }

    /// Whether control never goes on after `statement`: Go's terminating
    /// statements, `break`/`continue`/`goto`/`fallthrough`, and calls that
    /// never return (`panic`, and any `x.Fatal*`, `x.Exit`, `x.Panic*`,
    /// `x.FailNow`, `x.Skip*`, `x.Goexit` — a guess from the name that errs
    /// toward "never returns", so rules that prune paths with it report less).
    pub fn terminates(&self, statement: Node) -> bool {
        let mut pending = vec![statement];
        while let Some(statement) = pending.pop() {
            match statement.kind_name() {
                "return_statement" | "goto_statement" | "fallthrough_statement" | "break_statement" | "continue_statement" => {}
                "expression_statement" => {
                    if !statement.named_child(0).is_some_and(|call| self.never_returns(call)) {
                        return false;
                    }
                }
                "block" => match last_statement(statement) {
                    Some(last) => pending.push(last),
                    None => return false,
                },
                "labeled_statement" => match named_children(statement).nth(1) {
                    Some(inner) => pending.push(inner),
                    None => return false,
                },
                "if_statement" => {
                    let (Some(consequence), Some(alternative)) = (statement.field(Field::Consequence), statement.field(Field::Alternative)) else {
                        return false;
                    };
                    pending.push(consequence);
                    pending.push(alternative);
                }
                "for_statement" => {
                    let endless = match named_children(statement).next() {
                        Some(header) if header.kind_name() == "for_clause" => header.field(Field::Condition).is_none(),
                        Some(header) => header.kind_name() == "block",
                        None => true,
                    };
                    if !endless || self.is_broken(statement) {
                        return false;
                    }
                }
                "select_statement" | "expression_switch_statement" | "type_switch_statement" => {
                    let cases: Vec<Node> = named_children(statement)
                        .filter(|n| matches!(n.kind_name(), "expression_case" | "type_case" | "communication_case" | "default_case"))
                        .collect();
                    let has_default = cases.iter().any(|case| case.kind_name() == "default_case");
                    if (statement.kind_name() != "select_statement" && !has_default) || self.is_broken(statement) {
                        return false;
                    }
                    for case in cases {
                        match named_children(case).filter(|n| n.kind_name() == "statement_list").last().and_then(last_in_list) {
                            Some(last) => pending.push(last),
                            None => return false,
                        }
                    }
                }
                _ => return false,
            }
        }
        true
    }

    /// Whether an expression is a call that never returns (see `terminates`).
    pub fn never_returns(&self, expr: Node) -> bool {
        let call = unparen(expr);
        if self.calls_builtin(call, "panic") {
            return true;
        }
        let Some(function) = call.field(Field::Function).filter(|f| call.kind_name() == "call_expression" && f.kind_name() == "selector_expression") else {
            return false;
        };
        let field = function.field(Field::Field).map_or("", |f| self.text(f));
        matches!(field, "Fatal" | "Fatalf" | "Fatalln" | "Exit" | "Panic" | "Panicf" | "Panicln" | "FailNow" | "SkipNow" | "Skip" | "Skipf" | "Goexit")
    }

    /// Whether a `break` inside a loop, switch or select leaves it.
    pub fn is_broken(&self, statement: Node) -> bool {
        let mut walk = self.walk(statement);
        while let Some(node) = walk.next() {
            if node.kind_name() == "func_literal" {
                walk.skip_children();
            } else if node.kind_name() == "break_statement" && self.branch_target(node).is_some_and(|target| target.id() == statement.id()) {
                return true;
            }
        }
        false
    }

    /// The statement a `break` or `continue` leaves or continues.
    pub fn branch_target<'t>(&self, branch: Node<'t>) -> Option<Node<'t>> {
        let label = named_children(branch).next().map(|l| self.text(l));
        let mut node = branch;
        while let Some(parent) = node.charged_parent() {
            match (parent.kind_name(), label) {
                ("function_declaration" | "method_declaration" | "func_literal", _) => return None,
                ("labeled_statement", Some(label)) if parent.field(Field::Label).is_some_and(|l| self.text(l) == label) => {
                    return named_children(parent).nth(1);
                }
                ("for_statement", None) => return Some(parent),
                ("expression_switch_statement" | "type_switch_statement" | "select_statement", None) if branch.kind_name() == "break_statement" => {
                    return Some(parent)
                }
                _ => {}
            }
            node = parent;
        }
        None
    }

    /// The constant N bounding `for i := 0; i < N; i++` (or `<=`) or
    /// `for range N`: an integer literal or a constant declared as one.
    pub fn loop_constant_bound(&self, for_statement: Node) -> Option<u64> {
        let bound = match named_children(for_statement).next() {
            Some(header) if header.kind_name() == "for_clause" => header
                .field(Field::Condition)
                .filter(|c| c.kind_name() == "binary_expression" && (has_operator(*c, "<") || has_operator(*c, "<=")))
                .and_then(|c| c.field(Field::Right)),
            Some(header) if header.kind_name() == "range_clause" => header.field(Field::Right),
            _ => None,
        };
        let mut bound = unparen(bound?);
        if bound.kind_name() == "identifier" {
            let declaration = self.declaration_of(bound, self.text(bound).as_bytes(), None);
            let constant = declaration.filter(|d| d.charged_parent().is_some_and(|spec| spec.kind_name() == "const_spec"));
            match constant.map(declared_as) {
                Some(Declared::Value(value)) => bound = unparen(value),
                _ => return None,
            }
        }
        (bound.kind_name() == "int_literal").then(|| self.text(bound).replace('_', "").parse::<u64>().ok()).flatten()
    }

    /// The type an expression visibly has without a type checker: a basic
    /// type name (`int`, `int64`, `string`, `bool`, `float64`...) from a
    /// literal, a conversion, `len`/`cap`, a `fmt.Sprint*`/`strconv`
    /// string result, or a variable whose declaration says it (written type
    /// or such an initial value). Untyped constants get their default type.
    pub fn evident_type(&self, expr: Node) -> Option<&'static str> {
        let mut expr = unparen(expr);
        // Each step follows one variable to its declaration, which comes
        // earlier in the file; the bound only guards against surprises.
        for _ in 0..16 {
            match expr.kind_name() {
                "int_literal" => return Some("int"),
                "float_literal" => return Some("float64"),
                "interpreted_string_literal" | "raw_string_literal" => return Some("string"),
                "rune_literal" => return Some("rune"),
                "true" | "false" => return (self.declaration_of(expr, self.text(expr).as_bytes(), None).is_none()).then_some("bool"),
                "call_expression" => {
                    if self.calls_builtin(expr, "len") || self.calls_builtin(expr, "cap") {
                        return Some("int");
                    }
                    if self.calls(expr, "fmt", &["Sprint", "Sprintf", "Sprintln"])
                        || self.calls(expr, "strconv", &["Itoa", "Quote", "FormatInt", "FormatUint", "FormatBool"])
                    {
                        return Some("string");
                    }
                    let function = expr.field(Field::Function)?;
                    let arguments = expr.field(Field::Arguments).map_or(0, |a| named_children(a).count());
                    return if function.kind_name() == "identifier" && arguments == 1 { self.basic_type_name(function) } else { None };
                }
                "identifier" => {
                    let declaration = self.declaration_of(expr, self.text(expr).as_bytes(), None)?;
                    match declared_as(declaration) {
                        Declared::Type(written) => return self.basic_type_name(written),
                        Declared::Value(value) => expr = unparen(value),
                        Declared::Unknown => return None,
                    }
                }
                _ => return None,
            }
        }
        None
    }

    /// `int`, `string`... when `node` names a predeclared basic type here.
    fn basic_type_name(&self, node: Node) -> Option<&'static str> {
        const BASIC: [&str; 19] = [
            "bool",
            "string",
            "int",
            "int8",
            "int16",
            "int32",
            "int64",
            "uint",
            "uint8",
            "uint16",
            "uint32",
            "uint64",
            "uintptr",
            "byte",
            "rune",
            "float32",
            "float64",
            "complex64",
            "complex128",
        ];
        if !matches!(node.kind_name(), "identifier" | "type_identifier") {
            return None;
        }
        let name = self.text(node);
        let basic = BASIC.iter().find(|basic| **basic == name)?;
        self.declaration_of(node, name.as_bytes(), None).is_none().then_some(*basic)
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
        Fix::new(applicability, edits)
    }

    /// The indentation of the line holding byte `offset`.
    pub fn indentation_at(&self, offset: usize) -> &'a str {
        let content = self.file.content;
        let line_start = content[..offset].iter().rposition(|&b| b == b'\n').map_or(0, |n| n + 1);
        let width = content[line_start..].iter().take_while(|&&b| b == b' ' || b == b'\t').count();
        std::str::from_utf8(&content[line_start..line_start + width]).unwrap_or("")
    }
}
