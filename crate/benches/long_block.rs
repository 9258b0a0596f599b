//! Analysis time of one Go function holding a block of 4,000 statements
//! (native; `cargo bench --bench long_block`). Not a statistical harness: it
//! prints the best of a few runs. Name resolution that rescanned the
//! statement list per lookup took seconds here.

use std::time::Instant;

#[path = "../tests/support/generated_go.rs"]
mod generated_go;

fn main() {
    for (name, code) in [("long block (4,000 statements)", generated_go::long_block(1000)), ("nested blocks (300 deep)", generated_go::nested_blocks(300))] {
        let best = (0..3)
            .map(|_| {
                let start = Instant::now();
                std::hint::black_box(gotrap::analyze([("long.go", code.as_bytes())], &Default::default()).findings.len());
                start.elapsed().as_secs_f64()
            })
            .fold(f64::INFINITY, f64::min);
        println!("{name}: {} KB, whole analysis {:.1} ms", code.len() / 1000, best * 1e3);
    }
}
