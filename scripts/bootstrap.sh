#!/usr/bin/env bash
# One idempotent set-up, run first by `npm start` and `npm test`: installs what
# is missing on a fresh Debian 12 machine (with Rust via rustup, Go and Node 20
# already there), skips what is present, then builds the wasm core and the
# TypeScript. Works unattended (CI=true, no stdin) as root.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd -P)
cd "$repo"
export PATH="$HOME/.cargo/bin:/usr/local/go/bin:$PATH"
export DEBIAN_FRONTEND=noninteractive
say() { echo "bootstrap: $*"; }
die() { echo "bootstrap: ERROR: $*" >&2; exit 1; }

WASM_PACK_VERSION=0.15.1
# wasm-bindgen-cli must equal the wasm-bindgen crate in Cargo.lock exactly;
# with a matching one on PATH wasm-pack downloads nothing (it cannot here).
WASM_BINDGEN_VERSION=$(awk '$0 == "name = \"wasm-bindgen\"" { getline; gsub(/version = |"/, ""); print }' Cargo.lock)
[[ -n $WASM_BINDGEN_VERSION ]] || die "no wasm-bindgen in Cargo.lock"

# Debian packages: clang and llvm (llvm-ar) compile tree-sitter's C for wasm32
# (scripts/wasm-cc.sh); chromium and chromium-driver run the browser tests,
# since no browser download works offline. Versions are those of Debian 12.
missing=()
for pkg in clang llvm chromium chromium-driver; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'ok installed' || missing+=("$pkg")
done
if ((${#missing[@]})); then
  say "apt-get install ${missing[*]}"
  sudo=(); ((EUID == 0)) || sudo=(sudo)
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" apt-get install -y -qq "${missing[@]}" </dev/null
fi

command -v go >/dev/null || die "Go is required (expected /usr/local/go/bin/go)"
command -v rustup >/dev/null || die "Rust is required: install rustup with the stable toolchain"
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

if [[ $(wasm-pack --version 2>/dev/null) != "wasm-pack $WASM_PACK_VERSION" ]]; then
  say "cargo install wasm-pack $WASM_PACK_VERSION (about 4 min)"
  cargo install wasm-pack --version "$WASM_PACK_VERSION" --locked
fi
# Not --locked: the lock file published with wasm-bindgen-cli 0.2.130 pins a
# webpki-roots release that crates.io no longer offers.
if [[ $(wasm-bindgen --version 2>/dev/null) != "wasm-bindgen $WASM_BINDGEN_VERSION" ]]; then
  say "cargo install wasm-bindgen-cli $WASM_BINDGEN_VERSION (about 3 min)"
  cargo install wasm-bindgen-cli --version "$WASM_BINDGEN_VERSION"
fi

# tree-sitter generate regenerates crate/grammar/src from grammar.js; the test
# suite checks the committed parser is current. The npm package downloads a
# binary (which fails offline); the crate builds from source.
TREE_SITTER_CLI_VERSION=0.27.1
if [[ $(tree-sitter --version 2>/dev/null | awk '{print $2}') != "$TREE_SITTER_CLI_VERSION" ]]; then
  say "cargo install tree-sitter-cli $TREE_SITTER_CLI_VERSION (about 5 min)"
  cargo install tree-sitter-cli --version "$TREE_SITTER_CLI_VERSION" --locked
fi

# npm 11 runs no dependency install scripts unless allowed in package.json;
# none is needed (binaries such as esbuild's come as optional dependencies).
# Playwright drives Debian's chromium and must never download a browser.
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  say "npm ci"
  npm ci --no-audit --no-fund
fi

# Rebuild the wasm only when its inputs or tools changed: even with nothing to
# compile, wasm-pack re-runs wasm-bindgen and wasm-opt (15-30 s on 2 cores).
stamp=target/wasm-inputs.sha256
inputs=$({
  rustc --version; clang --version; wasm-pack --version; wasm-bindgen --version; node_modules/.bin/wasm-opt --version
  find Cargo.toml Cargo.lock .cargo crate scripts/wasm-cc.sh scripts/build-wasm.sh \
    \( -path crate/pkg -o -path crate/pkg-source \) -prune -o -type f -print0 | sort -z | xargs -0 sha256sum
} | sha256sum)
if [[ -f crate/pkg/gotrap_bg.wasm && -f crate/pkg-source/gotrap_bg.wasm && -f $stamp && $(<"$stamp") == "$inputs" ]]; then
  say "wasm core up to date"
else
  say "building the wasm core (scripts/build-wasm.sh)"
  scripts/build-wasm.sh
  mkdir -p target && echo "$inputs" >"$stamp"
fi

say "npm run build"
npm run build --silent
say "ready"
