//! The decision for one request: what kind of request it is, and whether and why it is
//! refused. Computed by [`CorsPolicy::evaluate`](crate::CorsPolicy::evaluate) without
//! allocating; turned into response headers by `response.rs`.

use http::header::GetAll;
use http::header::{ACCESS_CONTROL_REQUEST_HEADERS, ACCESS_CONTROL_REQUEST_METHOD, ORIGIN};
use http::{HeaderMap, HeaderValue, Method, Response};

use crate::headers::is_token;
use crate::origin::MAX_ORIGIN_LEN;
use crate::policy::{CorsPolicy, Inner};
use crate::refusal::{Malformed, Refusal, Refused};
use crate::response::{self, Rule};

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
    pub(crate) policy: &'a CorsPolicy,
    pub(crate) kind: RequestKind,
    pub(crate) origin: Option<&'a HeaderValue>,
    pub(crate) request: &'a HeaderMap,
    pub(crate) refusal: Option<Refused<'a>>,
}

/// What a decision is for: [`CorsPolicy::evaluate`](crate::CorsPolicy::evaluate) explains
/// (every refusal is found and typed), the layer only answers. The two differ in one lookup
/// whose result cannot change the response: whether a preflight asks for private network
/// access under a policy that does not allow it (the answer is the allowed one either way,
/// without `Access-Control-Allow-Private-Network`, which the browser then refuses).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Purpose {
    Explain,
    Answer,
}

impl<'a> Decision<'a> {
    pub(crate) fn new(
        policy: &'a CorsPolicy,
        method: &Method,
        request: &'a HeaderMap,
        purpose: Purpose,
    ) -> Self {
        let mut origins = request.get_all(ORIGIN).iter();
        let Some(origin) = origins.next() else {
            return Self {
                policy,
                kind: RequestKind::NotCors,
                origin: None,
                request,
                refusal: None,
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
        let refusal = if origins.next().is_some() {
            Some(Refused::Malformed(Malformed::MultipleOrigins))
        } else {
            judge(policy.inner(), request_methods, origin, request, purpose).err()
        };
        Self {
            policy,
            kind,
            origin: Some(origin),
            request,
            refusal,
        }
    }

    /// The kind of request.
    #[must_use]
    pub fn kind(&self) -> RequestKind {
        self.kind
    }

    /// Why the request is refused, or `None` when it is allowed (or not a CORS request).
    #[must_use]
    pub fn refusal(&self) -> Option<Refusal<'a>> {
        self.refusal.map(Refused::explain)
    }

    /// The refusal as kept, for the answer (no text conversion).
    pub(crate) fn refused(&self) -> Option<Refused<'a>> {
        self.refusal
    }

    /// Whether the request is allowed: a non-CORS request always is.
    #[must_use]
    pub fn is_allowed(&self) -> bool {
        self.refusal.is_none()
    }

    /// The request's `Origin` value, when there is exactly one.
    #[must_use]
    pub fn origin(&self) -> Option<&'a HeaderValue> {
        self.origin
    }

    /// The complete answer to a preflight (status and headers, empty body), or `None` when the
    /// request is not a preflight and must go to the handler.
    ///
    /// Allowed: 204 (or the configured success status). Refused because of the method or a
    /// header while the origin is allowed: the same success status with the origin and the
    /// policy's lists, so that the browser's console names the exact method or header.
    /// Refused because of private network access: the allowed answer, without
    /// `Access-Control-Allow-Private-Network`. Refused because of the origin or a malformed
    /// request: 403 (or the configured refusal status) and no CORS headers.
    #[must_use]
    pub fn preflight_response(&self) -> Option<Response<()>> {
        (self.kind == RequestKind::Preflight).then(|| response::preflight(self))
    }

    /// Adds the CORS headers to the response of an actual or non-CORS request: replaces any
    /// `Access-Control-*` headers already there and merges `Vary`. Does nothing for a preflight,
    /// whose answer is [`preflight_response`](Self::preflight_response).
    pub fn decorate(&self, response_headers: &mut HeaderMap) {
        if self.kind != RequestKind::Preflight {
            let inner = self.policy.inner();
            let rule = Rule::new(inner, inner.expose.as_ref());
            response::decorate(rule, self.echoed_origin(), response_headers);
        }
    }

    /// An owned copy of [`decorate`](Self::decorate), to keep across an `await` while the
    /// handler runs. It does not hold the policy: it costs nothing when the response gets no
    /// origin, and otherwise a reference-count increment of the origin's value (and of the
    /// exposed-headers value), or a copy of the origin's bytes if they are not already shared.
    #[must_use]
    pub fn decoration(&self) -> Decoration {
        let inner = self.policy.inner();
        let origin = self.echoed_origin().cloned();
        let writes_origin = inner.wildcard_origin || origin.is_some();
        Decoration {
            preflight: self.kind == RequestKind::Preflight,
            wildcard_origin: inner.wildcard_origin,
            credentials: inner.credentials,
            origin,
            expose: if writes_origin {
                inner.expose.clone()
            } else {
                None
            },
        }
    }

    fn echoed_origin(&self) -> Option<&'a HeaderValue> {
        match (self.kind, &self.refusal) {
            (RequestKind::Actual, None) => self.origin,
            _ => None,
        }
    }

    /// Whether the preflight is answered as an allowed one: allowed, or refused only for
    /// private network access (which the answer then lacks).
    pub(crate) fn answers_as_allowed(&self) -> bool {
        matches!(self.refusal, None | Some(Refused::PrivateNetwork))
    }

    pub(crate) fn inner(&self) -> &'a Inner {
        self.policy.inner()
    }
}

/// What to add to a handler's response: an owned [`Decision::decorate`].
#[derive(Debug, Clone)]
pub struct Decoration {
    preflight: bool,
    wildcard_origin: bool,
    credentials: bool,
    origin: Option<HeaderValue>,
    /// `Access-Control-Expose-Headers`, cloned only when the response gets an origin.
    expose: Option<HeaderValue>,
}

impl Decoration {
    /// The decoration of every non-preflight request under an any-origin policy without
    /// credentials, whose actual responses do not depend on the request: `*` and the exposed
    /// headers, and no `Vary: origin` (the Fetch standard's advice for a public resource). The
    /// layer uses it without reading the request's headers; `None` for a method that may start
    /// a preflight, or under any other policy.
    pub(crate) fn independent_of_request(inner: &Inner, method: &Method) -> Option<Self> {
        (inner.wildcard_origin && method != Method::OPTIONS).then(|| Self {
            preflight: false,
            wildcard_origin: true,
            credentials: false,
            origin: None,
            expose: inner.expose.clone(),
        })
    }

    /// Adds the CORS headers to the handler's response headers (see [`Decision::decorate`]).
    pub fn apply(&self, response_headers: &mut HeaderMap) {
        if !self.preflight {
            let rule = Rule {
                wildcard_origin: self.wildcard_origin,
                credentials: self.credentials,
                expose: self.expose.as_ref(),
            };
            response::decorate(rule, self.origin.as_ref(), response_headers);
        }
    }
}

/// The checks in the browser's order: origin, then method, then headers, then private network.
/// `request_methods` is `Some` for a preflight: its `Access-Control-Request-Method` lines.
fn judge<'a>(
    inner: &Inner,
    request_methods: Option<GetAll<'a, HeaderValue>>,
    origin: &'a HeaderValue,
    request: &'a HeaderMap,
    purpose: Purpose,
) -> Result<(), Refused<'a>> {
    let origins = &inner.origins;
    // A listed origin is well-formed by construction: the common case skips the byte checks.
    if !origins.is_listed(origin.as_bytes()) {
        check_origin(origin)?;
        if !(origins.allows_any() || origins.matches_unlisted(origin.as_bytes())) {
            return Err(Refused::Origin(origin.as_bytes()));
        }
    }
    let Some(request_methods) = request_methods else {
        return Ok(());
    };
    let mut methods = request_methods.into_iter();
    let method = methods.next().map_or(&b""[..], HeaderValue::as_bytes);
    if methods.next().is_some() {
        return Err(Refused::Malformed(Malformed::MultipleRequestMethods));
    }
    // As for origins, a listed method skips the syntax check that only a miss needs.
    if !inner.methods.is_listed(method) {
        if !is_token(method) {
            return Err(Refused::Malformed(Malformed::InvalidRequestMethod));
        }
        if !inner.methods.allows(method) {
            return Err(Refused::Method(method));
        }
    }
    inner
        .headers
        .check(request.get_all(ACCESS_CONTROL_REQUEST_HEADERS))?;
    // The lookup of a custom header name costs more than the rest of a preflight's checks;
    // the layer skips it when its answer could not change the response (see `Purpose`).
    if !inner.private_network
        && purpose == Purpose::Explain
        && response::wants_private_network(request)
    {
        return Err(Refused::PrivateNetwork);
    }
    Ok(())
}

fn check_origin(origin: &HeaderValue) -> Result<(), Malformed> {
    let bytes = origin.as_bytes();
    if bytes.is_empty() {
        return Err(Malformed::EmptyOrigin);
    }
    if bytes.len() > MAX_ORIGIN_LEN {
        return Err(Malformed::OriginTooLong);
    }
    if !crate::host::is_visible_ascii(bytes) {
        return Err(Malformed::OriginNotAscii);
    }
    Ok(())
}
