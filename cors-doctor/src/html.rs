//! `--html FILE`: one self-contained page (inline style, no fetch of anything: a
//! `Content-Security-Policy` forbids it) with, for each URL, the verdict in the three
//! browsers' words, each finding with its fix, and each exchange drawn: the request and its
//! answer side by side, CORS headers highlighted both ways.

use std::fmt::Write;

use crate::batch::Checked;
use crate::diagnose::Report;
use crate::probe::Exchange;
use crate::report;

const STYLE: &str = "body{font:15px/1.45 system-ui,sans-serif;margin:2em auto;max-width:70em;\
color:#222}h1{font-size:1.5em}h2{font-size:1.2em;border-top:2px solid #ccc;padding-top:.8em}\
.verdict{font-weight:bold}.allowed{color:#176117}.blocked{color:#a01818}\
.finding{border-left:5px solid #c80;padding:.3em .8em;margin:.6em 0;background:#fff8ec}\
.finding.security{border-color:#c00;background:#fff0f0}code{font-size:.92em}\
.exchange{display:grid;grid-template-columns:1fr 2em 1fr;gap:.4em;margin:.8em 0;\
align-items:start}.exchange pre{margin:0;padding:.5em;background:#f4f4f4;\
white-space:pre-wrap;word-break:break-all;font-size:.85em}.arrow{text-align:center;\
font-size:1.5em;padding-top:.4em}.cors{background:#ffe680}.label{font-weight:bold;\
grid-column:1/4}.granted{color:#a01818;font-weight:bold}";

/// Escapes text for HTML.
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '&' => out.push_str("&amp;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// Header lines, CORS ones (`Origin`, `Access-Control-*`, `Vary`) highlighted.
fn headers(out: &mut String, map: &http::HeaderMap) {
    for (name, value) in map {
        let line = format!(
            "{}: {}",
            name.as_str(),
            esc(&String::from_utf8_lossy(value.as_bytes()))
        );
        let n = name.as_str();
        if n == "origin" || n == "vary" || n.starts_with("access-control-") {
            let _ = writeln!(out, "<span class=\"cors\">{line}</span>");
        } else {
            let _ = writeln!(out, "{line}");
        }
    }
}

/// One exchange: `label` (text) and `note` (HTML), the request, an arrow, the answer.
fn exchange(out: &mut String, label: &str, note: &str, e: &Exchange) {
    let _ = writeln!(
        out,
        "<div class=\"exchange\"><div class=\"label\">{} {note}</div><pre>{} {}",
        esc(label),
        e.request.method(),
        esc(&e.request.uri().to_string())
    );
    headers(out, e.request.headers());
    let _ = writeln!(
        out,
        "</pre><div class=\"arrow\">&rarr;</div><pre>{}",
        e.status()
    );
    headers(out, e.headers());
    out.push_str("</pre></div>\n");
}

fn section(out: &mut String, url: &str, r: &Report) {
    let _ = writeln!(out, "<h2>{}</h2>", esc(url));
    let _ = writeln!(
        out,
        "<p>From a page at <code>{}</code>: <span class=\"verdict {}\">{}</span></p>",
        esc(&r.origin),
        if r.allowed { "allowed" } else { "blocked" },
        esc(&report::verdict(r))
    );
    let messages = report::messages(r);
    if !messages.is_empty() {
        out.push_str("<ul>");
        for (browser, message) in messages {
            let _ = write!(out, "<li>{browser}: <q>{}</q></li>", esc(&message));
        }
        out.push_str("</ul>\n");
    }
    if let Some(fix) = &r.fix {
        let _ = writeln!(out, "<p>Fix: {}</p>", esc(fix));
    }
    if let Some(builder) = &r.builder {
        let _ = writeln!(out, "<p>Builder: <code>{}</code></p>", esc(builder));
    }
    let _ = writeln!(
        out,
        "<h3>Findings ({})</h3>",
        if r.findings.is_empty() {
            "none".to_owned()
        } else {
            r.findings.len().to_string()
        }
    );
    for f in &r.findings {
        let _ = writeln!(
            out,
            "<div class=\"finding {sev}\" data-finding=\"{code}\"><b>{sev}: {code}</b>\
             <p>{}</p><p>Fix: {}</p></div>",
            esc(&f.detail),
            esc(&f.fix),
            sev = f.severity.name(),
            code = f.code,
        );
    }
    let _ = writeln!(out, "<h3>Exchanges ({} requests)</h3>", r.requests);
    for (label, e) in &r.exchanges {
        exchange(out, &format!("the browser's {label}"), "", e);
    }
    for p in &r.probes {
        let granted = match (p.granted, p.credentials) {
            (false, _) => "not granted".to_owned(),
            (true, false) => "<span class=\"granted\">granted</span>".to_owned(),
            (true, true) => "<span class=\"granted\">granted with credentials</span>".to_owned(),
        };
        let label = format!("probe {} ({}):", p.kind, p.origin);
        exchange(out, &label, &granted, &p.exchange);
    }
}

/// The page for `checked` (one URL or many).
#[must_use]
pub fn page(checked: &[Checked]) -> String {
    let mut out = String::from(
        "<!doctype html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; \
         style-src 'unsafe-inline'; script-src 'unsafe-inline'\">\n\
         <title>cors-doctor</title>\n",
    );
    let _ = writeln!(
        out,
        "<style>{STYLE}</style></head><body>\n<h1>cors-doctor</h1>"
    );
    for (url, result) in checked {
        match result {
            Ok(r) => section(&mut out, url, r),
            Err(e) => {
                let _ = writeln!(out, "<h2>{}</h2><p>Not checked: {}</p>", esc(url), esc(e));
            }
        }
    }
    // A one-line summary in the console, read by the tests (the page needs no script).
    out.push_str(
        "<script>console.log('cors-doctor page: ' + JSON.stringify({findings: \
         [...document.querySelectorAll('[data-finding]')].map(e => e.dataset.finding), \
         exchanges: document.querySelectorAll('.exchange').length}));</script>\n</body></html>\n",
    );
    out
}
