//! The examples, run over real HTTP on 127.0.0.1 by including their code.
#![cfg(feature = "testing")]

#[path = "../examples/grpc_web.rs"]
mod grpc_web;

use bytes::Bytes;
use http::{Request, Response};
use http_body_util::{BodyExt, Full};
use hyper_util::client::legacy::Client;
use hyper_util::rt::TokioExecutor;
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
