//! The origin guards over real HTTP on 127.0.0.1: WebSocket handshakes with a real client
//! (`tokio-tungstenite`), cross-origin form posts with raw HTTP/1.1, both composed with `Cors`
//! in either order; and a property test that a guard trusts exactly what the CORS matcher
//! allows.

mod support;

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use axum::Router;
use axum::extract::ws::{Message, WebSocketUpgrade};
use axum::routing::{get, post};
use futures_util::{SinkExt, StreamExt};
use http::{HeaderMap, HeaderValue, header};
use proptest::prelude::*;
use support::strategies;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio_tungstenite::tungstenite::client::IntoClientRequest;
use tower_cors::guard::{CrossOriginGuard, TrustedOrigins, WebSocketGuard};
use tower_cors::{Cors, CorsPolicy};

const APP: &str = "https://app.example.com";
const EVIL: &str = "https://evil.test";

fn policy() -> CorsPolicy {
    CorsPolicy::builder()
        .allow_origin(APP)
        .allow_origin("https://*.tenants.example.com")
        .allow_methods([http::Method::PUT])
        .allow_credentials(true)
        .build()
        .unwrap()
}

async fn serve(app: Router) -> SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    addr
}

/// An echo WebSocket route that counts the upgrades it performs.
fn websocket_app(guard: WebSocketGuard, upgrades: Arc<AtomicUsize>) -> Router {
    Router::new()
        .route(
            "/ws",
            get(move |ws: WebSocketUpgrade| async move {
                ws.on_upgrade(move |mut socket| async move {
                    upgrades.fetch_add(1, Ordering::SeqCst);
                    while let Some(Ok(Message::Text(text))) = socket.recv().await {
                        let _ = socket.send(Message::Text(text)).await;
                    }
                })
            }),
        )
        .layer(guard)
        .layer(Cors::new(policy()))
}

/// Opens a WebSocket with `origin` (or none) and exchanges one message: `Ok` with the echo,
/// or `Err` with the HTTP status of the refused handshake.
async fn open(addr: SocketAddr, origin: Option<&str>) -> Result<String, u16> {
    let mut request = format!("ws://{addr}/ws").into_client_request().unwrap();
    if let Some(origin) = origin {
        request
            .headers_mut()
            .insert(header::ORIGIN, HeaderValue::from_str(origin).unwrap());
    }
    match tokio_tungstenite::connect_async(request).await {
        Ok((mut socket, _)) => {
            socket.send("ping".into()).await.unwrap();
            let echo = socket.next().await.unwrap().unwrap();
            Ok(echo.into_text().unwrap().to_string())
        }
        Err(tokio_tungstenite::tungstenite::Error::Http(response)) => {
            Err(response.status().as_u16())
        }
        Err(other) => panic!("unexpected WebSocket error: {other}"),
    }
}

#[tokio::test]
async fn websocket_handshake_from_untrusted_origin_is_refused_before_the_upgrade() {
    let upgrades = Arc::new(AtomicUsize::new(0));
    let guard = WebSocketGuard::new(TrustedOrigins::from_policy(&policy()));
    let addr = serve(websocket_app(guard, upgrades.clone())).await;

    assert_eq!(open(addr, Some(APP)).await, Ok("ping".to_owned()));
    assert_eq!(
        open(addr, Some("https://a.tenants.example.com")).await,
        Ok("ping".to_owned())
    );
    assert_eq!(upgrades.load(Ordering::SeqCst), 2);

    for refused in [
        EVIL,
        "null",
        "https://app.example.com.evil.test",
        "http://app.example.com",
    ] {
        assert_eq!(open(addr, Some(refused)).await, Err(403), "{refused}");
    }
    assert_eq!(
        upgrades.load(Ordering::SeqCst),
        2,
        "no upgrade for a refused origin"
    );

    // No `Origin`: not a browser, let through by default.
    assert_eq!(open(addr, None).await, Ok("ping".to_owned()));
}

#[tokio::test]
async fn websocket_handshake_without_origin_can_be_refused() {
    let upgrades = Arc::new(AtomicUsize::new(0));
    let guard = WebSocketGuard::new(TrustedOrigins::from_policy(&policy())).refuse_missing_origin();
    let addr = serve(websocket_app(guard, upgrades.clone())).await;
    assert_eq!(open(addr, None).await, Err(403));
    assert_eq!(open(addr, Some(APP)).await, Ok("ping".to_owned()));
    assert_eq!(upgrades.load(Ordering::SeqCst), 1);
}

#[test]
fn websocket_refusal_names_the_origin_and_the_fix() {
    let guard = WebSocketGuard::new(TrustedOrigins::from_policy(&policy()));
    let mut headers = HeaderMap::new();
    headers.insert(header::UPGRADE, HeaderValue::from_static("websocket"));
    headers.insert(header::ORIGIN, HeaderValue::from_static(EVIL));
    let refusal = guard.check(&headers).unwrap_err();
    assert_eq!(
        refusal.to_string(),
        r#"a page of "https://evil.test" may not open a WebSocket here: if its pages are yours, add allow_origin("https://evil.test") to the trusted origins"#
    );
    // Not a handshake: the guard has nothing to say.
    headers.remove(header::UPGRADE);
    assert!(guard.check(&headers).is_ok());
}

/// A form-post target that counts how often its handler runs, behind the guard and `Cors`
/// (in either order), with an exempt webhook path.
fn forgery_app(guard_outside_cors: bool, runs: Arc<AtomicUsize>) -> Router {
    let guard = CrossOriginGuard::new(TrustedOrigins::from_policy(&policy()))
        .exempt_path_prefix("/webhooks/");
    let counted = move || {
        let runs = runs.clone();
        async move {
            runs.fetch_add(1, Ordering::SeqCst);
            "done"
        }
    };
    let routes = Router::new()
        .route(
            "/transfer",
            post(counted.clone())
                .put(counted.clone())
                .get(counted.clone()),
        )
        .route("/webhooks/pay", post(counted));
    if guard_outside_cors {
        routes.layer(Cors::new(policy())).layer(guard)
    } else {
        routes.layer(guard).layer(Cors::new(policy()))
    }
}

/// Sends one HTTP/1.1 request with `headers` and returns the status and the response head.
async fn send(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
) -> (u16, String) {
    let mut stream = TcpStream::connect(addr).await.unwrap();
    let mut request = format!("{method} {path} HTTP/1.1\r\nhost: {addr}\r\nconnection: close\r\n");
    for (name, value) in headers {
        request.push_str(&format!("{name}: {value}\r\n"));
    }
    request.push_str(
        "content-type: application/x-www-form-urlencoded\r\ncontent-length: 5\r\n\r\na=b&c",
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).await.unwrap();
    let status = response[9..12].parse().unwrap();
    let head = response
        .split("\r\n\r\n")
        .next()
        .unwrap()
        .to_ascii_lowercase();
    (status, head)
}

/// Method, path, request headers, expected status.
type Case<'a> = (&'a str, &'a str, &'a [(&'a str, &'a str)], u16);

#[tokio::test]
async fn cross_origin_unsafe_requests_are_refused_before_the_handler_runs() {
    for guard_outside_cors in [false, true] {
        let runs = Arc::new(AtomicUsize::new(0));
        let addr = serve(forgery_app(guard_outside_cors, runs.clone())).await;
        let own = format!("http://{addr}");
        let sibling = format!("http://127.0.0.1:{}", addr.port() + 1);
        let cases: &[Case<'_>] = &[
            // Browsers with Sec-Fetch-Site.
            (
                "POST",
                "/transfer",
                &[("sec-fetch-site", "cross-site"), ("origin", EVIL)],
                403,
            ),
            (
                "POST",
                "/transfer",
                &[
                    ("sec-fetch-site", "same-site"),
                    ("origin", "https://b.example.com"),
                ],
                403,
            ),
            (
                "PUT",
                "/transfer",
                &[("sec-fetch-site", "cross-site"), ("origin", EVIL)],
                403,
            ),
            (
                "POST",
                "/transfer",
                &[("sec-fetch-site", "cross-site")],
                403,
            ),
            (
                "POST",
                "/transfer",
                &[("sec-fetch-site", "same-origin"), ("origin", &own)],
                200,
            ),
            ("POST", "/transfer", &[("sec-fetch-site", "none")], 200),
            (
                "POST",
                "/transfer",
                &[("sec-fetch-site", "cross-site"), ("origin", APP)],
                200,
            ),
            (
                "POST",
                "/transfer",
                &[
                    ("sec-fetch-site", "same-site"),
                    ("origin", "https://a.tenants.example.com"),
                ],
                200,
            ),
            // Older browsers: Origin alone.
            ("POST", "/transfer", &[("origin", EVIL)], 403),
            ("POST", "/transfer", &[("origin", "null")], 403),
            ("POST", "/transfer", &[("origin", &sibling)], 403),
            ("POST", "/transfer", &[("origin", &own)], 200),
            ("POST", "/transfer", &[("origin", APP)], 200),
            // Not a browser.
            ("POST", "/transfer", &[], 200),
            // Safe methods and exempt paths pass.
            (
                "GET",
                "/transfer",
                &[("sec-fetch-site", "cross-site"), ("origin", EVIL)],
                200,
            ),
            (
                "POST",
                "/webhooks/pay",
                &[("sec-fetch-site", "cross-site"), ("origin", EVIL)],
                200,
            ),
        ];
        let mut expected_runs = 0;
        for (method, path, headers, status) in cases {
            let (got, _) = send(addr, method, path, headers).await;
            assert_eq!(
                got, *status,
                "{method} {path} {headers:?} (guard outside: {guard_outside_cors})"
            );
            if *status == 200 {
                expected_runs += 1;
            }
            assert_eq!(
                runs.load(Ordering::SeqCst),
                expected_runs,
                "{method} {path} {headers:?}"
            );
        }
    }
}

/// What an exemption covers, through axum routing: a catch-all route stands for whatever a
/// router (or a proxy that normalises paths) would do with a path the exemption does not
/// cover, so a 200 there would be a forged request reaching a handler.
#[tokio::test]
async fn an_exemption_covers_whole_path_segments_and_nothing_else() {
    let runs = Arc::new(AtomicUsize::new(0));
    let counted = {
        let runs = runs.clone();
        move || {
            let runs = runs.clone();
            async move {
                runs.fetch_add(1, Ordering::SeqCst);
                "done"
            }
        }
    };
    let app = Router::new()
        .route("/webhooks", post(counted.clone()))
        .route("/webhooks/{*rest}", post(counted.clone()))
        .route("/webhooks-admin/delete", post(counted.clone()))
        .route("/{*rest}", post(counted))
        .layer(
            CrossOriginGuard::new(TrustedOrigins::from_policy(&policy()))
                .exempt_path_prefix("/webhooks"),
        );
    let addr = serve(app).await;
    let forged: &[(&str, &str)] = &[("sec-fetch-site", "cross-site"), ("origin", EVIL)];
    // Path, whether a forged cross-site POST reaches a handler, and why.
    let cases: &[(&str, bool, &str)] = &[
        ("/webhooks", true, "the prefix itself"),
        ("/webhooks/stripe", true, "a segment under the prefix"),
        (
            "/webhooks/stripe?x=1",
            true,
            "the query is not part of the path",
        ),
        (
            "/webhooks-admin/delete",
            false,
            "another segment that starts with the same letters",
        ),
        ("/webhooksx", false, "another segment"),
        (
            "//webhooks/stripe",
            false,
            "an empty first segment: another path to the router",
        ),
        (
            "/Webhooks/stripe",
            false,
            "paths are case-sensitive, as the router reads them",
        ),
        (
            "/webhooks%2Fstripe",
            false,
            "an encoded slash is part of the segment",
        ),
        ("/webhooks%2fadmin", false, "an encoded slash, lower case"),
        (
            "/webhooks/../admin",
            false,
            "a dot segment: a resolving proxy reaches /admin",
        ),
        ("/webhooks/%2e%2e/admin", false, "an encoded dot segment"),
        ("/webhooks/./stripe", false, "a single-dot segment"),
    ];
    let mut expected_runs = 0;
    for (path, reaches, why) in cases {
        let (status, _) = send(addr, "POST", path, forged).await;
        assert_eq!(status, if *reaches { 200 } else { 403 }, "{path}: {why}");
        expected_runs += usize::from(*reaches);
        assert_eq!(runs.load(Ordering::SeqCst), expected_runs, "{path}: {why}");
    }
}

#[tokio::test]
async fn the_guard_does_not_change_what_cors_answers() {
    let mut answers = Vec::new();
    for guard_outside_cors in [false, true] {
        let runs = Arc::new(AtomicUsize::new(0));
        let addr = serve(forgery_app(guard_outside_cors, runs.clone())).await;
        let preflight = [("origin", APP), ("access-control-request-method", "PUT")];
        let (status, head) = send(addr, "OPTIONS", "/transfer", &preflight).await;
        assert_eq!(status, 204);
        assert!(
            head.contains("access-control-allow-origin: https://app.example.com"),
            "{head}"
        );
        assert!(head.contains("access-control-allow-methods: put"), "{head}");
        let (status, head) = send(
            addr,
            "PUT",
            "/transfer",
            &[("sec-fetch-site", "cross-site"), ("origin", APP)],
        )
        .await;
        assert_eq!(status, 200);
        assert!(
            head.contains("access-control-allow-credentials: true"),
            "{head}"
        );
        answers.push(runs.load(Ordering::SeqCst));
    }
    assert_eq!(answers, [1, 1], "the preflight never reaches the handler");
}

proptest! {
    #![proptest_config(strategies::config("proptest-regressions/guard.txt"))]

    /// One list says who is trusted: a guard built from a policy trusts exactly the origins
    /// the policy's CORS matcher allows (`*` aside, which a guard never trusts), and the
    /// WebSocket guard lets a handshake through exactly then.
    #[test]
    fn guard_trusts_what_the_cors_matcher_allows(
        model in strategies::policy(),
        origins in proptest::collection::vec(strategies::origin(), 1..8),
    ) {
        let policy = support::check::build(&model).expect("the strategy builds valid policies");
        let trusted = TrustedOrigins::from_policy(&policy);
        let guard = WebSocketGuard::new(trusted.clone());
        // The same list without `*`: what the guard must trust (nothing, when `*` was all).
        let mut listed = model.clone();
        listed.origins.retain(|o| o != "*");
        let expected = support::check::build(&listed).ok();
        for origin in &origins {
            let matched = expected.as_ref().is_some_and(|p| p.origins().matches(origin));
            prop_assert_eq!(trusted.trusts(origin), matched, "{:?}", String::from_utf8_lossy(origin));
            if let Ok(value) = HeaderValue::from_bytes(origin) {
                let mut headers = HeaderMap::new();
                headers.insert(header::UPGRADE, HeaderValue::from_static("websocket"));
                headers.insert(header::ORIGIN, value);
                prop_assert_eq!(guard.check(&headers).is_ok(), matched);
            }
        }
    }
}
