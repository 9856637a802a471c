//! Preflights (`OPTIONS` with `Origin` and `Access-Control-Request-Method: PUT`): the answer
//! the layer builds, for allowlists of one, two (253-byte hosts), 100, 1,000 and 10,000
//! origins and any origin, with the origin allowed (the last one listed: tower-http's worst
//! case) or refused. The bare service answers the `OPTIONS` itself.

#![allow(missing_docs)]

use criterion::{Criterion, criterion_group, criterion_main};

mod common;

fn preflight(c: &mut Criterion) {
    common::bench_cases(c, common::preflight_cases());
}

criterion_group! {
    name = benches;
    config = common::criterion();
    targets = preflight
}
criterion_main!(benches);
