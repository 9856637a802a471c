//! Simple requests (GET, form and text POSTs: no preflight) and what makes an origin.

use super::TEXT_PLAIN;
use crate::harness::Env;
use crate::policies::Api::{AnyPort, Main};
use crate::refusal::Why;
use crate::scenario::Scenario;

pub(crate) fn scenarios(env: &Env) -> Vec<Scenario> {
    vec![
        Scenario::new("simple_get_from_allowed_origin_is_readable")
            .get(Main, "/s")
            .header_is("content-type", Some(TEXT_PLAIN))
            .readable(200)
            .body_has("method=GET")
            .served(0, 1, 1),
        // http://localhost:A is not http://127.0.0.1:A: the request is still served.
        Scenario::new("simple_get_from_unlisted_origin_is_refused")
            .in_frame_of(env.origin("localhost"))
            .get(Main, "/s")
            .blocked(Why::NoAllowOrigin)
            .served(0, 1, 1)
            .origin_sent(&env.origin("localhost")),
        Scenario::new("other_port_of_a_listed_host_is_another_origin")
            .in_frame_of(env.alt_origin("127.0.0.1"))
            .get(Main, "/s")
            .blocked(Why::NoAllowOrigin)
            .served(0, 1, 1),
        // The API's host name is not the page's origin: calling http://localhost:B changes nothing.
        Scenario::new("api_host_name_does_not_change_the_page_origin")
            .get(Main, "/s")
            .via_localhost()
            .readable(200)
            .body_has(&format!("origin={}", env.page_origin()))
            .served(0, 1, 1),
        Scenario::new("form_post_is_simple_and_sends_no_preflight")
            .call(Main, "POST", "/s")
            .header("content-type", "application/x-www-form-urlencoded")
            .body("a=1")
            .readable(200)
            .body_has("body=a=1")
            .served(0, 1, 1),
        // CORS protects reading, not sending: the handler ran, the page cannot see the answer.
        Scenario::new("text_post_from_unlisted_origin_runs_the_handler_but_is_unreadable")
            .in_frame_of(env.origin("localhost"))
            .call(Main, "POST", "/s")
            .header("content-type", "text/plain")
            .body("hello")
            .blocked(Why::NoAllowOrigin)
            .served(0, 1, 1),
        Scenario::new("any_port_pattern_admits_its_host_on_the_page_port")
            .in_frame_of(env.origin("localhost"))
            .get(AnyPort, "/s")
            .readable(200)
            .served(0, 1, 1),
        Scenario::new("any_port_pattern_admits_its_host_on_another_port")
            .in_frame_of(env.alt_origin("localhost"))
            .get(AnyPort, "/s")
            .readable(200)
            .body_has(&format!("origin={}", env.alt_origin("localhost"))),
        Scenario::new("any_port_pattern_refuses_another_host")
            .get(AnyPort, "/s")
            .blocked(Why::NoAllowOrigin)
            .served(0, 1, 1),
    ]
}
