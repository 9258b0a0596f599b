//! The one walk per file: dispatches node kinds to every enabled rule,
//! collects the `//gotrap:ignore` directives, reports syntax errors (GT000)
//! and trees nested past the depth limit (GT002), and never enters ERROR
//! subtrees.

use tree_sitter::Node;

use super::context::FileContext;
use super::ignore::{self, IgnoreDirective};
use super::package::Facts;
use super::syntax::Syntax;
use super::walk::KeptParents;
use super::SourceFile;
use crate::report::Finding;
use crate::rules::{reserved, PackageRule, SourceRule};
use crate::settings::Settings;

/// At most this many syntax errors are reported per file; past the first
/// few, more add noise and no information.
const MAX_SYNTAX_ERRORS: usize = 10;

pub struct Dispatch {
    /// Rules by node kind id.
    by_kind: Vec<Vec<&'static dyn SourceRule>>,
    /// Package rules' collectors by node kind id, with the rule's index.
    collectors_by_kind: Vec<Vec<(usize, &'static dyn PackageRule)>>,
    package_rules: usize,
    /// The kind id of comments, whose text may hold ignore directives.
    comment_kind: u16,
    /// The kind ids of string literals: no rule looks at their pieces
    /// (quotes, content, escapes), so the walk does not enter them.
    string_kinds: [u16; 2],
}

/// tree-sitter's kind id for ERROR nodes (`ts_builtin_sym_error`).
const ERROR_KIND: u16 = u16::MAX;

impl Dispatch {
    pub fn new(rules: &[&'static dyn SourceRule], package_rules: &[&'static dyn PackageRule]) -> Dispatch {
        let language: tree_sitter::Language = tree_sitter_go::LANGUAGE.into();
        let kind_id = |kind: &str, rule: &str| {
            let id = language.id_for_node_kind(kind, true);
            assert!(id != 0, "{rule} names unknown node kind {kind}");
            id as usize
        };
        let mut by_kind = vec![Vec::new(); language.node_kind_count()];
        for rule in rules {
            for kind in rule.node_kinds() {
                by_kind[kind_id(kind, rule.meta().id)].push(*rule);
            }
        }
        let mut collectors_by_kind = vec![Vec::new(); language.node_kind_count()];
        for (index, rule) in package_rules.iter().enumerate() {
            for kind in rule.node_kinds() {
                collectors_by_kind[kind_id(kind, rule.meta().id)].push((index, *rule));
            }
        }
        let comment_kind = language.id_for_node_kind("comment", true);
        let string_kinds = ["interpreted_string_literal", "raw_string_literal"].map(|kind| language.id_for_node_kind(kind, true));
        Dispatch { by_kind, collectors_by_kind, package_rules: package_rules.len(), comment_kind, string_kinds }
    }
}

/// What one walk of a file yields: the source rules' findings, each
/// package rule's facts (by the rule's index in the dispatch) and the
/// file's ignore directives, in source order.
pub struct Walked {
    pub findings: Vec<Finding>,
    pub facts: Vec<Facts>,
    pub ignores: Vec<IgnoreDirective>,
}

pub fn run(file: &SourceFile, settings: &Settings, dispatch: &Dispatch) -> Walked {
    let _parents = KeptParents::of(&file.tree);
    let mut cx = FileContext::new(file, settings);
    let mut facts: Vec<Facts> = (0..dispatch.package_rules).map(|_| Facts::default()).collect();
    let run_rules = !file.is_generated;
    let mut syntax_errors = 0;
    let mut ignores = Vec::new();
    let mut walk = cx.walk(file.tree.root_node());
    while let Some(node) = walk.next() {
        // The kind is read once: each read asks tree-sitter again.
        let kind = node.kind_id();
        if kind == dispatch.comment_kind {
            ignores.extend(IgnoreDirective::parse(&file.content[node.byte_range()], node.start_byte(), &file.lines));
        }
        // Entered still when it holds a syntax error (reported below), or
        // at the depth limit (where the walk notes that it stopped).
        if dispatch.string_kinds.contains(&kind) && walk.depth() < settings.limits.max_tree_depth && !node.has_error() {
            walk.skip_children();
        }
        if kind == ERROR_KIND || node.is_missing() {
            if syntax_errors < MAX_SYNTAX_ERRORS {
                syntax_error(&mut cx, node);
            }
            syntax_errors += 1;
            continue;
        }
        if run_rules {
            if let Some(rules) = dispatch.by_kind.get(usize::from(kind)) {
                for rule in rules {
                    rule.check(node, &mut cx);
                }
            }
        }
        if let Some(collectors) = dispatch.collectors_by_kind.get(usize::from(kind)) {
            for (index, rule) in collectors {
                rule.collect(node, &mut cx, &mut facts[*index]);
            }
        }
    }
    let root = file.tree.root_node();
    if syntax_errors == 0 && root.is_error() {
        // The parser can keep every token and still fail to make a file of
        // them (an unclosed nesting, say): the root is then an ERROR with no
        // ERROR below it, which the walk (it starts inside its start node)
        // never yields. The file stops being Go at the first bare token
        // among the root's children.
        let mut cursor = root.walk();
        let stray = root.children(&mut cursor).find(|child| !child.is_named()).unwrap_or(root);
        syntax_error(&mut cx, stray);
    }
    if walk.truncated {
        let limit = settings.limits.max_tree_depth;
        let message = format!("syntax tree nested deeper than {limit} levels (limits.max-tree-depth); the deepest parts were not analysed");
        cx.report(&reserved::OVER_LIMIT, 0..0, message);
        // Directives below the depth the rules stopped at still count.
        ignores = ignore::collect(file.tree.root_node(), file.content, &file.lines);
    }
    Walked { findings: cx.findings, facts, ignores }
}

fn syntax_error(cx: &mut FileContext, node: Node) {
    let message = if node.is_missing() {
        format!("syntax error: missing {}", node.kind_name())
    } else {
        let text = String::from_utf8_lossy(&cx.source()[node.byte_range()]);
        let token: String = text.split_whitespace().next().unwrap_or("").chars().take(24).collect();
        if token.is_empty() {
            "syntax error: unexpected input".to_string()
        } else {
            format!("syntax error: unexpected {}", token.escape_debug())
        }
    };
    let range = if node.is_missing() { node.start_byte()..node.start_byte() } else { node.byte_range() };
    cx.report(&reserved::SYNTAX_ERROR, range, message);
}
