//! The contenders (tower-cors, tower-http, the bare service) for one policy, in the three
//! settings: around a trivial inner service, around an axum app, and under `Router::layer`.

use std::convert::Infallible;
use std::future::{Ready, ready};
use std::task::{Context, Poll};

use bytes::Bytes;
use http::header::{self, HeaderName, HeaderValue};
use http::{Method, Request, Response};
use http_body_util::Full;
use tower::{Layer, Service};
use tower_cors::{Cors, CorsConfig, CorsPolicy, CorsService};
use tower_http::cors::{AllowOrigin, CorsLayer};

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
    /// `https://*.tenant-N.example.com` for `0..n`: a multi-tenant service's patterns.
    Tenants(usize),
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

/// The parent domains `tenant-N.example.com` for `0..n`.
pub fn tenants(n: usize) -> impl Iterator<Item = String> {
    (0..n).map(|i| format!("tenant-{i}.example.com"))
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
        Origins::Tenants(n) => config.allow_origins(tenants(*n).map(|p| format!("https://*.{p}"))),
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
        Origins::Tenants(n) => {
            let suffixes: Vec<Box<[u8]>> = tenants(*n)
                .map(|p| format!(".{p}").into_bytes().into())
                .collect();
            AllowOrigin::predicate(move |origin: &HeaderValue, _| {
                let o = origin.as_bytes();
                o.starts_with(b"https://")
                    && suffixes
                        .iter()
                        .any(|s| o.len() > "https://".len() + s.len() && o.ends_with(s))
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

/// The three contenders of a case, in one setting, and tower-cors's policy (for the floor).
/// Every bench file reaches them through [`Trio::each`] and [`Trio::one`] (in `driver.rs`).
pub struct Trio<C, H, X> {
    pub tower_cors: C,
    pub tower_http: H,
    pub bare: X,
    pub policy: CorsPolicy,
}

/// The layers around an inner service: the trivial one, or another.
pub type Contenders<I = Bare> = Trio<CorsService<I>, tower_http::cors::Cors<I>, I>;

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
            tower_cors: Cors::new(policy.clone()).layer(inner.clone()),
            tower_http: tower_http_layer(origins).layer(inner.clone()),
            bare: inner,
            policy,
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
pub type Routed = Trio<AxumApp, AxumApp, AxumApp>;

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
