//! Instructions per request for each of the layer's options, against the same layer without
//! them: off (the plain `Cors::new`), outcomes recorded, metrics with a recorder that does
//! nothing, a candidate policy judged beside, and the same policy chosen per tenant among
//! 1,000 (`per_tenant`: the cost of choosing). `benches/options.sh` runs this binary under
//! callgrind, counting only the calls (`measured`).
//!
//! - `options --list`: the cases;
//! - `options --measure CASE OPTION N`: N calls with OPTION (`off`, `outcome`,
//!   `metrics-noop`, `candidate`).

#![allow(missing_docs)]

use tower::Layer;
use tower_cors::{Cors, CorsConfig, CorsPolicy, TenantPolicies};

mod common;
use common::{Bare, Template, drive, measured};

const OPTIONS: [&str; 5] = [
    "off",
    "outcome",
    "metrics-noop",
    "candidate",
    "tenant-of-1000",
];

/// Case name, the request.
fn cases() -> Vec<(&'static str, Template)> {
    vec![
        (
            "actual/allowed",
            Template::new(false, Some("https://app.example.com")),
        ),
        (
            "actual/refused",
            Template::new(false, Some("https://evil.test")),
        ),
        (
            "preflight/allowed",
            Template::new(true, Some("https://app.example.com")),
        ),
        ("actual/no-origin", Template::new(false, None)),
    ]
}

fn policy() -> CorsPolicy {
    CorsConfig::new()
        .allow_origin("https://app.example.com")
        .allow_origin("https://*.example.com")
        .allow_method("PUT")
        .build()
        .expect("a valid policy")
}

fn layer(option: &str) -> Cors {
    let cors = Cors::new(policy());
    match option {
        "off" => cors,
        "outcome" => cors.record_outcomes(),
        // No recorder is installed: every count goes to the facade's no-op recorder.
        "metrics-noop" => cors.record_metrics(),
        "candidate" => cors
            .with_candidate(
                CorsConfig::new().allow_origin("https://app.example.com"),
                100,
            )
            .expect("a valid candidate"),
        // Requests go to `/t500/...`: one tenant among 1,000, each with the same policy.
        "tenant-of-1000" => {
            let tenants = TenantPolicies::new();
            tenants.replace_all((0..1000).map(|i| (format!("t{i}"), policy())));
            Cors::new(CorsConfig::same_origin_only().build().expect("valid"))
                .per_tenant(&tenants, |uri, _| uri.path().split('/').nth(1))
        }
        other => panic!("unknown option {other}"),
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.first().map(String::as_str) {
        Some("--list") => {
            for (name, _) in cases() {
                println!("{name}");
            }
        }
        Some("--measure") => {
            let (case, option, n) = (&args[1], &args[2], args[3].parse().expect("N"));
            let template = cases()
                .into_iter()
                .find(|(name, _)| name == case)
                .map(|(_, t)| t)
                .expect("a known case");
            let mut service = layer(option).layer(Bare::new());
            let request = || {
                let mut request = template.request();
                *request.uri_mut() = http::Uri::from_static("/t500/items");
                request
            };
            for _ in 0..10 {
                drop(drive(&mut service, request()));
            }
            measured(&mut service, (0..n).map(|_| request()).collect());
        }
        // As `cargo bench` runs it: every option once on every case, answers compared.
        _ => {
            for (name, template) in cases() {
                let answers: Vec<String> = OPTIONS
                    .iter()
                    .map(|option| {
                        let mut request = template.request();
                        *request.uri_mut() = http::Uri::from_static("/t500/items");
                        let response = drive(&mut layer(option).layer(Bare::new()), request);
                        format!("{} {:?}", response.status(), response.headers())
                    })
                    .collect();
                assert!(
                    answers.windows(2).all(|w| w[0] == w[1]),
                    "{name}: {answers:?}"
                );
                println!("{name}: the options answer alike");
            }
        }
    }
}
