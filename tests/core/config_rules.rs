//! Configuration rules that are not errors: additive setters, normalisation, presets,
//! de-duplication and warnings.

use std::time::Duration;

use http::Method;
use tower_cors::{ConfigWarningKind as W, CorsConfig, CorsPolicy, Origin, Refusal};

use crate::support::{build, header, preflight, preflight_headers};

#[test]
fn setters_add_rather_than_replace() {
    let mut config = CorsPolicy::builder();
    let tenants = [
        "https://a.example.com",
        "https://b.example.com",
        "https://c.example.com",
    ];
    for tenant in tenants {
        config = config.allow_origin(tenant);
    }
    let policy = build(config.allow_methods(["PUT"]).allow_methods(["DELETE"]));
    for tenant in tenants {
        assert!(policy.origins().matches(tenant.as_bytes()), "{tenant}");
    }
    let res = preflight(&policy, tenants[0], "DELETE", "");
    assert_eq!(
        header(res.headers(), "access-control-allow-methods"),
        Some("PUT,DELETE")
    );
}

#[test]
fn duplicates_and_covered_origins_are_dropped_with_a_warning() {
    let policy = build(
        CorsPolicy::builder()
            .allow_origins(["https://a.example.com", "https://a.example.com"])
            .allow_origin("https://*.example.com")
            .allow_origin("https://example.com"),
    );
    let redundant = policy
        .warnings()
        .iter()
        .filter(|w| w.kind() == W::Redundant)
        .count();
    assert_eq!(redundant, 2, "{:?}", policy.warnings());
    assert!(policy.origins().matches(b"https://a.example.com"));
    assert!(policy.origins().matches(b"https://example.com"));
}

#[test]
fn safelisted_methods_and_exposed_headers_are_dropped_with_a_warning() {
    let policy = build(
        CorsPolicy::builder()
            .allow_origin("https://a.example.com")
            .allow_methods([Method::GET, Method::POST])
            .expose_headers(["content-type", "x-id"]),
    );
    let safelisted = policy
        .warnings()
        .iter()
        .filter(|w| w.kind() == W::Safelisted)
        .count();
    assert_eq!(safelisted, 3);
    let res = preflight(&policy, "https://a.example.com", "GET", "");
    assert_eq!(header(res.headers(), "access-control-allow-methods"), None);
}

/// Request headers page script can never set are useless, not dangerous: listing one allows
/// nothing, so it is dropped with a warning that says why for that header.
#[test]
fn forbidden_request_headers_are_dropped_with_a_warning_naming_the_reason() {
    for (forbidden, why) in [
        (
            "Cookie",
            "cookies are sent by the browser when the policy allows credentials and the page asks for them, never set by script",
        ),
        ("host", "the browser sets it itself, never page script"),
        ("origin", "the browser sets it itself, never page script"),
        (
            "content-length",
            "the browser sets it itself, never page script",
        ),
        (
            "accept-encoding",
            "the browser sets it itself, never page script",
        ),
        (
            "sec-fetch-mode",
            "the browser sets it itself, never page script",
        ),
        (
            "proxy-authorization",
            "the browser sets it itself, never page script",
        ),
    ] {
        let policy = build(
            CorsPolicy::builder()
                .allow_origin("https://a.example.com")
                .allow_headers([forbidden, "x-kept"]),
        );
        let warnings: Vec<(W, String)> = policy
            .warnings()
            .iter()
            .map(|w| (w.kind(), w.to_string()))
            .collect();
        assert_eq!(
            warnings,
            [(
                W::ForbiddenRequestHeader,
                format!("request header {forbidden:?} needs no listing: {why}; it was dropped")
            )]
        );
        let res = preflight(&policy, "https://a.example.com", "PUT", "x-kept");
        assert_eq!(
            header(res.headers(), "access-control-allow-headers"),
            Some("x-kept")
        );
    }
}

/// `*` never covers `authorization`: with credentials on, where authenticated calls are the
/// point, the policy says so at build time instead of letting every such call fail.
#[test]
fn any_header_with_credentials_warns_when_authorization_is_not_listed() {
    let base = || {
        CorsPolicy::builder()
            .allow_origin("https://a.example.com")
            .allow_any_header()
    };
    let kinds = |config: CorsConfig| -> Vec<W> {
        build(config).warnings().iter().map(|w| w.kind()).collect()
    };
    assert_eq!(
        kinds(base().allow_credentials(true)),
        [W::AuthorizationNotCovered]
    );
    assert!(kinds(base().allow_credentials(true).allow_header("authorization")).is_empty());
    assert!(
        kinds(base()).is_empty(),
        "without credentials: the public() case"
    );
    assert!(kinds(CorsConfig::public()).is_empty());
}

/// No current browser sends the Private Network Access preflight any more (the browser suite
/// checks every request): answering it is allowed, but said to change nothing.
#[test]
fn allowing_private_network_access_warns_that_no_browser_asks_for_it() {
    let policy = build(
        CorsPolicy::builder()
            .allow_origin("https://a.example.com")
            .allow_private_network(true),
    );
    let kinds: Vec<W> = policy.warnings().iter().map(|w| w.kind()).collect();
    assert_eq!(kinds, [W::PrivateNetworkAccessObsolete]);
    let plain = build(CorsPolicy::builder().allow_origin("https://a.example.com"));
    assert!(plain.warnings().is_empty());
}

/// Any method never covers what a list of methods refuses.
#[test]
fn any_method_never_echoes_connect_trace_or_track() {
    let policy = build(
        CorsPolicy::builder()
            .allow_origin("https://a.example.com")
            .allow_any_method()
            .allow_credentials(true),
    );
    for method in ["TRACE", "TRACK", "CONNECT", "trace"] {
        let request = preflight_headers("https://a.example.com", method, "");
        let decision = policy.evaluate(&Method::OPTIONS, &request);
        assert_eq!(
            decision.refusal(),
            Some(Refusal::MethodNotAllowed { method })
        );
        let res = preflight(&policy, "https://a.example.com", method, "");
        assert_eq!(
            header(res.headers(), "access-control-allow-methods"),
            None,
            "{method}"
        );
    }
    let res = preflight(&policy, "https://a.example.com", "PURGE", "");
    assert_eq!(res.status(), 204);
    assert_eq!(
        header(res.headers(), "access-control-allow-methods"),
        Some("PURGE")
    );
}

#[test]
fn max_age_above_browser_caps_warns() {
    let policy = build(
        CorsPolicy::builder()
            .allow_origin("https://a.example.com")
            .max_age(Duration::from_secs(7201)),
    );
    let messages: Vec<String> = policy.warnings().iter().map(ToString::to_string).collect();
    assert_eq!(
        messages,
        [
            "max-age 7201 s is above Chromium's cap of 7200 s; Chromium uses 7200 s",
            "max-age 7201 s is above Safari's cap of 600 s; Safari uses 600 s",
        ]
    );
    assert!(
        policy
            .warnings()
            .iter()
            .all(|w| w.kind() == W::MaxAgeAboveBrowserCap)
    );
}

#[test]
fn local_development_preset_allows_loopback_on_any_port_without_credentials() {
    let policy = build(CorsConfig::local_development());
    for origin in [
        "http://localhost:5173",
        "http://127.0.0.1:3000",
        "http://[::1]:8080",
        "https://app.localhost:8443",
        "http://localhost",
    ] {
        assert!(policy.origins().matches(origin.as_bytes()), "{origin}");
    }
    for origin in [
        "http://example.com",
        "http://localhost.evil.test:3000",
        "null",
    ] {
        assert!(!policy.origins().matches(origin.as_bytes()), "{origin}");
    }
    assert!(!policy.allows_credentials());
}

/// The headers each client sends, as it sends them in a preflight's
/// `Access-Control-Request-Headers` (browsers sort and lower-case them).
const CLIENTS: &[(&str, &str)] = &[
    // connect-web 2, Connect transport: unary POST with JSON or binary messages, a deadline.
    (
        "connect-web (connect)",
        "connect-protocol-version,connect-timeout-ms,content-type",
    ),
    // connect-web 2, gRPC-web transport.
    (
        "connect-web (grpc-web)",
        "content-type,grpc-timeout,x-grpc-web,x-user-agent",
    ),
    // Google's grpc-web 2 (grpcwebtext mode).
    ("grpc-web", "content-type,x-grpc-web,x-user-agent"),
];

#[test]
fn rpc_presets_allow_every_header_their_browser_clients_send() {
    let app = "https://app.example.com";
    for (preset, config, clients) in [
        ("grpc_web", CorsConfig::grpc_web(), &CLIENTS[1..]),
        ("connect", CorsConfig::connect(), CLIENTS),
    ] {
        let policy = config.allow_origin(app).build().unwrap();
        assert!(
            policy.warnings().is_empty(),
            "{preset}: a preset builds without a warning: {:?}",
            policy.warnings()
        );
        for (client, headers) in clients {
            let res = preflight(&policy, app, "POST", headers);
            assert_eq!(res.status(), 204, "{preset} refuses {client}");
            let res = preflight(&policy, "https://evil.test", "POST", headers);
            assert_eq!(res.status(), 403, "{preset} allows an unlisted origin");
        }
    }
}

#[test]
fn origins_parse_only_in_their_browser_form() {
    let o: Origin = "http://[::1]:8080".parse().unwrap();
    assert_eq!(
        (o.scheme(), o.host(), o.port()),
        ("http", "[::1]", Some(8080))
    );
    assert!(o.is_loopback());
    assert_eq!(o.to_string(), "http://[::1]:8080");
    assert!(
        "chrome-extension://abcdefghijklmnop"
            .parse::<Origin>()
            .is_ok()
    );
    assert!("https://*.example.com".parse::<Origin>().is_err());
}

#[test]
fn policy_clones_share_one_compiled_matcher() {
    let policy = build(CorsPolicy::builder().allow_origin("https://a.example.com"));
    let clone = policy.clone();
    assert!(std::ptr::eq(policy.origins(), clone.origins()));
}
