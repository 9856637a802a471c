//! Calling the services: one call polled to completion without a runtime, and the
//! criterion groups that time each contender of a case.

use std::future::Future;
use std::hint::black_box;
use std::pin::pin;
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use criterion::measurement::WallTime;
use criterion::{BatchSize, BenchmarkGroup, Criterion};
use http::{Request, Response};
use tower::Service;

use super::cases::{Case, Template};
use super::contenders::{Contenders, Trio};

/// Criterion settings short enough for the whole matrix to run in a few minutes.
pub fn criterion() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_millis(700))
        .measurement_time(Duration::from_secs(2))
        .sample_size(60)
        .configure_from_args()
}

/// Calls a service once and returns its response: `poll_ready`, `call`, one poll with a
/// no-op waker. Every contender's future is ready at once.
pub fn drive<S, B>(service: &mut S, request: Request<()>) -> Response<B>
where
    S: Service<Request<()>, Response = Response<B>>,
    S::Error: std::fmt::Debug,
{
    let mut cx = Context::from_waker(Waker::noop());
    match service.poll_ready(&mut cx) {
        Poll::Ready(Ok(())) => {}
        _ => panic!("the services are always ready"),
    }
    let future = pin!(service.call(request));
    match future.poll(&mut cx) {
        Poll::Ready(Ok(response)) => response,
        _ => panic!("the services answer at once"),
    }
}

/// Something done with one contender's service: the one way every bench file reaches the
/// contenders ([`Trio::each`], [`Trio::one`]).
pub trait Visit {
    type Output;

    fn visit<S, B>(&mut self, who: &'static str, service: &mut S) -> Self::Output
    where
        S: Service<Request<()>, Response = Response<B>> + Clone,
        S::Error: std::fmt::Debug;
}

/// A contender's service: called with the cases' requests, and cloned as axum clones it.
pub trait Contender: Clone {
    /// `v` on this service, named `who`.
    fn visited<V: Visit>(&mut self, who: &'static str, v: &mut V) -> V::Output;
}

impl<S, B> Contender for S
where
    S: Service<Request<()>, Response = Response<B>> + Clone,
    S::Error: std::fmt::Debug,
{
    fn visited<V: Visit>(&mut self, who: &'static str, v: &mut V) -> V::Output {
        v.visit(who, self)
    }
}

/// The contenders' names, in the order of [`Trio::each`].
pub const CONTENDERS: [&str; 3] = ["tower-cors", "tower-http", "bare"];

impl<C, H, X> Trio<C, H, X> {
    /// `v` on each contender, in the order of [`CONTENDERS`].
    pub fn each<V>(&mut self, v: &mut V) -> [V::Output; 3]
    where
        V: Visit,
        C: Contender,
        H: Contender,
        X: Contender,
    {
        CONTENDERS.map(|who| self.one(who, v))
    }

    /// `v` on the contender named `who` (one of [`CONTENDERS`]).
    pub fn one<V>(&mut self, who: &str, v: &mut V) -> V::Output
    where
        V: Visit,
        C: Contender,
        H: Contender,
        X: Contender,
    {
        match who {
            "tower-cors" => self.tower_cors.visited("tower-cors", v),
            "tower-http" => self.tower_http.visited("tower-http", v),
            "bare" => self.bare.visited("bare", v),
            other => panic!("unknown contender {other}"),
        }
    }
}

/// Criterion timing of one contender, in `group`: each call on the same service, or (as
/// axum's router and hyper-util's adapter do) on a fresh clone of it.
struct Timer<'g, 'c, 't> {
    group: &'g mut BenchmarkGroup<'c, WallTime>,
    template: &'t Template,
    cloned: bool,
}

impl Visit for Timer<'_, '_, '_> {
    type Output = ();

    fn visit<S, B>(&mut self, who: &'static str, service: &mut S)
    where
        S: Service<Request<()>, Response = Response<B>> + Clone,
        S::Error: std::fmt::Debug,
    {
        let (template, cloned) = (self.template, self.cloned);
        self.group.bench_function(who, |b| {
            b.iter_batched(
                || template.request(),
                |request| {
                    if cloned {
                        let mut service = black_box(&*service).clone();
                        drop(black_box(drive(&mut service, black_box(request))));
                    } else {
                        drop(black_box(drive(service, black_box(request))));
                    }
                },
                BatchSize::SmallInput,
            );
        });
    }
}

/// Benchmarks one case: the three contenders, one after the other, in one group. The
/// request is built outside the timing; the call (on a fresh clone of the service when
/// `cloned`) and the drop of the response are timed.
pub fn bench_case<C, H, X>(
    c: &mut Criterion,
    name: &str,
    trio: &mut Trio<C, H, X>,
    template: &Template,
    cloned: bool,
) where
    C: Contender,
    H: Contender,
    X: Contender,
{
    let mut group = c.benchmark_group(name);
    trio.each(&mut Timer {
        group: &mut group,
        template,
        cloned,
    });
    group.finish();
}

/// Benchmarks every case of a list around the trivial inner service.
pub fn bench_cases(c: &mut Criterion, cases: Vec<Case>) {
    for case in cases {
        let mut contenders = Contenders::new(&case.origins);
        bench_case(c, &case.name, &mut contenders, &case.template, false);
    }
}

/// Calls `service` with each request: the only function callgrind counts in the instruction
/// benchmarks (`--toggle-collect='*measured*'`), so building policies and requests is not.
#[inline(never)]
pub fn measured<S, B>(service: &mut S, requests: Vec<Request<()>>)
where
    S: Service<Request<()>, Response = Response<B>>,
    S::Error: std::fmt::Debug,
{
    for request in requests {
        drop(black_box(drive(service, black_box(request))));
    }
}
