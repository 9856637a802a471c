//! The answer to a preflight: written by one function, [`answer`], from the policy's
//! precomputed answer (the headers that depend on nothing in the request) and the request's
//! own values.
//!
//! Fetch standard, "HTTP responses" (<https://fetch.spec.whatwg.org/#http-responses>): a
//! successful preflight answers with an ok status and the `Access-Control-Allow-*` headers.

use http::header;
use http::{HeaderMap, HeaderValue, Response};

use super::names::{ALLOW_PRIVATE_NETWORK, TRUE};
use crate::decision::{Decision, Outcome, Refusal, RequestKind, wants_private_network};

impl Decision<'_> {
    /// The complete answer to a preflight (status and headers, empty body), or `None` when the
    /// request is not a preflight and must go to the handler.
    ///
    /// Allowed: 204 (or the configured success status). Refused because of the method or a
    /// header while the origin is allowed: the same success status with the origin and the
    /// policy's lists, so that the browser's console names the exact method or header.
    /// Refused because of private network access: the allowed answer, without
    /// `Access-Control-Allow-Private-Network`. Refused because of the origin or a malformed
    /// request: 403 (or the configured refusal status) and no CORS headers.
    #[must_use]
    pub fn preflight_response(&self) -> Option<Response<()>> {
        (self.kind() == RequestKind::Preflight).then(|| answer(self))
    }
}

/// Clones the precomputed answer that fits the decision and fills in what the request
/// decides. The map is cloned, not built: two allocations, what a new map costs anyway,
/// instead of four to six inserts.
fn answer(decision: &Decision<'_>) -> Response<()> {
    let policy = decision.policy();
    let answers = policy.preflight_answers();
    let mut refused_header = None;
    let allowed = match decision.verdict() {
        Outcome::Allowed => true,
        Outcome::Refused(Refusal::MethodNotAllowed { .. }) => false,
        Outcome::Refused(Refusal::HeaderNotAllowed { name }) => {
            refused_header = Some(name);
            false
        }
        Outcome::OriginNotAllowed | Outcome::Refused(_) => {
            // No CORS headers: a map with room to spare, as the server adds its own.
            let mut response = Response::new(());
            if let Some(vary) = answers.vary() {
                response.headers_mut().insert(header::VARY, vary.clone());
            }
            *response.status_mut() = answers.refusal_status();
            return response;
        }
    };
    let mut response = Response::new(());
    *response.headers_mut() = answers.template(allowed).clone();
    *response.status_mut() = answers.success_status();
    let headers = response.headers_mut();
    let request = decision.request();
    if let Some(origin) = decision.origin().filter(|_| !policy.is_public()) {
        headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin.clone());
    }
    if policy.methods().answer().echoes() {
        // Only a method the policy allows is echoed: a refused one (`TRACE` under any
        // method) gets no `Access-Control-Allow-Methods` at all.
        let method = request.get(header::ACCESS_CONTROL_REQUEST_METHOD);
        match method.filter(|m| policy.methods().allows(m.as_bytes())) {
            Some(method) => {
                drop(headers.insert(header::ACCESS_CONTROL_ALLOW_METHODS, method.clone()))
            }
            None => drop(headers.remove(header::ACCESS_CONTROL_ALLOW_METHODS)),
        }
    }
    if let Some(refused) = refused_header.filter(|_| policy.request_headers().allows_any()) {
        all_requested_but(request, refused, headers);
    }
    if allowed {
        if policy.request_headers().answer().echoes() {
            echo_request_headers(request, headers);
        }
        if policy.allows_private_network() && wants_private_network(request) {
            headers.insert(ALLOW_PRIVATE_NETWORK, TRUE);
        }
    }
    response
}

/// Under "any header", the answer to a preflight refused for one header names every other
/// requested header, never `*`: engines that let `*` cover `authorization` would otherwise
/// send the refused header anyway.
fn all_requested_but(request: &HeaderMap, refused: &str, headers: &mut HeaderMap) {
    let names: Vec<&[u8]> = request
        .get_all(header::ACCESS_CONTROL_REQUEST_HEADERS)
        .iter()
        .flat_map(|line| line.as_bytes().split(|&b| b == b','))
        .map(<[u8]>::trim_ascii)
        // Never `*` either: with credentials it would be a literal name, without it "any".
        .filter(|name| {
            !name.is_empty() && *name != b"*" && !name.eq_ignore_ascii_case(refused.as_bytes())
        })
        .collect();
    match HeaderValue::from_bytes(&names.join(&b","[..])) {
        Ok(value) if !names.is_empty() => {
            headers.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, value);
        }
        _ => drop(headers.remove(header::ACCESS_CONTROL_ALLOW_HEADERS)),
    }
}

/// Echoes every line of `Access-Control-Request-Headers` over the placeholder (all its names
/// were allowed), or removes the placeholder when the request lists none.
fn echo_request_headers(request: &HeaderMap, headers: &mut HeaderMap) {
    let mut lines = request
        .get_all(header::ACCESS_CONTROL_REQUEST_HEADERS)
        .iter();
    match lines.next() {
        Some(first) => {
            headers.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, first.clone());
            for line in lines {
                headers.append(header::ACCESS_CONTROL_ALLOW_HEADERS, line.clone());
            }
        }
        None => drop(headers.remove(header::ACCESS_CONTROL_ALLOW_HEADERS)),
    }
}
