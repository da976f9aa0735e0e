//! `--dry-run` of the import commands: the change an edit would make, as a unified diff of
//! every file, and nothing written. The edit runs exactly as it would for real, so the diff
//! shows the very bytes the command would write.

use anyhow::Result;

use super::{Ctx, Exit};
use crate::edit::Change;
use crate::store::Tree;

/// Runs `edit` on the program as it is and prints what it would change.
pub fn run(ctx: &Ctx, edit: impl FnOnce(&Tree) -> Result<Change>) -> Result<Exit> {
    let tree = Tree::on_disk(ctx.root()?);
    let change = edit(&tree)?;
    ctx.print(&diff(&change))?;
    for line in &change.summary {
        eprintln!("{line}");
    }
    for note in &change.notes {
        eprintln!("note: {note}");
    }
    eprintln!("note: --dry-run: nothing was written");
    Ok(Exit::Success)
}

/// The change as `git diff` shows one: a/ and b/ paths, /dev/null for a created or removed
/// file, three lines of context.
pub fn diff(change: &Change) -> String {
    let mut out = String::new();
    for f in &change.files {
        let before = f.before.as_deref().unwrap_or("");
        let after = f.after.as_deref().unwrap_or("");
        let old = match f.before {
            Some(_) => format!("a/{}", f.rel),
            None => "/dev/null".to_owned(),
        };
        let new = match f.after {
            Some(_) => format!("b/{}", f.rel),
            None => "/dev/null".to_owned(),
        };
        // A last line without a line feed is marked as diff marks it.
        let text = similar::TextDiff::from_lines(before, after)
            .unified_diff()
            .context_radius(3)
            .header(&old, &new)
            .to_string();
        out.push_str(&text);
    }
    out
}
