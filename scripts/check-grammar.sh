#!/usr/bin/env bash
# crate/grammar/src is generated from crate/grammar/grammar.js: regenerate it
# in a scratch copy with the pinned tree-sitter CLI and fail on any difference.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd -P)
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
cp -r "$repo/crate/grammar/." "$scratch/"
(cd "$scratch" && tree-sitter generate 2>&1 | grep -v "both a supertype and inlined" || true)
for file in parser.c grammar.json node-types.json; do
  if ! cmp -s "$scratch/src/$file" "$repo/crate/grammar/src/$file"; then
    echo "check-grammar: crate/grammar/src/$file is stale: run 'tree-sitter generate' in crate/grammar" >&2
    exit 1
  fi
done
echo "check-grammar: crate/grammar/src matches grammar.js"
