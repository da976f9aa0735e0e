//! `pm assignment list|set|remove`: single assignments, listed across projects or changed one
//! at a time.

use anyhow::{Result, bail};

use super::{Ctx, Exit, table_text};
use crate::cli::{AssignmentCommand, AssignmentListArgs};
use crate::edit;
use crate::report::{Cell, Column, Table};
use crate::store::did_you_mean;

pub fn run(ctx: &Ctx, c: &AssignmentCommand) -> Result<Exit> {
    match c {
        AssignmentCommand::List(a) => list(ctx, a),
        AssignmentCommand::Set(a) => ctx.edit(|tree| edit::assignment::set(tree, a)),
        AssignmentCommand::Remove(a) => ctx.edit(|tree| edit::assignment::remove(tree, a)),
    }
}

/// Every assignment, or a person's, or a project's, or a person's on a project; with where each
/// is written.
fn list(ctx: &Ctx, a: &AssignmentListArgs) -> Result<Exit> {
    for id in a.person.iter().chain(&a.project) {
        edit::require_slug("person or project", id)?;
    }
    let loaded = super::load_for_listing(ctx, a.project.as_deref())?;
    let people: Vec<&str> = loaded
        .program
        .iter()
        .flat_map(|p| p.people.iter().map(|x| x.id.as_str()))
        .collect();
    // One argument is a person, else a project: `pm assignment list lander` lists lander's.
    let (person, project) = match (&a.person, &a.project) {
        (Some(x), None) if !people.contains(&x.as_str()) => {
            if loaded.project(x).is_none() {
                let ids = people
                    .iter()
                    .copied()
                    .chain(loaded.projects.iter().map(|p| p.id.as_str()));
                let hint = match did_you_mean(x, ids) {
                    Some(s) => format!(" — did you mean '{s}'?"),
                    None => String::new(),
                };
                bail!("'{x}' is neither a person nor a project{hint}");
            }
            (None, Some(x.as_str()))
        }
        (p, q) => (p.as_deref(), q.as_deref()),
    };
    if let Some(p) = person
        && !people.contains(&p)
    {
        let hint = match did_you_mean(p, people.iter().copied()) {
            Some(s) => format!(" — did you mean '{s}'?"),
            None => String::new(),
        };
        bail!("unknown person '{p}'{hint}");
    }
    let mut table = Table {
        columns: vec![
            Column::text("person", "person"),
            Column::text("project", "project"),
            Column::num("allocation", "allocation"),
            Column::text("from", "from"),
            Column::text("to", "to"),
            Column::text("status", "status"),
            Column::prose("role", "role"),
            Column::text("at", "written at"),
        ],
        rows: Vec::new(),
        frozen: 2,
    };
    let mut rows = Vec::new();
    for p in &loaded.projects {
        if project.is_some_and(|id| id != p.id.value) {
            continue;
        }
        for x in &p.assignments {
            if person.is_some_and(|id| id != x.person.value) {
                continue;
            }
            let (from, to) = x.window(&p.charter).unzip();
            let at = loaded.sources.line_col(p.loc(x.span));
            rows.push((
                (x.person.value.clone(), p.id.value.clone(), from),
                vec![
                    Cell::new(&x.person.value),
                    Cell::new(&p.id.value),
                    Cell::new(format!("{}%", x.allocation.value)),
                    Cell::opt(from.map(|d| d.to_string())),
                    Cell::opt(to.map(|d| d.to_string())),
                    Cell::new(x.status.as_str()),
                    Cell::opt(x.role.as_deref()),
                    Cell::new(format!("{}:{}", loaded.sources.path(p.file), at.line)),
                ],
            ));
        }
    }
    if rows.is_empty() {
        let whose = match (person, project) {
            (Some(x), Some(p)) => format!("{x} has no assignment on {p}"),
            (Some(x), None) => format!("{x} has no assignment"),
            (None, Some(p)) => format!("nobody is assigned to {p}"),
            (None, None) => "no assignments yet".to_owned(),
        };
        ctx.print(&format!(
            "{whose}; add one with `pm assign PERSON PROJECT --allocation N`\n"
        ))?;
        return Ok(Exit::Success);
    }
    rows.sort_by(|x, y| x.0.cmp(&y.0));
    table.rows = rows.into_iter().map(|(_, r)| r).collect();
    ctx.print(&table_text(ctx, &table, 0))?;
    Ok(Exit::Success)
}
