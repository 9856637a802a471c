//! Real-browser CORS conformance suite: Chromium, Firefox and WebKit run `fetch()` against
//! axum servers protected by `tower_cors` policies, and each scenario checks the browser's
//! verdict (could the page read the response?), the engine's console message and what the
//! server saw.
//!
//! One `#[test]` per group and engine; each starts its own servers and one browser. See
//! `tests/browser/README.md` for the scenario matrix and how to run one scenario by hand.

mod chromium;
mod console_file;
mod engine;
mod firefox;
mod groups;
mod guards;
mod harness;
mod local;
mod manual;
mod page;
mod policies;
mod process;
mod refusal;
mod rpc;
mod scenario;
mod servers;
mod sink;
mod verdict;
mod webdriver;
mod webkit;

/// One `#[test]` per group in `$engine`, in module `$module`.
macro_rules! suite {
    ($module:ident, $engine:expr) => {
        mod $module {
            use crate::engine::{Engine, Flavor};
            use crate::groups;
            use crate::harness::run_group;

            const ENGINE: Engine = $engine;

            #[test]
            fn simple_requests() {
                run_group(
                    "simple_requests",
                    ENGINE,
                    Flavor::Default,
                    groups::simple::scenarios,
                );
            }

            #[test]
            fn preflighted_requests() {
                run_group(
                    "preflighted_requests",
                    ENGINE,
                    Flavor::Default,
                    groups::preflight::scenarios,
                );
            }

            #[test]
            fn caches_preflight_max_age_and_http_vary() {
                run_group(
                    "caches_preflight_max_age_and_http_vary",
                    ENGINE,
                    Flavor::Default,
                    groups::caches::scenarios,
                );
            }

            #[test]
            fn exposed_headers() {
                run_group(
                    "exposed_headers",
                    ENGINE,
                    Flavor::Default,
                    groups::exposure::scenarios,
                );
            }

            #[test]
            fn error_responses_and_redirects() {
                run_group(
                    "error_responses_and_redirects",
                    ENGINE,
                    Flavor::Default,
                    groups::errors::scenarios,
                );
            }

            #[test]
            fn credentialed_requests() {
                run_group(
                    "credentialed_requests",
                    ENGINE,
                    Flavor::Default,
                    groups::credentials::scenarios,
                );
            }

            #[test]
            fn origin_patterns_public_and_null() {
                run_group(
                    "origin_patterns_public_and_null",
                    ENGINE,
                    Flavor::Default,
                    groups::origins::scenarios,
                );
            }

            /// `*` never covers `authorization`, with the engine's switch that enforces the
            /// Fetch standard's rule (Chromium's feature flag, Firefox's preference; WebKit
            /// has none and runs as shipped).
            #[test]
            fn wildcard_headers_strict() {
                run_group(
                    "wildcard_headers_strict",
                    ENGINE,
                    Flavor::StrictWildcardHeaders,
                    groups::strict::scenarios,
                );
            }

            /// How long the engine keeps a preflight with a day of max-age: ten minutes of
            /// waiting, run with `cargo test --test browser -- --ignored`.
            #[test]
            #[ignore = "waits ten minutes"]
            fn preflight_cache_cap() {
                run_group(
                    "preflight_cache_cap",
                    ENGINE,
                    Flavor::Default,
                    groups::caches::caps,
                );
            }

            /// The npm RPC clients (connect-web's two transports, Google's grpc-web) against
            /// tonic under `grpc_web()` and a Connect endpoint under `connect()`.
            #[test]
            fn rpc_clients() {
                crate::rpc::run(ENGINE);
            }

            /// `HostGuard` against a DNS-rebinding page (`rebind.test` resolved to 127.0.0.1),
            /// with a control server without the guard.
            #[test]
            fn local_servers_host_guard_rebinding() {
                crate::local::rebinding::run(ENGINE);
            }

            /// Local Network Access: a page marked public calling loopback APIs, without and
            /// with the permission; what reaches the API and which headers it carries.
            #[test]
            fn local_servers_network_access() {
                crate::local::lna::run(ENGINE);
            }

            /// The MCP example (`CorsConfig::mcp()` + `HostGuard`) driven by a page of its
            /// allowed origin (a whole session) and of another origin (refused).
            #[test]
            fn local_servers_mcp() {
                crate::local::mcp::run(ENGINE);
            }

            /// `WebSocketGuard` and `CrossOriginGuard`: WebSocket handshakes, HTML form
            /// posts and `no-cors` fetches from trusted, untrusted and the API's own pages.
            #[test]
            fn origin_guards() {
                crate::guards::run(ENGINE);
            }
        }
    };
}

suite!(in_chromium, Engine::Chromium);
suite!(in_firefox, Engine::Firefox);
suite!(in_webkit, Engine::WebKit);
