//! `Access-Control-Allow-Headers: *` and `authorization`, in a Chromium that enforces the
//! Fetch standard (`--enable-features=CorsNonWildcardRequestHeadersSupport`).

use crate::harness::Env;
use crate::policies::Api::{Wild, WildAuth};
use crate::refusal::Why;
use crate::scenario::Scenario;

pub(crate) fn scenarios(_env: &Env) -> Vec<Scenario> {
    vec![
        Scenario::new("wildcard_headers_do_not_cover_authorization")
            .get(Wild, "/s")
            .header("authorization", "Bearer t")
            .blocked(Why::HeaderNotAllowed("authorization"))
            .served(1, 0, 0),
        Scenario::new("wildcard_headers_with_listed_authorization_admit_it")
            .get(WildAuth, "/s")
            .header("authorization", "Bearer t")
            .header("x-anything", "1")
            .readable(200)
            .body_has("authorization=Bearer t")
            .served(1, 1, 1),
        Scenario::new("wildcard_headers_still_admit_custom_headers_in_strict_mode")
            .get(Wild, "/s")
            .header("x-custom", "1")
            .readable(200)
            .served(1, 1, 1),
    ]
}
