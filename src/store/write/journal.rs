//! The journal that makes an edit of several files one transaction (the idea of SQLite's
//! journal, rolled forward). Before the first file is touched, `.pm-journal` in the program
//! root holds the new text of every file the edit changes (or that it removes it) and a
//! fingerprint of each file as it was, and is synced. Then the files are replaced one by one,
//! and the journal is removed last. A crash at any instant leaves:
//! - no journal, or one that is not whole (its checksum fails): no file was touched yet — the
//!   program is as before, and the partial journal is thrown away;
//! - a whole journal: the next pm command finishes the edit from it before doing anything else
//!   (each file still as before is written, each already written is left), and says so.
//!
//! A file that is neither as before nor as after (someone edited it since) is never overwritten:
//! pm stops, keeps the journal and says which file.

use std::path::Path;

use serde::{Deserialize, Serialize};

use super::{JOURNAL, atomic};

const MAGIC: &str = "pm journal v1";

#[derive(Debug, Serialize, Deserialize)]
pub(super) struct Journal {
    /// The command line of the edit, for the message after a recovery.
    pub command: String,
    /// When it ran (the program's "today").
    pub date: String,
    pub files: Vec<Entry>,
}

#[derive(Debug, Serialize, Deserialize)]
pub(super) struct Entry {
    /// Relative to the program root.
    pub rel: String,
    /// Fingerprint of the file before the edit; `None`: it did not exist.
    pub before: Option<String>,
    /// The text after the edit; `None`: the edit removes the file.
    pub after: Option<String>,
}

/// FNV-1a, 64 bits: enough to tell a whole journal from a torn one, and a file as pm left it
/// from one edited since.
pub(super) fn fingerprint(bytes: &[u8]) -> String {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(*b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    format!("{h:016x}")
}

impl Journal {
    fn to_bytes(&self) -> Vec<u8> {
        let json = serde_json::to_string(self).unwrap_or_default();
        format!("{MAGIC}\n{json}\nend {}\n", fingerprint(json.as_bytes())).into_bytes()
    }

    /// A journal read back; `None` when it is not whole (a crash while it was written).
    fn from_bytes(bytes: &[u8]) -> Option<Journal> {
        let text = std::str::from_utf8(bytes).ok()?;
        let rest = text.strip_prefix(MAGIC)?.strip_prefix('\n')?;
        let (json, end) = rest.split_once('\n')?;
        if end != format!("end {}\n", fingerprint(json.as_bytes())) {
            return None;
        }
        serde_json::from_str(json).ok()
    }

    /// Writes the journal and syncs it and the root folder: after this, the edit will happen.
    pub(super) fn write(&self, root: &Path) -> std::io::Result<()> {
        let path = root.join(JOURNAL);
        atomic::replace(root, &path, &self.to_bytes(), None)
    }
}

/// What the journal of an interrupted edit holds, if there is one.
pub(super) enum Found {
    None,
    /// Not whole: the edit never touched a file.
    Torn,
    Whole(Journal),
}

pub(super) fn read(root: &Path) -> std::io::Result<Found> {
    match std::fs::read(root.join(JOURNAL)) {
        Ok(bytes) => Ok(Journal::from_bytes(&bytes).map_or(Found::Torn, Found::Whole)),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(Found::None),
        Err(e) => Err(e),
    }
}

/// Removes the journal: the edit is complete (or never started).
pub(super) fn remove(root: &Path) -> std::io::Result<()> {
    let path = root.join(JOURNAL);
    atomic::remove(&path)?;
    atomic::sync_dir(&path);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_torn_journal_is_recognised() {
        let j = Journal {
            command: "pm work move a/b --to c".into(),
            date: "2026-12-01".into(),
            files: vec![Entry {
                rel: "projects/a.toml".into(),
                before: Some(fingerprint(b"x")),
                after: Some("[project]\nid = \"a\"\n".into()),
            }],
        };
        let bytes = j.to_bytes();
        assert!(Journal::from_bytes(&bytes).is_some());
        for cut in [0, 5, bytes.len() / 2, bytes.len() - 2, bytes.len() - 1] {
            assert!(Journal::from_bytes(&bytes[..cut]).is_none(), "cut at {cut}");
        }
        let mut flipped = bytes.clone();
        flipped[20] ^= 1;
        assert!(Journal::from_bytes(&flipped).is_none());
    }
}
