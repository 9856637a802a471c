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

/// Byte classes of a domain in an `Origin`, looked up once per byte.
pub(crate) const NAME: u8 = 1;
pub(crate) const DIGIT: u8 = 2;
pub(crate) const DOT: u8 = 3;
pub(crate) const COLON: u8 = 4;
pub(crate) static DOMAIN_BYTES: [u8; 256] = {
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
pub(crate) fn label_shape_ok(label: &[u8]) -> bool {
    matches!(label, [first, .., last] | [first @ last] if *first != b'-' && *last != b'-')
        && label.len() <= 63
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_are_checked_as_the_host_rule_checks_them() {
        let long = "a".repeat(63);
        let too_long = "a".repeat(64);
        for labels in [
            "a",
            "a.b",
            "x-y",
            "a_b",
            "0",
            "a-b-c.d",
            &long,
            "xn--bcher-kva",
            "a..b",
            "",
            ".",
            "a.",
            ".a",
            "-a",
            "a-",
            "a.-b",
            "a-.b",
            "A",
            "a/b",
            "a:1",
            "a b",
            &too_long,
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
