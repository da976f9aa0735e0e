//! Writing edits safely: one lock per program so parallel `pm` processes never lose an edit;
//! atomic replacement of each file (temporary file in the same folder, fsync, rename); a journal
//! that makes an edit of several files one transaction ([`journal`]); and every byte the TOML
//! does not carry kept (BOM, line endings, mode, owner: [`Layout`]). Nothing is left behind in
//! the program tree, and pm never writes through a symbolic link it would not read.

mod atomic;
mod journal;
mod layout;

use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};

use toml_edit::DocumentMut;

pub use layout::Layout;

/// The journal of a transaction in progress, in the program root ([`journal`]).
const JOURNAL: &str = ".pm-journal";

use super::{PROGRAM_FILE, SourceFile, Tree};

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

/// Removes the temporary files a killed pm left behind (a process killed between writing its
/// temporary file and renaming it cannot clean up). Holding the lock proves they are stale:
/// every pm writes only while it holds it. None holds the only copy of anything: a file of an
/// unfinished transaction is in the journal, which [`recover`] has replayed by the time this
/// runs, and a single-file edit killed before its rename never happened. They are hidden, so
/// the loader never read them; removing them keeps them out of Git. Returns the paths removed,
/// relative to `root`.
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
            if is_file && atomic::is_temp_name(&entry.file_name().to_string_lossy()) {
                remove(&entry.path());
            }
        }
    }
    let projects = root.join(super::PROJECTS_DIR);
    if !fs::symlink_metadata(&projects).is_ok_and(|m| m.is_dir()) {
        // No folder, or a link pm does not follow.
        return removed;
    }
    let walker = walkdir::WalkDir::new(projects)
        .follow_links(false)
        .into_iter()
        // Hidden folders are not part of the program; pm never writes there.
        .filter_entry(|e| {
            e.depth() == 0
                || !e.file_type().is_dir()
                || !e.file_name().to_string_lossy().starts_with('.')
        });
    for entry in walker.flatten() {
        if entry.file_type().is_file() && atomic::is_temp_name(&entry.file_name().to_string_lossy())
        {
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
    #[error(
        "{path} is read-only; pm does not replace a file you protected (make it writable, e.g. `chmod u+w {path}`, to edit it with pm)"
    )]
    ReadOnly { path: String },
    #[error(
        "{path} is a symbolic link to {target}; pm does not write through links below the program folder: edit {target} by hand, or replace the link with the file itself"
    )]
    Link { path: String, target: String },
    #[error("{path} is not a regular file; move it away to let pm write there")]
    NotAFile { path: String },
    #[error(
        "an interrupted `{command}` of {date} could not be completed: {path} changed since it ran. Its intended content of every file is kept in {journal}; compare, then delete {journal} to let pm go on"
    )]
    Interrupted {
        path: String,
        command: String,
        date: String,
        journal: &'static str,
    },
}

/// A file opened for editing: its original text (to decode and to compare) and its editable
/// document.
pub struct EditFile {
    pub path: PathBuf,
    /// Relative to the program root, `/`-separated, as shown to users.
    pub rel: String,
    /// The text as read, byte for byte.
    pub original: String,
    /// The document of the text without its BOM and with `\n` line endings.
    pub doc: DocumentMut,
    layout: Layout,
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
        let (layout, plain) = Layout::of(&text);
        let doc = parse_document(rel, &plain)?;
        Ok(EditFile {
            path,
            rel: rel.to_owned(),
            original: text,
            doc,
            layout,
        })
    }

    /// The new text (with the file's BOM and line endings), or `None` when the edit changed
    /// nothing.
    pub fn new_text(&self) -> Option<String> {
        let text = self.layout.restore(&self.doc.to_string());
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

/// What an edit is, for the journal of a transaction and the note after a recovery.
#[derive(Debug, Clone, Default)]
pub struct Label {
    /// The command line (`pm work move lander/x --to comms-relay`).
    pub command: String,
    /// When it ran: the program's "today".
    pub date: String,
}

/// A file to write, checked: where it really is and what it is now.
struct Target<'c> {
    change: &'c FileChange,
    path: PathBuf,
    /// The file as it is (mode and owner to keep); `None` when it does not exist yet.
    meta: Option<fs::Metadata>,
}

/// Writes the changes of one edit, all or none: one file by an atomic rename, several as one
/// transaction through the journal. Everything is checked before anything is written: a file
/// to create that exists, a read-only file, a link on the way (only `program.toml` is written
/// through its link, in its target).
pub fn apply(root: &Path, files: &[FileChange], label: &Label) -> Result<(), EditError> {
    let targets = files
        .iter()
        .map(|f| resolve(root, f))
        .collect::<Result<Vec<_>, _>>()?;
    for t in &targets {
        if t.change.after.is_some()
            && let Some(parent) = t.path.parent()
        {
            fs::create_dir_all(parent).map_err(|source| EditError::Write {
                path: t.change.rel.clone(),
                source,
            })?;
        }
    }
    match targets.as_slice() {
        [] => Ok(()),
        [one] => write(root, one),
        _ => transaction(root, &targets, label),
    }
}

/// Where `f` is written, refused when pm must not write it.
fn resolve<'c>(root: &Path, f: &'c FileChange) -> Result<Target<'c>, EditError> {
    let rel = f.rel.as_str();
    let mut path = root.join(rel);
    // No link on the way from the root to the file: pm writes only in the tree it reads.
    let parts: Vec<&str> = rel.split('/').collect();
    for i in 1..parts.len() {
        let dir = parts[..i].join("/");
        if let Ok(m) = fs::symlink_metadata(root.join(&dir))
            && m.file_type().is_symlink()
        {
            return Err(link(root, &dir));
        }
    }
    let meta = match fs::symlink_metadata(&path) {
        Ok(m) if m.file_type().is_symlink() => {
            if rel != PROGRAM_FILE {
                return Err(link(root, rel));
            }
            // program.toml is read through its link, so it is edited in its target.
            path = fs::canonicalize(&path).map_err(|source| EditError::Write {
                path: rel.to_owned(),
                source,
            })?;
            fs::metadata(&path).ok()
        }
        Ok(m) => Some(m),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(source) => {
            return Err(EditError::Write {
                path: rel.to_owned(),
                source,
            });
        }
    };
    if let Some(m) = &meta {
        if f.before.is_none() {
            return Err(EditError::Exists {
                path: f.rel.clone(),
            });
        }
        if !m.is_file() {
            return Err(EditError::NotAFile {
                path: f.rel.clone(),
            });
        }
        if m.permissions().readonly() {
            return Err(EditError::ReadOnly {
                path: f.rel.clone(),
            });
        }
    }
    Ok(Target {
        change: f,
        path,
        meta,
    })
}

fn link(root: &Path, rel: &str) -> EditError {
    let target = fs::read_link(root.join(rel))
        .map(|t| t.display().to_string())
        .unwrap_or_else(|_| "an unreadable target".to_owned());
    EditError::Link {
        path: rel.to_owned(),
        target,
    }
}

/// Writes one file atomically (or removes it).
fn write(root: &Path, t: &Target<'_>) -> Result<(), EditError> {
    let result = match &t.change.after {
        Some(text) => atomic::replace(root, &t.path, text.as_bytes(), t.meta.as_ref()),
        None => atomic::remove(&t.path).map(|()| atomic::sync_dir(&t.path)),
    };
    result.map_err(|source| EditError::Write {
        path: t.change.rel.clone(),
        source,
    })
}

/// Several files as one transaction: journal first, then the files, the journal removed last.
/// A failure (not a crash) part-way puts back the files already written.
fn transaction(root: &Path, targets: &[Target<'_>], label: &Label) -> Result<(), EditError> {
    let journal = journal::Journal {
        command: label.command.clone(),
        date: label.date.clone(),
        files: targets
            .iter()
            .map(|t| journal::Entry {
                rel: t.change.rel.clone(),
                before: t
                    .change
                    .before
                    .as_ref()
                    .map(|b| journal::fingerprint(b.as_bytes())),
                after: t.change.after.clone(),
            })
            .collect(),
    };
    journal.write(root).map_err(|source| EditError::Write {
        path: JOURNAL.to_owned(),
        source,
    })?;
    for (i, t) in targets.iter().enumerate() {
        if let Err(e) = write(root, t) {
            // Put back what was written; the journal goes last, so a crash while putting back
            // completes the edit instead: the program is never left half-way.
            for done in targets[..i].iter().rev() {
                let _ = match &done.change.before {
                    Some(text) => {
                        atomic::replace(root, &done.path, text.as_bytes(), done.meta.as_ref())
                    }
                    None => atomic::remove(&done.path),
                };
            }
            let _ = journal::remove(root);
            return Err(e);
        }
    }
    journal::remove(root).map_err(|source| EditError::Write {
        path: JOURNAL.to_owned(),
        source,
    })
}

/// An interrupted transaction that [`recover`] completed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recovered {
    pub command: String,
    pub date: String,
    /// The files it wrote to finish the edit.
    pub files: Vec<String>,
}

/// Whether a crash left something to complete or clear up: a journal, or a temporary file
/// (every edit stages its files in the root). One look at one folder, cheap enough for every
/// command.
pub fn interrupted(root: &Path) -> bool {
    let Ok(entries) = fs::read_dir(root) else {
        return false;
    };
    entries.flatten().any(|e| {
        let name = e.file_name();
        let name = name.to_string_lossy();
        name == JOURNAL || atomic::is_temp_name(&name)
    })
}

/// Completes the transaction a crash interrupted, if there is one: every file still as before
/// gets its new text, every file already written is left, and the journal goes. A journal that
/// is not whole means no file was touched; it is removed. A file that is neither as before nor
/// as after stops pm with [`EditError::Interrupted`], and the journal stays.
pub fn recover(root: &Path, _lock: &ProgramLock) -> Result<Option<Recovered>, EditError> {
    let io_error = |source| EditError::Write {
        path: JOURNAL.to_owned(),
        source,
    };
    let j = match journal::read(root).map_err(io_error)? {
        journal::Found::None => return Ok(None),
        journal::Found::Torn => {
            journal::remove(root).map_err(io_error)?;
            return Ok(None);
        }
        journal::Found::Whole(j) => j,
    };
    let mut pending = Vec::new();
    for e in &j.files {
        let mut path = root.join(&e.rel);
        if e.rel == PROGRAM_FILE
            && let Ok(real) = fs::canonicalize(&path)
        {
            path = real;
        }
        let now = match fs::read(&path) {
            Ok(bytes) => Some(bytes),
            Err(err) if err.kind() == io::ErrorKind::NotFound => None,
            Err(source) => {
                return Err(EditError::Read {
                    path: e.rel.clone(),
                    source,
                });
            }
        };
        let is_after = now.as_deref() == e.after.as_deref().map(str::as_bytes);
        let is_before = now.as_deref().map(journal::fingerprint) == e.before;
        if is_after {
            continue;
        }
        if !is_before {
            return Err(EditError::Interrupted {
                path: e.rel.clone(),
                command: j.command.clone(),
                date: j.date.clone(),
                journal: JOURNAL,
            });
        }
        pending.push((e, path));
    }
    for (e, path) in &pending {
        let meta = fs::metadata(path).ok();
        let result = match &e.after {
            Some(text) => path
                .parent()
                .map_or(Ok(()), fs::create_dir_all)
                .and_then(|()| atomic::replace(root, path, text.as_bytes(), meta.as_ref())),
            None => atomic::remove(path).map(|()| atomic::sync_dir(path)),
        };
        result.map_err(|source| EditError::Write {
            path: e.rel.clone(),
            source,
        })?;
    }
    journal::remove(root).map_err(io_error)?;
    Ok(Some(Recovered {
        command: j.command,
        date: j.date,
        files: pending.iter().map(|(e, _)| e.rel.clone()).collect(),
    }))
}

/// Writes a file outside the program (a report's or an export's `--output`) atomically: a
/// temporary file next to it, synced, renamed over it. A reader never sees half of it, and a
/// failure leaves what was there before.
pub fn write_file(path: &Path, text: &str) -> io::Result<()> {
    let dir = path.parent().unwrap_or(Path::new("."));
    let like = fs::metadata(path).ok();
    atomic::replace(dir, path, text.as_bytes(), like.as_ref())
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

#[cfg(test)]
mod tests {
    use super::atomic::is_temp_name;

    #[test]
    fn temp_names() {
        assert!(is_temp_name(".lander.toml.pm-4242.tmp"));
        assert!(is_temp_name(".program.toml.pm-1.tmp"));
        assert!(is_temp_name("..pm-journal.pm-77.tmp"));
        assert!(is_temp_name(".lander.toml.pm-4242-3.tmp"));
        assert!(!is_temp_name(".lander.toml.pm--3.tmp"));
        assert!(!is_temp_name("lander.toml.pm-4242.tmp"));
        assert!(!is_temp_name(".lander.toml.pm-.tmp"));
        assert!(!is_temp_name(".lander.toml.pm-42x.tmp"));
        assert!(!is_temp_name(".notes.txt.pm-42.tmp"));
        assert!(!is_temp_name(".lander.toml"));
    }
}
