//! GT301 alloc-in-loop: a map or slice literal with the same contents built
//! anew in every iteration of a loop.

use tree_sitter::Node;

use super::values::{bound_variable, captured, declaration_anywhere, is_benchmark_loop, iteration_loop, leaves_loop_after, shorten, value_use, ValueUse};
use super::{Example, ExampleKind, Family, RuleMeta, SourceRule};
use crate::report::{Applicability, Severity};
use crate::rules::channels::uses_of;
use crate::source::context::FileContext;
use crate::source::scope::{has_operator, named_children, unparen};
use crate::source::syntax::{Field, Syntax};
use crate::source::walk::ChargedParent;
use crate::source::walk::{contains, enclosing_function};

pub static META: RuleMeta = RuleMeta {
    id: "GT301",
    name: "alloc-in-loop",
    family: Family::Performance,
    severity: Severity::Info,
    summary: "a map or slice literal with the same contents is rebuilt every iteration of a loop",
    versions: "all",
    options: &[],
    docs: rule_docs!(
        r#"
## What it does
Reports, in the body of a loop, a literal whose contents are the same every
iteration (constants, and variables declared outside the loop that the loop
does not assign; no calls, `&`, indexing or func literals):

- a map literal with entries, or `make(map[K]V)`, that is only read: bound
  to a variable (`m := map[string]int{...}`) used only by indexing, `len`,
  `range` and comparisons, or indexed in place (`map[string]bool{...}[k]`),
  or ranged over by an inner loop;
- a slice literal with elements passed to a call (other than `append`,
  `copy`, `len` and `cap`) or stored beyond the iteration (assigned to a
  field, an element or a variable declared outside the loop, appended, or
  sent), directly or through a variable declared in the loop.

Not reported: a literal that runs at most once per loop (in a `return`, or
followed by a statement that leaves the loop), a literal in the `b.N` or
`b.Loop()` loop of a benchmark (it repeats the measured work on purpose),
and array literals (values, not allocations). For a map
variable declared directly in the loop body the fix moves the declaration
before the loop (`unsafe`: a variable of the same name outside the loop
would be shadowed or redeclared).

## Why is this a trap?
A literal is evaluated each time control reaches it: a map literal
allocates its buckets and hashes every entry again, a slice literal fills a
new backing array. When the contents never change, that work is repeated
for nothing; built once before the loop (or as a package-level variable) it
costs one allocation. Small literals that do not escape often stay on the
stack (`go build -gcflags=-m` says "does not escape"), so the cost is the
rebuilding rather than a heap allocation; a slice passed to a function that
keeps it, or stored, is a heap allocation every iteration. GT607 reads the
`-m` report for the proof.

## What it cannot see
gotrap does not know how often a loop runs, whether a callee modifies the
slice it is given (then sharing one slice across iterations would change
the behaviour — check before hoisting), or whether a package-level
variable used in the literal changes during the loop.

## Overlap
No go vet or staticcheck check reports this; the compiler's `-m` output
(GT607) shows which of these literals escape.
"#
    ),
    examples: rule_examples!(&[
        Example {
            kind: ExampleKind::Bad,
            go_version: "1.22",
            code: r#"
package words

func countStopWords(words []string) int {
	n := 0
	for _, w := range words {
		stop := map[string]bool{"a": true, "an": true, "the": true} // rebuilt every iteration
		if stop[w] {
			n++
		}
	}
	return n
}
"#,
        },
        Example {
            kind: ExampleKind::Good,
            go_version: "1.22",
            code: r#"
package words

var stop = map[string]bool{"a": true, "an": true, "the": true}

func countStopWords(words []string) int {
	n := 0
	for _, w := range words {
		if stop[w] {
			n++
		}
	}
	return n
}
"#,
        },
    ]),
};

pub struct AllocInLoop;

impl SourceRule for AllocInLoop {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn node_kinds(&self) -> &'static [&'static str] {
        &["composite_literal", "call_expression"]
    }

    fn check(&self, literal: Node, cx: &mut FileContext) {
        let Some(kind) = literal_kind(literal, cx) else { return };
        let Some(for_statement) = iteration_loop(literal) else { return };
        if is_benchmark_loop(for_statement, cx) || leaves_loop_after(literal, for_statement, cx) || !invariant(literal, for_statement, cx) {
            return;
        }
        let variable = declared_variable(literal, cx);
        match kind {
            LiteralKind::Map => {
                let read_only = match variable {
                    Some((name, _)) => only_read(name, cx),
                    None => matches!(value_use(literal, cx), ValueUse::Read),
                };
                if !read_only {
                    return;
                }
                let what = if literal.kind_name() == "call_expression" { "map made with make" } else { "map literal" };
                let named = variable.map_or(String::new(), |(name, _)| format!(" {}", cx.text(name)));
                let message = format!(
                    "{what}{named} is rebuilt with the same contents each time the loop reaches it, and only read: build it once before the loop (or at package level)"
                );
                let fix = variable.and_then(|(_, statement)| hoist_fix(statement, for_statement, cx));
                let finding = cx.report(&META, literal.byte_range(), message);
                finding.fix = fix;
            }
            LiteralKind::Slice => {
                let how = match variable {
                    Some((name, _)) => kept_or_passed_variable(name, for_statement, cx),
                    None => kept_or_passed(literal, for_statement, cx),
                };
                let Some(how) = how else { return };
                let message = format!(
                    "slice literal is rebuilt with the same elements each time the loop reaches it, and {how}: a new backing array each time, on the heap if it escapes (GT607 shows whether it does); if nothing modifies it, build it once before the loop"
                );
                cx.report(&META, literal.byte_range(), message);
            }
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum LiteralKind {
    Map,
    Slice,
}

/// A map literal with entries or `make(map...)`, or a slice literal with
/// elements.
fn literal_kind(node: Node, cx: &FileContext) -> Option<LiteralKind> {
    if node.kind_name() == "call_expression" {
        let first = node.field(Field::Arguments).and_then(|a| named_children(a).next());
        return (cx.calls_builtin(node, "make") && first.is_some_and(|t| t.kind_name() == "map_type")).then_some(LiteralKind::Map);
    }
    let body = node.field(Field::Body)?;
    if named_children(body).all(|n| n.kind_name() == "comment") {
        return None;
    }
    match node.field(Field::Type)?.kind_name() {
        "map_type" => Some(LiteralKind::Map),
        "slice_type" => Some(LiteralKind::Slice),
        _ => None,
    }
}

/// Whether everything in the literal is the same every iteration: literals,
/// constants, package names, and variables declared outside the loop that
/// the loop never assigns.
fn invariant(literal: Node, for_statement: Node, cx: &FileContext) -> bool {
    for node in cx.walk(literal) {
        match node.kind_name() {
            "call_expression" if node.id() != literal.id() => {
                // A conversion of a constant (`time.Duration(5)`) is still
                // a call in the syntax; anything called may differ.
                return false;
            }
            "func_literal" | "index_expression" | "type_assertion_expression" | "slice_expression" => return false,
            "unary_expression" if has_operator(node, "&") || has_operator(node, "<-") || has_operator(node, "*") => return false,
            "identifier" => {
                // A field name in a struct literal key is not a variable.
                if is_literal_key(node) {
                    continue;
                }
                if declaration_anywhere(node, cx).is_some_and(|declaration| contains(for_statement, declaration)) || changed_in(node, for_statement, cx) {
                    return false;
                }
            }
            _ => {}
        }
    }
    true
}

/// `Name` in `T{Name: v}`: the key of a keyed element of a struct literal.
fn is_literal_key(identifier: Node) -> bool {
    let Some(element) = identifier.charged_parent().filter(|p| p.kind_name() == "literal_element") else { return false };
    let Some(keyed) = element.charged_parent().filter(|k| k.kind_name() == "keyed_element") else { return false };
    let is_key = keyed.field(Field::Key).is_some_and(|k| k.id() == element.id());
    // Map keys are expressions; only struct (or named) literals have field keys.
    let literal_type = keyed.charged_parent().and_then(|body| body.charged_parent()).and_then(|lit| lit.field(Field::Type));
    is_key && literal_type.is_none_or(|t| t.kind_name() != "map_type")
}

/// Whether the loop assigns the variable `identifier` names (local or
/// package-level), writes through it, calls a method on it or takes its
/// address.
fn changed_in(identifier: Node, for_statement: Node, cx: &FileContext) -> bool {
    let name = cx.text(identifier);
    let binding = cx.declaration_of(identifier, name.as_bytes(), None).map(|d| d.id());
    cx.walk(for_statement).filter(|n| n.kind_name() == "identifier" && cx.text(*n) == name).any(|use_site| {
        cx.declaration_of(use_site, name.as_bytes(), None).map(|d| d.id()) == binding
            && matches!(
                value_use(use_site, cx),
                ValueUse::Reassigned | ValueUse::WrittenThrough | ValueUse::MethodReceiver(_) | ValueUse::Escapes("its address is taken")
            )
    })
}

/// The variable a literal initialises (`m := lit`, `var m = lit`), with the
/// declaring statement (the `var` declaration for `var m = lit`).
fn declared_variable<'t>(literal: Node<'t>, cx: &FileContext) -> Option<(Node<'t>, Node<'t>)> {
    let (name, statement) = bound_variable(literal, cx)?;
    match statement.kind_name() {
        "short_var_declaration" => Some((name, statement)),
        "var_spec" => Some((name, statement.charged_parent().filter(|d| d.kind_name() == "var_declaration")?)),
        _ => None,
    }
}

/// Whether every use of the variable only reads it, in its own function.
fn only_read(name: Node, cx: &FileContext) -> bool {
    let Some(scope) = enclosing_function(name) else { return false };
    let uses: Vec<Node> = uses_of(name, scope, cx).into_iter().filter(|u| u.id() != name.id()).collect();
    !uses.is_empty() && uses.iter().all(|use_site| !captured(*use_site, name) && matches!(value_use(*use_site, cx), ValueUse::Read))
}

/// How a slice literal in place is passed to a call or kept beyond the
/// iteration.
fn kept_or_passed(value: Node, for_statement: Node, cx: &FileContext) -> Option<String> {
    match value_use(value, cx) {
        ValueUse::Argument(call) if !cx.calls_builtin(call, "append") && !is_conversion(call, cx) => {
            let function = call.field(Field::Function).map_or("a function", |f| cx.text(f));
            Some(format!("is passed to {}", shorten(function, 40)))
        }
        ValueUse::Escapes("assigned to another variable" | "stored") => {
            // Overwriting one place outside the loop again and again; an
            // element or a field of a per-iteration value gets its own slice.
            let target = assignment_target(value)?;
            let mut root = target;
            while root.kind_name() == "selector_expression" {
                root = root.field(Field::Operand).map(unparen)?;
            }
            if root.kind_name() != "identifier" {
                return None;
            }
            let declaration = declaration_anywhere(root, cx);
            declaration.is_none_or(|d| !contains(for_statement, d)).then(|| format!("is stored in {}", shorten(cx.text(target), 40)))
        }
        _ => None,
    }
}

/// How a slice variable declared in the loop is passed to a call or kept
/// beyond the iteration, when nothing writes through it or reassigns it.
fn kept_or_passed_variable(name: Node, for_statement: Node, cx: &FileContext) -> Option<String> {
    let scope = enclosing_function(name)?;
    let mut how = None;
    for use_site in uses_of(name, scope, cx).into_iter().filter(|u| u.id() != name.id()) {
        if captured(use_site, name) {
            return None;
        }
        match value_use(use_site, cx) {
            ValueUse::Read => {}
            ValueUse::WrittenThrough | ValueUse::Reassigned | ValueUse::MethodReceiver(_) => return None,
            ValueUse::Argument(call) if cx.calls_builtin(call, "append") => return None,
            _ => how = how.or_else(|| kept_or_passed(use_site, for_statement, cx)),
        }
    }
    how
}

/// The target assigned a value in `x = value` (same position).
fn assignment_target(value: Node) -> Option<Node> {
    let list = value.charged_parent()?;
    let statement = list.charged_parent().filter(|s| s.kind_name() == "assignment_statement")?;
    let index = named_children(list).position(|n| n.id() == value.id())?;
    named_children(statement.field(Field::Left)?).nth(index).map(unparen)
}

/// A conversion written as a call: `string(...)`, `T(...)` with a
/// parenthesized or composite type.
fn is_conversion(call: Node, cx: &FileContext) -> bool {
    call.field(Field::Function).is_some_and(|f| matches!(f.kind_name(), "parenthesized_type" | "slice_type" | "array_type") || cx.evident_type(call).is_some())
}

/// Moves `m := lit` from the top level of the loop body to just before the
/// loop (its label included).
fn hoist_fix(statement: Node, for_statement: Node, cx: &FileContext) -> Option<crate::report::Fix> {
    let list = statement.charged_parent().filter(|l| l.kind_name() == "statement_list")?;
    let body = list.charged_parent()?;
    if for_statement.field(Field::Body).is_none_or(|b| b.id() != body.id()) {
        return None;
    }
    // Insert a line of its own before the loop's line (its label's, if any),
    // indented as the loop.
    let anchor = for_statement.charged_parent().filter(|p| p.kind_name() == "labeled_statement").unwrap_or(for_statement);
    let indent = cx.indentation_at(for_statement.start_byte());
    // Remove the whole line of the statement, indentation and newline included.
    let content = cx.source();
    let line_start = content[..statement.start_byte()].iter().rposition(|&b| b == b'\n').map_or(0, |n| n + 1);
    let line_end = content[statement.end_byte()..].iter().position(|&b| b == b'\n').map_or(content.len(), |n| statement.end_byte() + n + 1);
    if content[line_start..statement.start_byte()].iter().any(|b| !b.is_ascii_whitespace())
        || content[statement.end_byte()..line_end].iter().any(|b| !b.is_ascii_whitespace())
    {
        return None;
    }
    let anchor_line = content[..anchor.start_byte()].iter().rposition(|&b| b == b'\n').map_or(0, |n| n + 1);
    if content[anchor_line..anchor.start_byte()].iter().any(|b| !b.is_ascii_whitespace()) {
        return None;
    }
    let moved = format!("{indent}{}\n", cx.text(statement));
    Some(cx.fix(Applicability::Unsafe, vec![(anchor_line..anchor_line, moved), (line_start..line_end, String::new())]))
}
