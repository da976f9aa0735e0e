//! `pm report KIND`: builds one report and prints it in the asked format.

use anyhow::{Result, bail};
use serde::Serialize;

use super::{Ctx, Exit, output};
use crate::check::{self, Severity};
use crate::cli::{ReportArgs, ReportFormat, ReportKind, ReportPeriod};
use crate::render;
use crate::report::{self, Table, allocation, dashboard, gantt, heatmap};
use crate::store;

pub fn run(ctx: &Ctx, a: &ReportArgs) -> Result<Exit> {
    let root = ctx.root()?;
    let target = output::target(ctx, &root, &a.output)?;
    let text = text(ctx, a)?;
    output::emit(ctx, target.as_deref(), &text)?;
    Ok(Exit::Success)
}

/// The report as the asked format renders it.
pub fn text(ctx: &Ctx, a: &ReportArgs) -> Result<String> {
    let format = a.format.unwrap_or(match a.kind {
        ReportKind::Dashboard => ReportFormat::Html,
        _ => ReportFormat::Table,
    });
    refuse_options_that_do_not_apply(a, format)?;
    let root = ctx.root()?;
    // A file is not a terminal: no colour, no fitting to the terminal's width.
    let (color, width) = match a.output.output {
        Some(_) => (false, None),
        None => (ctx.color, render::table::terminal_width()),
    };
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
    let allocation_options = || allocation::Options {
        by: match a.by {
            Some(ReportPeriod::Week) => allocation::By::Week,
            Some(ReportPeriod::Month) | None => allocation::By::Month,
        },
        from: a.from,
        to: a.to,
        include_proposed: a.include_proposed,
    };
    let text = match a.kind {
        ReportKind::Allocation if format == ReportFormat::Svg => {
            let map = heatmap::build(&loaded, &allocation_options())?;
            render::svg::heatmap::render(&map)
        }
        ReportKind::Allocation => {
            let doc = allocation::build(&loaded, &allocation_options())?;
            emit(format, a.kind, &doc, || doc.table(), color, width)?
        }
        ReportKind::Dashboard => {
            let diags = check::check(&loaded);
            let opts = dashboard::Options {
                allocation: allocation_options(),
                today: ctx.today,
            };
            let doc = dashboard::build(&loaded, &diags, &opts)?;
            render::html::render(&doc, a.source_url.as_deref())
        }
        ReportKind::Projects => {
            let diags = check::check(&loaded);
            let doc = report::projects::build(&loaded, &diags, ctx.today)?;
            emit(format, a.kind, &doc, || doc.table(), color, width)?
        }
        ReportKind::People => {
            let doc = report::people::build(&loaded, ctx.today)?;
            emit(format, a.kind, &doc, || doc.table(), color, width)?
        }
        ReportKind::Scope => {
            let diags = check::check(&loaded);
            let doc = report::scope::build(&loaded, &diags)?;
            emit(format, a.kind, &doc, || doc.table(), color, width)?
        }
        ReportKind::Requests => {
            let doc = report::requests::build(&loaded)?;
            emit(format, a.kind, &doc, || doc.table(), color, width)?
        }
        ReportKind::Gantt => {
            let opts = gantt::Options {
                from: a.from,
                to: a.to,
            };
            let doc = gantt::build(&loaded, &opts)?;
            match format {
                ReportFormat::Mermaid => render::mermaid::render(&doc, ctx.today),
                // A gantt chart in Markdown is the diagram, fenced so that GitHub draws it.
                ReportFormat::Markdown => render::mermaid::fenced(&doc, ctx.today),
                format => emit(format, a.kind, &doc, || doc.table(), color, width)?,
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
        ReportKind::Dashboard => "dashboard",
    }
}

/// An option that would be silently ignored is refused, so nobody reads a report believing it
/// was narrowed or widened when it was not.
fn refuse_options_that_do_not_apply(a: &ReportArgs, format: ReportFormat) -> Result<()> {
    let kind = kind_name(a.kind);
    let tabular = "table, csv, json, yaml or markdown";
    match (format, a.kind) {
        (ReportFormat::Mermaid, k) if k != ReportKind::Gantt => bail!(
            "--format mermaid draws the gantt report only; run `pm report gantt --format mermaid`, \
             or print the {kind} report as {tabular}"
        ),
        (ReportFormat::Svg, k) if k != ReportKind::Allocation => bail!(
            "--format svg draws the allocation heat map only; run `pm report allocation --format svg`, \
             or print the {kind} report as {tabular}"
        ),
        (ReportFormat::Html, k) if k != ReportKind::Dashboard => bail!(
            "--format html is the dashboard only; run `pm report dashboard`, or print the {kind} \
             report as {tabular}"
        ),
        (f, ReportKind::Dashboard) if f != ReportFormat::Html => bail!(
            "the dashboard is an HTML page only (--format html, the default); for data, use the \
             other reports' json, csv or yaml"
        ),
        _ => {}
    }
    let heat_map = matches!(a.kind, ReportKind::Allocation | ReportKind::Dashboard);
    if !heat_map {
        if a.by.is_some() {
            bail!(
                "--by applies to the allocation report and the dashboard only, not to the {kind} report"
            );
        }
        if a.include_proposed {
            bail!(
                "--include-proposed applies to the allocation report and the dashboard only, not to the {kind} report"
            );
        }
    }
    if !matches!(
        a.kind,
        ReportKind::Allocation | ReportKind::Gantt | ReportKind::Dashboard
    ) && (a.from.is_some() || a.to.is_some())
    {
        bail!(
            "--from/--to apply to the allocation, gantt and dashboard reports only; the {kind} report is as of today (--today DATE to change it)"
        );
    }
    if let Some(url) = &a.source_url {
        if a.kind != ReportKind::Dashboard {
            bail!("--source-url applies to the dashboard only, not to the {kind} report");
        }
        if !(url.starts_with("https://") || url.starts_with("http://")) {
            bail!(
                "--source-url {url} is not an http(s) URL; give the address of the program folder \
                 in a repository browser, e.g. https://github.com/ORG/REPO/blob/COMMIT/PATH"
            );
        }
    }
    Ok(())
}

/// What a table report with no rows says instead, as the listings do.
fn nothing(kind: ReportKind) -> &'static str {
    match kind {
        ReportKind::Allocation | ReportKind::Dashboard => {
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
    format: ReportFormat,
    kind: ReportKind,
    doc: &T,
    table: impl FnOnce() -> Table,
    color: bool,
    width: Option<u16>,
) -> Result<String> {
    Ok(match format {
        ReportFormat::Json => render::json::report(doc)?,
        ReportFormat::Yaml => render::yaml::render(doc)?,
        ReportFormat::Csv => render::csv::render(&table())?,
        ReportFormat::Markdown => render::markdown::render(&table()),
        ReportFormat::Table => {
            let t = table();
            if t.rows.is_empty() {
                format!("{}\n", nothing(kind))
            } else {
                render::table::render(&t, color, width)
            }
        }
        ReportFormat::Mermaid | ReportFormat::Svg | ReportFormat::Html => {
            bail!("this report has no {format:?} form")
        }
    })
}
