//! [`Loaded`]: the policies built from the table's last read, one per tenant and one global,
//! each rebuilt only when its own rows changed.

use std::collections::{BTreeMap, HashMap};
use std::time::SystemTime;

use tower_cors::{ConfigError, CorsConfig, CorsPolicy};

use crate::assemble::{KnownBad, assemble};
use crate::status::PolicyStatus;

/// One row of the table: its tenant (`None`: global) and its origin.
pub(crate) type Row = (Option<String>, String);

/// One policy and the rows it was built from.
#[derive(Debug, Default)]
struct Group {
    /// The rows last read, sorted, without duplicates.
    origins: Vec<String>,
    /// The policy serving, built from `origins` or, if they did not build, from earlier rows.
    policy: Option<CorsPolicy>,
    /// Whether `policy` was built from `origins`: then the rows of `origins` that are not in
    /// `known_bad` build, and are not built alone again.
    built: bool,
    known_bad: KnownBad,
    status: PolicyStatus,
}

impl Group {
    /// Rebuilds from `origins` if they differ from the rows last read; whether the serving
    /// policy changed, or why the rows did not build together (the policy stays).
    fn update(
        &mut self,
        base: &CorsConfig,
        tenant: Option<&str>,
        origins: Vec<String>,
    ) -> Result<bool, ConfigError> {
        if self.policy.is_some() && origins == self.origins {
            return Ok(false);
        }
        let known_good: &[String] = if self.built { &self.origins } else { &[] };
        let built = assemble(base, tenant, &origins, known_good, &mut self.known_bad);
        self.status.rejected = built.rejected;
        match built.policy {
            Ok(policy) => {
                self.policy = Some(policy);
                self.origins = origins;
                self.built = true;
                self.status.origins = built.accepted;
                self.status.rebuilt_at = Some(SystemTime::now());
                self.status.error = None;
                Ok(true)
            }
            Err(error) => {
                self.origins = origins;
                self.built = false;
                tracing::warn!(
                    tenant = tenant.unwrap_or("(global)"),
                    "tower-cors-postgres: the rows do not build together, the previous policy \
                     keeps serving: {error}"
                );
                self.status.error = Some(error.to_string());
                Err(error)
            }
        }
    }
}

/// What changed in a reload, for the caller to swap in.
#[derive(Debug, Default)]
pub(crate) struct Changes {
    /// The new global policy, if it changed.
    pub(crate) global: Option<CorsPolicy>,
    /// Every tenant's policy, if any tenant changed, appeared or went.
    pub(crate) tenants: Option<Vec<(String, CorsPolicy)>>,
}

/// The policies of the last read of the table.
#[derive(Debug)]
pub(crate) struct Loaded {
    base: CorsConfig,
    global: Group,
    tenants: HashMap<String, Group>,
}

impl Loaded {
    pub(crate) fn new(base: CorsConfig) -> Self {
        Self {
            base,
            global: Group::default(),
            tenants: HashMap::new(),
        }
    }

    /// Applies a full read of the table. Each policy whose rows changed is rebuilt alone:
    /// another tenant's change or bad row never touches it.
    ///
    /// # Errors
    /// When the global policy has never built (the first load) and its rows do not build
    /// together.
    pub(crate) fn apply(&mut self, rows: Vec<Row>) -> Result<Changes, ConfigError> {
        let mut global_rows = Vec::new();
        let mut by_tenant: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for (tenant, origin) in rows {
            match tenant {
                None => global_rows.push(origin),
                Some(tenant) => by_tenant.entry(tenant).or_default().push(origin),
            }
        }
        let mut changes = Changes::default();
        match self.global.update(&self.base, None, sorted(global_rows)) {
            Ok(true) => changes.global = self.global.policy.clone(),
            Err(error) if self.global.policy.is_none() => return Err(error),
            Ok(false) | Err(_) => {}
        }
        let before = self.tenants.len();
        self.tenants
            .retain(|tenant, _| by_tenant.contains_key(tenant));
        let mut tenants_changed = self.tenants.len() != before;
        for (tenant, origins) in by_tenant {
            let group = self.tenants.entry(tenant.clone()).or_default();
            tenants_changed |= group
                .update(&self.base, Some(&tenant), sorted(origins))
                .unwrap_or(false);
        }
        if tenants_changed {
            changes.tenants = Some(
                self.tenants
                    .iter()
                    .filter_map(|(t, g)| Some((t.clone(), g.policy.clone()?)))
                    .collect(),
            );
        }
        Ok(changes)
    }

    /// The status of the global policy and of each tenant's.
    pub(crate) fn statuses(&self) -> (PolicyStatus, BTreeMap<String, PolicyStatus>) {
        let tenants = self
            .tenants
            .iter()
            .map(|(t, g)| (t.clone(), g.status.clone()))
            .collect();
        (self.global.status.clone(), tenants)
    }
}

fn sorted(mut origins: Vec<String>) -> Vec<String> {
    origins.sort_unstable();
    origins.dedup();
    origins
}

#[cfg(test)]
mod tests {
    use super::*;

    fn base() -> CorsConfig {
        CorsConfig::new().allow_credentials(true)
    }

    fn row(tenant: Option<&str>, origin: &str) -> Row {
        (tenant.map(str::to_owned), origin.to_owned())
    }

    #[test]
    fn one_tenants_change_rebuilds_only_that_tenant() {
        let mut loaded = Loaded::new(base());
        let mut rows = vec![
            row(None, "https://app.example.com"),
            row(Some("acme"), "https://acme.example"),
            row(Some("globex"), "https://globex.example"),
        ];
        loaded.apply(rows.clone()).unwrap();
        let (_, before) = loaded.statuses();
        rows.push(row(Some("acme"), "null"));
        rows.push(row(Some("acme"), "https://shop.acme.example"));
        let changes = loaded.apply(rows).unwrap();
        assert!(changes.global.is_none());
        let (_, after) = loaded.statuses();
        assert_eq!(before["globex"].rebuilt_at, after["globex"].rebuilt_at);
        assert_ne!(before["acme"].rebuilt_at, after["acme"].rebuilt_at);
        assert_eq!(after["acme"].origins, 2);
        assert_eq!(after["acme"].rejected.len(), 1);
        assert!(after["globex"].rejected.is_empty());
    }

    #[test]
    fn a_tenant_without_rows_is_removed() {
        let mut loaded = Loaded::new(base());
        loaded
            .apply(vec![row(Some("acme"), "https://acme.example")])
            .unwrap();
        let changes = loaded.apply(vec![]).unwrap();
        assert_eq!(changes.tenants.unwrap().len(), 0);
    }

    #[test]
    fn unchanged_rows_rebuild_nothing() {
        let mut loaded = Loaded::new(base());
        let rows = vec![
            row(None, "https://a.example"),
            row(Some("t"), "https://t.example"),
        ];
        loaded.apply(rows.clone()).unwrap();
        let changes = loaded.apply(rows).unwrap();
        assert!(changes.global.is_none() && changes.tenants.is_none());
    }
}
