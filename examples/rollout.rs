//! Rolling a policy out with eyes open: a service that serves every site today
//! (`CorsConfig::public()`) judges each request by the allowlist it is about to enforce as
//! well, without letting it answer, and shows what the switch would break.
//!
//! ```sh
//! cargo run --example rollout --features metrics,serde   # 127.0.0.1:3007 ($PORT to change)
//! curl -H 'Origin: https://partner.example' http://127.0.0.1:3007/api/items
//! curl http://127.0.0.1:3007/cors-report    # what the candidate would change, and the TOML
//! curl http://127.0.0.1:3007/metrics        # Prometheus text
//! ```

use std::sync::OnceLock;

use axum::Router;
use axum::extract::State;
use axum::routing::get;
use metrics_exporter_prometheus::{PrometheusBuilder, PrometheusHandle};
use tower_cors::{CandidateReport, ConfigError, Cors, CorsConfig};

/// The allowlist about to be enforced.
pub(crate) fn candidate() -> CorsConfig {
    CorsConfig::new()
        .allow_origin("https://app.example.com")
        .allow_origin("https://*.example.com")
}

/// The process's Prometheus recorder, installed once.
pub(crate) fn recorder() -> PrometheusHandle {
    static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();
    HANDLE
        .get_or_init(|| {
            PrometheusBuilder::new()
                .install_recorder()
                .expect("no other recorder is installed")
        })
        .clone()
}

#[derive(Clone)]
struct Reports {
    cors: CandidateReport,
    prometheus: PrometheusHandle,
}

/// The service: `/api/items` under today's policy with the candidate beside it, and the two
/// operator endpoints.
pub(crate) fn app(prometheus: PrometheusHandle) -> Result<Router, ConfigError> {
    let cors = Cors::new(CorsConfig::public().build()?)
        .record_metrics()
        .with_candidate(candidate(), 100)?;
    let reports = Reports {
        cors: cors.candidate_report().expect("a candidate was given"),
        prometheus,
    };
    let api = Router::new()
        .route("/api/items", get(|| async { "[]" }))
        .layer(cors);
    let operators = Router::new()
        .route("/cors-report", get(report))
        .route(
            "/metrics",
            get(|State(r): State<Reports>| async move { r.prometheus.render() }),
        )
        .with_state(reports);
    Ok(api.merge(operators))
}

/// The report, then the configuration that would keep every origin seen twice or more
/// working.
async fn report(State(reports): State<Reports>) -> String {
    let suggested = reports.cors.suggested_config(2);
    let toml = toml::to_string(&suggested).unwrap_or_else(|e| format!("# {e}\n"));
    format!(
        "{}\n# tighten to this and nothing seen breaks:\n{toml}",
        reports.cors
    )
}

#[allow(dead_code)]
#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let port: u16 = std::env::var("PORT")
        .ok()
        .and_then(|p| p.parse().ok())
        .unwrap_or(3007);
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
    println!("http://127.0.0.1:{port}/api/items, /cors-report, /metrics");
    axum::serve(listener, app(recorder())?).await?;
    Ok(())
}
