//! Hostile `Access-Control-Request-Headers` on a preflight under an any-origin policy
//! (jub0bs/cors-benchmarks' `evil_acrh`): 1,024 commas, and 1 MiB of commas. tower-cors
//! refuses both without allocating; tower-http does not read the header at all.

#![allow(missing_docs)]

use criterion::{Criterion, criterion_group, criterion_main};

mod common;
use common::{Contenders, Origins, Template, bench_case};

fn hostile(c: &mut Criterion) {
    let mut contenders = Contenders::new(&Origins::Any);
    for (name, len) in [("1024-commas", 1_024), ("1MiB-commas", 1 << 20)] {
        let template =
            Template::new(true, Some("https://example.com")).with_request_headers(&vec![b','; len]);
        bench_case(c, &format!("hostile/{name}"), &mut contenders, &template);
    }
}

criterion_group! {
    name = benches;
    config = common::criterion();
    targets = hostile
}
criterion_main!(benches);
