//! A policy from a TOML file, overridden by `CORS_*` environment variables, served by axum.
//!
//! ```sh
//! cargo run --example config_file --features serde                  # examples/cors.toml
//! CORS_ALLOW_ORIGINS=https://staging.example.com \
//!   cargo run --example config_file --features serde -- my-cors.toml
//! ```
//!
//! A mistake in the file or a variable stops the server at start-up with every problem and
//! the key it came from, never at the first request.

use axum::Router;
use axum::routing::get;
use tower_cors::{Cors, CorsConfig};

/// The example's configuration file.
pub(crate) const DEFAULT_FILE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/cors.toml");

/// The app for the configuration in `toml_text`, overridden by the variables with `prefix`.
pub(crate) fn app<I, K, V>(
    toml_text: &str,
    prefix: &str,
    vars: I,
) -> Result<Router, Box<dyn std::error::Error + Send + Sync>>
where
    I: IntoIterator<Item = (K, V)>,
    K: Into<std::ffi::OsString>,
    V: Into<std::ffi::OsString>,
{
    let config: CorsConfig = toml::from_str(toml_text)?;
    let policy = config.with_vars(prefix, vars)?.build()?;
    for warning in policy.warnings() {
        eprintln!("warning: {warning}");
    }
    Ok(Router::new()
        .route("/api/items", get(|| async { "[]" }))
        .layer(Cors::new(policy)))
}

#[allow(dead_code)]
#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let path = std::env::args()
        .nth(1)
        .unwrap_or_else(|| DEFAULT_FILE.to_owned());
    let text = std::fs::read_to_string(&path)?;
    let app = app(&text, "CORS", std::env::vars_os()).map_err(|e| format!("{path}: {e}"))?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:3003").await?;
    println!("policy from {path} (and CORS_* variables); API on http://127.0.0.1:3003");
    axum::serve(listener, app).await?;
    Ok(())
}
