#!/usr/bin/env bash
# What a CORS layer adds to an application's clean release build: a small axum 0.8 application
# (axum, tokio "full", serde derive, serde_json; one route) built alone, with tower-http's
# CorsLayer, and with tower-cors (default features, from this tree), each from a clean target
# directory, one after another, ROUNDS times (default 2). Prints a Markdown table of wall
# times and each layer's added time against the application alone, and the crate counts.
#
#   benches/build_weight.sh            # about 6 minutes on 2 cores
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
ROUNDS=${ROUNDS:-2}
work=${WORK:-$root/target/build-weight}
mkdir -p "$work"

variant() { # name, extra dependency lines, use line, layer expression
    local dir="$work/$1"
    mkdir -p "$dir/src"
    cat > "$dir/Cargo.toml" <<TOML
[package]
name = "app-$1"
version = "0.0.0"
edition = "2024"
publish = false

[workspace]

[dependencies]
axum = "0.8"
tokio = { version = "1", features = ["full"] }
serde = { version = "1", features = ["derive"] }
serde_json = "1"
$2
TOML
    cat > "$dir/src/main.rs" <<RS
use axum::{Json, Router, routing::get};
$3

#[derive(serde::Serialize)]
struct Hello {
    message: &'static str,
}

#[tokio::main]
async fn main() {
    let app = Router::new().route("/", get(|| async { Json(Hello { message: "hello" }) }));
    let app = $4;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    axum::serve(listener, app).await.unwrap();
}
RS
    # The lock file of the first build is reused, so every round builds the same versions.
    (cd "$dir" && cargo generate-lockfile -q 2>/dev/null || true)
}

variant alone "" "" "app"
variant tower-http 'tower-http = { version = "0.6", features = ["cors"] }' \
    "use tower_http::cors::CorsLayer;" \
    'app.layer(CorsLayer::new().allow_origin("https://app.example.com".parse::<axum::http::HeaderValue>().unwrap()))'
variant tower-cors "tower-cors = { path = \"$root\" }" \
    "use tower_cors::{Cors, CorsPolicy};" \
    'app.layer(Cors::new(CorsPolicy::builder().allow_origin("https://app.example.com").build().unwrap()))'

# Fetch every crate first, so that no round times a download.
for v in alone tower-http tower-cors; do
    (cd "$work/$v" && cargo fetch -q)
done

declare -A times
for round in $(seq "$ROUNDS"); do
    for v in alone tower-http tower-cors; do
        rm -rf "$work/$v/target"
        start=$(date +%s.%N)
        (cd "$work/$v" && cargo build --release -q --offline)
        end=$(date +%s.%N)
        times[$v,$round]=$(python3 -c "print(round($end - $start, 2))")
        echo "round $round, $v: ${times[$v,$round]} s" >&2
    done
done

echo "| variant | crates | $(for r in $(seq "$ROUNDS"); do printf 'run %s | ' "$r"; done)added (mean) |"
echo "|---|---:|$(for r in $(seq "$ROUNDS"); do printf -- '---:|'; done)---:|"
for v in alone tower-http tower-cors; do
    crates=$(cd "$work/$v" && cargo tree -e normal --prefix none --offline | sort -u | wc -l)
    row="| $v | $crates |"
    added=0
    for r in $(seq "$ROUNDS"); do
        row="$row $(printf '%.1f' "${times[$v,$r]}") s |"
        added=$(python3 -c "print($added + ${times[$v,$r]} - ${times[alone,$r]})")
    done
    mean=$(python3 -c "print($added / $ROUNDS)")
    if [ "$v" = alone ]; then row="$row - |"; else row="$row $(printf '%.1f' "$mean") s |"; fi
    echo "$row"
done
