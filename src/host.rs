//! The syntax of schemes, hosts and ports, shared by configuration parsing (which explains a
//! refusal) and request parsing (which must refuse without allocating).

use std::fmt;
use std::net::{Ipv4Addr, Ipv6Addr};

pub(crate) fn default_port(scheme: &str) -> Option<u16> {
    match scheme {
        "http" | "ws" => Some(80),
        "https" | "wss" => Some(443),
        "ftp" => Some(21),
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
    if default_port(scheme) == Some(port) {
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
    if last.iter().all(u8::is_ascii_digit) {
        if subdomains {
            return Err(IP_PATTERN);
        }
        return match host.parse::<Ipv4Addr>() {
            Ok(ip) if displays_as(ip, host) => Ok(()),
            _ => Err("the IPv4 address is not valid"),
        };
    }
    for b in host.as_bytes().split(|&c| c == b'.') {
        let chars_ok = b
            .iter()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || *c == b'-' || *c == b'_');
        if b.is_empty() || b.len() > 63 || !chars_ok || b[0] == b'-' || b[b.len() - 1] == b'-' {
            return Err(
                "a host label is empty, too long, or has a character other than a-z, 0-9, - and _",
            );
        }
    }
    Ok(())
}

/// A request's `Origin`, split without allocating. `None` for anything a browser cannot send.
#[derive(Debug, Clone, Copy)]
pub(crate) struct RequestOrigin<'a> {
    pub(crate) scheme: &'a str,
    pub(crate) host: &'a str,
    pub(crate) port: Option<u16>,
}

impl<'a> RequestOrigin<'a> {
    pub(crate) fn parse(origin: &'a str) -> Option<Self> {
        // The scheme never contains ':', so the first ':' must start "://" (a `str` pattern
        // searcher costs more to set up than this).
        let (scheme, rest) = origin.split_once(':')?;
        let rest = rest.strip_prefix("//")?;
        check_scheme(scheme).ok()?;
        let (host, port) = split_host_port(rest).ok()?;
        let port = match port {
            None => None,
            Some(p) => Some(parse_port(p, scheme).ok()?),
        };
        if host.bytes().any(|b| b.is_ascii_uppercase()) || check_host(host, false).is_err() {
            return None;
        }
        Some(Self { scheme, host, port })
    }

    pub(crate) fn is_ip(&self) -> bool {
        self.host.starts_with('[') || self.host.parse::<Ipv4Addr>().is_ok()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_origins_parse_without_allocating_and_only_in_browser_form() {
        let r = RequestOrigin::parse("https://a.example.com:8443").unwrap();
        assert_eq!(
            (r.scheme, r.host, r.port),
            ("https", "a.example.com", Some(8443))
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
            assert!(RequestOrigin::parse(bad).is_none(), "{bad}");
        }
        assert!(
            RequestOrigin::parse("http://[::1]:80").is_none(),
            "default port"
        );
        assert!(RequestOrigin::parse("http://192.168.0.1").unwrap().is_ip());
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
