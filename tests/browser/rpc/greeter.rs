//! The gRPC side: a real tonic service, `demo.v1.Greeter/Greet`, written by hand (no
//! protoc: a codec for the suite's one-string messages), served as gRPC-web by
//! `tonic_web::GrpcWebLayer` behind `Cors` with the `grpc_web()` preset.

use std::convert::Infallible;
use std::future::{Ready, ready};
use std::pin::Pin;
use std::sync::Arc;
use std::task::{Context, Poll};

use bytes::{Buf, BufMut};
use tonic::body::Body;
use tonic::codec::{Codec, DecodeBuf, Decoder, EncodeBuf, Encoder};
use tonic::metadata::{MetadataMap, MetadataValue};
use tonic::server::{Grpc, NamedService};
use tonic::transport::Server;
use tonic::transport::server::TcpIncoming;
use tonic::{Code, Status};
use tonic_web::GrpcWebLayer;
use tower_cors::{Cors, CorsConfig};

use super::proto::{self, GREET_PATH, SERVICE};
use super::record::{Log, RecordLayer, ScenarioName};

/// The name that makes `Greet` fail.
pub(crate) const FAIL: &str = "fail";
/// The failure's code (gRPC `INVALID_ARGUMENT`), message and `ErrorDetail.reason`.
pub(crate) const FAIL_CODE: Code = Code::InvalidArgument;
pub(crate) const FAIL_MESSAGE: &str = "the name \"fail\" is refused";
pub(crate) const FAIL_REASON: &str = "NAME_REFUSED";

/// What `Greet` answers to `name` (the Connect endpoint answers the same).
pub(crate) fn greeting(name: &str) -> Option<String> {
    (name != FAIL).then(|| format!("Hello, {name}!"))
}

/// The response metadata every call sets, exposed by the policies.
pub(crate) fn request_id(scenario: &str) -> String {
    format!("req-{scenario}")
}

/// Starts the gRPC-web server for pages at `page_origin`; returns its port and log.
pub(crate) async fn start(page_origin: &str) -> std::io::Result<(u16, Arc<Log>)> {
    let policy = CorsConfig::grpc_web()
        .allow_origin(page_origin)
        .expose_header("x-request-id")
        .build()
        .expect("the grpc_web() policy builds");
    let log = Arc::new(Log::with_policy(policy.clone()));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
    let port = listener.local_addr()?.port();
    let router = Server::builder()
        .accept_http1(true)
        .layer(RecordLayer(Arc::clone(&log)))
        .layer(Cors::new(policy))
        .layer(GrpcWebLayer::new())
        .add_service(Greeter(Arc::clone(&log)));
    tokio::spawn(router.serve_with_incoming(TcpIncoming::from(listener)));
    Ok((port, log))
}

/// The service: routes `Greet`, answers anything else `UNIMPLEMENTED`.
#[derive(Debug, Clone)]
struct Greeter(Arc<Log>);

impl NamedService for Greeter {
    const NAME: &'static str = SERVICE;
}

type BoxFuture<T> = Pin<Box<dyn Future<Output = T> + Send>>;

impl tower::Service<http::Request<Body>> for Greeter {
    type Response = http::Response<Body>;
    type Error = Infallible;
    type Future = BoxFuture<Result<Self::Response, Infallible>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Infallible>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, req: http::Request<Body>) -> Self::Future {
        let greet = Greet(Arc::clone(&self.0));
        Box::pin(async move {
            if req.uri().path() != GREET_PATH {
                return Ok(Status::unimplemented(req.uri().path().to_owned()).into_http());
            }
            Ok(Grpc::new(StringCodec).unary(greet, req).await)
        })
    }
}

/// The unary method.
#[derive(Debug, Clone)]
struct Greet(Arc<Log>);

impl tower::Service<tonic::Request<String>> for Greet {
    type Response = tonic::Response<String>;
    type Error = Status;
    type Future = Ready<Result<tonic::Response<String>, Status>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), Status>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, req: tonic::Request<String>) -> Self::Future {
        let scenario = req
            .extensions()
            .get::<ScenarioName>()
            .map(|s| s.0.clone())
            .unwrap_or_default();
        self.0.hit(&scenario);
        let mut metadata = MetadataMap::new();
        let id = MetadataValue::try_from(request_id(&scenario)).expect("an ASCII value");
        metadata.insert("x-request-id", id);
        ready(match greeting(req.get_ref()) {
            Some(message) => {
                let mut response = tonic::Response::new(message);
                *response.metadata_mut() = metadata;
                Ok(response)
            }
            None => Err(Status::with_details_and_metadata(
                FAIL_CODE,
                FAIL_MESSAGE,
                proto::rpc_status(FAIL_CODE as i32, FAIL_MESSAGE, FAIL_REASON).into(),
                metadata,
            )),
        })
    }
}

/// Encodes and decodes the messages' one string field.
#[derive(Debug, Clone, Copy)]
struct StringCodec;

impl Codec for StringCodec {
    type Encode = String;
    type Decode = String;
    type Encoder = Self;
    type Decoder = Self;

    fn encoder(&mut self) -> Self {
        *self
    }

    fn decoder(&mut self) -> Self {
        *self
    }
}

impl Encoder for StringCodec {
    type Item = String;
    type Error = Status;

    fn encode(&mut self, item: String, dst: &mut EncodeBuf<'_>) -> Result<(), Status> {
        dst.put_slice(&proto::encode_string_message(&item));
        Ok(())
    }
}

impl Decoder for StringCodec {
    type Item = String;
    type Error = Status;

    fn decode(&mut self, src: &mut DecodeBuf<'_>) -> Result<Option<String>, Status> {
        let bytes = src.copy_to_bytes(src.remaining());
        proto::decode_string_message(&bytes)
            .map(Some)
            .ok_or_else(|| Status::invalid_argument("not a demo.v1 message"))
    }
}
