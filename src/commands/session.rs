//! The frame of every edit command: take the program's lock, run the edit on the files as they
//! are, write what it changes in one go, and print what it did.

use std::path::PathBuf;

use anyhow::Result;

use super::{Ctx, Exit};
use crate::edit::Change;
use crate::store::{Tree, write};

/// An edit in progress; holds the program's lock until dropped.
pub struct Session {
    pub root: PathBuf,
    pub tree: Tree,
    _lock: write::ProgramLock,
}

impl Session {
    pub fn begin(ctx: &Ctx) -> Result<Session> {
        let root = ctx.root()?;
        let lock = write::lock(&root).map_err(|e| {
            anyhow::anyhow!("cannot lock the program folder {}: {e}", root.display())
        })?;
        for rel in write::remove_stale_temp_files(&root, &lock) {
            eprintln!("note: removed {rel}, left behind by an interrupted pm");
        }
        Ok(Session {
            tree: Tree::on_disk(&root),
            root,
            _lock: lock,
        })
    }

    /// Writes the files of `change`, all or none.
    pub fn apply(&self, change: &Change) -> Result<()> {
        write::apply(&self.root, &change.files)?;
        Ok(())
    }
}

impl Ctx {
    /// Runs `edit` on the program under its lock, writes what it changes and prints what it did.
    pub fn edit(&self, edit: impl FnOnce(&Tree) -> Result<Change>) -> Result<Exit> {
        let session = Session::begin(self)?;
        let change = edit(&session.tree)?;
        session.apply(&change)?;
        self.report(&change)
    }

    /// Prints what a change did: its summary on stdout, its notes on stderr.
    pub fn report(&self, change: &Change) -> Result<Exit> {
        let mut out = String::new();
        for line in &change.summary {
            out.push_str(line);
            out.push('\n');
        }
        self.print(&out)?;
        for note in &change.notes {
            eprintln!("note: {note}");
        }
        Ok(Exit::Success)
    }
}
