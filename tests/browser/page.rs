//! The page server: serves the runner page and collects what it reports (same origin).

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Form, Router};
use tokio::net::TcpListener;

const RUNNER_JS: &str = include_str!("assets/runner.js");

const TOP_HTML: &str = "<!doctype html><meta charset=utf-8><title>tower-cors browser suite</title>\
<body><script src=/runner.js></script><script src=/scenarios.js></script>\
<script>runAll(SCENARIOS);</script></body>";

const FRAME_HTML: &str = "<!doctype html><meta charset=utf-8><title>frame</title>\
<script src=/runner.js></script><script>serveFrame();</script>";

/// One POST /report: the form fields of one step's result.
pub(crate) type Report = Vec<(String, String)>;

/// What the page has told the harness so far.
#[derive(Debug, Default)]
pub(crate) struct PageState {
    scenarios_js: Mutex<String>,
    reports: Mutex<Vec<Report>>,
    done: AtomicBool,
    done_note: Mutex<String>,
}

impl PageState {
    pub(crate) fn set_scenarios(&self, js: String) {
        *self.scenarios_js.lock().unwrap() = js;
    }

    pub(crate) fn reports(&self) -> Vec<Report> {
        self.reports.lock().unwrap().clone()
    }

    pub(crate) fn is_done(&self) -> bool {
        self.done.load(Ordering::SeqCst)
    }

    pub(crate) fn done_note(&self) -> String {
        self.done_note.lock().unwrap().clone()
    }
}

/// The page server, listening on two ports (the second one is "another port" for origin rules).
#[derive(Debug, Clone)]
pub(crate) struct PageServer {
    pub(crate) port: u16,
    pub(crate) alt_port: u16,
    pub(crate) state: Arc<PageState>,
}

pub(crate) async fn start() -> std::io::Result<PageServer> {
    let state = Arc::new(PageState::default());
    let app = Router::new()
        .route("/", get(|| async { html(TOP_HTML) }))
        .route("/frame", get(|| async { html(FRAME_HTML) }))
        .route("/runner.js", get(|| async { js(RUNNER_JS.to_owned()) }))
        .route("/scenarios.js", get(scenarios))
        .route("/report", post(report))
        .route("/done", post(done))
        .with_state(Arc::clone(&state));
    let mut ports = Vec::new();
    for _ in 0..2 {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        ports.push(listener.local_addr()?.port());
        let app = app.clone();
        tokio::spawn(async move { axum::serve(listener, app).await });
    }
    Ok(PageServer {
        port: ports[0],
        alt_port: ports[1],
        state,
    })
}

/// A page, never cached.
pub(crate) fn html(body: &'static str) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response()
}

/// A script, never cached.
pub(crate) fn js(body: String) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        body,
    )
        .into_response()
}

async fn scenarios(State(state): State<Arc<PageState>>) -> impl IntoResponse {
    js(state.scenarios_js.lock().unwrap().clone())
}

async fn report(State(state): State<Arc<PageState>>, Form(fields): Form<Report>) -> &'static str {
    state.reports.lock().unwrap().push(fields);
    "ok"
}

async fn done(State(state): State<Arc<PageState>>, Form(fields): Form<Report>) -> &'static str {
    let note = fields
        .into_iter()
        .find(|(k, _)| k == "note")
        .map(|(_, v)| v)
        .unwrap_or_default();
    *state.done_note.lock().unwrap() = note;
    state.done.store(true, Ordering::SeqCst);
    "ok"
}
