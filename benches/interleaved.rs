//! Time per request, with the three contenders interleaved at a fine grain: for every case,
//! 101 rounds, each timing a chunk of 1,000 calls of every contender (in a rotating order),
//! and the median of each contender's chunks. Load that drifts (another process on the other
//! core) then weighs on the three alike, so the ratios hold even when absolute times move.
//! Criterion's runs (`actual.rs`, `preflight.rs`, …) interleave per case only.
//!
//! `cargo bench --bench interleaved [-- FILTER]` prints a Markdown table (ns per call, and
//! the ratios tower-http / tower-cors and tower-cors / bare).

#![allow(missing_docs)]

use std::hint::black_box;
use std::time::Instant;

use http::{Request, Response};
use tower::Service;

mod common;
use common::{AxumApp, CONTENDERS, Case, Contender, Contenders, Routed, Trio, Visit, drive};

const ROUNDS: usize = 101;
const CHUNK: usize = 1_000;

/// Times a chunk of calls of one contender: ns per call.
struct Chunk<'c>(&'c Case);

impl Visit for Chunk<'_> {
    type Output = f64;

    fn visit<S, B>(&mut self, _: &'static str, service: &mut S) -> f64
    where
        S: Service<Request<()>, Response = Response<B>> + Clone,
        S::Error: std::fmt::Debug,
    {
        let requests: Vec<_> = (0..CHUNK).map(|_| self.0.template.request()).collect();
        let start = Instant::now();
        for request in requests {
            drop(black_box(drive(service, black_box(request))));
        }
        start.elapsed().as_nanos() as f64 / CHUNK as f64
    }
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

fn main() {
    let filter = std::env::args()
        .skip(1)
        .find(|a| !a.starts_with("--"))
        .unwrap_or_default();
    let mut cases = common::actual_cases();
    cases.extend(common::preflight_cases());
    cases.extend(common::header_cases());
    cases.extend(common::hostile_cases());
    cases.extend(common::pattern_cases());
    cases.extend(common::axum_cases());
    cases.extend(common::header_cases_in("axum/"));
    cases.extend(common::routed_cases());
    cases.extend(common::header_cases_in("routed/"));
    println!(
        "| case | tower-cors ns | tower-http ns | bare ns | tower-http / tower-cors | tower-cors / bare |"
    );
    println!("|---|---:|---:|---:|---:|---:|");
    for case in cases.iter().filter(|c| c.name.contains(&filter)) {
        let [tc, th, b] = if case.name.starts_with("routed/") {
            interleave(&mut Routed::new(&case.origins), case)
        } else if case.name.starts_with("axum/") {
            interleave(
                &mut Contenders::with_inner(&case.origins, AxumApp::new()),
                case,
            )
        } else {
            interleave(&mut Contenders::new(&case.origins), case)
        };
        println!(
            "| {} | {tc:.0} | {th:.0} | {b:.0} | {:.2}x | {:.2}x |",
            case.name,
            th / tc,
            tc / b
        );
    }
}

/// The medians of the three contenders' chunks (tower-cors, tower-http, bare), over
/// `ROUNDS` rounds, each starting with the next contender.
fn interleave<C, H, X>(trio: &mut Trio<C, H, X>, case: &Case) -> [f64; 3]
where
    C: Contender,
    H: Contender,
    X: Contender,
{
    let chunk = &mut Chunk(case);
    // Warm up every contender once.
    trio.each(chunk);
    let mut times = [Vec::new(), Vec::new(), Vec::new()];
    for round in 0..ROUNDS {
        for k in 0..3 {
            let which = (round + k) % 3;
            times[which].push(trio.one(CONTENDERS[which], chunk));
        }
    }
    times.map(median)
}
