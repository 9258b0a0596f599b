//! The README's rule table names exactly the registry's rules, with their
//! names and default severities (the registry is the source of truth).

#[test]
fn readme_rule_table_matches_the_registry() {
    let readme = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../README.md")).unwrap();
    let table: Vec<String> = readme
        .lines()
        .filter(|line| line.starts_with("| GT"))
        .map(|line| line.split('|').skip(1).take(3).map(str::trim).collect::<Vec<_>>().join(" "))
        .collect();
    let registry: Vec<String> = gotrap::rules::registry::all()
        .filter(|rule| rule.family != gotrap::rules::Family::Core)
        .map(|rule| format!("{} {} {}", rule.id, rule.name, rule.severity.as_str()))
        .collect();
    assert_eq!(table, registry);
}
