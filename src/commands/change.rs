//! `pm charter approve` and `pm change add|approve|reject|list`: change control (SPEC §10).

use anyhow::Result;

use super::{Ctx, Exit};
use crate::cli::{ChangeCommand, ChangeListArgs, CharterCommand};
use crate::edit;
use crate::model::ChangeRequest;
use crate::report::{Cell, Column, Table};

pub fn charter(ctx: &Ctx, cmd: &CharterCommand) -> Result<Exit> {
    match cmd {
        CharterCommand::Approve(a) => ctx.edit(|tree| edit::charter::approve(tree, a, ctx.today)),
    }
}

pub fn run(ctx: &Ctx, cmd: &ChangeCommand) -> Result<Exit> {
    match cmd {
        ChangeCommand::Add(a) => ctx.edit(|tree| edit::change::add(tree, a)),
        ChangeCommand::Approve(a) => ctx.edit(|tree| edit::change::approve(tree, a, ctx.today)),
        ChangeCommand::Reject(a) => ctx.edit(|tree| edit::change::reject(tree, a, ctx.today)),
        ChangeCommand::List(a) => list(ctx, a),
    }
}

/// The change requests of one project or all, in the one table style.
fn list(ctx: &Ctx, a: &ChangeListArgs) -> Result<Exit> {
    let loaded = super::load_for_listing(ctx, a.project.as_deref())?;
    let mut rows: Vec<(&str, &ChangeRequest)> = loaded
        .projects
        .iter()
        .filter(|p| a.project.as_ref().is_none_or(|id| *id == p.id.value))
        .flat_map(|p| p.changes.iter().map(move |c| (p.id.value.as_str(), c)))
        .collect();
    if rows.is_empty() {
        ctx.print("no change requests\n")?;
        return Ok(Exit::Success);
    }
    rows.sort_by(|x, y| (x.0, &x.1.id.value).cmp(&(y.0, &y.1.id.value)));
    let table = Table {
        columns: vec![
            Column::text("project", "project"),
            Column::text("id", "id"),
            Column::prose("status", "status"),
            Column::prose("changes", "changes"),
            Column::prose("title", "title"),
        ],
        rows: rows
            .into_iter()
            .map(|(project, c)| {
                vec![
                    Cell::new(project),
                    Cell::new(&c.id.value),
                    Cell::new(status(c)),
                    Cell::new(what(c)),
                    Cell::new(&c.title),
                ]
            })
            .collect(),
        frozen: 2,
    };
    ctx.print(&super::table_text(ctx, &table, 0))?;
    Ok(Exit::Success)
}

/// "approved by grace on 2026-04-02", as far as the file says.
fn status(c: &ChangeRequest) -> String {
    let mut s = c.status.value.as_str().to_owned();
    if let Some(by) = &c.decided_by {
        s.push_str(&format!(" by {}", by.value));
    }
    if let Some(on) = &c.decided {
        s.push_str(&format!(" on {}", on.value));
    }
    s
}

/// What the change asks for, in the words of `pm change add`'s options.
fn what(c: &ChangeRequest) -> String {
    let mut parts = Vec::new();
    let ids = |list: &[crate::model::Sp<String>]| {
        list.iter()
            .map(|s| s.value.as_str())
            .collect::<Vec<_>>()
            .join(", ")
    };
    if !c.adds.is_empty() {
        parts.push(format!("adds {}", ids(&c.adds)));
    }
    if !c.removes.is_empty() {
        parts.push(format!("removes {}", ids(&c.removes)));
    }
    if !c.unexcludes.is_empty() {
        parts.push(format!("unexcludes {}", ids(&c.unexcludes)));
    }
    if let Some(h) = &c.effort_hours {
        parts.push(format!("effort cap {} h", h.value));
    }
    if let Some(d) = &c.start {
        parts.push(format!("start {}", d.value));
    }
    if let Some(d) = &c.end {
        parts.push(format!("end {}", d.value));
    }
    parts.join("; ")
}
