//! Third-party servers for the doctor's tests: Express + `cors` from npm, Starlette + uvicorn
//! and Flask + flask-cors from PyPI, installed when missing into directories under `target/`
//! (pinned versions, one marker file each), started on 127.0.0.1 and killed when dropped; and
//! the doctor's command run against them with `--json`. Without node or python a test skips
//! with the install command, except under `CI=true`, where it fails.
#![allow(dead_code)]

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde_json::Value;

/// The npm packages, pinned.
pub const NPM: &str = "express@5.3.0 cors@2.8.6";
/// The PyPI packages, pinned.
pub const PYPI: &str = "starlette==1.10.0 uvicorn==0.55.0 flask==3.1.3 flask-cors==6.0.5";

/// One installation at a time in a test binary.
static INSTALL: Mutex<()> = Mutex::new(());

fn target() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .unwrap()
        .to_path_buf()
}

fn servers_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/servers")
}

/// Skips (outside CI) or fails (under `CI=true`) with why and the command that fixes it.
pub fn skip_or_fail(test: &str, why: &str) {
    let message = format!("SKIPPED {test}: {why}");
    assert!(!std::env::var("CI").is_ok_and(|v| v == "true"), "{message}");
    eprintln!("{message}");
}

fn run(program: &str, args: &[&str]) -> Result<(), String> {
    let out = Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .output()
        .map_err(|e| format!("cannot run {program}: {e}"))?;
    if out.status.success() {
        Ok(())
    } else {
        Err(format!(
            "{program} {} failed: {}",
            args.join(" "),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

/// `node_modules` with [`NPM`] under `target/third-party-node`, installed when missing.
pub fn node_modules() -> Result<PathBuf, String> {
    let _one = INSTALL.lock().unwrap_or_else(|e| e.into_inner());
    let dir = target().join("third-party-node");
    let marker = dir.join("cors-doctor-packages.txt");
    let shown = dir.display().to_string();
    let command = format!("npm install --prefix {shown} {NPM}");
    if !std::fs::read_to_string(&marker).is_ok_and(|m| m == NPM) {
        std::fs::create_dir_all(&dir).map_err(|e| format!("{shown}: {e}"))?;
        let mut args = vec![
            "install",
            "--prefix",
            &shown,
            "--no-audit",
            "--no-fund",
            "-s",
        ];
        args.extend(NPM.split(' '));
        run("npm", &args).map_err(|e| format!("{e} (to install: {command})"))?;
        std::fs::write(&marker, NPM).map_err(|e| e.to_string())?;
    }
    Ok(dir.join("node_modules"))
}

/// The python of a virtual environment with [`PYPI`] under `target/third-party-venv`.
pub fn venv_python() -> Result<PathBuf, String> {
    let _one = INSTALL.lock().unwrap_or_else(|e| e.into_inner());
    let venv = target().join("third-party-venv");
    let marker = venv.join("cors-doctor-packages.txt");
    let shown = venv.display().to_string();
    let command = format!("python3 -m venv {shown} && {shown}/bin/pip install {PYPI}");
    if !std::fs::read_to_string(&marker).is_ok_and(|m| m == PYPI) {
        let fail = |e: String| format!("{e} (to install: {command})");
        run("python3", &["-m", "venv", "--clear", &shown]).map_err(fail)?;
        let pip = venv.join("bin/pip").display().to_string();
        let mut args = vec!["install", "--disable-pip-version-check", "-q"];
        args.extend(PYPI.split(' '));
        run(&pip, &args).map_err(fail)?;
        std::fs::write(&marker, PYPI).map_err(|e| e.to_string())?;
    }
    Ok(venv.join("bin/python"))
}

/// A port free on 127.0.0.1 when asked.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A server process on 127.0.0.1, killed when dropped.
pub struct Server {
    child: Child,
    /// Its port.
    pub port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    fn start(mut command: Command) -> Self {
        let port = free_port();
        let child = command
            .arg(port.to_string())
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        let mut server = Self { child, port };
        let deadline = Instant::now() + Duration::from_secs(30);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                server.child.try_wait().unwrap().is_none(),
                "the server exited"
            );
            assert!(Instant::now() < deadline, "the server did not listen");
            std::thread::sleep(Duration::from_millis(50));
        }
        server
    }

    /// `tests/servers/express_app.js`.
    pub fn express(node_modules: &Path) -> Self {
        let mut command = Command::new("node");
        command.env("NODE_PATH", node_modules);
        command.arg(servers_dir().join("express_app.js"));
        Self::start(command)
    }

    /// `tests/servers/python_app.py APP`.
    pub fn python(python: &Path, app: &str) -> Self {
        let mut command = Command::new(python);
        command.arg(servers_dir().join("python_app.py")).arg(app);
        Self::start(command)
    }

    /// `http://127.0.0.1:PORT{path}`.
    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// The requests it has answered (`GET /__count`, not counted).
    pub fn count(&self) -> usize {
        let mut stream = std::net::TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        let request = "GET /__count HTTP/1.1\r\nhost: 127.0.0.1\r\nconnection: close\r\n\r\n";
        stream.write_all(request.as_bytes()).unwrap();
        let mut response = String::new();
        stream.read_to_string(&mut response).unwrap();
        let body = response.split("\r\n\r\n").nth(1).unwrap_or_default();
        body.trim().parse().unwrap_or_else(|_| panic!("{response}"))
    }
}

/// What the command printed and its exit status.
pub struct Run {
    /// The exit status.
    pub code: i32,
    /// Its JSON output.
    pub json: Value,
}

impl Run {
    /// The finding codes, sorted, each once.
    pub fn codes(&self) -> Vec<String> {
        let mut codes: Vec<String> = self.json["findings"]
            .as_array()
            .into_iter()
            .flatten()
            .map(|f| f["code"].as_str().unwrap().to_owned())
            .collect();
        codes.sort();
        codes.dedup();
        codes
    }

    /// The kinds of the probes granted, in order.
    pub fn granted(&self) -> Vec<String> {
        self.json["probes"]
            .as_array()
            .into_iter()
            .flatten()
            .filter(|p| p["granted"] == true)
            .map(|p| p["kind"].as_str().unwrap().to_owned())
            .collect()
    }

    /// Whether a security finding was printed.
    pub fn has_security(&self) -> bool {
        self.json["findings"]
            .as_array()
            .into_iter()
            .flatten()
            .any(|f| f["severity"] == "security")
    }
}

/// `cors-doctor URL --origin ORIGIN --credentials --json` plus `extra`; the servers on
/// 127.0.0.1 stand for public ones (`--target-space public`).
pub fn doctor(url: &str, origin: &str, extra: &[&str]) -> Run {
    let out = Command::new(env!("CARGO_BIN_EXE_cors-doctor"))
        .args([
            url,
            "--origin",
            origin,
            "--credentials",
            "--json",
            "--timeout",
            "10",
            "--target-space",
            "public",
        ])
        .args(extra)
        .output()
        .unwrap();
    let json = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{url}: {e}: {}{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    Run {
        code: out.status.code().unwrap_or(-1),
        json,
    }
}
