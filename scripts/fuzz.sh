#!/usr/bin/env bash
# Coverage-guided fuzzing of every input kind (crate/fuzz/targets.rs) with
# cargo fuzz (libFuzzer, nightly). The committed corpora and crash inputs are
# replayed on stable by `cargo test` (crate/tests/fuzz_corpora.rs).
#
#   scripts/fuzz.sh list                      the targets
#   scripts/fuzz.sh seed                      add seed inputs from the fixtures and artifacts to crate/fuzz/corpus/
#   scripts/fuzz.sh run SECONDS [TARGET...]   a campaign of SECONDS per target, one target at a time (default: all)
#   scripts/fuzz.sh merge [TARGET...]         minimise the committed corpora (keeps inputs that add coverage)
#
# Each campaign starts from the committed corpus, keeps new inputs in
# target/fuzz/corpus/TARGET, writes crashes, hangs (-timeout) and inputs over
# the memory limit (-rss_limit_mb) to crate/fuzz/artifacts/TARGET/, and its
# log to target/fuzz/logs/TARGET.log; the last lines say the executions, the
# time and what was found. A crash fixed in the core is committed to
# crate/fuzz/regressions/TARGET/ with a test beside the fix.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd -P)
cd "$repo"
export PATH="$HOME/.cargo/bin:/usr/local/go/bin:$PATH"
export CARGO_TARGET_DIR="$repo/target/fuzz"
fuzz="$repo/crate/fuzz"
say() { echo "fuzz: $*"; }
die() { echo "fuzz: ERROR: $*" >&2; exit 1; }

targets() { sed -n 's/^    ("\([a-z_0-9]*\)", .*/\1/p' "$fuzz/targets.rs"; }

setup() {
  rustup toolchain list | grep -q '^nightly' || { say "rustup toolchain install nightly"; rustup toolchain install nightly --profile minimal; }
  command -v cargo-fuzz >/dev/null || { say "cargo install cargo-fuzz (about 3 min)"; cargo install cargo-fuzz --locked; }
  say "building the fuzz binary"
  (cd "$repo/crate" && cargo +nightly fuzz build gotrap)
  mkdir -p "$CARGO_TARGET_DIR/logs"
}

# The binary `setup` built, run directly: `cargo fuzz run` would rebuild it
# before each target whenever a source changed meanwhile.
fuzzer() { GOTRAP_FUZZ_TARGET=$1 "$CARGO_TARGET_DIR/x86_64-unknown-linux-gnu/release/gotrap" "${@:2}"; }

# Adds a file to a corpus folder under its SHA-1 (libFuzzer's naming), so
# re-seeding adds nothing twice.
add() {
  local dir="$fuzz/corpus/$1" file=$2
  mkdir -p "$dir"
  [[ -s $file ]] && cp "$file" "$dir/$(sha1sum "$file" | cut -c1-40)"
  return 0
}

seed() {
  local scratch
  scratch=$(mktemp -d)
  trap 'rm -rf "$scratch"' RETURN
  for archive in crate/tests/fixtures/rules/*.txtar; do
    add analyze "$archive"
    rm -rf "$scratch"/sections && mkdir "$scratch"/sections
    # One file per section: `-- name --` starts section n.
    awk -v out="$scratch/sections" '
      /^-- .* --$/ { n++; name = substr($0, 4, length($0) - 6); sub(/.*\//, "", name); file = out "/" n "." name; next }
      n { print > file }' "$archive"
    for section in "$scratch"/sections/*; do
      [[ -e $section ]] || continue
      case $section in
        *.go) add go_source "$section" ;;
        *.go.mod) add gomod "$section" ;;
        *.go.sum) add gosum "$section" ;;
        *.go.work) add gowork "$section" ;;
        *.gotrap.toml) add config "$section" ;;
      esac
    done
  done
  for file in tests/artifacts/programs/*/main.go tests/artifacts/oracle/main.go; do add go_source "$file"; done
  for file in tests/artifacts/programs/go.mod tests/artifacts/oracle/go.mod; do add gomod "$file"; done
  add gosum tests/artifacts/oracle/go.sum
  for profile in tests/artifacts/profiles/*.pb.gz; do
    add pprof_gzip "$profile"
    gzip -dc "$profile" >"$scratch/profile" && add pprof "$scratch/profile"
  done
  for log in tests/artifacts/gctrace/*.log; do add gctrace "$log"; done
  for text in tests/artifacts/dumps/*.txt tests/artifacts/crashes/*.txt; do add dump "$text"; done
  for text in tests/artifacts/escape/*.txt; do add escape "$text"; done
  for text in tests/artifacts/bench/*.txt; do add bench "$text"; done
  # The example of the README.
  awk '/^```toml$/ { on = 1; next } /^```$/ { on = 0 } on' README.md >"$scratch/gotrap.toml"
  add config "$scratch/gotrap.toml"
  for target in $(targets); do say "$target: $(find "$fuzz/corpus/$target" -type f 2>/dev/null | wc -l) inputs"; done
}

check_target() { targets | grep -qx "$1" || die "unknown target $1 (scripts/fuzz.sh list)"; }

run() {
  local seconds=$1
  shift
  [[ $seconds =~ ^[0-9]+$ ]] || die "run SECONDS [TARGET...]"
  local list=("$@")
  ((${#list[@]})) || mapfile -t list < <(targets)
  setup
  for target in "${list[@]}"; do
    check_target "$target"
    local work="$CARGO_TARGET_DIR/corpus/$target" log="$CARGO_TARGET_DIR/logs/$target.log"
    mkdir -p "$work" "$fuzz/artifacts/$target" "$fuzz/corpus/$target"
    say "$target: $seconds s (log $log)"
    local status=0
    fuzzer "$target" "$work" "$fuzz/corpus/$target" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
      -print_final_stats=1 -artifact_prefix="$fuzz/artifacts/$target/" >"$log" 2>&1 || status=$?
    local execs
    execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
    say "$target: exit $status, ${execs:-?} executions, $(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1) exec/s, corpus $(find "$work" -type f | wc -l) new"
    if ((status != 0)); then
      grep -E '^(==[0-9]+== ERROR|SUMMARY|thread .* panicked|artifact_prefix|Test unit written)' "$log" | head -5 || true
    fi
  done
}

merge() {
  local list=("$@")
  ((${#list[@]})) || mapfile -t list < <(targets)
  setup
  for target in "${list[@]}"; do
    check_target "$target"
    local merged="$CARGO_TARGET_DIR/merged/$target"
    rm -rf "$merged" && mkdir -p "$merged"
    fuzzer "$target" "$merged" "$fuzz/corpus/$target" "$CARGO_TARGET_DIR/corpus/$target" -merge=1 -timeout=10 -rss_limit_mb=2048 -max_len=65536 \
      >"$CARGO_TARGET_DIR/logs/$target.merge.log" 2>&1
    rm -rf "$fuzz/corpus/$target" && mv "$merged" "$fuzz/corpus/$target"
    say "$target: $(find "$fuzz/corpus/$target" -type f | wc -l) inputs, $(du -sk "$fuzz/corpus/$target" | cut -f1) KiB"
  done
}

case ${1:-} in
  list) targets ;;
  seed) seed ;;
  run) shift; run "$@" ;;
  merge) shift; merge "$@" ;;
  *) die "usage: scripts/fuzz.sh list|seed|run SECONDS [TARGET...]|merge [TARGET...]" ;;
esac
