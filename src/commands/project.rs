//! `pm project new|list|show|set|rename`.

use std::fmt::Write as _;

use anyhow::{Result, bail};
use chrono::NaiveDate;

use super::{Ctx, Exit, table_text};
use crate::check::{self, Diagnostic, Severity};
use crate::cli::ProjectCommand;
use crate::edit;
use crate::model::Project;
use crate::report::{Cell, Column, Table};
use crate::store::{self, Loaded};

pub fn run(ctx: &Ctx, c: &ProjectCommand) -> Result<Exit> {
    match c {
        ProjectCommand::New(a) => ctx.edit(|tree| edit::project::new(tree, a)),
        ProjectCommand::List => list(ctx),
        ProjectCommand::Show { id } => show(ctx, id),
        ProjectCommand::Set(a) => ctx.edit(|tree| edit::project::set(tree, a)),
        ProjectCommand::Rename(a) => ctx.edit(|tree| edit::rename::project(tree, a)),
    }
}

/// Why a file did not load, from its first error finding: "projects/x.toml:3:10: invalid TOML: …".
pub(super) fn load_failure(loaded: &Loaded, rel: &str) -> String {
    let first = loaded
        .diagnostics
        .iter()
        .find(|d| d.severity == Severity::Error && loaded.sources.path(d.loc.file) == rel);
    match first {
        Some(d) => {
            let lc = loaded.sources.line_col(d.loc);
            format!(
                "{rel}:{}:{}: {}; fix the file (pm check shows every problem)",
                lc.line, lc.column, d.message
            )
        }
        None => format!("{rel} could not be read; run `pm check` to see why"),
    }
}

fn date(d: Option<NaiveDate>) -> String {
    d.map(|d| d.to_string()).unwrap_or_default()
}

fn list(ctx: &Ctx) -> Result<Exit> {
    let loaded = store::load(&ctx.root()?)?;
    // A listing silently missing a project would mislead: name the files that did not load.
    for found in store::project_files(&loaded.root)? {
        if !found.symlink
            && !loaded
                .projects
                .iter()
                .any(|p| loaded.sources.path(p.file) == found.rel)
        {
            eprintln!("warning: not listed: {}", load_failure(&loaded, &found.rel));
        }
    }
    if loaded.projects.is_empty() {
        ctx.print("no projects yet; create one with `pm project new ID --name NAME`\n")?;
        return Ok(Exit::Success);
    }
    let mut projects: Vec<&Project> = loaded.projects.iter().collect();
    projects.sort_by(|a, b| a.id.value.cmp(&b.id.value));
    let mut table = Table {
        columns: vec![
            Column::text("id", "id"),
            Column::prose("name", "name"),
            Column::text("status", "status"),
            Column::num("priority", "priority"),
            Column::text("manager", "manager"),
            Column::text("start", "start"),
            Column::text("end", "end"),
            Column::num("deliverables", "deliverables"),
            Column::num("work", "work"),
        ],
        rows: Vec::new(),
        frozen: 1,
    };
    for p in projects {
        table.rows.push(cells(vec![
            p.id.value.clone(),
            p.name.clone(),
            p.status.value.as_str().to_owned(),
            p.priority().to_string(),
            p.manager
                .as_ref()
                .map(|m| m.value.clone())
                .unwrap_or_default(),
            date(p.charter.start.as_ref().map(|d| d.value)),
            date(p.charter.end.as_ref().map(|d| d.value)),
            p.deliverables.len().to_string(),
            p.work.len().to_string(),
        ]));
    }
    ctx.print(&table_text(ctx, &table, 0))?;
    Ok(Exit::Success)
}

fn cells(row: Vec<String>) -> Vec<Cell> {
    row.into_iter().map(Cell::new).collect()
}

/// A section of `pm project show`: its table, the first column naming the row.
fn section(columns: Vec<Column>) -> Table {
    Table {
        columns,
        rows: Vec::new(),
        frozen: 1,
    }
}

fn show(ctx: &Ctx, id: &str) -> Result<Exit> {
    edit::require_slug("project", id)?;
    let tree = store::Tree::on_disk(ctx.root()?);
    let loaded = store::load_tree(&tree)?;
    let project = match loaded.project(id) {
        Some(p) => p,
        None => {
            // The file may exist but not decode: say so instead of "unknown".
            if let Some(rel) = edit::project_rel(&tree, id)? {
                bail!("{}", load_failure(&loaded, &rel));
            }
            bail!("{}", edit::unknown_project(&tree, id)?);
        }
    };
    let person = |pid: &str| -> String {
        match loaded.program.as_ref().and_then(|p| p.person(pid)) {
            Some(p) if p.name.is_some() => format!("{pid} ({})", p.display_name()),
            _ => pid.to_owned(),
        }
    };
    let mut out = String::new();
    let c = &project.charter;
    let _ = writeln!(
        out,
        "{} — {} ({})",
        project.id.value,
        project.name,
        loaded.sources.path(project.file)
    );
    let mut facts: Vec<(&str, String)> = vec![("status", project.status.value.as_str().into())];
    let priority = project.priority();
    facts.push((
        "priority",
        match &project.priority {
            Some(p) if p.value == i64::from(priority) => priority.to_string(),
            Some(p) => format!("{} (outside 1-1000, so {priority} counts)", p.value),
            None => format!("{priority} (the default)"),
        },
    ));
    if let Some(m) = &project.manager {
        facts.push(("manager", person(&m.value)));
    }
    if !project.benefits.is_empty() {
        let ids: Vec<&str> = project.benefits.iter().map(|b| b.as_str()).collect();
        facts.push(("benefits", ids.join(", ")));
    }
    if let Some(o) = &c.objective {
        facts.push(("objective", o.clone()));
    }
    if c.start.is_some() || c.end.is_some() {
        let s = date(c.start.as_ref().map(|d| d.value));
        let e = date(c.end.as_ref().map(|d| d.value));
        facts.push(("window", format!("{s} to {e}").trim().to_owned()));
    }
    let estimated: f64 = project
        .work
        .iter()
        .filter(|w| w.status.value != crate::model::WorkStatus::Dropped)
        .filter_map(|w| w.estimate_hours.as_ref().map(|h| h.value))
        .sum();
    match &c.effort_hours {
        Some(cap) => facts.push((
            "effort",
            format!("{estimated} h estimated of a {} h cap", cap.value),
        )),
        None if estimated > 0.0 => facts.push(("effort", format!("{estimated} h estimated"))),
        None => {}
    }
    if let Some(b) = c.budget {
        facts.push(("budget", b.to_string()));
    }
    if let Some(d) = c.approved.as_ref().map(|d| d.value) {
        let by = c
            .approved_by
            .as_ref()
            .map(|p| format!(" by {}", person(&p.value)))
            .unwrap_or_default();
        facts.push(("approved", format!("{d}{by}")));
    }
    let width = facts.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
    for (k, v) in &facts {
        let _ = writeln!(out, "  {k:width$}  {v}");
    }

    if !project.deliverables.is_empty() {
        let mut t = section(vec![
            Column::text("deliverable", "deliverable"),
            Column::prose("title", "title"),
            Column::text("due", "due"),
        ]);
        for d in &project.deliverables {
            t.rows.push(cells(vec![
                d.id.value.clone(),
                d.title.clone().unwrap_or_default(),
                date(d.due.as_ref().map(|d| d.value)),
            ]));
        }
        push_section(
            ctx,
            &mut out,
            "Deliverables",
            project.deliverables.len(),
            &t,
        );
    }
    if !project.exclusions.is_empty() {
        let mut t = section(vec![
            Column::text("exclusion", "exclusion"),
            Column::prose("title", "title"),
            Column::prose("keywords", "keywords"),
        ]);
        for e in &project.exclusions {
            t.rows.push(cells(vec![
                e.id.value.clone(),
                e.title.clone().unwrap_or_default(),
                e.keywords.join(", "),
            ]));
        }
        push_section(ctx, &mut out, "Exclusions", project.exclusions.len(), &t);
    }
    if !project.work.is_empty() {
        let mut t = section(vec![
            Column::text("work", "work"),
            Column::text("status", "status"),
            Column::text("deliverable", "deliverable"),
            Column::num("hours", "hours"),
            Column::text("assignee", "assignee"),
            Column::text("start", "start"),
            Column::text("due", "due"),
            Column::prose("title", "title"),
        ]);
        for w in &project.work {
            t.rows.push(cells(vec![
                w.id.value.clone(),
                w.status.value.as_str().to_owned(),
                w.deliverable
                    .as_ref()
                    .map(|d| d.value.clone())
                    .unwrap_or_default(),
                w.estimate_hours
                    .as_ref()
                    .map(|h| h.value.to_string())
                    .unwrap_or_default(),
                w.assignee
                    .as_ref()
                    .map(|a| a.value.clone())
                    .unwrap_or_default(),
                date(w.start.as_ref().map(|d| d.value)),
                date(w.due.as_ref().map(|d| d.value)),
                w.title.value.clone(),
            ]));
        }
        push_section(ctx, &mut out, "Work", project.work.len(), &t);
    }
    if !project.assignments.is_empty() {
        let mut t = section(vec![
            Column::text("person", "person"),
            Column::num("allocation", "allocation"),
            Column::text("from", "from"),
            Column::text("to", "to"),
            Column::text("status", "status"),
            Column::prose("role", "role"),
        ]);
        for a in &project.assignments {
            let (from, to) = match a.window(c) {
                Some((f, t)) => (f.to_string(), t.to_string()),
                None => (String::new(), String::new()),
            };
            t.rows.push(cells(vec![
                a.person.value.clone(),
                format!("{}%", a.allocation.value),
                from,
                to,
                a.status.as_str().to_owned(),
                a.role.clone().unwrap_or_default(),
            ]));
        }
        push_section(ctx, &mut out, "Assignments", project.assignments.len(), &t);
    }
    if !project.requests.is_empty() {
        let mut t = section(vec![
            Column::text("request", "request"),
            Column::text("status", "status"),
            Column::prose("skills", "skills"),
            Column::num("allocation", "allocation"),
            Column::text("from", "from"),
            Column::text("to", "to"),
            Column::prose("reason", "reason"),
        ]);
        for r in &project.requests {
            let (from, to) = match r.window(c) {
                Some((f, t)) => (f.to_string(), t.to_string()),
                None => (String::new(), String::new()),
            };
            let filled = r
                .filled_by
                .as_ref()
                .map(|p| format!(" by {}", p.value))
                .unwrap_or_default();
            t.rows.push(cells(vec![
                r.id.value.clone(),
                format!("{}{filled}", r.status.as_str()),
                r.skills.join(", "),
                r.allocation
                    .as_ref()
                    .map(|a| format!("{}%", a.value))
                    .unwrap_or_default(),
                from,
                to,
                r.reason.clone().unwrap_or_default(),
            ]));
        }
        push_section(ctx, &mut out, "Requests", project.requests.len(), &t);
    }

    let findings: Vec<Diagnostic> = check::check(&loaded)
        .into_iter()
        .filter(|d| crate::report::concerns(d, project))
        .collect();
    let (errors, warnings) = check::counts(&findings);
    if findings.is_empty() {
        let _ = writeln!(out, "\nFindings: none");
    } else {
        let _ = writeln!(
            out,
            "\nFindings: {} ({errors} {}, {warnings} {})",
            findings.len(),
            plural(errors, "error", "errors"),
            plural(warnings, "warning", "warnings")
        );
    }
    for d in &findings {
        let lc = loaded.sources.line_col(d.loc);
        let severity = match d.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        let _ = writeln!(
            out,
            "  {}:{}:{}: {severity}[{}] {}",
            loaded.sources.path(d.loc.file),
            lc.line,
            lc.column,
            d.rule.code(),
            d.message
        );
    }
    ctx.print(&out)?;
    Ok(Exit::Success)
}

fn plural<'a>(n: usize, one: &'a str, many: &'a str) -> &'a str {
    if n == 1 { one } else { many }
}

fn push_section(ctx: &Ctx, out: &mut String, title: &str, n: usize, table: &Table) {
    let _ = writeln!(out, "\n{title} ({n})");
    out.push_str(&table_text(ctx, table, 2));
}
