//! `pm export mspdi|ical|csv`: the program in the formats other tools read.

use anyhow::Result;

use super::{Ctx, Exit, load_for_listing, output, report};
use crate::cli::{ExportArgs, ExportCommand, ExportCsvArgs, OutputArgs, ReportArgs, ReportFormat};
use crate::interchange::{ical, mspdi};
use crate::model::Project;
use crate::store::Loaded;

pub fn run(ctx: &Ctx, c: &ExportCommand) -> Result<Exit> {
    match c {
        ExportCommand::Mspdi(a) => export(ctx, a, |loaded, projects, whole| {
            let program = crate::report::program(loaded)?;
            let exported = mspdi::export::document(program, projects, whole);
            for what in &exported.left_out {
                eprintln!("note: left out {what}");
            }
            Ok(mspdi::write(&exported.document))
        }),
        ExportCommand::Ical(a) => export(ctx, a, |loaded, projects, whole| {
            let program = crate::report::program(loaded)?;
            let events = ical::events(program, projects, whole);
            let name = match (whole, projects) {
                (false, [p]) => format!("{} — {}", program.name, p.name),
                _ => program.name.clone(),
            };
            Ok(ical::write(&name, &events, ctx.today))
        }),
        ExportCommand::Csv(a) => csv(ctx, a),
    }
}

/// Loads the program (or checks the one project asked for), makes the text and writes it.
fn export(
    ctx: &Ctx,
    a: &ExportArgs,
    make: impl FnOnce(&Loaded, &[&Project], bool) -> Result<String>,
) -> Result<Exit> {
    let root = ctx.root()?;
    let target = output::target(ctx, &root, &a.output)?;
    let loaded = load_for_listing(ctx, a.project.as_deref())?;
    let projects: Vec<&Project> = loaded
        .projects
        .iter()
        .filter(|p| a.project.as_deref().is_none_or(|id| p.id.value == id))
        .collect();
    let text = make(&loaded, &projects, a.project.is_none())?;
    output::emit(ctx, target.as_deref(), &text)?;
    Ok(Exit::Success)
}

/// `pm report KIND --format csv`, to standard output or a file.
fn csv(ctx: &Ctx, a: &ExportCsvArgs) -> Result<Exit> {
    let root = ctx.root()?;
    let target = output::target(ctx, &root, &a.output)?;
    let text = report::text(
        ctx,
        &ReportArgs {
            kind: a.kind,
            format: Some(ReportFormat::Csv),
            from: a.from,
            to: a.to,
            by: a.by,
            include_proposed: a.include_proposed,
            output: OutputArgs::default(),
            source_url: None,
        },
    )?;
    output::emit(ctx, target.as_deref(), &text)?;
    Ok(Exit::Success)
}
