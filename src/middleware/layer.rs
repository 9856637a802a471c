//! `Cors`: the Tower layer.

use std::sync::Arc;

use http::{HeaderMap, Uri};
use tower_layer::Layer;

#[cfg(feature = "reload")]
use super::reload::ReloadablePolicy;
use super::service::CorsService;
use super::source::{PolicySource, Slot};
#[cfg(feature = "reload")]
use super::tenants::TenantPolicies;
use crate::policy::CorsPolicy;

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
}

impl Cors {
    /// A layer applying `policy`. Only a validated [`CorsPolicy`] can make one.
    pub fn new(policy: CorsPolicy) -> Self {
        Self {
            source: PolicySource::new(Slot::Fixed(policy)),
        }
    }

    /// A layer applying the current policy of `policy` to each request (feature `reload`).
    #[cfg(feature = "reload")]
    #[cfg_attr(docsrs, doc(cfg(feature = "reload")))]
    pub fn reloadable(policy: &ReloadablePolicy) -> Self {
        Self {
            source: PolicySource::new(Slot::Reloadable(policy.clone())),
        }
    }

    /// Applies `policy` to the paths under `prefix` instead: `/public` covers `/public` and
    /// `/public/...`, not `/publicity`. The longest matching prefix wins; the paths no prefix
    /// covers keep the layer's own policy.
    pub fn with_path_prefix(self, prefix: &str, policy: CorsPolicy) -> Self {
        Self {
            source: self.source.with_prefix(prefix, Slot::Fixed(policy)),
        }
    }

    /// [`with_path_prefix`](Self::with_path_prefix) with a policy replaced at run time.
    #[cfg(feature = "reload")]
    #[cfg_attr(docsrs, doc(cfg(feature = "reload")))]
    pub fn with_path_prefix_reloadable(self, prefix: &str, policy: &ReloadablePolicy) -> Self {
        Self {
            source: self
                .source
                .with_prefix(prefix, Slot::Reloadable(policy.clone())),
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

    /// The policy this layer applies outside the path prefixes, as it is now.
    pub fn policy(&self) -> CorsPolicy {
        self.source.current()
    }
}

impl<S> Layer<S> for Cors {
    type Service = CorsService<S>;

    fn layer(&self, inner: S) -> Self::Service {
        CorsService::from_source(inner, &self.source)
    }
}
