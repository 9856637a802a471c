//! Writes the captured console messages to `target/browser-console.txt`.
//!
//! Groups may run in parallel processes (nextest), so each group writes its own file under
//! `target/browser-console/` and then rebuilds the combined file from all of them.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

use crate::engine::Engine;
use crate::verdict::Console;

fn target_dir() -> PathBuf {
    // `<target>/tmp`, provided by Cargo to integration tests.
    let tmp = Path::new(env!("CARGO_TARGET_TMPDIR"));
    tmp.parent().unwrap_or(tmp).to_path_buf()
}

/// Records one group's console messages and refreshes the combined file.
pub(crate) fn write(group: &str, engine: Engine, version: &str, names: &[&str], console: &Console) {
    let mut text = format!("## group {group} in {} ({version})\n", engine.name());
    for name in names {
        for message in console.by_scenario.get(*name).into_iter().flatten() {
            text.push_str(&format!("{name}: {message}\n"));
        }
    }
    for message in &console.unmatched {
        text.push_str(&format!("(no scenario): {message}\n"));
    }
    let dir = target_dir().join("browser-console");
    if let Err(e) = fs::create_dir_all(&dir)
        .and_then(|()| fs::write(dir.join(format!("{}-{group}.txt", engine.name())), &text))
    {
        crate::harness::say(&format!(
            "cannot write the console file of group {group}: {e}"
        ));
        return;
    }
    // Rebuild until the set of group files is stable (another group may finish meanwhile).
    for _ in 0..5 {
        let before = group_files(&dir);
        let combined: String = before
            .iter()
            .filter_map(|(p, _)| fs::read_to_string(p).ok())
            .collect();
        let out = target_dir().join("browser-console.txt");
        let tmp = dir.join(format!(".combined-{}", std::process::id()));
        if fs::write(&tmp, combined)
            .and_then(|()| fs::rename(&tmp, &out))
            .is_err()
        {
            return;
        }
        if group_files(&dir) == before {
            return;
        }
    }
}

/// The group files with their modification time and length, to notice concurrent writers.
fn group_files(dir: &Path) -> Vec<(PathBuf, Option<(SystemTime, u64)>)> {
    let mut files: Vec<_> = fs::read_dir(dir)
        .into_iter()
        .flatten()
        .filter_map(Result::ok)
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "txt"))
        .map(|p| {
            let stamp = fs::metadata(&p)
                .ok()
                .and_then(|m| Some((m.modified().ok()?, m.len())));
            (p, stamp)
        })
        .collect();
    files.sort();
    files
}
