//! Allowed methods: validated tokens, case-sensitive, with the six Fetch-normalised names
//! upper-cased; `CONNECT`, `TRACE` and `TRACK` refused.
//!
//! Fetch standard: <https://fetch.spec.whatwg.org/#concept-method-normalize>,
//! <https://fetch.spec.whatwg.org/#forbidden-method>.

use http::HeaderValue;

use super::value::{AllowValue, compile_list, joined};
use crate::config::fields::Field;
use crate::error::{ConfigErrorKind, ConfigWarningKind, Report};
use crate::grammar::fetch_names::{SAFELISTED_METHODS, is_forbidden_method};
use crate::grammar::token::is_token;

/// Methods a browser upper-cases itself (Fetch "normalize a method").
const NORMALISED: [&str; 6] = ["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"];

/// The compiled method rule.
#[derive(Debug, Clone)]
pub(crate) struct Methods {
    any: bool,
    listed: Vec<Box<[u8]>>,
    /// `Access-Control-Allow-Methods`.
    answer: AllowValue,
}

impl Methods {
    pub(crate) fn compile(inputs: &[String], credentials: bool, report: &mut Report) -> Self {
        let (any, listed) =
            compile_list(
                Field::AllowMethods.name(),
                inputs,
                report,
                |input, report| {
                    if !is_token(input.as_bytes()) {
                        report.error(
                    ConfigErrorKind::InvalidMethod,
                    Some(input),
                    format!(
                        "invalid method {input:?}: a method is one HTTP token, with no spaces, \
                         commas or quotes"
                    ),
                );
                        return None;
                    }
                    if is_forbidden_method(input) {
                        report.error(
                    ConfigErrorKind::ForbiddenMethod,
                    Some(input),
                    format!(
                        "method {input:?} is forbidden by the Fetch standard: pages can never \
                         send it; remove it"
                    ),
                );
                        return None;
                    }
                    let method = match NORMALISED.iter().find(|n| n.eq_ignore_ascii_case(input)) {
                        Some(n) => (*n).to_owned(),
                        None => input.to_owned(),
                    };
                    if SAFELISTED_METHODS.contains(&method.as_bytes()) {
                        report.warn(
                    ConfigWarningKind::Safelisted,
                    format!("method {input:?} is always allowed (CORS-safelisted); it was dropped"),
                );
                        return None;
                    }
                    Some(method)
                },
            );
        let answer = match (any, credentials) {
            (true, true) => AllowValue::Echo,
            (true, false) => AllowValue::Fixed(HeaderValue::from_static("*")),
            (false, _) if listed.is_empty() => AllowValue::Omitted,
            (false, _) => AllowValue::Fixed(joined(&listed)),
        };
        Self {
            any,
            listed: listed.into_iter().map(|m| m.into_bytes().into()).collect(),
            answer,
        }
    }

    /// How an answer writes `Access-Control-Allow-Methods`.
    pub(crate) fn answer(&self) -> &AllowValue {
        &self.answer
    }

    /// Whether a preflight may ask for `method` (compared byte for byte, as browsers do).
    /// Any method never covers `CONNECT`, `TRACE` or `TRACK`, which a list refuses too.
    pub(crate) fn allows(&self, method: &[u8]) -> bool {
        self.is_listed(method) || (self.any && !is_forbidden_method(method))
    }

    /// Safelisted or listed: a valid token by construction, so a hit needs no other check.
    pub(crate) fn is_listed(&self, method: &[u8]) -> bool {
        SAFELISTED_METHODS.contains(&method) || self.listed.iter().any(|m| **m == *method)
    }
}
