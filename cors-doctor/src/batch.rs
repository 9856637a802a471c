//! Many endpoints at once (`--urls FILE`): each URL checked with the same options, one after
//! the other; one summary table, then each diagnosis; the exit status is the worst one.

use std::fmt::Write;

use serde_json::{Value, json};

use crate::args::Options;
use crate::diagnose::{Report, diagnose};
use crate::report;

/// One URL and its diagnosis, or why it could not be made.
pub type Checked = (String, Result<Report, String>);

/// Checks each of `urls` with `options`.
pub async fn check_all(options: &Options, urls: &[String]) -> Vec<Checked> {
    let mut out = Vec::new();
    for url in urls {
        out.push((url.clone(), diagnose(&options.for_url(url)).await));
    }
    out
}

/// An exit status's rank: 0 allowed < 1 blocked < 2 not checked < 3 a security finding.
fn rank(code: u8) -> u8 {
    match code {
        0 => 0,
        1 => 1,
        2 => 2,
        _ => 3,
    }
}

/// The worst exit status of all the checks (0 when there were none).
#[must_use]
pub fn exit_code(checked: &[Checked]) -> u8 {
    checked
        .iter()
        .map(|(_, r)| r.as_ref().map_or(2, Report::exit_code))
        .max_by_key(|c| rank(*c))
        .unwrap_or(0)
}

/// The summary table: URL, verdict, findings.
#[must_use]
pub fn table(checked: &[Checked]) -> String {
    let rows: Vec<(String, String, String)> = checked
        .iter()
        .map(|(url, result)| match result {
            Ok(r) => {
                let verdict = match (r.allowed, r.error.as_ref()) {
                    (true, _) | (false, None) => "allowed".to_owned(),
                    (false, Some(e)) => format!("blocked ({})", e.code()),
                };
                let codes = r.codes();
                let findings = if codes.is_empty() {
                    "-".to_owned()
                } else {
                    codes.join(", ")
                };
                (url.clone(), verdict, findings)
            }
            Err(_) => (url.clone(), "error".to_owned(), "-".to_owned()),
        })
        .collect();
    let width = |f: fn(&(String, String, String)) -> usize, title: &str| {
        rows.iter().map(f).chain([title.len()]).max().unwrap_or(0)
    };
    let (w_url, w_verdict) = (width(|r| r.0.len(), "URL"), width(|r| r.1.len(), "VERDICT"));
    let mut out = format!("{:<w_url$}  {:<w_verdict$}  FINDINGS\n", "URL", "VERDICT");
    for (url, verdict, findings) in rows {
        let _ = writeln!(out, "{url:<w_url$}  {verdict:<w_verdict$}  {findings}");
    }
    out
}

/// The table, then each URL's diagnosis.
#[must_use]
pub fn text(checked: &[Checked]) -> String {
    let mut out = table(checked);
    for (url, result) in checked {
        let _ = writeln!(out, "\n== {url}");
        match result {
            Ok(r) => out.push_str(&report::text(r)),
            Err(e) => {
                let _ = writeln!(out, "error: {e}");
            }
        }
    }
    out
}

/// One JSON array: each URL's object (`{"url", "error"}` when it could not be checked).
#[must_use]
pub fn json(checked: &[Checked]) -> Value {
    Value::Array(
        checked
            .iter()
            .map(|(url, result)| match result {
                Ok(r) => report::json(r),
                Err(e) => json!({ "url": url, "verdict": "error", "exit": 2, "error": e }),
            })
            .collect(),
    )
}
