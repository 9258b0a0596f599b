//! The published JSON Schemas match the Rust types. Run with
//! `GOTRAP_UPDATE_SCHEMAS=1` to rewrite them after changing the contract
//! (which also means a schema version bump, see report.rs).

use std::path::Path;

#[test]
fn committed_schemas_are_current() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("schema");
    let update = std::env::var_os("GOTRAP_UPDATE_SCHEMAS").is_some();
    let mut stale = Vec::new();
    for (name, file) in gotrap::schema::SCHEMAS {
        let expected = gotrap::schema::json(name).unwrap();
        let path = dir.join(file);
        if update {
            std::fs::create_dir_all(&dir).unwrap();
            std::fs::write(&path, &expected).unwrap();
        } else if std::fs::read_to_string(&path).ok().as_deref() != Some(expected.as_str()) {
            stale.push(path.display().to_string());
        }
    }
    assert!(stale.is_empty(), "stale schemas (rerun with GOTRAP_UPDATE_SCHEMAS=1): {stale:?}");
}

#[test]
fn report_schema_accepts_a_real_report() {
    let schema: serde_json::Value = serde_json::from_str(&gotrap::schema::json("report").unwrap()).unwrap();
    let required: Vec<&str> = schema["required"].as_array().unwrap().iter().map(|v| v.as_str().unwrap()).collect();
    assert_eq!(required, ["schemaVersion", "toolVersion", "findings", "analyses", "skipped", "errors"]);
}
