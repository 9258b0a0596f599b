//! Which declaration a name refers to, from the syntax alone: a use of `x`
//! refers to the nearest declaration of `x` in an enclosing scope that comes
//! before it (Go scopes start after the declaring statement).

use std::cell::RefCell;
use std::collections::HashMap;

use tree_sitter::Node;

use super::budget;
use super::syntax::{Field, Syntax};
use crate::source::walk::{ancestors, ChargedParent};

/// Identifiers a statement declares in the scope that holds it.
pub fn declared_names<'t>(statement: Node<'t>, mut each: impl FnMut(Node<'t>)) {
    match statement.kind_name() {
        "short_var_declaration" => {
            if let Some(left) = statement.field(Field::Left) {
                named_children(left).filter(|n| n.kind_name() == "identifier").for_each(&mut each);
            }
        }
        "var_declaration" | "const_declaration" => {
            for spec in named_children(statement).flat_map(|child| {
                if child.kind_name().ends_with("_spec_list") {
                    named_children(child).collect::<Vec<_>>()
                } else {
                    vec![child]
                }
            }) {
                let mut cursor = spec.walk();
                for name in spec.fields(Field::Name, &mut cursor) {
                    each(name);
                }
            }
        }
        "type_declaration" => {
            for spec in named_children(statement) {
                if let Some(name) = spec.field(Field::Name) {
                    each(name);
                }
            }
        }
        "labeled_statement" => {
            if let Some(inner) = named_children(statement).nth(1) {
                declared_names(inner, each);
            }
        }
        _ => {}
    }
}

/// Names declared by a function's receiver, type parameters, parameters and
/// named results.
fn function_names<'t>(function: Node<'t>, each: &mut impl FnMut(Node<'t>)) {
    for field in [Field::Receiver, Field::TypeParameters, Field::Parameters, Field::Result] {
        let Some(list) = function.field(field) else { continue };
        for declaration in named_children(list) {
            let mut cursor = declaration.walk();
            for name in declaration.fields(Field::Name, &mut cursor) {
                each(name);
            }
        }
    }
}

/// Names a compound statement declares for its body (`for i := ...`,
/// `if x := ...; ...`, `switch v := x.(type)`, `case v := <-ch:`), and a
/// for clause for its own condition and post statement (`use_start` says
/// where in the header the use is).
fn header_names<'t>(node: Node<'t>, child: Node<'t>, use_start: usize, each: &mut impl FnMut(Node<'t>)) {
    match node.kind_name() {
        "for_statement" => {
            let Some(header) = named_children(node).next() else { return };
            if header.id() == child.id() {
                let initializer = header.field(Field::Initializer).filter(|init| header.kind_name() == "for_clause" && use_start >= init.end_byte());
                if let Some(init) = initializer {
                    declared_names(init, each);
                }
                return;
            }
            match header.kind_name() {
                "for_clause" => {
                    if let Some(init) = header.field(Field::Initializer) {
                        declared_names(init, each);
                    }
                }
                "range_clause" if has_token(header, ":=") => {
                    if let Some(left) = header.field(Field::Left) {
                        named_children(left).filter(|n| n.kind_name() == "identifier").for_each(each);
                    }
                }
                _ => {}
            }
        }
        "if_statement" | "expression_switch_statement" | "type_switch_statement" => {
            if let Some(init) = node.field(Field::Initializer).filter(|init| init.id() != child.id()) {
                declared_names(init, &mut *each);
            }
            if let Some(alias) = node.field(Field::Alias) {
                named_children(alias).filter(|n| n.kind_name() == "identifier").for_each(each);
            }
        }
        "communication_case" => {
            let Some(receive) = node.field(Field::Communication).filter(|c| c.kind_name() == "receive_statement" && c.id() != child.id()) else {
                return;
            };
            if has_token(receive, ":=") {
                if let Some(left) = receive.field(Field::Left) {
                    named_children(left).filter(|n| n.kind_name() == "identifier").for_each(each);
                }
            }
        }
        _ => {}
    }
}

/// Whether an identifier is a name being declared (`i := 0`, `for i := range`,
/// `var i int`, a parameter) rather than a use: the declaring construct is at
/// most three levels up (identifier, its list, a spec list), and it declares
/// the identifier when its own names include it.
pub fn is_declaring(identifier: Node) -> bool {
    let mut found = false;
    let mut is_identifier = |name: Node| found |= name.id() == identifier.id();
    let mut owner = identifier;
    for _ in 0..3 {
        let Some(parent) = owner.charged_parent() else { break };
        owner = parent;
        match owner.kind_name() {
            "short_var_declaration" | "var_declaration" | "const_declaration" => declared_names(owner, &mut is_identifier),
            "parameter_list" | "type_parameter_list" => {
                if let Some(function) = owner.charged_parent() {
                    function_names(function, &mut is_identifier);
                }
            }
            // Arriving from the for statement itself (not its header) yields
            // the names the header declares for the body: a range clause's.
            "for_statement" => header_names(owner, owner, usize::MAX, &mut is_identifier),
            _ => continue,
        }
        break;
    }
    found
}

/// Name resolution over one file's tree. Each statement list is indexed
/// once, on first use, by the first declaration of every name in it, so a
/// lookup costs the depth of the use, not the length of the lists around it
/// (a scan of the earlier siblings per lookup is quadratic in a long block).
pub struct Scopes<'a> {
    root: Node<'a>,
    source: &'a [u8],
    /// Statement list (or block) id → name → (start byte of the declaring
    /// statement, declaring identifier); the first declaration of each name.
    lists: RefCell<HashMap<usize, ListIndex<'a>>>,
    /// Function (declaration, method or literal) id → name → the first
    /// identifier its receiver, type parameters, parameters or results
    /// declare by that name (and the function's start byte): a use deep in
    /// a function passes its header on every look-up, for each name looked
    /// up. The lists' type, so that both share their code.
    functions: RefCell<HashMap<usize, ListIndex<'a>>>,
}

type ListIndex<'a> = HashMap<&'a [u8], (usize, Node<'a>)>;

impl<'a> Scopes<'a> {
    pub fn new(root: Node<'a>, source: &'a [u8]) -> Scopes<'a> {
        Scopes { root, source, lists: RefCell::new(HashMap::new()), functions: RefCell::new(HashMap::new()) }
    }

    /// The declaring identifier of a use, searched from the use outwards up
    /// to (and excluding declarations made by) `within`: the nearest
    /// enclosing scope with a declaration of `name` before the use (Go scopes
    /// start after the declaring statement). None, too, once the work budget
    /// is spent.
    pub fn declaration_of<'t>(&self, use_site: Node<'t>, name: &[u8], within: Option<Node<'t>>) -> Option<Node<'t>>
    where
        'a: 't,
    {
        let mut child = use_site;
        for parent in ancestors(use_site) {
            if !budget::charge(1) {
                return None;
            }
            if within.is_some_and(|stop| stop.id() == parent.id()) {
                return None;
            }
            let mut found = None;
            let mut check = |candidate: Node<'t>| {
                if found.is_none() && candidate.utf8_text(self.source).ok().map(str::as_bytes) == Some(name) {
                    found = Some(candidate);
                }
            };
            match parent.kind_name() {
                "statement_list" | "block" => found = self.declared_in_list_before(parent, child, name),
                "function_declaration" | "method_declaration" | "func_literal" => found = self.declared_by_function(parent, name),
                "source_file" => return None,
                _ => header_names(parent, child, use_site.start_byte(), &mut check),
            }
            if found.is_some() {
                return found;
            }
            child = parent;
        }
        None
    }

    /// Whether a statement of the list holding `statement` declares `name`
    /// before it (false when `statement` is not in a statement list).
    pub fn declared_earlier_in_list(&self, statement: Node, name: &[u8]) -> bool {
        statement
            .charged_parent()
            .filter(|list| matches!(list.kind_name(), "statement_list" | "block"))
            .is_some_and(|list| self.declared_in_list_before(list, statement, name).is_some())
    }

    /// The first declaration of `name` by a statement of `list` that comes
    /// before `child` (one of the list's children).
    fn declared_in_list_before<'t>(&self, list: Node<'t>, child: Node<'t>, name: &[u8]) -> Option<Node<'t>>
    where
        'a: 't,
    {
        let mut lists = self.lists.borrow_mut();
        let index = lists.entry(list.id()).or_insert_with(|| self.index(list));
        let (statement_start, declaration) = *index.get(name)?;
        (statement_start < child.start_byte()).then_some(declaration)
    }

    /// The first identifier named `name` among those `function`'s header declares.
    fn declared_by_function<'t>(&self, function: Node<'t>, name: &[u8]) -> Option<Node<'t>>
    where
        'a: 't,
    {
        let mut functions = self.functions.borrow_mut();
        let index = functions.entry(function.id()).or_insert_with(|| {
            let mut index = ListIndex::new();
            if let Some(function) = self.same_node_in_tree(function) {
                function_names(function, &mut |name| {
                    if let Ok(text) = name.utf8_text(self.source) {
                        index.entry(text.as_bytes()).or_insert((function.start_byte(), name));
                    }
                });
            }
            index
        });
        index.get(name).map(|(_, name)| *name)
    }

    fn index(&self, list: Node) -> ListIndex<'a> {
        let mut index = ListIndex::new();
        let Some(list) = self.same_node_in_tree(list) else { return index };
        for statement in named_children(list) {
            declared_names(statement, |name| {
                if let Ok(text) = name.utf8_text(self.source) {
                    index.entry(text.as_bytes()).or_insert((statement.start_byte(), name));
                }
            });
        }
        index
    }

    /// `node` as a node of the tree this index borrows (the same node,
    /// reached from the root): the deepest node spanning its bytes, or one
    /// of that node's ancestors with the same span. None for a node of
    /// another tree.
    fn same_node_in_tree(&self, node: Node) -> Option<Node<'a>> {
        let mut candidate = self.root.descendant_for_byte_range(node.start_byte(), node.end_byte())?;
        while candidate.id() != node.id() {
            candidate = candidate.charged_parent().filter(|parent| parent.byte_range() == node.byte_range())?;
        }
        Some(candidate)
    }
}

/// What the declaration of a variable says about its type.
#[derive(Debug, Clone, Copy)]
pub enum Declared<'t> {
    /// The written type: `var x T`, a parameter `x T`.
    Type(Node<'t>),
    /// The initial value: `x := v`, `var x = v`.
    Value(Node<'t>),
    /// Neither (a range variable, a multi-value call, a variadic parameter...).
    Unknown,
}

/// What a declaring identifier's declaration says about its type.
pub fn declared_as(name: Node) -> Declared {
    let Some(parent) = name.charged_parent() else { return Declared::Unknown };
    let index_in = |list: Node, target: Node| named_children(list).position(|n| n.id() == target.id());
    match parent.kind_name() {
        "parameter_declaration" | "var_spec" | "const_spec" => {
            if let Some(written) = parent.field(Field::Type) {
                return Declared::Type(written);
            }
            let mut cursor = parent.walk();
            let Some(index) = parent.fields(Field::Name, &mut cursor).position(|n| n.id() == name.id()) else { return Declared::Unknown };
            let values: Vec<Node> = parent.field(Field::Value).map(|v| named_children(v).collect()).unwrap_or_default();
            let names = parent.fields(Field::Name, &mut parent.walk()).count();
            match values.get(index) {
                Some(value) if values.len() == names => Declared::Value(*value),
                _ => Declared::Unknown,
            }
        }
        "expression_list" => {
            let Some(declaration) = parent.charged_parent().filter(|d| d.kind_name() == "short_var_declaration") else { return Declared::Unknown };
            let (Some(left), Some(right)) = (declaration.field(Field::Left), declaration.field(Field::Right)) else {
                return Declared::Unknown;
            };
            if left.id() != parent.id() || named_children(left).count() != named_children(right).count() {
                return Declared::Unknown;
            }
            match index_in(left, name).and_then(|index| named_children(right).nth(index)) {
                Some(value) => Declared::Value(value),
                None => Declared::Unknown,
            }
        }
        _ => Declared::Unknown,
    }
}

/// The last statement of a block, comments skipped.
pub fn last_statement(block: Node) -> Option<Node> {
    named_children(block).filter(|n| n.kind_name() == "statement_list").last().and_then(last_in_list)
}

/// The last statement of a statement list, comments skipped.
pub fn last_in_list(list: Node) -> Option<Node> {
    named_children(list).filter(|n| n.kind_name() != "comment").last()
}

/// The named children of a node, in order. A node with few read them one by
/// one: a tree cursor costs an allocation and more per step. A node with
/// more is read with one cursor pass, since `named_child(i)` costs O(i) and
/// indexing each child in turn would be quadratic in a long statement list.
/// Charged to the work budget, since callers asking this of a long list for
/// each of its statements are.
pub fn named_children<'t>(node: Node<'t>) -> impl Iterator<Item = Node<'t>> {
    let count = node.named_child_count() as u32;
    budget::charge(1 + u64::from(count));
    if count <= INDEXED_CHILDREN {
        NamedChildren::Indexed { node, next: 0, count }
    } else {
        let mut cursor = node.walk();
        NamedChildren::Collected(node.named_children(&mut cursor).collect::<Vec<_>>().into_iter())
    }
}

/// Up to this many named children are read by index (`named_children`).
const INDEXED_CHILDREN: u32 = 8;

enum NamedChildren<'t> {
    Indexed { node: Node<'t>, next: u32, count: u32 },
    Collected(std::vec::IntoIter<Node<'t>>),
}

impl<'t> Iterator for NamedChildren<'t> {
    type Item = Node<'t>;

    fn next(&mut self) -> Option<Node<'t>> {
        match self {
            NamedChildren::Indexed { node, next, count } => {
                if *next == *count {
                    return None;
                }
                *next += 1;
                node.named_child(*next - 1)
            }
            NamedChildren::Collected(children) => children.next(),
        }
    }
}

/// The named siblings after `node`, in order. One pass over the parent's
/// children: `next_named_sibling` costs O(position) in tree-sitter, so
/// following it along a long statement list would be quadratic.
pub fn later_siblings<'t>(node: Node<'t>) -> impl Iterator<Item = Node<'t>> {
    let later: Vec<Node<'t>> =
        node.charged_parent().map(|parent| named_children(parent).skip_while(|s| s.id() != node.id()).skip(1).collect()).unwrap_or_default();
    later.into_iter()
}

/// The named siblings before `node`, nearest first (see `later_siblings`).
pub fn earlier_siblings<'t>(node: Node<'t>) -> impl Iterator<Item = Node<'t>> {
    let earlier: Vec<Node<'t>> = node.charged_parent().map(|parent| named_children(parent).take_while(|s| s.id() != node.id()).collect()).unwrap_or_default();
    earlier.into_iter().rev()
}

/// Whether `node` has an anonymous child token `token` (`:=`, `=`, `&`).
pub fn has_token(node: Node, token: &str) -> bool {
    (0..node.child_count()).filter_map(|i| node.child(i)).any(|child| !child.is_named() && child.kind_name() == token)
}

/// Whether a unary or binary expression's operator token is `op`.
pub fn has_operator(node: Node, op: &str) -> bool {
    node.field(Field::Operator).is_some_and(|token| token.kind_name() == op)
}

/// Strips parentheses around an expression.
pub fn unparen(mut node: Node) -> Node {
    while node.kind_name() == "parenthesized_expression" {
        match node.named_child(0) {
            Some(inner) => node = inner,
            None => break,
        }
    }
    node
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::walk::Walk;

    fn uses<'t>(tree: &'t tree_sitter::Tree, source: &[u8], name: &str) -> Vec<Node<'t>> {
        Walk::new(tree.root_node(), 1000).filter(|n| n.kind_name() == "identifier" && n.utf8_text(source).unwrap() == name).collect()
    }

    #[test]
    fn finds_the_nearest_earlier_declaration() {
        let code = b"package p\nfunc f(v int) {\n\tfor _, v := range xs {\n\t\tv := v\n\t\tuse(v)\n\t}\n\tuse(v)\n}\n";
        let mut parser = tree_sitter::Parser::new();
        parser.set_language(&tree_sitter_go::LANGUAGE.into()).unwrap();
        let tree = parser.parse(code, None).unwrap();
        let all = uses(&tree, code, "v");
        // uses: the copied-from v, the use in the loop, the use after it
        let scopes = Scopes::new(tree.root_node(), code);
        let lines: Vec<usize> = all[3..].iter().map(|n| scopes.declaration_of(*n, b"v", None).map_or(0, |d| d.start_position().row + 1)).collect();
        assert_eq!(lines, vec![3, 4, 2]);
    }
}
