//! `pm depend add|set|remove|list`: what a project waits for from another project.

use anyhow::Result;

use super::{Ctx, Exit};
use crate::cli::{DependCommand, DependListArgs};
use crate::edit;
use crate::report::dependencies::{self, AT_RISK};
use crate::report::{Cell, Column, Table};

pub fn run(ctx: &Ctx, cmd: &DependCommand) -> Result<Exit> {
    match cmd {
        DependCommand::Add(a) => ctx.edit(|tree| edit::depend::add(tree, a)),
        DependCommand::Set(a) => ctx.edit(|tree| edit::depend::set_dependency(tree, a)),
        DependCommand::Remove(a) => ctx.edit(|tree| edit::depend::remove(tree, a)),
        DependCommand::List(a) => list(ctx, a),
    }
}

/// The dependencies of one project or all, with the judgement of `pm report dependencies` in
/// a few columns, in the one table style.
fn list(ctx: &Ctx, a: &DependListArgs) -> Result<Exit> {
    let loaded = super::load_for_listing(ctx, a.project.as_deref())?;
    let doc = dependencies::build(&loaded)?;
    let rows: Vec<Vec<Cell>> = doc
        .rows
        .iter()
        .filter(|r| a.project.as_ref().is_none_or(|p| *p == r.project))
        .map(|r| {
            let status = match (&r.risk, r.accepted) {
                (Some(why), true) => format!("at risk, accepted: {why}"),
                (Some(why), false) => format!("at risk: {why}"),
                (None, _) => r.status.replace('-', " "),
            };
            vec![
                Cell::new(&r.project),
                Cell::new(&r.id),
                Cell::new(&r.on),
                Cell::opt(r.due.map(|d| d.to_string())),
                Cell::new(r.needed_by.to_string()),
                Cell::new(status).over(r.risk.is_some() && !r.accepted),
                Cell::new(r.work.join(", ")),
            ]
        })
        .collect();
    if rows.is_empty() {
        ctx.print("no dependencies\n")?;
        return Ok(Exit::Success);
    }
    let table = Table {
        columns: vec![
            Column::text("project", "project"),
            Column::text("id", "id"),
            Column::text("on", "waits on"),
            Column::text("due", "due"),
            Column::text("needed_by", "needed by"),
            Column::prose("status", "status").marking(AT_RISK),
            Column::prose("for", "for"),
        ],
        rows,
        frozen: 2,
    };
    ctx.print(&super::table_text(ctx, &table, 0))?;
    Ok(Exit::Success)
}
