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
        .route("/trace/{id}", get(trace))
        .layer(Cors::new(policy))
        // Outside the CORS layer, so preflights are seen too: the decision, its explanation,
        // and the CORS headers both ways, printed and kept for the page's sequence picture.
        .layer(middleware::from_fn(move |req: Request, next: Next| {
            let policy = log_policy.clone();
            async move {
                let decision = policy.evaluate(req.method(), req.headers());
                if decision.kind() == RequestKind::NotCors {
                    return next.run(req).await;
                }
                let explanation = decision.explain();
                let verdict = match &explanation {
                    None => "allowed".to_owned(),
                    Some(e) => format!("refused: {e}"),
                };
                println!(
                    "api: {:?} {} {} -> {verdict}",
                    decision.kind(),
                    req.method(),
                    req.uri()
                );
                let trace_id = trace_id(req.uri());
                let mut step = serde_json::json!({
                    "method": req.method().as_str(),
                    "path": req.uri().path(),
                    "sent": cors_headers(req.headers(), "access-control-request-", "origin"),
                    "explanation": explanation.map(|e| serde_json::json!({
                        "code": e.code.as_str(), "chrome": e.chrome, "firefox": e.firefox,
                        "safari": e.safari,
                        "fix": e.fix, "did_you_mean": e.did_you_mean,
                    })),
                });
                let response = next.run(req).await;
                if let Some(id) = trace_id {
                    step["status"] = response.status().as_u16().into();
                    step["received"] = cors_headers(response.headers(), "access-control-", "vary");
                    record(id, step);
                }
                response
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

/// What the API saw for each traced request (`?trace=ID`), for the page's sequence picture.
static TRACES: std::sync::Mutex<Vec<(String, serde_json::Value)>> =
    std::sync::Mutex::new(Vec::new());

fn trace_id(uri: &axum::http::Uri) -> Option<String> {
    uri.query()?
        .split('&')
        .find_map(|pair| pair.strip_prefix("trace="))
        .map(str::to_owned)
}

fn record(id: String, step: serde_json::Value) {
    let mut traces = TRACES
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    if traces.len() > 200 {
        traces.drain(..100);
    }
    traces.push((id, step));
}

/// The steps of one traced request: the preflight, if any, then the request.
async fn trace(axum::extract::Path(id): axum::extract::Path<String>) -> Json<serde_json::Value> {
    let traces = TRACES
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner);
    let steps: Vec<_> = traces
        .iter()
        .filter(|(i, _)| *i == id)
        .map(|(_, s)| s.clone())
        .collect();
    Json(steps.into())
}

/// The headers whose names start with `prefix`, or are `also`, as `name: value` lines.
fn cors_headers(headers: &HeaderMap, prefix: &str, also: &str) -> serde_json::Value {
    headers
        .iter()
        .filter(|(name, _)| name.as_str().starts_with(prefix) || name.as_str() == also)
        .map(|(name, value)| format!("{name}: {}", String::from_utf8_lossy(value.as_bytes())))
        .collect::<Vec<_>>()
        .into()
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
pre{background:#f4f4f4;padding:.4em;margin:.2em;white-space:pre-wrap}td{vertical-align:top}.ok{color:#070;fill:#070}.no{color:#b00;fill:#b00}svg{font:12px monospace;display:block}.h{fill:#555}</style></head>
<body>
<h1>tower-cors demo</h1>
<p>This page is <code id="page"></code>; the API is another origin,
<code id="api"></code>. Each button makes a real cross-origin request, then draws what was sent and what came back
(the preflight and the request, with their CORS headers, as the API saw them) and, for a
refused request, the explanation and the fix.</p>
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
let traces = 0;
async function run(id, label, path, init, read) {
  const out = document.getElementById("out-" + id);
  const trace = Date.now() + "-" + (++traces);
  const sep = path.includes("?") ? "&" : "?";
  try {
    const res = await fetch(api + path + sep + "trace=" + trace, Object.assign({cache: "no-store"}, init));
    const body = await res.text();
    out.className = "ok";
    out.textContent = label + ": readable, status " + res.status + "\n" + (read ? read(res) + "\n" : "") + body;
  } catch (e) {
    out.className = "no";
    out.textContent = label + ": blocked by CORS (" + e + ")";
  }
  const steps = await (await fetch(api + "/trace/" + trace, {cache: "no-store"})).json();
  out.after(picture(steps));
}
// A sequence picture: the page on the left, the API on the right, one arrow per message.
function picture(steps) {
  const ns = "http://www.w3.org/2000/svg", line = 15;
  const svg = document.createElementNS(ns, "svg");
  let y = 20, rows = [];
  const text = (x, t, anchor, cls) => rows.push([x, y, t, anchor, cls]) && (y += line);
  // Long console texts wrap at a space within the box (about 120 characters at 12px).
  const wrapped = (x, t, cls) => {
    let rest = t;
    while (rest.length > 120) {
      const cut = rest.lastIndexOf(" ", 120) > 40 ? rest.lastIndexOf(" ", 120) : 120;
      text(x, rest.slice(0, cut), "start", cls);
      rest = "    " + rest.slice(cut).trimStart();
    }
    text(x, rest, "start", cls);
  };
  for (const s of steps) {
    const top = y;
    text(10, s.method + " " + s.path + "  \u2192", "start", "req");
    s.sent.forEach(h => text(20, h, "start", "h"));
    rows.push(["arrow", top + 4, 480]);
    y += 6;
    const back = y;
    text(470, "\u2190  " + s.status, "end", s.explanation ? "no" : "ok");
    s.received.forEach(h => text(460, h, "end", "h"));
    rows.push(["arrow", back + 4, 10]);
    if (s.explanation) {
      const e = s.explanation;
      wrapped(10, "refused: " + e.code + (e.chrome ? " \u2014 Chrome: " + e.chrome : ""), "no");
      if (e.firefox) wrapped(10, "Firefox: " + e.firefox, "no");
      if (e.safari) wrapped(10, "Safari: " + e.safari, "no");
      wrapped(10, "fix: " + e.fix + (e.did_you_mean ? " (did you mean " + e.did_you_mean + "?)" : ""), "no");
    }
    y += 8;
  }
  svg.setAttribute("width", 900); svg.setAttribute("height", y);
  for (const r of rows) {
    if (r[0] === "arrow") {
      const l = document.createElementNS(ns, "line");
      const [x1, x2] = r[2] > 100 ? [10, 480] : [480, 10];
      l.setAttribute("x1", x1); l.setAttribute("x2", x2); l.setAttribute("y1", r[1]); l.setAttribute("y2", r[1]);
      l.setAttribute("stroke", "gray");
      svg.append(l);
      continue;
    }
    const t = document.createElementNS(ns, "text");
    t.setAttribute("x", r[0]); t.setAttribute("y", r[1]); t.setAttribute("text-anchor", r[3]);
    t.setAttribute("class", r[4]); t.textContent = r[2];
    svg.append(t);
  }
  return svg;
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
// `/?run=all` presses every button in turn.
if (location.search.includes("run=all")) {
  (async () => { for (const b of document.querySelectorAll("button")) { await b.onclick(); } })();
}
</script></body></html>
"#;
