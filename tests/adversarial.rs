//! The adversarial corpus: attacker origins (look-alike hosts, schemes, ports, null,
//! encodings) against `https://example.com` + `https://*.example.com` with credentials, and against
//! `https://foo.com` + `https://bar.com`; legitimate origins allowed; hostile requests (huge or
//! many `Access-Control-Request-Headers`, huge or non-UTF-8 `Origin`, control bytes) refused
//! with the right reason, without panicking, through `evaluate` and the whole `CorsService`.

mod support;

use std::sync::Arc;
use std::sync::atomic::AtomicUsize;

use http::{HeaderMap, HeaderName, HeaderValue, Method, Request, Response};
use support::check::{Inner, poll_once};
use tower_cors::{CorsPolicy, CorsService, Malformed, Refusal};
use tower_service::Service;

fn example_policy() -> CorsPolicy {
    CorsPolicy::builder()
        .allow_origin("https://example.com")
        .allow_origin("https://*.example.com")
        .allow_methods([Method::PUT])
        .allow_headers(["content-type", "x-request-id"])
        .allow_credentials(true)
        .build()
        .expect("valid policy")
}

fn foo_bar_policy() -> CorsPolicy {
    CorsPolicy::builder()
        .allow_origins(["https://foo.com", "https://bar.com"])
        .allow_methods([Method::PUT])
        .allow_credentials(true)
        .build()
        .expect("valid policy")
}

/// What the policy must answer.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Want {
    Allowed,
    NotAllowed,
    Malformed(Malformed),
}

/// `https://` + dot-separated labels + `.example.com`, exactly `len` bytes long.
fn origin_of_len(len: usize) -> Vec<u8> {
    let mut host = String::new();
    let room = len - "https://".len() - ".example.com".len();
    while host.len() < room {
        if !host.is_empty() {
            host.push('.');
        }
        let label = (room - host.len()).min(60);
        host.push_str(&"a".repeat(label));
    }
    let origin = format!("https://{host}.example.com");
    assert_eq!(origin.len(), len);
    origin.into_bytes()
}

fn example_table() -> Vec<(Vec<u8>, Want)> {
    use Malformed::*;
    use Want::{Allowed, NotAllowed};
    let text = |s: &str| s.as_bytes().to_vec();
    let mut rows: Vec<(Vec<u8>, Want)> = [
        // Legitimate.
        ("https://example.com", Allowed),
        ("https://a.example.com", Allowed),
        ("https://a.b.example.com", Allowed),
        ("https://xn--bcher-kva.example.com", Allowed),
        // Suffix and prefix look-alikes (CVE-2024-27302, CVE-2023-28109, CVE-2019-25211).
        ("https://evil-example.com", NotAllowed),
        ("https://evilexample.com", NotAllowed),
        ("https://example.com.evil.test", NotAllowed),
        ("https://example.com.evil.net", NotAllowed),
        ("https://a.example.com.evil.test", NotAllowed),
        ("https://example.community", NotAllowed),
        ("https://example.co", NotAllowed),
        ("https://xample.com", NotAllowed),
        ("https://.example.com", NotAllowed),
        ("https://..example.com", NotAllowed),
        ("https://a..example.com", NotAllowed),
        ("https://*.example.com", NotAllowed),
        ("https://-a.example.com", NotAllowed),
        ("https://a-.example.com", NotAllowed),
        // Scheme downgrades and other schemes.
        ("http://example.com", NotAllowed),
        ("http://a.example.com", NotAllowed),
        ("wss://example.com", NotAllowed),
        ("file://example.com", NotAllowed),
        ("HTTPS://example.com", NotAllowed),
        ("https:example.com", NotAllowed),
        ("//example.com", NotAllowed),
        ("example.com", NotAllowed),
        // Ports: other ports, the explicit default port, malformed ports.
        ("https://example.com:8443", NotAllowed),
        ("https://a.example.com:8443", NotAllowed),
        ("https://example.com:443", NotAllowed),
        ("https://a.example.com:443", NotAllowed),
        ("https://example.com:", NotAllowed),
        ("https://example.com:0", NotAllowed),
        ("https://example.com:65536", NotAllowed),
        ("https://example.com:0443", NotAllowed),
        ("https://example.com:*", NotAllowed),
        // Opaque origins.
        ("null", NotAllowed),
        ("NULL", NotAllowed),
        ("Null", NotAllowed),
        // Case, trailing dots, paths and other URL parts.
        ("https://EXAMPLE.com", NotAllowed),
        ("https://EXAMPLE.COM", NotAllowed),
        ("https://A.example.com", NotAllowed),
        ("https://example.com.", NotAllowed),
        ("https://a.example.com.", NotAllowed),
        ("https://example.com/", NotAllowed),
        ("https://a.example.com/", NotAllowed),
        ("https://example.com/path", NotAllowed),
        ("https://example.com?x=1", NotAllowed),
        ("https://example.com#x", NotAllowed),
        // Userinfo and percent-encoding.
        ("https://user@example.com", NotAllowed),
        ("https://user:pass@a.example.com", NotAllowed),
        ("https://example.com@evil.test", NotAllowed),
        ("https://evil.test@example.com", NotAllowed),
        ("https://%65xample.com", NotAllowed),
        ("https://a%2eexample.com", NotAllowed),
        ("https://a.example%2ecom", NotAllowed),
        // Lists and separators.
        ("https://example.com,https://example.com", NotAllowed),
        ("https://evil.test,https://example.com", NotAllowed),
        ("https://example.com;https://evil.test", NotAllowed),
        // IP literals and local names.
        ("https://93.184.216.34", NotAllowed),
        ("https://[::ffff:93.184.216.34]", NotAllowed),
        ("https://localhost", NotAllowed),
        ("https://127.0.0.1", NotAllowed),
        ("https://1.2.3.example.com", Allowed),
        ("https://a.example.123", NotAllowed),
        // Empty.
        ("", Want::Malformed(EmptyOrigin)),
        // Spaces and control bytes (header values may carry tabs).
        (" https://example.com", Want::Malformed(OriginNotAscii)),
        ("https://example.com ", Want::Malformed(OriginNotAscii)),
        ("https://exa mple.com", Want::Malformed(OriginNotAscii)),
        ("https://example.com\t", Want::Malformed(OriginNotAscii)),
        ("\thttps://a.example.com", Want::Malformed(OriginNotAscii)),
        // Non-ASCII: homoglyphs and Unicode hosts (a browser sends punycode).
        ("https://exampl\u{435}.com", Want::Malformed(OriginNotAscii)),
        (
            "https://b\u{fc}cher.example.com",
            Want::Malformed(OriginNotAscii),
        ),
    ]
    .into_iter()
    .map(|(o, w)| (text(o), w))
    .collect();
    // Bytes 0x80-0xFF, not UTF-8.
    for b in 0x80..=0xffu8 {
        rows.push((
            [&b"https://ex"[..], &[b], b"ample.com"].concat(),
            Want::Malformed(OriginNotAscii),
        ));
    }
    rows.push((
        b"https://\xff.example.com".to_vec(),
        Want::Malformed(OriginNotAscii),
    ));
    rows.push((
        b"https://example.com\xc3\x28".to_vec(),
        Want::Malformed(OriginNotAscii),
    ));
    // Lengths: a label over 63 bytes, a host over 253 bytes, 326 bytes (the longest
    // browser origin, here not a valid one), 327 bytes, 64 KiB.
    let long_label = format!("https://{}.example.com", "a".repeat(64));
    rows.push((long_label.into_bytes(), Want::NotAllowed));
    let long_host = format!("https://{}.example.com", vec!["a".repeat(63); 4].join("."));
    rows.push((long_host.into_bytes(), Want::NotAllowed));
    rows.push((origin_of_len(300), Want::NotAllowed));
    rows.push((origin_of_len(326), Want::NotAllowed));
    rows.push((origin_of_len(327), Want::Malformed(OriginTooLong)));
    rows.push((origin_of_len(64 * 1024), Want::Malformed(OriginTooLong)));
    rows
}

/// Evaluates an actual `GET` and a preflight with each origin line, checking the verdict and
/// that a refused origin gets no CORS header at all.
fn assert_verdict(policy: &CorsPolicy, origins: &[&[u8]], want: Want) {
    let shown: Vec<_> = origins.iter().map(|o| String::from_utf8_lossy(o)).collect();
    for preflight in [false, true] {
        let mut headers = HeaderMap::new();
        for origin in origins {
            headers.append(
                "origin",
                HeaderValue::from_bytes(origin).expect("header value"),
            );
        }
        let method = if preflight {
            headers.insert(
                "access-control-request-method",
                HeaderValue::from_static("PUT"),
            );
            Method::OPTIONS
        } else {
            Method::GET
        };
        let decision = policy.evaluate(&method, &headers);
        let got = match decision.refusal() {
            None => Want::Allowed,
            Some(Refusal::OriginNotAllowed { origin }) => {
                assert_eq!(
                    origin.as_bytes(),
                    origins[0],
                    "the refusal names the origin"
                );
                Want::NotAllowed
            }
            Some(Refusal::Malformed(m)) => Want::Malformed(m),
            Some(other) => panic!("{shown:?}: unexpected refusal {other:?}"),
        };
        assert_eq!(got, want, "origin {shown:?} (preflight: {preflight})");
        let response = match decision.preflight_response() {
            Some(answer) => answer.headers().clone(),
            None => {
                let mut h = HeaderMap::new();
                decision.decorate(&mut h);
                h
            }
        };
        let acao = response
            .get_all("access-control-allow-origin")
            .iter()
            .count();
        if want == Want::Allowed {
            assert_eq!(acao, 1, "{shown:?}: one Access-Control-Allow-Origin");
            assert_eq!(
                response["access-control-allow-origin"].as_bytes(),
                origins[0]
            );
        } else {
            let cors = response
                .keys()
                .filter(|n| n.as_str().starts_with("access-control-"))
                .count();
            assert_eq!(cors, 0, "{shown:?}: a refused origin gets no CORS header");
        }
        assert_eq!(response["vary"], "origin", "{shown:?}: Vary: origin");
    }
}

#[test]
fn attacker_origins_are_refused_and_legitimate_ones_allowed() {
    let policy = example_policy();
    let table = example_table();
    assert!(table.len() > 200);
    for (origin, want) in table {
        assert_verdict(&policy, &[&origin], want);
    }
}

#[test]
fn two_origin_lines_are_malformed_even_if_both_are_allowed() {
    let policy = example_policy();
    let want = Want::Malformed(Malformed::MultipleOrigins);
    assert_verdict(
        &policy,
        &[b"https://example.com", b"https://example.com"],
        want,
    );
    assert_verdict(
        &policy,
        &[b"https://example.com", b"https://evil.test"],
        want,
    );
    assert_verdict(
        &policy,
        &[b"https://evil.test", b"https://a.example.com"],
        want,
    );
}

#[test]
fn concatenated_allowed_hosts_are_refused() {
    // GHSA-vhxv-fg4m-p2w8: a radix tree allowed `barfoo.com` from `foo.com` + `bar.com`.
    let policy = foo_bar_policy();
    for origin in ["https://foo.com", "https://bar.com"] {
        assert_verdict(&policy, &[origin.as_bytes()], Want::Allowed);
    }
    for origin in [
        "https://barfoo.com",
        "https://foobar.com",
        "https://foo.combar.com",
        "https://bar.com.foo.com",
        "https://foo.com.bar.com",
        "https://a.foo.com",
        "https://fo.com",
        "https://oo.com",
        "https://ar.com",
        "https://foo.co",
        "https://bar.co",
        "https://foo.comm",
        "https://bbar.com",
    ] {
        assert_verdict(&policy, &[origin.as_bytes()], Want::NotAllowed);
    }
}

/// A preflight from an allowed origin for `PUT` with the given ACRH lines.
fn preflight_refusal(acrh: &[&[u8]]) -> Option<String> {
    let policy = example_policy();
    let mut headers = HeaderMap::new();
    headers.insert("origin", HeaderValue::from_static("https://a.example.com"));
    headers.insert(
        "access-control-request-method",
        HeaderValue::from_static("PUT"),
    );
    for line in acrh {
        headers.append(
            "access-control-request-headers",
            HeaderValue::from_bytes(line).expect("header value"),
        );
    }
    let decision = policy.evaluate(&Method::OPTIONS, &headers);
    let answer = decision.preflight_response().expect("a preflight");
    // Whatever the verdict, the service answers without calling the handler and without
    // panicking.
    let response = call_service(&policy, Method::OPTIONS, headers.clone());
    assert_eq!(response.0.status(), answer.status());
    assert_eq!(response.1, 0, "a preflight reached the inner service");
    decision.refusal().map(|r| format!("{r:?}"))
}

fn call_service(policy: &CorsPolicy, method: Method, headers: HeaderMap) -> (Response<()>, usize) {
    let calls = Arc::new(AtomicUsize::new(0));
    let mut service = CorsService::new(
        Inner {
            headers: HeaderMap::new(),
            calls: calls.clone(),
        },
        policy.clone(),
    );
    let mut request = Request::new(());
    *request.method_mut() = method;
    *request.headers_mut() = headers;
    let response = poll_once(service.call(request)).expect("infallible");
    let (parts, _) = response.into_parts();
    (
        Response::from_parts(parts, ()),
        calls.load(std::sync::atomic::Ordering::SeqCst),
    )
}

fn malformed(m: Malformed) -> Option<String> {
    Some(format!("{:?}", Refusal::Malformed(m)))
}

#[test]
fn a_megabyte_of_commas_in_request_headers_is_refused_unscanned() {
    let commas = vec![b','; 1 << 20];
    assert_eq!(
        preflight_refusal(&[&commas]),
        malformed(Malformed::RequestHeadersTooLong)
    );
}

#[test]
fn thousands_of_request_headers_lines_are_refused() {
    let lines: Vec<&[u8]> = vec![b"content-type"; 4096];
    assert_eq!(
        preflight_refusal(&lines),
        malformed(Malformed::RequestHeadersTooLong)
    );
    let commas = vec![b','; 1024];
    let lines: Vec<&[u8]> = vec![&commas; 1024];
    assert_eq!(
        preflight_refusal(&lines),
        malformed(Malformed::RequestHeadersTooLong)
    );
}

#[test]
fn request_headers_over_many_lines_are_bounded_by_bytes_and_empty_elements_not_by_lines() {
    // Sixteen empty lines are the sixteen tolerated empty elements: a 17th line naming an
    // allowed header is read.
    let mut lines: Vec<&[u8]> = vec![b""; 16];
    lines.push(b"content-type");
    assert_eq!(preflight_refusal(&lines), None);
    // Many short lines of allowed names, within 4 KiB in all, are read too.
    let lines: Vec<&[u8]> = vec![b"content-type"; 300];
    assert_eq!(preflight_refusal(&lines), None);
    // One empty element more than tolerated is refused before any name is read.
    let mut lines: Vec<&[u8]> = vec![b""; 17];
    lines.push(b"content-type");
    assert_eq!(
        preflight_refusal(&lines),
        malformed(Malformed::RequestHeadersTooLong)
    );
    let lines: Vec<&[u8]> = vec![b""; 100_000];
    assert_eq!(
        preflight_refusal(&lines),
        malformed(Malformed::RequestHeadersTooLong)
    );
}

#[test]
fn request_headers_within_the_size_bound_but_mostly_empty_are_malformed() {
    let commas = vec![b','; 1024];
    assert_eq!(
        preflight_refusal(&[&commas]),
        malformed(Malformed::InvalidRequestHeaders)
    );
}

#[test]
fn request_headers_with_control_bytes_or_invalid_utf8_are_malformed() {
    for line in [
        &b"content-type\tx-request-id"[..],
        b"content-type,x-\xffid",
        b"content-type,\xc3\x28",
        b"content-type;x-request-id",
        b"content-type,x request id",
        b"(content-type)",
    ] {
        assert_eq!(
            preflight_refusal(&[line]),
            malformed(Malformed::InvalidRequestHeaders),
            "{line:?}"
        );
    }
}

#[test]
fn browser_shaped_request_headers_are_allowed_and_unknown_names_named() {
    assert_eq!(preflight_refusal(&[b"content-type,x-request-id"]), None);
    // Tolerated: spaces, upper case, several lines, unsorted and duplicated names.
    assert_eq!(preflight_refusal(&[b"X-Request-Id , Content-Type"]), None);
    assert_eq!(preflight_refusal(&[b"x-request-id", b"content-type"]), None);
    assert_eq!(preflight_refusal(&[b"x-request-id,x-request-id"]), None);
    assert_eq!(
        preflight_refusal(&[b"content-type,authorization"]),
        Some(format!(
            "{:?}",
            Refusal::HeaderNotAllowed {
                name: "authorization"
            }
        ))
    );
}

#[test]
fn a_64_kib_origin_is_refused_as_too_long() {
    let policy = example_policy();
    let origin = origin_of_len(64 * 1024);
    assert_verdict(
        &policy,
        &[&origin],
        Want::Malformed(Malformed::OriginTooLong),
    );
    let mut headers = HeaderMap::new();
    headers.insert("origin", HeaderValue::from_bytes(&origin).unwrap());
    let (response, calls) = call_service(&policy, Method::GET, headers);
    assert_eq!(calls, 1);
    assert!(
        !response
            .headers()
            .contains_key("access-control-allow-origin")
    );
}

#[test]
fn invalid_request_methods_are_malformed() {
    let policy = example_policy();
    for method in [&b"PU T"[..], b"PUT\t", b"\xffPUT", b"PUT,DELETE", b""] {
        let mut headers = HeaderMap::new();
        headers.insert("origin", HeaderValue::from_static("https://example.com"));
        headers.insert(
            "access-control-request-method",
            HeaderValue::from_bytes(method).unwrap(),
        );
        let decision = policy.evaluate(&Method::OPTIONS, &headers);
        assert_eq!(
            decision.refusal(),
            Some(Refusal::Malformed(Malformed::InvalidRequestMethod)),
            "{method:?}"
        );
    }
    let mut headers = HeaderMap::new();
    headers.insert("origin", HeaderValue::from_static("https://example.com"));
    headers.append(
        "access-control-request-method",
        HeaderValue::from_static("PUT"),
    );
    headers.append(
        "access-control-request-method",
        HeaderValue::from_static("PUT"),
    );
    let decision = policy.evaluate(&Method::OPTIONS, &headers);
    assert_eq!(
        decision.refusal(),
        Some(Refusal::Malformed(Malformed::MultipleRequestMethods))
    );
}

#[test]
fn request_method_case_is_significant() {
    let policy = example_policy();
    let mut headers = HeaderMap::new();
    headers.insert("origin", HeaderValue::from_static("https://example.com"));
    headers.insert(
        "access-control-request-method",
        HeaderValue::from_static("put"),
    );
    let decision = policy.evaluate(&Method::OPTIONS, &headers);
    assert_eq!(
        decision.refusal(),
        Some(Refusal::MethodNotAllowed { method: "put" })
    );
}

#[test]
fn options_without_request_method_reaches_the_inner_service() {
    let policy = example_policy();
    let mut headers = HeaderMap::new();
    headers.insert("origin", HeaderValue::from_static("https://example.com"));
    let (response, calls) = call_service(&policy, Method::OPTIONS, headers);
    assert_eq!(calls, 1);
    assert_eq!(
        response.headers()["access-control-allow-origin"],
        "https://example.com"
    );
}

#[test]
fn hostile_requests_through_the_service_never_panic() {
    let policy = example_policy();
    let huge = vec![b'a'; 64 * 1024];
    let commas = vec![b','; 1 << 20];
    let cases: Vec<Vec<(&str, &[u8])>> = vec![
        vec![("origin", &huge)],
        vec![
            ("origin", b"https://example.com"),
            ("access-control-request-headers", &commas),
        ],
        vec![
            ("origin", b"\xff\xfe"),
            ("access-control-request-method", b"\xff"),
        ],
        vec![
            ("origin", b"https://example.com"),
            ("access-control-request-method", &huge),
        ],
        vec![
            ("origin", b"https://example.com"),
            ("access-control-request-method", b"PUT"),
            ("access-control-request-private-network", b"true"),
        ],
    ];
    for headers in cases {
        for method in [Method::GET, Method::OPTIONS, Method::POST] {
            let mut map = HeaderMap::new();
            for (name, value) in &headers {
                map.append(
                    HeaderName::from_static(name),
                    HeaderValue::from_bytes(value).unwrap(),
                );
            }
            let preflight =
                method == Method::OPTIONS && map.contains_key("access-control-request-method");
            let (response, calls) = call_service(&policy, method, map);
            assert_eq!(calls, usize::from(!preflight));
            assert!(
                response
                    .headers()
                    .get_all("access-control-allow-origin")
                    .iter()
                    .count()
                    <= 1
            );
        }
    }
}
