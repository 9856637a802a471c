//! The layer in a real axum server over HTTP on 127.0.0.1: auth, panics, unknown routes and
//! redirects inside `Cors` all produce responses the browser can read.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use axum::Router;
use axum::extract::Request;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::get;
use bytes::Bytes;
use http::{HeaderMap, Method, StatusCode};
use http_body_util::{BodyExt, Empty};
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use tower_cors::{Cors, CorsPolicy};
use tower_http::catch_panic::CatchPanicLayer;

const APP: &str = "https://app.example.com";

async fn require_token(counter: Arc<AtomicUsize>, request: Request, next: Next) -> Response {
    counter.fetch_add(1, Ordering::SeqCst);
    if request.headers().contains_key("authorization") {
        next.run(request).await
    } else {
        StatusCode::UNAUTHORIZED.into_response()
    }
}

async fn panics() -> &'static str {
    panic!("handler bug")
}

async fn serve(auth_calls: Arc<AtomicUsize>) -> std::net::SocketAddr {
    let policy = CorsPolicy::builder()
        .allow_origin(APP)
        .allow_methods([Method::PUT])
        .allow_headers(["authorization", "content-type"])
        .allow_credentials(true)
        .build()
        .unwrap();
    let app = Router::new()
        .route(
            "/private",
            get(|| async { "secret" }).put(|| async { "updated" }),
        )
        .route("/panic", get(panics))
        .route("/redirect", get(|| async { Redirect::to("/private") }))
        .route("/public", get(|| async { "hello" }))
        .layer(middleware::from_fn(move |req, next| {
            require_token(auth_calls.clone(), req, next)
        }))
        .layer(CatchPanicLayer::new())
        .layer(Cors::new(policy));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    addr
}

async fn send(
    addr: std::net::SocketAddr,
    method: Method,
    path: &str,
    headers: &[(&str, &str)],
) -> (StatusCode, HeaderMap) {
    let client = Client::builder(TokioExecutor::new()).build_http::<Empty<Bytes>>();
    let mut request = http::Request::builder()
        .method(method)
        .uri(format!("http://{addr}{path}"));
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let response = client
        .request(request.body(Empty::new()).unwrap())
        .await
        .unwrap();
    let status = response.status();
    let headers = response.headers().clone();
    let _ = response.into_body().collect().await.unwrap();
    (status, headers)
}

fn acao(headers: &HeaderMap) -> Option<&str> {
    headers
        .get("access-control-allow-origin")
        .map(|v| v.to_str().unwrap())
}

#[tokio::test]
async fn auth_inside_the_layer_never_sees_preflights_and_its_401_is_readable() {
    let auth_calls = Arc::new(AtomicUsize::new(0));
    let addr = serve(auth_calls.clone()).await;
    let (status, headers) = send(
        addr,
        Method::OPTIONS,
        "/private",
        &[
            ("origin", APP),
            ("access-control-request-method", "PUT"),
            ("access-control-request-headers", "authorization"),
        ],
    )
    .await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(acao(&headers), Some(APP));
    assert_eq!(
        auth_calls.load(Ordering::SeqCst),
        0,
        "the preflight reached the auth middleware"
    );

    let (status, headers) = send(addr, Method::PUT, "/private", &[("origin", APP)]).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    assert_eq!(acao(&headers), Some(APP));
    assert_eq!(headers["access-control-allow-credentials"], "true");
    assert_eq!(auth_calls.load(Ordering::SeqCst), 1);

    let (status, headers) = send(
        addr,
        Method::PUT,
        "/private",
        &[("origin", APP), ("authorization", "Bearer t")],
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(acao(&headers), Some(APP));
}

#[tokio::test]
async fn a_panicking_handler_behind_catch_panic_gives_a_readable_500() {
    let addr = serve(Arc::default()).await;
    let (status, headers) = send(
        addr,
        Method::GET,
        "/panic",
        &[("origin", APP), ("authorization", "Bearer t")],
    )
    .await;
    assert_eq!(status, StatusCode::INTERNAL_SERVER_ERROR);
    assert_eq!(acao(&headers), Some(APP));
    assert_eq!(headers["vary"], "origin");
}

#[tokio::test]
async fn an_unknown_route_404_is_readable() {
    let addr = serve(Arc::default()).await;
    let (status, headers) = send(
        addr,
        Method::GET,
        "/nope",
        &[("origin", APP), ("authorization", "Bearer t")],
    )
    .await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(acao(&headers), Some(APP));
}

#[tokio::test]
async fn a_redirect_is_readable_so_the_browser_follows_it() {
    let addr = serve(Arc::default()).await;
    let (status, headers) = send(
        addr,
        Method::GET,
        "/redirect",
        &[("origin", APP), ("authorization", "Bearer t")],
    )
    .await;
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(acao(&headers), Some(APP));
    assert_eq!(headers["location"], "/private");
}

#[tokio::test]
async fn a_preflight_to_a_route_without_options_is_still_answered() {
    let addr = serve(Arc::default()).await;
    let (status, headers) = send(
        addr,
        Method::OPTIONS,
        "/public",
        &[("origin", APP), ("access-control-request-method", "PUT")],
    )
    .await;
    assert_eq!(
        status,
        StatusCode::NO_CONTENT,
        "axum alone would answer 405"
    );
    assert_eq!(acao(&headers), Some(APP));
    let (status, _) = send(
        addr,
        Method::OPTIONS,
        "/public",
        &[("origin", APP), ("authorization", "Bearer t")],
    )
    .await;
    assert_eq!(
        status,
        StatusCode::METHOD_NOT_ALLOWED,
        "a plain OPTIONS reaches the router"
    );
}
