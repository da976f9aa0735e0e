//! The frame of every edit command: take the program's lock, run the edit on the files as they
//! are, write what it changes in one go, and print what it did.

use std::path::{Path, PathBuf};

use anyhow::Result;

use super::{Ctx, Exit, dry_run};
use crate::edit::Change;
use crate::store::{Tree, write};

/// An edit in progress; holds the program's lock until dropped.
pub struct Session {
    pub root: PathBuf,
    pub tree: Tree,
    label: write::Label,
    _lock: write::ProgramLock,
}

pub(super) fn lock(root: &Path) -> Result<write::ProgramLock> {
    write::lock(root)
        .map_err(|e| anyhow::anyhow!("cannot lock the program folder {}: {e}", root.display()))
}

/// Completes an edit a crash interrupted in the program at `root`, if there is one, and says
/// so on stderr. Every command calls it (through [`Ctx::root`]) before it reads the program.
pub fn complete_interrupted(root: &Path) -> Result<()> {
    if !write::interrupted(root) {
        return Ok(());
    }
    let lock = lock(root)?;
    // Another pm may have finished it while this one waited for the lock.
    let recovered = write::recover(root, &lock)?;
    for rel in write::remove_stale_temp_files(root, &lock) {
        eprintln!("note: removed {rel}, left behind by an interrupted pm");
    }
    if let Some(done) = recovered {
        let files = if done.files.is_empty() {
            "every file was already written".to_owned()
        } else {
            format!("wrote {}", done.files.join(", "))
        };
        eprintln!(
            "note: completed an interrupted `{}` of {} ({files})",
            done.command, done.date
        );
    }
    Ok(())
}

impl Session {
    pub fn begin(ctx: &Ctx) -> Result<Session> {
        let root = ctx.root()?;
        let lock = lock(&root)?;
        for rel in write::remove_stale_temp_files(&root, &lock) {
            eprintln!("note: removed {rel}, left behind by an interrupted pm");
        }
        Ok(Session {
            tree: Tree::on_disk(&root),
            label: label(ctx),
            root,
            _lock: lock,
        })
    }

    /// Writes the files of `change`, all or none.
    pub fn apply(&self, change: &Change) -> Result<()> {
        write::apply(&self.root, &change.files, &self.label)?;
        Ok(())
    }
}

/// The journal's name for the edit a command makes.
pub fn label(ctx: &Ctx) -> write::Label {
    write::Label {
        command: ctx.command.clone(),
        date: ctx.today.to_string(),
    }
}

impl Ctx {
    /// Runs `edit` on the program under its lock, writes what it changes and prints what it
    /// did; under `--dry-run`, prints the diff of what it would write instead.
    pub fn edit(&self, edit: impl FnOnce(&Tree) -> Result<Change>) -> Result<Exit> {
        let session = Session::begin(self)?;
        let change = edit(&session.tree)?;
        if self.dry_run {
            return self.show(&change);
        }
        session.apply(&change)?;
        self.report(&change)
    }

    /// `--dry-run`: the unified diff of every file of `change` on stdout (in the form `git
    /// apply` and `patch -p1` take), and on stderr what the edit would have said, then that
    /// nothing was written.
    pub fn show(&self, change: &Change) -> Result<Exit> {
        self.print(&dry_run::unified(&change.files))?;
        for line in &change.summary {
            eprintln!("would have: {line}");
        }
        for note in &change.notes {
            eprintln!("note: {note}");
        }
        let mut note = String::from("note: --dry-run: nothing was written");
        if change.files.is_empty() {
            note.push_str(" (the edit changes no file)");
        }
        eprintln!("{note}");
        Ok(Exit::Success)
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
