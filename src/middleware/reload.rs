//! [`ReloadablePolicy`]: a policy replaced at run time (feature `reload`).

use std::fmt;
use std::sync::Arc;

use arc_swap::ArcSwap;

use crate::policy::CorsPolicy;

/// A loaded policy: kept alive while a request uses it.
pub(crate) type Guard = arc_swap::Guard<Arc<CorsPolicy>>;

/// A service's own view of a reloadable policy: it keeps the last policy it loaded and checks
/// with one atomic load whether it is still current.
pub(crate) type Cache = arc_swap::Cache<Arc<ArcSwap<CorsPolicy>>, Arc<CorsPolicy>>;

/// A policy that can be replaced while the layer serves: tenants added to an allowlist kept
/// in a database, a configuration file reloaded. Give it to [`Cors::new`](crate::Cors::new) (`Cors::new(&policy)`);
/// keep a clone to [`replace`](Self::replace) it with another validated policy.
///
/// Each request reads the current policy through an atomic pointer swap and keeps it to its
/// end; reading never blocks, locks or allocates. Only a built [`CorsPolicy`] can be stored,
/// so a bad configuration is refused by `build()` and the running policy stays.
///
/// ```
/// use tower_cors::{Cors, CorsPolicy, ReloadablePolicy};
///
/// let build = |origins: &[&str]| CorsPolicy::builder().allow_origins(origins.iter().copied()).build();
/// let policy = ReloadablePolicy::new(build(&["https://a.example.com"])?);
/// let layer = Cors::new(&policy); // serves with the current policy
///
/// policy.replace(build(&["https://a.example.com", "https://b.example.com"])?);
/// assert!(layer.policy().origins().matches(b"https://b.example.com"));
/// # Ok::<(), tower_cors::ConfigError>(())
/// ```
#[derive(Clone)]
#[must_use]
pub struct ReloadablePolicy {
    current: Arc<ArcSwap<CorsPolicy>>,
}

impl ReloadablePolicy {
    /// Starts with `policy`.
    pub fn new(policy: CorsPolicy) -> Self {
        Self {
            current: Arc::new(ArcSwap::from_pointee(policy)),
        }
    }

    /// Replaces the policy: requests that start from now on use `policy`; those in flight
    /// finish with the one they started with.
    pub fn replace(&self, policy: CorsPolicy) {
        self.current.store(Arc::new(policy));
    }

    /// The current policy (a reference-count increment).
    pub fn current(&self) -> CorsPolicy {
        CorsPolicy::clone(&self.load())
    }

    /// A cache of the current policy, for one service.
    pub(crate) fn cache(&self) -> Cache {
        Cache::new(Arc::clone(&self.current))
    }

    /// The current policy, held without a reference-count increment.
    #[inline]
    pub(crate) fn load(&self) -> Guard {
        self.current.load()
    }
}

impl fmt::Debug for ReloadablePolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("ReloadablePolicy")
            .field(&**self.current.load())
            .finish()
    }
}
