//! Where a layer finds the policy for a request: one policy, or one per path prefix with a
//! default; each fixed, or reloadable (feature `reload`).

use std::fmt;
use std::sync::Arc;

use http::{HeaderMap, Uri};

use crate::grammar::path_prefix::PathPrefix;
use crate::policy::CorsPolicy;

#[cfg(feature = "reload")]
use super::reload::ReloadablePolicy;

/// A policy as a layer holds it.
#[derive(Debug, Clone)]
pub(crate) enum Slot {
    Fixed(CorsPolicy),
    #[cfg(feature = "reload")]
    Reloadable(ReloadablePolicy),
}

impl Slot {
    /// The policy as it is now: a request keeps it to its end.
    #[inline]
    pub(crate) fn load(&self) -> Loaded<'_> {
        match self {
            Self::Fixed(policy) => Loaded::Borrowed(policy),
            #[cfg(feature = "reload")]
            Self::Reloadable(reloadable) => Loaded::Reloaded(reloadable.load()),
        }
    }

    fn current(&self) -> CorsPolicy {
        CorsPolicy::clone(&self.load())
    }
}

/// A policy loaded for one request: borrowed from the layer, held from a reloadable one, or
/// chosen for the request.
pub(crate) enum Loaded<'a> {
    Borrowed(&'a CorsPolicy),
    Owned(CorsPolicy),
    #[cfg(feature = "reload")]
    Reloaded(super::reload::Guard),
}

impl std::ops::Deref for Loaded<'_> {
    type Target = CorsPolicy;

    #[inline]
    fn deref(&self) -> &CorsPolicy {
        match self {
            Self::Borrowed(policy) => policy,
            Self::Owned(policy) => policy,
            #[cfg(feature = "reload")]
            Self::Reloaded(guard) => guard,
        }
    }
}

/// The policies of a layer. One fixed policy, the common case, is held as it is, so that a
/// request costs what it cost before prefixes and reloading existed; the rest share one
/// allocation.
#[derive(Debug, Clone)]
pub(crate) enum PolicySource {
    Fixed(CorsPolicy),
    Dynamic(Arc<Dynamic>),
}

/// Chooses a request's policy from its head (see [`Cors::per_request`](crate::Cors::per_request)):
/// `None` leaves the request to the layer's path prefixes and default policy.
pub(crate) type Selector = Arc<dyn Fn(&Uri, &HeaderMap) -> Option<CorsPolicy> + Send + Sync>;

/// The default policy, those of path prefixes (longest first), and a selector asked first.
pub(crate) struct Dynamic {
    default: Slot,
    prefixes: Vec<(PathPrefix, Slot)>,
    select: Option<Selector>,
}

impl fmt::Debug for Dynamic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Dynamic")
            .field("default", &self.default)
            .field("prefixes", &self.prefixes)
            .field(
                "select",
                &self.select.as_ref().map(|_| "Fn(&Uri, &HeaderMap)"),
            )
            .finish()
    }
}

impl Dynamic {
    /// The policy of a request: the selector's choice, else its path's.
    #[inline]
    pub(crate) fn load(&self, uri: &Uri, headers: &HeaderMap) -> Loaded<'_> {
        if let Some(policy) = self.select.as_ref().and_then(|select| select(uri, headers)) {
            return Loaded::Owned(policy);
        }
        self.slot(uri.path()).load()
    }

    /// The policy of `path`: the longest prefix that covers it, or the default.
    fn slot(&self, path: &str) -> &Slot {
        self.prefixes
            .iter()
            .find(|(prefix, _)| prefix.covers(path))
            .map_or(&self.default, |(_, slot)| slot)
    }
}

/// The policies as a service holds them: like [`PolicySource`], but a lone reloadable policy
/// is cached by the service (its requests then pay one atomic load to see whether it changed).
#[derive(Debug, Clone)]
pub(crate) enum Serving {
    Fixed(CorsPolicy),
    #[cfg(feature = "reload")]
    Cached(super::reload::Cache),
    Dynamic(Arc<Dynamic>),
}

impl Serving {
    /// The policy of a request, from its head.
    #[inline]
    pub(crate) fn load(&mut self, uri: &Uri, headers: &HeaderMap) -> Loaded<'_> {
        match self {
            Self::Fixed(policy) => Loaded::Borrowed(policy),
            #[cfg(feature = "reload")]
            Self::Cached(cache) => Loaded::Borrowed(cache.load()),
            Self::Dynamic(dynamic) => dynamic.load(uri, headers),
        }
    }

    /// The default policy as it is now.
    pub(crate) fn current(&self) -> CorsPolicy {
        match self {
            Self::Fixed(policy) => policy.clone(),
            #[cfg(feature = "reload")]
            Self::Cached(cache) => CorsPolicy::clone(&cache.arc_swap().load()),
            Self::Dynamic(dynamic) => dynamic.default.current(),
        }
    }
}

impl PolicySource {
    /// The form a new service holds.
    pub(crate) fn serving(&self) -> Serving {
        match self {
            Self::Fixed(policy) => Serving::Fixed(policy.clone()),
            #[cfg(feature = "reload")]
            Self::Dynamic(dynamic) if dynamic.prefixes.is_empty() && dynamic.select.is_none() => {
                match &dynamic.default {
                    Slot::Reloadable(reloadable) => Serving::Cached(reloadable.cache()),
                    Slot::Fixed(policy) => Serving::Fixed(policy.clone()),
                }
            }
            Self::Dynamic(dynamic) => Serving::Dynamic(Arc::clone(dynamic)),
        }
    }

    pub(crate) fn new(default: Slot) -> Self {
        match default {
            Slot::Fixed(policy) => Self::Fixed(policy),
            #[cfg(feature = "reload")]
            default @ Slot::Reloadable(_) => Self::Dynamic(Arc::new(Dynamic {
                default,
                prefixes: Vec::new(),
                select: None,
            })),
        }
    }

    /// Adds the policy of the paths under `prefix` (by whole segments: `/public` covers
    /// `/public` and `/public/...`, not `/publicity`); a later call for the same prefix
    /// replaces it.
    pub(crate) fn with_prefix(&self, prefix: &str, slot: Slot) -> Self {
        let prefix = PathPrefix::new(prefix);
        let mut dynamic = self.parts();
        dynamic.prefixes.retain(|(p, _)| *p != prefix);
        dynamic.prefixes.push((prefix, slot));
        dynamic
            .prefixes
            .sort_by_key(|(p, _)| std::cmp::Reverse(p.as_str().len()));
        Self::Dynamic(Arc::new(dynamic))
    }

    /// Asks `select` first for each request's policy.
    pub(crate) fn with_selector(&self, select: Selector) -> Self {
        let mut dynamic = self.parts();
        dynamic.select = Some(select);
        Self::Dynamic(Arc::new(dynamic))
    }

    /// The parts of this source, to make another from.
    fn parts(&self) -> Dynamic {
        match self {
            Self::Fixed(policy) => Dynamic {
                default: Slot::Fixed(policy.clone()),
                prefixes: Vec::new(),
                select: None,
            },
            Self::Dynamic(dynamic) => Dynamic {
                default: dynamic.default.clone(),
                prefixes: dynamic.prefixes.clone(),
                select: dynamic.select.clone(),
            },
        }
    }

    /// The default policy as it is now.
    pub(crate) fn current(&self) -> CorsPolicy {
        match self {
            Self::Fixed(policy) => policy.clone(),
            Self::Dynamic(dynamic) => dynamic.default.current(),
        }
    }
}
