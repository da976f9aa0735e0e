//! The program as Git holds it: the repository around a program folder, a revision resolved to
//! its commit, and the program's files at that commit as a [`Tree`] that loads and checks like
//! the work tree.
//!
//! pm runs the `git` command rather than linking a Git library (the README says why): one
//! `ls-tree` lists the program's files at a commit and one `cat-file --batch` process streams
//! their contents, reading Git's objects only, never the work tree or the index. A revision is
//! data: one that starts with `-` is refused and the rest follow `--end-of-options`, and
//! [`command`] makes sure git runs no pager, hook, fsmonitor, filter or fetch on pm's behalf.

mod baseline;
mod command;
mod history;
mod objects;
mod setup;

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

pub use baseline::{Baseline, BaselineState, Baselines};
pub use history::{Commit, FileChange, FileHistory, Version};
pub use setup::{DRIVER, DRIVER_COMMAND, merge_file};

use crate::store::{self, LoadedPortfolio, PORTFOLIO_FILE, Tree};
use command::{git, output, text};

#[derive(Debug, thiserror::Error)]
pub enum GitError {
    #[error(
        "cannot run git ({0}); comparing with a revision reads it with the git command: install Git"
    )]
    NoGit(std::io::Error),
    #[error(
        "{} is not in a Git repository, so there is no revision to compare with; run pm in a clone of the repository that holds the program",
        .0.display()
    )]
    NoRepository(PathBuf),
    #[error(
        "'{0}' is not a revision: a revision cannot start with '-' (pm takes it as a name, never as an option)"
    )]
    NotARevision(String),
    #[error("{}", unknown_revision(.rev, *.shallow))]
    UnknownRevision { rev: String, shallow: bool },
    #[error("{what} failed: {message}")]
    Failed { what: String, message: String },
    #[error(
        "{path} at {rev} is a symbolic link; pm reads a revision from Git's objects and does not follow links. Keep program.toml itself in the program folder"
    )]
    ProgramIsLink { path: String, rev: String },
    #[error(
        "the files of {rev} are not all in this clone ({detail}); a partial clone needs them fetched: clone without --filter, or fetch the commit in full"
    )]
    MissingObject { rev: String, detail: String },
}

fn unknown_revision(rev: &str, shallow: bool) -> String {
    if shallow {
        format!(
            "'{rev}' is not in this clone: it is shallow (made with --depth) and does not hold that commit. \
             Fetch it: `git fetch --depth=1 origin BRANCH` for the tip of a branch (then name it origin/BRANCH), \
             or `git fetch --unshallow` for the whole history; in GitHub Actions, check out with `fetch-depth: 0`"
        )
    } else {
        format!(
            "unknown revision '{rev}': no branch, tag or commit of that name in this repository. \
             If it is a branch of the remote, fetch it (`git fetch origin BRANCH`) and name it origin/BRANCH"
        )
    }
}

impl GitError {
    fn no_git(e: std::io::Error) -> GitError {
        GitError::NoGit(e)
    }

    fn failed(what: &str, stderr: &[u8]) -> GitError {
        let message = String::from_utf8_lossy(stderr).trim().replace('\n', "; ");
        GitError::Failed {
            what: what.to_owned(),
            message: if message.is_empty() {
                "git gave no reason".to_owned()
            } else {
                message
            },
        }
    }
}

/// The Git work tree that holds a program folder.
#[derive(Debug, Clone)]
pub struct Repo {
    /// The program folder pm was given.
    program: PathBuf,
    /// The top level of the work tree.
    top: PathBuf,
    /// The program folder relative to the top level, `/`-separated, ending in `/` unless empty.
    prefix: String,
}

impl Repo {
    /// The repository whose work tree holds `program` (the program root); `Ok(None)` when the
    /// folder is not in a Git work tree. Errors are git failing for another reason (not
    /// installed, a repository it refuses to read).
    pub fn discover(program: &Path) -> Result<Option<Repo>, GitError> {
        let out = output(git(program).args(["rev-parse", "--show-toplevel", "--show-prefix"]))?;
        if !out.status.success() {
            let stderr = String::from_utf8_lossy(&out.stderr);
            if stderr.contains("not a git repository") || stderr.contains("not a work tree") {
                return Ok(None);
            }
            return Err(GitError::failed("git rev-parse", &out.stderr));
        }
        let stdout = String::from_utf8_lossy(&out.stdout);
        let mut lines = stdout.lines();
        let top = PathBuf::from(lines.next().unwrap_or_default());
        let prefix = lines.next().unwrap_or_default().to_owned();
        Ok(Some(Repo {
            program: program.to_path_buf(),
            top,
            prefix,
        }))
    }

    /// Like [`Repo::discover`], but outside a work tree is an error that says so.
    pub fn require(program: &Path) -> Result<Repo, GitError> {
        Repo::discover(program)?.ok_or_else(|| GitError::NoRepository(program.to_path_buf()))
    }

    pub fn top(&self) -> &Path {
        &self.top
    }

    /// The program folder relative to the top level: `""` at the root, else `programs/moon/`.
    pub fn prefix(&self) -> &str {
        &self.prefix
    }

    /// The full commit id that `rev` names.
    pub fn resolve(&self, rev: &str) -> Result<String, GitError> {
        if rev.starts_with('-') || rev.is_empty() {
            return Err(GitError::NotARevision(rev.to_owned()));
        }
        let out = output(git(&self.program).args([
            "rev-parse",
            "--verify",
            "--quiet",
            "--end-of-options",
            &format!("{rev}^{{commit}}"),
        ]))?;
        let sha = String::from_utf8_lossy(&out.stdout).trim().to_owned();
        if out.status.success() && !sha.is_empty() {
            return Ok(sha);
        }
        let shallow = text(
            git(&self.program).args(["rev-parse", "--is-shallow-repository"]),
            "git rev-parse --is-shallow-repository",
        )?;
        Err(GitError::UnknownRevision {
            rev: rev.to_owned(),
            shallow: shallow == "true",
        })
    }

    /// The program folder as it is in commit `sha` (from [`Repo::resolve`]), or `None` when
    /// the commit has no program.toml there.
    pub fn program_at(&self, sha: &str) -> Result<Option<Tree>, GitError> {
        let Some(mut tree) = objects::program_at(&self.program, &self.prefix, sha)? else {
            return Ok(None);
        };
        // A program of a portfolio shares the pool of its portfolio.toml at the same commit.
        if let Some(rel) = store::portfolio_above(&self.program)
            && let Some(dir) = store::lexical(&self.program.join(&rel))
                .parent()
                .map(Path::to_path_buf)
            && let Some(repo) = Repo::discover(&dir)?
            && repo.top == self.top
        {
            let path = format!("{}{PORTFOLIO_FILE}", repo.prefix);
            if let Some(entry) = objects::entry_at(&self.program, sha, &path)?
                && !entry.link
            {
                tree.set_text(&rel, objects::blob(&self.program, sha, &entry)?);
                tree = tree.with_portfolio(Some(rel));
            }
        }
        Ok(Some(tree))
    }

    /// The portfolio in this folder as it is at commit `sha`: its portfolio.toml and each
    /// program it lists there (a program folder that is a link at `sha` is read where the link
    /// points, inside the repository). `None` when the folder has no portfolio.toml at `sha`.
    pub fn portfolio_at(&self, sha: &str) -> Result<Option<LoadedPortfolio>, GitError> {
        let path = format!("{}{PORTFOLIO_FILE}", self.prefix);
        let Some(entry) = objects::entry_at(&self.program, sha, &path)? else {
            return Ok(None);
        };
        let text = if entry.link {
            Vec::new()
        } else {
            objects::blob(&self.program, sha, &entry)?
        };
        let top = Tree::in_memory([(PORTFOLIO_FILE, text.as_slice())]);
        let mut failed: Option<GitError> = None;
        let mut member = |folder: &str| -> Option<Tree> {
            if failed.is_some() {
                return None;
            }
            match self.member_at(sha, folder) {
                Ok(tree) => tree,
                Err(e) => {
                    failed = Some(e);
                    None
                }
            }
        };
        let loaded = store::load_portfolio_from(&self.program, &top, &mut member);
        if let Some(e) = failed {
            return Err(e);
        }
        loaded.map(Some).map_err(|e| GitError::Failed {
            what: format!("reading the portfolio at {sha}"),
            message: e.to_string(),
        })
    }

    /// The program in `folder` (below this folder) at `sha`, read as a program of a portfolio.
    fn member_at(&self, sha: &str, folder: &str) -> Result<Option<Tree>, GitError> {
        let at = format!("{}{}", self.prefix, folder.trim_end_matches('/'));
        let prefix = match objects::entry_at(&self.program, sha, &at)? {
            Some(link) if link.link => {
                let target = objects::blob(&self.program, sha, &link)?;
                let target = String::from_utf8_lossy(&target).trim().to_owned();
                let parent = Path::new(&at).parent().unwrap_or(Path::new(""));
                let resolved = store::lexical(&parent.join(target));
                let resolved = resolved.to_string_lossy().replace('\\', "/");
                if resolved.starts_with("..") || Path::new(&resolved).is_absolute() {
                    return Ok(None);
                }
                format!("{resolved}/")
            }
            _ => format!("{at}/"),
        };
        objects::program_at(&self.program, &prefix, sha)
    }

    /// The blob id of every file of the program folder at commit `sha`, by its path from the
    /// top of the repository.
    fn blobs_at(&self, sha: &str) -> Result<HashMap<String, String>, GitError> {
        Ok(objects::list(&self.program, &self.prefix, sha)?
            .into_iter()
            .filter(|e| !e.link)
            .map(|e| (format!("{}{}", self.prefix, e.rel), e.oid))
            .collect())
    }

    /// The commits a shallow clone holds without their parents (empty in a full clone): Git
    /// shows each as if it added every file.
    fn shallow_commits(&self) -> Result<HashSet<String>, GitError> {
        let shallow = text(
            git(&self.program).args(["rev-parse", "--is-shallow-repository"]),
            "git rev-parse --is-shallow-repository",
        )?;
        if shallow != "true" {
            return Ok(HashSet::new());
        }
        let file = text(
            git(&self.program).args(["rev-parse", "--git-path", "shallow"]),
            "git rev-parse --git-path shallow",
        )?;
        let list = std::fs::read_to_string(self.program.join(file)).map_err(|e| {
            GitError::failed(
                "reading the list of shallow commits",
                e.to_string().as_bytes(),
            )
        })?;
        Ok(list.lines().map(|l| l.trim().to_owned()).collect())
    }
}
