//! A model of the browser's CORS checks, for your own tests (feature `testing`).
