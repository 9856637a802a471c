//! `CorsPolicy`: a validated configuration compiled into an immutable matcher, with every
//! response header value built once. Validation happens here and nowhere else: each file
//! compiles one setting (methods, request headers, exposed headers, max-age) and reports every
//! problem it finds; the origin list, the security surface, is validated and compiled by
//! `origins/`.

mod answers;
mod expose;
mod header_names;
mod lenient;
mod max_age;
mod methods;
mod request_headers;
mod value;

use std::fmt;
use std::sync::Arc;

use http::{HeaderValue, StatusCode};

use self::answers::Parts;
pub(crate) use self::answers::PreflightAnswers;
pub(crate) use self::methods::Methods;
pub(crate) use self::request_headers::RequestHeaders;
use crate::config::CorsConfig;
use crate::config::fields::Field;
use crate::error::{ConfigError, ConfigErrorKind, ConfigWarning, ConfigWarningKind, Report};
use crate::origins::OriginMatcher;

/// A validated, compiled CORS policy.
///
/// Only [`CorsConfig::build`] makes one, so a `CorsPolicy` is always consistent: no insecure
/// combination, no malformed value, every header value precomputed. It is immutable,
/// `Send + Sync`, and cloning it is a reference-count increment.
///
/// Use it with the [`Cors`](crate::Cors) layer, or directly in a server of your own through
/// [`evaluate`](Self::evaluate).
///
/// ```
/// use std::time::Duration;
/// use http::Method;
/// use tower_cors::CorsPolicy;
///
/// let policy = CorsPolicy::builder()
///     .allow_origin("https://app.example.com")
///     .allow_origin("https://*.example.com")
///     .allow_methods([Method::PUT, Method::DELETE])
///     .allow_headers(["content-type", "authorization"])
///     .expose_headers(["x-request-id"])
///     .allow_credentials(true)
///     .max_age(Duration::from_secs(600))
///     .build()?;
/// assert!(policy.origins().matches(b"https://api.example.com"));
/// # Ok::<(), tower_cors::ConfigError>(())
/// ```
#[derive(Clone)]
#[must_use]
pub struct CorsPolicy(Arc<Inner>);

/// The compiled policy. Its fields are private: the rest of the crate reads it through the
/// methods below, which state the rules.
struct Inner {
    origins: OriginMatcher,
    credentials: bool,
    methods: Methods,
    headers: RequestHeaders,
    expose: Option<HeaderValue>,
    private_network: bool,
    answers: PreflightAnswers,
    warnings: Vec<ConfigWarning>,
}

impl fmt::Debug for CorsPolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let i = &*self.0;
        f.debug_struct("CorsPolicy")
            .field("origins", &i.origins)
            .field("credentials", &i.credentials)
            .field("allow_methods", i.methods.answer())
            .field("allow_headers", i.headers.answer())
            .field("expose_headers", &i.expose)
            .field("private_network", &i.private_network)
            .field("preflight_status", &i.answers.success_status())
            .field("refusal_status", &i.answers.refusal_status())
            .finish_non_exhaustive()
    }
}

impl CorsPolicy {
    /// Starts a configuration: the same as [`CorsConfig::new`].
    pub fn builder() -> CorsConfig {
        CorsConfig::new()
    }

    /// The compiled origin allowlist, to reuse in guards of your own (for example a
    /// WebSocket upgrade check, which CORS does not cover).
    #[must_use]
    pub fn origins(&self) -> &OriginMatcher {
        &self.0.origins
    }

    /// Whether the policy allows credentials (cookies, HTTP authentication).
    #[must_use]
    pub fn allows_credentials(&self) -> bool {
        self.0.credentials
    }

    /// Things allowed but probably not meant (a max-age above a browser's cap, duplicates,
    /// safelisted names that were dropped), found by [`CorsConfig::build`].
    #[must_use]
    pub fn warnings(&self) -> &[ConfigWarning] {
        &self.0.warnings
    }

    /// Any origin without credentials: every response carries `Access-Control-Allow-Origin: *`
    /// and nothing in an actual response depends on the request (the Fetch standard's advice
    /// for a public resource). Credentials with any origin never build, so this is the same
    /// as allowing any origin.
    pub(crate) fn is_public(&self) -> bool {
        is_public(&self.0.origins, self.0.credentials)
    }

    /// The allowed methods.
    pub(crate) fn methods(&self) -> &Methods {
        &self.0.methods
    }

    /// The allowed request headers.
    pub(crate) fn request_headers(&self) -> &RequestHeaders {
        &self.0.headers
    }

    /// `Access-Control-Expose-Headers`, when any header is exposed.
    pub(crate) fn exposed_headers(&self) -> Option<&HeaderValue> {
        self.0.expose.as_ref()
    }

    /// Whether a preflight that asks for private network access gets it.
    pub(crate) fn allows_private_network(&self) -> bool {
        self.0.private_network
    }

    /// The precomputed part of the answers to preflights.
    pub(crate) fn preflight_answers(&self) -> &PreflightAnswers {
        &self.0.answers
    }
}

/// See [`CorsPolicy::is_public`].
fn is_public(origins: &OriginMatcher, credentials: bool) -> bool {
    origins.allows_any() && !credentials
}

impl CorsConfig {
    /// Validates the configuration and compiles it into a [`CorsPolicy`].
    ///
    /// # Errors
    /// A [`ConfigError`] listing every problem: malformed origins, methods or header names,
    /// insecure combinations (credentials with `*`, with insecure origins, with public-suffix
    /// wildcards), an empty allowlist, an out-of-range max-age. Never panics.
    pub fn build(&self) -> Result<CorsPolicy, ConfigError> {
        let mut report = Report::new(self.keyed);
        let credentials = self.credentials;
        let origins = crate::origins::compile(self, &mut report);
        let methods = Methods::compile(&self.methods, credentials, &mut report);
        let headers = RequestHeaders::compile(&self.headers, credentials, &mut report);
        let expose = expose::compile(&self.exposed, credentials, &mut report);
        report.at(Field::MaxAge.name());
        let max_age = max_age::compile(self.max_age, &mut report);
        report.at(Field::AllowPrivateNetwork.name());
        if self.private_network {
            report.warn(
                ConfigWarningKind::PrivateNetworkAccessObsolete,
                "allow_private_network changes nothing in current browsers: none sends the \
                 Private Network Access preflight any more (Chromium and Firefox ask the user for \
                 Local Network Access instead, which no response header grants); it only \
                 answers older Chromium releases"
                    .to_owned(),
            );
        }
        if self.private_network && origins.allows_any() {
            report.error(
                ConfigErrorKind::PrivateNetworkWithAnyOrigin,
                None,
                "private network access cannot be allowed for any origin (\"*\"): any site could \
                 then reach devices on your users' networks; list the origins"
                    .to_owned(),
            );
        }
        report.at(Field::PreflightStatus.name());
        let success = self.preflight_status.unwrap_or(StatusCode::NO_CONTENT);
        if !matches!(success.as_u16(), 200 | 204) {
            report.error(
                ConfigErrorKind::InvalidStatus,
                Some(success.as_str()),
                format!(
                    "preflight status {} cannot be used: browsers need a 2xx, and only 204 and 200 \
                     answer with an empty body; use 204 or 200",
                    success.as_u16()
                ),
            );
        }
        report.at(Field::RefusalStatus.name());
        let refusal = self.refusal_status.unwrap_or(StatusCode::FORBIDDEN);
        if !refusal.is_client_error() {
            report.error(
                ConfigErrorKind::InvalidStatus,
                Some(refusal.as_str()),
                format!(
                    "refusal status {} cannot be used: a refused preflight needs a 4xx status \
                     (403 is conventional)",
                    refusal.as_u16()
                ),
            );
        }
        if !report.problems.is_empty() {
            return Err(ConfigError::new(report.problems));
        }
        #[cfg(feature = "tracing")]
        for warning in &report.warnings {
            tracing::warn!(target: "tower_cors", kind = ?warning.kind(), "{warning}");
        }
        let answers = PreflightAnswers::new(&Parts {
            public: is_public(&origins, credentials),
            credentials,
            methods: &methods,
            headers: &headers,
            max_age,
            success,
            refusal,
        });
        Ok(CorsPolicy(Arc::new(Inner {
            origins,
            credentials,
            methods,
            headers,
            expose,
            private_network: self.private_network,
            answers,
            warnings: report.warnings,
        })))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn assert_send_sync<T: Send + Sync + Clone + 'static>() {}

    #[test]
    fn policy_is_send_sync_and_static() {
        assert_send_sync::<CorsPolicy>();
    }
}
