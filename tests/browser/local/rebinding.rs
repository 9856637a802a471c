//! `HostGuard` against DNS rebinding: a page of `http://rebind.test:<port>`, whose name the
//! engine resolves to 127.0.0.1, posts to its own origin (`fetch('/transfer', {method:
//! 'POST'})`), which is what a rebinding page does once its name points at the victim. The
//! request reaches the server on loopback with `Host: rebind.test:<port>`.
//!
//! Two servers with the same `/transfer` handler (which counts its runs by `Host`): `Guarded`
//! behind `HostGuard::loopback(port)`, `Open` without it (the control). Each also serves, outside
//! the guard, the page that posts (standing in for the attacker's server before the name is
//! rebound) and `/report`, where the page reports the status it read. A top page of
//! `http://127.0.0.1:<guarded>/top` frames three pages: `rebind.test` on each server, and
//! `localhost` on the guarded one (a name it answers to).
//!
//! How each engine resolves `rebind.test` to 127.0.0.1, without DNS or `/etc/hosts`:
//! Chromium `--host-resolver-rules="MAP rebind.test 127.0.0.1"`; Firefox
//! `network.dns.localDomains=rebind.test` (resolves the listed names as `localhost`, and
//! `network.proxy.no_proxies_on` so that they bypass the sink proxy); WebKitGTK has no such
//! switch: its proxy (the suite's sink, `sink::start_mapping`) relays requests for
//! `rebind.test:<port>` to 127.0.0.1:<port> in origin form, with the `Host` the engine wrote.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::extract::{Query, State};
use axum::http::HeaderMap;
use axum::response::Html;
use axum::routing::{get, post};
use serde_json::json;
use tower_cors::guard::HostGuard;

use super::{Entry, Log, Wait, at, bind, finish, logged, run_browser, serve};
use crate::engine::{Engine, Setup};
use crate::harness::{say, start};
use crate::sink;

const GROUP: &str = "local_servers_host_guard_rebinding";
/// The name the pages are loaded under, resolved to 127.0.0.1 by every engine.
const NAME: &str = "rebind.test";

/// What the page frames post, and report to their own origin.
const ATTACK: &str = "<!doctype html><meta charset=utf-8><script>\
const name = new URLSearchParams(location.search).get('name');\
const report = (r) => fetch('/report?name=' + name + '&result=' + encodeURIComponent(r));\
fetch('/transfer', {method: 'POST', body: 'amount=10', \
headers: {'content-type': 'application/x-www-form-urlencoded'}})\
.then(async (r) => report(r.status + ' ' + (await r.text()).slice(0, 60)), (e) => report('error ' + e));\
</script>";

/// Reports (frame, result) and handler runs (`Host`), shared by both servers.
#[derive(Debug, Default)]
struct Shared {
    reports: Mutex<Vec<(String, String)>>,
    runs: Mutex<Vec<String>>,
}

fn server(port: u16, guard: bool, top: String, shared: &Arc<Shared>, log: &Log) -> Router {
    let runs = Arc::clone(shared);
    let mut transfer = Router::new().route(
        "/transfer",
        post(move |headers: HeaderMap| async move {
            let host = headers
                .get("host")
                .and_then(|h| h.to_str().ok())
                .unwrap_or("-")
                .to_owned();
            runs.runs.lock().unwrap().push(host);
            "transferred"
        }),
    );
    if guard {
        transfer = transfer.layer(HostGuard::loopback(port));
    }
    let pages = Router::new()
        .route("/", get(|| async { Html(ATTACK) }))
        .route("/top", get(move || async move { Html(top) }))
        .route(
            "/report",
            get(
                |State(shared): State<Arc<Shared>>,
                 Query(q): Query<std::collections::HashMap<String, String>>| async move {
                    let field = |k: &str| q.get(k).cloned().unwrap_or_default();
                    shared
                        .reports
                        .lock()
                        .unwrap()
                        .push((field("name"), field("result")));
                    "ok"
                },
            ),
        )
        .with_state(Arc::clone(shared));
    logged(transfer.merge(pages), log)
}

/// How `engine` is made to resolve [`NAME`] to 127.0.0.1.
fn setup(engine: Engine) -> (Setup, sink::Sink) {
    let mut setup = Setup::default();
    match engine {
        Engine::Chromium => {
            setup
                .chromium_flags
                .push(format!("--host-resolver-rules=MAP {NAME} 127.0.0.1"));
        }
        Engine::Firefox => {
            setup.firefox_prefs = vec![
                ("network.dns.localDomains".to_owned(), json!(NAME)),
                ("network.proxy.no_proxies_on".to_owned(), json!(NAME)),
            ];
        }
        Engine::WebKit => return (setup, sink::start_mapping(&[NAME]).expect("proxy")),
    }
    (setup, sink::start().expect("sink proxy"))
}

/// Runs the group in `engine`.
pub(crate) fn run(engine: Engine) {
    let Some((bin, rt)) = start(GROUP, engine) else {
        return;
    };
    let shared = Arc::new(Shared::default());
    let guarded_log = Log::default();
    let open_log = Log::default();
    let (guarded, open) = rt.block_on(async {
        let (guarded_listener, guarded) = bind().await;
        let (open_listener, open) = bind().await;
        let top = format!(
            "<!doctype html><body>\
             <iframe src='http://{NAME}:{guarded}/?name=rebound-guarded'></iframe>\
             <iframe src='http://{NAME}:{open}/?name=rebound-open'></iframe>\
             <iframe src='http://localhost:{guarded}/?name=loopback-name-guarded'></iframe></body>"
        );
        let app = server(guarded, true, top.clone(), &shared, &guarded_log);
        serve(guarded_listener, app);
        serve(open_listener, server(open, false, top, &shared, &open_log));
        (guarded, open)
    });

    let (setup, sink) = setup(engine);
    let url = format!("http://127.0.0.1:{guarded}/top");
    let wait = Wait {
        timeout: Duration::from_secs(20),
        console_lines: 0,
    };
    let run = run_browser(engine, &bin, &setup, &sink, &url, wait, || {
        shared.reports.lock().unwrap().len() >= 3
    });

    let reports = shared.reports.lock().unwrap().clone();
    let runs = shared.runs.lock().unwrap().clone();
    let result = |name: &str| {
        reports
            .iter()
            .find(|(n, _)| n == name)
            .map_or_else(|| "(no report)".to_owned(), |(_, r)| r.clone())
    };
    let posts = |log: &Log| -> Vec<(String, u16)> {
        at(log, "/transfer")
            .iter()
            .map(|e: &Entry| (e.header("host").unwrap_or("-").to_owned(), e.status))
            .collect()
    };
    let guarded_posts = posts(&guarded_log);
    let open_posts = posts(&open_log);
    say(&format!(
        "group {GROUP} in {}: pages read {reports:?}; POST /transfer (Host, status): guarded \
         {guarded_posts:?}, open {open_posts:?}; handler runs by Host {runs:?}; console {:?}",
        engine.name(),
        run.console
    ));

    let mut failures = Vec::new();
    if !run.finished {
        failures.push(format!(
            "the pages did not all report within 20 s; {} output tail:\n{}",
            engine.name(),
            run.tail
        ));
    }
    let rebound_guarded = format!("{NAME}:{guarded}");
    let rebound_open = format!("{NAME}:{open}");
    let own = format!("localhost:{guarded}");
    let statuses = |posts: &[(String, u16)], host: &str| -> Vec<u16> {
        posts
            .iter()
            .filter(|(h, _)| h == host)
            .map(|(_, s)| *s)
            .collect()
    };
    let mut check = |what: &str, ok: bool, detail: String| {
        if ok {
            say(&format!("{} scenario {what}: ok ({detail})", engine.name()));
        } else {
            say(&format!("{} scenario {what}: FAILED", engine.name()));
            failures.push(format!("scenario {what}: {detail}"));
        }
    };
    // The rebound page is refused by the guard: it reads 403, and the handler never ran.
    let read = result("rebound-guarded");
    check(
        "rebound_name_is_refused_by_the_host_guard",
        read.starts_with("403 ")
            && statuses(&guarded_posts, &rebound_guarded) == [403]
            && !runs.contains(&rebound_guarded),
        format!("page read {read:?}; guarded server saw {guarded_posts:?}; handler runs {runs:?}"),
    );
    // Control: without the guard the same page is served, and the handler ran.
    let read = result("rebound-open");
    check(
        "rebound_name_is_served_without_the_guard",
        read == "200 transferred"
            && statuses(&open_posts, &rebound_open) == [200]
            && runs.contains(&rebound_open),
        format!("page read {read:?}; open server saw {open_posts:?}; handler runs {runs:?}"),
    );
    // A page of a name the guard answers to (`localhost:<port>`) is served.
    let read = result("loopback-name-guarded");
    check(
        "loopback_name_passes_the_host_guard",
        read == "200 transferred" && statuses(&guarded_posts, &own) == [200] && runs.contains(&own),
        format!("page read {read:?}; handler runs {runs:?}"),
    );
    finish(GROUP, engine, &run.version, &failures);
}
