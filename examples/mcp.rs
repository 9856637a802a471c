//! An MCP-style server over Streamable HTTP on loopback, as a local tool or desktop app runs
//! one: JSON-RPC messages posted to `/mcp`, a session named by the `mcp-session-id` header the
//! server gives on `initialize`, a `DELETE` that ends it. A page of `http://localhost:6274` (an
//! inspector's origin: change it to yours) may call it, through the `mcp()` preset; the
//! `HostGuard` refuses what a DNS-rebinding page sends.
//!
//! ```sh
//! cargo run --example mcp          # listens on 127.0.0.1:3006 ($PORT to change)
//! ```
//!
//! It answers `initialize`, `tools/list` and `tools/call` of one `echo` tool, enough to show
//! every header a browser client needs; a real server would use an MCP SDK behind the same
//! two layers.

use std::collections::HashSet;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde_json::{Value, json};
use tower_cors::guard::HostGuard;
use tower_cors::{ConfigError, Cors, CorsConfig};

/// The page origin allowed to call the server.
pub(crate) const PAGE_ORIGIN: &str = "http://localhost:6274";

/// The protocol revision this server speaks.
const PROTOCOL_VERSION: &str = "2025-06-18";

/// The open sessions, and the counter that names the next one.
#[derive(Default)]
pub(crate) struct Sessions {
    open: Mutex<HashSet<String>>,
    next: AtomicU64,
}

/// The server, guarded and with CORS, for `port` (the `Host` it answers to) and pages of
/// `page_origin`.
pub(crate) fn app(port: u16, page_origin: &str) -> Result<Router, ConfigError> {
    let policy = CorsConfig::mcp().allow_origin(page_origin).build()?;
    Ok(Router::new()
        .route("/mcp", post(message).delete(end).get(no_stream))
        .with_state(Arc::new(Sessions::default()))
        .layer(HostGuard::loopback(port))
        .layer(Cors::new(policy)))
}

/// One JSON-RPC message: `initialize` opens a session; anything else needs one.
async fn message(
    State(sessions): State<Arc<Sessions>>,
    headers: HeaderMap,
    body: axum::body::Bytes,
) -> Response {
    let Ok(request) = serde_json::from_slice::<Value>(&body) else {
        return error(StatusCode::BAD_REQUEST, &Value::Null, -32700, "parse error");
    };
    let id = request.get("id").cloned().unwrap_or(Value::Null);
    let method = request.get("method").and_then(Value::as_str).unwrap_or("");
    if method == "initialize" {
        let n = sessions.next.fetch_add(1, Ordering::Relaxed);
        let session = format!("session-{n:08x}");
        sessions.open.lock().unwrap().insert(session.clone());
        let result = json!({
            "protocolVersion": PROTOCOL_VERSION,
            "capabilities": { "tools": {} },
            "serverInfo": { "name": "tower-cors-mcp-example", "version": "0.1.0" }
        });
        return ([("mcp-session-id", session)], reply(&id, &result)).into_response();
    }
    let session = headers.get("mcp-session-id").and_then(|v| v.to_str().ok());
    if !session.is_some_and(|s| sessions.open.lock().unwrap().contains(s)) {
        return error(
            StatusCode::NOT_FOUND,
            &id,
            -32001,
            "unknown or missing session",
        );
    }
    if headers
        .get("mcp-protocol-version")
        .and_then(|v| v.to_str().ok())
        != Some(PROTOCOL_VERSION)
    {
        return error(
            StatusCode::BAD_REQUEST,
            &id,
            -32600,
            "unsupported protocol version",
        );
    }
    match method {
        "tools/list" => reply(
            &id,
            &json!({ "tools": [{
                "name": "echo",
                "description": "Echoes its text",
                "inputSchema": { "type": "object", "properties": { "text": { "type": "string" } } }
            }]}),
        )
        .into_response(),
        "tools/call" => {
            let text = request
                .pointer("/params/arguments/text")
                .and_then(Value::as_str)
                .unwrap_or_default();
            reply(
                &id,
                &json!({ "content": [{ "type": "text", "text": text }] }),
            )
            .into_response()
        }
        _ => error(StatusCode::OK, &id, -32601, "method not found"),
    }
}

/// Ends a session.
async fn end(State(sessions): State<Arc<Sessions>>, headers: HeaderMap) -> StatusCode {
    let session = headers.get("mcp-session-id").and_then(|v| v.to_str().ok());
    match session.map(|s| sessions.open.lock().unwrap().remove(s)) {
        Some(true) => StatusCode::NO_CONTENT,
        _ => StatusCode::NOT_FOUND,
    }
}

/// This server offers no event stream.
async fn no_stream() -> StatusCode {
    StatusCode::METHOD_NOT_ALLOWED
}

fn reply(id: &Value, result: &Value) -> axum::Json<Value> {
    axum::Json(json!({ "jsonrpc": "2.0", "id": id, "result": result }))
}

fn error(status: StatusCode, id: &Value, code: i64, message: &str) -> Response {
    let body = json!({ "jsonrpc": "2.0", "id": id, "error": { "code": code, "message": message } });
    (status, axum::Json(body)).into_response()
}

#[allow(dead_code)]
#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let port: u16 = std::env::var("PORT")
        .ok()
        .and_then(|p| p.parse().ok())
        .unwrap_or(3006);
    let listener = tokio::net::TcpListener::bind(("127.0.0.1", port)).await?;
    println!("MCP server on http://127.0.0.1:{port}/mcp for pages of {PAGE_ORIGIN}");
    axum::serve(listener, app(port, PAGE_ORIGIN)?).await?;
    Ok(())
}
