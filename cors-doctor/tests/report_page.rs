//! Many endpoints (`--urls FILE`): one summary table, then the details, the worst exit
//! status, a JSON array; and the `--html` page of the same run, opened in headless Chromium
//! from a file (its policy forbids any fetch): it renders, with every finding and exchange.

#[path = "../../tests/browser/chromium.rs"]
#[allow(dead_code)]
mod chromium;
#[path = "../../tests/browser/process.rs"]
#[allow(dead_code)]
mod process;

use std::net::SocketAddr;
use std::process::Command;
use std::time::{Duration, Instant};

use axum::Router;
use axum::http::{HeaderMap, HeaderValue, header};
use axum::response::IntoResponse;
use axum::routing::any;
use tower_cors::{Cors, CorsPolicy};

const PAGE: &str = "https://app.example.com";

async fn serve(app: Router) -> SocketAddr {
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    addr
}

/// A hand-written check, `origin.ends_with("example.com")`, with credentials.
fn ends_with_app() -> Router {
    Router::new().fallback(|headers: HeaderMap| async move {
        let mut response = "secret".into_response();
        let origin = headers.get(header::ORIGIN).cloned();
        if let Some(origin) = origin.filter(|o| o.as_bytes().ends_with(b"example.com")) {
            let out = response.headers_mut();
            out.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
            out.insert(
                header::ACCESS_CONTROL_ALLOW_CREDENTIALS,
                HeaderValue::from_static("true"),
            );
            out.insert(header::VARY, HeaderValue::from_static("Origin"));
        }
        response
    })
}

fn run(args: &[&str]) -> std::process::Output {
    Command::new(env!("CARGO_BIN_EXE_cors-doctor"))
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn many_urls_print_one_table_the_worst_exit_status_and_an_html_page_chromium_renders() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(1)
        .enable_all()
        .build()
        .unwrap();
    let policy = CorsPolicy::builder()
        .allow_origin(PAGE)
        .allow_credentials(true)
        .build()
        .unwrap();
    let good = runtime.block_on(serve(
        Router::new()
            .route("/api", any(|| async { "ok" }))
            .layer(Cors::new(policy)),
    ));
    let bad = runtime.block_on(serve(ends_with_app()));
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR"))
        .join(format!("doctor-page-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let list = dir.join("urls.txt");
    let (good, bad) = (format!("http://{good}/api"), format!("http://{bad}/api"));
    std::fs::write(
        &list,
        format!("# the API\n{good}\n\n{bad}  # hand-written\n"),
    )
    .unwrap();
    let html = dir.join("report.html");
    let (list, html_path) = (list.display().to_string(), html.display().to_string());
    // The servers on 127.0.0.1 stand for public ones.
    let args = [
        "--urls",
        &list,
        "--origin",
        PAGE,
        "--credentials",
        "--target-space",
        "public",
    ];

    let out = run(&[&args[..], &["--html", &html_path]].concat());
    assert_eq!(out.status.code(), Some(3), "the worst: a security finding");
    let text = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = text.lines().collect();
    assert!(lines[0].starts_with("URL") && lines[0].contains("VERDICT  FINDINGS"));
    assert!(
        lines[1].starts_with(&good) && lines[1].ends_with("  -"),
        "{text}"
    );
    assert!(lines[2].starts_with(&bad), "{text}");
    assert!(
        lines[2].contains("allowed") && lines[2].contains("trusts-lookalike-origin"),
        "{text}"
    );
    assert!(text.contains(&format!("== {bad}")), "then the details");

    let out = run(&[&args[..], &["--json"]].concat());
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let reports = json.as_array().unwrap();
    assert_eq!(reports.len(), 2);
    assert_eq!(
        (reports[0]["exit"].as_u64(), reports[1]["exit"].as_u64()),
        (Some(0), Some(3))
    );
    let probes = reports[1]["probes"].as_array().unwrap();
    let granted = probes
        .iter()
        .find(|p| p["kind"] == "domain-prefix-glued")
        .unwrap();
    assert_eq!(granted["origin"], "https://evilexample.com");
    assert_eq!(
        (&granted["granted"], &granted["credentials"]),
        (&true.into(), &true.into())
    );

    let Some(bin) = chromium::find() else {
        assert!(
            !std::env::var("CI").is_ok_and(|v| v == "true"),
            "chromium is missing on CI"
        );
        return eprintln!("SKIPPED the page in Chromium: `apt-get install chromium`");
    };
    let page = std::fs::read_to_string(&html).unwrap();
    let findings = page.matches("data-finding=").count();
    let exchanges = page.matches("class=\"exchange\"").count();
    assert!(
        findings >= 2 && exchanges >= 2 * 13,
        "{findings} {exchanges}"
    );
    let mut browser =
        chromium::Chromium::launch(&bin, &[], &format!("file://{html_path}")).unwrap();
    let deadline = Instant::now() + Duration::from_secs(30);
    let summary = loop {
        let seen = browser.console_messages();
        if let Some(m) = seen
            .iter()
            .find_map(|m| m.strip_prefix("cors-doctor page: "))
        {
            break m.to_owned();
        }
        assert!(
            Instant::now() < deadline,
            "no summary\n{}",
            browser.stderr_tail(20)
        );
        std::thread::sleep(Duration::from_millis(50));
    };
    browser.stop();
    let summary: serde_json::Value = serde_json::from_str(&summary).unwrap();
    assert_eq!(summary["exchanges"], exchanges, "every exchange is drawn");
    let codes = summary["findings"].as_array().unwrap();
    assert_eq!(codes.len(), findings);
    assert!(
        codes.iter().any(|c| c == "trusts-lookalike-origin"),
        "{summary}"
    );
    assert!(
        codes.iter().any(|c| c == "trusts-any-subdomain"),
        "{summary}"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
