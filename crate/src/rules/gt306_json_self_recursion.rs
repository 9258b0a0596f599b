//! GT306 json-self-recursion: a `MarshalJSON` or `UnmarshalJSON` method that
//! hands its own receiver back to encoding/json, which calls the method again.

use tree_sitter::Node;

use super::values::{declaration_anywhere, shorten};
use super::{Example, ExampleKind, Family, RuleMeta, SourceRule};
use crate::report::Severity;
use crate::source::context::FileContext;
use crate::source::scope::{declared_as, has_operator, named_children, unparen, Declared};
use crate::source::syntax::{Field, Syntax};
use crate::source::walk::ChargedParent;

pub static META: RuleMeta = RuleMeta {
    id: "GT306",
    name: "json-self-recursion",
    family: Family::Performance,
    severity: Severity::Error,
    summary: "MarshalJSON or UnmarshalJSON passes its own receiver back to encoding/json: infinite recursion (info: a self-referential type marshalled)",
    versions: "all",
    options: &[],
    docs: rule_docs!(
        r#"
## What it does
Reports, inside a method named `MarshalJSON`, a call of `json.Marshal`,
`json.MarshalIndent` or `json.NewEncoder(w).Encode` whose value is the
method's own receiver `r` or its address `&r`; inside a method named
`UnmarshalJSON`, a call of `json.Unmarshal` or `json.NewDecoder(r).Decode`
whose target is the receiver (pointer receiver) or its address `&r`.
`json` is resolved through the file's imports: an aliased import of
`encoding/json` counts, a variable named `json` (such as a jsoniter
configuration) or another package does not.

At info, it reports a value passed to `json.Marshal`, `json.MarshalIndent`
or `json.NewEncoder(w).Encode` whose type is visibly a struct type declared
in the file that holds itself through a field encoding/json encodes
(exported, not tagged `json:"-"`; `*T`, `[]T`, `[]*T`, `map[K]*T`...)
and that has no `MarshalJSON` of its own: `&T{...}`, `T{...}`, `new(T)`, or
a variable declared with type `T`/`*T` or such a value.

## Why is this a trap?
encoding/json calls a type's `MarshalJSON` (or `UnmarshalJSON`) whenever the
value, or a pointer to it, has the method. Passing the receiver back therefore
calls the same method again, forever: the goroutine's stack grows until the
runtime stops the process with `fatal error: stack overflow`, which no
`recover` catches. The usual cure is a defined type with the same fields but
none of the methods: `type plain T` and `json.Marshal(plain(r))` (or
`(*plain)(r)` for a pointer receiver).

A self-referential type is fine for shallow data, but encoding/json walks it
by recursion: it reports a cycle only once pointers nest 1,000 levels deep,
and a long acyclic chain (a linked list, a deep tree) is followed until the
goroutine's stack reaches its 1 GB limit — somewhere near a million levels —
and the process dies with `fatal error: stack overflow`, which no `recover`
catches. (`json.Unmarshal` stops at 10,000 levels with an error.)

## What it cannot see
gotrap has no type checker. The receiver reached through another variable
(`v := r; json.Marshal(v)`), a struct that embeds the receiver's type, an
encoder stored in a variable first (`enc := json.NewEncoder(w)`) and a
method that calls a helper which marshals the receiver are not followed.
For self-referential types, gotrap does not know how deep the data gets
(most trees are shallow: that case is info), follows a type through one
field only (not `A` holding `B` holding `A`), and sees only types declared
in the same file and values whose type is visible at the call.

## Overlap
none: go vet has no such check, and staticcheck's SA5007 (infinite
recursive call) sees only a function that calls itself directly, not the
call that goes through encoding/json.
"#
    ),
    examples: rule_examples!(&[
        Example {
            kind: ExampleKind::Bad,
            go_version: "1.22",
            code: r#"
package model

import "encoding/json"

type Event struct {
	Name string
	At   int64
}

func (e Event) MarshalJSON() ([]byte, error) {
	return json.Marshal(e) // calls Event.MarshalJSON again: stack overflow
}
"#,
        },
        Example {
            kind: ExampleKind::Good,
            go_version: "1.22",
            code: r#"
package model

import "encoding/json"

type Event struct {
	Name string
	At   int64
}

func (e Event) MarshalJSON() ([]byte, error) {
	type plain Event // same fields, no methods
	return json.Marshal(plain(e))
}
"#,
        },
    ]),
};

pub struct JsonSelfRecursion;

impl SourceRule for JsonSelfRecursion {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn node_kinds(&self) -> &'static [&'static str] {
        &["method_declaration", "call_expression"]
    }

    fn check(&self, node: Node, cx: &mut FileContext) {
        if node.kind_name() == "call_expression" {
            self_referential_value(node, cx);
        } else {
            own_receiver(node, cx);
        }
    }
}

/// A `MarshalJSON`/`UnmarshalJSON` method passing its receiver back.
fn own_receiver(method: Node, cx: &mut FileContext) {
    let Some(method_name) = method.field(Field::Name).map(|n| cx.text(n)) else { return };
    let marshal = match method_name {
        "MarshalJSON" => true,
        "UnmarshalJSON" => false,
        _ => return,
    };
    let Some((receiver, pointer)) = receiver(method) else { return };
    let Some(body) = method.field(Field::Body) else { return };
    let name = cx.text(receiver);
    if name == "_" {
        return;
    }
    let calls: Vec<Node> = cx.walk(body).filter(|n| n.kind_name() == "call_expression").collect();
    for call in calls {
        let Some((what, argument)) = json_call(call, marshal, cx) else { continue };
        let argument = unparen(argument);
        let (operand, addressed) = if argument.kind_name() == "unary_expression" && has_operator(argument, "&") {
            match argument.field(Field::Operand) {
                Some(operand) => (unparen(operand), true),
                None => continue,
            }
        } else {
            (argument, false)
        };
        if operand.kind_name() != "identifier" || cx.text(operand) != name {
            continue;
        }
        if cx.declaration_of(operand, name.as_bytes(), None).is_none_or(|d| d.id() != receiver.id()) {
            continue;
        }
        // A value receiver passed by value to Unmarshal is an error, not a call.
        if !marshal && !pointer && !addressed {
            continue;
        }
        let passed = if addressed { format!("&{name}") } else { name.to_string() };
        let cure = if pointer { format!("(*plain)({name})") } else { format!("plain({name})") };
        let message = format!(
            "{method_name} passes its own receiver ({passed}) to {what}, which calls {method_name} again: infinite recursion ending in a fatal stack overflow; convert to a type without the method (`type plain T`, then {cure})"
        );
        cx.report(&META, argument.byte_range(), message);
    }
}

/// The receiver's name and whether it is a pointer receiver.
fn receiver(method: Node) -> Option<(Node, bool)> {
    let list = method.field(Field::Receiver)?;
    let declaration = named_children(list).find(|n| n.kind_name() == "parameter_declaration")?;
    let name = declaration.field(Field::Name)?;
    let mut written = declaration.field(Field::Type)?;
    while written.kind_name() == "parenthesized_type" {
        written = written.named_child(0)?;
    }
    Some((name, written.kind_name() == "pointer_type"))
}

/// For a call that (un)marshals: how it is written in messages and the value
/// (Marshal) or target (Unmarshal) argument.
fn json_call<'t>(call: Node<'t>, marshal: bool, cx: &FileContext) -> Option<(&'static str, Node<'t>)> {
    let (what, value_index) = json_function(call, marshal, cx)?;
    named_children(call.field(Field::Arguments)?).filter(|n| n.kind_name() != "comment").nth(value_index).map(|value| (what, value))
}

/// Which of those a call calls, and the index of the argument it reads
/// or fills.
fn json_function(call: Node, marshal: bool, cx: &FileContext) -> Option<(&'static str, usize)> {
    if marshal {
        if let Some(name) = cx.called(call, "encoding/json", &["Marshal", "MarshalIndent"]) {
            return Some((if name == "Marshal" { "json.Marshal" } else { "json.MarshalIndent" }, 0));
        }
    } else if cx.calls(call, "encoding/json", &["Unmarshal"]) {
        return Some(("json.Unmarshal", 1));
    }
    let function = unparen(call.field(Field::Function)?);
    if function.kind_name() != "selector_expression" {
        return None;
    }
    let field = cx.text(function.field(Field::Field)?);
    let (method, constructor, what) = if marshal { ("Encode", "NewEncoder", "json.Encoder.Encode") } else { ("Decode", "NewDecoder", "json.Decoder.Decode") };
    if field != method {
        return None;
    }
    let operand = unparen(function.field(Field::Operand)?);
    cx.calls(operand, "encoding/json", &[constructor]).then_some((what, 0))
}

/// `json.Marshal(v)` (or `MarshalIndent`, `Encoder.Encode`) where `v`
/// visibly has a struct type of this file that holds itself through an
/// exported field and has no `MarshalJSON` of its own: info.
fn self_referential_value(call: Node, cx: &mut FileContext) {
    let Some((what, value)) = json_call(call, true, cx) else { return };
    let Some(type_name) = value_type_name(value, cx) else { return };
    let Some(spec) = declaration_anywhere(type_name, cx).and_then(|d| d.charged_parent()).filter(|s| s.kind_name() == "type_spec") else { return };
    let name = cx.text(type_name);
    let Some(field) = self_field(spec, name, cx) else { return };
    if has_marshal_method(call, name, cx) {
        return;
    }
    let shown = shorten(cx.text(value), 40);
    let message = format!(
        "{what} of {shown}, a {name} that holds a {name} (field {field}): encoding/json reports a cycle only after 1,000 levels, and a long chain without one is followed level by level until the goroutine's stack overflows (near a million levels), a fatal error that recover cannot catch; bound the depth if the data can be that deep"
    );
    let severity = cx.settings.configured_severity(&META).unwrap_or(Severity::Info);
    cx.report_at(&META, severity, value.byte_range(), message);
}

/// The type name a value visibly has: `T{}`, `&T{}`, `new(T)`, or a
/// variable declared with type `T`/`*T` or such a value.
fn value_type_name<'t, 'a: 't>(value: Node<'t>, cx: &FileContext<'a>) -> Option<Node<'t>> {
    let mut expr = unparen(value);
    for _ in 0..8 {
        let written = match expr.kind_name() {
            "unary_expression" if has_operator(expr, "&") => {
                expr = unparen(expr.field(Field::Operand)?);
                continue;
            }
            "composite_literal" => expr.field(Field::Type)?,
            "call_expression" if cx.calls_builtin(expr, "new") => named_children(expr.field(Field::Arguments)?).next()?,
            "identifier" => match declared_as(declaration_anywhere(expr, cx)?) {
                Declared::Type(written) => written,
                Declared::Value(initial) => {
                    expr = unparen(initial);
                    continue;
                }
                Declared::Unknown => return None,
            },
            _ => return None,
        };
        let written = if written.kind_name() == "pointer_type" { written.named_child(0)? } else { written };
        return (written.kind_name() == "type_identifier").then_some(written);
    }
    None
}

/// The first exported (or embedded) field of struct type `name` whose type
/// holds `name` again (`*T`, `[]T`, `[]*T`, `map[K]*T`, `[N]*T`) and that
/// encoding/json does not skip (`json:"-"`).
fn self_field(spec: Node, name: &str, cx: &FileContext) -> Option<String> {
    if spec.field(Field::TypeParameters).is_some() {
        return None;
    }
    let structure = spec.field(Field::Type).filter(|t| t.kind_name() == "struct_type")?;
    let fields = named_children(structure).flat_map(|list| named_children(list).collect::<Vec<_>>()).filter(|f| f.kind_name() == "field_declaration");
    for field in fields {
        let Some(mut written) = field.field(Field::Type) else { continue };
        let skipped = field.field(Field::Tag).is_some_and(|tag| cx.text(tag).contains("json:\"-\""));
        let mut cursor = field.walk();
        let names: Vec<Node> = field.fields(Field::Name, &mut cursor).collect();
        let exported = names.iter().find(|n| cx.text(**n).starts_with(|c: char| c.is_ascii_uppercase()));
        if skipped || (!names.is_empty() && exported.is_none()) {
            continue;
        }
        for _ in 0..8 {
            written = match written.kind_name() {
                "pointer_type" | "slice_type" | "array_type" => written.field(Field::Element).or_else(|| written.named_child(0))?,
                "map_type" => written.field(Field::Value)?,
                _ => break,
            };
        }
        if written.kind_name() == "type_identifier" && cx.text(written) == name {
            return Some(exported.map_or_else(|| cx.text(written), |n| cx.text(*n)).to_string());
        }
    }
    None
}

/// Whether this file declares a `MarshalJSON` method on `name` or `*name`.
fn has_marshal_method(node: Node, name: &str, cx: &FileContext) -> bool {
    let mut root = node;
    while let Some(parent) = root.charged_parent() {
        root = parent;
    }
    named_children(root).filter(|n| n.kind_name() == "method_declaration").any(|method| {
        method.field(Field::Name).is_some_and(|n| cx.text(n) == "MarshalJSON")
            && method
                .field(Field::Receiver)
                .and_then(|list| named_children(list).find(|n| n.kind_name() == "parameter_declaration"))
                .and_then(|declaration| declaration.field(Field::Type))
                .is_some_and(|written| cx.text(written).trim_start_matches(['*', '(', ' ']).trim_end_matches(')') == name)
    })
}
