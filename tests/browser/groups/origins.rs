//! Subdomain patterns (`*.localhost` names resolve to loopback in Chromium), the public
//! policy, and the opaque origin `null` of a sandboxed frame.

use crate::harness::Env;
use crate::policies::Api::{Main, Public, Sub, Trusted};
use crate::refusal::Why;
use crate::scenario::Scenario;

pub(crate) fn scenarios(env: &Env) -> Vec<Scenario> {
    let refused = |name, origin: String, api| {
        Scenario::new(name)
            .in_frame_of(origin)
            .get(api, "/s")
            .blocked(Why::NoAllowOrigin)
            .served(0, 1, 1)
    };
    vec![
        Scenario::new("subdomain_pattern_admits_a_subdomain")
            .in_frame_of(env.origin("app.localhost"))
            .get(Sub, "/s")
            .readable(200)
            .body_has(&format!("origin={}", env.origin("app.localhost"))),
        Scenario::new("subdomain_pattern_admits_a_deeper_subdomain")
            .in_frame_of(env.origin("deep.app.localhost"))
            .get(Sub, "/s")
            .readable(200),
        refused(
            "subdomain_pattern_excludes_the_apex",
            env.origin("localhost"),
            Sub,
        ),
        refused(
            "subdomain_pattern_refuses_another_port",
            env.alt_origin("app.localhost"),
            Sub,
        ),
        refused(
            "subdomain_pattern_refuses_an_ip_origin",
            env.page_origin(),
            Sub,
        ),
        Scenario::new("nested_pattern_admits_its_subdomain")
            .in_frame_of(env.origin("x.trusted.localhost"))
            .get(Trusted, "/s")
            .readable(200),
        refused(
            "nested_pattern_refuses_an_evil_prefixed_name",
            env.origin("evil-trusted.localhost"),
            Trusted,
        ),
        refused(
            "nested_pattern_refuses_a_name_without_dot_boundary",
            env.origin("eviltrusted.localhost"),
            Trusted,
        ),
        refused(
            "nested_pattern_refuses_its_domain_followed_by_a_suffix",
            env.origin("x.trusted.localhost.evil.localhost"),
            Trusted,
        ),
        refused(
            "nested_pattern_excludes_its_apex",
            env.origin("trusted.localhost"),
            Trusted,
        ),
        Scenario::new("public_policy_admits_any_origin")
            .in_frame_of(env.origin("localhost"))
            .get(Public, "/s")
            .readable(200),
        Scenario::new("public_policy_admits_a_preflighted_request")
            .call(Public, "PUT", "/s")
            .header("x-anything", "1")
            .json("{}")
            .readable(200)
            .served(1, 1, 1),
        Scenario::new("null_origin_from_sandboxed_frame_is_refused")
            .sandboxed()
            .get(Main, "/s")
            .blocked(Why::NoAllowOrigin)
            .served(0, 1, 1)
            .origin_sent("null"),
        Scenario::new("null_origin_preflight_is_refused_before_the_handler")
            .sandboxed()
            .call(Main, "PUT", "/s")
            .blocked(Why::PreflightNoAllowOrigin)
            .served(1, 0, 0)
            .origin_sent("null"),
        Scenario::new("public_policy_admits_a_null_origin")
            .sandboxed()
            .get(Public, "/s")
            .readable(200)
            .body_has("origin=null"),
    ]
}
