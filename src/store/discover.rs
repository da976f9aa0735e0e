//! Finding the program root the way git finds its repository.

use std::path::{Path, PathBuf};

use super::StoreError;

pub const PROGRAM_FILE: &str = "program.toml";
pub const PROJECTS_DIR: &str = "projects";

/// `explicit` is `-C DIR` or `PM_PROGRAM`; without it, walk up from `cwd`.
pub fn find_root(explicit: Option<&Path>, cwd: &Path) -> Result<PathBuf, StoreError> {
    if let Some(dir) = explicit {
        let dir = cwd.join(dir);
        if dir.join(PROGRAM_FILE).is_file() {
            return Ok(dir);
        }
        not_a_file(&dir)?;
        return Err(StoreError::NoProgram {
            searched: dir,
            walked: false,
        });
    }
    for dir in cwd.ancestors() {
        if dir.join(PROGRAM_FILE).is_file() {
            return Ok(dir.to_path_buf());
        }
        not_a_file(dir)?;
    }
    Err(StoreError::NoProgram {
        searched: cwd.to_path_buf(),
        walked: true,
    })
}

/// A `program.toml` that is there but is no file (a folder, a dangling link) is a mistake to
/// name, not a reason to say there is no program.
fn not_a_file(dir: &Path) -> Result<(), StoreError> {
    let path = dir.join(PROGRAM_FILE);
    match std::fs::symlink_metadata(&path) {
        Ok(meta) => {
            let what = if meta.is_dir() {
                "a folder"
            } else if meta.file_type().is_symlink() {
                "a symbolic link to nothing readable"
            } else {
                "not a regular file"
            };
            Err(StoreError::NotAFile { path, what })
        }
        Err(_) => Ok(()),
    }
}
