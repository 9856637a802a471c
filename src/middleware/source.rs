//! Where a layer finds the policy for a request: one policy, or one per path prefix with a
//! default; each fixed, or reloadable (feature `reload`).

use std::sync::Arc;

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

/// A policy loaded for one request: borrowed from the layer, or held from a reloadable one.
pub(crate) enum Loaded<'a> {
    Borrowed(&'a CorsPolicy),
    #[cfg(feature = "reload")]
    Reloaded(super::reload::Guard),
}

impl std::ops::Deref for Loaded<'_> {
    type Target = CorsPolicy;

    #[inline]
    fn deref(&self) -> &CorsPolicy {
        match self {
            Self::Borrowed(policy) => policy,
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

/// The default policy and those of path prefixes, longest first.
#[derive(Debug)]
pub(crate) struct Dynamic {
    default: Slot,
    prefixes: Vec<(PathPrefix, Slot)>,
}

impl Dynamic {
    /// The policy of `path`: the longest prefix that covers it, or the default.
    pub(crate) fn slot(&self, path: &str) -> &Slot {
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
            Self::Dynamic(dynamic) if dynamic.prefixes.is_empty() => match &dynamic.default {
                Slot::Reloadable(reloadable) => Serving::Cached(reloadable.cache()),
                Slot::Fixed(policy) => Serving::Fixed(policy.clone()),
            },
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
            })),
        }
    }

    /// Adds the policy of the paths under `prefix` (by whole segments: `/public` covers
    /// `/public` and `/public/...`, not `/publicity`); a later call for the same prefix
    /// replaces it.
    pub(crate) fn with_prefix(&self, prefix: &str, slot: Slot) -> Self {
        let prefix = PathPrefix::new(prefix);
        let (default, mut prefixes) = match self {
            Self::Fixed(policy) => (Slot::Fixed(policy.clone()), Vec::new()),
            Self::Dynamic(dynamic) => (dynamic.default.clone(), dynamic.prefixes.clone()),
        };
        prefixes.retain(|(p, _)| *p != prefix);
        prefixes.push((prefix, slot));
        prefixes.sort_by_key(|(p, _)| std::cmp::Reverse(p.as_str().len()));
        Self::Dynamic(Arc::new(Dynamic { default, prefixes }))
    }

    /// The default policy as it is now.
    pub(crate) fn current(&self) -> CorsPolicy {
        match self {
            Self::Fixed(policy) => policy.clone(),
            Self::Dynamic(dynamic) => dynamic.default.current(),
        }
    }
}
