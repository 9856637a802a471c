//! The layer in front of a tonic gRPC-web server: `Cors` wraps `GrpcWebLayer`, answers the
//! preflight that `GrpcWebLayer` would reject, and decorates gRPC-web responses.

use bytes::Bytes;
use http::{HeaderMap, Method, Request, StatusCode};
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
use tonic::transport::Server;
use tonic_web::GrpcWebLayer;
use tower_cors::{Cors, CorsPolicy};

const APP: &str = "https://app.example.com";

// The gRPC service of the `grpc_web` example: every call succeeds with no message.
#[path = "../examples/grpc_web.rs"]
#[allow(dead_code)]
mod grpc_web;
use grpc_web::Health;

async fn serve() -> std::net::SocketAddr {
    let policy = CorsPolicy::builder()
        .allow_origin(APP)
        .allow_headers(["content-type", "x-grpc-web", "x-user-agent", "grpc-timeout"])
        .expose_headers(["grpc-status", "grpc-message", "grpc-status-details-bin"])
        .build()
        .unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let incoming = tonic::transport::server::TcpIncoming::from(listener);
    let router = Server::builder()
        .accept_http1(true)
        .layer(Cors::new(policy))
        .layer(GrpcWebLayer::new())
        .add_service(Health);
    tokio::spawn(async move { router.serve_with_incoming(incoming).await.unwrap() });
    addr
}

async fn send(
    addr: std::net::SocketAddr,
    request: http::request::Builder,
    body: Bytes,
) -> (StatusCode, HeaderMap) {
    let client = Client::builder(TokioExecutor::new()).build_http::<Full<Bytes>>();
    let request = request
        .uri(format!("http://{addr}/demo.Health/Call"))
        .body(Full::new(body))
        .unwrap();
    let response = client.request(request).await.unwrap();
    let (parts, body) = response.into_parts();
    let _ = body.collect().await.unwrap();
    (parts.status, parts.headers)
}

#[tokio::test]
async fn grpc_web_preflight_is_answered_in_front_of_grpc_web_layer() {
    let addr = serve().await;
    let preflight = Request::builder()
        .method(Method::OPTIONS)
        .header("origin", APP)
        .header("access-control-request-method", "POST")
        .header(
            "access-control-request-headers",
            "content-type,x-grpc-web,x-user-agent",
        );
    let (status, headers) = send(addr, preflight, Bytes::new()).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    assert_eq!(headers["access-control-allow-origin"], APP);
    assert_eq!(
        headers["access-control-allow-headers"],
        "content-type,grpc-timeout,x-grpc-web,x-user-agent"
    );
}

#[tokio::test]
async fn grpc_web_call_response_exposes_grpc_status() {
    let addr = serve().await;
    let call = Request::builder()
        .method(Method::POST)
        .header("origin", APP)
        .header("content-type", "application/grpc-web+proto")
        .header("x-grpc-web", "1");
    // One empty message: flag byte 0, length 0.
    let (status, headers) = send(addr, call, Bytes::from_static(&[0, 0, 0, 0, 0])).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(headers["access-control-allow-origin"], APP);
    assert_eq!(
        headers["access-control-expose-headers"],
        "grpc-status,grpc-message,grpc-status-details-bin"
    );
    assert_eq!(headers["vary"], "origin");
}
