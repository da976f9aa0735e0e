//! Finding the program root the way git finds its repository, and the portfolio a program is
//! part of.

use std::path::{Component, Path, PathBuf};

use super::StoreError;

pub const PROGRAM_FILE: &str = "program.toml";
pub const PROJECTS_DIR: &str = "projects";
pub const PORTFOLIO_FILE: &str = "portfolio.toml";

/// What `-C DIR`, `PM_PROGRAM` or the walk up from the current folder found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Root {
    /// A folder holding program.toml.
    Program(PathBuf),
    /// A folder holding portfolio.toml, with programs in folders below it.
    Portfolio(PathBuf),
}

/// `explicit` is `-C DIR` or `PM_PROGRAM`; without it, walk up from `cwd` to the first folder
/// holding program.toml or portfolio.toml.
pub fn find(explicit: Option<&Path>, cwd: &Path) -> Result<Root, StoreError> {
    if let Some(dir) = explicit {
        let dir = lexical(&cwd.join(dir));
        if let Some(root) = here(&dir)? {
            return Ok(root);
        }
        return Err(StoreError::NoProgram {
            searched: dir,
            walked: false,
        });
    }
    for dir in cwd.ancestors() {
        if let Some(root) = here(dir)? {
            return Ok(root);
        }
    }
    Err(StoreError::NoProgram {
        searched: cwd.to_path_buf(),
        walked: true,
    })
}

/// The program root: as [`find`], but a portfolio is an error naming its programs, for the
/// commands that work on one program.
pub fn find_root(explicit: Option<&Path>, cwd: &Path) -> Result<PathBuf, StoreError> {
    match find(explicit, cwd)? {
        Root::Program(dir) => Ok(dir),
        Root::Portfolio(dir) => Err(StoreError::Portfolio {
            programs: listed_programs(&dir).unwrap_or_default(),
            path: dir,
        }),
    }
}

/// The root `dir` is, if it is one.
fn here(dir: &Path) -> Result<Option<Root>, StoreError> {
    let program = dir.join(PROGRAM_FILE).is_file();
    let portfolio = dir.join(PORTFOLIO_FILE).is_file();
    match (program, portfolio) {
        (true, true) => Err(StoreError::Both {
            path: dir.to_path_buf(),
        }),
        (true, false) => Ok(Some(Root::Program(dir.to_path_buf()))),
        (false, true) => Ok(Some(Root::Portfolio(dir.to_path_buf()))),
        (false, false) => {
            not_a_file(dir, PROGRAM_FILE)?;
            not_a_file(dir, PORTFOLIO_FILE)?;
            Ok(None)
        }
    }
}

/// A `program.toml` that is there but is no file (a folder, a dangling link) is a mistake to
/// name, not a reason to say there is no program.
fn not_a_file(dir: &Path, name: &str) -> Result<(), StoreError> {
    let path = dir.join(name);
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

/// `a/./b/../c` as `a/c`, without asking the file system: a program reached through a link
/// is part of the portfolio the path names, as `-C` was typed.
pub fn lexical(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            Component::CurDir => {}
            Component::ParentDir => {
                if !out.pop() {
                    out.push("..");
                }
            }
            other => out.push(other.as_os_str()),
        }
    }
    out
}

/// The portfolio the program at `root` is part of: the nearest folder above it holding
/// portfolio.toml, when that file lists the program's folder (or cannot be read, so that
/// `pm check` reports why). The path of portfolio.toml relative to `root` (`../portfolio.toml`).
pub fn portfolio_above(root: &Path) -> Option<String> {
    let root = lexical(root);
    let mut up = String::new();
    for dir in root.ancestors().skip(1) {
        up.push_str("../");
        if !dir.join(PORTFOLIO_FILE).is_file() {
            continue;
        }
        let below = root.strip_prefix(dir).ok()?;
        let folder = below
            .components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/");
        let listed = match listed_programs(dir) {
            Some(programs) => programs.iter().any(|p| p.trim_end_matches('/') == folder),
            None => true,
        };
        return listed.then(|| format!("{up}{PORTFOLIO_FILE}"));
    }
    None
}

/// The `programs` of the portfolio.toml in `dir`, as written; `None` when it cannot be read.
pub fn listed_programs(dir: &Path) -> Option<Vec<String>> {
    let text = std::fs::read_to_string(dir.join(PORTFOLIO_FILE)).ok()?;
    let (portfolio, _) = super::decode_portfolio(crate::model::FileId(0), &text);
    Some(portfolio?.programs.into_iter().map(|p| p.value).collect())
}

/// The program folders of the portfolio in `dir` that hold a program.toml: each as listed
/// (without a trailing `/`) and its path.
pub fn program_folders(dir: &Path) -> Vec<(String, PathBuf)> {
    listed_programs(dir)
        .unwrap_or_default()
        .into_iter()
        .map(|f| {
            let folder = f.trim_end_matches('/').to_owned();
            let root = dir.join(&folder);
            (folder, root)
        })
        .filter(|(_, root)| root.join(PROGRAM_FILE).is_file())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_normalised_as_written() {
        assert_eq!(lexical(Path::new("/a/./b/../c")), PathBuf::from("/a/c"));
        assert_eq!(lexical(Path::new("a/../../b")), PathBuf::from("../b"));
    }
}
