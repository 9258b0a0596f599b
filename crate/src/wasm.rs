//! The wasm boundary: thin exports over the plain-Rust core. Bytes in, JSON
//! strings (serialised by serde_json inside the core) out, so the native and
//! the wasm build give byte-identical reports.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(start)]
fn start() {
    console_error_panic_hook::set_once();
}

/// Version of the core.
#[wasm_bindgen]
pub fn version() -> String {
    crate::report::TOOL_VERSION.to_string()
}

/// Contract version of the Report this build produces.
#[wasm_bindgen(js_name = schemaVersion)]
pub fn schema_version() -> u32 {
    crate::report::SCHEMA_VERSION
}

/// The rule registry as a JSON array of `RuleInfo`.
#[wasm_bindgen]
pub fn rules() -> String {
    crate::rules_json()
}

/// Compares two runtime artifacts (two profiles of one type, or two
/// goroutine snapshots); `CompareOptions` JSON in, `Comparison` JSON out.
#[cfg(feature = "artifacts")]
#[wasm_bindgen]
pub fn compare(base_path: &str, base: &[u8], new_path: &str, new: &[u8], options_json: &str) -> String {
    crate::compare((base_path, base), (new_path, new), options_json).to_json()
}

/// A workspace kept across analyses (the playground edits one file at a time).
#[wasm_bindgen]
pub struct Session {
    inner: crate::Session,
}

#[wasm_bindgen]
impl Session {
    #[wasm_bindgen(constructor)]
    pub fn new() -> Session {
        Session { inner: crate::Session::new() }
    }

    /// Options JSON (Contract v1 `Options`); a bad one becomes a run-level error.
    #[wasm_bindgen(js_name = setOptions)]
    pub fn set_options(&mut self, options_json: &str) {
        self.inner.set_options(options_json);
    }

    /// Whether analyses keep each Go file's syntax tree for the next one (on by default).
    #[wasm_bindgen(js_name = setKeepTrees)]
    pub fn set_keep_trees(&mut self, keep: bool) {
        self.inner.set_keep_trees(keep);
    }

    #[wasm_bindgen(js_name = setFile)]
    pub fn set_file(&mut self, path: &str, content: &[u8]) {
        self.inner.set_file(path, content.to_vec());
    }

    #[wasm_bindgen(js_name = removeFile)]
    pub fn remove_file(&mut self, path: &str) {
        self.inner.remove_file(path);
    }

    /// Analyses the workspace and returns the Report as JSON.
    pub fn analyze(&mut self) -> String {
        self.inner.analyze().to_json()
    }

    /// Analyses the Go files without the workspace rules, for a host that
    /// spreads a workspace over instances: `{"report": Report, "imports": ImportSite[]}`.
    #[cfg(feature = "staged")]
    #[wasm_bindgen(js_name = analyzeSources)]
    pub fn analyze_sources(&mut self) -> String {
        self.inner.analyze_sources_json()
    }

    /// Analyses the workspace with the imports (JSON `ImportSite[]`) that
    /// `analyzeSources` returned for Go files analysed elsewhere; returns the Report as JSON.
    #[cfg(feature = "staged")]
    #[wasm_bindgen(js_name = analyzeWithImports)]
    pub fn analyze_with_imports(&mut self, imports_json: &str) -> String {
        self.inner.analyze_with_imports(imports_json).to_json()
    }
}

impl Default for Session {
    fn default() -> Self {
        Session::new()
    }
}
