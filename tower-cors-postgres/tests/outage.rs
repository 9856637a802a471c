//! PostgreSQL stopped for 5 s and started again while requests flow to two instances of the
//! `fleet` example: no error answer, no request or sequence of requests sees a mix of two
//! policies, and the changes made while the instances were disconnected reach them within
//! 1 s of their reconnection.

mod support;

use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use support::fleet::Instance;
use support::http::request;
use support::{postgres::postgres, wait_until};

const OLD: &str = "https://old.example.com";
const NEW: &str = "https://new.example.com";

/// One preflight from `origin`: whether the policy allows it. Panics on an error answer, and
/// on an answer that is neither a whole allowance (origin, credentials, methods) nor a whole
/// refusal.
fn preflight(addr: SocketAddr, origin: &str) -> Result<bool, String> {
    let answer = request(
        addr,
        "OPTIONS",
        "/",
        &[("Origin", origin), ("Access-Control-Request-Method", "PUT")],
    )
    .map_err(|e| format!("no answer: {e}"))?;
    let allow_origin = answer.header("access-control-allow-origin");
    let credentials = answer.header("access-control-allow-credentials");
    let methods = answer.header("access-control-allow-methods");
    match answer.status {
        204 if allow_origin == Some(origin)
            && credentials == Some("true")
            && methods.is_some_and(|m| m.contains("PUT")) =>
        {
            Ok(true)
        }
        403 if allow_origin.is_none() && credentials.is_none() => Ok(false),
        _ => Err(format!("an error or mixed answer: {answer:?}")),
    }
}

/// What one instance answered, request by request, in order: (when, whether the answer is
/// the new policy's: OLD refused or NEW allowed).
type Log = Vec<(SystemTime, bool)>;

#[test]
fn the_last_good_policy_serves_through_an_outage_and_changes_made_meanwhile_arrive_after_reconnecting()
 {
    let Some(pg) = postgres() else { return };
    // The instances connect as `app`; refusing its logins while the server is back lets the
    // test change the table while they are certainly disconnected.
    pg.psql("CREATE ROLE app LOGIN SUPERUSER");
    let url = pg.url_for("app");
    let instances: Vec<Instance> = (0..2)
        .map(|i| Instance::spawn(&url, &pg.root().join(format!("instance{i}.log"))))
        .collect();
    pg.psql(&format!(
        "INSERT INTO cors_origins (origin) VALUES ('{OLD}')"
    ));
    for instance in &instances {
        wait_until(Duration::from_secs(5), "OLD allowed", || {
            preflight(instance.addr, OLD) == Ok(true)
        });
    }
    let stop = Arc::new(AtomicBool::new(false));
    let errors = Arc::new(Mutex::new(Vec::new()));
    let clients: Vec<_> = instances
        .iter()
        .map(|instance| {
            let (addr, stop, errors) = (instance.addr, stop.clone(), errors.clone());
            std::thread::spawn(move || {
                let mut log = Log::new();
                let started = Instant::now();
                while !stop.load(Ordering::Relaxed) && started.elapsed() < Duration::from_secs(60) {
                    for (origin, allowed_by_new) in [(OLD, false), (NEW, true)] {
                        match preflight(addr, origin) {
                            Ok(allowed) => {
                                log.push((SystemTime::now(), allowed == allowed_by_new));
                            }
                            Err(e) => errors.lock().unwrap().push(e),
                        }
                    }
                    std::thread::sleep(Duration::from_millis(2));
                }
                log
            })
        })
        .collect();
    std::thread::sleep(Duration::from_millis(200));
    pg.psql("ALTER ROLE app NOLOGIN");
    pg.stop();
    let outage = SystemTime::now();
    std::thread::sleep(Duration::from_secs(5));
    pg.start_again();
    // Changes while the instances cannot connect: OLD replaced by NEW in one transaction.
    pg.psql(&format!(
        "BEGIN; DELETE FROM cors_origins WHERE origin = '{OLD}'; \
         INSERT INTO cors_origins (origin) VALUES ('{NEW}'); COMMIT"
    ));
    for instance in &instances {
        assert_eq!(instance.status_field("connected").as_deref(), Some("false"));
        assert_eq!(
            preflight(instance.addr, OLD),
            Ok(true),
            "the last good policy"
        );
    }
    pg.psql("ALTER ROLE app LOGIN");
    let login = Instant::now();
    for instance in &instances {
        wait_until(Duration::from_secs(10), "reconnected", || {
            instance.status_field("connected").as_deref() == Some("true")
        });
    }
    let reconnected_after = login.elapsed();
    std::thread::sleep(Duration::from_millis(300));
    stop.store(true, Ordering::Relaxed);
    let logs: Vec<Log> = clients.into_iter().map(|c| c.join().unwrap()).collect();
    let errors = errors.lock().unwrap();
    assert!(
        errors.is_empty(),
        "{} error answers: {:?}",
        errors.len(),
        &errors[..errors.len().min(3)]
    );
    for (instance, log) in instances.iter().zip(&logs) {
        // The instance's own record of its reconnection: when `connected` became true.
        let since: f64 = instance.status_field("since").unwrap().parse().unwrap();
        let reconnect = SystemTime::UNIX_EPOCH + Duration::from_secs_f64(since);
        let during = log.iter().filter(|(t, ..)| *t > outage && *t < reconnect);
        assert!(
            during.clone().count() > 100,
            "requests flowed during the outage"
        );
        assert!(during.clone().all(|&(_, new)| !new), "the last good policy");
        // Each answer is one policy's (`preflight` checks), and once the new policy
        // answers the old one never does again.
        let first_new = log.iter().position(|&(_, new)| new).unwrap();
        assert!(
            log[first_new..].iter().all(|&(_, new)| new),
            "the old policy answered after the new one"
        );
        let visible = log[first_new].0;
        let lag = visible.duration_since(reconnect).unwrap_or_default();
        assert!(
            lag < Duration::from_secs(1),
            "visible {lag:?} after reconnecting"
        );
        eprintln!(
            "outage: {} requests answered during the 5 s outage with the last good policy, 0 \
             errors; reconnected {reconnected_after:?} after logins were allowed again \
             (backoff up to 1 s); the new policy answered {lag:?} after the reconnection",
            log.iter()
                .filter(|(t, ..)| *t > outage && *t < reconnect)
                .count()
                * 2,
        );
    }
}
