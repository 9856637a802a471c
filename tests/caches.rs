//! A shared cache in front of the layer, with a real nginx on 127.0.0.1: a cache that honours
//! `Vary` keeps each origin's answer apart; one told to ignore `Vary` hands one origin's
//! `Access-Control-Allow-Origin` to every other origin (and, with credentials, to the page of
//! whoever asks first); putting the request's `Origin` into the cache key makes it safe again.
//! This is the recipe SECURITY.md gives.

#[path = "nginx/server.rs"]
mod nginx;

use std::net::SocketAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use axum::Router;
use axum::routing::get;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tower_cors::{Cors, CorsPolicy};

const A: &str = "https://a.example.com";
const B: &str = "https://b.example.com";

/// A cacheable resource behind `Cors`, counting how often the origin server is reached.
async fn upstream(hits: Arc<AtomicUsize>) -> SocketAddr {
    let policy = CorsPolicy::builder()
        .allow_origins([A, B])
        .allow_credentials(true)
        .build()
        .unwrap();
    let app = Router::new()
        .route(
            "/{*path}",
            get(move || {
                hits.fetch_add(1, Ordering::SeqCst);
                async { ([("cache-control", "public, max-age=60")], "report") }
            }),
        )
        .layer(Cors::new(policy));
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    addr
}

/// `GET path` through nginx with `Origin: origin`: the `Access-Control-Allow-Origin` received.
async fn fetch(port: u16, path: &str, origin: &str) -> Option<String> {
    let mut stream = TcpStream::connect(("127.0.0.1", port)).await.unwrap();
    let request = format!(
        "GET {path} HTTP/1.1\r\nhost: 127.0.0.1\r\norigin: {origin}\r\nconnection: close\r\n\r\n"
    );
    stream.write_all(request.as_bytes()).await.unwrap();
    let mut response = String::new();
    stream.read_to_string(&mut response).await.unwrap();
    assert!(response.starts_with("HTTP/1.1 200"), "{response}");
    response
        .split("\r\n\r\n")
        .next()
        .unwrap()
        .lines()
        .find_map(|l| {
            let (name, value) = l.split_once(':')?;
            name.eq_ignore_ascii_case("access-control-allow-origin")
                .then(|| value.trim().to_owned())
        })
}

#[tokio::test]
async fn a_cache_that_ignores_vary_needs_the_origin_in_its_key() {
    let Some(bin) = nginx::binary("cache test") else {
        return;
    };
    let hits = Arc::new(AtomicUsize::new(0));
    let upstream = upstream(hits.clone()).await;
    let http = format!(
        r#"proxy_cache_path {{dir}}/cache levels=1 keys_zone=cors:1m;
    server {{
        listen 127.0.0.1:{{port}};
        proxy_cache cors;
        proxy_cache_valid 200 60s;
        add_header X-Cache $upstream_cache_status always;
        # Honours Vary (nginx's default).
        location /honours/ {{ proxy_pass http://{upstream}; }}
        # Told to ignore Vary: one cached copy for every origin.
        location /ignores/ {{ proxy_ignore_headers Vary; proxy_pass http://{upstream}; }}
        # Ignores Vary, but keys the cache by Origin: the recipe.
        location /keyed/ {{
            proxy_ignore_headers Vary;
            proxy_cache_key "$scheme$proxy_host$request_uri $http_origin";
            proxy_pass http://{upstream};
        }}
    }}"#
    );
    let server = nginx::start(&bin, "tower-cors-cache", &http);
    // Path, the ACAO origin B receives after A's request was cached, whether nginx served B
    // from A's copy.
    for (path, b_gets, b_from_cache) in [
        ("/honours/report", Some(B), false),
        ("/ignores/report", Some(A), true),
        ("/keyed/report", Some(B), false),
    ] {
        let before = hits.load(Ordering::SeqCst);
        assert_eq!(
            fetch(server.port, path, A).await.as_deref(),
            Some(A),
            "{path}"
        );
        assert_eq!(
            fetch(server.port, path, A).await.as_deref(),
            Some(A),
            "{path}, cached"
        );
        assert_eq!(
            fetch(server.port, path, B).await.as_deref(),
            b_gets,
            "{path}"
        );
        let reached = hits.load(Ordering::SeqCst) - before;
        // A once (then cached); B once more unless it was served A's copy.
        assert_eq!(reached, if b_from_cache { 1 } else { 2 }, "{path}");
    }
}
