//! One instance of a fleet whose CORS allowlist lives in PostgreSQL: every instance converges
//! on the table through `LISTEN`/`NOTIFY`.
//!
//! ```sh
//! DATABASE_URL='host=localhost user=app dbname=app' BIND=127.0.0.1:3005 \
//!   cargo run -p tower-cors-postgres --example fleet
//! psql "$DATABASE_URL" -c "INSERT INTO cors_origins (origin) VALUES ('https://shop.example.net')"
//! curl -i http://127.0.0.1:3005/ -H 'Origin: https://shop.example.net'
//! ```
//!
//! The contract, kept stable for scripts: `DATABASE_URL` (a libpq connection string or URL)
//! and `BIND` (default `127.0.0.1:3005`) are read; the migration runs (table `cors_origins`:
//! one origin or pattern per row in `origin`, NULL `tenant` for the global policy); `GET /`
//! answers `ok` behind the live global policy, with credentials. Besides: `GET /t/{tenant}`
//! answers `ok` behind the tenant's policy (rows whose `tenant` is `{tenant}`), and
//! `GET /status` prints the source's status. The first line on stdout is
//! `listening on http://ADDRESS`; events go to stderr.

use std::time::Duration;

use axum::Router;
use axum::routing::get;
use tower_cors::CorsConfig;
use tower_cors_postgres::PgPolicySource;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .init();
    let database = std::env::var("DATABASE_URL")
        .map_err(|_| "set DATABASE_URL to the database holding the table cors_origins")?;
    let bind = std::env::var("BIND").unwrap_or_else(|_| "127.0.0.1:3005".to_owned());
    let base = CorsConfig::new()
        .allow_credentials(true)
        .allow_methods(["PUT", "DELETE"])
        .allow_headers(["content-type"])
        .max_age(Duration::from_secs(60));
    let source = PgPolicySource::builder(base)
        .migrate(true)
        .start(&database)
        .await?;
    let status = source.clone();
    let app = Router::new()
        .route("/", get(|| async { "ok" }))
        .route("/t/{tenant}", get(|| async { "ok" }))
        .route(
            "/status",
            get(move || {
                let text = status.status().to_string();
                async move { text }
            }),
        )
        .layer(source.tenant_layer(|uri, _| uri.path().strip_prefix("/t/")?.split('/').next()));
    let listener = tokio::net::TcpListener::bind(&bind).await?;
    println!("listening on http://{}", listener.local_addr()?);
    axum::serve(listener, app).await?;
    Ok(())
}
