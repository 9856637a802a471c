//! Error responses (any status can be shared) and redirects.

use crate::harness::Env;
use crate::policies::Api::{Main, Narrow, Public};
use crate::refusal::Why;
use crate::scenario::Scenario;

pub(crate) fn scenarios(env: &Env) -> Vec<Scenario> {
    let to = |api, name: &str| format!("to={}", env.url(api, "127.0.0.1", &format!("/s/{name}")));
    vec![
        Scenario::new("unauthorized_from_inner_auth_middleware_is_readable")
            .get(Main, "/auth")
            .readable(401)
            .body_has("unauthorized")
            .served(0, 1, 0),
        Scenario::new("preflighted_request_rejected_by_auth_is_readable")
            .call(Main, "PUT", "/auth")
            .readable(401)
            .body_has("unauthorized")
            .served(1, 1, 0),
        Scenario::new("not_found_for_an_unknown_route_is_readable")
            .get(Main, "/no-such-route")
            .readable(404)
            .served(0, 1, 0),
        Scenario::new("panic_caught_inside_cors_is_readable_as_500")
            .get(Main, "/panic")
            .readable(500)
            .served(0, 1, 1),
        Scenario::new("error_response_for_unlisted_origin_stays_hidden")
            .in_frame_of(env.origin("localhost"))
            .get(Main, "/auth")
            .blocked(Why::NoAllowOrigin)
            .served(0, 1, 0),
        // The 302 itself must carry ACAO for the browser to follow it.
        Scenario::new("redirect_within_the_api_is_followed")
            .get(Main, "/redirect")
            .readable(200)
            .redirected()
            .body_has("name=redirect_within_the_api_is_followed")
            .served(0, 1, 1)
            .served_at(Main, "/s", (0, 1, 1)),
        // After a cross-origin hop the browser sends `Origin: null`, which a list refuses.
        Scenario::new("cross_origin_redirect_sends_null_origin_which_a_list_refuses")
            .get(Main, "/redirect-to")
            .query(&to(
                Narrow,
                "cross_origin_redirect_sends_null_origin_which_a_list_refuses",
            ))
            .blocked(Why::NoAllowOrigin)
            .served(0, 1, 1)
            .served_at(Narrow, "/s", (0, 1, 1))
            .origin_sent("null"),
        Scenario::new("cross_origin_redirect_to_a_public_api_is_readable")
            .get(Main, "/redirect-to")
            .query(&to(
                Public,
                "cross_origin_redirect_to_a_public_api_is_readable",
            ))
            .readable(200)
            .redirected()
            .body_has("origin=null")
            .served_at(Public, "/s", (0, 1, 1)),
    ]
}
