//! `Access-Control-Max-Age`: how long a browser may cache a preflight's answer.
//!
//! | engine | default (header absent) | cap |
//! |---|---|---|
//! | Chromium | 5 s | 7200 s (2 h) |
//! | Firefox | 5 s | 86400 s (24 h) |
//! | Safari (WebKit) | 5 s | 600 s (10 min) |
//!
//! A browser keeps a cached answer until it expires, whatever the server says later, so a
//! stricter policy only takes effect after max-age: keep it moderate.

use std::time::Duration;

use http::HeaderValue;

use crate::error::{ConfigErrorKind, ConfigWarningKind, Report};

/// The largest max-age accepted: every engine clamps above it.
pub(crate) const MAX: u64 = 86_400;

/// Compiles max-age into its header value, warning above the browsers' caps.
pub(crate) fn compile(max_age: Option<Duration>, report: &mut Report) -> Option<HeaderValue> {
    let age = max_age?;
    let secs = age.as_secs();
    if age.subsec_nanos() != 0 || secs > MAX {
        report.error(
            ConfigErrorKind::InvalidMaxAge,
            None,
            format!(
                "invalid max-age {age:?}: use a whole number of seconds from 0 to {MAX} \
                 (browsers cap it: Chromium at 7200, Safari at 600)"
            ),
        );
        return None;
    }
    for (cap, engine) in [(7200, "Chromium"), (600, "Safari")] {
        if secs > cap {
            report.warn(
                ConfigWarningKind::MaxAgeAboveBrowserCap,
                format!(
                    "max-age {secs} s is above {engine}'s cap of {cap} s; {engine} uses {cap} s"
                ),
            );
        }
    }
    Some(HeaderValue::from(secs))
}
