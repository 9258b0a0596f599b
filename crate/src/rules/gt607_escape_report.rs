//! GT607 escape-report: in a `-gcflags=-m` escape report, values the
//! compiler moves to the heap inside a loop or because they are too large
//! for the stack, at their source lines; the other heap allocations
//! summarised once per report.

use std::collections::HashMap;

use tree_sitter::{Point, Tree};

use super::runtime::{EscapeContext, EscapeRule};
use super::{Example, ExampleKind, Family, RuleMeta};
use crate::escape::{make_bytes, EscapeEntry, EscapeKind};
use crate::report::Severity;
use crate::source::syntax::{Field, Syntax};
use crate::source::walk::ChargedParent;

pub static META: RuleMeta = RuleMeta {
    id: "GT607",
    name: "escape-report",
    family: Family::Runtime,
    severity: Severity::Info,
    summary: "an escape report where a value is moved to the heap inside a loop or is too large for the stack",
    versions: "all (tested on the reports of Go 1.26 and Go 1.20)",
    options: &[],
    docs: rule_docs!(
        r#"
## What it does
Reads the compiler's escape-analysis report, the output of
`go build -gcflags=-m` (or `-m -m`, which adds why), named as an artifact.
It reports, at the line of the workspace's Go file the report names:
- a variable the compiler **moved to the heap** (`moved to heap: x`) that is
  declared inside a `for` loop of its function: every iteration allocates a
  new one;
- a value on the heap because it is **too large for the stack**: the `-m -m`
  explanation says `too large for stack`, or it is a `make([]T, n)` of a
  basic element type whose constant size is over 64 KiB (the compiler keeps
  at most 64 KiB of implicit allocations on the stack, 128 KiB of declared
  variables).

Every other heap decision (`escapes to heap`, `moved to heap` outside loops,
copies at the call sites of inlined functions) is summarised in one finding
on the report, with the files that have the most. The `escape` analysis
holds every decision (heap, `does not escape`, leaking parameters, inlining
with its cost, why a function cannot be inlined) and the `-m -m`
explanation chains (`flow:` and `from ... (reason) at ...`).

## Why is this a trap?
A value that escapes costs an allocation and later GC work; inside a loop it
costs one per iteration, which is often the allocation hotspot of a program
(GT603 shows it in an allocs profile). The usual causes are taking the
address of a loop-local variable and storing it, passing it to an interface
parameter (`fmt.Println`, `any`), or capturing it in a closure that outlives
the call. A large buffer allocated on every call (instead of reused through a
field or a `sync.Pool`) makes the GC run more often.

## What it cannot see
The report's positions must still match the source: a finding is placed only
when the line and column hold the identifier or call the report names;
otherwise (edited source, or a file the workspace lacks) loop values are
only summarised and large values are reported on the report with the
recorded position in `related`. Plain `-m` does not say why a variable moved
to the heap, so a large declared array is recognised only from `-m -m`. A
decision at the call site of an inlined function is counted in the summary,
not reported again. Whether a loop runs often is not known.

## Examples
The bad example is a program whose `go build -gcflags=-m` report shows the
trap; the good one is the same code fixed.
`tests/artifacts/programs/escape` is a complete program and
`tests/artifacts/generate.sh` captures its `-m` and `-m -m` reports.

## Overlap
GT603 (alloc-hotspot) measures the allocations in an allocs profile; GT302
(string-concat-in-loop) finds one allocating pattern in source. `go vet` and
staticcheck do not read escape reports.
"#
    ),
    examples: rule_examples!(&[
        Example {
            kind: ExampleKind::Bad,
            go_version: "1.26",
            code: r#"
package main

type record struct{ id int }

var index []*record

// -gcflags=-m: "moved to heap: r" — one allocation per iteration.
func load(n int) {
	for i := 0; i < n; i++ {
		r := record{id: i}
		index = append(index, &r)
	}
}

func main() { load(1000) }
"#,
        },
        Example {
            kind: ExampleKind::Good,
            go_version: "1.26",
            code: r#"
package main

type record struct{ id int }

// One slice of values: r stays on the stack.
var index []record

func load(n int) {
	for i := 0; i < n; i++ {
		r := record{id: i}
		index = append(index, r)
	}
}

func main() { load(1000) }
"#,
        },
    ]),
};

pub static RULE: EscapeRule = EscapeRule { meta: &META, check };

/// Parsed workspace files, each parsed once per report.
#[derive(Default)]
struct Trees {
    parser: Option<tree_sitter::Parser>,
    trees: HashMap<String, Option<Tree>>,
}

impl Trees {
    fn get(&mut self, path: &str, content: &[u8]) -> Option<&Tree> {
        let parser = self.parser.get_or_insert_with(crate::source::new_parser);
        self.trees.entry(path.to_string()).or_insert_with(|| parser.parse(content, None)).as_ref()
    }
}

/// Where a decision sits in the source: the byte range of what it names and
/// whether it is inside a `for` loop of its function.
struct Site {
    start: usize,
    end: usize,
    in_loop: bool,
}

/// The leading identifier of a subject (`make` of `make([]byte, 9)`, `r`).
fn leading_identifier(subject: &str) -> &str {
    let end = subject.find(|c: char| !(c.is_alphanumeric() || c == '_')).unwrap_or(subject.len());
    &subject[..end]
}

/// The source site of an entry, when what its position holds is what the
/// entry names (not the call of an inlined function, not edited source): the
/// identifier, or the call whose `(` the compiler points at.
fn site(tree: &Tree, content: &[u8], entry: &EscapeEntry) -> Option<Site> {
    let lines = crate::position::LineIndex::new(content);
    let offset = lines.line_start(entry.at.line)? as usize + (entry.at.column as usize).checked_sub(1)?;
    let point = Point { row: entry.at.line as usize - 1, column: entry.at.column as usize - 1 };
    let mut node = tree.root_node().descendant_for_point_range(point, point)?;
    if node.start_byte() != offset {
        return None;
    }
    let expected = leading_identifier(&entry.subject).as_bytes();
    let named = if content.get(offset) == Some(&b'(') {
        // A call: the compiler's position is its argument list.
        node =
            node.charged_parent().filter(|args| args.kind_name() == "argument_list")?.charged_parent().filter(|call| call.kind_name() == "call_expression")?;
        let function = node.field(Field::Function)?;
        content.get(function.byte_range())?.ends_with(expected)
    } else {
        content.get(node.byte_range())? == expected
    };
    if expected.is_empty() || !named {
        return None;
    }
    let mut in_loop = false;
    let mut walking = node.charged_parent();
    while let Some(current) = walking {
        match current.kind_name() {
            "for_statement" => in_loop = true,
            "function_declaration" | "method_declaration" | "func_literal" => break,
            _ => {}
        }
        walking = current.charged_parent();
    }
    Some(Site { start: node.start_byte(), end: node.end_byte(), in_loop })
}

fn check(cx: &mut EscapeContext) {
    let report = cx.data;
    let mut trees = Trees::default();
    let mut reported = 0u64;
    for entry in &report.heap {
        let large = entry.too_large_for_stack();
        let located = cx.locate(entry.package.as_deref(), &entry.at.file);
        let found = located.and_then(|(path, content)| Some(((path, content), site(trees.get(path, content)?, content, entry)?)));
        let in_loop = entry.kind == EscapeKind::MovedToHeap && found.as_ref().is_some_and(|(_, site)| site.in_loop);
        if !(large || in_loop) {
            continue;
        }
        if large && located.is_some() && found.is_none() {
            continue; // a copy at the call site of an inlined function (or stale positions)
        }
        let message = message(entry, large, in_loop);
        reported += 1;
        match found {
            Some(((path, content), site)) => {
                let span = crate::position::LineIndex::new(content).span(content, site.start, site.end);
                let why = "evidence: escape analysis report".to_string();
                cx.report_in_source(&META, path, span, (entry.start, entry.end), why, message);
            }
            None => {
                let recorded = format!("{}:{}:{}", entry.at.file, entry.at.line, entry.at.column);
                let finding = cx.report_on_artifact(&META, entry.start, entry.end, message);
                finding.related.push(super::Related {
                    path: entry.at.file.clone(),
                    span: crate::report::Span {
                        line: entry.at.line,
                        column: entry.at.column.max(1),
                        end_line: entry.at.line,
                        end_column: entry.at.column.max(1),
                        column_utf16: entry.at.column.max(1),
                        end_column_utf16: entry.at.column.max(1),
                        ..Default::default()
                    },
                    message: format!("{recorded} as recorded in the report (not a workspace file, or more than one matches)"),
                });
            }
        }
    }
    let counts = &report.analysis.counts;
    let heap = counts.moved_to_heap + counts.escapes_to_heap;
    if heap > reported {
        let files: Vec<String> = report
            .analysis
            .heap_by_file
            .iter()
            .take(3)
            .map(|file| format!("{} ({} moved, {} escaping)", file.file, file.moved_to_heap, file.escapes_to_heap))
            .collect();
        let message = format!(
            "escape report: {} variables moved to the heap and {} values escaping to the heap, {} of them reported at their lines; most in {}; the escape analysis lists them all",
            counts.moved_to_heap,
            counts.escapes_to_heap,
            reported,
            files.join(", "),
        );
        let first = report.heap.first().map_or((0, 0), |entry| (entry.start, entry.end));
        cx.report_on_artifact(&META, first.0, first.1, message);
    }
}

fn message(entry: &EscapeEntry, large: bool, in_loop: bool) -> String {
    let name = &entry.subject;
    if in_loop && !large {
        return format!(
            "{name} is moved to the heap inside a loop: every iteration allocates a new {name}; store values instead of pointers to it, or allocate once outside the loop (escape analysis: moved to heap)"
        );
    }
    let size = make_bytes(name).map(|bytes| format!(" ({} KiB)", bytes / 1024)).unwrap_or_default();
    let loop_note = if in_loop { ", on every iteration of a loop" } else { "" };
    format!(
        "{name}{size} is too large for the stack and is allocated on the heap{loop_note}; if this runs often, reuse the buffer (a field or a sync.Pool) instead of allocating it each time (escape analysis: {})",
        if entry.kind == EscapeKind::MovedToHeap { "moved to heap" } else { "escapes to heap" }
    )
}
