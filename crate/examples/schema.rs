//! Prints a JSON Schema of Contract v1: report, options, config or rules.

fn main() {
    let which = std::env::args().nth(1).unwrap_or_default();
    match gotrap::schema::json(&which) {
        Some(schema) => print!("{schema}"),
        None => {
            eprintln!("usage: schema report|options|config|rules");
            std::process::exit(2);
        }
    }
}
