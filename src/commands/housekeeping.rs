//! `pm schema`, `pm completions` and `pm man`: what editors, shells and `man` need to know
//! about pm. None of them reads a program.

use anyhow::{Context, Result};
use clap::CommandFactory;

use super::{Ctx, Exit};
use crate::cli::{Cli, CompletionsArgs, SchemaArgs, SchemaFile};
use crate::model::keys::FileKind;
use crate::model::schema;

pub fn schema(ctx: &Ctx, a: &SchemaArgs) -> Result<Exit> {
    let kind = match a.file {
        SchemaFile::Program => FileKind::Program,
        SchemaFile::Project => FileKind::Project,
    };
    ctx.print(&schema::json(kind))?;
    Ok(Exit::Success)
}

pub fn completions(ctx: &Ctx, a: &CompletionsArgs) -> Result<Exit> {
    let mut out = Vec::new();
    clap_complete::generate(a.shell, &mut Cli::command(), "pm", &mut out);
    ctx.print(&String::from_utf8_lossy(&out))?;
    Ok(Exit::Success)
}

pub fn man(ctx: &Ctx) -> Result<Exit> {
    let mut out = Vec::new();
    clap_mangen::Man::new(Cli::command())
        .render(&mut out)
        .context("cannot render the manual page")?;
    ctx.print(&String::from_utf8_lossy(&out))?;
    Ok(Exit::Success)
}
