//! Go source files: parsing, per-file facts (imports, test and generated
//! flags, build constraint, language version) and the walk that runs rules.

pub mod budget;
pub mod build;
pub mod context;
pub mod ignore;
pub mod imports;
pub mod package;
pub mod scope;
pub mod syntax;
pub mod visit;
pub mod walk;

use std::ops::ControlFlow;
use syntax::Syntax;

use tree_sitter::{Node, ParseOptions, ParseState, Parser, Tree};

use crate::goversion::GoVersion;
use crate::position::LineIndex;
use ignore::IgnoreDirective;
use imports::Imports;
use scope::named_children;

/// Where a file's language version comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VersionSource {
    Option,
    BuildConstraint,
    GoMod,
    Config,
}

pub struct SourceFile<'a> {
    pub path: &'a str,
    pub content: &'a [u8],
    pub tree: Tree,
    pub lines: LineIndex,
    pub package: Option<String>,
    pub imports: Imports,
    pub is_test: bool,
    pub is_generated: bool,
    /// The `//go:build` expression.
    pub build_constraint: Option<String>,
    pub version: Option<(GoVersion, VersionSource)>,
    /// The main module the file is built into (set by the run).
    pub main_module: MainModule,
}

/// What the run knows of the main module a file is built into. For now the
/// module of the file's governing go.mod is taken to be the main module
/// (DESIGN "Go versions"); go.work is not read yet.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MainModule {
    /// Its `go` line (or `--go-version`, or the config default).
    pub go_version: Option<(GoVersion, VersionSource)>,
    /// GODEBUG settings in the order they apply: go.mod `godebug` lines,
    /// then `//go:debug` directives of the module's package main files.
    pub godebug: Vec<(String, String)>,
}

impl MainModule {
    /// The value a GODEBUG setting has in the main module's binaries: from
    /// the go line's defaults (`changed` is the minor version that changed
    /// it, `old` its value before), overridden by `default=goX.Y` and by the
    /// setting itself. None when the go line is unknown and nothing sets it.
    pub fn godebug_value(&self, key: &str, changed: u32, old: &str, new: &str) -> Option<String> {
        let by_version = |version: GoVersion| if version.at_least(changed) { new.to_string() } else { old.to_string() };
        let mut value = self.go_version.map(|(version, _)| by_version(version));
        for (setting, setting_value) in &self.godebug {
            if setting == key {
                value = Some(setting_value.clone());
            } else if setting == "default" {
                if let Some(version) = GoVersion::parse(setting_value) {
                    value = Some(by_version(version));
                }
            }
        }
        value
    }
}

/// The package name and `//go:debug key=value` directives of a Go file's
/// header (the lines before its package clause), read as text so a run can
/// collect them before parsing.
pub fn header_directives(content: &[u8]) -> (Option<String>, Vec<(String, String)>) {
    let mut directives = Vec::new();
    for line in content.split(|&b| b == b'\n') {
        let line = String::from_utf8_lossy(line);
        let line = line.trim();
        if let Some(setting) = line.strip_prefix("//go:debug ") {
            if let Some((key, value)) = setting.trim().split_once('=') {
                directives.push((key.trim().to_string(), value.trim().to_string()));
            }
        } else if let Some(rest) = line.strip_prefix("package ") {
            let name = rest.split(|c: char| c.is_whitespace() || c == ';' || c == '/').next().unwrap_or("").to_string();
            return (Some(name), directives);
        }
    }
    (None, directives)
}

pub fn new_parser() -> Parser {
    let mut parser = Parser::new();
    // The grammar is compiled in; a version mismatch would fail every test.
    parser.set_language(&tree_sitter_go::LANGUAGE.into()).expect("tree-sitter-go matches the tree-sitter ABI");
    parser
}

impl<'a> SourceFile<'a> {
    /// Parses a file; None when the parser gives up or the work budget
    /// runs out while it parses.
    pub fn parse(parser: &mut Parser, path: &'a str, content: &'a [u8]) -> Option<SourceFile<'a>> {
        Some(SourceFile::from_tree(path, content, parse_tree(parser, content, None)?))
    }

    /// The file's facts read from its syntax tree. The package clause, the
    /// generated-code marker and the build constraint are read from the
    /// root's children (a subtree is entered only before the package clause
    /// or when it holds a syntax error); `//gotrap:ignore` directives, which
    /// sit at any depth, are collected by the rules' walk (`visit::run`).
    pub fn from_tree(path: &'a str, content: &'a [u8], tree: Tree) -> SourceFile<'a> {
        let lines = LineIndex::new(content);
        let root = tree.root_node();
        let imports = Imports::from_tree(root, content);
        let mut header = Header::default();
        let mut cursor = root.walk();
        for child in root.children(&mut cursor) {
            header.read(child, content);
            // Outside ERROR subtrees a package clause is only ever a child
            // of the root; before it, comments at any depth count.
            if header.before_package || child.has_error() {
                header.read_below(child, content);
            }
        }
        drop(cursor);
        let file_name = path.rsplit('/').next().unwrap_or(path);
        let Header { package, is_generated, build_constraint, .. } = header;
        SourceFile {
            path,
            content,
            tree,
            lines,
            package,
            imports,
            is_test: file_name.ends_with("_test.go"),
            is_generated,
            build_constraint,
            version: None,
            main_module: MainModule::default(),
        }
    }

    /// The Go version a `//go:build` line requires, never below go1.21 (as
    /// go/types does): the smallest version a `||` alternative allows, else
    /// the largest version a conjunction requires. Negated terms set nothing.
    pub fn build_constraint_version(&self) -> Option<GoVersion> {
        let expr = self.build_constraint.as_deref()?;
        let mut versions = Vec::new();
        let bytes = expr.as_bytes();
        let mut i = 0;
        while let Some(found) = expr[i..].find("go1.") {
            let at = i + found;
            let negated = at > 0 && bytes[at - 1] == b'!';
            let word_start = at == 0 || !bytes[at - 1].is_ascii_alphanumeric();
            let end = expr[at..].find(|c: char| !(c.is_ascii_alphanumeric() || c == '.')).map_or(expr.len(), |n| at + n);
            if word_start && !negated {
                versions.extend(GoVersion::parse(&expr[at..end]));
            }
            i = end;
        }
        let version = if expr.contains("||") { versions.into_iter().min() } else { versions.into_iter().max() }?;
        Some(version.max(GoVersion::new(1, 21)))
    }
}

/// Parses `content`, reusing the parts of `old` (the tree of an earlier
/// version, already told of the edit) that did not change; None when the
/// parser gives up or the work budget runs out while it parses.
pub fn parse_tree(parser: &mut Parser, content: &[u8], old: Option<&Tree>) -> Option<Tree> {
    let mut read = |offset: usize, _| content.get(offset..).unwrap_or_default();
    // tree-sitter reports progress every 100 parser operations.
    let mut progress = |_: &ParseState| if budget::charge(100) { ControlFlow::Continue(()) } else { ControlFlow::Break(()) };
    let tree = parser.parse_with_options(&mut read, old, Some(ParseOptions::new().progress_callback(&mut progress)));
    if tree.is_none() {
        // A stopped parser resumes its last document on the next call
        // unless reset.
        parser.reset();
    }
    tree
}

/// What a file's header says, read in the order of a pre-order walk of the
/// tree that does not enter ERROR subtrees: the last package clause's name,
/// and from the comments before the first one, the generated-code marker and
/// the `//go:build` expression.
struct Header {
    package: Option<String>,
    is_generated: bool,
    build_constraint: Option<String>,
    before_package: bool,
}

impl Default for Header {
    fn default() -> Header {
        Header { package: None, is_generated: false, build_constraint: None, before_package: true }
    }
}

impl Header {
    fn read(&mut self, node: Node, content: &[u8]) {
        match node.kind_name() {
            "comment" if self.before_package => {
                let text = &content[node.byte_range()];
                if !IgnoreDirective::is_directive(text) {
                    self.is_generated |= is_generated_marker(text);
                    if let Some(expr) = text.strip_prefix(b"//go:build ") {
                        self.build_constraint = Some(String::from_utf8_lossy(expr).trim().to_string());
                    }
                }
            }
            "package_clause" => {
                self.before_package = false;
                self.package = named_children(node).next().and_then(|n| n.utf8_text(content).ok()).map(str::to_string);
            }
            _ => {}
        }
    }

    /// Reads the strict descendants of `node`, as the walk would pass them.
    fn read_below(&mut self, node: Node, content: &[u8]) {
        if node.is_error() {
            return;
        }
        for node in walk::Walk::new(node, u64::MAX) {
            self.read(node, content);
        }
    }
}

/// `// Code generated ... DO NOT EDIT.` (the convention of go generate).
fn is_generated_marker(comment: &[u8]) -> bool {
    let text = comment.strip_suffix(b"\r").unwrap_or(comment);
    text.starts_with(b"// Code generated ") && text.ends_with(b" DO NOT EDIT.")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn file(code: &'static str) -> SourceFile<'static> {
        SourceFile::parse(&mut new_parser(), "a/b_test.go", code.as_bytes()).unwrap()
    }

    #[test]
    fn flags_and_package() {
        let f = file("// Code generated by stringer; DO NOT EDIT.\n\n//go:build linux && go1.22\n\npackage b\n");
        assert!(f.is_generated && f.is_test);
        assert_eq!(f.package.as_deref(), Some("b"));
        assert_eq!(f.build_constraint_version(), Some(GoVersion::new(1, 22)));
    }

    #[test]
    fn generated_marker_after_the_package_clause_does_not_count() {
        assert!(!file("package b\n// Code generated by x. DO NOT EDIT.\n").is_generated);
    }

    #[test]
    fn header_directives_and_godebug_values() {
        let (package, directives) = header_directives(b"// Copyright\n//go:debug asynctimerchan=1\n//go:build linux\n\npackage main // x\n//go:debug late=1\n");
        assert_eq!(package.as_deref(), Some("main"));
        assert_eq!(directives, vec![("asynctimerchan".to_string(), "1".to_string())]);
        let module = |version: Option<u32>, godebug: &[(&str, &str)]| MainModule {
            go_version: version.map(|minor| (GoVersion::new(1, minor), VersionSource::GoMod)),
            godebug: godebug.iter().map(|(k, v)| (k.to_string(), v.to_string())).collect(),
        };
        let value = |m: MainModule| m.godebug_value("asynctimerchan", 23, "1", "0");
        assert_eq!(value(module(Some(22), &[])).as_deref(), Some("1"));
        assert_eq!(value(module(Some(23), &[])).as_deref(), Some("0"));
        assert_eq!(value(module(Some(24), &[("asynctimerchan", "1")])).as_deref(), Some("1"));
        assert_eq!(value(module(Some(24), &[("default", "go1.21")])).as_deref(), Some("1"));
        assert_eq!(value(module(Some(21), &[("asynctimerchan", "2")])).as_deref(), Some("2"));
        assert_eq!(value(module(None, &[])), None);
    }

    #[test]
    fn constraint_versions() {
        assert_eq!(file("//go:build go1.18\n\npackage b\n").build_constraint_version(), Some(GoVersion::new(1, 21)));
        assert_eq!(file("//go:build go1.22 || go1.23\n\npackage b\n").build_constraint_version(), Some(GoVersion::new(1, 22)));
        assert_eq!(file("//go:build !go1.22\n\npackage b\n").build_constraint_version(), None);
        assert_eq!(file("//go:build linux\n\npackage b\n").build_constraint_version(), None);
    }
}
