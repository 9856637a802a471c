//! `Cors`: the Tower layer.

use tower_layer::Layer;

#[cfg(feature = "reload")]
use super::reload::ReloadablePolicy;
use super::service::CorsService;
use super::source::{PolicySource, Slot};
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
