//! Building from untrusted data: the entries that cannot be allowed are dropped, with their
//! reasons, and the rest is built. Dropping only ever narrows a policy.

use super::CorsPolicy;
use crate::config::CorsConfig;
use crate::config::fields::Field;
use crate::error::{ConfigError, ConfigProblem};

/// The lists an entry can be dropped from.
const LISTS: [Field; 5] = [
    Field::AllowOrigins,
    Field::AllowOriginRegexes,
    Field::AllowMethods,
    Field::AllowHeaders,
    Field::ExposeHeaders,
];

impl CorsConfig {
    /// Builds what can be built: each entry with a problem (an origin, a pattern, a method, a
    /// header name, a regex) is dropped, a setting with a problem (`max_age`, a status,
    /// `allow_private_network`) goes back to its default, and the policy of what remains is
    /// built. Returns it with the problems of everything dropped, so that a tenant's bad row
    /// is reported without stopping the others. What is dropped only narrows the policy:
    /// nothing is ever allowed that the configuration did not list.
    ///
    /// ```
    /// use tower_cors::CorsConfig;
    ///
    /// let rows = ["https://shop.example.net", "null", "http://insecure.example.org"];
    /// let (policy, dropped) = CorsConfig::new()
    ///     .allow_origins(rows)
    ///     .allow_credentials(true)
    ///     .build_lenient()?;
    /// assert!(policy.origins().matches(b"https://shop.example.net"));
    /// let inputs: Vec<_> = dropped.iter().filter_map(|p| p.input()).collect();
    /// assert_eq!(inputs, ["null", "http://insecure.example.org"]);
    /// # Ok::<(), tower_cors::ConfigError>(())
    /// ```
    ///
    /// # Errors
    /// The problems that dropping cannot mend: nothing left to allow (every origin dropped),
    /// or a problem of an origin predicate (code, not data).
    pub fn build_lenient(&self) -> Result<(CorsPolicy, Vec<ConfigProblem>), ConfigError> {
        let mut config = self.clone();
        let mut dropped = Vec::new();
        loop {
            let err = match config.build() {
                Ok(policy) => return Ok((policy, dropped)),
                Err(err) => err,
            };
            let mut removals: Vec<(usize, usize)> = Vec::new();
            let mut changed = false;
            for problem in err.problems() {
                match drop_for(&mut config, problem, &mut removals) {
                    true => changed = true,
                    false => return Err(err),
                }
            }
            // Indices refer to the lists as they were: remove from the end.
            removals.sort_unstable();
            removals.dedup();
            for (list, index) in removals.into_iter().rev() {
                let entries = list_mut(&mut config, list);
                if index < entries.len() {
                    entries.remove(index);
                }
            }
            if !changed {
                return Err(err);
            }
            dropped.extend(err.problems().iter().cloned());
        }
    }
}

fn list_mut(config: &mut CorsConfig, list: usize) -> &mut Vec<String> {
    match list {
        0 => &mut config.origins,
        1 => &mut config.origin_regexes,
        2 => &mut config.methods,
        3 => &mut config.headers,
        _ => &mut config.exposed,
    }
}

/// Records what to drop for `problem` (a list entry by index, entries equal to its input, or
/// a setting back to its default); `false` when nothing can be dropped for it.
fn drop_for(
    config: &mut CorsConfig,
    problem: &ConfigProblem,
    removals: &mut Vec<(usize, usize)>,
) -> bool {
    let Some(key) = problem.key() else {
        return false;
    };
    let (name, index) = match key.split_once('[') {
        Some((name, rest)) => (name, rest.trim_end_matches(']').parse::<usize>().ok()),
        None => (key, None),
    };
    let Ok(field) = Field::parse(name) else {
        return false;
    };
    if let Some(list) = LISTS.iter().position(|l| *l == field) {
        if let Some(index) = index {
            removals.push((list, index));
            return true;
        }
        // A problem of the list as a whole, about one value (`*` with credentials).
        let Some(input) = problem.input() else {
            return false;
        };
        let before = removals.len();
        let entries = list_mut(config, list);
        removals.extend(
            entries
                .iter()
                .enumerate()
                .filter(|(_, e)| *e == input)
                .map(|(index, _)| (list, index)),
        );
        return removals.len() > before;
    }
    match field {
        Field::MaxAge => config.max_age = None,
        Field::AllowPrivateNetwork => config.private_network = false,
        Field::PreflightStatus => config.preflight_status = None,
        Field::RefusalStatus => config.refusal_status = None,
        _ => return false,
    }
    true
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use crate::{ConfigErrorKind, CorsConfig};

    #[test]
    fn lenient_building_drops_only_what_cannot_be_allowed_and_never_widens() {
        let config = CorsConfig::new()
            .allow_origins([
                "https://ok.example",
                "null",
                "*",
                "https://*.github.io",
                "http://plain.example",
                "https://trailing.example/",
            ])
            .allow_headers(["content-type", "x bad"])
            .expose_headers(["*"])
            .allow_credentials(true)
            .max_age(Duration::from_secs(100_000));
        let (policy, dropped) = config.build_lenient().unwrap();
        assert!(policy.origins().matches(b"https://ok.example"));
        for refused in [
            "https://a.github.io",
            "http://plain.example",
            "https://x.test",
        ] {
            assert!(!policy.origins().matches(refused.as_bytes()), "{refused}");
        }
        assert!(
            policy.allows_credentials(),
            "credentials are kept as configured"
        );
        let mut kinds: Vec<ConfigErrorKind> = dropped.iter().map(|p| p.kind()).collect();
        kinds.sort_by_key(|k| format!("{k:?}"));
        assert_eq!(kinds.len(), 8, "{dropped:?}");
        // Everything bad: nothing left to allow is an error.
        let all_bad = CorsConfig::new().allow_origins(["null", "ftp://"]);
        assert_eq!(
            all_bad.build_lenient().unwrap_err().kind(),
            ConfigErrorKind::NoOrigins
        );
    }
}
