//! `pm benefit add|list`: the program benefits in program.toml that projects serve (PM301,
//! PM302 need them, and without this command they could only be written by hand).

use anyhow::{Result, anyhow, bail};
use toml_edit::{Table, value};

use super::edit::Session;
use super::{Ctx, Exit, list_table, require_slug};
use crate::cli::BenefitCommand;
use crate::model::{ProjectStatus, keys};
use crate::store::{self, PROGRAM_FILE, tables};

pub fn run(ctx: &Ctx, c: &BenefitCommand) -> Result<Exit> {
    match c {
        BenefitCommand::Add { id, title } => add(ctx, id, title),
        BenefitCommand::List => list(ctx),
    }
}

fn add(ctx: &Ctx, id: &str, title: &str) -> Result<Exit> {
    require_slug("benefit", id)?;
    let title = title.trim();
    if title.is_empty() {
        bail!(
            "--title is empty; say what the program achieves, e.g. --title \"Land a crew on the Moon\""
        );
    }
    let session = Session::begin(ctx)?;
    let (mut file, program) = session.program()?;
    if program.benefit(id).is_some() {
        bail!("benefit '{id}' is already in {PROGRAM_FILE}; pick another id");
    }
    let mut t = Table::new();
    t.insert("id", value(id));
    t.insert("title", value(title));
    // A first [[benefit]] goes before the people and the check settings, as the format orders them.
    tables::append(
        &mut file.doc,
        "benefit",
        &tables::after(&keys::PROGRAM_FILE, "benefit"),
        t,
    )
    .map_err(|e| anyhow!("{PROGRAM_FILE}: {e}"))?;
    session.commit(&[&file])?;
    ctx.print(&format!("added benefit {id} to {PROGRAM_FILE}\n"))?;
    Ok(Exit::Success)
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
    let mut table = list_table(ctx, &["id", "title", "served by"]);
    for b in &program.benefits {
        // Cancelled projects serve nothing any more (PM302 counts the same way).
        let served: Vec<&str> = loaded
            .projects
            .iter()
            .filter(|p| p.status.value != ProjectStatus::Cancelled)
            .filter(|p| p.benefits.iter().any(|x| x.value == b.id.value))
            .map(|p| p.id.as_str())
            .collect();
        table.add_row(vec![
            b.id.value.clone(),
            b.title.clone().unwrap_or_default(),
            served.join(", "),
        ]);
    }
    ctx.print(&format!("{}\n", table.trim_fmt()))?;
    Ok(Exit::Success)
}
