//! What a browser sends without asking first (Fetch "CORS-safelisted method", "CORS-safelisted
//! request-header", "CORS-unsafe request-header names"), and what page script cannot set at all.

use crate::grammar::fetch_names::{self, is_forbidden_method};

/// Whether `method` is CORS-safelisted (`GET`, `HEAD`, `POST`, byte for byte): such a method
/// alone never triggers a preflight, and always passes the preflight's method check.
///
/// ```
/// use tower_cors::testing::is_cors_safelisted_method;
///
/// assert!(is_cors_safelisted_method("POST"));
/// assert!(!is_cors_safelisted_method("PUT"));
/// assert!(!is_cors_safelisted_method("post")); // after normalisation a browser sends "POST"
/// ```
#[must_use]
pub fn is_cors_safelisted_method(method: &str) -> bool {
    fetch_names::SAFELISTED_METHODS.contains(&method.as_bytes())
}

/// The method a browser sends for what script passed to `fetch`: `delete`, `get`, `head`,
/// `options`, `post` and `put` are upper-cased (byte-case-insensitively), every other method
/// is sent verbatim (Fetch "normalize a method").
///
/// ```
/// use tower_cors::testing::normalize_method;
///
/// assert_eq!(normalize_method("put"), "PUT");
/// assert_eq!(normalize_method("patch"), "patch"); // not normalised: `PATCH` differs
/// ```
#[must_use]
pub fn normalize_method(method: &str) -> String {
    for known in ["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"] {
        if known.eq_ignore_ascii_case(method) {
            return known.to_owned();
        }
    }
    method.to_owned()
}

/// Whether a byte is a CORS-unsafe request-header byte: a control byte other than tab,
/// `" ( ) : < > ? @ [ \ ] { }`, or DEL.
fn is_unsafe_byte(b: u8) -> bool {
    (b < 0x20 && b != b'\t') || b == 0x7f || b"\"():<>?@[\\]{}".contains(&b)
}

/// The essence (`type/subtype`, lower case) of a MIME type, or `None` if it does not parse.
fn mime_essence(value: &str) -> Option<String> {
    let essence = value.split(';').next().unwrap_or_default();
    let essence = essence.trim_matches([' ', '\t', '\r', '\n']);
    let (kind, sub) = essence.split_once('/')?;
    let token = |s: &str| {
        !s.is_empty()
            && s.bytes()
                .all(|c| c.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&c))
    };
    (token(kind) && token(sub)).then(|| essence.to_ascii_lowercase())
}

/// `bytes=N-` or `bytes=N-M` with `N <= M` (Fetch "parse a single range header value", no
/// whitespace allowed, the start required).
fn is_simple_range(value: &str) -> bool {
    let Some(prefix) = value.get(..6) else {
        return false;
    };
    if !prefix.eq_ignore_ascii_case("bytes=") {
        return false;
    }
    let Some((start, end)) = value[6..].split_once('-') else {
        return false;
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|c| c.is_ascii_digit());
    if !digits(start) || !(end.is_empty() || digits(end)) {
        return false;
    }
    if end.is_empty() {
        return true;
    }
    // Compare as numbers without overflow: strip leading zeros, then by length, then bytes.
    let (s, e) = (start.trim_start_matches('0'), end.trim_start_matches('0'));
    (s.len(), s) <= (e.len(), e)
}

/// Whether a header set by script is CORS-safelisted: `accept`, `accept-language`,
/// `content-language`, `content-type` (form, multipart or plain text only) and `range` (a
/// single `bytes=N-[M]`), each with a value of at most 128 bytes and no unsafe byte. Names are
/// matched case-insensitively.
///
/// ```
/// use tower_cors::testing::is_cors_safelisted_request_header;
///
/// assert!(is_cors_safelisted_request_header("Content-Type", "text/plain;charset=utf-8"));
/// assert!(!is_cors_safelisted_request_header("content-type", "application/json"));
/// assert!(!is_cors_safelisted_request_header("range", "bytes=-500"));
/// assert!(!is_cors_safelisted_request_header("authorization", "Bearer x"));
/// ```
#[must_use]
pub fn is_cors_safelisted_request_header(name: &str, value: &str) -> bool {
    if value.len() > 128 {
        return false;
    }
    let name = name.to_ascii_lowercase();
    match name.as_str() {
        "accept" => !value.bytes().any(is_unsafe_byte),
        "accept-language" | "content-language" => value
            .bytes()
            .all(|c| c.is_ascii_alphanumeric() || b" *,-.;=".contains(&c)),
        "content-type" => {
            !value.bytes().any(is_unsafe_byte)
                && mime_essence(value).is_some_and(|e| {
                    matches!(
                        e.as_str(),
                        "application/x-www-form-urlencoded" | "multipart/form-data" | "text/plain"
                    )
                })
        }
        "range" => is_simple_range(value),
        _ => false,
    }
}

/// Whether page script is not allowed to set this request header: the browser drops it
/// silently (Fetch "forbidden request-header").
pub(crate) fn is_forbidden_request_header(name: &str, value: &str) -> bool {
    let name = name.to_ascii_lowercase();
    if fetch_names::is_forbidden_request_header(&name) {
        return true;
    }
    let overrides = [
        "x-http-method",
        "x-http-method-override",
        "x-method-override",
    ];
    overrides.contains(&name.as_str())
        && value
            .split(',')
            .any(|m| is_forbidden_method(m.trim_matches([' ', '\t'])))
}

/// The CORS-unsafe request-header names of a header list: lower case, de-duplicated, sorted by
/// byte order. Safelisted headers count as unsafe too when their values add up to more than
/// 1024 bytes (Fetch "CORS-unsafe request-header names").
///
/// ```
/// use tower_cors::testing::cors_unsafe_request_header_names;
///
/// let names = cors_unsafe_request_header_names(&[
///     ("X-Trace-Id", "1"),
///     ("Content-Type", "application/json"),
///     ("Accept", "*/*"),
///     ("Authorization", "Bearer x"),
/// ]);
/// assert_eq!(names, ["authorization", "content-type", "x-trace-id"]);
/// ```
#[must_use]
pub fn cors_unsafe_request_header_names<N, V>(headers: &[(N, V)]) -> Vec<String>
where
    N: AsRef<str>,
    V: AsRef<str>,
{
    let mut unsafe_names = Vec::new();
    let mut potentially_unsafe = Vec::new();
    let mut safelist_size = 0;
    for (name, value) in headers {
        let (name, value) = (name.as_ref(), value.as_ref());
        if is_cors_safelisted_request_header(name, value) {
            potentially_unsafe.push(name.to_ascii_lowercase());
            safelist_size += value.len();
        } else {
            unsafe_names.push(name.to_ascii_lowercase());
        }
    }
    if safelist_size > 1024 {
        unsafe_names.extend(potentially_unsafe);
    }
    unsafe_names.sort();
    unsafe_names.dedup();
    unsafe_names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn range_needs_a_start_and_an_ordered_end() {
        assert!(is_simple_range("bytes=0-"));
        assert!(is_simple_range("bytes=5-10"));
        assert!(is_simple_range("BYTES=5-5"));
        assert!(!is_simple_range("bytes=10-5"));
        assert!(!is_simple_range("bytes=-200"));
        assert!(!is_simple_range("bytes 0-"));
        assert!(!is_simple_range("bytes=0-1,3-4"));
        assert!(!is_simple_range("bytes=0 -1"));
    }

    #[test]
    fn content_type_essence_must_be_one_of_three() {
        assert!(is_cors_safelisted_request_header(
            "content-type",
            "multipart/form-data; boundary=x"
        ));
        assert!(!is_cors_safelisted_request_header(
            "content-type",
            "text /plain"
        ));
        assert!(!is_cors_safelisted_request_header(
            "content-type",
            "text/html"
        ));
        assert!(!is_cors_safelisted_request_header(
            "content-type",
            "text/plain; x=\"a\""
        ));
    }

    #[test]
    fn unsafe_bytes_and_length_disqualify_values() {
        assert!(!is_cors_safelisted_request_header("accept", "a@b"));
        assert!(!is_cors_safelisted_request_header(
            "accept",
            &"a".repeat(129)
        ));
        assert!(is_cors_safelisted_request_header(
            "accept",
            &"a".repeat(128)
        ));
        assert!(!is_cors_safelisted_request_header(
            "accept-language",
            "en_US"
        ));
    }

    #[test]
    fn safelisted_values_over_1024_bytes_become_unsafe() {
        let long = "a".repeat(120);
        let headers: Vec<(&str, &str)> = (0..9).map(|_| ("accept", long.as_str())).collect();
        assert_eq!(cors_unsafe_request_header_names(&headers), ["accept"]);
        assert!(cors_unsafe_request_header_names(&headers[..8]).is_empty());
    }

    #[test]
    fn forbidden_headers_include_prefixes_and_method_overrides() {
        assert!(is_forbidden_request_header("Cookie", "a=b"));
        assert!(is_forbidden_request_header("Sec-Fetch-Mode", "cors"));
        assert!(is_forbidden_request_header("proxy-authorization", "x"));
        assert!(is_forbidden_request_header(
            "X-HTTP-Method-Override",
            "trace"
        ));
        assert!(!is_forbidden_request_header(
            "X-HTTP-Method-Override",
            "PATCH"
        ));
        assert!(!is_forbidden_request_header("authorization", "x"));
    }
}
