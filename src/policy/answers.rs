//! The precomputed part of every preflight answer: the headers that depend on nothing in the
//! request, built once by `build()` for the two answers a preflight whose origin is allowed
//! can get (a refused origin gets `Vary` alone). The
//! one function that writes an answer (`response/preflight.rs`) clones the right map and
//! fills in what the request decides: its origin, and the method and names it asked for when
//! the policy echoes them. Echoed headers have a placeholder here, so that filling them in
//! replaces a value and the cloned map never grows.

use http::header::{self, HeaderName};
use http::{HeaderMap, HeaderValue, StatusCode};

use super::methods::Methods;
use super::request_headers::RequestHeaders;
use super::value::shared_value;

/// Stands for a value the request decides (the origin, an echoed method or header list).
/// It is also the real `Access-Control-Allow-Origin` of a public policy.
const PLACEHOLDER: HeaderValue = HeaderValue::from_static("*");

/// What the three answers are built from.
pub(crate) struct Parts<'a> {
    pub(crate) public: bool,
    pub(crate) credentials: bool,
    pub(crate) methods: &'a Methods,
    pub(crate) headers: &'a RequestHeaders,
    pub(crate) max_age: Option<HeaderValue>,
    pub(crate) success: StatusCode,
    pub(crate) refusal: StatusCode,
}

/// The request-independent headers of a preflight's three possible answers.
#[derive(Debug)]
pub(crate) struct PreflightAnswers {
    allowed: HeaderMap,
    denied: HeaderMap,
    vary: Option<HeaderValue>,
    success: StatusCode,
    refusal: StatusCode,
}

impl PreflightAnswers {
    pub(crate) fn new(parts: &Parts<'_>) -> Self {
        let vary = (!parts.public).then(|| {
            let mut names = vec!["origin"];
            if parts.methods.answer().echoes() {
                names.push("access-control-request-method");
            }
            if parts.headers.answer().echoes() {
                names.push("access-control-request-headers");
            }
            shared_value(names.join(", "))
        });
        let mut denied = HeaderMap::new();
        if let Some(vary) = &vary {
            denied.insert(header::VARY, vary.clone());
        }
        denied.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, PLACEHOLDER);
        if parts.credentials {
            denied.insert(header::ACCESS_CONTROL_ALLOW_CREDENTIALS, TRUE);
        }
        insert(
            &mut denied,
            header::ACCESS_CONTROL_ALLOW_METHODS,
            parts.methods.answer().fixed(),
            parts.methods.answer().echoes(),
        );
        let mut allowed = denied.clone();
        // A denied answer lists the allowed names so that the console names the refused one.
        // (Under "any header", a refused header gets the other requested names instead of
        // `*`: see `response/preflight.rs`.)
        insert(
            &mut denied,
            header::ACCESS_CONTROL_ALLOW_HEADERS,
            parts.headers.answer().fixed(),
            false,
        );
        insert(
            &mut allowed,
            header::ACCESS_CONTROL_ALLOW_HEADERS,
            parts.headers.answer().fixed(),
            parts.headers.answer().echoes(),
        );
        if let Some(max_age) = &parts.max_age {
            allowed.insert(header::ACCESS_CONTROL_MAX_AGE, max_age.clone());
        }
        if parts.success == StatusCode::OK {
            // A 200 answer has an empty body, said explicitly for old clients.
            for map in [&mut allowed, &mut denied] {
                map.insert(header::CONTENT_LENGTH, HeaderValue::from_static("0"));
            }
        }
        Self {
            allowed,
            denied,
            vary,
            success: parts.success,
            refusal: parts.refusal,
        }
    }

    /// The answer to a preflight whose origin is allowed: every check passed (`allowed`), or
    /// the method or a header is not allowed (the policy's lists, without max-age).
    pub(crate) fn template(&self, allowed: bool) -> &HeaderMap {
        if allowed { &self.allowed } else { &self.denied }
    }

    /// `Vary` of every preflight answer: `None` under a public policy.
    pub(crate) fn vary(&self) -> Option<&HeaderValue> {
        self.vary.as_ref()
    }

    /// The status of an answer whose origin is allowed (204 or 200).
    pub(crate) fn success_status(&self) -> StatusCode {
        self.success
    }

    /// The status of an answer refused for its origin (a 4xx).
    pub(crate) fn refusal_status(&self) -> StatusCode {
        self.refusal
    }
}

const TRUE: HeaderValue = HeaderValue::from_static("true");

/// Inserts the policy's value, or a placeholder when the answer echoes the request.
fn insert(map: &mut HeaderMap, name: HeaderName, value: Option<&HeaderValue>, echo: bool) {
    if echo {
        map.insert(name, PLACEHOLDER);
    } else if let Some(value) = value {
        map.insert(name, value.clone());
    }
}
