//! Work items: adding one to a project.

use anyhow::{Result, bail};
use toml_edit::{Item, Table, value};

use super::{
    Change, in_file, open_program, open_project, require_person, require_slug, require_title,
};
use crate::cli::WorkAddArgs;
use crate::model::{Project, slugify};
use crate::store::{self, Tree, did_you_mean, tables};

/// `pm work add`: a new work item, its id a slug of the title unless given.
pub fn add(tree: &Tree, a: &WorkAddArgs) -> Result<Change> {
    require_slug("project", &a.project)?;
    if let Some(id) = &a.id {
        require_slug("work", id)?;
    }
    if let Some(d) = &a.deliverable {
        require_slug("deliverable", d)?;
    }
    if let Some(p) = &a.assignee {
        require_slug("person", p)?;
    }
    let title = require_title(&a.title, "work")?;
    if let (Some(start), Some(due)) = (a.start, a.due)
        && due < start
    {
        bail!("--due {due} is before --start {start}; the work must be due on or after its start");
    }
    let tags: Vec<&str> = a
        .tags
        .iter()
        .map(|t| t.trim())
        .filter(|t| !t.is_empty())
        .collect();

    let (mut file, project) = open_project(tree, &a.project)?;
    if let Some(who) = &a.assignee {
        let (_, program) = open_program(tree)?;
        require_person(&program, who)?;
    }
    if let Some(d) = &a.deliverable {
        require_deliverable(tree, &project, d)?;
    }
    let taken = tables::ids(&file.doc, "work").map_err(in_file(&file))?;
    let id = match &a.id {
        Some(id) if taken.contains(id) => bail!(
            "work '{id}' already exists in {}; choose another --id, or leave --id out to derive one from the title",
            file.rel
        ),
        Some(id) => id.clone(),
        None => free_id(title, &taken)?,
    };

    // Keys in the order of the file format; defaults (status = "todo") are left out.
    let mut t = Table::new();
    t.insert("id", value(&id));
    t.insert("title", value(title));
    if let Some(d) = &a.deliverable {
        t.insert("deliverable", value(d));
    }
    if let Some(h) = a.estimate_hours {
        t.insert("estimate_hours", Item::Value(tables::hours(h)));
    }
    if let Some(d) = a.start {
        t.insert("start", Item::Value(tables::date(d)?));
    }
    if let Some(d) = a.due {
        t.insert("due", Item::Value(tables::date(d)?));
    }
    if let Some(p) = &a.assignee {
        t.insert("assignee", value(p));
    }
    if !tags.is_empty() {
        t.insert("tags", Item::Value(tables::strings(&tags)));
    }
    let later = tables::after(&tables::PROJECT_ITEMS, "work");
    tables::append(&mut file.doc, "work", &later, t).map_err(in_file(&file))?;
    let summary = format!("added work {id} to {}", file.rel);
    Ok(Change::of(&[&file], summary))
}

/// A slug of the title that no work item of the project has yet: `x`, else `x-2`, `x-3`, ...
/// Never a sequence number, so that two branches adding different work do not collide.
pub fn free_id(title: &str, taken: &[String]) -> Result<String> {
    let Some(base) = slugify(title) else {
        bail!("the title '{title}' has no letter or digit to make an id from; give one with --id");
    };
    if !taken.contains(&base) {
        return Ok(base);
    }
    let mut n = 2u64;
    loop {
        let suffix = format!("-{n}");
        // slugify gives ASCII, so cutting at any byte is a character boundary.
        let mut stem = base[..base.len().min(64 - suffix.len())].to_owned();
        while stem.ends_with('-') {
            stem.pop();
        }
        let id = format!("{stem}{suffix}");
        if !taken.contains(&id) {
            return Ok(id);
        }
        n += 1;
    }
}

/// Work stays inside the charter: its deliverable must be one of the project's.
fn require_deliverable(tree: &Tree, project: &Project, id: &str) -> Result<()> {
    let pid = project.id.as_str();
    if project.deliverable(id).is_some() {
        return Ok(());
    }
    let record_anyway = "To record out-of-charter work anyway, leave out --deliverable \
                         (pm check reports it as untraced work, PM101, for the program manager to decide).";
    if let Some(x) = project.exclusion(id) {
        let what = x.title.as_deref().unwrap_or(id);
        bail!(
            "'{id}' is an exclusion of {pid}, not a deliverable: \"{what}\" is out of its scope. {record_anyway}"
        );
    }
    let ids: Vec<&str> = project.deliverables.iter().map(|d| d.id.as_str()).collect();
    let hint = match did_you_mean(id, ids.iter().copied()) {
        Some(s) => format!(" — did you mean '{s}'?"),
        None if ids.is_empty() => format!("; {pid} has no deliverables yet."),
        None => format!("; its deliverables are: {}.", ids.join(", ")),
    };
    let elsewhere: Option<String> = store::load_tree(tree).ok().and_then(|l| {
        l.projects
            .iter()
            .find(|p| p.id.value != pid && p.deliverable(id).is_some())
            .map(|p| p.id.value.clone())
    });
    let next = match elsewhere {
        Some(other) => {
            format!(
                "'{id}' is a deliverable of {other}: add the work there (pm work add {other} ...)."
            )
        }
        None => {
            format!("If it is in scope, add it first with `pm scope add {pid} {id} --title ...`.")
        }
    };
    bail!("unknown deliverable '{id}' in project {pid}{hint} {next} {record_anyway}")
}
