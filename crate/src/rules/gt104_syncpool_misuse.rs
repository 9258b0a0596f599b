//! GT104 syncpool-misuse: values that a `sync.Pool` cannot reuse cheaply,
//! and pooled buffers handed out with the previous user's contents.

use tree_sitter::Node;

use super::values::{captured, declaration_anywhere, top_level_declaration, value_use, ValueUse};
use super::{Example, ExampleKind, Family, RuleMeta, SourceRule};
use crate::report::{Applicability, Severity};
use crate::rules::channels::uses_of;
use crate::source::context::FileContext;
use crate::source::scope::{declared_as, has_operator, named_children, unparen, Declared};
use crate::source::syntax::{Field, Syntax};
use crate::source::walk::enclosing_function;
use crate::source::walk::ChargedParent;

pub static META: RuleMeta = RuleMeta {
    id: "GT104",
    name: "syncpool-misuse",
    family: Family::Memory,
    severity: Severity::Warning,
    summary: "sync.Pool given a non-pointer value, or a pooled bytes.Buffer used without Reset",
    versions: "all",
    options: &[],
    docs: rule_docs!(
        r#"
## What it does
For a `sync.Pool` declared at package level in the same file (`var p
sync.Pool`, `var p = sync.Pool{...}`, `&sync.Pool{...}`), reports:

- `p.Put(v)` where `v` is visibly not a pointer: a slice expression
  (`buf[:0]`), `make([]T, ...)`, a composite literal without `&` (a slice,
  array or struct literal, or a literal of a struct, slice or array type
  declared in the file), a basic literal, or a variable declared with such
  a type or value (`b := p.Get().([]byte)`, `var s string`);
- `b := p.Get().(*bytes.Buffer)` in a function that puts `b` back with
  `p.Put(b)` but never calls `b.Reset()` (or `b.Truncate(0)`): the next
  `Get` receives the bytes this one wrote. Not reported when `b` is
  returned, stored, reassigned, or passed to a function outside the
  standard library (it might be reset there). The fix inserts `b.Reset()`
  after the `Get` (`unsafe`: it changes what the code writes).

## Why is this a trap?
`Put` takes an `any`. A pointer fits in an interface as is; any other
value is copied into a new heap allocation on every `Put` — for
`[]byte`, the 24-byte slice header — so the pool allocates on each use
instead of saving allocations (staticcheck SA6002). Pool `*[]byte` or a
pointer to a struct instead. A basic literal is not an object the pool
can reuse at all.

A pool hands back whatever was put in, unchanged. A `bytes.Buffer` put
back with contents makes the next user append to the previous user's
bytes (wrong output, or data of one request leaking into another), and the
buffer grows without bound.

## What it cannot see
Pools declared in another file of the package, pools in struct fields and
local pools are not followed. Types declared elsewhere are not known to be
non-pointers (`p.Put(x)` with `x` of an imported struct type is not
reported). A buffer reset by a helper the value reaches through an alias
is not seen; passing it to a function of this package counts as "might be
reset there".

## Overlap
staticcheck SA6002 (storing non-pointer values in sync.Pool allocates
memory) reports the first case with types; go vet has no such check.
Nothing reports the missing `Reset`.
"#
    ),
    examples: rule_examples!(&[
        Example {
            kind: ExampleKind::Bad,
            go_version: "1.22",
            code: r#"
package render

import (
	"bytes"
	"fmt"
	"sync"
)

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

var scratch = sync.Pool{New: func() any { return make([]byte, 0, 4096) }}

func Render(name string) string {
	b := bufPool.Get().(*bytes.Buffer) // still holds the last caller's text
	fmt.Fprintf(b, "hello, %s", name)
	s := b.String()
	bufPool.Put(b)
	return s
}

func Scratch(use func([]byte) []byte) {
	buf := scratch.Get().([]byte)
	buf = use(buf)
	scratch.Put(buf[:0]) // allocates a slice header on every Put
}
"#,
        },
        Example {
            kind: ExampleKind::Good,
            go_version: "1.22",
            code: r#"
package render

import (
	"bytes"
	"fmt"
	"sync"
)

var bufPool = sync.Pool{New: func() any { return new(bytes.Buffer) }}

var scratch = sync.Pool{New: func() any { b := make([]byte, 0, 4096); return &b }}

func Render(name string) string {
	b := bufPool.Get().(*bytes.Buffer)
	b.Reset()
	fmt.Fprintf(b, "hello, %s", name)
	s := b.String()
	bufPool.Put(b)
	return s
}

func Scratch(use func([]byte) []byte) {
	p := scratch.Get().(*[]byte)
	*p = use((*p)[:0])
	scratch.Put(p)
}
"#,
        },
    ]),
};

pub struct SyncpoolMisuse;

impl SourceRule for SyncpoolMisuse {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn node_kinds(&self) -> &'static [&'static str] {
        &["call_expression"]
    }

    fn check(&self, call: Node, cx: &mut FileContext) {
        let Some(function) = call.field(Field::Function).map(unparen).filter(|f| f.kind_name() == "selector_expression") else { return };
        let Some(pool) = function.field(Field::Operand).map(unparen).filter(|p| p.kind_name() == "identifier") else { return };
        let method = function.field(Field::Field).map_or("", |f| cx.text(f));
        if !matches!(method, "Put" | "Get") || !is_package_pool(pool, cx) {
            return;
        }
        if method == "Put" {
            let arguments: Vec<Node> =
                call.field(Field::Arguments).map(|a| named_children(a).filter(|n| n.kind_name() != "comment").collect()).unwrap_or_default();
            let [value] = arguments.as_slice() else { return };
            let Some(what) = non_pointer(*value, cx) else { return };
            let pool_name = cx.text(pool);
            let message = if what.literal {
                format!("{pool_name}.Put of a basic literal: a pool hands back the objects put in to be reused, and a constant is not one; put pointers to reusable objects")
            } else {
                format!(
                    "{pool_name}.Put of {}, which is not a pointer: converting it to the pool's interface allocates a copy on every Put, costing what the pool saves; pool a pointer ({}) instead",
                    what.description,
                    what.pointer_hint
                )
            };
            cx.report(&META, value.byte_range(), message);
        } else {
            unreset_buffer(call, pool, cx);
        }
    }
}

/// Whether `name` is a package-level variable of this file declared as a
/// `sync.Pool` or `*sync.Pool`, or initialised with `sync.Pool{...}` or
/// `&sync.Pool{...}`.
fn is_package_pool(name: Node, cx: &FileContext) -> bool {
    let Some(declaration) = top_level_declaration(name, cx) else { return false };
    if declaration.charged_parent().is_none_or(|s| s.kind_name() != "var_spec") {
        return false;
    }
    let is_pool_type = |written: Node| {
        let written = if written.kind_name() == "pointer_type" { written.named_child(0) } else { Some(written) };
        written.is_some_and(|t| cx.refers_to(t, "sync", &["Pool"]).is_some())
    };
    match declared_as(declaration) {
        Declared::Type(written) => is_pool_type(written),
        Declared::Value(value) => {
            let mut value = unparen(value);
            if value.kind_name() == "unary_expression" && has_operator(value, "&") {
                value = value.field(Field::Operand).map_or(value, unparen);
            }
            value.kind_name() == "composite_literal" && value.field(Field::Type).is_some_and(is_pool_type)
        }
        Declared::Unknown => false,
    }
}

struct NonPointer {
    /// "a slice expression (buf[:0])", "b, a []byte".
    description: String,
    /// What to pool instead.
    pointer_hint: String,
    literal: bool,
}

/// What visibly makes a value not a pointer, following a variable to its
/// declaration (a bounded number of steps).
fn non_pointer(value: Node, cx: &FileContext) -> Option<NonPointer> {
    let shown = cx.text(value);
    let start = unparen(value);
    let mut expr = start;
    // How the value is described once its type is known: as itself, or as
    // the variable it was read from.
    let described = |what: String, type_text: &str, direct: bool| NonPointer {
        description: if direct { what } else { format!("{shown} (of type {type_text})") },
        pointer_hint: format!("*{type_text}"),
        literal: false,
    };
    for _ in 0..8 {
        let direct = expr.id() == start.id();
        match expr.kind_name() {
            "int_literal" | "float_literal" | "imaginary_literal" | "rune_literal" | "interpreted_string_literal" | "raw_string_literal" => {
                return direct.then_some(NonPointer { description: String::new(), pointer_hint: String::new(), literal: true });
            }
            "slice_expression" => return Some(described(format!("a slice expression ({shown})"), "[]T", direct)),
            "call_expression" if cx.calls_builtin(expr, "make") => {
                let made = expr.field(Field::Arguments).and_then(|a| named_children(a).next()).filter(|t| t.kind_name() == "slice_type")?;
                return Some(described(format!("a slice made with make ({shown})"), cx.text(made), direct));
            }
            "composite_literal" => {
                let written = expr.field(Field::Type).filter(|t| non_pointer_type(*t, cx))?;
                return Some(described(format!("a {} literal", cx.text(written)), cx.text(written), direct));
            }
            "type_assertion_expression" => {
                let written = expr.field(Field::Type).filter(|t| non_pointer_type(*t, cx))?;
                return Some(described(format!("a {}", cx.text(written)), cx.text(written), direct));
            }
            "identifier" => {
                // A constant goes into an interface without an allocation.
                let declaration = declaration_anywhere(expr, cx)?;
                if declaration.charged_parent().is_some_and(|p| p.kind_name() == "const_spec") {
                    return None;
                }
                if let Some(basic) = cx.evident_type(expr) {
                    return Some(described(String::new(), basic, false));
                }
                match declared_as(declaration) {
                    Declared::Type(written) if non_pointer_type(written, cx) => return Some(described(String::new(), cx.text(written), false)),
                    Declared::Value(initial) => expr = unparen(initial),
                    _ => return None,
                }
            }
            _ => return None,
        }
    }
    None
}

/// Whether a written type is a slice, an array, a struct, or a type
/// declared in this file as one of those (a struct with a single
/// pointer-shaped field is stored in an interface as is, so it is not).
fn non_pointer_type(written: Node, cx: &FileContext) -> bool {
    let mut written = written;
    for _ in 0..8 {
        match written.kind_name() {
            "slice_type" | "array_type" | "implicit_length_array_type" => return true,
            "struct_type" => {
                let fields: Vec<Node> = named_children(written)
                    .flat_map(|list| named_children(list).collect::<Vec<_>>())
                    .filter(|f| f.kind_name() == "field_declaration")
                    .collect();
                let pointer_shaped = |field: &Node| {
                    let mut cursor = field.walk();
                    let names = field.fields(Field::Name, &mut cursor).count();
                    names <= 1
                        && field.field(Field::Type).is_some_and(|t| matches!(t.kind_name(), "pointer_type" | "map_type" | "channel_type" | "function_type"))
                };
                return !(fields.len() == 1 && pointer_shaped(&fields[0]));
            }
            "type_identifier" => {
                let Some(declaration) = top_level_declaration(written, cx) else { return false };
                let Some(spec) = declaration.charged_parent().filter(|s| s.kind_name() == "type_spec" && s.field(Field::TypeParameters).is_none()) else {
                    return false;
                };
                let Some(underlying) = spec.field(Field::Type) else { return false };
                written = underlying;
            }
            _ => return false,
        }
    }
    false
}

/// `b := p.Get().(*bytes.Buffer)` put back with `p.Put(b)` and never reset
/// in its function.
fn unreset_buffer(get: Node, pool: Node, cx: &mut FileContext) {
    let mut node = get;
    while let Some(parent) = node.charged_parent().filter(|p| p.kind_name() == "parenthesized_expression") {
        node = parent;
    }
    let Some(assertion) = node.charged_parent().filter(|a| a.kind_name() == "type_assertion_expression") else { return };
    let is_buffer = assertion
        .field(Field::Type)
        .filter(|t| t.kind_name() == "pointer_type")
        .and_then(|t| t.named_child(0))
        .is_some_and(|t| cx.refers_to(t, "bytes", &["Buffer"]).is_some());
    if !is_buffer {
        return;
    }
    let Some(statement) = assertion.charged_parent().filter(|l| l.kind_name() == "expression_list").and_then(|l| l.charged_parent()) else { return };
    if statement.kind_name() != "short_var_declaration" {
        return;
    }
    let names: Vec<Node> = statement.field(Field::Left).map(|l| named_children(l).collect()).unwrap_or_default();
    let [buffer] = names.as_slice() else { return };
    let buffer = *buffer;
    let Some(function) = enclosing_function(buffer) else { return };
    let pool_name = cx.text(pool);
    let mut put_back = false;
    let mut used = false;
    for use_site in uses_of(buffer, function, cx).into_iter().filter(|u| u.id() != buffer.id()) {
        // Handed to another goroutine: its use there is not followed.
        let in_goroutine = enclosing_function(use_site)
            .and_then(|f| f.charged_parent())
            .and_then(|call| call.charged_parent())
            .is_some_and(|s| s.kind_name() == "go_statement");
        if captured(use_site, buffer) && in_goroutine {
            return;
        }
        match value_use(use_site, cx) {
            ValueUse::MethodReceiver(method) if method == "Reset" || method == "Truncate" => return,
            ValueUse::MethodReceiver(_) | ValueUse::Read => used = true,
            ValueUse::Argument(call) if is_put(call, pool_name, cx) => put_back = true,
            ValueUse::Argument(call) if standard_library_call(call, cx) => used = true,
            _ => return,
        }
    }
    if !(put_back && used) {
        return;
    }
    let name = cx.text(buffer);
    let message = format!(
        "{name} comes from {pool_name} and goes back with {pool_name}.Put({name}) but is never reset: the next Get receives the bytes written here; call {name}.Reset() after Get"
    );
    let indent = cx.indentation_at(statement.start_byte());
    let fix = cx.fix(Applicability::Unsafe, vec![(statement.end_byte()..statement.end_byte(), format!("\n{indent}{name}.Reset()"))]);
    cx.report(&META, get.byte_range(), message).fix = Some(fix);
}

/// `pool.Put(...)`.
fn is_put(call: Node, pool_name: &str, cx: &FileContext) -> bool {
    let Some(function) = call.field(Field::Function).map(unparen).filter(|f| f.kind_name() == "selector_expression") else { return false };
    function.field(Field::Field).is_some_and(|f| cx.text(f) == "Put")
        && function.field(Field::Operand).map(unparen).is_some_and(|p| p.kind_name() == "identifier" && cx.text(p) == pool_name)
}

/// A call of a function of a standard-library package (`fmt.Fprintf`,
/// `io.Copy`, `json.NewEncoder`): none of them resets a buffer.
fn standard_library_call(call: Node, cx: &FileContext) -> bool {
    let Some(function) = call.field(Field::Function).map(unparen).filter(|f| f.kind_name() == "selector_expression") else { return false };
    let Some(operand) = function.field(Field::Operand) else { return false };
    let Some(path) = cx.file.imports.path_of(cx.text(operand)) else { return false };
    !path.split('/').next().unwrap_or(path).contains('.') && cx.is_package(operand, path)
}
