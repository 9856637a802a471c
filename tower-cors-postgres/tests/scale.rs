//! 100,000 rows: the first load's time, an instance's resident memory, and the rebuild after
//! one change (measured and printed, not asserted).

mod support;

use std::time::{Duration, Instant};

use support::fleet::Instance;
use support::http::allows;
use support::{base, migrate, postgres::postgres, rss_kib, wait_until};
use tower_cors_postgres::PgPolicySource;

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_hundred_thousand_rows_load_in_full_and_one_change_rebuilds_the_policy() {
    let Some(pg) = postgres() else { return };
    migrate(&pg);
    let empty = Instance::spawn(&pg.url, &pg.root().join("empty.log"));
    assert!(!allows(empty.addr, "/", "https://nobody.example.com"));
    let rss_empty = rss_kib(empty.pid());
    drop(empty);
    pg.psql(
        "INSERT INTO cors_origins (origin) \
         SELECT 'https://t' || g || '.example.com' FROM generate_series(1, 100000) g",
    );

    let started = Instant::now();
    let source = PgPolicySource::builder(base())
        .start(&pg.url)
        .await
        .unwrap();
    let first_load = started.elapsed();
    let status = source.status();
    assert_eq!(status.origins(), 100_000);
    let policy = source.policy().current();
    assert!(policy.origins().matches(b"https://t1.example.com"));
    assert!(policy.origins().matches(b"https://t100000.example.com"));

    let full = Instance::spawn(&pg.url, &pg.root().join("full.log"));
    assert!(allows(full.addr, "/", "https://t99999.example.com"));
    let rss_full = rss_kib(full.pid());
    drop(full); // its rebuilds would compete with the measured ones

    // One change: the whole table read again, the global policy rebuilt.
    pg.psql("INSERT INTO cors_origins (origin) VALUES ('https://one-more.example.com')");
    let visible = wait_until(Duration::from_secs(30), "the new row", || {
        source
            .policy()
            .current()
            .origins()
            .matches(b"https://one-more.example.com")
    });
    let rebuild = source.status().last_reload_took.unwrap();

    // A bad row among them: found once by building each new row alone, then skipped.
    let reloads = source.status().reloads;
    pg.psql("INSERT INTO cors_origins (origin) VALUES ('null')");
    wait_until(Duration::from_secs(60), "the bad row", || {
        source.status().reloads > reloads
    });
    let status = source.status();
    let with_bad_row = status.last_reload_took.unwrap();
    assert_eq!(status.rejected().count(), 1);
    assert_eq!(status.origins(), 100_001);
    eprintln!(
        "100,000 rows: first load {first_load:?} (connect, query, build); instance RSS {} MiB \
         with them, {} MiB with none; one change: reload and rebuild {rebuild:?}, visible \
         {visible:?} after psql returned; a new bad row: {with_bad_row:?} (each new row built \
         alone once)",
        rss_full / 1024,
        rss_empty / 1024
    );
    source.shutdown();
}
