#!/usr/bin/env bash
# End to end: throughput of a hyper 1.x server on 127.0.0.1 with tower-cors's layer, with
# tower-http's CorsLayer and without any CORS layer (examples/e2e_server.rs), loaded by wrk
# from a second process with an allowed cross-origin GET. The modes alternate within every
# repetition, so that load drifting on the machine weighs on them alike; the figure is the
# median over the repetitions.
#
#   benches/e2e.sh                      # 5 repetitions of 10 s per mode
#   REPS=3 DURATION=5s benches/e2e.sh
#
# Needs wrk (apt-get install -y wrk).
set -euo pipefail
cd "$(dirname "$0")/.."
REPS=${REPS:-5}
DURATION=${DURATION:-10s}
CONNECTIONS=${CONNECTIONS:-32}
PORT=${PORT:-18080}
# shellcheck source=benches/server.sh
. benches/server.sh
declare -A results
run() { # mode -> requests per second
  start_server "$1" "$PORT"
  wrk -t1 -c"$CONNECTIONS" -d"$DURATION" -H 'Origin: https://example.com' \
    "http://127.0.0.1:$PORT/" | awk '/Requests\/sec/ { print $2 }'
  stop_server
}
modes=(bare cors tower-http)
for rep in $(seq "$REPS"); do
  # Rotate the order of the modes from one repetition to the next.
  for k in 0 1 2; do
    mode=${modes[$(( (rep + k) % 3 ))]}
    rps=$(run "$mode")
    results[$mode]="${results[$mode]:-} $rps"
    echo "repetition $rep: $mode $rps requests/s" >&2
  done
done
median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
bare=$(echo "${results[bare]}" | median)
# Per repetition, the three modes ran back to back: the median of the per-repetition ratios
# is the figure least sensitive to load drifting between repetitions.
ratio() { # mode -> median over repetitions of mode / bare
  paste <(echo "${results[$1]}" | tr ' ' '\n' | grep -v '^$') \
        <(echo "${results[bare]}" | tr ' ' '\n' | grep -v '^$') \
    | awk '{ print $1 / $2 }' | median
}
echo "| server | requests/s (median of $REPS × $DURATION) | all repetitions | median vs bare | median of per-repetition ratios |"
echo "|---|---:|---|---:|---:|"
for mode in bare cors tower-http; do
  m=$(echo "${results[$mode]}" | median)
  r=$(ratio "$mode")
  awk -v n="$mode" -v m="$m" -v b="$bare" -v r="$r" -v all="${results[$mode]}" \
    'BEGIN { printf "| %s | %.0f | %s | %.1f%% | %.1f%% |\n", n, m, all, 100 * m / b, 100 * r }'
done
