//! `pm work move PROJECT/WORK`: the program manager's three answers to out-of-charter work —
//! move it to the project whose deliverable it serves, start a new project for it, or drop it.

use anyhow::{Result, anyhow, bail};
use toml_edit::{DocumentMut, Item, Table, Value, value};

use super::depend::follow_work;
use super::work::free_id;
use super::{
    Change, in_file, item_index, item_path, open_project, project_rel, require_slug, schema_line,
};
use crate::cli::WorkMoveArgs;
use crate::model::{Project, keys, slugify};
use crate::store::tables::{self, PROJECT_ITEMS, Taken};
use crate::store::{self, PROJECTS_DIR, Tree, did_you_mean, write};

/// The keys a new `key` of a work item goes after.
fn keys_before(key: &str) -> &'static [&'static str] {
    let at = keys::WORK
        .iter()
        .position(|k| *k == key)
        .unwrap_or(keys::WORK.len());
    &keys::WORK[..at]
}

fn set(table: &mut Table, key: &str, v: impl Into<Value>) {
    tables::set(table, key, v.into(), keys_before(key));
}

/// `pm work move`: to another project (`--to`), into a new one (`--new-project`), or dropped.
pub fn run(tree: &Tree, a: &WorkMoveArgs) -> Result<Change> {
    let (pid, wid) = item_path(&a.item, "work", "lander/relay-site-survey")?;
    if let Some(d) = &a.deliverable {
        require_slug("deliverable", d)?;
    }
    if let Some(id) = &a.id {
        require_slug("work", id)?;
    }
    if let Some(to) = &a.to {
        move_to(tree, a, pid, wid, to)
    } else if let Some(new) = &a.new_project {
        new_project(tree, a, pid, wid, new)
    } else {
        drop(tree, a, pid, wid)
    }
}

fn move_to(tree: &Tree, a: &WorkMoveArgs, pid: &str, wid: &str, to: &str) -> Result<Change> {
    require_slug("project", to)?;
    if to == pid {
        bail!(
            "{pid}/{wid} is already in {pid}; name another project with --to (or record the decision to keep it with `allow` and a `reason`)"
        );
    }
    let (mut source, _) = open_project(tree, pid)?;
    let index = item_index(&source, "work", wid)?;
    let (mut target, target_project) = open_project(tree, to)?;

    let current = tables::items(&source.doc, "work")
        .map_err(in_file(&source))?
        .get(index)
        .and_then(|t| tables::str_of(t, "deliverable"))
        .map(str::to_owned);
    let Some(deliverable) = a.deliverable.clone().or(current) else {
        bail!(
            "{pid}/{wid} names no deliverable; say which deliverable of {to} it serves with --deliverable D ({})",
            deliverables_of(&target_project)
        );
    };
    require_target_deliverable(
        &target_project,
        &target.rel,
        &deliverable,
        a.deliverable.is_some(),
    )?;

    let id = a.id.as_deref().unwrap_or(wid);
    let taken_ids = tables::ids(&target.doc, "work").map_err(in_file(&target))?;
    if taken_ids.iter().any(|t| t == id) {
        bail!(
            "{to} already has a work item '{id}' ({}); give the moved item another id with --id {}",
            target.rel,
            free_id(id, &taken_ids)?
        );
    }

    let mut item = tables::take(&mut source.doc, "work", index).map_err(in_file(&source))?;
    if a.id.is_some() {
        set(&mut item.table, "id", id);
    }
    if a.deliverable.is_some() {
        set(&mut item.table, "deliverable", deliverable.as_str());
    }
    set(&mut item.table, "moved_from", pid);
    let later = tables::after(&PROJECT_ITEMS, "work");
    tables::place(&mut target.doc, "work", &later, item).map_err(in_file(&target))?;
    let waits = follow_work(&mut source.doc, pid, &mut target.doc, to, wid, id)?;
    let renamed = if id == wid {
        String::new()
    } else {
        format!(" as {id}")
    };
    let summary = format!(
        "moved work {wid} from {pid} to {to}{renamed} (deliverable {deliverable}): removed from {}, added to {}",
        source.rel, target.rel
    );
    Ok(with_lines(Change::of(&[&source, &target], summary), waits))
}

fn with_lines(mut change: Change, lines: Vec<String>) -> Change {
    for line in lines {
        change = change.line(line);
    }
    change
}

/// "its deliverables are: a, b" or "it has no deliverables yet".
fn deliverables_of(project: &Project) -> String {
    let ids: Vec<&str> = project.deliverables.iter().map(|d| d.id.as_str()).collect();
    if ids.is_empty() {
        format!("{} has no deliverables yet", project.id.value)
    } else {
        format!(
            "the deliverables of {} are: {}",
            project.id.value,
            ids.join(", ")
        )
    }
}

/// Moved work must be traced in its new project, or the move only relocates the finding.
fn require_target_deliverable(target: &Project, rel: &str, id: &str, given: bool) -> Result<()> {
    if target.deliverable(id).is_some() {
        return Ok(());
    }
    let to = target.id.as_str();
    let what = if given {
        format!("{to} has no deliverable '{id}'")
    } else {
        format!("the work serves deliverable '{id}', which {to} does not have")
    };
    let ids = target.deliverables.iter().map(|d| d.id.as_str());
    let hint = match did_you_mean(id, ids) {
        Some(s) => format!(" — did you mean '{s}'?"),
        None => String::new(),
    };
    bail!(
        "{what} ({rel}){hint}; {}. Name one with --deliverable D, or add '{id}' to {to}'s scope first with `pm scope add {to} {id} --title ...`",
        deliverables_of(target)
    )
}

fn new_project(tree: &Tree, a: &WorkMoveArgs, pid: &str, wid: &str, new: &str) -> Result<Change> {
    require_slug("project", new)?;
    if let Some(rel) = project_rel(tree, new)? {
        bail!(
            "project '{new}' already exists ({rel}); move the work into it with --to {new}, or choose another id"
        );
    }
    let (mut source, source_project) = open_project(tree, pid)?;
    let index = item_index(&source, "work", wid)?;
    let mut item = tables::take(&mut source.doc, "work", index).map_err(in_file(&source))?;

    let title = tables::str_of(&item.table, "title")
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .unwrap_or(wid)
        .to_owned();
    let start = tables::date_of(&item.table, "work", "start").map_err(in_file(&source))?;
    let due = tables::date_of(&item.table, "work", "due").map_err(in_file(&source))?;
    let deliverable = match &a.deliverable {
        Some(d) => d.clone(),
        None => new_deliverable_id(tree, &item, &title, wid)?,
    };
    if let Some(id) = &a.id {
        set(&mut item.table, "id", id.as_str());
    }
    set(&mut item.table, "deliverable", deliverable.as_str());
    set(&mut item.table, "moved_from", pid);

    let rel = format!("{PROJECTS_DIR}/{new}.toml");
    let mut doc = skeleton(&rel, new, &title, &source_project, start, due)?;
    let mut d = Table::new();
    d.insert("id", value(&deliverable));
    d.insert("title", value(&title));
    if let Some(due) = due {
        d.insert("due", Item::Value(tables::date(due)?));
    }
    let in_new = |e: tables::TablesError| anyhow!("{rel}: {e}");
    tables::append(
        &mut doc,
        "deliverable",
        &tables::after(&PROJECT_ITEMS, "deliverable"),
        d,
    )
    .map_err(in_new)?;
    tables::place(
        &mut doc,
        "work",
        &tables::after(&PROJECT_ITEMS, "work"),
        item,
    )
    .map_err(in_new)?;
    let moved_id = a.id.as_deref().unwrap_or(wid);
    let waits = follow_work(&mut source.doc, pid, &mut doc, new, wid, moved_id)?;
    // Like `pm project new`: editors validate the file when the program has the schema.
    let text = format!("{}{doc}", schema_line(tree, &rel));
    let summary = format!(
        "moved work {wid} from {pid} into the new proposed project {new} (deliverable {deliverable}): removed from {}, created {rel}",
        source.rel
    );
    Ok(with_lines(
        Change::of(&[&source], summary).create(rel, text),
        waits,
    ))
}

/// The new project's deliverable: the one the work named, unless some project already has a
/// deliverable of that id (two projects delivering the same thing is PM303) — then a slug of
/// the work's title.
fn new_deliverable_id(tree: &Tree, item: &Taken, title: &str, wid: &str) -> Result<String> {
    let named = tables::str_of(&item.table, "deliverable").filter(|d| crate::model::is_slug(d));
    if let Some(d) = named {
        let loaded = store::load_tree(tree)?;
        if !loaded.projects.iter().any(|p| p.deliverable(d).is_some()) {
            return Ok(d.to_owned());
        }
    }
    Ok(slugify(title).unwrap_or_else(|| wid.to_owned()))
}

/// `[project]` and `[charter]` of a project proposed for moved work: named and aimed after the
/// work, dated by it, managed and justified like the project it comes from until the program
/// manager decides otherwise.
fn skeleton(
    rel: &str,
    id: &str,
    title: &str,
    source: &Project,
    start: Option<chrono::NaiveDate>,
    due: Option<chrono::NaiveDate>,
) -> Result<DocumentMut> {
    let mut project = Table::new();
    project.insert("id", value(id));
    project.insert("name", value(title));
    project.insert("status", value("proposed"));
    if let Some(m) = &source.manager {
        project.insert("manager", value(m.as_str()));
    }
    let benefits: Vec<&str> = source.benefits.iter().map(|b| b.as_str()).collect();
    if !benefits.is_empty() {
        project.insert("benefits", Item::Value(tables::strings(&benefits)));
    }
    project.decor_mut().set_prefix(format!(
        "# Proposed by `pm work move` for work taken out of {}; complete the charter before it starts.\n\n",
        source.id.value
    ));
    let mut charter = Table::new();
    charter.insert("objective", value(title));
    if let Some(d) = start {
        charter.insert("start", Item::Value(tables::date(d)?));
    }
    if let Some(d) = due {
        charter.insert("end", Item::Value(tables::date(d)?));
    }
    charter.decor_mut().set_prefix("\n");
    let mut doc = DocumentMut::new();
    doc.insert("project", Item::Table(project));
    doc.insert("charter", Item::Table(charter));
    // Parsed back so that every table has the position the placing of items relies on.
    Ok(write::parse_document(rel, &doc.to_string())?)
}

fn drop(tree: &Tree, a: &WorkMoveArgs, pid: &str, wid: &str) -> Result<Change> {
    let reason = a.reason.as_deref().map(str::trim).unwrap_or_default();
    if reason.is_empty() {
        bail!(
            "give a reason for dropping {pid}/{wid}: say why it serves no program benefit, e.g. --reason \"covered by the ascent engine\""
        );
    }
    let (mut file, _) = open_project(tree, pid)?;
    let index = item_index(&file, "work", wid)?;
    let rel = file.rel.clone();
    let Some(table) = file
        .doc
        .get_mut("work")
        .and_then(Item::as_array_of_tables_mut)
        .and_then(|a| a.get_mut(index))
    else {
        bail!("{rel}: there is no work '{wid}'");
    };
    if tables::str_of(table, "status") == Some("dropped") {
        let why = tables::str_of(table, "reason").unwrap_or("no reason given");
        bail!("{pid}/{wid} is already dropped ({why}); nothing to change in {rel}");
    }
    set(table, "status", "dropped");
    set(table, "reason", reason);
    let summary = format!("dropped work {wid} of {pid} in {rel}: {reason}");
    Ok(Change::of(&[&file], summary))
}
