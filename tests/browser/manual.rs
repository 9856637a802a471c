//! Support for running a scenario by hand: the servers' addresses, the equivalent curl
//! commands, and an optional pause (`BROWSER_HOLD_SECS`) with the servers still up.

use std::fmt::Write as _;
use std::time::Duration;

use crate::harness::{Env, say};
use crate::policies::Api;
use crate::scenario::{Frame, Scenario, Step};

/// The longest pause `BROWSER_HOLD_SECS` may ask for.
const MAX_HOLD: Duration = Duration::from_secs(600);

/// Prints where everything listens and, per scenario, curl commands replaying its fetches.
pub(crate) fn describe(env: &Env, scenarios: &[Scenario]) {
    let mut text = format!(
        "page: {}/ (also port {})\n",
        env.page_origin(),
        env.page.alt_port
    );
    for api in Api::ALL {
        let _ = writeln!(text, "API {api:?}: {}", env.url(api, "127.0.0.1", ""));
    }
    for s in scenarios {
        let origin = match &s.frame {
            Frame::Top => env.page_origin(),
            Frame::At(origin) => origin.clone(),
            Frame::Sandboxed => "null".to_owned(),
        };
        let _ = writeln!(text, "scenario {} (page origin {origin}):", s.name);
        for step in &s.steps {
            for line in curl(env, step, &origin) {
                let _ = writeln!(text, "  {line}");
            }
        }
    }
    say(text.trim_end());
}

/// Keeps the servers up for `BROWSER_HOLD_SECS` seconds (bounded), for curl or a browser.
pub(crate) async fn hold() {
    let Some(secs) = std::env::var("BROWSER_HOLD_SECS")
        .ok()
        .and_then(|v| v.parse().ok())
    else {
        return;
    };
    let pause = Duration::from_secs(secs).min(MAX_HOLD);
    say(&format!(
        "holding the servers for {pause:?} (BROWSER_HOLD_SECS)"
    ));
    tokio::time::sleep(pause).await;
}

/// The preflight (when the browser sends one) and the actual request, as curl commands.
fn curl(env: &Env, step: &Step, origin: &str) -> Vec<String> {
    let url = env.url(step.api, step.host, &step.path);
    let mut lines = Vec::new();
    let unsafe_headers = unsafe_header_names(step);
    let simple_method = matches!(
        step.method.to_ascii_uppercase().as_str(),
        "GET" | "HEAD" | "POST"
    );
    if step.mode == "cors" && (!simple_method || !unsafe_headers.is_empty()) {
        let mut preflight = format!(
            "curl -si -X OPTIONS '{url}' -H 'Origin: {origin}' -H 'Access-Control-Request-Method: {}'",
            browser_method(&step.method)
        );
        if !unsafe_headers.is_empty() {
            let _ = write!(
                preflight,
                " -H 'Access-Control-Request-Headers: {}'",
                unsafe_headers.join(",")
            );
        }
        lines.push(preflight);
    }
    let mut actual = format!("curl -si -X {} '{url}'", browser_method(&step.method));
    if step.mode == "cors" || !simple_method || step.method.eq_ignore_ascii_case("POST") {
        let _ = write!(actual, " -H 'Origin: {origin}'");
    }
    for (name, value) in &step.headers {
        let _ = write!(actual, " -H '{name}: {value}'");
    }
    if let Some(body) = &step.body {
        let _ = write!(actual, " --data-raw '{body}'");
    }
    lines.push(actual);
    lines
}

/// Browsers upper-case only the six Fetch method names.
fn browser_method(method: &str) -> String {
    let upper = method.to_ascii_uppercase();
    if ["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"].contains(&upper.as_str()) {
        upper
    } else {
        method.to_owned()
    }
}

/// The names the browser lists in `Access-Control-Request-Headers` (simplified safelist).
fn unsafe_header_names(step: &Step) -> Vec<String> {
    let mut names: Vec<String> = step
        .headers
        .iter()
        .filter(|(name, value)| {
            let name = name.to_ascii_lowercase();
            let simple_type = [
                "application/x-www-form-urlencoded",
                "multipart/form-data",
                "text/plain",
            ]
            .iter()
            .any(|t| value.to_ascii_lowercase().starts_with(t));
            !(name == "content-type" && simple_type)
        })
        .map(|(name, _)| name.to_ascii_lowercase())
        .collect();
    names.sort();
    names.dedup();
    names
}
