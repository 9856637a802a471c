//! HTTP tokens (RFC 9110 `token`): what a method or a header name must be. One table gives
//! each byte's lower-case form when it is a token character, so that checking a name and
//! comparing it case-insensitively is one load per byte.

/// Each byte's lower-case form if it is a token character (`tchar`), else 0.
const LOWER_TCHAR: [u8; 256] = {
    let mut table = [0u8; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        let tchar = c.is_ascii_alphanumeric()
            || matches!(
                c,
                b'!' | b'#'
                    | b'$'
                    | b'%'
                    | b'&'
                    | b'\''
                    | b'*'
                    | b'+'
                    | b'-'
                    | b'.'
                    | b'^'
                    | b'_'
                    | b'`'
                    | b'|'
                    | b'~'
            );
        if tchar {
            table[b] = c.to_ascii_lowercase();
        }
        b += 1;
    }
    table
};

/// Whether `b` is an HTTP token (RFC 9110 `tchar+`).
pub(crate) fn is_token(b: &[u8]) -> bool {
    !b.is_empty() && b.iter().all(|&c| LOWER_TCHAR[usize::from(c)] != 0)
}

/// Whether `name` equals `lower`, a lower-case token, ignoring ASCII case. A match proves
/// `name` a token too, so the common case needs no other check.
#[inline]
pub(crate) fn eq_ignore_case(name: &[u8], lower: &[u8]) -> bool {
    name.len() == lower.len()
        && name
            .iter()
            .zip(lower)
            .all(|(&c, &l)| LOWER_TCHAR[usize::from(c)] == l)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_exclude_separators_and_spaces() {
        assert!(is_token(b"x-request-id"));
        assert!(is_token(b"PATCH"));
        for bad in [
            &b""[..],
            b"a b",
            b"a,b",
            b"a:b",
            b"\"a\"",
            b"caf\xc3\xa9",
            b"a\0",
        ] {
            assert!(!is_token(bad), "{bad:?}");
        }
    }

    #[test]
    fn case_insensitive_comparison_needs_a_token() {
        assert!(eq_ignore_case(b"Content-Type", b"content-type"));
        assert!(!eq_ignore_case(b"content-typ", b"content-type"));
        assert!(!eq_ignore_case(b"content type", b"content-type"));
    }
}
