//! The keys of a configuration read from data (a file, the environment), shared by the
//! `serde` form and [`CorsConfig::from_env`]: their names, the kind of value each takes, and
//! how a value is stored. A mistyped key is answered with the closest known one.

use std::time::Duration;

use http::StatusCode;

use super::CorsConfig;

/// A configuration key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Field {
    AllowOrigins,
    AllowMethods,
    AllowHeaders,
    ExposeHeaders,
    AllowCredentials,
    MaxAge,
    AllowPrivateNetwork,
    PreflightStatus,
    RefusalStatus,
    AllowOriginRegexes,
    DangerouslyAllowInsecureOrigins,
    DangerouslyAllowPublicSuffixWildcards,
}

/// The kind of value a key takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Kind {
    /// A list of strings (`"*"` for any).
    List,
    Bool,
    /// Whole seconds.
    Seconds,
    /// An HTTP status code.
    Status,
}

/// A value of the kind its key takes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Value {
    List(Vec<String>),
    Bool(bool),
    Number(u64),
}

impl Field {
    /// Every key, in the order the documentation lists them.
    pub(crate) const ALL: [Self; 12] = [
        Self::AllowOrigins,
        Self::AllowMethods,
        Self::AllowHeaders,
        Self::ExposeHeaders,
        Self::AllowCredentials,
        Self::MaxAge,
        Self::AllowPrivateNetwork,
        Self::PreflightStatus,
        Self::RefusalStatus,
        Self::AllowOriginRegexes,
        Self::DangerouslyAllowInsecureOrigins,
        Self::DangerouslyAllowPublicSuffixWildcards,
    ];

    /// The key as written in a file (`allow_origins`); upper-cased in the environment.
    pub(crate) const fn name(self) -> &'static str {
        match self {
            Self::AllowOrigins => "allow_origins",
            Self::AllowMethods => "allow_methods",
            Self::AllowHeaders => "allow_headers",
            Self::ExposeHeaders => "expose_headers",
            Self::AllowCredentials => "allow_credentials",
            Self::MaxAge => "max_age",
            Self::AllowPrivateNetwork => "allow_private_network",
            Self::PreflightStatus => "preflight_status",
            Self::RefusalStatus => "refusal_status",
            Self::AllowOriginRegexes => "allow_origin_regexes",
            Self::DangerouslyAllowInsecureOrigins => "dangerously_allow_insecure_origins",
            Self::DangerouslyAllowPublicSuffixWildcards => {
                "dangerously_allow_public_suffix_wildcards"
            }
        }
    }

    pub(crate) fn kind(self) -> Kind {
        match self {
            Self::AllowOrigins
            | Self::AllowMethods
            | Self::AllowHeaders
            | Self::ExposeHeaders
            | Self::AllowOriginRegexes => Kind::List,
            Self::MaxAge => Kind::Seconds,
            Self::PreflightStatus | Self::RefusalStatus => Kind::Status,
            Self::AllowCredentials
            | Self::AllowPrivateNetwork
            | Self::DangerouslyAllowInsecureOrigins
            | Self::DangerouslyAllowPublicSuffixWildcards => Kind::Bool,
        }
    }

    /// The key named `name` (lower case), or for an unknown name the closest key, if any
    /// is close.
    pub(crate) fn parse(name: &str) -> Result<Self, Option<Self>> {
        if let Some(field) = Self::ALL.into_iter().find(|f| f.name() == name) {
            return Ok(field);
        }
        Err(Self::ALL
            .into_iter()
            .map(|f| (strsim::levenshtein(name, f.name()), f))
            .min_by_key(|(distance, _)| *distance)
            // Close: at most half the longer name differs (`origins` for `allow_origins`).
            .filter(|(distance, f)| *distance <= name.len().max(f.name().len()) / 2)
            .map(|(_, field)| field))
    }

    /// The message for an unknown key: `what` it is (`field`, `variable`) and the names as
    /// `spell` writes them (`allow_origins`, `CORS_ALLOW_ORIGINS`).
    pub(crate) fn unknown(
        what: &str,
        name: &str,
        closest: Option<Self>,
        spell: impl Fn(&str) -> String,
    ) -> String {
        match closest {
            Some(field) => format!(
                "unknown {what} `{}`, did you mean `{}`?",
                spell(name),
                spell(field.name())
            ),
            None => format!(
                "unknown {what} `{}`: the known ones are {}",
                spell(name),
                Self::ALL
                    .map(|f| format!("`{}`", spell(f.name())))
                    .join(", ")
            ),
        }
    }
}

impl CorsConfig {
    /// Stores a value read from data; `Err` names what is wrong with it.
    pub(crate) fn set(&mut self, field: Field, value: Value) -> Result<(), String> {
        let status = |n: u64| {
            u16::try_from(n)
                .ok()
                .and_then(|n| StatusCode::from_u16(n).ok())
                .ok_or_else(|| format!("{n} is not an HTTP status code"))
        };
        match (field, value) {
            // An empty list, written out, says "no other origin": same-origin only.
            (Field::AllowOrigins, Value::List(v)) => {
                self.same_origin_only = v.is_empty();
                self.origins = v;
            }
            (Field::AllowMethods, Value::List(v)) => self.methods = v,
            (Field::AllowHeaders, Value::List(v)) => self.headers = v,
            (Field::ExposeHeaders, Value::List(v)) => self.exposed = v,
            (Field::AllowOriginRegexes, Value::List(v)) => self.origin_regexes = v,
            (Field::AllowCredentials, Value::Bool(b)) => self.credentials = b,
            (Field::AllowPrivateNetwork, Value::Bool(b)) => self.private_network = b,
            (Field::DangerouslyAllowInsecureOrigins, Value::Bool(b)) => {
                self.dangerously_allow_insecure_origins = b;
            }
            (Field::DangerouslyAllowPublicSuffixWildcards, Value::Bool(b)) => {
                self.dangerously_allow_public_suffix_wildcards = b;
            }
            (Field::MaxAge, Value::Number(n)) => self.max_age = Some(Duration::from_secs(n)),
            (Field::PreflightStatus, Value::Number(n)) => self.preflight_status = Some(status(n)?),
            (Field::RefusalStatus, Value::Number(n)) => self.refusal_status = Some(status(n)?),
            (field, value) => {
                return Err(format!(
                    "{} takes {:?}, not {value:?}",
                    field.name(),
                    field.kind()
                ));
            }
        }
        Ok(())
    }
}
