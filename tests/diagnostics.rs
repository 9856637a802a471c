//! Every refusal explained: the stage, the reason code, the browsers' console texts, the fix
//! and its configuration key; near misses of an allowed origin named.

use http::{HeaderMap, HeaderValue, Method, header};
use tower_cors::CorsPolicy;
use tower_cors::diagnostics::{Explanation, ReasonCode, Stage};

fn policy() -> CorsPolicy {
    CorsPolicy::builder()
        .allow_origin("https://app.example.com")
        .allow_origin("http://localhost:3000")
        .allow_method("PUT")
        .allow_header("content-type")
        .build()
        .unwrap()
}

fn explain(method: &Method, headers: &[(&str, &str)]) -> Option<Explanation> {
    let mut request = HeaderMap::new();
    for (name, value) in headers {
        request.append(
            header::HeaderName::from_bytes(name.as_bytes()).unwrap(),
            HeaderValue::from_str(value).unwrap(),
        );
    }
    policy().evaluate(method, &request).explain()
}

/// Request method and headers, stage, code, Chrome's text, Firefox's, the fix, the key.
type Case<'a> = (
    Method,
    Vec<(&'a str, &'a str)>,
    Stage,
    ReasonCode,
    Option<&'a str>,
    Option<&'a str>,
    Option<&'a str>,
    &'a str,
    Option<&'a str>,
);

#[test]
fn a_refusal_of_each_kind_is_explained_in_the_browsers_words_with_its_fix() {
    let app = ("origin", "https://app.example.com");
    let put = ("access-control-request-method", "PUT");
    let cases: &[Case<'_>] = &[
        (
            Method::GET,
            vec![("origin", "https://evil.test")],
            Stage::Actual,
            ReasonCode::CorsMissingAllowOrigin,
            Some("No 'Access-Control-Allow-Origin' header is present on the requested resource."),
            Some("CORS header ‘Access-Control-Allow-Origin’ missing"),
            Some("Origin https://evil.test is not allowed by Access-Control-Allow-Origin."),
            r#".allow_origin("https://evil.test"), if the pages of that origin are yours"#,
            Some("allow_origins"),
        ),
        (
            Method::OPTIONS,
            vec![("origin", "https://evil.test"), put],
            Stage::Preflight,
            ReasonCode::CorsMissingAllowOrigin,
            Some(
                "Response to preflight request doesn't pass access control check: No 'Access-Control-Allow-Origin' header is present on the requested resource.",
            ),
            Some("CORS header ‘Access-Control-Allow-Origin’ missing"),
            Some("Preflight response is not successful. Status code: 403"),
            r#".allow_origin("https://evil.test"), if the pages of that origin are yours"#,
            Some("allow_origins"),
        ),
        (
            Method::OPTIONS,
            vec![app, ("access-control-request-method", "PATCH")],
            Stage::Preflight,
            ReasonCode::CorsMethodNotFound,
            Some(
                "Method PATCH is not allowed by Access-Control-Allow-Methods in preflight response.",
            ),
            Some("Did not find method in CORS header ‘Access-Control-Allow-Methods’"),
            Some("Method PATCH is not allowed by Access-Control-Allow-Methods."),
            r#".allow_method("PATCH")"#,
            Some("allow_methods"),
        ),
        (
            Method::OPTIONS,
            vec![
                app,
                put,
                ("access-control-request-headers", "content-type,x-debug"),
            ],
            Stage::Preflight,
            ReasonCode::CorsMissingAllowHeaderFromPreflight,
            Some(
                "Request header field x-debug is not allowed by Access-Control-Allow-Headers in preflight response.",
            ),
            Some(
                "header ‘x-debug’ is not allowed according to header ‘Access-Control-Allow-Headers’ from CORS preflight response",
            ),
            Some("Request header field x-debug is not allowed by Access-Control-Allow-Headers."),
            r#".allow_header("x-debug")"#,
            Some("allow_headers"),
        ),
        (
            Method::OPTIONS,
            vec![app, put, ("access-control-request-private-network", "true")],
            Stage::Preflight,
            ReasonCode::CorsPreflightDidNotSucceed,
            Some(
                "Response to preflight request doesn't pass access control check: No 'Access-Control-Allow-Private-Network' header was present in the preflight response for this private network request.",
            ),
            None,
            None,
            ".allow_private_network(true)",
            Some("allow_private_network"),
        ),
        (
            Method::GET,
            vec![app, app],
            Stage::Actual,
            ReasonCode::NotFromABrowser,
            None,
            None,
            None,
            "none: no browser sends this request, so no policy should allow it (more than one Origin line: a proxy may be adding one)",
            None,
        ),
    ];
    for (method, headers, stage, code, chrome, firefox, safari, fix, key) in cases {
        let e = explain(method, headers).unwrap_or_else(|| panic!("{headers:?} is refused"));
        assert_eq!(e.stage, *stage, "{headers:?}");
        assert_eq!(e.code, *code, "{headers:?}");
        assert_eq!(e.chrome.as_deref(), *chrome, "{headers:?}");
        assert_eq!(e.firefox.as_deref(), *firefox, "{headers:?}");
        assert_eq!(e.safari.as_deref(), *safari, "{headers:?}");
        assert_eq!(e.fix, *fix, "{headers:?}");
        assert_eq!(e.config_key, *key, "{headers:?}");
    }
    assert!(
        explain(&Method::GET, &[app]).is_none(),
        "an allowed request needs no explanation"
    );
    assert!(
        explain(&Method::GET, &[]).is_none(),
        "nor does a request without Origin"
    );
}

#[test]
fn a_near_miss_of_an_allowed_origin_says_what_differs() {
    for (origin, meant, how) in [
        (
            "http://app.example.com",
            "https://app.example.com",
            "the scheme",
        ),
        (
            "https://app.example.com:8443",
            "https://app.example.com",
            "the port",
        ),
        (
            "https://www.app.example.com",
            "https://app.example.com",
            "the `www.` prefix",
        ),
        (
            "https://app.example.com.",
            "https://app.example.com",
            "a trailing dot",
        ),
        (
            "HTTPS://APP.EXAMPLE.COM",
            "https://app.example.com",
            "upper case: browsers send origins in lower case",
        ),
        ("http://localhost:3001", "http://localhost:3000", "none"),
    ] {
        let e = explain(&Method::GET, &[("origin", origin)]).unwrap();
        if how == "none" {
            assert_eq!(e.did_you_mean, None, "{origin}");
            continue;
        }
        assert_eq!(e.did_you_mean.as_deref(), Some(meant), "{origin}");
        assert_eq!(e.near_miss, Some(how), "{origin}");
        assert!(
            e.to_string().contains(&format!("did you mean {meant:?}?")),
            "{e}"
        );
    }
}
