//! An HTTP/1.1 server on 127.0.0.1 for the end-to-end benchmark (`benches/e2e.sh`): the same
//! handler with tower-cors's layer, with tower-http's `CorsLayer` (same policy), or bare.
//!
//! ```text
//! cargo run --release --example e2e_server -- --cors 8080        # tower-cors
//! cargo run --release --example e2e_server -- --tower-http 8080  # tower-http
//! cargo run --release --example e2e_server -- --bare 8080        # no CORS layer
//! ```
//!
//! Policy: origin `https://example.com`, method `PUT`, headers accept / content-type /
//! x-requested-with. One thread (a current-thread Tokio runtime), keep-alive connections; the
//! service is cloned per request, as axum and hyper-util's adapter do. The soak test
//! (`benches/soak.sh`) runs it too.

use std::convert::Infallible;
use std::net::{Ipv4Addr, SocketAddr};

use bytes::Bytes;
use http::header::{self, HeaderName, HeaderValue};
use http::{Method, Request, Response};
use http_body_util::Full;
use hyper::body::Incoming;
use hyper::server::conn::http1;
use hyper_util::rt::TokioIo;
use tokio::net::TcpListener;
use tower::{Layer, Service, ServiceExt};

/// The handler: a small response built the way a handler builds one.
#[derive(Clone, Copy, Debug)]
struct Hello;

impl<B> Service<Request<B>> for Hello {
    type Response = Response<Full<Bytes>>;
    type Error = Infallible;
    type Future = std::future::Ready<Result<Self::Response, Infallible>>;

    fn poll_ready(
        &mut self,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Result<(), Infallible>> {
        std::task::Poll::Ready(Ok(()))
    }

    fn call(&mut self, _: Request<B>) -> Self::Future {
        let mut response = Response::new(Full::new(Bytes::from_static(b"Hello, World!")));
        response.headers_mut().insert(
            header::CONTENT_TYPE,
            HeaderValue::from_static("text/plain; charset=utf-8"),
        );
        std::future::ready(Ok(response))
    }
}

const ORIGIN: &str = "https://example.com";
const HEADERS: [&str; 3] = ["accept", "content-type", "x-requested-with"];

/// Serves `service` on `port` forever, one connection task per client.
async fn serve<S, B>(port: u16, service: S) -> std::io::Result<()>
where
    S: Service<Request<Incoming>, Response = Response<B>, Error = Infallible>
        + Clone
        + Send
        + 'static,
    S::Future: Send,
    B: hyper::body::Body + Send + 'static,
    B::Data: Send,
    B::Error: Into<Box<dyn std::error::Error + Send + Sync>>,
{
    let listener = TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, port))).await?;
    eprintln!("listening on 127.0.0.1:{port}");
    loop {
        let (stream, _) = listener.accept().await?;
        stream.set_nodelay(true)?;
        let service = service.clone();
        tokio::spawn(async move {
            let hyper_service = hyper::service::service_fn(move |request| {
                let service = service.clone();
                async move { service.oneshot(request).await }
            });
            // Headers up to 2 MiB reach the service, so that the soak test's hostile requests
            // (1 MiB of commas) are judged by the layer rather than refused by hyper.
            let _ = http1::Builder::new()
                .max_buf_size(2 << 20)
                .serve_connection(TokioIo::new(stream), hyper_service)
                .await;
        });
    }
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let mode = args.next().unwrap_or_else(|| "--bare".to_owned());
    let port: u16 = args.next().as_deref().unwrap_or("8080").parse()?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    runtime.block_on(async move {
        match mode.as_str() {
            "--cors" => {
                let policy = tower_cors::CorsPolicy::builder()
                    .allow_origin(ORIGIN)
                    .allow_methods([Method::PUT])
                    .allow_headers(HEADERS)
                    .build()?;
                serve(port, tower_cors::Cors::new(policy).layer(Hello)).await?;
            }
            "--tower-http" => {
                let layer = tower_http::cors::CorsLayer::new()
                    .allow_origin(HeaderValue::from_static(ORIGIN))
                    .allow_methods([Method::PUT])
                    .allow_headers(HEADERS.map(HeaderName::from_static));
                serve(port, layer.layer(Hello)).await?;
            }
            "--bare" => serve(port, Hello).await?,
            other => {
                return Err(format!("unknown mode {other}: --cors, --tower-http or --bare").into());
            }
        }
        Ok(())
    })
}
