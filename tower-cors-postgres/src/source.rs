//! [`PgPolicySource`] and its [`Builder`]: the live policies of one instance.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use http::{HeaderMap, Uri};
use tokio::sync::watch;
use tokio_postgres::{Config, NoTls};
use tower_cors::{Cors, CorsConfig, ReloadablePolicy, TenantPolicies};

use crate::assemble::only_no_origins;
use crate::backoff::Backoff;
use crate::error::StartError;
use crate::session::Session;
use crate::state::Loaded;
use crate::status::Status;
use crate::table::{Table, migrate};
use crate::tls::MakeTls;
use crate::worker::{Worker, record};

/// The CORS policies of one instance, read from a PostgreSQL table and kept current: the
/// global policy (rows whose `tenant` is NULL) in a [`ReloadablePolicy`], each tenant's in a
/// [`TenantPolicies`]. Each is the base configuration plus its rows' origins.
///
/// A background task `LISTEN`s on the table's channel; on a notification it reads the table
/// in full and rebuilds the policies whose rows changed. When the connection is lost the last
/// good policies keep serving while it reconnects with backoff, then it reads the table in
/// full. It runs until [`shutdown`](Self::shutdown) or the end of the Tokio runtime; clones
/// share it.
///
/// ```no_run
/// use tower_cors::CorsConfig;
/// use tower_cors_postgres::PgPolicySource;
///
/// # async fn run() -> Result<(), Box<dyn std::error::Error>> {
/// let base = CorsConfig::new().allow_credentials(true).allow_headers(["content-type"]);
/// let source = PgPolicySource::builder(base)
///     .migrate(true)
///     .start("host=localhost user=app dbname=app")
///     .await?; // an error here: no empty allowlist
/// let app: axum::Router = axum::Router::new()
///     .route("/", axum::routing::get(|| async { "ok" }))
///     .layer(source.layer());
/// # Ok(()) }
/// ```
#[derive(Debug, Clone)]
pub struct PgPolicySource {
    policy: ReloadablePolicy,
    tenants: TenantPolicies,
    status: Arc<Mutex<Status>>,
    stop: Arc<watch::Sender<bool>>,
}

impl PgPolicySource {
    /// A source building on `base` (methods, headers, credentials, max-age, and origins of
    /// its own if any): every policy is `base` plus the origins of its rows.
    pub fn builder(base: CorsConfig) -> Builder<NoTls> {
        Builder {
            base,
            table: Table::default(),
            coalesce: Duration::from_millis(20),
            backoff: (Duration::from_millis(50), Duration::from_secs(1)),
            migrate: false,
            tls: NoTls,
        }
    }

    /// The global policy, kept current.
    pub fn policy(&self) -> &ReloadablePolicy {
        &self.policy
    }

    /// The tenants' policies, kept current. The source owns them: it replaces them all at
    /// each change of any tenant (unchanged tenants keep the very same policy).
    pub fn tenants(&self) -> &TenantPolicies {
        &self.tenants
    }

    /// A layer serving the global policy.
    pub fn layer(&self) -> Cors {
        Cors::new(&self.policy)
    }

    /// A layer serving the policy of the tenant that `tenant` reads from a request, and the
    /// global policy to requests that name no tenant or a tenant without rows.
    pub fn tenant_layer(
        &self,
        tenant: for<'a> fn(&'a Uri, &'a HeaderMap) -> Option<&'a str>,
    ) -> Cors {
        Cors::new(&self.policy).per_tenant(&self.tenants, tenant)
    }

    /// The connection, the reloads, and each policy's origins and rejected rows.
    #[must_use]
    pub fn status(&self) -> Status {
        self.status
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .clone()
    }

    /// Stops the background task: the policies stay as they are.
    pub fn shutdown(&self) {
        let _ = self.stop.send(true);
    }
}

/// Settings of a [`PgPolicySource`], then [`start`](Self::start).
#[derive(Debug, Clone)]
#[must_use]
pub struct Builder<T> {
    base: CorsConfig,
    table: Table,
    coalesce: Duration,
    backoff: (Duration, Duration),
    migrate: bool,
    tls: T,
}

impl<T> Builder<T> {
    /// The table to read (default `cors_origins`).
    pub fn table(self, table: Table) -> Self {
        Self { table, ..self }
    }

    /// How long to wait after a notification for more before reloading (default 20 ms):
    /// a burst of changes then costs one reload. Identical notifications of one transaction
    /// are merged by PostgreSQL already.
    pub fn coalesce(self, window: Duration) -> Self {
        Self {
            coalesce: window,
            ..self
        }
    }

    /// The delays between reconnection attempts: from `min`, doubling up to `max`, each
    /// drawn in the upper half of its step (default 50 ms to 1 s).
    pub fn backoff(self, min: Duration, max: Duration) -> Self {
        Self {
            backoff: (min, max),
            ..self
        }
    }

    /// Whether to create the table and its trigger at start (see [`migrate`]); off by
    /// default, for applications that run their own migrations.
    pub fn migrate(self, migrate: bool) -> Self {
        Self { migrate, ..self }
    }

    /// Connects with `tls` instead of without TLS.
    pub fn tls<U: MakeTls>(self, tls: U) -> Builder<U> {
        Builder {
            base: self.base,
            table: self.table,
            coalesce: self.coalesce,
            backoff: self.backoff,
            migrate: self.migrate,
            tls,
        }
    }
}

impl<T: MakeTls> Builder<T> {
    /// Connects to `database` (a libpq connection string, `host=... user=...`, or URL,
    /// `postgresql://...`), listens, reads the table, builds the policies, and starts the
    /// background task. A connection timeout of 10 s applies unless `database` sets one.
    ///
    /// # Errors
    /// A [`StartError`] if any of that fails: the application learns at start-up that it
    /// has no allowlist, instead of serving an empty one.
    pub async fn start(self, database: &str) -> Result<PgPolicySource, StartError> {
        let mut config: Config = database.parse().map_err(StartError::DatabaseUrl)?;
        if config.get_connect_timeout().is_none() {
            config.connect_timeout(Duration::from_secs(10));
        }
        match self.base.build() {
            Err(e) if !only_no_origins(&e) => return Err(StartError::Base(e)),
            _ => {}
        }
        let started = Instant::now();
        let session = Session::open(&config, self.tls.clone(), &self.table)
            .await
            .map_err(StartError::Database)?;
        if self.migrate {
            migrate(session.client(), &self.table)
                .await
                .map_err(StartError::Database)?;
        }
        let rows = session.load().await.map_err(StartError::Database)?;
        let mut loaded = Loaded::new(self.base);
        let changes = loaded.apply(rows).map_err(StartError::Rows)?;
        let global = changes
            .global
            .expect("the first load builds the global policy");
        let policy = ReloadablePolicy::new(global);
        let tenants = TenantPolicies::new();
        tenants.replace_all(changes.tenants.unwrap_or_default());
        let mut status = Status::new();
        record(&mut status, &loaded, started);
        let status = Arc::new(Mutex::new(status));
        let (stop, stopped) = watch::channel(false);
        let worker = Worker {
            config,
            tls: self.tls,
            table: self.table,
            coalesce: self.coalesce,
            backoff: Backoff::new(self.backoff.0, self.backoff.1),
            loaded,
            policy: policy.clone(),
            tenants: tenants.clone(),
            status: Arc::clone(&status),
        };
        tokio::spawn(worker.run(session, stopped));
        Ok(PgPolicySource {
            policy,
            tenants,
            status,
            stop: Arc::new(stop),
        })
    }
}
