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
