//! Tenants' origins kept in SQLite, the CORS policy rebuilt and swapped when an admin adds or
//! removes one: no restart, and a refused change leaves the running policy as it was.
//!
//! ```sh
//! cargo run --example tenants --features reload      # http://127.0.0.1:3001
//! curl -i -X POST http://127.0.0.1:3001/admin/tenants -d 'https://shop.example.net'
//! curl -i -X OPTIONS http://127.0.0.1:3001/api/orders -H 'Origin: https://shop.example.net' \
//!   -H 'Access-Control-Request-Method: PUT'
//! ```
//!
//! A row written to the database by other means that cannot be allowed (`null`, a plain-http
//! origin with credentials) is skipped at start-up with its reason, never fatal and never
//! widening the policy (`build_lenient`); a change made through the admin route is checked
//! strictly and refused whole.
//!
//! The admin routes here have no authentication, to keep the example short: put yours in
//! front of them.

use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use rusqlite::Connection;
use tower_cors::{Cors, CorsConfig, CorsPolicy, ReloadablePolicy};

/// The application's own front end: always allowed, so the list is never empty.
pub(crate) const APP_ORIGIN: &str = "https://app.example.com";

/// The database and the policy built from it.
#[derive(Clone)]
pub(crate) struct Tenants {
    db: Arc<Mutex<Connection>>,
    policy: ReloadablePolicy,
}

impl Tenants {
    /// Opens (or creates) the database at `path` (`:memory:` for one in memory).
    pub(crate) fn open(path: &str) -> Result<Self, Box<dyn std::error::Error + Send + Sync>> {
        let db = Connection::open(path)?;
        db.execute(
            "CREATE TABLE IF NOT EXISTS tenants (origin TEXT PRIMARY KEY)",
            (),
        )?;
        let (policy, skipped) = config(&origins(&db)?).build_lenient()?;
        for problem in &skipped {
            eprintln!("tenants: row skipped: {problem}");
        }
        let policy = ReloadablePolicy::new(policy);
        Ok(Self {
            db: Arc::new(Mutex::new(db)),
            policy,
        })
    }

    /// Applies `change` to the table and swaps in the policy built from the result; a change
    /// whose origin cannot be allowed is rolled back, and its problems returned (rows already
    /// in the table that cannot be allowed stay skipped, as at start-up).
    fn change(&self, sql: &str, origin: &str) -> Result<(), String> {
        let mut db = self.db.lock().map_err(|e| e.to_string())?;
        let tx = db.transaction().map_err(|e| e.to_string())?;
        tx.execute(sql, [origin]).map_err(|e| e.to_string())?;
        let rows = origins(&tx).map_err(|e| e.to_string())?;
        let (policy, skipped) = config(&rows).build_lenient().map_err(|e| e.to_string())?;
        let refused: Vec<String> = skipped
            .iter()
            .filter(|p| p.input() == Some(origin))
            .map(ToString::to_string)
            .collect();
        if !refused.is_empty() {
            return Err(refused.join("; "));
        }
        tx.commit().map_err(|e| e.to_string())?;
        self.policy.replace(policy);
        Ok(())
    }
}

fn origins(db: &Connection) -> rusqlite::Result<Vec<String>> {
    let mut query = db.prepare("SELECT origin FROM tenants ORDER BY origin")?;
    let rows = query.query_map((), |row| row.get(0))?;
    rows.collect()
}

fn config(tenants: &[String]) -> CorsConfig {
    CorsPolicy::builder()
        .allow_origin(APP_ORIGIN)
        .allow_origins(tenants.iter().cloned())
        .allow_methods(["PUT", "DELETE"])
        .allow_headers(["content-type"])
        .allow_credentials(true)
}

async fn add(State(tenants): State<Tenants>, origin: String) -> (StatusCode, String) {
    let sql = "INSERT OR IGNORE INTO tenants (origin) VALUES (?1)";
    match tenants.change(sql, origin.trim()) {
        Ok(()) => (StatusCode::CREATED, format!("{} allowed\n", origin.trim())),
        Err(problems) => (StatusCode::BAD_REQUEST, format!("{problems}\n")),
    }
}

async fn remove(State(tenants): State<Tenants>, origin: String) -> (StatusCode, String) {
    match tenants.change("DELETE FROM tenants WHERE origin = ?1", origin.trim()) {
        Ok(()) => (StatusCode::OK, format!("{} removed\n", origin.trim())),
        Err(problems) => (StatusCode::BAD_REQUEST, format!("{problems}\n")),
    }
}

/// The API (behind the tenants' policy) and the admin routes.
pub(crate) fn app(tenants: Tenants) -> Router {
    let layer = Cors::new(&tenants.policy);
    Router::new()
        .route(
            "/api/orders",
            get(|| async { "[]" }).put(|| async { "saved" }),
        )
        .route("/admin/tenants", post(add).delete(remove))
        .with_state(tenants)
        .layer(layer)
}

#[allow(dead_code)]
#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let path = std::env::temp_dir().join("tower-cors-tenants.sqlite3");
    let tenants = Tenants::open(&path.to_string_lossy())?;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:3001").await?;
    println!(
        "tenants in {}; API on http://127.0.0.1:3001",
        path.display()
    );
    axum::serve(listener, app(tenants)).await?;
    Ok(())
}
