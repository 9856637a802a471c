//! Behaviour of the core: configuration errors, preflights, actual requests, `Vary`, and the
//! layer inside a real axum server. Each test is named after the rule it checks.

mod actual;
mod axum_http;
mod config_errors;
mod config_rules;
mod preflight;
mod support;
mod vary;
