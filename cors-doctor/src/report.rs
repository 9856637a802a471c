//! Printing a diagnosis: plain text for people, one JSON object for programs.

use std::fmt::Write;

use serde_json::{Value, json};

use crate::diagnose::Report;
use crate::probe::Exchange;

/// The verdict in one line.
#[must_use]
pub fn verdict(report: &Report) -> String {
    match &report.error {
        None => "allowed: a browser lets the page read the answer".to_owned(),
        Some(error) => {
            let stage = match report.stage {
                Some("preflight") => "the preflight",
                _ => "the actual request",
            };
            format!("blocked at {stage} ({})", error.code())
        }
    }
}

/// The browsers' console messages for a blocked fetch: (browser, message).
#[must_use]
pub fn messages(report: &Report) -> Vec<(&'static str, String)> {
    let Some(error) = &report.error else {
        return Vec::new();
    };
    let mut out = vec![("Chrome", error.to_string())];
    out.extend(error.firefox().map(|m| ("Firefox", m)));
    out.extend(error.safari(&report.origin).map(|m| ("Safari", m)));
    out
}

/// The diagnosis as text.
#[must_use]
pub fn text(report: &Report) -> String {
    let mut out = String::new();
    for (label, exchange) in &report.exchanges {
        let _ = writeln!(
            out,
            "{label}: {} {}",
            exchange.request.method(),
            exchange.status()
        );
    }
    let _ = writeln!(out, "verdict: {}", verdict(report));
    for (browser, message) in messages(report) {
        let _ = writeln!(out, "  {:<8} {message}", format!("{browser}:"));
    }
    if let Some(fix) = &report.fix {
        let _ = writeln!(out, "  fix:     {fix}");
    }
    if let Some(builder) = &report.builder {
        let key = report
            .config_key
            .map(|k| format!(", config key `{k}`"))
            .unwrap_or_default();
        let _ = writeln!(
            out,
            "  builder: {builder} (the answers look like this library's{key})"
        );
    }
    if !report.probes.is_empty() {
        let granted: Vec<String> = report
            .probes
            .iter()
            .filter(|p| p.granted)
            .map(|p| {
                let creds = if p.credentials { ", credentials" } else { "" };
                format!("{} ({}{creds})", p.origin, p.kind)
            })
            .collect();
        let _ = writeln!(
            out,
            "probes: {} origins sent, {} granted{}{}",
            report.probes.len(),
            granted.len(),
            if granted.is_empty() { "" } else { ": " },
            granted.join(", ")
        );
    }
    if !report.unsent.is_empty() {
        let _ = writeln!(
            out,
            "not probed (request budget): {}",
            report.unsent.join(", ")
        );
    }
    for finding in &report.findings {
        let _ = writeln!(
            out,
            "{}: {}: {}\n  fix: {}",
            finding.severity.name(),
            finding.code,
            finding.detail,
            finding.fix
        );
    }
    out
}

/// The diagnosis as one JSON object (docs/doctor.md has the schema).
#[must_use]
pub fn json(report: &Report) -> Value {
    let findings: Vec<Value> = report
        .findings
        .iter()
        .map(|f| {
            json!({
                "code": f.code,
                "severity": f.severity.name(),
                "detail": f.detail,
                "fix": f.fix,
            })
        })
        .collect();
    let exchanges: Vec<Value> = report
        .exchanges
        .iter()
        .map(|(label, exchange)| exchange_json(label, exchange))
        .collect();
    let probes: Vec<Value> = report
        .probes
        .iter()
        .map(|p| {
            json!({
                "origin": p.origin,
                "kind": p.kind,
                "granted": p.granted,
                "credentials": p.credentials,
                "status": p.exchange.status().as_u16(),
            })
        })
        .collect();
    json!({
        "url": report.url,
        "origin": report.origin,
        "verdict": if report.allowed { "allowed" } else { "blocked" },
        "exit": report.exit_code(),
        "stage": report.stage,
        "reason": report.error.as_ref().map(|e| e.code().as_str()),
        "messages": {
            "chrome": report.error.as_ref().map(ToString::to_string),
            "firefox": report.error.as_ref().and_then(tower_cors::testing::CorsError::firefox),
            "safari": report.error.as_ref().and_then(|e| e.safari(&report.origin)),
        },
        "fix": report.fix,
        "builder": report.builder,
        "config_key": report.config_key,
        "findings": findings,
        "exchanges": exchanges,
        "probes": probes,
        "unsent": report.unsent,
        "requests": report.requests,
    })
}

fn exchange_json(label: &str, exchange: &Exchange) -> Value {
    let headers = |map: &http::HeaderMap| -> Vec<Value> {
        map.iter()
            .map(|(name, value)| json!([name.as_str(), String::from_utf8_lossy(value.as_bytes())]))
            .collect()
    };
    json!({
        "stage": label,
        "request": { "method": exchange.request.method().as_str(), "headers": headers(exchange.request.headers()) },
        "response": { "status": exchange.status().as_u16(), "headers": headers(exchange.headers()) },
    })
}
