#![doc = include_str!("../docs/crate.md")]
#![cfg_attr(docsrs, feature(doc_cfg))]

mod body;
mod canary;
mod config;
mod decision;
mod error;
mod expose;
mod future;
mod headers;
mod host;
mod layer;
mod matcher;
mod max_age;
mod methods;
mod origin;
mod policy;
mod presets;
mod refusal;
mod response;
mod service;
#[cfg(feature = "testing")]
#[cfg_attr(docsrs, doc(cfg(feature = "testing")))]
pub mod testing;
mod vary;

pub use body::CorsBody;
pub use config::CorsConfig;
pub use decision::{Decision, Decoration, RequestKind};
pub use error::{ConfigError, ConfigErrorKind, ConfigProblem, ConfigWarning, ConfigWarningKind};
pub use future::ResponseFuture;
pub use layer::Cors;
pub use matcher::OriginMatcher;
pub use origin::Origin;
pub use policy::CorsPolicy;
pub use refusal::{Malformed, Refusal};
pub use service::CorsService;

/// The README's examples, compiled and run as doctests.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
