//! Finding, starting and stopping a headless Chromium, and capturing its console output.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use crate::process::{Output, kill_group, spawn_group};

/// Flags without which Chromium reaches out to Google services or needs a display.
const BASE_FLAGS: &[&str] = &[
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-default-browser-check",
    "--disable-extensions",
    "--disable-breakpad",
    "--disable-dev-shm-usage",
    "--mute-audio",
    "--enable-logging=stderr",
    "--v=0",
];

/// The Chromium executable: `$CHROMIUM` if set, else the first known name found.
pub(crate) fn find() -> Option<PathBuf> {
    if let Some(explicit) = std::env::var_os("CHROMIUM") {
        let p = PathBuf::from(explicit);
        return p.is_file().then_some(p);
    }
    // The Debian binary itself, bypassing the /usr/bin/chromium wrapper's extra flags.
    let direct = Path::new("/usr/lib/chromium/chromium");
    if direct.is_file() {
        return Some(direct.to_path_buf());
    }
    let path = std::env::var_os("PATH")?;
    let names = [
        "chromium",
        "chromium-browser",
        "google-chrome",
        "google-chrome-stable",
    ];
    std::env::split_paths(&path)
        .flat_map(|dir| names.iter().map(move |n| dir.join(n)))
        .find(|p| p.is_file())
}

/// A running headless Chromium in its own process group, with a fresh profile.
#[derive(Debug)]
pub(crate) struct Chromium {
    bin: PathBuf,
    child: Child,
    profile: PathBuf,
    stderr: Output,
    /// The DevTools connection that granted permissions: Chromium drops a session's
    /// permission overrides when it closes, so it stays open for the browser's life.
    devtools: Option<Box<DevTools>>,
}

/// An open DevTools WebSocket.
struct DevTools {
    _socket: tokio_tungstenite::tungstenite::WebSocket<
        tokio_tungstenite::tungstenite::stream::MaybeTlsStream<std::net::TcpStream>,
    >,
}

impl std::fmt::Debug for DevTools {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DevTools")
    }
}

impl Chromium {
    /// Starts Chromium on `url`, with `flags` added to the base ones.
    pub(crate) fn launch(bin: &Path, flags: &[&str], url: &str) -> std::io::Result<Self> {
        let profile = fresh_profile_dir()?;
        let mut cmd = Command::new(bin);
        cmd.args(BASE_FLAGS)
            .args(flags)
            .arg(format!("--user-data-dir={}", profile.display()))
            .arg(url)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        let mut child = spawn_group(&mut cmd)?;
        let stderr = Output::read(child.stderr.take().expect("stderr is piped"));
        Ok(Self {
            bin: bin.to_path_buf(),
            child,
            profile,
            stderr,
            devtools: None,
        })
    }

    /// Starts Chromium on `about:blank` with its DevTools protocol on an ephemeral loopback
    /// port, grants each `(origin, permission)` through CDP's `Browser.setPermission` (the
    /// command ChromeDriver's `Set Permission` sends), then opens `url` in a new tab. The
    /// connection stays open until the browser stops: closing it revokes the grants.
    pub(crate) fn launch_granting(
        bin: &Path,
        flags: &[&str],
        grants: &[(String, &str)],
        url: &str,
    ) -> Result<Self, String> {
        let mut flags = flags.to_vec();
        flags.push("--remote-debugging-port=0");
        let mut browser = Self::launch(bin, &flags, "about:blank").map_err(|e| e.to_string())?;
        let endpoint = devtools_endpoint(&browser.profile)?;
        let mut commands: Vec<serde_json::Value> = grants
            .iter()
            .map(|(origin, name)| {
                serde_json::json!({"method": "Browser.setPermission", "params": {
                    "permission": {"name": name}, "setting": "granted", "origin": origin}})
            })
            .collect();
        commands.push(serde_json::json!({"method": "Target.createTarget", "params": {"url": url}}));
        browser.devtools = Some(Box::new(cdp(&endpoint, &commands)?));
        Ok(browser)
    }

    /// `Chromium 156.0.8078.114`, as the binary reports it.
    pub(crate) fn version(&self) -> String {
        Command::new(&self.bin)
            .arg("--version")
            .output()
            .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
            .unwrap_or_default()
    }

    /// Whether the browser process has exited (it should not before we stop it).
    pub(crate) fn exited(&mut self) -> Option<std::process::ExitStatus> {
        self.child.try_wait().ok().flatten()
    }

    /// The console messages logged so far (the quoted text of `INFO:CONSOLE` lines).
    pub(crate) fn console_messages(&self) -> Vec<String> {
        self.stderr
            .lines()
            .iter()
            .filter_map(|l| console_message(l))
            .collect()
    }

    /// The last `n` raw stderr lines, for failure messages.
    pub(crate) fn stderr_tail(&self, n: usize) -> String {
        self.stderr.tail(n)
    }

    /// Kills the whole process group (browser, renderers, helpers) and waits a bounded time.
    pub(crate) fn stop(&mut self) {
        self.devtools = None;
        kill_group(&mut self.child);
        // The pipe closes once every process of the group is gone.
        self.stderr.wait_closed();
        let _ = std::fs::remove_dir_all(&self.profile);
    }
}

impl Drop for Chromium {
    fn drop(&mut self) {
        self.stop();
    }
}

/// The browser's DevTools WebSocket URL, from the `DevToolsActivePort` file Chromium writes
/// into its profile (port, then path), waited for at most 10 s.
fn devtools_endpoint(profile: &Path) -> Result<String, String> {
    let file = profile.join("DevToolsActivePort");
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(10);
    loop {
        if let Ok(text) = std::fs::read_to_string(&file) {
            let mut lines = text.lines();
            if let (Some(port), Some(path)) = (lines.next(), lines.next()) {
                return Ok(format!("ws://127.0.0.1:{port}{path}"));
            }
        }
        if std::time::Instant::now() > deadline {
            return Err("Chromium wrote no DevToolsActivePort within 10 s".to_owned());
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
}

/// Sends CDP `commands` in order on the browser's endpoint; each must succeed. Returns the
/// open connection.
fn cdp(endpoint: &str, commands: &[serde_json::Value]) -> Result<DevTools, String> {
    use tokio_tungstenite::tungstenite::{Message, connect, stream::MaybeTlsStream};
    let (mut socket, _) = connect(endpoint).map_err(|e| format!("CDP {endpoint}: {e}"))?;
    if let MaybeTlsStream::Plain(stream) = socket.get_mut() {
        let timeout = Some(std::time::Duration::from_secs(10));
        stream
            .set_read_timeout(timeout)
            .map_err(|e| e.to_string())?;
    }
    for (id, command) in commands.iter().enumerate() {
        let mut command = command.clone();
        command["id"] = id.into();
        socket
            .send(Message::text(command.to_string()))
            .map_err(|e| format!("CDP: {e}"))?;
        loop {
            let reply = socket.read().map_err(|e| format!("CDP {command}: {e}"))?;
            let Message::Text(text) = reply else { continue };
            let value: serde_json::Value = serde_json::from_str(&text).unwrap_or_default();
            if value["id"] != id {
                continue;
            }
            if let Some(error) = value.get("error") {
                return Err(format!("CDP {command}: {error}"));
            }
            break;
        }
    }
    Ok(DevTools { _socket: socket })
}

/// `[pid:tid:time:INFO:CONSOLE:12] "text", source: url (12)` → `text`.
fn console_message(line: &str) -> Option<String> {
    let start = line.find(":CONSOLE")?;
    let rest = &line[start..];
    let open = rest.find("] \"")? + 3;
    let body = &rest[open..];
    let end = body.rfind("\", source: ").unwrap_or(body.len());
    Some(body[..end].to_owned())
}

fn fresh_profile_dir() -> std::io::Result<PathBuf> {
    static COUNTER: AtomicUsize = AtomicUsize::new(0);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let dir = std::env::temp_dir().join(format!(
        "tower-cors-browser-{}-{}-{nanos}",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    std::fs::create_dir_all(&dir)?;
    Ok(dir)
}

#[cfg(test)]
mod tests {
    #[test]
    fn console_lines_are_parsed() {
        let line = r#"[1:1:1123/191129.349632:INFO:CONSOLE:0] "Access to fetch at 'http://x/s/a' has been blocked", source: http://p/ (0)"#;
        assert_eq!(
            super::console_message(line).as_deref(),
            Some("Access to fetch at 'http://x/s/a' has been blocked")
        );
        assert_eq!(super::console_message("[1:1:ERROR:dbus] nope"), None);
    }
}
