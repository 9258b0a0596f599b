//! GT103 global-map-growth: a package-level map that gains keys and never
//! loses one.

use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::ops::Range;

use tree_sitter::Node;

use super::{Example, ExampleKind, Family, PackageRule, RuleMeta};
use crate::report::Severity;
use crate::source::context::FileContext;
use crate::source::package::{Facts, PackageContext};
use crate::source::scope::{declaration_of, declared_as, has_token, named_children, unparen, Declared};
use crate::source::walk::is_function;

pub static META: RuleMeta = RuleMeta {
    id: "GT103",
    name: "global-map-growth",
    family: Family::Memory,
    severity: Severity::Info,
    summary: "a package-level map gains keys but none is ever deleted: it only grows",
    versions: "all",
    options: &[],
    docs: r#"
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
from them. Maps held in struct fields, `sync.Map`, and deletes reached
through pointers or reflection are not seen. There is no fix: bounding the
map (an LRU, a TTL sweep, `delete` when the key's owner goes away) is a
design decision.

## Overlap
none: go vet and staticcheck have no check for unbounded maps.
"#,
    examples: &[
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
    ],
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
    /// Package-level names deleted from, cleared or assigned.
    resets: BTreeSet<String>,
    /// Package-level names used where the map escapes.
    escapes: BTreeSet<String>,
    /// Names declared anywhere in the outermost function being walked
    /// (by its node id): only uses of these can be local.
    declared_in: Option<(usize, HashSet<String>)>,
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

/// What a use of a package-level name does to it.
enum Use {
    Write,
    Reset,
    Escape,
}

impl PackageRule for GlobalMapGrowth {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn node_kinds(&self) -> &'static [&'static str] {
        &["var_spec", "type_spec", "type_alias", "identifier"]
    }

    fn collect(&self, node: Node, cx: &mut FileContext, facts: &mut Facts) {
        let facts = facts.get_or_default::<FileFacts>();
        match node.kind() {
            "var_spec" if at_package_level(node) => package_maps(node, cx, facts),
            "type_spec" | "type_alias" if at_package_level(node) => {
                if let (Some(name), Some(written)) = (node.child_by_field_name("name"), node.child_by_field_name("type")) {
                    if written.kind() == "map_type" {
                        facts.map_types.push(cx.text(name).to_string());
                    }
                }
            }
            "identifier" => identifier_use(node, cx, facts),
            _ => {}
        }
    }

    fn check(&self, cx: &mut PackageContext) {
        let mut map_types: BTreeSet<&str> = BTreeSet::new();
        let mut declarations: BTreeMap<&str, (usize, &MapVariable)> = BTreeMap::new();
        let mut untouched: BTreeSet<&str> = BTreeSet::new();
        for (file, facts) in cx.facts::<FileFacts>() {
            map_types.extend(facts.map_types.iter().map(String::as_str));
            untouched.extend(facts.resets.iter().chain(&facts.escapes).map(String::as_str));
            for variable in facts.maps.iter().filter(|_| !cx.files[file].is_test) {
                // A build-tag variant declares the same name again: one map.
                declarations.entry(variable.name.as_str()).or_insert((file, variable));
            }
        }
        let mut reported = BTreeSet::new();
        let writes: Vec<(usize, &Write)> = cx
            .facts::<FileFacts>()
            .filter(|(file, _)| !cx.files[*file].is_test && !cx.files[*file].is_generated)
            .flat_map(|(file, facts)| facts.writes.iter().map(move |write| (file, write)))
            .collect();
        for (file, write) in &writes {
            let name = write.name.as_str();
            let Some((declared_file, variable)) = declarations.get(name) else { continue };
            let is_map = variable.named_type.as_deref().is_none_or(|named| map_types.contains(named));
            if !is_map || untouched.contains(name) || reported.contains(name) {
                continue;
            }
            // The first write in a serving place when there is one.
            let (file, write) = writes.iter().find(|(_, w)| w.name == name && w.hot.is_some()).copied().unwrap_or((*file, *write));
            reported.insert(name);
            let (severity, place) = match write.hot {
                Some(place) => (Severity::Warning, format!(" {place}")),
                None => (Severity::Info, String::new()),
            };
            let message = format!(
                "package-level map {name} is written with a non-constant key{place} but never deleted from, cleared or reassigned: every new key stays for the life of the process"
            );
            let related = cx.related(*declared_file, variable.declaration.clone(), format!("{name} is declared here"));
            if let Some(finding) = cx.report(&META, Some(severity), file, write.range.clone(), message) {
                finding.related.push(related);
            }
        }
    }
}

fn at_package_level(node: Node) -> bool {
    let mut parent = node.parent();
    while let Some(p) = parent {
        match p.kind() {
            "source_file" => return true,
            "var_declaration" | "var_spec_list" | "type_declaration" => parent = p.parent(),
            _ => return false,
        }
    }
    false
}

/// The unexported variables of a package-level `var` spec whose
/// declaration shows a map or a named type.
fn package_maps(spec: Node, cx: &FileContext, facts: &mut FileFacts) {
    let mut cursor = spec.walk();
    for name in spec.children_by_field_name("name", &mut cursor) {
        let text = cx.text(name);
        if text == "_" || text.starts_with(|c: char| c.is_uppercase()) {
            continue;
        }
        let written = match declared_as(name) {
            Declared::Type(written) => written,
            Declared::Value(value) => {
                let value = unparen(value);
                match value.kind() {
                    "composite_literal" => match value.child_by_field_name("type") {
                        Some(written) => written,
                        None => continue,
                    },
                    "call_expression" if cx.calls_builtin(value, "make") => {
                        match value.child_by_field_name("arguments").and_then(|a| named_children(a).next()) {
                            Some(written) => written,
                            None => continue,
                        }
                    }
                    _ => continue,
                }
            }
            Declared::Unknown => continue,
        };
        let named_type = match written.kind() {
            "map_type" => None,
            "type_identifier" | "identifier" => Some(cx.text(written).to_string()),
            _ => continue,
        };
        facts.maps.push(MapVariable { name: text.to_string(), declaration: name.byte_range(), named_type });
    }
}

/// Records a write, reset or escape of a name that refers to a
/// package-level declaration.
fn identifier_use(identifier: Node, cx: &FileContext, facts: &mut FileFacts) {
    let Some(usage) = use_of(identifier, cx) else { return };
    let name = cx.text(identifier);
    if cx.file.imports.path_of(name).is_some() && matches!(usage, Use::Escape) {
        return;
    }
    if is_local(identifier, name, cx, facts) {
        return;
    }
    match usage {
        Use::Reset => {
            facts.resets.insert(name.to_string());
        }
        Use::Escape => {
            facts.escapes.insert(name.to_string());
        }
        Use::Write => {
            let Some(index) = identifier.parent() else { return };
            let growing = index.child_by_field_name("index").is_some_and(|key| is_growing_key(key, cx));
            let Some(place) = write_place(index, cx).filter(|_| growing) else { return };
            facts.writes.push(Write { name: name.to_string(), range: index.byte_range(), hot: place });
        }
    }
}

/// What a use of `identifier` does to the variable, from its place in the
/// syntax; None for reads and for places that declare or select.
fn use_of(identifier: Node, cx: &FileContext) -> Option<Use> {
    let parent = identifier.parent()?;
    match parent.kind() {
        "index_expression" if parent.child_by_field_name("operand") == Some(identifier) => {
            let (outer, child) = crate::source::walk::parent_skipping(parent, &["parenthesized_expression"])?;
            let assigned = outer.kind() == "expression_list"
                && outer.parent().is_some_and(|a| a.kind() == "assignment_statement" && a.child_by_field_name("left") == Some(outer));
            let stepped = matches!(outer.kind(), "inc_statement" | "dec_statement") && child.id() == parent.id();
            (assigned || stepped).then_some(Use::Write)
        }
        "argument_list" => {
            let call = parent.parent()?;
            let first = named_children(parent).next().is_some_and(|a| a.id() == identifier.id());
            if first && (cx.calls_builtin(call, "delete") || cx.calls_builtin(call, "clear")) {
                Some(Use::Reset)
            } else if cx.calls_builtin(call, "len") {
                None
            } else {
                Some(Use::Escape)
            }
        }
        "expression_list" => {
            let statement = parent.parent()?;
            let left = statement.child_by_field_name("left") == Some(parent);
            match statement.kind() {
                "assignment_statement" if left => Some(Use::Reset),
                // Declared or assigned by `:=`, range or receive; compared in a case.
                _ if left || statement.kind() == "expression_case" => None,
                _ => Some(Use::Escape),
            }
        }
        "selector_expression" => {
            let called = parent.parent().is_some_and(|call| call.kind() == "call_expression" && call.child_by_field_name("function") == Some(parent));
            (parent.child_by_field_name("operand") == Some(identifier) && called).then_some(Use::Escape)
        }
        "unary_expression" if has_token(parent, "&") => Some(Use::Escape),
        "literal_element" | "keyed_element" | "send_statement" | "return_statement" => Some(Use::Escape),
        _ => None,
    }
}

/// Whether a use refers to a declaration inside its function rather than
/// at package level. Only names the outermost function declares somewhere
/// can be local, which spares most uses the scope search.
fn is_local(identifier: Node, name: &str, cx: &FileContext, facts: &mut FileFacts) -> bool {
    let mut outermost = None;
    let mut node = identifier;
    while let Some(parent) = node.parent() {
        if is_function(parent) {
            outermost = Some(parent);
        }
        node = parent;
    }
    let Some(function) = outermost else { return declaration_of(identifier, name.as_bytes(), cx.source(), None).is_some() };
    if facts.declared_in.as_ref().is_none_or(|(id, _)| *id != function.id()) {
        facts.declared_in = Some((function.id(), declared_names(function, cx)));
    }
    let may_be_local = facts.declared_in.as_ref().is_some_and(|(_, names)| names.contains(name));
    may_be_local && declaration_of(identifier, name.as_bytes(), cx.source(), None).is_some()
}

/// Every identifier in a declaring position anywhere in a function
/// (parameters, results, receivers, `var`, `const`, `:=`, range and receive
/// variables, type switch bindings): a superset of its local names.
fn declared_names(function: Node, cx: &FileContext) -> HashSet<String> {
    let mut names = HashSet::new();
    for node in cx.walk(function).filter(|n| n.kind() == "identifier") {
        let Some(parent) = node.parent() else { continue };
        let declaring = match parent.kind() {
            "var_spec" | "const_spec" | "parameter_declaration" | "variadic_parameter_declaration" => true,
            "expression_list" => parent.parent().is_some_and(|statement| {
                statement.child_by_field_name("left") == Some(parent)
                    && matches!(statement.kind(), "short_var_declaration" | "range_clause" | "receive_statement")
                    || statement.kind() == "type_switch_statement"
            }),
            _ => false,
        };
        if declaring {
            names.insert(cx.text(node).to_string());
        }
    }
    names
}

/// Whether a map key takes a new value from run to run: it calls something
/// or uses a local variable or parameter (not a local constant).
fn is_growing_key(key: Node, cx: &FileContext) -> bool {
    std::iter::once(key).chain(cx.walk(key)).any(|node| match node.kind() {
        "call_expression" => true,
        "identifier" => {
            let declaration = declaration_of(node, cx.text(node).as_bytes(), cx.source(), None);
            declaration.is_some_and(|d| d.parent().is_none_or(|spec| spec.kind() != "const_spec"))
        }
        _ => false,
    })
}

/// Where a write sits: None when it runs once (`init`, `sync.Once.Do`),
/// else Some(the serving place it is in, if any).
fn write_place(write: Node, cx: &FileContext) -> Option<Option<&'static str>> {
    let mut hot = None;
    let mut child = write;
    while let Some(parent) = child.parent() {
        match parent.kind() {
            "function_declaration" if parent.child_by_field_name("name").is_some_and(|n| cx.text(n) == "init") => return None,
            "func_literal" if is_once_body(parent, cx) => return None,
            "function_declaration" | "method_declaration" | "func_literal" if hot.is_none() && is_http_handler(parent, cx) => {
                hot = Some("in an HTTP handler");
            }
            "for_statement" if hot.is_none() && child.kind() == "block" => hot = serving_loop(parent, cx),
            _ => {}
        }
        child = parent;
    }
    Some(hot)
}

/// `once.Do(func() { ... })`.
fn is_once_body(literal: Node, cx: &FileContext) -> bool {
    let Some(call) = literal.parent().filter(|a| a.kind() == "argument_list").and_then(|a| a.parent()) else { return false };
    call.child_by_field_name("function").and_then(|f| f.child_by_field_name("field")).is_some_and(|field| cx.text(field) == "Do")
}

fn is_http_handler(function: Node, cx: &FileContext) -> bool {
    let Some(parameters) = function.child_by_field_name("parameters") else { return false };
    named_children(parameters).filter_map(|p| p.child_by_field_name("type")).any(|written| {
        written.kind() == "pointer_type" && named_children(written).next().is_some_and(|inner| cx.refers_to(inner, "net/http", &["Request"]).is_some())
    })
}

/// `for { select { ... } }` or `for ... range ch` over a visible channel.
fn serving_loop(for_statement: Node, cx: &FileContext) -> Option<&'static str> {
    let header = named_children(for_statement).next()?;
    match header.kind() {
        "block" => {
            let selects = named_children(header)
                .filter(|n| n.kind() == "statement_list")
                .flat_map(named_children)
                .any(|statement| statement.kind() == "select_statement");
            selects.then_some("in a for-select loop")
        }
        "range_clause" => {
            let ranged = unparen(header.child_by_field_name("right")?);
            let is_channel = match ranged.kind() {
                "identifier" => match declaration_of(ranged, cx.text(ranged).as_bytes(), cx.source(), None).map(declared_as) {
                    Some(Declared::Type(written)) => written.kind() == "channel_type",
                    Some(Declared::Value(value)) => {
                        cx.calls_builtin(unparen(value), "make")
                            && unparen(value)
                                .child_by_field_name("arguments")
                                .and_then(|a| named_children(a).next())
                                .is_some_and(|t| t.kind() == "channel_type")
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
