//! `pm depend add|set|remove|list`: what a project waits for from another project.

use anyhow::Result;

use super::{Ctx, Exit};
use crate::cli::{DependCommand, DependListArgs};
use crate::edit;
use crate::report::dependencies;

pub fn run(ctx: &Ctx, cmd: &DependCommand) -> Result<Exit> {
    match cmd {
        DependCommand::Add(a) => ctx.edit(|tree| edit::depend::add(tree, a)),
        DependCommand::Set(a) => ctx.edit(|tree| edit::depend::set_dependency(tree, a)),
        DependCommand::Remove(a) => ctx.edit(|tree| edit::depend::remove(tree, a)),
        DependCommand::List(a) => list(ctx, a),
    }
}

/// The dependencies report's rows, as a plain listing.
fn list(ctx: &Ctx, a: &DependListArgs) -> Result<Exit> {
    let loaded = super::load_for_listing(ctx, a.project.as_deref())?;
    let doc = dependencies::build(&loaded)?;
    let rows: Vec<_> = doc
        .rows
        .iter()
        .filter(|r| a.project.as_ref().is_none_or(|p| *p == r.project))
        .collect();
    if rows.is_empty() {
        ctx.print("no dependencies\n")?;
        return Ok(Exit::Success);
    }
    let mut grid = super::list_table(
        ctx,
        &[
            "project",
            "id",
            "waits on",
            "due",
            "needed by",
            "status",
            "for",
        ],
    );
    for r in rows {
        let status = match (&r.risk, r.accepted) {
            (Some(why), true) => format!("at risk, accepted: {why}"),
            (Some(why), false) => format!("at risk: {why}"),
            (None, _) => r.status.replace('-', " "),
        };
        grid.add_row([
            r.project.clone(),
            r.id.clone(),
            r.on.clone(),
            r.due.map(|d| d.to_string()).unwrap_or_default(),
            r.needed_by.to_string(),
            status,
            r.work.join(", "),
        ]);
    }
    ctx.print(&format!("{}\n", grid.trim_fmt()))?;
    Ok(Exit::Success)
}
