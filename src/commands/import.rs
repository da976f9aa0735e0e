//! `pm import people|mspdi`: read the files named, then run the import edit like every edit
//! (shown as a diff under `--dry-run`, as every edit is).

use std::path::Path;

use anyhow::{Context, Result};

use super::{Ctx, Exit};
use crate::cli::{ImportCommand, ImportMspdiArgs, ImportPeopleArgs};
use crate::edit::Input;
use crate::edit::import_mspdi::{self, MspdiInput};
use crate::edit::import_people;

pub fn run(ctx: &Ctx, c: &ImportCommand) -> Result<Exit> {
    match c {
        ImportCommand::People(a) => people(ctx, a),
        ImportCommand::Mspdi(a) => mspdi(ctx, a),
    }
}

fn people(ctx: &Ctx, a: &ImportPeopleArgs) -> Result<Exit> {
    let input = read(ctx, &a.file)?;
    ctx.edit(|tree| import_people::people(tree, &input))
}

fn mspdi(ctx: &Ctx, a: &ImportMspdiArgs) -> Result<Exit> {
    let input = MspdiInput {
        plan: read(ctx, &a.file)?,
        project: a.project.clone(),
        task: a.task.clone(),
        map: a.map.as_deref().map(|m| read(ctx, m)).transpose()?,
    };
    ctx.edit(|tree| import_mspdi::mspdi(tree, &input))
}

/// A file named on the command line (relative to the current folder), as UTF-8 text.
fn read(ctx: &Ctx, path: &Path) -> Result<Input> {
    let shown = path.display().to_string();
    let bytes =
        std::fs::read(ctx.cwd.join(path)).with_context(|| format!("cannot read {shown}"))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let before = &e.as_bytes()[..at];
        let line = before.iter().filter(|b| **b == b'\n').count() + 1;
        anyhow::anyhow!(
            "{shown}: line {line} is not UTF-8 text; save the file as UTF-8 (in a spreadsheet: CSV UTF-8)"
        )
    })?;
    Ok(Input { name: shown, text })
}
