//! Allowed request headers: the names a preflight's `Access-Control-Request-Headers` may
//! list, and the `Access-Control-Allow-Headers` value that answers it.

use std::collections::HashSet;

use http::HeaderValue;

use super::value::{AllowValue, compile_list, header_name, joined};
use crate::error::{ConfigErrorKind, Report};
use crate::grammar::fetch_names::is_forbidden_request_header;
use crate::grammar::token::{eq_ignore_case, to_lower};

/// Up to this many names, a requested name is compared with each (length first); more are
/// looked up in a hash set after lower-casing.
const LINEAR: usize = 8;

/// Longest name a hash lookup lower-cases on the stack; longer listed names are compared
/// one by one.
const STACK: usize = 64;

/// The compiled request-header rule.
#[derive(Debug, Clone)]
pub(crate) struct RequestHeaders {
    any: bool,
    /// Lower-case, sorted, unique.
    listed: Vec<Box<[u8]>>,
    /// The listed names of at most [`STACK`] bytes, when there are more than [`LINEAR`].
    hashed: Option<HashSet<Box<[u8]>, foldhash::fast::RandomState>>,
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
        let listed: Vec<Box<[u8]>> = listed.into_iter().map(|n| n.into_bytes().into()).collect();
        let hashed = (listed.len() > LINEAR).then(|| {
            listed
                .iter()
                .filter(|n| n.len() <= STACK)
                .cloned()
                .collect()
        });
        Self {
            any,
            listed,
            hashed,
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

    /// Whether a preflight may ask for the header `name` (compared case-insensitively).
    /// Unless any header is allowed, `true` also proves `name` a token.
    #[inline]
    pub(crate) fn allows(&self, name: &[u8]) -> bool {
        if self.any {
            // "Any header" never covers `authorization`, with or without credentials: the
            // Fetch standard's `*` excludes it, and the policy reads the same either way.
            return self.authorization || !eq_ignore_case(name, b"authorization");
        }
        let Some(hashed) = &self.hashed else {
            return self
                .listed
                .iter()
                .any(|listed| eq_ignore_case(name, listed));
        };
        let mut buf = [0; STACK];
        match to_lower(name, &mut buf) {
            Some(lower) => hashed.contains(lower),
            // Too long for the stack: compare with the few names that long.
            None => self
                .listed
                .iter()
                .any(|listed| listed.len() > STACK && eq_ignore_case(name, listed)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn compile(names: &[&str]) -> RequestHeaders {
        let names: Vec<String> = names.iter().map(|n| (*n).to_owned()).collect();
        RequestHeaders::compile(&names, false, &mut Report::default())
    }

    /// Up to `LINEAR` names are compared one by one, more are hashed: both answer alike.
    #[test]
    fn requested_names_match_alike_with_few_or_many_listed() {
        let few = ["content-type", "x-requested-with", &"x".repeat(70)];
        let fillers = ["x-a", "x-b", "x-c", "x-d", "x-e", "x-f"];
        let small = compile(&few);
        let large = compile(&[&few[..], &fillers[..]].concat());
        assert!(small.hashed.is_none() && large.hashed.is_some());
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
                assert_eq!(rule.allows(name.as_bytes()), allowed, "{name}");
            }
        }
    }
}
