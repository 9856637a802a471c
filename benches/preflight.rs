//! Preflights (`OPTIONS` with `Origin` and `Access-Control-Request-Method: PUT`): the answer
//! the layer builds, for allowlists of one, two (253-byte hosts), 100, 1,000 and 10,000
//! origins and any origin, with the origin allowed (the last one listed: tower-http's worst
//! case) or refused; then preflights asking for 1, 2, 3 or 8 request headers (allowed, or the
//! last refused) under one origin, any origin and a subdomain pattern. The bare service
//! answers the `OPTIONS` itself.

#![allow(missing_docs)]

use criterion::{Criterion, criterion_group, criterion_main};

mod common;

fn preflight(c: &mut Criterion) {
    let mut cases = common::preflight_cases();
    cases.extend(common::header_cases());
    common::bench_cases(c, cases);
}

criterion_group! {
    name = benches;
    config = common::criterion();
    targets = preflight
}
criterion_main!(benches);
