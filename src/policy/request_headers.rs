//! Allowed request headers: the names a preflight's `Access-Control-Request-Headers` may
//! list, and the `Access-Control-Allow-Headers` value that answers it.
//!
//! Fetch standard: `*` covers every name but `authorization`
//! (<https://fetch.spec.whatwg.org/#cors-non-wildcard-request-header-name>), and with
//! credentials it is a literal name (<https://fetch.spec.whatwg.org/#cors-protocol-and-credentials>).

use http::HeaderValue;

use super::header_names::HeaderNames;
use super::value::{AllowValue, compile_list, header_name, joined};
use crate::config::fields::Field;
use crate::error::{ConfigErrorKind, ConfigWarningKind, Report};
use crate::grammar::fetch_names::is_forbidden_request_header;
use crate::grammar::list::Element;
use crate::grammar::token::eq_ignore_case;

/// The compiled request-header rule.
#[derive(Debug, Clone)]
pub(crate) struct RequestHeaders {
    any: bool,
    listed: HeaderNames,
    authorization: bool,
    /// `Access-Control-Allow-Headers`.
    answer: AllowValue,
}

impl RequestHeaders {
    pub(crate) fn compile(inputs: &[String], credentials: bool, report: &mut Report) -> Self {
        let (any, mut listed) = compile_list(
            Field::AllowHeaders.name(),
            inputs,
            report,
            |input, report| {
                let name = header_name(input, "request", report)?;
                if is_forbidden_request_header(&name) {
                    // Useless, not a hole: the browser never lets script send it, so listing it
                    // allows nothing. Dropped with the reason that fits the header.
                    let why = if name == "cookie" || name == "cookie2" {
                        "cookies are sent by the browser when the policy allows credentials and the \
                     page asks for them, never set by script"
                    } else {
                        "the browser sets it itself, never page script"
                    };
                    report.warn(
                        ConfigWarningKind::ForbiddenRequestHeader,
                        format!("request header {input:?} needs no listing: {why}; it was dropped"),
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
            },
        );
        listed.sort();
        let authorization = listed.iter().any(|n| n == "authorization");
        if any && credentials && !authorization {
            report.warn(
                ConfigWarningKind::AuthorizationNotCovered,
                "allow_any_header() does not cover \"authorization\" (the Fetch standard's \
                 \"*\" never does, and this policy answers the same with credentials): add \
                 allow_header(\"authorization\") if pages send it"
                    .to_owned(),
            );
        }
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
            listed: HeaderNames::new(listed.iter().map(String::as_bytes)),
            authorization,
            answer,
        }
    }

    /// How an answer writes `Access-Control-Allow-Headers`.
    pub(crate) fn answer(&self) -> &AllowValue {
        &self.answer
    }

    /// Whether any header is allowed (`*`): then a name that [`allows`](Self::allows) may
    /// still be something other than a token.
    pub(crate) fn allows_any(&self) -> bool {
        self.any
    }

    /// The listed names (none are listed under "any header" unless named with it).
    pub(crate) fn listed(&self) -> &HeaderNames {
        &self.listed
    }

    /// Whether a preflight may ask for the header `name` (compared case-insensitively).
    /// Unless any header is allowed, `true` also proves `name` a token.
    #[inline]
    pub(crate) fn allows(&self, name: &Element<'_>) -> bool {
        if self.any {
            // "Any header" never covers `authorization`, with or without credentials: the
            // Fetch standard's `*` excludes it, and the policy reads the same either way.
            return self.authorization || !eq_ignore_case(name.bytes, b"authorization");
        }
        self.listed.contains(name)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn compile(names: &[&str]) -> RequestHeaders {
        let names: Vec<String> = names.iter().map(|n| (*n).to_owned()).collect();
        RequestHeaders::compile(&names, false, &mut Report::default())
    }

    /// A few names and many, some longer than a word, answer alike.
    #[test]
    fn requested_names_match_alike_with_few_or_many_listed() {
        let few = ["content-type", "x-requested-with", &"x".repeat(70)];
        let fillers = ["x-a", "x-b", "x-c", "x-d", "x-e", "x-f"];
        let small = compile(&few);
        let large = compile(&[&few[..], &fillers[..]].concat());
        let long = "X".repeat(70);
        for (name, allowed) in [
            ("content-type", true),
            ("Content-Type", true),
            ("X-REQUESTED-WITH", true),
            (long.as_str(), true),
            ("content-typ", false),
            ("content-typf", false),
            ("dontent-type", false),
            ("content-type-", false),
            ("content type", false),
            ("x-debug", false),
            ("", false),
        ] {
            for rule in [&small, &large] {
                assert_eq!(
                    rule.allows(&Element::new(name.as_bytes())),
                    allowed,
                    "{name}"
                );
            }
        }
    }
}
