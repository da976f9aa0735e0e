//! The steps a write is made of — a temporary file written and synced next to its target, a
//! rename, a removal, a folder synced — each counted, so the crash tests can kill pm at any one
//! of them (`PM_TEST_CRASH_AT=N`) or make a rename fail (`PM_TEST_FAIL_RENAME=N`).

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Steps taken by this process, for `PM_TEST_CRASH_AT`.
static STEPS: AtomicUsize = AtomicUsize::new(0);
/// Renames made by this process, for `PM_TEST_FAIL_RENAME`.
static RENAMES: AtomicUsize = AtomicUsize::new(0);

/// One step of a write. Under `PM_TEST_CRASH_AT=N` the N-th step of the process kills it with
/// SIGKILL before the step is taken — the test's stand-in for a power cut.
pub(super) fn step() {
    let n = STEPS.fetch_add(1, Ordering::Relaxed) + 1;
    let Some(at) = std::env::var_os("PM_TEST_CRASH_AT") else {
        return;
    };
    if at.to_str().and_then(|v| v.parse::<usize>().ok()) == Some(n) {
        let pid = std::process::id().to_string();
        let _ = std::process::Command::new("kill")
            .args(["-9", &pid])
            .status();
        // SIGKILL is not instant; nothing may happen after the crash point.
        loop {
            std::thread::sleep(std::time::Duration::from_secs(1));
        }
    }
}

/// Temporary files made by this process, so two files of one name in different folders never
/// share one.
static TEMPS: AtomicUsize = AtomicUsize::new(0);

/// A temporary file for `path` in `dir`: `.lander.toml.pm-4242-3.tmp`. Edits stage their files
/// in the program root, so a crash's leftovers are all found by looking at one folder.
pub(super) fn temp_path(dir: &Path, path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let n = TEMPS.fetch_add(1, Ordering::Relaxed);
    dir.join(format!(".{name}.pm-{}-{n}.tmp", std::process::id()))
}

/// Is `name` a temporary file of [`stage`] (`.lander.toml.pm-4242.tmp`)?
pub(super) fn is_temp_name(name: &str) -> bool {
    let Some(inner) = name.strip_prefix('.').and_then(|n| n.strip_suffix(".tmp")) else {
        return false;
    };
    match inner.rsplit_once(".pm-") {
        Some((file, pid)) => {
            (file.ends_with(".toml") || file == super::JOURNAL)
                && !pid.is_empty()
                && pid.bytes().all(|b| b.is_ascii_digit() || b == b'-')
                && pid.as_bytes()[0].is_ascii_digit()
        }
        None => false,
    }
}

/// Writes `bytes` to a temporary file in `dir` for `path` and syncs it; returns its path. The
/// file gets the mode of `path` and, where the process may (as root), its owner and group.
fn stage(
    dir: &Path,
    path: &Path,
    bytes: &[u8],
    like: Option<&fs::Metadata>,
) -> io::Result<PathBuf> {
    let tmp = temp_path(dir, path);
    let result = (|| {
        step();
        let mut f = OpenOptions::new().write(true).create_new(true).open(&tmp)?;
        f.write_all(bytes)?;
        if let Some(meta) = like {
            f.set_permissions(meta.permissions())?;
            keep_owner(&f, meta);
        }
        step();
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

/// Gives `f` the owner and group of `meta` when they differ from ours. Only root may; for
/// anyone else the file becomes theirs, as with any editor that saves by renaming.
fn keep_owner(f: &File, meta: &fs::Metadata) {
    let Ok(ours) = f.metadata() else { return };
    if (ours.uid(), ours.gid()) != (meta.uid(), meta.gid()) {
        let _ = std::os::unix::fs::fchown(f, Some(meta.uid()), Some(meta.gid()));
    }
}

/// The commit point of one file. `PM_TEST_FAIL_RENAME`: a number N fails only the N-th rename
/// of the process (to test the roll-back of a multi-file commit), any other value every rename.
pub(super) fn rename(tmp: &Path, path: &Path) -> io::Result<()> {
    let n = RENAMES.fetch_add(1, Ordering::Relaxed) + 1;
    if let Some(v) = std::env::var_os("PM_TEST_FAIL_RENAME") {
        let nth = v.to_str().and_then(|v| v.parse::<usize>().ok());
        if nth.is_none_or(|nth| nth == n) {
            return Err(io::Error::other(
                "rename failed (PM_TEST_FAIL_RENAME is set)",
            ));
        }
    }
    step();
    fs::rename(tmp, path)
}

/// Removes a file; a file already gone is fine.
pub(super) fn remove(path: &Path) -> io::Result<()> {
    step();
    match fs::remove_file(path) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// Syncs the folder holding `path`, so a rename or removal in it survives a power cut. Best
/// effort: some file systems refuse to sync a folder.
pub(super) fn sync_dir(path: &Path) {
    if let Some(dir) = path.parent()
        && let Ok(d) = File::open(dir)
    {
        step();
        let _ = d.sync_all();
    }
}

/// Replaces `path` with `bytes` in one atomic step: staged in `root` (the program root), synced,
/// renamed over `path`, both folders synced. Where `path` is on another file system than the
/// root (a mount below it), the file is staged next to `path` instead.
pub(super) fn replace(
    root: &Path,
    path: &Path,
    bytes: &[u8],
    like: Option<&fs::Metadata>,
) -> io::Result<()> {
    let mut tmp = stage(root, path, bytes, like)?;
    let mut renamed = rename(&tmp, path);
    if renamed
        .as_ref()
        .is_err_and(|e| e.kind() == io::ErrorKind::CrossesDevices)
    {
        let _ = fs::remove_file(&tmp);
        tmp = stage(path.parent().unwrap_or(root), path, bytes, like)?;
        renamed = rename(&tmp, path);
    }
    if let Err(e) = renamed {
        let _ = fs::remove_file(&tmp);
        return Err(e);
    }
    sync_dir(path);
    if tmp.parent() != path.parent() {
        sync_dir(&tmp);
    }
    Ok(())
}
