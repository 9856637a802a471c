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
