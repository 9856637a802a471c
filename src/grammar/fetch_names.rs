//! Names the Fetch standard puts in classes: methods and request headers page script can
//! never send, methods that need no preflight, response headers script can always read.
//!
//! Fetch standard: <https://fetch.spec.whatwg.org/#forbidden-method>,
//! <https://fetch.spec.whatwg.org/#forbidden-request-header>,
//! <https://fetch.spec.whatwg.org/#cors-safelisted-method>,
//! <https://fetch.spec.whatwg.org/#cors-safelisted-response-header-name>.

/// Methods a page can never send (Fetch "forbidden method"), compared case-insensitively.
const FORBIDDEN_METHODS: [&str; 3] = ["CONNECT", "TRACE", "TRACK"];

/// Methods a preflight never asks for (Fetch "CORS-safelisted method").
pub(crate) const SAFELISTED_METHODS: [&[u8]; 3] = [b"GET", b"HEAD", b"POST"];

/// Request headers page script can never set (Fetch "forbidden request-header"), besides
/// every name starting with `proxy-` or `sec-`.
const FORBIDDEN_REQUEST_HEADERS: [&str; 21] = [
    "accept-charset",
    "accept-encoding",
    "access-control-request-headers",
    "access-control-request-method",
    "connection",
    "content-length",
    "cookie",
    "cookie2",
    "date",
    "dnt",
    "expect",
    "host",
    "keep-alive",
    "origin",
    "referer",
    "set-cookie",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
    "via",
];

/// Response headers script can always read (Fetch "CORS-safelisted response-header name").
const SAFELISTED_RESPONSE_HEADERS: [&str; 7] = [
    "cache-control",
    "content-language",
    "content-length",
    "content-type",
    "expires",
    "last-modified",
    "pragma",
];

/// Whether page script may never send `method` (any case).
pub(crate) fn is_forbidden_method(method: impl AsRef<[u8]>) -> bool {
    let method = method.as_ref();
    FORBIDDEN_METHODS
        .iter()
        .any(|m| m.as_bytes().eq_ignore_ascii_case(method))
}

/// Whether page script may never set the request header `name` (lower case), whatever the
/// value.
pub(crate) fn is_forbidden_request_header(name: &str) -> bool {
    FORBIDDEN_REQUEST_HEADERS.contains(&name)
        || name.starts_with("proxy-")
        || name.starts_with("sec-")
}

/// Whether script can always read the response header `name` (lower case).
pub(crate) fn is_safelisted_response_header(name: &str) -> bool {
    SAFELISTED_RESPONSE_HEADERS.contains(&name)
}
