#!/usr/bin/env bash
# Instructions per request of each layer option (benches/options.rs) against the layer
# without options, counted by callgrind. Prints a Markdown table (and writes it to $OUT).
#
#   benches/options.sh
set -euo pipefail
cd "$(dirname "$0")/.."
N=${N:-2000}
OUT=${OUT:-target/options.md}
bin=$(cargo bench --no-run --all-features --bench options --message-format=json 2>/dev/null \
  | grep -o '"executable":"[^"]*options-[^"]*"' | tail -1 | cut -d'"' -f4)
[ -x "$bin" ] || { echo "could not build the options binary" >&2; exit 1; }
mkdir -p "$(dirname "$OUT")"
count() { # case option -> instructions per call
  valgrind --tool=callgrind --toggle-collect='*measured*' --callgrind-out-file=/dev/null \
    "$bin" --measure "$1" "$2" "$N" 2>&1 \
    | awk -v n="$N" '/Collected :/ { printf "%.0f", $NF / n }'
}
{
  echo "| case | off | outcome | metrics, no-op recorder | candidate | per tenant, 1 of 1,000 |"
  echo "|---|---:|---:|---:|---:|---:|"
  for case in $("$bin" --list); do
    off=$(count "$case" off); o=$(count "$case" outcome)
    m=$(count "$case" metrics-noop); c=$(count "$case" candidate); t=$(count "$case" tenant-of-1000)
    awk -v c="$case" -v off="$off" -v o="$o" -v m="$m" -v k="$c" -v t="$t" \
      'BEGIN { printf "| %s | %d | %d (%+d) | %d (%+d) | %d (%+d) | %d (%+d) |\n", c, off, o, o - off, m, m - off, k, k - off, t, t - off }'
  done
} | tee "$OUT"
