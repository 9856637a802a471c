//! The trigger notifies every kind of change (insert, update, delete, truncate), and a
//! thousand inserts in one transaction cost one reload.

mod support;

use std::time::Duration;

use support::{base, migrate, postgres::postgres, wait_until};
use tower_cors_postgres::PgPolicySource;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn insert_update_delete_and_truncate_each_reach_the_policy() {
    let Some(pg) = postgres() else { return };
    migrate(&pg);
    pg.psql("INSERT INTO cors_origins (origin) VALUES ('https://a.example.com')");
    let source = PgPolicySource::builder(base())
        .start(&pg.url)
        .await
        .unwrap();
    let allows = |o: &str| source.policy().current().origins().matches(o.as_bytes());
    let steps: [(&str, &str, bool); 4] = [
        (
            "INSERT INTO cors_origins (origin) VALUES ('https://b.example.com')",
            "https://b.example.com",
            true,
        ),
        (
            "UPDATE cors_origins SET origin = 'https://c.example.com' WHERE origin = 'https://b.example.com'",
            "https://c.example.com",
            true,
        ),
        (
            "DELETE FROM cors_origins WHERE origin = 'https://c.example.com'",
            "https://c.example.com",
            false,
        ),
        ("TRUNCATE cors_origins", "https://a.example.com", false),
    ];
    for (sql, origin, allowed) in steps {
        pg.psql(sql);
        wait_until(Duration::from_secs(10), sql, || allows(origin) == allowed);
    }
    // An empty table: same-origin only, not an open policy.
    assert_eq!(source.status().origins(), 0);
    assert!(!source.policy().current().origins().allows_any());
    source.shutdown();
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_thousand_inserts_in_one_transaction_cost_one_reload() {
    let Some(pg) = postgres() else { return };
    migrate(&pg);
    let source = PgPolicySource::builder(base())
        .start(&pg.url)
        .await
        .unwrap();
    let reloads = source.status().reloads;
    let inserts: String = (0..1000)
        .map(|i| format!("INSERT INTO cors_origins (origin) VALUES ('https://t{i}.example.com');"))
        .collect();
    pg.psql(&format!("BEGIN; {inserts} COMMIT;"));
    wait_until(Duration::from_secs(10), "the thousand rows", || {
        source.status().origins() == 1000
    });
    // A second notification, if there were one, would arrive within the coalescing window.
    std::thread::sleep(Duration::from_millis(500));
    assert_eq!(source.status().reloads, reloads + 1);
    source.shutdown();
}
