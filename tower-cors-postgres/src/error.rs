//! [`StartError`]: why a source could not start.

use std::fmt;

use tower_cors::ConfigError;

/// Why [`Builder::start`](crate::Builder::start) failed: the application sees it at
/// start-up, instead of serving an empty allowlist.
#[derive(Debug)]
#[non_exhaustive]
pub enum StartError {
    /// The connection string or URL does not parse.
    DatabaseUrl(tokio_postgres::Error),
    /// Connecting, listening, migrating or reading the table failed.
    Database(tokio_postgres::Error),
    /// The base configuration does not build (its origins left aside).
    Base(ConfigError),
    /// The table's good global rows do not build together.
    Rows(ConfigError),
}

impl fmt::Display for StartError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::DatabaseUrl(e) => write!(f, "invalid database URL: {e}"),
            Self::Database(e) => write!(f, "cannot load the CORS origins: {e}"),
            Self::Base(e) => write!(f, "the base CORS configuration does not build: {e}"),
            Self::Rows(e) => write!(f, "the CORS origins of the table do not build: {e}"),
        }
    }
}

impl std::error::Error for StartError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Self::DatabaseUrl(e) | Self::Database(e) => Some(e),
            Self::Base(e) | Self::Rows(e) => Some(e),
        }
    }
}
