//! `pm person add|list|set|off|remove|rename`: the shared pool of people in program.toml.

use anyhow::{Result, bail};
use comfy_table::CellAlignment;

use super::{Ctx, Exit, list_table};
use crate::cli::PersonCommand;
use crate::edit;
use crate::model::Person;
use crate::store::{self, PROGRAM_FILE};

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
    let mut table = list_table(
        ctx,
        &[
            "id", "name", "capacity", "skills", "start", "end", "time off",
        ],
    );
    let date = |d: Option<&crate::model::Sp<chrono::NaiveDate>>| {
        d.map(|d| d.value.to_string()).unwrap_or_default()
    };
    for p in people {
        table.add_row(vec![
            p.id.value.clone(),
            p.name.clone().unwrap_or_default(),
            format!("{}%", p.capacity.value),
            p.skills.join(", "),
            date(p.start.as_ref()),
            date(p.end.as_ref()),
            p.time_off.len().to_string(),
        ]);
    }
    for i in [2, 6] {
        if let Some(c) = table.column_mut(i) {
            c.set_cell_alignment(CellAlignment::Right);
        }
    }
    ctx.print(&format!("{}\n", table.trim_fmt()))?;
    Ok(Exit::Success)
}
