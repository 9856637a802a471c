//! A naive reference model of the server-side CORS decision, written from the Fetch standard
//! (the Fetch standard) and the crate's documented bounds, sharing no code with `tower-cors`.
//!
//! Everything here is deliberately slow and obvious: linear scans over `Vec`s, plain string
//! operations, no hashing, no sorting tricks, no early returns that depend on clever
//! invariants. It depends on `std` only, so that the fuzz crate can include it with
//! `#[path = "../../tests/support/reference.rs"] mod reference;`.
//!
//! The model answers two questions for a policy given as the lists of strings handed to
//! `CorsConfig` (already accepted by `build()`), and a request given as raw bytes:
//! what kind of request it is and whether (and why) it is refused, and which CORS response
//! headers the answer must carry.
#![allow(dead_code)]

use std::net::{Ipv4Addr, Ipv6Addr};

/// The longest origin a browser can send: scheme (64) + `://` + host (253) + `:` + port (5).
pub const MAX_ORIGIN: usize = 326;
/// Documented bounds on `Access-Control-Request-Headers`.
pub const MAX_ACRH_BYTES: usize = 4096;
pub const MAX_EMPTY_ELEMENTS: usize = 16;

/// A policy as plain strings, exactly as given to the `CorsConfig` setters.
#[derive(Debug, Clone)]
pub struct Policy {
    pub origins: Vec<String>,
    pub methods: Vec<String>,
    pub headers: Vec<String>,
    pub exposed: Vec<String>,
    pub credentials: bool,
    pub max_age: Option<u64>,
    pub private_network: bool,
    /// 204 unless set.
    pub preflight_status: u16,
    /// 403 unless set.
    pub refusal_status: u16,
}

impl Default for Policy {
    fn default() -> Self {
        Self {
            origins: Vec::new(),
            methods: Vec::new(),
            headers: Vec::new(),
            exposed: Vec::new(),
            credentials: false,
            max_age: None,
            private_network: false,
            preflight_status: 204,
            refusal_status: 403,
        }
    }
}

/// A request: its method bytes and its header lines (names in lower case, values as bytes).
#[derive(Debug, Clone, Default)]
pub struct Request {
    pub method: Vec<u8>,
    pub headers: Vec<(String, Vec<u8>)>,
}

impl Request {
    fn values(&self, name: &str) -> Vec<&[u8]> {
        let mut out = Vec::new();
        for (n, v) in &self.headers {
            if n == name {
                out.push(v.as_slice());
            }
        }
        out
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    NotCors,
    Actual,
    Preflight,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    Allowed,
    OriginNotAllowed,
    MethodNotAllowed(Vec<u8>),
    HeaderNotAllowed(Vec<u8>),
    PrivateNetworkNotAllowed,
    /// The name of the `tower_cors::Malformed` variant the model expects.
    Malformed(&'static str),
}

/// The model's answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Expected {
    pub kind: Kind,
    pub verdict: Verdict,
    /// For a preflight: the status of the answer.
    pub status: Option<u16>,
    /// The CORS response header lines (and `vary`, `content-length` for preflights), names in
    /// lower case, in no particular order.
    pub headers: Vec<(&'static str, Vec<u8>)>,
}

// ---------------------------------------------------------------------------------------
// Origins
// ---------------------------------------------------------------------------------------

/// An origin split into its parts, when the text is something a browser can send.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Parts {
    pub scheme: String,
    pub host: String,
    pub port: Option<u16>,
}

fn default_port_of(scheme: &str) -> Option<u16> {
    if scheme == "http" || scheme == "ws" {
        Some(80)
    } else if scheme == "https" || scheme == "wss" {
        Some(443)
    } else if scheme == "ftp" {
        Some(21)
    } else {
        None
    }
}

fn scheme_ok(scheme: &str) -> bool {
    if scheme.is_empty() || scheme.len() > 64 {
        return false;
    }
    let mut first = true;
    for c in scheme.chars() {
        let ok = if first {
            c.is_ascii_lowercase()
        } else {
            c.is_ascii_lowercase() || c.is_ascii_digit() || c == '+' || c == '-' || c == '.'
        };
        if !ok {
            return false;
        }
        first = false;
    }
    true
}

/// A port as a browser writes it: 1 to 5 digits, no leading zero, 1..=65535, never the
/// scheme's default port.
fn port_ok(text: &str, scheme: &str) -> Option<u16> {
    if text.is_empty() || text.len() > 5 || text.starts_with('0') {
        return None;
    }
    for c in text.chars() {
        if !c.is_ascii_digit() {
            return None;
        }
    }
    let n: u32 = text.parse().ok()?;
    if n == 0 || n > 65535 {
        return None;
    }
    let n = n as u16;
    if default_port_of(scheme) == Some(n) {
        return None;
    }
    Some(n)
}

/// A host as a browser serialises it: lower-case LDH (plus `_`) labels, a canonical dotted
/// IPv4 address, or a canonical (RFC 5952) IPv6 address in brackets. A host whose last label
/// is numeric is an IPv4 address or nothing (URL standard, "ends in a number").
pub fn host_ok(host: &str) -> bool {
    if host.is_empty() {
        return false;
    }
    if host.starts_with('[') {
        if !host.ends_with(']') || host.len() < 3 {
            return false;
        }
        let inner = &host[1..host.len() - 1];
        return match inner.parse::<Ipv6Addr>() {
            Ok(ip) => ip.to_string() == inner,
            Err(_) => false,
        };
    }
    if host.ends_with('.') || host.len() > 253 {
        return false;
    }
    let labels: Vec<&str> = host.split('.').collect();
    let last = labels[labels.len() - 1];
    if last.chars().all(|c| c.is_ascii_digit()) {
        return match host.parse::<Ipv4Addr>() {
            Ok(ip) => ip.to_string() == host,
            Err(_) => false,
        };
    }
    for label in labels {
        if label.is_empty() || label.len() > 63 {
            return false;
        }
        if label.starts_with('-') || label.ends_with('-') {
            return false;
        }
        for c in label.chars() {
            if !(c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-' || c == '_') {
                return false;
            }
        }
    }
    true
}

pub fn is_ip_host(host: &str) -> bool {
    host.starts_with('[') || host.parse::<Ipv4Addr>().is_ok()
}

/// Splits `host[:port]`, an IPv6 host keeping its brackets.
fn split_host_port(rest: &str) -> Option<(&str, Option<&str>)> {
    if rest.starts_with('[') {
        let close = rest.find(']')?;
        let host = &rest[..=close];
        let after = &rest[close + 1..];
        if after.is_empty() {
            return Some((host, None));
        }
        if let Some(port) = after.strip_prefix(':') {
            return Some((host, Some(port)));
        }
        return None;
    }
    match rest.rfind(':') {
        Some(i) => Some((&rest[..i], Some(&rest[i + 1..]))),
        None => Some((rest, None)),
    }
}

/// Parses a request `Origin` the way a browser would have written it; `None` for anything a
/// browser cannot send.
pub fn parse_origin(text: &str) -> Option<Parts> {
    let i = text.find("://")?;
    let scheme = &text[..i];
    let rest = &text[i + 3..];
    if !scheme_ok(scheme) {
        return None;
    }
    let (host, port) = split_host_port(rest)?;
    if !host_ok(host) {
        return None;
    }
    let port = match port {
        None => None,
        Some(p) => Some(port_ok(p, scheme)?),
    };
    Some(Parts {
        scheme: scheme.to_string(),
        host: host.to_string(),
        port,
    })
}

/// One configured origin entry: `*`, an exact origin, or a pattern (`scheme://*.parent`,
/// with an optional `:port` or `:*`, or `scheme://host:*`).
fn entry_allows(entry: &str, origin: &str) -> bool {
    if entry == "*" {
        return true;
    }
    if !entry.contains('*') {
        // An exact origin: byte equality, nothing else (Fetch standard, "CORS check").
        return entry == origin;
    }
    let Some(i) = entry.find("://") else {
        return false;
    };
    let scheme = &entry[..i];
    let rest = &entry[i + 3..];
    let Some((host_pattern, port_pattern)) = split_host_port(rest) else {
        return false;
    };
    let Some(req) = parse_origin(origin) else {
        return false;
    };
    if req.scheme != scheme {
        return false;
    }
    let port_matches = match port_pattern {
        None => req.port.is_none(),
        Some("*") => true,
        Some(p) => match p.parse::<u16>() {
            Ok(n) => req.port == Some(n),
            Err(_) => false,
        },
    };
    if !port_matches {
        return false;
    }
    match host_pattern.strip_prefix("*.") {
        Some(parent) => {
            let suffix = format!(".{parent}");
            !is_ip_host(&req.host) && req.host.len() > suffix.len() && req.host.ends_with(&suffix)
        }
        None => req.host == host_pattern,
    }
}

/// Whether the policy's allowlist admits `origin` (already known to be visible ASCII).
pub fn origin_allowed(policy: &Policy, origin: &str) -> bool {
    for entry in &policy.origins {
        if entry_allows(entry, origin) {
            return true;
        }
    }
    false
}

pub fn any_origin(policy: &Policy) -> bool {
    policy.origins.iter().any(|o| o == "*")
}

/// `*` sent to everybody: any origin and no credentials.
pub fn wildcard_origin(policy: &Policy) -> bool {
    any_origin(policy) && !policy.credentials
}

// ---------------------------------------------------------------------------------------
// Methods and headers
// ---------------------------------------------------------------------------------------

fn is_tchar(c: u8) -> bool {
    c.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&c)
}

pub fn is_token(b: &[u8]) -> bool {
    !b.is_empty() && b.iter().all(|&c| is_tchar(c))
}

const SAFELISTED_METHODS: [&str; 3] = ["GET", "HEAD", "POST"];
const NORMALISED_METHODS: [&str; 6] = ["DELETE", "GET", "HEAD", "OPTIONS", "POST", "PUT"];
const SAFELISTED_RESPONSE: [&str; 7] = [
    "cache-control",
    "content-language",
    "content-length",
    "content-type",
    "expires",
    "last-modified",
    "pragma",
];

fn any_method(policy: &Policy) -> bool {
    policy.methods.iter().any(|m| m == "*")
}

/// The listed methods, Fetch-normalised, without safelisted ones and duplicates.
pub fn listed_methods(policy: &Policy) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for m in &policy.methods {
        if m == "*" {
            continue;
        }
        let mut name = m.clone();
        for n in NORMALISED_METHODS {
            if n.eq_ignore_ascii_case(m) {
                name = n.to_string();
            }
        }
        if SAFELISTED_METHODS.contains(&name.as_str()) || out.contains(&name) {
            continue;
        }
        out.push(name);
    }
    out
}

/// Fetch's forbidden methods, which "any method" never covers either.
fn is_forbidden_method(method: &[u8]) -> bool {
    ["CONNECT", "TRACE", "TRACK"]
        .iter()
        .any(|m| m.as_bytes().eq_ignore_ascii_case(method))
}

fn method_allowed(policy: &Policy, method: &[u8]) -> bool {
    if any_method(policy) {
        return !is_forbidden_method(method);
    }
    for m in SAFELISTED_METHODS {
        if m.as_bytes() == method {
            return true;
        }
    }
    for m in listed_methods(policy) {
        // Case-sensitive: `put` is not `PUT` (Fetch standard, "CORS-preflight fetch": methods
        // compare byte for byte).
        if m.as_bytes() == method {
            return true;
        }
    }
    false
}

fn any_header(policy: &Policy) -> bool {
    policy.headers.iter().any(|h| h == "*")
}

pub fn listed_headers(policy: &Policy) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for h in &policy.headers {
        if h == "*" {
            continue;
        }
        let name = h.to_ascii_lowercase();
        if !out.contains(&name) {
            out.push(name);
        }
    }
    out
}

fn header_allowed(policy: &Policy, name: &[u8]) -> bool {
    let lower: Vec<u8> = name.iter().map(|c| c.to_ascii_lowercase()).collect();
    let listed = listed_headers(policy);
    if any_header(policy) {
        // `*` never covers `authorization` (Fetch standard, "CORS-preflight fetch"). The crate
        // keeps that meaning with credentials too, where it echoes the requested names instead of sending `*`, so that
        // "any header" reads the same whatever the credentials setting.
        if lower == b"authorization" {
            return listed.iter().any(|h| h == "authorization");
        }
        return true;
    }
    listed.iter().any(|h| h.as_bytes() == lower.as_slice())
}

pub fn exposed_headers(policy: &Policy) -> Vec<String> {
    if policy.exposed.iter().any(|h| h == "*") {
        return vec!["*".to_string()];
    }
    let mut out: Vec<String> = Vec::new();
    for h in &policy.exposed {
        let name = h.to_ascii_lowercase();
        if SAFELISTED_RESPONSE.contains(&name.as_str()) || out.contains(&name) {
            continue;
        }
        out.push(name);
    }
    out
}

fn trim_ows(mut b: &[u8]) -> &[u8] {
    while let [first, rest @ ..] = b {
        if *first == b' ' || *first == b'\t' {
            b = rest;
        } else {
            break;
        }
    }
    while let [rest @ .., last] = b {
        if *last == b' ' || *last == b'\t' {
            b = rest;
        } else {
            break;
        }
    }
    b
}

// ---------------------------------------------------------------------------------------
// The decision
// ---------------------------------------------------------------------------------------

/// Classifies the request and finds the first failed check, in the browser's order: origin,
/// method, headers, private network.
pub fn verdict(policy: &Policy, req: &Request) -> (Kind, Verdict) {
    let origins = req.values("origin");
    if origins.is_empty() {
        return (Kind::NotCors, Verdict::Allowed);
    }
    let is_preflight =
        req.method == b"OPTIONS" && !req.values("access-control-request-method").is_empty();
    let kind = if is_preflight {
        Kind::Preflight
    } else {
        Kind::Actual
    };
    if origins.len() > 1 {
        return (kind, Verdict::Malformed("MultipleOrigins"));
    }
    let origin = origins[0];
    if origin.is_empty() {
        return (kind, Verdict::Malformed("EmptyOrigin"));
    }
    if origin.len() > MAX_ORIGIN {
        return (kind, Verdict::Malformed("OriginTooLong"));
    }
    for &b in origin {
        if !(0x21..=0x7e).contains(&b) {
            return (kind, Verdict::Malformed("OriginNotAscii"));
        }
    }
    let origin_text = String::from_utf8(origin.to_vec()).expect("visible ASCII");
    if !origin_allowed(policy, &origin_text) {
        return (kind, Verdict::OriginNotAllowed);
    }
    if kind == Kind::Actual {
        return (kind, Verdict::Allowed);
    }
    let acrm = req.values("access-control-request-method");
    if acrm.len() > 1 {
        return (kind, Verdict::Malformed("MultipleRequestMethods"));
    }
    let method = acrm[0];
    if !is_token(method) {
        return (kind, Verdict::Malformed("InvalidRequestMethod"));
    }
    if !method_allowed(policy, method) {
        return (kind, Verdict::MethodNotAllowed(method.to_vec()));
    }
    let acrh = req.values("access-control-request-headers");
    let total: usize = acrh.iter().map(|l| l.len()).sum();
    // An empty line is an empty element: more of them than tolerated, like more bytes than
    // allowed, refuses the list before any name is read.
    let empty_lines = acrh.iter().filter(|l| l.is_empty()).count();
    if total > MAX_ACRH_BYTES || empty_lines > MAX_EMPTY_ELEMENTS {
        return (kind, Verdict::Malformed("RequestHeadersTooLong"));
    }
    let mut empty = 0;
    for line in &acrh {
        for element in line.split(|&b| b == b',') {
            let name = trim_ows(element);
            if name.is_empty() {
                empty += 1;
                if empty > MAX_EMPTY_ELEMENTS {
                    return (kind, Verdict::Malformed("InvalidRequestHeaders"));
                }
                continue;
            }
            if !is_token(name) {
                return (kind, Verdict::Malformed("InvalidRequestHeaders"));
            }
            if !header_allowed(policy, name) {
                return (kind, Verdict::HeaderNotAllowed(name.to_vec()));
            }
        }
    }
    let wants_pna = req
        .values("access-control-request-private-network")
        .first()
        .is_some_and(|v| *v == b"true");
    if wants_pna && !policy.private_network {
        return (kind, Verdict::PrivateNetworkNotAllowed);
    }
    (kind, Verdict::Allowed)
}

fn joined(items: &[String]) -> Vec<u8> {
    items.join(",").into_bytes()
}

/// The full expected outcome. `inner` is the response header lines of the inner service (for
/// actual and non-CORS requests); they matter for `vary` only, since every CORS header the
/// inner service set is replaced.
pub fn expected(policy: &Policy, req: &Request, inner: &[(String, Vec<u8>)]) -> Expected {
    let (kind, verdict) = verdict(policy, req);
    let wildcard = wildcard_origin(policy);
    let mut headers: Vec<(&'static str, Vec<u8>)> = Vec::new();
    let origin = req.values("origin").first().map(|o| o.to_vec());
    if kind == Kind::Preflight {
        if !wildcard {
            let mut vary = vec!["origin".to_string()];
            if any_method(policy) && policy.credentials {
                vary.push("access-control-request-method".to_string());
            }
            if any_header(policy) && policy.credentials {
                vary.push("access-control-request-headers".to_string());
            }
            headers.push(("vary", vary.join(", ").into_bytes()));
        }
        let origin_ok = matches!(
            verdict,
            Verdict::Allowed
                | Verdict::MethodNotAllowed(_)
                | Verdict::HeaderNotAllowed(_)
                | Verdict::PrivateNetworkNotAllowed
        );
        if !origin_ok {
            return Expected {
                kind,
                verdict,
                status: Some(policy.refusal_status),
                headers,
            };
        }
        if wildcard {
            headers.push(("access-control-allow-origin", b"*".to_vec()));
        } else {
            headers.push(("access-control-allow-origin", origin.unwrap_or_default()));
            if policy.credentials {
                headers.push(("access-control-allow-credentials", b"true".to_vec()));
            }
        }
        if any_method(policy) && policy.credentials {
            let acrm = req.values("access-control-request-method");
            if !is_forbidden_method(acrm[0]) {
                headers.push(("access-control-allow-methods", acrm[0].to_vec()));
            }
        } else if any_method(policy) {
            headers.push(("access-control-allow-methods", b"*".to_vec()));
        } else if !listed_methods(policy).is_empty() {
            headers.push((
                "access-control-allow-methods",
                joined(&listed_methods(policy)),
            ));
        }
        if let (true, Verdict::HeaderNotAllowed(refused)) = (any_header(policy), &verdict) {
            // Under "any header" a refused name is answered with the other requested names,
            // never `*` (which engines as shipped read as covering `authorization`).
            let others: Vec<Vec<u8>> = req
                .values("access-control-request-headers")
                .iter()
                .flat_map(|line| line.split(|&b| b == b','))
                .map(|name| name.trim_ascii().to_vec())
                .filter(|name| {
                    !name.is_empty() && name != b"*" && !name.eq_ignore_ascii_case(refused)
                })
                .collect();
            if !others.is_empty() {
                headers.push(("access-control-allow-headers", others.join(&b","[..])));
            }
        } else if any_header(policy) && policy.credentials {
            // Echoed only when the names passed: a refused preflight must not list names the
            // policy never reviewed (private network access is checked after them).
            if matches!(
                verdict,
                Verdict::Allowed | Verdict::PrivateNetworkNotAllowed
            ) {
                for line in req.values("access-control-request-headers") {
                    headers.push(("access-control-allow-headers", line.to_vec()));
                }
            }
        } else if any_header(policy) {
            let listed = listed_headers(policy);
            let value: &[u8] = if listed.iter().any(|h| h == "authorization") {
                b"*,authorization"
            } else {
                b"*"
            };
            headers.push(("access-control-allow-headers", value.to_vec()));
        } else if !listed_headers(policy).is_empty() {
            let mut listed = listed_headers(policy);
            listed.sort();
            headers.push(("access-control-allow-headers", joined(&listed)));
        }
        // Refused only for private network access: the allowed answer, minus the one header
        // (written only when the policy allows it, so never here) that the browser needs.
        if matches!(
            verdict,
            Verdict::Allowed | Verdict::PrivateNetworkNotAllowed
        ) {
            if let Some(age) = policy.max_age {
                headers.push(("access-control-max-age", age.to_string().into_bytes()));
            }
            let wants_pna = req
                .values("access-control-request-private-network")
                .first()
                .is_some_and(|v| *v == b"true");
            if policy.private_network && wants_pna {
                headers.push(("access-control-allow-private-network", b"true".to_vec()));
            }
        }
        if policy.preflight_status == 200 {
            headers.push(("content-length", b"0".to_vec()));
        }
        return Expected {
            kind,
            verdict,
            status: Some(policy.preflight_status),
            headers,
        };
    }
    // Actual and non-CORS requests: the inner response, decorated.
    let allowed_actual = kind == Kind::Actual && verdict == Verdict::Allowed;
    if wildcard {
        headers.push(("access-control-allow-origin", b"*".to_vec()));
    } else if allowed_actual {
        headers.push(("access-control-allow-origin", origin.unwrap_or_default()));
        if policy.credentials {
            headers.push(("access-control-allow-credentials", b"true".to_vec()));
        }
    }
    if wildcard || allowed_actual {
        let exposed = exposed_headers(policy);
        if !exposed.is_empty() {
            headers.push(("access-control-expose-headers", joined(&exposed)));
        }
    }
    let mut has_origin = false;
    for (name, value) in inner {
        if name == "vary" {
            headers.push(("vary", value.clone()));
            for token in value.split(|&b| b == b',') {
                let token = trim_ows(token);
                if token == b"*" || token.eq_ignore_ascii_case(b"origin") {
                    has_origin = true;
                }
            }
        }
    }
    if !wildcard && !has_origin {
        headers.push(("vary", b"origin".to_vec()));
    }
    Expected {
        kind,
        verdict,
        status: None,
        headers,
    }
}
