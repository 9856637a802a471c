//! Instructions per request, for every case of the matrix and every contender: a measure
//! that load on the other core cannot skew. `benches/instructions.sh` runs this binary under
//! `valgrind --tool=callgrind --toggle-collect='*measured*'`, so only the calls are counted
//! (not building the policies or the requests).
//!
//! - `instructions --list`: the case names;
//! - `instructions --measure CASE CONTENDER N`: N calls of CONTENDER (`tower-cors`,
//!   `tower-http`, `bare` or `floor`) on CASE;
//! - no arguments (as `cargo bench` runs it): calls every contender once on every case and
//!   prints what each answered, a check that the three see the same policy.

#![allow(missing_docs)]

use std::hint::black_box;

use http::{Request, Response, header};
use tower::Service;

mod common;
use common::floor::{Floor, FloorLayer};
use common::{AxumApp, Case, Contenders, Routed, drive};

fn cases() -> Vec<Case> {
    let mut cases = common::actual_cases();
    cases.extend(common::preflight_cases());
    cases.extend(common::hostile_cases());
    cases.extend(common::pattern_cases());
    cases.extend(common::axum_cases());
    cases.extend(common::routed_cases());
    cases
}

#[inline(never)]
fn measured<S, B>(service: &mut S, requests: Vec<Request<()>>)
where
    S: Service<Request<()>, Response = Response<B>>,
    S::Error: std::fmt::Debug,
{
    for request in requests {
        drop(black_box(drive(service, black_box(request))));
    }
}

fn run<S, B>(service: &mut S, case: &Case, n: usize)
where
    S: Service<Request<()>, Response = Response<B>>,
    S::Error: std::fmt::Debug,
{
    // Warm up (first allocations, lazy statics), then measure.
    for _ in 0..10 {
        drop(drive(service, case.template.request()));
    }
    let requests = (0..n).map(|_| case.template.request()).collect();
    measured(service, requests);
}

fn describe<B>(response: &Response<B>) -> String {
    let h = response.headers();
    let get = |name| {
        h.get_all(name)
            .iter()
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
            .collect::<Vec<_>>()
            .join(" | ")
    };
    let acao = get(header::ACCESS_CONTROL_ALLOW_ORIGIN);
    let acao = if acao.len() > 40 {
        format!("{}…", &acao[..40])
    } else {
        acao
    };
    format!(
        "{} acao=[{acao}] acam=[{}] vary=[{}] headers={}",
        response.status().as_u16(),
        get(header::ACCESS_CONTROL_ALLOW_METHODS),
        get(header::VARY),
        h.len()
    )
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--list") {
        for case in cases() {
            println!("{}", case.name);
        }
        return;
    }
    if args.first().map(String::as_str) == Some("--measure") {
        let [_, name, contender, n] = &args[..] else {
            panic!("usage: instructions --measure CASE CONTENDER N");
        };
        let n: usize = n.parse().expect("N is a number");
        let case = cases()
            .into_iter()
            .find(|c| c.name == *name)
            .expect("a known case");
        if case.name.starts_with("routed/") {
            measure_routed(Routed::new(&case.origins), &case, contender, n);
        } else if case.name.starts_with("axum/") {
            measure(
                Contenders::with_inner(&case.origins, AxumApp::new()),
                &case,
                contender,
                n,
            );
        } else {
            measure(Contenders::new(&case.origins), &case, contender, n);
        }
        return;
    }
    for case in cases() {
        println!("{}", case.name);
        if case.name.starts_with("routed/") {
            let mut r = Routed::new(&case.origins);
            for (who, service) in [
                ("tower-cors", &mut r.tower_cors),
                ("tower-http", &mut r.tower_http),
                ("bare      ", &mut r.bare),
                (
                    "floor     ",
                    &mut AxumApp::layered(FloorLayer::new(&r.policy, &case.template.request())),
                ),
            ] {
                println!(
                    "  {who}  {}",
                    describe(&drive(service, case.template.request()))
                );
            }
        } else if case.name.starts_with("axum/") {
            show(Contenders::with_inner(&case.origins, AxumApp::new()), &case);
        } else {
            show(Contenders::new(&case.origins), &case);
        }
    }
}

/// The floor around the same inner service and policy as the contenders.
fn floor<I>(c: Contenders<I>, case: &Case) -> Floor<I> {
    let policy = c.tower_cors.policy().clone();
    Floor::new(c.bare, &policy, &case.template.request())
}

fn measure<I, B>(mut c: Contenders<I>, case: &Case, contender: &str, n: usize)
where
    I: Service<Request<()>, Response = Response<B>> + Clone,
    I::Error: std::fmt::Debug,
    B: Default,
{
    match contender {
        "tower-cors" => run(&mut c.tower_cors, case, n),
        "tower-http" => run(&mut c.tower_http, case, n),
        "bare" => run(&mut c.bare, case, n),
        "floor" => run(&mut floor(c, case), case, n),
        other => panic!("unknown contender {other}"),
    }
}

/// Routed, the floor is a layer too, applied by `Router::layer` like the contenders: it pays
/// what axum charges any layer (boxing, the per-request clone) and what no CORS layer avoids.
fn measure_routed(mut r: Routed, case: &Case, contender: &str, n: usize) {
    match contender {
        "tower-cors" => run(&mut r.tower_cors, case, n),
        "tower-http" => run(&mut r.tower_http, case, n),
        "bare" => run(&mut r.bare, case, n),
        "floor" => {
            let layer = FloorLayer::new(&r.policy, &case.template.request());
            run(&mut AxumApp::layered(layer), case, n);
        }
        other => panic!("unknown contender {other}"),
    }
}

fn show<I, B>(mut c: Contenders<I>, case: &Case)
where
    I: Service<Request<()>, Response = Response<B>> + Clone,
    I::Error: std::fmt::Debug,
    B: Default,
{
    let r = drive(&mut c.tower_cors, case.template.request());
    println!("  tower-cors  {}", describe(&r));
    let r = drive(&mut c.tower_http, case.template.request());
    println!("  tower-http  {}", describe(&r));
    let r = drive(&mut c.bare, case.template.request());
    println!("  bare        {}", describe(&r));
    let r = drive(&mut floor(c, case), case.template.request());
    println!("  floor       {}", describe(&r));
}
