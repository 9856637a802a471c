//! `Cors`: the Tower layer.

use std::sync::Arc;

use http::{HeaderMap, Uri};
use tower_layer::Layer;

use super::extras::{Candidate, Extras};
use super::report::CandidateReport;
use super::service::CorsService;
use super::source::{PolicySource, Slot};
#[cfg(feature = "reload")]
use super::tenants::TenantPolicies;
use crate::config::CorsConfig;
use crate::error::ConfigError;
use crate::policy::CorsPolicy;

/// A policy a layer applies: a [`CorsPolicy`], or a `&ReloadablePolicy` (feature `reload`).
/// Made by `From`; give either to [`Cors::new`] or [`Cors::with_path_prefix`].
#[derive(Debug, Clone)]
pub struct LayerPolicy(Slot);

impl From<CorsPolicy> for LayerPolicy {
    fn from(policy: CorsPolicy) -> Self {
        Self(Slot::Fixed(policy))
    }
}

#[cfg(feature = "reload")]
impl From<&super::reload::ReloadablePolicy> for LayerPolicy {
    fn from(policy: &super::reload::ReloadablePolicy) -> Self {
        Self(Slot::Reloadable(policy.clone()))
    }
}

/// The CORS middleware as a Tower [`Layer`]: wraps a service in a [`CorsService`].
///
/// Tower names a layer `<Noun>Layer` and its service `<Noun>`; this crate names the layer
/// `Cors` (what you write in `.layer(Cors::new(policy))`) and the service [`CorsService`].
///
/// Put it **outermost**: around authentication, routing, body limits, error handling and
/// catch-panic, so that it answers preflights before any of them and decorates every
/// response they produce. In axum, the layer added last runs first, and `Router::layer`
/// (not `route_layer`) also covers requests that match no route.
///
/// ```
/// use axum::{routing::get, Router};
/// use tower_cors::{Cors, CorsPolicy};
///
/// let policy = CorsPolicy::builder()
///     .allow_origin("https://app.example.com")
///     .build()?;
/// let app: Router = Router::new()
///     .route("/", get(|| async { "hello" }))
///     .layer(Cors::new(policy));
/// # Ok::<(), tower_cors::ConfigError>(())
/// ```
///
/// # Policies per path prefix
/// One layer speaks CORS for a service; a second `Cors` nested inside it would never be
/// heard (the outer one answers every preflight and replaces the headers of every response).
/// Give paths their own policy in the one layer instead:
///
/// ```
/// use axum::{routing::get, Router};
/// use tower_cors::{Cors, CorsConfig, CorsPolicy};
///
/// let app_only = CorsPolicy::builder().allow_origin("https://app.example.com").build()?;
/// let public = CorsConfig::public().build()?;
/// let app: Router = Router::new()
///     .route("/account", get(|| async { "private" }))
///     .route("/public/status", get(|| async { "ok" }))
///     .layer(Cors::new(app_only).with_path_prefix("/public", public));
/// # Ok::<(), tower_cors::ConfigError>(())
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct Cors {
    source: PolicySource,
    extras: Option<Arc<Extras>>,
}

impl Cors {
    /// A layer applying `policy`: a [`CorsPolicy`] (only a validated policy can make a layer),
    /// or a [`ReloadablePolicy`](crate::ReloadablePolicy) (feature `reload`), whose current
    /// policy applies to each request.
    ///
    /// ```
    /// # #[cfg(feature = "reload")] {
    /// use tower_cors::{Cors, CorsPolicy, ReloadablePolicy};
    ///
    /// let build = |o: &str| CorsPolicy::builder().allow_origin(o).build().unwrap();
    /// let fixed = Cors::new(build("https://app.example.com"));
    /// let live = ReloadablePolicy::new(build("https://app.example.com"));
    /// let reloading = Cors::new(&live); // keep `live` to replace its policy
    /// # let _ = (fixed, reloading);
    /// # }
    /// ```
    pub fn new(policy: impl Into<LayerPolicy>) -> Self {
        Self {
            source: PolicySource::new(policy.into().0),
            extras: None,
        }
    }

    /// Applies `policy` (a [`CorsPolicy`] or a `&ReloadablePolicy`) to the paths under
    /// `prefix` instead, by whole segments: `/public` covers `/public` and `/public/...`,
    /// not `/publicity`. The longest matching prefix wins; the paths no prefix covers keep
    /// the layer's own policy.
    pub fn with_path_prefix(self, prefix: &str, policy: impl Into<LayerPolicy>) -> Self {
        Self {
            source: self.source.with_prefix(prefix, policy.into().0),
            ..self
        }
    }

    /// Asks `select` for each request's policy first, from the request's target and headers
    /// (a path segment, the `Host`, a header: anything cheap and synchronous); when it answers
    /// `None`, the path prefixes and the layer's own policy apply. The selector runs for every
    /// request, preflights included: keep it to a lookup.
    ///
    /// ```
    /// use tower_cors::{Cors, CorsConfig, CorsPolicy};
    ///
    /// let admin = CorsPolicy::builder().allow_origin("https://admin.example.com").build()?;
    /// let layer = Cors::new(CorsConfig::same_origin_only().build()?).per_request(
    ///     move |_, headers| {
    ///         let host = headers.get(http::header::HOST)?.as_bytes();
    ///         (host == b"admin-api.example.com").then(|| admin.clone())
    ///     },
    /// );
    /// # let _ = layer;
    /// # Ok::<(), tower_cors::ConfigError>(())
    /// ```
    pub fn per_request<F>(self, select: F) -> Self
    where
        F: Fn(&Uri, &HeaderMap) -> Option<CorsPolicy> + Send + Sync + 'static,
    {
        Self {
            source: self.source.with_selector(Arc::new(select)),
            ..self
        }
    }

    /// Gives each tenant its own policy (feature `reload`): `tenant` reads the tenant's key
    /// from a request (a path segment, a host), and the request gets that tenant's policy in
    /// `tenants`. A request that names no tenant, or one without a policy, gets the path
    /// prefixes and the layer's own policy: make that [`CorsConfig::same_origin_only`] when
    /// such requests must be refused. Tenants are added, replaced and removed in `tenants`
    /// while the layer serves; one tenant's change never touches another's policy.
    ///
    /// ```
    /// use axum::{routing::get, Router};
    /// use tower_cors::{Cors, CorsConfig, CorsPolicy, TenantPolicies};
    ///
    /// let realms = TenantPolicies::new();
    /// realms.insert("acme", CorsPolicy::builder().allow_origin("https://acme.example").build()?);
    /// let app: Router = Router::new()
    ///     .route("/realms/{realm}/token", get(|| async { "token" }))
    ///     .layer(Cors::new(CorsConfig::same_origin_only().build()?).per_tenant(
    ///         &realms,
    ///         |uri, _| uri.path().strip_prefix("/realms/")?.split('/').next(),
    ///     ));
    /// # Ok::<(), tower_cors::ConfigError>(())
    /// ```
    ///
    /// [`CorsConfig::same_origin_only`]: crate::CorsConfig::same_origin_only
    #[cfg(feature = "reload")]
    #[cfg_attr(docsrs, doc(cfg(feature = "reload")))]
    pub fn per_tenant(
        self,
        tenants: &TenantPolicies,
        tenant: for<'a> fn(&'a Uri, &'a HeaderMap) -> Option<&'a str>,
    ) -> Self {
        let tenants = tenants.clone();
        self.per_request(move |uri, headers| tenants.get(tenant(uri, headers)?))
    }

    /// Records each request's [`CorsOutcome`](crate::CorsOutcome) in the request's extensions (a handler takes
    /// `Extension<CorsOutcome>`) and in the response's (an outer layer reads it): what was
    /// decided, why, and which entry of the policy let the origin in. Off by default: a layer
    /// that records nothing runs exactly as before.
    ///
    /// ```
    /// use axum::{routing::get, Extension, Router};
    /// use tower_cors::{Cors, CorsOutcome, CorsPolicy};
    ///
    /// let policy = CorsPolicy::builder().allow_origin("https://app.example.com").build()?;
    /// let app: Router = Router::new()
    ///     .route("/", get(|outcome: Option<Extension<CorsOutcome>>| async move {
    ///         format!("{:?}", outcome.map(|o| o.0.allowed))
    ///     }))
    ///     .layer(Cors::new(policy).record_outcomes());
    /// # Ok::<(), tower_cors::ConfigError>(())
    /// ```
    pub fn record_outcomes(self) -> Self {
        self.with_extras(|extras| extras.outcomes = true)
    }

    /// Counts CORS requests in `tower_cors_requests_total{kind, outcome, reason, entry}` on the
    /// `metrics` facade (feature `metrics`; install any recorder). `entry` is the policy's
    /// entry that let the origin in (`*`, a pattern, a listed origin) or `unlisted`: never a
    /// request's origin, so the number of series is bounded by the policy.
    #[cfg(feature = "metrics")]
    #[cfg_attr(docsrs, doc(cfg(feature = "metrics")))]
    pub fn record_metrics(self) -> Self {
        self.with_extras(|extras| extras.metrics = true)
    }

    /// Judges every CORS request by `candidate` too, without ever letting it answer: where
    /// the two decide differently, a `tracing` event (target `tower_cors::candidate`), a
    /// `tower_cors_candidate_total` count (feature `metrics`), and an entry in the
    /// [`CandidateReport`] that [`candidate_report`](Self::candidate_report) returns, which
    /// keeps the `top` most frequent origins of each kind of change in bounded memory.
    ///
    /// ```
    /// use tower_cors::{Cors, CorsConfig};
    ///
    /// let layer = Cors::new(CorsConfig::public().build()?)
    ///     .with_candidate(CorsConfig::new().allow_origin("https://app.example.com"), 100)?;
    /// let report = layer.candidate_report().expect("a candidate was given");
    /// assert_eq!(report.totals(), (0, 0));
    /// # Ok::<(), tower_cors::ConfigError>(())
    /// ```
    ///
    /// # Errors
    /// The candidate's problems, as [`CorsConfig::build`](crate::CorsConfig::build) reports
    /// them.
    pub fn with_candidate(self, candidate: CorsConfig, top: usize) -> Result<Self, ConfigError> {
        let candidate = Candidate::new(candidate, top)?;
        Ok(self.with_extras(move |extras| extras.candidate = Some(candidate)))
    }

    /// The report of the candidate policy given to [`with_candidate`](Self::with_candidate).
    #[must_use]
    pub fn candidate_report(&self) -> Option<CandidateReport> {
        let candidate = self.extras.as_ref()?.candidate.as_ref()?;
        Some(candidate.report.clone())
    }

    fn with_extras(mut self, change: impl FnOnce(&mut Extras)) -> Self {
        let mut extras = self.extras.as_deref().cloned().unwrap_or_default();
        change(&mut extras);
        self.extras = Some(Arc::new(extras));
        self
    }

    /// The policy this layer applies outside the path prefixes, as it is now.
    pub fn policy(&self) -> CorsPolicy {
        self.source.current()
    }
}

impl<S> Layer<S> for Cors {
    type Service = CorsService<S>;

    fn layer(&self, inner: S) -> Self::Service {
        CorsService::from_source(inner, &self.source, self.extras.as_ref())
    }
}
