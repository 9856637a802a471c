//! The preflight cache (max-age; Chromium caches 5 s when the header is absent) and the
//! browser's HTTP cache (`Vary: Origin`). Fetches here omit `cache: 'no-store'` unless noted.

use crate::engine::Engine;
use crate::harness::Env;
use crate::policies::Api::{ControlNoVary, Main, MaxAge, MaxAgeDay, MaxAgeZero};
use crate::refusal::Why;
use crate::scenario::Scenario;

/// Longer than Chromium's 5 s default preflight cache lifetime.
const PAST_DEFAULT_CACHE_MS: u64 = 5_500;

pub(crate) fn scenarios(env: &Env) -> Vec<Scenario> {
    vec![
        // Identical URL after the default lifetime: only max-age explains the missing preflight.
        // The API is called as `localhost`: see the next scenario for an IP-literal host.
        Scenario::new("max_age_lets_a_repeated_request_skip_the_preflight")
            .call(MaxAge, "PUT", "/s")
            .via_localhost()
            .cached()
            .again()
            .delayed(PAST_DEFAULT_CACHE_MS)
            .readable(200)
            .served(1, 2, 2),
        Scenario::new("max_age_cache_holds_for_an_ip_literal_host")
            .call(MaxAge, "PUT", "/s")
            .cached()
            .again()
            .delayed(PAST_DEFAULT_CACHE_MS)
            .readable(200)
            .served(1, 2, 2)
            .deviates_in(
                env.engine,
                Engine::Firefox,
                "Firefox does not keep a cached preflight for an IP-literal host (127.0.0.1) \
                 beyond a moment, whatever its max-age: it finds no DNS cache entry for the host \
                 and drops the preflight cache entry",
                |s| s.served(2, 2, 2),
            ),
        Scenario::new("max_age_zero_disables_the_preflight_cache")
            .call(MaxAgeZero, "PUT", "/s")
            .cached()
            .again()
            .readable(200)
            .served(2, 2, 2),
        // Control for the two above: no max-age header, Chromium's 5 s default applies.
        Scenario::new("without_max_age_a_preflight_is_cached_for_a_few_seconds")
            .call(Main, "PUT", "/s")
            .via_localhost()
            .cached()
            .again()
            .readable(200)
            .served(1, 2, 2),
        // Chromium and Firefox: `no-store` bypasses the preflight cache.
        Scenario::new("no_store_fetch_bypasses_the_preflight_cache")
            .call(MaxAge, "PUT", "/s")
            .again()
            .readable(200)
            .served(2, 2, 2)
            .deviates_in(
                env.engine,
                Engine::WebKit,
                "WebKit reuses a cached preflight for a `cache: 'no-store'` fetch",
                |s| s.served(1, 2, 2),
            ),
        // A no-cors GET carries no Origin; its cacheable answer must not be reused for a CORS
        // request to the same URL: `Vary: Origin` makes the browser's HTTP cache miss. The
        // second fetch waits a second: WebKit stores a response in its cache after handing
        // it to the page, and a fetch made at once can miss a copy that is not stored yet.
        Scenario::new("vary_origin_keeps_a_no_origin_cached_copy_from_cors_requests")
            .get(Main, "/cacheable")
            .no_cors()
            .cached()
            .get(Main, "/cacheable")
            .cached()
            .delayed(CACHE_STORE_MS)
            .readable(200)
            .body_has(&format!("origin={}", env.page_origin()))
            .served(0, 2, 2),
        // Control (tower-http without Vary): the cached no-ACAO copy is served, the page fails.
        Scenario::new("control_without_vary_the_cached_copy_is_refused")
            .get(ControlNoVary, "/cacheable")
            .no_cors()
            .cached()
            .get(ControlNoVary, "/cacheable")
            .cached()
            .delayed(CACHE_STORE_MS)
            .blocked(Why::NoAllowOrigin)
            .served(0, 1, 1),
    ]
}

/// Time for a browser to store a response in its HTTP cache before the next fetch looks for
/// it (WebKit writes the entry after the page has the response).
const CACHE_STORE_MS: u64 = 1_000;

/// Past WebKit's documented cap on max-age (600 s), within Chromium's (7200 s) and Firefox's
/// (86400 s).
const PAST_WEBKIT_CAP_MS: u64 = 610_000;

/// How long each engine keeps a preflight whose max-age is a day: a second identical request
/// 610 s later. Ten minutes of waiting, so not part of the default run (`--ignored`).
pub(crate) fn caps(env: &Env) -> Vec<Scenario> {
    vec![
        Scenario::new("a_day_of_max_age_is_kept_past_ten_minutes")
            .call(MaxAgeDay, "PUT", "/s")
            .via_localhost()
            .cached()
            .again()
            .delayed(PAST_WEBKIT_CAP_MS)
            .readable(200)
            .served(1, 2, 2)
            .deviates_in(
                env.engine,
                Engine::WebKit,
                "WebKit keeps a preflight for at most 600 s, whatever its max-age",
                |s| s.served(2, 2, 2),
            ),
    ]
}
