//! `pm init`: a new program.toml and an empty projects/ folder.

use anyhow::{Context, Result};

use super::{Ctx, Exit};
use crate::cli::InitArgs;
use crate::edit;
use crate::store::{Tree, write};

pub fn run(ctx: &Ctx, a: &InitArgs) -> Result<Exit> {
    edit::init::validate(a)?;
    // The folder to create the program in: DIR, else -C/PM_PROGRAM, else here.
    let shown = a.dir.as_ref().or(ctx.program.as_ref());
    let dir = match shown {
        Some(d) => ctx.cwd.join(d),
        None => ctx.cwd.clone(),
    };
    let prefix = shown
        .map(|d| format!("{}/", d.display().to_string().trim_end_matches('/')))
        .unwrap_or_default();
    let tree = Tree::on_disk(&dir);
    // Refused before the folder is made, so a refusal leaves nothing behind.
    let planned = edit::init::init(&tree, a, &prefix)?;
    if ctx.dry_run {
        return ctx.show(&planned);
    }
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let _lock =
        write::lock(&dir).with_context(|| format!("cannot lock the folder {}", dir.display()))?;
    let change = edit::init::init(&tree, a, &prefix)?;
    write::apply(&dir, &change.files, &super::session::label(ctx))?;
    ctx.report(&change)
}
