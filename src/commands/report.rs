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
    refuse_options_that_do_not_apply(a)?;
    let text = match ctx.target()? {
        store::Root::Program(root) => {
            let loaded = store::load(&root)?;
            report::program(&loaded)?;
            warn_unreadable(loaded.diagnostics.iter());
            build(ctx, a, &store::Programs::one(&loaded), || {
                check::check(&loaded)
            })?
        }
        store::Root::Portfolio(root) => {
            let p = store::load_portfolio(&root)?;
            if p.portfolio.is_none() {
                bail!(
                    "{} could not be read, so there is nothing to report; run `pm check` to see why",
                    store::PORTFOLIO_FILE
                );
            }
            warn_unreadable(
                p.diagnostics
                    .iter()
                    .chain(p.members.iter().flat_map(|m| &m.loaded.diagnostics)),
            );
            build(
                ctx,
                a,
                &store::Programs::of(&p, ctx.only.as_deref()),
                || check::portfolio(&p),
            )?
        }
    };
    ctx.print(&text)?;
    Ok(Exit::Success)
}

/// Says on stderr that files that could not be read are missing from the report.
fn warn_unreadable<'a>(diags: impl Iterator<Item = &'a check::Diagnostic>) {
    let unreadable = diags.filter(|d| d.severity == Severity::Error).count();
    if unreadable > 0 {
        eprintln!(
            "warning: {unreadable} problem{} reading the program files; what could not be read is missing from this report (run `pm check` to see where)",
            if unreadable == 1 { "" } else { "s" }
        );
    }
}

/// The report of `programs`, in the asked format; `findings` gives what `pm check` finds, for
/// the kinds that show it.
fn build(
    ctx: &Ctx,
    a: &ReportArgs,
    programs: &store::Programs<'_>,
    findings: impl FnOnce() -> Vec<check::Diagnostic>,
) -> Result<String> {
    Ok(match a.kind {
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
            let doc = allocation::build_for(programs, &opts)?;
            emit(ctx, a.format, &doc, || doc.table())?
        }
        ReportKind::Projects => {
            let doc = report::projects::build_for(programs, &findings(), ctx.today)?;
            emit(ctx, a.format, &doc, || doc.table())?
        }
        ReportKind::People => {
            let doc = report::people::build_for(programs, ctx.today)?;
            emit(ctx, a.format, &doc, || doc.table())?
        }
        ReportKind::Scope => {
            let doc = report::scope::build_for(programs, &findings())?;
            emit(ctx, a.format, &doc, || doc.table())?
        }
        ReportKind::Requests => {
            let doc = report::requests::build_for(programs)?;
            emit(ctx, a.format, &doc, || doc.table())?
        }
        ReportKind::Gantt => {
            let opts = gantt::Options {
                from: a.from,
                to: a.to,
            };
            let doc = gantt::build_for(programs, &opts)?;
            match a.format {
                ReportFormat::Mermaid => render::mermaid::render(&doc, ctx.today),
                // A gantt chart in Markdown is the diagram, fenced so that GitHub draws it.
                ReportFormat::Markdown => render::mermaid::fenced(&doc, ctx.today),
                format => emit(ctx, format, &doc, || doc.table())?,
            }
        }
        ReportKind::Dependencies => {
            let doc = report::dependencies::build_for(programs);
            match a.format {
                ReportFormat::Mermaid => render::mermaid::flowchart(&doc),
                format => emit(ctx, format, &doc, || doc.table())?,
            }
        }
    })
}

fn kind_name(kind: ReportKind) -> &'static str {
    match kind {
        ReportKind::Allocation => "allocation",
        ReportKind::Projects => "projects",
        ReportKind::People => "people",
        ReportKind::Scope => "scope",
        ReportKind::Requests => "requests",
        ReportKind::Gantt => "gantt",
        ReportKind::Dependencies => "dependencies",
    }
}

/// An option that would be silently ignored is refused, so nobody reads a report believing it
/// was narrowed or widened when it was not.
fn refuse_options_that_do_not_apply(a: &ReportArgs) -> Result<()> {
    let kind = kind_name(a.kind);
    if a.format == ReportFormat::Mermaid
        && !matches!(a.kind, ReportKind::Gantt | ReportKind::Dependencies)
    {
        bail!(
            "--format mermaid draws the gantt and dependencies reports only; run `pm report gantt --format mermaid`, \
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

/// The document itself for JSON and YAML; its table for the other formats.
fn emit<T: Serialize>(
    ctx: &Ctx,
    format: ReportFormat,
    doc: &T,
    table: impl FnOnce() -> Table,
) -> Result<String> {
    Ok(match format {
        ReportFormat::Json => render::json::report(doc)?,
        ReportFormat::Yaml => render::yaml::render(doc)?,
        ReportFormat::Csv => render::csv::render(&table())?,
        ReportFormat::Markdown => render::markdown::render(&table()),
        ReportFormat::Table => {
            render::table::render(&table(), ctx.color, render::table::terminal_width())
        }
        ReportFormat::Mermaid => {
            bail!("--format mermaid draws the gantt and dependencies reports only")
        }
    })
}
