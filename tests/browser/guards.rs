//! The origin guards in Chromium: pages of a trusted, an untrusted and the API's own origin
//! open a WebSocket, submit an HTML form and send a `no-cors` fetch to an API protected by
//! `WebSocketGuard`, `CrossOriginGuard` and `Cors`. The API server logs every request it
//! answers (outside the guards) and counts WebSocket upgrades and handler runs.

use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::ws::{Message, WebSocketUpgrade};
use axum::extract::{Query, Request, State};
use axum::middleware::{self, Next};
use axum::response::{Html, Response};
use axum::routing::{get, post};
use tokio::net::TcpListener;
use tower_cors::guard::{CrossOriginGuard, TrustedOrigins, WebSocketGuard};
use tower_cors::{Cors, CorsPolicy};

use crate::engine::{Browser, Engine, Flavor};
use crate::harness::{say, start};
use crate::sink;

/// One answered request: method, path, origin, `Sec-Fetch-Site`, status.
type Entry = (String, String, String, String, u16);

/// What the API server saw: every answered request, upgrades, handler runs.
#[derive(Debug, Default)]
struct Seen {
    log: Mutex<Vec<Entry>>,
    upgrades: AtomicUsize,
    runs: AtomicUsize,
}

/// What the pages reported: (scenario, result).
type Reports = Arc<Mutex<Vec<(String, String)>>>;

async fn log(State(seen): State<Arc<Seen>>, request: Request, next: Next) -> Response {
    let entry = {
        let header = |name: &str| {
            request
                .headers()
                .get(name)
                .and_then(|v| v.to_str().ok())
                .unwrap_or("-")
                .to_owned()
        };
        (
            request.method().to_string(),
            request.uri().path().to_owned(),
            header("origin"),
            header("sec-fetch-site"),
        )
    };
    let response = next.run(request).await;
    let (method, path, origin, site) = entry;
    let status = response.status().as_u16();
    seen.log
        .lock()
        .unwrap()
        .push((method, path, origin, site, status));
    response
}

const OWN_FORM: &str = "<!doctype html><form method=post action=/transfer>\
<input name=amount value=10></form><script>document.forms[0].submit()</script>";

fn api(trusted_page: &str, seen: Arc<Seen>) -> Router {
    let policy = CorsPolicy::builder()
        .allow_origin(trusted_page)
        .build()
        .unwrap();
    let trusted = TrustedOrigins::from_policy(&policy);
    let upgrades = Arc::clone(&seen);
    let runs = Arc::clone(&seen);
    Router::new()
        .route(
            "/ws",
            get(move |ws: WebSocketUpgrade| async move {
                ws.on_upgrade(move |mut socket| async move {
                    upgrades.upgrades.fetch_add(1, Ordering::SeqCst);
                    while let Some(Ok(Message::Text(text))) = socket.recv().await {
                        let _ = socket.send(Message::Text(text)).await;
                    }
                })
            }),
        )
        .route(
            "/transfer",
            post(move || async move {
                runs.runs.fetch_add(1, Ordering::SeqCst);
                Html("<!doctype html>done")
            }),
        )
        .route("/own-form", get(|| async { Html(OWN_FORM) }))
        .layer(WebSocketGuard::new(trusted.clone()))
        .layer(CrossOriginGuard::new(trusted))
        .layer(Cors::new(policy))
        .layer(middleware::from_fn_with_state(seen, log))
}

/// The page server: `/` frames every scenario page; each page reports to its own origin.
fn pages(api: SocketAddr, page_port: u16, reports: Reports) -> Router {
    let top = format!(
        "<!doctype html><body>\
         <iframe src='http://localhost:{page_port}/ws?name=ws-trusted'></iframe>\
         <iframe src='http://127.0.0.1:{page_port}/ws?name=ws-untrusted'></iframe>\
         <iframe src='http://localhost:{page_port}/form?name=form-trusted'></iframe>\
         <iframe src='http://127.0.0.1:{page_port}/form?name=form-untrusted'></iframe>\
         <iframe src='http://127.0.0.1:{page_port}/no-cors?name=no-cors-untrusted'></iframe>\
         <iframe src='http://{api}/own-form'></iframe></body>"
    );
    let ws = format!(
        "<!doctype html><script>\
         const name = new URLSearchParams(location.search).get('name');\
         const report = r => fetch('/report?name=' + name + '&result=' + r);\
         const ws = new WebSocket('ws://{api}/ws'); let done = false;\
         ws.onopen = () => ws.send('ping');\
         ws.onmessage = e => {{ if (!done) {{ done = true; report('echo-' + e.data); }} }};\
         ws.onerror = () => {{ if (!done) {{ done = true; report('failed'); }} }};\
         </script>"
    );
    let form = format!(
        "<!doctype html><form method=post action='http://{api}/transfer'>\
         <input name=amount value=10></form><script>document.forms[0].submit()</script>"
    );
    let no_cors = format!(
        "<!doctype html><script>\
         const name = new URLSearchParams(location.search).get('name');\
         fetch('http://{api}/transfer', {{method: 'POST', mode: 'no-cors', body: 'amount=10', \
         headers: {{'content-type': 'application/x-www-form-urlencoded'}}}})\
         .then(() => fetch('/report?name=' + name + '&result=sent'));\
         </script>"
    );
    Router::new()
        .route("/", get(move || async move { Html(top) }))
        .route("/ws", get(move || async move { Html(ws) }))
        .route("/form", get(move || async move { Html(form) }))
        .route("/no-cors", get(move || async move { Html(no_cors) }))
        .route(
            "/report",
            get(
                |State(reports): State<Reports>,
                 Query(q): Query<std::collections::HashMap<String, String>>| async move {
                    let field = |k: &str| q.get(k).cloned().unwrap_or_default();
                    reports
                        .lock()
                        .unwrap()
                        .push((field("name"), field("result")));
                    "ok"
                },
            ),
        )
        .with_state(reports)
}

async fn bind() -> (TcpListener, SocketAddr) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    (listener, addr)
}

/// The statuses the API answered for `method path` from `origin`.
fn statuses(seen: &Seen, method: &str, path: &str, origin: &str) -> Vec<u16> {
    seen.log
        .lock()
        .unwrap()
        .iter()
        .filter(|(m, p, o, _, _)| m == method && p == path && o == origin)
        .map(|entry| entry.4)
        .collect()
}

pub(crate) fn run(engine: Engine) {
    let group = "origin_guards";
    let Some((bin, rt)) = start(group, engine) else {
        return;
    };
    let seen = Arc::new(Seen::default());
    let reports = Reports::default();
    let (page_listener, page) = rt.block_on(bind());
    let (api_listener, api_addr) = rt.block_on(bind());
    let trusted = format!("http://localhost:{}", page.port());
    let untrusted = format!("http://127.0.0.1:{}", page.port());
    let own = format!("http://{api_addr}");
    let api_app = api(&trusted, Arc::clone(&seen));
    let page_app = pages(api_addr, page.port(), Arc::clone(&reports));
    rt.spawn(async move { axum::serve(api_listener, api_app).await.unwrap() });
    rt.spawn(async move { axum::serve(page_listener, page_app).await.unwrap() });

    let sink = sink::start().expect("sink proxy");
    let url = format!("http://{page}/");
    let mut browser = Browser::launch(engine, &bin, Flavor::Default, &sink, &url)
        .unwrap_or_else(|e| panic!("cannot start {} ({}): {e}", engine.name(), bin.display()));
    // Done when three pages reported and the three form posts reached the API.
    let deadline = Instant::now() + Duration::from_secs(30);
    let done = || {
        let posts = seen
            .log
            .lock()
            .unwrap()
            .iter()
            .filter(|(m, p, ..)| m == "POST" && p == "/transfer")
            .count();
        reports.lock().unwrap().len() >= 3 && posts >= 4
    };
    while !done() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    let tail = browser.output_tail(30);
    browser.stop();

    let reported = reports.lock().unwrap().clone();
    let result = |name: &str| {
        reported
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, r)| r.clone())
            .unwrap_or_else(|| format!("no report; {} output tail:\n{tail}", engine.name()))
    };
    let log = seen.log.lock().unwrap().clone();
    say(&format!(
        "group {group} in {}: API log {log:?}; pages {reported:?}",
        engine.name()
    ));

    // WebSocket: the trusted page exchanges a message; the untrusted one is refused with 403
    // and never upgraded.
    assert_eq!(result("ws-trusted"), "echo-ping");
    assert_eq!(result("ws-untrusted"), "failed");
    assert_eq!(statuses(&seen, "GET", "/ws", &untrusted), [403]);
    assert_eq!(
        seen.upgrades.load(Ordering::SeqCst),
        1,
        "one upgrade: the trusted page's"
    );

    // Forms and no-cors: refused from the untrusted origin (same site, another port), before
    // the handler runs; allowed from the trusted origin and from the API's own pages.
    assert_eq!(result("no-cors-untrusted"), "sent");
    assert_eq!(statuses(&seen, "POST", "/transfer", &untrusted), [403, 403]);
    assert_eq!(statuses(&seen, "POST", "/transfer", &trusted), [200]);
    assert_eq!(statuses(&seen, "POST", "/transfer", &own), [200]);
    assert_eq!(
        seen.runs.load(Ordering::SeqCst),
        2,
        "the handler ran for allowed posts only"
    );
}
