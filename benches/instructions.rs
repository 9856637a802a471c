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

use http::{Request, Response, header};
use tower::Service;

mod common;
use common::floor::{Floor, FloorLayer};
use common::{AxumApp, CONTENDERS, Case, Contenders, Routed, Visit, drive, measured};

fn cases() -> Vec<Case> {
    let mut cases = common::actual_cases();
    cases.extend(common::preflight_cases());
    cases.extend(common::header_cases());
    cases.extend(common::header_cases_in("axum/"));
    cases.extend(common::header_cases_in("routed/"));
    cases.extend(common::hostile_cases());
    cases.extend(common::pattern_cases());
    cases.extend(common::axum_cases());
    cases.extend(common::routed_cases());
    cases
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

/// What to do with one contender of a case.
#[derive(Clone, Copy)]
enum Action {
    /// N calls under callgrind (`--measure`).
    Measure(usize),
    /// One call, and print what it answered.
    Show,
}

/// [`Action`] on a case, as a [`Visit`] of the contenders.
struct Act<'c> {
    case: &'c Case,
    action: Action,
}

impl Visit for Act<'_> {
    type Output = ();

    fn visit<S, B>(&mut self, who: &'static str, service: &mut S)
    where
        S: Service<Request<()>, Response = Response<B>> + Clone,
        S::Error: std::fmt::Debug,
    {
        match self.action {
            Action::Measure(n) => run(service, self.case, n),
            Action::Show => {
                let response = drive(service, self.case.template.request());
                println!("  {who:<10}  {}", describe(&response));
            }
        }
    }
}

/// The contender `who` of `case`, in the case's setting: routed (`Router::layer`, the floor
/// applied as a layer too), around the axum app, or around the trivial inner service.
fn visit(case: &Case, who: &str, action: Action) {
    let act = &mut Act { case, action };
    #[cfg(feature = "reload")]
    if who == "reloadable" {
        // tower-cors reading a `ReloadablePolicy` (direct and axum cases only).
        let policy = common::tower_cors_config(&case.origins)
            .build()
            .expect("the benchmark policy builds");
        let layer = tower_cors::Cors::new(&tower_cors::ReloadablePolicy::new(policy));
        if case.name.starts_with("axum/") {
            act.visit(
                "reloadable",
                &mut tower::Layer::layer(&layer, AxumApp::new()),
            );
        } else {
            act.visit(
                "reloadable",
                &mut tower::Layer::layer(&layer, common::Bare::new()),
            );
        }
        return;
    }
    let request = case.template.request();
    if case.name.starts_with("routed/") {
        let mut trio = Routed::new(&case.origins);
        match who {
            "floor" => act.visit(
                "floor",
                &mut AxumApp::layered(FloorLayer::new(&trio.policy, &request)),
            ),
            who => trio.one(who, act),
        }
    } else if case.name.starts_with("axum/") {
        around(
            Contenders::with_inner(&case.origins, AxumApp::new()),
            who,
            act,
            &request,
        );
    } else {
        around(Contenders::new(&case.origins), who, act, &request);
    }
}

/// [`visit`] of the contenders around an inner service `I`, the floor around it too.
fn around<I, B>(mut trio: Contenders<I>, who: &str, act: &mut Act<'_>, request: &Request<()>)
where
    I: Service<Request<()>, Response = Response<B>> + Clone,
    I::Error: std::fmt::Debug,
    B: http_body::Body + Default,
{
    match who {
        "floor" => act.visit(
            "floor",
            &mut Floor::new(trio.bare.clone(), &trio.policy, request),
        ),
        who => trio.one(who, act),
    }
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
        visit(&case, contender, Action::Measure(n));
        return;
    }
    for case in cases() {
        println!("{}", case.name);
        for who in CONTENDERS.into_iter().chain(["floor"]) {
            visit(&case, who, Action::Show);
        }
    }
}
