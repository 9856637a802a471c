//! Actual (non-preflight) requests: what the layer adds to a `GET`, for allowlists of one,
//! two (253-byte hosts), 100, 1,000 and 10,000 origins and any origin, with the origin
//! allowed (the last one listed: tower-http's worst case) or refused, and a request without
//! `Origin`.

#![allow(missing_docs)]

use criterion::{Criterion, criterion_group, criterion_main};

mod common;
use common::{Contenders, Origins, Template, allowlists, bench_case};

fn actual(c: &mut Criterion) {
    for (name, origins, allowed, refused) in allowlists() {
        let mut contenders = Contenders::new(&origins);
        let template = Template::new(false, Some(&allowed));
        bench_case(
            c,
            &format!("actual/{name}/allowed"),
            &mut contenders,
            &template,
        );
        if let Some(refused) = refused {
            let template = Template::new(false, Some(&refused));
            bench_case(
                c,
                &format!("actual/{name}/refused"),
                &mut contenders,
                &template,
            );
        }
    }
    let mut contenders = Contenders::new(&Origins::List(vec!["https://example.com".to_owned()]));
    bench_case(
        c,
        "actual/one/no-origin",
        &mut contenders,
        &Template::new(false, None),
    );
}

criterion_group! {
    name = benches;
    config = common::criterion();
    targets = actual
}
criterion_main!(benches);
