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
    let (store::Root::Program(root) | store::Root::Portfolio(root)) = ctx.target()?;
    let target = output::target(ctx, &root, &a.output)?;
    let text = text(ctx, a)?;
    output::emit(ctx, target.as_deref(), &text)?;
    Ok(Exit::Success)
}

/// The report as the asked format renders it: of the program, or of every program of the
/// portfolio (`--only` showing one of them, their load counted in all).
pub fn text(ctx: &Ctx, a: &ReportArgs) -> Result<String> {
    let format = a.format.unwrap_or(match a.kind {
        ReportKind::Dashboard => ReportFormat::Html,
        _ => ReportFormat::Table,
    });
    refuse_options_that_do_not_apply(a, format)?;
    // A file is not a terminal: no colour, no fitting to the terminal's width.
    let look = match a.output.output {
        Some(_) => Look {
            color: false,
            width: None,
        },
        None => Look {
            color: ctx.color,
            width: render::table::terminal_width(),
        },
    };
    match ctx.target()? {
        store::Root::Program(root) => {
            let loaded = store::load(&root)?;
            report::program(&loaded)?;
            warn_unreadable(loaded.diagnostics.iter());
            let programs = store::Programs::one(&loaded);
            build(ctx, a, (format, look), (&programs, Some(&loaded)), || {
                check::check(&loaded)
            })
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
            let programs = store::Programs::of(&p, ctx.only.as_deref());
            build(ctx, a, (format, look), (&programs, None), || {
                check::portfolio(&p)
            })
        }
    }
}

/// How a table is printed: in colour or not, fitted to a width or not.
struct Look {
    color: bool,
    width: Option<u16>,
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

/// The report of `programs`; `single` is the program when there is one (the pictures draw
/// one program); `findings` gives what `pm check` finds, for the kinds that show it.
fn build(
    ctx: &Ctx,
    a: &ReportArgs,
    (format, look): (ReportFormat, Look),
    (programs, single): (&store::Programs<'_>, Option<&store::Loaded>),
    findings: impl FnOnce() -> Vec<check::Diagnostic>,
) -> Result<String> {
    let (color, width) = (look.color, look.width);
    let allocation_options = || allocation::Options {
        by: match a.by {
            Some(ReportPeriod::Week) => allocation::By::Week,
            Some(ReportPeriod::Month) | None => allocation::By::Month,
        },
        from: a.from,
        to: a.to,
        include_proposed: a.include_proposed,
    };
    let one = |what: &str| {
        single.ok_or_else(|| {
            anyhow::anyhow!(
                "{what} draws one program; run it in the program's folder (the portfolio's other reports count the load of every program)"
            )
        })
    };
    let text = match a.kind {
        ReportKind::Allocation if format == ReportFormat::Svg => {
            let map = heatmap::build(one("the heat map")?, &allocation_options())?;
            render::svg::heatmap::render(&map)
        }
        ReportKind::Allocation => {
            let doc = allocation::build_for(programs, &allocation_options())?;
            emit(format, a.kind, &doc, || doc.table(), color, width)?
        }
        ReportKind::Dashboard => {
            let loaded = one("the dashboard")?;
            let diags = findings();
            let opts = dashboard::Options {
                allocation: allocation_options(),
                today: ctx.today,
            };
            let doc = dashboard::build(loaded, &diags, &opts)?;
            render::html::render(&doc, a.source_url.as_deref())
        }
        ReportKind::Projects => {
            let doc = report::projects::build_for(programs, &findings(), ctx.today)?;
            emit(format, a.kind, &doc, || doc.table(), color, width)?
        }
        ReportKind::People => {
            let doc = report::people::build_for(programs, ctx.today)?;
            emit(format, a.kind, &doc, || doc.table(), color, width)?
        }
        ReportKind::Scope => {
            let doc = report::scope::build_for(programs, &findings())?;
            emit(format, a.kind, &doc, || doc.table(), color, width)?
        }
        ReportKind::Requests => {
            let doc = report::requests::build_for(programs)?;
            emit(format, a.kind, &doc, || doc.table(), color, width)?
        }
        ReportKind::Gantt => {
            let opts = gantt::Options {
                from: a.from,
                to: a.to,
            };
            let doc = gantt::build_for(programs, &opts)?;
            match format {
                ReportFormat::Mermaid => render::mermaid::render(&doc, ctx.today),
                // A gantt chart in Markdown is the diagram, fenced so that GitHub draws it.
                ReportFormat::Markdown => render::mermaid::fenced(&doc, ctx.today),
                format => emit(format, a.kind, &doc, || doc.table(), color, width)?,
            }
        }
        ReportKind::Dependencies => {
            let doc = report::dependencies::build_for(programs);
            match format {
                ReportFormat::Mermaid => render::mermaid::flowchart(&doc),
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
        ReportKind::Dependencies => "dependencies",
        ReportKind::Dashboard => "dashboard",
    }
}

/// An option that would be silently ignored is refused, so nobody reads a report believing it
/// was narrowed or widened when it was not.
fn refuse_options_that_do_not_apply(a: &ReportArgs, format: ReportFormat) -> Result<()> {
    let kind = kind_name(a.kind);
    let tabular = "table, csv, json, yaml or markdown";
    match (format, a.kind) {
        (ReportFormat::Mermaid, k)
            if !matches!(k, ReportKind::Gantt | ReportKind::Dependencies) =>
        {
            bail!(
                "--format mermaid draws the gantt and dependencies reports only; run `pm report gantt --format mermaid`, \
                 or print the {kind} report as {tabular}"
            )
        }
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
        ReportKind::Dependencies => {
            "no dependencies between projects; record one with `pm depend add PROJECT ID --on OTHER/DELIVERABLE --needed-by DATE`"
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
