//! The byte grammar of the CORS headers: HTTP tokens, comma-separated lists, the Fetch
//! standard's named headers and methods, the word-at-a-time reads they share, and the path
//! prefixes that pick a policy or exempt a path by whole segments. Pure functions and value
//! types that know nothing of policies; everything above builds on them (origins have a layer
//! of their own, `origins/`).

pub(crate) mod fetch_names;
pub(crate) mod list;
pub(crate) mod path_prefix;
pub(crate) mod token;
pub(crate) mod words;
