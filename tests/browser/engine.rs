//! The three browser engines the suite runs in, found on this machine or skipped (failing
//! with `CI=true`), and one handle over a running browser of any of them.

use std::path::PathBuf;

use crate::chromium::{self, Chromium};
use crate::firefox::{self, Firefox};
use crate::sink::Sink;
use crate::webkit::{self, WebKit};

/// A browser engine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Engine {
    /// Debian's Chromium, headless, console on stderr.
    Chromium,
    /// Debian's Firefox ESR through geckodriver, headless, console from the chrome context.
    Firefox,
    /// WebKitGTK's MiniBrowser under Xvfb, console on stdout.
    WebKit,
}

/// Which behaviour a group needs from the engine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Flavor {
    /// The engine as shipped.
    Default,
    /// Enforces the Fetch rule that `Access-Control-Allow-Headers: *` never covers
    /// `authorization`: a feature flag in Chromium, a preference in Firefox; WebKit has no
    /// such switch.
    StrictWildcardHeaders,
}

impl Engine {
    pub(crate) fn name(self) -> &'static str {
        match self {
            Self::Chromium => "Chromium",
            Self::Firefox => "Firefox",
            Self::WebKit => "WebKit",
        }
    }

    /// The command that installs what this engine needs.
    fn install(self) -> &'static str {
        match self {
            Self::Chromium => "apt-get install chromium",
            Self::Firefox => "apt-get install firefox-esr && cargo install geckodriver",
            Self::WebKit => "apt-get install webkit2gtk-driver xvfb",
        }
    }

    /// The program that runs the engine here, or what is missing.
    pub(crate) fn locate(self) -> Result<PathBuf, String> {
        match self {
            Self::Chromium => chromium::find().ok_or_else(|| match std::env::var("CHROMIUM") {
                Ok(path) => format!("$CHROMIUM is set to {path:?}, which is not a file"),
                Err(_) => "Chromium was not found (looked at /usr/lib/chromium/chromium, then \
                           chromium, chromium-browser, google-chrome and google-chrome-stable on \
                           $PATH)"
                    .to_owned(),
            }),
            Self::Firefox => {
                if !std::path::Path::new(firefox::FIREFOX).is_file() {
                    return Err(format!("Firefox ESR was not found at {}", firefox::FIREFOX));
                }
                firefox::geckodriver().ok_or_else(|| {
                    "geckodriver was not found ($GECKODRIVER, $PATH, ~/.cargo/bin)".to_owned()
                })
            }
            Self::WebKit => webkit::minibrowser().ok_or_else(|| {
                "WebKitGTK's MiniBrowser or Xvfb was not found ($MINIBROWSER or \
                 /usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser, Xvfb on $PATH)"
                    .to_owned()
            }),
        }
    }

    /// The program to run, or `None` when the group is skipped: a missing engine fails the run
    /// with `CI=true`, and is skipped with the install command otherwise.
    pub(crate) fn or_skip(self, group: &str) -> Option<PathBuf> {
        let why = match self.locate() {
            Ok(bin) => return Some(bin),
            Err(why) => why,
        };
        let install = self.install();
        let on_ci = std::env::var("CI").is_ok_and(|v| v == "true");
        assert!(
            !on_ci,
            "browser tests cannot run on CI in {}: {why}; install with `{install}`",
            self.name()
        );
        crate::harness::say(&format!(
            "SKIPPED browser group {group} in {}: {why}. To run it: {install}",
            self.name()
        ));
        None
    }

    /// The URL a console message names, which attributes it to a scenario; `None` for a
    /// message that names none (WebKit's reason lines, which precede the line naming the URL).
    /// `fetch()` and `XMLHttpRequest` (Google's `grpc-web` client) are named alike.
    pub(crate) fn message_url(self, message: &str) -> Option<&str> {
        let (after, end): (&[&str], &[char]) = match self {
            Self::Chromium => (
                &["Access to fetch at '", "Access to XMLHttpRequest at '"],
                &['\''],
            ),
            Self::Firefox => (&["resource at "], &[' ', '’']),
            Self::WebKit => (&["cannot load "], &[' ']),
        };
        let rest = after.iter().find_map(|after| message.split_once(after))?.1;
        let rest = rest.trim_start_matches('‘');
        let url = rest.split(end).next()?;
        Some(url.trim_end_matches('.'))
    }
}

/// What a group needs from the engine beyond a [`Flavor`]: Chromium flags, Firefox
/// preferences, and permissions granted to page origins before the page loads (Chromium
/// through CDP's `Browser.setPermission`, Firefox in its permission manager; WebKit has no
/// such permissions).
#[derive(Debug, Clone, Default)]
pub(crate) struct Setup {
    pub(crate) chromium_flags: Vec<String>,
    pub(crate) firefox_prefs: Vec<(String, serde_json::Value)>,
    /// `(origin, permission)` in Chromium's names (`loopback-network`).
    pub(crate) chromium_grants: Vec<(String, &'static str)>,
    /// `(origin, permission)` in Firefox's names (`loopback-network`).
    pub(crate) firefox_grants: Vec<(String, &'static str)>,
}

/// A running browser of any engine.
#[derive(Debug)]
pub(crate) enum Browser {
    Chromium(Chromium),
    Firefox(Firefox),
    WebKit(WebKit),
}

impl Browser {
    /// Starts `engine` (its program `bin`) on `url`.
    pub(crate) fn launch(
        engine: Engine,
        bin: &std::path::Path,
        flavor: Flavor,
        sink: &Sink,
        url: &str,
    ) -> Result<Self, String> {
        Ok(match engine {
            Engine::Chromium => {
                // Chromium 156 enforces "`*` never covers `authorization`" only with a feature.
                let flags: &[&str] = match flavor {
                    Flavor::Default => &[],
                    Flavor::StrictWildcardHeaders => {
                        &["--enable-features=CorsNonWildcardRequestHeadersSupport"]
                    }
                };
                Self::Chromium(Chromium::launch(bin, flags, url).map_err(|e| e.to_string())?)
            }
            Engine::Firefox => Self::Firefox(Firefox::launch(bin, flavor, sink, url)?),
            Engine::WebKit => Self::WebKit(WebKit::launch(bin, sink, url)?),
        })
    }

    /// Starts `engine` as shipped, with `setup`, on `url`.
    pub(crate) fn launch_with(
        engine: Engine,
        bin: &std::path::Path,
        setup: &Setup,
        sink: &Sink,
        url: &str,
    ) -> Result<Self, String> {
        Ok(match engine {
            Engine::Chromium => {
                let flags: Vec<&str> = setup.chromium_flags.iter().map(String::as_str).collect();
                Self::Chromium(if setup.chromium_grants.is_empty() {
                    Chromium::launch(bin, &flags, url).map_err(|e| e.to_string())?
                } else {
                    Chromium::launch_granting(bin, &flags, &setup.chromium_grants, url)?
                })
            }
            Engine::Firefox => Self::Firefox(Firefox::launch_with(
                bin,
                Flavor::Default,
                &setup.firefox_prefs,
                &setup.firefox_grants,
                sink,
                url,
            )?),
            Engine::WebKit => Self::WebKit(WebKit::launch(bin, sink, url)?),
        })
    }

    /// Whether the browser (or its driver) has exited: it should not before it is stopped.
    pub(crate) fn exited(&mut self) -> Option<std::process::ExitStatus> {
        match self {
            Self::Chromium(b) => b.exited(),
            Self::Firefox(b) => b.exited(),
            Self::WebKit(b) => b.exited(),
        }
    }

    /// The console messages so far, in the order the engine logged them.
    pub(crate) fn console_messages(&self) -> Vec<String> {
        match self {
            Self::Chromium(b) => b.console_messages(),
            Self::Firefox(b) => b.console_messages(),
            Self::WebKit(b) => b.console_messages(),
        }
    }

    /// The engine's last output lines, for failure messages.
    pub(crate) fn output_tail(&self, n: usize) -> String {
        match self {
            Self::Chromium(b) => b.stderr_tail(n),
            Self::Firefox(_) => "(geckodriver's output is not kept)".to_owned(),
            Self::WebKit(b) => b.output_tail(n),
        }
    }

    /// The engine's version, as the browser reports it.
    pub(crate) fn version(&self) -> String {
        match self {
            Self::Chromium(b) => b.version(),
            Self::Firefox(b) => b.version.clone(),
            Self::WebKit(_) => webkit::version(),
        }
    }

    /// Stops every process of the browser.
    pub(crate) fn stop(&mut self) {
        match self {
            Self::Chromium(b) => b.stop(),
            Self::Firefox(b) => b.stop(),
            Self::WebKit(b) => b.stop(),
        }
    }
}
