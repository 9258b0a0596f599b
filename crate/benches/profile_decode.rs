//! Decode and analysis throughput of pprof profiles (native; `cargo bench
//! --bench profile_decode`). Not a statistical harness: it prints the best
//! of a few runs for a synthetic 100,000-sample profile and the committed ones.

use std::io::Write;

#[path = "../tests/support/synthetic.rs"]
mod synthetic;

#[path = "support/best_of.rs"]
mod timing;
use timing::best_of;

fn main() {
    let raw = synthetic::synthetic(100_000);
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    encoder.write_all(&raw).unwrap();
    let gz = encoder.finish().unwrap();
    let mb = raw.len() as f64 / 1e6;
    let decode = best_of(5, || gotrap::profile::decode(&gz, 64 << 20, 10_000_000).unwrap().sample_count());
    println!("synthetic: {mb:.1} MB inflated ({} KB gzip): decode {:.1} ms ({:.0} MB/s)", gz.len() / 1000, decode * 1e3, mb / decode);
    let analyze = best_of(3, || gotrap::analyze([("cpu.pb.gz", gz.as_slice())], &Default::default()).analyses.len());
    println!("synthetic: whole analysis {:.1} ms", analyze * 1e3);
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../tests/artifacts/profiles");
    let mut names: Vec<_> = std::fs::read_dir(&dir).unwrap().map(|e| e.unwrap().path()).filter(|p| p.to_string_lossy().ends_with(".pb.gz")).collect();
    names.sort();
    for path in names {
        let content = std::fs::read(&path).unwrap();
        let name = path.file_name().unwrap().to_string_lossy().to_string();
        let time = best_of(20, || gotrap::analyze([(name.as_str(), content.as_slice())], &Default::default()).analyses.len());
        println!("{name}: {} B, whole analysis {:.3} ms", content.len(), time * 1e3);
    }
}
