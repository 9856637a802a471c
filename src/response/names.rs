//! The response headers that belong to the CORS protocol, and their fixed values.

use http::HeaderValue;
use http::header::{self, HeaderName};

/// `Access-Control-Allow-Private-Network` (legacy Private Network Access).
pub(crate) const ALLOW_PRIVATE_NETWORK: HeaderName =
    HeaderName::from_static("access-control-allow-private-network");

pub(crate) const TRUE: HeaderValue = HeaderValue::from_static("true");
pub(crate) const WILDCARD: HeaderValue = HeaderValue::from_static("*");

/// Every response header of the CORS protocol: written by this crate alone.
pub(crate) const CORS_HEADERS: [HeaderName; 7] = [
    header::ACCESS_CONTROL_ALLOW_ORIGIN,
    header::ACCESS_CONTROL_ALLOW_CREDENTIALS,
    header::ACCESS_CONTROL_ALLOW_METHODS,
    header::ACCESS_CONTROL_ALLOW_HEADERS,
    header::ACCESS_CONTROL_EXPOSE_HEADERS,
    header::ACCESS_CONTROL_MAX_AGE,
    ALLOW_PRIVATE_NETWORK,
];
