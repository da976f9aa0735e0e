//! The history of the program folder as Git holds it: a walk back along the first-parent line
//! of a commit (`git log --first-parent --raw -M`), commit by commit, with the blob ids of every
//! program file each commit changed and the renames Git detects; and the blobs themselves, read
//! one at a time from one `git cat-file --batch` as the walk asks for them.
//!
//! The first-parent line is the branch's own story: where a pull request was merged, its merge
//! commit stands for everything it brought in, as `git log --first-parent` shows it. Both
//! processes are streamed, so a walk that finds what it looks for in the last few commits stops
//! there and never reads the rest of a long history.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, ChildStdout, Stdio};

use chrono::NaiveDate;

use super::GitError;
use super::command::git;

/// A commit as pm shows it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Commit {
    /// The full commit id.
    pub sha: String,
    /// The author date, in the author's time zone.
    pub date: NaiveDate,
    /// The author's name.
    pub author: String,
}

impl Commit {
    /// The abbreviated id, as `git log --oneline` shows it in a small repository.
    pub fn short(&self) -> &str {
        self.sha.get(..7).unwrap_or(&self.sha)
    }
}

/// One file a commit changed, as `git log --raw` lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileChange {
    /// `A` added, `M` modified, `D` deleted, `R` renamed (and maybe modified), `T` type changed.
    pub status: char,
    /// The blob before, or `None` for an added file.
    pub old: Option<String>,
    /// The blob after, or `None` for a deleted file.
    pub new: Option<String>,
    /// The path before (differs from `path` for a rename), from the top of the repository.
    pub from: String,
    /// The path after, from the top of the repository.
    pub path: String,
}

/// A streaming walk back from a commit along its first-parent line, over the commits that
/// changed something in one folder.
pub(super) struct Walk {
    child: Child,
    out: BufReader<ChildStdout>,
    /// The start of the next commit, read while finishing the one before.
    pending: Option<String>,
}

/// Marks the start of a commit in the log's output; no commit id, date or name holds it.
const COMMIT: char = '\u{1}';

impl Walk {
    /// Walks back from `start` (a full commit id) over the commits that touched `folder` (a
    /// path relative to `dir`, where git runs: `.` for all of it).
    pub(super) fn start(dir: &Path, start: &str, folder: &str) -> Result<Walk, GitError> {
        let mut child = git(dir)
            .args([
                "log",
                "--first-parent",
                "--diff-merges=first-parent",
                "--raw",
                "-z",
                "--no-abbrev",
                "-M",
                "--root",
                "--no-color",
                "--no-ext-diff",
                "--no-textconv",
                "--format=%x01%H%x00%as%x00%an%x00",
                "--end-of-options",
                start,
                "--",
                folder,
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(GitError::no_git)?;
        let Some(out) = child.stdout.take() else {
            return Err(GitError::failed("git log", b"no pipe from git"));
        };
        Ok(Walk {
            child,
            out: BufReader::new(out),
            pending: None,
        })
    }

    /// The next NUL-terminated field of the output, with the line breaks git puts between
    /// records left out; `None` at the end.
    fn field(&mut self) -> Result<Option<String>, GitError> {
        let mut buf = Vec::new();
        let n = self
            .out
            .read_until(0, &mut buf)
            .map_err(|e| GitError::failed("git log", e.to_string().as_bytes()))?;
        if n == 0 {
            return Ok(None);
        }
        if buf.last() == Some(&0) {
            buf.pop();
        }
        let text = String::from_utf8_lossy(&buf);
        Ok(Some(text.trim_start_matches('\n').to_owned()))
    }

    /// The next commit (newest first) with the program files it changed; `None` after the
    /// oldest.
    pub(super) fn next_commit(&mut self) -> Result<Option<(Commit, Vec<FileChange>)>, GitError> {
        let head = match self.pending.take() {
            Some(h) => h,
            None => loop {
                match self.field()? {
                    None => return Ok(None),
                    Some(f) if f.starts_with(COMMIT) => break f,
                    Some(_) => {}
                }
            },
        };
        let sha = head.trim_start_matches(COMMIT).to_owned();
        let date = self.field()?.unwrap_or_default();
        let author = self.field()?.unwrap_or_default();
        let commit = Commit {
            date: NaiveDate::parse_from_str(&date, "%Y-%m-%d").map_err(|_| {
                GitError::failed("git log", format!("unexpected date '{date}'").as_bytes())
            })?,
            sha,
            author,
        };
        let mut changes = Vec::new();
        while let Some(f) = self.field()? {
            if f.starts_with(COMMIT) {
                self.pending = Some(f);
                break;
            }
            // `:<mode> <mode> <old> <new> <status>`, then one path, or two for a rename or copy.
            let Some(raw) = f.strip_prefix(':') else {
                continue;
            };
            let parts: Vec<&str> = raw.split(' ').collect();
            let (Some(old), Some(new), Some(status)) = (parts.get(2), parts.get(3), parts.get(4))
            else {
                continue;
            };
            let status = status.chars().next().unwrap_or('M');
            let from = self.field()?.unwrap_or_default();
            let path = if matches!(status, 'R' | 'C') {
                self.field()?.unwrap_or_default()
            } else {
                from.clone()
            };
            let oid = |s: &str| (!s.bytes().all(|b| b == b'0')).then(|| s.to_owned());
            changes.push(FileChange {
                status,
                old: oid(old),
                new: oid(new),
                from,
                path,
            });
        }
        Ok(Some((commit, changes)))
    }
}

impl Drop for Walk {
    fn drop(&mut self) {
        // A walk that found what it wanted stops git rather than read the rest of the history.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// Blobs read one at a time, as a walk needs them, from one `git cat-file --batch`.
pub(super) struct Blobs {
    child: Child,
    input: Option<ChildStdin>,
    out: BufReader<ChildStdout>,
}

impl Blobs {
    pub(super) fn open(dir: &Path) -> Result<Blobs, GitError> {
        let mut child = git(dir)
            .args(["cat-file", "--batch"])
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .map_err(GitError::no_git)?;
        let (Some(input), Some(out)) = (child.stdin.take(), child.stdout.take()) else {
            return Err(GitError::failed("git cat-file", b"no pipes to git"));
        };
        Ok(Blobs {
            child,
            input: Some(input),
            out: BufReader::new(out),
        })
    }

    /// The contents of blob `oid`. One request at a time, answered in full before the next,
    /// so neither pipe fills while the other waits.
    pub(super) fn read(&mut self, oid: &str) -> Result<Vec<u8>, GitError> {
        let failed = |e: std::io::Error| GitError::failed("git cat-file", e.to_string().as_bytes());
        let input = self
            .input
            .as_mut()
            .ok_or_else(|| GitError::failed("git cat-file", b"closed"))?;
        input
            .write_all(format!("{oid}\n").as_bytes())
            .map_err(failed)?;
        input.flush().map_err(failed)?;
        let mut header = String::new();
        self.out.read_line(&mut header).map_err(failed)?;
        // `<oid> SP <type> SP <size> LF <contents> LF`, or `<oid> SP missing LF`.
        let mut fields = header.split_whitespace();
        let (_, kind, size) = (fields.next(), fields.next(), fields.next());
        let size = match (kind, size.and_then(|s| s.parse::<usize>().ok())) {
            (Some("blob"), Some(size)) => size,
            _ => {
                return Err(GitError::MissingObject {
                    rev: oid.to_owned(),
                    detail: header.trim().to_owned(),
                });
            }
        };
        let mut bytes = vec![0; size];
        self.out.read_exact(&mut bytes).map_err(failed)?;
        self.out.read_exact(&mut [0u8; 1]).map_err(failed)?;
        Ok(bytes)
    }
}

impl Drop for Blobs {
    fn drop(&mut self) {
        // Closing its input ends cat-file; waiting reaps it.
        drop(self.input.take());
        let _ = self.child.wait();
    }
}

/// The Git blob id of `bytes` (SHA-1 of `blob <len>\0<bytes>`): whether a file in the work tree
/// holds exactly what a commit holds, without asking git or reading the commit's copy.
pub(super) fn blob_id(bytes: &[u8]) -> String {
    let mut h = sha1_smol::Sha1::new();
    h.update(format!("blob {}\0", bytes.len()).as_bytes());
    h.update(bytes);
    h.digest().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blob_ids_are_gits() {
        // `printf 'hello\n' | git hash-object --stdin`
        assert_eq!(
            blob_id(b"hello\n"),
            "ce013625030ba8dba906f756967f9e9ca394464a"
        );
        assert_eq!(blob_id(b""), "e69de29bb2d1d6434b8b29ae775ad8c2e48c5391");
    }
}

/// One version of a file along the first-parent history.
#[derive(Debug, Clone)]
pub struct Version {
    pub commit: Commit,
    /// The file's path in that commit, from the top of the repository.
    pub path: String,
    /// Its blob id.
    pub blob: String,
    pub text: String,
}

/// The versions of one file, newest first, followed back through renames to the commit that
/// added it; `shallow` when the clone's history ends before that.
#[derive(Debug, Clone, Default)]
pub struct FileHistory {
    pub versions: Vec<Version>,
    pub shallow: bool,
}

impl super::Repo {
    /// The history of the program file at `rel` (relative to the program root) as commit
    /// `start` sees it along its first-parent line.
    pub fn file_history(&self, start: &str, rel: &str) -> Result<FileHistory, GitError> {
        let start = self.resolve(start)?;
        let shallow = self.shallow_commits()?;
        let mut walk = Walk::start(&self.program, &start, ".")?;
        let mut path = format!("{}{rel}", self.prefix);
        let mut found: Vec<(Commit, String, String)> = Vec::new();
        let mut history = FileHistory::default();
        while let Some((commit, changes)) = walk.next_commit()? {
            if shallow.contains(&commit.sha) {
                history.shallow = true;
                break;
            }
            let Some(change) = changes.into_iter().find(|c| c.path == path) else {
                continue;
            };
            let Some(new) = change.new else {
                continue;
            };
            found.push((commit, change.path.clone(), new));
            if change.old.is_none() {
                break;
            }
            path = change.from;
        }
        drop(walk);
        let mut blobs = Blobs::open(&self.program)?;
        for (commit, path, blob) in found {
            let bytes = blobs.read(&blob)?;
            history.versions.push(Version {
                commit,
                path,
                blob,
                text: String::from_utf8_lossy(&bytes).into_owned(),
            });
        }
        Ok(history)
    }
}
