//! `pm project new|list|show|set`.

use std::fmt::Write as _;

use anyhow::{Result, bail};
use chrono::NaiveDate;
use comfy_table::{CellAlignment, Table as TextTable};
use toml_edit::{DocumentMut, Item, Table, TableLike, Value};

use super::edit::{self, Session, require_person, set_key};
use super::{Ctx, Exit, list_table, project_rel, require_slug};
use crate::check::{self, Diagnostic, Severity};
use crate::cli::{ProjectCommand, ProjectNewArgs, ProjectSetArgs};
use crate::model::{Program, Project, schema};
use crate::store::tables;
use crate::store::{self, Loaded, PROGRAM_FILE, PROJECTS_DIR, did_you_mean, write};

pub fn run(ctx: &Ctx, c: &ProjectCommand) -> Result<Exit> {
    match c {
        ProjectCommand::New(a) => new(ctx, a),
        ProjectCommand::List => list(ctx),
        ProjectCommand::Show { id } => show(ctx, id),
        ProjectCommand::Set(a) => set(ctx, a),
    }
}

fn new(ctx: &Ctx, a: &ProjectNewArgs) -> Result<Exit> {
    require_slug("project", &a.id)?;
    if a.name.trim().is_empty() {
        bail!("the project name cannot be empty; give one with --name");
    }
    if let Some(m) = &a.manager {
        require_slug("person", m)?;
    }
    for b in &a.benefits {
        require_slug("benefit", b)?;
    }
    if let (Some(start), Some(end)) = (a.start, a.end)
        && end < start
    {
        bail!("--end {end} is before --start {start}; the charter window must not be reversed");
    }

    let session = Session::begin(ctx)?;
    if let Some(rel) = project_rel(&session.root, &a.id)? {
        bail!(
            "project '{}' already exists in {rel}; change it with `pm project set {}`",
            a.id,
            a.id
        );
    }
    let (_, program) = session.program()?;
    if let Some(m) = &a.manager {
        require_person(&program, m)?;
    }
    for b in &a.benefits {
        require_benefit(&program, b)?;
    }

    let rel = format!("{PROJECTS_DIR}/{}.toml", a.id);
    let text = format!(
        "{}{}",
        schema_line(&session.root, &rel),
        new_project_text(a)?
    );
    write::create(&session.root, &rel, &text)?;
    ctx.print(&format!("created project {} in {rel}\n", a.id))?;
    Ok(Exit::Success)
}

/// The first lines of a new project file at `rel`: a `#:schema` line and a blank line when
/// the program has the project schema (`pm init` writes it), so editors validate the file;
/// nothing otherwise, since a line pointing at no file would only make editors complain.
pub(super) fn schema_line(root: &std::path::Path, rel: &str) -> String {
    if root.join(schema::PROJECT_SCHEMA).is_file() {
        format!("{}\n", schema::directive(rel, schema::PROJECT_SCHEMA))
    } else {
        String::new()
    }
}

fn require_benefit(program: &Program, id: &str) -> Result<()> {
    if program.benefit(id).is_some() {
        return Ok(());
    }
    let ids: Vec<&str> = program.benefits.iter().map(|b| b.id.as_str()).collect();
    let hint = match did_you_mean(id, ids.iter().copied()) {
        Some(s) => format!(" — did you mean '{s}'?"),
        None if ids.is_empty() => {
            format!("; {PROGRAM_FILE} has no benefits yet (add a [[benefit]] table first)")
        }
        None => format!("; the benefits are: {}", ids.join(", ")),
    };
    bail!("unknown benefit '{id}'{hint}")
}

/// `[project]` and `[charter]` in the key order of SPEC §4.
fn new_project_text(a: &ProjectNewArgs) -> Result<String> {
    let mut project = Table::new();
    project.insert("id", Item::Value(a.id.as_str().into()));
    project.insert("name", Item::Value(a.name.as_str().into()));
    let status = a.status.as_deref().unwrap_or("proposed");
    project.insert("status", Item::Value(status.into()));
    if let Some(m) = &a.manager {
        project.insert("manager", Item::Value(m.as_str().into()));
    }
    if !a.benefits.is_empty() {
        let mut benefits = toml_edit::Array::new();
        for b in &a.benefits {
            if !benefits.iter().any(|v| v.as_str() == Some(b.as_str())) {
                benefits.push(b.as_str());
            }
        }
        project.insert("benefits", Item::Value(Value::Array(benefits)));
    }
    let mut charter = Table::new();
    if let Some(o) = &a.objective {
        charter.insert("objective", Item::Value(o.as_str().into()));
    }
    if let Some(d) = a.start {
        charter.insert("start", Item::Value(tables::date(d)?));
    }
    if let Some(d) = a.end {
        charter.insert("end", Item::Value(tables::date(d)?));
    }
    let mut doc = DocumentMut::new();
    doc.insert("project", Item::Table(project));
    doc.insert("charter", Item::Table(charter));
    Ok(doc.to_string())
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
    let mut table = list_table(
        ctx,
        &[
            "id",
            "name",
            "status",
            "manager",
            "start",
            "end",
            "deliverables",
            "work",
        ],
    );
    for p in projects {
        table.add_row(vec![
            p.id.value.clone(),
            p.name.clone(),
            p.status.value.as_str().to_owned(),
            p.manager
                .as_ref()
                .map(|m| m.value.clone())
                .unwrap_or_default(),
            date(p.charter.start.as_ref().map(|d| d.value)),
            date(p.charter.end.as_ref().map(|d| d.value)),
            p.deliverables.len().to_string(),
            p.work.len().to_string(),
        ]);
    }
    align_right(&mut table, &[6, 7]);
    ctx.print(&format!("{}\n", table.trim_fmt()))?;
    Ok(Exit::Success)
}

fn align_right(table: &mut TextTable, columns: &[usize]) {
    for &i in columns {
        if let Some(c) = table.column_mut(i) {
            c.set_cell_alignment(CellAlignment::Right);
        }
    }
}

/// An indented table without header rule, for the sections of `pm project show`.
fn section(ctx: &Ctx, header: &[&str]) -> TextTable {
    let mut t = list_table(ctx, header);
    t.load_style(comfy_table::TableStyle::new());
    t
}

fn show(ctx: &Ctx, id: &str) -> Result<Exit> {
    require_slug("project", id)?;
    let loaded = store::load(&ctx.root()?)?;
    let project = match loaded.project(id) {
        Some(p) => p,
        None => {
            // The file may exist but not decode: say so instead of "unknown".
            if let Some(rel) = project_rel(&loaded.root, id)? {
                bail!("{}", load_failure(&loaded, &rel));
            }
            bail!("{}", edit::unknown_project(&loaded.root, id)?);
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
    if let Some(d) = c.approved {
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
        let mut t = section(ctx, &["deliverable", "title", "due"]);
        for d in &project.deliverables {
            t.add_row(vec![
                d.id.value.clone(),
                d.title.clone().unwrap_or_default(),
                date(d.due.as_ref().map(|d| d.value)),
            ]);
        }
        push_section(&mut out, "Deliverables", project.deliverables.len(), &t);
    }
    if !project.exclusions.is_empty() {
        let mut t = section(ctx, &["exclusion", "title", "keywords"]);
        for e in &project.exclusions {
            t.add_row(vec![
                e.id.value.clone(),
                e.title.clone().unwrap_or_default(),
                e.keywords.join(", "),
            ]);
        }
        push_section(&mut out, "Exclusions", project.exclusions.len(), &t);
    }
    if !project.work.is_empty() {
        let mut t = section(
            ctx,
            &[
                "work",
                "status",
                "deliverable",
                "hours",
                "assignee",
                "start",
                "due",
                "title",
            ],
        );
        for w in &project.work {
            t.add_row(vec![
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
            ]);
        }
        align_right(&mut t, &[3]);
        push_section(&mut out, "Work", project.work.len(), &t);
    }
    if !project.assignments.is_empty() {
        let mut t = section(
            ctx,
            &["person", "allocation", "from", "to", "status", "role"],
        );
        for a in &project.assignments {
            let (from, to) = match a.window(c) {
                Some((f, t)) => (f.to_string(), t.to_string()),
                None => (String::new(), String::new()),
            };
            t.add_row(vec![
                a.person.value.clone(),
                format!("{}%", a.allocation.value),
                from,
                to,
                a.status.as_str().to_owned(),
                a.role.clone().unwrap_or_default(),
            ]);
        }
        align_right(&mut t, &[1]);
        push_section(&mut out, "Assignments", project.assignments.len(), &t);
    }
    if !project.requests.is_empty() {
        let mut t = section(
            ctx,
            &[
                "request",
                "status",
                "skills",
                "allocation",
                "from",
                "to",
                "reason",
            ],
        );
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
            t.add_row(vec![
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
            ]);
        }
        align_right(&mut t, &[3]);
        push_section(&mut out, "Requests", project.requests.len(), &t);
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

fn push_section(out: &mut String, title: &str, n: usize, table: &TextTable) {
    let _ = writeln!(out, "\n{title} ({n})");
    for line in table.trim_fmt().lines() {
        let _ = writeln!(out, "  {line}");
    }
}

fn set(ctx: &Ctx, a: &ProjectSetArgs) -> Result<Exit> {
    require_slug("project", &a.id)?;
    if a.status.is_none()
        && a.start.is_none()
        && a.end.is_none()
        && a.manager.is_none()
        && a.objective.is_none()
        && a.effort_hours.is_none()
        && a.benefits.is_empty()
    {
        bail!(
            "nothing to set; give at least one of --status, --start, --end, --manager, --objective, --effort-hours, --benefit"
        );
    }
    if let Some(m) = &a.manager {
        require_slug("person", m)?;
    }
    for b in &a.benefits {
        require_slug("benefit", b)?;
    }
    let session = Session::begin(ctx)?;
    let (mut file, project) = session.project(&a.id)?;
    if a.manager.is_some() || !a.benefits.is_empty() {
        let (_, program) = session.program()?;
        if let Some(m) = &a.manager {
            require_person(&program, m)?;
        }
        for b in &a.benefits {
            require_benefit(&program, b)?;
        }
    }
    let start = a.start.or(project.charter.start.as_ref().map(|d| d.value));
    let end = a.end.or(project.charter.end.as_ref().map(|d| d.value));
    if let (Some(s), Some(e)) = (start, end)
        && e < s
    {
        let which = match (a.start, a.end) {
            (Some(_), Some(_)) => String::new(),
            (Some(_), None) => format!(" (the end {e} is in {})", file.rel),
            _ => format!(" (the start {s} is in {})", file.rel),
        };
        bail!("the charter would end on {e}, before it starts on {s}{which}");
    }

    let mut changes: Vec<String> = Vec::new();
    let mut unchanged: Vec<String> = Vec::new();
    let mut record = |changed: bool, key: &str, shown: String| {
        let line = format!("{key} = {shown}");
        if changed {
            changes.push(line);
        } else {
            unchanged.push(line);
        }
    };
    {
        let table = table_mut(&mut file.doc, &file.rel, "project")?;
        if let Some(s) = &a.status {
            record(
                set_key(table, "status", s.as_str().into()),
                "status",
                s.clone(),
            );
        }
        if let Some(m) = &a.manager {
            record(
                set_key(table, "manager", m.as_str().into()),
                "manager",
                m.clone(),
            );
        }
        let mut all: Vec<&str> = project.benefits.iter().map(|b| b.as_str()).collect();
        let mut new: Vec<&str> = Vec::new();
        for b in &a.benefits {
            if !all.contains(&b.as_str()) {
                all.push(b);
                new.push(b);
            }
        }
        let shown = format!("[{}]", all.join(", "));
        match table.get_mut("benefits").and_then(Item::as_array_mut) {
            // Added to the list in place, so its layout and comments stay.
            Some(list) => {
                for b in &new {
                    list.push(*b);
                }
                record(!new.is_empty(), "benefits", shown);
            }
            None if !a.benefits.is_empty() => {
                record(
                    set_key(table, "benefits", tables::strings(&all)),
                    "benefits",
                    shown,
                );
            }
            None => {}
        }
    }
    let wants_charter =
        a.start.is_some() || a.end.is_some() || a.objective.is_some() || a.effort_hours.is_some();
    if wants_charter {
        let table = charter_mut(&mut file.doc, &file.rel)?;
        if let Some(o) = &a.objective {
            record(
                set_key(table, "objective", o.as_str().into()),
                "objective",
                format!("{o:?}"),
            );
        }
        if let Some(d) = a.start {
            record(
                set_key(table, "start", tables::date(d)?),
                "start",
                d.to_string(),
            );
        }
        if let Some(d) = a.end {
            record(
                set_key(table, "end", tables::date(d)?),
                "end",
                d.to_string(),
            );
        }
        if let Some(h) = a.effort_hours {
            record(
                set_key(table, "effort_hours", tables::hours(h)),
                "effort_hours",
                h.to_string(),
            );
        }
    }
    if file.new_text().is_none() {
        ctx.print(&format!(
            "{} already has {}; nothing changed\n",
            file.rel,
            unchanged.join(", ")
        ))?;
        return Ok(Exit::Success);
    }
    session.commit(&[&file])?;
    ctx.print(&format!("set {} in {}\n", changes.join(", "), file.rel))?;
    Ok(Exit::Success)
}

fn table_mut<'d>(doc: &'d mut DocumentMut, rel: &str, key: &str) -> Result<&'d mut dyn TableLike> {
    match doc.get_mut(key).and_then(Item::as_table_like_mut) {
        Some(t) => Ok(t),
        None => {
            bail!("{rel} has no [{key}] table; add it by hand (`pm check` shows what is wrong)")
        }
    }
}

/// `[charter]`, created right after `[project]` when the file has none.
fn charter_mut<'d>(doc: &'d mut DocumentMut, rel: &str) -> Result<&'d mut dyn TableLike> {
    if doc.get("charter").is_none() {
        let mut charter = Table::new();
        // Equal positions keep document order, so the new table lands right after [project].
        let after = doc
            .get("project")
            .and_then(Item::as_table)
            .and_then(Table::position);
        charter.set_position(after);
        doc.insert("charter", Item::Table(charter));
    }
    table_mut(doc, rel, "charter")
}
