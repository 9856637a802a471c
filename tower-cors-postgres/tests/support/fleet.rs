//! Instances of the `fleet` example, each a separate process.

use std::io::{BufRead, BufReader};
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

/// A running instance, killed on drop.
#[derive(Debug)]
pub struct Instance {
    child: Child,
    pub addr: SocketAddr,
}

/// The example's binary, built by `cargo test` with the tests (`target/<profile>/examples`);
/// built here when a filter (`--test NAME`) left it out.
fn binary() -> PathBuf {
    let exe = std::env::current_exe().unwrap();
    let profile_dir = exe.parent().unwrap().parent().unwrap();
    let path = profile_dir.join("examples").join("fleet");
    if !path.exists() {
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let mut build = Command::new(cargo);
        build.args(["build", "-p", "tower-cors-postgres", "--example", "fleet"]);
        if profile_dir.ends_with("release") {
            build.arg("--release");
        }
        let _ = build.status();
    }
    assert!(
        path.exists(),
        "{} is missing: run `cargo build -p tower-cors-postgres --example fleet` (or run the \
         tests with `cargo test -p tower-cors-postgres`, which builds it)",
        path.display()
    );
    path
}

impl Instance {
    /// Starts an instance on `database` (a libpq connection string), on a free port; its
    /// stderr goes to `log`. Returns once it serves.
    pub fn spawn(database: &str, log: &Path) -> Self {
        let mut child = Command::new(binary())
            .env("DATABASE_URL", database)
            .env("BIND", "127.0.0.1:0")
            .env("RUST_LOG", "info")
            .stdout(Stdio::piped())
            .stderr(std::fs::File::create(log).unwrap())
            .spawn()
            .unwrap();
        let mut line = String::new();
        BufReader::new(child.stdout.take().unwrap())
            .read_line(&mut line)
            .unwrap();
        let Some(addr) = line.trim().strip_prefix("listening on http://") else {
            let _ = child.kill();
            panic!(
                "the instance did not start: {line:?}; {}",
                std::fs::read_to_string(log).unwrap_or_default()
            );
        };
        Self {
            addr: addr.parse().unwrap(),
            child,
        }
    }

    /// The process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// A field of the instance's `/status`.
    pub fn status_field(&self, key: &str) -> Option<String> {
        let answer = super::http::request(self.addr, "GET", "/status", &[]).ok()?;
        answer
            .body
            .lines()
            .find_map(|l| l.strip_prefix(key)?.strip_prefix(": ").map(str::to_owned))
    }
}

impl Drop for Instance {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
