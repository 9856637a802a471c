//! Firefox ESR driven by geckodriver: headless, a fresh temporary profile per session, every
//! outbound connection switched off or sent to the [sink](crate::sink), and the console read
//! from the browser's own console service (chrome context), where Firefox logs CORS refusals
//! with their reason code as category (`[CORSMissingAllowOrigin2] Cross-Origin Request
//! Blocked: ...`).

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use crate::engine::Flavor;
use crate::process::{kill_group, spawn_group};
use crate::sink::Sink;
use crate::webdriver::{self, Session};

/// Debian's Firefox ESR.
pub(crate) const FIREFOX: &str = "/usr/bin/firefox-esr";

/// geckodriver: `$GECKODRIVER`, else on `$PATH`, else where `cargo install` puts it.
pub(crate) fn geckodriver() -> Option<PathBuf> {
    if let Some(explicit) = std::env::var_os("GECKODRIVER") {
        let p = PathBuf::from(explicit);
        return p.is_file().then_some(p);
    }
    let on_path = std::env::var_os("PATH").and_then(|path| {
        std::env::split_paths(&path)
            .map(|dir| dir.join("geckodriver"))
            .find(|p| p.is_file())
    });
    on_path.or_else(|| {
        let home = std::env::var_os("CARGO_HOME")
            .map(PathBuf::from)
            .or_else(|| std::env::var_os("HOME").map(|h| Path::new(&h).join(".cargo")))?;
        let p = home.join("bin/geckodriver");
        p.is_file().then_some(p)
    })
}

/// Preferences that keep Firefox from reaching the network on its own, and send whatever
/// still tries to the sink.
fn prefs(sink: u16, flavor: Flavor, extra: &[(String, Value)]) -> Value {
    let pairs = [
        ("app.update.enabled", json!(false)),
        ("app.update.auto", json!(false)),
        ("app.update.checkInstallTime", json!(false)),
        ("app.normandy.enabled", json!(false)),
        ("app.shield.optoutstudies.enabled", json!(false)),
        ("network.captive-portal-service.enabled", json!(false)),
        ("network.connectivity-service.enabled", json!(false)),
        ("browser.safebrowsing.malware.enabled", json!(false)),
        ("browser.safebrowsing.phishing.enabled", json!(false)),
        ("browser.safebrowsing.downloads.enabled", json!(false)),
        (
            "browser.safebrowsing.downloads.remote.enabled",
            json!(false),
        ),
        ("browser.safebrowsing.blockedURIs.enabled", json!(false)),
        ("browser.safebrowsing.update.enabled", json!(false)),
        ("datareporting.policy.dataSubmissionEnabled", json!(false)),
        ("datareporting.healthreport.uploadEnabled", json!(false)),
        ("toolkit.telemetry.enabled", json!(false)),
        ("toolkit.telemetry.unified", json!(false)),
        ("toolkit.telemetry.server", json!("")),
        ("extensions.update.enabled", json!(false)),
        ("extensions.getAddons.cache.enabled", json!(false)),
        ("extensions.blocklist.enabled", json!(false)),
        ("browser.search.update", json!(false)),
        ("browser.region.update.enabled", json!(false)),
        (
            "services.settings.server",
            json!("data:,#remote-settings-dummy/v1"),
        ),
        ("messaging-system.rsexperimentloader.enabled", json!(false)),
        ("network.dns.disablePrefetch", json!(true)),
        ("network.prefetch-next", json!(false)),
        ("network.http.speculative-parallel-limit", json!(0)),
        ("browser.newtabpage.enabled", json!(false)),
        ("browser.startup.page", json!(0)),
        ("browser.startup.homepage", json!("about:blank")),
        ("media.gmp-manager.url", json!("")),
        ("media.gmp-gmpopenh264.enabled", json!(false)),
        ("browser.topsites.contile.enabled", json!(false)),
        ("network.proxy.type", json!(1)),
        ("network.proxy.http", json!("127.0.0.1")),
        ("network.proxy.http_port", json!(sink)),
        ("network.proxy.ssl", json!("127.0.0.1")),
        ("network.proxy.ssl_port", json!(sink)),
        ("network.proxy.share_proxy_settings", json!(true)),
        ("network.proxy.allow_hijacking_localhost", json!(false)),
        ("network.trr.mode", json!(5)),
    ];
    let mut prefs: serde_json::Map<String, Value> =
        pairs.into_iter().map(|(k, v)| (k.to_owned(), v)).collect();
    if flavor == Flavor::StrictWildcardHeaders {
        prefs.insert(
            "network.cors_preflight.authorization_covered_by_wildcard".to_owned(),
            json!(false),
        );
    }
    for (name, value) in extra {
        prefs.insert(name.clone(), value.clone());
    }
    Value::Object(prefs)
}

fn free_port() -> std::io::Result<u16> {
    Ok(TcpListener::bind("127.0.0.1:0")?.local_addr()?.port())
}

/// A running geckodriver with one Firefox session.
#[derive(Debug)]
pub(crate) struct Firefox {
    driver: Child,
    session: Option<Session>,
    pub(crate) version: String,
}

impl Firefox {
    /// Starts geckodriver and Firefox, and loads `url`.
    pub(crate) fn launch(
        geckodriver: &Path,
        flavor: Flavor,
        sink: &Sink,
        url: &str,
    ) -> Result<Self, String> {
        Self::launch_with(geckodriver, flavor, &[], &[], sink, url)
    }

    /// As [`launch`](Self::launch), with `extra` preferences, and each `(origin, permission)`
    /// of `grants` allowed in the permission manager before the page loads.
    pub(crate) fn launch_with(
        geckodriver: &Path,
        flavor: Flavor,
        extra: &[(String, Value)],
        grants: &[(String, &str)],
        sink: &Sink,
        url: &str,
    ) -> Result<Self, String> {
        let port = free_port().map_err(|e| e.to_string())?;
        let bidi = free_port().map_err(|e| e.to_string())?;
        let mut cmd = Command::new(geckodriver);
        cmd.args([
            "--host",
            "127.0.0.1",
            "--allow-system-access",
            "--log",
            "fatal",
        ])
        .args([
            "--port",
            &port.to_string(),
            "--websocket-port",
            &bidi.to_string(),
        ])
        // Without it Firefox ignores the `services.settings.server` preference.
        .env("MOZ_REMOTE_SETTINGS_DEVTOOLS", "1")
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
        let driver = spawn_group(&mut cmd).map_err(|e| e.to_string())?;
        let mut firefox = Self {
            driver,
            session: None,
            version: String::new(),
        };
        let deadline = Instant::now() + Duration::from_secs(10);
        while webdriver::command(port, "GET", "/status", None, Duration::from_secs(2)).is_err() {
            if Instant::now() > deadline {
                return Err("geckodriver did not answer within 10 s".to_owned());
            }
            thread::sleep(Duration::from_millis(50));
        }
        let caps = json!({
            "browserName": "firefox",
            "moz:firefoxOptions": {
                "binary": FIREFOX,
                "args": ["-headless"],
                "prefs": prefs(sink.port, flavor, extra),
            }
        });
        let session = Session::new(port, &caps)?;
        firefox.session = Some(session);
        let session = firefox.session.as_ref().expect("just set");
        if !grants.is_empty() {
            session.set_context("chrome")?;
            for (origin, permission) in grants {
                let script = format!(
                    "Services.perms.addFromPrincipal(Services.scriptSecurityManager\
                     .createContentPrincipalFromOrigin({}), {}, Services.perms.ALLOW_ACTION)",
                    Value::from(origin.as_str()),
                    Value::from(*permission)
                );
                session.execute(&script)?;
            }
            session.set_context("content")?;
        }
        session.navigate(url)?;
        // The page runs on its own; from now on scripts read the browser's console.
        session.set_context("chrome")?;
        firefox.version = session
            .execute("return Services.appinfo.version")?
            .as_str()
            .unwrap_or_default()
            .to_owned();
        Ok(firefox)
    }

    /// Whether geckodriver has exited.
    pub(crate) fn exited(&mut self) -> Option<std::process::ExitStatus> {
        self.driver.try_wait().ok().flatten()
    }

    /// The CORS and Local Network Access messages of the console so far, as
    /// `[category] text` (an LNA message's first line only: Firefox appends the stack).
    pub(crate) fn console_messages(&self) -> Vec<String> {
        let Some(session) = &self.session else {
            return Vec::new();
        };
        let script = "return Services.console.getMessageArray()\
            .filter(m => m instanceof Ci.nsIScriptError && (m.category.startsWith('CORS') \
                || m.errorMessage.startsWith('Local Network Access')))\
            .map(m => '[' + m.category + '] ' + m.errorMessage.split('\\n')[0])";
        match session.execute(script) {
            Ok(Value::Array(items)) => items
                .into_iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect(),
            _ => Vec::new(),
        }
    }

    /// Ends the session and kills geckodriver's process group (Firefox included).
    pub(crate) fn stop(&mut self) {
        if let Some(session) = self.session.take() {
            let _ = session.delete();
        }
        kill_group(&mut self.driver);
    }
}

impl Drop for Firefox {
    fn drop(&mut self) {
        self.stop();
    }
}
