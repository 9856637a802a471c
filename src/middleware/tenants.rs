//! [`TenantPolicies`]: one policy per tenant, replaced at run time (feature `reload`).

use std::collections::HashMap;
use std::fmt;
use std::sync::Arc;

use arc_swap::ArcSwap;

use crate::policy::CorsPolicy;

/// Policies keyed by tenant (a realm, a customer, a site), each replaced on its own while the
/// layer serves; give it to [`Cors::per_tenant`](crate::Cors::per_tenant) with the function
/// that reads the tenant from a request's path or headers.
///
/// Reading is one hash lookup of the request's key and a reference-count increment, without a
/// lock; a change copies the map (tenants change rarely, requests often) and never touches
/// another tenant's policy. The keys come from requests, so the map uses std's `HashMap`
/// with its randomly seeded hasher: a flood of chosen keys cannot degrade lookups.
///
/// ```
/// use tower_cors::{CorsPolicy, TenantPolicies};
///
/// let tenants = TenantPolicies::new();
/// tenants.insert("acme", CorsPolicy::builder().allow_origin("https://acme.example").build()?);
/// assert!(tenants.get("acme").is_some());
/// assert!(tenants.get("globex").is_none());
/// # Ok::<(), tower_cors::ConfigError>(())
/// ```
#[derive(Clone, Default)]
#[must_use]
pub struct TenantPolicies {
    map: Arc<ArcSwap<HashMap<Box<str>, CorsPolicy>>>,
}

impl TenantPolicies {
    /// No tenant yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the policy of `tenant` (adding the tenant, or replacing its policy). Requests that
    /// start from now on use it; those in flight keep theirs.
    pub fn insert(&self, tenant: impl Into<String>, policy: CorsPolicy) {
        let entry: (Box<str>, CorsPolicy) = (tenant.into().into_boxed_str(), policy);
        // `rcu` may run the closure again if another change wins the race.
        self.map.rcu(|map| {
            let mut map = HashMap::clone(map);
            let (tenant, policy) = entry.clone();
            map.insert(tenant, policy);
            map
        });
    }

    /// Removes `tenant`: its requests get the layer's default policy.
    pub fn remove(&self, tenant: &str) {
        self.map.rcu(|map| {
            let mut map = HashMap::clone(map);
            map.remove(tenant);
            map
        });
    }

    /// Replaces every tenant at once (a full reload from a database).
    pub fn replace_all<I, K>(&self, tenants: I)
    where
        I: IntoIterator<Item = (K, CorsPolicy)>,
        K: Into<String>,
    {
        let map = tenants
            .into_iter()
            .map(|(k, p)| (k.into().into_boxed_str(), p))
            .collect();
        self.map.store(Arc::new(map));
    }

    /// The policy of `tenant`, if it has one.
    #[must_use]
    pub fn get(&self, tenant: &str) -> Option<CorsPolicy> {
        self.map.load().get(tenant).cloned()
    }

    /// How many tenants have a policy.
    #[must_use]
    pub fn len(&self) -> usize {
        self.map.load().len()
    }

    /// Whether no tenant has a policy.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl fmt::Debug for TenantPolicies {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let map = self.map.load();
        let mut tenants: Vec<&str> = map.keys().map(|k| &**k).collect();
        tenants.sort_unstable();
        f.debug_struct("TenantPolicies")
            .field("tenants", &tenants)
            .finish()
    }
}
