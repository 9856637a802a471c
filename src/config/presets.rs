//! Presets: named starting points with honest names. Each is a [`CorsConfig`] to extend with
//! the usual setters before [`CorsConfig::build`].

use std::time::Duration;

use super::CorsConfig;

impl CorsConfig {
    /// A public API readable by any site, without credentials (the right choice when no
    /// response depends on cookies, HTTP authentication, the caller's IP or network):
    ///
    /// - any origin: `Access-Control-Allow-Origin: *` on every response;
    /// - any method and any request header (`*`, which browsers never apply to
    ///   `authorization`: add `.allow_header("authorization")` for bearer tokens);
    /// - no credentials, no exposed headers, no max-age.
    ///
    /// ```
    /// let policy = tower_cors::CorsConfig::public().build()?;
    /// assert!(policy.origins().allows_any());
    /// # Ok::<(), tower_cors::ConfigError>(())
    /// ```
    pub fn public() -> Self {
        Self::new()
            .allow_any_origin()
            .allow_any_method()
            .allow_any_header()
    }

    /// For local development only: pages served from `localhost`, `*.localhost`, `127.0.0.1`
    /// or `[::1]` on any port (http or https), any method, any request header, no credentials.
    ///
    /// # Security
    /// Every local page can then read your API, including pages of other projects and tools
    /// running on the same machine. Keep this preset out of production configurations; use
    /// an explicit allowlist there. Credentials stay off unless you turn them on.
    pub fn local_development() -> Self {
        let mut config = Self::new();
        for scheme in ["http", "https"] {
            for host in ["localhost", "*.localhost", "127.0.0.1", "[::1]"] {
                config = config.allow_origin(format!("{scheme}://{host}:*"));
            }
        }
        config.allow_any_method().allow_any_header()
    }

    /// gRPC-web from browsers (tonic-web, grpc-web clients): the request headers the protocol
    /// sends (`content-type`, `x-grpc-web`, `x-user-agent`, `grpc-timeout`), the response
    /// headers a client must read (`grpc-status`, `grpc-message`, `grpc-status-details-bin`)
    /// and a max-age of 7200 s (Chromium's cap; Safari uses 600 s). Calls are `POST`, which needs no listing.
    /// Add your origins, and your own metadata headers:
    ///
    /// ```
    /// let policy = tower_cors::CorsConfig::grpc_web()
    ///     .allow_origin("https://app.example.com")
    ///     .build()?;
    /// // One warning: Safari caps max-age at 600 s (it then asks again after 10 minutes).
    /// assert_eq!(policy.warnings().len(), 1);
    /// # Ok::<(), tower_cors::ConfigError>(())
    /// ```
    pub fn grpc_web() -> Self {
        Self::new()
            .allow_headers(GRPC_WEB_REQUEST_HEADERS)
            .expose_headers(GRPC_EXPOSED_HEADERS)
            .max_age(Duration::from_secs(7200))
    }

    /// The Connect protocol from browsers (connect-es, connect-web), and gRPC-web through the
    /// same server: the request and response headers Connect publishes for CORS, and a max-age
    /// of 7200 s. Its methods, `POST` and `GET`, need no listing. Connect's list also names
    /// `accept-encoding`, which page script can never set (the browser does): it is left out.
    /// Add your origins:
    ///
    /// ```
    /// let policy = tower_cors::CorsConfig::connect()
    ///     .allow_origin("https://app.example.com")
    ///     .build()?;
    /// // One warning: Safari caps max-age at 600 s (it then asks again after 10 minutes).
    /// assert_eq!(policy.warnings().len(), 1);
    /// # Ok::<(), tower_cors::ConfigError>(())
    /// ```
    pub fn connect() -> Self {
        Self::new()
            .allow_headers(CONNECT_REQUEST_HEADERS)
            .allow_headers(GRPC_WEB_REQUEST_HEADERS.iter().skip(1))
            .expose_headers(GRPC_EXPOSED_HEADERS)
            .expose_headers(CONNECT_EXPOSED_HEADERS)
            .max_age(Duration::from_secs(7200))
    }
}

/// Request headers of gRPC-web (`content-type` first: Connect lists it too).
const GRPC_WEB_REQUEST_HEADERS: [&str; 4] =
    ["content-type", "x-grpc-web", "x-user-agent", "grpc-timeout"];

/// Response headers a gRPC-web or Connect client reads.
const GRPC_EXPOSED_HEADERS: [&str; 3] = ["grpc-status", "grpc-message", "grpc-status-details-bin"];

/// Request headers of Connect, besides gRPC-web's.
const CONNECT_REQUEST_HEADERS: [&str; 6] = [
    "connect-protocol-version",
    "connect-timeout-ms",
    "connect-content-encoding",
    "connect-accept-encoding",
    "content-encoding",
    "grpc-message-type",
];

/// Response headers of Connect, besides gRPC's.
const CONNECT_EXPOSED_HEADERS: [&str; 2] = ["content-encoding", "connect-content-encoding"];
