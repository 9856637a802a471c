//! `cors-doctor`: tells why a browser blocks a cross-origin request to any server, and what
//! the server should change. It sends what a browser at the page's origin would send (the
//! preflight when one is needed, then the request), judges the answers with the Fetch
//! standard's checks (the browser model of `tower_cors::testing`), and reports what browsers
//! do not say: a reflected origin, `null` allowed, a wildcard with credentials, a missing
//! `Vary: Origin`, duplicate headers, a redirected preflight, undecorated error responses.

pub mod args;
pub mod diagnose;
pub mod probe;
pub mod report;

pub use args::Options;
pub use diagnose::{Finding, Report, Severity, diagnose, judge};
