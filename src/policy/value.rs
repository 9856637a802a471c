//! Header values built once, at `build()`: validated names, comma-joined lists, and values
//! whose bytes are shared by every response.

use bytes::Bytes;
use http::HeaderValue;

use crate::error::{ConfigErrorKind, Report};
use crate::grammar::token::is_token;

/// A header value built once and shared by every response: its bytes are promoted to shared
/// storage now, so that cloning it per response is only a reference-count increment.
pub(crate) fn shared_value(text: String) -> HeaderValue {
    let value = HeaderValue::from_maybe_shared(Bytes::from(text))
        .unwrap_or_else(|_| HeaderValue::from_static(""));
    drop(value.clone());
    value
}

/// A comma-joined header value of validated tokens, built once.
pub(crate) fn joined<S: AsRef<str>>(items: &[S]) -> HeaderValue {
    let text: Vec<&str> = items.iter().map(AsRef::as_ref).collect();
    shared_value(text.join(","))
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

/// A list setting (methods, request headers, exposed headers) read once: whether `*` was
/// listed, and every other entry that `accept` keeps (it reports or warns about the others),
/// each once: a repeat is dropped with a warning.
pub(crate) fn compile_list(
    key: &str,
    inputs: &[String],
    report: &mut Report,
    mut accept: impl FnMut(&str, &mut Report) -> Option<String>,
) -> (bool, Vec<String>) {
    let mut any = false;
    let mut listed: Vec<String> = Vec::new();
    for (i, input) in inputs.iter().enumerate() {
        report.at(format_args!("{key}[{i}]"));
        if input == "*" {
            any = true;
            continue;
        }
        let Some(item) = accept(input, report) else {
            continue;
        };
        if listed.contains(&item) {
            report.redundant(input);
        } else {
            listed.push(item);
        }
    }
    (any, listed)
}

/// How an answer writes `Access-Control-Allow-Methods` or `-Allow-Headers`: a value built
/// once, or, for "any" with credentials (where browsers read `*` literally), what the request
/// asked for.
#[derive(Debug, Clone)]
pub(crate) enum AllowValue {
    /// Nothing beyond the safelisted: no header.
    Omitted,
    /// The policy's list, or `*`.
    Fixed(HeaderValue),
    /// The request's own `Access-Control-Request-*` value.
    Echo,
}

impl AllowValue {
    /// The value built once, unless the answer echoes the request.
    pub(crate) fn fixed(&self) -> Option<&HeaderValue> {
        match self {
            Self::Fixed(value) => Some(value),
            Self::Omitted | Self::Echo => None,
        }
    }

    /// Whether the answer echoes the request.
    pub(crate) fn echoes(&self) -> bool {
        matches!(self, Self::Echo)
    }
}
