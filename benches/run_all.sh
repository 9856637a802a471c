#!/usr/bin/env bash
# Every measurement behind BENCHMARKS.md, one after the other (never two at once), with the
# machine's load noted before each. Results go to $OUT (default target/bench-results).
#
#   benches/run_all.sh          # about 40 minutes on 2 cores
set -euo pipefail
cd "$(dirname "$0")/.."
OUT=${OUT:-target/bench-results}
mkdir -p "$OUT"
target_dir=$(cargo metadata --format-version 1 --no-deps | sed 's/.*"target_directory":"\([^"]*\)".*/\1/')
note() { echo "$(date -u +%H:%M:%S) load $(cut -d' ' -f1-3 /proc/loadavg): $*" | tee -a "$OUT/log.txt"; }
{
  echo "nproc: $(nproc)"
  grep -m1 'model name' /proc/cpuinfo
  rustc --version
  uname -r
} > "$OUT/machine.txt"
note "instructions (callgrind)"
OUT="$OUT/instructions.md" N=2000 benches/instructions.sh > /dev/null
note "criterion"
rm -rf "$target_dir/criterion"
cargo bench --all-features --bench actual --bench preflight --bench hostile --bench patterns \
  --bench cloned --bench routed -- --noplot > "$OUT/criterion.log" 2>&1
python3 benches/criterion_table.py "$target_dir/criterion" > "$OUT/criterion.md"
note "interleaved"
cargo bench --all-features --bench interleaved > "$OUT/interleaved.md" 2> /dev/null
note "build"
cargo bench --all-features --bench build > "$OUT/build.md" 2> /dev/null
note "allocations"
cargo test --release --all-features --test allocations -- --nocapture --test-threads 1 \
  > "$OUT/allocations.txt" 2>&1
note "end to end (wrk)"
benches/e2e.sh > "$OUT/e2e.md" 2> "$OUT/e2e.log"
note "done"
