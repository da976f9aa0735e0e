//! `pm report KIND`: builds one report and prints it in the asked format.

use anyhow::{Result, bail};
use serde::Serialize;

use super::{Ctx, Exit};
use crate::check::{self, Severity};
use crate::cli::{ReportArgs, ReportFormat, ReportKind, ReportPeriod};
use crate::render;
use crate::report::{self, Table, allocation, gantt};
use crate::store;

pub fn run(ctx: &Ctx, a: &ReportArgs) -> Result<Exit> {
    let text = text(ctx, a)?;
    ctx.print(&text)?;
    Ok(Exit::Success)
}

/// The report as the asked format renders it.
pub fn text(ctx: &Ctx, a: &ReportArgs) -> Result<String> {
    refuse_options_that_do_not_apply(a)?;
    let root = ctx.root()?;
    let loaded = store::load(&root)?;
    report::program(&loaded)?;
    let unreadable = loaded
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    if unreadable > 0 {
        eprintln!(
            "warning: {unreadable} problem{} reading the program files; what could not be read is missing from this report (run `pm check` to see where)",
            if unreadable == 1 { "" } else { "s" }
        );
    }
    let text = match a.kind {
        ReportKind::Allocation => {
            let opts = allocation::Options {
                by: match a.by {
                    Some(ReportPeriod::Week) => allocation::By::Week,
                    Some(ReportPeriod::Month) | None => allocation::By::Month,
                },
                from: a.from,
                to: a.to,
                include_proposed: a.include_proposed,
            };
            let doc = allocation::build(&loaded, &opts)?;
            emit(ctx, a, &doc, || doc.table())?
        }
        ReportKind::Projects => {
            let diags = check::check(&loaded);
            let doc = report::projects::build(&loaded, &diags, ctx.today)?;
            emit(ctx, a, &doc, || doc.table())?
        }
        ReportKind::People => {
            let doc = report::people::build(&loaded, ctx.today)?;
            emit(ctx, a, &doc, || doc.table())?
        }
        ReportKind::Scope => {
            let diags = check::check(&loaded);
            let doc = report::scope::build(&loaded, &diags)?;
            emit(ctx, a, &doc, || doc.table())?
        }
        ReportKind::Requests => {
            let doc = report::requests::build(&loaded)?;
            emit(ctx, a, &doc, || doc.table())?
        }
        ReportKind::Gantt => {
            let opts = gantt::Options {
                from: a.from,
                to: a.to,
            };
            let doc = gantt::build(&loaded, &opts)?;
            match a.format {
                ReportFormat::Mermaid => render::mermaid::render(&doc, ctx.today),
                // A gantt chart in Markdown is the diagram, fenced so that GitHub draws it.
                ReportFormat::Markdown => render::mermaid::fenced(&doc, ctx.today),
                _ => emit(ctx, a, &doc, || doc.table())?,
            }
        }
    };
    Ok(text)
}

fn kind_name(kind: ReportKind) -> &'static str {
    match kind {
        ReportKind::Allocation => "allocation",
        ReportKind::Projects => "projects",
        ReportKind::People => "people",
        ReportKind::Scope => "scope",
        ReportKind::Requests => "requests",
        ReportKind::Gantt => "gantt",
    }
}

/// An option that would be silently ignored is refused, so nobody reads a report believing it
/// was narrowed or widened when it was not.
fn refuse_options_that_do_not_apply(a: &ReportArgs) -> Result<()> {
    let kind = kind_name(a.kind);
    if a.format == ReportFormat::Mermaid && a.kind != ReportKind::Gantt {
        bail!(
            "--format mermaid draws the gantt report only; run `pm report gantt --format mermaid`, \
             or print the {kind} report as table, csv, json, yaml or markdown"
        );
    }
    if a.kind != ReportKind::Allocation {
        if a.by.is_some() {
            bail!("--by applies to `pm report allocation` only, not to the {kind} report");
        }
        if a.include_proposed {
            bail!(
                "--include-proposed applies to `pm report allocation` only, not to the {kind} report"
            );
        }
    }
    if !matches!(a.kind, ReportKind::Allocation | ReportKind::Gantt)
        && (a.from.is_some() || a.to.is_some())
    {
        bail!(
            "--from/--to apply to the allocation and gantt reports only; the {kind} report is as of today (--today DATE to change it)"
        );
    }
    Ok(())
}

/// What a table report with no rows says instead, as the listings do.
fn nothing(kind: ReportKind) -> &'static str {
    match kind {
        ReportKind::Allocation => {
            "no people in the pool yet; add one with `pm person add ID --name NAME`"
        }
        ReportKind::Projects | ReportKind::Scope => {
            "no projects yet; create one with `pm project new ID --name NAME`"
        }
        ReportKind::People => "no people yet; add one with `pm person add ID --name NAME`",
        ReportKind::Requests => "no open staffing requests",
        ReportKind::Gantt => {
            "nothing dated to draw: no deliverable has a due date and no work both a start and a due date"
        }
    }
}

/// The document itself for JSON and YAML; its table for the other formats.
fn emit<T: Serialize>(
    ctx: &Ctx,
    a: &ReportArgs,
    doc: &T,
    table: impl FnOnce() -> Table,
) -> Result<String> {
    Ok(match a.format {
        ReportFormat::Json => render::json::report(doc)?,
        ReportFormat::Yaml => render::yaml::render(doc)?,
        ReportFormat::Csv => render::csv::render(&table())?,
        ReportFormat::Markdown => render::markdown::render(&table()),
        ReportFormat::Table => {
            let t = table();
            if t.rows.is_empty() {
                format!("{}\n", nothing(a.kind))
            } else {
                render::table::render(&t, ctx.color, render::table::terminal_width())
            }
        }
        ReportFormat::Mermaid => bail!("--format mermaid draws the gantt report only"),
    })
}
