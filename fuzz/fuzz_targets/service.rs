//! The whole `CorsService` over arbitrary requests and arbitrary inner responses: no panic,
//! the reference model's headers, a preflight never reaches the inner service, exactly one
//! `Access-Control-Allow-Origin`, `Vary: origin` once.
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
    policy: u8,
    request: common::FuzzRequest,
    inner: Vec<common::InnerHeader>,
}

fuzz_target!(|input: Input| {
    let request = input.request.to_model();
    let inner = common::inner_headers(&input.inner);
    let policies = fixed();
    let (model, policy) = &policies[input.policy as usize % policies.len()];
    if let Err(e) = check::check_service(model, policy, &request, &inner) {
        panic!("{e}\npolicy: {model:?}\nrequest: {request:?}\ninner: {inner:?}");
    }
});
