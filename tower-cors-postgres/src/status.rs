//! [`Status`]: what an instance serves, and why.

use std::collections::BTreeMap;
use std::fmt;
use std::time::{Duration, SystemTime};

use tower_cors::ConfigErrorKind;

/// A snapshot of a [`PgPolicySource`](crate::PgPolicySource): the connection, the reloads,
/// and for the global policy and each tenant's, how many origins it allows and which rows
/// were rejected.
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct Status {
    /// Whether the source is connected and listening. While it is not, the last good
    /// policies keep serving.
    pub connected: bool,
    /// When `connected` last changed.
    pub since: SystemTime,
    /// How many full reads of the table there were (the first load included). A burst of
    /// notifications is coalesced into one.
    pub reloads: u64,
    /// When the table was last read in full.
    pub last_reload: Option<SystemTime>,
    /// How long the last reload took: the query, the builds and the swaps.
    pub last_reload_took: Option<Duration>,
    /// The last connection or query error, cleared by the next successful reload.
    pub last_error: Option<String>,
    /// The global policy: rows whose `tenant` is NULL.
    pub global: PolicyStatus,
    /// Each tenant's policy, by tenant key.
    pub tenants: BTreeMap<String, PolicyStatus>,
}

/// The state of one policy (the global one or a tenant's).
#[derive(Debug, Clone, Default)]
#[non_exhaustive]
pub struct PolicyStatus {
    /// How many distinct origins and patterns of the table it allows (the base
    /// configuration's own origins not counted).
    pub origins: usize,
    /// When the policy serving now was built; `None` if none ever built (a tenant whose rows
    /// never built together).
    pub rebuilt_at: Option<SystemTime>,
    /// The rows left out, with the reason.
    pub rejected: Vec<RejectedRow>,
    /// Why the latest rows did not build together, when they did not: the policy built
    /// before keeps serving.
    pub error: Option<String>,
}

/// A row left out of its policy: it does not build against the base configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct RejectedRow {
    /// The row's tenant (`None`: a global row).
    pub tenant: Option<String>,
    /// The row's origin, as stored.
    pub origin: String,
    /// The kind of the first problem found.
    pub kind: ConfigErrorKind,
    /// Every problem, with its fix, as `tower-cors` words it.
    pub reason: String,
}

impl Status {
    pub(crate) fn new() -> Self {
        Self {
            connected: false,
            since: SystemTime::now(),
            reloads: 0,
            last_reload: None,
            last_reload_took: None,
            last_error: None,
            global: PolicyStatus::default(),
            tenants: BTreeMap::new(),
        }
    }

    /// How many origins the global policy allows from the table.
    #[must_use]
    pub fn origins(&self) -> usize {
        self.global.origins
    }

    /// Every rejected row: the global policy's, then each tenant's.
    pub fn rejected(&self) -> impl Iterator<Item = &RejectedRow> {
        self.global
            .rejected
            .iter()
            .chain(self.tenants.values().flat_map(|t| &t.rejected))
    }

    pub(crate) fn set_connected(&mut self, connected: bool) {
        if self.connected != connected {
            self.connected = connected;
            self.since = SystemTime::now();
        }
    }
}

fn unix(time: Option<SystemTime>) -> String {
    time.and_then(|t| t.duration_since(SystemTime::UNIX_EPOCH).ok())
        .map_or_else(|| "never".to_owned(), |d| format!("{:.3}", d.as_secs_f64()))
}

/// One `key: value` per line (times in seconds since the Unix epoch), then one
/// `rejected: ...` line per rejected row: the format of the `fleet` example's `/status`.
impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "connected: {}", self.connected)?;
        writeln!(f, "since: {}", unix(Some(self.since)))?;
        writeln!(f, "reloads: {}", self.reloads)?;
        writeln!(f, "last_reload: {}", unix(self.last_reload))?;
        let took = self
            .last_reload_took
            .map_or_else(|| "never".to_owned(), |d| format!("{:.3}", d.as_secs_f64()));
        writeln!(f, "last_reload_took: {took}")?;
        writeln!(f, "rebuilt_at: {}", unix(self.global.rebuilt_at))?;
        writeln!(f, "origins: {}", self.global.origins)?;
        writeln!(f, "tenants: {}", self.tenants.len())?;
        writeln!(f, "rejected_rows: {}", self.rejected().count())?;
        if let Some(error) = &self.last_error {
            writeln!(f, "last_error: {error}")?;
        }
        for row in self.rejected() {
            let tenant = row.tenant.as_deref().unwrap_or("-");
            writeln!(
                f,
                "rejected: {tenant} {:?} {:?}: {}",
                row.origin, row.kind, row.reason
            )?;
        }
        Ok(())
    }
}
