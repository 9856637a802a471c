//! `CorsPolicy::evaluate` + `preflight_response` / `decorate` on arbitrary requests against a
//! few fixed policies, checked against the reference model and the security invariants.
#![no_main]

#[path = "../../tests/support/check.rs"]
mod check;
mod common;
#[path = "../../tests/support/reference.rs"]
mod reference;

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;

type Fixed = Vec<(reference::Policy, tower_cors::CorsPolicy)>;

fn fixed() -> &'static Fixed {
    static POLICIES: OnceLock<Fixed> = OnceLock::new();
    POLICIES.get_or_init(|| {
        common::policies()
            .into_iter()
            .map(|m| {
                let p = check::build(&m).expect("fixed policy builds");
                (m, p)
            })
            .collect()
    })
}

#[derive(arbitrary::Arbitrary, Debug)]
struct Input {
    request: common::FuzzRequest,
    inner: Vec<common::InnerHeader>,
}

fuzz_target!(|input: Input| {
    let request = input.request.to_model();
    let inner = common::inner_headers(&input.inner);
    for (model, policy) in fixed() {
        if let Err(e) = check::check_decision(model, policy, &request, &inner) {
            panic!("{e}\npolicy: {model:?}\nrequest: {request:?}\ninner: {inner:?}");
        }
    }
});
