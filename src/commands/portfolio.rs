//! What the commands share about portfolios: finding the program `--only` names, and saying
//! a path the way the user would type it.

use std::path::{Component, Path, PathBuf};

use anyhow::{Result, bail};

use crate::model::FileId;
use crate::store::{self, did_you_mean};

/// The folder of the program with id (or folder) `id` in the portfolio at `dir`.
pub fn member_dir(dir: &Path, id: &str) -> Result<PathBuf> {
    let mut known = Vec::new();
    for folder in store::listed_programs(dir).unwrap_or_default() {
        let folder = folder.trim_end_matches('/').to_owned();
        let root = dir.join(&folder);
        let program_id = std::fs::read_to_string(root.join(store::PROGRAM_FILE))
            .ok()
            .and_then(|text| store::decode_program(FileId(0), &text).0)
            .map(|p| p.id.value)
            .filter(|id| !id.is_empty());
        let name = program_id.unwrap_or_else(|| folder.clone());
        if name == id || folder == id {
            return Ok(root);
        }
        known.push(name);
    }
    let hint = match did_you_mean(id, known.iter().map(String::as_str)) {
        Some(s) => format!(" — did you mean '{s}'?"),
        None if known.is_empty() => "; it lists no program that pm can read".to_owned(),
        None => format!("; its programs are: {}", known.join(", ")),
    };
    bail!(
        "the portfolio {} has no program '{id}'{hint}",
        dir.display()
    )
}

/// `to` relative to `from` (both absolute), with `..` where needed: `..` for the folder above.
pub fn relative(from: &Path, to: &Path) -> String {
    let from = store::lexical(from);
    let to = store::lexical(to);
    let a: Vec<Component> = from.components().collect();
    let b: Vec<Component> = to.components().collect();
    let common = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    if common == 0 {
        return to.display().to_string();
    }
    let mut parts: Vec<String> = vec!["..".to_owned(); a.len() - common];
    parts.extend(
        b[common..]
            .iter()
            .map(|c| c.as_os_str().to_string_lossy().into_owned()),
    );
    if parts.is_empty() {
        ".".to_owned()
    } else {
        parts.join("/")
    }
}

#[cfg(test)]
mod tests {
    use super::relative;
    use std::path::Path;

    #[test]
    fn paths_from_here() {
        assert_eq!(relative(Path::new("/a/b"), Path::new("/a/b/c")), "c");
        assert_eq!(relative(Path::new("/a/b/c"), Path::new("/a/b")), "..");
        assert_eq!(relative(Path::new("/a/b"), Path::new("/a/b")), ".");
        assert_eq!(relative(Path::new("/a/x"), Path::new("/a/y/z")), "../y/z");
    }
}
