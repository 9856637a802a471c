//! Building a policy: time and memory of `build()` for 1k to 1M exact origins and subdomain
//! patterns (`https://*.tenant-N.example.com`), and the decision's cost at each size. Prints a
//! Markdown table; run with `cargo bench --all-features --bench build` (about a minute).

#![allow(missing_docs)]

use std::hint::black_box;
use std::time::Instant;

use http::{HeaderMap, HeaderValue, Method, header};
use tower_cors::CorsPolicy;

fn origins(n: usize, pattern: bool) -> Vec<String> {
    (0..n)
        .map(|i| match pattern {
            true => format!("https://*.tenant-{i}.example.com"),
            false => format!("https://tenant-{i}.example.com"),
        })
        .collect()
}

fn main() {
    // `cargo test --benches` passes `--bench`; only a real run measures.
    let sizes: &[usize] = if std::env::args().any(|a| a == "--bench") {
        &[1_000, 10_000, 100_000, 1_000_000]
    } else {
        &[1_000]
    };
    println!("| entries | kind | build | memory held | decision (allowed, last entry) |");
    println!("|---:|---|---:|---:|---:|");
    for &n in sizes {
        for pattern in [false, true] {
            let list = origins(n, pattern);
            let started = Instant::now();
            let mut policy = None;
            let info = allocation_counter::measure(|| {
                policy = Some(
                    CorsPolicy::builder()
                        .allow_origins(list.iter().cloned())
                        .build()
                        .expect("the list builds"),
                );
            });
            let build = started.elapsed();
            let policy = policy.expect("built");
            let last = if pattern {
                format!("https://a.tenant-{}.example.com", n - 1)
            } else {
                list[n - 1].clone()
            };
            let mut request = HeaderMap::new();
            request.insert(header::ORIGIN, HeaderValue::from_str(&last).unwrap());
            let rounds = 1_000_000;
            let started = Instant::now();
            for _ in 0..rounds {
                assert!(
                    black_box(&policy)
                        .evaluate(&Method::GET, black_box(&request))
                        .is_allowed()
                );
            }
            let decision = started.elapsed() / rounds;
            println!(
                "| {n} | {} | {:.1} ms | {:.1} MiB | {} ns |",
                if pattern {
                    "`*.` patterns"
                } else {
                    "exact origins"
                },
                build.as_secs_f64() * 1e3,
                info.bytes_current as f64 / (1024.0 * 1024.0),
                decision.as_nanos()
            );
        }
    }
}
