//! Shared builders for the core tests.

use std::convert::Infallible;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use http::header::{
    ACCESS_CONTROL_REQUEST_HEADERS, ACCESS_CONTROL_REQUEST_METHOD, HeaderName, ORIGIN,
};
use http::{HeaderMap, HeaderValue, Method, Request, Response, StatusCode};
use tower::{ServiceExt, service_fn};
use tower_cors::{Cors, CorsConfig, CorsPolicy};

/// A request header map from name/value pairs (names may repeat).
pub(crate) fn headers(pairs: &[(&str, &str)]) -> HeaderMap {
    let mut map = HeaderMap::new();
    for (name, value) in pairs {
        map.append(
            HeaderName::from_bytes(name.as_bytes()).unwrap(),
            HeaderValue::from_str(value).unwrap(),
        );
    }
    map
}

/// The headers of a browser preflight.
pub(crate) fn preflight_headers(origin: &str, method: &str, request_headers: &str) -> HeaderMap {
    let mut map = headers(&[
        (ORIGIN.as_str(), origin),
        (ACCESS_CONTROL_REQUEST_METHOD.as_str(), method),
    ]);
    if !request_headers.is_empty() {
        map.insert(
            ACCESS_CONTROL_REQUEST_HEADERS,
            HeaderValue::from_str(request_headers).unwrap(),
        );
    }
    map
}

/// The policy's answer to a preflight.
pub(crate) fn preflight(
    policy: &CorsPolicy,
    origin: &str,
    method: &str,
    acrh: &str,
) -> Response<()> {
    let request = preflight_headers(origin, method, acrh);
    policy
        .evaluate(&Method::OPTIONS, &request)
        .preflight_response()
        .expect("a preflight is answered by the policy")
}

/// The value of a response header as text, or `None`.
pub(crate) fn header<'a>(headers: &'a HeaderMap, name: &str) -> Option<&'a str> {
    headers.get(name).map(|v| v.to_str().unwrap())
}

/// All lines of a response header.
pub(crate) fn all(headers: &HeaderMap, name: &str) -> Vec<String> {
    headers
        .get_all(name)
        .iter()
        .map(|v| v.to_str().unwrap().to_owned())
        .collect()
}

/// A policy from a config, which must build.
#[allow(clippy::needless_pass_by_value)] // reads better at call sites
pub(crate) fn build(config: CorsConfig) -> CorsPolicy {
    config.build().expect("the policy builds")
}

/// Sends one request through `Cors` in front of an inner service that answers with
/// `status` and `inner_headers`, and counts its calls.
pub(crate) struct Harness {
    pub(crate) policy: CorsPolicy,
    pub(crate) status: StatusCode,
    pub(crate) inner_headers: Vec<(&'static str, &'static str)>,
    pub(crate) calls: Arc<AtomicUsize>,
}

impl Harness {
    pub(crate) fn new(policy: CorsPolicy) -> Self {
        Self {
            policy,
            status: StatusCode::OK,
            inner_headers: Vec::new(),
            calls: Arc::default(),
        }
    }

    pub(crate) fn status(mut self, status: StatusCode) -> Self {
        self.status = status;
        self
    }

    pub(crate) fn inner_header(mut self, name: &'static str, value: &'static str) -> Self {
        self.inner_headers.push((name, value));
        self
    }

    pub(crate) fn calls(&self) -> usize {
        self.calls.load(Ordering::SeqCst)
    }

    pub(crate) fn send(
        &self,
        method: Method,
        request_headers: &[(&str, &str)],
    ) -> Response<String> {
        let mut request = Request::builder().method(method).uri("/").body(()).unwrap();
        *request.headers_mut() = headers(request_headers);
        let (status, extra, calls) = (self.status, self.inner_headers.clone(), self.calls.clone());
        let inner = service_fn(move |_req: Request<()>| {
            calls.fetch_add(1, Ordering::SeqCst);
            let mut response = Response::new("inner".to_owned());
            *response.status_mut() = status;
            for (name, value) in &extra {
                response
                    .headers_mut()
                    .append(*name, HeaderValue::from_static(value));
            }
            async move { Ok::<_, Infallible>(response) }
        });
        let service = tower::Layer::layer(&Cors::new(self.policy.clone()), inner);
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .unwrap();
        runtime.block_on(service.oneshot(request)).unwrap()
    }
}
