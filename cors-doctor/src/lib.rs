//! `cors-doctor`: tells why a browser blocks a cross-origin request to any server, and what
//! the server should change. It sends what a browser at the page's origin would send (the
//! preflight when one is needed, then the request), judges the answers with the Fetch
//! standard's checks (the browser model of `tower_cors::testing`), and reports what browsers
//! do not say: a reflected origin, `null` allowed, a trusted look-alike of the page's origin
//! (`tower_cors::diagnostics::lookalikes`), a cache that hands one origin's answer to
//! another, a wildcard with credentials, a missing `Vary: Origin`, duplicate headers, a
//! redirected preflight, undecorated error responses. At most 16 requests per URL by default,
//! never following a redirect.

pub mod args;
pub mod batch;
pub mod cache;
pub mod diagnose;
mod fix;
mod headers;
pub mod html;
pub mod origins;
pub mod probe;
pub mod report;

pub use args::Options;
pub use diagnose::{Finding, Report, Severity, diagnose, judge};
pub use origins::{ProbeOrigin, ProbeResult, judge_probes, probe_origins};
