//! Heap allocations, counted per thread by a counting global allocator (`allocation-counter`,
//! a thin wrapper over the system allocator, installed in this test binary only).
//!
//! - The policy decision (`CorsPolicy::evaluate`, then inspecting the kind, the refusal and
//!   its message) allocates nothing, for every kind of request, allowed or refused, hostile
//!   `Access-Control-Request-Headers` included: asserted.
//! - Decorating a response (`Decision::decorate`, `Decoration::apply`) allocates nothing when
//!   the response's header map has room, as a handler's map does: asserted.
//! - A full request through the layer: counted and printed (`cargo test --test allocations
//!   -- --nocapture`), next to the inner service alone. A preflight answer is a new response,
//!   so its header map is allocated (2 allocations: hash index and entries).
//! - Under axum (`Router::layer`), an actual request costs exactly what a pass-through layer
//!   that carries a policy costs: asserted. (A body wrapper would make axum box the body again,
//!   one allocation per request; this test failed on that earlier design.)
//!
//! Request header values are built the way hyper's parser builds them (slices of a shared
//! buffer), so cloning one is a reference-count increment, as in a server.

#![allow(missing_docs)]

use std::convert::Infallible;
use std::fmt::Write as _;
use std::future::{Future, Ready, ready};
use std::pin::pin;
use std::task::{Context, Poll, Waker};

use allocation_counter::measure;
use bytes::{Bytes, BytesMut};
use http::header::{self, HeaderName, HeaderValue};
use http::{HeaderMap, Method, Request, Response};
use tower::{Layer, Service};
use tower_cors::{Cors, CorsConfig, CorsPolicy};

const LIST_HEADERS: [&str; 3] = ["accept", "content-type", "x-requested-with"];

fn config() -> CorsConfig {
    CorsPolicy::builder()
        .allow_methods([Method::PUT])
        .allow_headers(LIST_HEADERS)
}

fn one_origin() -> CorsPolicy {
    config()
        .allow_origin("https://example.com")
        .build()
        .expect("valid")
}

fn many_origins() -> CorsPolicy {
    config()
        .allow_origins((0..1_000).map(|i| format!("https://{i:03}.example.com")))
        .build()
        .expect("valid")
}

fn any_origin() -> CorsPolicy {
    config().allow_any_origin().build().expect("valid")
}

fn subdomains() -> CorsPolicy {
    config()
        .allow_origin("https://*.example.com")
        .build()
        .expect("valid")
}

fn predicate() -> CorsPolicy {
    config()
        .allow_origin_fn(|origin| origin.ends_with(".tenant.example"))
        .build()
        .expect("valid")
}

#[cfg(feature = "regex")]
fn regex() -> CorsPolicy {
    config()
        .allow_origin_regex(r"https://[a-z0-9-]+\.example\.com")
        .build()
        .expect("valid")
}

/// A header value in shared storage, as hyper's parser makes it.
fn shared(bytes: &[u8]) -> HeaderValue {
    let mut buf = BytesMut::from(bytes);
    HeaderValue::from_maybe_shared(buf.split_to(buf.len()).freeze()).expect("valid value")
}

fn headers(pairs: &[(HeaderName, &[u8])]) -> HeaderMap {
    let mut map = HeaderMap::new();
    map.insert(header::HOST, shared(b"api.example.com"));
    for (name, value) in pairs {
        map.append(name.clone(), shared(value));
    }
    map
}

/// A sink for `Display`, so that formatting a refusal can be checked without a `String`.
struct Sink(usize);

impl std::fmt::Write for Sink {
    fn write_str(&mut self, s: &str) -> std::fmt::Result {
        self.0 += s.len();
        Ok(())
    }
}

/// Evaluates and inspects everything a server would look at; returns the allocation count.
fn decision_allocations(policy: &CorsPolicy, method: &Method, request: &HeaderMap) -> u64 {
    // Warm up lazily initialised state (a regex's cache) outside the count.
    drop(policy.evaluate(method, request));
    measure(|| {
        let decision = policy.evaluate(method, request);
        std::hint::black_box(decision.kind());
        std::hint::black_box(decision.is_allowed());
        std::hint::black_box(decision.origin());
        if let Some(refusal) = decision.refusal() {
            let mut sink = Sink(0);
            write!(sink, "{refusal}").expect("a sink never fails");
            std::hint::black_box(sink.0);
        }
    })
    .count_total
}

struct Case {
    name: &'static str,
    policy: fn() -> CorsPolicy,
    method: Method,
    request: HeaderMap,
}

fn cases() -> Vec<Case> {
    use header::{ACCESS_CONTROL_REQUEST_HEADERS as ACRH, ACCESS_CONTROL_REQUEST_METHOD as ACRM};
    let origin = |o: &'static str| (header::ORIGIN, o.as_bytes());
    let acrm = |m: &'static str| (ACRM, m.as_bytes());
    let commas_1k = vec![b','; 1_024];
    let commas_1m = vec![b','; 1 << 20];
    let get = Method::GET;
    let options = Method::OPTIONS;
    #[cfg_attr(not(feature = "regex"), allow(unused_mut))]
    let mut cases = vec![
        Case {
            name: "actual, no Origin",
            policy: one_origin,
            method: get.clone(),
            request: headers(&[]),
        },
        Case {
            name: "actual, allowed (1 origin)",
            policy: one_origin,
            method: get.clone(),
            request: headers(&[origin("https://example.com")]),
        },
        Case {
            name: "actual, refused (1 origin)",
            policy: one_origin,
            method: get.clone(),
            request: headers(&[origin("https://example.org")]),
        },
        Case {
            name: "actual, allowed (1,000 origins)",
            policy: many_origins,
            method: get.clone(),
            request: headers(&[origin("https://999.example.com")]),
        },
        Case {
            name: "actual, refused (1,000 origins)",
            policy: many_origins,
            method: get.clone(),
            request: headers(&[origin("https://example.org:6060")]),
        },
        Case {
            name: "actual, any origin",
            policy: any_origin,
            method: get.clone(),
            request: headers(&[origin("https://example.com")]),
        },
        Case {
            name: "actual, subdomain pattern, allowed",
            policy: subdomains,
            method: get.clone(),
            request: headers(&[origin("https://a.b.example.com")]),
        },
        Case {
            name: "actual, subdomain pattern, refused",
            policy: subdomains,
            method: get.clone(),
            request: headers(&[origin("https://example.com.evil.test")]),
        },
        Case {
            name: "actual, predicate, refused",
            policy: predicate,
            method: get.clone(),
            request: headers(&[origin("https://evil.test")]),
        },
        Case {
            name: "actual, malformed Origin (null)",
            policy: one_origin,
            method: get.clone(),
            request: headers(&[origin("null")]),
        },
        Case {
            name: "actual, malformed Origin (non-ASCII)",
            policy: one_origin,
            method: get.clone(),
            request: headers(&[(header::ORIGIN, "https://exämple.com".as_bytes())]),
        },
        Case {
            name: "actual, two Origin lines",
            policy: one_origin,
            method: get,
            request: headers(&[origin("https://example.com"), origin("https://example.com")]),
        },
        Case {
            name: "preflight, allowed (1 origin)",
            policy: one_origin,
            method: options.clone(),
            request: headers(&[
                origin("https://example.com"),
                acrm("PUT"),
                (ACRH, b"content-type,x-requested-with"),
            ]),
        },
        Case {
            name: "preflight, allowed (1,000 origins)",
            policy: many_origins,
            method: options.clone(),
            request: headers(&[origin("https://999.example.com"), acrm("PUT")]),
        },
        Case {
            name: "preflight, origin refused",
            policy: one_origin,
            method: options.clone(),
            request: headers(&[origin("https://example.org"), acrm("PUT")]),
        },
        Case {
            name: "preflight, method refused",
            policy: one_origin,
            method: options.clone(),
            request: headers(&[origin("https://example.com"), acrm("PATCH")]),
        },
        Case {
            name: "preflight, header refused",
            policy: one_origin,
            method: options.clone(),
            request: headers(&[
                origin("https://example.com"),
                acrm("PUT"),
                (ACRH, b"content-type,authorization"),
            ]),
        },
        Case {
            name: "preflight, ACRH of 1,024 commas",
            policy: any_origin,
            method: options.clone(),
            request: headers(&[
                origin("https://example.com"),
                acrm("PUT"),
                (ACRH, &commas_1k),
            ]),
        },
        Case {
            name: "preflight, ACRH of 1 MiB of commas",
            policy: any_origin,
            method: options.clone(),
            request: headers(&[
                origin("https://example.com"),
                acrm("PUT"),
                (ACRH, &commas_1m),
            ]),
        },
        Case {
            name: "preflight, ACRH over 64 lines",
            policy: any_origin,
            method: options.clone(),
            request: {
                let lines: Vec<(HeaderName, &[u8])> =
                    (0..64).map(|_| (ACRH, &b"content-type"[..])).collect();
                let mut all = vec![origin("https://example.com"), acrm("PUT")];
                all.extend(lines);
                headers(&all)
            },
        },
    ];
    #[cfg(feature = "regex")]
    {
        cases.push(Case {
            name: "actual, regex, allowed",
            policy: regex,
            method: Method::GET,
            request: headers(&[origin("https://api.example.com")]),
        });
        cases.push(Case {
            name: "preflight, regex, refused",
            policy: regex,
            method: options,
            request: headers(&[origin("https://api.example.org"), acrm("PUT")]),
        });
    }
    #[cfg(not(feature = "regex"))]
    let _ = options;
    cases
}

#[test]
fn the_policy_decision_never_allocates() {
    let mut failures = Vec::new();
    for case in cases() {
        let policy = (case.policy)();
        let n = decision_allocations(&policy, &case.method, &case.request);
        println!("decision  {:<40} {n} allocations", case.name);
        if n != 0 {
            failures.push(format!("{}: {n}", case.name));
        }
    }
    assert!(failures.is_empty(), "the decision allocated: {failures:?}");
}

/// A handler's response: built by inserting into a fresh map, as handlers do, so the map has
/// room for a few more headers.
fn handler_response() -> Response<Bytes> {
    let mut response = Response::new(Bytes::from_static(b"Hello, World!"));
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    headers.insert(header::CONTENT_LENGTH, HeaderValue::from_static("13"));
    response
}

#[test]
fn decorating_a_response_never_allocates() {
    let mut failures = Vec::new();
    for case in cases() {
        let policy = (case.policy)();
        let decision = policy.evaluate(&case.method, &case.request);
        let mut response = handler_response();
        let direct = measure(|| decision.decorate(response.headers_mut())).count_total;
        let mut response = handler_response();
        let decoration = decision.decoration();
        let owned = measure(|| decoration.apply(response.headers_mut())).count_total;
        let taken = measure(|| drop(std::hint::black_box(decision.decoration()))).count_total;
        println!(
            "decorate  {:<40} decorate {direct}, decoration() {taken}, apply {owned}",
            case.name
        );
        if direct + owned + taken != 0 {
            failures.push(format!("{}: {direct} + {taken} + {owned}", case.name));
        }
    }
    assert!(failures.is_empty(), "decorating allocated: {failures:?}");
}

#[derive(Clone, Copy)]
struct Handler;

impl Service<Request<()>> for Handler {
    type Response = Response<Bytes>;
    type Error = Infallible;
    type Future = Ready<Result<Response<Bytes>, Infallible>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, _: Request<()>) -> Self::Future {
        ready(Ok(handler_response()))
    }
}

fn drive<S, B>(service: &mut S, request: Request<()>) -> Response<B>
where
    S: Service<Request<()>, Response = Response<B>, Error = Infallible>,
{
    let mut cx = Context::from_waker(Waker::noop());
    assert!(service.poll_ready(&mut cx).is_ready());
    match pin!(service.call(request)).poll(&mut cx) {
        Poll::Ready(Ok(response)) => response,
        _ => unreachable!("ready at once"),
    }
}

/// tower-http's `CorsLayer` with the same lists, for comparison (patterns, predicates and
/// regexes become the predicate a user would write).
fn tower_http_layer(case: &Case) -> tower_http::cors::CorsLayer {
    use tower_http::cors::{AllowOrigin, CorsLayer};
    let policy = (case.policy)();
    let origins =
        if policy.origins().allows_any() {
            AllowOrigin::any()
        } else if policy.origins().matches(b"https://999.example.com") {
            AllowOrigin::list((0..1_000).map(|i| {
                HeaderValue::from_str(&format!("https://{i:03}.example.com")).expect("valid")
            }))
        } else {
            AllowOrigin::predicate(move |origin, _| policy.origins().matches(origin.as_bytes()))
        };
    CorsLayer::new()
        .allow_origin(origins)
        .allow_methods([Method::PUT])
        .allow_headers(LIST_HEADERS.map(HeaderName::from_static))
}

fn request(case: &Case) -> Request<()> {
    let mut request = Request::new(());
    *request.method_mut() = case.method.clone();
    *request.headers_mut() = case.request.clone();
    request
}

#[test]
fn allocations_through_the_layer_are_reported() {
    println!(
        "{:<40} {:>10} {:>8} {:>6} {:>10}",
        "through the layer", "tower-cors", "handler", "added", "tower-http"
    );
    for case in cases() {
        let mut layered = Cors::new((case.policy)()).layer(Handler);
        let mut bare = Handler;
        let mut tower_http = tower_http_layer(&case).layer(Handler);
        drop(drive(&mut tower_http, request(&case)));
        let r = request(&case);
        let theirs = measure(|| drop(drive(&mut tower_http, r))).count_total;
        // Warm up, then count the call, the poll and dropping the response; the request is
        // built outside the count.
        drop(drive(&mut layered, request(&case)));
        let r = request(&case);
        let with = measure(|| drop(drive(&mut layered, r))).count_total;
        let r = request(&case);
        let without = measure(|| drop(drive(&mut bare, r))).count_total;
        let is_preflight = case.name.starts_with("preflight");
        println!(
            "{:<40} {with:>10} {without:>8} {:>6} {theirs:>10}",
            case.name,
            i128::from(with) - i128::from(without)
        );
        if is_preflight {
            // A preflight never reaches the handler: the layer builds the answer, one new
            // header map (its hash index and its entries), and nothing else.
            assert!(with <= 2, "{}: {with} allocations", case.name);
        } else {
            // An actual request costs the handler's allocations and nothing more.
            assert_eq!(with, without, "{}: the layer allocated", case.name);
        }
    }
}

/// A layer that does nothing but carry a policy, as any configured layer carries its
/// configuration: axum clones the layer for every request (boxed, so a layer with data costs
/// an allocation that a zero-sized one does not), and that is no CORS layer's doing.
#[derive(Clone)]
struct PassThrough<S> {
    inner: S,
    _policy: CorsPolicy,
}

impl<S, B> Service<Request<B>> for PassThrough<S>
where
    S: Service<Request<B>>,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = S::Future;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, request: Request<B>) -> S::Future {
        self.inner.call(request)
    }
}

/// An axum application with one route and, when given, a layer applied as axum's
/// documentation shows (`Router::layer`: axum boxes the layered route and clones it for
/// every request).
fn routed_app(policy: Option<CorsPolicy>, pass_through: bool) -> axum::Router {
    let router = axum::Router::new().route("/", axum::routing::get(|| async { "Hello, World!" }));
    match (policy, pass_through) {
        (Some(policy), true) => router.layer(tower::layer::layer_fn(move |inner| PassThrough {
            inner,
            _policy: policy.clone(),
        })),
        (Some(policy), false) => router.layer(Cors::new(policy)),
        (None, _) => router,
    }
}

fn drive_app(app: &mut axum::Router, request: Request<()>) -> Response<axum::body::Body> {
    let request = request.map(|()| axum::body::Body::empty());
    let mut cx = Context::from_waker(Waker::noop());
    assert!(Service::<Request<axum::body::Body>>::poll_ready(app, &mut cx).is_ready());
    match pin!(app.call(request)).poll(&mut cx) {
        Poll::Ready(Ok(response)) => response,
        _ => unreachable!("ready at once"),
    }
}

fn count_app(app: &mut axum::Router, case: &Case) -> u64 {
    drop(drive_app(app, request(case)));
    let r = request(case);
    measure(|| drop(drive_app(app, r))).count_total
}

#[test]
fn under_axum_the_layer_allocates_no_more_than_a_pass_through_layer() {
    println!(
        "{:<40} {:>10} {:>12} {:>8}",
        "axum Router::layer", "tower-cors", "pass-through", "no layer"
    );
    for case in cases() {
        let with = count_app(&mut routed_app(Some((case.policy)()), false), &case);
        let pass = count_app(&mut routed_app(Some((case.policy)()), true), &case);
        let without = count_app(&mut routed_app(None, false), &case);
        println!("{:<40} {with:>10} {pass:>12} {without:>8}", case.name);
        if case.name.starts_with("preflight") {
            // Answered by the layer: the route's handler never runs, and the answer's header
            // map (2 allocations) replaces everything the application would have allocated.
            assert!(with <= pass, "{}: {with} allocations", case.name);
        } else {
            // The response keeps axum's body type, so axum does not box it again, and the
            // decision allocates nothing: exactly what a layer that does nothing costs.
            assert_eq!(with, pass, "{}: the layer allocated", case.name);
        }
    }
}

/// Asked to record outcomes, the layer adds what `http`'s extensions need (in each of the
/// request's and the response's: the boxed map, its table and the boxed value) and nothing
/// else; not asked, it adds nothing (the test above).
#[test]
fn recording_outcomes_costs_only_the_extensions() {
    for case in cases()
        .into_iter()
        .filter(|c| !c.name.starts_with("preflight"))
    {
        let mut recording = Cors::new((case.policy)()).record_outcomes().layer(Handler);
        let mut bare = Handler;
        drop(drive(&mut recording, request(&case)));
        let r = request(&case);
        let with = measure(|| drop(drive(&mut recording, r))).count_total;
        let r = request(&case);
        let without = measure(|| drop(drive(&mut bare, r))).count_total;
        println!(
            "{:<40} outcome recorded: {with} (handler {without})",
            case.name
        );
        assert!(with <= without + 6, "{}: {with} allocations", case.name);
    }
}
