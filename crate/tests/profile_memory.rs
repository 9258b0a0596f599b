//! Peak memory of decoding a profile stays within 4× its inflated size: the
//! decoder keeps samples as offsets into the inflated buffer instead of
//! prost-derived structs. Measured with a counting global allocator (this
//! file is its own test binary so no other test allocates meanwhile).

use std::alloc::{GlobalAlloc, Layout, System};
use std::io::Write;
use std::sync::atomic::{AtomicUsize, Ordering};

use prost::encoding::{encode_key, encode_varint, WireType};

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

fn message(out: &mut Vec<u8>, field: u32, body: &[u8]) {
    encode_key(field, WireType::LengthDelimited, out);
    encode_varint(body.len() as u64, out);
    out.extend_from_slice(body);
}

fn varint(out: &mut Vec<u8>, field: u32, value: u64) {
    encode_key(field, WireType::Varint, out);
    encode_varint(value, out);
}

/// A CPU-like profile: 2,000 functions and locations, `samples` stacks of 24 frames.
fn synthetic(samples: u64) -> Vec<u8> {
    let mut out = Vec::new();
    let mut strings = vec![String::new(), "samples".into(), "count".into(), "cpu".into(), "nanoseconds".into(), "main.go".into()];
    for (t, u) in [(1, 2), (3, 4)] {
        let mut m = Vec::new();
        varint(&mut m, 1, t);
        varint(&mut m, 2, u);
        message(&mut out, 1, &m);
    }
    for id in 1..=2000u64 {
        strings.push(format!("example.com/pkg{}.Function{id}", id % 37));
        let mut f = Vec::new();
        varint(&mut f, 1, id);
        varint(&mut f, 2, strings.len() as u64 - 1);
        varint(&mut f, 4, 5);
        message(&mut out, 5, &f);
        let mut line = Vec::new();
        varint(&mut line, 1, id);
        varint(&mut line, 2, id % 400 + 1);
        let mut l = Vec::new();
        varint(&mut l, 1, id);
        varint(&mut l, 3, 0x401000 + id * 16);
        message(&mut l, 4, &line);
        message(&mut out, 4, &l);
    }
    let mut state = 0x2545_f491_4f6c_dd1du64;
    for _ in 0..samples {
        let mut packed = Vec::new();
        for _ in 0..24 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            encode_varint(state % 2000 + 1, &mut packed);
        }
        let mut s = Vec::new();
        message(&mut s, 1, &packed);
        let mut values = Vec::new();
        encode_varint(1 + state % 3, &mut values);
        encode_varint(10_000_000 * (1 + state % 3), &mut values);
        message(&mut s, 2, &values);
        message(&mut out, 2, &s);
    }
    for s in &strings {
        message(&mut out, 6, s.as_bytes());
    }
    out
}

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
