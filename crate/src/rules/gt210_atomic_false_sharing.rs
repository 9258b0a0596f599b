//! GT210 atomic-false-sharing: two or more atomic counters side by side in
//! a struct, with nothing between them to keep them on separate cache lines.

use std::ops::Range;

use tree_sitter::Node;

use super::{Example, ExampleKind, Family, PackageRule, RuleMeta};
use crate::report::{Applicability, Fix, Severity};
use crate::sorted_map::SortedSet;
use crate::source::context::FileContext;
use crate::source::package::{Facts, PackageContext};
use crate::source::scope::{has_operator, named_children, unparen};
use crate::source::syntax::{self, Syntax};
use crate::source::walk::ChargedParent;

pub static META: RuleMeta = RuleMeta {
    id: "GT210",
    name: "atomic-false-sharing",
    family: Family::Concurrency,
    severity: Severity::Info,
    summary: "adjacent atomic counters in a struct share a cache line: goroutines updating them slow each other down",
    versions: "all",
    options: &[],
    docs: rule_docs!(
        r#"
## What it does
Reports a struct with two or more atomic counter fields in a row: fields of
type `atomic.Int64`, `atomic.Uint64`, `atomic.Int32` or `atomic.Uint32`
(sync/atomic, resolved through the file's imports), or integer fields
(`int32`, `int64`, `uint32`, `uint64`, `uintptr`) whose address some file of
the package passes to the matching `atomic.Add*` function
(`atomic.AddInt64(&s.hits, 1)`). Any other field between two counters
(padding such as `_ [56]byte` or an ordinary field) ends the run.
`atomic.Bool`, `atomic.Pointer` and `atomic.Value` are flags and pointers,
not counters, and are left alone. A struct declared again in a build-tag
variant (`stats_linux.go` / `stats_windows.go`) is reported once, at its
first declaration, with the others as related positions.

## Why is this a trap?
A CPU core owns memory in cache lines of 64 bytes (128 on some ARM and
POWER chips). Two counters in one line are one unit to the cache-coherence
protocol: every atomic add on one of them invalidates the line in every
other core, so goroutines bumping *different* counters still queue behind
each other. Counters updated on every request by many goroutines are the
typical case; a few hundred nanoseconds per add become the bottleneck of an
otherwise parallel program. Padding each hot counter to its own cache line
(`_ [56]byte` after an 8-byte counter) removes the sharing.

## What it cannot see
Whether the counters are written often, and by different goroutines, which
is what makes the sharing cost anything: the finding is information, worth
acting on only for hot counters (a CPU profile showing time in the atomic
adds). Integer fields updated only with `CompareAndSwap*`, `Store*` or
methods of types from other packages (`internal/runtime/atomic`,
`go.uber.org/atomic`) are not recognised as counters. An `atomic.Add*`
call on `&x.hits` is matched to fields named `hits` of the right integer
type in any struct of the package, since the type of `x` is not known.

## Overlap
none: go vet's checks (and x/tools' `atomicalign`, which checks 64-bit
alignment on 32-bit platforms) and staticcheck do not look at cache-line
layout.
"#
    ),
    examples: rule_examples!(&[
        Example {
            kind: ExampleKind::Bad,
            go_version: "1.22",
            code: r#"
package metrics

import "sync/atomic"

// Every request goroutine bumps one of these: the two share a cache line.
type Stats struct {
	hits   atomic.Int64
	misses atomic.Int64
}
"#,
        },
        Example {
            kind: ExampleKind::Good,
            go_version: "1.22",
            code: r#"
package metrics

import "sync/atomic"

type Stats struct {
	hits   atomic.Int64
	_      [56]byte // keeps misses off hits' cache line
	misses atomic.Int64
}
"#,
        },
    ]),
};

pub struct AtomicFalseSharing;

/// What GT210 needs of a file.
#[derive(Default)]
struct FileFacts {
    structs: Vec<Layout>,
    /// (field name, integer type) of each `atomic.Add<Type>(&x.field, ...)`.
    added: Vec<(String, &'static str)>,
}

/// The fields of one struct type, in order.
struct Layout {
    /// `Stats`, or `struct` for an anonymous struct type.
    name: String,
    fields: Vec<Field>,
}

struct Field {
    name: String,
    /// The field declaration, which may name several fields.
    declaration: Range<usize>,
    /// Whether the declaration names this field alone.
    alone: bool,
    kind: FieldKind,
}

#[derive(Clone, Copy, PartialEq)]
enum FieldKind {
    /// `atomic.Int64` and the like: a counter of this many bytes.
    Atomic(usize),
    /// An integer type that is a counter when the package adds to it atomically.
    Integer(&'static str),
    Other,
}

const ATOMIC_COUNTERS: [(&str, usize); 4] = [("Int64", 8), ("Uint64", 8), ("Int32", 4), ("Uint32", 4)];
const INTEGERS: [(&str, &str, usize); 5] =
    [("int32", "AddInt32", 4), ("int64", "AddInt64", 8), ("uint32", "AddUint32", 4), ("uint64", "AddUint64", 8), ("uintptr", "AddUintptr", 8)];

impl PackageRule for AtomicFalseSharing {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn node_kinds(&self) -> &'static [&'static str] {
        &["struct_type", "call_expression"]
    }

    fn collect(&self, node: Node, cx: &mut FileContext, facts: &mut Facts) {
        let facts = facts.get_or_default::<FileFacts>();
        if node.kind_name() == "call_expression" {
            let adders: Vec<&str> = INTEGERS.iter().map(|(_, adder, _)| *adder).collect();
            let Some(adder) = cx.called(node, "sync/atomic", &adders) else { return };
            let Some(target) = node.field(syntax::Field::Arguments).and_then(|a| named_children(a).next()).map(unparen) else { return };
            let Some(field) = target.field(syntax::Field::Operand).filter(|_| target.kind_name() == "unary_expression" && has_operator(target, "&")) else {
                return;
            };
            let field = unparen(field);
            if let Some(name) = field.field(syntax::Field::Field).filter(|_| field.kind_name() == "selector_expression") {
                let integer = INTEGERS.iter().find(|(_, a, _)| *a == adder).map_or("", |(integer, _, _)| *integer);
                facts.added.push((cx.text(name).to_string(), integer));
            }
            return;
        }
        let name =
            node.charged_parent().filter(|p| p.kind_name() == "type_spec").and_then(|spec| spec.field(syntax::Field::Name)).map_or("struct", |n| cx.text(n));
        let Some(list) = named_children(node).find(|n| n.kind_name() == "field_declaration_list") else { return };
        let mut fields = Vec::new();
        for declaration in named_children(list).filter(|n| n.kind_name() == "field_declaration") {
            let kind = declaration.field(syntax::Field::Type).map_or(FieldKind::Other, |written| field_kind(written, cx));
            let mut cursor = declaration.walk();
            let names: Vec<Node> = declaration.fields(syntax::Field::Name, &mut cursor).collect();
            for field in &names {
                fields.push(Field { name: cx.text(*field).to_string(), declaration: declaration.byte_range(), alone: names.len() == 1, kind });
            }
            if names.is_empty() {
                // An embedded field separates whatever is around it.
                fields.push(Field { name: String::new(), declaration: declaration.byte_range(), alone: true, kind: FieldKind::Other });
            }
        }
        facts.structs.push(Layout { name: name.to_string(), fields });
    }

    fn check(&self, cx: &mut PackageContext) {
        // `field integer-type` keys in a set of strings, a set type the core
        // has anyway.
        let added = SortedSet::from_unsorted(
            cx.facts::<FileFacts>().flat_map(|(_, facts)| facts.added.iter().map(|(field, integer)| format!("{field} {integer}"))).collect(),
        );
        // Runs of adjacent counters: (file, struct name, the run's fields).
        let mut runs: Vec<(usize, &str, Counters)> = Vec::new();
        for (file, facts) in cx.facts::<FileFacts>() {
            for layout in &facts.structs {
                let mut run: Counters = Vec::new();
                for field in layout.fields.iter().chain(std::iter::once(&SEPARATOR)) {
                    let size = match field.kind {
                        FieldKind::Atomic(size) => Some(size),
                        FieldKind::Integer(integer) if added.contains(&format!("{} {integer}", field.name)) => {
                            INTEGERS.iter().find(|(i, _, _)| *i == integer).map(|(_, _, size)| *size)
                        }
                        _ => None,
                    };
                    match size {
                        Some(size) => run.push((field, size)),
                        None if run.len() >= 2 => runs.push((file, &layout.name, std::mem::take(&mut run))),
                        None => run.clear(),
                    }
                }
            }
        }
        // A named struct is reported at its first run; later ones with its
        // name are its build variants.
        let first_of_name = crate::order::first_occurrences(&runs, |a, b| a.1.cmp(b.1));
        for (index, (file, name, run)) in runs.iter().enumerate() {
            if *name != "struct" && !first_of_name[index] {
                continue;
            }
            let variants: Vec<_> = runs[index + 1..]
                .iter()
                .filter(|(_, other, _)| *name != "struct" && other == name)
                .map(|(other_file, _, other_run)| cx.related(*other_file, span_of(other_run), format!("{name} as declared in another build variant")))
                .collect();
            let names: Vec<&str> = run.iter().map(|(field, _)| field.name.as_str()).collect();
            let message = format!(
                "atomic counters {} of {name} are adjacent with no padding between: goroutines updating them share one cache line and slow each other down (false sharing); if they are hot, pad each to its own cache line",
                list(&names)
            );
            let fix = padding_fix(cx.files[*file].content, run);
            if let Some(finding) = cx.report(&META, None, *file, span_of(run), message) {
                finding.related = variants;
                finding.fix = fix;
            }
        }
    }
}

/// Adjacent counter fields with their sizes in bytes.
type Counters<'f> = Vec<(&'f Field, usize)>;

/// A field that ends every run.
static SEPARATOR: Field = Field { name: String::new(), declaration: 0..0, alone: true, kind: FieldKind::Other };

fn field_kind(written: Node, cx: &FileContext) -> FieldKind {
    let names: Vec<&str> = ATOMIC_COUNTERS.iter().map(|(name, _)| *name).collect();
    if let Some(name) = cx.refers_to(written, "sync/atomic", &names) {
        return ATOMIC_COUNTERS.iter().find(|(n, _)| *n == name).map_or(FieldKind::Other, |(_, size)| FieldKind::Atomic(*size));
    }
    let text = cx.text(written);
    match INTEGERS.iter().find(|(integer, _, _)| *integer == text) {
        Some((integer, _, _)) if written.kind_name() == "type_identifier" => FieldKind::Integer(integer),
        _ => FieldKind::Other,
    }
}

fn span_of(run: &[(&Field, usize)]) -> Range<usize> {
    let start = run.first().map_or(0, |(field, _)| field.declaration.start);
    start..run.last().map_or(start, |(field, _)| field.declaration.end)
}

/// `a, b and c`.
fn list(names: &[&str]) -> String {
    match names {
        [] => String::new(),
        [only] => only.to_string(),
        [init @ .., last] => format!("{} and {last}", init.join(", ")),
    }
}

/// Inserts `_ [N]byte` after each counter but the last, N filling a
/// 64-byte line after the counter, when every counter is declared alone on
/// its own line. Unsafe: the struct grows, and unkeyed literals of it no
/// longer compile.
fn padding_fix(content: &[u8], run: &[(&Field, usize)]) -> Option<Fix> {
    if !run.iter().all(|(field, _)| field.alone) {
        return None;
    }
    let mut edits = Vec::new();
    for pair in run.windows(2) {
        let (field, size) = pair[0];
        let line_end = content[field.declaration.end..].iter().position(|&b| b == b'\n').map(|n| field.declaration.end + n)?;
        if line_end >= pair[1].0.declaration.start {
            return None;
        }
        let line_start = content[..field.declaration.start].iter().rposition(|&b| b == b'\n').map_or(0, |n| n + 1);
        let indent: String = content[line_start..field.declaration.start].iter().take_while(|b| **b == b' ' || **b == b'\t').map(|&b| b as char).collect();
        edits.push((line_end..line_end, format!("\n{indent}_ [{}]byte // keeps the next counter off this cache line", 64 - size)));
    }
    Some(Fix::new(Applicability::Unsafe, edits))
}
