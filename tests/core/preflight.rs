//! Preflights: OPTIONS + Origin + Access-Control-Request-Method, answered by the policy.

use std::time::Duration;

use http::{Method, StatusCode};
use tower_cors::{CorsConfig, CorsPolicy, Malformed, Refusal, RequestKind};

use crate::support::{Harness, build, header, preflight, preflight_headers};

const APP: &str = "https://app.example.com";

fn api_policy() -> CorsPolicy {
    build(
        CorsPolicy::builder()
            .allow_origin(APP)
            .allow_methods([Method::PUT, Method::DELETE])
            .allow_headers(["content-type", "authorization"])
            .expose_headers(["x-request-id"])
            .allow_credentials(true)
            .max_age(Duration::from_secs(600)),
    )
}

#[test]
fn allowed_preflight_is_204_with_the_exact_origin_and_the_policy() {
    let res = preflight(&api_policy(), APP, "PUT", "authorization,content-type");
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let h = res.headers();
    assert_eq!(header(h, "access-control-allow-origin"), Some(APP));
    assert_eq!(header(h, "access-control-allow-credentials"), Some("true"));
    assert_eq!(
        header(h, "access-control-allow-methods"),
        Some("PUT,DELETE")
    );
    assert_eq!(
        header(h, "access-control-allow-headers"),
        Some("authorization,content-type")
    );
    assert_eq!(header(h, "access-control-max-age"), Some("600"));
    assert_eq!(header(h, "vary"), Some("origin"));
    assert_eq!(
        header(h, "access-control-expose-headers"),
        None,
        "ACEH is useless on a preflight"
    );
    assert_eq!(
        header(h, "content-length"),
        None,
        "a 204 has no content-length"
    );
}

#[test]
fn preflight_status_200_sends_an_empty_body_with_content_length_zero() {
    let policy = build(
        CorsPolicy::builder()
            .allow_origin(APP)
            .preflight_status(StatusCode::OK),
    );
    let res = preflight(&policy, APP, "GET", "");
    assert_eq!(res.status(), StatusCode::OK);
    assert_eq!(header(res.headers(), "content-length"), Some("0"));
}

#[test]
fn preflight_refused_for_its_origin_is_403_without_cors_headers() {
    for origin in [
        "https://evil.example",
        "null",
        "https://app.example.com.evil.test",
    ] {
        let res = preflight(&api_policy(), origin, "PUT", "");
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{origin}");
        let cors: Vec<_> = res
            .headers()
            .keys()
            .filter(|k| k.as_str().starts_with("access-control-"))
            .collect();
        assert!(cors.is_empty(), "{origin}: {cors:?}");
        assert_eq!(header(res.headers(), "vary"), Some("origin"), "{origin}");
    }
}

#[test]
fn refusal_status_is_configurable() {
    let policy = build(
        CorsPolicy::builder()
            .allow_origin(APP)
            .refusal_status(StatusCode::NOT_FOUND),
    );
    assert_eq!(
        preflight(&policy, "https://evil.example", "PUT", "").status(),
        StatusCode::NOT_FOUND
    );
}

/// A 2xx with the origin and the allowed lists makes Chrome print "Method PATCH is not allowed
/// by Access-Control-Allow-Methods in preflight response." instead of a vague status error.
#[test]
fn preflight_refused_for_its_method_names_the_allowed_methods_with_a_2xx() {
    let policy = api_policy();
    let res = preflight(&policy, APP, "PATCH", "");
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    let h = res.headers();
    assert_eq!(header(h, "access-control-allow-origin"), Some(APP));
    assert_eq!(header(h, "access-control-allow-credentials"), Some("true"));
    assert_eq!(
        header(h, "access-control-allow-methods"),
        Some("PUT,DELETE")
    );
    assert_eq!(
        header(h, "access-control-max-age"),
        None,
        "a refusal is never cached"
    );
    let request = preflight_headers(APP, "PATCH", "");
    let decision = policy.evaluate(&Method::OPTIONS, &request);
    assert_eq!(
        decision.refusal(),
        Some(Refusal::MethodNotAllowed { method: "PATCH" })
    );
}

#[test]
fn preflight_refused_for_a_header_names_the_allowed_headers_with_a_2xx() {
    let policy = api_policy();
    let res = preflight(&policy, APP, "PUT", "content-type,x-custom");
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(
        header(res.headers(), "access-control-allow-headers"),
        Some("authorization,content-type")
    );
    let request = preflight_headers(APP, "PUT", "content-type,x-custom");
    let decision = policy.evaluate(&Method::OPTIONS, &request);
    assert_eq!(
        decision.refusal(),
        Some(Refusal::HeaderNotAllowed { name: "x-custom" })
    );
}

#[test]
fn preflight_for_a_safelisted_method_without_request_headers_succeeds() {
    // Sent for upload listeners and streamed bodies; a policy that lists nothing else must
    // still answer it.
    let policy = build(CorsPolicy::builder().allow_origin(APP));
    for method in ["GET", "HEAD", "POST"] {
        let res = preflight(&policy, APP, method, "");
        assert_eq!(res.status(), StatusCode::NO_CONTENT, "{method}");
        assert_eq!(
            header(res.headers(), "access-control-allow-origin"),
            Some(APP)
        );
        assert_eq!(header(res.headers(), "access-control-allow-methods"), None);
    }
}

#[test]
fn method_matching_is_case_sensitive_except_the_six_normalised_names() {
    let policy = build(
        CorsPolicy::builder()
            .allow_origin(APP)
            .allow_methods(["put", "PATCH", "purge"]),
    );
    let allowed = |m: &str| {
        let request = preflight_headers(APP, m, "");
        policy.evaluate(&Method::OPTIONS, &request).is_allowed()
    };
    // "put" is one of the six names browsers upper-case, so it is stored as PUT.
    assert!(allowed("PUT"));
    assert!(!allowed("put"));
    // Browsers send `fetch(u, {method: "patch"})` verbatim: "PATCH" does not allow it.
    assert!(allowed("PATCH"));
    assert!(!allowed("patch"));
    assert!(allowed("purge"));
    assert!(!allowed("PURGE"));
}

#[test]
fn header_matching_is_case_insensitive_and_every_name_must_be_allowed() {
    let policy = api_policy();
    let cases: &[(&str, bool)] = &[
        ("content-type", true),
        ("Content-Type", true),
        ("authorization,content-type", true),
        ("content-type,authorization", true),
        (" authorization , content-type ", true),
        ("content-type,x-other", false),
        ("x-other", false),
    ];
    for (acrh, want) in cases {
        let request = preflight_headers(APP, "PUT", acrh);
        let got = policy.evaluate(&Method::OPTIONS, &request).is_allowed();
        assert_eq!(got, *want, "ACRH {acrh:?}");
    }
}

#[test]
fn request_headers_split_over_several_lines_are_all_checked() {
    let policy = api_policy();
    let mut request = preflight_headers(APP, "PUT", "authorization");
    request.append(
        "access-control-request-headers",
        "content-type".parse().unwrap(),
    );
    assert!(policy.evaluate(&Method::OPTIONS, &request).is_allowed());
    request.append("access-control-request-headers", "x-nope".parse().unwrap());
    let decision = policy.evaluate(&Method::OPTIONS, &request);
    assert_eq!(
        decision.refusal(),
        Some(Refusal::HeaderNotAllowed { name: "x-nope" })
    );
}

/// `*` never covers `authorization`; and the refusal is enforced in every engine: the answer
/// never says `*` (which Chromium, Firefox and WebKit, as shipped, read as covering it), it
/// names the other requested headers, so the console names `authorization`.
#[test]
fn wildcard_headers_never_cover_authorization() {
    let policy = build(CorsConfig::public());
    let res = preflight(&policy, APP, "PUT", "authorization");
    assert_eq!(header(res.headers(), "access-control-allow-headers"), None);
    let request = preflight_headers(APP, "PUT", "authorization,x-custom");
    let decision = policy.evaluate(&Method::OPTIONS, &request);
    assert_eq!(
        decision.refusal(),
        Some(Refusal::HeaderNotAllowed {
            name: "authorization"
        })
    );
    let res = decision.preflight_response().unwrap();
    assert_eq!(
        header(res.headers(), "access-control-allow-headers"),
        Some("x-custom")
    );
    let with_auth = build(CorsConfig::public().allow_header("authorization"));
    let res = preflight(&with_auth, APP, "PUT", "authorization,x-custom");
    assert_eq!(
        header(res.headers(), "access-control-allow-headers"),
        Some("*,authorization")
    );
}

#[test]
fn any_method_and_header_with_credentials_echo_the_request() {
    let policy = build(
        CorsPolicy::builder()
            .allow_origin(APP)
            .allow_any_method()
            .allow_any_header()
            .allow_credentials(true),
    );
    let res = preflight(&policy, APP, "purge", "x-a,x-b");
    let h = res.headers();
    assert_eq!(header(h, "access-control-allow-methods"), Some("purge"));
    assert_eq!(header(h, "access-control-allow-headers"), Some("x-a,x-b"));
    assert_eq!(
        header(h, "vary"),
        Some("origin, access-control-request-method, access-control-request-headers")
    );
    let public = build(CorsConfig::public());
    let res = preflight(&public, APP, "purge", "x-b");
    assert_eq!(
        header(res.headers(), "access-control-allow-methods"),
        Some("*")
    );
    assert_eq!(
        header(res.headers(), "access-control-allow-origin"),
        Some("*")
    );
    assert_eq!(
        header(res.headers(), "vary"),
        None,
        "nothing depends on the origin"
    );
}

#[test]
fn hostile_request_headers_are_refused_as_malformed() {
    let policy = api_policy();
    let commas = ",".repeat(1 << 20);
    let cases: Vec<(String, Malformed)> = vec![
        (commas, Malformed::RequestHeadersTooLong),
        (",".repeat(1024), Malformed::InvalidRequestHeaders),
        (
            "content-type;x".to_owned(),
            Malformed::InvalidRequestHeaders,
        ),
        ("a b".to_owned(), Malformed::InvalidRequestHeaders),
    ];
    for (acrh, want) in cases {
        let request = preflight_headers(APP, "PUT", &acrh);
        let decision = policy.evaluate(&Method::OPTIONS, &request);
        assert_eq!(
            decision.refusal(),
            Some(Refusal::Malformed(want)),
            "{}",
            &acrh[..acrh.len().min(20)]
        );
        let res = decision.preflight_response().unwrap();
        assert_eq!(res.status(), StatusCode::FORBIDDEN);
    }
    let mut many_lines = preflight_headers(APP, "PUT", "content-type");
    for _ in 0..2000 {
        many_lines.append(
            "access-control-request-headers",
            "content-type".parse().unwrap(),
        );
    }
    let decision = policy.evaluate(&Method::OPTIONS, &many_lines);
    assert_eq!(
        decision.refusal(),
        Some(Refusal::Malformed(Malformed::RequestHeadersTooLong))
    );
}

#[test]
fn malformed_request_methods_are_refused() {
    let policy = api_policy();
    let mut two = preflight_headers(APP, "PUT", "");
    two.append("access-control-request-method", "DELETE".parse().unwrap());
    let decision = policy.evaluate(&Method::OPTIONS, &two);
    assert_eq!(
        decision.refusal(),
        Some(Refusal::Malformed(Malformed::MultipleRequestMethods))
    );
    let bad = preflight_headers(APP, "PU T", "");
    let decision = policy.evaluate(&Method::OPTIONS, &bad);
    assert_eq!(
        decision.refusal(),
        Some(Refusal::Malformed(Malformed::InvalidRequestMethod))
    );
}

#[test]
fn private_network_access_is_granted_only_when_allowed_and_asked() {
    let pna = build(
        CorsPolicy::builder()
            .allow_origin(APP)
            .allow_private_network(true),
    );
    let mut request = preflight_headers(APP, "GET", "");
    request.insert(
        "access-control-request-private-network",
        "true".parse().unwrap(),
    );
    let res = pna
        .evaluate(&Method::OPTIONS, &request)
        .preflight_response()
        .unwrap();
    assert_eq!(
        header(res.headers(), "access-control-allow-private-network"),
        Some("true")
    );
    let res = preflight(&pna, APP, "GET", "");
    assert_eq!(
        header(res.headers(), "access-control-allow-private-network"),
        None
    );
    // Not allowed: the refusal is typed, and the answer is the allowed one without the header
    // the browser needs; the layer, which skips that lookup, answers the same.
    let off = build(
        CorsPolicy::builder()
            .allow_origin(APP)
            .max_age(Duration::from_secs(60)),
    );
    let decision = off.evaluate(&Method::OPTIONS, &request);
    assert_eq!(decision.refusal(), Some(Refusal::PrivateNetworkNotAllowed));
    let refused = decision.preflight_response().unwrap();
    let plain = preflight(&off, APP, "GET", "");
    assert_eq!(refused.status(), plain.status());
    assert_eq!(refused.headers(), plain.headers());
    assert_eq!(
        header(refused.headers(), "access-control-max-age"),
        Some("60")
    );
    let layer = Harness::new(off).send(
        Method::OPTIONS,
        &[
            ("origin", APP),
            ("access-control-request-method", "GET"),
            ("access-control-request-private-network", "true"),
        ],
    );
    assert_eq!(layer.status(), plain.status());
    assert_eq!(layer.headers(), plain.headers());
}

#[test]
fn preflight_never_reaches_the_inner_service() {
    let harness = Harness::new(api_policy()).status(StatusCode::UNAUTHORIZED);
    let res = harness.send(
        Method::OPTIONS,
        &[("origin", APP), ("access-control-request-method", "PUT")],
    );
    assert_eq!(res.status(), StatusCode::NO_CONTENT);
    assert_eq!(harness.calls(), 0);
    let refused = harness.send(
        Method::OPTIONS,
        &[
            ("origin", "https://evil.example"),
            ("access-control-request-method", "PUT"),
        ],
    );
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert_eq!(harness.calls(), 0);
}

#[test]
fn options_without_request_method_or_origin_reaches_the_inner_service() {
    let harness = Harness::new(api_policy()).status(StatusCode::METHOD_NOT_ALLOWED);
    for request in [
        vec![("origin", APP)],
        vec![("access-control-request-method", "PUT")],
        vec![],
    ] {
        let res = harness.send(Method::OPTIONS, &request);
        assert_eq!(res.status(), StatusCode::METHOD_NOT_ALLOWED, "{request:?}");
    }
    assert_eq!(harness.calls(), 3);
}

#[test]
fn decision_reports_the_request_kind() {
    let policy = api_policy();
    let cases = [
        (Method::GET, vec![], RequestKind::NotCors),
        (
            Method::OPTIONS,
            vec![("access-control-request-method", "PUT")],
            RequestKind::NotCors,
        ),
        (Method::GET, vec![("origin", APP)], RequestKind::Actual),
        (Method::OPTIONS, vec![("origin", APP)], RequestKind::Actual),
        (
            Method::OPTIONS,
            vec![("origin", APP), ("access-control-request-method", "PUT")],
            RequestKind::Preflight,
        ),
    ];
    for (method, pairs, kind) in cases {
        let request = crate::support::headers(&pairs);
        assert_eq!(
            policy.evaluate(&method, &request).kind(),
            kind,
            "{method} {pairs:?}"
        );
    }
}

#[test]
fn any_header_with_credentials_still_requires_authorization_to_be_listed() {
    let config = CorsPolicy::builder()
        .allow_origin(APP)
        .allow_any_header()
        .allow_credentials(true);
    let policy = build(config.clone());
    let request = preflight_headers(APP, "GET", "authorization,x-b");
    let decision = policy.evaluate(&Method::OPTIONS, &request);
    assert_eq!(
        decision.refusal(),
        Some(Refusal::HeaderNotAllowed {
            name: "authorization"
        })
    );
    let res = decision.preflight_response().unwrap();
    assert_eq!(
        header(res.headers(), "access-control-allow-headers"),
        Some("x-b"),
        "every requested header but the refused one"
    );
    assert_eq!(
        header(res.headers(), "access-control-allow-origin"),
        Some(APP)
    );
    let listed = build(config.allow_header("authorization"));
    let res = preflight(&listed, APP, "GET", "authorization,x-b");
    assert_eq!(
        header(res.headers(), "access-control-allow-headers"),
        Some("authorization,x-b")
    );
}
