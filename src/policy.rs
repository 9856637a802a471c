//! `CorsPolicy`: a validated configuration compiled into an immutable matcher, with every
//! response header value built once.

use std::fmt;
use std::sync::Arc;

use bytes::Bytes;
use http::{HeaderMap, HeaderValue, Method, StatusCode};

use crate::config::CorsConfig;
use crate::decision::{Decision, Purpose};
use crate::error::{ConfigError, ConfigErrorKind, ConfigWarning, Report};
use crate::headers::RequestHeaders;
use crate::matcher::{self, OriginInput, OriginMatcher};
use crate::methods::Methods;
use crate::{expose, max_age, response};

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

pub(crate) struct Inner {
    pub(crate) origins: OriginMatcher,
    pub(crate) credentials: bool,
    /// Any origin without credentials: `Access-Control-Allow-Origin: *` on every response,
    /// and nothing depends on the request's `Origin`.
    pub(crate) wildcard_origin: bool,
    pub(crate) methods: Methods,
    pub(crate) headers: RequestHeaders,
    pub(crate) expose: Option<HeaderValue>,
    pub(crate) max_age: Option<HeaderValue>,
    pub(crate) private_network: bool,
    pub(crate) preflight_status: StatusCode,
    pub(crate) refusal_status: StatusCode,
    pub(crate) preflight_vary: Option<HeaderValue>,
    /// The request-independent headers of an allowed preflight (see `response.rs`).
    pub(crate) preflight_headers: Option<HeaderMap>,
    pub(crate) warnings: Vec<ConfigWarning>,
}

impl fmt::Debug for CorsPolicy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let i = &*self.0;
        f.debug_struct("CorsPolicy")
            .field("origins", &i.origins)
            .field("credentials", &i.credentials)
            .field("allow_methods", &i.methods.header)
            .field("allow_headers", &i.headers.header)
            .field("expose_headers", &i.expose)
            .field("max_age", &i.max_age)
            .field("private_network", &i.private_network)
            .field("preflight_status", &i.preflight_status)
            .field("refusal_status", &i.refusal_status)
            .finish_non_exhaustive()
    }
}

impl CorsPolicy {
    /// Starts a configuration: the same as [`CorsConfig::new`].
    pub fn builder() -> CorsConfig {
        CorsConfig::new()
    }

    /// Decides what to do with a request, given its method and headers. Never allocates and
    /// never panics, whatever the bytes.
    ///
    /// See [`Decision`] for how a server uses the result.
    #[must_use]
    pub fn evaluate<'a>(&'a self, method: &Method, request_headers: &'a HeaderMap) -> Decision<'a> {
        Decision::new(self, method, request_headers, Purpose::Explain)
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

    pub(crate) fn inner(&self) -> &Inner {
        &self.0
    }

    pub(crate) fn compile(config: &CorsConfig) -> Result<Self, ConfigError> {
        let mut report = Report::default();
        let credentials = config.credentials;
        let origins = matcher::compile(
            &OriginInput {
                origins: &config.origins,
                regexes: &config.origin_regexes,
                predicates: &config.origin_fns,
                credentials,
                allow_insecure: config.dangerously_allow_insecure_origins,
                allow_public_suffix: config.dangerously_allow_public_suffix_wildcards,
            },
            &mut report,
        )
        .matcher;
        let methods = Methods::compile(&config.methods, credentials, &mut report);
        let headers = RequestHeaders::compile(&config.headers, credentials, &mut report);
        let expose = expose::compile(&config.exposed, credentials, &mut report);
        let max_age = max_age::compile(config.max_age, &mut report);
        if config.private_network && origins.allows_any() {
            report.error(
                ConfigErrorKind::PrivateNetworkWithAnyOrigin,
                None,
                "private network access cannot be allowed for any origin (\"*\"): any site could \
                 then reach devices on your users' networks; list the origins"
                    .to_owned(),
            );
        }
        let preflight_status = config.preflight_status.unwrap_or(StatusCode::NO_CONTENT);
        if !matches!(preflight_status.as_u16(), 200 | 204) {
            report.error(
                ConfigErrorKind::InvalidStatus,
                Some(preflight_status.as_str()),
                format!(
                    "preflight status {} cannot be used: browsers need a 2xx, and only 204 and 200 \
                     answer with an empty body; use 204 or 200",
                    preflight_status.as_u16()
                ),
            );
        }
        let refusal_status = config.refusal_status.unwrap_or(StatusCode::FORBIDDEN);
        if !refusal_status.is_client_error() {
            report.error(
                ConfigErrorKind::InvalidStatus,
                Some(refusal_status.as_str()),
                format!(
                    "refusal status {} cannot be used: a refused preflight needs a 4xx status \
                     (403 is conventional)",
                    refusal_status.as_u16()
                ),
            );
        }
        if !report.problems.is_empty() {
            return Err(ConfigError::new(report.problems));
        }
        let wildcard_origin = origins.allows_any() && !credentials;
        let preflight_vary = (!wildcard_origin).then(|| {
            let mut names = vec!["origin"];
            if methods.echo {
                names.push("access-control-request-method");
            }
            if headers.echo {
                names.push("access-control-request-headers");
            }
            shared_value(names.join(", "))
        });
        let mut inner = Inner {
            origins,
            credentials,
            wildcard_origin,
            methods,
            headers,
            expose,
            max_age,
            private_network: config.private_network,
            preflight_status,
            refusal_status,
            preflight_vary,
            preflight_headers: None,
            warnings: report.warnings,
        };
        inner.preflight_headers = response::preflight_template(&inner);
        Ok(Self(Arc::new(inner)))
    }
}

/// A header value built once and shared by every response: its bytes are promoted to shared
/// storage now, so that cloning it per response is only a reference-count increment.
pub(crate) fn shared_value(text: String) -> HeaderValue {
    let value = HeaderValue::from_maybe_shared(Bytes::from(text))
        .unwrap_or_else(|_| HeaderValue::from_static(""));
    drop(value.clone());
    value
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
