//! Origin patterns: a subdomain pattern (`https://*.example.com`) and, with feature `regex`,
//! an origin regular expression, for actual requests and preflights, allowed and refused.
//! tower-http has neither: it gets the predicate a user would write (`ends_with`, or the
//! same anchored regex).

#![allow(missing_docs)]

use criterion::{Criterion, criterion_group, criterion_main};

mod common;
use common::{Contenders, Origins, Template, bench_case};

fn patterns(c: &mut Criterion) {
    let mut cases = vec![("subdomain", Origins::Subdomains("example.com"))];
    #[cfg(feature = "regex")]
    cases.push(("regex", Origins::Regex(r"https://[a-z0-9-]+\.example\.com")));
    for (name, origins) in cases {
        let mut contenders = Contenders::new(&origins);
        for (kind, preflight) in [("actual", false), ("preflight", true)] {
            for (verdict, origin) in [
                ("allowed", "https://api.example.com"),
                ("refused", "https://api.example.org"),
            ] {
                let template = Template::new(preflight, Some(origin));
                let case = format!("patterns/{name}/{kind}/{verdict}");
                bench_case(c, &case, &mut contenders, &template);
            }
        }
    }
}

criterion_group! {
    name = benches;
    config = common::criterion();
    targets = patterns
}
criterion_main!(benches);
