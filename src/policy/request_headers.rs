//! Allowed request headers: the names a preflight's `Access-Control-Request-Headers` may
//! list, and the `Access-Control-Allow-Headers` value that answers it.

use std::cmp::Ordering;

use http::HeaderValue;

use super::value::{AllowValue, compile_list, header_name, joined};
use crate::error::{ConfigErrorKind, Report};
use crate::grammar::fetch_names::is_forbidden_request_header;

/// The compiled request-header rule.
#[derive(Debug, Clone)]
pub(crate) struct RequestHeaders {
    any: bool,
    /// Lower-case, sorted, unique.
    listed: Vec<Box<str>>,
    authorization: bool,
    /// `Access-Control-Allow-Headers`.
    answer: AllowValue,
}

impl RequestHeaders {
    pub(crate) fn compile(inputs: &[String], credentials: bool, report: &mut Report) -> Self {
        let (any, mut listed) = compile_list("allow_headers", inputs, report, |input, report| {
            let name = header_name(input, "request", report)?;
            if is_forbidden_request_header(&name) {
                report.error(
                    ConfigErrorKind::ForbiddenRequestHeader,
                    Some(input),
                    format!(
                        "request header {input:?} is forbidden by the Fetch standard: page script \
                         can never set it (cookies follow allow_credentials, not allowed headers); \
                         remove it"
                    ),
                );
                return None;
            }
            if name.starts_with("access-control-") {
                report.error(
                    ConfigErrorKind::ProhibitedRequestHeader,
                    Some(input),
                    format!(
                        "{input:?} is a response header: browsers never send it, and front-end \
                         code that sets it only triggers preflights; remove it here and in the \
                         front end"
                    ),
                );
                return None;
            }
            Some(name)
        });
        listed.sort();
        let authorization = listed.iter().any(|n| n == "authorization");
        let answer = match (any, credentials) {
            (true, true) => AllowValue::Echo,
            (true, false) if authorization => {
                AllowValue::Fixed(HeaderValue::from_static("*,authorization"))
            }
            (true, false) => AllowValue::Fixed(HeaderValue::from_static("*")),
            (false, _) if listed.is_empty() => AllowValue::Omitted,
            (false, _) => AllowValue::Fixed(joined(&listed)),
        };
        Self {
            any,
            listed: listed.into_iter().map(String::into_boxed_str).collect(),
            authorization,
            answer,
        }
    }

    /// How an answer writes `Access-Control-Allow-Headers`.
    pub(crate) fn answer(&self) -> &AllowValue {
        &self.answer
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
