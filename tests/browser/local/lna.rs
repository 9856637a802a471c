//! Local Network Access: a page of `http://127.0.0.1:<page>` that the engine is told is on the
//! public internet calls APIs on `127.0.0.1:<api>` (loopback), as a web page calls a local
//! tool. Chromium 142+ replaced Private Network Access (the `Access-Control-Request-Private-
//! Network` preflight) with a permission; Firefox 153 has its own Local Network Access, also a
//! permission (a prompt); WebKitGTK has neither and no switch to mark an address public.
//!
//! Runs, each with fresh servers and a fresh profile:
//! - `denied`: Chromium with `--ip-address-space-overrides=127.0.0.1:<page>=public`, Firefox
//!   with `network.lna.address_space.public.override=127.0.0.1:<page>`; no permission.
//! - `granted`: the same, with permission `loopback-network` granted to the page's origin
//!   before it loads: Chromium through CDP `Browser.setPermission` (what ChromeDriver's `Set
//!   Permission` with `{name: "loopback-network"}` sends), Firefox in its permission manager
//!   (`Services.perms`, type `loopback-network`).
//! - `as_shipped` (WebKit only): the page and the APIs as they are.
//!
//! APIs: `Plain` (the page's origin; PUT; x-custom), `Pna` (the same with
//! `allow_private_network(true)`), `Unlisted` (allows `http://localhost:<page>` only). Each
//! case checks what the page read, the console, what reached the API, and that no request
//! carried `Access-Control-Request-Private-Network`.

use std::time::Duration;

use axum::Router;
use axum::routing::any;
use serde_json::{Value, json};
use tower_cors::{Cors, CorsConfig};

use super::lna_cases::{Api, CASES, Case, Line, Outcome, RunKind, expect, lna_explanation};
use super::{Entry, Log, Wait, at, bind, counts, describe, finish, logged, run_browser, serve};
use crate::console_file;
use crate::engine::{Engine, Setup};
use crate::harness::{say, start};
use crate::{sink, verdict};

const GROUP: &str = "local_servers_network_access";
/// How long the page waits for a fetch (Firefox holds one that waits for a prompt).
const FETCH_TIMEOUT_MS: u64 = 3_000;

fn api(policy: tower_cors::CorsPolicy, log: &Log) -> Router {
    let router = Router::new()
        .route("/{*rest}", any(|| async { "ok" }))
        .layer(Cors::new(policy));
    logged(router, log)
}

/// Whether console `line` names the URL of case `name` (`.../<name>` and not a longer name).
fn names_case(line: &str, name: &str) -> bool {
    let needle = format!("/{name}");
    line.match_indices(&needle).any(|(at, _)| {
        line[at + needle.len()..]
            .chars()
            .next()
            .is_none_or(|c| !(c.is_ascii_alphanumeric() || c == '_'))
    })
}

/// Runs the group in `engine`: `denied` and `granted`, or WebKit's `as_shipped`.
pub(crate) fn run(engine: Engine) {
    let Some((bin, rt)) = start(GROUP, engine) else {
        return;
    };
    let runs: &[RunKind] = match engine {
        Engine::WebKit => &[RunKind::AsShipped],
        _ => &[RunKind::Denied, RunKind::Granted],
    };
    let mut failures = Vec::new();
    let mut version = String::new();
    for &kind in runs {
        version = run_once(engine, &bin, &rt, kind, &mut failures);
    }
    finish(GROUP, engine, &version, &failures);
}

fn run_once(
    engine: Engine,
    bin: &std::path::Path,
    rt: &tokio::runtime::Runtime,
    kind: RunKind,
    failures: &mut Vec<String>,
) -> String {
    let logs = [Log::default(), Log::default(), Log::default()];
    let log_of = |api: Api| match api {
        Api::Plain => &logs[0],
        Api::Pna => &logs[1],
        Api::Unlisted => &logs[2],
    };
    let (page_port, pages, ports) = rt.block_on(async {
        let (page_port, pages) = super::start_pages().await;
        let page = format!("http://127.0.0.1:{page_port}");
        let base = || {
            CorsConfig::new()
                .allow_method("PUT")
                .allow_header("x-custom")
        };
        let policies = [
            base().allow_origin(page.as_str()).build(),
            base()
                .allow_origin(page.as_str())
                .allow_private_network(true)
                .build(),
            base()
                .allow_origin(format!("http://localhost:{page_port}"))
                .build(),
        ];
        let mut ports = Vec::new();
        for (policy, log) in policies.into_iter().zip(&logs) {
            let (listener, port) = bind().await;
            serve(listener, api(policy.expect("a valid policy"), log));
            ports.push(port);
        }
        let url = |c: &Case| {
            let port = match c.api {
                Api::Plain => ports[0],
                Api::Pna => ports[1],
                Api::Unlisted => ports[2],
            };
            format!("http://127.0.0.1:{port}/{}", c.name)
        };
        let cases: Vec<Value> = CASES
            .iter()
            .map(|c| {
                let mut v = json!({
                    "name": c.name, "url": url(c), "timeoutMs": FETCH_TIMEOUT_MS, "noStore": true,
                    "method": if c.preflighted { "PUT" } else { "GET" },
                    "headers": if c.preflighted { json!({"x-custom": "1"}) } else { json!({}) },
                });
                if let Some(space) = c.target_address_space {
                    v["targetAddressSpace"] = json!(space);
                }
                v
            })
            .collect();
        pages.set_cases(&cases);
        (page_port, pages, ports)
    });
    let page = format!("http://127.0.0.1:{page_port}");
    let url_of = |c: &Case| {
        let port = match c.api {
            Api::Plain => ports[0],
            Api::Pna => ports[1],
            Api::Unlisted => ports[2],
        };
        format!("http://127.0.0.1:{port}/{}", c.name)
    };

    let mut setup = Setup::default();
    let target = format!("127.0.0.1:{page_port}");
    match engine {
        Engine::Chromium => {
            setup
                .chromium_flags
                .push(format!("--ip-address-space-overrides={target}=public"));
        }
        Engine::Firefox => setup.firefox_prefs.push((
            "network.lna.address_space.public.override".to_owned(),
            json!(target),
        )),
        Engine::WebKit => {}
    }
    if kind == RunKind::Granted {
        setup
            .chromium_grants
            .push((page.clone(), "loopback-network"));
        setup
            .firefox_grants
            .push((page.clone(), "loopback-network"));
    }
    let sink = sink::start().expect("sink proxy");
    let wait = Wait {
        timeout: Duration::from_secs(20),
        console_lines: 0,
    };
    let run = run_browser(
        engine,
        bin,
        &setup,
        &sink,
        &format!("{page}/"),
        wait,
        || pages.is_done(),
    );
    let group = format!("{GROUP}_{}", kind.name());
    let names: Vec<&str> = CASES.iter().map(|c| c.name).collect();
    let console = verdict::map_console_to(engine, &names, &run.console);
    console_file::write(&group, engine, &run.version, &names, &console);
    if !run.finished {
        failures.push(format!(
            "{}: the page did not finish within 20 s (note {:?}); output tail:\n{}",
            kind.name(),
            pages.note(),
            run.tail
        ));
    }

    let mut all: Vec<Entry> = Vec::new();
    for case in &CASES {
        let url = url_of(case);
        let want = expect(engine, kind, case, &url, &page);
        let steps = pages.steps(case.name);
        let step = steps.first().cloned().unwrap_or(Value::Null);
        // CORS lines as the suite attributes them (WebKit's reason lines come before the one
        // naming the URL), and any other line naming the case's URL (Firefox's LNA lines).
        let mut lines: Vec<&String> = console
            .by_scenario
            .get(case.name)
            .map(|v| v.iter().collect())
            .unwrap_or_default();
        for line in run.console.iter().filter(|l| names_case(l, case.name)) {
            if !lines.contains(&line) {
                lines.push(line);
            }
        }
        let seen = at(log_of(case.api), &format!("/{}", case.name));
        all.extend(seen.iter().cloned());
        let mut problems = Vec::new();
        let got = match step["outcome"].as_str() {
            Some("readable") => {
                Outcome::Read(u16::try_from(step["status"].as_u64().unwrap_or(0)).unwrap_or(0))
            }
            Some("rejected") => Outcome::Rejected,
            Some("pending") => Outcome::Pending,
            _ => {
                problems.push(format!("no report from the page: {step}"));
                Outcome::Pending
            }
        };
        let refused =
            want.outcome == Outcome::Refused && matches!(got, Outcome::Rejected | Outcome::Pending);
        if got != want.outcome && !refused {
            problems.push(format!(
                "expected {:?}, the page got {}",
                want.outcome,
                describe(&step)
            ));
        }
        if counts(&seen) != want.counts {
            problems.push(format!(
                "expected (preflights, requests) {:?} at the API, saw {:?}",
                want.counts,
                counts(&seen)
            ));
        }
        for line in &want.console {
            let found = match line {
                Line::Exact(text) => lines.contains(&text),
                Line::Contains(text) => lines.iter().any(|l| l.contains(text.as_str())),
            };
            if !found {
                problems.push(format!("expected console line {line:?}, got {lines:?}"));
            }
        }
        let lenient = engine == Engine::Firefox && kind == RunKind::Denied;
        if want.console.is_empty() && !lines.is_empty() && !lenient {
            problems.push(format!("expected no console line, got {lines:?}"));
        }
        let headers: Vec<String> = seen
            .iter()
            .map(|e| {
                let names: Vec<&str> = e.headers.iter().map(|(n, _)| n.as_str()).collect();
                format!("{} [{}] -> {}", e.method, names.join(", "), e.status)
            })
            .collect();
        let summary = format!(
            "{}; API saw {headers:?}; console {lines:?}",
            describe(&step)
        );
        if problems.is_empty() {
            say(&format!(
                "{} scenario {}/{}: ok ({summary})",
                engine.name(),
                kind.name(),
                case.name
            ));
        } else {
            say(&format!(
                "{} scenario {}/{}: FAILED ({summary})",
                engine.name(),
                kind.name(),
                case.name
            ));
            failures.push(format!(
                "scenario {}/{}:\n  - {}",
                kind.name(),
                case.name,
                problems.join("\n  - ")
            ));
        }
    }
    if engine == Engine::Firefox && kind == RunKind::Denied {
        // The crate's explanation of the refusal, as Firefox prints it for one of the cases.
        let expected: Vec<String> = CASES
            .iter()
            .filter_map(|case| lna_explanation(&page, &url_of(case)).firefox)
            .collect();
        let asked = run
            .console
            .iter()
            .filter(|l| expected.iter().any(|text| l.contains(text.as_str())))
            .count();
        say(&format!(
            "Firefox denied: {asked} \"permission required\" line(s) for {} cases",
            CASES.len()
        ));
        if asked == 0 {
            failures.push(format!(
                "denied: no \"Local Network Access permission required\" line: {:?}",
                run.console
            ));
        }
    }
    // No engine asks for Private Network Access any more, so no policy answers it.
    for e in &all {
        if e.header("access-control-request-private-network").is_some()
            || e.allow_private_network.is_some()
        {
            failures.push(format!(
                "{}: {} {} carried Access-Control-Request-Private-Network ({:?}) or was answered \
                 Access-Control-Allow-Private-Network ({:?})",
                kind.name(),
                e.method,
                e.target,
                e.header("access-control-request-private-network"),
                e.allow_private_network
            ));
        }
    }
    if let Some(preflight) = all.iter().find(|e| e.is_preflight()) {
        say(&format!(
            "{} {}: a preflight's headers: {:?}",
            engine.name(),
            kind.name(),
            preflight.headers
        ));
    }
    run.version
}
