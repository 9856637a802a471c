//! Hostile `Access-Control-Request-Headers` on a preflight under an any-origin policy
//! (jub0bs/cors-benchmarks' `evil_acrh`): 1,024 commas, and 1 MiB of commas. tower-cors
//! refuses both without allocating; tower-http does not read the header at all.

#![allow(missing_docs)]

use criterion::{Criterion, criterion_group, criterion_main};

mod common;

fn hostile(c: &mut Criterion) {
    common::bench_cases(c, common::hostile_cases());
}

criterion_group! {
    name = benches;
    config = common::criterion();
    targets = hostile
}
criterion_main!(benches);
