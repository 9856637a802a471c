//! The crate's architecture, checked: the modules of `src/` form layers (a lower layer never
//! names a higher one), no two files import each other in a cycle, and no file grows past
//! 400 lines. Reads the sources as text: `crate::`, `super::` and `self::` paths outside
//! `#[cfg(test)]` modules and comments.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The top-level modules, bottom to top, as `src/lib.rs` declares them.
const LAYERS: &[&str] = &[
    "error",
    "grammar",
    "config",
    "origins",
    "policy",
    "decision",
    "response",
    "diagnostics",
    "middleware",
    "guard",
    "testing",
];

const MAX_LINES: usize = 400;

/// A module path (`["policy", "matcher"]`; the crate root is empty) and its file.
type Modules = BTreeMap<Vec<String>, PathBuf>;

fn modules() -> Modules {
    fn walk(dir: &Path, root: &Path, out: &mut Modules) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                walk(&path, root, out);
            } else if path.extension().is_some_and(|e| e == "rs") {
                let rel = path.strip_prefix(root).unwrap().with_extension("");
                let mut key: Vec<String> = rel
                    .components()
                    .map(|c| c.as_os_str().to_string_lossy().into_owned())
                    .collect();
                if matches!(key.last().map(String::as_str), Some("mod" | "lib")) {
                    key.pop();
                }
                out.insert(key, path);
            }
        }
    }
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut out = Modules::new();
    walk(&src, &src, &mut out);
    out
}

/// The text of a file without comments and `#[cfg(test)] mod … { … }` blocks.
fn code(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    let text: String = text
        .lines()
        .map(|line| line.split("//").next().unwrap_or_default())
        .collect::<Vec<_>>()
        .join("\n");
    let mut out = String::new();
    let mut rest = text.as_str();
    while let Some(at) = rest.find("#[cfg(test)]") {
        let after = &rest[at + "#[cfg(test)]".len()..];
        let is_mod = after.trim_start().starts_with("mod ");
        let Some(open) = after.find('{').filter(|_| is_mod) else {
            out.push_str(&rest[..at + "#[cfg(test)]".len()]);
            rest = after;
            continue;
        };
        out.push_str(&rest[..at]);
        let mut depth = 0usize;
        let mut end = after.len();
        for (i, c) in after[open..].char_indices() {
            match c {
                '{' => depth += 1,
                '}' => {
                    depth -= 1;
                    if depth == 0 {
                        end = open + i + 1;
                        break;
                    }
                }
                _ => {}
            }
        }
        rest = &after[end..];
    }
    out.push_str(rest);
    out
}

/// The module paths a file names: each `crate::`/`super::`/`self::` path, braces expanded.
fn named_paths(code: &str, here: &[String]) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    let bytes = code.as_bytes();
    for root in ["crate::", "super::", "self::"] {
        let mut from = 0;
        while let Some(found) = code[from..].find(root) {
            let at = from + found;
            from = at + root.len();
            if at > 0 && (bytes[at - 1].is_ascii_alphanumeric() || bytes[at - 1] == b'_') {
                continue;
            }
            let mut base: Vec<String> = match root {
                "crate::" => Vec::new(),
                "self::" => here.to_vec(),
                _ => here[..here.len().saturating_sub(1)].to_vec(),
            };
            // The rest of the path: words and `::` up to the end of the path or a brace group.
            let tail = &code[from..];
            let end = tail
                .find(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':' || c == '{'))
                .unwrap_or(tail.len());
            let path = &tail[..end];
            let (plain, group) = match path.find('{') {
                Some(brace) => {
                    let close = tail[brace..].find('}').map_or(tail.len(), |c| brace + c);
                    (&path[..brace], Some(&tail[brace + 1..close]))
                }
                None => (path, None),
            };
            for part in plain.split("::").filter(|p| !p.is_empty()) {
                if part == "super" {
                    base.pop();
                } else {
                    base.push(part.to_owned());
                }
            }
            out.push(base.clone());
            for item in group.into_iter().flat_map(|g| g.split([',', '{', '}'])) {
                let mut path = base.clone();
                path.extend(
                    item.split("::")
                        .map(str::trim)
                        .filter(|p| !p.is_empty() && *p != "self")
                        .map(str::to_owned),
                );
                out.push(path);
            }
        }
    }
    out
}

/// Each file and the other files it names.
fn graph() -> (Modules, BTreeMap<PathBuf, BTreeSet<PathBuf>>) {
    let modules = modules();
    let mut graph = BTreeMap::new();
    for (key, path) in &modules {
        let mut names = BTreeSet::new();
        for named in named_paths(&code(path), key) {
            let file = (0..=named.len())
                .rev()
                .find_map(|k| modules.get(&named[..k]));
            if let Some(file) = file.filter(|f| *f != path) {
                names.insert(file.clone());
            }
        }
        graph.insert(path.clone(), names);
    }
    (modules, graph)
}

fn layer(modules: &Modules, file: &Path) -> Option<usize> {
    let key = modules.iter().find(|(_, p)| *p == file)?.0;
    LAYERS
        .iter()
        .position(|l| key.first().map(String::as_str) == Some(*l))
}

#[test]
fn a_lower_layer_never_names_a_higher_one() {
    let (modules, graph) = graph();
    let mut wrong = Vec::new();
    for (file, names) in &graph {
        let Some(mine) = layer(&modules, file) else {
            continue;
        };
        for named in names {
            if layer(&modules, named).is_some_and(|theirs| theirs > mine) {
                wrong.push(format!("{} names {}", file.display(), named.display()));
            }
        }
    }
    assert!(wrong.is_empty(), "upward imports:\n{}", wrong.join("\n"));
    assert!(
        modules.len() > 50,
        "the scan found too few files: {}",
        modules.len()
    );
}

#[test]
fn no_two_files_import_each_other_in_a_cycle() {
    let (_, graph) = graph();
    // A depth-first search that reports the first cycle it closes.
    fn visit<'a>(
        at: &'a PathBuf,
        graph: &'a BTreeMap<PathBuf, BTreeSet<PathBuf>>,
        done: &mut BTreeSet<&'a PathBuf>,
        path: &mut Vec<&'a PathBuf>,
    ) -> Option<Vec<String>> {
        if let Some(start) = path.iter().position(|p| *p == at) {
            return Some(
                path[start..]
                    .iter()
                    .map(|p| p.display().to_string())
                    .collect(),
            );
        }
        if !done.insert(at) {
            return None;
        }
        path.push(at);
        for next in &graph[at] {
            if let Some(cycle) = visit(next, graph, done, path) {
                return Some(cycle);
            }
        }
        path.pop();
        None
    }
    let mut done = BTreeSet::new();
    for file in graph.keys() {
        let cycle = visit(file, &graph, &mut done, &mut Vec::new());
        assert!(
            cycle.is_none(),
            "import cycle: {}",
            cycle.unwrap().join(" -> ")
        );
    }
}

#[test]
fn no_source_file_is_over_400_lines() {
    let long: Vec<String> = modules()
        .values()
        .filter_map(|path| {
            let lines = std::fs::read_to_string(path).unwrap().lines().count();
            (lines > MAX_LINES).then(|| format!("{}: {lines} lines", path.display()))
        })
        .collect();
    assert!(long.is_empty(), "files over {MAX_LINES} lines: {long:?}");
}

#[test]
fn the_path_reader_resolves_relative_paths() {
    let here = ["policy".to_owned(), "matcher".to_owned()];
    let paths = named_paths(
        "use super::shapes::Shape; use crate::grammar::{host, origin::Origin};",
        &here,
    );
    let want = |p: &[&str]| paths.contains(&p.iter().map(|s| (*s).to_owned()).collect());
    assert!(want(&["policy", "shapes", "Shape"]), "{paths:?}");
    assert!(want(&["grammar", "host"]), "{paths:?}");
    assert!(want(&["grammar", "origin", "Origin"]), "{paths:?}");
}
