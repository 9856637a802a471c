//! The CORS headers of a handler's response: [`Decoration`], taken from a decision before
//! the handler runs and applied to its response, whatever its status.
//!
//! Fetch standard, "HTTP responses" (<https://fetch.spec.whatwg.org/#http-responses>) and
//! "CORS protocol and credentials" (<https://fetch.spec.whatwg.org/#cors-protocol-and-credentials>).

use http::header::{self, HeaderName};
use http::{HeaderMap, HeaderValue, Method};

use super::names::{CORS_HEADERS, TRUE, WILDCARD};
use super::vary;
use crate::decision::{Decision, Outcome, RequestKind};
use crate::policy::CorsPolicy;

impl Decision<'_> {
    /// Adds the CORS headers to the response of an actual or non-CORS request: replaces any
    /// `Access-Control-*` headers already there and merges `Vary`. Does nothing for a preflight,
    /// whose answer is [`preflight_response`](Self::preflight_response).
    pub fn decorate(&self, response_headers: &mut HeaderMap) {
        self.decoration().apply(response_headers);
    }

    /// An owned copy of [`decorate`](Self::decorate), to keep across an `await` while the
    /// handler runs. It does not hold the policy: it costs nothing when the response gets no
    /// origin, and otherwise a reference-count increment of the origin's value (and of the
    /// exposed-headers value), or a copy of the origin's bytes if they are not already shared.
    #[must_use]
    pub fn decoration(&self) -> Decoration {
        let policy = self.policy();
        let allowed_actual =
            self.kind() == RequestKind::Actual && self.verdict() == Outcome::Allowed;
        let origin = self.origin().filter(|_| allowed_actual).cloned();
        let writes_origin = policy.is_public() || origin.is_some();
        Decoration {
            preflight: self.kind() == RequestKind::Preflight,
            public: policy.is_public(),
            credentials: policy.allows_credentials(),
            origin,
            expose: policy.exposed_headers().filter(|_| writes_origin).cloned(),
            stamp: None,
        }
    }
}

/// Five bytes that a layer recording outcomes leaves in a decoration, for the response's
/// extensions (the middleware packs and unpacks them: a `CorsOutcome`). They fit in the
/// decoration's padding, so a layer that records nothing moves no more bytes than before.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Stamp(pub(crate) std::num::NonZeroU8, pub(crate) [u8; 4]);

/// What to add to a handler's response: an owned [`Decision::decorate`].
#[derive(Debug, Clone)]
pub struct Decoration {
    preflight: bool,
    /// Any origin without credentials: `*`, and no `Vary: origin`.
    public: bool,
    credentials: bool,
    /// The request's origin, when it is an allowed actual request.
    origin: Option<HeaderValue>,
    /// `Access-Control-Expose-Headers`, cloned only when the response gets an origin.
    expose: Option<HeaderValue>,
    /// The request's outcome, when the layer records outcomes.
    stamp: Option<Stamp>,
}

impl Decoration {
    /// The decoration of every non-preflight request under a public policy, whose actual
    /// responses do not depend on the request: `*` and the exposed headers, and no
    /// `Vary: origin`. The layer uses it without reading the request's headers; `None` for a
    /// method that may start a preflight, or under any other policy.
    pub(crate) fn independent_of_request(policy: &CorsPolicy, method: &Method) -> Option<Self> {
        (policy.is_public() && method != Method::OPTIONS).then(|| Self {
            preflight: false,
            public: true,
            credentials: false,
            origin: None,
            expose: policy.exposed_headers().cloned(),
            stamp: None,
        })
    }

    /// Carries `stamp` to the response (see [`Stamp`]).
    pub(crate) fn with_stamp(mut self, stamp: Stamp) -> Self {
        self.stamp = Some(stamp);
        self
    }

    /// The stamp a recording layer left.
    pub(crate) fn stamp(&self) -> Option<Stamp> {
        self.stamp
    }

    /// Adds the CORS headers to the handler's response headers (see [`Decision::decorate`]).
    pub fn apply(&self, response_headers: &mut HeaderMap) {
        if self.preflight {
            return;
        }
        let headers = response_headers;
        // One pass over the handler's few header names answers both questions, so that the
        // common response (no CORS header, no `Vary`) costs no lookup before the inserts.
        let (mut cors, mut has_vary) = (false, false);
        for name in headers.keys() {
            cors |= is_cors_header(name);
            has_vary |= name == header::VARY;
        }
        if cors {
            // Exactly one layer speaks CORS: never a duplicate `Access-Control-Allow-Origin`.
            for name in CORS_HEADERS {
                headers.remove(name);
            }
        }
        if self.public {
            headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, WILDCARD);
        } else if let Some(origin) = &self.origin {
            headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin.clone());
            if self.credentials {
                headers.insert(header::ACCESS_CONTROL_ALLOW_CREDENTIALS, TRUE);
            }
        }
        if let Some(expose) = &self.expose {
            headers.insert(header::ACCESS_CONTROL_EXPOSE_HEADERS, expose.clone());
        }
        if !self.public {
            if has_vary {
                vary::add_origin(headers);
            } else {
                headers.append(header::VARY, HeaderValue::from_static("origin"));
            }
        }
    }
}

/// Whether a response header belongs to the CORS protocol (and so to this layer alone).
fn is_cors_header(name: &HeaderName) -> bool {
    CORS_HEADERS.iter().any(|cors| cors == name)
}
