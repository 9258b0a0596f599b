//! Peak memory of decoding a profile stays within 4× its inflated size: the
//! decoder keeps samples as offsets into the inflated buffer instead of
//! prost-derived structs. Measured with a counting global allocator (this
//! file is its own test binary so no other test allocates meanwhile).

use std::alloc::{GlobalAlloc, Layout, System};
use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};

#[path = "support/synthetic.rs"]
mod synthetic;

use synthetic::synthetic;

struct Counting;

static CURRENT: AtomicUsize = AtomicUsize::new(0);
static PEAK: AtomicUsize = AtomicUsize::new(0);

unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let now = CURRENT.fetch_add(layout.size(), Ordering::SeqCst) + layout.size();
        PEAK.fetch_max(now, Ordering::SeqCst);
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        CURRENT.fetch_sub(layout.size(), Ordering::SeqCst);
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static ALLOCATOR: Counting = Counting;

#[test]
fn decoding_peaks_under_four_times_the_inflated_size() {
    let raw = synthetic(100_000);
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    encoder.write_all(&raw).unwrap();
    let gz = encoder.finish().unwrap();
    let inflated = raw.len();
    drop(raw);

    let base = CURRENT.load(Ordering::SeqCst);
    PEAK.store(base, Ordering::SeqCst);
    let profile = gotrap::profile::decode(&gz, 64 << 20, 10_000_000).unwrap();
    let decode_peak = PEAK.load(Ordering::SeqCst) - base;
    assert_eq!(profile.sample_count(), 100_000);
    assert_eq!(profile.decoded_bytes, inflated);
    assert!(decode_peak <= 4 * inflated, "decoding peaked at {decode_peak} bytes for {inflated} inflated bytes");
    drop(profile);

    // The whole run (decode, top tables, call trees, rules, JSON) for the record.
    let base = CURRENT.load(Ordering::SeqCst);
    PEAK.store(base, Ordering::SeqCst);
    let report = gotrap::analyze([("cpu.pb.gz", gz.as_slice())], &Default::default());
    let run_peak = PEAK.load(Ordering::SeqCst) - base;
    assert_eq!(report.analyses.len(), 1);
    // Random stacks share no prefix: the call tree stops growing at its bound.
    assert!(report.analyses[0].data["types"][0]["callTree"]["truncatedSamples"].as_u64().unwrap() > 0);
    assert!(run_peak <= 8 * inflated, "the whole analysis peaked at {run_peak} bytes for {inflated} inflated bytes");
    println!("inflated {inflated} B, decode peak {decode_peak} B ({:.2}x), whole analysis peak {run_peak} B", decode_peak as f64 / inflated as f64);
}
