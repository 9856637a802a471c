//! Shared by the tests: a private PostgreSQL server, a small HTTP client, instances of the
//! `fleet` example, and waiting for a condition.
#![allow(dead_code, unreachable_pub)] // each test uses a part; `pub` for the sibling modules

pub mod fleet;
pub mod http;
pub mod postgres;

use std::time::{Duration, Instant};

/// Waits until `done` holds, checking every 2 ms; how long it took. Panics after `limit`
/// (generous: a wait, not a measurement).
pub fn wait_until(limit: Duration, what: &str, mut done: impl FnMut() -> bool) -> Duration {
    let start = Instant::now();
    while !done() {
        assert!(start.elapsed() < limit, "not within {limit:?}: {what}");
        std::thread::sleep(Duration::from_millis(2));
    }
    start.elapsed()
}

/// The `q`-quantile of `samples` (sorted in place), nearest rank.
pub fn quantile(samples: &mut [Duration], q: f64) -> Duration {
    samples.sort_unstable();
    let rank = ((q * samples.len() as f64).ceil() as usize).clamp(1, samples.len());
    samples[rank - 1]
}

/// The resident memory of process `pid` (`VmRSS`), in KiB.
pub fn rss_kib(pid: u32) -> u64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap()
}

/// The configuration of the in-process sources: credentials on, as in the `fleet` example.
pub fn base() -> tower_cors::CorsConfig {
    tower_cors::CorsConfig::new()
        .allow_credentials(true)
        .allow_methods(["PUT", "DELETE"])
        .allow_headers(["content-type"])
}

/// Creates the table and its trigger with `psql`, as an operator's migration would.
pub fn migrate(pg: &postgres::Postgres) {
    pg.psql(&tower_cors_postgres::Table::default().migration_sql());
}
