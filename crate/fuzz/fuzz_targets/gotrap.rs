//! One libFuzzer binary for every input kind: `GOTRAP_FUZZ_TARGET` names the
//! entry of `targets::TARGETS` to run (`scripts/fuzz.sh` sets it), so a new
//! kind is one line in that table and needs no new binary.

#![no_main]

#[path = "../targets.rs"]
mod targets;

use std::sync::OnceLock;

static TARGET: OnceLock<fn(&[u8])> = OnceLock::new();

libfuzzer_sys::fuzz_target!(
    init: {
        let name = std::env::var("GOTRAP_FUZZ_TARGET").unwrap_or_default();
        let names: Vec<&str> = targets::TARGETS.iter().map(|(name, _)| *name).collect();
        let Some((_, run)) = targets::TARGETS.iter().find(|(target, _)| *target == name) else {
            panic!("GOTRAP_FUZZ_TARGET must name a target, one of {}; got {name:?}", names.join(", "));
        };
        TARGET.set(*run).expect("set once");
    },
    |data: &[u8]| (TARGET.get().expect("init ran"))(data)
);
