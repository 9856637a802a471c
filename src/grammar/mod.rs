//! The byte grammar of the CORS headers: HTTP tokens, comma-separated lists, hosts, origins
//! (as configured and as a request sends them), the word-at-a-time reads they share, and the
//! path prefixes that pick a policy or exempt a path by whole segments. Pure
//! functions and value types that know nothing of policies; everything above builds on them.

pub(crate) mod fetch_names;
pub(crate) mod host;
pub(crate) mod idna;
pub(crate) mod list;
pub(crate) mod origin;
pub(crate) mod path_prefix;
pub(crate) mod request_origin;
pub(crate) mod token;
pub(crate) mod words;
