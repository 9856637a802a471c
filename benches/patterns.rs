//! Origin patterns: a subdomain pattern (`https://*.example.com`) and, with feature `regex`,
//! an origin regular expression, for actual requests and preflights, allowed and refused.
//! tower-http has neither: it gets the predicate a user would write (`ends_with`, or the
//! same anchored regex).

#![allow(missing_docs)]

use criterion::{Criterion, criterion_group, criterion_main};

mod common;

fn patterns(c: &mut Criterion) {
    common::bench_cases(c, common::pattern_cases());
}

criterion_group! {
    name = benches;
    config = common::criterion();
    targets = patterns
}
criterion_main!(benches);
