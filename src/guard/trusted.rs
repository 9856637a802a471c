//! [`TrustedOrigins`]: the origins a guard lets through.

use crate::config::CorsConfig;
use crate::error::ConfigError;
use crate::policy::CorsPolicy;

/// The origins a guard trusts: exact origins, `*.` subdomain and port patterns, regexes and
/// predicates, compiled and checked exactly as a CORS policy's are. A guard never trusts `*`:
/// under an any-origin policy only its other entries count.
///
/// ```
/// use tower_cors::guard::TrustedOrigins;
/// use tower_cors::CorsPolicy;
///
/// let policy = CorsPolicy::builder()
///     .allow_origin("https://app.example.com")
///     .allow_origin("https://*.example.org")
///     .build()?;
/// let trusted = TrustedOrigins::from_policy(&policy); // the CORS allowlist, shared
/// assert!(trusted.trusts(b"https://a.example.org"));
/// assert!(!trusted.trusts(b"https://evil.test"));
///
/// let own = TrustedOrigins::new(["https://admin.example.com"])?; // a list of its own
/// assert!(own.trusts(b"https://admin.example.com"));
/// # Ok::<(), tower_cors::ConfigError>(())
/// ```
#[derive(Debug, Clone)]
#[must_use]
pub struct TrustedOrigins {
    policy: CorsPolicy,
}

impl TrustedOrigins {
    /// The origins `policy` allows (a reference-count increment: the list is shared).
    pub fn from_policy(policy: &CorsPolicy) -> Self {
        Self {
            policy: policy.clone(),
        }
    }

    /// A list of its own, in the syntax of [`CorsConfig::allow_origin`].
    ///
    /// # Errors
    /// Every problem of the list at once, as [`CorsConfig::build`] reports them.
    pub fn new<I>(origins: I) -> Result<Self, ConfigError>
    where
        I: IntoIterator,
        I::Item: Into<String>,
    {
        let policy = CorsConfig::new().allow_origins(origins).build()?;
        Ok(Self { policy })
    }

    /// Whether `origin` (an `Origin` header value) is trusted. Never `*`, never `null`.
    #[must_use]
    pub fn trusts(&self, origin: &[u8]) -> bool {
        self.policy.origins().names(origin)
    }
}
