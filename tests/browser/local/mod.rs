//! The `local_servers_*` groups: servers on loopback that pages of other origins (or other
//! names) call, as local tools, desktop-app back ends and MCP servers are.
//!
//! - `rebinding`: `HostGuard` against a DNS-rebinding page (same-origin requests to a name
//!   resolved to 127.0.0.1), with a control server without the guard.
//! - `lna`: Local Network Access, a page marked public calling an API on loopback, without
//!   and with the permission, against `tower_cors` policies with and without
//!   `allow_private_network(true)`; every request header the API saw is checked.
//! - `mcp`: the MCP example (`examples/mcp.rs`, `CorsConfig::mcp()` + `HostGuard`) driven by
//!   a page: initialize, tools/call, DELETE, from its allowed origin and from another.
//!
//! Each group has its own servers; every one is wrapped (outermost) in a log of every request
//! it answered: method, target, headers, status.

pub(crate) mod lna;
mod lna_cases;
pub(crate) mod mcp;
pub(crate) mod rebinding;

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{Request, State};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::Value;
use tokio::net::TcpListener;

use crate::engine::{Browser, Engine, Setup};
use crate::harness::say;
use crate::page::{html, js};
use crate::sink::Sink;

const PAGE_JS: &str = include_str!("page.js");

const TOP_HTML: &str = "<!doctype html><meta charset=utf-8><title>tower-cors local servers</title>\
<body><script src=/page.js></script><script src=/cases.js></script>\
<script>runAll(CASES);</script></body>";

const FRAME_HTML: &str = "<!doctype html><meta charset=utf-8><title>frame</title>\
<script src=/page.js></script><script>serveFrame();</script>";

/// One request a server answered, as it arrived (outside every other layer).
#[derive(Debug, Clone)]
pub(crate) struct Entry {
    pub(crate) method: String,
    /// Path and query.
    pub(crate) target: String,
    /// Every request header, names in lower case, in the order received.
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) status: u16,
    /// The response's `Access-Control-Allow-Private-Network`, if any.
    pub(crate) allow_private_network: Option<String>,
}

impl Entry {
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_str())
    }

    /// A CORS preflight: `OPTIONS` with `Access-Control-Request-Method`.
    pub(crate) fn is_preflight(&self) -> bool {
        self.method == "OPTIONS" && self.header("access-control-request-method").is_some()
    }
}

/// A server's request log.
pub(crate) type Log = Arc<Mutex<Vec<Entry>>>;

async fn record(State(log): State<Log>, request: Request, next: Next) -> Response {
    let method = request.method().to_string();
    let target = request
        .uri()
        .path_and_query()
        .map_or_else(|| request.uri().path().to_owned(), ToString::to_string);
    let headers = request
        .headers()
        .iter()
        .map(|(n, v)| {
            (
                n.as_str().to_owned(),
                String::from_utf8_lossy(v.as_bytes()).into_owned(),
            )
        })
        .collect();
    let response = next.run(request).await;
    let allow_private_network = response
        .headers()
        .get("access-control-allow-private-network")
        .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned());
    log.lock().unwrap().push(Entry {
        method,
        target,
        headers,
        status: response.status().as_u16(),
        allow_private_network,
    });
    response
}

/// `router` with the request log as its outermost layer.
pub(crate) fn logged(router: Router, log: &Log) -> Router {
    router.layer(middleware::from_fn_with_state(Arc::clone(log), record))
}

/// The entries of `log` whose path is `path`.
pub(crate) fn at(log: &Log, path: &str) -> Vec<Entry> {
    log.lock()
        .unwrap()
        .iter()
        .filter(|e| e.target.split('?').next() == Some(path))
        .cloned()
        .collect()
}

/// (preflights, other requests) in `entries`.
pub(crate) fn counts(entries: &[Entry]) -> (usize, usize) {
    let preflights = entries.iter().filter(|e| e.is_preflight()).count();
    (preflights, entries.len() - preflights)
}

/// Binds an ephemeral loopback port.
pub(crate) async fn bind() -> (TcpListener, u16) {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let port = listener.local_addr().expect("local address").port();
    (listener, port)
}

/// Serves `router` on `listener` for the life of the runtime.
pub(crate) fn serve(listener: TcpListener, router: Router) {
    tokio::spawn(async move { axum::serve(listener, router).await });
}

/// What the page server serves and what the page reported.
#[derive(Debug, Default)]
pub(crate) struct Pages {
    cases_js: Mutex<String>,
    reports: Mutex<Vec<Value>>,
    done: AtomicBool,
    note: Mutex<String>,
}

impl Pages {
    /// The steps the page reported for case `name`.
    pub(crate) fn steps(&self, name: &str) -> Vec<Value> {
        self.reports
            .lock()
            .unwrap()
            .iter()
            .find(|r| r["name"] == name)
            .and_then(|r| r["steps"].as_array().cloned())
            .unwrap_or_default()
    }

    /// The cases the page runs (JSON objects, see `page.js`).
    pub(crate) fn set_cases(&self, cases: &[Value]) {
        *self.cases_js.lock().unwrap() =
            format!("const CASES = {};\n", Value::from(cases.to_vec()));
    }

    pub(crate) fn is_done(&self) -> bool {
        self.done.load(Ordering::SeqCst)
    }

    pub(crate) fn note(&self) -> String {
        self.note.lock().unwrap().clone()
    }
}

/// Starts the page server (any host name on its port: `127.0.0.1`, `localhost`): `/` runs
/// the cases ([`Pages::set_cases`]), `/frame` runs those of another origin for it.
pub(crate) async fn start_pages() -> (u16, Arc<Pages>) {
    let pages = Arc::new(Pages::default());
    let app = Router::new()
        .route("/", get(|| async { html(TOP_HTML) }))
        .route("/frame", get(|| async { html(FRAME_HTML) }))
        .route("/page.js", get(|| async { js(PAGE_JS.to_owned()) }))
        .route(
            "/cases.js",
            get(
                |State(p): State<Arc<Pages>>| async move { js(p.cases_js.lock().unwrap().clone()) },
            ),
        )
        .route(
            "/report",
            post(
                |State(p): State<Arc<Pages>>, Json(v): Json<Value>| async move {
                    p.reports.lock().unwrap().push(v);
                    "ok"
                },
            ),
        )
        .route(
            "/done",
            post(
                |State(p): State<Arc<Pages>>, Json(v): Json<Value>| async move {
                    *p.note.lock().unwrap() = v["note"].as_str().unwrap_or_default().to_owned();
                    p.done.store(true, Ordering::SeqCst);
                    "ok"
                },
            ),
        )
        .with_state(Arc::clone(&pages));
    let (listener, port) = bind().await;
    serve(listener, app);
    (port, pages)
}

/// What one browser run showed.
#[derive(Debug)]
pub(crate) struct Run {
    pub(crate) finished: bool,
    pub(crate) console: Vec<String>,
    pub(crate) version: String,
    pub(crate) tail: String,
}

/// How long a run waits: for `done`, at most `timeout`; then (at most 3 s) until the console
/// has `console_lines` lines.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Wait {
    pub(crate) timeout: Duration,
    pub(crate) console_lines: usize,
}

/// Starts `engine` with `setup` on `url`, waits as `wait` says, and stops it.
pub(crate) fn run_browser(
    engine: Engine,
    bin: &std::path::Path,
    setup: &Setup,
    sink: &Sink,
    url: &str,
    wait: Wait,
    done: impl Fn() -> bool,
) -> Run {
    let Wait {
        timeout,
        console_lines: console_wanted,
    } = wait;
    let mut browser = Browser::launch_with(engine, bin, setup, sink, url)
        .unwrap_or_else(|e| panic!("cannot start {} ({}): {e}", engine.name(), bin.display()));
    let version = browser.version();
    let deadline = Instant::now() + timeout;
    while !done() && Instant::now() < deadline && browser.exited().is_none() {
        std::thread::sleep(Duration::from_millis(50));
    }
    let finished = done();
    let grace = Instant::now() + Duration::from_secs(3);
    while browser.console_messages().len() < console_wanted && Instant::now() < grace {
        std::thread::sleep(Duration::from_millis(50));
    }
    let console = browser.console_messages();
    let tail = browser.output_tail(40);
    browser.stop();
    let outbound = sink.seen.lock().unwrap().clone();
    if !outbound.is_empty() {
        say(&format!(
            "{}: {} request(s) for outside addresses were refused by the sink: {:?}",
            engine.name(),
            outbound.len(),
            &outbound[..outbound.len().min(5)]
        ));
    }
    Run {
        finished,
        console,
        version,
        tail,
    }
}

/// One step a page reported, in a line: `initialize: readable 200` / `rejected (TypeError...)`.
pub(crate) fn describe(step: &Value) -> String {
    let label = step["label"].as_str().unwrap_or("?");
    match step["outcome"].as_str() {
        Some("readable") => format!("{label}: readable {}", step["status"]),
        Some(other) => format!(
            "{label}: {other} ({})",
            step["error"].as_str().unwrap_or_default()
        ),
        None => format!("{label}: no report"),
    }
}

/// Panics with every failure of `group` in `engine`, or says that it passed.
pub(crate) fn finish(group: &str, engine: Engine, version: &str, failures: &[String]) {
    say(&format!(
        "group {group} in {} {version}: {} failed",
        engine.name(),
        failures.len()
    ));
    assert!(
        failures.is_empty(),
        "group {group} failed in {}:\n{}",
        engine.name(),
        failures.join("\n")
    );
}
