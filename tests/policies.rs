//! Policies chosen per request over real HTTP on 127.0.0.1: a reloadable policy replaced while
//! the server runs (requests in flight keep theirs), and policies per path prefix.

use std::net::SocketAddr;

use axum::Router;
use axum::routing::get;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tower_cors::{Cors, CorsConfig, CorsPolicy};

async fn serve(app: Router) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    addr
}

/// Sends one HTTP/1.1 request; returns the status and the lower-cased response head.
async fn send(addr: SocketAddr, method: &str, path: &str, origin: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let mut request = format!(
        "{method} {path} HTTP/1.1\r\nhost: {addr}\r\nconnection: close\r\norigin: {origin}\r\n"
    );
    if method == "OPTIONS" {
        request.push_str("access-control-request-method: PUT\r\n");
    }
    request.push_str("\r\n");
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).await.unwrap();
    let head = response
        .split("\r\n\r\n")
        .next()
        .unwrap()
        .to_ascii_lowercase();
    (response[9..12].parse().unwrap(), head)
}

fn tenants(origins: &[&str]) -> CorsPolicy {
    CorsPolicy::builder()
        .allow_origins(origins.iter().copied())
        .allow_method("PUT")
        .build()
        .unwrap()
}

#[tokio::test]
async fn a_path_prefix_gets_its_own_policy_and_the_rest_the_default() {
    let app = Router::new()
        .route("/account", get(|| async { "private" }))
        .route("/public/status", get(|| async { "ok" }))
        .route("/publicity", get(|| async { "ad" }))
        .layer(
            Cors::new(tenants(&["https://app.example.com"]))
                .with_path_prefix("/public", CorsConfig::public().build().unwrap()),
        );
    let addr = serve(app).await;
    let (status, head) = send(addr, "OPTIONS", "/public/status", "https://any.test").await;
    assert_eq!(status, 204);
    assert!(head.contains("access-control-allow-origin: *"), "{head}");
    let (status, head) = send(addr, "GET", "/public/status", "https://any.test").await;
    assert_eq!(status, 200);
    assert!(head.contains("access-control-allow-origin: *"), "{head}");
    // By whole segments, and never through a dot segment: the same rule as a guard's
    // exemptions.
    for path in [
        "/account",
        "/publicity",
        "/public/../account",
        "/Public/status",
    ] {
        assert_eq!(
            send(addr, "OPTIONS", path, "https://any.test").await.0,
            403,
            "{path}"
        );
        let (status, head) = send(addr, "OPTIONS", path, "https://app.example.com").await;
        assert_eq!(status, 204, "{path}");
        assert!(
            head.contains("access-control-allow-origin: https://app.example.com"),
            "{head}"
        );
    }
}

/// "CORS off" said explicitly: no cross-origin page reads a response or passes a preflight,
/// and a CORS header a handler sets by itself never reaches the browser.
#[tokio::test]
async fn same_origin_only_answers_no_cross_origin_request_and_strips_handler_headers() {
    let from_builder = CorsConfig::same_origin_only().build().unwrap();
    let from_env = CorsConfig::from_vars("CORS", [("CORS_ALLOW_ORIGINS", "")])
        .unwrap()
        .build()
        .unwrap();
    for policy in [from_builder, from_env] {
        let app = Router::new()
            .route(
                "/",
                get(|| async {
                    (
                        [
                            ("access-control-allow-origin", "*"),
                            ("access-control-allow-credentials", "true"),
                        ],
                        "stray",
                    )
                }),
            )
            .layer(Cors::new(policy));
        let addr = serve(app).await;
        let (status, head) = send(addr, "OPTIONS", "/", "https://app.example.com").await;
        assert_eq!(status, 403);
        assert!(!head.contains("access-control-allow-origin"), "{head}");
        let (status, head) = send(addr, "GET", "/", "https://app.example.com").await;
        assert_eq!(status, 200);
        assert!(!head.contains("access-control-"), "{head}");
        assert!(head.contains("vary: origin"), "{head}");
    }
    // Without the explicit word, an empty allowlist is still a mistake that names it.
    let err = CorsConfig::new().build().unwrap_err();
    assert!(
        err.to_string().contains("CorsConfig::same_origin_only()"),
        "{err}"
    );
    let err = CorsConfig::from_vars("CORS", [("CORS_MAX_AGE", "600")])
        .unwrap()
        .build()
        .unwrap_err();
    assert!(err.to_string().contains("empty allow_origins"), "{err}");
}

#[cfg(feature = "reload")]
mod reload {
    use std::sync::Arc;

    use tokio::sync::Notify;
    use tower_cors::{ReloadablePolicy, TenantPolicies};

    use super::*;

    const A: &str = "https://a.example.com";
    const B: &str = "https://b.example.com";

    /// The tenant of a request: the realm of `/realms/{realm}/...`.
    fn realm<'a>(uri: &'a http::Uri, _: &'a http::HeaderMap) -> Option<&'a str> {
        uri.path().strip_prefix("/realms/")?.split('/').next()
    }

    fn credentialed(origin: &str) -> CorsPolicy {
        CorsPolicy::builder()
            .allow_origin(origin)
            .allow_method("PUT")
            .allow_credentials(true)
            .build()
            .unwrap()
    }

    /// An identity server's realms: each realm's registered origins may call that realm's
    /// paths only; the master realm, unknown realms and paths without a realm refuse them.
    #[tokio::test]
    async fn each_tenant_is_isolated_and_one_is_replaced_at_run_time() {
        const MASTER: &str = "https://console.example.com";
        const B2: &str = "https://b2.example.com";
        let realms = TenantPolicies::new();
        realms.insert("a", credentialed(A));
        realms.insert("b", credentialed(B));
        realms.insert("master", credentialed(MASTER));
        let app = Router::new()
            .route("/realms/{realm}/token", get(|| async { "token" }))
            .route("/token", get(|| async { "token" }))
            .layer(
                Cors::new(CorsConfig::same_origin_only().build().unwrap())
                    .per_tenant(&realms, realm),
            );
        let addr = serve(app).await;
        // Path, origin, whether the preflight is allowed.
        let table = |b_origin: &'static str| -> Vec<(&'static str, &'static str, bool)> {
            vec![
                ("/realms/a/token", A, true),
                ("/realms/b/token", A, false),
                ("/realms/master/token", A, false),
                ("/realms/unknown/token", A, false),
                ("/token", A, false),
                ("/realms/a/token", b_origin, false),
                ("/realms/b/token", b_origin, true),
                ("/realms/master/token", MASTER, true),
                ("/realms/a/token", MASTER, false),
            ]
        };
        for (path, origin, allowed) in table(B) {
            let (status, head) = send(addr, "OPTIONS", path, origin).await;
            assert_eq!(status == 204, allowed, "{origin} on {path}: {head}");
            let grants = head.contains(&format!("access-control-allow-origin: {origin}"));
            assert_eq!(grants, allowed, "{origin} on {path}: {head}");
        }
        // Realm b moves to another site while the server runs; the others do not notice.
        realms.insert("b", credentialed(B2));
        for (path, origin, allowed) in table(B2) {
            assert_eq!(
                send(addr, "OPTIONS", path, origin).await.0 == 204,
                allowed,
                "{origin} on {path}"
            );
        }
        assert_eq!(send(addr, "OPTIONS", "/realms/b/token", B).await.0, 403);
        realms.remove("b");
        assert_eq!(send(addr, "OPTIONS", "/realms/b/token", B2).await.0, 403);
        assert_eq!(send(addr, "OPTIONS", "/realms/a/token", A).await.0, 204);
    }

    #[tokio::test]
    async fn a_replaced_policy_applies_to_the_next_request_without_a_restart() {
        let policy = ReloadablePolicy::new(tenants(&[A]));
        let app = Router::new()
            .route("/", get(|| async { "hello" }))
            .layer(Cors::new(&policy));
        let addr = serve(app).await;
        assert_eq!(send(addr, "OPTIONS", "/", A).await.0, 204);
        assert_eq!(send(addr, "OPTIONS", "/", B).await.0, 403);
        policy.replace(tenants(&[A, B]));
        assert_eq!(send(addr, "OPTIONS", "/", B).await.0, 204);
        policy.replace(tenants(&[B]));
        assert_eq!(send(addr, "OPTIONS", "/", A).await.0, 403);
        assert_eq!(send(addr, "OPTIONS", "/", B).await.0, 204);
    }

    #[tokio::test]
    async fn a_request_in_flight_keeps_the_policy_it_started_with() {
        let policy = ReloadablePolicy::new(tenants(&[A]));
        let (entered, release) = (Arc::new(Notify::new()), Arc::new(Notify::new()));
        let (e, r) = (entered.clone(), release.clone());
        let app = Router::new()
            .route(
                "/slow",
                get(move || async move {
                    e.notify_one();
                    r.notified().await;
                    "done"
                }),
            )
            .layer(Cors::new(&policy));
        let addr = serve(app).await;
        let in_flight = tokio::spawn(send(addr, "GET", "/slow", A));
        entered.notified().await;
        policy.replace(tenants(&[B]));
        release.notify_one();
        let (status, head) = in_flight.await.unwrap();
        assert_eq!(status, 200);
        assert!(
            head.contains("access-control-allow-origin: https://a.example.com"),
            "{head}"
        );
        assert_eq!(send(addr, "OPTIONS", "/slow", A).await.0, 403);
    }
}
