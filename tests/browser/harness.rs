//! Runs one group in one engine: starts the servers, runs the browser once, checks every
//! scenario.

use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::path::PathBuf;
use std::time::{Duration, Instant};

use crate::engine::{Browser, Engine, Flavor};
use crate::page::{self, PageServer};
use crate::policies::Api;
use crate::scenario::{Frame, Scenario, js_string};
use crate::servers::{self, ApiServer};
use crate::{console_file, manual, sink, verdict};

/// How long one group may take in the browser before the harness gives up, besides the
/// delays its scenarios ask for.
const GROUP_TIMEOUT: Duration = Duration::from_secs(40);
/// How long one fetch may take before the page aborts it.
const STEP_TIMEOUT_MS: u64 = 5_000;
/// After the page is done: how long to wait for console lines still in flight.
const CONSOLE_GRACE: Duration = Duration::from_secs(3);

/// The running servers of a group, and the URLs and origins scenarios use.
#[derive(Debug)]
pub(crate) struct Env {
    /// The engine the group runs in.
    pub(crate) engine: Engine,
    pub(crate) page: PageServer,
    apis: HashMap<Api, ApiServer>,
}

impl Env {
    /// `http://127.0.0.1:<page port>`: the top page's origin.
    pub(crate) fn page_origin(&self) -> String {
        self.origin("127.0.0.1")
    }

    /// `http://<host>:<page port>`.
    pub(crate) fn origin(&self, host: &str) -> String {
        format!("http://{host}:{}", self.page.port)
    }

    /// `http://<host>:<second page port>`.
    pub(crate) fn alt_origin(&self, host: &str) -> String {
        format!("http://{host}:{}", self.page.alt_port)
    }

    /// `http://<host>:<api port><path>`.
    pub(crate) fn url(&self, api: Api, host: &str, path: &str) -> String {
        format!("http://{host}:{}{path}", self.server(api).port)
    }

    pub(crate) fn server(&self, api: Api) -> &ApiServer {
        &self.apis[&api]
    }
}

/// Runs the scenarios `build` returns in one browser of `engine`, and panics listing every
/// scenario whose verdict differs from its expectation.
pub(crate) fn run_group(
    group: &str,
    engine: Engine,
    flavor: Flavor,
    build: fn(&Env) -> Vec<Scenario>,
) {
    let Some((bin, rt)) = start(group, engine) else {
        return;
    };
    let env = rt.block_on(start_servers(engine));
    let mut scenarios = build(&env);
    check_names(&scenarios);
    if let Ok(filter) = std::env::var("BROWSER_SCENARIO") {
        scenarios.retain(|s| s.name.contains(filter.as_str()));
        if scenarios.is_empty() {
            say(&format!(
                "group {group}: no scenario matches BROWSER_SCENARIO={filter}"
            ));
            return;
        }
    }
    env.page.state.set_scenarios(scenarios_js(&env, &scenarios));
    if std::env::var_os("BROWSER_SCENARIO").is_some()
        || std::env::var_os("BROWSER_HOLD_SECS").is_some()
    {
        manual::describe(&env, &scenarios);
    }

    let started = Instant::now();
    let url = format!("{}/", env.page_origin());
    let sink = sink::start().expect("sink proxy");
    let mut browser = Browser::launch(engine, &bin, flavor, &sink, &url)
        .unwrap_or_else(|e| panic!("cannot start {} ({}): {e}", engine.name(), bin.display()));
    let version = browser.version();
    let delays: u64 = scenarios
        .iter()
        .flat_map(|s| &s.steps)
        .map(|step| step.delay_ms)
        .sum();
    let timeout = GROUP_TIMEOUT + Duration::from_millis(delays);
    let finished = rt.block_on(wait_until_done(&env, &mut browser, timeout));
    let results = verdict::collect(&env.page.state.reports());
    let blocked: Vec<&str> = results
        .iter()
        .filter(|(_, steps)| steps.last().is_some_and(|r| r.outcome != "readable"))
        .map(|(name, _)| name.as_str())
        .collect();
    rt.block_on(wait_for_console(engine, &browser, &scenarios, &blocked));
    let messages = browser.console_messages();
    let stderr_tail = browser.output_tail(40);
    browser.stop();
    let elapsed = started.elapsed();
    rt.block_on(manual::hold());

    let console = verdict::map_console(engine, &scenarios, &messages);
    let outbound = sink.seen.lock().unwrap().clone();
    let names: Vec<&str> = scenarios.iter().map(|s| s.name).collect();
    console_file::write(group, engine, &version, &names, &console);
    let mut failures = Vec::new();
    if !finished {
        failures.push(format!(
            "the page did not finish within {timeout:?} (note: {:?}); {} output tail:\n{stderr_tail}",
            env.page.state.done_note(),
            engine.name()
        ));
    }
    if !outbound.is_empty() {
        say(&format!(
            "{}: {} request(s) for outside addresses were refused by the sink: {:?}",
            engine.name(),
            outbound.len(),
            &outbound[..outbound.len().min(5)]
        ));
    }
    for s in &scenarios {
        let got = results.get(s.name).map(Vec::as_slice).unwrap_or_default();
        let lines = console
            .by_scenario
            .get(s.name)
            .map(Vec::as_slice)
            .unwrap_or_default();
        let deviation = s
            .deviation
            .map(|why| format!(" [deviation: {why}]"))
            .unwrap_or_default();
        match verdict::check(s, got, lines, &env) {
            Ok(summary) => say(&format!(
                "{} scenario {}: ok ({summary}){deviation}",
                engine.name(),
                s.name
            )),
            Err(problems) => {
                say(&format!("{} scenario {}: FAILED", engine.name(), s.name));
                failures.push(format!(
                    "scenario {}:\n  - {}",
                    s.name,
                    problems.join("\n  - ")
                ));
            }
        }
    }
    say(&format!(
        "group {group} in {} {version}: {} scenarios, {} failed, {:.1}s in the browser",
        engine.name(),
        scenarios.len(),
        failures.len(),
        elapsed.as_secs_f64()
    ));
    assert!(
        failures.is_empty(),
        "group {group} failed in {}:\n{}",
        engine.name(),
        failures.join("\n")
    );
}

/// Writes straight to stderr, bypassing the test harness's output capture.
pub(crate) fn say(line: &str) {
    let _ = writeln!(std::io::stderr(), "{line}");
}

/// The engine's program and a runtime for a group's servers, or `None` when the group is
/// skipped (see [`Engine::or_skip`]).
pub(crate) fn start(group: &str, engine: Engine) -> Option<(PathBuf, tokio::runtime::Runtime)> {
    let bin = engine.or_skip(group)?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("tokio runtime");
    Some((bin, rt))
}

async fn start_servers(engine: Engine) -> Env {
    let page = page::start().await.expect("page server");
    let mut apis = HashMap::new();
    for api in Api::ALL {
        let server = servers::start(api, page.port).await.expect("API server");
        apis.insert(api, server);
    }
    Env { engine, page, apis }
}

fn check_names(scenarios: &[Scenario]) {
    let mut names = HashSet::new();
    for s in scenarios {
        assert!(names.insert(s.name), "duplicate scenario name {}", s.name);
        assert!(!s.steps.is_empty(), "scenario {} makes no fetch", s.name);
        assert!(
            s.verdict.is_some(),
            "scenario {} expects no verdict",
            s.name
        );
    }
}

async fn wait_until_done(env: &Env, browser: &mut Browser, timeout: Duration) -> bool {
    let deadline = Instant::now() + timeout;
    while Instant::now() < deadline {
        if env.page.state.is_done() {
            return true;
        }
        if let Some(status) = browser.exited() {
            say(&format!("{} exited early: {status}", env.engine.name()));
            return false;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    false
}

/// Waits (bounded) until every refused scenario has its console line.
async fn wait_for_console(
    engine: Engine,
    browser: &Browser,
    scenarios: &[Scenario],
    blocked: &[&str],
) {
    let deadline = Instant::now() + CONSOLE_GRACE;
    while Instant::now() < deadline {
        let console = verdict::map_console(engine, scenarios, &browser.console_messages());
        if blocked
            .iter()
            .all(|name| console.by_scenario.contains_key(*name))
        {
            return;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

/// `const SCENARIOS = [...]`, as the runner page expects them.
fn scenarios_js(env: &Env, scenarios: &[Scenario]) -> String {
    let mut out = String::from("const SCENARIOS = [\n");
    for s in scenarios {
        let frame = match &s.frame {
            Frame::Top => "null".to_owned(),
            Frame::At(origin) => format!("{{\"origin\": {}}}", js_string(origin)),
            Frame::Sandboxed => "{\"sandboxed\": true}".to_owned(),
        };
        let steps: Vec<String> = s
            .steps
            .iter()
            .map(|st| {
                let headers: Vec<String> = st
                    .headers
                    .iter()
                    .map(|(k, v)| format!("[{}, {}]", js_string(k), js_string(v)))
                    .collect();
                let read: Vec<String> = st.read.iter().map(|h| js_string(h)).collect();
                format!(
                    "{{\"url\": {}, \"method\": {}, \"headers\": [{}], \"body\": {}, \
                     \"credentials\": {}, \"mode\": {}, \"noStore\": {}, \"delayMs\": {}, \"read\": [{}], \"timeoutMs\": {STEP_TIMEOUT_MS}}}",
                    js_string(&env.url(st.api, st.host, &st.path)),
                    js_string(&st.method),
                    headers.join(", "),
                    st.body.as_deref().map_or_else(|| "null".to_owned(), js_string),
                    js_string(st.credentials),
                    js_string(st.mode),
                    st.no_store,
                    st.delay_ms,
                    read.join(", "),
                )
            })
            .collect();
        out.push_str(&format!(
            "  {{\"name\": {}, \"frame\": {frame}, \"steps\": [{}]}},\n",
            js_string(s.name),
            steps.join(", ")
        ));
    }
    out.push_str("];\n");
    out
}
