//! Writing edits safely: one lock per program so parallel `pm` processes never lose an edit,
//! and atomic replacement (temporary file in the same folder, fsync, rename) so a crash never
//! leaves half a file. Neither leaves anything behind in the program tree.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

use toml_edit::DocumentMut;

use super::{SourceFile, Tree};

/// Held while a command reads, checks and writes. Released on drop.
#[derive(Debug)]
pub struct ProgramLock {
    _dir: File,
}

/// Takes the program's edit lock: an exclusive `flock` on the root folder itself, so no lock
/// file is ever created in the tree (it would end up in Git).
pub fn lock(root: &Path) -> io::Result<ProgramLock> {
    let dir = File::open(root)?;
    dir.lock()?;
    Ok(ProgramLock { _dir: dir })
}

/// Is `name` a temporary file of [`stage`] (`.lander.toml.pm-4242.tmp`)?
fn is_temp_name(name: &str) -> bool {
    let Some(inner) = name.strip_prefix('.').and_then(|n| n.strip_suffix(".tmp")) else {
        return false;
    };
    match inner.rsplit_once(".pm-") {
        Some((file, pid)) => {
            file.ends_with(".toml") && !pid.is_empty() && pid.bytes().all(|b| b.is_ascii_digit())
        }
        None => false,
    }
}

/// Removes the temporary files a killed pm left behind (a process killed between writing its
/// temporary file and renaming it cannot clean up). Holding the lock proves they are stale:
/// every pm writes only while it holds it. They are hidden, so the loader never read them;
/// removing them keeps them out of Git. Returns the paths removed, relative to `root`.
pub fn remove_stale_temp_files(root: &Path, _lock: &ProgramLock) -> Vec<String> {
    let mut removed = Vec::new();
    let mut remove = |path: &Path| {
        if fs::remove_file(path).is_ok() {
            let rel = path.strip_prefix(root).unwrap_or(path);
            removed.push(rel.to_string_lossy().replace('\\', "/"));
        }
    };
    if let Ok(entries) = fs::read_dir(root) {
        for entry in entries.flatten() {
            let is_file = entry.file_type().is_ok_and(|t| t.is_file());
            if is_file && is_temp_name(&entry.file_name().to_string_lossy()) {
                remove(&entry.path());
            }
        }
    }
    let walker = walkdir::WalkDir::new(root.join(super::PROJECTS_DIR))
        .follow_links(false)
        .into_iter()
        // Hidden folders are not part of the program; pm never writes there.
        .filter_entry(|e| {
            e.depth() == 0
                || !e.file_type().is_dir()
                || !e.file_name().to_string_lossy().starts_with('.')
        });
    for entry in walker.flatten() {
        if entry.file_type().is_file() && is_temp_name(&entry.file_name().to_string_lossy()) {
            remove(entry.path());
        }
    }
    removed
}

/// An error of an edit, already worded for the user.
#[derive(Debug, thiserror::Error)]
pub enum EditError {
    #[error(
        "{path}:{line}:{column}: {message}; fix the file (pm check shows every problem) before editing it with pm"
    )]
    Unparsable {
        path: String,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("cannot read {path}: {source}")]
    Read {
        path: String,
        #[source]
        source: io::Error,
    },
    #[error("cannot write {path}: {source}; the file was left as it was")]
    Write {
        path: String,
        #[source]
        source: io::Error,
    },
    #[error("{path} already exists; pm does not overwrite it")]
    Exists { path: String },
}

/// A file opened for editing: its original text (to decode and to compare) and its editable
/// document.
pub struct EditFile {
    pub path: PathBuf,
    /// Relative to the program root, `/`-separated, as shown to users.
    pub rel: String,
    pub original: String,
    pub doc: DocumentMut,
}

impl EditFile {
    /// Reads and parses `rel` of the tree; refuses a file that is not UTF-8 or not valid TOML.
    pub fn open(tree: &Tree, rel: &str) -> Result<EditFile, EditError> {
        let path = tree.root().join(rel);
        let text = match tree.read(rel) {
            Ok(Ok(t)) => t,
            Ok(Err((text, at))) => {
                let lc = SourceFile::new(rel.to_owned(), text).line_col(at);
                return Err(EditError::Unparsable {
                    path: rel.to_owned(),
                    line: lc.line,
                    column: lc.column,
                    message: "the file is not UTF-8 text".into(),
                });
            }
            Err(source) => {
                return Err(EditError::Read {
                    path: rel.to_owned(),
                    source,
                });
            }
        };
        let doc = parse_document(rel, &text)?;
        Ok(EditFile {
            path,
            rel: rel.to_owned(),
            original: text,
            doc,
        })
    }

    /// The new text, or `None` when the edit changed nothing.
    pub fn new_text(&self) -> Option<String> {
        let text = self.doc.to_string();
        (text != self.original).then_some(text)
    }

    /// What the edit did to the file, or `None` when it changed nothing.
    pub fn change(&self) -> Option<FileChange> {
        self.new_text().map(|after| FileChange {
            rel: self.rel.clone(),
            before: Some(self.original.clone()),
            after: Some(after),
        })
    }
}

/// One file an edit changes: its text before (`None`: the edit creates it) and after (`None`:
/// the edit removes it). Paths are relative to the program root.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileChange {
    pub rel: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

/// Writes the changes of one edit, all or none.
pub fn apply(root: &Path, files: &[FileChange]) -> Result<(), EditError> {
    let mut changes = Vec::new();
    let mut new = Vec::new();
    for f in files {
        match (&f.before, &f.after) {
            (Some(_), Some(text)) => changes.push((f.rel.clone(), text.clone())),
            (None, Some(text)) => new.push((f.rel.clone(), text.clone())),
            (_, None) => {
                return Err(EditError::Write {
                    path: f.rel.clone(),
                    source: io::Error::other("removing a file is not supported yet"),
                });
            }
        }
    }
    commit(root, &changes, &new)
}

/// Parses text for editing; a conflict marker or syntax error is an [`EditError::Unparsable`].
pub fn parse_document(rel: &str, text: &str) -> Result<DocumentMut, EditError> {
    let unparsable = |at: usize, message: String| {
        let lc = SourceFile::new(rel.to_owned(), text.to_owned()).line_col(at);
        EditError::Unparsable {
            path: rel.to_owned(),
            line: lc.line,
            column: lc.column,
            message,
        }
    };
    if let Some(at) = super::conflict_marker(text) {
        return Err(unparsable(at, "unresolved merge conflict".into()));
    }
    text.parse::<DocumentMut>().map_err(|e| {
        let at = e.span().map(|s| s.start).unwrap_or(0);
        unparsable(at, format!("invalid TOML: {}", e.message().trim_end()))
    })
}

fn temp_path(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let tmp = format!(".{name}.pm-{}.tmp", std::process::id());
    path.with_file_name(tmp)
}

/// Writes `text` to a temporary file next to `path` and syncs it; returns the temporary path.
fn stage(path: &Path, text: &str) -> io::Result<PathBuf> {
    let tmp = temp_path(path);
    let result = (|| {
        let mut f = OpenOptions::new().write(true).create_new(true).open(&tmp)?;
        f.write_all(text.as_bytes())?;
        if let Ok(meta) = fs::metadata(path) {
            // Keep the permissions the user gave the file.
            f.set_permissions(meta.permissions())?;
        }
        f.sync_all()
    })();
    match result {
        Ok(()) => Ok(tmp),
        Err(e) => {
            let _ = fs::remove_file(&tmp);
            Err(e)
        }
    }
}

fn sync_dir(path: &Path) {
    if let Some(dir) = path.parent()
        && let Ok(d) = File::open(dir)
    {
        // Best effort: some file systems refuse to sync a directory.
        let _ = d.sync_all();
    }
}

/// Renames made by this process, for `PM_TEST_FAIL_RENAME=N`.
static RENAMES: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// The commit point. Tests inject a failure with `PM_TEST_FAIL_RENAME`: a number N fails only
/// the N-th rename of the process (to test the roll-back of a multi-file commit), any other
/// value every rename.
fn commit_rename(tmp: &Path, path: &Path) -> io::Result<()> {
    let n = RENAMES.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
    if let Some(v) = std::env::var_os("PM_TEST_FAIL_RENAME") {
        let nth = v.to_str().and_then(|v| v.parse::<usize>().ok());
        if nth.is_none_or(|nth| nth == n) {
            return Err(io::Error::other(
                "rename failed (PM_TEST_FAIL_RENAME is set)",
            ));
        }
    }
    fs::rename(tmp, path)
}

/// Replaces the content of several files so that either all change or none does (as far as
/// the file system allows: a failed rename rolls back the files already replaced).
/// `new` files must not exist yet.
pub fn commit(
    root: &Path,
    changes: &[(String, String)],
    new: &[(String, String)],
) -> Result<(), EditError> {
    let all: Vec<(&String, &String, bool)> = changes
        .iter()
        .map(|(r, t)| (r, t, false))
        .chain(new.iter().map(|(r, t)| (r, t, true)))
        .collect();
    for (rel, _, is_new) in &all {
        if *is_new && root.join(rel.as_str()).exists() {
            return Err(EditError::Exists {
                path: (*rel).clone(),
            });
        }
    }
    let mut staged: Vec<(PathBuf, PathBuf, &String, bool)> = Vec::new();
    for (rel, text, is_new) in &all {
        let path = root.join(rel.as_str());
        if *is_new && let Some(parent) = path.parent() {
            fs::create_dir_all(parent).map_err(|source| EditError::Write {
                path: (*rel).clone(),
                source,
            })?;
        }
        match stage(&path, text) {
            Ok(tmp) => staged.push((tmp, path, rel, *is_new)),
            Err(source) => {
                for (tmp, ..) in &staged {
                    let _ = fs::remove_file(tmp);
                }
                return Err(EditError::Write {
                    path: (*rel).clone(),
                    source,
                });
            }
        }
    }
    // Files already replaced, with their previous content (None: the file is new).
    let mut done: Vec<(PathBuf, Option<Vec<u8>>)> = Vec::new();
    for i in 0..staged.len() {
        let (tmp, path, rel, is_new) = &staged[i];
        let before = if *is_new { None } else { fs::read(path).ok() };
        if let Err(source) = commit_rename(tmp, path) {
            for (tmp, ..) in &staged[i..] {
                let _ = fs::remove_file(tmp);
            }
            roll_back(&done);
            return Err(EditError::Write {
                path: (*rel).clone(),
                source,
            });
        }
        sync_dir(path);
        done.push((path.clone(), before));
    }
    Ok(())
}

fn roll_back(done: &[(PathBuf, Option<Vec<u8>>)]) {
    for (path, before) in done {
        match before {
            None => {
                let _ = fs::remove_file(path);
            }
            Some(bytes) => {
                if let Ok(text) = std::str::from_utf8(bytes)
                    && let Ok(tmp) = stage(path, text)
                {
                    let _ = fs::rename(tmp, path);
                }
            }
        }
    }
}

/// Writes a file outside the program (a report's `--output`) atomically: a temporary file
/// next to it, synced, renamed over it. A reader never sees half of it, and a failure leaves
/// what was there before.
pub fn write_file(path: &Path, text: &str) -> io::Result<()> {
    let tmp = stage(path, text)?;
    if let Err(e) = commit_rename(&tmp, path) {
        let _ = fs::remove_file(&tmp);
        return Err(e);
    }
    sync_dir(path);
    Ok(())
}

/// Replaces one existing file atomically.
pub fn replace(root: &Path, rel: &str, text: &str) -> Result<(), EditError> {
    commit(root, &[(rel.to_owned(), text.to_owned())], &[])
}

/// Creates one new file atomically; refuses when it exists.
pub fn create(root: &Path, rel: &str, text: &str) -> Result<(), EditError> {
    commit(root, &[], &[(rel.to_owned(), text.to_owned())])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temp_names() {
        assert!(is_temp_name(".lander.toml.pm-4242.tmp"));
        assert!(is_temp_name(".program.toml.pm-1.tmp"));
        assert!(!is_temp_name("lander.toml.pm-4242.tmp"));
        assert!(!is_temp_name(".lander.toml.pm-.tmp"));
        assert!(!is_temp_name(".lander.toml.pm-42x.tmp"));
        assert!(!is_temp_name(".notes.txt.pm-42.tmp"));
        assert!(!is_temp_name(".lander.toml"));
    }
}
