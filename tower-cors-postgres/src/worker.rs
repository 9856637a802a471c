//! [`Worker`]: the background task of a source. It waits for notifications, coalesces them,
//! reloads the table in full and swaps in the policies that changed; when the connection is
//! lost it keeps the last good policies, reconnects with backoff and reloads in full.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant, SystemTime};

use tokio::sync::watch;
use tokio_postgres::Config;
use tower_cors::{ReloadablePolicy, TenantPolicies};

use crate::backoff::Backoff;
use crate::session::Session;
use crate::state::{Changes, Loaded, Row};
use crate::status::Status;
use crate::table::Table;
use crate::tls::MakeTls;

/// Everything the background task owns.
#[derive(Debug)]
pub(crate) struct Worker<T> {
    pub(crate) config: Config,
    pub(crate) tls: T,
    pub(crate) table: Table,
    pub(crate) coalesce: Duration,
    pub(crate) backoff: Backoff,
    pub(crate) loaded: Loaded,
    pub(crate) policy: ReloadablePolicy,
    pub(crate) tenants: TenantPolicies,
    pub(crate) status: Arc<Mutex<Status>>,
}

/// Swaps in what changed.
pub(crate) fn swap(changes: Changes, policy: &ReloadablePolicy, tenants: &TenantPolicies) {
    if let Some(global) = changes.global {
        policy.replace(global);
    }
    if let Some(all) = changes.tenants {
        tenants.replace_all(all);
    }
}

/// Records in `status` a reload that started at `started`.
pub(crate) fn record(status: &mut Status, loaded: &Loaded, started: Instant) {
    let (global, tenants) = loaded.statuses();
    status.reloads += 1;
    status.last_reload = Some(SystemTime::now());
    status.last_reload_took = Some(started.elapsed());
    status.last_error = None;
    status.global = global;
    status.tenants = tenants;
    status.set_connected(true);
}

impl<T: MakeTls> Worker<T> {
    /// Runs until `stop` says so (or its sender is gone), starting with `session`.
    pub(crate) async fn run(mut self, session: Session, mut stop: watch::Receiver<bool>) {
        let mut session = Some(session);
        loop {
            if let Some(mut open) = session.take() {
                let lost = tokio::select! {
                    _ = stop.changed() => return,
                    lost = self.serve(&mut open) => lost,
                };
                self.lost(&lost);
            }
            let delay = self.backoff.next_delay();
            tokio::select! {
                _ = stop.changed() => return,
                () = tokio::time::sleep(delay) => {}
            }
            let attempt = tokio::select! {
                _ = stop.changed() => return,
                attempt = self.reconnect() => attempt,
            };
            match attempt {
                Ok(open) => {
                    self.backoff.reset();
                    tracing::info!(
                        table = self.table.name(),
                        "tower-cors-postgres: reconnected, table reloaded"
                    );
                    session = Some(open);
                }
                Err(error) => self.failed(&error),
            }
        }
    }

    /// Reloads on each (coalesced) change; returns why the connection was lost.
    async fn serve(&mut self, session: &mut Session) -> String {
        loop {
            if let Err(lost) = session.changed(self.coalesce).await {
                return lost;
            }
            if let Err(error) = self.reload(session).await {
                return error.to_string();
            }
        }
    }

    /// Connects, listens, then reads the table in full: nothing changed while disconnected
    /// is missed.
    async fn reconnect(&mut self) -> Result<Session, tokio_postgres::Error> {
        let session = Session::open(&self.config, self.tls.clone(), &self.table).await?;
        self.reload(&session).await?;
        Ok(session)
    }

    async fn reload(&mut self, session: &Session) -> Result<(), tokio_postgres::Error> {
        let started = Instant::now();
        let rows: Vec<Row> = session.load().await?;
        // After the first load the global policy always exists, so `apply` cannot fail;
        // a policy whose rows do not build keeps its previous version (see its status).
        let changes = self.loaded.apply(rows);
        // Swapped under the status lock: whoever sees the new policy and then asks for the
        // status gets this reload's.
        let mut status = self.status.lock().unwrap_or_else(PoisonError::into_inner);
        if let Ok(changes) = changes {
            swap(changes, &self.policy, &self.tenants);
        }
        record(&mut status, &self.loaded, started);
        Ok(())
    }

    fn lost(&self, reason: &str) {
        tracing::warn!(
            table = self.table.name(),
            "tower-cors-postgres: connection lost, the last good policy keeps serving: {reason}"
        );
        let mut status = self.status.lock().unwrap_or_else(PoisonError::into_inner);
        status.set_connected(false);
        status.last_error = Some(reason.to_owned());
    }

    fn failed(&self, error: &tokio_postgres::Error) {
        tracing::debug!(
            table = self.table.name(),
            "tower-cors-postgres: reconnection failed: {error}"
        );
        let mut status = self.status.lock().unwrap_or_else(PoisonError::into_inner);
        status.last_error = Some(error.to_string());
    }
}
