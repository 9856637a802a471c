//! Runs `tower-cors` (the fast matcher, and the whole `CorsService`) on a request and checks
//! the result against the reference model and the crate's security invariants.
//!
//! Shared by the property tests and the fuzz targets (which include it with `#[path]`), so it
//! refers to the model as `super::reference`.
#![allow(dead_code)]

use std::convert::Infallible;
use std::future::{Ready, ready};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::{Context, Poll, Waker};
use std::time::Duration;

use http::{HeaderMap, HeaderName, HeaderValue, Method, Request, Response, StatusCode};
use tower_cors::{ConfigError, CorsConfig, CorsPolicy, CorsService, Malformed, Refusal};
use tower_service::Service;

use super::reference::{self, Expected, Kind, Verdict};

const CORS_NAMES: [&str; 7] = [
    "access-control-allow-origin",
    "access-control-allow-credentials",
    "access-control-allow-methods",
    "access-control-allow-headers",
    "access-control-expose-headers",
    "access-control-max-age",
    "access-control-allow-private-network",
];

/// Builds the crate's policy from the model's lists, through the public setters.
pub fn build(p: &reference::Policy) -> Result<CorsPolicy, ConfigError> {
    let mut config = CorsConfig::new()
        .allow_origins(p.origins.iter().cloned())
        .allow_methods(&p.methods)
        .allow_headers(&p.headers)
        .expose_headers(&p.exposed)
        .allow_credentials(p.credentials)
        .allow_private_network(p.private_network);
    if let Some(age) = p.max_age {
        config = config.max_age(Duration::from_secs(age));
    }
    if p.preflight_status != 204 {
        if let Ok(s) = StatusCode::from_u16(p.preflight_status) {
            config = config.preflight_status(s);
        }
    }
    if p.refusal_status != 403 {
        if let Ok(s) = StatusCode::from_u16(p.refusal_status) {
            config = config.refusal_status(s);
        }
    }
    config.build()
}

/// The request as `http` types, or `None` if `http` cannot represent it (a method that is not
/// a token, a header name or value `http` refuses): such a request never reaches a service.
pub fn to_http(req: &reference::Request) -> Option<(Method, HeaderMap)> {
    let method = Method::from_bytes(&req.method).ok()?;
    let mut map = HeaderMap::new();
    for (name, value) in &req.headers {
        let name = HeaderName::from_bytes(name.as_bytes()).ok()?;
        let value = HeaderValue::from_bytes(value).ok()?;
        map.append(name, value);
    }
    Some((method, map))
}

fn malformed_name(m: &Malformed) -> &'static str {
    match m {
        Malformed::EmptyOrigin => "EmptyOrigin",
        Malformed::OriginTooLong => "OriginTooLong",
        Malformed::OriginNotAscii => "OriginNotAscii",
        Malformed::MultipleOrigins => "MultipleOrigins",
        Malformed::MultipleRequestMethods => "MultipleRequestMethods",
        Malformed::InvalidRequestMethod => "InvalidRequestMethod",
        Malformed::InvalidRequestHeaders => "InvalidRequestHeaders",
        Malformed::RequestHeadersTooLong => "RequestHeadersTooLong",
        _ => "unknown Malformed variant",
    }
}

/// The crate's refusal, in the model's terms.
pub fn verdict_of(refusal: Option<Refusal<'_>>) -> Verdict {
    match refusal {
        None => Verdict::Allowed,
        Some(Refusal::OriginNotAllowed { .. }) => Verdict::OriginNotAllowed,
        Some(Refusal::MethodNotAllowed { method }) => {
            Verdict::MethodNotAllowed(method.as_bytes().to_vec())
        }
        Some(Refusal::HeaderNotAllowed { name }) => {
            Verdict::HeaderNotAllowed(name.as_bytes().to_vec())
        }
        Some(Refusal::PrivateNetworkNotAllowed) => Verdict::PrivateNetworkNotAllowed,
        Some(Refusal::Malformed(m)) => Verdict::Malformed(malformed_name(&m)),
        Some(_) => Verdict::Malformed("unknown Refusal variant"),
    }
}

/// A header value as the browser reads a list: tokens split on commas, trimmed, lower-cased
/// for header names, sorted. Exact values stay as they are.
fn canonical(name: &str, value: &[u8]) -> Vec<u8> {
    let list = matches!(
        name,
        "access-control-allow-methods"
            | "access-control-allow-headers"
            | "access-control-expose-headers"
    );
    if !list {
        return value.to_vec();
    }
    let mut tokens: Vec<Vec<u8>> = value
        .split(|&b| b == b',')
        .map(|t| t.trim_ascii().to_vec())
        .map(|t| {
            if name == "access-control-allow-methods" {
                t
            } else {
                t.to_ascii_lowercase()
            }
        })
        .collect();
    tokens.sort();
    tokens.join(&b","[..])
}

fn canonical_lines(mut lines: Vec<(String, Vec<u8>)>) -> Vec<(String, Vec<u8>)> {
    for (name, value) in &mut lines {
        *value = canonical(name, value);
    }
    lines.sort();
    lines
}

/// The CORS-related lines of a response (`access-control-*`, `vary`, and for a preflight
/// `content-length`).
fn cors_lines(headers: &HeaderMap, preflight: bool) -> Vec<(String, Vec<u8>)> {
    let mut out = Vec::new();
    for (name, value) in headers {
        let n = name.as_str();
        if CORS_NAMES.contains(&n) || n == "vary" || (preflight && n == "content-length") {
            out.push((n.to_owned(), value.as_bytes().to_vec()));
        }
    }
    out
}

fn expected_lines(e: &Expected) -> Vec<(String, Vec<u8>)> {
    e.headers
        .iter()
        .map(|(n, v)| ((*n).to_owned(), v.clone()))
        .collect()
}

fn compare(what: &str, got: &HeaderMap, e: &Expected) -> Result<(), String> {
    let preflight = e.kind == Kind::Preflight;
    let got = canonical_lines(cors_lines(got, preflight));
    let want = canonical_lines(expected_lines(e));
    if got != want {
        return Err(format!(
            "{what}: headers differ from the reference model\n  got:  {}\n  want: {}",
            show(&got),
            show(&want)
        ));
    }
    Ok(())
}

fn show(lines: &[(String, Vec<u8>)]) -> String {
    lines
        .iter()
        .map(|(n, v)| format!("{n}: {:?}", String::from_utf8_lossy(v)))
        .collect::<Vec<_>>()
        .join(" | ")
}

fn inner_map(inner: &[(String, Vec<u8>)]) -> HeaderMap {
    let mut map = HeaderMap::new();
    for (name, value) in inner {
        if let (Ok(n), Ok(v)) = (
            HeaderName::from_bytes(name.as_bytes()),
            HeaderValue::from_bytes(value),
        ) {
            map.append(n, v);
        }
    }
    map
}

/// The request as `http` types, the inner response's headers (as the crate will see them),
/// and the model's expectation: shared by [`check_decision`] and [`check_service`].
fn prepare(
    model: &reference::Policy,
    req: &reference::Request,
    inner: &[(String, Vec<u8>)],
) -> Option<(Method, HeaderMap, HeaderMap, reference::Expected)> {
    let (method, headers) = to_http(req)?;
    let inner_headers = inner_map(inner);
    let inner_lines: Vec<(String, Vec<u8>)> = inner_headers
        .iter()
        .map(|(n, v)| (n.as_str().to_owned(), v.as_bytes().to_vec()))
        .collect();
    let e = reference::expected(model, req, &inner_lines);
    Some((method, headers, inner_headers, e))
}

/// `CorsPolicy::evaluate` + `preflight_response` / `decorate` against the model.
pub fn check_decision(
    model: &reference::Policy,
    policy: &CorsPolicy,
    req: &reference::Request,
    inner: &[(String, Vec<u8>)],
) -> Result<(), String> {
    let Some((method, headers, inner_headers, e)) = prepare(model, req, inner) else {
        return Ok(());
    };
    let decision = policy.evaluate(&method, &headers);
    let kind = match decision.kind() {
        tower_cors::RequestKind::NotCors => Kind::NotCors,
        tower_cors::RequestKind::Actual => Kind::Actual,
        tower_cors::RequestKind::Preflight => Kind::Preflight,
    };
    if kind != e.kind {
        return Err(format!("kind: got {kind:?}, want {:?}", e.kind));
    }
    let verdict = verdict_of(decision.refusal());
    if verdict != e.verdict {
        return Err(format!("verdict: got {verdict:?}, want {:?}", e.verdict));
    }
    if decision.is_allowed() != (e.verdict == Verdict::Allowed) {
        return Err("is_allowed disagrees with refusal".to_owned());
    }
    if let Some(Refusal::OriginNotAllowed { origin }) = decision.refusal() {
        if Some(origin.as_bytes()) != headers.get("origin").map(HeaderValue::as_bytes) {
            return Err("OriginNotAllowed does not carry the request's origin".to_owned());
        }
    }
    match decision.preflight_response() {
        Some(response) => {
            if e.kind != Kind::Preflight {
                return Err("a preflight response for a request that is not a preflight".into());
            }
            if Some(response.status().as_u16()) != e.status {
                return Err(format!(
                    "preflight status: got {}, want {:?}",
                    response.status(),
                    e.status
                ));
            }
            compare("preflight", response.headers(), &e)?;
            invariants(model, req, &e, response.headers(), None)?;
        }
        None => {
            if e.kind == Kind::Preflight {
                return Err("no preflight response for a preflight".into());
            }
            let mut decorated = inner_headers.clone();
            decision.decorate(&mut decorated);
            compare("decorate", &decorated, &e)?;
            let mut owned = inner_headers.clone();
            decision.decoration().apply(&mut owned);
            if owned != decorated {
                return Err("Decoration::apply differs from Decision::decorate".into());
            }
            invariants(model, req, &e, &decorated, Some(&inner_headers))?;
            non_cors_headers_kept(&inner_headers, &decorated)?;
        }
    }
    Ok(())
}

fn non_cors_headers_kept(inner: &HeaderMap, out: &HeaderMap) -> Result<(), String> {
    for name in inner.keys() {
        if CORS_NAMES.contains(&name.as_str()) || name == "vary" {
            continue;
        }
        let a: Vec<_> = inner.get_all(name).iter().collect();
        let b: Vec<_> = out.get_all(name).iter().collect();
        if a != b {
            return Err(format!("the inner service's {name} header was changed"));
        }
    }
    Ok(())
}

/// The security invariants, checked on every response whatever the model says.
pub fn invariants(
    model: &reference::Policy,
    req: &reference::Request,
    e: &Expected,
    response: &HeaderMap,
    inner: Option<&HeaderMap>,
) -> Result<(), String> {
    let acao: Vec<&HeaderValue> = response
        .get_all("access-control-allow-origin")
        .iter()
        .collect();
    if acao.len() > 1 {
        return Err(format!("{} Access-Control-Allow-Origin lines", acao.len()));
    }
    let wildcard = reference::wildcard_origin(model);
    if let Some(value) = acao.first() {
        let value = value.as_bytes();
        if value == b"*" {
            if !wildcard {
                return Err(
                    "ACAO * from a policy that is not any-origin-without-credentials".into(),
                );
            }
        } else {
            // Only the request's own origin, after it matched the allowlist.
            let origins = req.headers.iter().filter(|(n, _)| n == "origin");
            let echoed = origins.map(|(_, v)| v.as_slice()).collect::<Vec<_>>();
            if echoed.len() != 1 || echoed[0] != value {
                return Err("ACAO is neither * nor the request's single origin".into());
            }
            let text = std::str::from_utf8(value).map_err(|_| "ACAO is not UTF-8")?;
            if !reference::origin_allowed(model, text) || value == b"null" {
                return Err(format!("ACAO {text:?} for an origin the policy refuses"));
            }
            let refused_origin =
                matches!(e.verdict, Verdict::OriginNotAllowed | Verdict::Malformed(_));
            if refused_origin {
                return Err("ACAO for a refused origin".into());
            }
        }
    }
    if response.contains_key("access-control-allow-credentials") && acao.is_empty() {
        return Err("ACAC without ACAO".into());
    }
    if model.credentials {
        for name in [
            "access-control-allow-origin",
            "access-control-allow-methods",
            "access-control-allow-headers",
            "access-control-expose-headers",
        ] {
            for line in response.get_all(name) {
                let star = line
                    .as_bytes()
                    .split(|&b| b == b',')
                    .any(|t| t.trim_ascii() == b"*");
                // Echoing a request that itself asks for `*` is echoing, not a wildcard.
                let echoed = req
                    .headers
                    .iter()
                    .any(|(n, v)| n.starts_with("access-control-request-") && v == line.as_bytes());
                if star && !echoed {
                    return Err(format!("{name}: * with credentials"));
                }
            }
        }
    }
    if !wildcard {
        // `origin` once, unless the inner service already named it (then its lines are kept
        // as they are, duplicates included) or sent `Vary: *`.
        let (inner_count, inner_star) = inner.map_or((0, false), vary_origin);
        let (count, star) = vary_origin(response);
        let want = if inner_count > 0 || inner_star {
            inner_count
        } else {
            1
        };
        if count != want || star != inner_star {
            return Err(format!(
                "Vary names origin {count} times (inner service: {inner_count}, Vary * {inner_star})"
            ));
        }
    }
    Ok(())
}

/// How many times `Vary` names `origin` (case-insensitively), and whether it holds `*`.
pub fn vary_origin(headers: &HeaderMap) -> (usize, bool) {
    let mut count = 0;
    let mut star = false;
    for line in headers.get_all("vary") {
        for token in line.as_bytes().split(|&b| b == b',') {
            let token = token.trim_ascii();
            if token.eq_ignore_ascii_case(b"origin") {
                count += 1;
            }
            star |= token == b"*";
        }
    }
    (count, star)
}

/// An inner service that answers every request with the given headers and counts its calls.
#[derive(Clone)]
pub struct Inner {
    pub headers: HeaderMap,
    pub calls: Arc<AtomicUsize>,
}

impl Service<Request<()>> for Inner {
    type Response = Response<()>;
    type Error = Infallible;
    type Future = Ready<Result<Response<()>, Infallible>>;

    fn poll_ready(&mut self, _cx: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, _req: Request<()>) -> Self::Future {
        self.calls.fetch_add(1, Ordering::SeqCst);
        let mut response = Response::new(());
        *response.headers_mut() = self.headers.clone();
        ready(Ok(response))
    }
}

/// Polls a future that never waits (the inner service answers at once) to completion.
pub fn poll_once<F: std::future::Future>(future: F) -> F::Output {
    let mut cx = Context::from_waker(Waker::noop());
    let mut future = std::pin::pin!(future);
    match future.as_mut().poll(&mut cx) {
        Poll::Ready(out) => out,
        Poll::Pending => panic!("the CORS service waited on an inner service that never waits"),
    }
}

/// The whole `CorsService` over one request against the model and the invariants, including
/// "a preflight never reaches the inner service".
pub fn check_service(
    model: &reference::Policy,
    policy: &CorsPolicy,
    req: &reference::Request,
    inner: &[(String, Vec<u8>)],
) -> Result<(), String> {
    let Some((method, headers, inner_headers, e)) = prepare(model, req, inner) else {
        return Ok(());
    };
    let calls = Arc::new(AtomicUsize::new(0));
    let mut service = CorsService::new(
        Inner {
            headers: inner_headers.clone(),
            calls: calls.clone(),
        },
        policy.clone(),
    );
    let mut request = Request::new(());
    *request.method_mut() = method;
    *request.headers_mut() = headers;
    let mut cx = Context::from_waker(Waker::noop());
    if service.poll_ready(&mut cx).is_pending() {
        return Err("poll_ready pending on an always-ready inner service".into());
    }
    let response = match poll_once(service.call(request)) {
        Ok(r) => r,
        Err(never) => match never {},
    };
    let calls = calls.load(Ordering::SeqCst);
    if e.kind == Kind::Preflight {
        if calls != 0 {
            return Err("a preflight reached the inner service".into());
        }
        if Some(response.status().as_u16()) != e.status {
            return Err(format!("preflight status {}", response.status()));
        }
    } else if calls != 1 {
        return Err(format!("the inner service was called {calls} times"));
    }
    compare("service", response.headers(), &e)?;
    let inner_for_vary = (e.kind != Kind::Preflight).then_some(&inner_headers);
    invariants(model, req, &e, response.headers(), inner_for_vary)?;
    if e.kind != Kind::Preflight {
        non_cors_headers_kept(&inner_headers, response.headers())?;
    }
    Ok(())
}
