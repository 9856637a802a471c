//! HTTP tokens (RFC 9110 `token`): what a method or a header name must be.

/// Whether `b` is an HTTP token (RFC 9110 `tchar+`).
pub(crate) fn is_token(b: &[u8]) -> bool {
    !b.is_empty()
        && b.iter()
            .all(|c| c.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(c))
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
}
