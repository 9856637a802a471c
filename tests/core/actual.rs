//! Actual requests: the handler runs, and its response is decorated whatever its status.

use http::{Method, StatusCode};
use tower_cors::{CorsConfig, CorsPolicy, Malformed, Refusal};

use crate::support::{Harness, all, build, header, headers};

const APP: &str = "https://app.example.com";

fn credentialed() -> CorsPolicy {
    build(
        CorsPolicy::builder()
            .allow_origin(APP)
            .allow_origin("https://*.example.org")
            .allow_origin("http://localhost:*")
            .expose_headers(["x-request-id", "etag"])
            .allow_credentials(true),
    )
}

#[test]
fn responses_of_every_status_get_the_cors_headers() {
    for status in [200, 204, 302, 401, 403, 404, 413, 429, 500, 502, 503] {
        let status = StatusCode::from_u16(status).unwrap();
        let harness = Harness::new(credentialed()).status(status);
        let res = harness.send(Method::GET, &[("origin", APP)]);
        assert_eq!(res.status(), status);
        let h = res.headers();
        assert_eq!(
            header(h, "access-control-allow-origin"),
            Some(APP),
            "{status}"
        );
        assert_eq!(
            header(h, "access-control-allow-credentials"),
            Some("true"),
            "{status}"
        );
        assert_eq!(
            header(h, "access-control-expose-headers"),
            Some("x-request-id,etag")
        );
        assert_eq!(header(h, "vary"), Some("origin"), "{status}");
        assert_eq!(harness.calls(), 1);
    }
}

#[test]
fn refused_origin_reaches_the_handler_but_gets_no_cors_headers() {
    let harness = Harness::new(credentialed());
    let res = harness.send(Method::POST, &[("origin", "https://evil.example")]);
    assert_eq!(harness.calls(), 1, "CORS controls reading, not sending");
    assert_eq!(header(res.headers(), "access-control-allow-origin"), None);
    assert_eq!(
        header(res.headers(), "access-control-allow-credentials"),
        None
    );
    assert_eq!(header(res.headers(), "access-control-expose-headers"), None);
    assert_eq!(header(res.headers(), "vary"), Some("origin"));
}

#[test]
fn origins_match_byte_for_byte_and_patterns_by_whole_labels() {
    let policy = credentialed();
    let cases: &[(&str, bool)] = &[
        (APP, true),
        ("https://app.example.com/", false),
        ("https://APP.example.com", false),
        ("http://app.example.com", false),
        ("https://app.example.com:443", false),
        ("https://app.example.com:8443", false),
        ("https://a.example.org", true),
        ("https://a.b.example.org", true),
        ("https://example.org", false),
        ("https://evil-example.org", false),
        ("https://evilexample.org", false),
        ("https://a.example.org.evil.test", false),
        ("https://a.example.org:8443", false),
        ("http://a.example.org", false),
        ("http://localhost", true),
        ("http://localhost:3000", true),
        ("http://localhost:65535", true),
        ("https://localhost:3000", false),
        ("http://localhost.evil.test:3000", false),
        ("null", false),
        ("", false),
    ];
    for (origin, want) in cases {
        let request = headers(&[("origin", origin)]);
        let decision = policy.evaluate(&Method::GET, &request);
        assert_eq!(decision.is_allowed(), *want, "{origin:?}");
    }
}

#[test]
fn inner_cors_headers_are_replaced_so_there_is_never_a_duplicate() {
    let harness = Harness::new(credentialed())
        .inner_header("access-control-allow-origin", "*")
        .inner_header("access-control-allow-origin", "https://other.example")
        .inner_header("access-control-expose-headers", "x-secret")
        .inner_header("access-control-allow-credentials", "true");
    let res = harness.send(Method::GET, &[("origin", APP)]);
    assert_eq!(all(res.headers(), "access-control-allow-origin"), [APP]);
    assert_eq!(
        all(res.headers(), "access-control-expose-headers"),
        ["x-request-id,etag"]
    );
    let refused = harness.send(Method::GET, &[("origin", "https://evil.example")]);
    assert!(all(refused.headers(), "access-control-allow-origin").is_empty());
    assert!(all(refused.headers(), "access-control-allow-credentials").is_empty());
}

#[test]
fn non_cors_request_passes_through_with_vary_origin() {
    let harness = Harness::new(credentialed());
    let res = harness.send(Method::GET, &[]);
    assert_eq!(harness.calls(), 1);
    assert_eq!(header(res.headers(), "access-control-allow-origin"), None);
    assert_eq!(header(res.headers(), "vary"), Some("origin"));
}

#[test]
fn any_origin_policy_sends_a_constant_wildcard_on_every_response() {
    let policy = build(CorsConfig::public().expose_header("x-total-count"));
    let too_long = format!("https://{}.test", "a".repeat(400));
    for (method, request) in [
        (Method::GET, vec![]),
        (Method::GET, vec![("origin", APP)]),
        (Method::POST, vec![("origin", "https://whoever.test")]),
        (Method::GET, vec![("origin", "null")]),
        (Method::DELETE, vec![("origin", too_long.as_str())]),
        (
            Method::GET,
            vec![("origin", APP), ("origin", "https://b.test")],
        ),
    ] {
        let res = Harness::new(policy.clone()).send(method, &request);
        assert_eq!(
            header(res.headers(), "access-control-allow-origin"),
            Some("*")
        );
        assert_eq!(
            header(res.headers(), "access-control-expose-headers"),
            Some("x-total-count")
        );
        assert_eq!(
            header(res.headers(), "access-control-allow-credentials"),
            None
        );
        assert_eq!(
            header(res.headers(), "vary"),
            None,
            "nothing depends on Origin"
        );
    }
}

#[test]
fn malformed_origins_are_refused_without_panic() {
    let policy = credentialed();
    let mut two = headers(&[("origin", APP)]);
    two.append("origin", APP.parse().unwrap());
    let decision = policy.evaluate(&Method::GET, &two);
    assert_eq!(
        decision.refusal(),
        Some(Refusal::Malformed(Malformed::MultipleOrigins))
    );
    let cases: Vec<(Vec<u8>, Malformed)> = vec![
        (b"".to_vec(), Malformed::EmptyOrigin),
        (
            "https://a".repeat(40).into_bytes(),
            Malformed::OriginTooLong,
        ),
        (
            b"https://caf\xc3\xa9.example.com".to_vec(),
            Malformed::OriginNotAscii,
        ),
        (
            b"https://app.example.com\t".to_vec(),
            Malformed::OriginNotAscii,
        ),
        (
            b"https://app example.com".to_vec(),
            Malformed::OriginNotAscii,
        ),
    ];
    for (bytes, want) in cases {
        let mut request = http::HeaderMap::new();
        request.insert("origin", http::HeaderValue::from_bytes(&bytes).unwrap());
        let decision = policy.evaluate(&Method::GET, &request);
        assert_eq!(
            decision.refusal(),
            Some(Refusal::Malformed(want)),
            "{bytes:?}"
        );
        let mut response = http::HeaderMap::new();
        decision.decorate(&mut response);
        assert_eq!(header(&response, "access-control-allow-origin"), None);
        assert_eq!(header(&response, "vary"), Some("origin"));
    }
}

#[test]
fn decoration_can_be_kept_across_an_await() {
    let policy = credentialed();
    let request = headers(&[("origin", APP)]);
    let decoration = policy.evaluate(&Method::GET, &request).decoration();
    drop(request);
    let mut response = http::HeaderMap::new();
    decoration.apply(&mut response);
    assert_eq!(header(&response, "access-control-allow-origin"), Some(APP));
}
