//! Running `git` so that nothing from the repository's configuration runs with it: no pager, no
//! hook, no fsmonitor daemon, no filter or textconv (pm never asks for them), no network, and
//! every argument pm passes taken as data.

use std::path::Path;
use std::process::{Command, Output, Stdio};

use super::GitError;

/// `git` in `dir`, configured to run nothing but itself.
pub(super) fn git(dir: &Path) -> Command {
    let mut cmd = Command::new("git");
    cmd.current_dir(dir)
        .arg("--no-pager")
        // The repository's configuration is data pm did not write; these keys would make git
        // start another program.
        .args(["-c", "core.fsmonitor=false"])
        .args(["-c", "core.hooksPath=/dev/null"])
        .args(["-c", "core.pager=cat"])
        // Reading objects never needs the network; a partial clone's missing object is an error
        // that says what to fetch, not a fetch with the repository's credential helper.
        .args(["-c", "protocol.allow=never"])
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_NO_LAZY_FETCH", "1")
        .env("GIT_TERMINAL_PROMPT", "0")
        .env("GIT_OPTIONAL_LOCKS", "0")
        // Paths pm passes are names, not patterns.
        .env("GIT_LITERAL_PATHSPECS", "1")
        .env("GIT_PAGER", "cat")
        // git's messages are shown to the user and matched here in English.
        .env("LC_ALL", "C")
        .env("LANGUAGE", "C");
    // The repository is the one that holds the program folder, whatever a surrounding git (a
    // hook running pm) says.
    for var in [
        "GIT_DIR",
        "GIT_WORK_TREE",
        "GIT_INDEX_FILE",
        "GIT_PREFIX",
        "GIT_COMMON_DIR",
        "GIT_OBJECT_DIRECTORY",
        "GIT_ALTERNATE_OBJECT_DIRECTORIES",
        "GIT_EXTERNAL_DIFF",
    ] {
        cmd.env_remove(var);
    }
    cmd.stdin(Stdio::null());
    cmd
}

/// Runs `cmd` to the end and returns its output; a git that cannot be started is
/// [`GitError::NoGit`].
pub(super) fn output(cmd: &mut Command) -> Result<Output, GitError> {
    cmd.stdout(Stdio::piped()).stderr(Stdio::piped());
    cmd.output().map_err(GitError::no_git)
}

/// stdout of a command that must succeed, as text without its final newline.
pub(super) fn text(cmd: &mut Command, what: &str) -> Result<String, GitError> {
    let out = output(cmd)?;
    if !out.status.success() {
        return Err(GitError::failed(what, &out.stderr));
    }
    let mut s = String::from_utf8_lossy(&out.stdout).into_owned();
    if s.ends_with('\n') {
        s.pop();
    }
    Ok(s)
}
