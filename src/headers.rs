//! Allowed request headers, and the bounded one-pass check of
//! `Access-Control-Request-Headers`.

use std::cmp::Ordering;

use http::HeaderValue;
use http::header::GetAll;

use crate::error::{ConfigErrorKind, Report};
use crate::refusal::{Malformed, Refused};

/// Total bytes of `Access-Control-Request-Headers` (all lines) looked at: a browser's list of
/// header names is far shorter, and anything longer is refused before it is scanned.
pub(crate) const MAX_REQUEST_HEADERS_LEN: usize = 4096;
/// Lines of `Access-Control-Request-Headers` tolerated (browsers send one).
pub(crate) const MAX_REQUEST_HEADERS_LINES: usize = 16;
/// Empty list elements tolerated (browsers send none).
pub(crate) const MAX_EMPTY_ELEMENTS: usize = 16;

/// Request headers page script can never set (Fetch "forbidden request-header").
const FORBIDDEN: [&str; 21] = [
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

/// Whether `b` is an HTTP token (RFC 9110 `tchar+`).
pub(crate) fn is_token(b: &[u8]) -> bool {
    !b.is_empty()
        && b.iter()
            .all(|c| c.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(c))
}

/// A comma-joined header value of validated tokens, built once.
pub(crate) fn joined<S: AsRef<str>>(items: &[S]) -> HeaderValue {
    let text: Vec<&str> = items.iter().map(AsRef::as_ref).collect();
    crate::policy::shared_value(text.join(","))
}

/// Validates a header name for a setter, lower-casing it.
pub(crate) fn header_name(input: &str, side: &str, report: &mut Report) -> Option<String> {
    if is_token(input.as_bytes()) {
        return Some(input.to_ascii_lowercase());
    }
    report.error(
        ConfigErrorKind::InvalidHeaderName,
        Some(input),
        format!(
            "invalid {side} header name {input:?}: a header name is one HTTP token, with no \
             spaces, colons or commas"
        ),
    );
    None
}

/// The compiled request-header rule.
#[derive(Debug, Clone)]
pub(crate) struct RequestHeaders {
    any: bool,
    /// Lower-case, sorted, unique.
    listed: Vec<Box<str>>,
    authorization: bool,
    pub(crate) header: Option<HeaderValue>,
    pub(crate) echo: bool,
}

impl RequestHeaders {
    pub(crate) fn compile(inputs: &[String], credentials: bool, report: &mut Report) -> Self {
        let mut any = false;
        let mut listed: Vec<String> = Vec::new();
        for input in inputs {
            if input == "*" {
                any = true;
                continue;
            }
            let Some(name) = header_name(input, "request", report) else {
                continue;
            };
            if FORBIDDEN.contains(&name.as_str())
                || name.starts_with("proxy-")
                || name.starts_with("sec-")
            {
                report.error(
                    ConfigErrorKind::ForbiddenRequestHeader,
                    Some(input),
                    format!(
                        "request header {input:?} is forbidden by the Fetch standard: page script \
                         can never set it (cookies follow allow_credentials, not allowed headers); \
                         remove it"
                    ),
                );
            } else if name.starts_with("access-control-") {
                report.error(
                    ConfigErrorKind::ProhibitedRequestHeader,
                    Some(input),
                    format!(
                        "{input:?} is a response header: browsers never send it, and front-end \
                         code that sets it only triggers preflights; remove it here and in the \
                         front end"
                    ),
                );
            } else if listed.contains(&name) {
                report.redundant(input);
            } else {
                listed.push(name);
            }
        }
        listed.sort();
        let authorization = listed.iter().any(|n| n == "authorization");
        let echo = any && credentials;
        let header = match (any, credentials) {
            (true, true) => None,
            (true, false) if authorization => Some(HeaderValue::from_static("*,authorization")),
            (true, false) => Some(HeaderValue::from_static("*")),
            (false, _) if listed.is_empty() => None,
            (false, _) => Some(joined(&listed)),
        };
        Self {
            any,
            listed: listed.into_iter().map(String::into_boxed_str).collect(),
            authorization,
            header,
            echo,
        }
    }

    fn allows(&self, name: &[u8]) -> bool {
        if self.any {
            // "Any header" never covers `authorization`, with or without credentials: the
            // Fetch standard's `*` excludes it, and the policy reads the same either way.
            return self.authorization || !name.eq_ignore_ascii_case(b"authorization");
        }
        self.listed
            .binary_search_by(|probe| cmp_ignore_case(probe.as_bytes(), name))
            .is_ok()
    }

    /// Checks every name of `Access-Control-Request-Headers` in one bounded pass, without
    /// allocating: at most [`MAX_REQUEST_HEADERS_LEN`] bytes over at most
    /// [`MAX_REQUEST_HEADERS_LINES`] lines, optional whitespace around names, a few empty
    /// elements. Names are compared case-insensitively; every one must be allowed.
    pub(crate) fn check<'a>(&self, lines: GetAll<'a, HeaderValue>) -> Result<(), Refused<'a>> {
        let mut total = 0;
        for (i, line) in lines.iter().enumerate() {
            total += line.len();
            if i >= MAX_REQUEST_HEADERS_LINES || total > MAX_REQUEST_HEADERS_LEN {
                return Err(Refused::Malformed(Malformed::RequestHeadersTooLong));
            }
        }
        let mut empty = 0;
        for line in lines {
            for element in line.as_bytes().split(|&b| b == b',') {
                let name = element.trim_ascii();
                if name.is_empty() {
                    empty += 1;
                    if empty > MAX_EMPTY_ELEMENTS {
                        return Err(Refused::Malformed(Malformed::InvalidRequestHeaders));
                    }
                    continue;
                }
                if !is_token(name) {
                    return Err(Refused::Malformed(Malformed::InvalidRequestHeaders));
                }
                if !self.allows(name) {
                    return Err(Refused::Header(name));
                }
            }
        }
        Ok(())
    }
}

fn cmp_ignore_case(a: &[u8], b: &[u8]) -> Ordering {
    a.iter()
        .map(u8::to_ascii_lowercase)
        .cmp(b.iter().map(u8::to_ascii_lowercase))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_exclude_separators_and_spaces() {
        assert!(is_token(b"x-request-id"));
        assert!(is_token(b"PATCH"));
        for bad in [&b""[..], b"a b", b"a,b", b"a:b", b"\"a\"", b"caf\xc3\xa9"] {
            assert!(!is_token(bad), "{bad:?}");
        }
    }

    #[test]
    fn case_insensitive_order_matches_lowercase_order() {
        assert_eq!(
            cmp_ignore_case(b"content-type", b"Content-Type"),
            Ordering::Equal
        );
        assert_eq!(cmp_ignore_case(b"accept", b"X-Foo"), Ordering::Less);
    }
}
