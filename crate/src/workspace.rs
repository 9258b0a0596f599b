//! The files of one run: what each is, which go.mod governs which Go file,
//! and which files the config excludes.

use crate::sorted_map::SortedMap;

use crate::goversion::GoVersion;
use crate::module::gomod::{self, GoMod};
use crate::module::gosum::{self, GoSum};
use crate::module::gowork::{self, GoWork};

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

/// A module file of the workspace: its path, content and parse.
pub struct ModuleFile<T> {
    pub path: String,
    pub content: Vec<u8>,
    pub parsed: T,
}

impl<T> ModuleFile<T> {
    pub fn dir(&self) -> &str {
        dir_of(&self.path)
    }
}

/// The parsed go.mod, go.sum and go.work files of the workspace, by directory.
#[derive(Default)]
pub struct Modules {
    pub mods: SortedMap<ModuleFile<GoMod>>,
    pub sums: SortedMap<ModuleFile<GoSum>>,
    pub works: SortedMap<ModuleFile<GoWork>>,
}

/// What decides runtime defaults of a build (GT207's timer semantics): the
/// main module's go line and godebug settings, or the go.work's in
/// workspace mode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MainModule {
    /// The go.mod or go.work that decides.
    pub path: String,
    pub go_version: Option<GoVersion>,
    pub godebug: Vec<(String, String)>,
}

impl Modules {
    pub fn insert(&mut self, path: &str, content: &[u8]) -> &GoMod {
        let parsed = gomod::parse(content);
        let dir = dir_of(path);
        &self.mods.get_or_insert(dir, ModuleFile { path: path.to_string(), content: content.to_vec(), parsed }).parsed
    }

    pub fn insert_sum(&mut self, path: &str, content: &[u8]) -> &GoSum {
        let parsed = gosum::parse(content);
        let dir = dir_of(path);
        &self.sums.get_or_insert(dir, ModuleFile { path: path.to_string(), content: content.to_vec(), parsed }).parsed
    }

    pub fn insert_work(&mut self, path: &str, content: &[u8]) -> &GoWork {
        let parsed = gowork::parse(content);
        let dir = dir_of(path);
        &self.works.get_or_insert(dir, ModuleFile { path: path.to_string(), content: content.to_vec(), parsed }).parsed
    }

    /// (module path, directory) of every go.mod that names its module.
    pub fn module_paths(&self) -> Vec<(String, String)> {
        self.mods.iter().filter_map(|(dir, file)| file.parsed.module.as_ref().map(|module| (module.path.text.clone(), dir.to_string()))).collect()
    }

    /// The go.mod governing a file: the nearest one in its directory or above.
    pub fn governing(&self, path: &str) -> Option<&GoMod> {
        self.governing_file(path).map(|file| &file.parsed)
    }

    pub fn governing_file(&self, path: &str) -> Option<&ModuleFile<GoMod>> {
        nearest(&self.mods, path)
    }

    /// The go.work whose workspace holds the module at `module_dir`: the
    /// nearest go.work at or above it that `use`s that directory.
    pub fn workspace_of(&self, module_dir: &str) -> Option<&ModuleFile<GoWork>> {
        let mut dir = module_dir;
        loop {
            if let Some(work) = self.works.get(dir) {
                let joins = work.parsed.uses.iter().any(|used| join(work.dir(), &used.text) == module_dir);
                return joins.then_some(work);
            }
            if dir.is_empty() {
                return None;
            }
            dir = dir_of(dir);
        }
    }

    /// The main module deciding runtime defaults for a build of the package
    /// holding `path`: the go.work when its workspace joins the file's
    /// module, else the file's own module (the module is assumed to be the
    /// main module of the binaries built from it).
    pub fn main_module(&self, path: &str) -> Option<MainModule> {
        let module = self.governing_file(path)?;
        if let Some(work) = self.workspace_of(module.dir()) {
            let godebug = work.parsed.godebug.iter().map(|g| (g.key.text.clone(), g.value.clone())).collect();
            return Some(MainModule { path: work.path.clone(), go_version: work.parsed.go_version, godebug });
        }
        let godebug = module.parsed.godebug.iter().map(|g| (g.key.text.clone(), g.value.clone())).collect();
        Some(MainModule { path: module.path.clone(), go_version: module.parsed.go_version, godebug })
    }

    /// Whether the file's governing go.mod `ignore`s a directory holding it:
    /// `./dir` relative to the module root; `dir`, `dir/sub` or `/dir/` at
    /// any depth (as the go command's list_ignore script test shows).
    pub fn is_ignored(&self, path: &str) -> bool {
        let Some(module) = self.governing_file(path) else { return false };
        let root = module.dir();
        let relative = if root.is_empty() { path } else { &path[root.len() + 1..] };
        let dir = format!("/{}/", dir_of(relative));
        module.parsed.ignore.iter().any(|ignored| {
            let rooted = ignored.text.starts_with("./");
            let cleaned = gowork::clean(ignored.text.trim_start_matches('/'));
            if cleaned == "." || cleaned.starts_with("..") {
                return false;
            }
            if rooted {
                dir.starts_with(&format!("/{cleaned}/"))
            } else {
                dir.contains(&format!("/{cleaned}/"))
            }
        })
    }

    /// The module (by go.mod) whose module path is the longest prefix of
    /// `import_path` among the workspace's modules.
    pub fn local_module_for_import(&self, import_path: &str) -> Option<&ModuleFile<GoMod>> {
        self.mods
            .values()
            .filter(|m| m.parsed.module_path().is_some_and(|module| path_in_module(import_path, module)))
            .max_by_key(|m| m.parsed.module_path().map_or(0, str::len))
    }
}

fn nearest<'m, T>(map: &'m SortedMap<ModuleFile<T>>, path: &str) -> Option<&'m ModuleFile<T>> {
    let mut dir = dir_of(path);
    loop {
        if let Some(file) = map.get(dir) {
            return Some(file);
        }
        if dir.is_empty() {
            return None;
        }
        dir = dir_of(dir);
    }
}

/// Whether `import_path` is a package of the module `module_path`.
pub fn path_in_module(import_path: &str, module_path: &str) -> bool {
    import_path == module_path || (import_path.starts_with(module_path) && import_path.as_bytes().get(module_path.len()) == Some(&b'/'))
}

/// Whether a required module `module_path` provides the package `import`:
/// the import is in the module's path, and not below a `/vN` element right
/// after it (that is the module's next major, a module of its own).
pub fn module_provides(module_path: &str, import: &str) -> bool {
    if !path_in_module(import, module_path) {
        return false;
    }
    let next = import[module_path.len()..].trim_start_matches('/').split('/').next().unwrap_or("");
    let major = next.strip_prefix('v').is_some_and(|digits| !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) && digits != "0" && digits != "1");
    !major
}

/// A workspace path for `relative` seen from directory `dir` (both
/// workspace-relative); `..` past the root stays in the result.
pub fn join(dir: &str, relative: &str) -> String {
    let relative = relative.replace('\\', "/");
    if relative.starts_with('/') {
        return gowork::clean(&relative);
    }
    let cleaned = gowork::clean(&format!("{dir}/{relative}"));
    if dir.is_empty() {
        return gowork::clean(&relative);
    }
    cleaned
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
        assert_eq!(modules.governing("x/y.go").unwrap().module_path().unwrap(), "a");
        assert_eq!(modules.governing("tools/cmd/z.go").unwrap().module_path().unwrap(), "a/tools");
        assert!(Modules::default().governing("main.go").is_none());
    }

    #[test]
    fn main_module_is_the_workspaces_in_workspace_mode() {
        let mut modules = Modules::default();
        modules.insert("a/go.mod", b"module a\ngo 1.21\n");
        modules.insert("b/go.mod", b"module b\ngo 1.22\ngodebug asynctimerchan=1\n");
        modules.insert_work("go.work", b"go 1.23\nuse ./a\n");
        let main = modules.main_module("a/x.go").unwrap();
        assert_eq!((main.path.as_str(), main.go_version), ("go.work", Some(GoVersion::new(1, 23))));
        let main = modules.main_module("b/y.go").unwrap();
        assert_eq!((main.path.as_str(), main.godebug), ("b/go.mod", vec![("asynctimerchan".to_string(), "1".to_string())]));
        modules.insert("c/go.mod", b"module c\nignore ./web/node_modules\nignore testdata2\nignore /pkg/foo/\n");
        assert!(modules.is_ignored("c/x/pkg/foo/a.go") && !modules.is_ignored("c/pkg/fo/a.go"));
        assert!(modules.is_ignored("c/web/node_modules/x/y.go"));
        assert!(!modules.is_ignored("c/node_modules/y.go"));
        assert!(modules.is_ignored("c/deep/testdata2/z.go"));
        assert!(!modules.is_ignored("c/testdata22/z.go"));
        assert_eq!(join("a", "../b"), "b");
        assert_eq!(join("", "./c"), "c");
        assert_eq!(join("a", "../../x"), "../x");
        assert!(path_in_module("example.com/m/x", "example.com/m") && !path_in_module("example.com/mx", "example.com/m"));
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
