//! A scenario: the fetches one page makes, and what the browser and the server must show.

use crate::engine::Engine;
use crate::policies::Api;
use crate::refusal::Why;

/// Where the page that runs the fetches lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Frame {
    /// The top page, `http://127.0.0.1:<page port>`.
    Top,
    /// A frame served by the page server under another origin (`http://localhost:<port>`…).
    At(String),
    /// A sandboxed `srcdoc` frame (`sandbox="allow-scripts"`): opaque origin, `Origin: null`.
    Sandboxed,
}

/// One `fetch()` call.
#[derive(Debug, Clone)]
pub(crate) struct Step {
    pub(crate) api: Api,
    /// `127.0.0.1` or `localhost`: the API's host name in the URL.
    pub(crate) host: &'static str,
    /// Path (ending in the scenario name) plus an optional `?query`.
    pub(crate) path: String,
    pub(crate) method: String,
    pub(crate) headers: Vec<(String, String)>,
    pub(crate) body: Option<String>,
    /// The fetch credentials mode: `same-origin` (the default) or `include`.
    pub(crate) credentials: &'static str,
    /// The fetch mode: `cors` (the default) or `no-cors` (no `Origin` on a GET, opaque response).
    pub(crate) mode: &'static str,
    /// `cache: 'no-store'`, which also bypasses Chromium's preflight cache.
    pub(crate) no_store: bool,
    /// How long the page waits before this fetch, in milliseconds.
    pub(crate) delay_ms: u64,
    /// Response headers the page tries to read.
    pub(crate) read: Vec<String>,
}

impl Step {
    /// The path without the query: the key of the server's request log.
    pub(crate) fn log_path(&self) -> &str {
        self.path.split('?').next().unwrap_or(&self.path)
    }
}

/// What the page's script must observe on the last step.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// The response reached the script.
    Readable,
    /// `fetch` rejected; the console must name this reason, in the engine's words.
    Blocked(Why),
}

/// Requests the API server must have seen at one path.
#[derive(Debug, Clone)]
pub(crate) struct Count {
    pub(crate) api: Api,
    pub(crate) path: String,
    pub(crate) preflights: usize,
    pub(crate) actuals: usize,
    /// Runs of the route handler (the CORS layer and middlewares excluded).
    pub(crate) handled: usize,
}

#[derive(Debug, Clone)]
pub(crate) struct Scenario {
    pub(crate) name: &'static str,
    pub(crate) frame: Frame,
    pub(crate) steps: Vec<Step>,
    pub(crate) verdict: Option<Verdict>,
    pub(crate) status: Option<u16>,
    pub(crate) body_has: Vec<String>,
    pub(crate) headers: Vec<(String, Option<String>)>,
    pub(crate) redirected: Option<bool>,
    pub(crate) counts: Vec<Count>,
    /// (server, path, origin): every request the server saw at the path carried that `Origin`.
    pub(crate) origin_sent: Option<(Api, String, String)>,
    /// In the engine running the scenario: how and why it deviates from the others.
    pub(crate) deviation: Option<&'static str>,
}

impl Scenario {
    pub(crate) fn new(name: &'static str) -> Self {
        Self {
            name,
            frame: Frame::Top,
            steps: Vec::new(),
            verdict: None,
            status: None,
            body_has: Vec::new(),
            headers: Vec::new(),
            redirected: None,
            counts: Vec::new(),
            origin_sent: None,
            deviation: None,
        }
    }

    /// Runs the fetches in a frame whose origin is `origin`.
    pub(crate) fn in_frame_of(mut self, origin: String) -> Self {
        self.frame = Frame::At(origin);
        self
    }

    /// Runs the fetches from a sandboxed frame (origin `null`).
    pub(crate) fn sandboxed(mut self) -> Self {
        self.frame = Frame::Sandboxed;
        self
    }

    /// Adds a `method` fetch of `<prefix>/<name>` on `api`.
    pub(crate) fn call(mut self, api: Api, method: &str, prefix: &str) -> Self {
        self.steps.push(Step {
            api,
            host: "127.0.0.1",
            path: format!("{prefix}/{}", self.name),
            method: method.to_owned(),
            headers: Vec::new(),
            body: None,
            credentials: "same-origin",
            mode: "cors",
            no_store: true,
            delay_ms: 0,
            read: Vec::new(),
        });
        self
    }

    pub(crate) fn get(self, api: Api, prefix: &str) -> Self {
        self.call(api, "GET", prefix)
    }

    /// Repeats the last fetch, identically.
    pub(crate) fn again(mut self) -> Self {
        let last = self.last().clone();
        self.steps.push(last);
        self
    }

    fn last(&mut self) -> &mut Step {
        self.steps.last_mut().expect("add a fetch first")
    }

    /// Waits `ms` milliseconds before the last fetch.
    pub(crate) fn delayed(mut self, ms: u64) -> Self {
        self.last().delay_ms = ms;
        self
    }

    /// Calls the API as `http://localhost:<port>` instead of `http://127.0.0.1:<port>`.
    pub(crate) fn via_localhost(mut self) -> Self {
        self.last().host = "localhost";
        self
    }

    pub(crate) fn query(mut self, query: &str) -> Self {
        let step = self.last();
        step.path = format!("{}?{query}", step.path);
        self
    }

    pub(crate) fn header(mut self, name: &str, value: &str) -> Self {
        self.last()
            .headers
            .push((name.to_owned(), value.to_owned()));
        self
    }

    pub(crate) fn body(mut self, body: &str) -> Self {
        self.last().body = Some(body.to_owned());
        self
    }

    /// A JSON body with `content-type: application/json` (never CORS-safelisted).
    pub(crate) fn json(self, body: &str) -> Self {
        self.header("content-type", "application/json").body(body)
    }

    /// `credentials: 'include'`.
    pub(crate) fn credentials(mut self) -> Self {
        self.last().credentials = "include";
        self
    }

    /// `credentials: 'omit'`.
    pub(crate) fn omit_credentials(mut self) -> Self {
        self.last().credentials = "omit";
        self
    }

    /// `mode: 'no-cors'`: a GET then carries no `Origin`, and the response is opaque.
    pub(crate) fn no_cors(mut self) -> Self {
        self.last().mode = "no-cors";
        self
    }

    /// Lets the fetch use the caches (preflight cache included): no `cache: 'no-store'`.
    pub(crate) fn cached(mut self) -> Self {
        self.last().no_store = false;
        self
    }

    pub(crate) fn readable(mut self, status: u16) -> Self {
        self.verdict = Some(Verdict::Readable);
        self.status = Some(status);
        self
    }

    pub(crate) fn blocked(mut self, why: Why) -> Self {
        self.verdict = Some(Verdict::Blocked(why));
        self
    }

    /// States how `engine` deviates from what the scenario expects of the others, and why:
    /// `restate` gives the expectations in that engine (verdict, counts, ...). The reason is
    /// kept with the scenario and printed with its result.
    pub(crate) fn deviates_in(
        mut self,
        current: Engine,
        engine: Engine,
        why: &'static str,
        restate: impl FnOnce(Self) -> Self,
    ) -> Self {
        if current != engine {
            return self;
        }
        self.deviation = Some(why);
        restate(self)
    }

    pub(crate) fn body_has(mut self, text: &str) -> Self {
        self.body_has.push(text.to_owned());
        self
    }

    /// The page must read `value` in response header `name` (`None`: hidden from script).
    pub(crate) fn header_is(mut self, name: &str, value: Option<&str>) -> Self {
        self.last().read.push(name.to_owned());
        self.headers
            .push((name.to_owned(), value.map(str::to_owned)));
        self
    }

    pub(crate) fn redirected(mut self) -> Self {
        self.redirected = Some(true);
        self
    }

    /// The server saw `preflights` preflights and `actuals` other requests at the last
    /// fetch's path, and the route handler ran `handled` times.
    pub(crate) fn served(mut self, preflights: usize, actuals: usize, handled: usize) -> Self {
        let step = self.last();
        let (api, path) = (step.api, step.log_path().to_owned());
        self.counts
            .retain(|c| (c.api, c.path.as_str()) != (api, path.as_str()));
        self.counts.push(Count {
            api,
            path,
            preflights,
            actuals,
            handled,
        });
        self
    }

    /// As [`served`](Self::served), at `<prefix>/<name>` on `api`.
    pub(crate) fn served_at(
        mut self,
        api: Api,
        prefix: &str,
        counts: (usize, usize, usize),
    ) -> Self {
        let path = format!("{prefix}/{}", self.name);
        let (preflights, actuals, handled) = counts;
        self.counts
            .retain(|c| (c.api, c.path.as_str()) != (api, path.as_str()));
        self.counts.push(Count {
            api,
            path,
            preflights,
            actuals,
            handled,
        });
        self
    }

    /// Every request counted by the last `served*` call carried `Origin: <origin>`.
    pub(crate) fn origin_sent(mut self, origin: &str) -> Self {
        let c = self
            .counts
            .last()
            .expect("call served() or served_at() first");
        self.origin_sent = Some((c.api, c.path.clone(), origin.to_owned()));
        self
    }
}

/// `s` as a JavaScript string literal, safe inside a `<script>` element.
pub(crate) fn js_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '<' => out.push_str("\\u003c"),
            c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}
