//! The house rules of docs/architecture.md, checked from the source text: each module imports
//! only the modules below it, and no two files import each other.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The modules of `src/`, bottom first. A module may import only modules listed before it.
const LAYERS: &[&str] = &[
    "diagnostic",
    "model",
    "store",
    "merge",
    "git",
    "load",
    "plan",
    "check",
    "report",
    "render",
    "interchange",
    "complete",
    "cli",
    "edit",
    "lsp",
    "commands",
    "lib",
    "main",
];

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read src") {
        let path = entry.expect("entry").path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// `src/store/decode/reader.rs` → `["store", "decode", "reader"]`; `mod.rs` names its folder.
fn module_path(file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src()).expect("under src");
    let mut parts: Vec<String> = rel
        .with_extension("")
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts
}

/// The code of a file without comments and string literals, so a path in a doc comment or a
/// message does not count as an import.
fn code(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let line = match line.find("//") {
            Some(i) => &line[..i],
            None => line,
        };
        let mut in_str = false;
        let mut prev = ' ';
        for c in line.chars() {
            if c == '"' && prev != '\\' {
                in_str = !in_str;
            } else if !in_str {
                out.push(c);
            }
            prev = c;
        }
        out.push('\n');
    }
    out
}

/// The module paths a file refers to: `crate::a::b::…` and `super::…`, with `{a, b}` groups
/// opened, as far as they name modules that exist.
fn references(file: &Path, modules: &BTreeSet<Vec<String>>) -> BTreeSet<Vec<String>> {
    let text = code(&std::fs::read_to_string(file).expect("read file"));
    let here = module_path(file);
    let mut out = BTreeSet::new();
    let words: Vec<&str> = text
        .split(|c: char| !(c.is_alphanumeric() || c == '_' || c == ':' || c == '{' || c == ','))
        .collect();
    for word in words {
        let (mut base, rest) = if let Some(rest) = word.strip_prefix("crate::") {
            (Vec::new(), rest)
        } else if let Some(rest) = word.strip_prefix("super::") {
            // `here` of a mod.rs names its folder, so for every file one step up is `super`.
            let mut b = here.clone();
            b.pop();
            (b, rest)
        } else {
            continue;
        };
        let first = rest.split([':', '{', ',']).next().unwrap_or_default();
        let mut candidates = vec![first.to_owned()];
        if let Some(group) = rest.split_once('{') {
            candidates.extend(group.1.split(',').map(|s| s.trim().to_owned()));
            candidates.retain(|c| !c.is_empty());
        }
        let prefix_len = base.len();
        for c in candidates {
            base.truncate(prefix_len);
            if rest.starts_with('{') || c == first {
                base.push(c);
            } else {
                base.push(first.to_owned());
                base.push(c);
            }
            // The longest prefix that is a module.
            let mut p = base.clone();
            while !p.is_empty() && !modules.contains(&p) {
                p.pop();
            }
            if !p.is_empty() && p != here {
                out.insert(p);
            }
        }
    }
    out
}

fn all() -> (Vec<PathBuf>, BTreeSet<Vec<String>>) {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    files.sort();
    let modules = files.iter().map(|f| module_path(f)).collect();
    (files, modules)
}

fn layer(top: &str) -> usize {
    LAYERS
        .iter()
        .position(|l| *l == top)
        .unwrap_or_else(|| panic!("src/{top} is not in LAYERS of tests/architecture.rs; place it"))
}

#[test]
fn every_module_imports_only_modules_below_it() {
    let (files, modules) = all();
    let mut wrong = Vec::new();
    for file in &files {
        let here = module_path(file);
        let top = here.first().map_or("lib", String::as_str);
        // Tests inside a module may reach anything.
        if here.last().is_some_and(|m| m == "tests") {
            continue;
        }
        for target in references(file, &modules) {
            let to = target[0].as_str();
            if to != top && layer(to) >= layer(top) {
                wrong.push(format!(
                    "{} imports {} (src/{to} is not below src/{top})",
                    file.strip_prefix(src()).unwrap_or(file).display(),
                    target.join("::")
                ));
            }
        }
    }
    assert!(
        wrong.is_empty(),
        "imports against the layers:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn no_two_files_import_each_other() {
    let (files, modules) = all();
    let mut edges: BTreeMap<Vec<String>, BTreeSet<Vec<String>>> = BTreeMap::new();
    for file in &files {
        edges.insert(module_path(file), references(file, &modules));
    }
    let mut circles = Vec::new();
    for (a, targets) in &edges {
        for b in targets {
            // A folder's mod.rs and the files it declares share its vocabulary by design.
            let parent_child = b.starts_with(a) || a.starts_with(b);
            if a < b && !parent_child && edges.get(b).is_some_and(|t| t.contains(a)) {
                circles.push(format!("{} <-> {}", a.join("::"), b.join("::")));
            }
        }
    }
    assert!(
        circles.is_empty(),
        "files that import each other:\n{}",
        circles.join("\n")
    );
}

#[test]
fn the_checker_sees_a_known_import() {
    // Guards the checker itself: edit/work_move.rs does import edit/work.rs.
    let (_, modules) = all();
    let refs = references(&src().join("edit/work_move.rs"), &modules);
    assert!(
        refs.contains(&vec!["edit".to_owned(), "work".to_owned()]),
        "{refs:?}"
    );
    assert!(refs.contains(&vec!["store".to_owned()]) || refs.iter().any(|r| r[0] == "store"));
}
