//! The origin guards over arbitrary request heads: `WebSocketGuard` and `CrossOriginGuard`
//! never panic, and their verdicts follow the documented rules, checked here independently:
//! a handshake passes only from a trusted origin (or without one, unless refused), a safe
//! method always passes the cross-origin guard, several `Origin` lines are refused, an unsafe
//! method from an untrusted page of another site is refused. Through `GuardService`, a refused
//! request is answered 403 without reaching the inner service.
#![no_main]

use std::convert::Infallible;
use std::future::Future;
use std::pin::pin;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::task::{Context, Poll, Waker};

use arbitrary::Arbitrary;
use http::{HeaderMap, HeaderValue, Method, Request, Response, Uri};
use libfuzzer_sys::fuzz_target;
use tower_cors::guard::{CrossOriginGuard, HostGuard, TrustedOrigins, WebSocketGuard};
use tower_layer::Layer;
use tower_service::Service;

const TRUSTED: &[&str] = &["https://app.example.com", "https://*.example.org", "http://localhost:*"];

const ORIGINS: &[&str] = &[
    "https://app.example.com",
    "https://a.example.org",
    "https://example.org",
    "http://localhost:3000",
    "https://evil.test",
    "https://app.example.com.evil.test",
    "null",
    "http://api.example.com",
    "https://api.example.com",
    "",
];

const SITES: &[&str] = &["same-origin", "same-site", "cross-site", "none", "CROSS-SITE", ""];

#[derive(Arbitrary, Debug)]
enum Text {
    Pick(u8),
    Raw(Vec<u8>),
}

impl Text {
    fn value(&self, words: &[&str]) -> Option<HeaderValue> {
        match self {
            Self::Pick(i) => HeaderValue::from_str(words[usize::from(*i) % words.len()]).ok(),
            Self::Raw(bytes) => HeaderValue::from_bytes(bytes).ok(),
        }
    }
}

#[derive(Arbitrary, Debug)]
struct Input {
    method: u8,
    path: u8,
    origins: Vec<Text>,
    fetch_site: Option<Text>,
    upgrade: Vec<Text>,
    host: Vec<Text>,
    refuse_missing_origin: bool,
}

const METHODS: &[&str] = &["GET", "HEAD", "OPTIONS", "POST", "PUT", "DELETE", "PATCH", "get", "X-CUSTOM"];
const PATHS: &[&str] = &[
    "/",
    "/api/items",
    "/webhooks",
    "/webhooks/stripe",
    "/webhooksx",
    "/webhooks-admin/delete",
    "/webhooks/../admin",
    "/webhooks/%2e%2e/admin",
    "/Webhooks/stripe",
    "/ws",
];
/// The paths of `PATHS` that the exemption of `/webhooks/` covers: whole segments, no dot
/// segment.
const EXEMPT: &[&str] = &["/webhooks", "/webhooks/stripe"];

struct Inner(&'static AtomicUsize);

impl Service<Request<()>> for Inner {
    type Response = Response<String>;
    type Error = Infallible;
    type Future = std::future::Ready<Result<Response<String>, Infallible>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, _: Request<()>) -> Self::Future {
        self.0.fetch_add(1, Ordering::SeqCst);
        std::future::ready(Ok(Response::new("inner".to_owned())))
    }
}

fn poll_once<F: Future>(f: F) -> F::Output {
    let mut f = pin!(f);
    match f.as_mut().poll(&mut Context::from_waker(Waker::noop())) {
        Poll::Ready(out) => out,
        Poll::Pending => panic!("the guard's future is pending with a ready inner service"),
    }
}

fn served<L>(layer: &L, method: &Method, uri: &Uri, headers: &HeaderMap) -> (u16, usize)
where
    L: Layer<Inner>,
    L::Service: Service<Request<()>, Response = Response<String>, Error = Infallible>,
{
    static CALLS: AtomicUsize = AtomicUsize::new(0);
    let before = CALLS.load(Ordering::SeqCst);
    let mut service = layer.layer(Inner(&CALLS));
    let mut request = Request::new(());
    *request.method_mut() = method.clone();
    *request.uri_mut() = uri.clone();
    *request.headers_mut() = headers.clone();
    let response = poll_once(service.call(request)).expect("infallible");
    (response.status().as_u16(), CALLS.load(Ordering::SeqCst) - before)
}

fuzz_target!(|input: Input| {
    let trusted = TrustedOrigins::new(TRUSTED.iter().copied()).expect("trusted origins");
    let method = Method::from_bytes(METHODS[usize::from(input.method) % METHODS.len()].as_bytes())
        .expect("method");
    let uri: Uri = PATHS[usize::from(input.path) % PATHS.len()].parse().expect("path");
    let mut headers = HeaderMap::new();
    for o in input.origins.iter().take(3) {
        if let Some(v) = o.value(ORIGINS) {
            headers.append(http::header::ORIGIN, v);
        }
    }
    if let Some(v) = input.fetch_site.as_ref().and_then(|t| t.value(SITES)) {
        headers.insert("sec-fetch-site", v);
    }
    for u in input.upgrade.iter().take(3) {
        if let Some(v) = u.value(&["websocket", "WebSocket", "h2c, websocket", "h2c"]) {
            headers.append(http::header::UPGRADE, v);
        }
    }
    for h in input.host.iter().take(2) {
        let hosts = ["api.example.com", "localhost:3000", "LOCALHOST:3000", "[::1]:3000", "127.0.0.1:3001", "rebind.test:3000"];
        if let Some(v) = h.value(&hosts) {
            headers.append(http::header::HOST, v);
        }
    }
    let origins: Vec<&[u8]> = headers.get_all(http::header::ORIGIN).iter().map(HeaderValue::as_bytes).collect();

    // WebSocketGuard.
    let mut ws = WebSocketGuard::new(trusted.clone());
    if input.refuse_missing_origin {
        ws = ws.refuse_missing_origin();
    }
    let upgrade = headers.get_all(http::header::UPGRADE).iter().any(|l| {
        l.as_bytes().split(|&b| b == b',').any(|p| p.trim_ascii().eq_ignore_ascii_case(b"websocket"))
    });
    let expected = !upgrade
        || match origins.as_slice() {
            [] => !input.refuse_missing_origin,
            [one] => trusted.trusts(one),
            _ => false,
        };
    assert_eq!(ws.check(&headers).is_ok(), expected, "WebSocketGuard: {headers:?}");
    let (status, calls) = served(&ws, &method, &uri, &headers);
    assert_eq!((status == 403, calls), (!expected, usize::from(expected)));

    // CrossOriginGuard.
    let guard = CrossOriginGuard::new(trusted.clone()).exempt_path_prefix("/webhooks/");
    let verdict = guard.check(&method, &uri, &headers);
    let safe = matches!(method, Method::GET | Method::HEAD | Method::OPTIONS);
    let exempt = EXEMPT.contains(&uri.path());
    if safe || exempt {
        assert!(verdict.is_ok(), "a safe or exempt request was refused: {method} {uri}");
    } else if origins.len() > 1 {
        assert!(verdict.is_err(), "several Origin lines passed");
    } else if let [one] = origins.as_slice() {
        if trusted.trusts(one) {
            assert!(verdict.is_ok(), "a trusted origin was refused");
        }
        let site = headers.get("sec-fetch-site").map(HeaderValue::as_bytes);
        if site == Some(b"cross-site") && !trusted.trusts(one) {
            assert!(verdict.is_err(), "an untrusted cross-site page passed");
        }
    }
    let (status, calls) = served(&guard, &method, &uri, &headers);
    let passed = verdict.is_ok();
    assert_eq!((status == 403, calls), (!passed, usize::from(passed)));

    // HostGuard: exactly one Host, one of the loopback names on the port (any case).
    let host_guard = HostGuard::loopback(3000);
    let lines: Vec<&[u8]> = headers.get_all(http::header::HOST).iter().map(HeaderValue::as_bytes).collect();
    let expected = match lines.as_slice() {
        [one] => ["localhost:3000", "127.0.0.1:3000", "[::1]:3000"]
            .iter()
            .any(|ok| one.eq_ignore_ascii_case(ok.as_bytes())),
        _ => false,
    };
    assert_eq!(host_guard.check(&uri, &headers).is_ok(), expected, "HostGuard: {headers:?}");
    let (status, calls) = served(&host_guard, &method, &uri, &headers);
    assert_eq!((status == 403, calls), (!expected, usize::from(expected)));
});
