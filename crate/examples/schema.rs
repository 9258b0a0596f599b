//! Prints a JSON Schema of Contract v1: `report` (the Report), `options`
//! (analysis options), `config` (gotrap.toml) or `rules` (RuleInfo[]).

fn main() {
    let which = std::env::args().nth(1).unwrap_or_default();
    let schema = match which.as_str() {
        "report" => schemars::schema_for!(gotrap::report::Report),
        "options" => schemars::schema_for!(gotrap::report::Options),
        "config" => gotrap::config::schema(),
        "rules" => schemars::schema_for!(Vec<gotrap::report::RuleInfo>),
        _ => {
            eprintln!("usage: schema report|options|config|rules");
            std::process::exit(2);
        }
    };
    println!("{}", serde_json::to_string_pretty(&schema).expect("schemas serialise"));
}
