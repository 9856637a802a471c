//! Credentialed requests (`credentials: 'include'`): cookies really sent, and refusals.

use crate::harness::Env;
use crate::policies::Api::{Creds, CredsAny, Main, Public};
use crate::refusal::Why;
use crate::scenario::Scenario;

pub(crate) fn scenarios(env: &Env) -> Vec<Scenario> {
    vec![
        // The API sets `sid=<name>`; the next credentialed request proves the browser sent it.
        Scenario::new("credentialed_request_sends_the_cookie_the_api_set")
            .get(Creds, "/login")
            .credentials()
            .get(Creds, "/s")
            .credentials()
            .header_is(
                "x-request-id",
                Some("req-credentialed_request_sends_the_cookie_the_api_set"),
            )
            .readable(200)
            .body_has("cookie=sid=credentialed_request_sends_the_cookie_the_api_set")
            .served(0, 1, 1),
        Scenario::new("cookie_is_not_sent_without_credentials_include")
            .get(Creds, "/login")
            .credentials()
            .get(Creds, "/s")
            .readable(200)
            .body_has("cookie=-"),
        Scenario::new("credentials_omit_sends_no_cookie")
            .get(Creds, "/login")
            .credentials()
            .get(Creds, "/s")
            .omit_credentials()
            .readable(200)
            .body_has("cookie=-"),
        // The preflight carries no cookie (checked for every scenario), the actual request does.
        Scenario::new("credentialed_json_post_is_preflighted_without_cookies")
            .get(Creds, "/login")
            .credentials()
            .call(Creds, "POST", "/s")
            .json(r#"{"a":1}"#)
            .credentials()
            .readable(200)
            .body_has("cookie=sid=credentialed_json_post_is_preflighted_without_cookies")
            .served(1, 1, 1),
        Scenario::new("credentialed_request_from_unlisted_origin_is_refused")
            .in_frame_of(env.origin("localhost"))
            .get(Creds, "/s")
            .credentials()
            .blocked(Why::NoAllowOrigin)
            .served(0, 1, 1),
        Scenario::new("credentialed_request_to_any_origin_policy_is_refused")
            .get(Public, "/s")
            .credentials()
            .blocked(Why::WildcardWithCredentials)
            .served(0, 1, 1),
        Scenario::new("credentialed_request_to_policy_without_credentials_is_refused")
            .get(Main, "/s")
            .credentials()
            .blocked(Why::MissingAllowCredentials)
            .served(0, 1, 1),
        // The handler's own `*` and expose list are replaced, not duplicated.
        Scenario::new("inner_cors_headers_are_replaced_by_the_layer")
            .get(Creds, "/inner-acao")
            .credentials()
            .header_is("x-internal", None)
            .readable(200)
            .body_has("inner cors headers")
            .served(0, 1, 1),
        // Refusals for method or header keep ACAO and ACAC, so Chrome names the real cause.
        Scenario::new("credentialed_preflight_refused_for_method_names_the_method")
            .call(Creds, "PUT", "/s")
            .credentials()
            .blocked(Why::MethodNotAllowed("PUT"))
            .served(1, 0, 0),
        Scenario::new("credentialed_preflight_refused_for_header_names_the_header")
            .get(Creds, "/s")
            .header("x-custom", "1")
            .credentials()
            .blocked(Why::HeaderNotAllowed("x-custom"))
            .served(1, 0, 0),
        // Under credentials `*` is a literal: "any method/header" must echo the request.
        Scenario::new("credentialed_any_method_and_header_policy_echoes_the_request")
            .call(CredsAny, "PUT", "/s")
            .header("x-custom", "1")
            .credentials()
            .readable(200)
            .body_has("method=PUT")
            .served(1, 1, 1),
        // `allow_any_header()` never covers authorization unless it is listed too; with
        // credentials the crate echoes the requested names only when authorization is not among
        // them (or is listed).
        Scenario::new("credentialed_any_header_policy_does_not_cover_authorization")
            .get(CredsAny, "/s")
            .header("authorization", "Bearer t")
            .credentials()
            .blocked(Why::HeaderNotAllowed("authorization"))
            .served(1, 0, 0),
    ]
}
