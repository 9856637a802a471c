//! A tonic gRPC-web server behind `Cors` with the `grpc_web()` preset: browsers at
//! `http://localhost:5173` may call it (a dev server's origin: change it to yours).
//!
//! ```sh
//! cargo run --example grpc_web          # listens on 127.0.0.1:50051 ($PORT to change)
//! ```
//!
//! `GrpcWebLayer` refuses anything that is not gRPC-web, preflights included, so `Cors` wraps
//! it. The service is written by hand to keep the example free of code generation; a
//! `tonic-build` service is added the same way.

use std::convert::Infallible;
use std::future::{Ready, ready};
use std::task::{Context, Poll};

use http::{Request, Response};
use tonic::body::Body;
use tonic::server::NamedService;
use tonic::transport::Server;
use tonic::transport::server::TcpIncoming;
use tonic_web::GrpcWebLayer;
use tower_cors::{ConfigError, Cors, CorsConfig, CorsPolicy};

/// The page origin allowed to call the service.
pub(crate) const PAGE_ORIGIN: &str = "http://localhost:5173";

/// A gRPC service whose every call succeeds with no message (a trailers-only answer).
#[derive(Clone)]
pub(crate) struct Health;

impl NamedService for Health {
    const NAME: &'static str = "demo.Health";
}

impl tower::Service<Request<Body>> for Health {
    type Response = Response<Body>;
    type Error = Infallible;
    type Future = Ready<Result<Self::Response, Infallible>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, _: Request<Body>) -> Self::Future {
        let response = Response::builder()
            .header("content-type", "application/grpc")
            .header("grpc-status", "0")
            .body(Body::empty())
            .expect("a valid response");
        ready(Ok(response))
    }
}

/// The policy: the gRPC-web preset and the page's origin.
pub(crate) fn policy() -> Result<CorsPolicy, ConfigError> {
    CorsConfig::grpc_web().allow_origin(PAGE_ORIGIN).build()
}

/// Serves gRPC-web (HTTP/1.1) on `listener` until the process ends.
pub(crate) async fn serve(
    listener: tokio::net::TcpListener,
) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    Server::builder()
        .accept_http1(true)
        .layer(Cors::new(policy()?))
        .layer(GrpcWebLayer::new())
        .add_service(Health)
        .serve_with_incoming(TcpIncoming::from(listener))
        .await?;
    Ok(())
}

#[allow(dead_code)]
#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let port = std::env::var("PORT").unwrap_or_else(|_| "50051".to_owned());
    let listener = tokio::net::TcpListener::bind(format!("127.0.0.1:{port}")).await?;
    println!(
        "gRPC-web on http://{} for pages at {PAGE_ORIGIN}",
        listener.local_addr()?
    );
    serve(listener).await
}
