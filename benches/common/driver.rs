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
use super::contenders::Contenders;

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

/// Benchmarks one case: the three contenders, one after the other, in one group. The
/// request is built outside the timing; the call and the drop of the response are timed.
pub fn bench_case(c: &mut Criterion, name: &str, contenders: &mut Contenders, template: &Template) {
    let mut group = c.benchmark_group(name);
    bench_one(
        &mut group,
        "tower-cors",
        &mut contenders.tower_cors,
        template,
    );
    bench_one(
        &mut group,
        "tower-http",
        &mut contenders.tower_http,
        template,
    );
    bench_one(&mut group, "bare", &mut contenders.bare, template);
    group.finish();
}

/// Times calls of one contender.
fn bench_one<S, B>(
    group: &mut BenchmarkGroup<'_, WallTime>,
    who: &str,
    service: &mut S,
    template: &Template,
) where
    S: Service<Request<()>, Response = Response<B>>,
    S::Error: std::fmt::Debug,
{
    group.bench_function(who, |b| {
        b.iter_batched(
            || template.request(),
            |request| drop(black_box(drive(service, black_box(request)))),
            BatchSize::SmallInput,
        );
    });
}

/// Benchmarks every case of a list, each case's contenders one after the other.
pub fn bench_cases(c: &mut Criterion, cases: Vec<Case>) {
    for case in cases {
        let mut contenders = Contenders::new(&case.origins);
        bench_case(c, &case.name, &mut contenders, &case.template);
    }
}

/// Like [`bench_case`], but every call goes to a fresh clone of the service, as axum's router
/// does for every request (and hyper-util's tower adapter for every call).
pub fn bench_case_cloned(
    c: &mut Criterion,
    name: &str,
    contenders: &Contenders,
    template: &Template,
) {
    let mut group = c.benchmark_group(name);
    bench_one_cloned(&mut group, "tower-cors", &contenders.tower_cors, template);
    bench_one_cloned(&mut group, "tower-http", &contenders.tower_http, template);
    bench_one_cloned(&mut group, "bare", &contenders.bare, template);
    group.finish();
}

/// Times calls of fresh clones of one contender.
fn bench_one_cloned<S, B>(
    group: &mut BenchmarkGroup<'_, WallTime>,
    who: &str,
    service: &S,
    template: &Template,
) where
    S: Service<Request<()>, Response = Response<B>> + Clone,
    S::Error: std::fmt::Debug,
{
    group.bench_function(who, |b| {
        b.iter_batched(
            || template.request(),
            |request| {
                let mut service = black_box(service).clone();
                drop(black_box(drive(&mut service, black_box(request))));
            },
            BatchSize::SmallInput,
        );
    });
}
