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
