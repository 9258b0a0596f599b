//! Prints the Report of the files named on the command line (paths as given).
fn main() {
    let files: Vec<(String, Vec<u8>)> = std::env::args().skip(1).map(|p| (p.clone(), std::fs::read(&p).unwrap())).collect();
    let report = gotrap::analyze(files.iter().map(|(p, c)| (p.as_str(), c.as_slice())), &Default::default());
    println!("{}", serde_json::to_string_pretty(&report).unwrap());
}
