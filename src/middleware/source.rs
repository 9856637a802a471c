//! Where a layer finds the policy for a request: one policy, or one per path prefix with a
//! default; each fixed, or reloadable (feature `reload`).

use std::sync::Arc;

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
    /// Runs `f` with the policy as it is now: a request keeps that policy to its end.
    #[inline]
    fn with<R>(&self, f: impl FnOnce(&CorsPolicy) -> R) -> R {
        match self {
            Self::Fixed(policy) => f(policy),
            #[cfg(feature = "reload")]
            Self::Reloadable(reloadable) => reloadable.with(f),
        }
    }

    fn current(&self) -> CorsPolicy {
        self.with(CorsPolicy::clone)
    }
}

/// The policies of a layer: the default, and those of path prefixes, longest first.
#[derive(Debug, Clone)]
pub(crate) struct PolicySource {
    default: Slot,
    prefixes: Arc<[(Box<str>, Slot)]>,
}

impl PolicySource {
    pub(crate) fn new(default: Slot) -> Self {
        Self {
            default,
            prefixes: Arc::new([]),
        }
    }

    /// Adds the policy of the paths under `prefix` (`/public` covers `/public` and
    /// `/public/...`, not `/publicity`); a later call for the same prefix replaces it.
    pub(crate) fn with_prefix(&self, prefix: &str, slot: Slot) -> Self {
        let prefix = format!("/{}", prefix.trim_matches('/'));
        let mut prefixes: Vec<(Box<str>, Slot)> = self
            .prefixes
            .iter()
            .filter(|(p, _)| **p != *prefix)
            .cloned()
            .collect();
        prefixes.push((prefix.into_boxed_str(), slot));
        prefixes.sort_by_key(|(p, _)| std::cmp::Reverse(p.len()));
        Self {
            default: self.default.clone(),
            prefixes: prefixes.into(),
        }
    }

    /// Runs `f` with the policy of `path`.
    #[inline]
    pub(crate) fn with<R>(&self, path: &str, f: impl FnOnce(&CorsPolicy) -> R) -> R {
        if self.prefixes.is_empty() {
            return self.default.with(f);
        }
        let slot = self
            .prefixes
            .iter()
            .find(|(prefix, _)| covers(prefix, path))
            .map_or(&self.default, |(_, slot)| slot);
        slot.with(f)
    }

    /// The default policy as it is now.
    pub(crate) fn current(&self) -> CorsPolicy {
        self.default.current()
    }
}

/// Whether the path prefix `prefix` (`/public`, or `/` for every path) covers `path`.
fn covers(prefix: &str, path: &str) -> bool {
    prefix == "/"
        || path
            .strip_prefix(prefix)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
}
