//! The same allowed actual requests, with the service cloned for every request as axum's
//! router does: tower-cors's clone is a reference-count increment, tower-http's copies its
//! whole configuration (every listed origin).

#![allow(missing_docs)]

use criterion::{Criterion, criterion_group, criterion_main};

mod common;

fn cloned(c: &mut Criterion) {
    for case in common::actual_cases()
        .into_iter()
        .filter(|case| case.name.ends_with("/allowed"))
    {
        let mut contenders = common::Contenders::new(&case.origins);
        let name = format!("cloned/{}", case.name);
        common::bench_case(c, &name, &mut contenders, &case.template, true);
    }
}

criterion_group! {
    name = benches;
    config = common::criterion();
    targets = cloned
}
criterion_main!(benches);
