//! `pm benefit add|list|set|remove`: the program benefits in program.toml that projects serve (PM301,
//! PM302 need them, and without this command they could only be written by hand).

use anyhow::{Result, bail};

use super::{Ctx, Exit, table_text};
use crate::cli::BenefitCommand;
use crate::edit;
use crate::model::ProjectStatus;
use crate::report::{Cell, Column, Table};
use crate::store::{self, PROGRAM_FILE};

pub fn run(ctx: &Ctx, c: &BenefitCommand) -> Result<Exit> {
    match c {
        BenefitCommand::Add { id, title } => ctx.edit(|tree| edit::benefit::add(tree, id, title)),
        BenefitCommand::List => list(ctx),
        BenefitCommand::Set(a) => ctx.edit(|tree| edit::benefit::set(tree, a)),
        BenefitCommand::Remove { id } => ctx.edit(|tree| edit::benefit::remove(tree, id)),
    }
}

fn list(ctx: &Ctx) -> Result<Exit> {
    let loaded = store::load(&ctx.root()?)?;
    let Some(program) = &loaded.program else {
        bail!("{}", super::project::load_failure(&loaded, PROGRAM_FILE));
    };
    if program.benefits.is_empty() {
        ctx.print("no benefits yet; add one with `pm benefit add ID --title TITLE`\n")?;
        return Ok(Exit::Success);
    }
    let mut table = Table {
        columns: vec![
            Column::text("id", "id"),
            Column::prose("title", "title"),
            Column::prose("served_by", "served by"),
        ],
        rows: Vec::new(),
        frozen: 1,
    };
    for b in &program.benefits {
        // Cancelled projects serve nothing any more (PM302 counts the same way).
        let served: Vec<&str> = loaded
            .projects
            .iter()
            .filter(|p| p.status.value != ProjectStatus::Cancelled)
            .filter(|p| p.benefits.iter().any(|x| x.value == b.id.value))
            .map(|p| p.id.as_str())
            .collect();
        table.rows.push(vec![
            Cell::new(&b.id.value),
            Cell::opt(b.title.as_deref()),
            Cell::new(served.join(", ")),
        ]);
    }
    ctx.print(&table_text(ctx, &table, 0))?;
    Ok(Exit::Success)
}
