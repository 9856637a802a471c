# Shared by benches/e2e.sh and benches/soak.sh (sourced): builds the e2e hyper server
# (examples/e2e_server.rs) in release mode and starts it.

command -v wrk >/dev/null || { echo "wrk is not installed (apt-get install -y wrk)" >&2; exit 1; }
cargo build --release --example e2e_server 2>/dev/null
target_dir=$(cargo metadata --format-version 1 --no-deps | sed 's/.*"target_directory":"\([^"]*\)".*/\1/')
server="$target_dir/release/examples/e2e_server"

# start_server MODE PORT: starts the server (`--cors`, `--tower-http` or `--bare` as MODE
# without dashes) in the background, waits until it answers, and sets $server_pid.
start_server() {
  "$server" "--$1" "$2" 2>/dev/null &
  server_pid=$!
  for _ in $(seq 50); do
    curl -s -o /dev/null "http://127.0.0.1:$2/" && break
    sleep 0.1
  done
}

# stop_server: stops the server start_server started.
stop_server() {
  kill "$server_pid"
  wait "$server_pid" 2>/dev/null || true
}
