//! The matrix as axum users deploy a CORS layer, `Router::new().route(..).layer(..)`: axum
//! wraps each route in the layer and clones the layered service for every request, so the
//! cost of a clone (a reference count for tower-cors, the whole configuration for
//! tower-http) is part of every request. `bare` is the same application without a layer.

#![allow(missing_docs)]

use criterion::{Criterion, criterion_group, criterion_main};

mod common;

fn routed(c: &mut Criterion) {
    let mut cases = common::routed_cases();
    cases.extend(common::header_cases_in("routed/"));
    for case in cases {
        let mut routed = common::Routed::new(&case.origins);
        common::bench_case(c, &case.name, &mut routed, &case.template, false);
    }
}

criterion_group! {
    name = benches;
    config = common::criterion();
    targets = routed
}
criterion_main!(benches);
