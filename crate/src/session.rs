//! A workspace kept between analyses (the playground edits one file at a
//! time), with the syntax tree of each Go file, so an edit re-parses only
//! what it changed.
//!
//! The report is the one a fresh `analyze` of the same files gives:
//! - A file whose content did not change keeps its tree, and its parse is
//!   charged the work units its parse from scratch took (a parse is
//!   deterministic, so that is what a fresh run charges).
//! - An edited file's tree is told of the edit (the changed byte range
//!   between the common prefix and suffix of the old and new content) and
//!   re-parsed with it as the old tree. tree-sitter gives the same tree as
//!   a parse from scratch when the file parses cleanly; its error recovery
//!   may differ, so a file whose new tree has a syntax error is parsed again
//!   from scratch.
//! - An incremental parse does little work, so it is charged an estimate
//!   of what a parse from scratch would take: twice the units of the file's
//!   last parse from scratch, scaled by its growth. When the analysis then
//!   runs out of budget, the file is analysed again from scratch, so a file
//!   near `limits.max-file-work` gets the fresh run's result. Only a file
//!   whose parse from scratch would cost more than twice the estimate and
//!   push the analysis over its budget could come out differently.

use tree_sitter::{InputEdit, Parser, Point, Tree};

use crate::report::{Options, Report, RunError};
#[cfg(feature = "staged")]
use crate::rules::ImportSite;
use crate::sorted_map::SortedMap;
use crate::source::{budget, parse_tree};
use crate::{Analysed, Stages};

pub struct Session {
    files: SortedMap<Vec<u8>>,
    trees: Trees,
    /// Whether analyses keep each Go file's tree for the next one (`set_keep_trees`).
    keep_trees: bool,
    options: Options,
    options_error: Option<String>,
}

impl Default for Session {
    fn default() -> Session {
        Session { files: SortedMap::default(), trees: Trees::default(), keep_trees: true, options: Options::default(), options_error: None }
    }
}

impl Session {
    pub fn new() -> Session {
        Session::default()
    }

    /// Whether analyses keep each Go file's syntax tree for the next one:
    /// on by default, so an edit re-parses only what it changed. A host that
    /// sends each file once (the CLI, one part of a workspace after another)
    /// turns it off, and an analysis then holds one tree at a time instead
    /// of the trees of all its files; in wasm, whose memory never shrinks,
    /// the largest input would otherwise set the instance's size for good.
    pub fn set_keep_trees(&mut self, keep: bool) {
        self.keep_trees = keep;
        if !keep {
            self.trees = Trees::default();
        }
    }

    pub fn set_options(&mut self, options_json: &str) {
        match crate::options_json::read_options(options_json) {
            Ok(options) => {
                self.options = options;
                self.options_error = None;
            }
            Err(err) => {
                self.options = Options::default();
                self.options_error = Some(format!("invalid options: {err}"));
            }
        }
    }

    pub fn set_file(&mut self, path: &str, content: Vec<u8>) {
        if let Some(old) = self.files.get(path) {
            if *old == content {
                return;
            }
            if let Some(kept) = self.trees.get_mut(path) {
                kept.tree.edit(&input_edit(old, &content));
                kept.current = false;
                kept.exact = false;
            }
        }
        self.files.insert(path, content);
    }

    pub fn remove_file(&mut self, path: &str) {
        self.files.remove(path);
        self.trees.remove(path);
    }

    pub fn analyze(&mut self) -> Report {
        self.analyze_stages(Stages::All).report
    }

    /// The Go-file stages of a run (`Stages::Sources`) as JSON: `{"report": Report, "imports": ImportSite[]}`.
    #[cfg(feature = "staged")]
    pub fn analyze_sources_json(&mut self) -> String {
        let Analysed { report, imports } = self.analyze_stages(Stages::Sources);
        let imports = serde_json::to_string(&imports).unwrap_or_else(|_| "[]".to_string());
        format!("{{\"report\":{},\"imports\":{imports}}}", report.to_json())
    }

    /// A whole run with the imports (JSON `ImportSite[]`) of Go files
    /// analysed by other runs (`Stages::WithImports`); bad JSON is a
    /// run-level error.
    #[cfg(feature = "staged")]
    pub fn analyze_with_imports(&mut self, imports_json: &str) -> Report {
        match serde_json::from_str::<Vec<ImportSite>>(imports_json) {
            Ok(imports) => self.analyze_stages(Stages::WithImports(&imports)).report,
            Err(err) => run_error(format!("invalid imports: {err}")),
        }
    }

    fn analyze_stages(&mut self, stages: Stages) -> Analysed {
        if let Some(message) = &self.options_error {
            return Analysed { report: run_error(message.clone()), imports: Vec::new() };
        }
        let files = self.files.iter().map(|(path, content)| (path, content.as_slice()));
        let trees = if self.keep_trees { Some(&mut self.trees) } else { None };
        crate::analyze_keeping(files, &self.options, stages, trees)
    }
}

/// A Report holding only a run-level error.
fn run_error(message: String) -> Report {
    let mut report = Report::new();
    report.errors.push(RunError { message, path: None, line: None });
    report
}

/// The syntax trees of a session's Go files, by path.
pub(crate) type Trees = SortedMap<KeptTree>;

pub(crate) struct KeptTree {
    tree: Tree,
    /// False once the file changed: the tree has been told of the edit and
    /// waits to be re-parsed.
    current: bool,
    /// Whether the tree is the parse from scratch of the file's content.
    exact: bool,
    /// Work units and length of the file's last parse from scratch.
    fresh_units: u64,
    fresh_len: usize,
}

impl KeptTree {
    /// The units a parse from scratch of `len` bytes is charged: exact for
    /// the content last parsed from scratch, else the estimate.
    fn parse_units(&self, len: usize) -> u64 {
        if self.exact {
            return self.fresh_units;
        }
        let growth = len.max(self.fresh_len) as u128 * 2 / self.fresh_len.max(1) as u128;
        u64::try_from(self.fresh_units as u128 * growth.max(2)).unwrap_or(u64::MAX)
    }
}

/// Analyses one Go file under a work budget of `units`: parses it (reusing
/// its kept tree, when `trees` holds one) and hands the tree to `walk`.
/// Returns what `walk` gave (None when the parser gave up or the budget ran
/// out while it parsed) and the units used, as a run without `trees` would.
pub(crate) fn metered<R>(trees: Option<&mut Trees>, parser: &mut Parser, path: &str, content: &[u8], units: u64, walk: impl Fn(Tree) -> R) -> (Option<R>, u64) {
    let Some(trees) = trees else {
        return budget::metered(units, || parse_tree(parser, content, None).map(&walk));
    };
    if let Some(kept) = trees.get_mut(path) {
        let charge = kept.parse_units(content.len());
        let (outcome, used) = budget::metered(units, || {
            if !budget::charge(charge) {
                return None;
            }
            let tree = if kept.current { kept.tree.clone() } else { parse_tree(parser, content, Some(&kept.tree))? };
            // A syntax error's recovery may differ from a parse from scratch.
            (kept.exact || !tree.root_node().has_error()).then_some(tree)
        });
        match outcome {
            Some(tree) => {
                let (result, walked) = budget::metered(units - used, || walk(tree.clone()));
                // An estimated parse that leaves the analysis in its budget
                // would have left a fresh run in it too.
                if kept.exact || used + walked < units {
                    kept.tree = tree;
                    kept.current = true;
                    return (Some(result), used + walked);
                }
            }
            None if kept.exact => return (None, used),
            None => {}
        }
    }
    let (outcome, used) = budget::metered(units, || {
        let before = budget::left();
        let tree = parse_tree(parser, content, None)?;
        Some((tree, before - budget::left()))
    });
    let Some((tree, fresh_units)) = outcome else {
        trees.remove(path);
        return (None, used);
    };
    trees.insert(path, KeptTree { tree: tree.clone(), current: true, exact: true, fresh_units, fresh_len: content.len() });
    let (result, walked) = budget::metered(units - used, || walk(tree));
    (Some(result), used + walked)
}

/// The edit turning `old` into `new`: the bytes between their common prefix
/// and their common suffix replaced.
fn input_edit(old: &[u8], new: &[u8]) -> InputEdit {
    let prefix = old.iter().zip(new).take_while(|(a, b)| a == b).count();
    let room = old.len().min(new.len()) - prefix;
    let suffix = old.iter().rev().zip(new.iter().rev()).take(room).take_while(|(a, b)| a == b).count();
    let start_byte = prefix;
    let start_position = point_at(old, start_byte);
    let old_end_byte = old.len() - suffix;
    let new_end_byte = new.len() - suffix;
    InputEdit {
        start_byte,
        old_end_byte,
        new_end_byte,
        start_position,
        old_end_position: advance(start_position, &old[start_byte..old_end_byte]),
        new_end_position: advance(start_position, &new[start_byte..new_end_byte]),
    }
}

/// The row and byte column of `offset` in `content`.
fn point_at(content: &[u8], offset: usize) -> Point {
    advance(Point::new(0, 0), &content[..offset])
}

/// The point after `text` when it starts at `start`.
fn advance(start: Point, text: &[u8]) -> Point {
    match text.iter().rposition(|&b| b == b'\n') {
        Some(last) => Point::new(start.row + text.iter().filter(|&&b| b == b'\n').count(), text.len() - last - 1),
        None => Point::new(start.row, start.column + text.len()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_session_not_keeping_trees_holds_none() {
        let mut session = Session::new();
        session.set_file("a.go", b"package a\n\nfunc f() {}\n".to_vec());
        session.set_file("b.go", b"package a\n\nfunc g() {}\n".to_vec());
        let kept = session.analyze().to_json();
        assert_eq!(session.trees.len(), 2);
        session.set_keep_trees(false);
        assert!(session.trees.is_empty());
        assert_eq!(session.analyze().to_json(), kept);
        assert!(session.trees.is_empty());
        session.set_keep_trees(true);
        assert_eq!(session.analyze().to_json(), kept);
        assert_eq!(session.trees.len(), 2);
    }

    #[test]
    fn edit_is_the_range_between_common_prefix_and_suffix() {
        let edit = input_edit(b"ab\ncd\nef", b"ab\ncXYZ\nW\nd\nef");
        assert_eq!((edit.start_byte, edit.old_end_byte, edit.new_end_byte), (4, 4, 10));
        assert_eq!((edit.start_position, edit.old_end_position, edit.new_end_position), (Point::new(1, 1), Point::new(1, 1), Point::new(3, 0)));
        // The suffix never overlaps the prefix: "aa" → "aaa" inserts one byte.
        let edit = input_edit(b"aa", b"aaa");
        assert_eq!((edit.start_byte, edit.old_end_byte, edit.new_end_byte), (2, 2, 3));
        let edit = input_edit(b"x\ny\nz", b"x\nz");
        assert_eq!((edit.start_byte, edit.old_end_byte, edit.new_end_byte), (2, 4, 2));
        assert_eq!((edit.old_end_position, edit.new_end_position), (Point::new(2, 0), Point::new(1, 0)));
    }
}
