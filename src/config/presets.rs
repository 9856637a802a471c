//! Presets: named starting points with honest names. Each is a [`CorsConfig`] to extend with
//! the usual setters before [`CorsConfig::build`].

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
}
