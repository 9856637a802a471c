//! Why a request is refused: the public, typed [`Refusal`] (what a console message, a doctor
//! or a test names), and the compact form the decision keeps until someone asks for it.

use std::fmt;

/// Why a CORS request is refused. Borrowed from the request, so refusing never allocates.
///
/// Each reason maps to one message in the browser's console (see the crate's docs); the
/// method and header variants carry the exact value the browser will name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum Refusal<'a> {
    /// The origin is well-formed but not on the allowlist.
    OriginNotAllowed {
        /// The request's `Origin`.
        origin: &'a str,
    },
    /// The preflight asks for a method the policy does not allow (compared case-sensitively).
    MethodNotAllowed {
        /// The requested method, as sent.
        method: &'a str,
    },
    /// The preflight asks for a request header the policy does not allow.
    HeaderNotAllowed {
        /// The first requested header name that is not allowed, as sent.
        name: &'a str,
    },
    /// The preflight asks for private network access, which the policy does not allow.
    PrivateNetworkNotAllowed,
    /// The request is not something a browser sends.
    Malformed(Malformed),
}

/// How a request differs from anything a browser sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Malformed {
    /// An empty `Origin`.
    EmptyOrigin,
    /// An `Origin` longer than any browser origin (326 bytes).
    OriginTooLong,
    /// An `Origin` with bytes other than visible ASCII.
    OriginNotAscii,
    /// More than one `Origin` header line.
    MultipleOrigins,
    /// More than one `Access-Control-Request-Method` line.
    MultipleRequestMethods,
    /// An `Access-Control-Request-Method` that is not an HTTP token.
    InvalidRequestMethod,
    /// An `Access-Control-Request-Headers` element that is not an HTTP token, or too many
    /// empty elements.
    InvalidRequestHeaders,
    /// `Access-Control-Request-Headers` longer than 4 KiB or spread over more than 16 lines.
    RequestHeadersTooLong,
}

impl fmt::Display for Refusal<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::OriginNotAllowed { origin } => write!(f, "origin {origin:?} is not allowed"),
            Self::MethodNotAllowed { method } => write!(f, "method {method:?} is not allowed"),
            Self::HeaderNotAllowed { name } => write!(f, "request header {name:?} is not allowed"),
            Self::PrivateNetworkNotAllowed => f.write_str("private network access is not allowed"),
            Self::Malformed(m) => write!(f, "malformed request: {m}"),
        }
    }
}

impl fmt::Display for Malformed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::EmptyOrigin => "the Origin header is empty",
            Self::OriginTooLong => "the Origin header is longer than 326 bytes",
            Self::OriginNotAscii => "the Origin header has bytes other than visible ASCII",
            Self::MultipleOrigins => "more than one Origin header",
            Self::MultipleRequestMethods => "more than one Access-Control-Request-Method header",
            Self::InvalidRequestMethod => "Access-Control-Request-Method is not a method",
            Self::InvalidRequestHeaders => "Access-Control-Request-Headers is not a list of names",
            Self::RequestHeadersTooLong => "Access-Control-Request-Headers is too long",
        })
    }
}

/// A refusal as the decision keeps it: the refused bytes, borrowed from the request, turned
/// into text only when [`Decision::refusal`](crate::Decision::refusal) is called (the layer
/// never calls it, so refusing costs no conversion).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Refused<'a> {
    Origin(&'a [u8]),
    Method(&'a [u8]),
    Header(&'a [u8]),
    PrivateNetwork,
    Malformed(Malformed),
}

impl<'a> Refused<'a> {
    /// The public form. The bytes were checked to be visible ASCII (an origin) or a token (a
    /// method or header name) before being refused, so the conversions cannot fail.
    pub(crate) fn explain(self) -> Refusal<'a> {
        let text = |bytes| std::str::from_utf8(bytes).unwrap_or_default();
        match self {
            Self::Origin(origin) => Refusal::OriginNotAllowed {
                origin: text(origin),
            },
            Self::Method(method) => Refusal::MethodNotAllowed {
                method: text(method),
            },
            Self::Header(name) => Refusal::HeaderNotAllowed { name: text(name) },
            Self::PrivateNetwork => Refusal::PrivateNetworkNotAllowed,
            Self::Malformed(m) => Refusal::Malformed(m),
        }
    }
}

impl From<Malformed> for Refused<'_> {
    fn from(m: Malformed) -> Self {
        Self::Malformed(m)
    }
}
