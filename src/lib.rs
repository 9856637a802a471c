#![doc = include_str!("../docs/crate.md")]
#![cfg_attr(docsrs, feature(doc_cfg))]

// The layers, bottom to top; each names only the layers before it in this list:
// errors and the byte grammar, the plain configuration, origins (their grammar, the rules of a
// configured list, the compiled allowlist), the compiled policy, the decision for one
// request, the writing of that decision into responses, its explanation (diagnostics), the
// Tower middleware, and the origin guards (which reuse a policy's origins).
mod error;
mod grammar;

mod config;
mod origins;
mod policy;

mod decision;
mod response;

pub mod diagnostics;
mod middleware;

pub mod guard;

#[cfg(feature = "testing")]
#[cfg_attr(docsrs, doc(cfg(feature = "testing")))]
pub mod testing;

pub use config::CorsConfig;
pub use decision::{Decision, Malformed, Refusal, RequestKind};
pub use diagnostics::outcome::CorsOutcome;
pub use error::{ConfigError, ConfigErrorKind, ConfigProblem, ConfigWarning, ConfigWarningKind};
#[cfg(feature = "reload")]
#[cfg_attr(docsrs, doc(cfg(feature = "reload")))]
pub use middleware::ReloadablePolicy;
#[cfg(feature = "reload")]
#[cfg_attr(docsrs, doc(cfg(feature = "reload")))]
pub use middleware::TenantPolicies;
pub use middleware::{
    CandidateReport, Change, Cors, CorsBody, CorsService, LayerPolicy, ReportEntry, ResponseFuture,
};
pub use origins::{Grant, Origin, OriginMatcher};
pub use policy::CorsPolicy;
pub use response::Decoration;

/// The README's examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

/// The migration guide's examples (one needs `reload`).
#[cfg(all(doctest, feature = "reload"))]
#[doc = include_str!("../docs/migrating-from-tower-http.md")]
struct MigrationGuideDoctests;
