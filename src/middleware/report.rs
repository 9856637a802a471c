//! [`CandidateReport`]: what a candidate policy would change for the traffic seen, kept in
//! bounded memory whatever the number of distinct origins.

use std::collections::HashMap;
use std::fmt;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::SystemTime;

use crate::config::CorsConfig;
use crate::error::ConfigErrorKind;

/// What the candidate would do to a request the enforced policy decides the other way.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Change {
    /// Allowed today, refused under the candidate: enforcing it would break this origin.
    WouldRefuse,
    /// Refused today, allowed under the candidate.
    WouldAllow,
}

impl Change {
    /// `would-refuse` or `would-allow`.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::WouldRefuse => "would-refuse",
            Self::WouldAllow => "would-allow",
        }
    }
}

/// One origin the candidate would treat differently, with its traffic.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct ReportEntry {
    /// What would change.
    pub change: Change,
    /// The request's `Origin`, escaped where it is not visible ASCII.
    pub origin: String,
    /// The entry of the policy that allows it today (would-refuse) or would (would-allow):
    /// `*`, a pattern, or the origin itself.
    pub entry: String,
    /// Requests counted. Once the report is full, a newcomer takes the place of the least
    /// counted origin and inherits its count, so a count is at most `error` too high.
    pub count: u64,
    /// How much of `count` may belong to the origins it replaced.
    pub error: u64,
    /// When it was first and last seen.
    pub first_seen: SystemTime,
    /// See `first_seen`.
    pub last_seen: SystemTime,
}

/// The origins a candidate policy would treat differently from the enforced one, the most
/// frequent first: read it at any time while the layer serves (see
/// [`Cors::with_candidate`](crate::Cors::with_candidate)).
///
/// Memory is bounded: at most `top` origins per kind of change are kept (the space-saving
/// algorithm, which keeps every origin whose share of the traffic is above `1/top`), so a
/// flood of distinct hostile origins costs `top` entries and never more.
#[derive(Clone)]
pub struct CandidateReport {
    inner: Arc<Mutex<Tally>>,
    candidate: Arc<CorsConfig>,
}

struct Tally {
    top: usize,
    /// Per kind of change (indexed by `Change as usize`): origin -> counts.
    counts: [HashMap<Box<str>, Counted>; 2],
    totals: [u64; 2],
}

struct Counted {
    entry: Box<str>,
    count: u64,
    error: u64,
    first_seen: SystemTime,
    last_seen: SystemTime,
}

impl CandidateReport {
    /// An empty report for `candidate`, keeping the `top` most frequent origins of each kind
    /// of change. The layer makes its own ([`Cors::with_candidate`](crate::Cors::with_candidate));
    /// a server without Tower evaluates both policies and [`record`](Self::record)s.
    #[must_use]
    pub fn new(candidate: CorsConfig, top: usize) -> Self {
        Self {
            inner: Arc::new(Mutex::new(Tally {
                top: top.max(1),
                counts: [HashMap::new(), HashMap::new()],
                totals: [0; 2],
            })),
            candidate: Arc::new(candidate),
        }
    }

    /// Counts one request of `origin` (the `Origin` header's bytes) that the candidate would
    /// `change`; `entry` is the policy entry that allows it (see [`ReportEntry::entry`]).
    pub fn record(&self, change: Change, origin: &[u8], entry: &str) {
        let now = SystemTime::now();
        // Visible ASCII, as browsers send origins, is kept as it is; anything else escaped.
        let origin = &origin[..origin.len().min(400)];
        let origin: Box<str> = match std::str::from_utf8(origin) {
            Ok(text) if text.bytes().all(|b| b.is_ascii_graphic()) => text.into(),
            _ => origin.escape_ascii().to_string().into_boxed_str(),
        };
        let mut tally = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        let top = tally.top;
        tally.totals[change as usize] += 1;
        let counts = &mut tally.counts[change as usize];
        if let Some(counted) = counts.get_mut(&origin) {
            counted.count += 1;
            counted.last_seen = now;
            return;
        }
        let (count, error) = if counts.len() < top {
            (1, 0)
        } else {
            // Full: the least counted origin makes room, and its count goes to the newcomer
            // (the algorithm's bound on the over-count).
            let least = counts
                .iter()
                .min_by_key(|(_, counted)| counted.count)
                .map(|(k, counted)| (k.clone(), counted.count));
            let Some((least, min)) = least else { return };
            counts.remove(&least);
            (min + 1, min)
        };
        counts.insert(
            origin,
            Counted {
                entry: entry.into(),
                count,
                error,
                first_seen: now,
                last_seen: now,
            },
        );
    }

    /// Every origin kept, the most counted first.
    #[must_use]
    pub fn entries(&self) -> Vec<ReportEntry> {
        let tally = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        let changes = [Change::WouldRefuse, Change::WouldAllow];
        let mut out: Vec<ReportEntry> = changes
            .iter()
            .flat_map(|change| {
                tally.counts[*change as usize]
                    .iter()
                    .map(move |(origin, c)| (*change, origin, c))
            })
            .map(|(change, origin, c)| ReportEntry {
                change,
                origin: origin.to_string(),
                entry: c.entry.to_string(),
                count: c.count,
                error: c.error,
                first_seen: c.first_seen,
                last_seen: c.last_seen,
            })
            .collect();
        out.sort_by(|a, b| b.count.cmp(&a.count).then(a.origin.cmp(&b.origin)));
        out
    }

    /// How many requests the candidate would refuse, and allow, that the enforced policy
    /// decides the other way (every request, not only those of the origins kept).
    #[must_use]
    pub fn totals(&self) -> (u64, u64) {
        let tally = self.inner.lock().unwrap_or_else(PoisonError::into_inner);
        (tally.totals[0], tally.totals[1])
    }

    /// The candidate plus every origin it would refuse that sent at least `min_requests`
    /// requests: tighten to this, and nothing seen breaks. Origins that no policy may list
    /// (`null`, malformed ones) are left out, and so is anything `build()` would refuse.
    /// With the `serde` feature it serialises to a file (`toml::to_string(&config)`).
    pub fn suggested_config(&self, min_requests: u64) -> CorsConfig {
        let mut origins: Vec<String> = self
            .entries()
            .into_iter()
            .filter(|e| e.change == Change::WouldRefuse && e.count >= min_requests)
            .map(|e| e.origin)
            .collect();
        origins.sort();
        let config = |origins: &[String]| {
            (*self.candidate)
                .clone()
                .allow_origins(origins.iter().cloned())
        };
        // Drop what build() refuses, so the suggestion always builds when the candidate does.
        if let Err(err) = config(&origins).build() {
            let bad: Vec<&str> = err
                .problems()
                .iter()
                .filter(|p| p.kind() != ConfigErrorKind::NoOrigins)
                .filter_map(|p| p.input())
                .collect();
            origins.retain(|o| !bad.contains(&o.as_str()));
        }
        config(&origins)
    }
}

impl fmt::Display for CandidateReport {
    /// One line per origin kept: change, requests, origin, entry.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (refuse, allow) = self.totals();
        writeln!(
            f,
            "candidate policy: {refuse} request(s) would be refused, {allow} would be allowed"
        )?;
        for e in self.entries() {
            writeln!(
                f,
                "{} {} {} (today: {})",
                e.change.name(),
                e.count,
                e.origin,
                e.entry
            )?;
        }
        Ok(())
    }
}

impl fmt::Debug for CandidateReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (refuse, allow) = self.totals();
        f.debug_struct("CandidateReport")
            .field("would_refuse", &refuse)
            .field("would_allow", &allow)
            .finish_non_exhaustive()
    }
}
