//! GT304 large-heap-alloc: `make`/`new` of a constant size the compiler
//! never puts on the stack, worst when it happens every iteration.

use tree_sitter::Node;

use super::values::{
    bound_variable, captured, constant_int, is_benchmark_loop, iteration_loop, leaves_loop_after, shorten, value_use, variable_declaration, ValueUse,
    UNFOLLOWED,
};
use super::{Example, ExampleKind, Family, RuleMeta, SourceRule};
use crate::report::Severity;
use crate::rules::channels::uses_of;
use crate::source::context::FileContext;
use crate::source::scope::named_children;
use crate::source::syntax::{Field, Syntax};
use crate::source::walk::{contains, enclosing_function};

pub static META: RuleMeta = RuleMeta {
    id: "GT304",
    name: "large-heap-alloc",
    family: Family::Memory,
    severity: Severity::Info,
    summary: "make or new of a constant size above 64 KiB always allocates on the heap",
    versions: "all",
    options: &[],
    docs: rule_docs!(
        r#"
## What it does
Reports `make([]T, n)`, `make([]T, n, c)` and `new([N]T)` whose size in
bytes is a constant above 64 KiB, or exactly 64 KiB when the slice (or
pointer) is visibly kept beyond the function: returned, stored in a field,
an element or a composite literal, appended, sent on a channel, or captured
by a closure. Sizes are computed only for elements of basic types (`byte`,
`int64`, `float64`, `string`...) and arrays of them, from integer
literals, constants declared in the file and arithmetic on them; `int`,
`uint` and `uintptr` count 8 bytes (64-bit platforms).

It is info, and a warning when the allocation runs every iteration of a
loop and is used only within the iteration (declared in the loop body and
not kept beyond it): that buffer can be allocated once before the loop and
reused. An allocation that each iteration keeps (appended, stored), that
is assigned to a variable declared outside the loop (often a lazy, one-time
allocation), that runs at most once per loop (in a `return`, or followed
by a statement that leaves the loop) or that is in the `b.N`/`b.Loop()`
loop of a benchmark stays info.

## Why is this a trap?
The compiler places an implicit allocation (`make`, `new`, `&T{}`) on the
stack only when it does not escape and is at most 64 KiB
(`MaxImplicitStackVarSize`; `-gcflags=-smallframes` lowers it). Above that
size it is always a heap allocation, whatever the code does with it — and a
large one: the runtime allocates it as its own span, clears it, and the
memory counts toward the next GC's heap goal. In a loop that is a fresh
large allocation every iteration, which raises the GC frequency for no
reason when one buffer could be reused. `make([]byte, 65536)` stays on the
stack if it does not escape; returned or stored, it is a heap allocation
like any escaping value.

## What it cannot see
Sizes that are not constant (`make([]byte, n)`) are not reported: the
compiler decides those at run time (small ones may use a stack buffer).
Element types other than basic types and arrays of them (structs, named
types, pointers) are not sized. Constants declared in another file are not
seen. Escape is judged from the syntax: a slice passed to a function that
keeps it is not seen as escaping. The gcflags `-m` report (GT607) is the
proof of what the compiler decided.

## Overlap
No go vet or staticcheck check reports this. `go build -gcflags=-m` prints
`make([]byte, 1048576) escapes to heap` (with `-m=2`: `too large for
stack`); GT607 reads that report.
"#
    ),
    examples: rule_examples!(&[
        Example {
            kind: ExampleKind::Bad,
            go_version: "1.22",
            code: r#"
package copier

import "io"

func copyAll(dst io.Writer, sources []io.Reader) error {
	for _, src := range sources {
		buf := make([]byte, 1<<20) // 1 MiB on the heap every iteration
		if _, err := io.CopyBuffer(dst, src, buf); err != nil {
			return err
		}
	}
	return nil
}
"#,
        },
        Example {
            kind: ExampleKind::Good,
            go_version: "1.22",
            code: r#"
package copier

import "io"

func copyAll(dst io.Writer, sources []io.Reader) error {
	buf := make([]byte, 32<<10) // 32 KiB, allocated once and reused
	for _, src := range sources {
		if _, err := io.CopyBuffer(dst, src, buf); err != nil {
			return err
		}
	}
	return nil
}
"#,
        },
    ]),
};

/// The largest implicit allocation the compiler places on the stack.
const STACK_LIMIT: i128 = 64 * 1024;

pub struct LargeHeapAlloc;

impl SourceRule for LargeHeapAlloc {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn node_kinds(&self) -> &'static [&'static str] {
        &["call_expression"]
    }

    fn check(&self, call: Node, cx: &mut FileContext) {
        let Some(size) = allocation_size(call, cx) else { return };
        if size < STACK_LIMIT {
            return;
        }
        let kept = kept_beyond(call, cx);
        if size == STACK_LIMIT && kept.is_none_or(|how| how == UNFOLLOWED) {
            return;
        }
        let written = shorten(cx.text(call), 60);
        let amount = format_size(size);
        let for_statement = iteration_loop(call).filter(|l| !leaves_loop_after(call, *l, cx) && !assigned_from_outside(call, *l, cx));
        let per_iteration = for_statement.is_some();
        let reusable = for_statement.is_some_and(|l| !is_benchmark_loop(l, cx)) && kept.is_none();
        if size == STACK_LIMIT {
            let how = kept.unwrap_or("kept");
            let message = format!(
                "{written} allocates {amount} and escapes ({how}), so it is a heap allocation{}; up to 64 KiB a value that stays in its function can live on the stack",
                if per_iteration { " every iteration" } else { "" }
            );
            cx.report(&META, call.byte_range(), message);
        } else if reusable {
            let message = format!(
                "{written} allocates {amount} on the heap every iteration (above 64 KiB the compiler never uses the stack); allocate it once before the loop and reuse it"
            );
            let severity = cx.settings.configured_severity(&META).unwrap_or(Severity::Warning);
            cx.report_at(&META, severity, call.byte_range(), message);
        } else {
            let when = if per_iteration { "every iteration" } else { "each time it runs" };
            let message =
                format!("{written} allocates {amount} on the heap {when}: above 64 KiB the compiler never uses the stack (GT607 shows its decisions)");
            cx.report(&META, call.byte_range(), message);
        }
    }
}

/// The constant size in bytes of `make([]T, n[, c])` or `new([N]T)`.
fn allocation_size(call: Node, cx: &FileContext) -> Option<i128> {
    let make = cx.called_builtin(call, &["make", "new"])? == "make";
    let arguments: Vec<Node> = named_children(call.field(Field::Arguments)?).filter(|n| n.kind_name() != "comment").collect();
    if make {
        let slice = arguments.first().filter(|t| t.kind_name() == "slice_type")?;
        let count = constant_int(*arguments.get(2).or(arguments.get(1))?, cx)?;
        count.checked_mul(type_size(slice.field(Field::Element)?, cx)?)
    } else {
        let [array] = arguments.as_slice() else { return None };
        (array.kind_name() == "array_type").then(|| type_size(*array, cx)).flatten()
    }
}

/// The size of a basic type, or of an array of them, on 64-bit platforms.
fn type_size(written: Node, cx: &FileContext) -> Option<i128> {
    match written.kind_name() {
        "array_type" => {
            let length = constant_int(written.field(Field::Length)?, cx)?;
            length.checked_mul(type_size(written.field(Field::Element)?, cx)?)
        }
        "type_identifier" => {
            let name = cx.text(written);
            if cx.declaration_of(written, name.as_bytes(), None).is_some() {
                return None;
            }
            let size = match name {
                "bool" | "byte" | "int8" | "uint8" => 1,
                "int16" | "uint16" => 2,
                "int32" | "uint32" | "rune" | "float32" => 4,
                "int64" | "uint64" | "float64" | "complex64" | "int" | "uint" | "uintptr" => 8,
                "complex128" | "string" => 16,
                _ => return None,
            };
            Some(size)
        }
        _ => None,
    }
}

/// How the allocation is visibly kept beyond its function or iteration:
/// directly (`return make(...)`), or through the variable it initialises.
fn kept_beyond(call: Node, cx: &FileContext) -> Option<&'static str> {
    if let Some((variable, _)) = bound_variable(call, cx) {
        let Some(declaration) = variable_declaration(variable, cx) else {
            return Some("stored in a package-level variable");
        };
        let scope = enclosing_function(declaration)?;
        return uses_of(declaration, scope, cx).into_iter().filter(|u| u.id() != declaration.id()).find_map(|use_site| {
            if captured(use_site, declaration) {
                return Some("captured by a closure");
            }
            match value_use(use_site, cx) {
                ValueUse::Escapes("assigned to another variable") => None,
                ValueUse::Escapes(how) => Some(how),
                _ => None,
            }
        });
    }
    match value_use(call, cx) {
        ValueUse::Escapes(how) => Some(how),
        _ => None,
    }
}

/// Whether the allocation is assigned to a variable declared outside the
/// loop (`buf = make(...)`), which usually happens once, lazily.
fn assigned_from_outside(call: Node, for_statement: Node, cx: &FileContext) -> bool {
    let Some((variable, _)) = bound_variable(call, cx) else { return false };
    variable_declaration(variable, cx).is_none_or(|d| !contains(for_statement, d))
}

/// `1 MiB`, `64 KiB`, `100000 bytes`.
fn format_size(bytes: i128) -> String {
    if bytes % (1 << 20) == 0 {
        format!("{} MiB", bytes >> 20)
    } else if bytes % 1024 == 0 {
        format!("{} KiB", bytes >> 10)
    } else {
        format!("{bytes} bytes")
    }
}
