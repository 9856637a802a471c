//! Shared by every benchmark: the three contenders, the inner service, the policies of the
//! case matrix (the shape of jub0bs/cors-benchmarks) and a driver that polls services
//! directly, without a runtime.
//!
//! Contenders, always measured in the same run and interleaved case by case:
//! - `tower-cors`: this crate's [`Cors`] layer;
//! - `tower-http`: `tower_http::cors::CorsLayer` configured to the same policy;
//! - `bare`: the inner service alone, no CORS at all;
//! - `floor` (instruction counts only): the least any correct layer must do, see `floor.rs`.

#![allow(dead_code, unreachable_pub, missing_docs)]

pub mod floor;

use std::convert::Infallible;
use std::future::{Future, Ready, ready};
use std::hint::black_box;
use std::pin::pin;
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use bytes::{Bytes, BytesMut};
use criterion::{BatchSize, Criterion};
use http::header::{self, HeaderName, HeaderValue};
use http::{Method, Request, Response};
use http_body_util::Full;
use tower::{Layer, Service};
use tower_cors::{Cors, CorsConfig, CorsPolicy, CorsService};
use tower_http::cors::{AllowOrigin, CorsLayer};

/// Criterion settings short enough for the whole matrix to run in a few minutes.
pub fn criterion() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_millis(700))
        .measurement_time(Duration::from_secs(2))
        .sample_size(60)
        .configure_from_args()
}

/// The request headers every case allows (jub0bs/cors-benchmarks: rs/cors's defaults).
pub const ALLOWED_HEADERS: [&str; 8] = [
    "accept",
    "content-type",
    "x-requested-with",
    "x-request-id",
    "x-trace-id",
    "x-tenant-id",
    "x-csrf-token",
    "x-client-version",
];

/// A refused origin for the lists of many origins (jub0bs/cors-benchmarks).
pub const REFUSED_ORIGIN: &str = "https://example.org:6060";

/// The inner service: answers every request at once with a small response (`200`,
/// `content-type`, `content-length`, "Hello, World!"), built the way a handler builds one
/// (axum's `IntoResponse` inserts its headers into a fresh map), from static values.
#[derive(Clone, Copy, Debug, Default)]
pub struct Bare;

impl Bare {
    pub fn new() -> Self {
        Self
    }
}

impl<B> Service<Request<B>> for Bare {
    type Response = Response<Full<Bytes>>;
    type Error = Infallible;
    type Future = Ready<Result<Self::Response, Infallible>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: Request<B>) -> Self::Future {
        drop(request);
        let mut response = Response::new(Full::new(Bytes::from_static(b"Hello, World!")));
        let headers = response.headers_mut();
        headers.insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; charset=utf-8"),
        );
        headers.insert(header::CONTENT_LENGTH, HeaderValue::from_static("13"));
        ready(Ok(response))
    }
}

/// Which origins a policy allows.
#[derive(Clone, Debug)]
pub enum Origins {
    /// These exact origins.
    List(Vec<String>),
    /// Any origin (`*`).
    Any,
    /// `https://*.<parent>`: any subdomain of `parent`.
    Subdomains(&'static str),
    /// An origin regular expression (tower-cors feature `regex`; a predicate for tower-http).
    #[cfg(feature = "regex")]
    Regex(&'static str),
}

/// `https://NNN.example.com` for `0..n`, all of the same length (jub0bs/cors-benchmarks).
pub fn many_origins(n: usize) -> Vec<String> {
    let width = (n.max(2) - 1).to_string().len();
    (0..n)
        .map(|i| format!("https://{i:0width$}.example.com"))
        .collect()
}

/// `https://<c>.a.a…`: an origin whose host is 253 bytes long.
pub fn long_origin(first: char) -> String {
    format!("https://{first}{}", ".a".repeat(126))
}

/// The policy of the matrix (methods `PUT`, headers accept/content-type/x-requested-with),
/// for tower-cors.
pub fn tower_cors_config(origins: &Origins) -> CorsConfig {
    let config = CorsPolicy::builder()
        .allow_methods([Method::PUT])
        .allow_headers(ALLOWED_HEADERS);
    match origins {
        Origins::List(list) => config.allow_origins(list.iter().cloned()),
        Origins::Any => config.allow_any_origin(),
        Origins::Subdomains(parent) => config.allow_origin(format!("https://*.{parent}")),
        #[cfg(feature = "regex")]
        Origins::Regex(re) => config.allow_origin_regex(*re),
    }
}

/// The same policy for tower-http. Lists keep their order, so the last origin is the
/// worst case of its linear scan; subdomain patterns, which tower-http lacks, are the
/// predicate a user would write.
pub fn tower_http_layer(origins: &Origins) -> CorsLayer {
    let allow = match origins {
        Origins::List(list) => AllowOrigin::list(list.iter().map(|o| {
            HeaderValue::from_str(o).expect("the benchmark's origins are valid header values")
        })),
        Origins::Any => AllowOrigin::any(),
        Origins::Subdomains(parent) => {
            let suffix: Box<[u8]> = format!(".{parent}").into_bytes().into();
            AllowOrigin::predicate(move |origin: &HeaderValue, _| {
                let o = origin.as_bytes();
                o.len() > "https://".len() + suffix.len()
                    && o.starts_with(b"https://")
                    && o.ends_with(&suffix)
            })
        }
        #[cfg(feature = "regex")]
        Origins::Regex(re) => {
            let re = regex::Regex::new(&format!("^(?:{re})$")).expect("valid regex");
            AllowOrigin::predicate(move |origin: &HeaderValue, _| {
                origin.to_str().is_ok_and(|o| re.is_match(o))
            })
        }
    };
    CorsLayer::new()
        .allow_origin(allow)
        .allow_methods([Method::PUT])
        .allow_headers(ALLOWED_HEADERS.map(HeaderName::from_static))
}

/// The three contenders for one policy.
pub struct Contenders<I = Bare> {
    pub tower_cors: CorsService<I>,
    pub tower_http: tower_http::cors::Cors<I>,
    pub bare: I,
}

impl Contenders {
    pub fn new(origins: &Origins) -> Self {
        Self::with_inner(origins, Bare::new())
    }
}

impl<I: Clone> Contenders<I> {
    /// The three contenders around another inner service.
    pub fn with_inner(origins: &Origins, inner: I) -> Self {
        let policy = tower_cors_config(origins)
            .build()
            .expect("the benchmark policy builds");
        Self {
            tower_cors: Cors::new(policy).layer(inner.clone()),
            tower_http: tower_http_layer(origins).layer(inner.clone()),
            bare: inner,
        }
    }
}

/// A realistic inner service: an axum `Router` with one `GET /` route answering
/// "Hello, World!", behind an adapter from the cases' `Request<()>` to axum's body.
#[derive(Clone)]
pub struct AxumApp(axum::Router);

impl AxumApp {
    pub fn new() -> Self {
        Self(Self::router())
    }

    /// The same application with a layer applied the way axum's documentation shows,
    /// `Router::layer`: axum then wraps every route's handler in it and clones the layered
    /// service for every request.
    pub fn layered<L>(layer: L) -> Self
    where
        L: Layer<axum::routing::Route> + Clone + Send + Sync + 'static,
        L::Service: Service<Request<axum::body::Body>> + Clone + Send + Sync + 'static,
        <L::Service as Service<Request<axum::body::Body>>>::Response:
            axum::response::IntoResponse + 'static,
        <L::Service as Service<Request<axum::body::Body>>>::Error: Into<Infallible> + 'static,
        <L::Service as Service<Request<axum::body::Body>>>::Future: Send + 'static,
    {
        Self(Self::router().layer(layer))
    }

    fn router() -> axum::Router {
        axum::Router::new().route("/", axum::routing::get(|| async { "Hello, World!" }))
    }
}

/// The three contenders as axum users deploy them: [`AxumApp::layered`] with each layer,
/// and the application without one.
pub struct Routed {
    pub tower_cors: AxumApp,
    pub tower_http: AxumApp,
    pub bare: AxumApp,
    /// tower-cors's policy, for the floor.
    pub policy: CorsPolicy,
}

impl Routed {
    pub fn new(origins: &Origins) -> Self {
        let policy = tower_cors_config(origins)
            .build()
            .expect("the benchmark policy builds");
        Self {
            tower_cors: AxumApp::layered(Cors::new(policy.clone())),
            tower_http: AxumApp::layered(tower_http_layer(origins)),
            bare: AxumApp::new(),
            policy,
        }
    }
}

impl Service<Request<()>> for AxumApp {
    type Response = Response<axum::body::Body>;
    type Error = Infallible;
    type Future = <axum::Router as Service<Request<axum::body::Body>>>::Future;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Service::<Request<axum::body::Body>>::poll_ready(&mut self.0, cx)
    }

    fn call(&mut self, request: Request<()>) -> Self::Future {
        self.0.call(request.map(|()| axum::body::Body::empty()))
    }
}

/// A header value backed by shared (reference-counted) storage, as hyper's parser makes
/// them: cloning it is a reference-count increment, as it is for a real request.
pub fn shared_value(bytes: &[u8]) -> HeaderValue {
    let mut buf = BytesMut::from(bytes);
    let shared = buf.split_to(buf.len()).freeze();
    HeaderValue::from_maybe_shared(shared).expect("a valid header value")
}

/// A request to replay: built once, copied (reference counts only) before each call.
#[derive(Clone, Debug)]
pub struct Template {
    method: Method,
    headers: Vec<(HeaderName, HeaderValue)>,
}

impl Template {
    /// `GET` (actual) or `OPTIONS` with `Access-Control-Request-Method: PUT` (preflight),
    /// with `Origin` when given.
    pub fn new(preflight: bool, origin: Option<&str>) -> Self {
        let mut headers = vec![(header::HOST, shared_value(b"api.example.com"))];
        if let Some(origin) = origin {
            headers.push((header::ORIGIN, shared_value(origin.as_bytes())));
        }
        let method = if preflight {
            headers.push((header::ACCESS_CONTROL_REQUEST_METHOD, shared_value(b"PUT")));
            Method::OPTIONS
        } else {
            Method::GET
        };
        Self { method, headers }
    }

    /// Adds `Access-Control-Request-Headers`.
    #[must_use]
    pub fn with_request_headers(mut self, value: &[u8]) -> Self {
        self.headers
            .push((header::ACCESS_CONTROL_REQUEST_HEADERS, shared_value(value)));
        self
    }

    pub fn request(&self) -> Request<()> {
        let mut request = Request::new(());
        *request.method_mut() = self.method.clone();
        *request.uri_mut() = http::Uri::from_static("/");
        let headers = request.headers_mut();
        for (name, value) in &self.headers {
            headers.append(name.clone(), value.clone());
        }
        request
    }
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
    group.bench_function("tower-cors", |b| {
        b.iter_batched(
            || template.request(),
            |request| {
                drop(black_box(drive(
                    &mut contenders.tower_cors,
                    black_box(request),
                )))
            },
            BatchSize::SmallInput,
        );
    });
    group.bench_function("tower-http", |b| {
        b.iter_batched(
            || template.request(),
            |request| {
                drop(black_box(drive(
                    &mut contenders.tower_http,
                    black_box(request),
                )))
            },
            BatchSize::SmallInput,
        );
    });
    group.bench_function("bare", |b| {
        b.iter_batched(
            || template.request(),
            |request| drop(black_box(drive(&mut contenders.bare, black_box(request)))),
            BatchSize::SmallInput,
        );
    });
    group.finish();
}

/// One case: a name (`question/allowlist/verdict`), a policy and a request.
#[derive(Clone, Debug)]
pub struct Case {
    pub name: String,
    pub origins: Origins,
    pub template: Template,
}

impl Case {
    fn new(name: String, origins: &Origins, template: Template) -> Self {
        Self {
            name,
            origins: origins.clone(),
            template,
        }
    }
}

/// The allowlists of the matrix: name, origins, an allowed origin (the last one listed:
/// tower-http's worst case), a refused origin.
fn allowlists() -> Vec<(&'static str, Origins, String, Option<String>)> {
    let mut v = vec![(
        "one",
        Origins::List(vec!["https://example.com".to_owned()]),
        "https://example.com".to_owned(),
        Some("https://example.org".to_owned()),
    )];
    v.push((
        "two-253",
        Origins::List(vec![long_origin('a'), long_origin('b')]),
        long_origin('b'),
        Some(long_origin('c')),
    ));
    for (name, n) in [("100", 100), ("1000", 1_000), ("10000", 10_000)] {
        let list = many_origins(n);
        let last = list.last().cloned().expect("not empty");
        v.push((
            name,
            Origins::List(list),
            last,
            Some(REFUSED_ORIGIN.to_owned()),
        ));
    }
    v.push(("any", Origins::Any, "https://example.com".to_owned(), None));
    v
}

fn matrix(question: &str, preflight: bool) -> Vec<Case> {
    let mut cases = Vec::new();
    for (name, origins, allowed, refused) in allowlists() {
        let template = Template::new(preflight, Some(&allowed));
        cases.push(Case::new(
            format!("{question}/{name}/allowed"),
            &origins,
            template,
        ));
        if let Some(refused) = refused {
            let template = Template::new(preflight, Some(&refused));
            cases.push(Case::new(
                format!("{question}/{name}/refused"),
                &origins,
                template,
            ));
        }
    }
    cases
}

/// Actual requests over the allowlists, and one without `Origin`.
pub fn actual_cases() -> Vec<Case> {
    let mut cases = matrix("actual", false);
    let one = Origins::List(vec!["https://example.com".to_owned()]);
    cases.push(Case::new(
        "actual/one/no-origin".to_owned(),
        &one,
        Template::new(false, None),
    ));
    cases
}

/// Preflights over the allowlists.
pub fn preflight_cases() -> Vec<Case> {
    matrix("preflight", true)
}

/// Preflights that ask for 1, 2, 3 or 8 request headers (the browser's lower-case, sorted
/// list), all allowed or the last one refused, under one origin, any origin and a subdomain
/// pattern.
pub fn header_cases() -> Vec<Case> {
    header_cases_in("")
}

/// [`header_cases`] in another setting: `"axum/"` (around the axum app) or `"routed/"`
/// (`Router::layer`).
pub fn header_cases_in(setting: &str) -> Vec<Case> {
    let policies = [
        (
            "one",
            Origins::List(vec!["https://example.com".to_owned()]),
            "https://example.com",
        ),
        ("any", Origins::Any, "https://example.com"),
        (
            "subdomain",
            Origins::Subdomains("example.com"),
            "https://api.example.com",
        ),
    ];
    let mut cases = Vec::new();
    for (name, origins, origin) in policies {
        for n in [1, 2, 3, 8] {
            let mut names: Vec<&str> = ALLOWED_HEADERS[..n].to_vec();
            names.sort_unstable();
            for verdict in ["allowed", "refused"] {
                let mut list = names.clone();
                if verdict == "refused" {
                    *list.last_mut().expect("n >= 1") = "x-unlisted-name";
                }
                let template = Template::new(true, Some(origin))
                    .with_request_headers(list.join(",").as_bytes());
                let case = format!("{setting}headers/{name}/{n}/{verdict}");
                cases.push(Case::new(case, &origins, template));
            }
        }
    }
    cases
}

/// Preflights with hostile `Access-Control-Request-Headers`, any origin allowed.
pub fn hostile_cases() -> Vec<Case> {
    [("1024-commas", 1_024), ("1MiB-commas", 1 << 20)]
        .into_iter()
        .map(|(name, len)| {
            let template = Template::new(true, Some("https://example.com"))
                .with_request_headers(&vec![b','; len]);
            Case::new(format!("hostile/{name}"), &Origins::Any, template)
        })
        .collect()
}

/// A subdomain pattern and (feature `regex`) a regex, actual and preflight, allowed and
/// refused.
pub fn pattern_cases() -> Vec<Case> {
    #[cfg_attr(not(feature = "regex"), allow(unused_mut))]
    let mut policies = vec![("subdomain", Origins::Subdomains("example.com"))];
    #[cfg(feature = "regex")]
    policies.push(("regex", Origins::Regex(r"https://[a-z0-9-]+\.example\.com")));
    let mut cases = Vec::new();
    for (name, origins) in policies {
        for (kind, preflight) in [("actual", false), ("preflight", true)] {
            for (verdict, origin) in [
                ("allowed", "https://api.example.com"),
                ("refused", "https://api.example.org"),
            ] {
                let template = Template::new(preflight, Some(origin));
                let case = format!("patterns/{name}/{kind}/{verdict}");
                cases.push(Case::new(case, &origins, template));
            }
        }
    }
    cases
}

/// The actual requests of the one-origin policy again, around [`AxumApp`] instead of
/// [`Bare`]: what the layer costs next to a real (if small) axum application.
pub fn axum_cases() -> Vec<Case> {
    let origins = Origins::List(vec!["https://example.com".to_owned()]);
    [
        ("allowed", Some("https://example.com")),
        ("refused", Some("https://example.org")),
        ("no-origin", None),
    ]
    .into_iter()
    .map(|(verdict, origin)| {
        let template = Template::new(false, origin);
        Case::new(format!("axum/actual/one/{verdict}"), &origins, template)
    })
    .collect()
}

/// The whole matrix (actual requests and preflights over every allowlist, allowed and
/// refused, and a request without `Origin`) again, with the contenders of [`Routed`]: the
/// cost an axum application sees, per-request clone of the layered service included.
pub fn routed_cases() -> Vec<Case> {
    let mut cases = actual_cases();
    cases.extend(preflight_cases());
    for case in &mut cases {
        case.name = format!("routed/{}", case.name);
    }
    cases
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
    group.bench_function("tower-cors", |b| {
        b.iter_batched(
            || template.request(),
            |request| {
                let mut service = black_box(&contenders.tower_cors).clone();
                drop(black_box(drive(&mut service, black_box(request))));
            },
            BatchSize::SmallInput,
        );
    });
    group.bench_function("tower-http", |b| {
        b.iter_batched(
            || template.request(),
            |request| {
                let mut service = black_box(&contenders.tower_http).clone();
                drop(black_box(drive(&mut service, black_box(request))));
            },
            BatchSize::SmallInput,
        );
    });
    group.bench_function("bare", |b| {
        b.iter_batched(
            || template.request(),
            |request| {
                let mut service = *black_box(&contenders.bare);
                drop(black_box(drive(&mut service, black_box(request))));
            },
            BatchSize::SmallInput,
        );
    });
    group.finish();
}
