//! Allowed methods: validated tokens, case-sensitive, with the six Fetch-normalised names
//! upper-cased; `CONNECT`, `TRACE` and `TRACK` refused.

use http::HeaderValue;

use super::value::joined;
use crate::error::{ConfigErrorKind, ConfigWarningKind, Report};
use crate::grammar::token::is_token;

/// Methods a browser upper-cases itself (Fetch "normalize a method").
const NORMALISED: [&str; 6] = ["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"];
/// Methods that pass the preflight's method check without being listed.
const SAFELISTED: [&[u8]; 3] = [b"GET", b"HEAD", b"POST"];
/// Methods a page can never send.
const FORBIDDEN: [&str; 3] = ["CONNECT", "TRACE", "TRACK"];

/// The compiled method rule.
#[derive(Debug, Clone)]
pub(crate) struct Methods {
    any: bool,
    listed: Vec<Box<[u8]>>,
    /// `Access-Control-Allow-Methods`, when it does not echo the request.
    header: Option<HeaderValue>,
    /// Whether the answer echoes `Access-Control-Request-Method` (any method, credentials).
    echo: bool,
}

impl Methods {
    pub(crate) fn compile(inputs: &[String], credentials: bool, report: &mut Report) -> Self {
        let mut any = false;
        let mut listed: Vec<String> = Vec::new();
        for input in inputs {
            if input == "*" {
                any = true;
                continue;
            }
            if !is_token(input.as_bytes()) {
                report.error(
                    ConfigErrorKind::InvalidMethod,
                    Some(input),
                    format!(
                        "invalid method {input:?}: a method is one HTTP token, with no spaces, \
                         commas or quotes"
                    ),
                );
                continue;
            }
            if FORBIDDEN.iter().any(|f| f.eq_ignore_ascii_case(input)) {
                report.error(
                    ConfigErrorKind::ForbiddenMethod,
                    Some(input),
                    format!(
                        "method {input:?} is forbidden by the Fetch standard: pages can never \
                         send it; remove it"
                    ),
                );
                continue;
            }
            let method = match NORMALISED.iter().find(|n| n.eq_ignore_ascii_case(input)) {
                Some(n) => (*n).to_owned(),
                None => input.clone(),
            };
            if SAFELISTED.contains(&method.as_bytes()) {
                report.warn(
                    ConfigWarningKind::Safelisted,
                    format!("method {input:?} is always allowed (CORS-safelisted); it was dropped"),
                );
            } else if listed.contains(&method) {
                report.redundant(input);
            } else {
                listed.push(method);
            }
        }
        let echo = any && credentials;
        let header = if any && !credentials {
            Some(HeaderValue::from_static("*"))
        } else if listed.is_empty() {
            None
        } else {
            Some(joined(&listed))
        };
        Self {
            any,
            listed: listed.into_iter().map(|m| m.into_bytes().into()).collect(),
            header,
            echo,
        }
    }

    /// `Access-Control-Allow-Methods`, when it does not echo the request.
    pub(crate) fn header(&self) -> Option<&HeaderValue> {
        self.header.as_ref()
    }

    /// Whether the answer echoes the requested method (any method, with credentials).
    pub(crate) fn echo(&self) -> bool {
        self.echo
    }

    /// Whether a preflight may ask for `method` (compared byte for byte, as browsers do).
    pub(crate) fn allows(&self, method: &[u8]) -> bool {
        self.any || self.is_listed(method)
    }

    /// Safelisted or listed: a valid token by construction, so a hit needs no other check.
    pub(crate) fn is_listed(&self, method: &[u8]) -> bool {
        SAFELISTED.contains(&method) || self.listed.iter().any(|m| **m == *method)
    }
}
