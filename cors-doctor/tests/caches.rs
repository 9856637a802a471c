//! `cache-ignores-vary`: nginx's `proxy_cache` in front of a tower-cors upstream that answers
//! with `Vary: Origin` and lets the answer be cached. With `proxy_ignore_headers Vary` the
//! cache hands the page's answer (its `Access-Control-Allow-Origin`) to the probes' origins:
//! the doctor says so, quoting both origins and the cache's header. Honouring `Vary`, each
//! origin gets its own answer: no finding.

#[path = "../../tests/nginx/server.rs"]
mod nginx;

use axum::Router;
use axum::routing::get;
use cors_doctor::{Options, diagnose};
use tower_cors::diagnostics::AddressSpace;
use tower_cors::{Cors, CorsPolicy};

const PAGE: &str = "https://app.example.com";

#[tokio::test]
async fn a_cache_that_ignores_vary_is_found_and_one_that_honours_it_is_not() {
    let Some(bin) = nginx::binary("doctor cache test") else {
        return;
    };
    let policy = CorsPolicy::builder()
        .allow_origin(PAGE)
        .allow_credentials(true)
        .build()
        .unwrap();
    let app = Router::new()
        .route(
            "/{*path}",
            get(|| async { ([("cache-control", "public, max-age=60")], "report") }),
        )
        .layer(Cors::new(policy));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let upstream = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    let http = format!(
        r#"proxy_cache_path {{dir}}/cache levels=1 keys_zone=doctor:1m;
    server {{
        listen 127.0.0.1:{{port}};
        proxy_cache doctor;
        proxy_cache_valid 200 60s;
        add_header X-Cache $upstream_cache_status always;
        location /honours/ {{ proxy_pass http://{upstream}; }}
        location /ignores/ {{ proxy_ignore_headers Vary; proxy_pass http://{upstream}; }}
    }}
"#
    );
    let nginx = nginx::start(&bin, "doctor-cache", &http);
    let url = |path: &str| format!("http://127.0.0.1:{}{path}", nginx.port);

    let mut options = Options::new(&url("/honours/report"), PAGE);
    options.target_space = Some(AddressSpace::Public);
    options.credentials = true;
    let honours = diagnose(&options).await.unwrap();
    assert!(honours.allowed, "{honours:?}");
    assert_eq!(
        honours.codes(),
        Vec::<&str>::new(),
        "{:?}",
        honours.findings
    );
    assert_eq!(honours.exit_code(), 0);

    options.url = url("/ignores/report");
    let ignores = diagnose(&options).await.unwrap();
    assert!(ignores.allowed, "the page's own answer was cached for it");
    assert_eq!(
        ignores.codes(),
        ["cache-ignores-vary"],
        "{:?}",
        ignores.findings
    );
    let detail = &ignores.findings[0].detail;
    for quoted in [
        "`Origin: https://cors-doctor.invalid`",
        "`Access-Control-Allow-Origin: https://app.example.com`",
        "X-Cache: HIT",
    ] {
        assert!(detail.contains(quoted), "{quoted} not in {detail}");
    }
    assert_eq!(ignores.exit_code(), 3);
    assert!(
        ignores.probes.iter().all(|p| !p.granted),
        "no probe got its own origin"
    );
}
