//! The doctor against servers nobody here wrote: nginx (Debian's, started with its own prefix
//! and configuration on 127.0.0.1) with the broken configurations CORS guides warn about and a
//! correct one, tower-http, and tower-cors; and real Chromium running the same fetches from a
//! page at the same origin, which must agree with every verdict (the doctor predicts the
//! browser). Without nginx or Chromium the test says so and skips, except under `CI=true`.

#[path = "../../tests/browser/chromium.rs"]
#[allow(dead_code)]
mod chromium;
#[path = "../../tests/nginx/server.rs"]
mod nginx;
#[path = "../../tests/browser/process.rs"]
mod process;

use std::net::SocketAddr;
use std::path::PathBuf;

use nginx::Nginx;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::Router;
use axum::extract::{Query, State};
use axum::response::Html;
use axum::routing::{any, get};
use cors_doctor::{Options, diagnose};
use tower_cors::diagnostics::AddressSpace;
use tower_cors::{Cors, CorsPolicy};

/// One fetch of the page, and what the doctor must say of it.
struct Case {
    name: &'static str,
    url: String,
    method: &'static str,
    headers: &'static [&'static str],
    credentials: bool,
    also: &'static [&'static str],
    allowed: bool,
    reason: Option<&'static str>,
    findings: &'static [&'static str],
}

fn skip_or_fail(what: &str) {
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("{what} is missing on CI: install it (`apt-get install nginx chromium`)");
    }
    eprintln!("SKIPPED third-party doctor test: {what} is not installed");
}

/// nginx with the broken configurations CORS guides warn about, and a correct one, for pages
/// at `page`.
fn start_nginx(bin: &PathBuf, page: &str) -> (Nginx, u16) {
    let nginx = nginx::start(bin, "cors-doctor", &NGINX_SERVER.replace("PAGE", page));
    let port = nginx.port;
    (nginx, port)
}

const NGINX_SERVER: &str = r#"    server {
        listen 127.0.0.1:{port};
        set $cors "";
        if ($http_origin = "PAGE") { set $cors $http_origin; }
        # add_header without `always`: a 404 gets no CORS headers.
        location = /no-always/ok { add_header Access-Control-Allow-Origin "PAGE"; add_header Vary Origin; return 200 "ok"; }
        location /no-always/ { add_header Access-Control-Allow-Origin "PAGE"; add_header Vary Origin; return 404; }
        # The origin reflected, with credentials.
        location /reflect { add_header Access-Control-Allow-Origin $http_origin always; add_header Access-Control-Allow-Credentials true always; add_header Vary Origin always; return 200 "ok"; }
        # A wildcard with credentials.
        location /wildcard { add_header Access-Control-Allow-Origin * always; add_header Access-Control-Allow-Credentials true always; return 200 "ok"; }
        # Two add_header lines for the origin.
        location /dup { add_header Access-Control-Allow-Origin "PAGE" always; add_header Access-Control-Allow-Origin "PAGE" always; add_header Vary Origin always; return 200 "ok"; }
        # No Vary.
        location /no-vary { add_header Access-Control-Allow-Origin "PAGE" always; return 200 "ok"; }
        # The preflight answered 405 by the location.
        location /preflight-405 { add_header Access-Control-Allow-Origin "PAGE" always; add_header Vary Origin always; if ($request_method = OPTIONS) { return 405; } return 200 "ok"; }
        # A correct configuration.
        location /correct {
            add_header Access-Control-Allow-Origin $cors always;
            add_header Access-Control-Allow-Methods "PUT" always;
            add_header Access-Control-Allow-Headers "content-type" always;
            add_header Vary Origin always;
            if ($request_method = OPTIONS) { return 204; }
            return 200 "ok";
        }
    }
"#;

async fn serve(app: Router) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    addr
}

type Reports = Arc<Mutex<Vec<(String, String)>>>;

/// The page: runs every case's fetch in order and reports `readable` or `blocked` for each.
fn page_app(cases: &[Case], reports: Reports) -> Router {
    let fetches: Vec<String> = cases
        .iter()
        .map(|c| {
            let headers: Vec<String> = c
                .headers
                .iter()
                .map(|h| match *h {
                    "content-type" => "'content-type': 'application/json'".to_owned(),
                    other => format!("'{other}': '1'"),
                })
                .collect();
            format!(
                "['{}', '{}', {{method: '{}', headers: {{{}}}, credentials: '{}'}}]",
                c.name,
                c.url,
                c.method,
                headers.join(", "),
                if c.credentials { "include" } else { "omit" }
            )
        })
        .collect();
    let html = format!(
        "<!doctype html><script>\
         const cases = [{}];\
         (async () => {{ for (const [name, url, init] of cases) {{\
           let result; try {{ const r = await fetch(url, init); await r.text(); result = 'readable'; }}\
           catch (e) {{ result = 'blocked'; }}\
           await fetch('/report?name=' + name + '&result=' + result); }}\
           await fetch('/report?name=done&result=done'); }})();\
         </script>",
        fetches.join(", ")
    );
    Router::new()
        .route("/", get(move || async move { Html(html) }))
        .route(
            "/report",
            get(
                |State(reports): State<Reports>,
                 Query(q): Query<std::collections::HashMap<String, String>>| async move {
                    reports
                        .lock()
                        .unwrap()
                        .push((q["name"].clone(), q["result"].clone()));
                    "ok"
                },
            ),
        )
        .with_state(reports)
}

#[test]
fn the_doctor_diagnoses_third_party_servers_and_predicts_chromium() {
    let Some(nginx_bin) = nginx::binary("third-party doctor test") else {
        return;
    };
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    // The page's server first: its origin goes into every server's configuration.
    let page_listener = runtime
        .block_on(tokio::net::TcpListener::bind("127.0.0.1:0"))
        .unwrap();
    let page_port = page_listener.local_addr().unwrap().port();
    let page: &'static str = Box::leak(format!("http://localhost:{page_port}").into_boxed_str());
    let (_nginx, port) = start_nginx(&nginx_bin, page);
    let policy = CorsPolicy::builder()
        .allow_origin(page)
        .allow_methods(["PUT"])
        .allow_headers(["content-type"])
        .build()
        .unwrap();
    let tower_cors = runtime.block_on(serve(
        Router::new()
            .route("/api", any(|| async { "ok" }))
            .layer(Cors::new(policy)),
    ));
    let tower_http = runtime.block_on(serve(
        Router::new()
            .route("/api", any(|| async { "ok" }))
            .layer(tower_http::cors::CorsLayer::very_permissive()),
    ));
    let nginx = |path: &str| format!("http://127.0.0.1:{port}{path}");
    let case = |name, url, method, headers, credentials, also, allowed, reason, findings| Case {
        name,
        url,
        method,
        headers,
        credentials,
        also,
        allowed,
        reason,
        findings,
    };
    let cases = [
        case(
            "nginx-no-always",
            nginx("/no-always/ok"),
            "GET",
            &[][..],
            false,
            &["/no-always/missing"][..],
            true,
            None,
            &["error-response-undecorated", "cache-ignores-vary"][..],
        ),
        case(
            "nginx-reflect",
            nginx("/reflect"),
            "GET",
            &[],
            true,
            &[],
            true,
            None,
            &["reflects-any-origin", "null-origin-allowed"],
        ),
        case(
            "nginx-wildcard",
            nginx("/wildcard"),
            "GET",
            &[],
            true,
            &[],
            false,
            Some("CORSNotSupportingCredentials"),
            &["wildcard-with-credentials"],
        ),
        case(
            "nginx-dup",
            nginx("/dup"),
            "GET",
            &[],
            false,
            &[],
            false,
            Some("CORSMultipleAllowOriginNotAllowed"),
            &["duplicate-allow-origin"],
        ),
        case(
            "nginx-no-vary",
            nginx("/no-vary"),
            "GET",
            &[],
            false,
            &[],
            true,
            None,
            &["missing-vary-origin", "cache-ignores-vary"],
        ),
        case(
            "nginx-preflight-405",
            nginx("/preflight-405"),
            "PUT",
            &[],
            false,
            &[],
            false,
            Some("CORSPreflightDidNotSucceed"),
            &["preflight-reaches-app", "cache-ignores-vary"],
        ),
        case(
            "nginx-correct",
            nginx("/correct"),
            "PUT",
            &["content-type"],
            false,
            &[],
            true,
            None,
            &[],
        ),
        case(
            "nginx-correct-header",
            nginx("/correct"),
            "PUT",
            &["x-debug"],
            false,
            &[],
            false,
            Some("CORSMissingAllowHeaderFromPreflight"),
            &[],
        ),
        case(
            "tower-http-mirror",
            format!("http://{tower_http}/api"),
            "PUT",
            &["content-type"],
            true,
            &[],
            true,
            None,
            &["reflects-any-origin", "null-origin-allowed"],
        ),
        case(
            "tower-cors-allowed",
            format!("http://{tower_cors}/api"),
            "PUT",
            &["content-type"],
            false,
            &[],
            true,
            None,
            &[],
        ),
        case(
            "tower-cors-method",
            format!("http://{tower_cors}/api"),
            "DELETE",
            &[],
            false,
            &[],
            false,
            Some("CORSMethodNotFound"),
            &[],
        ),
        case(
            "tower-cors-header",
            format!("http://{tower_cors}/api"),
            "PUT",
            &["x-debug"],
            false,
            &[],
            false,
            Some("CORSMissingAllowHeaderFromPreflight"),
            &[],
        ),
    ];
    for c in &cases {
        let options = Options {
            url: c.url.clone(),
            origin: page.to_owned(),
            method: c.method.to_owned(),
            headers: c.headers.iter().map(|h| (*h).to_owned()).collect(),
            credentials: c.credentials,
            also_paths: c.also.iter().map(|p| (*p).to_owned()).collect(),
            json: false,
            timeout: Duration::from_secs(5),
            ca_file: None,
            // The servers on 127.0.0.1 stand for public ones.
            target_space: Some(AddressSpace::Public),
            ..Options::new("", "")
        };
        let report = runtime.block_on(diagnose(&options)).unwrap();
        assert_eq!(report.allowed, c.allowed, "{}: {report:?}", c.name);
        assert_eq!(
            report.error.as_ref().map(|e| e.code().as_str()),
            c.reason,
            "{}",
            c.name
        );
        let found: Vec<&str> = report.findings.iter().map(|f| f.code).collect();
        assert_eq!(found, c.findings, "{}", c.name);
    }

    // The same fetches in Chromium, from a page at the same origin.
    let Some(chromium) = chromium::find() else {
        return skip_or_fail("chromium");
    };
    let reports = Reports::default();
    let app = page_app(&cases, reports.clone());
    runtime.spawn(async move { axum::serve(page_listener, app).await.unwrap() });
    let mut browser = chromium::Chromium::launch(&chromium, &[], &format!("{page}/")).unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    while !reports.lock().unwrap().iter().any(|(n, _)| n == "done") && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(50));
    }
    let tail = browser.stderr_tail(20);
    browser.stop();
    let seen = reports.lock().unwrap().clone();
    for c in &cases {
        let result = seen
            .iter()
            .find(|(n, _)| n == c.name)
            .map(|(_, r)| r.as_str());
        let expected = if c.allowed { "readable" } else { "blocked" };
        assert_eq!(
            result,
            Some(expected),
            "{}: Chromium disagrees with the doctor\n{tail}",
            c.name
        );
    }
}
