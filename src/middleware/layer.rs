//! `Cors`: the Tower layer.

use tower_layer::Layer;

use super::service::CorsService;
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
#[derive(Debug, Clone)]
#[must_use]
pub struct Cors {
    policy: CorsPolicy,
}

impl Cors {
    /// A layer applying `policy`. Only a validated [`CorsPolicy`] can make one.
    pub fn new(policy: CorsPolicy) -> Self {
        Self { policy }
    }

    /// The policy this layer applies.
    pub fn policy(&self) -> &CorsPolicy {
        &self.policy
    }
}

impl<S> Layer<S> for Cors {
    type Service = CorsService<S>;

    fn layer(&self, inner: S) -> Self::Service {
        CorsService::new(inner, self.policy.clone())
    }
}
