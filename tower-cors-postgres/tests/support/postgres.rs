//! A private PostgreSQL server for one test: Debian's binaries, a data directory and a unix
//! socket under a temporary directory, no TCP listener; run as `nobody` when the tests run
//! as root (PostgreSQL refuses root).

use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicU16, Ordering};

/// What installs the server on Debian.
pub const INSTALL: &str = "apt-get install -y postgresql";

static NEXT: AtomicU16 = AtomicU16::new(0);

/// A running server, stopped and deleted on drop.
#[derive(Debug)]
pub struct Postgres {
    root: PathBuf,
    bin: PathBuf,
    /// The user the server runs as, when the tests run as root.
    user: Option<&'static str>,
    /// A libpq connection string for the superuser `postgres`.
    pub url: String,
}

/// The directory of `initdb`, `pg_ctl` and `psql`: `$PG_BIN`, else the newest
/// `/usr/lib/postgresql/*/bin`.
fn bin_dir() -> Option<PathBuf> {
    if let Some(dir) = std::env::var_os("PG_BIN") {
        return Some(PathBuf::from(dir));
    }
    let mut dirs: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|e| {
            let e = e.ok()?;
            let version = e.file_name().to_str()?.parse().ok()?;
            let bin = e.path().join("bin");
            bin.join("initdb").exists().then_some((version, bin))
        })
        .collect();
    dirs.sort();
    dirs.pop().map(|(_, dir)| dir)
}

/// A new server, or `None` (with the install command printed) when PostgreSQL is missing
/// outside CI. Under `CI=true` a missing PostgreSQL fails the test.
pub fn postgres() -> Option<Postgres> {
    let Some(bin) = bin_dir() else {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "PostgreSQL is not installed (CI=true): {INSTALL}"
        );
        eprintln!("skipped: PostgreSQL is not installed; to run this test: {INSTALL}");
        return None;
    };
    Some(Postgres::start(bin))
}

fn run(command: &mut Command) -> Output {
    let output = command.output().expect("runs");
    assert!(
        output.status.success(),
        "{command:?} failed: {}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

impl Postgres {
    fn start(bin: PathBuf) -> Self {
        let n = NEXT.fetch_add(1, Ordering::Relaxed);
        let root = std::env::temp_dir().join(format!("tcpg-{}-{n}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(&root).unwrap();
        let as_root = std::fs::metadata("/proc/self").unwrap().uid() == 0;
        let user = as_root.then_some("nobody");
        if as_root {
            let uid = |flag: &str| -> u32 {
                let out = run(Command::new("id").args([flag, "nobody"]));
                String::from_utf8(out.stdout)
                    .unwrap()
                    .trim()
                    .parse()
                    .unwrap()
            };
            std::os::unix::fs::chown(&root, Some(uid("-u")), Some(uid("-g"))).unwrap();
        }
        // Distinct ports keep the servers' System V keys apart; there is no TCP listener.
        let port = 20_000 + (std::process::id() % 2_000) as u16 * 10 + n % 10;
        let server = Self {
            url: format!(
                "host={} port={port} user=postgres dbname=postgres",
                root.display()
            ),
            root,
            bin,
            user,
        };
        let data = server.data();
        run(server
            .as_server("initdb")
            .args(["-D", &data, "-U", "postgres", "-A", "trust", "-E", "UTF8"])
            .args(["--locale=C", "--no-sync"]));
        let settings = format!(
            "listen_addresses = ''\nunix_socket_directories = '{}'\nport = {port}\n\
             fsync = off\nsynchronous_commit = off\nfull_page_writes = off\n",
            server.root.display()
        );
        let conf = Path::new(&data).join("postgresql.conf");
        let mut text = std::fs::read_to_string(&conf).unwrap();
        text.push_str(&settings);
        std::fs::write(&conf, text).unwrap();
        server.start_again();
        server
    }

    fn data(&self) -> String {
        self.root.join("data").display().to_string()
    }

    /// A command of the server's binaries, run as the server's user.
    fn as_server(&self, program: &str) -> Command {
        let path = self.bin.join(program);
        let mut command = match self.user {
            Some(user) => {
                let mut c = Command::new("runuser");
                c.args(["-u", user, "--"]).arg(path);
                c
            }
            None => Command::new(path),
        };
        command.current_dir(&self.root);
        command
    }

    /// Starts the server (again), waiting until it accepts connections.
    pub fn start_again(&self) {
        let log = self.root.join("server.log").display().to_string();
        run(self.as_server("pg_ctl").args([
            "-D",
            &self.data(),
            "-l",
            &log,
            "-w",
            "-t",
            "60",
            "start",
        ]));
    }

    /// Stops the server (fast shutdown: clients are disconnected).
    pub fn stop(&self) {
        run(self
            .as_server("pg_ctl")
            .args(["-D", &self.data(), "-m", "fast", "-w", "stop"]));
    }

    /// Runs `sql` with `psql` (stopping at the first error); its output.
    pub fn psql(&self, sql: &str) -> String {
        let out = run(Command::new(self.bin.join("psql"))
            .args([
                "-X",
                "-q",
                "-A",
                "-t",
                "-v",
                "ON_ERROR_STOP=1",
                "-d",
                &self.url,
                "-c",
            ])
            .arg(sql));
        String::from_utf8(out.stdout).unwrap()
    }

    /// The connection string for `user` instead of `postgres`.
    pub fn url_for(&self, user: &str) -> String {
        self.url.replace("user=postgres", &format!("user={user}"))
    }

    /// The temporary directory (for logs).
    pub fn root(&self) -> &Path {
        &self.root
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        let _ = self
            .as_server("pg_ctl")
            .args(["-D", &self.data(), "-m", "immediate", "stop"])
            .output();
        let _ = std::fs::remove_dir_all(&self.root);
    }
}
