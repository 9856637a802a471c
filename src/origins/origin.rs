//! Origins (RFC 6454 serialisations) and origin patterns: strict parsing of what a policy
//! lists, and a cheap, allocation-free parse of what a request sends.
//!
//! HTML standard, "ASCII serialization of an origin"
//! (<https://html.spec.whatwg.org/multipage/browsers.html#ascii-serialisation-of-an-origin>):
//! the only form a browser sends.

use std::fmt;
use std::str::FromStr;

use super::host::{
    DEFAULT_PORT, check_host, check_scheme, default_port, is_loopback_host, parse_port,
    split_host_port,
};
use super::idna::check_punycode_labels;
use crate::error::{ConfigError, ConfigErrorKind, ConfigProblem};

/// The longest `Origin` a browser can send: scheme (64) + `://` + host (253) + `:` + port (5).
pub(crate) const MAX_ORIGIN_LEN: usize = 64 + 3 + 253 + 1 + 5;

/// A serialised origin, `scheme://host[:port]`, exactly as a browser sends it.
///
/// Parsing is strict: the only accepted spelling is the one a browser puts in the `Origin`
/// header (lower case, no path, no trailing slash, no default port, punycode hosts, IPv6 in
/// brackets and RFC 5952 form), because the request side is compared byte for byte.
///
/// ```
/// use tower_cors::Origin;
///
/// let o: Origin = "https://app.example.com".parse().unwrap();
/// assert_eq!(o.as_str(), "https://app.example.com");
/// assert_eq!((o.scheme(), o.host(), o.port()), ("https", "app.example.com", None));
///
/// let err = "https://app.example.com:443".parse::<Origin>().unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     r#"invalid origin "https://app.example.com:443": remove the default port 443 (did you mean "https://app.example.com"?)"#
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Origin {
    serialized: Box<str>,
    host_start: usize,
    host_end: usize,
    port: Option<u16>,
}

impl Origin {
    /// The serialisation, e.g. `https://app.example.com`.
    #[must_use]
    pub fn as_str(&self) -> &str {
        &self.serialized
    }

    /// The scheme, e.g. `https`.
    #[must_use]
    pub fn scheme(&self) -> &str {
        &self.serialized[..self.host_start - 3]
    }

    /// The host: a domain, a dotted IPv4 address, or a bracketed IPv6 address.
    #[must_use]
    pub fn host(&self) -> &str {
        &self.serialized[self.host_start..self.host_end]
    }

    /// The explicit port; `None` means the scheme's default port.
    #[must_use]
    pub fn port(&self) -> Option<u16> {
        self.port
    }

    /// Whether the host is `localhost`, a `*.localhost` name or a loopback address: the hosts
    /// that may use plain `http` with credentials.
    #[must_use]
    pub fn is_loopback(&self) -> bool {
        is_loopback_host(self.host())
    }
}

impl fmt::Display for Origin {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.serialized)
    }
}

impl FromStr for Origin {
    type Err = ConfigError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match parse_spec(s) {
            Ok(OriginSpec::Exact(origin)) => Ok(origin),
            Ok(_) => Err(ConfigError::new(vec![invalid(
                s,
                "a single origin cannot contain a wildcard",
                None,
            )])),
            Err(problem) => Err(ConfigError::new(vec![problem])),
        }
    }
}

impl TryFrom<&str> for Origin {
    type Error = ConfigError;
    fn try_from(s: &str) -> Result<Self, Self::Error> {
        s.parse()
    }
}

/// What one configured origin string means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum OriginSpec {
    /// `*`: every origin.
    Any,
    /// One exact origin.
    Exact(Origin),
    /// `scheme://*.domain[:port|:*]` or `scheme://host:*`.
    Pattern(Pattern),
}

/// A structured origin pattern: the only wildcards are a leading `*.` label and a `:*` port.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub(crate) struct Pattern {
    pub(crate) scheme: Box<str>,
    /// For subdomain patterns, the parent domain (`example.com` in `https://*.example.com`).
    pub(crate) host: Box<str>,
    pub(crate) subdomains: bool,
    pub(crate) port: PortPattern,
    pub(crate) text: Box<str>,
}

/// Which ports a pattern accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum PortPattern {
    /// Only the scheme's default port (no port in the serialisation).
    Default,
    /// Exactly this port.
    Exact(u16),
    /// Any port, the default one included.
    Any,
}

impl PortPattern {
    pub(crate) fn accepts(self, port: Option<u16>) -> bool {
        match self {
            Self::Default => port.is_none(),
            Self::Exact(p) => port == Some(p),
            Self::Any => true,
        }
    }
}

fn invalid(input: &str, reason: &str, suggestion: Option<String>) -> ConfigProblem {
    let message = match suggestion {
        Some(s) if s != input => {
            format!("invalid origin {input:?}: {reason} (did you mean {s:?}?)")
        }
        _ => format!("invalid origin {input:?}: {reason}"),
    };
    ConfigProblem::new(ConfigErrorKind::InvalidOrigin, Some(input), message)
}

/// Parses one configured origin or pattern, naming the first problem and a likely fix.
pub(crate) fn parse_spec(input: &str) -> Result<OriginSpec, ConfigProblem> {
    match parse_strict(input) {
        Ok(spec) => Ok(spec),
        Err(Reject::Prohibited(reason)) => Err(ConfigProblem::new(
            ConfigErrorKind::ProhibitedOrigin,
            Some(input),
            format!("origin {input:?} is not allowed: {reason}"),
        )),
        Err(Reject::Invalid(reason)) => Err(invalid(input, &reason, repair(input))),
    }
}

enum Reject {
    Invalid(String),
    Prohibited(&'static str),
}

impl From<&'static str> for Reject {
    fn from(reason: &'static str) -> Self {
        Self::Invalid(reason.to_owned())
    }
}

fn bad(reason: impl Into<String>) -> Reject {
    Reject::Invalid(reason.into())
}

fn parse_strict(input: &str) -> Result<OriginSpec, Reject> {
    if input == "*" {
        return Ok(OriginSpec::Any);
    }
    if input.is_empty() {
        return Err(bad("the origin is empty"));
    }
    if input.eq_ignore_ascii_case("null") {
        return Err(Reject::Prohibited(
            "it is shared by every sandboxed iframe, data: URL, file: page and redirected \
             request, so listing it trusts all of them; list the real origins instead",
        ));
    }
    // Bytes, not `&input[..5]`: a multi-byte character may straddle byte 5 (found by fuzzing).
    if input
        .as_bytes()
        .get(..5)
        .is_some_and(|p| p.eq_ignore_ascii_case(b"file:"))
    {
        return Err(Reject::Prohibited(
            "browsers send file: pages as the origin \"null\"; serve the page over http(s) instead",
        ));
    }
    if input
        .bytes()
        .any(|b| b.is_ascii_whitespace() || b.is_ascii_control())
    {
        return Err(bad("remove the whitespace"));
    }
    if !input.is_ascii() {
        return Err(bad(
            "write an internationalised host in its ASCII (punycode, xn--) form",
        ));
    }
    if input.len() > MAX_ORIGIN_LEN {
        return Err(bad(format!("longer than {MAX_ORIGIN_LEN} bytes")));
    }
    let Some((scheme, rest)) = input.split_once("://") else {
        return Err(bad("add the scheme, e.g. https://"));
    };
    check_scheme(scheme)?;
    if let Some(i) = rest.find(['/', '?', '#']) {
        let tail = &rest[i..];
        return Err(bad(match tail.as_bytes()[0] {
            b'/' if tail == "/" => "remove the trailing slash",
            b'/' => "remove the path",
            b'?' => "remove the query",
            _ => "remove the fragment",
        }));
    }
    if rest.contains('@') {
        return Err(bad("remove the user name and password"));
    }
    if rest.bytes().any(|b| b.is_ascii_uppercase()) {
        return Err(bad("write the host in lower case"));
    }
    let (host, port_text) = split_host_port(rest)?;
    let port = match port_text {
        None => PortPattern::Default,
        Some("*") => PortPattern::Any,
        Some(p) => match parse_port(p, scheme) {
            Ok(port) => PortPattern::Exact(port),
            Err(DEFAULT_PORT) => return Err(bad(format!("{DEFAULT_PORT} {p}"))),
            Err(reason) => return Err(reason.into()),
        },
    };
    let (subdomains, host) = match host.strip_prefix("*.") {
        Some(parent) => (true, parent),
        None => (false, host),
    };
    if host.contains('*') {
        return Err(
            "the only wildcards are a leading \"*.\" label (https://*.example.com) and a \":*\" port"
                .into(),
        );
    }
    check_host(host, subdomains)?;
    check_punycode_labels(host)?;
    if !subdomains && port != PortPattern::Any {
        let host_start = scheme.len() + 3;
        return Ok(OriginSpec::Exact(Origin {
            serialized: input.into(),
            host_start,
            host_end: host_start + host.len(),
            port: match port {
                PortPattern::Exact(p) => Some(p),
                _ => None,
            },
        }));
    }
    Ok(OriginSpec::Pattern(Pattern {
        scheme: scheme.into(),
        host: host.into(),
        subdomains,
        port,
        text: input.into(),
    }))
}

/// The most likely intended origin, for the "did you mean" part of an error message.
fn repair(input: &str) -> Option<String> {
    let mut s = input.trim().to_ascii_lowercase();
    if !s.contains("://") {
        s = format!("https://{s}");
    }
    let (scheme, rest) = s.split_once("://")?;
    let rest = &rest[..rest.find(['/', '?', '#']).unwrap_or(rest.len())];
    let rest = rest.rsplit_once('@').map_or(rest, |(_, h)| h);
    let (host, port) = split_host_port(rest).ok()?;
    let host = host.trim_end_matches('.');
    let port = port
        .map(|p| p.trim_start_matches('0'))
        .filter(|p| p.parse::<u16>().ok() != default_port(scheme.as_bytes()));
    let candidate = match port {
        Some(p) => format!("{scheme}://{host}:{p}"),
        None => format!("{scheme}://{host}"),
    };
    match parse_strict(&candidate) {
        Ok(_) => Some(candidate),
        Err(_) => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spec(s: &str) -> OriginSpec {
        parse_spec(s).unwrap_or_else(|e| panic!("{s}: {e}"))
    }

    #[test]
    fn exact_origins_keep_their_parts() {
        let OriginSpec::Exact(o) = spec("https://app.example.com:8443") else {
            panic!()
        };
        assert_eq!(
            (o.scheme(), o.host(), o.port()),
            ("https", "app.example.com", Some(8443))
        );
        let OriginSpec::Exact(o) = spec("http://[2001:db8::1]") else {
            panic!()
        };
        assert_eq!(o.host(), "[2001:db8::1]");
        assert!(matches!(spec("*"), OriginSpec::Any));
    }

    #[test]
    fn patterns_split_into_scheme_parent_and_port() {
        let OriginSpec::Pattern(p) = spec("https://*.example.com:*") else {
            panic!()
        };
        assert_eq!(
            (&*p.scheme, &*p.host, p.subdomains, p.port),
            ("https", "example.com", true, PortPattern::Any)
        );
        let OriginSpec::Pattern(p) = spec("http://localhost:*") else {
            panic!()
        };
        assert_eq!(
            (&*p.host, p.subdomains, p.port),
            ("localhost", false, PortPattern::Any)
        );
        let OriginSpec::Pattern(p) = spec("https://*.example.com") else {
            panic!()
        };
        assert_eq!(p.port, PortPattern::Default);
    }

    #[test]
    fn repair_suggests_the_browser_form() {
        assert_eq!(
            repair(" HTTPS://App.Example.com:443/path?q#f ").as_deref(),
            Some("https://app.example.com")
        );
        assert_eq!(
            repair("example.com").as_deref(),
            Some("https://example.com")
        );
        assert_eq!(repair("https://bücher.example"), None);
    }
}
