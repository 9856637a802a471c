//! What an RPC server received, per scenario: every URL a page calls is
//! `http://127.0.0.1:<port>/<scenario>/demo.v1.Greeter/Greet` (the client's base URL ends with
//! the scenario's name, so each console line names its scenario). The outermost layer counts
//! the request, strips the scenario segment and hands it to the handler as an extension.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use http::{Method, Request, Uri, header};
use tower::{Layer, Service};
use tower_cors::CorsPolicy;
use tower_cors::diagnostics::Explanation;

/// The scenario a request belongs to, for the handler.
#[derive(Debug, Clone)]
pub(crate) struct ScenarioName(pub(crate) String);

/// One request as the server saw it, before the CORS layer.
#[derive(Debug, Clone)]
pub(crate) struct Seen {
    pub(crate) preflight: bool,
    pub(crate) origin: String,
    /// The policy's explanation of its refusal, if it refused the request.
    pub(crate) explanation: Option<Explanation>,
}

/// Requests seen per scenario (outside the CORS layer) and handler runs.
#[derive(Debug)]
pub(crate) struct Log {
    policy: CorsPolicy,
    seen: Mutex<HashMap<String, Vec<Seen>>>,
    handled: Mutex<HashMap<String, usize>>,
}

impl Log {
    /// The log of a server whose CORS layer enforces `policy`.
    pub(crate) fn with_policy(policy: CorsPolicy) -> Self {
        Self {
            policy,
            seen: Mutex::default(),
            handled: Mutex::default(),
        }
    }

    /// The requests seen for `scenario`.
    pub(crate) fn seen(&self, scenario: &str) -> Vec<Seen> {
        self.seen
            .lock()
            .unwrap()
            .get(scenario)
            .cloned()
            .unwrap_or_default()
    }

    /// (preflights, other requests, handler runs) for `scenario`.
    pub(crate) fn counts(&self, scenario: &str) -> (usize, usize, usize) {
        let seen = self.seen(scenario);
        let preflights = seen.iter().filter(|s| s.preflight).count();
        let handled = self
            .handled
            .lock()
            .unwrap()
            .get(scenario)
            .copied()
            .unwrap_or(0);
        (preflights, seen.len() - preflights, handled)
    }

    /// Called by a handler when it runs.
    pub(crate) fn hit(&self, scenario: &str) {
        *self
            .handled
            .lock()
            .unwrap()
            .entry(scenario.to_owned())
            .or_default() += 1;
    }
}

/// The outermost layer of every RPC server.
#[derive(Debug, Clone)]
pub(crate) struct RecordLayer(pub(crate) Arc<Log>);

impl<S> Layer<S> for RecordLayer {
    type Service = Record<S>;

    fn layer(&self, inner: S) -> Record<S> {
        Record {
            inner,
            log: Arc::clone(&self.0),
        }
    }
}

#[derive(Debug, Clone)]
pub(crate) struct Record<S> {
    inner: S,
    log: Arc<Log>,
}

impl<S, B> Service<Request<B>> for Record<S>
where
    S: Service<Request<B>>,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = S::Future;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut req: Request<B>) -> S::Future {
        let path = req.uri().path().to_owned();
        let (scenario, rest) = path
            .trim_start_matches('/')
            .split_once('/')
            .map_or((String::new(), path.clone()), |(s, rest)| {
                (s.to_owned(), format!("/{rest}"))
            });
        let headers = req.headers();
        let preflight = req.method() == Method::OPTIONS
            && headers.contains_key(header::ACCESS_CONTROL_REQUEST_METHOD);
        let origin = headers.get(header::ORIGIN).map_or_else(
            || "-".to_owned(),
            |v| String::from_utf8_lossy(v.as_bytes()).into_owned(),
        );
        let seen = Seen {
            preflight,
            origin,
            explanation: self.log.policy.evaluate(req.method(), headers).explain(),
        };
        let mut log = self.log.seen.lock().unwrap();
        log.entry(scenario.clone()).or_default().push(seen);
        drop(log);
        let query = req
            .uri()
            .query()
            .map(|q| format!("?{q}"))
            .unwrap_or_default();
        let mut parts = req.uri().clone().into_parts();
        parts.path_and_query = Some(format!("{rest}{query}").parse().expect("a path"));
        *req.uri_mut() = Uri::from_parts(parts).expect("a URI");
        req.extensions_mut().insert(ScenarioName(scenario));
        self.inner.call(req)
    }
}
