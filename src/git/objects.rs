//! The program's files at a commit, read from Git's objects: `ls-tree` names them, one
//! `cat-file --batch` process streams their contents.

use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::Stdio;

use super::GitError;
use super::command::{git, output};
use crate::store::{PROGRAM_FILE, PROJECTS_DIR, Tree};

/// One entry of `git ls-tree`: a file of the program at the commit.
pub(super) struct Entry {
    /// Relative to the program folder.
    pub(super) rel: String,
    pub(super) oid: String,
    pub(super) link: bool,
}

pub(super) fn program_at(
    program: &Path,
    prefix: &str,
    sha: &str,
) -> Result<Option<Tree>, GitError> {
    let entries = list(program, prefix, sha)?;
    let Some(top) = entries.iter().find(|e| e.rel == PROGRAM_FILE) else {
        return Ok(None);
    };
    if top.link {
        return Err(GitError::ProgramIsLink {
            path: format!("{prefix}{PROGRAM_FILE}"),
            rev: sha.to_owned(),
        });
    }
    let files: Vec<&Entry> = entries.iter().filter(|e| !e.link).collect();
    let texts = read_blobs(program, sha, &files)?;
    let mut tree = Tree::in_memory(
        files
            .iter()
            .zip(&texts)
            .map(|(e, text)| (e.rel.as_str(), text.as_slice())),
    );
    // A link is reported as on disk (a warning, not followed), so it is no new finding.
    for e in entries.iter().filter(|e| e.link) {
        tree.set_link(&e.rel);
    }
    Ok(Some(tree))
}

/// program.toml and every file under projects/ at `sha`.
pub(super) fn list(program: &Path, prefix: &str, sha: &str) -> Result<Vec<Entry>, GitError> {
    let out = output(
        git(program)
            .args([
                "ls-tree",
                "-r",
                "-z",
                "--full-tree",
                "--end-of-options",
                sha,
                "--",
            ])
            .arg(format!("{prefix}{PROGRAM_FILE}"))
            .arg(format!("{prefix}{PROJECTS_DIR}")),
    )?;
    if !out.status.success() {
        return Err(GitError::failed("git ls-tree", &out.stderr));
    }
    let mut entries = Vec::new();
    for record in out.stdout.split(|&b| b == 0).filter(|r| !r.is_empty()) {
        // `<mode> SP <type> SP <object> TAB <path>`
        let Some(tab) = record.iter().position(|&b| b == b'\t') else {
            continue;
        };
        let head = String::from_utf8_lossy(&record[..tab]);
        let path = String::from_utf8_lossy(&record[tab + 1..]);
        let mut fields = head.split(' ');
        let (Some(mode), Some(kind), Some(oid)) = (fields.next(), fields.next(), fields.next())
        else {
            continue;
        };
        // Submodules (`commit`) hold no program files.
        if kind != "blob" {
            continue;
        }
        let Some(rel) = path.strip_prefix(prefix) else {
            continue;
        };
        entries.push(Entry {
            rel: rel.to_owned(),
            oid: oid.to_owned(),
            link: mode == "120000",
        });
    }
    Ok(entries)
}

/// The contents of `files`, in order, from one `git cat-file --batch`.
fn read_blobs(program: &Path, sha: &str, files: &[&Entry]) -> Result<Vec<Vec<u8>>, GitError> {
    let mut child = git(program)
        .args(["cat-file", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(GitError::no_git)?;
    let (Some(mut stdin), Some(stdout)) = (child.stdin.take(), child.stdout.take()) else {
        return Err(GitError::failed("git cat-file", b"no pipes to git"));
    };
    let request: String = files.iter().map(|e| format!("{}\n", e.oid)).collect();
    // Git answers while it reads, so the requests go in from another thread: written all at
    // once, a full pipe each way would stop both processes.
    let (read, written) = std::thread::scope(|scope| {
        let writer = scope.spawn(move || {
            let written = stdin.write_all(request.as_bytes());
            drop(stdin);
            written
        });
        let read = read_answers(BufReader::new(stdout), files, sha);
        if read.is_err() {
            // The writer may wait on a git that waits on us: end git so both stop.
            let _ = child.kill();
        }
        (read, writer.join())
    });
    let status = child.wait().map_err(GitError::no_git)?;
    let texts = read?;
    let mut stderr = Vec::new();
    if let Some(mut e) = child.stderr.take() {
        let _ = e.read_to_end(&mut stderr);
    }
    if !matches!(written, Ok(Ok(()))) || !status.success() {
        return Err(GitError::failed("git cat-file", &stderr));
    }
    Ok(texts)
}

fn read_answers(
    mut out: impl BufRead,
    files: &[&Entry],
    sha: &str,
) -> Result<Vec<Vec<u8>>, GitError> {
    let mut texts = Vec::with_capacity(files.len());
    let mut header = String::new();
    for e in files {
        header.clear();
        out.read_line(&mut header)
            .map_err(|err| GitError::failed("git cat-file", err.to_string().as_bytes()))?;
        // `<oid> SP <type> SP <size> LF <contents> LF`, or `<oid> SP missing LF`.
        let mut fields = header.split_whitespace();
        let (_, kind, size) = (fields.next(), fields.next(), fields.next());
        let size = match (kind, size.and_then(|s| s.parse::<usize>().ok())) {
            (Some("blob"), Some(size)) => size,
            _ => {
                return Err(GitError::MissingObject {
                    rev: sha.to_owned(),
                    detail: format!("{}: {}", e.rel, header.trim()),
                });
            }
        };
        let mut text = vec![0; size];
        out.read_exact(&mut text)
            .and_then(|()| out.read_exact(&mut [0u8; 1]))
            .map_err(|err| GitError::failed("git cat-file", err.to_string().as_bytes()))?;
        texts.push(text);
    }
    Ok(texts)
}

/// The entry of the one path `path` (from the top of the repository) at `sha`, if it is a
/// file or a link there.
pub(super) fn entry_at(program: &Path, sha: &str, path: &str) -> Result<Option<Entry>, GitError> {
    let out = output(
        git(program)
            .args([
                "ls-tree",
                "-z",
                "--full-tree",
                "--end-of-options",
                sha,
                "--",
            ])
            .arg(path),
    )?;
    if !out.status.success() {
        return Err(GitError::failed("git ls-tree", &out.stderr));
    }
    let record = out.stdout.split(|&b| b == 0).find(|r| !r.is_empty());
    let Some(record) = record else {
        return Ok(None);
    };
    let Some(tab) = record.iter().position(|&b| b == b'\t') else {
        return Ok(None);
    };
    let head = String::from_utf8_lossy(&record[..tab]);
    let mut fields = head.split(' ');
    let (Some(mode), Some(kind), Some(oid)) = (fields.next(), fields.next(), fields.next()) else {
        return Ok(None);
    };
    Ok((kind == "blob").then(|| Entry {
        rel: path.to_owned(),
        oid: oid.to_owned(),
        link: mode == "120000",
    }))
}

/// The bytes of one blob.
pub(super) fn blob(program: &Path, sha: &str, entry: &Entry) -> Result<Vec<u8>, GitError> {
    let mut texts = read_blobs(program, sha, &[entry])?;
    Ok(texts.pop().unwrap_or_default())
}
