//! An axum application laid out the way this crate recommends: `Cors` outermost, with a
//! public policy for `/public`; authentication, catch-panic and the origin guards inside it,
//! so that their answers (401, 500, 403) carry the CORS headers a page needs to read them.
//!
//! Run on loopback, as here, it also answers only to its own host names (`HostGuard`): a
//! DNS-rebinding page, whose requests carry its own name in `Host`, gets 403.
//!
//! ```sh
//! cargo run --example axum_app        # http://127.0.0.1:3004
//! curl -i http://127.0.0.1:3004/api/me -H 'Origin: https://app.example.com'   # 401, readable
//! ```

use axum::Router;
use axum::extract::Request;
use axum::http::{StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use tower_cors::guard::{CrossOriginGuard, HostGuard, TrustedOrigins, WebSocketGuard};
use tower_cors::{ConfigError, Cors, CorsConfig, CorsPolicy};
use tower_http::catch_panic::CatchPanicLayer;

/// The front end allowed to call the API with credentials.
pub(crate) const APP_ORIGIN: &str = "https://app.example.com";

/// Rejects `/api` requests without a bearer token: preflights never reach it (`Cors`
/// answers them outside), and its 401 still gets the CORS headers.
async fn require_token(request: Request, next: Next) -> Response {
    let public = !request.uri().path().starts_with("/api");
    if public || request.headers().contains_key(header::AUTHORIZATION) {
        next.run(request).await
    } else {
        (StatusCode::UNAUTHORIZED, "log in first").into_response()
    }
}

/// A handler with a bug: `CatchPanicLayer` turns its panic into a 500.
async fn crash() -> &'static str {
    panic!("a bug in a handler")
}

/// The application.
pub(crate) fn app() -> Result<Router, ConfigError> {
    let policy = CorsPolicy::builder()
        .allow_origin(APP_ORIGIN)
        .allow_methods(["PUT", "DELETE"])
        .allow_headers(["content-type", "authorization"])
        .allow_credentials(true)
        .build()?;
    let public = CorsConfig::public().build()?;
    let trusted = TrustedOrigins::from_policy(&policy);
    Ok(Router::new()
        .route("/api/me", get(|| async { "you" }))
        .route("/api/transfer", post(|| async { "done" }))
        .route("/api/crash", get(crash))
        .route("/public/status", get(|| async { "ok" }))
        .layer(CatchPanicLayer::new())
        .layer(middleware::from_fn(require_token))
        .layer(WebSocketGuard::new(trusted.clone()))
        .layer(CrossOriginGuard::new(trusted))
        .layer(Cors::new(policy).with_path_prefix("/public", public)))
}

#[allow(dead_code)]
#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:3004").await?;
    println!("API on http://127.0.0.1:3004 for pages at {APP_ORIGIN}");
    // Outermost of all: a request for another host name is refused before anything runs.
    axum::serve(listener, app()?.layer(HostGuard::loopback(3004))).await?;
    Ok(())
}
