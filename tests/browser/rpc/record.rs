//! What an RPC server received, per scenario: every URL a page calls is
//! `http://127.0.0.1:<port>/<scenario>/demo.v1.Greeter/Greet` (the client's base URL ends with
//! the scenario's name, so each console line names its scenario). The outermost layer counts
//! the request, strips the scenario segment and hands it to the handler as an extension.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};

use http::{Method, Request, Uri, header};
use tower::{Layer, Service};

/// The scenario a request belongs to, for the handler.
#[derive(Debug, Clone)]
pub(crate) struct ScenarioName(pub(crate) String);

/// Requests seen per scenario (outside the CORS layer) and handler runs.
#[derive(Debug, Default)]
pub(crate) struct Log {
    /// (preflights, other requests, origins sent) per scenario.
    seen: Mutex<HashMap<String, (usize, usize, Vec<String>)>>,
    handled: Mutex<HashMap<String, usize>>,
}

impl Log {
    /// (preflights, other requests, handler runs) for `scenario`.
    pub(crate) fn counts(&self, scenario: &str) -> (usize, usize, usize) {
        let (preflights, actuals) = self
            .seen
            .lock()
            .unwrap()
            .get(scenario)
            .map_or((0, 0), |(p, a, _)| (*p, *a));
        let handled = self
            .handled
            .lock()
            .unwrap()
            .get(scenario)
            .copied()
            .unwrap_or(0);
        (preflights, actuals, handled)
    }

    /// The `Origin` of every request seen for `scenario`.
    pub(crate) fn origins(&self, scenario: &str) -> Vec<String> {
        self.seen
            .lock()
            .unwrap()
            .get(scenario)
            .map(|(_, _, o)| o.clone())
            .unwrap_or_default()
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
        let origin = headers
            .get(header::ORIGIN)
            .map_or_else(|| "-".to_owned(), |v| String::from_utf8_lossy(v.as_bytes()).into_owned());
        {
            let mut seen = self.log.seen.lock().unwrap();
            let entry = seen.entry(scenario.clone()).or_default();
            if preflight {
                entry.0 += 1;
            } else {
                entry.1 += 1;
            }
            entry.2.push(origin);
        }
        let mut parts = req.uri().clone().into_parts();
        parts.path_and_query = Some(rest.parse().expect("a path"));
        *req.uri_mut() = Uri::from_parts(parts).expect("a URI");
        req.extensions_mut().insert(ScenarioName(scenario));
        self.inner.call(req)
    }
}
