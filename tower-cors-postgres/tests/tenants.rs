//! Rows with a tenant key: each tenant's policy is rebuilt alone, and one tenant's change or
//! bad row never touches another tenant's policy nor the global one.

mod support;

use std::time::Duration;

use support::fleet::Instance;
use support::http::allows;
use support::{base, migrate, postgres::postgres, wait_until};
use tower_cors_postgres::PgPolicySource;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_tenants_change_or_bad_row_never_touches_another_tenants_policy() {
    let Some(pg) = postgres() else { return };
    migrate(&pg);
    pg.psql(
        "INSERT INTO cors_origins (tenant, origin) VALUES (NULL, 'https://app.example.com'), \
         ('acme', 'https://acme.example'), ('globex', 'https://globex.example')",
    );
    let source = PgPolicySource::builder(base())
        .start(&pg.url)
        .await
        .unwrap();
    let acme = || source.tenants().get("acme").unwrap();
    assert!(acme().origins().matches(b"https://acme.example"));
    assert!(!acme().origins().matches(b"https://globex.example"));
    assert!(!acme().origins().matches(b"https://app.example.com"));
    let before = source.status();

    pg.psql(
        "INSERT INTO cors_origins (tenant, origin) VALUES ('acme', 'null'), \
         ('acme', 'https://shop.acme.example')",
    );
    wait_until(Duration::from_secs(10), "acme's change", || {
        acme().origins().matches(b"https://shop.acme.example")
    });
    let after = source.status();
    assert_eq!(
        after.tenants["globex"].rebuilt_at,
        before.tenants["globex"].rebuilt_at
    );
    assert_eq!(after.global.rebuilt_at, before.global.rebuilt_at);
    assert_ne!(
        after.tenants["acme"].rebuilt_at,
        before.tenants["acme"].rebuilt_at
    );
    assert_eq!(after.tenants["acme"].origins, 2);
    let rejected: Vec<_> = after.rejected().collect();
    assert_eq!(rejected.len(), 1);
    assert_eq!(rejected[0].tenant.as_deref(), Some("acme"));
    assert!(
        source
            .tenants()
            .get("globex")
            .unwrap()
            .origins()
            .matches(b"https://globex.example")
    );

    // A tenant whose rows are all bad allows nothing (never falls open); one without rows
    // is gone, and its requests get the global policy.
    pg.psql("INSERT INTO cors_origins (tenant, origin) VALUES ('initech', '*')");
    pg.psql("DELETE FROM cors_origins WHERE tenant = 'globex'");
    wait_until(Duration::from_secs(10), "initech and globex", || {
        source.tenants().get("globex").is_none() && source.tenants().get("initech").is_some()
    });
    let initech = source.tenants().get("initech").unwrap();
    assert!(!initech.origins().allows_any());
    assert!(!initech.origins().matches(b"https://evil.test"));
    source.shutdown();

    // The example serves each tenant's policy under /t/{tenant}, the global one elsewhere.
    let instance = Instance::spawn(&pg.url, &pg.root().join("instance.log"));
    assert!(allows(
        instance.addr,
        "/t/acme",
        "https://shop.acme.example"
    ));
    assert!(!allows(instance.addr, "/", "https://shop.acme.example"));
    assert!(allows(instance.addr, "/", "https://app.example.com"));
    assert!(!allows(instance.addr, "/t/acme", "https://app.example.com"));
    assert!(allows(
        instance.addr,
        "/t/globex",
        "https://app.example.com"
    ));
}
