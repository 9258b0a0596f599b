//! Packages: the Go files of one directory with one package clause that a
//! plain `go build` includes for some target (`build`). An external test
//! package (`package foo_test` in `_test.go` files) has a clause of its own,
//! so it is a package of its own; in-package `_test.go` files join the
//! package they test. Package rules collect facts from each file in its one
//! walk and judge the package once every file is in.

use std::any::Any;
use std::ops::Range;

use super::build::builds_for_some_target;
use super::SourceFile;
use crate::position::LineIndex;
use crate::report::{Finding, Related, Severity};
use crate::rules::RuleMeta;
use crate::settings::Settings;

/// Which package a file belongs to: its directory and package clause.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct PackageKey {
    pub dir: String,
    pub name: String,
}

impl PackageKey {
    /// The file's package, or None when it has no package clause or no
    /// target builds it (`//go:build ignore`, `x_windows.go` with
    /// `//go:build linux`, `x_nacl.go`).
    pub fn of(file: &SourceFile) -> Option<PackageKey> {
        let name = file.package.clone()?;
        let (dir, file_name) = file.path.rsplit_once('/').unwrap_or(("", file.path));
        builds_for_some_target(file_name, file.build_constraint.as_deref()).then(|| PackageKey { dir: dir.to_string(), name })
    }
}

/// What one rule collected from one file; the rule decides the type.
#[derive(Default)]
pub struct Facts(Option<Box<dyn Any>>);

impl Facts {
    /// The rule's facts of this file, created empty on first use.
    pub fn get_or_default<T: Any + Default>(&mut self) -> &mut T {
        let facts = self.0.get_or_insert_with(|| Box::new(T::default()));
        if !facts.is::<T>() {
            *facts = Box::new(T::default());
        }
        facts.downcast_mut::<T>().expect("just made a T")
    }

    pub fn get<T: Any>(&self) -> Option<&T> {
        self.0.as_ref().and_then(|facts| facts.downcast_ref::<T>())
    }
}

/// A Go file as package rules see it after its walk: no syntax tree, only
/// what positions and reporting need, and each package rule's facts.
pub struct PackageFile<'a> {
    pub path: &'a str,
    pub content: &'a [u8],
    pub lines: LineIndex,
    pub is_test: bool,
    pub is_generated: bool,
    /// By the index of the rule among the run's package rules.
    pub facts: Vec<Facts>,
}

/// Groups files into packages, in key order; files without a package are
/// left out. Items are indices into `keys`.
pub fn group(keys: &[Option<PackageKey>]) -> Vec<Vec<usize>> {
    // The files with a package, sorted by key (stably: in file order within one).
    let mut keyed: Vec<(&PackageKey, usize)> = keys.iter().enumerate().filter_map(|(index, key)| Some((key.as_ref()?, index))).collect();
    crate::order::sort_stable_by(&mut keyed, |a, b| a.0.cmp(b.0));
    keyed.chunk_by(|a, b| a.0 == b.0).map(|package| package.iter().map(|(_, index)| *index).collect()).collect()
}

/// What a package rule sees: the package's files (in path order) with the
/// facts it collected from each.
pub struct PackageContext<'a> {
    pub settings: &'a Settings,
    pub files: &'a [&'a PackageFile<'a>],
    /// The rule's index among the run's package rules.
    rule: usize,
    /// Findings with the index in `files` of the file they are in.
    pub findings: Vec<(usize, Finding)>,
}

impl<'a> PackageContext<'a> {
    pub fn new(settings: &'a Settings, files: &'a [&'a PackageFile<'a>], rule: usize) -> PackageContext<'a> {
        PackageContext { settings, files, rule, findings: Vec::new() }
    }

    /// The rule's facts from each file that has some, with the file's index.
    pub fn facts<T: Any>(&self) -> impl Iterator<Item = (usize, &'a T)> + use<'a, T> {
        let rule = self.rule;
        self.files.iter().enumerate().filter_map(move |(index, file)| file.facts.get(rule).and_then(Facts::get::<T>).map(|facts| (index, facts)))
    }

    /// Reports in file `file` at the rule's configured severity, or at
    /// `severity` (a graded level) when gotrap.toml sets none. Generated
    /// files get no findings: None.
    pub fn report(&mut self, rule: &'static RuleMeta, severity: Option<Severity>, file: usize, range: Range<usize>, message: String) -> Option<&mut Finding> {
        let target = self.files[file];
        if target.is_generated {
            return None;
        }
        let severity = self.settings.configured_severity(rule).or(severity).unwrap_or(rule.severity);
        let span = target.lines.span(target.content, range.start, range.end);
        self.findings.push((file, rule.finding(severity, target.path, span, message)));
        self.findings.last_mut().map(|(_, finding)| finding)
    }

    pub fn related(&self, file: usize, range: Range<usize>, message: String) -> Related {
        let target = self.files[file];
        Related { path: target.path.to_string(), span: target.lines.span(target.content, range.start, range.end), message }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::source::new_parser;

    fn key(path: &str, code: &str) -> Option<PackageKey> {
        let mut parser = new_parser();
        let file = SourceFile::parse(&mut parser, path, code.as_bytes()).unwrap();
        PackageKey::of(&file)
    }

    #[test]
    fn files_group_by_directory_clause_and_build() {
        let keys = vec![
            key("a/x.go", "package a\n"),
            key("a/x_test.go", "package a\n"),
            key("a/ext_test.go", "package a_test\n"),
            key("a/gen.go", "//go:build ignore\n\npackage main\n"),
            key("a/y_linux.go", "package a\n"),
            key("a/y_windows.go", "//go:build linux\n\npackage a\n"),
            key("b/x.go", "package a\n"),
            key("a/broken.go", "func f() {}\n"),
            key("x.go", "package top\n"),
        ];
        assert_eq!(keys[3], None, "//go:build ignore builds for no target");
        assert_eq!(keys[5], None, "a windows file constrained to linux builds for no target");
        assert_eq!(keys[7], None, "no package clause");
        assert_eq!(keys[8], Some(PackageKey { dir: String::new(), name: "top".to_string() }));
        assert_eq!(group(&keys), vec![vec![8], vec![0, 1, 4], vec![2], vec![6]]);
    }

    #[test]
    fn facts_are_typed_per_rule() {
        let mut facts = Facts::default();
        assert!(facts.get::<Vec<u32>>().is_none());
        facts.get_or_default::<Vec<u32>>().push(7);
        assert_eq!(facts.get::<Vec<u32>>(), Some(&vec![7]));
        assert!(facts.get::<String>().is_none());
    }
}
