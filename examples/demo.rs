//! A page on one origin calling an API on another, through `tower-cors`.
//!
//! Run with `cargo run --example demo`, then open http://127.0.0.1:8080 and press the buttons.
//! The API (http://127.0.0.1:3000) prints the policy's decision for every CORS request.
//! Set `DEMO_API_PORT` / `DEMO_PAGE_PORT` to use other ports.

use std::net::SocketAddr;
use std::time::Duration;

use axum::extract::Request;
use axum::http::{HeaderMap, HeaderValue, Method, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{Html, IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use tower_cors::{Cors, CorsPolicy, RequestKind};

fn port(var: &str, default: u16) -> u16 {
    std::env::var(var)
        .ok()
        .and_then(|p| p.parse().ok())
        .unwrap_or(default)
}

/// The API: the page's origin may call it with credentials.
pub(crate) fn api(page_origin: &str) -> Result<Router, tower_cors::ConfigError> {
    // The whole policy: validated once, here. A typo in an origin is an error, not a hole.
    let policy = CorsPolicy::builder()
        .allow_origin(page_origin)
        .allow_methods([Method::PUT, Method::DELETE])
        .allow_headers(["content-type"])
        .expose_headers(["x-request-id"])
        .allow_credentials(true)
        .max_age(Duration::from_secs(600))
        .build()?;

    let log_policy = policy.clone();
    let index = format!(
        "tower-cors demo API. Open the page at {page_origin}/ and press its buttons.\n\
         Routes: GET /hello, POST /items, POST /login, GET /me, GET /report.\n"
    );
    let api = Router::new()
        .route("/", get(move || async move { index }))
        .route(
            "/hello",
            get(|| async { Json(serde_like("hello from the API")) }),
        )
        .route("/items", post(create_item))
        .route("/login", post(login))
        .route("/me", get(me))
        .route("/report", get(report))
        .layer(Cors::new(policy))
        // Outside the CORS layer, so preflights are logged too: the decision and its reason,
        // from the same decision API a custom server would use.
        .layer(middleware::from_fn(move |req: Request, next: Next| {
            let policy = log_policy.clone();
            async move {
                let decision = policy.evaluate(req.method(), req.headers());
                if decision.kind() != RequestKind::NotCors {
                    let verdict = match decision.refusal() {
                        None => "allowed".to_owned(),
                        Some(reason) => format!("refused: {reason}"),
                    };
                    println!(
                        "api: {:?} {} {} -> {verdict}",
                        decision.kind(),
                        req.method(),
                        req.uri()
                    );
                }
                next.run(req).await
            }
        }));
    Ok(api)
}

#[allow(dead_code)]
#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let (api_port, page_port) = (port("DEMO_API_PORT", 3000), port("DEMO_PAGE_PORT", 8080));
    let page_origin = format!("http://127.0.0.1:{page_port}");
    let api = api(&page_origin)?;
    let page = Router::new()
        .route("/", get(move || async move { Html(page_html(api_port)) }))
        .route("/favicon.ico", get(|| async { StatusCode::NO_CONTENT }));

    let api_addr = SocketAddr::from(([127, 0, 0, 1], api_port));
    let page_addr = SocketAddr::from(([127, 0, 0, 1], page_port));
    let api_listener = tokio::net::TcpListener::bind(api_addr).await?;
    let page_listener = tokio::net::TcpListener::bind(page_addr).await?;
    println!("API  on http://{api_addr}  (CORS policy: {page_origin} with credentials)");
    println!("page on http://{page_addr}  <- open this in a browser");
    let api_server = axum::serve(api_listener, api);
    let page_server = axum::serve(page_listener, page);
    tokio::try_join!(async { api_server.await }, async { page_server.await })?;
    Ok(())
}

/// A tiny JSON value without a serde dependency.
fn serde_like(message: &str) -> std::collections::BTreeMap<&'static str, String> {
    std::collections::BTreeMap::from([("message", message.to_owned())])
}

async fn create_item(body: String) -> impl IntoResponse {
    (
        StatusCode::CREATED,
        Json(serde_like(&format!("created {body}"))),
    )
}

async fn login() -> impl IntoResponse {
    let cookie = HeaderValue::from_static("demo_session=s3cr3t; Path=/; HttpOnly; SameSite=Lax");
    (
        [(header::SET_COOKIE, cookie)],
        Json(serde_like("logged in: cookie set")),
    )
}

async fn me(headers: HeaderMap) -> Response {
    let cookies = headers
        .get(header::COOKIE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if cookies.contains("demo_session=s3cr3t") {
        Json(serde_like("you are logged in (the cookie reached the API)")).into_response()
    } else {
        (
            StatusCode::UNAUTHORIZED,
            Json(serde_like("no session cookie: press log in first")),
        )
            .into_response()
    }
}

async fn report() -> impl IntoResponse {
    (
        [("x-request-id", "req-42")],
        Json(serde_like("report ready")),
    )
}

fn page_html(api_port: u16) -> String {
    PAGE.replace("API_PORT", &api_port.to_string())
}

const PAGE: &str = r#"<!doctype html>
<html><head><meta charset="utf-8"><title>tower-cors demo</title>
<style>body{font:15px system-ui;margin:2em;max-width:60em}button{margin:.3em 0;min-width:22em}
pre{background:#f4f4f4;padding:.4em;margin:.2em;white-space:pre-wrap}td{vertical-align:top}.ok{color:#070}.no{color:#b00}</style></head>
<body>
<h1>tower-cors demo</h1>
<p>This page is <code id="page"></code>; the API is another origin,
<code id="api"></code>. Each button makes a real cross-origin request. Open the console to see
the browser's own words when a request is blocked; the terminal shows the policy's decision.</p>
<table>
<tr><td><button id="simple">1. Simple GET</button></td><td><pre id="out-simple">not run yet</pre></td></tr>
<tr><td><button id="json">2. JSON POST (preflighted)</button></td><td><pre id="out-json">not run yet</pre></td></tr>
<tr><td><button id="login">3a. Log in (sets a cookie)</button></td><td><pre id="out-login">not run yet</pre></td></tr>
<tr><td><button id="cred">3b. Credentialed GET /me</button></td><td><pre id="out-cred">not run yet</pre></td></tr>
<tr><td><button id="expose">4. Read an exposed header</button></td><td><pre id="out-expose">not run yet</pre></td></tr>
<tr><td><button id="refused">5. A request the policy refuses</button></td><td><pre id="out-refused">not run yet</pre></td></tr>
</table>
<script>
const api = "http://127.0.0.1:API_PORT";
document.getElementById("api").textContent = api;
document.getElementById("page").textContent = location.origin;
async function run(id, label, path, init, read) {
  const out = document.getElementById("out-" + id);
  try {
    const res = await fetch(api + path, Object.assign({cache: "no-store"}, init));
    const body = await res.text();
    out.className = "ok";
    out.textContent = label + ": readable, status " + res.status + "\n" + (read ? read(res) + "\n" : "") + body;
  } catch (e) {
    out.className = "no";
    out.textContent = label + ": blocked by CORS (" + e + ")\nthe console names the reason; the API's terminal shows the policy's";
  }
}
const on = (id, f) => document.getElementById(id).onclick = f;
on("simple", () => run("simple", "GET /hello", "/hello", {}));
on("json", () => run("json", "POST /items, application/json", "/items",
  {method: "POST", headers: {"content-type": "application/json"}, body: JSON.stringify({name: "pen"})}));
on("login", () => run("login", "POST /login, credentials: include", "/login",
  {method: "POST", credentials: "include"}));
on("cred", () => run("cred", "GET /me, credentials: include", "/me", {credentials: "include"}));
on("expose", () => run("expose", "GET /report", "/report", {},
  res => "x-request-id header read by script: " + res.headers.get("x-request-id")));
on("refused", () => run("refused", "GET /hello with header x-debug (not allowed)", "/hello",
  {headers: {"x-debug": "1"}}));
</script></body></html>
"#;
