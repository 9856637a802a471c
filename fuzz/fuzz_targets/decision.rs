//! `CorsPolicy::evaluate` + `preflight_response` / `decorate` on arbitrary requests against a
//! few fixed policies, checked against the reference model and the security invariants.
#![no_main]

#[path = "../../tests/support/check.rs"]
mod check;
mod common;
#[path = "../../tests/support/reference.rs"]
mod reference;

use common::fixed;
use libfuzzer_sys::fuzz_target;

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
