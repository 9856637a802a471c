//! The scenario matrix, one module per group. Every scenario is named after the rule it checks.

pub(crate) mod caches;
pub(crate) mod credentials;
pub(crate) mod errors;
pub(crate) mod exposure;
pub(crate) mod origins;
pub(crate) mod preflight;
pub(crate) mod simple;
pub(crate) mod strict;

/// The `text/plain` content type axum gives a `String` body (safelisted: always readable).
pub(crate) const TEXT_PLAIN: &str = "text/plain; charset=utf-8";
