//! The npm clients: `package.json` and `package-lock.json` (next to this file) pin them;
//! `npm ci` installs them once into `<target>/rpc-clients` (again when the lock changes), and
//! esbuild (one of the pinned packages) bundles `page.js` with them into the one script the
//! page loads. Needs Node.js (tested with 20; esbuild needs 18+) and npm, and the npm registry
//! for the first run.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

const PACKAGE_JSON: &str = include_str!("package.json");
const PACKAGE_LOCK: &str = include_str!("package-lock.json");
const PAGE_JS: &str = include_str!("page.js");

/// The command that provides what this module needs, for the skip message.
pub(crate) const INSTALL: &str =
    "apt-get install nodejs npm (tested with Node.js 20; esbuild needs 18+)";

fn target_dir() -> PathBuf {
    // `<target>/tmp`, provided by Cargo to integration tests.
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    tmp.parent().unwrap_or(tmp).to_path_buf()
}

/// The page script with the clients bundled in, built once per test process.
pub(crate) fn bundle() -> Result<String, String> {
    static BUNDLE: OnceLock<Result<String, String>> = OnceLock::new();
    BUNDLE.get_or_init(build).clone()
}

fn build() -> Result<String, String> {
    for program in ["node", "npm"] {
        let found = Command::new(program)
            .arg("--version")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|s| s.success());
        if !found {
            return Err(format!("`{program}` was not found on $PATH"));
        }
    }
    let dir = target_dir().join("rpc-clients");
    if !installed(&dir) {
        install(&dir)?;
    }
    let mut esbuild = Command::new("node")
        .arg(dir.join("node_modules/esbuild/bin/esbuild"))
        .args(["--bundle", "--format=iife", "--log-level=warning"])
        .current_dir(&dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| format!("cannot run esbuild: {e}"))?;
    // With no entry point, esbuild bundles stdin and resolves imports from its working
    // directory (the installed node_modules).
    let mut stdin = esbuild.stdin.take().expect("piped stdin");
    stdin
        .write_all(PAGE_JS.as_bytes())
        .map_err(|e| format!("cannot write to esbuild: {e}"))?;
    drop(stdin);
    let out = esbuild
        .wait_with_output()
        .map_err(|e| format!("esbuild: {e}"))?;
    if !out.status.success() {
        return Err(format!(
            "esbuild failed to bundle page.js: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    String::from_utf8(out.stdout).map_err(|e| format!("esbuild's bundle: {e}"))
}

/// Whether `dir` holds the packages of the committed lock.
fn installed(dir: &Path) -> bool {
    std::fs::read_to_string(dir.join("package-lock.json")).is_ok_and(|lock| lock == PACKAGE_LOCK)
        && dir.join("node_modules/.package-lock.json").is_file()
        && dir.join("node_modules/esbuild/bin/esbuild").is_file()
}

/// `npm ci` in a directory of this process's own, then moved into place, so that parallel
/// test processes (nextest) never see a half-installed directory.
fn install(dir: &Path) -> Result<(), String> {
    let staging = target_dir().join(format!("rpc-clients.{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&staging);
    std::fs::create_dir_all(&staging)
        .and_then(|()| std::fs::write(staging.join("package.json"), PACKAGE_JSON))
        .and_then(|()| std::fs::write(staging.join("package-lock.json"), PACKAGE_LOCK))
        .map_err(|e| format!("cannot prepare {}: {e}", staging.display()))?;
    crate::harness::say(&format!(
        "rpc_clients: npm ci into {} (pinned by tests/browser/rpc/package-lock.json)",
        dir.display()
    ));
    // No install scripts: esbuild's binary comes as its platform package.
    let out = Command::new("npm")
        .args(["ci", "--ignore-scripts", "--no-audit", "--no-fund"])
        .args(["--loglevel=error"])
        .current_dir(&staging)
        .output()
        .map_err(|e| format!("cannot run npm: {e}"))?;
    if !out.status.success() {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(format!(
            "`npm ci` failed: {}",
            String::from_utf8_lossy(&out.stderr)
        ));
    }
    if !installed(dir) {
        let _ = std::fs::remove_dir_all(dir);
        if std::fs::rename(&staging, dir).is_err() && !installed(dir) {
            return Err(format!("cannot move {} into place", staging.display()));
        }
    }
    let _ = std::fs::remove_dir_all(&staging);
    Ok(())
}
