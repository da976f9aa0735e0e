//! `pm git setup`: turns on pm's merge driver for the repository that holds the program.

use anyhow::Result;

use super::{Ctx, Exit};
use crate::cli::GitCommand;
use crate::{edit, git};

pub fn run(ctx: &Ctx, cmd: &GitCommand) -> Result<Exit> {
    match cmd {
        GitCommand::Setup => setup(ctx),
    }
}

/// The `.gitattributes` lines go in the program folder (they travel with the repository); the
/// driver's command goes in the clone's own configuration, which Git never copies: each clone
/// runs `pm git setup` once, and Git falls back to its line merge where it has not.
fn setup(ctx: &Ctx) -> Result<Exit> {
    let root = ctx.root()?;
    let repo = git::Repo::require(&root)?;
    ctx.edit(|tree| edit::git_setup::attributes(tree, git::DRIVER))?;
    let settings = [
        (
            format!("merge.{}.name", git::DRIVER),
            "pm: program files merged item by item",
        ),
        (format!("merge.{}.driver", git::DRIVER), git::DRIVER_COMMAND),
    ];
    for (key, value) in &settings {
        if ctx.dry_run {
            eprintln!("would have: git config {key} \"{value}\"");
            continue;
        }
        if repo.config(key)?.as_deref() == Some(value) {
            ctx.print(&format!("git config {key} was already \"{value}\"\n"))?;
        } else {
            repo.set_config(key, value)?;
            ctx.print(&format!("set git config {key} \"{value}\"\n"))?;
        }
    }
    if !ctx.dry_run {
        ctx.print(
            "git now merges program files with `pm merge-driver` in this clone (pm must be on the PATH); run `pm git setup` once in every other clone\n",
        )?;
    }
    Ok(Exit::Success)
}
