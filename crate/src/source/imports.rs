//! The imports of a file: which local name stands for which package.

use tree_sitter::Node;

use super::scope::named_children;
use super::syntax::{Field, Syntax};

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Imports {
    /// (local name, import path); blank imports are left out.
    named: Vec<(String, String)>,
    /// Paths imported with `.`.
    pub dot: Vec<String>,
    /// Every import spec, blank and dot ones included: the path and the
    /// byte range of its string literal.
    pub specs: Vec<(String, usize, usize)>,
}

impl Imports {
    pub fn from_tree(root: Node, source: &[u8]) -> Imports {
        let mut imports = Imports::default();
        for declaration in named_children(root).filter(|n| n.kind_name() == "import_declaration") {
            for spec in named_children(declaration).flat_map(|child| {
                if child.kind_name() == "import_spec_list" {
                    named_children(child).collect::<Vec<_>>()
                } else {
                    vec![child]
                }
            }) {
                let Some(literal) = spec.field(Field::Path) else { continue };
                let Some(path) = string_value(literal, source) else { continue };
                imports.specs.push((path.clone(), literal.start_byte(), literal.end_byte()));
                match spec.field(Field::Name) {
                    Some(name) if name.kind_name() == "dot" => imports.dot.push(path),
                    Some(name) if name.kind_name() == "blank_identifier" => {}
                    Some(name) => {
                        let local = name.utf8_text(source).unwrap_or_default().to_string();
                        imports.named.push((local, path));
                    }
                    None => imports.named.push((default_name(&path).to_string(), path)),
                }
            }
        }
        imports
    }

    /// The import path a local package name stands for.
    pub fn path_of(&self, local: &str) -> Option<&str> {
        self.named.iter().find(|(name, _)| name == local).map(|(_, path)| path.as_str())
    }

    /// The local name under which a path is imported.
    pub fn local_name(&self, path: &str) -> Option<&str> {
        self.named.iter().find(|(_, p)| p == path).map(|(name, _)| name.as_str())
    }
}

/// The package name an import path gets without an explicit name, by the
/// usual convention (the package clause is not visible from here): the last
/// element, skipping a `/vN` major suffix, without a `.vN` gopkg.in suffix
/// or a `go-` prefix.
pub fn default_name(path: &str) -> &str {
    let mut elements = path.rsplit('/');
    let mut last = elements.next().unwrap_or(path);
    if is_major_suffix(last) {
        last = elements.next().unwrap_or(last);
    }
    if let Some((name, suffix)) = last.split_once(".v") {
        if suffix.bytes().all(|b| b.is_ascii_digit()) && !suffix.is_empty() {
            last = name;
        }
    }
    last.strip_prefix("go-").unwrap_or(last)
}

fn is_major_suffix(element: &str) -> bool {
    element.len() > 1 && element.starts_with('v') && element[1..].bytes().all(|b| b.is_ascii_digit())
}

/// The value of a Go string literal (interpreted or raw), escapes left as
/// written (import paths have none).
pub fn string_value(literal: Node, source: &[u8]) -> Option<String> {
    let text = literal.utf8_text(source).ok()?;
    let inner = text.strip_prefix(['"', '`'])?.strip_suffix(['"', '`'])?;
    Some(inner.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_names() {
        assert_eq!(default_name("net/http"), "http");
        assert_eq!(default_name("math/rand/v2"), "rand");
        assert_eq!(default_name("gopkg.in/yaml.v3"), "yaml");
        assert_eq!(default_name("github.com/mattn/go-sqlite3"), "sqlite3");
        assert_eq!(default_name("context"), "context");
    }

    #[test]
    fn aliases_dots_and_blanks() {
        let code = b"package p\nimport (\n\tctx \"context\"\n\t. \"time\"\n\t_ \"embed\"\n\t\"net/http\"\n)\nimport \"sync\"\n";
        let mut parser = tree_sitter::Parser::new();
        parser.set_language(&tree_sitter_go::LANGUAGE.into()).unwrap();
        let tree = parser.parse(code, None).unwrap();
        let imports = Imports::from_tree(tree.root_node(), code);
        assert_eq!(imports.path_of("ctx"), Some("context"));
        assert_eq!(imports.path_of("context"), None);
        assert_eq!(imports.path_of("http"), Some("net/http"));
        assert_eq!(imports.path_of("sync"), Some("sync"));
        assert_eq!(imports.dot, vec!["time".to_string()]);
        assert_eq!(imports.local_name("context"), Some("ctx"));
    }
}
