#!/usr/bin/env bash
# Runs every fuzz target for SECONDS seconds, one after another (one libFuzzer process at a
# time), then prints per-target executions, time, corpus size and crashes.
#
#   fuzz/run.sh 1800            # 30 minutes per target
#   TARGETS="decision" fuzz/run.sh 60
#
# Needs cargo-fuzz (`cargo install cargo-fuzz`). On a stable toolchain RUSTC_BOOTSTRAP=1 lets
# cargo-fuzz pass the nightly-only flags it needs. Logs go to $LOG_DIR (default fuzz/logs).
set -euo pipefail

SECONDS_PER_TARGET="${1:?usage: fuzz/run.sh SECONDS}"
HERE="$(cd "$(dirname "$0")" && pwd)"
cd "$HERE"
LOG_DIR="${LOG_DIR:-$HERE/logs}"
TARGETS="${TARGETS:-origin_parse config_build decision service}"
mkdir -p "$LOG_DIR"
export RUSTC_BOOTSTRAP=1

# Build once, then run the binaries directly: the whole campaign tests one build, and a
# source change in the middle of it does not trigger a rebuild.
cargo fuzz build >/dev/null
BIN_DIR="$HERE/target/$(rustc -vV | sed -n 's/^host: //p')/release"

summary="$LOG_DIR/summary.txt"
printf '%-14s %14s %10s %10s %12s %8s\n' target executions fuzz_secs wall_secs corpus_files crashes \
    | tee -a "$summary"
for target in $TARGETS; do
    log="$LOG_DIR/$target.log"
    mkdir -p "corpus/$target" "artifacts/$target"
    start=$(date +%s)
    status=0
    "$BIN_DIR/$target" -artifact_prefix="artifacts/$target/" \
        -max_total_time="$SECONDS_PER_TARGET" -print_final_stats=1 -timeout=10 \
        "corpus/$target" >"$log" 2>&1 || status=$?
    end=$(date +%s)
    execs=$(grep -o 'stat::number_of_executed_units: *[0-9]*' "$log" | tail -1 | grep -o '[0-9]*$' || true)
    fuzz_secs=$(grep -o 'Done [0-9]* runs in [0-9]* second' "$log" | tail -1 | awk '{print $5}' || true)
    corpus=$(find "corpus/$target" -type f | wc -l)
    crashes=$(find "artifacts/$target" -type f | wc -l)
    printf '%-14s %14s %10s %10s %12s %8s\n' "$target" "${execs:-?}" "${fuzz_secs:-?}" \
        "$((end - start))" "$corpus" "$crashes" \
        | tee -a "$summary"
    if [ "$status" -ne 0 ]; then
        echo "$target exited with status $status: see $log and artifacts/$target" | tee -a "$summary"
    fi
done
