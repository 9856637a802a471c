//! Near misses: an allowed origin that a refused one differs from only by a usual mistake
//! (scheme, port, `www.`, a trailing dot, upper case).

use crate::origins::OriginMatcher;

/// The allowed origin closest to `origin` by one usual mistake, and what differs.
pub(crate) fn near_miss(origins: &OriginMatcher, origin: &str) -> Option<(String, &'static str)> {
    let (scheme, rest) = origin.split_once("://")?;
    // A port is the digits after the last colon, unless that colon is inside `[...]`.
    let (host, port) = match rest.rfind(':') {
        Some(at)
            if at + 1 < rest.len()
                && !rest[at..].contains(']')
                && rest[at + 1..].bytes().all(|b| b.is_ascii_digit()) =>
        {
            (&rest[..at], Some(&rest[at + 1..]))
        }
        _ => (rest, None),
    };
    let with_port = |scheme: &str, host: &str, port: Option<&str>| match port {
        Some(port) => format!("{scheme}://{host}:{port}"),
        None => format!("{scheme}://{host}"),
    };
    let other_scheme = match scheme {
        "http" => "https",
        "https" => "http",
        _ => scheme,
    };
    let bare_host = host.strip_prefix("www.");
    let www_host = format!("www.{host}");
    let candidates = [
        (
            origin.to_ascii_lowercase(),
            "upper case: browsers send origins in lower case",
        ),
        (with_port(other_scheme, host, port), "the scheme"),
        (with_port(scheme, host, None), "the port"),
        (
            with_port(other_scheme, host, None),
            "the scheme and the port",
        ),
        (
            with_port(scheme, bare_host.unwrap_or(&www_host), port),
            "the `www.` prefix",
        ),
        (
            with_port(scheme, host.trim_end_matches('.'), port),
            "a trailing dot",
        ),
    ];
    candidates
        .into_iter()
        .find(|(candidate, _)| candidate != origin && origins.matches(candidate.as_bytes()))
}
