//! A third, independent judge of origins: the WHATWG URL parser as the `url` crate implements
//! it (the algorithm browsers run). A string is a browser origin when it parses as a URL whose
//! origin is a (scheme, host, port) tuple serialising back to the same string.
//!
//! The crate may refuse a browser origin only for a documented reason (the list below); it
//! must never accept a string that is not one.

/// The schemes whose URLs have a (scheme, host, port) origin in the URL standard.
const SPECIAL: &[&str] = &["http", "https", "ws", "wss", "ftp"];

/// Whether `text` is the ASCII serialisation of a tuple origin.
///
/// Browsers also give their extension schemes (`chrome-extension:`, `moz-extension:`...) tuple
/// origins, which the URL standard leaves opaque; the crate accepts any scheme with a host, so
/// a string with another scheme is judged by its host and port under `http:` (`https:` when
/// the port is 80, which `http:` would drop as its default).
pub fn is_browser_origin(text: &str) -> bool {
    let Some((scheme, rest)) = text.split_once("://") else {
        return false;
    };
    if !SPECIAL.contains(&scheme) {
        let scheme_ok = scheme
            .as_bytes()
            .first()
            .is_some_and(u8::is_ascii_lowercase)
            && scheme
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b"+-.".contains(&b));
        let stand_in = if rest.ends_with(":80") {
            "https"
        } else {
            "http"
        };
        return scheme_ok && is_browser_origin(&format!("{stand_in}://{rest}"));
    }
    let Ok(url) = url::Url::parse(text) else {
        return false;
    };
    let origin = url.origin();
    origin.is_tuple() && origin.ascii_serialization() == text
}

/// Why the crate refuses a browser origin, when it is one of the documented refusals of
/// configured origins; `None` when no documented rule covers it.
pub fn documented_refusal(text: &str) -> Option<&'static str> {
    let (scheme, rest) = text.split_once("://").unwrap_or(("", text));
    if scheme == "file" {
        return Some("file: pages send the origin null");
    }
    if scheme.len() > 64 {
        return Some("a scheme longer than 64 characters");
    }
    if rest.ends_with(":0") {
        return Some("port 0, which browsers never load a page from");
    }
    let host = match rest.strip_prefix('[') {
        Some(_) => return None,
        None => rest.rsplit_once(':').map_or(rest, |(host, _)| host),
    };
    if host.ends_with('.') {
        return Some("a trailing dot on the host (write the host without it)");
    }
    if host.len() > 253 {
        return Some("a host longer than 253 bytes");
    }
    let labels: Vec<&str> = host.split('.').collect();
    if labels.iter().any(|l| l.is_empty() || l.len() > 63) {
        return Some("an empty label or a label longer than 63 bytes");
    }
    if labels
        .iter()
        .any(|l| l.starts_with('-') || l.ends_with('-'))
    {
        return Some("a label starting or ending with a hyphen");
    }
    if host
        .bytes()
        .any(|b| !(b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.'))
    {
        return Some("a host character other than a-z, 0-9, -, _ and .");
    }
    None
}

/// Checks the crate's verdict on `text` (`accepted`) against the URL parser.
pub fn check(text: &str, accepted: bool) -> Result<(), String> {
    let browser = is_browser_origin(text);
    if accepted && !browser {
        return Err(format!(
            "the crate accepts {text:?}, which the URL parser does not serialise as an origin"
        ));
    }
    if !accepted && browser && documented_refusal(text).is_none() {
        return Err(format!(
            "the crate refuses {text:?}, a browser origin, for no documented reason"
        ));
    }
    Ok(())
}
