#!/usr/bin/env bash
# Builds the wasm core into crate/pkg/ (gotrap.js, gotrap_bg.wasm, gotrap.d.ts),
# and the source-only core of <gotrap-snippet> into crate/pkg-source/: without
# the runtime-artifact decoders, the module rules, the rule docs, the
# gotrap.toml reader and the staged runs (cargo features `artifacts`,
# `module-rules`, `rule-docs`, `config-file` and `staged` off), compiled for size (profile `widget`). It gets wasm-opt -O,
# not -Oz: after gzip, what the page downloads, -O's output is the smaller;
# `--one-caller-inline-max-function-size 0` keeps a function called from one
# place a function of its own (inlined into its caller its code gzips worse:
# 11 KiB more on the module); `--converge` repeats -O while it still shrinks
# the module; `--low-memory-unused` lets it fold added constants into load and
# store offsets (Rust's pointer arithmetic never wraps into the first KiB,
# where the stack ends); the producers and target-features sections are read
# by nothing after wasm-bindgen (web/BENCHMARK.md, "Widget size").
# The output is byte-identical wherever the repository, cargo home, target
# directory or toolchain live (scripts/check-reproducible.sh proves it).
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd -P)
cd "$repo/crate"
export PATH="$HOME/.cargo/bin:$PATH"

# wasm-pack runs the first wasm-opt on PATH: it must be binaryen 132 from npm.
# Debian's binaryen (108) silently produces a module that fails to load, and
# without any wasm-opt wasm-pack tries to download one (offline here).
wasm_opt_bin="$repo/node_modules/.bin"
if [[ ! -x "$wasm_opt_bin/wasm-opt" ]]; then
  echo "build-wasm: $wasm_opt_bin/wasm-opt missing; run scripts/bootstrap.sh (npm ci)" >&2
  exit 1
fi
export PATH="$wasm_opt_bin:$PATH"

# Keep machine paths out of panic messages and file!(): the repository,
# registry sources under cargo home, and the toolchain's standard library.
# (C sources get the same treatment in scripts/wasm-cc.sh.)
# CARGO_ENCODED_RUSTFLAGS (flags separated by 0x1f) keeps paths with spaces
# intact.
cargo_home=${CARGO_HOME:-$HOME/.cargo}
sysroot=$(rustc --print sysroot)
flags=("--remap-path-prefix=$repo=/gotrap" "--remap-path-prefix=$cargo_home=/cargo"
  "--remap-path-prefix=$sysroot=/rustc")
CARGO_ENCODED_RUSTFLAGS=$(IFS=$'\x1f'; echo "${flags[*]}")
export CARGO_ENCODED_RUSTFLAGS

wasm-pack build --target web --release --out-dir "$repo/crate/pkg" --out-name gotrap

target_dir=${CARGO_TARGET_DIR:-$repo/target}
cargo build --lib --target wasm32-unknown-unknown --profile widget --no-default-features
wasm-bindgen --target web --out-dir "$repo/crate/pkg-source" --out-name gotrap "$target_dir/wasm32-unknown-unknown/widget/gotrap.wasm"
wasm-opt --low-memory-unused -O --one-caller-inline-max-function-size 0 --converge --strip-producers --strip-target-features --enable-bulk-memory --enable-nontrapping-float-to-int \
  "$repo/crate/pkg-source/gotrap_bg.wasm" -o "$repo/crate/pkg-source/gotrap_bg.wasm"
