//! GT103 global-map-growth: a package-level map that gains keys and never
//! loses one.

use std::ops::Range;

use tree_sitter::Node;

use super::{Example, ExampleKind, Family, PackageRule, RuleMeta};
use crate::report::Severity;
use crate::sorted_map::SortedSet;
use crate::source::context::FileContext;
use crate::source::package::{Facts, PackageContext};
use crate::source::scope::{declared_as, has_token, named_children, unparen, Declared};
use crate::source::syntax::{Field, Syntax};
use crate::source::walk::is_function;
use crate::source::walk::ChargedParent;

pub static META: RuleMeta = RuleMeta {
    id: "GT103",
    name: "global-map-growth",
    family: Family::Memory,
    severity: Severity::Info,
    summary: "a package-level map gains keys but none is ever deleted: it only grows",
    versions: "all",
    options: &[],
    docs: rule_docs!(
        r#"
## What it does
Reports an unexported package-level map (`var m = map[K]V{}`,
`make(map[K]V)`, `var m map[K]V`, or a package map type) that some function
of the package writes with a non-constant key (`m[k] = v`, `m[k] += n`,
`m[k]++`, where `k` involves a local variable, a parameter or a call) when
no file of the package ever `delete`s from it, `clear`s it or assigns the
variable (`m = ...`). The finding is at the first such write: a warning
when a write is inside an HTTP handler (a function with a `*http.Request`
parameter) or a loop that serves events (`for { select { ... } }`,
`for range ch`), info otherwise. The package is every file of the directory
with the same package clause that some target builds, in-package
`_test.go` files included (their writes are not reported, their deletes
count); writes inside `init` and `sync.Once.Do` functions run once and do
not count.

## Why is this a trap?
A package-level map lives as long as the process. When its keys come from
requests, users, connections or time, every distinct key adds an entry that
nothing removes: the heap grows until the process is restarted or killed,
and the garbage collector has more to scan at every cycle. Memoisation
caches and "seen" sets are the usual culprits; `runtime.mspan` and
`runtime.hmap` grow steadily in heap profiles.

## What it cannot see
How many distinct keys there really are: a registry filled by a handful of
`Register` calls is reported at info, and is harmless. A map that escapes
(passed to a function, returned, assigned to another variable, or with a
method called on it) might be trimmed elsewhere and is not reported;
exported maps are not reported either, since other packages may delete
from them. A local variable of the same name that is deleted from, cleared,
assigned or passed on anywhere in the package is taken for the map (no
finding): gotrap errs toward silence there. Maps held in struct fields, `sync.Map`, and deletes reached
through pointers or reflection are not seen. There is no fix: bounding the
map (an LRU, a TTL sweep, `delete` when the key's owner goes away) is a
design decision.

## Overlap
none: go vet and staticcheck have no check for unbounded maps.
"#
    ),
    examples: rule_examples!(&[
        Example {
            kind: ExampleKind::Bad,
            go_version: "1.22",
            code: r#"
package web

import "net/http"

var lastSeen = map[string]int64{}

func track(w http.ResponseWriter, r *http.Request) {
	lastSeen[r.RemoteAddr]++ // one entry per client address, forever
}
"#,
        },
        Example {
            kind: ExampleKind::Good,
            go_version: "1.22",
            code: r#"
package web

import "net/http"

var lastSeen = map[string]int64{}

func track(w http.ResponseWriter, r *http.Request) {
	lastSeen[r.RemoteAddr]++
}

func forget(addr string) {
	delete(lastSeen, addr)
}
"#,
        },
    ]),
};

pub struct GlobalMapGrowth;

/// What GT103 needs of a file.
#[derive(Default)]
struct FileFacts {
    /// Package-level variables that are visibly maps, or of a named type
    /// that may be one.
    maps: Vec<MapVariable>,
    /// Package-level type names declared as map types.
    map_types: Vec<String>,
    writes: Vec<Write>,
    /// Package-level names deleted from, cleared or assigned (with repeats,
    /// sorted once by the package's check).
    resets: Vec<String>,
    /// Package-level names used where the map escapes (the same).
    escapes: Vec<String>,
    /// Names declared anywhere in the outermost function being walked
    /// (by its node id): only uses of these can be local.
    declared_in: Option<(usize, SortedSet)>,
}

struct MapVariable {
    name: String,
    declaration: Range<usize>,
    /// None: the declaration says map; Some(T): its type is named T.
    named_type: Option<String>,
}

struct Write {
    name: String,
    range: Range<usize>,
    /// Where the write is, when it is a place that serves events.
    hot: Option<&'static str>,
}

/// What a use of a package-level name does to it (besides writing a key).
enum Use {
    Reset,
    Escape,
}

impl PackageRule for GlobalMapGrowth {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn node_kinds(&self) -> &'static [&'static str] {
        &[
            "var_spec",
            "type_spec",
            "type_alias",
            "assignment_statement",
            "inc_statement",
            "dec_statement",
            "short_var_declaration",
            "call_expression",
            "return_statement",
            "unary_expression",
            "literal_element",
            "send_statement",
        ]
    }

    fn collect(&self, node: Node, cx: &mut FileContext, facts: &mut Facts) {
        let facts = facts.get_or_default::<FileFacts>();
        match node.kind_name() {
            "var_spec" => {
                if at_package_level(node) {
                    package_maps(node, cx, facts);
                }
                uses(node, cx, facts);
            }
            "type_spec" | "type_alias" if at_package_level(node) => {
                if let (Some(name), Some(written)) = (node.field(Field::Name), node.field(Field::Type)) {
                    if written.kind_name() == "map_type" {
                        facts.map_types.push(cx.text(name).to_string());
                    }
                }
            }
            _ => uses(node, cx, facts),
        }
    }

    fn check(&self, cx: &mut PackageContext) {
        // Names collected, then sorted once for binary searches.
        let mut map_types: Vec<&str> = Vec::new();
        let mut declarations: Vec<(&str, usize, &MapVariable)> = Vec::new();
        let mut untouched: Vec<&str> = Vec::new();
        for (file, facts) in cx.facts::<FileFacts>() {
            map_types.extend(facts.map_types.iter().map(String::as_str));
            untouched.extend(facts.resets.iter().chain(&facts.escapes).map(String::as_str));
            declarations.extend(facts.maps.iter().filter(|_| !cx.files[file].is_test).map(|variable| (variable.name.as_str(), file, variable)));
        }
        // Sorted by name once (stable); a build-tag variant declares the
        // same name again: one map, the first declaration.
        crate::order::sort_stable_by(&mut declarations, |a, b| a.0.cmp(b.0));
        declarations.dedup_by(|later, first| later.0 == first.0);
        crate::order::sort_stable_by(&mut map_types, |a, b| a.cmp(b));
        crate::order::sort_stable_by(&mut untouched, |a, b| a.cmp(b));
        // Whether the map declared at that position is reported already.
        let mut reported = vec![false; declarations.len()];
        let writes: Vec<(usize, &Write)> = cx
            .facts::<FileFacts>()
            .filter(|(file, _)| !cx.files[*file].is_test && !cx.files[*file].is_generated)
            .flat_map(|(file, facts)| facts.writes.iter().map(move |write| (file, write)))
            .collect();
        for (file, write) in &writes {
            let name = write.name.as_str();
            let Ok(at) = declarations.binary_search_by(|(declared, _, _)| declared.cmp(&name)) else { continue };
            let (_, declared_file, variable) = declarations[at];
            let is_map = variable.named_type.as_deref().is_none_or(|named| map_types.binary_search(&named).is_ok());
            if !is_map || untouched.binary_search(&name).is_ok() || reported[at] {
                continue;
            }
            // The first write in a serving place when there is one.
            let (file, write) = writes.iter().find(|(_, w)| w.name == name && w.hot.is_some()).copied().unwrap_or((*file, *write));
            reported[at] = true;
            let (severity, place) = match write.hot {
                Some(place) => (Severity::Warning, format!(" {place}")),
                None => (Severity::Info, String::new()),
            };
            let message = format!(
                "package-level map {name} is written with a non-constant key{place} but never deleted from, cleared or reassigned: every new key stays for the life of the process"
            );
            let related = cx.related(declared_file, variable.declaration.clone(), format!("{name} is declared here"));
            if let Some(finding) = cx.report(&META, Some(severity), file, write.range.clone(), message) {
                finding.related.push(related);
            }
        }
    }
}

fn at_package_level(node: Node) -> bool {
    let mut parent = node.charged_parent();
    while let Some(p) = parent {
        match p.kind_name() {
            "source_file" => return true,
            "var_declaration" | "var_spec_list" | "type_declaration" => parent = p.charged_parent(),
            _ => return false,
        }
    }
    false
}

/// The unexported variables of a package-level `var` spec whose
/// declaration shows a map or a named type.
fn package_maps(spec: Node, cx: &FileContext, facts: &mut FileFacts) {
    let mut cursor = spec.walk();
    for name in spec.fields(Field::Name, &mut cursor) {
        let text = cx.text(name);
        if text == "_" || text.starts_with(|c: char| c.is_uppercase()) {
            continue;
        }
        let written = match declared_as(name) {
            Declared::Type(written) => written,
            Declared::Value(value) => {
                let value = unparen(value);
                match value.kind_name() {
                    "composite_literal" => match value.field(Field::Type) {
                        Some(written) => written,
                        None => continue,
                    },
                    "call_expression" if cx.calls_builtin(value, "make") => match value.field(Field::Arguments).and_then(|a| named_children(a).next()) {
                        Some(written) => written,
                        None => continue,
                    },
                    _ => continue,
                }
            }
            Declared::Unknown => continue,
        };
        let named_type = match written.kind_name() {
            "map_type" => None,
            "type_identifier" | "identifier" => Some(cx.text(written).to_string()),
            _ => continue,
        };
        facts.maps.push(MapVariable { name: text.to_string(), declaration: name.byte_range(), named_type });
    }
}

/// The identifiers among a node's children (parentheses stripped).
fn identifiers<'t>(node: Option<Node<'t>>) -> impl Iterator<Item = Node<'t>> {
    node.into_iter().flat_map(named_children).map(unparen).filter(|n| n.kind_name() == "identifier")
}

/// Records the writes, resets and escapes of names that a statement or
/// expression makes, from the identifiers among its children (asking each
/// identifier for its parent would cost a walk from the root each time).
/// Resets and escapes of a name the function may declare itself are
/// recorded without asking which declaration they refer to: counting a
/// local's reset or escape against the package's map only drops a finding.
fn uses(node: Node, cx: &FileContext, facts: &mut FileFacts) {
    match node.kind_name() {
        "assignment_statement" => {
            for target in node.field(Field::Left).into_iter().flat_map(named_children).map(unparen) {
                match target.kind_name() {
                    "identifier" => record(target, Use::Reset, cx, facts),
                    "index_expression" => write(target, cx, facts),
                    _ => {}
                }
            }
            identifiers(node.field(Field::Right)).for_each(|value| record(value, Use::Escape, cx, facts));
        }
        "inc_statement" | "dec_statement" => {
            if let Some(target) = named_children(node).next().map(unparen).filter(|t| t.kind_name() == "index_expression") {
                write(target, cx, facts);
            }
        }
        "short_var_declaration" => identifiers(node.field(Field::Right)).for_each(|value| record(value, Use::Escape, cx, facts)),
        "var_spec" => identifiers(node.field(Field::Value)).for_each(|value| record(value, Use::Escape, cx, facts)),
        "return_statement" => identifiers(named_children(node).next()).for_each(|value| record(value, Use::Escape, cx, facts)),
        "call_expression" => {
            let arguments: Vec<Node> = node.field(Field::Arguments).into_iter().flat_map(named_children).map(unparen).collect();
            match cx.called_builtin(node, &["delete", "clear", "len"]) {
                Some("delete" | "clear") => {
                    if let Some(map) = arguments.first().filter(|a| a.kind_name() == "identifier") {
                        record(*map, Use::Reset, cx, facts);
                    }
                }
                Some(_) => {}
                None => arguments.iter().filter(|a| a.kind_name() == "identifier").for_each(|argument| record(*argument, Use::Escape, cx, facts)),
            }
            // A method called on the variable (a named map type's method).
            let function = node.field(Field::Function).filter(|f| f.kind_name() == "selector_expression");
            if let Some(operand) = function.and_then(|f| f.field(Field::Operand)).map(unparen).filter(|o| o.kind_name() == "identifier") {
                record(operand, Use::Escape, cx, facts);
            }
        }
        "unary_expression" if has_token(node, "&") => identifiers(Some(node)).for_each(|operand| record(operand, Use::Escape, cx, facts)),
        "literal_element" | "send_statement" => identifiers(Some(node)).for_each(|value| record(value, Use::Escape, cx, facts)),
        _ => {}
    }
}

fn record(identifier: Node, usage: Use, cx: &FileContext, facts: &mut FileFacts) {
    let name = cx.text(identifier);
    let set = match usage {
        Use::Reset => &mut facts.resets,
        Use::Escape if cx.file.imports.path_of(name).is_none() => &mut facts.escapes,
        Use::Escape => return,
    };
    set.push(name.to_string());
}

/// `m[k] = v`, `m[k] op= v`, `m[k]++` on a package-level `m` with a
/// growing key, outside code that runs once.
fn write(index: Node, cx: &FileContext, facts: &mut FileFacts) {
    let Some(map) = index.field(Field::Operand).map(unparen).filter(|m| m.kind_name() == "identifier") else { return };
    let name = cx.text(map);
    if !index.field(Field::Index).is_some_and(|key| is_growing_key(key, cx)) {
        return;
    }
    if may_be_local(map, name, cx, facts) && cx.declaration_of(map, name.as_bytes(), None).is_some() {
        return;
    }
    let Some(place) = write_place(index, cx) else { return };
    facts.writes.push(Write { name: name.to_string(), range: index.byte_range(), hot: place });
}

/// Whether a use may refer to a declaration inside its function rather
/// than at package level: only names the outermost function declares
/// somewhere can, which spares most writes the scope search.
fn may_be_local(identifier: Node, name: &str, cx: &FileContext, facts: &mut FileFacts) -> bool {
    let mut outermost = None;
    let mut node = identifier;
    while let Some(parent) = node.charged_parent() {
        if is_function(parent) {
            outermost = Some(parent);
        }
        node = parent;
    }
    let Some(function) = outermost else { return true };
    if facts.declared_in.as_ref().is_none_or(|(id, _)| *id != function.id()) {
        facts.declared_in = Some((function.id(), declared_names(function, cx)));
    }
    facts.declared_in.as_ref().is_some_and(|(_, names)| names.contains(name))
}

/// Every identifier in a declaring position anywhere in a function
/// (parameters, results, receivers, `var`, `const`, `:=`, range and receive
/// variables, type switch bindings): a superset of its local names.
fn declared_names(function: Node, cx: &FileContext) -> SortedSet {
    let mut names = Vec::new();
    for node in cx.walk(function).filter(|n| n.kind_name() == "identifier") {
        let Some(parent) = node.charged_parent() else { continue };
        let declaring = match parent.kind_name() {
            "var_spec" | "const_spec" | "parameter_declaration" | "variadic_parameter_declaration" => true,
            "expression_list" => parent.charged_parent().is_some_and(|statement| {
                statement.field(Field::Left) == Some(parent) && matches!(statement.kind_name(), "short_var_declaration" | "range_clause" | "receive_statement")
                    || statement.kind_name() == "type_switch_statement"
            }),
            _ => false,
        };
        if declaring {
            names.push(cx.text(node).to_string());
        }
    }
    SortedSet::from_unsorted(names)
}

/// Whether a map key takes a new value from run to run: it calls something
/// or uses a local variable or parameter (not a local constant).
fn is_growing_key(key: Node, cx: &FileContext) -> bool {
    std::iter::once(key).chain(cx.walk(key)).any(|node| match node.kind_name() {
        "call_expression" => true,
        "identifier" => {
            let declaration = cx.declaration_of(node, cx.text(node).as_bytes(), None);
            declaration.is_some_and(|d| d.charged_parent().is_none_or(|spec| spec.kind_name() != "const_spec"))
        }
        _ => false,
    })
}

/// Where a write sits: None when it runs once (`init`, `sync.Once.Do`),
/// else Some(the serving place it is in, if any).
fn write_place(write: Node, cx: &FileContext) -> Option<Option<&'static str>> {
    let mut hot = None;
    let mut child = write;
    while let Some(parent) = child.charged_parent() {
        match parent.kind_name() {
            "function_declaration" if parent.field(Field::Name).is_some_and(|n| cx.text(n) == "init") => return None,
            "func_literal" if is_once_body(parent, cx) => return None,
            "function_declaration" | "method_declaration" | "func_literal" if hot.is_none() && is_http_handler(parent, cx) => {
                hot = Some("in an HTTP handler");
            }
            "for_statement" if hot.is_none() && child.kind_name() == "block" => hot = serving_loop(parent, cx),
            _ => {}
        }
        child = parent;
    }
    Some(hot)
}

/// `once.Do(func() { ... })`.
fn is_once_body(literal: Node, cx: &FileContext) -> bool {
    let Some(call) = literal.charged_parent().filter(|a| a.kind_name() == "argument_list").and_then(|a| a.charged_parent()) else { return false };
    call.field(Field::Function).and_then(|f| f.field(Field::Field)).is_some_and(|field| cx.text(field) == "Do")
}

fn is_http_handler(function: Node, cx: &FileContext) -> bool {
    let Some(parameters) = function.field(Field::Parameters) else { return false };
    named_children(parameters).filter_map(|p| p.field(Field::Type)).any(|written| {
        written.kind_name() == "pointer_type" && named_children(written).next().is_some_and(|inner| cx.refers_to(inner, "net/http", &["Request"]).is_some())
    })
}

/// `for { select { ... } }` or `for ... range ch` over a visible channel.
fn serving_loop(for_statement: Node, cx: &FileContext) -> Option<&'static str> {
    let header = named_children(for_statement).next()?;
    match header.kind_name() {
        "block" => {
            let selects = named_children(header)
                .filter(|n| n.kind_name() == "statement_list")
                .flat_map(named_children)
                .any(|statement| statement.kind_name() == "select_statement");
            selects.then_some("in a for-select loop")
        }
        "range_clause" => {
            let ranged = unparen(header.field(Field::Right)?);
            let is_channel = match ranged.kind_name() {
                "identifier" => match cx.declaration_of(ranged, cx.text(ranged).as_bytes(), None).map(declared_as) {
                    Some(Declared::Type(written)) => written.kind_name() == "channel_type",
                    Some(Declared::Value(value)) => {
                        cx.calls_builtin(unparen(value), "make")
                            && unparen(value).field(Field::Arguments).and_then(|a| named_children(a).next()).is_some_and(|t| t.kind_name() == "channel_type")
                    }
                    _ => false,
                },
                _ => false,
            };
            is_channel.then_some("in a loop over a channel")
        }
        _ => None,
    }
}
