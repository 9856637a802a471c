//! Few `*.` and port patterns, matched on the request's `Origin` bytes as they are: the
//! pattern's `scheme://` compared at the start, its parent domain and port at the end, and
//! only the labels in between read byte by byte. One pass, no parse of the whole origin and
//! no hashing: the shape most policies with patterns have (one to four of them).

use super::host::{is_labels, parse_port};
use super::origin::{Pattern, PortPattern};
use crate::grammar::words::same_bytes;

/// One pattern, compiled for matching on bytes.
#[derive(Debug, Clone)]
pub(crate) struct Shape {
    /// `scheme://`.
    start: Box<[u8]>,
    /// The scheme, for the default-port rule of `:*`.
    scheme: Box<str>,
    /// What follows the subdomain labels (`.parent`, then `:port` for an exact port) or, for
    /// a port pattern on a host, the host.
    end: Box<[u8]>,
    /// The bytes of `:port` at the end of `end`.
    port_len: usize,
    /// `*.` pattern: labels come before `end`.
    subdomains: bool,
    /// `:*`: any port (or none) after the host.
    any_port: bool,
}

impl Shape {
    pub(crate) fn new(pattern: &Pattern) -> Self {
        let mut end = Vec::new();
        if pattern.subdomains {
            end.push(b'.');
        }
        end.extend_from_slice(pattern.host.as_bytes());
        let mut port_len = 0;
        if let PortPattern::Exact(port) = pattern.port {
            let port = format!(":{port}");
            port_len = port.len();
            end.extend_from_slice(port.as_bytes());
        }
        Self {
            start: format!("{}://", pattern.scheme).into_bytes().into(),
            scheme: pattern.scheme.clone(),
            end: end.into(),
            port_len,
            subdomains: pattern.subdomains,
            any_port: pattern.port == PortPattern::Any,
        }
    }

    /// Whether the pattern allows `origin`, in the form a browser sends it.
    #[inline]
    pub(crate) fn matches(&self, origin: &[u8]) -> bool {
        let Some(rest) = strip_prefix(origin, &self.start) else {
            return false;
        };
        if !self.subdomains {
            // `scheme://host:*`: the host, then nothing or a port.
            return match strip_prefix(rest, &self.end) {
                Some([]) => true,
                Some([b':', port @ ..]) => self.port_ok(port),
                _ => false,
            };
        }
        // With `:*`, what follows the last colon is the port: a domain has no colon.
        let (host, port_ok) = match self.any_port {
            true => match rest.iter().rposition(|&b| b == b':') {
                Some(colon) => (&rest[..colon], self.port_ok(&rest[colon + 1..])),
                None => (rest, true),
            },
            false => (rest, true),
        };
        let Some(labels) = strip_suffix(host, &self.end) else {
            return false;
        };
        // `host` ends with `end`, so it is at least `port_len` long.
        port_ok && !labels.is_empty() && host.len() - self.port_len <= 253 && is_labels(labels)
    }

    /// A port as browsers write it: digits without a leading zero, not the default port.
    fn port_ok(&self, port: &[u8]) -> bool {
        std::str::from_utf8(port).is_ok_and(|port| parse_port(port, &self.scheme).is_ok())
    }
}

/// `bytes` without `prefix`, if it starts with it.
#[inline]
fn strip_prefix<'a>(bytes: &'a [u8], prefix: &[u8]) -> Option<&'a [u8]> {
    let (head, rest) = bytes.split_at_checked(prefix.len())?;
    same_bytes(head, prefix).then_some(rest)
}

/// `bytes` without `suffix`, if it ends with it.
#[inline]
fn strip_suffix<'a>(bytes: &'a [u8], suffix: &[u8]) -> Option<&'a [u8]> {
    let (rest, tail) = bytes.split_at_checked(bytes.len().checked_sub(suffix.len())?)?;
    same_bytes(tail, suffix).then_some(rest)
}
