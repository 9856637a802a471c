//! A request's `Origin` header read without allocating: split into scheme, host and port in
//! one pass over its bytes, and accepted only in the form a browser sends.

use std::net::Ipv4Addr;

use crate::grammar::words::{splat, word};

use super::host::{
    COLON, DIGIT, DOMAIN_BYTES, DOT, NAME, check_host, check_scheme, displays_as, label_shape_ok,
    parse_port, split_host_port,
};

/// A request's `Origin`, split without allocating: what the `*.` patterns and the escape
/// hatches are matched against. Only the serialisation a browser sends parses (lower case,
/// no default port, no path, no trailing dot); anything else is refused before any pattern
/// or user code sees it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RequestOrigin<'a> {
    pub(crate) scheme: &'a [u8],
    pub(crate) host: &'a [u8],
    pub(crate) port: Option<u16>,
    /// The host is an IP address, which no `*.` pattern covers.
    pub(crate) ip: bool,
}

impl<'a> RequestOrigin<'a> {
    /// Parses in one pass over the bytes (domains, the common case); IP hosts, rare in
    /// `Origin`, take the configuration's checks.
    pub(crate) fn parse(origin: &'a [u8]) -> Option<Self> {
        let colon = scheme_end(origin)?;
        let scheme = &origin[..colon];
        let start = colon + 3;
        if origin.get(colon..start) != Some(&b"://"[..]) {
            return None;
        }
        if origin.get(start) == Some(&b'[') {
            return Self::parse_ipv6(scheme, &origin[start..]);
        }
        let (end, last_label_numeric) = domain_end(origin, start)?;
        let host = &origin[start..end];
        if host.len() > 253 {
            return None;
        }
        let port = match origin.get(end) {
            None => None,
            // The configuration's rule (digits, no leading zero, not the default port).
            Some(_) => {
                let digits = std::str::from_utf8(&origin[end + 1..]).ok()?;
                let scheme = std::str::from_utf8(scheme).ok()?;
                Some(parse_port(digits, scheme).ok()?)
            }
        };
        if last_label_numeric {
            // The URL parser turns any numeric host into dotted-quad form: only that parses.
            let text = std::str::from_utf8(host).ok()?;
            let valid = text
                .parse::<Ipv4Addr>()
                .is_ok_and(|ip| displays_as(ip, text));
            if !valid {
                return None;
            }
        }
        Some(Self {
            scheme,
            host,
            port,
            ip: last_label_numeric,
        })
    }

    fn parse_ipv6(scheme: &'a [u8], rest: &'a [u8]) -> Option<Self> {
        let rest_text = std::str::from_utf8(rest).ok()?;
        let scheme_text = std::str::from_utf8(scheme).ok()?;
        let (host, port) = split_host_port(rest_text).ok()?;
        let port = match port {
            None => None,
            Some(p) => Some(parse_port(p, scheme_text).ok()?),
        };
        check_host(host, false).ok()?;
        Some(Self {
            scheme,
            host: host.as_bytes(),
            port,
            ip: true,
        })
    }
}

/// The index of the `:` ending a valid scheme (the configuration's rule, `check_scheme`).
fn scheme_end(origin: &[u8]) -> Option<usize> {
    // Nearly every origin is on the web: skip the scan for its two schemes.
    if origin.starts_with(b"https:") {
        return Some(5);
    }
    if origin.starts_with(b"http:") {
        return Some(4);
    }
    let colon = origin.iter().take(65).position(|&b| b == b':')?;
    let scheme = std::str::from_utf8(&origin[..colon]).ok()?;
    check_scheme(scheme).ok().map(|()| colon)
}

/// Scans a domain from `start` to the end or a `:`, checking each label (1 to 63 of
/// `a-z 0-9 - _`, no hyphen at either end). Returns where it ends and whether the last label
/// is all digits (an IPv4 address, to be checked as one).
fn domain_end(origin: &[u8], start: usize) -> Option<(usize, bool)> {
    let host = &origin[start..];
    let (mut label_start, mut numeric, mut end) = (0, true, host.len());
    for (i, &b) in host.iter().enumerate() {
        match DOMAIN_BYTES[usize::from(b)] {
            NAME => numeric = false,
            DIGIT => {}
            DOT => {
                if !label_shape_ok(&host[label_start..i]) {
                    return None;
                }
                label_start = i + 1;
                numeric = true;
            }
            COLON => {
                end = i;
                break;
            }
            _ => return None,
        }
    }
    label_shape_ok(&host[label_start..end]).then_some((start + end, numeric))
}

/// Whether every byte is visible ASCII (`!` to `~`), eight bytes at a time.
pub(crate) fn is_visible_ascii(bytes: &[u8]) -> bool {
    const ONES: u64 = splat(1);
    const HIGH: u64 = splat(0x80);
    // Sets a byte's high bit when it is below 0x21, above 0x7e, or not ASCII: exact for
    // "is any byte bad", which is all that is asked. No early exit, so it vectorises.
    let bad = |w: u64| ((w.wrapping_sub(ONES * 0x21) & !w) | w.wrapping_add(ONES) | w) & HIGH;
    let mut chunks = bytes.chunks_exact(8);
    let found = (&mut chunks).fold(0, |found, c| found | bad(word(c)));
    let rest = match chunks.remainder() {
        [] => 0,
        // The last eight bytes, overlapping checked ones.
        _ if bytes.len() >= 8 => bad(word(&bytes[bytes.len() - 8..])),
        rest => u64::from(!rest.iter().all(|b| (0x21..=0x7e).contains(b))),
    };
    found | rest == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_origins_parse_without_allocating_and_only_in_browser_form() {
        let r = RequestOrigin::parse(b"https://a.example.com:8443").unwrap();
        assert_eq!(
            (r.scheme, r.host, r.port),
            (&b"https"[..], &b"a.example.com"[..], Some(8443))
        );
        for bad in [
            "https://a.example.com:443",
            "https://A.example.com",
            "https://a.example.com/",
            "https://a..example.com",
            "https://a.example.com.",
            "https://user@a.example.com",
            "https:/a.example.com",
            "https://",
            "https://a.example.com:0",
            "https://a.example.com:65536",
            "https://a.example.com:080",
            "http://[::0:1]",
            "http://01.2.3.4",
            "null",
        ] {
            assert!(RequestOrigin::parse(bad.as_bytes()).is_none(), "{bad}");
        }
        assert!(
            RequestOrigin::parse(b"http://[::1]:80").is_none(),
            "default port"
        );
        assert!(RequestOrigin::parse(b"http://192.168.0.1").unwrap().ip);
    }

    #[test]
    fn visible_ascii_check_agrees_with_the_byte_rule_at_every_position() {
        for len in 0..20 {
            for pos in 0..len {
                for b in 0..=255u8 {
                    let mut bytes = vec![b'a'; len];
                    bytes[pos] = b;
                    let expected = (0x21..=0x7e).contains(&b);
                    assert_eq!(
                        is_visible_ascii(&bytes),
                        expected,
                        "{b:#x} at {pos} of {len}"
                    );
                }
            }
        }
        assert!(is_visible_ascii(b""));
    }
}
