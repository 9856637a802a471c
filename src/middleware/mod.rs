//! The Tower middleware: the [`Cors`] layer, its [`CorsService`], the service's
//! [`ResponseFuture`], and [`CorsBody`] for inner services whose body has no `Default`.

mod body;
mod future;
mod layer;
#[cfg(feature = "tracing")]
mod log;
mod service;

pub use self::body::CorsBody;
pub use self::future::ResponseFuture;
pub use self::layer::Cors;
pub use self::service::CorsService;
