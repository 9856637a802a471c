//! The doctor against real servers on 127.0.0.1: tower-cors policies, tower-http layers, and
//! axum handlers that make the mistakes CORS guides warn about. Each case states the verdict,
//! the reason and the findings the doctor must report.

use std::net::SocketAddr;
use std::time::Duration;

use axum::Router;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::response::IntoResponse;
use axum::routing::{any, get};
use cors_doctor::{Options, Report, diagnose};
use tower_cors::diagnostics::AddressSpace;
use tower_cors::{Cors, CorsPolicy};

const PAGE: &str = "http://localhost:5173";

async fn serve(app: Router) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    addr
}

fn options(url: String, method: &str, headers: &[&str], credentials: bool) -> Options {
    Options {
        url,
        origin: PAGE.to_owned(),
        method: method.to_owned(),
        headers: headers.iter().map(|h| (*h).to_owned()).collect(),
        credentials,
        also_paths: Vec::new(),
        json: false,
        timeout: Duration::from_secs(5),
        ca_file: None,
        // The servers on 127.0.0.1 stand for public ones.
        target_space: Some(AddressSpace::Public),
        ..Options::new("", "")
    }
}

fn codes(report: &Report) -> Vec<&'static str> {
    report.findings.iter().map(|f| f.code).collect()
}

fn tower_cors_app() -> Router {
    let policy = CorsPolicy::builder()
        .allow_origin(PAGE)
        .allow_methods(["PUT"])
        .allow_headers(["content-type"])
        .allow_credentials(true)
        .build()
        .unwrap();
    Router::new()
        .route("/api", any(|| async { "ok" }))
        .layer(Cors::new(policy))
}

#[tokio::test]
async fn tower_cors_allowed_and_refused_requests_are_diagnosed_with_their_reason() {
    let addr = serve(tower_cors_app()).await;
    let url = format!("http://{addr}/api");
    let ok = diagnose(&options(url.clone(), "PUT", &["content-type"], true))
        .await
        .unwrap();
    assert!(ok.allowed, "{ok:?}");
    assert_eq!(ok.exit_code(), 0);
    assert!(ok.findings.is_empty(), "{:?}", ok.findings);
    assert_eq!(ok.exchanges.len(), 2, "a preflight, then the request");

    for (method, headers, stage, reason, fix) in [
        (
            "PATCH",
            &[][..],
            "preflight",
            "CORSMethodNotFound",
            "add `PATCH` to `Access-Control-Allow-Methods`",
        ),
        (
            "PUT",
            &["x-debug"][..],
            "preflight",
            "CORSMissingAllowHeaderFromPreflight",
            "add `x-debug` to `Access-Control-Allow-Headers`",
        ),
    ] {
        let report = diagnose(&options(url.clone(), method, headers, true))
            .await
            .unwrap();
        assert!(!report.allowed);
        assert_eq!(report.exit_code(), 1);
        assert_eq!(report.stage, Some(stage));
        assert_eq!(report.error.as_ref().unwrap().code().as_str(), reason);
        assert!(
            report.fix.as_ref().unwrap().starts_with(fix),
            "{:?}",
            report.fix
        );
    }
    let mut stranger = options(url, "GET", &[], false);
    stranger.origin = "https://evil.test".to_owned();
    let report = diagnose(&stranger).await.unwrap();
    assert_eq!((report.allowed, report.stage), (false, Some("actual")));
    assert_eq!(
        report.error.unwrap().code().as_str(),
        "CORSMissingAllowOrigin"
    );
}

#[tokio::test]
async fn tower_http_mirroring_every_origin_with_credentials_is_a_security_finding() {
    let app = Router::new()
        .route("/api", any(|| async { "ok" }))
        .layer(tower_http::cors::CorsLayer::very_permissive());
    let addr = serve(app).await;
    let report = diagnose(&options(
        format!("http://{addr}/api"),
        "PUT",
        &["content-type"],
        true,
    ))
    .await
    .unwrap();
    assert!(report.allowed);
    assert_eq!(report.exit_code(), 3);
    assert!(
        codes(&report).contains(&"reflects-any-origin"),
        "{:?}",
        report.findings
    );
    assert!(
        codes(&report).contains(&"null-origin-allowed"),
        "{:?}",
        report.findings
    );
}

#[tokio::test]
async fn a_tower_http_refusal_names_the_tower_http_builder_call() {
    let app = Router::new().route("/api", any(|| async { "ok" })).layer(
        tower_http::cors::CorsLayer::new()
            .allow_origin(HeaderValue::from_static(PAGE))
            .allow_methods([Method::GET]),
    );
    let addr = serve(app).await;
    let report = diagnose(&options(format!("http://{addr}/api"), "PUT", &[], false))
        .await
        .unwrap();
    assert_eq!(
        report.error.as_ref().unwrap().code().as_str(),
        "CORSMethodNotFound"
    );
    assert_eq!(
        report.builder.as_deref(),
        Some(r#".allow_methods([Method::from_bytes(b"PUT")?])"#)
    );
}

#[tokio::test]
async fn a_preflight_answered_by_the_application_is_found() {
    // The CORS layer decorates responses but leaves OPTIONS to the router, which answers 405.
    let app =
        Router::new()
            .route("/api", get(|| async { "ok" }))
            .layer(axum::middleware::map_response(
                |mut response: axum::response::Response| async move {
                    response.headers_mut().insert(
                        header::ACCESS_CONTROL_ALLOW_ORIGIN,
                        HeaderValue::from_static(PAGE),
                    );
                    response
                },
            ));
    let addr = serve(app).await;
    let report = diagnose(&options(format!("http://{addr}/api"), "PUT", &[], false))
        .await
        .unwrap();
    assert_eq!(
        report.error.as_ref().unwrap().code().as_str(),
        "CORSPreflightDidNotSucceed"
    );
    assert!(
        codes(&report).contains(&"preflight-reaches-app"),
        "{:?}",
        report.findings
    );
}

#[tokio::test]
async fn tower_http_any_origin_blocks_a_credentialed_fetch() {
    let app = Router::new()
        .route("/api", any(|| async { "ok" }))
        .layer(tower_http::cors::CorsLayer::permissive());
    let addr = serve(app).await;
    let report = diagnose(&options(format!("http://{addr}/api"), "GET", &[], true))
        .await
        .unwrap();
    assert!(!report.allowed);
    assert_eq!(
        report.error.unwrap().code().as_str(),
        "CORSNotSupportingCredentials"
    );
}

/// Handlers that write CORS headers by hand, each with one classic mistake.
fn broken_app() -> Router {
    let page = HeaderValue::from_static(PAGE);
    let no_vary = {
        let page = page.clone();
        move || async move { ([(header::ACCESS_CONTROL_ALLOW_ORIGIN, page)], "ok") }
    };
    let duplicate = {
        let page = page.clone();
        move || async move {
            let mut headers = HeaderMap::new();
            headers.append(header::ACCESS_CONTROL_ALLOW_ORIGIN, page.clone());
            headers.append(header::ACCESS_CONTROL_ALLOW_ORIGIN, page);
            (headers, "ok")
        }
    };
    let redirect = |method: Method| async move {
        if method == Method::OPTIONS {
            (
                StatusCode::MOVED_PERMANENTLY,
                [(header::LOCATION, "/elsewhere")],
            )
                .into_response()
        } else {
            "ok".into_response()
        }
    };
    let covered = {
        let page = page.clone();
        move || async move {
            (
                [
                    (header::ACCESS_CONTROL_ALLOW_ORIGIN, page),
                    (header::VARY, HeaderValue::from_static("Origin")),
                ],
                "ok",
            )
        }
    };
    Router::new()
        .route("/no-vary", get(no_vary))
        .route("/duplicate", get(duplicate))
        .route("/redirect", any(redirect))
        .route("/covered", get(covered))
}

#[tokio::test]
async fn mistakes_browsers_do_not_report_are_found() {
    let addr = serve(broken_app()).await;
    let url = |path: &str| format!("http://{addr}{path}");

    // Only what a browser sends: the static origin is the page's, right for it.
    let mut no_vary = options(url("/no-vary"), "GET", &[], false);
    no_vary.no_probes = true;
    let report = diagnose(&no_vary).await.unwrap();
    assert!(report.allowed);
    assert_eq!(codes(&report), ["missing-vary-origin"]);
    assert_eq!(report.exit_code(), 0, "a warning, not a security finding");
    assert_eq!(report.requests, 1, "no probe");

    let report = diagnose(&options(url("/duplicate"), "GET", &[], false))
        .await
        .unwrap();
    assert!(!report.allowed);
    assert_eq!(
        report.error.as_ref().unwrap().code().as_str(),
        "CORSMultipleAllowOriginNotAllowed"
    );
    assert!(codes(&report).contains(&"duplicate-allow-origin"));

    let report = diagnose(&options(url("/redirect"), "PUT", &[], false))
        .await
        .unwrap();
    assert_eq!(report.stage, Some("preflight"));
    assert_eq!(
        report.error.as_ref().unwrap().code().as_str(),
        "CORSPreflightDidNotSucceed"
    );
    assert!(codes(&report).contains(&"preflight-redirected"));

    let mut covered = options(url("/covered"), "GET", &[], false);
    covered.also_paths = vec!["/missing".to_owned()];
    covered.no_probes = true;
    let report = diagnose(&covered).await.unwrap();
    assert!(report.allowed);
    assert_eq!(codes(&report), ["error-response-undecorated"]);
}

#[test]
fn the_command_prints_json_and_exits_with_the_verdict() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let addr = runtime.block_on(serve(tower_cors_app()));
    let run = |args: &[&str]| {
        std::process::Command::new(env!("CARGO_BIN_EXE_cors-doctor"))
            .args(args)
            .output()
            .unwrap()
    };
    let url = format!("http://{addr}/api");
    let out = run(&[&url, "--origin", PAGE, "--method", "PATCH", "--json"]);
    assert_eq!(out.status.code(), Some(1));
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["verdict"], "blocked");
    assert_eq!(json["stage"], "preflight");
    assert_eq!(json["reason"], "CORSMethodNotFound");
    assert_eq!(
        json["messages"]["chrome"],
        "Method PATCH is not allowed by Access-Control-Allow-Methods in preflight response."
    );
    assert_eq!(
        json["messages"]["firefox"],
        "Did not find method in CORS header ‘Access-Control-Allow-Methods’"
    );
    assert_eq!(json["exchanges"][0]["response"]["status"], 204);
    let out = run(&[&url, "--origin", PAGE]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert!(String::from_utf8_lossy(&out.stdout).contains("verdict: allowed"));
    assert_eq!(run(&[&url]).status.code(), Some(2), "no --origin");
    assert_eq!(
        run(&["http://127.0.0.1:9/", "--origin", PAGE, "--timeout", "2"])
            .status
            .code(),
        Some(2)
    );
}

#[tokio::test]
async fn the_request_budget_bounds_the_probes_and_no_probes_sends_only_the_browsers() {
    let hits = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let counter = hits.clone();
    let policy = CorsPolicy::builder()
        .allow_origin("https://app.example.com")
        .build()
        .unwrap();
    let app = Router::new()
        .route("/api", any(|| async { "ok" }))
        .layer(Cors::new(policy))
        .layer(axum::middleware::from_fn(
            move |req: axum::extract::Request, next: axum::middleware::Next| {
                counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                next.run(req)
            },
        ));
    let addr = serve(app).await;
    let sent = || hits.swap(0, std::sync::atomic::Ordering::SeqCst);
    let mut options = Options::new(&format!("http://{addr}/api"), "https://app.example.com");
    options.target_space = Some(AddressSpace::Public);
    let full = diagnose(&options).await.unwrap();
    assert_eq!(
        (full.requests, sent()),
        (13, 13),
        "the GET, the foreign origin, null, 10 look-alikes"
    );
    assert!(
        full.unsent.is_empty() && full.findings.is_empty(),
        "{:?}",
        full.findings
    );
    options.max_requests = 5;
    let bounded = diagnose(&options).await.unwrap();
    assert_eq!((bounded.requests, sent()), (5, 5));
    let kinds: Vec<&str> = bounded.probes.iter().map(|p| p.kind).collect();
    assert_eq!(
        kinds,
        ["foreign-origin", "null", "suffix-appended", "prefix-glued"]
    );
    assert_eq!(bounded.unsent.len(), 8);
    options.no_probes = true;
    let browser_only = diagnose(&options).await.unwrap();
    assert_eq!((browser_only.requests, sent()), (1, 1));
    assert!(browser_only.probes.is_empty());
}

/// A public page calling a server on loopback: Chromium and Firefox send nothing until the user
/// allows it, whatever the server answers; the doctor says so in their words. A page on
/// loopback too, or a server said to be public, gets no such finding.
#[tokio::test]
async fn a_public_page_calling_loopback_is_told_about_local_network_access() {
    let policy = CorsPolicy::builder()
        .allow_origin("https://app.example.com")
        .allow_origin("http://localhost:5173")
        .build()
        .unwrap();
    let addr = serve(
        Router::new()
            .route("/api", get(|| async { "ok" }))
            .layer(Cors::new(policy)),
    )
    .await;
    let url = format!("http://{addr}/api");
    let mut options = Options::new(&url, "https://app.example.com");
    options.no_probes = true;
    let report = diagnose(&options).await.unwrap();
    assert_eq!(report.codes(), ["local-network-access"]);
    let detail = &report.findings[0].detail;
    assert!(
        detail.contains(
            "Permission was denied for this request to access the `loopback` address space."
        ),
        "{detail}"
    );
    assert!(
        detail.contains("Local Network Access permission required"),
        "{detail}"
    );
    let local_page = Options {
        origin: "http://localhost:5173".to_owned(),
        ..options.clone()
    };
    assert!(diagnose(&local_page).await.unwrap().findings.is_empty());
    options.target_space = Some(AddressSpace::Public);
    assert!(diagnose(&options).await.unwrap().findings.is_empty());
}
