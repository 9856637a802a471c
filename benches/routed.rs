//! The matrix as axum users deploy a CORS layer, `Router::new().route(..).layer(..)`: axum
//! wraps each route in the layer and clones the layered service for every request, so the
//! cost of a clone (a reference count for tower-cors, the whole configuration for
//! tower-http) is part of every request. `bare` is the same application without a layer.

#![allow(missing_docs)]

use std::hint::black_box;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};

mod common;
use common::{Routed, drive};

fn routed(c: &mut Criterion) {
    for case in common::routed_cases() {
        let mut r = Routed::new(&case.origins);
        let mut group = c.benchmark_group(&case.name);
        for (who, service) in [
            ("tower-cors", &mut r.tower_cors),
            ("tower-http", &mut r.tower_http),
            ("bare", &mut r.bare),
        ] {
            group.bench_function(who, |b| {
                b.iter_batched(
                    || case.template.request(),
                    |request| drop(black_box(drive(service, black_box(request)))),
                    BatchSize::SmallInput,
                );
            });
        }
        group.finish();
    }
}

criterion_group! {
    name = benches;
    config = common::criterion();
    targets = routed
}
criterion_main!(benches);
