//! The few W3C WebDriver commands the Firefox runner needs (new session, navigate, switch to
//! the chrome context, execute a script, delete the session), over plain HTTP/1.1 on loopback.
//!
//! Five JSON requests to a local geckodriver do not justify an async WebDriver client and its
//! dependency tree; each request here is one blocking connection with a timeout.

use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use serde_json::{Value, json};

/// A WebDriver session on a driver listening on `127.0.0.1:port`.
#[derive(Debug)]
pub(crate) struct Session {
    port: u16,
    id: String,
}

/// Sends one command and returns its `value`, or the driver's error.
pub(crate) fn command(
    port: u16,
    method: &str,
    path: &str,
    body: Option<&Value>,
    timeout: Duration,
) -> Result<Value, String> {
    let body = body.map(Value::to_string).unwrap_or_default();
    let mut stream = TcpStream::connect(("127.0.0.1", port)).map_err(|e| e.to_string())?;
    stream
        .set_read_timeout(Some(timeout))
        .and_then(|()| stream.set_write_timeout(Some(timeout)))
        .map_err(|e| e.to_string())?;
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Type: application/json\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream
        .write_all(request.as_bytes())
        .map_err(|e| e.to_string())?;
    let mut response = Vec::new();
    stream
        .read_to_end(&mut response)
        .map_err(|e| format!("{method} {path}: {e}"))?;
    let text = String::from_utf8_lossy(&response);
    let (head, payload) = text
        .split_once("\r\n\r\n")
        .ok_or_else(|| format!("{method} {path}: no HTTP response"))?;
    let ok = head.starts_with("HTTP/1.1 200") || head.starts_with("HTTP/1.0 200");
    let value: Value = serde_json::from_str(payload.trim())
        .map_err(|e| format!("{method} {path}: {e}: {payload:.300}"))?;
    let value = value.get("value").cloned().unwrap_or(Value::Null);
    if ok {
        Ok(value)
    } else {
        Err(
            format!("{method} {path}: {}", head.lines().next().unwrap_or(""))
                + &format!(" {value}"),
        )
    }
}

impl Session {
    /// Opens a session with `capabilities` (`alwaysMatch`).
    pub(crate) fn new(port: u16, capabilities: &Value) -> Result<Self, String> {
        let body = json!({ "capabilities": { "alwaysMatch": capabilities } });
        let value = command(
            port,
            "POST",
            "/session",
            Some(&body),
            Duration::from_secs(60),
        )?;
        let id = value["sessionId"]
            .as_str()
            .ok_or_else(|| format!("no session id in {value}"))?
            .to_owned();
        Ok(Self { port, id })
    }

    fn call(&self, method: &str, path: &str, body: Option<&Value>) -> Result<Value, String> {
        let path = format!("/session/{}{path}", self.id);
        command(self.port, method, &path, body, Duration::from_secs(20))
    }

    /// Loads `url` in the current tab (returns once the page has loaded).
    pub(crate) fn navigate(&self, url: &str) -> Result<(), String> {
        self.call("POST", "/url", Some(&json!({ "url": url })))
            .map(drop)
    }

    /// Firefox only: runs later scripts in the browser's chrome context (`content` or `chrome`).
    pub(crate) fn set_context(&self, context: &str) -> Result<(), String> {
        self.call("POST", "/moz/context", Some(&json!({ "context": context })))
            .map(drop)
    }

    /// Runs `script` synchronously and returns its result.
    pub(crate) fn execute(&self, script: &str) -> Result<Value, String> {
        self.call(
            "POST",
            "/execute/sync",
            Some(&json!({ "script": script, "args": [] })),
        )
    }

    /// Ends the session (the driver closes the browser).
    pub(crate) fn delete(&self) -> Result<(), String> {
        self.call("DELETE", "", None).map(drop)
    }
}
