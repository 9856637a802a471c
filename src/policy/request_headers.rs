//! Allowed request headers: the names a preflight's `Access-Control-Request-Headers` may
//! list, and the `Access-Control-Allow-Headers` value that answers it.

use std::cmp::Ordering;

use http::HeaderValue;

use super::value::{header_name, joined};
use crate::error::{ConfigErrorKind, Report};

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

/// The compiled request-header rule.
#[derive(Debug, Clone)]
pub(crate) struct RequestHeaders {
    any: bool,
    /// Lower-case, sorted, unique.
    listed: Vec<Box<str>>,
    authorization: bool,
    /// `Access-Control-Allow-Headers`, when the answer does not echo the request.
    header: Option<HeaderValue>,
    /// Whether the answer echoes `Access-Control-Request-Headers` (any header, credentials).
    echo: bool,
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

    /// `Access-Control-Allow-Headers`, when it does not echo the request.
    pub(crate) fn header(&self) -> Option<&HeaderValue> {
        self.header.as_ref()
    }

    /// Whether the answer echoes the requested names (any header, with credentials).
    pub(crate) fn echo(&self) -> bool {
        self.echo
    }

    /// Whether a preflight may ask for the header `name` (compared case-insensitively).
    pub(crate) fn allows(&self, name: &[u8]) -> bool {
        if self.any {
            // "Any header" never covers `authorization`, with or without credentials: the
            // Fetch standard's `*` excludes it, and the policy reads the same either way.
            return self.authorization || !name.eq_ignore_ascii_case(b"authorization");
        }
        self.listed
            .binary_search_by(|probe| cmp_ignore_case(probe.as_bytes(), name))
            .is_ok()
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
    fn case_insensitive_order_matches_lowercase_order() {
        assert_eq!(
            cmp_ignore_case(b"content-type", b"Content-Type"),
            Ordering::Equal
        );
        assert_eq!(cmp_ignore_case(b"accept", b"X-Foo"), Ordering::Less);
    }
}
