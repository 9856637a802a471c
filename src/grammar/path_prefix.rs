//! [`PathPrefix`]: which request paths a path prefix covers, by whole segments. One rule for
//! every place that picks by path: a layer's per-prefix policies and a guard's exemptions.

/// A path prefix, kept as `/segment/segment` (slashes at either end of the configured text
/// trimmed; `/` covers every path).
///
/// It covers a path when the path is the prefix or continues it with `/`, compared byte for
/// byte, as routers compare: `/webhooks` covers `/webhooks` and `/webhooks/stripe`, never
/// `/webhooks-admin`, `/Webhooks`, `//webhooks` or `/webhooks%2Fstripe`. A path with a dot
/// segment (`.` or `..`, spelled out or percent-encoded) is covered by no prefix but `/`:
/// a proxy or framework that resolves it would route it somewhere else than it reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PathPrefix(Box<str>);

impl PathPrefix {
    /// The prefix of `text`: `"/webhooks/"`, `"webhooks"` and `"/webhooks"` are one prefix.
    pub(crate) fn new(text: &str) -> Self {
        Self(format!("/{}", text.trim_matches('/')).into_boxed_str())
    }

    /// The prefix as kept: `/webhooks`.
    pub(crate) fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether this prefix covers `path` (the request target's path, without its query).
    pub(crate) fn covers(&self, path: &str) -> bool {
        if &*self.0 == "/" {
            return true;
        }
        path.strip_prefix(&*self.0)
            .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
            && !has_dot_segment(path)
    }
}

/// Whether a segment of `path` is `.` or `..`, also as `%2e` (either case).
fn has_dot_segment(path: &str) -> bool {
    path.split('/').any(|segment| {
        let segment = segment.as_bytes();
        let mut dots = 0;
        let mut at = 0;
        while at < segment.len() {
            if segment[at] == b'.' {
                at += 1;
            } else if segment[at..].len() >= 3
                && segment[at] == b'%'
                && segment[at + 1] == b'2'
                && segment[at + 2].eq_ignore_ascii_case(&b'e')
            {
                at += 3;
            } else {
                return false;
            }
            dots += 1;
        }
        matches!(dots, 1 | 2)
    })
}

#[cfg(test)]
mod tests {
    use super::PathPrefix;

    #[test]
    fn a_prefix_covers_whole_segments_only() {
        let webhooks = PathPrefix::new("/webhooks/");
        assert_eq!(webhooks.as_str(), "/webhooks");
        for (path, covered) in [
            ("/webhooks", true),
            ("/webhooks/", true),
            ("/webhooks/stripe", true),
            ("/webhooks/a.b/..c", true),
            ("/webhooks-admin/delete", false),
            ("/webhooksx", false),
            ("/Webhooks/stripe", false),
            ("//webhooks/stripe", false),
            ("/webhooks%2Fstripe", false),
            ("/webhooks/../admin", false),
            ("/webhooks/./stripe", false),
            ("/webhooks/%2e%2E/admin", false),
            ("/webhooks/.%2e", false),
            ("/", false),
            ("", false),
        ] {
            assert_eq!(webhooks.covers(path), covered, "{path}");
        }
        assert!(PathPrefix::new("/").covers("/anything/../at/all"));
        assert!(PathPrefix::new("").covers("/x"));
    }
}
