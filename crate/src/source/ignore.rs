//! `//gotrap:ignore [ids] [reason]` directives and which of them were used.

use tree_sitter::Node;

use super::syntax::Syntax;
use super::walk::Walk;
use crate::position::LineIndex;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IgnoreDirective {
    /// Line of the comment; it covers this line and the next.
    pub line: u32,
    pub start: usize,
    pub end: usize,
    /// Rule ids or names; empty = every rule.
    pub rules: Vec<String>,
    pub used: bool,
}

const PREFIX: &[u8] = b"//gotrap:ignore";

impl IgnoreDirective {
    /// Parses a comment's text; None when it is not a directive.
    pub fn parse(comment: &[u8], start: usize, lines: &LineIndex) -> Option<IgnoreDirective> {
        let rest = String::from_utf8_lossy(arguments(comment)?);
        let rules = rest.split_whitespace().take_while(|word| is_rule_id(word)).map(|id| id.to_ascii_uppercase()).collect();
        Some(IgnoreDirective { line: lines.line(start as u32), start, end: start + comment.len(), rules, used: false })
    }

    /// Whether a comment's text is a directive.
    pub fn is_directive(comment: &[u8]) -> bool {
        arguments(comment).is_some()
    }

    /// Whether this directive silences `rule` on `line`, marking it used.
    pub fn silences(&mut self, rule: &str, line: u32) -> bool {
        let covers = line == self.line || line == self.line + 1;
        let names_rule = self.rules.is_empty() || self.rules.iter().any(|id| id == rule);
        if covers && names_rule {
            self.used = true;
        }
        covers && names_rule
    }
}

/// The directives among the comments below `root` at any depth, in source
/// order (outside ERROR subtrees, like every walk). A file whose text never
/// holds the prefix has none, and is not walked.
pub fn collect(root: Node, content: &[u8], lines: &LineIndex) -> Vec<IgnoreDirective> {
    if !content.windows(PREFIX.len()).any(|window| window == PREFIX) {
        return Vec::new();
    }
    Walk::new(root, u64::MAX)
        .filter(|node| node.kind_name() == "comment")
        .filter_map(|comment| IgnoreDirective::parse(&content[comment.byte_range()], comment.start_byte(), lines))
        .collect()
}

/// What follows the prefix of a directive; None when the comment is not one.
fn arguments(comment: &[u8]) -> Option<&[u8]> {
    let rest = comment.strip_prefix(PREFIX)?;
    rest.first().is_none_or(u8::is_ascii_whitespace).then_some(rest)
}

fn is_rule_id(word: &str) -> bool {
    let bytes = word.as_bytes();
    bytes.len() == 5 && bytes[..2].eq_ignore_ascii_case(b"GT") && bytes[2..].iter().all(u8::is_ascii_digit)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_ids_and_reason() {
        let lines = LineIndex::new(b"a\nb\n//gotrap:ignore GT201 gt206 closed by the caller\n");
        let mut directive = IgnoreDirective::parse(b"//gotrap:ignore GT201 gt206 closed by the caller", 4, &lines).unwrap();
        assert_eq!(directive.rules, vec!["GT201", "GT206"]);
        assert_eq!(directive.line, 3);
        assert!(!directive.silences("GT101", 3));
        assert!(!directive.used);
        assert!(directive.silences("GT206", 4));
        assert!(!directive.silences("GT201", 5));
        assert!(directive.used);
    }

    #[test]
    fn bare_directive_silences_all_and_lookalikes_are_not_directives() {
        let lines = LineIndex::new(b"x");
        assert!(IgnoreDirective::parse(b"//gotrap:ignore", 0, &lines).unwrap().rules.is_empty());
        assert!(IgnoreDirective::parse(b"//gotrap:ignored", 0, &lines).is_none());
        assert!(IgnoreDirective::parse(b"// gotrap:ignore GT101", 0, &lines).is_none());
    }
}
