//! The first load failing is an error the application sees at start-up: no silently empty
//! allowlist.

mod support;

use support::{base, postgres::postgres};
use tower_cors::CorsConfig;
use tower_cors_postgres::{PgPolicySource, StartError};

#[tokio::test]
async fn an_unreachable_database_is_an_error_at_start_up() {
    let missing = std::env::temp_dir().join("tower-cors-postgres-no-such-server");
    let url = format!(
        "host={} port=1 user=postgres dbname=postgres",
        missing.display()
    );
    let error = PgPolicySource::builder(base())
        .start(&url)
        .await
        .unwrap_err();
    assert!(matches!(error, StartError::Database(_)), "{error}");
    let error = PgPolicySource::builder(base())
        .start("port=notanumber")
        .await
        .unwrap_err();
    assert!(matches!(error, StartError::DatabaseUrl(_)), "{error}");
}

#[tokio::test]
async fn a_base_configuration_that_does_not_build_is_an_error_at_start_up() {
    let bad = CorsConfig::new().allow_method("CONNECT");
    let error = PgPolicySource::builder(bad)
        .start("host=/nonexistent")
        .await
        .unwrap_err();
    assert!(matches!(error, StartError::Base(_)), "{error}");
}

#[tokio::test]
async fn a_missing_table_is_an_error_at_start_up_unless_migrated() {
    let Some(pg) = postgres() else { return };
    let error = PgPolicySource::builder(base())
        .start(&pg.url)
        .await
        .unwrap_err();
    assert!(matches!(error, StartError::Database(_)), "{error}");
    let source = PgPolicySource::builder(base())
        .migrate(true)
        .start(&pg.url)
        .await
        .unwrap();
    assert!(source.status().connected);
    assert_eq!(source.status().origins(), 0);
    source.shutdown();
}
