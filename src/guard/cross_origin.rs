//! [`CrossOriginGuard`]: refuses unsafe methods sent by pages of other, untrusted origins.

use std::sync::Arc;

use http::header::{HOST, ORIGIN};
use http::{HeaderMap, HeaderName, Method, Uri};
use tower_layer::Layer;

use super::refusal::GuardRefusal;
use super::service::{Guard, GuardService, sealed};
use super::trusted::TrustedOrigins;
use crate::grammar::path_prefix::PathPrefix;

/// `Sec-Fetch-Site`, sent by every current browser: `same-origin`, `same-site`,
/// `cross-site`, or `none` (typed in the address bar, a bookmark).
const SEC_FETCH_SITE: HeaderName = HeaderName::from_static("sec-fetch-site");

/// A Tower layer that answers 403 to a request with an unsafe method (anything but `GET`,
/// `HEAD` and `OPTIONS`) sent by a page of another origin that is not trusted: a forged form
/// post, or a `no-cors` fetch, which CORS lets through. The handler never runs for it.
///
/// # The algorithm
/// 1. `GET`, `HEAD`, `OPTIONS` pass (they must not change state), and so do exempt paths.
/// 2. With `Sec-Fetch-Site` (every current browser): `same-origin` and `none` pass; anything
///    else (`same-site` too: a sibling subdomain or another port is another origin) passes
///    only if `Origin` is trusted.
/// 3. Without it (older browsers): no `Origin` passes (not a browser, or a same-origin
///    request of a browser that omits it); an `Origin` passes if it is the request's own
///    origin or trusted.
///
/// # Limits
/// - The request's own origin is its `Host` (or, in HTTP/2, the `:authority`), compared with
///   the `Origin`'s host and port as text, and its scheme when the server knows it (an
///   absolute request URI, or [`own_scheme`](Self::own_scheme)). Behind a proxy, the proxy
///   must pass `Host` through unchanged (nginx: `proxy_set_header Host $host;`), and a proxy
///   that terminates TLS hides the scheme: set `own_scheme("https")`.
/// - Clients that are not browsers send what they like: this is no authentication.
/// - A trusted origin is trusted with every unsafe method of the service: trust only your own
///   sites.
///
/// ```
/// use axum::{routing::post, Router};
/// use tower_cors::guard::{CrossOriginGuard, TrustedOrigins};
/// use tower_cors::{Cors, CorsPolicy};
///
/// let policy = CorsPolicy::builder().allow_origin("https://app.example.com").build()?;
/// let app: Router = Router::new()
///     .route("/transfer", post(|| async { "done" }))
///     .route("/webhooks/stripe", post(|| async { "ok" }))
///     .layer(
///         CrossOriginGuard::new(TrustedOrigins::from_policy(&policy))
///             .exempt_path_prefix("/webhooks/")
///             .own_scheme("https"),
///     )
///     .layer(Cors::new(policy));
/// # Ok::<(), tower_cors::ConfigError>(())
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct CrossOriginGuard {
    trusted: TrustedOrigins,
    exempt: Arc<[PathPrefix]>,
    scheme: Option<Box<str>>,
    report_only: bool,
}

impl CrossOriginGuard {
    /// A guard that trusts `trusted` origins besides the request's own.
    pub fn new(trusted: TrustedOrigins) -> Self {
        Self {
            trusted,
            exempt: Arc::new([]),
            scheme: None,
            report_only: false,
        }
    }

    /// Lets every request under the path `prefix` through (webhooks, endpoints that
    /// authenticate each request by a signature rather than by cookies).
    ///
    /// The prefix covers whole path segments, by the same rule as
    /// [`Cors::with_path_prefix`](crate::Cors::with_path_prefix): `"/webhooks"` (or
    /// `"/webhooks/"`) covers `/webhooks` and `/webhooks/...`, never `/webhooks-admin`,
    /// `/Webhooks` (paths are case-sensitive, as routers read them), `//webhooks` or
    /// `/webhooks%2Fstripe`; a path with a `.` or `..` segment (also percent-encoded) is never
    /// exempt, since a proxy that resolves it would reach another route. A request that is not
    /// exempt is judged like any other, so doubt costs a refusal, never a pass.
    pub fn exempt_path_prefix(mut self, prefix: impl AsRef<str>) -> Self {
        let mut exempt = self.exempt.to_vec();
        exempt.push(PathPrefix::new(prefix.as_ref()));
        self.exempt = exempt.into();
        self
    }

    /// The scheme browsers use to reach this server (`"https"` behind a proxy that terminates
    /// TLS), so that a page over another scheme is not taken for the request's own origin.
    pub fn own_scheme(mut self, scheme: impl Into<String>) -> Self {
        self.scheme = Some(scheme.into().to_ascii_lowercase().into_boxed_str());
        self
    }

    /// Checks a request's head: see the algorithm above.
    ///
    /// # Errors
    /// Why the request is refused.
    pub fn check<'a>(
        &self,
        method: &'a Method,
        uri: &Uri,
        headers: &'a HeaderMap,
    ) -> Result<(), GuardRefusal<'a>> {
        if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
            || self.exempt.iter().any(|p| p.covers(uri.path()))
        {
            return Ok(());
        }
        let mut origins = headers.get_all(ORIGIN).iter();
        let origin = match (origins.next(), origins.next()) {
            (origin, None) => origin,
            (_, Some(_)) => return Err(GuardRefusal::MultipleOrigins),
        };
        let fetch_site = headers.get(SEC_FETCH_SITE);
        let allowed = match (fetch_site.map(|v| v.as_bytes()), origin) {
            (Some(b"same-origin" | b"none"), _) => true,
            (Some(_), None) => false,
            (Some(_), Some(origin)) => self.trusted.trusts(origin.as_bytes()),
            (None, None) => true,
            (None, Some(origin)) => {
                self.is_own(origin.as_bytes(), uri, headers)
                    || self.trusted.trusts(origin.as_bytes())
            }
        };
        if allowed {
            return Ok(());
        }
        let text = |v: &'a http::HeaderValue| v.to_str().unwrap_or_default();
        Err(GuardRefusal::CrossOrigin {
            method: method.as_str(),
            origin: origin.map(text),
            fetch_site: fetch_site.map(text),
        })
    }

    /// Whether `origin` is the request's own: its host and port are the request's `Host`
    /// (or `:authority`), and its scheme the request's when that is known.
    fn is_own(&self, origin: &[u8], uri: &Uri, headers: &HeaderMap) -> bool {
        let Some(at) = origin.windows(3).position(|w| w == b"://") else {
            return false;
        };
        let (scheme, authority) = (&origin[..at], &origin[at + 3..]);
        let host = match headers.get(HOST) {
            Some(host) => host.as_bytes(),
            None => match uri.authority() {
                Some(authority) => authority.as_str().as_bytes(),
                None => return false,
            },
        };
        let own_scheme = uri.scheme_str().or(self.scheme.as_deref());
        authority.eq_ignore_ascii_case(host)
            && own_scheme.is_none_or(|own| scheme.eq_ignore_ascii_case(own.as_bytes()))
    }
}

impl CrossOriginGuard {
    /// Report-only: a request the guard would refuse is counted (feature `metrics`,
    /// `tower_cors_guard_refusals_total{mode="report-only"}`) and logged (feature `tracing`,
    /// target `tower_cors::guard`), then let through with its
    /// [`GuardRefusalKind`](super::GuardRefusalKind) in the request's extensions. Run a guard
    /// this way first to see what it would refuse in production.
    pub fn report_only(mut self) -> Self {
        self.report_only = true;
        self
    }
}

impl sealed::Sealed for CrossOriginGuard {}

impl Guard for CrossOriginGuard {
    fn check_request<'a>(
        &self,
        method: &'a Method,
        uri: &'a Uri,
        headers: &'a HeaderMap,
    ) -> Result<(), GuardRefusal<'a>> {
        self.check(method, uri, headers)
    }

    fn name(&self) -> &'static str {
        "cross_origin"
    }

    fn is_report_only(&self) -> bool {
        self.report_only
    }
}

impl<S> Layer<S> for CrossOriginGuard {
    type Service = GuardService<S, Self>;

    fn layer(&self, inner: S) -> Self::Service {
        GuardService::new(inner, self.clone())
    }
}
