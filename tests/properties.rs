//! Property tests: the compiled policy and the whole service against the reference model
//! (tests/support/reference.rs) and the security invariants, 10,000 cases each.
//!
//! Failures are persisted in `proptest-regressions/` and replayed first on the next run.

mod support;

use std::str::FromStr;

use proptest::prelude::*;
use support::reference::{self, Verdict};
use support::{check, strategies, url_oracle};
use tower_cors::{CorsPolicy, Origin};

proptest! {
    #![proptest_config(strategies::config("proptest-regressions/properties.txt"))]

    /// The fast matcher (`evaluate` + `preflight_response` / `decorate`) gives the same kind,
    /// the same verdict and the same CORS headers as the naive reference model.
    #[test]
    fn fast_matcher_agrees_with_reference_model(
        (model, requests) in strategies::policy_and_requests(),
        inner in strategies::inner_headers(),
    ) {
        let policy = check::build(&model).expect("the strategy builds valid policies");
        for request in &requests {
            if let Err(e) = check::check_decision(&model, &policy, request, &inner) {
                prop_assert!(false, "{}\nrequest: {:?}", e, request);
            }
        }
    }

    /// An origin the policy refuses (or a malformed request) never gets
    /// `Access-Control-Allow-Origin`, except the constant `*` of an any-origin policy without
    /// credentials.
    #[test]
    fn refused_origin_never_gets_allow_origin(
        (model, requests) in strategies::policy_and_requests(),
        inner in strategies::inner_headers(),
    ) {
        let policy = check::build(&model).expect("valid policy");
        let wildcard = reference::wildcard_origin(&model);
        for request in &requests {
            let Some((method, headers)) = check::to_http(request) else { continue };
            let decision = policy.evaluate(&method, &headers);
            let refused_origin = matches!(
                check::verdict_of(decision.refusal()),
                Verdict::OriginNotAllowed | Verdict::Malformed(_)
            );
            if !refused_origin {
                continue;
            }
            let preflight = decision.preflight_response();
            let response = match &preflight {
                Some(r) => r.headers().clone(),
                None => decorated(&decision, &inner),
            };
            let acao: Vec<_> = response.get_all("access-control-allow-origin").iter().collect();
            if wildcard && preflight.is_none() {
                prop_assert_eq!(acao, vec!["*"]);
            } else {
                prop_assert!(acao.is_empty(), "ACAO {:?} for a refused origin", acao);
            }
            prop_assert!(!response.contains_key("access-control-allow-credentials"));
        }
    }

    /// With credentials, `*` never appears in ACAO, ACAM, ACAH or ACEH (only a request's own
    /// value can be echoed).
    #[test]
    fn credentials_never_send_wildcards(
        (model, requests) in strategies::policy_and_requests()
            .prop_filter("credentials", |(p, _)| p.credentials),
        inner in strategies::inner_headers(),
    ) {
        let request = &requests[0];
        let policy = check::build(&model).expect("valid policy");
        let Some((method, headers)) = check::to_http(request) else { return Ok(()) };
        let decision = policy.evaluate(&method, &headers);
        let response = match decision.preflight_response() {
            Some(r) => r.headers().clone(),
            None => decorated(&decision, &inner),
        };
        for name in [
            "access-control-allow-origin",
            "access-control-allow-methods",
            "access-control-allow-headers",
            "access-control-expose-headers",
        ] {
            for line in response.get_all(name) {
                let echoed = request.headers.iter().any(|(_, v)| v.as_slice() == line.as_bytes());
                let star = line.as_bytes().split(|&b| b == b',').any(|t| t.trim_ascii() == b"*");
                prop_assert!(!star || echoed, "{}: {:?} with credentials", name, line);
            }
        }
    }

    /// Every response whose headers depend on `Origin` names `origin` in `Vary` exactly once
    /// (case-insensitively) and keeps the inner service's `Vary` values.
    #[test]
    fn vary_names_origin_once_and_keeps_inner_values(
        (model, requests) in strategies::policy_and_requests(),
        inner in strategies::inner_headers(),
    ) {
        let request = &requests[0];
        let policy = check::build(&model).expect("valid policy");
        let Some((method, headers)) = check::to_http(request) else { return Ok(()) };
        let decision = policy.evaluate(&method, &headers);
        let wildcard = reference::wildcard_origin(&model);
        if let Some(preflight) = decision.preflight_response() {
            let (count, _) = check::vary_origin(preflight.headers());
            prop_assert_eq!(count, usize::from(!wildcard));
            return Ok(());
        }
        let out = decorated(&decision, &inner);
        let inner_map = decorated_by_nothing(&inner);
        let inner_vary: Vec<_> = inner_map.get_all("vary").iter().collect();
        let out_vary: Vec<_> = out.get_all("vary").iter().collect();
        prop_assert_eq!(&out_vary[..inner_vary.len()], &inner_vary[..], "inner Vary lines lost");
        if wildcard {
            prop_assert_eq!(out_vary.len(), inner_vary.len());
        } else {
            let (inner_count, inner_star) = check::vary_origin(&inner_map);
            let (count, _) = check::vary_origin(&out);
            if inner_count == 0 && !inner_star {
                prop_assert_eq!(count, 1, "Vary: {:?}", out_vary);
            } else {
                prop_assert_eq!(out_vary.len(), inner_vary.len(), "origin added twice");
            }
        }
    }

    /// A preflight is answered by the layer: the inner service is never called for it, and is
    /// called exactly once for any other request. The whole service agrees with the model.
    #[test]
    fn preflight_never_reaches_inner_service(
        (model, requests) in strategies::policy_and_requests(),
        inner in strategies::inner_headers(),
    ) {
        let policy = check::build(&model).expect("valid policy");
        for request in &requests {
            if let Err(e) = check::check_service(&model, &policy, request, &inner) {
                prop_assert!(false, "{}\nrequest: {:?}", e, request);
            }
        }
    }

    /// Exactly one `Access-Control-Allow-Origin` line, whatever the inner service set (none
    /// when the origin is refused).
    #[test]
    fn exactly_one_allow_origin_whatever_the_inner_service_set(
        (model, requests) in strategies::policy_and_requests(),
        inner in strategies::inner_headers(),
    ) {
        let request = &requests[0];
        let policy = check::build(&model).expect("valid policy");
        let Some((method, headers)) = check::to_http(request) else { return Ok(()) };
        let decision = policy.evaluate(&method, &headers);
        let wildcard = reference::wildcard_origin(&model);
        let origin_ok = !matches!(
            check::verdict_of(decision.refusal()),
            Verdict::OriginNotAllowed | Verdict::Malformed(_)
        );
        let (lines, expected) = match decision.preflight_response() {
            Some(r) => (
                r.headers().get_all("access-control-allow-origin").iter().count(),
                usize::from(origin_ok),
            ),
            None => (
                decorated(&decision, &inner)
                    .get_all("access-control-allow-origin")
                    .iter()
                    .count(),
                usize::from(wildcard || decision.is_allowed() && decision.origin().is_some()),
            ),
        };
        prop_assert_eq!(lines, expected);
    }

    /// `Origin` parsing round-trips: `FromStr` → `Display` → `FromStr` is the identity, and
    /// an accepted origin, once allowed, matches itself as a request origin. The WHATWG URL
    /// parser agrees: whatever is accepted is a browser origin, and a browser origin is
    /// refused only for a documented reason.
    #[test]
    fn origin_parse_round_trips_and_matches_itself(bytes in strategies::origin()) {
        let Ok(text) = std::str::from_utf8(&bytes) else { return Ok(()) };
        let accepted = Origin::from_str(text).is_ok();
        if let Err(disagreement) = url_oracle::check(text, accepted) {
            prop_assert!(false, "{}", disagreement);
        }
        let Ok(origin) = Origin::from_str(text) else {
            // Refused: the model agrees it is not a browser origin (or is a file: origin), or
            // the URL parser does (the model knows no IDNA: `xn--` labels that do not decode).
            prop_assert!(
                reference::parse_origin(text).is_none()
                    || text.starts_with("file:")
                    || !url_oracle::is_browser_origin(text),
                "refused a browser origin {:?}", text
            );
            return Ok(());
        };
        let shown = origin.to_string();
        prop_assert_eq!(&shown, text);
        prop_assert_eq!(Origin::from_str(&shown).unwrap(), origin.clone());
        let parts = reference::parse_origin(text).expect("the model accepts it");
        prop_assert_eq!(
            (parts.scheme.as_str(), parts.host.as_str(), parts.port),
            (origin.scheme(), origin.host(), origin.port())
        );
        let policy = CorsPolicy::builder().allow_origin(text).build().unwrap();
        prop_assert!(policy.origins().matches(text.as_bytes()));
    }
}

/// The inner service's headers, decorated by the decision.
fn decorated(decision: &tower_cors::Decision<'_>, inner: &[(String, Vec<u8>)]) -> http::HeaderMap {
    let mut h = http::HeaderMap::new();
    for (n, v) in inner {
        h.append(
            http::HeaderName::from_bytes(n.as_bytes()).unwrap(),
            http::HeaderValue::from_bytes(v).unwrap(),
        );
    }
    decision.decorate(&mut h);
    h
}

/// The inner service's headers as they are.
fn decorated_by_nothing(inner: &[(String, Vec<u8>)]) -> http::HeaderMap {
    let mut h = http::HeaderMap::new();
    for (n, v) in inner {
        h.append(
            http::HeaderName::from_bytes(n.as_bytes()).unwrap(),
            http::HeaderValue::from_bytes(v).unwrap(),
        );
    }
    h
}
