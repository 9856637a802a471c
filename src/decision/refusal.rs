//! Why a request is refused: [`Refusal`], what a console message, a log line or a test
//! names, borrowed from the request so that refusing never allocates.

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
    /// `Access-Control-Request-Headers` longer than 4 KiB in all, or with more than 16 empty
    /// lines.
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

impl<'a> Refusal<'a> {
    /// The change to the policy that would allow the request, as the builder call to add
    /// (`.allow_header("x-debug")`), or why none should be made.
    ///
    /// ```
    /// use tower_cors::Refusal;
    ///
    /// let refusal = Refusal::HeaderNotAllowed { name: "x-debug" };
    /// assert_eq!(refusal.fix().to_string(), r#".allow_header("x-debug")"#);
    /// ```
    #[must_use]
    pub fn fix(&self) -> impl fmt::Display + fmt::Debug + Copy + 'a {
        Fix(*self)
    }
}

/// The policy change that would allow a refused request: see [`Refusal::fix`]. Written
/// without allocating, for the logs.
#[derive(Debug, Clone, Copy)]
struct Fix<'a>(Refusal<'a>);

impl fmt::Display for Fix<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Refusal::OriginNotAllowed { origin } => {
                write!(
                    f,
                    ".allow_origin({origin:?}), if the pages of that origin are yours"
                )
            }
            Refusal::MethodNotAllowed { method } => write!(f, ".allow_method({method:?})"),
            Refusal::HeaderNotAllowed { name } => write!(f, ".allow_header({name:?})"),
            Refusal::PrivateNetworkNotAllowed => f.write_str(".allow_private_network(true)"),
            Refusal::Malformed(m) => {
                f.write_str("none: no browser sends this request, so no policy should allow it")?;
                if m == Malformed::MultipleOrigins {
                    f.write_str(" (more than one Origin line: a proxy may be adding one)")?;
                }
                Ok(())
            }
        }
    }
}
