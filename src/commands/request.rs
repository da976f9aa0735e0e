//! `pm request add|list|set|fill|withdraw`: staffing escalation. The project manager asks for someone with
//! some skills; the program manager fills the request with a person from the pool.

use anyhow::Result;

use super::{Ctx, Exit};
use crate::cli::{RequestCommand, RequestListArgs};
use crate::edit;
use crate::model::RequestStatus;
use crate::report::{Cell, Column, Table};

pub fn run(ctx: &Ctx, cmd: &RequestCommand) -> Result<Exit> {
    match cmd {
        RequestCommand::Add(a) => ctx.edit(|tree| edit::request::add(tree, a)),
        RequestCommand::List(a) => list(ctx, a),
        RequestCommand::Set(a) => ctx.edit(|tree| edit::request::set(tree, a)),
        RequestCommand::Fill(a) => ctx.edit(|tree| edit::request::fill(tree, a)),
        RequestCommand::Withdraw(a) => ctx.edit(|tree| edit::request::withdraw(tree, a)),
    }
}

fn list(ctx: &Ctx, a: &RequestListArgs) -> Result<Exit> {
    let loaded = super::load_for_listing(ctx, a.project.as_deref())?;
    let mut rows: Vec<[String; 8]> = Vec::new();
    for p in &loaded.projects {
        if a.project.as_ref().is_some_and(|id| *id != p.id.value) {
            continue;
        }
        for r in &p.requests {
            if !a.all && r.status != RequestStatus::Open {
                continue;
            }
            let (from, to) = r.window(&p.charter).unzip();
            let status = match (&r.filled_by, r.status) {
                (Some(by), RequestStatus::Filled) => format!("filled by {}", by.value),
                (_, s) => s.as_str().to_owned(),
            };
            rows.push([
                p.id.value.clone(),
                r.id.value.clone(),
                r.skills.join(", "),
                r.allocation
                    .as_ref()
                    .map(|n| format!("{}%", n.value))
                    .unwrap_or_default(),
                from.map(|d| d.to_string()).unwrap_or_default(),
                to.map(|d| d.to_string()).unwrap_or_default(),
                status,
                r.reason.clone().unwrap_or_default(),
            ]);
        }
    }
    if rows.is_empty() {
        let what = if a.all {
            "no staffing requests"
        } else {
            "no open staffing requests"
        };
        ctx.print(&format!("{what}\n"))?;
        return Ok(Exit::Success);
    }
    rows.sort_by(|x, y| (&x[0], &x[1]).cmp(&(&y[0], &y[1])));
    let table = Table {
        columns: vec![
            Column::text("project", "project"),
            Column::text("id", "id"),
            Column::prose("skills", "skills"),
            Column::num("allocation", "allocation"),
            Column::text("from", "from"),
            Column::text("to", "to"),
            Column::text("status", "status"),
            Column::prose("reason", "reason"),
        ],
        rows: rows
            .into_iter()
            .map(|row| row.into_iter().map(Cell::new).collect())
            .collect(),
        frozen: 2,
    };
    ctx.print(&super::table_text(ctx, &table, 0))?;
    Ok(Exit::Success)
}
