//! `pm person add|list|set|off|remove|rename`: the shared pool of people in program.toml.

use super::{Ctx, Exit, table_text};
use crate::cli::PersonCommand;
use crate::edit;
use crate::model::Person;
use crate::report::{Cell, Column, Table};
use crate::store::{self, PROGRAM_FILE};
use anyhow::{Result, bail};

pub fn run(ctx: &Ctx, c: &PersonCommand) -> Result<Exit> {
    match c {
        PersonCommand::Add(a) => ctx.edit(|tree| edit::person::add(tree, a)),
        PersonCommand::List => list(ctx),
        PersonCommand::Set(a) => ctx.edit(|tree| edit::person::set(tree, a)),
        PersonCommand::Off(a) => ctx.edit(|tree| edit::person::off(tree, a)),
        PersonCommand::Remove { id } => ctx.edit(|tree| edit::person::remove(tree, id)),
        PersonCommand::Rename(a) => ctx.edit(|tree| edit::rename::person(tree, a)),
    }
}

fn list(ctx: &Ctx) -> Result<Exit> {
    let loaded = store::load(&ctx.root()?)?;
    let Some(program) = &loaded.program else {
        bail!("{}", super::project::load_failure(&loaded, PROGRAM_FILE));
    };
    if program.people.is_empty() {
        ctx.print("no people yet; add one with `pm person add ID --name NAME`\n")?;
        return Ok(Exit::Success);
    }
    let mut people: Vec<&Person> = program.people.iter().collect();
    people.sort_by(|a, b| a.id.value.cmp(&b.id.value));
    let mut table = Table {
        columns: vec![
            Column::text("id", "id"),
            Column::prose("name", "name"),
            Column::num("capacity", "capacity"),
            Column::prose("skills", "skills"),
            Column::text("start", "start"),
            Column::text("end", "end"),
            Column::num("time_off", "time off"),
        ],
        rows: Vec::new(),
        frozen: 1,
    };
    let date = |d: Option<&crate::model::Sp<chrono::NaiveDate>>| {
        d.map(|d| d.value.to_string()).unwrap_or_default()
    };
    for p in people {
        table.rows.push(vec![
            Cell::new(&p.id.value),
            Cell::opt(p.name.as_deref()),
            Cell::new(format!("{}%", p.capacity.value)),
            Cell::new(p.skills.join(", ")),
            Cell::new(date(p.start.as_ref())),
            Cell::new(date(p.end.as_ref())),
            Cell::new(p.time_off.len().to_string()),
        ]);
    }
    ctx.print(&table_text(ctx, &table, 0))?;
    Ok(Exit::Success)
}
