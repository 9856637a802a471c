//! The compiled origin allowlist: exact origins first (a few compared directly, more looked
//! up in a hash set; a hit skips every other check: they were validated at build time), then
//! the `*.` and port patterns (a few matched on the origin's bytes as they are, in
//! `shapes.rs`; more through a request origin parsed in one pass, with a hash lookup per
//! parent domain of its host), then the escape hatches (regex, predicate). The list it is
//! built from is validated in `origins.rs`.

use std::collections::HashSet;
use std::fmt;

use super::origin::{MAX_ORIGIN_LEN, Pattern};
use super::request_origin::RequestOrigin;
use crate::config::OriginFn;

pub use super::grant::Grant;
use super::shapes::Shape;
use super::tables::{OriginHash, PatternTables};

/// Up to this many patterns, each is matched on the origin's bytes ([`Shape`]) instead of
/// parsing the origin and hashing each of its host's parents.
const LINEAR_PATTERNS: usize = 4;

/// Up to this many exact origins, a request's origin is compared with each of them (length
/// first, then bytes) instead of being hashed: cheaper for the short lists most policies have.
const LINEAR_EXACT: usize = 4;

/// The exact origins of a policy, each validated at build time.
#[derive(Clone)]
enum ExactOrigins {
    /// At most `LINEAR_EXACT`, compared one by one.
    Few(Box<[Box<[u8]>]>),
    /// More, in a hash set.
    Many(HashSet<Box<[u8]>, OriginHash>),
}

impl ExactOrigins {
    fn new(set: HashSet<Box<[u8]>, OriginHash>) -> Self {
        if set.len() <= LINEAR_EXACT {
            Self::Few(set.into_iter().collect())
        } else {
            Self::Many(set)
        }
    }

    fn len(&self) -> usize {
        match self {
            Self::Few(few) => few.len(),
            Self::Many(set) => set.len(),
        }
    }
}

impl Default for ExactOrigins {
    fn default() -> Self {
        Self::Few(Box::default())
    }
}

/// Decides whether an origin is on a policy's allowlist.
///
/// Built once by [`CorsConfig::build`](crate::CorsConfig::build) and shared by everything that
/// needs the same answer: the CORS layer, and guards of your own (a WebSocket upgrade check,
/// a cross-origin request forgery check). Get it with
/// [`CorsPolicy::origins`](crate::CorsPolicy::origins).
///
/// Matching is byte-exact for listed origins, label-exact for `*.` patterns, and never
/// allocates. Anything a browser cannot send (`null`, upper case, a path, more than 326 bytes,
/// non-ASCII bytes) never matches, except under an any-origin (`*`) policy.
///
/// ```
/// use tower_cors::CorsPolicy;
///
/// let policy = CorsPolicy::builder()
///     .allow_origin("https://app.example.com")
///     .allow_origin("https://*.example.org")
///     .build()?;
/// let origins = policy.origins();
/// assert!(origins.matches(b"https://app.example.com"));
/// assert!(origins.matches(b"https://a.b.example.org"));
/// assert!(!origins.matches(b"https://example.org"));        // the apex is not included
/// assert!(!origins.matches(b"https://evil-example.org"));
/// assert!(!origins.matches(b"null"));
/// # Ok::<(), tower_cors::ConfigError>(())
/// ```
#[derive(Clone, Default)]
pub struct OriginMatcher {
    any: bool,
    exact: ExactOrigins,
    /// Up to [`LINEAR_PATTERNS`] patterns, matched on bytes; more go to the tables.
    shapes: Box<[Shape]>,
    /// More patterns than that, in hash tables.
    tables: PatternTables,
    #[cfg(feature = "regex")]
    regexes: Vec<regex::bytes::Regex>,
    predicates: Vec<OriginFn>,
    /// The patterns as configured, in the policy's order, to name the one that granted.
    pattern_texts: Box<[Box<str>]>,
}

impl fmt::Debug for OriginMatcher {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut d = f.debug_struct("OriginMatcher");
        d.field("any", &self.any)
            .field("exact", &self.exact.len())
            .field("patterns", &(self.shapes.len() + self.tables.len()));
        #[cfg(feature = "regex")]
        d.field("regexes", &self.regexes);
        d.field("predicates", &self.predicates.len()).finish()
    }
}

impl OriginMatcher {
    /// Builds the tables from a validated list. Exact origins that a pattern also covers add
    /// nothing: they are dropped and returned, for the caller to warn about.
    pub(crate) fn new(
        any: bool,
        mut exact: HashSet<Box<[u8]>, OriginHash>,
        patterns: impl IntoIterator<Item = Pattern>,
        #[cfg(feature = "regex")] regexes: Vec<regex::bytes::Regex>,
        predicates: Vec<OriginFn>,
    ) -> (Self, Vec<Box<[u8]>>) {
        let mut m = Self {
            any,
            predicates,
            #[cfg(feature = "regex")]
            regexes,
            ..Self::default()
        };
        let patterns: Vec<Pattern> = patterns.into_iter().collect();
        m.pattern_texts = patterns.iter().map(|p| p.text.clone()).collect();
        if patterns.len() <= LINEAR_PATTERNS {
            m.shapes = patterns.iter().map(Shape::new).collect();
        }
        if m.shapes.is_empty() {
            m.tables = PatternTables::new(patterns);
        }
        let covered: Vec<Box<[u8]>> = exact
            .iter()
            .filter(|o| {
                m.matches_shape(o) || RequestOrigin::parse(o).is_some_and(|r| m.tables.matches(&r))
            })
            .cloned()
            .collect();
        for o in &covered {
            exact.remove(o);
        }
        m.exact = ExactOrigins::new(exact);
        (m, covered)
    }

    /// Whether no origin at all can match.
    pub(crate) fn allows_none(&self) -> bool {
        !self.any && self.exact.len() == 0 && self.shapes.is_empty() && !self.needs_parse()
    }

    /// Whether the policy allows this `Origin` header value.
    #[must_use]
    pub fn matches(&self, origin: &[u8]) -> bool {
        self.any || self.names(origin)
    }

    /// Whether the list names `origin`: listed, or matched by a pattern or an escape hatch
    /// (never by `*`).
    pub(crate) fn names(&self, origin: &[u8]) -> bool {
        self.is_listed(origin) || self.matches_shape(origin) || self.matches_unlisted(origin)
    }

    /// Whether every origin is allowed (`*`).
    #[must_use]
    pub fn allows_any(&self) -> bool {
        self.any
    }

    /// One of the exact origins: those were checked when the policy was built, so a hit
    /// needs no other check of the request's bytes.
    #[inline(always)]
    pub(crate) fn is_listed(&self, origin: &[u8]) -> bool {
        match &self.exact {
            ExactOrigins::Few(few) => few.iter().any(|listed| **listed == *origin),
            ExactOrigins::Many(set) => origin.len() <= MAX_ORIGIN_LEN && set.contains(origin),
        }
    }

    /// One of the few patterns matched on bytes: a hit is an origin of browser form, so it
    /// too needs no other check.
    #[inline]
    pub(crate) fn matches_shape(&self, origin: &[u8]) -> bool {
        origin.len() <= MAX_ORIGIN_LEN && self.shapes.iter().any(|shape| shape.matches(origin))
    }

    /// The patterns in tables, then the escape hatches: all of them see only origins a
    /// browser could send.
    pub(crate) fn matches_unlisted(&self, origin: &[u8]) -> bool {
        if !self.needs_parse() || origin.len() > MAX_ORIGIN_LEN {
            return false;
        }
        let Some(req) = RequestOrigin::parse(origin) else {
            return false;
        };
        self.tables.matches(&req) || self.matches_hatches(origin)
    }

    /// Which entry lets `origin` in, the most specific first: a listed origin, a pattern, a
    /// regex, a predicate, then any origin. Slower than [`matches`](Self::matches), which it
    /// agrees with: read it only when the answer is wanted (a [`CorsOutcome`](crate::CorsOutcome)).
    #[must_use]
    pub fn grant(&self, origin: &[u8]) -> Option<Grant> {
        if self.is_listed(origin) {
            return Some(Grant::Origin);
        }
        let at = |i: usize| u32::try_from(i).unwrap_or(u32::MAX);
        if origin.len() <= MAX_ORIGIN_LEN {
            if let Some(i) = self.shapes.iter().position(|shape| shape.matches(origin)) {
                return Some(Grant::Pattern(at(i)));
            }
        }
        let unlisted = self.needs_parse() && origin.len() <= MAX_ORIGIN_LEN;
        if let Some(req) = RequestOrigin::parse(origin).filter(|_| unlisted) {
            if let Some(i) = self.tables.matching(&req) {
                return Some(Grant::Pattern(i));
            }
            #[cfg(feature = "regex")]
            if let Some(i) = self.regexes.iter().position(|r| r.is_match(origin)) {
                return Some(Grant::Regex(at(i)));
            }
            let text = std::str::from_utf8(origin).unwrap_or_default();
            if let Some(i) = self.predicates.iter().position(|p| p(text)) {
                return Some(Grant::Predicate(at(i)));
            }
        }
        self.any.then_some(Grant::Any)
    }

    /// The entry a [`Grant`] names, as configured: `*`, a pattern (`https://*.example.com`),
    /// a regex's source, `predicate #1`; `None` for [`Grant::Origin`] (the entry is the
    /// request's origin itself) and for a place the policy does not have.
    #[must_use]
    pub fn entry(&self, grant: Grant) -> Option<std::borrow::Cow<'_, str>> {
        use std::borrow::Cow;
        let at = |i: u32| usize::try_from(i).unwrap_or(usize::MAX);
        match grant {
            Grant::Any => Some(Cow::Borrowed("*")),
            Grant::Origin => None,
            Grant::Pattern(i) => self.pattern_texts.get(at(i)).map(|t| Cow::Borrowed(&**t)),
            #[cfg(feature = "regex")]
            Grant::Regex(i) => self.regexes.get(at(i)).map(|r| {
                let src = r.as_str();
                // Stored anchored as `^(?:...)$`: give back the configured source.
                let inner = src.strip_prefix("^(?:").and_then(|s| s.strip_suffix(")$"));
                Cow::Borrowed(inner.unwrap_or(src))
            }),
            #[cfg(not(feature = "regex"))]
            Grant::Regex(_) => None,
            Grant::Predicate(i) => {
                (at(i) < self.predicates.len()).then(|| Cow::Owned(format!("predicate #{}", i + 1)))
            }
        }
    }

    fn needs_parse(&self) -> bool {
        #[cfg(feature = "regex")]
        if !self.regexes.is_empty() {
            return true;
        }
        !(self.tables.is_empty() && self.predicates.is_empty())
    }

    fn matches_hatches(&self, origin: &[u8]) -> bool {
        #[cfg(feature = "regex")]
        if self.regexes.iter().any(|r| r.is_match(origin)) {
            return true;
        }
        if self.predicates.is_empty() {
            return false;
        }
        // The parse accepted only ASCII, so this conversion cannot fail.
        let text = std::str::from_utf8(origin).unwrap_or_default();
        self.predicates.iter().any(|p| p(text))
    }
}

#[cfg(test)]
mod tests {
    use crate::CorsPolicy;

    /// Two policies: `few` alone, and `few` plus three fillers (enough to switch the
    /// matcher from comparing each entry to hashing).
    fn small_and_large(few: &[&str], fillers: [&str; 3]) -> [CorsPolicy; 2] {
        let build = |origins: &[&str]| {
            let mut config = CorsPolicy::builder();
            for o in origins {
                config = config.allow_origin(*o);
            }
            config.build().unwrap()
        };
        [build(few), build(&[few, &fillers[..]].concat())]
    }

    fn assert_both_answer(policies: &[CorsPolicy; 2], cases: &[(&str, bool)]) {
        for (origin, allowed) in cases {
            for policy in policies {
                let got = policy.origins().matches(origin.as_bytes());
                assert_eq!(got, *allowed, "{origin}");
            }
        }
    }

    /// Few patterns are matched on the origin's bytes; with more, the origin is parsed and
    /// its host's parents are looked up: both must give the same answers.
    #[test]
    fn patterns_match_alike_on_bytes_or_through_tables() {
        let few = [
            "https://*.example.com",
            "http://*.a.test:8080",
            "https://*.p.test:*",
            "http://[::1]:*",
        ];
        let fillers = ["https://*.b.test", "https://*.c.test", "https://*.d.test"];
        let policies = small_and_large(&few, fillers);
        assert_eq!(policies[0].origins().shapes.len(), few.len());
        assert!(policies[0].origins().tables.is_empty());
        assert!(policies[1].origins().shapes.is_empty());
        assert_both_answer(
            &policies,
            &[
                ("https://api.example.com", true),
                ("https://a.b.example.com", true),
                ("https://example.com", false),
                ("https://evilexample.com", false),
                ("https://api.example.com.evil.test", false),
                ("http://api.example.com", false),
                ("https://api.example.com:8443", false),
                ("http://x.a.test:8080", true),
                ("http://x.a.test", false),
                ("http://a.test:8080", false),
                ("https://x.a.test:8080", false),
                ("https://1.2.3.4", false),
                ("https://x.p.test", true),
                ("https://x.y.p.test:8443", true),
                ("https://x.p.test:443", false),
                ("https://x.p.test:08443", false),
                ("https://x.p.test:", false),
                ("https://x.p.test:65536", false),
                ("https://p.test:8443", false),
                ("https://X.p.test", false),
                ("https://x..p.test", false),
                ("https://-x.p.test", false),
                ("https://x-.p.test", false),
                ("https://.p.test", false),
                ("https://x.p.test.", false),
                ("https://x/y.p.test", false),
                ("https://x.p.test:8443/", false),
                ("http://[::1]", true),
                ("http://[::1]:3000", true),
                ("http://[::1]:80", false),
                ("http://[::1]:", false),
                ("http://[::1]x", false),
                ("http://[::1]]:3000", false),
                ("http://x.a.test:8080:8080", false),
            ],
        );
    }

    /// Up to `LINEAR_EXACT` exact origins are compared one by one; more are hashed: both
    /// must give the same answers.
    #[test]
    fn exact_origins_match_alike_with_few_or_many_listed() {
        let few = ["https://app.example.com", "http://localhost:3000"];
        let fillers = ["https://b.test", "https://c.test", "https://d.test"];
        let policies = small_and_large(&few, fillers);
        assert!(matches!(
            policies[0].origins().exact,
            super::ExactOrigins::Few(_)
        ));
        assert!(matches!(
            policies[1].origins().exact,
            super::ExactOrigins::Many(_)
        ));
        assert_both_answer(
            &policies,
            &[
                ("https://app.example.com", true),
                ("http://localhost:3000", true),
                ("https://app.example.co", false),
                ("https://app.example.com.evil.test", false),
                ("https://app.example.comm", false),
                ("https://APP.example.com", false),
                ("http://app.example.com", false),
                ("http://localhost:30000", false),
                ("http://localhost", false),
                ("", false),
            ],
        );
    }
}
