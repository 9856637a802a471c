//! Exposed response headers: names page script may read beyond the safelisted seven.

use http::HeaderValue;

use super::value::{compile_list, header_name, joined};
use crate::config::fields::Field;
use crate::error::{ConfigErrorKind, ConfigWarningKind, Report};
use crate::grammar::fetch_names::is_safelisted_response_header;

/// Compiles the expose list into an `Access-Control-Expose-Headers` value.
pub(crate) fn compile(
    inputs: &[String],
    credentials: bool,
    report: &mut Report,
) -> Option<HeaderValue> {
    let (any, listed) = compile_list(
        Field::ExposeHeaders.name(),
        inputs,
        report,
        |input, report| {
            let name = header_name(input, "exposed", report)?;
            let reason = match name.as_str() {
                "set-cookie" | "set-cookie2" => {
                    Some("browsers never let script read cookies from responses; remove it")
                }
                n if n == "origin" || n.starts_with("access-control-") => Some(
                    "it is part of the CORS protocol, not a response header to read; remove it",
                ),
                _ => None,
            };
            if let Some(reason) = reason {
                report.error(
                    ConfigErrorKind::ProhibitedExposedHeader,
                    Some(input),
                    format!("header {input:?} cannot be exposed: {reason}"),
                );
                return None;
            }
            if is_safelisted_response_header(&name) {
                report.warn(
                ConfigWarningKind::Safelisted,
                format!(
                    "exposed header {input:?} is always readable (CORS-safelisted); it was dropped"
                ),
            );
                return None;
            }
            Some(name)
        },
    );
    report.at(Field::ExposeHeaders.name());
    if any && credentials {
        report.error(
            ConfigErrorKind::ExposeAnyWithCredentials,
            Some("*"),
            "exposing any header (\"*\") does not work with credentials: browsers then read \"*\" \
             as a header literally named *; list the headers to expose"
                .to_owned(),
        );
    }
    if any {
        Some(HeaderValue::from_static("*"))
    } else if listed.is_empty() {
        None
    } else {
        Some(joined(&listed))
    }
}
