//! Explanations of refusals: for each [`Refusal`](crate::Refusal), the stage it happens at,
//! a reason code (Firefox's published CORS error names), what Chrome, Firefox and Safari print
//! in the console, and the change to the policy that would allow the request, with a "did you
//! mean" when the refused origin is a near miss of an allowed one.

mod code;
// Some texts are read only by the browser model of the `testing` feature.
#[cfg_attr(not(feature = "testing"), allow(dead_code))]
pub(crate) mod console;
mod explanation;
mod local_network;
mod near_miss;
pub(crate) mod outcome;

pub use self::code::ReasonCode;
pub use self::explanation::{Explanation, Stage};
pub use self::local_network::{
    AddressSpace, local_network_access, local_network_access_between, local_network_wrong_target,
};
pub use crate::origins::{Lookalike, LookalikeKind, lookalikes};
