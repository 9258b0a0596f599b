//! A synthetic CPU-like profile for the memory test and the decode benchmark.

use prost::encoding::{encode_key, encode_varint, WireType};

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
pub fn synthetic(samples: u64) -> Vec<u8> {
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
