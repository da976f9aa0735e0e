//! What `pm git setup` and `pm merge-driver` ask of Git: the repository-local configuration of
//! the merge driver, and Git's own line merge for a file pm cannot merge item by item.

use std::path::Path;

use super::command::{git, output, text};
use super::{GitError, Repo};

/// The name of the driver in `.gitattributes` (`merge=pm`) and in `git config` (`merge.pm.*`).
pub const DRIVER: &str = "pm";

/// The command Git runs for a file whose attributes say `merge=pm`: the base, ours (where the
/// result goes), theirs and the file's path.
pub const DRIVER_COMMAND: &str = "pm merge-driver %O %A %B %P";

impl Repo {
    /// `git config --local KEY VALUE` in the repository.
    pub fn set_config(&self, key: &str, value: &str) -> Result<(), GitError> {
        text(
            git(&self.program).args(["config", "--local", "--end-of-options", key, value]),
            "git config",
        )
        .map(drop)
    }

    /// The repository-local value of `key`, if set.
    pub fn config(&self, key: &str) -> Result<Option<String>, GitError> {
        let out = output(git(&self.program).args([
            "config",
            "--local",
            "--get",
            "--end-of-options",
            key,
        ]))?;
        Ok(out
            .status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned()))
    }
}

/// Git's line merge of `ours` with `theirs` from `base` (`git merge-file`), written into
/// `ours`; whether it was clean. It runs in `dir`, needs no repository and reads nothing of one.
pub fn merge_file(dir: &Path, base: &Path, ours: &Path, theirs: &Path) -> Result<bool, GitError> {
    let out = output(
        git(dir)
            .args([
                "merge-file",
                "-L",
                "ours",
                "-L",
                "base",
                "-L",
                "theirs",
                "--",
            ])
            .arg(ours)
            .arg(base)
            .arg(theirs),
    )?;
    match out.status.code() {
        Some(0) => Ok(true),
        // The number of conflicts; a negative status (above 127 here) is a failure.
        Some(n) if (1..=127).contains(&n) => Ok(false),
        _ => Err(GitError::failed("git merge-file", &out.stderr)),
    }
}
