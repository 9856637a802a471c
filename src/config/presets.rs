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

    /// Same-origin only: no page of another origin may read a response or pass a preflight,
    /// which is what a browser enforces with no CORS layer at all. The layer still answers
    /// preflights (with the refusal status) and removes any `Access-Control-*` header a
    /// handler set, so a stray header cannot open the service. This is the policy a
    /// configuration says with an empty list: `allow_origins = []` in a file,
    /// `CORS_ALLOW_ORIGINS=""` in the environment. Origins added later are allowed as usual.
    ///
    /// ```
    /// let policy = tower_cors::CorsConfig::same_origin_only().build()?;
    /// assert!(!policy.origins().matches(b"https://app.example.com"));
    /// # Ok::<(), tower_cors::ConfigError>(())
    /// ```
    pub fn same_origin_only() -> Self {
        Self {
            same_origin_only: true,
            ..Self::new()
        }
    }

    /// For local development only: pages served from `localhost`, `*.localhost`, `127.0.0.1`
    /// or `[::1]` on any port (http or https), any method, any request header, no credentials.
    ///
    /// # Security
    /// Every local page can then read your API, including pages of other projects and tools
    /// running on the same machine. Keep this preset out of production configurations; use
    /// an explicit allowlist there. Credentials stay off unless you turn them on.
    ///
    /// A server on loopback is also reachable by DNS rebinding: a page of any site whose name
    /// is re-resolved to `127.0.0.1` makes same-origin requests that no CORS policy sees. Put
    /// [`HostGuard::loopback`](crate::guard::HostGuard::loopback) outside the layer, so that
    /// only requests for `localhost`, `127.0.0.1` or `[::1]` on your port are served:
    ///
    /// ```
    /// use axum::{routing::get, Router};
    /// use tower_cors::guard::HostGuard;
    /// use tower_cors::{Cors, CorsConfig};
    ///
    /// let port = 8080;
    /// let app: Router = Router::new()
    ///     .route("/api/items", get(|| async { "[]" }))
    ///     .layer(Cors::new(CorsConfig::local_development().build()?))
    ///     .layer(HostGuard::loopback(port));
    /// # Ok::<(), tower_cors::ConfigError>(())
    /// ```
    pub fn local_development() -> Self {
        let mut config = Self::new();
        for scheme in ["http", "https"] {
            for host in ["localhost", "*.localhost", "127.0.0.1", "[::1]"] {
                config = config.allow_origin(format!("{scheme}://{host}:*"));
            }
        }
        config.allow_any_method().allow_any_header()
    }

    /// gRPC-web from browsers (tonic-web, Google's `grpc-web`, connect-web's gRPC-web
    /// transport): the request headers the protocol sends (`content-type`, `x-grpc-web`,
    /// `x-user-agent`, `grpc-timeout`), the response headers a client must read
    /// (`grpc-status`, `grpc-message`, `grpc-status-details-bin`) and a max-age of 600 s (the
    /// most every browser honours: Safari caps it there). Calls are `POST`, which needs no
    /// listing. Add your origins, and your own metadata both ways: a custom request header
    /// with `.allow_header(...)`, a custom response header (initial metadata, or a trailer the
    /// server sends as a header) with `.expose_header(...)`, or the client reads it as absent.
    ///
    /// ```
    /// let policy = tower_cors::CorsConfig::grpc_web()
    ///     .allow_origin("https://app.example.com")
    ///     .allow_header("x-tenant")      // request metadata the page sets
    ///     .expose_header("x-request-id") // response metadata the page reads
    ///     .build()?;
    /// assert!(policy.warnings().is_empty());
    /// # Ok::<(), tower_cors::ConfigError>(())
    /// ```
    pub fn grpc_web() -> Self {
        Self::new()
            .allow_headers(GRPC_WEB_REQUEST_HEADERS)
            .expose_headers(GRPC_EXPOSED_HEADERS)
            .max_age(Duration::from_secs(600))
    }

    /// The Connect protocol from browsers (connect-es, connect-web), and gRPC-web through the
    /// same server: everything [`grpc_web`](Self::grpc_web) allows, plus the request and
    /// response headers Connect publishes for CORS. Its methods, `POST` and `GET`, need no
    /// listing. Connect's list also names `accept-encoding`, which page script can never set
    /// (the browser does): it is left out. Add your origins, and your own metadata as for
    /// `grpc_web`:
    ///
    /// ```
    /// let policy = tower_cors::CorsConfig::connect()
    ///     .allow_origin("https://app.example.com")
    ///     .build()?;
    /// assert!(policy.warnings().is_empty());
    /// // Connect's unary calls send `content-type: application/json` (or `application/proto`):
    /// let mut preflight = http::HeaderMap::new();
    /// preflight.insert("origin", "https://app.example.com".parse().unwrap());
    /// preflight.insert("access-control-request-method", "POST".parse().unwrap());
    /// preflight.insert(
    ///     "access-control-request-headers",
    ///     "connect-protocol-version,content-type".parse().unwrap(),
    /// );
    /// assert!(policy.evaluate(&http::Method::OPTIONS, &preflight).is_allowed());
    /// # Ok::<(), tower_cors::ConfigError>(())
    /// ```
    pub fn connect() -> Self {
        Self::grpc_web()
            .allow_headers(CONNECT_REQUEST_HEADERS)
            .expose_headers(CONNECT_EXPOSED_HEADERS)
    }

    /// An MCP server over Streamable HTTP (Model Context Protocol revisions 2025-03-26,
    /// 2025-06-18 and 2025-11-25) called from browser pages: `POST` messages, the `GET`
    /// event stream and the `DELETE` that ends a session; the request headers `content-type`,
    /// `authorization` (bearer tokens, never cookies: no credentials), `mcp-session-id`,
    /// `mcp-protocol-version` and `last-event-id`, plus `mcp-method` and `mcp-name`, which the
    /// specification's draft adds; `mcp-session-id` and `www-authenticate` exposed, so that the
    /// page reads its session and an authorization challenge; a max-age of 600 s.
    ///
    /// Add the origins of the pages that may call the server. An MCP server on loopback also
    /// needs [`HostGuard`](crate::guard::HostGuard): the specification requires servers to
    /// validate requests against DNS rebinding, which no CORS header can do.
    ///
    /// ```
    /// use axum::{routing::post, Router};
    /// use tower_cors::guard::HostGuard;
    /// use tower_cors::{Cors, CorsConfig};
    ///
    /// let policy = CorsConfig::mcp().allow_origin("http://localhost:6274").build()?;
    /// assert!(policy.warnings().is_empty());
    /// let app: Router = Router::new()
    ///     .route("/mcp", post(|| async { "a JSON-RPC answer" }))
    ///     .layer(HostGuard::loopback(3006))
    ///     .layer(Cors::new(policy));
    /// # Ok::<(), tower_cors::ConfigError>(())
    /// ```
    pub fn mcp() -> Self {
        Self::new()
            .allow_method(http::Method::DELETE)
            .allow_headers(MCP_REQUEST_HEADERS)
            .expose_headers(["mcp-session-id", "www-authenticate"])
            .max_age(Duration::from_secs(600))
    }
}

/// Request headers of MCP's Streamable HTTP transport a page sets (`accept` is safelisted).
const MCP_REQUEST_HEADERS: [&str; 7] = [
    "content-type",
    "authorization",
    "mcp-session-id",
    "mcp-protocol-version",
    "last-event-id",
    "mcp-method",
    "mcp-name",
];

/// Request headers of gRPC-web.
const GRPC_WEB_REQUEST_HEADERS: [&str; 4] =
    ["content-type", "x-grpc-web", "x-user-agent", "grpc-timeout"];

/// Response headers a gRPC-web or Connect client reads.
const GRPC_EXPOSED_HEADERS: [&str; 3] = ["grpc-status", "grpc-message", "grpc-status-details-bin"];

/// Request headers of Connect, besides gRPC-web's (`content-type` among them).
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
