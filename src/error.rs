//! Build-time errors and warnings: every problem of a policy, reported at once.

use std::fmt;

/// Why [`CorsConfig::build`](crate::CorsConfig::build) refused a policy.
///
/// A `ConfigError` holds **every** problem found in the configuration, not only the first, so
/// that a program (or a tenant's settings page) can show them all at once. Each problem is a
/// [`ConfigProblem`] with a matchable [`ConfigErrorKind`], the offending input, and a message
/// that quotes it and names the fix.
///
/// ```
/// use tower_cors::{ConfigErrorKind, CorsPolicy};
///
/// let err = CorsPolicy::builder()
///     .allow_origin("https://app.example.com/")
///     .allow_origin("*")
///     .allow_credentials(true)
///     .build()
///     .unwrap_err();
/// let kinds: Vec<_> = err.problems().iter().map(|p| p.kind()).collect();
/// assert_eq!(kinds, [ConfigErrorKind::InvalidOrigin, ConfigErrorKind::AnyOriginWithCredentials]);
/// assert_eq!(
///     err.problems()[0].to_string(),
///     r#"invalid origin "https://app.example.com/": remove the trailing slash (did you mean "https://app.example.com"?)"#
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigError {
    problems: Vec<ConfigProblem>,
}

impl ConfigError {
    pub(crate) fn new(problems: Vec<ConfigProblem>) -> Self {
        debug_assert!(!problems.is_empty());
        Self { problems }
    }

    /// Every problem found, in the order the configuration listed the inputs.
    #[must_use]
    pub fn problems(&self) -> &[ConfigProblem] {
        &self.problems
    }

    /// The kind of the first problem: a shortcut for the common single-problem case.
    #[must_use]
    pub fn kind(&self) -> ConfigErrorKind {
        self.problems[0].kind
    }
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.problems.as_slice() {
            [one] => one.fmt(f),
            many => {
                write!(f, "{} problems in the CORS policy: ", many.len())?;
                for (i, p) in many.iter().enumerate() {
                    if i > 0 {
                        f.write_str("; ")?;
                    }
                    p.fmt(f)?;
                }
                Ok(())
            }
        }
    }
}

impl std::error::Error for ConfigError {}

/// One problem in a CORS configuration: what kind it is, the input, and how to fix it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ConfigProblem {
    kind: ConfigErrorKind,
    input: Option<String>,
    key: Option<String>,
    message: String,
}

impl ConfigProblem {
    pub(crate) fn new(kind: ConfigErrorKind, input: Option<&str>, message: String) -> Self {
        Self {
            kind,
            input: input.map(str::to_owned),
            key: None,
            message,
        }
    }

    /// What went wrong, as a value a program can match on.
    #[must_use]
    pub fn kind(&self) -> ConfigErrorKind {
        self.kind
    }

    /// The configuration key of the value, when there is one: `allow_origins[1]` for the
    /// second origin listed (by `allow_origin` or in a file), `max_age`.
    #[must_use]
    pub fn key(&self) -> Option<&str> {
        self.key.as_deref()
    }

    /// The configured value that caused the problem, when there is one.
    #[must_use]
    pub fn input(&self) -> Option<&str> {
        self.input.as_deref()
    }
}

/// The kinds of configuration problems. New kinds may be added in minor releases.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ConfigErrorKind {
    /// No origin was allowed at all: call `allow_origin` or `allow_any_origin`.
    NoOrigins,
    /// An origin or pattern is not a valid `scheme://host[:port]` serialisation.
    InvalidOrigin,
    /// `null` or a `file:` origin: they stand for every opaque origin and can never be listed.
    ProhibitedOrigin,
    /// Credentials together with any origin (`*`).
    AnyOriginWithCredentials,
    /// Credentials together with an origin that is neither https nor loopback.
    InsecureOriginWithCredentials,
    /// Credentials together with a `*.` pattern directly under a public suffix.
    PublicSuffixWildcardWithCredentials,
    /// A regular expression or predicate accepts an attacker-style canary origin.
    OriginMatcherTooBroad,
    /// A regular expression does not compile.
    InvalidRegex,
    /// A method is not a valid HTTP token.
    InvalidMethod,
    /// `CONNECT`, `TRACE` or `TRACK`: pages can never send them.
    ForbiddenMethod,
    /// A header name is not a valid HTTP token.
    InvalidHeaderName,
    /// A response header listed as a request header (`access-control-allow-origin`, ...).
    ProhibitedRequestHeader,
    /// A header that can never be exposed (`set-cookie`) or makes no sense to expose.
    ProhibitedExposedHeader,
    /// `*` exposed headers together with credentials (it would be a literal name).
    ExposeAnyWithCredentials,
    /// Max-age above 86400 seconds or not a whole number of seconds.
    InvalidMaxAge,
    /// Private network access together with any origin (`*`).
    PrivateNetworkWithAnyOrigin,
    /// A status code that cannot answer a preflight the way it was asked to.
    InvalidStatus,
    /// A configuration read from data (a file, the environment) has an unknown key or a value
    /// of the wrong type, or asks for a feature this build lacks.
    InvalidValue,
    /// A host given to [`HostGuard`](crate::guard::HostGuard) is not a host as `Host` carries
    /// it, or none is given.
    InvalidHost,
}

/// Something allowed but probably not what was meant, found while building a policy.
///
/// Read them with [`CorsPolicy::warnings`](crate::CorsPolicy::warnings); a deployment can turn
/// them into errors (`assert!(policy.warnings().is_empty())`) or log them once at start-up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigWarning {
    kind: ConfigWarningKind,
    message: String,
}

impl ConfigWarning {
    pub(crate) fn new(kind: ConfigWarningKind, message: String) -> Self {
        Self { kind, message }
    }

    /// The kind of warning.
    #[must_use]
    pub fn kind(&self) -> ConfigWarningKind {
        self.kind
    }
}

impl fmt::Display for ConfigWarning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

/// The kinds of configuration warnings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum ConfigWarningKind {
    /// Max-age above a browser's cap: the browser silently uses its cap instead.
    MaxAgeAboveBrowserCap,
    /// A value was listed twice or is covered by a broader entry; it was dropped.
    Redundant,
    /// A safelisted method or header was listed; browsers never ask for it, so it was dropped.
    Safelisted,
    /// A request header that page script can never set (`cookie`, `origin`, `host`,
    /// `content-length`, `sec-*`, ...) was listed: it allows nothing, so it was dropped.
    ForbiddenRequestHeader,
    /// Any request header is allowed with credentials, but `authorization` is not listed:
    /// `*` never covers it, so a page that sends it is refused.
    AuthorizationNotCovered,
    /// `allow_private_network(true)`: no current browser sends the Private Network Access
    /// preflight it answers (Local Network Access, a user permission, replaced it).
    PrivateNetworkAccessObsolete,
}

/// Collects problems and warnings while a configuration is compiled, each tagged with the
/// configuration key it came from (`allow_origins[1]`, `max_age`) when there is one. A
/// configuration read from data (a file, the environment) puts the key in front of each
/// message, so that the operator sees which line to change.
#[derive(Debug, Default)]
pub(crate) struct Report {
    pub(crate) problems: Vec<ConfigProblem>,
    pub(crate) warnings: Vec<ConfigWarning>,
    keyed: bool,
    key: Option<String>,
}

impl Report {
    /// A report; `keyed` when the configuration was read from data.
    pub(crate) fn new(keyed: bool) -> Self {
        Self {
            keyed,
            ..Self::default()
        }
    }

    /// The key of what is checked next (`allow_origins[1]`), until the next call.
    pub(crate) fn at(&mut self, key: impl fmt::Display) {
        self.key = Some(key.to_string());
    }

    /// What is checked next has no configuration key (an origin predicate).
    pub(crate) fn clear_key(&mut self) {
        self.key = None;
    }

    pub(crate) fn error(&mut self, kind: ConfigErrorKind, input: Option<&str>, message: String) {
        self.push(ConfigProblem::new(kind, input, message));
    }

    /// Adds a problem found by a lower layer (an origin's parser), tagged with the key.
    pub(crate) fn push(&mut self, mut problem: ConfigProblem) {
        problem.message = self.keyed_message(problem.message);
        problem.key.clone_from(&self.key);
        self.problems.push(problem);
    }

    pub(crate) fn warn(&mut self, kind: ConfigWarningKind, message: String) {
        let message = self.keyed_message(message);
        self.warnings.push(ConfigWarning::new(kind, message));
    }

    pub(crate) fn redundant(&mut self, input: &str) {
        self.warn(
            ConfigWarningKind::Redundant,
            format!("{input:?} is listed twice or covered by another entry; it was dropped"),
        );
    }

    fn keyed_message(&self, message: String) -> String {
        match (&self.key, self.keyed) {
            (Some(key), true) => format!("{key}: {message}"),
            _ => message,
        }
    }
}
