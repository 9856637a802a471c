//! Preflights (`OPTIONS` with `Origin` and `Access-Control-Request-Method: PUT`): the answer
//! the layer builds, for allowlists of one, two (253-byte hosts), 100, 1,000 and 10,000
//! origins and any origin, with the origin allowed (the last one listed: tower-http's worst
//! case) or refused. The bare service answers the `OPTIONS` itself.

#![allow(missing_docs)]

use criterion::{Criterion, criterion_group, criterion_main};

mod common;
use common::{Contenders, Template, allowlists, bench_case};

fn preflight(c: &mut Criterion) {
    for (name, origins, allowed, refused) in allowlists() {
        let mut contenders = Contenders::new(&origins);
        let template = Template::new(true, Some(&allowed));
        bench_case(
            c,
            &format!("preflight/{name}/allowed"),
            &mut contenders,
            &template,
        );
        if let Some(refused) = refused {
            let template = Template::new(true, Some(&refused));
            bench_case(
                c,
                &format!("preflight/{name}/refused"),
                &mut contenders,
                &template,
            );
        }
    }
}

criterion_group! {
    name = benches;
    config = common::criterion();
    targets = preflight
}
criterion_main!(benches);
