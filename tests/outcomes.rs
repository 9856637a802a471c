//! What the code around the layer can see: each request's outcome in the request's and the
//! response's extensions, guards in report-only mode, and the candidate policy's report in
//! bounded memory under a flood of distinct origins.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use axum::Router;
use axum::extract::Extension;
use axum::http::{Request, StatusCode};
use axum::response::Response;
use axum::routing::{get, post};
use tower::ServiceExt;
use tower_cors::guard::{CrossOriginGuard, GuardRefusalKind, HostGuard, TrustedOrigins};
use tower_cors::{Change, Cors, CorsConfig, CorsOutcome, CorsPolicy, Grant, RequestKind};

const APP: &str = "https://app.example.com";

fn policy() -> CorsPolicy {
    CorsPolicy::builder()
        .allow_origin(APP)
        .allow_origin("https://*.tenants.example.com")
        .allow_method("PUT")
        .build()
        .unwrap()
}

async fn call(app: &Router, request: Request<axum::body::Body>) -> Response {
    app.clone().oneshot(request).await.unwrap()
}

fn get_from(origin: &str) -> Request<axum::body::Body> {
    Request::get("/")
        .header("origin", origin)
        .body(axum::body::Body::empty())
        .unwrap()
}

#[tokio::test]
async fn outcomes_reach_the_handler_and_the_response_when_asked_for() {
    let seen = Arc::new(std::sync::Mutex::new(Vec::new()));
    let record = seen.clone();
    let app = Router::new()
        .route(
            "/",
            get(move |outcome: Option<Extension<CorsOutcome>>| async move {
                record.lock().unwrap().push(outcome.map(|o| o.0));
                "ok"
            }),
        )
        .layer(Cors::new(policy()).record_outcomes());
    let response = call(&app, get_from("https://a.tenants.example.com")).await;
    let outcome = *response.extensions().get::<CorsOutcome>().unwrap();
    assert_eq!(outcome.kind, RequestKind::Actual);
    assert!(outcome.allowed);
    assert_eq!(outcome.grant, Some(Grant::Pattern(0)));
    assert_eq!(
        policy().origins().entry(Grant::Pattern(0)).as_deref(),
        Some("https://*.tenants.example.com")
    );
    assert_eq!(seen.lock().unwrap().last().copied(), Some(Some(outcome)));
    let response = call(&app, get_from("https://evil.test")).await;
    let outcome = *response.extensions().get::<CorsOutcome>().unwrap();
    assert!(!outcome.allowed);
    assert_eq!(
        outcome.reason.map(|r| r.as_str()),
        Some("CORSMissingAllowOrigin")
    );
    assert_eq!(outcome.grant, None);
    // A preflight is answered by the layer: its answer carries the outcome.
    let preflight = Request::options("/")
        .header("origin", APP)
        .header("access-control-request-method", "DELETE")
        .body(axum::body::Body::empty())
        .unwrap();
    let response = call(&app, preflight).await;
    let outcome = *response.extensions().get::<CorsOutcome>().unwrap();
    assert_eq!(outcome.kind, RequestKind::Preflight);
    assert_eq!(
        outcome.reason.map(|r| r.as_str()),
        Some("CORSMethodNotFound")
    );
    assert_eq!(
        outcome.grant,
        Some(Grant::Origin),
        "the origin passed; the method did not"
    );
    // Not asked for: nothing in the extensions.
    let plain = Router::new()
        .route("/", get(|| async { "ok" }))
        .layer(Cors::new(policy()));
    let response = call(&plain, get_from(APP)).await;
    assert!(response.extensions().get::<CorsOutcome>().is_none());
}

#[tokio::test]
async fn a_report_only_guard_lets_through_what_it_would_refuse_and_says_so() {
    let runs = Arc::new(AtomicUsize::new(0));
    let counted = {
        let runs = runs.clone();
        move |kind: Option<Extension<GuardRefusalKind>>| {
            runs.fetch_add(1, Ordering::SeqCst);
            async move { kind.map_or("clean".to_owned(), |k| k.0.name().to_owned()) }
        }
    };
    let forged = || {
        Request::post("/transfer")
            .header("host", "attacker.test:3000")
            .header("origin", "https://evil.test")
            .header("sec-fetch-site", "cross-site")
            .body(axum::body::Body::empty())
            .unwrap()
    };
    let trusted = TrustedOrigins::from_policy(&policy());
    let enforced = Router::new()
        .route("/transfer", post(counted.clone()))
        .layer(CrossOriginGuard::new(trusted.clone()))
        .layer(HostGuard::loopback(3000));
    let response = call(&enforced, forged()).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        response.extensions().get(),
        Some(&GuardRefusalKind::UnknownHost)
    );
    assert_eq!(runs.load(Ordering::SeqCst), 0);
    let watching = Router::new()
        .route("/transfer", post(counted))
        .layer(CrossOriginGuard::new(trusted).report_only())
        .layer(HostGuard::loopback(3000).report_only());
    let response = call(&watching, forged()).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(runs.load(Ordering::SeqCst), 1);
    let body = axum::body::to_bytes(response.into_body(), 1024)
        .await
        .unwrap();
    // The inner guard's finding is the one the handler sees last.
    assert_eq!(&body[..], b"cross-origin");
}

#[tokio::test]
async fn a_candidate_never_answers_and_its_report_stays_bounded_under_a_flood() {
    let cors = Cors::new(CorsConfig::public().build().unwrap())
        .with_candidate(CorsConfig::new().allow_origin(APP), 50)
        .unwrap();
    let report = cors.candidate_report().unwrap();
    let app = Router::new().route("/", get(|| async { "ok" })).layer(cors);
    let plain = Router::new()
        .route("/", get(|| async { "ok" }))
        .layer(Cors::new(CorsConfig::public().build().unwrap()));
    // The same answers as without the candidate.
    for origin in [APP, "https://partner.example", "null"] {
        let with = call(&app, get_from(origin)).await;
        let without = call(&plain, get_from(origin)).await;
        assert_eq!(with.status(), without.status());
        assert_eq!(with.headers(), without.headers(), "{origin}");
    }
    let (before, _) = report.totals();
    assert!(before >= 1, "partner.example would be refused");
    // Two heavy hitters among 1,000,000 distinct origins, recorded as the layer records them
    // (driving a million requests through the layer would only make the test slower).
    let service = report.clone();
    let readers = std::thread::spawn(move || {
        // Reading while traffic flows sees a consistent report.
        for _ in 0..50 {
            let entries = service.entries();
            assert!(entries.len() <= 100);
            let (refuse, _) = service.totals();
            assert!(entries.iter().map(|e| e.count - e.error).sum::<u64>() <= refuse);
        }
    });
    let mut seed = 0x2545_f491_4f6c_dd1du64;
    for i in 0..1_000_000u64 {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let origin = match i % 10 {
            0 | 1 => "https://partner.example".to_owned(),
            2 => "https://shop.partner.example".to_owned(),
            _ => format!("https://{seed:016x}.flood.test"),
        };
        report.record(Change::WouldRefuse, origin.as_bytes(), "*");
    }
    readers.join().unwrap();
    let entries = report.entries();
    assert!(entries.len() <= 50, "{} entries kept", entries.len());
    let bytes: usize = entries.iter().map(|e| e.origin.len() + e.entry.len()).sum();
    assert!(bytes < 50 * 200, "{bytes} bytes of text kept");
    assert_eq!(entries[0].origin, "https://partner.example");
    assert!(entries[0].count >= 200_000);
    assert_eq!(entries[1].origin, "https://shop.partner.example");
    assert!(entries.iter().all(|e| e.change == Change::WouldRefuse));
    let (refuse, allow) = report.totals();
    assert_eq!((refuse, allow), (before + 1_000_000, 0));
}
