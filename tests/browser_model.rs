//! The browser model (`tower_cors::testing`): its Fetch-standard rules, its Chrome wording, and
//! a property tying it to the crate: a browser reads a response from a `tower-cors` service
//! exactly when the reference model says the policy allows the request.
#![cfg(feature = "testing")]

mod support;

use std::sync::Arc;
use std::sync::atomic::AtomicUsize;

use http::{HeaderMap, Method, Response};
use proptest::prelude::*;
use support::check::{Inner, poll_once};
use support::{reference, strategies};
use tower_cors::testing::{BrowserRequest, CorsError, CredentialsMode};
use tower_cors::{CorsPolicy, CorsService};
use tower_service::Service;

fn response(status: u16, headers: &[(&str, &str)]) -> Response<()> {
    let mut builder = Response::builder().status(status);
    for (n, v) in headers {
        builder = builder.header(*n, *v);
    }
    builder.body(()).unwrap()
}

const ORIGIN: &str = "https://app.example";

#[test]
fn safelisted_requests_need_no_preflight() {
    let get = BrowserRequest::new(ORIGIN, "GET");
    assert!(!get.needs_preflight());
    let form = BrowserRequest::new(ORIGIN, "post")
        .header("Content-Type", "multipart/form-data; boundary=x")
        .header("Accept", "application/json")
        .header("Accept-Language", "en-US,en;q=0.9")
        .header("Range", "bytes=0-99");
    assert_eq!(form.method(), "POST");
    assert!(!form.needs_preflight());
    assert_eq!(form.access_control_request_headers(), None);
}

#[test]
fn unsafe_methods_and_headers_need_a_preflight_with_a_sorted_lowercase_list() {
    // wpt fetch/api/cors/resources/corspreflight.js asserts this exact string.
    let request = BrowserRequest::new(ORIGIN, "GET")
        .header("x-trace-id", "1")
        .header("Content-Type", "application/json")
        .header("Authorization", "Bearer t");
    assert!(request.needs_preflight());
    assert_eq!(
        request.access_control_request_headers().as_deref(),
        Some("authorization,content-type,x-trace-id")
    );
    for method in ["PUT", "DELETE", "PATCH", "patch", "NEW"] {
        assert!(
            BrowserRequest::new(ORIGIN, method).needs_preflight(),
            "{method}"
        );
    }
    // Values that disqualify a safelisted name (wpt not-cors-safelisted.json).
    for (name, value) in [
        ("accept", "\""),
        ("accept", &"a".repeat(129)[..]),
        ("content-type", "text/html"),
        ("content-type", "text /plain"),
        ("range", "bytes 0-"),
        ("range", "bytes=-200"),
        ("range", "bytes=0-1,3-4"),
        ("content-language", "@"),
    ] {
        let request = BrowserRequest::new(ORIGIN, "GET").header(name, value);
        assert_eq!(
            request.access_control_request_headers().as_deref(),
            Some(name),
            "{name}: {value}"
        );
    }
}

#[test]
fn forbidden_headers_set_by_script_are_dropped() {
    let request = BrowserRequest::new(ORIGIN, "GET")
        .header("Cookie", "a=b")
        .header("Origin", "https://evil.test")
        .header("Sec-Fetch-Site", "same-origin")
        .header("Proxy-Authorization", "x")
        .header("X-HTTP-Method-Override", "TRACE");
    assert!(request.headers().is_empty());
    assert!(!request.needs_preflight());
}

#[test]
fn cors_check_failures_have_chrome_wording() {
    let page = BrowserRequest::new(ORIGIN, "GET");
    let creds = page.clone().with_credentials();
    let cases: Vec<(&BrowserRequest, Response<()>, CorsError, &str)> = vec![
        (
            &page,
            response(200, &[]),
            CorsError::NoAllowOrigin { preflight: false },
            "No 'Access-Control-Allow-Origin' header is present on the requested resource.",
        ),
        (
            &page,
            response(
                200,
                &[
                    ("access-control-allow-origin", ORIGIN),
                    ("access-control-allow-origin", ORIGIN),
                ],
            ),
            CorsError::MultipleAllowOrigin {
                value: format!("{ORIGIN}, {ORIGIN}"),
                preflight: false,
            },
            "The 'Access-Control-Allow-Origin' header contains multiple values \
             'https://app.example, https://app.example', but only one is allowed.",
        ),
        (
            &page,
            response(
                200,
                &[("access-control-allow-origin", "https://app.example/")],
            ),
            CorsError::AllowOriginMismatch {
                value: "https://app.example/".into(),
                preflight: false,
            },
            "The 'Access-Control-Allow-Origin' header has a value 'https://app.example/' that is \
             not equal to the supplied origin.",
        ),
        (
            &creds,
            response(200, &[("access-control-allow-origin", "*")]),
            CorsError::WildcardWithCredentials { preflight: false },
            "The value of the 'Access-Control-Allow-Origin' header in the response must not be \
             the wildcard '*' when the request's credentials mode is 'include'.",
        ),
        (
            &creds,
            response(
                200,
                &[
                    ("access-control-allow-origin", ORIGIN),
                    ("access-control-allow-credentials", "True"),
                ],
            ),
            CorsError::MissingAllowCredentials {
                value: "True".into(),
                preflight: false,
            },
            "The value of the 'Access-Control-Allow-Credentials' header in the response is 'True' \
             which must be 'true' when the request's credentials mode is 'include'.",
        ),
    ];
    for (request, response, error, text) in cases {
        let got = request.check_response(&response).unwrap_err();
        assert_eq!(got, error);
        assert_eq!(got.to_string(), text);
        assert!(!got.is_preflight());
    }
    // Any status can be read once the CORS check passes.
    let error_page = response(503, &[("access-control-allow-origin", ORIGIN)]);
    assert_eq!(page.check_response(&error_page), Ok(()));
}

#[test]
fn preflight_failures_follow_the_browser_order_and_wording() {
    let request = BrowserRequest::new(ORIGIN, "PUT").header("x-a", "1");
    let allow = [
        ("access-control-allow-origin", ORIGIN),
        ("access-control-allow-methods", "PUT"),
        ("access-control-allow-headers", "x-a"),
    ];
    assert_eq!(request.check_preflight(&response(204, &allow)), Ok(()));
    assert_eq!(request.check_preflight(&response(200, &allow)), Ok(()));
    let redirect = request.check_preflight(&response(301, &allow)).unwrap_err();
    assert_eq!(redirect, CorsError::PreflightRedirect(301));
    assert_eq!(
        redirect.to_string(),
        "Response to preflight request doesn't pass access control check: Redirect is not \
         allowed for a preflight request."
    );
    // Chrome reports a missing ACAO before a bad status.
    assert_eq!(
        request.check_preflight(&response(403, &[])),
        Err(CorsError::NoAllowOrigin { preflight: true })
    );
    let not_ok = request.check_preflight(&response(404, &allow)).unwrap_err();
    assert_eq!(not_ok, CorsError::PreflightNotOk(404));
    assert_eq!(
        not_ok.to_string(),
        "Response to preflight request doesn't pass access control check: It does not have HTTP \
         ok status."
    );
    let method = request
        .check_preflight(&response(
            204,
            &[
                ("access-control-allow-origin", ORIGIN),
                ("access-control-allow-methods", "put"),
            ],
        ))
        .unwrap_err();
    assert_eq!(
        method.to_string(),
        "Method PUT is not allowed by Access-Control-Allow-Methods in preflight response."
    );
    let header = request
        .check_preflight(&response(
            204,
            &[
                ("access-control-allow-origin", ORIGIN),
                ("access-control-allow-methods", "PUT"),
            ],
        ))
        .unwrap_err();
    assert_eq!(header, CorsError::HeaderNotAllowed("x-a".into()));
    let invalid = request
        .check_preflight(&response(
            204,
            &[
                ("access-control-allow-origin", ORIGIN),
                ("access-control-allow-methods", "PUT DELETE"),
            ],
        ))
        .unwrap_err();
    assert_eq!(invalid, CorsError::InvalidAllowMethods("PUT DELETE".into()));
}

#[test]
fn wildcards_mean_any_only_without_credentials_and_never_authorization() {
    let star = [
        ("access-control-allow-origin", ORIGIN),
        ("access-control-allow-credentials", "true"),
        ("access-control-allow-methods", "*"),
        ("access-control-allow-headers", "*"),
    ];
    let anonymous = BrowserRequest::new(ORIGIN, "DELETE").header("x-a", "1");
    assert_eq!(anonymous.check_preflight(&response(204, &star)), Ok(()));
    let credentialed = anonymous.clone().with_credentials();
    assert_eq!(
        credentialed.check_preflight(&response(204, &star)),
        Err(CorsError::MethodNotAllowed("DELETE".into()))
    );
    let bearer = BrowserRequest::new(ORIGIN, "GET").header("authorization", "Bearer t");
    assert_eq!(
        bearer.check_preflight(&response(204, &star)),
        Err(CorsError::HeaderNotAllowed("authorization".into()))
    );
    let mut with_auth = star.to_vec();
    with_auth[3] = ("access-control-allow-headers", "*,authorization");
    assert_eq!(bearer.check_preflight(&response(204, &with_auth)), Ok(()));
    // Expose `*`: every name but Set-Cookie, and only without credentials.
    let exposed = response(
        200,
        &[
            ("access-control-allow-origin", ORIGIN),
            ("access-control-expose-headers", "*"),
        ],
    );
    assert!(anonymous.can_read_header(&exposed, "x-total-count"));
    assert!(!anonymous.can_read_header(&exposed, "set-cookie"));
    assert!(!credentialed.can_read_header(&exposed, "x-total-count"));
}

#[test]
fn forbidden_methods_never_leave_the_page() {
    let trace = BrowserRequest::new(ORIGIN, "trace");
    assert_eq!(trace.method(), "trace");
    let error = trace
        .check::<(), ()>(None, &response(200, &[]))
        .unwrap_err();
    assert_eq!(error, CorsError::ForbiddenMethod("trace".into()));
    assert_eq!(error.to_string(), "'trace' HTTP method is unsupported.");
}

/// Sends what the browser sends through a `CorsService` and returns what it answers.
fn exchange(policy: &CorsPolicy, browser: &BrowserRequest) -> (Option<Response<()>>, Response<()>) {
    let service = |headers: HeaderMap| {
        CorsService::new(
            Inner {
                headers,
                calls: Arc::new(AtomicUsize::new(0)),
            },
            policy.clone(),
        )
    };
    let preflight = browser.needs_preflight().then(|| {
        let request = browser.preflight_request().unwrap();
        poll_once(service(HeaderMap::new()).call(request)).unwrap()
    });
    let mut inner = HeaderMap::new();
    inner.insert("x-total-count", "3".parse().unwrap());
    let actual = browser.actual_request().unwrap();
    let response = poll_once(service(inner).call(actual)).unwrap();
    (preflight, response)
}

#[test]
fn a_credentialed_browser_reads_a_tower_cors_response_only_from_allowed_origins() {
    let policy = CorsPolicy::builder()
        .allow_origin("https://app.example.com")
        .allow_origin("https://*.example.org")
        .allow_methods([Method::PUT, Method::DELETE])
        .allow_headers(["content-type", "authorization"])
        .expose_headers(["x-total-count"])
        .allow_credentials(true)
        .build()
        .unwrap();
    for origin in ["https://app.example.com", "https://a.example.org"] {
        let browser = BrowserRequest::new(origin, "PUT")
            .header("content-type", "application/json")
            .header("authorization", "Bearer t")
            .with_credentials();
        let (preflight, response) = exchange(&policy, &browser);
        assert_eq!(
            browser.check(preflight.as_ref(), &response),
            Ok(()),
            "{origin}"
        );
        assert!(browser.can_read_header(&response, "x-total-count"));
    }
    let browser = BrowserRequest::new("https://evil-example.com", "PUT").with_credentials();
    let (preflight, response) = exchange(&policy, &browser);
    assert_eq!(
        browser.check(preflight.as_ref(), &response),
        Err(CorsError::NoAllowOrigin { preflight: true })
    );
    let browser = BrowserRequest::new("https://app.example.com", "PATCH").with_credentials();
    let (preflight, response) = exchange(&policy, &browser);
    assert_eq!(
        browser.check(preflight.as_ref(), &response),
        Err(CorsError::MethodNotAllowed("PATCH".into()))
    );
    let browser = BrowserRequest::new("https://app.example.com", "GET").header("x-secret", "1");
    let (preflight, response) = exchange(&policy, &browser);
    assert_eq!(
        browser.check(preflight.as_ref(), &response),
        Err(CorsError::HeaderNotAllowed("x-secret".into()))
    );
}

const SCRIPT_HEADERS: &[(&str, &str)] = &[
    ("content-type", "application/json"),
    ("content-type", "text/plain"),
    ("authorization", "Bearer t"),
    ("x-request-id", "1"),
    ("X-Trace-Id", "2"),
    ("accept", "application/json"),
    ("x-other", "3"),
];

proptest! {
    #![proptest_config(strategies::config("proptest-regressions/browser_model.txt"))]

    /// A browser (credentialed exactly when the policy allows credentials) reads the response
    /// of a `tower-cors` service if and only if the reference model allows the preflight (when
    /// one is needed) and the actual request (or the policy sends `*` to everybody).
    #[test]
    fn browser_reads_iff_reference_model_allows(
        (model, requests) in strategies::policy_and_requests(),
        method in proptest::sample::select(&["GET", "POST", "PUT", "put", "PATCH", "DELETE", "x-custom"][..]),
        headers in proptest::sample::subsequence(SCRIPT_HEADERS, 0..3),
    ) {
        let policy = support::check::build(&model).expect("valid policy");
        let Some(origin) = requests[0].headers.iter().find(|(n, _)| n == "origin") else {
            return Ok(());
        };
        let Ok(origin) = std::str::from_utf8(&origin.1) else { return Ok(()) };
        if http::HeaderValue::from_str(origin).is_err() {
            return Ok(());
        }
        let mut browser = BrowserRequest::new(origin, method).credentials(if model.credentials {
            CredentialsMode::Include
        } else {
            CredentialsMode::Omit
        });
        for (n, v) in &headers {
            browser = browser.header(*n, *v);
        }
        let (preflight, response) = exchange(&policy, &browser);
        let reads = browser.check(preflight.as_ref(), &response).is_ok();
        let as_model = |r: http::Request<()>| reference::Request {
            method: r.method().as_str().as_bytes().to_vec(),
            headers: r.headers().iter().map(|(n, v)| (n.as_str().to_owned(), v.as_bytes().to_vec())).collect(),
        };
        let preflight_ok = !browser.needs_preflight()
            || reference::verdict(&model, &as_model(browser.preflight_request().unwrap())).1
                == reference::Verdict::Allowed;
        // An any-origin policy without credentials sends `*` on every actual response.
        let actual_ok = reference::wildcard_origin(&model)
            || reference::verdict(&model, &as_model(browser.actual_request().unwrap())).1
                == reference::Verdict::Allowed;
        prop_assert_eq!(reads, preflight_ok && actual_ok, "browser: {:?}", browser);
    }
}
