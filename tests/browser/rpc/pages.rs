//! The page server of the RPC group: the top page (`http://127.0.0.1:<port>/`) runs every
//! case and reports each result; `/frame`, loaded as `http://localhost:<port>/frame`, runs
//! the cases of an unlisted origin for it. Both load the bundle of `page.js` and its clients.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use axum::extract::State;
use axum::response::IntoResponse;
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::Value;
use tokio::net::TcpListener;

use crate::page::{html, js};

const TOP_HTML: &str = "<!doctype html><meta charset=utf-8><title>tower-cors RPC clients</title>\
<body><script src=/rpc.js></script><script src=/cases.js></script>\
<script>runAll(CASES);</script></body>";

const FRAME_HTML: &str = "<!doctype html><meta charset=utf-8><title>frame</title>\
<script src=/rpc.js></script><script>serveFrame();</script>";

/// What the page serves and what it has reported.
#[derive(Debug, Default)]
pub(crate) struct PageState {
    pub(crate) bundle: Mutex<String>,
    pub(crate) cases_js: Mutex<String>,
    reports: Mutex<Vec<Value>>,
    done: AtomicBool,
    note: Mutex<String>,
}

impl PageState {
    pub(crate) fn reports(&self) -> Vec<Value> {
        self.reports.lock().unwrap().clone()
    }

    pub(crate) fn is_done(&self) -> bool {
        self.done.load(Ordering::SeqCst)
    }

    /// The page's closing note (`ok`, or the error that stopped it).
    pub(crate) fn note(&self) -> String {
        self.note.lock().unwrap().clone()
    }
}

/// Starts the page server on an ephemeral loopback port.
pub(crate) async fn start() -> std::io::Result<(u16, Arc<PageState>)> {
    let state = Arc::new(PageState::default());
    let app = Router::new()
        .route("/", get(|| async { html(TOP_HTML) }))
        .route("/frame", get(|| async { html(FRAME_HTML) }))
        .route("/rpc.js", get(bundle))
        .route("/cases.js", get(cases))
        .route("/report", post(report))
        .route("/done", post(done))
        .with_state(Arc::clone(&state));
    let listener = TcpListener::bind("127.0.0.1:0").await?;
    let port = listener.local_addr()?.port();
    tokio::spawn(async move { axum::serve(listener, app).await });
    Ok((port, state))
}

async fn bundle(State(state): State<Arc<PageState>>) -> impl IntoResponse {
    js(state.bundle.lock().unwrap().clone())
}

async fn cases(State(state): State<Arc<PageState>>) -> impl IntoResponse {
    js(state.cases_js.lock().unwrap().clone())
}

async fn report(State(state): State<Arc<PageState>>, Json(value): Json<Value>) -> &'static str {
    state.reports.lock().unwrap().push(value);
    "ok"
}

async fn done(State(state): State<Arc<PageState>>, Json(value): Json<Value>) -> &'static str {
    *state.note.lock().unwrap() = value["note"].as_str().unwrap_or_default().to_owned();
    state.done.store(true, Ordering::SeqCst);
    "ok"
}
