//! The CORS policies under test, one per API server.

use std::time::Duration;

use http::Method;
use tower_cors::{CorsConfig, CorsPolicy};

/// One API server per policy; scenarios name the server they call.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Api {
    /// The page origin; PUT, DELETE, PATCH; content-type, x-custom, authorization;
    /// exposes x-request-id.
    Main,
    /// The page origin; PUT only; x-custom only; exposes nothing.
    Narrow,
    /// The page origin; any method, any header (`*`), exposes any header.
    Wild,
    /// As `Wild`, plus `authorization` listed explicitly.
    WildAuth,
    /// `CorsConfig::public()`: any origin, method and header, no credentials.
    Public,
    /// The page origin with credentials; content-type; exposes x-request-id.
    Creds,
    /// The page origin; PUT; max-age 600 s.
    MaxAge,
    /// The page origin; PUT; max-age 0 (do not cache the preflight).
    MaxAgeZero,
    /// The page origin; PUT; max-age 86400 s, more than any engine keeps a preflight.
    MaxAgeDay,
    /// `http://*.localhost:<page port>`.
    Sub,
    /// `http://*.trusted.localhost:<page port>`.
    Trusted,
    /// `http://localhost:*`.
    AnyPort,
    /// The page origin with credentials, any method and any header (echoed, as `*` is a
    /// literal under credentials).
    CredsAny,
    /// Control, not `tower_cors`: tower-http's `CorsLayer` for the page origin with its
    /// `Vary` header switched off, to show what the browser's HTTP cache does without it.
    ControlNoVary,
}

impl Api {
    pub(crate) const ALL: [Self; 14] = [
        Self::Main,
        Self::Narrow,
        Self::Wild,
        Self::WildAuth,
        Self::Public,
        Self::Creds,
        Self::MaxAge,
        Self::MaxAgeZero,
        Self::MaxAgeDay,
        Self::Sub,
        Self::Trusted,
        Self::AnyPort,
        Self::CredsAny,
        Self::ControlNoVary,
    ];

    /// The `tower_cors` policy of this server, for a page server on `page_port` (`None` for
    /// the control server).
    pub(crate) fn policy(self, page_port: u16) -> Option<CorsPolicy> {
        let page = format!("http://127.0.0.1:{page_port}");
        let config = match self {
            Self::Main => CorsPolicy::builder()
                .allow_origin(&page)
                .allow_methods([Method::PUT, Method::DELETE])
                .allow_method("PATCH")
                .allow_headers(["content-type", "x-custom", "authorization"])
                .expose_headers(["x-request-id"]),
            Self::Narrow => CorsPolicy::builder()
                .allow_origin(&page)
                .allow_methods([Method::PUT])
                .allow_headers(["x-custom"]),
            Self::Wild => CorsPolicy::builder()
                .allow_origin(&page)
                .allow_any_method()
                .allow_any_header()
                .expose_any_header(),
            Self::WildAuth => CorsPolicy::builder()
                .allow_origin(&page)
                .allow_any_header()
                .allow_headers(["authorization"]),
            Self::Public => CorsConfig::public(),
            Self::Creds => CorsPolicy::builder()
                .allow_origin(&page)
                .allow_credentials(true)
                .allow_headers(["content-type"])
                .expose_headers(["x-request-id"]),
            Self::MaxAge => CorsPolicy::builder()
                .allow_origin(&page)
                .allow_methods([Method::PUT])
                .max_age(Duration::from_secs(600)),
            Self::MaxAgeZero => CorsPolicy::builder()
                .allow_origin(&page)
                .allow_methods([Method::PUT])
                .max_age(Duration::ZERO),
            Self::MaxAgeDay => CorsPolicy::builder()
                .allow_origin(&page)
                .allow_methods([Method::PUT])
                .max_age(Duration::from_secs(86_400)),
            Self::Sub => {
                CorsPolicy::builder().allow_origin(format!("http://*.localhost:{page_port}"))
            }
            Self::Trusted => CorsPolicy::builder()
                .allow_origin(format!("http://*.trusted.localhost:{page_port}")),
            Self::AnyPort => CorsPolicy::builder().allow_origin("http://localhost:*"),
            Self::CredsAny => CorsPolicy::builder()
                .allow_origin(&page)
                .allow_credentials(true)
                .allow_any_method()
                .allow_any_header(),
            Self::ControlNoVary => return None,
        };
        let policy = config
            .build()
            .unwrap_or_else(|e| panic!("the {self:?} policy must build: {e}"));
        Some(policy)
    }
}
