//! Which response headers script may read.

use super::TEXT_PLAIN;
use crate::harness::Env;
use crate::policies::Api::{Main, Narrow, Wild};
use crate::scenario::Scenario;

pub(crate) fn scenarios(_env: &Env) -> Vec<Scenario> {
    vec![
        Scenario::new("listed_exposed_header_is_readable")
            .get(Main, "/s")
            .header_is(
                "x-request-id",
                Some("req-listed_exposed_header_is_readable"),
            )
            .readable(200),
        Scenario::new("unlisted_response_header_is_hidden")
            .get(Main, "/s")
            .header_is("x-internal", None)
            .header_is(
                "x-request-id",
                Some("req-unlisted_response_header_is_hidden"),
            )
            .readable(200),
        Scenario::new("without_expose_list_only_safelisted_headers_are_readable")
            .get(Narrow, "/s")
            .header_is("x-request-id", None)
            .header_is("content-type", Some(TEXT_PLAIN))
            .readable(200),
        Scenario::new("expose_any_reveals_every_custom_header")
            .get(Wild, "/s")
            .header_is(
                "x-internal",
                Some("internal-expose_any_reveals_every_custom_header"),
            )
            .header_is(
                "x-request-id",
                Some("req-expose_any_reveals_every_custom_header"),
            )
            .readable(200),
        Scenario::new("set_cookie_is_never_readable_even_under_expose_any")
            .get(Wild, "/login")
            .header_is("set-cookie", None)
            .readable(200),
    ]
}
