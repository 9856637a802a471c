//! A server without Tower middleware: a plain hyper service that asks the policy directly.
//!
//! Run with `cargo run --example custom_server`, then:
//! `curl -i http://127.0.0.1:3002/ -H 'Origin: https://app.example.com'`.

use std::convert::Infallible;

use bytes::Bytes;
use http::{Request, Response, StatusCode};
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::service::service_fn;
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto;
use tower_cors::CorsPolicy;

async fn handle(
    policy: CorsPolicy,
    request: Request<Incoming>,
) -> Result<Response<Full<Bytes>>, Infallible> {
    let decision = policy.evaluate(request.method(), request.headers());
    // A preflight is answered here; the handler never sees it.
    if let Some(answer) = decision.preflight_response() {
        if let Some(reason) = decision.refusal() {
            eprintln!("refused preflight: {reason}");
        }
        return Ok(answer.map(|()| Full::default()));
    }
    // Keep what to add across the handler's await, then decorate whatever it returns.
    let decoration = decision.decoration();
    let mut response = handler(request).await;
    decoration.apply(response.headers_mut());
    Ok(response)
}

async fn handler(request: Request<Incoming>) -> Response<Full<Bytes>> {
    match request.uri().path() {
        "/" => Response::new(Full::from("hello")),
        _ => {
            let mut not_found = Response::new(Full::from("not found"));
            *not_found.status_mut() = StatusCode::NOT_FOUND;
            not_found
        }
    }
}

/// The example's policy.
pub(crate) fn policy() -> Result<CorsPolicy, tower_cors::ConfigError> {
    CorsPolicy::builder()
        .allow_origin("https://app.example.com")
        .allow_headers(["content-type"])
        .build()
}

#[allow(dead_code)]
#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:3002").await?;
    println!("listening on http://{}", listener.local_addr()?);
    serve(listener, policy()?).await
}

/// Serves `policy` with a hyper connection per client, until the listener fails.
pub(crate) async fn serve(
    listener: tokio::net::TcpListener,
    policy: CorsPolicy,
) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    loop {
        let (stream, _) = listener.accept().await?;
        let policy = policy.clone(); // a reference-count increment
        tokio::spawn(async move {
            let service = service_fn(move |req| handle(policy.clone(), req));
            if let Err(e) = auto::Builder::new(TokioExecutor::new())
                .serve_connection(TokioIo::new(stream), service)
                .await
            {
                eprintln!("connection error: {e}");
            }
        });
    }
}
