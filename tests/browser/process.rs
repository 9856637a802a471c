//! Browsers and their helpers run in process groups of their own: started together, killed
//! together.

use std::process::{Child, Command};
use std::thread;
use std::time::{Duration, Instant};

/// Spawns `cmd` as the leader of a new process group.
pub(crate) fn spawn_group(cmd: &mut Command) -> std::io::Result<Child> {
    std::os::unix::process::CommandExt::process_group(cmd, 0);
    cmd.spawn()
}

/// Kills the process group `child` leads (every process it started) and waits, at most 5 s,
/// until `child` has exited.
pub(crate) fn kill_group(child: &mut Child) {
    if child.try_wait().ok().flatten().is_none() {
        let group = format!("-{}", child.id());
        let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
        let _ = child.kill();
    }
    let deadline = Instant::now() + Duration::from_secs(5);
    while child.try_wait().ok().flatten().is_none() && Instant::now() < deadline {
        thread::sleep(Duration::from_millis(20));
    }
}

/// The lines a child writes to one pipe, read by a thread as they come.
#[derive(Debug)]
pub(crate) struct Output {
    lines: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
    reader: Option<thread::JoinHandle<()>>,
}

impl Output {
    /// Starts reading `pipe` line by line.
    pub(crate) fn read(pipe: impl std::io::Read + Send + 'static) -> Self {
        use std::io::BufRead;
        let lines = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
        let sink = std::sync::Arc::clone(&lines);
        let reader = thread::spawn(move || {
            for line in std::io::BufReader::new(pipe).lines().map_while(Result::ok) {
                sink.lock().unwrap().push(line);
            }
        });
        Self {
            lines,
            reader: Some(reader),
        }
    }

    /// Every line so far.
    pub(crate) fn lines(&self) -> Vec<String> {
        self.lines.lock().unwrap().clone()
    }

    /// The last `n` lines, joined.
    pub(crate) fn tail(&self, n: usize) -> String {
        let lines = self.lines.lock().unwrap();
        lines[lines.len().saturating_sub(n)..].join("\n")
    }

    /// Waits (at most 5 s) until the pipe has closed: once every process holding it is gone.
    pub(crate) fn wait_closed(&mut self) {
        if let Some(reader) = self.reader.take() {
            let deadline = Instant::now() + Duration::from_secs(5);
            while !reader.is_finished() && Instant::now() < deadline {
                thread::sleep(Duration::from_millis(20));
            }
            if reader.is_finished() {
                let _ = reader.join();
            }
        }
    }
}
