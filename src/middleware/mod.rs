//! The Tower middleware: the [`Cors`] layer, its [`CorsService`], the service's
//! [`ResponseFuture`], and [`CorsBody`] for inner services whose body has no `Default`.

mod body;
mod extras;
mod future;
mod layer;
#[cfg(feature = "tracing")]
mod log;
#[cfg(feature = "metrics")]
mod metrics;
#[cfg(feature = "reload")]
mod reload;
mod report;
mod service;
mod source;
#[cfg(feature = "reload")]
mod tenants;

pub use self::body::CorsBody;
pub(crate) use self::future::AnswerOr;
pub use self::future::ResponseFuture;
pub use self::layer::{Cors, LayerPolicy};
#[cfg(feature = "reload")]
pub use self::reload::ReloadablePolicy;
pub use self::report::{CandidateReport, Change, ReportEntry};
pub use self::service::CorsService;
#[cfg(feature = "reload")]
pub use self::tenants::TenantPolicies;
