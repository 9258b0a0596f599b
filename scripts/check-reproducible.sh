#!/usr/bin/env bash
# Proves the wasm build is reproducible: builds crate/pkg from two copies of
# the work tree (tracked and untracked, not ignored, files) at paths of
# different lengths, each with its own target directory, and fails unless the
# outputs are byte-identical.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd -P)

# The copies live at fixed paths under target/: build-wasm.sh puts the source
# path into RUSTFLAGS, and a changed RUSTFLAGS rebuilds every dependency, so
# stable paths keep a re-run down to rebuilding the gotrap crate.
work="$repo/target/reproducible"
copies=("$work/a" "$work/copy-at-a-longer-path")
# Copy both before building either, so that both see the same sources.
for dir in "${copies[@]}"; do
  rm -rf "$dir"
  mkdir -p "$dir"
  (cd "$repo" && git ls-files -z -co --exclude-standard |
    while IFS= read -r -d '' f; do [[ -e $f ]] && printf '%s\0' "$f"; done |
    tar --null -T - -cf -) | tar -xf - -C "$dir"
  ln -s "$repo/node_modules" "$dir/node_modules"  # wasm-opt (npm binaryen)
done
for dir in "${copies[@]}"; do
  echo "check-reproducible: building in $dir"
  CARGO_TARGET_DIR="$dir.target" "$dir/scripts/build-wasm.sh" >"$dir.log" 2>&1 ||
    { cat "$dir.log"; exit 1; }
done

# The full core (crate/pkg) and the widget's source-only core (crate/pkg-source).
for pkg in crate/pkg crate/pkg-source; do
  a="${copies[0]}/$pkg"
  b="${copies[1]}/$pkg"
  (cd "$a" && sha256sum gotrap_bg.wasm gotrap.js)
  if diff -r "$a" "$b"; then
    echo "check-reproducible: OK, both copies built byte-identical $pkg"
  else
    echo "check-reproducible: FAILED, the outputs in $pkg differ" >&2
    exit 1
  fi
done
