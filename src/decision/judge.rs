//! Judging a CORS request against the policy, in the browser's order: origin, then (for a
//! preflight) method, then request headers. Private network access is judged apart, in
//! [`wants_private_network`], because it never changes the answer.
//!
//! Fetch standard: the browser's side is "CORS check" (<https://fetch.spec.whatwg.org/#cors-check>)
//! and "CORS-preflight fetch" (<https://fetch.spec.whatwg.org/#cors-preflight-fetch>); the
//! server's, "CORS protocol" (<https://fetch.spec.whatwg.org/#http-cors-protocol>).

use http::header::{ACCESS_CONTROL_REQUEST_HEADERS, GetAll, HeaderName};
use http::{HeaderMap, HeaderValue};

use super::outcome::Outcome;
use super::refusal::{Malformed, Refusal};
use super::request_headers;
use crate::grammar::token::is_token;
use crate::origins::origin::MAX_ORIGIN_LEN;
use crate::origins::request_origin::is_visible_ascii;
use crate::policy::CorsPolicy;

/// `Access-Control-Request-Private-Network` (legacy Private Network Access), as a name built
/// at compile time: looking it up by `&str` would parse and validate the name every time.
const REQUEST_PRIVATE_NETWORK: HeaderName =
    HeaderName::from_static("access-control-request-private-network");

/// The checks in the browser's order. `request_methods` is `Some` for a preflight: its
/// `Access-Control-Request-Method` lines.
pub(crate) fn judge<'a>(
    policy: &CorsPolicy,
    request_methods: Option<GetAll<'a, HeaderValue>>,
    origin: &'a HeaderValue,
    request: &'a HeaderMap,
) -> Outcome<'a> {
    let origins = policy.origins();
    if origins.allows_any() {
        // Any origin: only a malformed one is refused.
        if let Err(malformed) = check_origin(origin) {
            return Outcome::Refused(Refusal::Malformed(malformed));
        }
    } else if !origins.names(origin.as_bytes()) {
        // A listed origin, or one a pattern or escape hatch matches, is well-formed by
        // construction (the patterns parse what they match): only an origin the list does
        // not name is checked for malformation.
        if let Err(malformed) = check_origin(origin) {
            return Outcome::Refused(Refusal::Malformed(malformed));
        }
        return Outcome::OriginNotAllowed;
    }
    let Some(request_methods) = request_methods else {
        return Outcome::Allowed;
    };
    match judge_preflight(policy, request_methods, request) {
        Ok(()) => Outcome::Allowed,
        Err(refusal) => Outcome::Refused(refusal),
    }
}

/// The method, then the request headers, of a preflight whose origin is allowed.
fn judge_preflight<'a>(
    policy: &CorsPolicy,
    request_methods: GetAll<'a, HeaderValue>,
    request: &'a HeaderMap,
) -> Result<(), Refusal<'a>> {
    let mut methods = request_methods.into_iter();
    let method = methods.next().map_or(&b""[..], HeaderValue::as_bytes);
    if methods.next().is_some() {
        return Err(Refusal::Malformed(Malformed::MultipleRequestMethods));
    }
    // As for origins, a listed method skips the syntax check that only a miss needs.
    if !policy.methods().is_listed(method) {
        if !is_token(method) {
            return Err(Refusal::Malformed(Malformed::InvalidRequestMethod));
        }
        if !policy.methods().allows(method) {
            // A token is ASCII, so the conversion cannot fail.
            let method = std::str::from_utf8(method).unwrap_or_default();
            return Err(Refusal::MethodNotAllowed { method });
        }
    }
    let lines = request.get_all(ACCESS_CONTROL_REQUEST_HEADERS);
    // Most preflights ask for no header: they skip the call.
    if lines.iter().next().is_none() {
        return Ok(());
    }
    request_headers::check(policy.request_headers(), lines)
}

/// Whether a preflight asks for private network access.
pub(crate) fn wants_private_network(request: &HeaderMap) -> bool {
    request
        .get(&REQUEST_PRIVATE_NETWORK)
        .is_some_and(|v| v.as_bytes() == b"true")
}

fn check_origin(origin: &HeaderValue) -> Result<(), Malformed> {
    let bytes = origin.as_bytes();
    if bytes.is_empty() {
        return Err(Malformed::EmptyOrigin);
    }
    if bytes.len() > MAX_ORIGIN_LEN {
        return Err(Malformed::OriginTooLong);
    }
    if !is_visible_ascii(bytes) {
        return Err(Malformed::OriginNotAscii);
    }
    Ok(())
}
