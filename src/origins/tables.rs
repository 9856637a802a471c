//! More `*.` and port patterns than [`Shape`](super::shapes::Shape)s serve, in hash tables:
//! the request's origin parsed once, then its host looked up, and each parent domain of it
//! whose length some pattern's parent has.

use std::collections::HashMap;

use super::origin::{Pattern, PortPattern};
use super::request_origin::RequestOrigin;

/// The hasher of the tables (see Cargo.toml): seeded per table, fast on short keys.
pub(crate) type OriginHash = foldhash::fast::RandomState;
/// Patterns keyed by host (or parent domain): the schemes and ports allowed for it.
type PatternTable = HashMap<Box<[u8]>, Rules, OriginHash>;
/// The schemes and ports a pattern's host (or parent domain) is allowed with, each with the
/// pattern's place in the policy's list.
type Rules = Vec<(Box<[u8]>, PortPattern, u32)>;

/// The patterns of a policy with many.
#[derive(Clone, Default)]
pub(crate) struct PatternTables {
    /// `scheme://host:*` patterns, keyed by host.
    hosts: PatternTable,
    /// `scheme://*.parent[:port]` patterns, keyed by parent domain.
    parents: PatternTable,
    /// The lengths of the parent domains in `parents`: a host's parents of other lengths
    /// are not looked up.
    parent_lens: LengthSet,
}

impl PatternTables {
    pub(crate) fn new(patterns: impl IntoIterator<Item = Pattern>) -> Self {
        let mut tables = Self::default();
        for (p, index) in patterns.into_iter().zip(0..) {
            let table = match p.subdomains {
                true => &mut tables.parents,
                false => &mut tables.hosts,
            };
            table.entry(p.host.into_boxed_bytes()).or_default().push((
                p.scheme.into_boxed_bytes(),
                p.port,
                index,
            ));
        }
        for parent in tables.parents.keys() {
            tables.parent_lens.insert(parent.len());
        }
        tables
    }

    /// The number of hosts and parent domains.
    pub(crate) fn len(&self) -> usize {
        self.hosts.len() + self.parents.len()
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Whether a pattern allows the request origin `req`.
    #[inline]
    pub(crate) fn matches(&self, req: &RequestOrigin<'_>) -> bool {
        self.matching(req).is_some()
    }

    /// The place in the policy's list of a pattern that allows `req`.
    pub(crate) fn matching(&self, req: &RequestOrigin<'_>) -> Option<u32> {
        let accepts = |rules: &Rules| {
            rules
                .iter()
                .find(|(scheme, port, _)| **scheme == *req.scheme && port.accepts(req.port))
                .map(|(_, _, index)| *index)
        };
        if !self.hosts.is_empty() {
            if let Some(index) = self.hosts.get(req.host).and_then(accepts) {
                return Some(index);
            }
        }
        if self.parents.is_empty() || req.ip {
            return None;
        }
        let mut rest = req.host;
        while let Some(dot) = rest.iter().position(|&b| b == b'.') {
            rest = &rest[dot + 1..];
            if self.parent_lens.contains(rest.len()) {
                if let Some(index) = self.parents.get(rest).and_then(accepts) {
                    return Some(index);
                }
            }
        }
        None
    }
}

/// A set of lengths up to 255 (a host is at most 253 bytes), one bit each.
#[derive(Clone, Default)]
struct LengthSet([u64; 4]);

impl LengthSet {
    fn insert(&mut self, len: usize) {
        if let Some(word) = self.0.get_mut(len / 64) {
            *word |= 1 << (len % 64);
        }
    }

    #[inline]
    fn contains(&self, len: usize) -> bool {
        self.0
            .get(len / 64)
            .is_some_and(|word| word & (1 << (len % 64)) != 0)
    }
}
