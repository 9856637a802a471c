//! The syntax of schemes, hosts and ports, shared by configuration parsing (which explains a
//! refusal) and request parsing (which must refuse without allocating).

use std::fmt;
use std::net::{Ipv4Addr, Ipv6Addr};

pub(crate) fn default_port(scheme: &[u8]) -> Option<u16> {
    match scheme {
        b"http" | b"ws" => Some(80),
        b"https" | b"wss" => Some(443),
        b"ftp" => Some(21),
        _ => None,
    }
}

pub(crate) fn is_loopback_host(host: &str) -> bool {
    host == "localhost"
        || host.ends_with(".localhost")
        || host == "[::1]"
        || host.parse::<Ipv4Addr>().is_ok_and(|ip| ip.is_loopback())
}

/// The checks shared by configuration parsing and request parsing return a static reason, so
/// that refusing a hostile request never allocates.
pub(crate) type Check<T> = Result<T, &'static str>;

pub(crate) fn check_scheme(scheme: &str) -> Check<()> {
    let b = scheme.as_bytes();
    if b.is_empty() || b.len() > 64 {
        return Err("the scheme must be 1 to 64 characters");
    }
    if b.iter().any(u8::is_ascii_uppercase) {
        return Err("write the scheme in lower case");
    }
    let ok = b[0].is_ascii_lowercase()
        && b.iter()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || b"+-.".contains(c));
    if ok {
        Ok(())
    } else {
        Err("the scheme is not valid")
    }
}

pub(crate) fn split_host_port(rest: &str) -> Check<(&str, Option<&str>)> {
    if rest.starts_with('[') {
        let end = rest.find(']').ok_or("close the IPv6 address with \"]\"")?;
        let (host, after) = rest.split_at(end + 1);
        return match after.strip_prefix(':') {
            Some(p) => Ok((host, Some(p))),
            None if after.is_empty() => Ok((host, None)),
            None => Err("unexpected text after the IPv6 address"),
        };
    }
    // A byte scan: `memrchr`'s set-up costs more than a host's few bytes.
    Ok(match rest.bytes().rposition(|b| b == b':') {
        Some(colon) => (&rest[..colon], Some(&rest[colon + 1..])),
        None => (rest, None),
    })
}

pub(crate) const DEFAULT_PORT: &str = "remove the default port";

pub(crate) fn parse_port(p: &str, scheme: &str) -> Check<u16> {
    let valid = !p.is_empty() && p.len() <= 5 && p.bytes().all(|b| b.is_ascii_digit());
    let port = p.parse::<u16>().ok().filter(|&n| valid && n > 0);
    let Some(port) = port else {
        return Err("the port must be a number from 1 to 65535, or \"*\"");
    };
    if p.starts_with('0') {
        return Err("remove the leading zeros from the port");
    }
    if default_port(scheme.as_bytes()) == Some(port) {
        return Err(DEFAULT_PORT);
    }
    Ok(port)
}

/// Whether `value` formats exactly as `text`, without allocating.
pub(crate) fn displays_as(value: impl fmt::Display, text: &str) -> bool {
    use std::io::Write;
    let mut buf = [0u8; 64];
    let mut cursor = &mut buf[..];
    write!(cursor, "{value}").is_ok() && {
        let written = 64 - cursor.len();
        &buf[..written] == text.as_bytes()
    }
}

pub(crate) fn check_host(host: &str, subdomains: bool) -> Check<()> {
    const IP_PATTERN: &str = "a \"*.\" pattern needs a domain, not an IP address";
    if host.is_empty() {
        return Err("the host is empty");
    }
    if let Some(inner) = host.strip_prefix('[') {
        if subdomains {
            return Err(IP_PATTERN);
        }
        let inner = inner.strip_suffix(']').unwrap_or(inner);
        let ip: Ipv6Addr = inner.parse().map_err(|_| "the IPv6 address is not valid")?;
        if !displays_as(ip, inner) {
            return Err("write the IPv6 address in its shortest form (RFC 5952)");
        }
        return Ok(());
    }
    if host.ends_with('.') {
        return Err("remove the trailing dot from the host");
    }
    if host.len() > 253 {
        return Err("the host is longer than 253 bytes");
    }
    // Byte splits: a host's labels are short, and a `char` searcher costs more to set up
    // than the scan itself.
    let last = host
        .as_bytes()
        .rsplit(|&c| c == b'.')
        .next()
        .unwrap_or_default();
    // The URL standard reads a host whose last label is `0x` and hex digits as an IPv4
    // address (`a.0x7f` fails to parse, `0x7f000001` is 127.0.0.1): browsers never send it.
    let hex = last.len() >= 2 && last[..2] == *b"0x" && last[2..].iter().all(u8::is_ascii_hexdigit);
    if hex {
        return Err("browsers read this host as an IPv4 address; write it in dotted decimal");
    }
    if last.iter().all(u8::is_ascii_digit) {
        if subdomains {
            return Err(IP_PATTERN);
        }
        return match host.parse::<Ipv4Addr>() {
            Ok(ip) if displays_as(ip, host) => Ok(()),
            _ => Err("the IPv4 address is not valid"),
        };
    }
    for label in host.as_bytes().split(|&c| c == b'.') {
        if !(label.iter().all(|&c| is_label_byte(c)) && label_shape_ok(label)) {
            return Err(
                "a host label is empty, too long, or has a character other than a-z, 0-9, - and _",
            );
        }
    }
    Ok(())
}

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

/// Byte classes of a domain in an `Origin`, looked up once per byte.
const NAME: u8 = 1;
const DIGIT: u8 = 2;
const DOT: u8 = 3;
const COLON: u8 = 4;
static DOMAIN_BYTES: [u8; 256] = {
    let mut table = [0; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = match b as u8 {
            b'a'..=b'z' | b'-' | b'_' => NAME,
            b'0'..=b'9' => DIGIT,
            b'.' => DOT,
            b':' => COLON,
            _ => 0,
        };
        b += 1;
    }
    table
};

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

/// Whether `labels` is one or more host labels joined by dots, as the part of a request's
/// host before a `*.` pattern's parent domain must be (in browser form: lower case). One
/// pass, a table load per byte.
pub(crate) fn is_labels(labels: &[u8]) -> bool {
    // The current label's length, and its last byte.
    let (mut len, mut last) = (0usize, b'.');
    for &b in labels {
        match DOMAIN_BYTES[usize::from(b)] {
            NAME | DIGIT if len < 63 && !(len == 0 && b == b'-') => len += 1,
            DOT if len > 0 && last != b'-' => len = 0,
            _ => return false,
        }
        last = b;
    }
    len > 0 && last != b'-'
}

/// A byte a host label may hold: `a-z 0-9 - _`.
fn is_label_byte(b: u8) -> bool {
    matches!(DOMAIN_BYTES[usize::from(b)], NAME | DIGIT)
}

/// A host label's shape, its bytes checked apart: 1 to 63 bytes, no hyphen at either end.
fn label_shape_ok(label: &[u8]) -> bool {
    matches!(label, [first, .., last] | [first @ last] if *first != b'-' && *last != b'-')
        && label.len() <= 63
}

/// Whether every byte is visible ASCII (`!` to `~`), eight bytes at a time.
pub(crate) fn is_visible_ascii(bytes: &[u8]) -> bool {
    const ONES: u64 = u64::from_ne_bytes([1; 8]);
    const HIGH: u64 = ONES * 0x80;
    fn word(chunk: &[u8]) -> u64 {
        let mut w = [0; 8];
        w.copy_from_slice(chunk);
        u64::from_le_bytes(w)
    }
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

    #[test]
    fn labels_are_checked_as_the_host_rule_checks_them() {
        let long = "a".repeat(63);
        let too_long = "a".repeat(64);
        for labels in [
            "a", "a.b", "x-y", "a_b", "0", "a-b-c.d", &long, "xn--bcher-kva", "a..b", "", ".", "a.",
            ".a", "-a", "a-", "a.-b", "a-.b", "A", "a/b", "a:1", "a b", &too_long,
        ] {
            let host = format!("{labels}.example.com");
            assert_eq!(
                is_labels(labels.as_bytes()),
                check_host(&host, false).is_ok(),
                "{labels:?}"
            );
        }
    }

    #[test]
    fn loopback_hosts_are_recognised() {
        for host in [
            "localhost",
            "app.localhost",
            "127.0.0.1",
            "127.9.9.9",
            "[::1]",
        ] {
            assert!(is_loopback_host(host), "{host}");
        }
        for host in ["localhost.example.com", "example.com", "10.0.0.1", "[::2]"] {
            assert!(!is_loopback_host(host), "{host}");
        }
    }
}
