//! Rows that do not build (an invalid origin, `null`, `*` or a public-suffix pattern with
//! credentials) are left out and named in `status()`; the valid rows are served, and a bad
//! row never empties nor widens the policy.

mod support;

use std::time::Duration;

use support::fleet::Instance;
use support::http::allows;
use support::{base, migrate, postgres::postgres, wait_until};
use tower_cors::ConfigErrorKind;
use tower_cors_postgres::PgPolicySource;

const VALID: [&str; 3] = [
    "https://a.example.com",
    "https://*.b.example.com",
    "http://localhost:*",
];

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn invalid_rows_are_named_in_status_and_the_valid_rows_among_them_are_served() {
    let Some(pg) = postgres() else { return };
    migrate(&pg);
    pg.psql(
        "INSERT INTO cors_origins (origin) VALUES ('https://a.example.com'), ('null'), \
         ('https://*.b.example.com'), ('*'), ('https://c.example.com/'), \
         ('http://localhost:*'), ('https://*.github.io'), ('http://plain.example.com')",
    );
    let source = PgPolicySource::builder(base())
        .start(&pg.url)
        .await
        .unwrap();
    let policy = source.policy().current();
    for origin in [
        "https://a.example.com",
        "https://x.b.example.com",
        "http://localhost:3000",
    ] {
        assert!(policy.origins().matches(origin.as_bytes()), "{origin}");
    }
    assert!(!policy.origins().allows_any());
    for origin in [
        "https://evil.test",
        "https://me.github.io",
        "http://plain.example.com",
    ] {
        assert!(!policy.origins().matches(origin.as_bytes()), "{origin}");
    }
    let status = source.status();
    assert_eq!(status.origins(), VALID.len());
    let mut rejected: Vec<(&str, ConfigErrorKind)> = status
        .rejected()
        .map(|r| (r.origin.as_str(), r.kind))
        .collect();
    rejected.sort_unstable_by_key(|r| r.0);
    assert_eq!(
        rejected,
        [
            ("*", ConfigErrorKind::AnyOriginWithCredentials),
            (
                "http://plain.example.com",
                ConfigErrorKind::InsecureOriginWithCredentials
            ),
            (
                "https://*.github.io",
                ConfigErrorKind::PublicSuffixWildcardWithCredentials
            ),
            ("https://c.example.com/", ConfigErrorKind::InvalidOrigin),
            ("null", ConfigErrorKind::ProhibitedOrigin),
        ]
    );
    assert!(
        status
            .rejected()
            .all(|r| r.tenant.is_none() && !r.reason.is_empty())
    );
    source.shutdown();

    // The example names them in its /status too, and serves the valid ones.
    let instance = Instance::spawn(&pg.url, &pg.root().join("instance.log"));
    assert!(allows(instance.addr, "/", "https://a.example.com"));
    assert!(!allows(instance.addr, "/", "https://c.example.com"));
    assert_eq!(instance.status_field("rejected_rows").as_deref(), Some("5"));
    assert_eq!(instance.status_field("origins").as_deref(), Some("3"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_bad_row_added_later_never_empties_or_widens_the_serving_policy() {
    let Some(pg) = postgres() else { return };
    migrate(&pg);
    pg.psql("INSERT INTO cors_origins (origin) VALUES ('https://a.example.com')");
    let source = PgPolicySource::builder(base())
        .start(&pg.url)
        .await
        .unwrap();
    for (i, bad) in ["null", "*", "https://A.example.com", "https://*.co.uk"]
        .iter()
        .enumerate()
    {
        pg.psql(&format!(
            "INSERT INTO cors_origins (origin) VALUES ('{bad}')"
        ));
        wait_until(Duration::from_secs(10), bad, || {
            source.status().rejected().count() == i + 1
        });
        let policy = source.policy().current();
        assert!(policy.origins().matches(b"https://a.example.com"));
        assert!(!policy.origins().allows_any());
        assert!(!policy.origins().matches(b"https://evil.test"));
        assert_eq!(source.status().origins(), 1);
    }
    // A good row after them is served; deleting the bad rows clears them from the status.
    pg.psql("INSERT INTO cors_origins (origin) VALUES ('https://d.example.com')");
    pg.psql(
        "DELETE FROM cors_origins \
         WHERE origin NOT IN ('https://a.example.com', 'https://d.example.com')",
    );
    wait_until(Duration::from_secs(10), "the bad rows gone", || {
        let status = source.status();
        status.rejected().count() == 0 && status.origins() == 2
    });
    assert!(
        source
            .policy()
            .current()
            .origins()
            .matches(b"https://d.example.com")
    );
    source.shutdown();
}
