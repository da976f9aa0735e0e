//! Projects: a new project file, and changes to its `[project]` and `[charter]`.

use anyhow::{Result, bail};
use toml_edit::{DocumentMut, Item, Table, TableLike, Value};

use super::benefit::require_benefit;
use super::{
    Change, open_program, open_project, project_rel, require_person, require_slug, schema_line,
    set_key,
};
use crate::cli::{ProjectNewArgs, ProjectSetArgs};
use crate::model::keys;
use crate::store::{PROJECTS_DIR, Tree, tables};

/// `pm project new`: a new project file with `[project]` and `[charter]`.
pub fn new(tree: &Tree, a: &ProjectNewArgs) -> Result<Change> {
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
    if let Some(rel) = project_rel(tree, &a.id)? {
        bail!(
            "project '{}' already exists in {rel}; change it with `pm project set {}`",
            a.id,
            a.id
        );
    }
    let (_, program) = open_program(tree)?;
    if let Some(m) = &a.manager {
        require_person(&program, m)?;
    }
    for b in &a.benefits {
        require_benefit(&program, b)?;
    }

    let rel = format!("{PROJECTS_DIR}/{}.toml", a.id);
    if tree.exists(&rel) {
        bail!("{rel} already exists; pm does not overwrite it");
    }
    let text = format!("{}{}", schema_line(tree, &rel), new_project_text(a)?);
    let summary = format!("created project {} in {rel}", a.id);
    Ok(Change::default().create(rel, text).line(summary))
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

/// `pm project set`: changes only the keys named, in place.
pub fn set(tree: &Tree, a: &ProjectSetArgs) -> Result<Change> {
    require_slug("project", &a.id)?;
    if a.status.is_none()
        && a.name.is_none()
        && a.priority.is_none()
        && a.start.is_none()
        && a.end.is_none()
        && a.manager.is_none()
        && a.objective.is_none()
        && a.effort_hours.is_none()
        && a.benefits.is_empty()
        && a.remove_benefits.is_empty()
    {
        bail!(
            "nothing to set; give at least one of --status, --name, --priority, --start, --end, --manager, --objective, --effort-hours, --benefit, --remove-benefit"
        );
    }
    if let Some(m) = &a.manager {
        require_slug("person", m)?;
    }
    for b in a.benefits.iter().chain(&a.remove_benefits) {
        require_slug("benefit", b)?;
    }
    if let Some(b) = a.benefits.iter().find(|b| a.remove_benefits.contains(b)) {
        bail!("--benefit {b} and --remove-benefit {b} contradict each other; give one of them");
    }
    let name = match &a.name {
        Some(n) if n.trim().is_empty() => bail!("the project name cannot be empty"),
        Some(n) if n.contains(['\n', '\r']) => bail!("the project name must fit on one line"),
        Some(n) => Some(n.trim()),
        None => None,
    };
    let (mut file, project) = open_project(tree, &a.id)?;
    if a.manager.is_some() || !a.benefits.is_empty() {
        let (_, program) = open_program(tree)?;
        if let Some(m) = &a.manager {
            require_person(&program, m)?;
        }
        for b in &a.benefits {
            require_benefit(&program, b)?;
        }
    }
    for b in &a.remove_benefits {
        if !project.benefits.iter().any(|x| x.value == *b) {
            let serves: Vec<&str> = project.benefits.iter().map(|b| b.as_str()).collect();
            let list = if serves.is_empty() {
                "it serves none".to_owned()
            } else {
                format!("it serves {}", serves.join(", "))
            };
            bail!("{} does not serve benefit '{b}' ({list})", a.id);
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
        if let Some(n) = name {
            record(set_key(table, "name", n.into()), "name", format!("{n:?}"));
        }
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
        let mut all: Vec<&str> = project
            .benefits
            .iter()
            .map(|b| b.as_str())
            .filter(|b| !a.remove_benefits.iter().any(|r| r == b))
            .collect();
        let mut new: Vec<&str> = Vec::new();
        for b in &a.benefits {
            if !all.contains(&b.as_str()) {
                all.push(b);
                new.push(b);
            }
        }
        let shown = format!("[{}]", all.join(", "));
        match table.get_mut("benefits").and_then(Item::as_array_mut) {
            // Changed in place, so the list's layout and comments stay.
            Some(list) if !a.benefits.is_empty() || !a.remove_benefits.is_empty() => {
                let before = list.len();
                list.retain(|v| {
                    !v.as_str()
                        .is_some_and(|b| a.remove_benefits.iter().any(|r| r == b))
                });
                let removed = before != list.len();
                for b in &new {
                    tables::push_keeping_layout(list, *b);
                }
                record(!new.is_empty() || removed, "benefits", shown);
            }
            None if !a.benefits.is_empty() => {
                record(
                    set_key(table, "benefits", tables::strings(&all)),
                    "benefits",
                    shown,
                );
            }
            _ => {}
        }
    }
    if let Some(p) = a.priority {
        let v = Value::from(i64::from(p));
        let changed = match file.doc.get_mut("project").and_then(Item::as_table_mut) {
            // A new key takes its place in the order of the file format.
            Some(t) if t.get("priority").is_none() => {
                super::set_item_key(t, &keys::PROJECT, "priority", v);
                true
            }
            _ => set_key(
                table_mut(&mut file.doc, &file.rel, "project")?,
                "priority",
                v,
            ),
        };
        record(changed, "priority", p.to_string());
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
        let summary = format!(
            "{} already has {}; nothing changed",
            file.rel,
            unchanged.join(", ")
        );
        return Ok(Change::default().line(summary));
    }
    Ok(Change::of(
        &[&file],
        format!("set {} in {}", changes.join(", "), file.rel),
    ))
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
pub(super) fn charter_mut<'d>(
    doc: &'d mut DocumentMut,
    rel: &str,
) -> Result<&'d mut dyn TableLike> {
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
