//! Facts about values shared by the allocation and pool rules: the loop an
//! expression runs in every iteration of, constant sizes, declarations at
//! the top of the file, and what each use of a local variable does with it.

use tree_sitter::Node;

use crate::source::context::FileContext;
use crate::source::scope::{declared_as, declared_names, has_operator, named_children, unparen, Declared};
use crate::source::syntax::{Field, Syntax};
use crate::source::walk::ChargedParent;
use crate::source::walk::{ancestors, enclosing_function, is_function};

/// The innermost loop that evaluates `node` once per iteration: `node` lies
/// in its body or its condition (`for cond`, or the condition or post
/// statement of a `for` clause), with no function boundary in between.
pub fn iteration_loop(node: Node) -> Option<Node> {
    let ancestors = ancestors(node);
    let mut child = node;
    for (level, &parent) in ancestors.iter().enumerate() {
        if is_function(parent) {
            return None;
        }
        match parent.kind_name() {
            // The body, or the condition of `for cond { ... }`.
            "for_statement" if !matches!(child.kind_name(), "for_clause" | "range_clause") => return Some(parent),
            "for_clause" if [Field::Condition, Field::Update].iter().any(|field| parent.field(*field).is_some_and(|f| f.id() == child.id())) => {
                return ancestors.get(level + 1).copied();
            }
            _ => {}
        }
        child = parent;
    }
    None
}

/// Whether the loop is a benchmark's `for i := 0; i < b.N; i++` or
/// `for b.Loop()` in a test file: it repeats the measured work on purpose.
pub fn is_benchmark_loop(for_statement: Node, cx: &FileContext) -> bool {
    let Some(body) = for_statement.field(Field::Body) else { return false };
    let header = &cx.source()[for_statement.start_byte()..body.start_byte()];
    let header = String::from_utf8_lossy(header);
    cx.file.is_test
        && (header.contains(".Loop()") || header.match_indices(".N").any(|(at, _)| !header[at + 2..].starts_with(|c: char| c.is_alphanumeric() || c == '_')))
}

/// Whether the loop is left right after `node`: it is part of a `return`
/// or of a call that never returns, or a later statement of a list holding
/// it (at any level inside the loop body) is a `return`, a `goto`, a
/// `break` out of the loop or a call that never returns. Such a node runs
/// at most once per loop, not every iteration.
pub fn leaves_loop_after(node: Node, for_statement: Node, cx: &FileContext) -> bool {
    let mut child = node;
    for parent in ancestors(node) {
        if parent.id() == for_statement.id() {
            return false;
        }
        let exit_itself = match parent.kind_name() {
            "return_statement" => true,
            "expression_statement" => parent.named_child(0).is_some_and(|call| cx.never_returns(call)),
            _ => false,
        };
        if exit_itself {
            return true;
        }
        if parent.kind_name() == "statement_list" {
            let later = named_children(parent).skip_while(|s| s.id() != child.id()).skip(1);
            let exits = later.into_iter().any(|statement| match statement.kind_name() {
                "return_statement" | "goto_statement" => true,
                "break_statement" => cx.branch_target(statement).is_none_or(|target| crate::source::walk::contains(target, for_statement)),
                "expression_statement" => statement.named_child(0).is_some_and(|call| cx.never_returns(call)),
                _ => false,
            });
            if exits {
                return true;
            }
        }
        child = parent;
    }
    false
}

/// The declaring identifier of a package-level name in this file (a `var`,
/// `const` or `type`), when no local declaration hides it at `use_site`.
pub fn top_level_declaration<'t>(use_site: Node<'t>, cx: &FileContext) -> Option<Node<'t>> {
    let name = cx.text(use_site);
    if cx.declaration_of(use_site, name.as_bytes(), None).is_some() {
        return None;
    }
    let mut root = use_site;
    while let Some(parent) = root.charged_parent() {
        root = parent;
    }
    let mut found = None;
    for declaration in named_children(root).filter(|n| matches!(n.kind_name(), "var_declaration" | "const_declaration" | "type_declaration")) {
        declared_names(declaration, |declared| {
            if found.is_none() && cx.text(declared) == name {
                found = Some(declared);
            }
        });
    }
    found
}

/// The declaring identifier of a name used at `use_site`: a local
/// declaration, else one at the top of the file.
pub fn declaration_anywhere<'t, 'a: 't>(use_site: Node<'t>, cx: &FileContext<'a>) -> Option<Node<'t>> {
    cx.declaration_of(use_site, cx.text(use_site).as_bytes(), None).or_else(|| top_level_declaration(use_site, cx))
}

/// The value of an integer constant expression: literals in any base,
/// `+ - * / % << >> & |`, parentheses, and constants declared (in the
/// function or at the top of the file) as such expressions. Bounded: deeper
/// or longer chains than a hand-written size expression are not followed.
pub fn constant_int(expr: Node, cx: &FileContext) -> Option<i128> {
    constant_int_within(expr, cx, 24)
}

fn constant_int_within(expr: Node, cx: &FileContext, budget: u32) -> Option<i128> {
    let budget = budget.checked_sub(1)?;
    let expr = unparen(expr);
    match expr.kind_name() {
        "int_literal" => parse_int_literal(cx.text(expr)),
        "unary_expression" => {
            let operand = constant_int_within(expr.field(Field::Operand)?, cx, budget)?;
            match expr.field(Field::Operator)?.kind_name() {
                "-" => operand.checked_neg(),
                "+" => Some(operand),
                _ => None,
            }
        }
        "binary_expression" => {
            let left = constant_int_within(expr.field(Field::Left)?, cx, budget)?;
            let right = constant_int_within(expr.field(Field::Right)?, cx, budget)?;
            match expr.field(Field::Operator)?.kind_name() {
                "+" => left.checked_add(right),
                "-" => left.checked_sub(right),
                "*" => left.checked_mul(right),
                "/" => left.checked_div(right),
                "%" => left.checked_rem(right),
                "<<" => u32::try_from(right).ok().filter(|shift| *shift < 100).and_then(|shift| left.checked_mul(1i128 << shift)),
                ">>" => u32::try_from(right).ok().filter(|shift| *shift < 127).map(|shift| left >> shift),
                "&" => Some(left & right),
                "|" => Some(left | right),
                _ => None,
            }
        }
        "identifier" => {
            let declaration = declaration_anywhere(expr, cx)?;
            if declaration.charged_parent()?.kind_name() != "const_spec" {
                return None;
            }
            match declared_as(declaration) {
                Declared::Value(value) => constant_int_within(value, cx, budget),
                _ => None,
            }
        }
        _ => None,
    }
}

/// `65536`, `0x1_0000`, `0o200000`, `0200000`, `0b1...`.
fn parse_int_literal(text: &str) -> Option<i128> {
    let digits = text.replace('_', "");
    let lower = digits.to_ascii_lowercase();
    let (radix, body) = if let Some(hex) = lower.strip_prefix("0x") {
        (16, hex)
    } else if let Some(octal) = lower.strip_prefix("0o") {
        (8, octal)
    } else if let Some(binary) = lower.strip_prefix("0b") {
        (2, binary)
    } else if lower.len() > 1 && lower.starts_with('0') {
        (8, &lower[1..])
    } else {
        (10, lower.as_str())
    };
    i128::from_str_radix(body, radix).ok()
}

/// The variable a value is bound to, with the statement: `x := v`,
/// `var x = v` (the `var_spec`) or `x = v` — one plain identifier (not
/// `_`), one value, parentheses around the value looked through.
pub fn bound_variable<'t>(value: Node<'t>, cx: &FileContext) -> Option<(Node<'t>, Node<'t>)> {
    let mut node = value;
    while let Some(parent) = node.charged_parent().filter(|p| p.kind_name() == "parenthesized_expression") {
        node = parent;
    }
    let list = node.charged_parent().filter(|l| l.kind_name() == "expression_list")?;
    let statement = list.charged_parent()?;
    let names: Vec<Node> = match statement.kind_name() {
        "short_var_declaration" | "assignment_statement" if statement.field(Field::Right).is_some_and(|r| r.id() == list.id()) => {
            named_children(statement.field(Field::Left)?).collect()
        }
        "var_spec" => {
            let mut cursor = statement.walk();
            statement.fields(Field::Name, &mut cursor).collect()
        }
        _ => return None,
    };
    let values = named_children(list).count();
    match names.as_slice() {
        [name] if values == 1 && name.kind_name() == "identifier" && cx.text(*name) != "_" => Some((*name, statement)),
        _ => None,
    }
}

/// The declaration of a variable named by `bound_variable`: the name itself
/// for `x := ...` and `var x = ...`, else the declaration `x = ...` assigns
/// (None for a package-level variable).
pub fn variable_declaration<'t, 'a: 't>(name: Node<'t>, cx: &FileContext<'a>) -> Option<Node<'t>> {
    let statement = name.charged_parent().and_then(|p| if p.kind_name() == "expression_list" { p.charged_parent() } else { Some(p) });
    if statement.is_some_and(|s| matches!(s.kind_name(), "short_var_declaration" | "var_spec")) {
        return Some(name);
    }
    cx.declaration_of(name, cx.text(name).as_bytes(), None)
}

/// How `ValueUse::Escapes` describes a use the syntax does not explain.
pub const UNFOLLOWED: &str = "used in a way gotrap does not follow";

/// What one use of a variable (or an expression in place) does with its
/// value, found by looking at the syntax around it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ValueUse<'t> {
    /// Read in place: indexed, `len`/`cap`, ranged over, compared, a field
    /// read, the source of a `copy` or of `append(dst, x...)`.
    Read,
    /// Changed through: `x[k] = v`, `x[k]++`, `x.f = v`, `delete(x, k)`,
    /// `clear(x)`, the destination of `copy`.
    WrittenThrough,
    /// Given a new value: `x = v`, `x += v`, `x++`.
    Reassigned,
    /// The receiver of a method call `x.M(...)`, with the method's name.
    MethodReceiver(String),
    /// An argument of a call (the call node), other than the builtins above;
    /// `append(x, ...)` counts as an argument of `append`.
    Argument(Node<'t>),
    /// Kept beyond the expression: returned, stored in a field, an element,
    /// another variable or a composite literal, appended, sent, or its
    /// address taken; says how.
    Escapes(&'static str),
}

/// What the expression at `node` (a use of a variable, or any expression)
/// does with its value. Parentheses and slicing (which keeps the backing
/// array) are looked through.
pub fn value_use<'t>(node: Node<'t>, cx: &FileContext) -> ValueUse<'t> {
    let mut node = node;
    loop {
        let Some(parent) = node.charged_parent() else { return ValueUse::Escapes(UNFOLLOWED) };
        let is_field = |field: Field| parent.field(field).is_some_and(|f| f.id() == node.id());
        match parent.kind_name() {
            "parenthesized_expression" => node = parent,
            "slice_expression" if is_field(Field::Operand) => node = parent,
            "unary_expression" if has_operator(parent, "&") => return ValueUse::Escapes("its address is taken"),
            "index_expression" if is_field(Field::Operand) => {
                return if is_assigned(parent) { ValueUse::WrittenThrough } else { ValueUse::Read };
            }
            "selector_expression" if is_field(Field::Operand) => {
                let field = parent.field(Field::Field).map_or("", |f| cx.text(f)).to_string();
                let called = parent
                    .charged_parent()
                    .is_some_and(|p| p.kind_name() == "call_expression" && p.field(Field::Function).is_some_and(|f| f.id() == parent.id()));
                return if called {
                    ValueUse::MethodReceiver(field)
                } else if is_assigned(parent) {
                    ValueUse::WrittenThrough
                } else {
                    ValueUse::Read
                };
            }
            "argument_list" => return argument_use(node, parent, cx),
            "variadic_argument" => {
                let call = parent.charged_parent().and_then(|list| list.charged_parent());
                return match call {
                    Some(call) if cx.calls_builtin(call, "append") => ValueUse::Read,
                    Some(call) => ValueUse::Argument(call),
                    None => ValueUse::Escapes(UNFOLLOWED),
                };
            }
            "expression_list" => return list_use(node, parent, cx),
            "range_clause" if is_field(Field::Right) => return ValueUse::Read,
            "send_statement" => return if is_field(Field::Channel) { ValueUse::Read } else { ValueUse::Escapes("sent on a channel") },
            "binary_expression" | "type_assertion_expression" | "expression_switch_statement" | "if_statement" | "type_switch_statement" => {
                return ValueUse::Read
            }
            "call_expression" if is_field(Field::Function) => return ValueUse::Read,
            "inc_statement" | "dec_statement" => return ValueUse::Reassigned,
            "literal_element" | "keyed_element" => return ValueUse::Escapes("stored in a composite literal"),
            _ => return ValueUse::Escapes(UNFOLLOWED),
        }
    }
}

/// Whether an index or selector expression is the target of an assignment,
/// `++` or `--`.
fn is_assigned(target: Node) -> bool {
    let Some(parent) = target.charged_parent() else { return false };
    match parent.kind_name() {
        "inc_statement" | "dec_statement" => true,
        "expression_list" => parent
            .charged_parent()
            .is_some_and(|a| a.kind_name() == "assignment_statement" && a.field(Field::Left).is_some_and(|left| left.id() == parent.id())),
        _ => false,
    }
}

fn argument_use<'t>(node: Node<'t>, list: Node<'t>, cx: &FileContext) -> ValueUse<'t> {
    let Some(call) = list.charged_parent() else { return ValueUse::Escapes(UNFOLLOWED) };
    let first = named_children(list).next().is_some_and(|n| n.id() == node.id());
    if cx.calls_builtin(call, "len") || cx.calls_builtin(call, "cap") {
        return ValueUse::Read;
    }
    if cx.calls_builtin(call, "delete") || cx.calls_builtin(call, "clear") {
        return if first { ValueUse::WrittenThrough } else { ValueUse::Read };
    }
    if cx.calls_builtin(call, "copy") {
        return if first { ValueUse::WrittenThrough } else { ValueUse::Read };
    }
    if cx.calls_builtin(call, "append") && !first {
        return ValueUse::Escapes("appended to a slice");
    }
    ValueUse::Argument(call)
}

/// A value in an expression list: assigned, declared with, or returned.
fn list_use<'t>(node: Node<'t>, list: Node<'t>, cx: &FileContext) -> ValueUse<'t> {
    let Some(statement) = list.charged_parent() else { return ValueUse::Escapes(UNFOLLOWED) };
    let on_left = statement.field(Field::Left).is_some_and(|left| left.id() == list.id());
    match statement.kind_name() {
        "return_statement" => ValueUse::Escapes("returned"),
        "assignment_statement" if on_left => ValueUse::Reassigned,
        "assignment_statement" => {
            let index = named_children(list).position(|n| n.id() == node.id());
            let target = statement.field(Field::Left).and_then(|left| index.and_then(|i| named_children(left).nth(i)));
            match target.map(unparen) {
                Some(target) if target.kind_name() == "identifier" && cx.text(target) == "_" => ValueUse::Read,
                Some(target) if target.kind_name() == "identifier" => ValueUse::Escapes("assigned to another variable"),
                _ => ValueUse::Escapes("stored"),
            }
        }
        "short_var_declaration" if on_left => ValueUse::Reassigned,
        "short_var_declaration" | "var_spec" => ValueUse::Escapes("assigned to another variable"),
        _ => ValueUse::Escapes(UNFOLLOWED),
    }
}

/// Whether a use of a variable lies in a different function (a closure)
/// from its declaration.
pub fn captured(use_site: Node, declaration: Node) -> bool {
    enclosing_function(use_site).map(|f| f.id()) != enclosing_function(declaration).map(|f| f.id())
}

/// Source text on one line, cut at `max` characters with `...`.
pub fn shorten(text: &str, max: usize) -> String {
    let flat: String = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() > max {
        format!("{}...", flat.chars().take(max.saturating_sub(3)).collect::<String>())
    } else {
        flat
    }
}
