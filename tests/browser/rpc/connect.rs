//! The Connect side: tonic does not speak Connect, so a small axum handler serves Connect's
//! unary protocol for the same `demo.v1.Greeter/Greet` (POST, `application/json` or
//! `application/proto`, `connect-protocol-version: 1`; an error is an HTTP status and a JSON
//! body `{"code", "message", "details": [{"type", "value"}]}`), behind `Cors` with the
//! `connect()` preset, or, for the control, the preset as it was before its fix.

use std::sync::Arc;

use axum::Router;
use axum::ServiceExt;
use axum::body::Bytes;
use axum::extract::{Extension, Request, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use serde_json::json;
use tower::ServiceBuilder;
use tower_cors::{Cors, CorsConfig, CorsPolicy};

use super::greeter::{FAIL_MESSAGE, FAIL_REASON, greeting, request_id};
use super::proto::{self, ERROR_DETAIL, GREET_PATH};
use super::record::{Log, RecordLayer, ScenarioName};

/// The policy of a Connect server.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Preset {
    /// `CorsConfig::connect()`, as shipped.
    Connect,
    /// Control: the `connect()` preset before its fix, built by hand: Connect's and
    /// gRPC-web's request headers without `content-type`, which every Connect call sends.
    WithoutContentType,
}

impl Preset {
    fn policy(self, page_origin: &str) -> CorsPolicy {
        let config = match self {
            Self::Connect => CorsConfig::connect(),
            Self::WithoutContentType => CorsConfig::new()
                .allow_headers([
                    "connect-protocol-version",
                    "connect-timeout-ms",
                    "connect-content-encoding",
                    "connect-accept-encoding",
                    "content-encoding",
                    "grpc-message-type",
                    "x-grpc-web",
                    "x-user-agent",
                    "grpc-timeout",
                ])
                .expose_headers([
                    "grpc-status",
                    "grpc-message",
                    "grpc-status-details-bin",
                    "content-encoding",
                    "connect-content-encoding",
                ]),
        };
        config
            .allow_origin(page_origin)
            .expose_header("x-request-id")
            .build()
            .unwrap_or_else(|e| panic!("the {self:?} policy builds: {e}"))
    }
}

/// Starts a Connect server with `preset`'s policy; returns its port and log.
pub(crate) async fn start(preset: Preset, page_origin: &str) -> std::io::Result<(u16, Arc<Log>)> {
    let policy = preset.policy(page_origin);
    let log = Arc::new(Log::with_policy(policy.clone()));
    let router = Router::new()
        .route(GREET_PATH, post(greet))
        .with_state(Arc::clone(&log));
    // Outside the router: the record layer rewrites the path the router matches.
    let app = ServiceBuilder::new()
        .layer(RecordLayer(Arc::clone(&log)))
        .layer(Cors::new(policy))
        .service(router);
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let port = listener.local_addr()?.port();
    let make = ServiceExt::<Request>::into_make_service(app);
    tokio::spawn(async move { axum::serve(listener, make).await });
    Ok((port, log))
}

/// A Connect error: its HTTP status and JSON body.
fn error(status: StatusCode, code: &str, message: &str, details: &[(&str, Vec<u8>)]) -> Response {
    let details: Vec<_> = details
        .iter()
        .map(|(kind, value)| json!({"type": kind, "value": proto::base64(value)}))
        .collect();
    let body = json!({"code": code, "message": message, "details": details});
    let content_type = [(header::CONTENT_TYPE, "application/json")];
    (status, content_type, body.to_string()).into_response()
}

async fn greet(
    State(log): State<Arc<Log>>,
    Extension(ScenarioName(scenario)): Extension<ScenarioName>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    log.hit(&scenario);
    let id = [("x-request-id", request_id(&scenario))];
    if headers
        .get("connect-protocol-version")
        .is_none_or(|v| v != "1")
    {
        let message = "connect-protocol-version: 1 is required";
        return (
            id,
            error(StatusCode::BAD_REQUEST, "invalid_argument", message, &[]),
        )
            .into_response();
    }
    let content_type = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok());
    let binary = match content_type {
        Some("application/json") => false,
        Some("application/proto") => true,
        _ => return (StatusCode::UNSUPPORTED_MEDIA_TYPE, id).into_response(),
    };
    let name = if binary {
        proto::decode_string_message(&body)
    } else {
        serde_json::from_slice::<serde_json::Value>(&body)
            .ok()
            .map(|v| v["name"].as_str().unwrap_or_default().to_owned())
    };
    let Some(name) = name else {
        let message = "not a demo.v1.GreetRequest";
        return (
            id,
            error(StatusCode::BAD_REQUEST, "invalid_argument", message, &[]),
        )
            .into_response();
    };
    match greeting(&name) {
        Some(message) if binary => {
            let body = proto::encode_string_message(&message);
            (id, [(header::CONTENT_TYPE, "application/proto")], body).into_response()
        }
        Some(message) => {
            let body = json!({ "message": message }).to_string();
            (id, [(header::CONTENT_TYPE, "application/json")], body).into_response()
        }
        None => {
            let detail = (ERROR_DETAIL, proto::encode_string_message(FAIL_REASON));
            let refused = error(
                StatusCode::BAD_REQUEST,
                "invalid_argument",
                FAIL_MESSAGE,
                &[detail],
            );
            (id, refused).into_response()
        }
    }
}
