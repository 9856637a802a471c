//! Debian's nginx, started by a test in the foreground with a prefix and configuration of its
//! own on 127.0.0.1, killed when dropped. Shared by the cache test and cors-doctor's
//! third-party test. Without nginx a test skips with the install command, except under
//! `CI=true`, where it fails.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// nginx in the foreground, killed (and its directory removed) when dropped.
pub(crate) struct Nginx {
    child: Child,
    dir: PathBuf,
    /// The port it listens on, on 127.0.0.1.
    pub(crate) port: u16,
}

impl Drop for Nginx {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// The nginx binary, or `None` after saying why the test is skipped (outside CI).
pub(crate) fn binary(test: &str) -> Option<PathBuf> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    let found = std::env::split_paths(&path)
        .chain(["/usr/sbin".into(), "/sbin".into()])
        .map(|d| d.join("nginx"))
        .find(|p| p.is_file());
    if found.is_none() {
        assert!(
            !std::env::var("CI").is_ok_and(|v| v == "true"),
            "nginx is missing on CI: install it (`apt-get install nginx`)"
        );
        eprintln!("SKIPPED {test}: nginx is not installed (`apt-get install nginx`)");
    }
    found
}

/// A port free on 127.0.0.1 when asked.
pub(crate) fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Starts `bin` with `http` (the directives of an `http { }` block besides the temporary
/// paths; `{port}` in it stands for the port nginx listens on) and waits until it listens.
pub(crate) fn start(bin: &PathBuf, name: &str, http: &str) -> Nginx {
    let port = free_port();
    let dir = std::env::temp_dir().join(format!("{name}-nginx-{}-{port}", std::process::id()));
    std::fs::create_dir_all(dir.join("tmp")).unwrap();
    let p = dir.display();
    let http = http
        .replace("{port}", &port.to_string())
        .replace("{dir}", &p.to_string());
    let conf = format!(
        "pid {p}/nginx.pid;\nerror_log {p}/error.log;\nevents {{ worker_connections 64; }}\n\
         http {{\n    access_log off;\n    client_body_temp_path {p}/tmp/body; \
         proxy_temp_path {p}/tmp/proxy;\n    fastcgi_temp_path {p}/tmp/fastcgi; \
         uwsgi_temp_path {p}/tmp/uwsgi; scgi_temp_path {p}/tmp/scgi;\n{http}\n}}\n"
    );
    std::fs::write(dir.join("nginx.conf"), conf).unwrap();
    let child = Command::new(bin)
        .args(["-p", &p.to_string(), "-c", &format!("{p}/nginx.conf")])
        .args(["-g", "daemon off; master_process off;"])
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let nginx = Nginx { child, dir, port };
    let deadline = Instant::now() + Duration::from_secs(10);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "nginx did not start");
        std::thread::sleep(Duration::from_millis(50));
    }
    nginx
}
