//! [`Outcome`]: what judging a request found, before it is turned into a [`Refusal`].

use super::refusal::Refusal;

/// What judging found, in the form that costs least to make: the cheap part of a
/// [`Refusal`]. [`Decision::refusal`](super::Decision::refusal) completes it when asked, the layer never does:
/// - a refused origin is not turned into text (the decision keeps the request's `Origin`);
/// - private network access is not looked up: it never changes the answer (a preflight
///   refused for it is answered as allowed, without `Access-Control-Allow-Private-Network`,
///   which the browser then misses).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Outcome<'a> {
    /// Every check passed, or not a CORS request.
    Allowed,
    /// The origin is well-formed but not allowed.
    OriginNotAllowed,
    /// Refused for another reason, already in its final form.
    Refused(Refusal<'a>),
}
