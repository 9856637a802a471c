//! The API servers: one axum app per policy, each counting what it receives.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, Uri, header};
use axum::middleware::{Next, from_fn, from_fn_with_state};
use axum::response::{IntoResponse, Response};
use axum::routing::{any, get, put};
use tokio::net::TcpListener;
use tower_cors::diagnostics::Explanation;
use tower_cors::{Cors, CorsPolicy};
use tower_http::catch_panic::CatchPanicLayer;
use tower_http::cors::{AllowOrigin, CorsLayer};

use crate::policies::Api;

/// One request as the server saw it, before the CORS layer.
#[derive(Debug, Clone)]
pub(crate) struct Seen {
    pub(crate) path: String,
    pub(crate) preflight: bool,
    pub(crate) method: String,
    pub(crate) origin: Option<String>,
    pub(crate) cookie: Option<String>,
    /// The policy's explanation of its refusal, when the server has a tower-cors policy and
    /// it refused the request.
    pub(crate) explanation: Option<Explanation>,
}

/// What an API server received (outside the CORS layer) and what its handlers ran.
#[derive(Debug, Default)]
pub(crate) struct Log {
    policy: Option<CorsPolicy>,
    seen: Mutex<Vec<Seen>>,
    handled: Mutex<HashMap<String, usize>>,
}

impl Log {
    /// Requests received for `path`.
    pub(crate) fn seen(&self, path: &str) -> Vec<Seen> {
        self.seen
            .lock()
            .unwrap()
            .iter()
            .filter(|s| s.path == path)
            .cloned()
            .collect()
    }

    /// How many times a handler (not the CORS layer, not a middleware) ran for `path`.
    pub(crate) fn handled(&self, path: &str) -> usize {
        self.handled.lock().unwrap().get(path).copied().unwrap_or(0)
    }

    fn hit(&self, path: &str) {
        *self
            .handled
            .lock()
            .unwrap()
            .entry(path.to_owned())
            .or_default() += 1;
    }
}

/// A running API server.
#[derive(Debug, Clone)]
pub(crate) struct ApiServer {
    pub(crate) port: u16,
    pub(crate) log: Arc<Log>,
}

/// Starts the server for `api` on an ephemeral loopback port.
pub(crate) async fn start(api: Api, page_port: u16) -> std::io::Result<ApiServer> {
    let log = Arc::new(Log {
        policy: api.policy(page_port),
        ..Log::default()
    });
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let port = listener.local_addr()?.port();
    let app = app(api, page_port, Arc::clone(&log));
    tokio::spawn(async move { axum::serve(listener, app).await });
    Ok(ApiServer { port, log })
}

fn app(api: Api, page_port: u16, log: Arc<Log>) -> Router {
    let routes = routes(Arc::clone(&log));
    let routes = match api.policy(page_port) {
        Some(policy) => routes.layer(Cors::new(policy)),
        None => routes.layer(control_layer(page_port)),
    };
    routes.layer(from_fn_with_state(log, record))
}

/// tower-http's layer without `Vary`: the control for the HTTP-cache scenarios.
fn control_layer(page_port: u16) -> CorsLayer {
    let origin = HeaderValue::from_str(&format!("http://127.0.0.1:{page_port}")).expect("origin");
    // `list` answers only a matching Origin (`exact` would answer every request).
    CorsLayer::new()
        .allow_origin(AllowOrigin::list([origin]))
        .vary([])
}

/// The routes behind the CORS layer (the catch-panic layer is inside it, as it must be).
fn routes(log: Arc<Log>) -> Router {
    // Behind an auth middleware that, like most, also rejects OPTIONS (no credentials).
    let protected = Router::new()
        .route("/auth/{name}", any(echo))
        .route_layer(from_fn(require_bearer));
    Router::new()
        .route("/s/{name}", any(echo))
        .route("/login/{name}", any(login))
        .route("/panic/{name}", any(explode))
        .route("/redirect/{name}", any(redirect_same_origin))
        .route("/redirect-to/{name}", any(redirect_to))
        // Only PUT: axum's router answers any other method, OPTIONS included, with 405.
        .route("/put-only/{name}", put(echo))
        .route("/cacheable/{name}", get(cacheable))
        .route("/inner-acao/{name}", get(inner_acao))
        .merge(protected)
        .with_state(log)
        .layer(CatchPanicLayer::new())
}

/// Outermost middleware: logs each request before the CORS layer decides anything.
async fn record(State(log): State<Arc<Log>>, req: Request, next: Next) -> Response {
    let headers = req.headers();
    let text = |name: header::HeaderName| {
        headers
            .get(name)
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned())
    };
    let preflight = req.method() == Method::OPTIONS
        && headers.contains_key(header::ORIGIN)
        && headers.contains_key(header::ACCESS_CONTROL_REQUEST_METHOD);
    let seen = Seen {
        path: req.uri().path().to_owned(),
        preflight,
        method: req.method().to_string(),
        origin: text(header::ORIGIN),
        cookie: text(header::COOKIE),
        explanation: log
            .policy
            .as_ref()
            .and_then(|p| p.evaluate(req.method(), headers).explain()),
    };
    log.seen.lock().unwrap().push(seen);
    next.run(req).await
}

async fn require_bearer(req: Request, next: Next) -> Response {
    let ok = req
        .headers()
        .get(header::AUTHORIZATION)
        .is_some_and(|v| v == "Bearer good");
    if ok {
        next.run(req).await
    } else {
        (
            StatusCode::UNAUTHORIZED,
            [(header::WWW_AUTHENTICATE, "Bearer")],
            "unauthorized",
        )
            .into_response()
    }
}

fn header_text(headers: &HeaderMap, name: &str) -> String {
    headers.get(name).map_or_else(
        || "-".to_owned(),
        |v| String::from_utf8_lossy(v.as_bytes()).into_owned(),
    )
}

/// Echoes what the handler received, so the page can prove what the browser sent.
async fn echo(
    State(log): State<Arc<Log>>,
    Path(name): Path<String>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
    req_body: Bytes,
) -> Response {
    log.hit(uri.path());
    let mut body = format!("method={method} name={name}");
    for h in [
        "origin",
        "cookie",
        "authorization",
        "x-custom",
        "content-type",
    ] {
        body.push_str(&format!(" {h}={}", header_text(&headers, h)));
    }
    body.push_str(&format!(" body={}", String::from_utf8_lossy(&req_body)));
    let extra = [
        ("x-request-id", format!("req-{name}")),
        ("x-internal", format!("internal-{name}")),
    ];
    (extra, body).into_response()
}

/// A response the browser's HTTP cache may keep for a minute.
async fn cacheable(
    State(log): State<Arc<Log>>,
    Path(name): Path<String>,
    method: Method,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    let mut response = echo(State(log), Path(name), method, uri, headers, Bytes::new()).await;
    let value = HeaderValue::from_static("public, max-age=60");
    response.headers_mut().insert(header::CACHE_CONTROL, value);
    response
}

/// A handler that sets its own (wrong) CORS headers; the layer must replace them.
async fn inner_acao(State(log): State<Arc<Log>>, uri: Uri) -> Response {
    log.hit(uri.path());
    let headers = [
        (header::ACCESS_CONTROL_ALLOW_ORIGIN, "*"),
        (header::ACCESS_CONTROL_EXPOSE_HEADERS, "x-internal"),
    ];
    (headers, "inner cors headers").into_response()
}

async fn login(State(log): State<Arc<Log>>, Path(name): Path<String>) -> Response {
    log.hit(&format!("/login/{name}"));
    let cookie = format!("sid={name}; Path=/; SameSite=Lax");
    ([(header::SET_COOKIE, cookie)], "logged in").into_response()
}

async fn explode(State(log): State<Arc<Log>>, Path(name): Path<String>) -> Response {
    log.hit(&format!("/panic/{name}"));
    panic!("deliberate panic in the handler of /panic/{name}");
}

async fn redirect_same_origin(State(log): State<Arc<Log>>, Path(name): Path<String>) -> Response {
    log.hit(&format!("/redirect/{name}"));
    (
        StatusCode::FOUND,
        [(header::LOCATION, format!("/s/{name}"))],
    )
        .into_response()
}

async fn redirect_to(
    State(log): State<Arc<Log>>,
    Path(name): Path<String>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    log.hit(&format!("/redirect-to/{name}"));
    let target = query.get("to").cloned().unwrap_or_default();
    (StatusCode::FOUND, [(header::LOCATION, target)]).into_response()
}
