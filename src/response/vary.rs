//! Merging `Vary`: `origin` is added once, the inner service's values are kept, and
//! `Vary: *` is left alone.
//!
//! Fetch standard, "CORS protocol and HTTP caches"
//! (<https://fetch.spec.whatwg.org/#cors-protocol-and-http-caches>).

use http::header::VARY;
use http::{HeaderMap, HeaderValue};

/// Adds `origin` to the response's `Vary` unless it (or `*`) is already there, comparing
/// case-insensitively across every `Vary` line. Appends a line rather than rebuilding one,
/// so it never allocates a new value.
pub(crate) fn add_origin(headers: &mut HeaderMap) {
    let present = headers.get_all(VARY).iter().any(|line| {
        line.as_bytes().split(|&b| b == b',').any(|token| {
            let token = token.trim_ascii();
            token == b"*" || token.eq_ignore_ascii_case(b"origin")
        })
    });
    if !present {
        headers.append(VARY, HeaderValue::from_static("origin"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn vary(lines: &[&'static str]) -> Vec<String> {
        let mut h = HeaderMap::new();
        for l in lines {
            h.append(VARY, HeaderValue::from_static(l));
        }
        add_origin(&mut h);
        h.get_all(VARY)
            .iter()
            .map(|v| v.to_str().unwrap().to_owned())
            .collect()
    }

    #[test]
    fn origin_is_added_to_an_empty_vary() {
        assert_eq!(vary(&[]), ["origin"]);
    }

    #[test]
    fn inner_vary_values_are_kept() {
        assert_eq!(vary(&["accept-encoding"]), ["accept-encoding", "origin"]);
    }

    #[test]
    fn origin_is_not_added_twice_whatever_its_case() {
        assert_eq!(
            vary(&["Accept-Encoding, ORIGIN"]),
            ["Accept-Encoding, ORIGIN"]
        );
        assert_eq!(vary(&["accept", " Origin "]), ["accept", " Origin "]);
    }

    #[test]
    fn vary_star_is_left_alone() {
        assert_eq!(vary(&["*"]), ["*"]);
    }
}
