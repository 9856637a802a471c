//! Answers that carry somebody else's origin: every answer's `Access-Control-Allow-Origin` is
//! compared with the `Origin` its request sent. Another specific origin means a cache (or a
//! static configuration) pins one origin's answer for everyone: `cache-ignores-vary`.

use http::header;

use crate::diagnose::{Finding, Severity};
use crate::probe::Exchange;

/// Headers by which caches say an answer came from them.
const CACHE_HEADERS: &[&str] = &["age", "x-cache", "cf-cache-status"];

/// The `Origin` a request sent and the other specific origin its answer allowed, if any.
#[must_use]
pub fn pinned(exchange: &Exchange) -> Option<(String, String)> {
    let sent = exchange.request.headers().get(header::ORIGIN)?;
    let mut values = exchange
        .headers()
        .get_all(header::ACCESS_CONTROL_ALLOW_ORIGIN)
        .iter();
    let (Some(allowed), None) = (values.next(), values.next()) else {
        return None;
    };
    let specific = allowed.as_bytes().windows(3).any(|w| w == b"://");
    (specific && allowed != sent).then(|| {
        (
            String::from_utf8_lossy(sent.as_bytes()).into_owned(),
            String::from_utf8_lossy(allowed.as_bytes()).into_owned(),
        )
    })
}

/// The cache headers of an answer, as `Name: value` (`X-Cache: HIT`).
fn cache_headers(exchange: &Exchange) -> Vec<String> {
    let mut seen = Vec::new();
    for (name, value) in exchange.headers() {
        if CACHE_HEADERS.contains(&name.as_str()) {
            let name = match name.as_str() {
                "age" => "Age",
                "x-cache" => "X-Cache",
                _ => "CF-Cache-Status",
            };
            seen.push(format!(
                "{name}: {}",
                String::from_utf8_lossy(value.as_bytes())
            ));
        }
    }
    seen
}

/// Whether an answer says it varies by `Origin`.
fn varies_by_origin(exchange: &Exchange) -> bool {
    exchange.headers().get_all(header::VARY).iter().any(|v| {
        v.as_bytes()
            .split(|&b| b == b',')
            .any(|n| n.trim_ascii().eq_ignore_ascii_case(b"origin"))
    })
}

/// One `cache-ignores-vary` finding for the answers that carry another origin than their
/// request's, quoting the first of them, how many did, and the cache headers seen. It is a
/// `security` finding when something shows a cache replaying answers (a cache header, or a
/// pinned answer that says it varies by `Origin`: made for another request); a server that
/// names one fixed origin in every answer without `Vary: Origin`, with no sign of a cache,
/// gets a `warning`: browsers refuse that answer to the other origins, and the hazard is a
/// cache a deployment may put in front of it.
pub fn pinned_finding<'a>(exchanges: impl IntoIterator<Item = &'a Exchange>) -> Option<Finding> {
    let mut first = None;
    let (mut total, mut count) = (0, 0);
    let mut headers: Vec<String> = Vec::new();
    let mut says_vary = false;
    for exchange in exchanges {
        total += 1;
        if let Some(pair) = pinned(exchange) {
            count += 1;
            first.get_or_insert(pair);
            says_vary |= varies_by_origin(exchange);
            for h in cache_headers(exchange) {
                if !headers.contains(&h) {
                    headers.push(h);
                }
            }
        }
    }
    let (sent, allowed) = first?;
    let seen = if headers.is_empty() {
        "no cache header seen".to_owned()
    } else {
        headers.join(", ")
    };
    let cached = !headers.is_empty() || says_vary;
    Some(Finding {
        code: "cache-ignores-vary",
        severity: if cached {
            Severity::Security
        } else {
            Severity::Warning
        },
        detail: format!(
            "`Origin: {sent}` was answered `Access-Control-Allow-Origin: {allowed}`, another \
             origin's answer ({count} of {total} answers carried another origin than their \
             request's; {seen}): a cache that ignores `Vary: Origin`, or a configuration that \
             sends one origin whatever the request's, pins one origin's answer for everyone"
        ),
        fix: "make the cache honour `Vary: Origin` (nginx: no `proxy_ignore_headers Vary`) or \
              put the request's `Origin` in its key; and answer each allowed origin with its own \
              `Access-Control-Allow-Origin` and `Vary: Origin`, nothing to the others"
            .to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use http::{Request, Response};

    use super::*;

    fn exchange(origin: &str, answer: &[(&str, &str)]) -> Exchange {
        let request = Request::builder()
            .header("origin", origin)
            .body(())
            .unwrap();
        let mut response = Response::builder();
        for (name, value) in answer {
            response = response.header(*name, *value);
        }
        Exchange {
            request,
            response: response.body(()).unwrap(),
        }
    }

    #[test]
    fn a_pinned_origin_is_a_security_finding_only_with_a_sign_of_a_cache() {
        let app = "https://app.example.com";
        let pinned = [("access-control-allow-origin", app)];
        // One fixed origin in every answer, no cache in sight: browsers refuse the others.
        let fixed = [
            exchange(app, &pinned),
            exchange("https://evil.test", &pinned),
        ];
        let finding = pinned_finding(&fixed).unwrap();
        assert_eq!(finding.severity, Severity::Warning);
        // The same, with a cache header.
        let cached = [exchange(
            "https://evil.test",
            &[pinned[0], ("x-cache", "HIT")],
        )];
        let finding = pinned_finding(&cached).unwrap();
        assert_eq!(finding.severity, Severity::Security);
        assert!(
            finding.detail.contains("X-Cache: HIT"),
            "{}",
            finding.detail
        );
        // An answer that says it varies by Origin, made for another origin: a cache replays it.
        let b = "https://b.example.com";
        let vary = ("vary", "Origin");
        let mixed = [
            exchange(b, &[("access-control-allow-origin", b), vary]),
            exchange(
                "https://c.example.com",
                &[("access-control-allow-origin", b), vary],
            ),
        ];
        assert_eq!(pinned_finding(&mixed).unwrap().severity, Severity::Security);
        // Each answer with its own origin: nothing pinned.
        assert!(pinned_finding(&[exchange(b, &[("access-control-allow-origin", b)])]).is_none());
    }
}
