//! Actual (non-preflight) requests: what the layer adds to a `GET`, for allowlists of one,
//! two (253-byte hosts), 100, 1,000 and 10,000 origins and any origin, with the origin
//! allowed (the last one listed: tower-http's worst case) or refused, and a request without
//! `Origin`.

#![allow(missing_docs)]

use criterion::{Criterion, criterion_group, criterion_main};

mod common;

fn actual(c: &mut Criterion) {
    common::bench_cases(c, common::actual_cases());
}

criterion_group! {
    name = benches;
    config = common::criterion();
    targets = actual
}
criterion_main!(benches);
