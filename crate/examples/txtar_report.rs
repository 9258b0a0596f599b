//! Prints the Report JSON of a txtar workspace: the native side of the
//! native-vs-wasm identity tests.
//!
//! usage: txtar_report FILE.txtar [OPTIONS_JSON]

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let Some(path) = args.get(1) else {
        eprintln!("usage: txtar_report FILE.txtar [OPTIONS_JSON]");
        std::process::exit(2);
    };
    let data = std::fs::read(path).unwrap_or_else(|err| {
        eprintln!("txtar_report: {path}: {err}");
        std::process::exit(2);
    });
    let mut session = gotrap::Session::new();
    session.set_options(args.get(2).map_or("{}", String::as_str));
    for (name, content) in gotrap::txtar::parse(&data).files {
        session.set_file(&name, content);
    }
    println!("{}", session.analyze().to_json());
}
