//! Facts about local channels shared by the channel rules: where a channel
//! variable is made, and how each use of it treats it.

use tree_sitter::Node;

use crate::source::context::FileContext;
use crate::source::scope::{has_operator, named_children, unparen};
use crate::source::syntax::{Field, Syntax};
use crate::source::walk::ChargedParent;

/// `make(chan T)` or `make(chan T, n)`: the capacity expression, if any.
pub fn make_chan<'t>(expr: Node<'t>, cx: &FileContext) -> Option<Option<Node<'t>>> {
    let call = unparen(expr);
    if call.kind_name() != "call_expression" {
        return None;
    }
    let function = call.field(Field::Function)?;
    if cx.text(function) != "make" || cx.declaration_of(function, b"make", None).is_some() {
        return None;
    }
    let mut args = named_children(call.field(Field::Arguments)?);
    let kind = args.next()?;
    if kind.kind_name() != "channel_type" {
        return None;
    }
    Some(args.next())
}

/// The single identifier a declaration statement declares with a
/// `make(chan ...)` value: `ch := make(chan T)` or `var ch = make(chan T)`.
pub fn declared_channel<'t>(statement: Node<'t>, cx: &FileContext) -> Option<(Node<'t>, Node<'t>)> {
    let (names, values): (Vec<Node>, Vec<Node>) = match statement.kind_name() {
        "short_var_declaration" => (named_children(statement.field(Field::Left)?).collect(), named_children(statement.field(Field::Right)?).collect()),
        "var_declaration" => {
            let spec = named_children(statement).next().filter(|spec| spec.kind_name() == "var_spec")?;
            let mut cursor = spec.walk();
            let names = spec.fields(Field::Name, &mut cursor).collect();
            (names, named_children(spec.field(Field::Value)?).collect())
        }
        _ => return None,
    };
    match (names.as_slice(), values.as_slice()) {
        ([name], [value]) if name.kind_name() == "identifier" && make_chan(*value, cx).is_some() => Some((*name, *value)),
        _ => None,
    }
}

/// What one use of a channel variable does with the channel.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChannelUse {
    /// The declaring identifier itself.
    Declaration,
    /// `<-ch`, `range ch`, `len(ch)`, `cap(ch)`: cannot unblock a receiver.
    Receive,
    /// `ch <- v` as a statement.
    Send,
    /// Anything else: closed, passed, stored, returned, reassigned.
    Escapes,
}

pub fn classify_use(identifier: Node, declaration: Node, cx: &FileContext) -> ChannelUse {
    if identifier.id() == declaration.id() {
        return ChannelUse::Declaration;
    }
    let mut node = identifier;
    while let Some(parent) = node.charged_parent().filter(|p| p.kind_name() == "parenthesized_expression") {
        node = parent;
    }
    let Some(parent) = node.charged_parent() else { return ChannelUse::Escapes };
    match parent.kind_name() {
        "unary_expression" if has_operator(parent, "<-") => ChannelUse::Receive,
        "range_clause" if parent.field(Field::Right).is_some_and(|r| r.id() == node.id()) => ChannelUse::Receive,
        "send_statement" if parent.field(Field::Channel).is_some_and(|c| c.id() == node.id()) => ChannelUse::Send,
        "argument_list" => {
            let function = parent.charged_parent().and_then(|call| call.field(Field::Function));
            let builtin = function.filter(|f| matches!(cx.text(*f), "len" | "cap"));
            if builtin.is_some_and(|f| cx.declaration_of(f, cx.text(f).as_bytes(), None).is_none()) {
                ChannelUse::Receive
            } else {
                ChannelUse::Escapes
            }
        }
        _ => ChannelUse::Escapes,
    }
}

/// Every use, in `scope`, of the variable declared by `declaration`.
pub fn uses_of<'t>(declaration: Node<'t>, scope: Node<'t>, cx: &FileContext) -> Vec<Node<'t>> {
    let name = cx.text(declaration);
    cx.walk(scope)
        .filter(|node| node.kind_name() == "identifier" && cx.text(*node) == name)
        .filter(|node| node.id() == declaration.id() || cx.declaration_of(*node, name.as_bytes(), None).is_some_and(|d| d.id() == declaration.id()))
        .collect()
}

/// The name of a function node for messages.
pub fn function_name(function: Node, cx: &FileContext) -> String {
    match function.field(Field::Name) {
        Some(name) if function.kind_name() != "func_literal" => cx.text(name).to_string(),
        _ => "the enclosing func literal".to_string(),
    }
}
