//! Turning the page's reports and the browser's console into per-scenario verdicts.

use std::collections::HashMap;

use crate::engine::Engine;
use crate::harness::Env;
use crate::page::Report;
use crate::scenario::{Scenario, Verdict};

/// What the page's script observed for one fetch.
#[derive(Debug, Clone, Default)]
pub(crate) struct StepResult {
    /// `readable`, `opaque` (a `no-cors` response), `blocked` (fetch rejected) or `timeout`.
    pub(crate) outcome: String,
    pub(crate) status: Option<u16>,
    pub(crate) body: String,
    pub(crate) headers: HashMap<String, String>,
    pub(crate) redirected: Option<bool>,
    pub(crate) url: String,
    pub(crate) error: String,
}

/// The results the page reported, per scenario, in step order.
pub(crate) fn collect(reports: &[Report]) -> HashMap<String, Vec<StepResult>> {
    let mut by_name: HashMap<String, Vec<(usize, StepResult)>> = HashMap::new();
    for fields in reports {
        let mut name = String::new();
        let mut step = 0;
        let mut r = StepResult::default();
        for (k, v) in fields {
            match k.as_str() {
                "name" => name.clone_from(v),
                "step" => step = v.parse().unwrap_or(0),
                "outcome" => r.outcome.clone_from(v),
                "status" => r.status = v.parse().ok(),
                "body" => r.body.clone_from(v),
                "redirected" => r.redirected = Some(v == "true"),
                "url" => r.url.clone_from(v),
                "error" => r.error.clone_from(v),
                _ => {
                    if let Some(h) = k.strip_prefix("h:") {
                        r.headers.insert(h.to_owned(), v.clone());
                    }
                }
            }
        }
        by_name.entry(name).or_default().push((step, r));
    }
    by_name
        .into_iter()
        .map(|(name, mut steps)| {
            steps.sort_by_key(|(i, _)| *i);
            (name, steps.into_iter().map(|(_, r)| r).collect())
        })
        .collect()
}

/// The console messages, attributed to scenarios by the URL they name.
#[derive(Debug, Default)]
pub(crate) struct Console {
    pub(crate) by_scenario: HashMap<String, Vec<String>>,
    pub(crate) unmatched: Vec<String>,
}

/// Every URL a scenario fetches ends in the scenario's name, and the engines' CORS messages
/// name the URL. WebKit names it on a line of its own after the reason: a message naming no
/// URL is kept and attributed with the next one that does (in WebKit only).
pub(crate) fn map_console(engine: Engine, scenarios: &[Scenario], messages: &[String]) -> Console {
    let names: Vec<&str> = scenarios.iter().map(|s| s.name).collect();
    map_console_to(engine, &names, messages)
}

/// As [`map_console`], for scenarios given by name (groups with their own scenario types).
pub(crate) fn map_console_to(engine: Engine, names: &[&str], messages: &[String]) -> Console {
    let mut console = Console::default();
    let mut pending: Vec<String> = Vec::new();
    for message in messages {
        let url = engine.message_url(message);
        if url.is_none() && engine == Engine::WebKit {
            pending.push(message.clone());
            continue;
        }
        let owner = url.and_then(|url| {
            let path = url.split('?').next().unwrap_or(url);
            names
                .iter()
                .find(|name| path.split('/').any(|segment| segment == **name))
        });
        let mut lines = std::mem::take(&mut pending);
        lines.push(message.clone());
        match owner {
            Some(name) => console
                .by_scenario
                .entry((*name).to_owned())
                .or_default()
                .extend(lines),
            None => console.unmatched.extend(lines),
        }
    }
    console.unmatched.extend(pending);
    console
}

/// Checks one scenario; `Ok` carries a one-line summary, `Err` every problem found.
pub(crate) fn check(
    s: &Scenario,
    got: &[StepResult],
    console: &[String],
    env: &Env,
) -> Result<String, Vec<String>> {
    let mut problems = Vec::new();
    let Some(last) = got.last() else {
        return Err(vec![
            "the page reported no result (did the group time out?)".to_owned(),
        ]);
    };
    if got.len() != s.steps.len() {
        problems.push(format!(
            "{} fetches expected, {} reported",
            s.steps.len(),
            got.len()
        ));
    }
    for (i, r) in got.iter().enumerate().take(got.len() - 1) {
        if r.outcome != "readable" && r.outcome != "opaque" {
            problems.push(format!(
                "preparatory fetch #{i} failed: {} {}",
                r.outcome, r.error
            ));
        }
    }
    let console_text = if console.is_empty() {
        "(none)".to_owned()
    } else {
        console.join(" | ")
    };
    let summary = match s.verdict.as_ref().expect("checked by the harness") {
        Verdict::Readable => {
            if last.outcome != "readable" {
                problems.push(format!(
                    "expected the response to be readable by the page, but fetch gave `{}` ({}); console: {console_text}",
                    last.outcome, last.error
                ));
            } else {
                check_response(s, last, &mut problems);
            }
            if !console.is_empty() {
                problems.push(format!(
                    "expected no CORS console message, got: {console_text}"
                ));
            }
            format!("readable, status {}", last.status.unwrap_or(0))
        }
        Verdict::Blocked(why) => {
            let phrase = why.phrase(env.engine);
            if last.outcome != "blocked" {
                problems.push(format!(
                    "expected the browser to refuse (\"{phrase}\"), but fetch gave `{}` status {:?} body {:?}",
                    last.outcome, last.status, last.body
                ));
            }
            if !console.iter().any(|m| m.contains(phrase.as_str())) {
                problems.push(format!(
                    "expected a console message containing \"{phrase}\", got: {console_text}"
                ));
            }
            explained(s, env, console, &mut problems);
            format!("refused, console: {console_text}")
        }
    };
    check_server(s, env, &mut problems);
    if problems.is_empty() {
        Ok(summary)
    } else {
        Err(problems)
    }
}

/// When the policy refused the request, its explanation (`Decision::explain`) must give the
/// engine's own words: the crate's per-browser texts are proven against the browsers here.
fn explained(s: &Scenario, env: &Env, console: &[String], problems: &mut Vec<String>) {
    let Some(step) = s.steps.last() else {
        return;
    };
    let seen = env.server(step.api).log.seen(step.log_path());
    let Some(explanation) = seen.iter().rev().find_map(|r| r.explanation.clone()) else {
        return;
    };
    let text = match env.engine {
        Engine::Chromium => explanation.chrome,
        Engine::Firefox => explanation.firefox,
        Engine::WebKit => explanation.safari,
    };
    match text {
        Some(text) if console.iter().any(|m| m.contains(text.as_str())) => {}
        Some(text) => problems.push(format!(
            "the policy's explanation for {} says {text:?}, which is not in the console: {}",
            env.engine.name(),
            console.join(" | ")
        )),
        None => problems.push(format!(
            "the policy's explanation ({}) has no {} text",
            explanation.code,
            env.engine.name()
        )),
    }
}

fn check_response(s: &Scenario, r: &StepResult, problems: &mut Vec<String>) {
    if let Some(status) = s.status {
        if r.status != Some(status) {
            problems.push(format!(
                "expected status {status}, the page read {:?}",
                r.status
            ));
        }
    }
    for text in &s.body_has {
        if !r.body.contains(text.as_str()) {
            problems.push(format!(
                "expected the body to contain {text:?}, the page read {:?}",
                r.body
            ));
        }
    }
    for (name, want) in &s.headers {
        let got = r.headers.get(name);
        if got != want.as_ref() {
            problems.push(format!(
                "expected response header {name} to read as {want:?} from script, the page read {got:?}"
            ));
        }
    }
    if let Some(want) = s.redirected {
        if r.redirected != Some(want) {
            problems.push(format!(
                "expected redirected={want}, got {:?} (final URL {})",
                r.redirected, r.url
            ));
        }
    }
}

fn check_server(s: &Scenario, env: &Env, problems: &mut Vec<String>) {
    for c in &s.counts {
        let log = &env.server(c.api).log;
        let seen = log.seen(&c.path);
        let preflights = seen.iter().filter(|r| r.preflight).count();
        let actuals = seen.len() - preflights;
        let handled = log.handled(&c.path);
        if (preflights, actuals, handled) != (c.preflights, c.actuals, c.handled) {
            let methods: Vec<&str> = seen.iter().map(|r| r.method.as_str()).collect();
            problems.push(format!(
                "{:?} server, {}: expected {} preflight(s), {} actual request(s), {} handler run(s); \
                 saw {preflights}, {actuals}, {handled} (methods {methods:?})",
                c.api, c.path, c.preflights, c.actuals, c.handled
            ));
        }
    }
    if let Some((api, path, want)) = &s.origin_sent {
        for r in env.server(*api).log.seen(path) {
            if r.origin.as_deref() != Some(want.as_str()) {
                problems.push(format!(
                    "expected Origin {want:?} on {}, the server saw {:?}",
                    r.path, r.origin
                ));
            }
        }
    }
    // Whatever the scenario: a preflight never carries credentials.
    for step in &s.steps {
        for r in env.server(step.api).log.seen(step.log_path()) {
            if r.preflight && r.cookie.is_some() {
                problems.push(format!(
                    "a preflight to {} carried cookies {:?}",
                    r.path, r.cookie
                ));
            }
        }
    }
}
