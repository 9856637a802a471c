//! What one answer's headers show that browsers do not report: duplicate or wildcard
//! `Access-Control-Allow-Origin`, a missing `Vary: Origin`, a preflight answered by the
//! application or redirected; and error responses of other paths left undecorated.

use http::{HeaderMap, Request, Uri, header};
use tower_cors::testing::BrowserRequest;

use crate::diagnose::{Finding, Severity};
use crate::probe::{Exchange, Probe};

fn finding(code: &'static str, severity: Severity, detail: String, fix: &str) -> Finding {
    Finding {
        code,
        severity,
        detail,
        fix: fix.to_owned(),
    }
}

/// What one answer shows that browsers do not report.
pub(crate) fn header_findings(exchange: &Exchange, origin: &str) -> Vec<Finding> {
    let headers = exchange.headers();
    let mut findings = Vec::new();
    let values: Vec<&[u8]> = headers
        .get_all(header::ACCESS_CONTROL_ALLOW_ORIGIN)
        .iter()
        .map(|v| v.as_bytes())
        .collect();
    if values.len() > 1 || values.iter().any(|v| v.contains(&b',')) {
        findings.push(finding(
            "duplicate-allow-origin",
            Severity::Warning,
            format!("{} Access-Control-Allow-Origin values", values.len()),
            "add `Access-Control-Allow-Origin` in one place only (the proxy or the application)",
        ));
    }
    let credentials = headers
        .get(header::ACCESS_CONTROL_ALLOW_CREDENTIALS)
        .is_some_and(|v| v == "true");
    if values.contains(&&b"*"[..]) && credentials {
        findings.push(finding(
            "wildcard-with-credentials",
            Severity::Security,
            "`Access-Control-Allow-Origin: *` with `Access-Control-Allow-Credentials: \
             true`: browsers refuse it, and the usual \"fix\", reflecting the origin, \
             lets any site read your users' data"
                .to_owned(),
            "answer the origins that may read it, each by name, or drop the credentials",
        ));
    }
    if values.contains(&origin.as_bytes()) && !varies_on_origin(headers) {
        findings.push(finding(
            "missing-vary-origin",
            Severity::Warning,
            "an answer that depends on `Origin` without `Vary: Origin`: a cache can \
             serve it to another origin"
                .to_owned(),
            "add `Vary: Origin` to every answer whose CORS headers depend on the origin",
        ));
    }
    let is_preflight = exchange.request.method() == http::Method::OPTIONS;
    let has_body = headers
        .get(header::CONTENT_LENGTH)
        .is_some_and(|v| v.as_bytes() != b"0")
        || headers.contains_key(header::CONTENT_TYPE);
    if is_preflight && (matches!(exchange.status().as_u16(), 401 | 404 | 405) || has_body) {
        findings.push(finding(
            "preflight-reaches-app",
            Severity::Warning,
            format!(
                "the preflight was answered {}{}: it seems to have reached the application \
                 (routing, authentication) instead of being answered by the CORS layer in front \
                 of it",
                exchange.status(),
                if has_body { " with a body" } else { "" }
            ),
            "put the CORS layer in front of routing and authentication, so that it answers \
             every OPTIONS preflight itself",
        ));
    }
    if is_preflight && exchange.status().is_redirection() {
        findings.push(finding(
            "preflight-redirected",
            Severity::Warning,
            format!("the preflight was answered {}", exchange.status()),
            "have the page call the final URL: browsers never follow a preflight's redirect",
        ));
    }
    findings
}

/// Whether `Vary` names `Origin` (or `*`).
pub(crate) fn varies_on_origin(headers: &HeaderMap) -> bool {
    headers.get_all(header::VARY).iter().any(|line| {
        line.as_bytes().split(|&b| b == b',').any(|token| {
            let token = token.trim_ascii();
            token == b"*" || token.eq_ignore_ascii_case(b"origin")
        })
    })
}

/// Another path (one that 404s, one behind authentication): an error without
/// `Access-Control-Allow-Origin` reaches the page as an opaque network error.
pub(crate) async fn probe_path(
    probe: &Probe,
    url: &Uri,
    page: &BrowserRequest,
    origin: &str,
    path: &str,
) -> Result<Option<Finding>, String> {
    let mut parts = url.clone().into_parts();
    parts.path_and_query = Some(path.parse().map_err(|e| format!("{path}: {e}"))?);
    let other = Uri::from_parts(parts).map_err(|e| format!("{path}: {e}"))?;
    let request = with_origin(page.actual_request().map_err(|e| e.to_string())?, origin);
    let answer = probe.send(&other, request).await?;
    if answer
        .headers()
        .contains_key(header::ACCESS_CONTROL_ALLOW_ORIGIN)
    {
        return Ok(None);
    }
    Ok(Some(finding(
        "error-response-undecorated",
        Severity::Warning,
        format!(
            "{path} answered {} without Access-Control-Allow-Origin: the page sees a network \
             error instead of the status",
            answer.status()
        ),
        "decorate every answer, errors included (nginx: `add_header ... always`)",
    )))
}

/// `request` with its `Origin` replaced.
pub(crate) fn with_origin(mut request: Request<()>, origin: &str) -> Request<()> {
    if let Ok(value) = origin.parse() {
        request.headers_mut().insert(header::ORIGIN, value);
    }
    request
}
