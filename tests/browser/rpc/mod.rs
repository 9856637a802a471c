//! The RPC clients group: the npm clients a browser application uses (connect-web 2 with its
//! Connect and gRPC-web transports, Google's grpc-web 2) call a real tonic service behind
//! `CorsConfig::grpc_web()` and a Connect endpoint behind `CorsConfig::connect()`, from the
//! listed page origin and from an unlisted one, plus a control policy without
//! `content-type`. Each case checks what page script read (message, exposed header, error
//! code, message and details), the engine's console and what the server saw.

mod cases;
mod clients;
mod connect;
mod greeter;
mod pages;
mod proto;
mod record;

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use self::cases::{Case, Expect, Server};
use self::record::Log;
use crate::engine::{Browser, Engine, Flavor};
use crate::harness::{say, start};
use crate::{console_file, sink, verdict};

const GROUP: &str = "rpc_clients";
/// How long the page may take for every case.
const GROUP_TIMEOUT: Duration = Duration::from_secs(60);
/// After the page is done: how long to wait for console lines still in flight.
const CONSOLE_GRACE: Duration = Duration::from_secs(3);

/// Runs the group in `engine`.
pub(crate) fn run(engine: Engine) {
    let Some((bin, rt)) = start(GROUP, engine) else {
        return;
    };
    let bundle = match clients::bundle() {
        Ok(bundle) => bundle,
        Err(why) => {
            let on_ci = std::env::var("CI").is_ok_and(|v| v == "true");
            assert!(!on_ci, "the RPC clients cannot be built on CI: {why}");
            say(&format!(
                "SKIPPED browser group {GROUP} in {}: {why}. To run it: {}",
                engine.name(),
                clients::INSTALL
            ));
            return;
        }
    };
    let (page_port, page) = rt.block_on(pages::start()).expect("page server");
    let page_origin = format!("http://127.0.0.1:{page_port}");
    let frame_origin = format!("http://localhost:{page_port}");
    let servers: HashMap<Server, (u16, Arc<Log>)> = rt.block_on(async {
        let mut servers = HashMap::new();
        let tonic = greeter::start(&page_origin).await.expect("tonic server");
        servers.insert(Server::Tonic, tonic);
        for (server, preset) in [
            (Server::Connect, connect::Preset::Connect),
            (
                Server::ConnectWithoutContentType,
                connect::Preset::WithoutContentType,
            ),
        ] {
            let started = connect::start(preset, &page_origin).await;
            servers.insert(server, started.expect("Connect server"));
        }
        servers
    });

    let mut cases = cases::cases(engine);
    if let Ok(filter) = std::env::var("BROWSER_SCENARIO") {
        cases.retain(|c| c.name.contains(filter.as_str()));
        if cases.is_empty() {
            say(&format!("group {GROUP}: no scenario matches {filter}"));
            return;
        }
    }
    let entries: Vec<_> = cases
        .iter()
        .map(|c| {
            c.js(
                &format!("http://127.0.0.1:{}", servers[&c.server].0),
                &frame_origin,
            )
        })
        .collect();
    *page.cases_js.lock().unwrap() =
        format!("const CASES = {};\n", serde_json::Value::from(entries));
    *page.bundle.lock().unwrap() = bundle;

    let started = Instant::now();
    let sink = sink::start().expect("sink proxy");
    let url = format!("{page_origin}/");
    let mut browser = Browser::launch(engine, &bin, Flavor::Default, &sink, &url)
        .unwrap_or_else(|e| panic!("cannot start {} ({}): {e}", engine.name(), bin.display()));
    let version = browser.version();
    let deadline = Instant::now() + GROUP_TIMEOUT;
    while !page.is_done() && Instant::now() < deadline && browser.exited().is_none() {
        std::thread::sleep(Duration::from_millis(50));
    }
    let finished = page.is_done();
    let names: Vec<&str> = cases.iter().map(|c| c.name).collect();
    let refused: Vec<&str> = cases
        .iter()
        .filter(|c| matches!(c.expect, Expect::Refused(_)))
        .map(|c| c.name)
        .collect();
    let grace = Instant::now() + CONSOLE_GRACE;
    while Instant::now() < grace {
        let console = verdict::map_console_to(engine, &names, &browser.console_messages());
        if refused.iter().all(|n| console.by_scenario.contains_key(*n)) {
            break;
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let console = verdict::map_console_to(engine, &names, &browser.console_messages());
    let tail = browser.output_tail(40);
    browser.stop();
    let elapsed = started.elapsed();
    console_file::write(GROUP, engine, &version, &names, &console);

    let reports = page.reports();
    let mut failures = Vec::new();
    if !finished {
        failures.push(format!(
            "the page did not finish within {GROUP_TIMEOUT:?} (note: {:?}); {} output tail:\n{tail}",
            page.note(),
            engine.name()
        ));
    }
    for case in &cases {
        let got = reports.iter().find(|r| r["name"] == case.name);
        let lines = console
            .by_scenario
            .get(case.name)
            .cloned()
            .unwrap_or_default();
        let (port, log) = &servers[&case.server];
        let origin = if case.unlisted_origin {
            &frame_origin
        } else {
            &page_origin
        };
        let mut result = cases::check_page(case, got);
        let mut problems = result.as_ref().err().cloned().unwrap_or_default();
        check_console(case, engine, &lines, log, &mut problems);
        check_server(case, *port, log, origin, &mut problems);
        if !problems.is_empty() {
            result = Err(problems);
        }
        match result {
            Ok(summary) => say(&format!(
                "{} scenario {}: ok ({summary}; console: {})",
                engine.name(),
                case.name,
                if lines.is_empty() {
                    "(none)".to_owned()
                } else {
                    lines.join(" | ")
                }
            )),
            Err(problems) => {
                say(&format!("{} scenario {}: FAILED", engine.name(), case.name));
                failures.push(format!(
                    "scenario {}:\n  - {}",
                    case.name,
                    problems.join("\n  - ")
                ));
            }
        }
    }
    say(&format!(
        "group {GROUP} in {} {version}: {} scenarios, {} failed, {:.1}s in the browser",
        engine.name(),
        cases.len(),
        failures.len(),
        elapsed.as_secs_f64()
    ));
    assert!(
        failures.is_empty(),
        "group {GROUP} failed in {}:\n{}",
        engine.name(),
        failures.join("\n")
    );
}

/// A refused call has the engine's console line for its reason, and when the policy refused
/// it, the policy's explanation in the engine's words; any other call has no CORS line.
fn check_console(
    case: &Case,
    engine: Engine,
    lines: &[String],
    log: &Log,
    problems: &mut Vec<String>,
) {
    let text = if lines.is_empty() {
        "(none)".to_owned()
    } else {
        lines.join(" | ")
    };
    let Expect::Refused(why) = &case.expect else {
        if !lines.is_empty() {
            problems.push(format!("expected no CORS console message, got: {text}"));
        }
        return;
    };
    let phrase = why.phrase(engine);
    if !lines.iter().any(|l| l.contains(phrase.as_str())) {
        problems.push(format!(
            "expected a console message containing {phrase:?}, got: {text}"
        ));
    }
    let explanation = log
        .seen(case.name)
        .iter()
        .rev()
        .find_map(|s| s.explanation.clone());
    let Some(explanation) = explanation else {
        problems.push("the policy gave no explanation for the refused request".to_owned());
        return;
    };
    let words = match engine {
        Engine::Chromium => explanation.chrome,
        Engine::Firefox => explanation.firefox,
        Engine::WebKit => explanation.safari,
    };
    match words {
        Some(words) if lines.iter().any(|l| l.contains(words.as_str())) => {}
        other => problems.push(format!(
            "the policy's explanation for {} ({other:?}) is not in the console: {text}",
            engine.name()
        )),
    }
}

fn check_server(case: &Case, port: u16, log: &Log, origin: &str, problems: &mut Vec<String>) {
    let counts = log.counts(case.name);
    if counts != case.counts {
        problems.push(format!(
            "{:?} server (port {port}): expected (preflights, requests, handler runs) {:?}, saw {counts:?}",
            case.server, case.counts
        ));
    }
    for seen in log.seen(case.name) {
        if seen.origin != origin {
            problems.push(format!(
                "expected Origin {origin}, the server saw {}",
                seen.origin
            ));
        }
    }
}
