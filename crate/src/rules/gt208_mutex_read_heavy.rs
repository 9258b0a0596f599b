//! GT208 mutex-read-heavy: a `sync.Mutex` field whose locking methods mostly
//! only read the state it guards.

use std::ops::Range;

use tree_sitter::Node;

use super::{Example, ExampleKind, Family, PackageRule, RuleMeta};
use crate::report::{Applicability, Fix, Severity};
use crate::sorted_map::SortedSet;
use crate::source::context::FileContext;
use crate::source::package::{Facts, PackageContext};
use crate::source::scope::{has_token, named_children, unparen};
use crate::source::syntax::{Field, Syntax};
use crate::source::walk::parent_skipping;
use crate::source::walk::ChargedParent;

pub static META: RuleMeta = RuleMeta {
    id: "GT208",
    name: "mutex-read-heavy",
    family: Family::Concurrency,
    severity: Severity::Info,
    summary: "a sync.Mutex whose locking methods mostly only read: readers wait for each other",
    versions: "all",
    options: &[],
    docs: rule_docs!(
        r#"
## What it does
For each struct type with one `sync.Mutex` field (named, as `mu sync.Mutex`,
or embedded), looks at the type's methods in every file of the package
that lock it (`r.mu.Lock()`, or `r.Lock()` when embedded). A method is a
reader when the only things it does to the receiver's other fields are
reads: any assignment (`=`, `op=`, `++`, `--`) to a field or into it
(`r.m[k] = v`, `r.s.x = v`), `delete`, `clear` or `append` on a field, a
method call on a field, `&r.f`, passing a field to a function, calling
another method of the receiver, or passing the receiver itself on makes it
a writer. Functions that are not methods of the type and lock a field of
the same name count as writers too. When readers are at least as many as
writers, the mutex field is reported. Methods declared again in a
build-tag variant count once (as a writer if any variant writes). A
`sync.RWMutex` is never reported.

## Why is this a trap?
`Lock` admits one goroutine at a time, readers included: under load,
goroutines that only look at the state queue behind each other although
they could not disturb one another. `sync.RWMutex` lets any number of
readers hold `RLock` together and still gives writers `Lock` alone. It
costs a little more per operation, so it pays off when reads dominate and
the lock is contended — a mutex or block profile (GT602) shows whether it is.

## What it cannot see
How often each method runs: three rarely called readers and one hot writer
count as three to one. State written through a pointer or slice the
reader got from a field, writes inside functions the method calls, and
methods of embedded types are not seen. A struct with more than one
`sync.Mutex` is skipped (which mutex guards which field is not visible),
as is one whose mutex is used other than by `Lock`/`Unlock`/`TryLock`
(`sync.NewCond(&r.mu)`). The fix — `sync.RWMutex`, and `RLock`/`RUnlock`
in the readers — is offered when the readers are in the file of the type
and the mutex is a named field; it is unsafe, since a reader that writes
something gotrap did not see becomes a data race.

## Overlap
none: go vet's copylocks and staticcheck's SA2xxx checks look at misuse of
locks, not at the choice between Mutex and RWMutex.
"#
    ),
    examples: rule_examples!(&[
        Example {
            kind: ExampleKind::Bad,
            go_version: "1.22",
            code: r#"
package cache

import "sync"

type Cache struct {
	mu    sync.Mutex // Get and Len only read, yet wait for each other
	items map[string]string
}

func (c *Cache) Get(key string) string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.items[key]
}

func (c *Cache) Len() int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return len(c.items)
}

func (c *Cache) Set(key, value string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.items[key] = value
}
"#,
        },
        Example {
            kind: ExampleKind::Good,
            go_version: "1.22",
            code: r#"
package cache

import "sync"

type Cache struct {
	mu    sync.RWMutex
	items map[string]string
}

func (c *Cache) Get(key string) string {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return c.items[key]
}

func (c *Cache) Len() int {
	c.mu.RLock()
	defer c.mu.RUnlock()
	return len(c.items)
}

func (c *Cache) Set(key, value string) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.items[key] = value
}
"#,
        },
    ]),
};

pub struct MutexReadHeavy;

/// What GT208 needs of a file.
#[derive(Default)]
struct FileFacts {
    types: Vec<Guarded>,
    methods: Vec<Method>,
    /// Field names `f` of `x.f.Lock()` in functions that are not methods
    /// (sorted by the package's check).
    locked_elsewhere: Vec<String>,
    /// The body (bytes) of the last of `methods` and its receiver's name:
    /// the identifiers the file's walk passes in there are the method's
    /// uses of its receiver.
    open_body: Option<(Range<usize>, String)>,
}

/// A struct type with exactly one `sync.Mutex` field.
struct Guarded {
    name: String,
    /// The mutex field's name (`Mutex` when embedded).
    mutex: String,
    embedded: bool,
    /// The `Mutex` of the field's written type `sync.Mutex`.
    type_name: Range<usize>,
    fields: SortedSet,
}

struct Method {
    receiver_type: String,
    name: String,
    name_range: Range<usize>,
    /// Fields `f` of `r.f.Lock()` and `Mutex` for `r.Lock()`, with the
    /// ranges of the `Lock`/`Unlock` identifiers.
    lock_calls: Vec<(String, Range<usize>, &'static str)>,
    /// Fields of the receiver read or written (other selectors included),
    /// in the order the body uses them, repeats kept.
    reads: Vec<String>,
    writes: Vec<String>,
    /// The receiver is used other than through a selector.
    receiver_escapes: bool,
}

impl PackageRule for MutexReadHeavy {
    fn meta(&self) -> &'static RuleMeta {
        &META
    }

    fn node_kinds(&self) -> &'static [&'static str] {
        &["type_spec", "method_declaration", "call_expression", "identifier"]
    }

    fn collect(&self, node: Node, cx: &mut FileContext, facts: &mut Facts) {
        let facts = facts.get_or_default::<FileFacts>();
        match node.kind_name() {
            "type_spec" => facts.types.extend(guarded(node, cx)),
            "method_declaration" => {
                facts.open_body = None;
                if let Some((method, body, receiver_name)) = method(node, cx) {
                    facts.methods.push(method);
                    facts.open_body = Some((body, receiver_name));
                }
            }
            "identifier" => {
                let Some((body, receiver_name)) = &facts.open_body else { return };
                if body.contains(&node.start_byte()) && cx.text(node) == receiver_name {
                    if let Some(method) = facts.methods.last_mut() {
                        receiver_use(node, cx, method);
                    }
                }
            }
            _ => {
                if let Some((field, _, _)) = lock_call(node, cx).filter(|_| !locks_own_receiver(node, cx)) {
                    facts.locked_elsewhere.push(field);
                }
            }
        }
    }

    fn check(&self, cx: &mut PackageContext) {
        // Types and methods in file order, then sorted by name once (stable:
        // a package may declare many thousands); the first declaration of a
        // type name counts, a method's variants stay in file order.
        let mut types: Vec<(&str, usize, &Guarded)> = Vec::new();
        let mut declared_methods: Vec<((&str, &str), usize, &Method)> = Vec::new();
        let mut locked_elsewhere: Vec<&str> = Vec::new();
        for (file, facts) in cx.facts::<FileFacts>() {
            types.extend(facts.types.iter().map(|guarded| (guarded.name.as_str(), file, guarded)));
            declared_methods.extend(facts.methods.iter().map(|method| ((method.receiver_type.as_str(), method.name.as_str()), file, method)));
            locked_elsewhere.extend(facts.locked_elsewhere.iter().map(String::as_str));
        }
        crate::order::sort_stable_by(&mut types, |a, b| a.0.cmp(b.0));
        types.dedup_by(|later, first| later.0 == first.0);
        crate::order::sort_stable_by(&mut locked_elsewhere, |a, b| a.cmp(b));
        crate::order::sort_stable_by(&mut declared_methods, |a, b| a.0.cmp(&b.0));
        let methods: Vec<(&str, Vec<(usize, &Method)>)> = declared_methods
            .chunk_by(|a, b| a.0 == b.0)
            .map(|variants| (variants[0].0 .0, variants.iter().map(|&(_, file, method)| (file, method)).collect()))
            .collect();
        for (type_name, file, guarded) in types {
            let mut readers: Vec<&[(usize, &Method)]> = Vec::new();
            let mut writers = usize::from(locked_elsewhere.binary_search(&guarded.mutex.as_str()).is_ok());
            let mut misused = false;
            let first_method = methods.partition_point(|(receiver, _)| *receiver < type_name);
            for variants in methods[first_method..].iter().take_while(|(receiver, _)| *receiver == type_name).map(|(_, v)| v.as_slice()) {
                let locks = |m: &Method| m.lock_calls.iter().any(|(field, _, _)| *field == guarded.mutex);
                misused |= variants.iter().any(|(_, m)| m.writes.iter().chain(&m.reads).any(|field| *field == guarded.mutex));
                if !variants.iter().any(|(_, m)| locks(m)) {
                    continue;
                }
                if variants.iter().all(|(_, m)| locks(m) && is_reader(m, guarded)) {
                    readers.push(variants);
                } else {
                    writers += 1;
                }
            }
            if misused || readers.is_empty() || readers.len() < writers {
                continue;
            }
            let names: Vec<&str> = readers.iter().map(|variants| variants[0].1.name.as_str()).collect();
            let total = readers.len() + writers;
            let message = format!(
                "{type_name}.{} is a sync.Mutex, but {} of the {total} functions that lock it only read the state it guards ({}): a sync.RWMutex would let readers hold RLock together",
                guarded.mutex,
                readers.len(),
                names.join(", ")
            );
            let related: Vec<_> = readers
                .iter()
                .map(|variants| cx.related(variants[0].0, variants[0].1.name_range.clone(), format!("{} only reads", variants[0].1.name)))
                .collect();
            let fix = rwmutex_fix(file, guarded, &readers);
            if let Some(finding) = cx.report(&META, None, file, guarded.type_name.clone(), message) {
                finding.related = related;
                finding.fix = fix;
            }
        }
    }
}

/// Whether a lock call locks the receiver of the method it is in (and so
/// counts with that method), rather than some other value.
fn locks_own_receiver(call: Node, cx: &FileContext) -> bool {
    let Some(mut root) = call.field(Field::Function).and_then(|f| f.field(Field::Operand)).map(unparen) else { return false };
    while root.kind_name() == "selector_expression" {
        match root.field(Field::Operand) {
            Some(operand) => root = unparen(operand),
            None => return false,
        }
    }
    let Some(method) = crate::source::walk::enclosing_function(call).filter(|f| f.kind_name() == "method_declaration") else { return false };
    let receiver = method.field(Field::Receiver).and_then(|r| named_children(r).next()).and_then(|p| p.field(Field::Name));
    receiver.is_some_and(|name| root.kind_name() == "identifier" && cx.text(name) == cx.text(root))
}

fn is_reader(method: &Method, guarded: &Guarded) -> bool {
    let touches_state = method.reads.iter().any(|f| *f != guarded.mutex && guarded.fields.contains(f));
    let other_calls = method.reads.iter().chain(&method.writes).any(|f| !guarded.fields.contains(f) && *f != guarded.mutex && !lock_method(f));
    let writes = method.writes.iter().any(|f| *f != guarded.mutex);
    touches_state && !other_calls && !writes && !method.receiver_escapes
}

fn lock_method(name: &str) -> bool {
    matches!(name, "Lock" | "Unlock" | "TryLock")
}

/// A struct type with exactly one `sync.Mutex` field.
fn guarded(spec: Node, cx: &FileContext) -> Option<Guarded> {
    let name = spec.field(Field::Name)?;
    let body = spec.field(Field::Type).filter(|t| t.kind_name() == "struct_type")?;
    let list = named_children(body).find(|n| n.kind_name() == "field_declaration_list")?;
    let mut mutexes = Vec::new();
    let mut fields = Vec::new();
    for declaration in named_children(list).filter(|n| n.kind_name() == "field_declaration") {
        let Some(written) = declaration.field(Field::Type) else { continue };
        let mut cursor = declaration.walk();
        let names: Vec<String> = declaration.fields(Field::Name, &mut cursor).map(|n| cx.text(n).to_string()).collect();
        if cx.refers_to(written, "sync", &["Mutex"]).is_some() {
            let type_name = written.field(Field::Name).unwrap_or(written).byte_range();
            match names.as_slice() {
                [] => mutexes.push(("Mutex".to_string(), true, type_name)),
                [one] => mutexes.push((one.clone(), false, type_name)),
                _ => return None,
            }
        } else if names.is_empty() {
            // An embedded type: its fields and methods are promoted, unseen.
            fields.push(cx.text(written).trim_start_matches('*').rsplit('.').next().unwrap_or("").to_string());
        } else {
            fields.extend(names);
        }
    }
    let [(mutex, embedded, type_name)] = <[_; 1]>::try_from(mutexes).ok()?;
    Some(Guarded { name: cx.text(name).to_string(), mutex, embedded, type_name, fields: SortedSet::from_unsorted(fields) })
}

/// `x.f.Lock()` / `x.Lock()` (and Unlock, TryLock): the field (`Mutex`
/// for the embedded form), the method name's range and the method.
fn lock_call(call: Node, cx: &FileContext) -> Option<(String, Range<usize>, &'static str)> {
    let function = call.field(Field::Function).filter(|f| f.kind_name() == "selector_expression")?;
    let method = function.field(Field::Field)?;
    let which = ["Lock", "Unlock", "TryLock"].into_iter().find(|m| *m == cx.text(method))?;
    let operand = unparen(function.field(Field::Operand)?);
    let field = match operand.kind_name() {
        "selector_expression" => cx.text(operand.field(Field::Field)?).to_string(),
        "identifier" => "Mutex".to_string(),
        _ => return None,
    };
    Some((field, method.byte_range(), which))
}

/// A method's receiver type and name, its body's bytes and its receiver's
/// name; its receiver's uses are added as the file's walk passes them
/// (`receiver_use`).
fn method(declaration: Node, cx: &FileContext) -> Option<(Method, Range<usize>, String)> {
    let receiver = named_children(declaration.field(Field::Receiver)?).next()?;
    let receiver_name = cx.text(receiver.field(Field::Name)?);
    let mut written = receiver.field(Field::Type)?;
    while matches!(written.kind_name(), "pointer_type" | "generic_type" | "parenthesized_type") {
        written = named_children(written).next()?;
    }
    let body = declaration.field(Field::Body)?;
    let name = declaration.field(Field::Name)?;
    let method = Method {
        receiver_type: cx.text(written).to_string(),
        name: cx.text(name).to_string(),
        name_range: name.byte_range(),
        lock_calls: Vec::new(),
        reads: Vec::new(),
        writes: Vec::new(),
        receiver_escapes: false,
    };
    Some((method, body.byte_range(), receiver_name.to_string()))
}

/// What a use of the receiver in a method's body does: lock, read or write
/// a field, or let the receiver escape.
fn receiver_use(node: Node, cx: &FileContext, method: &mut Method) {
    let Some(parent) = node.charged_parent() else { return };
    if parent.kind_name() != "selector_expression" || parent.field(Field::Operand) != Some(node) {
        let declares = parent.kind_name() == "expression_list" && parent.charged_parent().is_some_and(|s| s.field(Field::Left) == Some(parent));
        method.receiver_escapes |= !declares;
        return;
    }
    let Some(field) = parent.field(Field::Field).map(|f| cx.text(f).to_string()) else { return };
    let call = parent.charged_parent().filter(|c| c.kind_name() == "call_expression" && c.field(Field::Function) == Some(parent));
    if let Some(lock) = call.and_then(|c| lock_call(c, cx)) {
        method.lock_calls.push(lock);
        return;
    }
    if let Some(lock) = parent.charged_parent().and_then(|s| s.charged_parent()).and_then(|c| lock_call(c, cx)) {
        method.lock_calls.push(lock);
        return;
    }
    if is_written(parent, cx) {
        method.writes.push(field);
    } else {
        method.reads.push(field);
    }
}

/// Whether `r.f` (or something reached through it) is written: assigned,
/// stepped, deleted from, cleared, appended to, address-taken, passed to a
/// function, has a method called, or is copied to a variable (`m := r.m`
/// aliases a map or slice that may then be written).
fn is_written(selector: Node, cx: &FileContext) -> bool {
    let mut node = selector;
    let mut indexed = false;
    loop {
        let Some((parent, child)) = parent_skipping(node, &["parenthesized_expression"]) else { return false };
        match parent.kind_name() {
            "selector_expression" | "index_expression" | "slice_expression" if parent.field(Field::Operand) == Some(child) => {
                if parent.kind_name() == "selector_expression"
                    && parent.charged_parent().is_some_and(|c| c.kind_name() == "call_expression" && c.field(Field::Function) == Some(parent))
                {
                    return true;
                }
                indexed |= parent.kind_name() == "index_expression";
                node = parent;
            }
            "expression_list" => {
                return parent.charged_parent().is_some_and(|s| {
                    let left = s.field(Field::Left) == Some(parent);
                    (s.kind_name() == "assignment_statement" && left)
                        || (!indexed && matches!(s.kind_name(), "assignment_statement" | "short_var_declaration" | "var_spec"))
                });
            }
            "inc_statement" | "dec_statement" => return true,
            "unary_expression" => return has_token(parent, "&"),
            "argument_list" => {
                let Some(call) = parent.charged_parent() else { return true };
                return !(cx.calls_builtin(call, "len") || cx.calls_builtin(call, "cap") || is_conversion(call, cx));
            }
            _ => return false,
        }
    }
}

/// `string(r.b)`, `int64(r.n)`: a conversion to a predeclared type.
fn is_conversion(call: Node, cx: &FileContext) -> bool {
    const CONVERTS: [&str; 13] = ["string", "int", "int32", "int64", "uint", "uint32", "uint64", "float64", "float32", "byte", "rune", "uint8", "uintptr"];
    call.field(Field::Function).is_some_and(|f| f.kind_name() == "identifier" && CONVERTS.contains(&cx.text(f)))
}

/// `sync.RWMutex`, and `RLock`/`RUnlock` in the readers, when the type and
/// every reader are in one file and the mutex is a named field.
fn rwmutex_fix(file: usize, guarded: &Guarded, readers: &[&[(usize, &Method)]]) -> Option<Fix> {
    if guarded.embedded || readers.iter().flat_map(|variants| variants.iter()).any(|(f, _)| *f != file) {
        return None;
    }
    let mut edits = vec![(guarded.type_name.clone(), "RWMutex".to_string())];
    for (_, method) in readers.iter().flat_map(|variants| variants.iter()) {
        for (field, range, which) in &method.lock_calls {
            if *field == guarded.mutex {
                match *which {
                    "Lock" => edits.push((range.clone(), "RLock".to_string())),
                    "Unlock" => edits.push((range.clone(), "RUnlock".to_string())),
                    _ => return None,
                }
            }
        }
    }
    Some(Fix::new(Applicability::Unsafe, edits))
}
