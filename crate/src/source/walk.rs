//! Iterative, depth-bounded pre-order walks over syntax trees. Nothing here
//! recurses, whatever the nesting of the input.

use tree_sitter::{Node, TreeCursor};

use super::budget;

/// A pre-order walk of the strict descendants of a node that never enters
/// ERROR subtrees nor goes deeper than `max_depth` below the start. Each
/// step is charged to the work budget; the walk ends when it is spent.
pub struct Walk<'t> {
    cursor: TreeCursor<'t>,
    depth: u64,
    max_depth: u64,
    started: bool,
    skip_current: bool,
    pub truncated: bool,
}

impl<'t> Walk<'t> {
    pub fn new(node: Node<'t>, max_depth: u64) -> Walk<'t> {
        Walk { cursor: node.walk(), depth: 0, max_depth, started: false, skip_current: false, truncated: false }
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
        let may_descend = !self.started || (!self.skip_current && !self.cursor.node().is_error());
        self.started = true;
        self.skip_current = false;
        if may_descend {
            if self.depth < self.max_depth {
                if self.cursor.goto_first_child() {
                    self.depth += 1;
                    return true;
                }
            } else if self.cursor.node().child_count() > 0 {
                self.truncated = true;
            }
        }
        loop {
            if self.depth == 0 {
                return false;
            }
            if self.cursor.goto_next_sibling() {
                return true;
            }
            self.cursor.goto_parent();
            self.depth -= 1;
        }
    }
}

impl<'t> Iterator for Walk<'t> {
    type Item = Node<'t>;

    fn next(&mut self) -> Option<Node<'t>> {
        self.advance().then(|| self.cursor.node())
    }
}

/// `Node::parent` with its cost charged to the work budget. tree-sitter
/// keeps no parent links: finding a node's parent descends from the root
/// again, one step per level, so a node `d` levels deep costs `d` steps,
/// and rules asking for parents deep in a nested file would do work the
/// square of its depth while the budget saw one unit per call. This does
/// the same descent, charging each step; once the budget is spent it finds
/// nothing, as every other look-up.
pub trait ChargedParent<'t>: Sized {
    fn charged_parent(&self) -> Option<Node<'t>>;
}

impl<'t> ChargedParent<'t> for Node<'t> {
    fn charged_parent(&self) -> Option<Node<'t>> {
        let mut current = root_of(*self);
        if current.id() == self.id() {
            return None;
        }
        loop {
            if !budget::charge(1) {
                return None;
            }
            let next = current.child_with_descendant(*self)?;
            if next.id() == self.id() {
                return Some(current);
            }
            current = next;
        }
    }
}

/// The ancestors of `node`, innermost first, found in one descent from the
/// root: `d` units for a node `d` levels deep, where asking `charged_parent`
/// level by level up to the root costs the square of `d`. Empty once the
/// budget is spent, as every other look-up.
pub fn ancestors(node: Node) -> Vec<Node> {
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
        if !kinds.contains(&parent.kind()) {
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
    matches!(node.kind(), "function_declaration" | "method_declaration" | "func_literal")
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
            if node.kind() == "block" {
                walk.skip_children();
            }
            if node.is_named() {
                kinds.push(node.kind());
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
        assert_eq!(one.kind(), "int_literal");
        // source_file, var_declaration, var_spec, expression_list, 50 parentheses: the 54th level.
        let (parent, used) = budget::metered(1_000, || one.charged_parent());
        assert_eq!((parent.map(|p| p.kind()), used), (Some("parenthesized_expression"), 54));
        let (parent, used) = budget::metered(10, || one.charged_parent());
        assert_eq!((parent, used), (None, 10));
        assert_eq!(tree.root_node().charged_parent(), None);
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
