//! Iterative, depth-bounded pre-order walks over syntax trees, and the
//! parents of the nodes they pass. Nothing here recurses, whatever the
//! nesting of the input.

use std::cell::RefCell;
use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::marker::PhantomData;

use tree_sitter::{ffi, Node, Tree, TreeCursor};

use super::budget;
use super::syntax::Syntax;

/// A pre-order walk of the strict descendants of a node that never enters
/// ERROR subtrees nor goes deeper than `max_depth` below the start. Each
/// step is charged to the work budget; the walk ends when it is spent.
pub struct Walk<'t> {
    cursor: TreeCursor<'t>,
    /// The node under the cursor (read once per step: a cursor builds it
    /// anew on each call).
    current: Node<'t>,
    /// The nodes above the cursor up to the start, the start first.
    above: Vec<Node<'t>>,
    /// The start's depth in its tree, when the walk records the parents it
    /// passes (`KeptParents`).
    recorded_from: Option<u64>,
    depth: u64,
    max_depth: u64,
    started: bool,
    skip_current: bool,
    pub truncated: bool,
}

impl<'t> Walk<'t> {
    pub fn new(node: Node<'t>, max_depth: u64) -> Walk<'t> {
        let recorded_from = parents::depth_of(node);
        Walk {
            cursor: node.walk(),
            current: node,
            above: Vec::new(),
            recorded_from,
            depth: 0,
            max_depth,
            started: false,
            skip_current: false,
            truncated: false,
        }
    }

    /// Do not descend into the node `next` returned last.
    pub fn skip_children(&mut self) {
        self.skip_current = true;
    }

    pub fn depth(&self) -> u64 {
        self.depth
    }

    fn advance(&mut self) -> bool {
        if !budget::charge(1) {
            return false;
        }
        let may_descend = !self.started || (!self.skip_current && !self.current.is_error());
        self.started = true;
        self.skip_current = false;
        // A leaf is not asked for a first child: the cursor's attempt costs
        // several times the count of children read from the node.
        if may_descend && self.current.child_count() > 0 {
            if self.depth < self.max_depth {
                if self.cursor.goto_first_child() {
                    self.above.push(self.current);
                    self.depth += 1;
                    self.record();
                    return true;
                }
            } else {
                self.truncated = true;
            }
        }
        loop {
            if self.depth == 0 {
                return false;
            }
            if self.cursor.goto_next_sibling() {
                self.record();
                return true;
            }
            self.cursor.goto_parent();
            self.above.pop();
            self.depth -= 1;
        }
    }

    /// Reads the node the cursor moved to, and records its parent when it
    /// is named: rules ask for the parents of named nodes, and a token's
    /// parent is still found (and kept) by a descent when asked for.
    fn record(&mut self) {
        self.current = self.cursor.node();
        if !self.current.is_named() {
            return;
        }
        if let (Some(start_depth), Some(parent)) = (self.recorded_from, self.above.last()) {
            parents::record(self.current, *parent, start_depth + self.depth);
        }
    }
}

impl<'t> Iterator for Walk<'t> {
    type Item = Node<'t>;

    fn next(&mut self) -> Option<Node<'t>> {
        self.advance().then_some(self.current)
    }
}

/// `Node::parent` with its cost charged to the work budget. tree-sitter
/// keeps no parent links: finding a node's parent descends from the root
/// again, one step per level, so a node `d` levels deep costs `d` steps,
/// and rules asking for parents deep in a nested file would do work the
/// square of its depth while the budget saw one unit per call. The budget
/// is charged for that descent, one unit per level; once it is spent this
/// finds nothing, as every other look-up. While the parents of the tree are
/// kept (`KeptParents`), a parent a walk or an earlier descent found is not
/// searched for again, but still charged as the descent would be.
pub trait ChargedParent<'t>: Sized {
    fn charged_parent(&self) -> Option<Node<'t>>;
}

impl<'t> ChargedParent<'t> for Node<'t> {
    fn charged_parent(&self) -> Option<Node<'t>> {
        if let Some((parent, depth)) = parents::get(*self) {
            return budget::charge(depth).then_some(parent);
        }
        let mut current = root_of(*self);
        if current.id() == self.id() {
            return None;
        }
        let mut depth = 0;
        loop {
            if !budget::charge(1) {
                return None;
            }
            let next = current.child_with_descendant(*self)?;
            depth += 1;
            parents::record(next, current, depth);
            if next.id() == self.id() {
                return Some(current);
            }
            current = next;
        }
    }
}

/// Keeps the parents of a tree's nodes as walks and descents find them,
/// while it lives: the analysis of one file asks for parents of the same
/// nodes over and over.
pub struct KeptParents<'t> {
    tree: PhantomData<&'t Tree>,
}

impl<'t> KeptParents<'t> {
    pub fn of(tree: &'t Tree) -> KeptParents<'t> {
        parents::keep(tree);
        KeptParents { tree: PhantomData }
    }
}

impl Drop for KeptParents<'_> {
    fn drop(&mut self) {
        parents::forget();
    }
}

/// Keeps `parent` as the parent of `child`, a child of it that a field
/// gave, while the parents of their tree are kept and the parent's own is:
/// rules look at a node's children before the walk reaches them, and the
/// first look-up of such a child's parent or ancestors would otherwise
/// descend from the root.
pub fn keep_parent(child: Node, parent: Node) {
    if let Some((_, depth)) = parents::get(parent) {
        parents::record(child, parent, depth + 1);
    }
}

/// The ancestors of `node`, nearest first: `d` units for a node `d` levels
/// deep, where asking `charged_parent` level by level up to the root would
/// cost the square of `d`. Read from the parents kept of its tree
/// (`KeptParents`) when they are, else found in one descent from the root;
/// charged as that descent either way. Empty once the budget is spent, as
/// every other look-up.
pub fn ancestors(node: Node) -> Vec<Node> {
    if let Some(kept) = kept_ancestors(node) {
        return if kept.is_empty() || budget::charge(kept.len() as u64) { kept } else { Vec::new() };
    }
    let mut path = Vec::new();
    let mut current = root_of(node);
    while current.id() != node.id() {
        if !budget::charge(1) {
            return Vec::new();
        }
        let Some(next) = current.child_with_descendant(node) else { break };
        path.push(current);
        current = next;
    }
    path.reverse();
    path
}

/// The ancestors of a node, nearest first, from the parents kept of its
/// tree; None when they are not kept. Not charged to the budget.
fn kept_ancestors(node: Node) -> Option<Vec<Node>> {
    parents::depth_of(node)?;
    let mut ancestors = Vec::new();
    let mut current = node;
    while let Some((parent, _)) = parents::get(current) {
        ancestors.push(parent);
        current = parent;
    }
    (current.id() == root_of(node).id()).then_some(ancestors)
}

/// The parents kept for one tree, by node id.
mod parents {
    use super::*;

    /// Node ids are addresses: a multiplication spreads them over the table.
    #[derive(Default)]
    pub struct IdHasher(u64);

    impl Hasher for IdHasher {
        fn write(&mut self, bytes: &[u8]) {
            for byte in bytes {
                self.write_u64(u64::from(*byte) ^ self.0.rotate_left(8));
            }
        }

        fn write_u64(&mut self, id: u64) {
            let mixed = id.wrapping_mul(0x9e37_79b9_7f4a_7c15);
            self.0 = mixed ^ (mixed >> 29);
        }

        fn write_usize(&mut self, id: usize) {
            self.write_u64(id as u64);
        }

        fn finish(&self) -> u64 {
            self.0
        }
    }

    struct Kept {
        tree: *const ffi::TSTree,
        /// Node id → (its parent, its depth below the root).
        parents: HashMap<usize, (ffi::TSNode, u64), BuildHasherDefault<IdHasher>>,
    }

    thread_local! {
        static KEPT: RefCell<Option<Kept>> = const { RefCell::new(None) };
    }

    pub fn keep(tree: &Tree) {
        // A walk of the whole tree records every node but the root: room
        // for them all at once spares the table its regrowths.
        let parents = HashMap::with_capacity_and_hasher(tree.root_node().descendant_count(), Default::default());
        let tree = tree.root_node().into_raw().tree;
        KEPT.with_borrow_mut(|kept| *kept = Some(Kept { tree, parents }));
    }

    pub fn forget() {
        KEPT.with_borrow_mut(|kept| *kept = None);
    }

    /// Whether the parent of `node` is kept: a node of the kept tree, with
    /// bytes (the descent from the root finds empty nodes by position, and
    /// may find another parent for one than a walk does).
    fn keeps(kept: &Kept, node: Node) -> bool {
        node.into_raw().tree == kept.tree && node.start_byte() < node.end_byte()
    }

    pub fn record(node: Node, parent: Node, depth: u64) {
        KEPT.with_borrow_mut(|kept| {
            if let Some(kept) = kept.as_mut().filter(|kept| keeps(kept, node)) {
                kept.parents.insert(node.id(), (parent.into_raw(), depth));
            }
        });
    }

    /// The kept parent of `node` and the depth of `node`.
    pub fn get<'t>(node: Node<'t>) -> Option<(Node<'t>, u64)> {
        KEPT.with_borrow(|kept| {
            let kept = kept.as_ref().filter(|kept| keeps(kept, node))?;
            let (parent, depth) = kept.parents.get(&node.id())?;
            // SAFETY: `parent` is a node of the kept tree, which is the one
            // `node` borrows for `'t`.
            Some((unsafe { Node::from_raw(*parent) }, *depth))
        })
    }

    /// The depth of a node of the kept tree (None for a node of another
    /// tree, or when nothing is kept), found by a descent from the root
    /// that records the parents on the way when not yet known.
    pub fn depth_of(node: Node) -> Option<u64> {
        let root = KEPT.with_borrow(|kept| kept.as_ref().filter(|kept| node.into_raw().tree == kept.tree).map(|_| root_of(node)))?;
        if root.id() == node.id() {
            return Some(0);
        }
        if let Some((_, depth)) = get(node) {
            return Some(depth);
        }
        let mut current = root;
        let mut depth = 0;
        while current.id() != node.id() {
            let next = current.child_with_descendant(node)?;
            depth += 1;
            record(next, current, depth);
            current = next;
        }
        Some(depth)
    }
}

/// The root of the tree holding `node`.
fn root_of(node: Node) -> Node {
    let raw = node.into_raw();
    // SAFETY: `raw.tree` is the tree `node` borrows for `'t`, alive as long
    // as `node` is; its root node borrows the same tree for the same lifetime.
    unsafe { Node::from_raw(tree_sitter::ffi::ts_tree_root_node(raw.tree)) }
}

/// Parent of `node` while the parent is of one of `kinds`, outermost last:
/// the first ancestor that is not (e.g. skipping parentheses).
pub fn parent_skipping<'t>(node: Node<'t>, kinds: &[&str]) -> Option<(Node<'t>, Node<'t>)> {
    let mut child = node;
    loop {
        let parent = child.charged_parent()?;
        if !kinds.contains(&parent.kind_name()) {
            return Some((parent, child));
        }
        child = parent;
    }
}

/// The nearest enclosing function (declaration, method or literal).
pub fn enclosing_function(node: Node) -> Option<Node> {
    let mut current = node.charged_parent();
    while let Some(parent) = current {
        if is_function(parent) {
            return Some(parent);
        }
        current = parent.charged_parent();
    }
    None
}

pub fn is_function(node: Node) -> bool {
    matches!(node.kind_name(), "function_declaration" | "method_declaration" | "func_literal")
}

/// Whether `inner` lies in `outer` (or is it).
pub fn contains(outer: Node, inner: Node) -> bool {
    outer.start_byte() <= inner.start_byte() && inner.end_byte() <= outer.end_byte()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(code: &str) -> tree_sitter::Tree {
        let mut parser = tree_sitter::Parser::new();
        parser.set_language(&tree_sitter_go::LANGUAGE.into()).unwrap();
        parser.parse(code, None).unwrap()
    }

    #[test]
    fn walks_in_pre_order_and_skips_on_request() {
        let tree = parse("package p\nfunc f() { g(1) }\nfunc h() {}\n");
        let mut walk = Walk::new(tree.root_node(), 100);
        let mut kinds = Vec::new();
        while let Some(node) = walk.next() {
            if node.kind_name() == "block" {
                walk.skip_children();
            }
            if node.is_named() {
                kinds.push(node.kind_name());
            }
        }
        assert_eq!(
            kinds,
            [
                "package_clause",
                "package_identifier",
                "function_declaration",
                "identifier",
                "parameter_list",
                "block",
                "function_declaration",
                "identifier",
                "parameter_list",
                "block"
            ]
        );
    }

    #[test]
    fn a_parent_costs_one_unit_per_level_above_it() {
        let code = format!("package p\nvar x = {}1{}\n", "(".repeat(50), ")".repeat(50));
        let tree = parse(&code);
        let one = tree.root_node().descendant_for_byte_range(68, 69).unwrap();
        assert_eq!(one.kind_name(), "int_literal");
        // source_file, var_declaration, var_spec, expression_list, 50 parentheses: the 54th level.
        let (parent, used) = budget::metered(1_000, || one.charged_parent());
        assert_eq!((parent.map(|p| p.kind_name()), used), (Some("parenthesized_expression"), 54));
        let (parent, used) = budget::metered(10, || one.charged_parent());
        assert_eq!((parent, used), (None, 10));
        assert_eq!(tree.root_node().charged_parent(), None);
    }

    #[test]
    fn a_kept_parent_costs_what_the_descent_would() {
        let code = format!("package p\nvar x = {}1{}\n", "(".repeat(50), ")".repeat(50));
        let tree = parse(&code);
        let one = tree.root_node().descendant_for_byte_range(68, 69).unwrap();
        let _kept = KeptParents::of(&tree);
        assert!(Walk::new(tree.root_node(), 100).any(|node| node.id() == one.id()));
        assert!(parents::get(one).is_some());
        let (parent, used) = budget::metered(1_000, || one.charged_parent());
        assert_eq!((parent.map(|p| p.kind_name()), used), (Some("parenthesized_expression"), 54));
        let (parent, used) = budget::metered(10, || one.charged_parent());
        assert_eq!((parent, used), (None, 10));
        let ancestors = kept_ancestors(one).unwrap();
        assert_eq!((ancestors.len(), ancestors.last().map(|root| root.id())), (54, Some(tree.root_node().id())));
    }

    #[test]
    fn stops_at_the_depth_bound() {
        let code = format!("package p\nvar x = {}1{}\n", "(".repeat(50), ")".repeat(50));
        let tree = parse(&code);
        let mut walk = Walk::new(tree.root_node(), 10);
        assert!(walk.by_ref().all(|_| true));
        assert!(walk.truncated);
    }
}
