//! The timing the benches share: the best wall time of a few runs.

use std::time::Instant;

/// Seconds of the fastest of `runs` runs of `f` (its result kept alive).
pub fn best_of<T>(runs: usize, mut f: impl FnMut() -> T) -> f64 {
    (0..runs)
        .map(|_| {
            let start = Instant::now();
            std::hint::black_box(f());
            start.elapsed().as_secs_f64()
        })
        .fold(f64::INFINITY, f64::min)
}
