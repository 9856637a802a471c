//! Preflighted requests: methods, request headers, and preflights the inner service would reject.

use crate::harness::Env;
use crate::policies::Api::{Main, Narrow, Wild};
use crate::refusal::Why;
use crate::scenario::Scenario;

pub(crate) fn scenarios(env: &Env) -> Vec<Scenario> {
    vec![
        // Chromium as shipped lets `Access-Control-Allow-Headers: *` cover `authorization`;
        // the policy's answer to a refused `authorization` never says `*`, so the refusal is
        // enforced without any flag.
        Scenario::new("any_header_refusal_of_authorization_is_enforced_as_shipped")
            .get(Wild, "/s")
            .header("authorization", "Bearer t")
            .header("x-custom", "1")
            .blocked(Why::HeaderNotAllowed("authorization"))
            .served(1, 0, 0),
        Scenario::new("json_post_with_content_type_allowance_is_readable")
            .call(Main, "POST", "/s")
            .json(r#"{"a":1}"#)
            .readable(200)
            .body_has("content-type=application/json")
            .served(1, 1, 1),
        Scenario::new("json_post_without_content_type_allowance_is_refused")
            .call(Narrow, "POST", "/s")
            .json(r#"{"a":1}"#)
            .blocked(Why::HeaderNotAllowed("content-type"))
            .served(1, 0, 0),
        Scenario::new("put_in_allowed_methods_is_readable")
            .call(Main, "PUT", "/s")
            .readable(200)
            .body_has("method=PUT")
            .served(1, 1, 1),
        Scenario::new("delete_in_allowed_methods_is_readable")
            .call(Main, "DELETE", "/s")
            .readable(200)
            .body_has("method=DELETE")
            .served(1, 1, 1),
        Scenario::new("delete_missing_from_allowed_methods_is_refused")
            .call(Narrow, "DELETE", "/s")
            .blocked(Why::MethodNotAllowed("DELETE"))
            .served(1, 0, 0),
        Scenario::new("uppercase_patch_matches_allowed_patch")
            .call(Main, "PATCH", "/s")
            .readable(200)
            .body_has("method=PATCH")
            .served(1, 1, 1),
        // Browsers upper-case only the six Fetch names; `patch` is sent verbatim.
        Scenario::new("lowercase_patch_is_not_normalised_and_is_refused")
            .call(Main, "patch", "/s")
            .blocked(Why::MethodNotAllowed("patch"))
            .served(1, 0, 0),
        Scenario::new("lowercase_delete_is_normalised_by_the_browser")
            .call(Main, "delete", "/s")
            .readable(200)
            .body_has("method=DELETE")
            .served(1, 1, 1),
        Scenario::new("listed_custom_header_is_readable")
            .get(Main, "/s")
            .header("x-custom", "1")
            .readable(200)
            .body_has("x-custom=1")
            .served(1, 1, 1),
        Scenario::new("unlisted_custom_header_is_refused")
            .get(Narrow, "/s")
            .header("x-other", "1")
            .blocked(Why::HeaderNotAllowed("x-other"))
            .served(1, 0, 0),
        Scenario::new("every_requested_header_must_be_allowed")
            .get(Main, "/s")
            .header("x-custom", "1")
            .header("x-other", "1")
            .blocked(Why::HeaderNotAllowed("x-other"))
            .served(1, 0, 0),
        Scenario::new("listed_authorization_header_is_readable")
            .get(Main, "/s")
            .header("authorization", "Bearer t")
            .readable(200)
            .body_has("authorization=Bearer t")
            .served(1, 1, 1),
        Scenario::new("wildcard_methods_admit_an_extension_method")
            .call(Wild, "PURGE", "/s")
            .readable(200)
            .body_has("method=PURGE")
            .served(1, 1, 1),
        Scenario::new("wildcard_headers_admit_a_custom_header")
            .get(Wild, "/s")
            .header("x-anything", "1")
            .readable(200)
            .served(1, 1, 1),
        // The actual OPTIONS request (no Access-Control-Request-Method) is not a preflight.
        Scenario::new("options_request_without_request_method_reaches_the_handler")
            .call(Wild, "OPTIONS", "/s")
            .readable(200)
            .body_has("method=OPTIONS")
            .served(1, 1, 1),
        // axum's router answers OPTIONS on a PUT-only route with 405: the layer answers first.
        Scenario::new("preflight_is_answered_although_the_route_rejects_options")
            .call(Main, "PUT", "/put-only")
            .readable(200)
            .served(1, 1, 1),
        // The auth middleware rejects requests without a token; preflights never carry one.
        Scenario::new("preflight_is_answered_before_the_auth_middleware")
            .call(Main, "PUT", "/auth")
            .header("authorization", "Bearer good")
            .readable(200)
            .body_has("authorization=Bearer good")
            .served(1, 1, 1),
        Scenario::new("preflight_from_unlisted_origin_is_refused_before_the_handler")
            .in_frame_of(env.origin("localhost"))
            .call(Main, "PUT", "/s")
            .blocked(Why::PreflightNoAllowOrigin)
            .served(1, 0, 0),
    ]
}
