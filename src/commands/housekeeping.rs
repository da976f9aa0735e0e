//! `pm schema`, `pm completions` and `pm man`: what editors, shells and `man` need to know
//! about pm. None of them reads a program.

use anyhow::{Context, Result, bail};
use clap::CommandFactory;

use super::{Ctx, Exit};
use crate::cli::{Cli, CompletionsArgs, ManArgs, SchemaArgs, SchemaFile};
use crate::model::keys::FileKind;
use crate::model::schema;
use crate::render;

pub fn schema(ctx: &Ctx, a: &SchemaArgs) -> Result<Exit> {
    let kind = match a.file {
        SchemaFile::Program => FileKind::Program,
        SchemaFile::Project => FileKind::Project,
        SchemaFile::Portfolio => FileKind::Portfolio,
    };
    ctx.print(&schema::json(kind))?;
    Ok(Exit::Success)
}

/// The shell's registration script for dynamic completion: it calls `pm` (found on PATH) with
/// `COMPLETE=SHELL` at each TAB, so ids complete from the program on disk and the script never
/// goes stale when pm is upgraded.
pub fn completions(ctx: &Ctx, a: &CompletionsArgs) -> Result<Exit> {
    let name = a.shell.to_string();
    let shells = clap_complete::env::Shells::builtins();
    let Some(shell) = shells.completer(&name) else {
        bail!(
            "pm cannot complete in {name}; it can in {}",
            shells.names().collect::<Vec<_>>().join(", ")
        );
    };
    let mut out = Vec::new();
    shell
        .write_registration("COMPLETE", "pm", "pm", "pm", &mut out)
        .context("cannot write the completion script")?;
    ctx.print(&String::from_utf8_lossy(&out))?;
    Ok(Exit::Success)
}

/// One page on stdout, or every page into a folder (created if missing; pages there are
/// replaced, nothing else is touched).
pub fn man(ctx: &Ctx, a: &ManArgs) -> Result<Exit> {
    let Some(dir) = &a.dir else {
        let page = render::man::one(Cli::command(), &a.command)?;
        ctx.print(&page.roff)?;
        return Ok(Exit::Success);
    };
    let pages = render::man::all(Cli::command())?;
    std::fs::create_dir_all(dir)
        .with_context(|| format!("cannot create the folder {}", dir.display()))?;
    for page in &pages {
        let path = dir.join(&page.file);
        std::fs::write(&path, &page.roff)
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    ctx.print(&format!(
        "wrote {} manual pages to {} (pm.1 and one per command)\n",
        pages.len(),
        dir.display()
    ))?;
    Ok(Exit::Success)
}
