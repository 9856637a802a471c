//! Real-browser CORS conformance suite: headless Chromium runs `fetch()` against axum
//! servers protected by `tower_cors` policies, and each scenario checks the browser's verdict
//! (could the page read the response?), Chromium's console message and what the server saw.
//!
//! One `#[test]` per group; each group starts its own servers and one Chromium. See
//! `tests/browser/README.md` for the scenario matrix and how to run one scenario by hand.

mod chromium;
mod console_file;
mod groups;
mod guards;
mod harness;
mod manual;
mod page;
mod policies;
mod scenario;
mod servers;
mod verdict;

use chromium::Flavor;
use harness::run_group;

#[test]
fn simple_requests() {
    run_group(
        "simple_requests",
        Flavor::Default,
        groups::simple::scenarios,
    );
}

#[test]
fn preflighted_requests() {
    run_group(
        "preflighted_requests",
        Flavor::Default,
        groups::preflight::scenarios,
    );
}

#[test]
fn caches_preflight_max_age_and_http_vary() {
    run_group(
        "caches_preflight_max_age_and_http_vary",
        Flavor::Default,
        groups::caches::scenarios,
    );
}

#[test]
fn exposed_headers() {
    run_group(
        "exposed_headers",
        Flavor::Default,
        groups::exposure::scenarios,
    );
}

#[test]
fn error_responses_and_redirects() {
    run_group(
        "error_responses_and_redirects",
        Flavor::Default,
        groups::errors::scenarios,
    );
}

#[test]
fn credentialed_requests() {
    run_group(
        "credentialed_requests",
        Flavor::Default,
        groups::credentials::scenarios,
    );
}

#[test]
fn origin_patterns_public_and_null() {
    run_group(
        "origin_patterns_public_and_null",
        Flavor::Default,
        groups::origins::scenarios,
    );
}

/// Chromium 156 only enforces "`*` never covers `authorization`" with a feature flag.
#[test]
fn wildcard_headers_strict_chromium() {
    run_group(
        "wildcard_headers_strict_chromium",
        Flavor::StrictWildcardHeaders,
        groups::strict::scenarios,
    );
}

/// `WebSocketGuard` and `CrossOriginGuard`: WebSocket handshakes, HTML form posts and
/// `no-cors` fetches from trusted, untrusted and the API's own pages.
#[test]
fn origin_guards() {
    guards::run();
}
