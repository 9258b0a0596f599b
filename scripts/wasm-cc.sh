#!/bin/sh
# C compiler for wasm32-unknown-unknown, wired in .cargo/config.toml.
# - tree-sitter-go's parser.c includes <stdlib.h>, but wasm32-unknown-unknown
#   has no libc; tree-sitter-language exports the directory of its small wasm
#   libc headers to the build scripts of crates depending on it.
# - -ffile-prefix-map rewrites the repository and cargo home (registry
#   sources) in __FILE__ and debug info, so the wasm does not depend on where
#   the repository or cargo live.
set -eu
repo=$(cd "$(dirname "$0")/.." && pwd -P)
cargo_home=${CARGO_HOME:-$HOME/.cargo}
if [ -n "${DEP_TREE_SITTER_LANGUAGE_WASM_HEADERS:-}" ]; then
  set -- -isystem "$DEP_TREE_SITTER_LANGUAGE_WASM_HEADERS" "$@"
fi
exec clang -ffile-prefix-map="$repo"=/gotrap -ffile-prefix-map="$cargo_home"=/cargo "$@"
