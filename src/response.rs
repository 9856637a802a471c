//! Writing the decision into responses: the answer to a preflight, and the decoration of a
//! handler's response. Every value written here was built once, in `build()`, or is the
//! request's own validated bytes.

use http::header::{self, HeaderName};
use http::{HeaderMap, HeaderValue, Response};

use crate::decision::Decision;
use crate::policy::Inner;
use crate::refusal::Refused;
use crate::vary;

/// `Access-Control-Request-Private-Network` (legacy Private Network Access).
pub(crate) const REQUEST_PRIVATE_NETWORK: &str = "access-control-request-private-network";
/// `Access-Control-Allow-Private-Network` (legacy Private Network Access).
pub(crate) const ALLOW_PRIVATE_NETWORK: &str = "access-control-allow-private-network";

const TRUE: HeaderValue = HeaderValue::from_static("true");
const WILDCARD: HeaderValue = HeaderValue::from_static("*");

/// The request header as a name, built at compile time: looking it up by `&str` would parse
/// and validate the name again on every preflight.
const REQUEST_PRIVATE_NETWORK_NAME: HeaderName = HeaderName::from_static(REQUEST_PRIVATE_NETWORK);

pub(crate) fn wants_private_network(request: &HeaderMap) -> bool {
    request
        .get(&REQUEST_PRIVATE_NETWORK_NAME)
        .is_some_and(|v| v.as_bytes() == b"true")
}

/// The headers of an allowed preflight's answer that depend on nothing in the request, built
/// once by `build()`: an allowed preflight clones them (two allocations, what a new map costs
/// anyway) and writes its origin over the placeholder, instead of four to six inserts.
/// `None` when the answer echoes the request (any method or header with credentials) or may
/// grant private network access: those answers are built header by header.
pub(crate) fn preflight_template(inner: &Inner) -> Option<HeaderMap> {
    if inner.methods.echo || inner.headers.echo || inner.private_network {
        return None;
    }
    let mut headers = HeaderMap::new();
    if let Some(vary) = &inner.preflight_vary {
        headers.insert(header::VARY, vary.clone());
    }
    // The real value under any origin, otherwise a placeholder for the request's origin,
    // replaced in place so that the cloned map never grows.
    headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, WILDCARD);
    if inner.credentials && !inner.wildcard_origin {
        headers.insert(header::ACCESS_CONTROL_ALLOW_CREDENTIALS, TRUE);
    }
    if let Some(methods) = &inner.methods.header {
        headers.insert(header::ACCESS_CONTROL_ALLOW_METHODS, methods.clone());
    }
    if let Some(names) = &inner.headers.header {
        headers.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, names.clone());
    }
    if let Some(max_age) = &inner.max_age {
        headers.insert(header::ACCESS_CONTROL_MAX_AGE, max_age.clone());
    }
    if inner.preflight_status == http::StatusCode::OK {
        headers.insert(header::CONTENT_LENGTH, HeaderValue::from_static("0"));
    }
    Some(headers)
}

/// The answer to a preflight (see [`Decision::preflight_response`]).
pub(crate) fn preflight(decision: &Decision<'_>) -> Response<()> {
    let inner = decision.inner();
    let mut response = Response::new(());
    if let (true, Some(template)) = (decision.answers_as_allowed(), &inner.preflight_headers) {
        let origin = decision.origin().filter(|_| !inner.wildcard_origin);
        if inner.wildcard_origin || origin.is_some() {
            let headers = response.headers_mut();
            *headers = template.clone();
            if let Some(origin) = origin {
                headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin.clone());
            }
            *response.status_mut() = inner.preflight_status;
            return response;
        }
    }
    let headers = response.headers_mut();
    let origin_allowed = !matches!(
        decision.refused(),
        Some(Refused::Origin(_) | Refused::Malformed(_))
    );
    if let Some(vary) = &inner.preflight_vary {
        headers.insert(header::VARY, vary.clone());
    }
    if !origin_allowed {
        *response.status_mut() = inner.refusal_status;
        return response;
    }
    allow_origin(Rule::new(inner, None), decision.origin(), headers);
    let request = decision.request;
    if inner.methods.echo {
        if let Some(method) = request.get(header::ACCESS_CONTROL_REQUEST_METHOD) {
            headers.insert(header::ACCESS_CONTROL_ALLOW_METHODS, method.clone());
        }
    } else if let Some(methods) = &inner.methods.header {
        headers.insert(header::ACCESS_CONTROL_ALLOW_METHODS, methods.clone());
    }
    // Echo the requested names only when they are all allowed: on a refusal the browser must
    // see a list without the refused name.
    if inner.headers.echo {
        let lines = request.get_all(header::ACCESS_CONTROL_REQUEST_HEADERS);
        for line in lines.iter().filter(|_| decision.answers_as_allowed()) {
            headers.append(header::ACCESS_CONTROL_ALLOW_HEADERS, line.clone());
        }
    } else if let Some(names) = &inner.headers.header {
        headers.insert(header::ACCESS_CONTROL_ALLOW_HEADERS, names.clone());
    }
    if decision.answers_as_allowed() {
        if let Some(max_age) = &inner.max_age {
            headers.insert(header::ACCESS_CONTROL_MAX_AGE, max_age.clone());
        }
        if inner.private_network && wants_private_network(request) {
            headers.insert(HeaderName::from_static(ALLOW_PRIVATE_NETWORK), TRUE);
        }
    }
    if inner.preflight_status == http::StatusCode::OK {
        headers.insert(header::CONTENT_LENGTH, HeaderValue::from_static("0"));
    }
    *response.status_mut() = inner.preflight_status;
    response
}

/// What decorating a response takes from the policy: two flags and the exposed-headers
/// value. An owned [`Decoration`](crate::Decoration) carries these rather than the policy,
/// so that keeping one across the handler's `await` costs no reference count.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Rule<'a> {
    pub(crate) wildcard_origin: bool,
    pub(crate) credentials: bool,
    pub(crate) expose: Option<&'a HeaderValue>,
}

impl<'a> Rule<'a> {
    pub(crate) fn new(inner: &Inner, expose: Option<&'a HeaderValue>) -> Self {
        Self {
            wildcard_origin: inner.wildcard_origin,
            credentials: inner.credentials,
            expose,
        }
    }
}

/// `Access-Control-Allow-Origin` and, with credentials, `-Allow-Credentials`.
fn allow_origin(rule: Rule<'_>, origin: Option<&HeaderValue>, headers: &mut HeaderMap) {
    if rule.wildcard_origin {
        headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, WILDCARD);
    } else if let Some(origin) = origin {
        headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin.clone());
        if rule.credentials {
            headers.insert(header::ACCESS_CONTROL_ALLOW_CREDENTIALS, TRUE);
        }
    }
}

/// Decorates a handler's response. `origin` is the request's origin when it is an allowed
/// actual CORS request, and `None` otherwise (non-CORS or refused).
pub(crate) fn decorate(rule: Rule<'_>, origin: Option<&HeaderValue>, headers: &mut HeaderMap) {
    // One pass over the handler's few header names answers both questions, so that the
    // common response (no CORS header, no `Vary`) costs no lookup before the inserts.
    let (mut cors, mut vary) = (false, false);
    for name in headers.keys() {
        cors |= is_cors_header(name);
        vary |= name == header::VARY;
    }
    if cors {
        strip_cors(headers);
    }
    if rule.wildcard_origin || origin.is_some() {
        allow_origin(rule, origin, headers);
        if let Some(expose) = rule.expose {
            headers.insert(header::ACCESS_CONTROL_EXPOSE_HEADERS, expose.clone());
        }
    }
    if !rule.wildcard_origin {
        if vary {
            vary::add_origin(headers);
        } else {
            headers.append(header::VARY, HeaderValue::from_static("origin"));
        }
    }
}

/// Whether a response header belongs to the CORS protocol (and so to this layer alone).
fn is_cors_header(name: &HeaderName) -> bool {
    name == header::ACCESS_CONTROL_ALLOW_ORIGIN
        || name == header::ACCESS_CONTROL_ALLOW_CREDENTIALS
        || name == header::ACCESS_CONTROL_ALLOW_METHODS
        || name == header::ACCESS_CONTROL_ALLOW_HEADERS
        || name == header::ACCESS_CONTROL_EXPOSE_HEADERS
        || name == header::ACCESS_CONTROL_MAX_AGE
        || name.as_str() == ALLOW_PRIVATE_NETWORK
}

/// Removes the CORS headers a handler (or an inner layer) set, so that exactly one layer
/// speaks CORS and there is never a duplicate `Access-Control-Allow-Origin`.
fn strip_cors(headers: &mut HeaderMap) {
    if !headers.keys().any(is_cors_header) {
        return;
    }
    for name in [
        header::ACCESS_CONTROL_ALLOW_ORIGIN,
        header::ACCESS_CONTROL_ALLOW_CREDENTIALS,
        header::ACCESS_CONTROL_ALLOW_METHODS,
        header::ACCESS_CONTROL_ALLOW_HEADERS,
        header::ACCESS_CONTROL_EXPOSE_HEADERS,
        header::ACCESS_CONTROL_MAX_AGE,
        HeaderName::from_static(ALLOW_PRIVATE_NETWORK),
    ] {
        headers.remove(name);
    }
}
