//! The decision for one request: what kind of request it is, and whether and why it is
//! refused. Made by [`CorsPolicy::evaluate`] without allocating; written into response
//! headers by `response/`.

mod judge;
mod outcome;
mod refusal;
mod request_headers;

use http::header::{ACCESS_CONTROL_REQUEST_METHOD, ORIGIN};
use http::{HeaderMap, HeaderValue, Method};

pub(crate) use self::judge::wants_private_network;
pub(crate) use self::outcome::Outcome;
pub use self::refusal::{Malformed, Refusal};
use crate::policy::CorsPolicy;

/// What kind of request the policy saw (Fetch standard, "CORS protocol").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum RequestKind {
    /// No `Origin` header: not a CORS request (curl, servers, most same-origin GETs).
    NotCors,
    /// A request with `Origin` that is not a preflight: the handler runs, and the response
    /// is readable by the page only if the policy allows the origin.
    Actual,
    /// `OPTIONS` with `Origin` and `Access-Control-Request-Method`: answered by the policy,
    /// never by the handler.
    Preflight,
}

/// The policy's decision for one request, borrowed from the policy and the request.
///
/// Use it in a server of your own (the [`Cors`](crate::Cors) layer does exactly this):
///
/// ```
/// use http::{header, HeaderMap, HeaderValue, Method, StatusCode};
/// use tower_cors::{CorsPolicy, RequestKind};
///
/// let policy = CorsPolicy::builder()
///     .allow_origin("https://app.example.com")
///     .allow_methods([Method::PUT])
///     .build()?;
///
/// let mut request = HeaderMap::new();
/// request.insert(header::ORIGIN, HeaderValue::from_static("https://app.example.com"));
/// request.insert(header::ACCESS_CONTROL_REQUEST_METHOD, HeaderValue::from_static("PUT"));
///
/// let decision = policy.evaluate(&Method::OPTIONS, &request);
/// assert_eq!(decision.kind(), RequestKind::Preflight);
/// // A preflight is answered here, without calling the handler:
/// let response = decision.preflight_response().unwrap();
/// assert_eq!(response.status(), StatusCode::NO_CONTENT);
/// assert_eq!(response.headers()[header::ACCESS_CONTROL_ALLOW_METHODS], "PUT");
///
/// // Any other request goes to the handler; its response is then decorated:
/// let decision = policy.evaluate(&Method::GET, &request);
/// let mut response_headers = HeaderMap::new();
/// decision.decorate(&mut response_headers);
/// assert_eq!(response_headers[header::ACCESS_CONTROL_ALLOW_ORIGIN], "https://app.example.com");
/// assert_eq!(response_headers[header::VARY], "origin");
/// # Ok::<(), tower_cors::ConfigError>(())
/// ```
#[derive(Debug, Clone)]
pub struct Decision<'a> {
    policy: &'a CorsPolicy,
    kind: RequestKind,
    origin: Option<&'a HeaderValue>,
    request: &'a HeaderMap,
    outcome: Outcome<'a>,
}

impl CorsPolicy {
    /// Decides what to do with a request, given its method and headers. Never allocates and
    /// never panics, whatever the bytes.
    ///
    /// See [`Decision`] for how a server uses the result.
    #[must_use]
    pub fn evaluate<'a>(&'a self, method: &Method, request: &'a HeaderMap) -> Decision<'a> {
        let mut origins = request.get_all(ORIGIN).iter();
        let Some(origin) = origins.next() else {
            return Decision {
                policy: self,
                kind: RequestKind::NotCors,
                origin: None,
                request,
                outcome: Outcome::Allowed,
            };
        };
        // One lookup of `Access-Control-Request-Method`, for the kind and for the checks.
        let request_methods = (method == Method::OPTIONS)
            .then(|| request.get_all(ACCESS_CONTROL_REQUEST_METHOD))
            .filter(|lines| lines.iter().next().is_some());
        let kind = if request_methods.is_some() {
            RequestKind::Preflight
        } else {
            RequestKind::Actual
        };
        let outcome = if origins.next().is_some() {
            Outcome::Refused(Refusal::Malformed(Malformed::MultipleOrigins))
        } else {
            judge::judge(self, request_methods, origin, request)
        };
        Decision {
            policy: self,
            kind,
            origin: Some(origin),
            request,
            outcome,
        }
    }
}

impl<'a> Decision<'a> {
    /// The kind of request.
    #[must_use]
    pub fn kind(&self) -> RequestKind {
        self.kind
    }

    /// Why the request is refused, or `None` when it is allowed (or not a CORS request).
    #[must_use]
    pub fn refusal(&self) -> Option<Refusal<'a>> {
        match self.outcome {
            Outcome::Refused(refusal) => Some(refusal),
            Outcome::OriginNotAllowed => {
                // Checked to be visible ASCII when judged, so the conversion cannot fail.
                let origin = self.origin.map_or("", |o| o.to_str().unwrap_or_default());
                Some(Refusal::OriginNotAllowed { origin })
            }
            Outcome::Allowed => {
                let refused = self.kind == RequestKind::Preflight
                    && !self.policy.allows_private_network()
                    && wants_private_network(self.request);
                refused.then_some(Refusal::PrivateNetworkNotAllowed)
            }
        }
    }

    /// Whether the request is allowed: a non-CORS request always is.
    #[must_use]
    pub fn is_allowed(&self) -> bool {
        self.refusal().is_none()
    }

    /// The request's `Origin` value, when there is exactly one.
    #[must_use]
    pub fn origin(&self) -> Option<&'a HeaderValue> {
        self.origin
    }

    /// What judging found: what shapes the answer (see [`Outcome`]).
    pub(crate) fn verdict(&self) -> Outcome<'a> {
        self.outcome
    }

    /// The policy that decided.
    pub(crate) fn policy(&self) -> &'a CorsPolicy {
        self.policy
    }

    /// The request's headers.
    pub(crate) fn request(&self) -> &'a HeaderMap {
        self.request
    }
}
