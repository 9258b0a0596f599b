//! JSON Schemas of Contract v1, published in `crate/schema/` (a test keeps
//! the committed files current; the TypeScript types are generated from them).

/// The schema names and their committed file names.
pub const SCHEMAS: [(&str, &str); 6] = [
    ("report", "report.schema.json"),
    ("options", "options.schema.json"),
    ("config", "gotrap-toml.schema.json"),
    ("rules", "rules.schema.json"),
    ("comparison", "comparison.schema.json"),
    ("compare-options", "compare-options.schema.json"),
];

/// Pretty JSON of one schema: `report`, `options`, `config`, `rules`,
/// `comparison` or `compare-options` (these two in the build with
/// `artifacts`).
pub fn json(name: &str) -> Option<String> {
    let schema = match name {
        "report" => schemars::schema_for!(crate::report::Report),
        "options" => schemars::schema_for!(crate::report::Options),
        "config" => crate::config::schema(),
        "rules" => schemars::schema_for!(Vec<crate::report::RuleInfo>),
        #[cfg(feature = "artifacts")]
        "comparison" => schemars::schema_for!(crate::compare::Comparison),
        #[cfg(feature = "artifacts")]
        "compare-options" => schemars::schema_for!(crate::compare::CompareOptions),
        _ => return None,
    };
    serde_json::to_string_pretty(&schema).ok().map(|text| text + "\n")
}
