//! Every refusal of `build()`, with its message verbatim: lower case, the input quoted, the fix
//! named.

use std::time::Duration;

use http::StatusCode;
use tower_cors::{ConfigErrorKind as K, CorsConfig, CorsPolicy};

#[allow(clippy::needless_pass_by_value)] // reads better in the tables below
fn only_problem(config: CorsConfig) -> (K, String) {
    let err = config.build().expect_err("the policy is refused");
    assert_eq!(err.problems().len(), 1, "{err}");
    (err.kind(), err.to_string())
}

fn origin(o: &str) -> CorsConfig {
    CorsPolicy::builder().allow_origin(o)
}

fn credentialed(o: &str) -> CorsConfig {
    origin(o).allow_credentials(true)
}

fn app() -> CorsConfig {
    origin("https://app.example.com")
}

#[test]
fn hosts_with_valid_punycode_labels_are_accepted() {
    for o in [
        "https://xn--bcher-kva.example",
        "https://*.xn--bcher-kva.example",
        "https://app.xn--p1ai",
    ] {
        assert!(origin(o).build().is_ok(), "{o}");
    }
}

#[test]
fn malformed_origins_are_refused_with_the_fix() {
    let cases: &[(&str, &str)] = &[
        (
            "https://app.example.com/",
            r#"invalid origin "https://app.example.com/": remove the trailing slash (did you mean "https://app.example.com"?)"#,
        ),
        (
            "https://app.example.com/api",
            r#"invalid origin "https://app.example.com/api": remove the path (did you mean "https://app.example.com"?)"#,
        ),
        (
            "https://app.example.com?x=1",
            r#"invalid origin "https://app.example.com?x=1": remove the query (did you mean "https://app.example.com"?)"#,
        ),
        (
            "https://app.example.com#top",
            r##"invalid origin "https://app.example.com#top": remove the fragment (did you mean "https://app.example.com"?)"##,
        ),
        (
            "https://user:pw@app.example.com",
            r#"invalid origin "https://user:pw@app.example.com": remove the user name and password (did you mean "https://app.example.com"?)"#,
        ),
        (
            "https://app.example.com:443",
            r#"invalid origin "https://app.example.com:443": remove the default port 443 (did you mean "https://app.example.com"?)"#,
        ),
        (
            "http://localhost:80",
            r#"invalid origin "http://localhost:80": remove the default port 80 (did you mean "http://localhost"?)"#,
        ),
        (
            "https://App.Example.com",
            r#"invalid origin "https://App.Example.com": write the host in lower case (did you mean "https://app.example.com"?)"#,
        ),
        (
            "HTTPS://app.example.com",
            r#"invalid origin "HTTPS://app.example.com": write the scheme in lower case (did you mean "https://app.example.com"?)"#,
        ),
        (
            " https://app.example.com",
            r#"invalid origin " https://app.example.com": remove the whitespace (did you mean "https://app.example.com"?)"#,
        ),
        (
            "app.example.com",
            r#"invalid origin "app.example.com": add the scheme, e.g. https:// (did you mean "https://app.example.com"?)"#,
        ),
        (
            "https://app.example.com.",
            r#"invalid origin "https://app.example.com.": remove the trailing dot from the host (did you mean "https://app.example.com"?)"#,
        ),
        (
            "https://app.example.com:08080",
            r#"invalid origin "https://app.example.com:08080": remove the leading zeros from the port (did you mean "https://app.example.com:8080"?)"#,
        ),
        (
            "https://app.example.com:99999",
            r#"invalid origin "https://app.example.com:99999": the port must be a number from 1 to 65535, or "*""#,
        ),
        (
            "https://bücher.example",
            r#"invalid origin "https://bücher.example": write an internationalised host in its ASCII (punycode, xn--) form"#,
        ),
        (
            "http://xn--f",
            r#"invalid origin "http://xn--f": an xn-- label of the host is not valid punycode, so no browser can send this origin; convert the Unicode host to its ASCII form again"#,
        ),
        (
            "https://*.xn--f.example.com",
            r#"invalid origin "https://*.xn--f.example.com": an xn-- label of the host is not valid punycode, so no browser can send this origin; convert the Unicode host to its ASCII form again"#,
        ),
        (
            "https://*.*.example.com",
            r#"invalid origin "https://*.*.example.com": the only wildcards are a leading "*." label (https://*.example.com) and a ":*" port"#,
        ),
        (
            "https://app*.example.com",
            r#"invalid origin "https://app*.example.com": the only wildcards are a leading "*." label (https://*.example.com) and a ":*" port"#,
        ),
        (
            "https://*.127.0.0.1",
            r#"invalid origin "https://*.127.0.0.1": a "*." pattern needs a domain, not an IP address"#,
        ),
        (
            "http://[::0001]:8080",
            r#"invalid origin "http://[::0001]:8080": write the IPv6 address in its shortest form (RFC 5952)"#,
        ),
        (
            "http://a.0x7f",
            r#"invalid origin "http://a.0x7f": browsers read this host as an IPv4 address; write it in dotted decimal"#,
        ),
        (
            "http://127.000.0.1",
            r#"invalid origin "http://127.000.0.1": the IPv4 address is not valid"#,
        ),
        (
            "https://-app.example.com",
            r#"invalid origin "https://-app.example.com": a host label is empty, too long, or has a character other than a-z, 0-9, - and _"#,
        ),
        ("", r#"invalid origin "": the origin is empty"#),
    ];
    for (input, message) in cases {
        let (kind, got) = only_problem(origin(input));
        assert_eq!(kind, K::InvalidOrigin, "{input}");
        assert_eq!(got, *message);
    }
}

#[test]
fn null_and_file_origins_are_prohibited() {
    let (kind, msg) = only_problem(origin("null"));
    assert_eq!(kind, K::ProhibitedOrigin);
    assert_eq!(
        msg,
        r#"origin "null" is not allowed: it is shared by every sandboxed iframe, data: URL, file: page and redirected request, so listing it trusts all of them; list the real origins instead"#
    );
    let (kind, msg) = only_problem(origin("file:///home/me/index.html"));
    assert_eq!(kind, K::ProhibitedOrigin);
    assert_eq!(
        msg,
        r#"origin "file:///home/me/index.html" is not allowed: browsers send file: pages as the origin "null"; serve the page over http(s) instead"#
    );
}

#[test]
fn credentials_with_any_origin_are_refused() {
    let (kind, msg) = only_problem(credentialed("*"));
    assert_eq!(kind, K::AnyOriginWithCredentials);
    assert_eq!(
        msg,
        r#"credentials cannot be allowed for any origin ("*"): browsers refuse it, and reflecting every origin instead would let any site read your users' data; list the origins that may send credentials, or turn credentials off"#
    );
}

#[test]
fn credentials_with_insecure_origins_need_an_opt_in() {
    let (kind, msg) = only_problem(credentialed("http://app.example.com"));
    assert_eq!(kind, K::InsecureOriginWithCredentials);
    assert_eq!(
        msg,
        r#"origin "http://app.example.com" is not https, so anyone on the network path can inject script into it and read credentialed responses: use "https://app.example.com", or call dangerously_allow_insecure_origins()"#
    );
    let (kind, _) = only_problem(credentialed("http://*.example.com:*"));
    assert_eq!(kind, K::InsecureOriginWithCredentials);
    assert!(
        credentialed("http://app.example.com")
            .dangerously_allow_insecure_origins()
            .build()
            .is_ok()
    );
    for loopback in [
        "http://localhost:3000",
        "http://app.localhost:*",
        "http://127.0.0.1:8080",
        "http://[::1]:8080",
    ] {
        assert!(credentialed(loopback).build().is_ok(), "{loopback}");
    }
    assert!(
        origin("http://app.example.com").build().is_ok(),
        "no credentials, no check"
    );
}

#[test]
fn credentials_with_a_public_suffix_wildcard_need_an_opt_in() {
    let (kind, msg) = only_problem(credentialed("https://*.github.io"));
    assert_eq!(kind, K::PublicSuffixWildcardWithCredentials);
    assert_eq!(
        msg,
        r#"origin pattern "https://*.github.io" trusts every site registered under the public suffix "github.io", including attackers' sites: list the sites instead, or call dangerously_allow_public_suffix_wildcards()"#
    );
    for suffix in ["https://*.com", "https://*.co.uk"] {
        assert_eq!(
            only_problem(credentialed(suffix)).0,
            K::PublicSuffixWildcardWithCredentials
        );
    }
    assert!(
        credentialed("https://*.com")
            .dangerously_allow_public_suffix_wildcards()
            .build()
            .is_ok()
    );
    assert!(credentialed("https://*.example.com").build().is_ok());
    assert!(
        origin("https://*.github.io").build().is_ok(),
        "no credentials, no check"
    );
}

#[test]
fn an_empty_allowlist_is_refused_and_the_error_names_same_origin_only() {
    let (kind, msg) = only_problem(CorsPolicy::builder());
    assert_eq!(kind, K::NoOrigins);
    assert_eq!(
        msg,
        r#"no origin is allowed: call allow_origin("https://app.example.com") for each site whose pages may read responses, allow_any_origin() for a public API, or start from CorsConfig::same_origin_only() if no other site's pages may (in a file or the environment: an empty allow_origins)"#
    );
}

/// The classic predicates that trust look-alikes of one's own site are refused when the
/// policy lists the site; a predicate that accepts exactly the site's subdomains is not.
#[test]
fn origin_predicates_are_probed_with_lookalikes_of_the_listed_origins() {
    let app = || CorsPolicy::builder().allow_origin("https://app.example.com");
    /// A predicate, and the look-alike it must be caught accepting.
    type Refused = (fn(&str) -> bool, &'static str);
    let refused: [Refused; 4] = [
        (
            |o| o.contains("example.com"),
            "https://app.example.com.evil.test",
        ),
        (|o| o.ends_with("example.com"), "https://evilexample.com"),
        (
            |o| o.starts_with("https://app.example.com"),
            "https://app.example.com.evil.test",
        ),
        (
            |o| o.starts_with("https://app") && o.ends_with("com"),
            "https://appevilexample.com",
        ),
    ];
    for (predicate, canary) in refused {
        let (kind, msg) = only_problem(app().allow_origin_fn(predicate));
        assert_eq!(kind, K::OriginMatcherTooBroad);
        assert!(msg.contains(&format!("{canary:?}")), "{msg}");
    }
    let (_, msg) = only_problem(
        app()
            .allow_credentials(true)
            .allow_origin_fn(|o| o.ends_with("://app.example.com")),
    );
    assert!(msg.contains(r#""http://app.example.com""#), "{msg}");
    let subdomains = |o: &str| o.starts_with("https://") && o.ends_with(".example.com");
    assert!(app().allow_origin_fn(subdomains).build().is_ok());
}

#[test]
fn origin_predicates_that_accept_anything_are_refused() {
    let (kind, msg) = only_problem(CorsPolicy::builder().allow_origin_fn(|_| true));
    assert_eq!(kind, K::OriginMatcherTooBroad);
    assert_eq!(
        msg,
        r#"origin predicate #1 accepts the attacker origin "https://evil.test": make it accept only your own origins, or use allow_any_origin() for a public API"#
    );
}

#[cfg(feature = "regex")]
#[test]
fn origin_regexes_are_anchored_and_checked_against_lookalikes() {
    let regex = |r: &str| CorsPolicy::builder().allow_origin_regex(r);
    let (kind, msg) = only_problem(regex(r"https://.*example\.com"));
    assert_eq!(kind, K::OriginMatcherTooBroad);
    assert_eq!(
        msg,
        r#"origin regex "https://.*example\\.com" also matches the attacker origin "https://evilexample.com": escape the dots (\.), match whole labels ([a-z0-9-]+\.), and fix the scheme"#
    );
    let (kind, msg) = only_problem(regex(r"https://app.example.com"));
    assert_eq!(kind, K::OriginMatcherTooBroad);
    assert!(
        msg.contains(r#"the attacker origin "https://app-example-com""#),
        "unescaped dots: {msg}"
    );
    let (kind, _) = only_problem(regex(r"https?://app\.example\.com").allow_credentials(true));
    assert_eq!(
        kind,
        K::OriginMatcherTooBroad,
        "http:// downgrade with credentials"
    );
    let (kind, msg) = only_problem(regex(r"https://(app"));
    assert_eq!(kind, K::InvalidRegex);
    assert!(
        msg.starts_with(r#"invalid origin regex "https://(app": "#),
        "{msg}"
    );
    let ok = regex(r"https://([a-z0-9-]+\.)?example\.com")
        .build()
        .unwrap();
    assert!(ok.origins().matches(b"https://a.example.com"));
    assert!(
        !ok.origins().matches(b"https://a.example.com.evil.test"),
        "anchored at the end"
    );
    assert!(
        !ok.origins().matches(b"xhttps://a.example.com"),
        "anchored at the start"
    );
}

#[test]
fn invalid_and_forbidden_methods_are_refused() {
    let (kind, msg) = only_problem(app().allow_method("PU T"));
    assert_eq!(kind, K::InvalidMethod);
    assert_eq!(
        msg,
        r#"invalid method "PU T": a method is one HTTP token, with no spaces, commas or quotes"#
    );
    for forbidden in ["CONNECT", "trace", "Track"] {
        let (kind, msg) = only_problem(app().allow_method(forbidden));
        assert_eq!(kind, K::ForbiddenMethod);
        assert_eq!(
            msg,
            format!(
                "method {forbidden:?} is forbidden by the Fetch standard: pages can never send it; remove it"
            )
        );
    }
}

#[test]
fn invalid_and_response_header_names_are_refused_as_request_headers() {
    let (kind, msg) = only_problem(app().allow_header("x bad"));
    assert_eq!(kind, K::InvalidHeaderName);
    assert_eq!(
        msg,
        r#"invalid request header name "x bad": a header name is one HTTP token, with no spaces, colons or commas"#
    );
    let (kind, msg) = only_problem(app().allow_header("Access-Control-Allow-Origin"));
    assert_eq!(kind, K::ProhibitedRequestHeader);
    assert_eq!(
        msg,
        r#""Access-Control-Allow-Origin" is a response header: browsers never send it, and front-end code that sets it only triggers preflights; remove it here and in the front end"#
    );
}

#[test]
fn unexposable_headers_are_refused() {
    let (kind, msg) = only_problem(app().expose_header("Set-Cookie"));
    assert_eq!(kind, K::ProhibitedExposedHeader);
    assert_eq!(
        msg,
        r#"header "Set-Cookie" cannot be exposed: browsers never let script read cookies from responses; remove it"#
    );
    let (kind, msg) = only_problem(app().expose_header("access-control-allow-origin"));
    assert_eq!(kind, K::ProhibitedExposedHeader);
    assert_eq!(
        msg,
        r#"header "access-control-allow-origin" cannot be exposed: it is part of the CORS protocol, not a response header to read; remove it"#
    );
    let (kind, msg) = only_problem(app().expose_any_header().allow_credentials(true));
    assert_eq!(kind, K::ExposeAnyWithCredentials);
    assert_eq!(
        msg,
        r#"exposing any header ("*") does not work with credentials: browsers then read "*" as a header literally named *; list the headers to expose"#
    );
}

#[test]
fn max_age_must_be_whole_seconds_up_to_a_day() {
    let (kind, msg) = only_problem(app().max_age(Duration::from_secs(86_401)));
    assert_eq!(kind, K::InvalidMaxAge);
    assert_eq!(
        msg,
        "invalid max-age 86401s: use a whole number of seconds from 0 to 86400 (browsers cap it: Chromium at 7200, Safari at 600)"
    );
    let (kind, _) = only_problem(app().max_age(Duration::from_millis(1500)));
    assert_eq!(kind, K::InvalidMaxAge);
    assert!(app().max_age(Duration::from_secs(86_400)).build().is_ok());
    assert!(app().max_age(Duration::ZERO).build().is_ok());
}

#[test]
fn private_network_access_with_any_origin_is_refused() {
    let (kind, msg) = only_problem(CorsConfig::public().allow_private_network(true));
    assert_eq!(kind, K::PrivateNetworkWithAnyOrigin);
    assert_eq!(
        msg,
        r#"private network access cannot be allowed for any origin ("*"): any site could then reach devices on your users' networks; list the origins"#
    );
}

#[test]
fn preflight_and_refusal_statuses_are_checked() {
    let (kind, msg) = only_problem(app().preflight_status(StatusCode::CREATED));
    assert_eq!(kind, K::InvalidStatus);
    assert_eq!(
        msg,
        "preflight status 201 cannot be used: browsers need a 2xx, and only 204 and 200 answer with an empty body; use 204 or 200"
    );
    let (kind, msg) = only_problem(app().refusal_status(StatusCode::OK));
    assert_eq!(kind, K::InvalidStatus);
    assert_eq!(
        msg,
        "refusal status 200 cannot be used: a refused preflight needs a 4xx status (403 is conventional)"
    );
}

#[test]
fn every_problem_is_reported_at_once() {
    let err = CorsPolicy::builder()
        .allow_origin("https://a.example.com/")
        .allow_origin("null")
        .allow_origin("*")
        .allow_method("TRACE")
        .allow_header("cookie")
        .expose_header("set-cookie")
        .max_age(Duration::from_secs(100_000))
        .allow_credentials(true)
        .build()
        .unwrap_err();
    let kinds: Vec<K> = err.problems().iter().map(|p| p.kind()).collect();
    assert_eq!(
        kinds,
        [
            K::InvalidOrigin,
            K::ProhibitedOrigin,
            K::AnyOriginWithCredentials,
            K::ForbiddenMethod,
            K::ProhibitedExposedHeader,
            K::InvalidMaxAge,
        ]
    );
    assert_eq!(err.problems()[0].input(), Some("https://a.example.com/"));
    assert!(
        err.to_string()
            .starts_with("6 problems in the CORS policy: invalid origin"),
        "{err}"
    );
}
