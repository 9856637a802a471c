//! Three instances of the `fleet` example, separate processes on one database: a change made
//! with `psql` reaches every one of them within 1 s.

mod support;

use std::time::{Duration, Instant};

use support::fleet::Instance;
use support::http::allows;
use support::{postgres::postgres, quantile, wait_until};

#[test]
fn every_instance_answers_each_change_made_with_psql_within_one_second() {
    let Some(pg) = postgres() else { return };
    let instances: Vec<Instance> = (0..3)
        .map(|i| Instance::spawn(&pg.url, &pg.root().join(format!("instance{i}.log"))))
        .collect();
    // From launching psql until all three answer with the new policy, and from psql's exit
    // (the commit acknowledged) until then.
    let mut from_launch = Vec::new();
    let mut from_commit = Vec::new();
    for i in 0..100 {
        // Nine inserts, then a delete of an origin inserted before.
        let (sql, origin, allowed) = if i % 10 == 9 {
            let gone = format!("https://o{}.example.com", i - 5);
            let sql = format!("DELETE FROM cors_origins WHERE origin = '{gone}'");
            (sql, gone, false)
        } else {
            let new = format!("https://o{i}.example.com");
            let sql = format!("INSERT INTO cors_origins (origin) VALUES ('{new}')");
            (sql, new, true)
        };
        for instance in &instances {
            assert_ne!(
                allows(instance.addr, "/", &origin),
                allowed,
                "before change {i}"
            );
        }
        let launched = Instant::now();
        pg.psql(&sql);
        let committed = launched.elapsed();
        let mut pending: Vec<&Instance> = instances.iter().collect();
        let took = wait_until(Duration::from_secs(10), &format!("change {i}"), || {
            pending.retain(|instance| allows(instance.addr, "/", &origin) != allowed);
            pending.is_empty()
        }) + committed;
        assert!(
            took < Duration::from_secs(1),
            "change {i} ({sql}) took {took:?} to reach every instance"
        );
        from_launch.push(took);
        from_commit.push(took.saturating_sub(committed));
    }
    let (p50, p99) = (
        quantile(&mut from_launch, 0.5),
        quantile(&mut from_launch, 0.99),
    );
    let (c50, c99) = (
        quantile(&mut from_commit, 0.5),
        quantile(&mut from_commit, 0.99),
    );
    eprintln!(
        "propagation to 3 instances over 100 changes: from psql launch p50 {p50:?} p99 {p99:?} \
         max {:?}; from commit p50 {c50:?} p99 {c99:?}",
        from_launch.last().unwrap()
    );
    for instance in &instances {
        assert_eq!(instance.status_field("origins").as_deref(), Some("80"));
        assert_eq!(instance.status_field("connected").as_deref(), Some("true"));
    }
}
