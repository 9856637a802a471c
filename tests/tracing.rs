//! The `tracing` feature: refused requests at `debug` with their fields, allowed ones at
//! `trace`, build warnings at `warn`, guard refusals; captured by a real subscriber.
#![cfg(feature = "tracing")]

use std::collections::BTreeMap;
use std::convert::Infallible;
use std::sync::{Arc, Mutex};

use http::{Method, Request, Response, header};
use tower::{ServiceExt, service_fn};
use tower_cors::guard::{TrustedOrigins, WebSocketGuard};
use tower_cors::{Cors, CorsPolicy};
use tracing::field::{Field, Visit};
use tracing_subscriber::layer::{Context, SubscriberExt};

/// One captured event: its level, target and fields (the message under `message`).
#[derive(Debug, Clone)]
struct Event {
    level: tracing::Level,
    target: String,
    fields: BTreeMap<String, String>,
}

#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<Event>>>);

struct Fields<'a>(&'a mut BTreeMap<String, String>);

impl Visit for Fields<'_> {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0.insert(field.name().to_owned(), format!("{value:?}"));
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().to_owned(), value.to_owned());
    }
}

impl<S: tracing::Subscriber> tracing_subscriber::Layer<S> for Capture {
    fn on_event(&self, event: &tracing::Event<'_>, _: Context<'_, S>) {
        let mut fields = BTreeMap::new();
        event.record(&mut Fields(&mut fields));
        self.0.lock().unwrap().push(Event {
            level: *event.metadata().level(),
            target: event.metadata().target().to_owned(),
            fields,
        });
    }
}

/// Runs `f` with a subscriber that captures every event, and returns them.
fn capture(f: impl FnOnce()) -> Vec<Event> {
    let capture = Capture::default();
    let subscriber = tracing_subscriber::registry().with(capture.clone());
    tracing::subscriber::with_default(subscriber, f);
    capture.0.lock().unwrap().clone()
}

type Reply = std::future::Ready<Result<Response<String>, Infallible>>;
type Handler = tower::util::ServiceFn<fn(Request<()>) -> Reply>;

fn hello(_: Request<()>) -> Reply {
    std::future::ready(Ok(Response::new("hello".to_owned())))
}

/// Calls a handler that answers "hello" through `layer`.
fn call<L>(layer: L, request: Request<()>) -> Response<String>
where
    L: tower::Layer<Handler>,
    L::Service: tower::Service<Request<()>, Response = Response<String>, Error = Infallible>,
{
    let service = layer.layer(service_fn(hello as fn(Request<()>) -> Reply));
    let runtime = tokio::runtime::Builder::new_current_thread()
        .build()
        .unwrap();
    runtime.block_on(service.oneshot(request)).unwrap()
}

fn policy() -> CorsPolicy {
    CorsPolicy::builder()
        .allow_origin("https://app.example.com")
        .allow_methods([Method::PUT])
        .build()
        .unwrap()
}

#[test]
fn a_refused_preflight_is_logged_at_debug_with_its_reason_and_fix() {
    let request = Request::options("/")
        .header(header::ORIGIN, "https://app.example.com")
        .header(header::ACCESS_CONTROL_REQUEST_METHOD, "PUT")
        .header(header::ACCESS_CONTROL_REQUEST_HEADERS, "x-debug")
        .body(())
        .unwrap();
    let events = capture(|| drop(call(Cors::new(policy()), request)));
    assert_eq!(events.len(), 1, "{events:?}");
    let e = &events[0];
    assert_eq!(
        (e.level, e.target.as_str()),
        (tracing::Level::DEBUG, "tower_cors")
    );
    assert_eq!(e.fields["message"], "CORS request refused");
    assert_eq!(e.fields["kind"], "preflight");
    assert_eq!(e.fields["origin"], "https://app.example.com");
    assert_eq!(
        e.fields["reason"],
        r#"request header "x-debug" is not allowed"#
    );
    assert_eq!(e.fields["fix"], r#".allow_header("x-debug")"#);
    assert_eq!(e.fields["code"], "CORSMissingAllowHeaderFromPreflight");
}

#[test]
fn a_refused_origin_is_logged_escaped() {
    let request = Request::get("/")
        .header(header::ORIGIN, &b"https://evil.test\"\xff"[..])
        .body(())
        .unwrap();
    let events = capture(|| drop(call(Cors::new(policy()), request)));
    assert_eq!(events.len(), 1, "{events:?}");
    assert_eq!(events[0].fields["kind"], "actual");
    assert_eq!(events[0].fields["origin"], r#"https://evil.test\"\xff"#);
    assert!(
        events[0].fields["reason"].starts_with("malformed request"),
        "{events:?}"
    );
}

#[test]
fn an_allowed_request_is_logged_at_trace_and_a_non_cors_one_not_at_all() {
    let allowed = Request::get("/")
        .header(header::ORIGIN, "https://app.example.com")
        .body(())
        .unwrap();
    let events = capture(|| drop(call(Cors::new(policy()), allowed)));
    assert_eq!(events.len(), 1, "{events:?}");
    assert_eq!(events[0].level, tracing::Level::TRACE);
    assert_eq!(events[0].fields["message"], "CORS request allowed");
    let no_origin = Request::get("/").body(()).unwrap();
    assert!(capture(|| drop(call(Cors::new(policy()), no_origin))).is_empty());
}

#[test]
fn build_warnings_are_logged_once_at_warn() {
    let events = capture(|| {
        let policy = CorsPolicy::builder()
            .allow_origin("https://app.example.com")
            .expose_header("content-type")
            .build()
            .unwrap();
        drop(call(Cors::new(policy), Request::get("/").body(()).unwrap()));
    });
    assert_eq!(events.len(), 1, "{events:?}");
    assert_eq!(events[0].level, tracing::Level::WARN);
    assert!(
        events[0].fields["message"].contains(r#"exposed header "content-type" is always readable"#)
    );
}

#[test]
fn a_guard_refusal_is_logged_with_its_reason() {
    let guard = WebSocketGuard::new(TrustedOrigins::from_policy(&policy()));
    let request = Request::get("/ws")
        .header(header::UPGRADE, "websocket")
        .header(header::ORIGIN, "https://evil.test")
        .body(())
        .unwrap();
    let events = capture(|| assert_eq!(call(guard, request).status(), 403));
    assert_eq!(events.len(), 1, "{events:?}");
    assert_eq!(events[0].target, "tower_cors::guard");
    assert!(
        events[0].fields["reason"]
            .contains(r#"a page of "https://evil.test" may not open a WebSocket"#)
    );
}
