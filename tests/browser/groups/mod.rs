//! The scenario matrix, one module per group. Every scenario is named after the rule it checks.

pub(crate) mod caches;
pub(crate) mod credentials;
pub(crate) mod errors;
pub(crate) mod exposure;
pub(crate) mod origins;
pub(crate) mod preflight;
pub(crate) mod simple;
pub(crate) mod strict;

/// Chromium's console phrase for an actual response without an acceptable ACAO.
pub(crate) const NO_ACAO: &str =
    "No 'Access-Control-Allow-Origin' header is present on the requested resource";

/// Chromium's console phrase for a preflight answered without ACAO (a refused origin).
pub(crate) const PREFLIGHT_NO_ACAO: &str = "Response to preflight request doesn't pass access control check: \
     No 'Access-Control-Allow-Origin' header is present on the requested resource";

/// The `text/plain` content type axum gives a `String` body (safelisted: always readable).
pub(crate) const TEXT_PLAIN: &str = "text/plain; charset=utf-8";
