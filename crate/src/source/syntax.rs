//! Node kinds and fields read through tables of the Go grammar. Rules ask
//! the kind of nearly every node they see and look fields up all the time:
//! `Node::kind` measures and validates the kind's C string on each call, and
//! `Node::child_by_field_name` compares the name with the grammar's field
//! names one by one. Here a kind is one table look-up by the node's kind id,
//! and a field is named by `Field`, whose grammar id is looked up once.

use std::sync::LazyLock;

use tree_sitter::{Language, Node, TreeCursor};

/// The Go grammar. Built where it is needed, not kept in a static: a
/// `Language` is a raw pointer, neither `Send` nor `Sync` on wasm32.
fn go() -> Language {
    tree_sitter_go::LANGUAGE.into()
}

/// Node kind names by kind id.
static KIND_NAMES: LazyLock<Vec<String>> = LazyLock::new(|| {
    let go = go();
    (0..go.node_kind_count()).map(|id| go.node_kind_for_id(id as u16).unwrap_or("").to_string()).collect()
});

macro_rules! fields {
    ($($variant:ident = $name:literal,)*) => {
        /// A field of the Go grammar.
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        pub enum Field {
            $($variant,)*
        }

        /// Field names, in the order of `Field`.
        const FIELD_NAMES: &[&str] = &[$($name,)*];

        #[cfg(test)]
        const FIELD_ALL: &[Field] = &[$(Field::$variant,)*];
    };
}

fields! {
    Alias = "alias",
    Alternative = "alternative",
    Arguments = "arguments",
    Body = "body",
    Channel = "channel",
    Communication = "communication",
    Condition = "condition",
    Consequence = "consequence",
    Element = "element",
    Field = "field",
    Function = "function",
    Index = "index",
    Initializer = "initializer",
    Key = "key",
    Label = "label",
    Left = "left",
    Length = "length",
    Name = "name",
    Operand = "operand",
    Operator = "operator",
    Package = "package",
    Parameters = "parameters",
    Path = "path",
    Receiver = "receiver",
    Result = "result",
    Right = "right",
    Tag = "tag",
    Type = "type",
    TypeParameters = "type_parameters",
    Update = "update",
    Value = "value",
}

/// Grammar field ids, in the order of `Field`.
static FIELD_IDS: LazyLock<Vec<std::num::NonZeroU16>> =
    LazyLock::new(|| FIELD_NAMES.iter().map(|name| go().field_id_for_name(name).unwrap_or_else(|| panic!("the Go grammar has no field {name}"))).collect());

impl Field {
    fn id(self) -> std::num::NonZeroU16 {
        FIELD_IDS[self as usize]
    }
}

pub trait Syntax<'t> {
    /// The node's kind (`Node::kind`).
    fn kind_name(&self) -> &'static str;
    /// The first child in `field` (`Node::child_by_field_name`).
    fn field(&self, field: Field) -> Option<Node<'t>>;
    /// The children in `field` (`Node::children_by_field_name`).
    fn fields<'c>(&self, field: Field, cursor: &'c mut TreeCursor<'t>) -> impl Iterator<Item = Node<'t>> + 'c;
}

impl<'t> Syntax<'t> for Node<'t> {
    fn kind_name(&self) -> &'static str {
        match KIND_NAMES.get(self.kind_id() as usize) {
            Some(name) => name,
            // ERROR (kind id 65535) is past the table.
            None => "ERROR",
        }
    }

    fn field(&self, field: Field) -> Option<Node<'t>> {
        self.child_by_field_id(field.id().get())
    }

    fn fields<'c>(&self, field: Field, cursor: &'c mut TreeCursor<'t>) -> impl Iterator<Item = Node<'t>> + 'c {
        self.children_by_field_id(field.id(), cursor)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    #[allow(clippy::disallowed_methods)]
    fn kinds_and_fields_read_as_tree_sitter_reads_them() {
        let mut parser = tree_sitter::Parser::new();
        parser.set_language(&go()).unwrap();
        let tree = parser.parse("package p\nfunc f(a, b int) { x.y = g(1); for i := 0; i < 3; i++ {} ; ) }\n", None).unwrap();
        let mut cursor = tree.walk();
        let mut seen = 0;
        'walk: loop {
            let node = cursor.node();
            assert_eq!(node.kind_name(), node.kind());
            for (index, name) in FIELD_NAMES.iter().enumerate() {
                let field = FIELD_ALL[index];
                assert_eq!(node.field(field), node.child_by_field_name(name));
                let mut by_id = node.walk();
                let mut by_name = node.walk();
                assert!(node.fields(field, &mut by_id).eq(node.children_by_field_name(name, &mut by_name)));
            }
            seen += 1;
            if cursor.goto_first_child() {
                continue;
            }
            loop {
                if cursor.goto_next_sibling() {
                    continue 'walk;
                }
                if !cursor.goto_parent() {
                    break 'walk;
                }
            }
        }
        assert!(seen > 40);
        assert!(tree.root_node().has_error());
    }
}
