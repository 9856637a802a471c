#!/usr/bin/env bash
# Instructions per request for every case and contender (and `floor`, the least any correct
# layer must do: benches/common/floor.rs), counted by callgrind: deterministic,
# and immune to load on other cores. Prints a Markdown table (and writes it to $OUT).
#
#   benches/instructions.sh            # all cases
#   benches/instructions.sh actual/    # cases whose name starts with "actual/"
#
# Needs valgrind. Each count is (instructions in N calls) / N, after 10 warm-up calls.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-2000}
OUT=${OUT:-target/instructions.md}
FILTER=${1:-}
bin=$(cargo bench --no-run --all-features --bench instructions --message-format=json 2>/dev/null \
  | grep -o '"executable":"[^"]*instructions-[^"]*"' | tail -1 | cut -d'"' -f4)
[ -x "$bin" ] || { echo "could not build the instructions binary" >&2; exit 1; }
mkdir -p "$(dirname "$OUT")"
count() { # case contender -> instructions per call
  valgrind --tool=callgrind --toggle-collect='*measured*' --callgrind-out-file=/dev/null \
    "$bin" --measure "$1" "$2" "$N" 2>&1 \
    | awk -v n="$N" '/Collected :/ { printf "%.0f", $NF / n }'
}
{
  echo "| case | tower-cors | tower-http | bare | floor | tower-http / tower-cors | tower-cors / bare | tower-cors - floor |"
  echo "|---|---:|---:|---:|---:|---:|---:|---:|"
  for case in $("$bin" --list); do
    [[ "$case" == "$FILTER"* ]] || continue
    tc=$(count "$case" tower-cors); th=$(count "$case" tower-http); b=$(count "$case" bare)
    f=$(count "$case" floor)
    awk -v c="$case" -v tc="$tc" -v th="$th" -v b="$b" -v f="$f" \
      'BEGIN { printf "| %s | %d | %d | %d | %d | %.2fx | %.2fx | %+d |\n", c, tc, th, b, f, th / tc, tc / b, tc - f }'
  done
} | tee "$OUT"
