#!/usr/bin/env bash
# Soak test (not part of the default test run): the e2e hyper server (examples/e2e_server.rs)
# with tower-cors's layer, then without any layer, each under wrk for DURATION on loopback with
# a mix of allowed, refused, preflight, no-Origin and hostile requests (benches/soak.lua: 1 MiB
# of commas, a 64 KiB origin, 64 header lines). Resident memory is sampled every second.
#
#   benches/soak.sh                 # 60 s per server
#   DURATION=10 benches/soak.sh
#
# Checks, for the layer: only the statuses the mix expects (200, 204, 403) and no socket
# errors; resident memory flat: the median of the last 10 samples is less than 5% above the
# median of the 10 after the warm-up (the first 10 s; hyper's per-connection buffers for the
# 1 MiB requests make single samples swing by a few MiB, in the bare server too); p99 latency
# within 1.2x of the bare server's. Needs wrk (apt-get install -y wrk).
set -euo pipefail
cd "$(dirname "$0")/.."
DURATION=${DURATION:-60}
CONNECTIONS=${CONNECTIONS:-32}
PORT=${PORT:-18090}
WARMUP=${WARMUP:-10}
# shellcheck source=benches/server.sh
. benches/server.sh
out=$(mktemp -d)

soak() { # mode -> writes $out/<mode>.wrk and $out/<mode>.rss
  start_server "$1" "$PORT"
  local pid=$server_pid
  : > "$out/$1.rss"
  ( for _ in $(seq "$DURATION"); do
      awk '/VmRSS/ { print $2 }' "/proc/$pid/status" >> "$out/$1.rss" 2>/dev/null || true
      sleep 1
    done ) &
  local sampler=$!
  wrk -t2 -c"$CONNECTIONS" -d"${DURATION}s" --latency -s benches/soak.lua \
    "http://127.0.0.1:$PORT/" > "$out/$1.wrk"
  wait "$sampler" || true
  stop_server
}

soak cors
soak bare
field() { sed -n "s/.*$2=\([0-9]*\).*/\1/p" "$out/$1.wrk" | head -1; }
rss_after_warmup() { tail -n +"$((WARMUP + 1))" "$out/$1.rss"; }
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
early() { rss_after_warmup "$1" | head -10 | median; }
late() { tail -10 "$out/$1.rss" | median; }
growth=$(awk -v a="$(early cors)" -v b="$(late cors)" 'BEGIN { printf "%.1f", 100 * (b - a) / a }')
p99_cors=$(field cors p99_us)
p99_bare=$(field bare p99_us)
ratio=$(awk -v a="$p99_cors" -v b="$p99_bare" 'BEGIN { printf "%.2f", a / b }')
statuses=$(sed -n 's/^statuses: //p' "$out/cors.wrk")
errors=$(sed -n 's/^errors: //p' "$out/cors.wrk")
echo "| server | requests in ${DURATION} s | p50 | p99 | statuses | socket errors | RSS (KiB): median after warm-up → median at the end (peak) |"
echo "|---|---:|---:|---:|---|---|---|"
for mode in cors bare; do
  p=$(rss_after_warmup "$mode" | sort -n | tail -1)
  echo "| $mode | $(field "$mode" requests) | $(field "$mode" p50_us) µs | $(field "$mode" p99_us) µs | $(sed -n 's/^statuses: //p' "$out/$mode.wrk") | $(sed -n 's/^errors: //p' "$out/$mode.wrk") | $(early "$mode") → $(late "$mode") ($p) |"
done
echo
echo "layer: RSS growth after warm-up ${growth}% (limit 5%), p99 ${ratio}x the bare server's (limit 1.2x)"
fail=0
unexpected=$(echo "$statuses" | tr ' ' '\n' | grep -v -E '^(200|204|403)=' | grep -v '^$' || true)
[ -z "$unexpected" ] || { echo "FAIL: unexpected statuses: $unexpected"; fail=1; }
echo "$errors" | grep -q -E '^connect=0 read=0 write=0 timeout=0 status=' || { echo "FAIL: socket errors: $errors"; fail=1; }
awk -v g="$growth" 'BEGIN { exit !(g < 5) }' || { echo "FAIL: memory grew ${growth}%"; fail=1; }
awk -v r="$ratio" 'BEGIN { exit !(r <= 1.2) }' || { echo "FAIL: p99 ${ratio}x the bare server's"; fail=1; }
rm -rf "$out"
exit "$fail"
