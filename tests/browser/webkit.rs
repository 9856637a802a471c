//! WebKitGTK's MiniBrowser under a private Xvfb (WebKitGTK has no headless mode). It loads the
//! runner page directly, without WebDriver: the page reports its results to the page server
//! like in the other engines, and MiniBrowser prints every console message to its stdout
//! (`--enable-write-console-messages-to-stdout`; the lines arrive on stderr), which
//! WebKitWebDriver sessions do not.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread;

use crate::process::{Output, kill_group, spawn_group};
use crate::sink::Sink;

/// Debian's MiniBrowser (package `webkit2gtk-driver`).
const MINIBROWSER: &str = "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser";

/// MiniBrowser (`$MINIBROWSER` or Debian's), when it and Xvfb are installed.
pub(crate) fn minibrowser() -> Option<PathBuf> {
    let bin =
        std::env::var_os("MINIBROWSER").map_or_else(|| PathBuf::from(MINIBROWSER), PathBuf::from);
    let xvfb = std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join("Xvfb").is_file()));
    (bin.is_file() && xvfb).then_some(bin)
}

/// The installed WebKitGTK version, from the Debian package.
pub(crate) fn version() -> String {
    Command::new("dpkg-query")
        .args(["-W", "-f", "${Version}", "libwebkit2gtk-4.1-0"])
        .output()
        .ok()
        .map(|o| String::from_utf8_lossy(&o.stdout).into_owned())
        .unwrap_or_default()
}

/// A running Xvfb and MiniBrowser, and MiniBrowser's console lines.
#[derive(Debug)]
pub(crate) struct WebKit {
    xvfb: Child,
    browser: Child,
    output: Output,
}

impl WebKit {
    /// Starts Xvfb, then MiniBrowser on `url` with every non-loopback request sent to `sink`.
    pub(crate) fn launch(bin: &Path, sink: &Sink, url: &str) -> Result<Self, String> {
        // `-displayfd 1`: Xvfb picks a free display and writes its number to stdout.
        let mut xvfb = spawn_group(
            Command::new("Xvfb")
                .args([
                    "-displayfd",
                    "1",
                    "-screen",
                    "0",
                    "1280x1024x24",
                    "-nolisten",
                    "tcp",
                ])
                .stdin(Stdio::null())
                .stdout(Stdio::piped())
                .stderr(Stdio::null()),
        )
        .map_err(|e| format!("cannot start Xvfb: {e}"))?;
        let mut display = String::new();
        let out = xvfb.stdout.take().expect("piped");
        let mut reader = BufReader::new(out);
        reader
            .read_line(&mut display)
            .map_err(|e| format!("Xvfb: {e}"))?;
        let display = display.trim().to_owned();
        if display.is_empty() {
            kill_group(&mut xvfb);
            return Err("Xvfb did not report a display".to_owned());
        }
        // Keep the pipe open for Xvfb's life: closing it early can kill it.
        thread::spawn(move || for _ in reader.lines() {});

        let mut cmd = Command::new(bin);
        cmd.arg("--enable-write-console-messages-to-stdout=true")
            .arg(format!("--proxy=http://127.0.0.1:{}", sink.port))
            .args([
                "--ignore-host=localhost",
                "--ignore-host=127.0.0.1",
                "--ignore-host=::1",
                "--ignore-host=*.localhost",
            ])
            .arg(url)
            .env("DISPLAY", format!(":{display}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped());
        let mut browser = match spawn_group(&mut cmd) {
            Ok(child) => child,
            Err(e) => {
                kill_group(&mut xvfb);
                return Err(format!("cannot start MiniBrowser: {e}"));
            }
        };
        let output = Output::read(browser.stderr.take().expect("piped"));
        Ok(Self {
            xvfb,
            browser,
            output,
        })
    }

    /// Whether MiniBrowser has exited.
    pub(crate) fn exited(&mut self) -> Option<std::process::ExitStatus> {
        self.browser.try_wait().ok().flatten()
    }

    /// The console's security and script errors so far, without the location MiniBrowser
    /// puts first (`<page url>:1:20: CONSOLE SECURITY ERROR ...` → `CONSOLE SECURITY ERROR ...`).
    pub(crate) fn console_messages(&self) -> Vec<String> {
        self.output
            .lines()
            .iter()
            .filter_map(|l| {
                let at = l
                    .find("CONSOLE SECURITY ERROR")
                    .or_else(|| l.find("CONSOLE JS ERROR"))?;
                Some(l[at..].to_owned())
            })
            .collect()
    }

    /// The last `n` lines MiniBrowser printed.
    pub(crate) fn output_tail(&self, n: usize) -> String {
        self.output.tail(n)
    }

    /// Kills MiniBrowser's and Xvfb's process groups.
    pub(crate) fn stop(&mut self) {
        kill_group(&mut self.browser);
        kill_group(&mut self.xvfb);
    }
}

impl Drop for WebKit {
    fn drop(&mut self) {
        self.stop();
    }
}
