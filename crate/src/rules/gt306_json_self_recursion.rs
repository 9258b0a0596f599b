//! GT306 json-self-recursion: a `MarshalJSON` or `UnmarshalJSON` method that
//! hands its own receiver back to encoding/json, which calls the method again.

use tree_sitter::Node;

use super::{Example, ExampleKind, Family, RuleMeta, SourceRule};
use crate::report::Severity;
use crate::source::context::FileContext;
use crate::source::scope::{has_operator, named_children, unparen};

pub static META: RuleMeta = RuleMeta {
    id: "GT306",
    name: "json-self-recursion",
    family: Family::Performance,
    severity: Severity::Error,
    summary: "MarshalJSON or UnmarshalJSON passes its own receiver back to encoding/json: infinite recursion",
    versions: "all",
    options: &[],
    docs: r#"
## What it does
Reports, inside a method named `MarshalJSON`, a call of `json.Marshal`,
`json.MarshalIndent` or `json.NewEncoder(w).Encode` whose value is the
method's own receiver `r` or its address `&r`; inside a method named
`UnmarshalJSON`, a call of `json.Unmarshal` or `json.NewDecoder(r).Decode`
whose target is the receiver (pointer receiver) or its address `&r`.
`json` is resolved through the file's imports: an aliased import of
`encoding/json` counts, a variable named `json` (such as a jsoniter
configuration) or another package does not.

## Why is this a trap?
encoding/json calls a type's `MarshalJSON` (or `UnmarshalJSON`) whenever the
value, or a pointer to it, has the method. Passing the receiver back therefore
calls the same method again, forever: the goroutine's stack grows until the
runtime stops the process with `fatal error: stack overflow`, which no
`recover` catches. The usual cure is a defined type with the same fields but
none of the methods: `type plain T` and `json.Marshal(plain(r))` (or
`(*plain)(r)` for a pointer receiver).

## What it cannot see
gotrap has no type checker. The receiver reached through another variable
(`v := r; json.Marshal(v)`), a struct that embeds the receiver's type, an
encoder stored in a variable first (`enc := json.NewEncoder(w)`) and a
method that calls a helper which marshals the receiver are not followed.
Self-referential values passed to `json.Marshal` (a cycle the encoder
reports only after 1,000 pointer levels, or a structure deep enough to
overflow the stack) are not reported.

## Overlap
none: go vet has no such check, and staticcheck's SA5007 (infinite
recursive call) sees only a function that calls itself directly, not the
call that goes through encoding/json.
"#,
    examples: &[
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
    ],
};

pub struct JsonSelfRecursion;

impl SourceRule for JsonSelfRecursion {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn node_kinds(&self) -> &'static [&'static str] {
        &["method_declaration"]
    }

    fn check(&self, method: Node, cx: &mut FileContext) {
        let Some(method_name) = method.child_by_field_name("name").map(|n| cx.text(n)) else { return };
        let marshal = match method_name {
            "MarshalJSON" => true,
            "UnmarshalJSON" => false,
            _ => return,
        };
        let Some((receiver, pointer)) = receiver(method) else { return };
        let Some(body) = method.child_by_field_name("body") else { return };
        let name = cx.text(receiver);
        if name == "_" {
            return;
        }
        let calls: Vec<Node> = cx.walk(body).filter(|n| n.kind() == "call_expression").collect();
        for call in calls {
            let Some((what, argument)) = json_call(call, marshal, cx) else { continue };
            let argument = unparen(argument);
            let (operand, addressed) = if argument.kind() == "unary_expression" && has_operator(argument, "&") {
                match argument.child_by_field_name("operand") {
                    Some(operand) => (unparen(operand), true),
                    None => continue,
                }
            } else {
                (argument, false)
            };
            if operand.kind() != "identifier" || cx.text(operand) != name {
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
}

/// The receiver's name and whether it is a pointer receiver.
fn receiver(method: Node) -> Option<(Node, bool)> {
    let list = method.child_by_field_name("receiver")?;
    let declaration = named_children(list).find(|n| n.kind() == "parameter_declaration")?;
    let name = declaration.child_by_field_name("name")?;
    let mut written = declaration.child_by_field_name("type")?;
    while written.kind() == "parenthesized_type" {
        written = written.named_child(0)?;
    }
    Some((name, written.kind() == "pointer_type"))
}

/// For a call that (un)marshals: how it is written in messages and the value
/// (Marshal) or target (Unmarshal) argument.
fn json_call<'t>(call: Node<'t>, marshal: bool, cx: &FileContext) -> Option<(&'static str, Node<'t>)> {
    let arguments: Vec<Node> = named_children(call.child_by_field_name("arguments")?).filter(|n| n.kind() != "comment").collect();
    if marshal {
        if let Some(name) = cx.called(call, "encoding/json", &["Marshal", "MarshalIndent"]) {
            let what = if name == "Marshal" { "json.Marshal" } else { "json.MarshalIndent" };
            return Some((what, *arguments.first()?));
        }
    } else if cx.calls(call, "encoding/json", &["Unmarshal"]) {
        return Some(("json.Unmarshal", *arguments.get(1)?));
    }
    let function = unparen(call.child_by_field_name("function")?);
    if function.kind() != "selector_expression" {
        return None;
    }
    let field = cx.text(function.child_by_field_name("field")?);
    let operand = unparen(function.child_by_field_name("operand")?);
    let (method, constructor, what) = if marshal { ("Encode", "NewEncoder", "json.Encoder.Encode") } else { ("Decode", "NewDecoder", "json.Decoder.Decode") };
    (field == method && cx.calls(operand, "encoding/json", &[constructor])).then_some((what, *arguments.first()?))
}
