//! The examples, run over real HTTP on 127.0.0.1 by including their code (each test needs
//! the features its example needs).
#![allow(dead_code, unused_imports)]

#[cfg(feature = "testing")]
#[path = "../examples/grpc_web.rs"]
mod grpc_web;

use bytes::Bytes;
use http::{Request, Response};
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
#[cfg(feature = "testing")]
use tower_cors::testing::BrowserRequest;

/// Sends `request` (from the browser model) to `url` with `body`; the response with its
/// body collected.
async fn send(request: Request<()>, url: &str, body: Bytes) -> Response<Bytes> {
    let client = Client::builder(TokioExecutor::new()).build_http::<Full<Bytes>>();
    let (mut parts, ()) = request.into_parts();
    parts.uri = url.parse().unwrap();
    let response = client
        .request(Request::from_parts(parts, Full::new(body)))
        .await
        .unwrap();
    let (parts, body) = response.into_parts();
    Response::from_parts(parts, body.collect().await.unwrap().to_bytes())
}

#[cfg(feature = "testing")]
#[tokio::test]
async fn grpc_web_example_lets_the_page_read_grpc_status() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(grpc_web::serve(listener));
    let url = format!("http://{addr}/demo.Health/Check");
    // What grpc-web's JavaScript client sends.
    let page = BrowserRequest::new(grpc_web::PAGE_ORIGIN, "POST")
        .header("content-type", "application/grpc-web+proto")
        .header("x-grpc-web", "1")
        .header("x-user-agent", "grpc-web-javascript/0.1");
    assert!(page.needs_preflight());
    let preflight = send(page.preflight_request().unwrap(), &url, Bytes::new()).await;
    assert_eq!(page.check_preflight(&preflight), Ok(()));
    // One empty message: flag byte 0, length 0.
    let call = send(
        page.actual_request().unwrap(),
        &url,
        Bytes::from_static(&[0; 5]),
    )
    .await;
    assert_eq!(page.check(Some(&preflight), &call), Ok(()));
    assert!(page.can_read_header(&call, "grpc-status"));
    assert_eq!(call.headers()["grpc-status"], "0");
    // A page at another origin cannot read it.
    let stranger = BrowserRequest::new("http://localhost:3000", "POST")
        .header("content-type", "application/grpc-web+proto");
    let preflight = send(stranger.preflight_request().unwrap(), &url, Bytes::new()).await;
    assert!(stranger.check_preflight(&preflight).is_err());
}

#[cfg(feature = "reload")]
#[path = "../examples/tenants.rs"]
mod tenants;

/// Sends one HTTP/1.1 request with `headers` and `body`; returns the status and the body.
async fn http(
    addr: std::net::SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> (u16, String) {
    let mut request = Request::builder()
        .method(method)
        .uri(format!("http://{addr}{path}"));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let client = Client::builder(TokioExecutor::new()).build_http::<Full<Bytes>>();
    let response = client
        .request(
            request
                .body(Full::new(Bytes::from(body.to_owned())))
                .unwrap(),
        )
        .await
        .unwrap();
    let status = response.status().as_u16();
    let body = response.into_body().collect().await.unwrap().to_bytes();
    (status, String::from_utf8_lossy(&body).into_owned())
}

#[cfg(feature = "reload")]
#[tokio::test]
async fn tenants_example_allows_a_new_tenant_without_a_restart_and_refuses_a_removed_one() {
    let dir = std::env::temp_dir().join(format!("tower-cors-tenants-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let db = dir.join("tenants.sqlite3");
    let _ = std::fs::remove_file(&db);
    // Rows written by other means, one of them no policy can allow: skipped at start-up, not
    // fatal, and the others served.
    {
        let conn = rusqlite::Connection::open(&db).unwrap();
        conn.execute("CREATE TABLE tenants (origin TEXT PRIMARY KEY)", ())
            .unwrap();
        for row in [
            "https://row.example.net",
            "null",
            "http://plain.example.net",
        ] {
            conn.execute("INSERT INTO tenants (origin) VALUES (?1)", [row])
                .unwrap();
        }
    }
    let app = tenants::app(tenants::Tenants::open(&db.to_string_lossy()).unwrap());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let shop = "https://shop.example.net";
    let preflight = |origin: &'static str| async move {
        let headers = [("origin", origin), ("access-control-request-method", "PUT")];
        http(addr, "OPTIONS", "/api/orders", &headers, "").await.0
    };
    assert_eq!(preflight(tenants::APP_ORIGIN).await, 204);
    assert_eq!(preflight("https://row.example.net").await, 204);
    assert_eq!(preflight("null").await, 403);
    assert_eq!(preflight("http://plain.example.net").await, 403);
    assert_eq!(preflight(shop).await, 403);
    assert_eq!(http(addr, "POST", "/admin/tenants", &[], shop).await.0, 201);
    assert_eq!(preflight(shop).await, 204, "allowed without a restart");
    // A change whose policy does not build is refused, and the running policy stays.
    let (status, body) = http(
        addr,
        "POST",
        "/admin/tenants",
        &[],
        "https://bad.example.net/",
    )
    .await;
    assert_eq!(status, 400);
    assert!(body.contains("remove the trailing slash"), "{body}");
    assert_eq!(preflight(shop).await, 204);
    assert_eq!(
        http(addr, "DELETE", "/admin/tenants", &[], shop).await.0,
        200
    );
    assert_eq!(preflight(shop).await, 403, "refused once removed");
    // The table is real: a second process opening the file sees the same tenants.
    drop(tenants::Tenants::open(&db.to_string_lossy()).unwrap());
    let _ = std::fs::remove_dir_all(&dir);
}

#[cfg(feature = "serde")]
#[path = "../examples/config_file.rs"]
mod config_file;

#[cfg(feature = "serde")]
#[tokio::test]
async fn config_file_example_serves_the_file_overridden_by_the_environment() {
    let text = std::fs::read_to_string(config_file::DEFAULT_FILE).unwrap();
    let vars = [("CORS_ALLOW_ORIGINS", "https://staging.example.org")];
    let app = config_file::app(&text, "CORS", vars).unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let preflight = |origin: &'static str| async move {
        let headers = [("origin", origin), ("access-control-request-method", "PUT")];
        http(addr, "OPTIONS", "/api/items", &headers, "").await.0
    };
    assert_eq!(preflight("https://staging.example.org").await, 204);
    assert_eq!(
        preflight("https://app.example.com").await,
        403,
        "the variable replaced the list"
    );
    // A mistake names its key, at start-up.
    let err = config_file::app(
        "allow_origins = [\"https://a.example.com/\"]",
        "CORS",
        [("X", "")],
    )
    .err()
    .unwrap()
    .to_string();
    assert!(err.starts_with("allow_origins[0]: invalid origin"), "{err}");
}

#[path = "../examples/axum_app.rs"]
mod axum_app;

#[path = "../examples/custom_server.rs"]
mod custom_server;

/// The status and the `Access-Control-Allow-Origin` of one request.
async fn cors(
    addr: std::net::SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
) -> (u16, String) {
    let client = Client::builder(TokioExecutor::new()).build_http::<Full<Bytes>>();
    let mut request = Request::builder()
        .method(method)
        .uri(format!("http://{addr}{path}"));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = client
        .request(request.body(Full::default()).unwrap())
        .await
        .unwrap();
    let acao = response
        .headers()
        .get("access-control-allow-origin")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (response.status().as_u16(), acao)
}

#[tokio::test]
async fn axum_example_answers_preflights_and_errors_readably_and_guards_forms() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        axum::serve(listener, axum_app::app().unwrap())
            .await
            .unwrap()
    });
    let app = axum_app::APP_ORIGIN;
    let preflight = [
        ("origin", app),
        ("access-control-request-method", "PUT"),
        ("access-control-request-headers", "authorization"),
    ];
    // The preflight is answered before authentication could reject it.
    assert_eq!(
        cors(addr, "OPTIONS", "/api/me", &preflight).await,
        (204, app.to_owned())
    );
    // The 401 of authentication and the 500 of a panic are readable by the page.
    assert_eq!(
        cors(addr, "GET", "/api/me", &[("origin", app)]).await,
        (401, app.to_owned())
    );
    let token = [("origin", app), ("authorization", "Bearer t")];
    assert_eq!(
        cors(addr, "GET", "/api/crash", &token).await,
        (500, app.to_owned())
    );
    // `/public` has its own policy: any origin.
    assert_eq!(
        cors(
            addr,
            "GET",
            "/public/status",
            &[("origin", "https://any.test")]
        )
        .await,
        (200, "*".to_owned())
    );
    assert_eq!(
        cors(addr, "GET", "/api/me", &[("origin", "https://any.test")])
            .await
            .1,
        ""
    );
    // A forged form post from another site never reaches the handler.
    let forged = [
        ("origin", "https://evil.test"),
        ("sec-fetch-site", "cross-site"),
        ("authorization", "Bearer t"),
    ];
    assert_eq!(cors(addr, "POST", "/api/transfer", &forged).await.0, 403);
    let own = [
        ("origin", app),
        ("sec-fetch-site", "same-site"),
        ("authorization", "Bearer t"),
    ];
    assert_eq!(
        cors(addr, "POST", "/api/transfer", &own).await,
        (200, app.to_owned())
    );
}

#[tokio::test]
async fn custom_server_example_decorates_every_response_without_tower() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(custom_server::serve(
        listener,
        custom_server::policy().unwrap(),
    ));
    let app = "https://app.example.com";
    assert_eq!(
        cors(addr, "GET", "/", &[("origin", app)]).await,
        (200, app.to_owned())
    );
    assert_eq!(
        cors(addr, "GET", "/missing", &[("origin", app)]).await,
        (404, app.to_owned())
    );
    let preflight = [
        ("origin", app),
        ("access-control-request-method", "POST"),
        ("access-control-request-headers", "content-type"),
    ];
    assert_eq!(
        cors(addr, "OPTIONS", "/", &preflight).await,
        (204, app.to_owned())
    );
    let refused = [
        ("origin", "https://evil.test"),
        ("access-control-request-method", "POST"),
    ];
    assert_eq!(
        cors(addr, "OPTIONS", "/", &refused).await,
        (403, String::new())
    );
}

#[path = "../examples/demo.rs"]
mod demo;

#[tokio::test]
async fn demo_api_answers_an_index_and_the_page_origin() {
    let page = "http://127.0.0.1:8080";
    let app = demo::api(page).unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let (status, body) = http(addr, "GET", "/", &[], "").await;
    assert_eq!(status, 200);
    assert!(body.starts_with("tower-cors demo API"), "{body}");
    let preflight = [("origin", page), ("access-control-request-method", "PUT")];
    assert_eq!(
        cors(addr, "OPTIONS", "/items", &preflight).await,
        (204, page.to_owned())
    );
}

#[path = "../examples/mcp.rs"]
mod mcp;

/// Sends one request with `headers` and `body`; returns the status, headers and body.
async fn exchange(
    port: u16,
    method: &str,
    headers: &[(&str, &str)],
    body: &str,
) -> (u16, http::HeaderMap, String) {
    let mut request = Request::builder()
        .method(method)
        .uri(format!("http://127.0.0.1:{port}/mcp"));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let client = Client::builder(TokioExecutor::new()).build_http::<Full<Bytes>>();
    let request = request
        .body(Full::new(Bytes::from(body.to_owned())))
        .unwrap();
    let response = client.request(request).await.unwrap();
    let (parts, body) = response.into_parts();
    let body = body.collect().await.unwrap().to_bytes();
    (
        parts.status.as_u16(),
        parts.headers,
        String::from_utf8_lossy(&body).into_owned(),
    )
}

#[tokio::test]
async fn mcp_example_lets_a_page_hold_a_session_and_refuses_a_rebound_host() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    let app = mcp::app(port, mcp::PAGE_ORIGIN).unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let page = ("origin", mcp::PAGE_ORIGIN);
    // The preflight of every later message, and of the DELETE that ends the session.
    for (method, asked) in [
        ("POST", "content-type,mcp-protocol-version,mcp-session-id"),
        ("DELETE", "mcp-session-id"),
    ] {
        let (status, headers, _) = exchange(
            port,
            "OPTIONS",
            &[
                page,
                ("access-control-request-method", method),
                ("access-control-request-headers", asked),
            ],
            "",
        )
        .await;
        assert_eq!(status, 204, "{method} {asked}");
        assert_eq!(headers["access-control-allow-origin"], mcp::PAGE_ORIGIN);
    }
    let json = ("content-type", "application/json");
    let (status, headers, body) = exchange(
        port,
        "POST",
        &[page, json],
        r#"{"jsonrpc":"2.0","id":1,"method":"initialize","params":{}}"#,
    )
    .await;
    assert_eq!(status, 200, "{body}");
    let exposed = headers["access-control-expose-headers"].to_str().unwrap();
    assert!(exposed.contains("mcp-session-id"), "{exposed}");
    let session = headers["mcp-session-id"].to_str().unwrap().to_owned();
    let with_session = [
        page,
        json,
        ("mcp-session-id", session.as_str()),
        ("mcp-protocol-version", "2025-06-18"),
    ];
    let (status, _, body) = exchange(
        port,
        "POST",
        &with_session,
        r#"{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"echo","arguments":{"text":"hi"}}}"#,
    )
    .await;
    assert_eq!(status, 200);
    assert!(body.contains(r#""text":"hi""#), "{body}");
    // A DNS-rebinding page sends its own name as Host: refused before the handler.
    let rebound = format!("rebind.test:{port}");
    let (status, _, _) = exchange(
        port,
        "POST",
        &[
            ("host", rebound.as_str()),
            json,
            ("mcp-session-id", session.as_str()),
        ],
        r#"{"jsonrpc":"2.0","id":3,"method":"tools/list"}"#,
    )
    .await;
    assert_eq!(status, 403);
    let (status, _, _) = exchange(port, "DELETE", &with_session, "").await;
    assert_eq!(status, 204);
    let (status, _, _) = exchange(port, "DELETE", &with_session, "").await;
    assert_eq!(status, 404, "the session is gone");
}

#[cfg(all(feature = "metrics", feature = "serde"))]
#[path = "../examples/rollout.rs"]
mod rollout;

#[cfg(all(feature = "metrics", feature = "serde"))]
#[tokio::test]
async fn rollout_example_reports_what_the_candidate_would_break_and_serves_metrics() {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let app = rollout::app(rollout::recorder()).unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    // Origin, requests: a partner the allowlist forgot, the app, a subdomain, a one-off.
    for (origin, n) in [
        ("https://partner.example", 5),
        ("https://app.example.com", 3),
        ("https://shop.example.com", 2),
        ("https://once.test", 1),
    ] {
        for _ in 0..n {
            let (status, _) = http(addr, "GET", "/api/items", &[("origin", origin)], "").await;
            assert_eq!(status, 200);
        }
    }
    let preflight = [
        ("origin", "https://partner.example"),
        ("access-control-request-method", "PUT"),
    ];
    assert_eq!(
        http(addr, "OPTIONS", "/api/items", &preflight, "").await.0,
        204
    );
    let (_, report) = http(addr, "GET", "/cors-report", &[], "").await;
    assert!(
        report.contains("7 request(s) would be refused, 0 would be allowed"),
        "{report}"
    );
    assert!(
        report.contains("would-refuse 6 https://partner.example (today: *)"),
        "{report}"
    );
    assert!(
        report.contains("would-refuse 1 https://once.test (today: *)"),
        "{report}"
    );
    assert!(!report.contains("app.example.com (today"), "{report}");
    let toml = report.split("nothing seen breaks:\n").nth(1).unwrap();
    let suggested: tower_cors::CorsConfig = toml::from_str(toml).unwrap();
    let policy = suggested.build().unwrap();
    for (origin, allowed) in [
        ("https://partner.example", true),
        ("https://app.example.com", true),
        ("https://shop.example.com", true),
        ("https://once.test", false),
    ] {
        assert_eq!(
            policy.origins().matches(origin.as_bytes()),
            allowed,
            "{origin}\n{toml}"
        );
    }
    let (_, metrics) = http(addr, "GET", "/metrics", &[], "").await;
    for line in [
        r#"tower_cors_requests_total{kind="actual",outcome="allowed",reason="none",entry="*"} 11"#,
        r#"tower_cors_requests_total{kind="preflight",outcome="allowed",reason="none",entry="*"} 1"#,
        r#"tower_cors_candidate_total{change="would-refuse",entry="*"} 7"#,
    ] {
        assert!(
            metrics.lines().any(|l| l == line),
            "missing {line} in:\n{metrics}"
        );
    }
    assert!(
        !metrics.contains("partner.example"),
        "a request origin became a label"
    );
}
