//! The files of one run: what each is, which go.mod governs which Go file,
//! and which files the config excludes.

use std::collections::BTreeMap;

use crate::module::gomod::{self, GoMod};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Go,
    GoMod,
    GoSum,
    GoWork,
    /// CI files, Dockerfiles, Makefiles, shell scripts: read by module rules.
    Ci,
    /// Anything else: a runtime artifact, classified by content.
    Artifact,
}

pub fn classify(path: &str) -> FileKind {
    let name = path.rsplit('/').next().unwrap_or(path);
    match name {
        "go.mod" => FileKind::GoMod,
        "go.sum" => FileKind::GoSum,
        "go.work" => FileKind::GoWork,
        _ if name.ends_with(".go") => FileKind::Go,
        "Makefile" | ".envrc" | ".gitlab-ci.yml" => FileKind::Ci,
        _ if name.starts_with("Dockerfile") || name.ends_with(".mk") || name.ends_with(".sh") => FileKind::Ci,
        _ if path.starts_with(".github/workflows/") && (name.ends_with(".yml") || name.ends_with(".yaml")) => FileKind::Ci,
        _ => FileKind::Artifact,
    }
}

/// Directory of a workspace path ("" for the root).
pub fn dir_of(path: &str) -> &str {
    path.rfind('/').map_or("", |slash| &path[..slash])
}

/// The parsed go.mod files of the workspace, by directory.
#[derive(Default)]
pub struct Modules {
    by_dir: BTreeMap<String, (String, GoMod)>,
}

impl Modules {
    pub fn insert(&mut self, path: &str, content: &[u8]) -> &GoMod {
        let parsed = gomod::parse(content);
        let dir = dir_of(path).to_string();
        &self.by_dir.entry(dir).or_insert((path.to_string(), parsed)).1
    }

    /// The go.mod governing a file: the nearest one in its directory or above.
    pub fn governing(&self, path: &str) -> Option<&GoMod> {
        self.governing_entry(path).map(|(_, module)| module)
    }

    /// The governing go.mod with its path.
    pub fn governing_entry(&self, path: &str) -> Option<(&str, &GoMod)> {
        let mut dir = dir_of(path);
        loop {
            if let Some((mod_path, module)) = self.by_dir.get(dir) {
                return Some((mod_path.as_str(), module));
            }
            if dir.is_empty() {
                return None;
            }
            dir = dir_of(dir);
        }
    }
}

/// Glob match over `/`-separated paths: `*` and `?` within one element,
/// `**` across elements. Iterative (backtracking on the last star only).
pub fn glob_matches(pattern: &str, path: &str) -> bool {
    let pattern: Vec<&str> = pattern.trim_start_matches("./").split('/').collect();
    let path: Vec<&str> = path.split('/').collect();
    let (mut p, mut s) = (0, 0);
    let mut resume: Option<(usize, usize)> = None;
    while s < path.len() {
        if p < pattern.len() && pattern[p] == "**" {
            resume = Some((p, s));
            p += 1;
        } else if p < pattern.len() && element_matches(pattern[p], path[s]) {
            p += 1;
            s += 1;
        } else if let Some((star, from)) = resume {
            p = star + 1;
            s = from + 1;
            resume = Some((star, from + 1));
        } else {
            return false;
        }
    }
    pattern[p..].iter().all(|element| *element == "**")
}

fn element_matches(pattern: &str, text: &str) -> bool {
    let pattern: Vec<char> = pattern.chars().collect();
    let text: Vec<char> = text.chars().collect();
    let (mut p, mut t) = (0, 0);
    let mut resume: Option<(usize, usize)> = None;
    while t < text.len() {
        if p < pattern.len() && (pattern[p] == '?' || pattern[p] == text[t]) {
            p += 1;
            t += 1;
        } else if p < pattern.len() && pattern[p] == '*' {
            resume = Some((p, t));
            p += 1;
        } else if let Some((star, from)) = resume {
            p = star + 1;
            t = from + 1;
            resume = Some((star, from + 1));
        } else {
            return false;
        }
    }
    pattern[p..].iter().all(|c| *c == '*')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn classifies_by_name() {
        assert_eq!(classify("a/b.go"), FileKind::Go);
        assert_eq!(classify("go.mod"), FileKind::GoMod);
        assert_eq!(classify("sub/go.sum"), FileKind::GoSum);
        assert_eq!(classify("Dockerfile.dev"), FileKind::Ci);
        assert_eq!(classify(".github/workflows/ci.yaml"), FileKind::Ci);
        assert_eq!(classify("docs/ci.yaml"), FileKind::Artifact);
        assert_eq!(classify("cpu.pb.gz"), FileKind::Artifact);
    }

    #[test]
    fn governing_go_mod_is_the_nearest() {
        let mut modules = Modules::default();
        modules.insert("go.mod", b"module a\ngo 1.21\n");
        modules.insert("tools/go.mod", b"module a/tools\ngo 1.23\n");
        assert_eq!(modules.governing("x/y.go").unwrap().module.as_ref().unwrap().text, "a");
        assert_eq!(modules.governing("tools/cmd/z.go").unwrap().module.as_ref().unwrap().text, "a/tools");
        assert!(Modules::default().governing("main.go").is_none());
    }

    #[test]
    fn globs() {
        assert!(glob_matches("gen/**", "gen/a/b.go"));
        assert!(glob_matches("**/*.pb.go", "api/v1/x.pb.go"));
        assert!(glob_matches("**/*.pb.go", "x.pb.go"));
        assert!(!glob_matches("*.go", "a/b.go"));
        assert!(glob_matches("a/*_test.go", "a/b_test.go"));
        assert!(!glob_matches("a/?.go", "a/bb.go"));
    }
}
