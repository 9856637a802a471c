//! The doctor over HTTPS: a tower-cors server behind rustls with a certificate made by the
//! test, trusted through `--cacert`; without it the certificate is refused.

use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::routing::any;
use cors_doctor::{Options, diagnose};
use hyper_util::rt::{TokioExecutor, TokioIo};
use hyper_util::server::conn::auto;
use hyper_util::service::TowerToHyperService;
use tokio_rustls::TlsAcceptor;
use tokio_rustls::rustls::{self, pki_types::PrivateKeyDer};
use tower_cors::diagnostics::AddressSpace;
use tower_cors::{Cors, CorsPolicy};

const PAGE: &str = "https://app.example.com";

#[tokio::test]
async fn an_https_server_is_diagnosed_when_its_certificate_is_trusted() {
    let cert = rcgen::generate_simple_self_signed(vec!["localhost".to_owned()]).unwrap();
    let dir = std::env::temp_dir().join(format!("cors-doctor-tls-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let ca_file = dir.join("cert.pem");
    std::fs::write(&ca_file, cert.cert.pem()).unwrap();

    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let key = PrivateKeyDer::Pkcs8(cert.key_pair.serialize_der().into());
    let config = rustls::ServerConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .unwrap()
        .with_no_client_auth()
        .with_single_cert(vec![cert.cert.der().clone()], key)
        .unwrap();
    let acceptor = TlsAcceptor::from(Arc::new(config));
    let policy = CorsPolicy::builder().allow_origin(PAGE).build().unwrap();
    let app = Router::new()
        .route("/api", any(|| async { "ok" }))
        .layer(Cors::new(policy));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let port = listener.local_addr().unwrap().port();
    tokio::spawn(async move {
        loop {
            let (tcp, _) = listener.accept().await.unwrap();
            let (acceptor, app) = (acceptor.clone(), app.clone());
            tokio::spawn(async move {
                if let Ok(tls) = acceptor.accept(tcp).await {
                    let service = TowerToHyperService::new(app);
                    let _ = auto::Builder::new(TokioExecutor::new())
                        .serve_connection(TokioIo::new(tls), service)
                        .await;
                }
            });
        }
    });

    let mut options = Options {
        url: format!("https://localhost:{port}/api"),
        origin: PAGE.to_owned(),
        method: "GET".to_owned(),
        headers: Vec::new(),
        credentials: false,
        also_paths: Vec::new(),
        json: false,
        timeout: Duration::from_secs(5),
        ca_file: Some(ca_file),
        // The servers on 127.0.0.1 stand for public ones.
        target_space: Some(AddressSpace::Public),
        ..Options::new("", "")
    };
    let report = diagnose(&options).await.unwrap();
    assert!(report.allowed, "{report:?}");
    assert_eq!(report.exchanges[0].1.status(), 200);
    options.ca_file = None;
    let refused = diagnose(&options).await.unwrap_err();
    assert!(refused.contains("certificate"), "{refused}");
    let _ = std::fs::remove_dir_all(&dir);
}
