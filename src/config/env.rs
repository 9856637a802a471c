//! [`CorsConfig::from_env`]: a policy from environment variables, for twelve-factor services
//! and containers.

use std::ffi::OsString;

use super::CorsConfig;
use super::fields::{Field, Kind, Value};
use crate::error::{ConfigErrorKind, Report};

impl CorsConfig {
    /// Reads a configuration from the environment variables named `PREFIX_` and a key in
    /// upper case: `CORS_ALLOW_ORIGINS="https://a.example.com,https://b.example.com"`,
    /// `CORS_ALLOW_CREDENTIALS=true`, `CORS_MAX_AGE=600`, ... (the keys of the configuration
    /// file; lists are comma-separated, booleans `true` or `false`). Variables not set keep
    /// their defaults. [`build`](Self::build) then checks the policy and names the variable
    /// each problem came from.
    ///
    /// # Errors
    /// Every variable with the prefix that is not a key (with the closest key), not valid
    /// Unicode, or not of its key's type, at once.
    ///
    /// ```
    /// let vars = [
    ///     ("APP_CORS_ALLOW_ORIGINS", "https://a.example.com, https://b.example.com"),
    ///     ("APP_CORS_MAX_AGE", "600"),
    ///     ("PATH", "/usr/bin"),
    /// ];
    /// let config = tower_cors::CorsConfig::from_vars("APP_CORS", vars)?;
    /// let policy = config.build()?;
    /// assert!(policy.origins().matches(b"https://b.example.com"));
    ///
    /// let typo = tower_cors::CorsConfig::from_vars("APP_CORS", [("APP_CORS_ALLOWED_ORIGINS", "*")]);
    /// assert_eq!(
    ///     typo.unwrap_err().to_string(),
    ///     "unknown variable `APP_CORS_ALLOWED_ORIGINS`, did you mean `APP_CORS_ALLOW_ORIGINS`?"
    /// );
    /// # Ok::<(), tower_cors::ConfigError>(())
    /// ```
    pub fn from_env(prefix: &str) -> Result<Self, crate::ConfigError> {
        Self::new().with_env(prefix)
    }

    /// Overrides this configuration (read from a file, say) with the variables of
    /// [`from_env`](Self::from_env) that are set: each replaces its key's value.
    ///
    /// # Errors
    /// As [`from_env`](Self::from_env).
    pub fn with_env(self, prefix: &str) -> Result<Self, crate::ConfigError> {
        self.with_vars(prefix, std::env::vars_os())
    }

    /// [`from_env`](Self::from_env) over the given variables instead of the process's.
    ///
    /// # Errors
    /// As [`from_env`](Self::from_env).
    pub fn from_vars<I, K, V>(prefix: &str, vars: I) -> Result<Self, crate::ConfigError>
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<OsString>,
        V: Into<OsString>,
    {
        Self::new().with_vars(prefix, vars)
    }

    /// [`with_env`](Self::with_env) over the given variables instead of the process's.
    ///
    /// # Errors
    /// As [`from_env`](Self::from_env).
    pub fn with_vars<I, K, V>(self, prefix: &str, vars: I) -> Result<Self, crate::ConfigError>
    where
        I: IntoIterator<Item = (K, V)>,
        K: Into<OsString>,
        V: Into<OsString>,
    {
        let head = format!("{}_", prefix.trim_end_matches('_'));
        let spell = |name: &str| format!("{head}{}", name.to_ascii_uppercase());
        let mut config = Self {
            keyed: true,
            ..self
        };
        let mut report = Report::new(false);
        let mut vars: Vec<(String, Result<String, OsString>)> = vars
            .into_iter()
            .filter_map(|(k, v)| {
                let name = k.into().into_string().ok()?;
                let key = name.strip_prefix(&head)?.to_ascii_lowercase();
                Some((key, v.into().into_string()))
            })
            .collect();
        vars.sort_by(|a, b| a.0.cmp(&b.0));
        for (key, value) in vars {
            let variable = spell(&key);
            let stored = Field::parse(&key)
                .map_err(|closest| Field::unknown("variable", &key, closest, spell))
                .and_then(|field| {
                    let text = value.map_err(|_| format!("{variable} is not valid Unicode"))?;
                    let value = parse(field.kind(), &text)
                        .map_err(|expected| format!("{variable}={text:?}: expected {expected}"))?;
                    config.set(field, value)
                });
            if let Err(message) = stored {
                report.error(ConfigErrorKind::InvalidValue, Some(&variable), message);
            }
        }
        if report.problems.is_empty() {
            Ok(config)
        } else {
            Err(crate::ConfigError::new(report.problems))
        }
    }
}

/// Parses a variable's text as a value of `kind`; `Err` says what was expected.
fn parse(kind: Kind, text: &str) -> Result<Value, &'static str> {
    let text = text.trim();
    match kind {
        Kind::List => Ok(Value::List(
            text.split(',')
                .map(str::trim)
                .filter(|item| !item.is_empty())
                .map(str::to_owned)
                .collect(),
        )),
        Kind::Bool => match text {
            "true" => Ok(Value::Bool(true)),
            "false" => Ok(Value::Bool(false)),
            _ => Err("true or false"),
        },
        Kind::Seconds | Kind::Status => text
            .parse()
            .map(Value::Number)
            .map_err(|_| "a whole number"),
    }
}
