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
        return Err(StoreError::NoProgram {
            searched: dir,
            walked: false,
        });
    }
    for dir in cwd.ancestors() {
        if dir.join(PROGRAM_FILE).is_file() {
            return Ok(dir.to_path_buf());
        }
    }
    Err(StoreError::NoProgram {
        searched: cwd.to_path_buf(),
        walked: true,
    })
}
