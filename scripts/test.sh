#!/usr/bin/env bash
# The whole test suite, run by `npm test` after scripts/bootstrap.sh; stops at
# the first failing step and ends with one line saying PASSED or FAILED.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd -P)
cd "$repo"
export PATH="$HOME/.cargo/bin:/usr/local/go/bin:$PATH"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1

current=
step() { current=$1; echo; echo "=== test: $1"; }
on_exit() {
  local rc=$?
  ((rc == 0)) || { echo; echo "=== test: FAILED in step: $current (exit $rc)"; }
}
trap on_exit EXIT

# The `test` profile (Cargo.toml), not --release: seconds to rebuild after an
# edit instead of an LTO link per test binary, with overflow checks kept.
step "cargo test"
cargo test --workspace

step "vitest: wasm in Node, client, CLI"
npx --no-install vitest run

step "playwright: the playground in Debian's chromium"
npx --no-install playwright test

step "generated grammar is current"
scripts/check-grammar.sh

step "reproducible wasm build"
scripts/check-reproducible.sh

# The action runs the committed action/dist (action.yml), so it must be what
# the sources build: bootstrap and the vitest setup rebuilt it just now.
step "committed action/dist is current"
node action/build.mjs
if [[ -n $(git status --porcelain -- action/dist) ]]; then
  git status --short -- action/dist
  echo "action/dist differs from a fresh build: run 'npm run build --workspace action' and commit action/dist" >&2
  exit 1
fi

echo
echo "=== test: ALL PASSED"
