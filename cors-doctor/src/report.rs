//! Printing a diagnosis: plain text for people, one JSON object for programs.

use std::fmt::Write;

use serde_json::{Value, json};

use crate::diagnose::{Report, Severity};
use crate::probe::Exchange;

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
    match &report.error {
        None => out.push_str("verdict: allowed: a browser lets the page read the answer\n"),
        Some(error) => {
            let stage = match report.stage {
                Some("preflight") => "the preflight",
                _ => "the actual request",
            };
            let _ = writeln!(out, "verdict: blocked at {stage} ({})", error.code());
            let _ = writeln!(out, "  Chrome:  {error}");
            if let Some(firefox) = error.firefox() {
                let _ = writeln!(out, "  Firefox: {firefox}");
            }
            if let Some(safari) = error.safari(&report.origin) {
                let _ = writeln!(out, "  Safari:  {safari}");
            }
            if let Some(fix) = &report.fix {
                let _ = writeln!(out, "  fix:     {fix}");
            }
            if let Some(builder) = &report.builder {
                let _ = writeln!(
                    out,
                    "  builder: {builder} (the answers look like this library's)"
                );
            }
        }
    }
    for finding in &report.findings {
        let severity = match finding.severity {
            Severity::Security => "security",
            Severity::Warning => "warning",
        };
        let _ = writeln!(out, "{severity}: {}: {}", finding.code, finding.detail);
    }
    out
}

/// The diagnosis as one JSON object (see the README for the schema).
#[must_use]
pub fn json(report: &Report) -> Value {
    let findings: Vec<Value> = report
        .findings
        .iter()
        .map(|f| {
            json!({
                "code": f.code,
                "severity": match f.severity { Severity::Security => "security", Severity::Warning => "warning" },
                "detail": f.detail,
            })
        })
        .collect();
    let exchanges: Vec<Value> = report
        .exchanges
        .iter()
        .map(|(label, exchange)| exchange_json(label, exchange))
        .collect();
    json!({
        "verdict": if report.allowed { "allowed" } else { "blocked" },
        "stage": report.stage,
        "reason": report.error.as_ref().map(|e| e.code().as_str()),
        "messages": {
            "chrome": report.error.as_ref().map(ToString::to_string),
            "firefox": report.error.as_ref().and_then(tower_cors::testing::CorsError::firefox),
            "safari": report.error.as_ref().and_then(|e| e.safari(&report.origin)),
        },
        "fix": report.fix,
        "builder": report.builder,
        "findings": findings,
        "exchanges": exchanges,
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
