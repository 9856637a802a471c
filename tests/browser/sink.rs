//! The proxy Firefox and WebKit are pointed at: anything they try to reach outside loopback
//! (update checks, telemetry, remote settings) is answered 403 here and recorded, so the suite
//! never sends traffic off the machine.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

/// A running sink: its port and the first line of every request it refused.
#[derive(Debug, Clone)]
pub(crate) struct Sink {
    pub(crate) port: u16,
    pub(crate) seen: Arc<Mutex<Vec<String>>>,
}

/// Starts a sink on `127.0.0.1`, for the life of the test process.
pub(crate) fn start() -> std::io::Result<Sink> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let port = listener.local_addr()?.port();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&seen);
    thread::spawn(move || {
        for mut conn in listener.incoming().map_while(Result::ok) {
            let _ = conn.set_read_timeout(Some(Duration::from_secs(2)));
            let mut buf = [0u8; 2048];
            let n = conn.read(&mut buf).unwrap_or(0);
            let line = String::from_utf8_lossy(&buf[..n])
                .lines()
                .next()
                .unwrap_or_default()
                .to_owned();
            log.lock().unwrap().push(line);
            let _ = conn.write_all(
                b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n",
            );
        }
    });
    Ok(Sink { port, seen })
}

/// A sink that stands in for DNS in an engine that can only be given a proxy (WebKit): a
/// request for one of `names` (`http://<name>:<port>/...`) is relayed to `127.0.0.1:<port>`
/// as the engine would send it after resolving the name to loopback (origin-form target,
/// `Host: <name>:<port>`, with `Connection: close` so that every request gets its own
/// connection); anything else is refused and recorded as by [`start`].
pub(crate) fn start_mapping(names: &'static [&'static str]) -> std::io::Result<Sink> {
    let listener = TcpListener::bind("127.0.0.1:0")?;
    let port = listener.local_addr()?.port();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let log = Arc::clone(&seen);
    thread::spawn(move || {
        for conn in listener.incoming().map_while(Result::ok) {
            let log = Arc::clone(&log);
            thread::spawn(move || relay(conn, names, &log));
        }
    });
    Ok(Sink { port, seen })
}

/// Relays one proxied request for a mapped name, or refuses it.
fn relay(mut conn: std::net::TcpStream, names: &[&str], log: &Mutex<Vec<String>>) {
    let _ = conn.set_read_timeout(Some(Duration::from_secs(5)));
    let mut head = Vec::new();
    let mut buf = [0u8; 4096];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        match conn.read(&mut buf) {
            Ok(0) | Err(_) => return,
            Ok(n) => head.extend_from_slice(&buf[..n]),
        }
    }
    let end = head.windows(4).position(|w| w == b"\r\n\r\n").unwrap_or(0) + 4;
    let (text, rest) = head.split_at(end);
    let text = String::from_utf8_lossy(text).into_owned();
    let first = text.lines().next().unwrap_or_default().to_owned();
    let mut parts = first.split(' ');
    let (method, target, version) = (
        parts.next().unwrap_or_default(),
        parts.next().unwrap_or_default(),
        parts.next().unwrap_or_default(),
    );
    let mapped = target.strip_prefix("http://").and_then(|rest| {
        let (authority, path) = rest.split_at(rest.find('/').unwrap_or(rest.len()));
        let (name, port) = authority.rsplit_once(':')?;
        let port: u16 = port.parse().ok()?;
        names
            .iter()
            .any(|n| n.eq_ignore_ascii_case(name))
            .then(|| (port, if path.is_empty() { "/" } else { path }.to_owned()))
    });
    let Some((port, path)) = mapped else {
        log.lock().unwrap().push(first);
        let _ = conn
            .write_all(b"HTTP/1.1 403 Forbidden\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        return;
    };
    let Ok(mut upstream) = std::net::TcpStream::connect(("127.0.0.1", port)) else {
        return;
    };
    let mut out = format!("{method} {path} {version}\r\n");
    for line in text.lines().skip(1).filter(|l| !l.is_empty()) {
        let name = line
            .split(':')
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        if name != "connection" && name != "proxy-connection" {
            out.push_str(line);
            out.push_str("\r\n");
        }
    }
    out.push_str("Connection: close\r\n\r\n");
    if upstream.write_all(out.as_bytes()).is_err() || upstream.write_all(rest).is_err() {
        return;
    }
    let (Ok(mut from_client), Ok(mut to_client)) = (conn.try_clone(), upstream.try_clone()) else {
        return;
    };
    let _ = from_client.set_read_timeout(None);
    thread::spawn(move || {
        let _ = std::io::copy(&mut from_client, &mut upstream);
    });
    let _ = std::io::copy(&mut to_client, &mut conn);
}
