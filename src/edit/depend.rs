//! Dependencies between projects (SPEC §13): a project records what it waits for from another
//! project (`add`), changes it (`set`) or drops it (`remove`).

use anyhow::{Result, bail};
use toml_edit::{Item, Table, Value, value};

use super::{Change, in_file, item_index, item_path, open_project, require_slug};
use crate::check::{self, Diagnostic};
use crate::cli::{DependAddArgs, DependRemoveArgs, DependSetArgs};
use crate::model::{Project, Target, keys};
use crate::store::write::EditFile;
use crate::store::{self, Tree, did_you_mean, tables};

/// The keys a new `key` of a dependency goes after.
fn keys_before(key: &str) -> &'static [&'static str] {
    let at = keys::DEPENDENCY
        .iter()
        .position(|k| *k == key)
        .unwrap_or(keys::DEPENDENCY.len());
    &keys::DEPENDENCY[..at]
}

fn set(table: &mut Table, key: &str, v: impl Into<Value>) {
    tables::set(table, key, v.into(), keys_before(key));
}

/// `pm depend add`.
pub fn add(tree: &Tree, a: &DependAddArgs) -> Result<Change> {
    require_slug("project", &a.project)?;
    require_slug("dependency", &a.id)?;
    let pid = a.project.as_str();
    let target = parse_target(&a.on)?;
    let work = work_ids(&a.work)?;
    let reason = a.reason.as_deref().map(str::trim).filter(|r| !r.is_empty());
    if a.reason.is_some() && reason.is_none() {
        bail!("--reason is empty; say why {pid} needs it, or leave --reason out");
    }

    let (mut file, project) = open_project(tree, pid)?;
    refuse_own(pid, &target)?;
    let taken = tables::ids(&file.doc, "dependency").map_err(in_file(&file))?;
    if taken.contains(&a.id) {
        bail!(
            "dependency '{}' already exists in {}; change it with `pm depend set {pid}/{}`, or choose another id",
            a.id,
            file.rel,
            a.id
        );
    }
    let due = require_target(tree, &target)?;
    require_work(&project, &file, &work)?;

    let mut t = Table::new();
    t.insert("id", value(&a.id));
    t.insert("on", value(target.to_string()));
    t.insert("needed_by", Item::Value(tables::date(a.needed_by)?));
    if !work.is_empty() {
        t.insert("for", Item::Value(tables::strings(&work)));
    }
    if let Some(r) = reason {
        t.insert("reason", value(r));
    }
    let later = tables::after(&tables::PROJECT_ITEMS, "dependency");
    tables::append(&mut file.doc, "dependency", &later, t).map_err(in_file(&file))?;
    let due = match due {
        Some(d) => format!(" (due {d})"),
        None => " (no due date)".to_owned(),
    };
    let summary = format!(
        "added dependency {} to {}: {pid} waits on {target}{due}, needed by {}",
        a.id, file.rel, a.needed_by
    );
    let change = Change::of(&[&file], summary);
    notes(tree, change, pid, &a.id)
}

/// `pm depend set`: changes only what is named.
pub fn set_dependency(tree: &Tree, a: &DependSetArgs) -> Result<Change> {
    let (pid, id) = item_path(&a.dependency, "dependency", "spacesuits/suitport-interface")?;
    if a.on.is_none() && a.needed_by.is_none() && a.work.is_none() && a.reason.is_none() {
        bail!("nothing to set; give at least one of --on, --needed-by, --for, --reason");
    }
    let target = a.on.as_deref().map(parse_target).transpose()?;
    let work = a.work.as_deref().map(work_ids).transpose()?;
    let (mut file, project) = open_project(tree, pid)?;
    let index = item_index(&file, "dependency", id)?;
    if let Some(target) = &target {
        refuse_own(pid, target)?;
        require_target(tree, target)?;
    }
    if let Some(work) = &work {
        require_work(&project, &file, work)?;
    }
    let rel = file.rel.clone();
    let Some(table) = file
        .doc
        .get_mut("dependency")
        .and_then(Item::as_array_of_tables_mut)
        .and_then(|items| items.get_mut(index))
    else {
        bail!("{rel}: there is no dependency '{id}'");
    };
    let mut said = Vec::new();
    if let Some(target) = &target {
        set(table, "on", target.to_string());
        said.push(format!("on = {target}"));
    }
    if let Some(d) = a.needed_by {
        set(table, "needed_by", tables::date(d)?);
        said.push(format!("needed_by = {d}"));
    }
    if let Some(work) = &work {
        if work.is_empty() {
            table.remove("for");
            said.push("no `for`".to_owned());
        } else {
            set(table, "for", tables::strings(work));
            said.push(format!("for = [{}]", work.join(", ")));
        }
    }
    if let Some(r) = &a.reason {
        let r = r.trim();
        if r.is_empty() {
            if table
                .get("allow")
                .and_then(Item::as_array)
                .is_some_and(|l| !l.is_empty())
            {
                bail!(
                    "{pid}/{id} accepts rules with `allow`, which needs its `reason`; give a new --reason instead"
                );
            }
            table.remove("reason");
            said.push("no reason".to_owned());
        } else {
            set(table, "reason", r);
            said.push(format!("reason = {r:?}"));
        }
    }
    if file.new_text().is_none() {
        return Ok(Change::default().line(format!(
            "dependency {id} in {rel} already has {}; nothing changed",
            said.join(", ")
        )));
    }
    let change = Change::of(
        &[&file],
        format!("set {} on dependency {id} in {rel}", said.join(", ")),
    );
    notes(tree, change, pid, id)
}

/// `pm depend remove`.
pub fn remove(tree: &Tree, a: &DependRemoveArgs) -> Result<Change> {
    let (pid, id) = item_path(&a.dependency, "dependency", "spacesuits/suitport-interface")?;
    let (mut file, project) = open_project(tree, pid)?;
    let index = item_index(&file, "dependency", id)?;
    tables::remove(&mut file.doc, "dependency", index).map_err(in_file(&file))?;
    let on = project
        .dependencies
        .iter()
        .find(|d| d.id.value == id)
        .map(|d| format!(" (on {})", d.on.value))
        .unwrap_or_default();
    Ok(Change::of(
        &[&file],
        format!("removed dependency {id}{on} from {}", file.rel),
    ))
}

fn parse_target(on: &str) -> Result<Target> {
    let on = on.trim();
    match Target::parse(on) {
        Some(t) => Ok(t),
        None => match on.split_once('/') {
            Some((p, d)) => {
                require_slug("project", p)?;
                require_slug("deliverable", d)?;
                bail!("--on {on} is not PROJECT/DELIVERABLE")
            }
            None => bail!(
                "give what it waits on as PROJECT/DELIVERABLE, a deliverable of another project, e.g. --on lander/descent-stage"
            ),
        },
    }
}

fn refuse_own(pid: &str, target: &Target) -> Result<()> {
    if target.project == pid {
        bail!(
            "{target} is a deliverable of {pid} itself; a dependency is on another project (order the work inside {pid} by its dates)"
        );
    }
    Ok(())
}

/// The work ids of `--for`, trimmed; empty entries dropped (`--for ""` is none).
fn work_ids(work: &[String]) -> Result<Vec<String>> {
    let mut out: Vec<String> = Vec::new();
    for w in work.iter().map(|w| w.trim()).filter(|w| !w.is_empty()) {
        require_slug("work", w)?;
        if !out.iter().any(|o| o == w) {
            out.push(w.to_owned());
        }
    }
    Ok(out)
}

/// The deliverable waited on exists in its project: its due date, if it has one.
fn require_target(tree: &Tree, target: &Target) -> Result<Option<chrono::NaiveDate>> {
    let (_, q) = open_project(tree, &target.project)?;
    let qid = q.id.as_str();
    let did = target.deliverable.as_str();
    if let Some(d) = q.deliverable(did) {
        return Ok(d.due.as_ref().map(|d| d.value));
    }
    if q.exclusion(did).is_some() {
        bail!(
            "'{did}' is an exclusion of {qid}: it is out of {qid}'s scope, so {qid} will not deliver it; wait on one of {qid}'s deliverables ({})",
            deliverables(&q)
        );
    }
    let ids = q.deliverables.iter().map(|d| d.id.as_str());
    let hint = match did_you_mean(did, ids) {
        Some(s) => format!(" — did you mean '{s}'?"),
        None => String::new(),
    };
    bail!(
        "{qid} has no deliverable '{did}'{hint}; {}. If {qid} is to deliver it, add it to its scope first with `pm scope add {qid} {did} --title T --due DATE`",
        deliverables(&q)
    )
}

fn deliverables(q: &Project) -> String {
    let ids: Vec<&str> = q.deliverables.iter().map(|d| d.id.as_str()).collect();
    if ids.is_empty() {
        format!("{} has no deliverables yet", q.id.value)
    } else {
        format!("the deliverables of {} are: {}", q.id.value, ids.join(", "))
    }
}

/// Every `--for` id is a work item of the waiting project.
fn require_work(project: &Project, file: &EditFile, work: &[String]) -> Result<()> {
    let ids = tables::ids(&file.doc, "work").map_err(in_file(file))?;
    for w in work {
        if ids.contains(w) {
            continue;
        }
        let hint = match did_you_mean(w, ids.iter().map(String::as_str)) {
            Some(s) => format!(" — did you mean '{s}'?"),
            None if ids.is_empty() => format!("; {} has no work items yet", project.id.value),
            None => format!("; its work items are: {}", ids.join(", ")),
        };
        bail!(
            "there is no work '{w}' in {} to wait for it{hint}",
            file.rel
        );
    }
    Ok(())
}

/// What `pm check` will say about the dependency as changed (at risk, in a circle, work that
/// starts too early), as notes: the edit records what the user decided, and says what it means.
fn notes(tree: &Tree, mut change: Change, pid: &str, id: &str) -> Result<Change> {
    let mut after = tree.clone();
    for f in &change.files {
        if let Some(text) = &f.after {
            after.set_text(&f.rel, text.as_bytes());
        }
    }
    let loaded = store::load_tree(&after)?;
    let about = |d: &&Diagnostic| {
        d.facts.dependency.as_deref() == Some(id) && d.facts.project.as_deref() == Some(pid)
            || d.rule == check::Rule::DependencyCycle
                && d.facts
                    .projects
                    .as_ref()
                    .is_some_and(|ps| ps.iter().any(|p| p == pid))
    };
    for d in check::dependencies(&loaded).iter().filter(about) {
        change = change.note(format!(
            "pm check will report {} {}: {}",
            d.rule.code(),
            d.rule.name(),
            d.message
        ));
    }
    Ok(change)
}

/// What `pm work move` does to the dependencies of the work's project (in `from`, the file of
/// project `pid`) whose `for` names the work item `work`: the wait follows the work to project
/// `to` (the document `into`), where it is known as `new_id`.
///
/// - A dependency that waited for this work alone moves with it (comments and all); one that
///   also waits for other work stays, without this item in its `for`.
/// - In `to`, a dependency on the same deliverable takes the work into its `for` (one for the
///   whole project already covers it); otherwise the moved or copied dependency is added.
/// - Work that lands in the very project it waited for waits for nothing any more.
///
/// Returns a line for each dependency that changed.
pub(super) fn follow_work(
    from: &mut toml_edit::DocumentMut,
    pid: &str,
    into: &mut toml_edit::DocumentMut,
    to: &str,
    work: &str,
    new_id: &str,
) -> Result<Vec<String>> {
    let waiting: Vec<usize> = tables::items(from, "dependency")?
        .iter()
        .enumerate()
        .filter(|(_, t)| for_list(t).iter().any(|w| w == work))
        .map(|(i, _)| i)
        .collect();
    // Taken out from the last, so that taking one leaves the indices of the others as they
    // were; then handled in file order, so they land in `to` in the order they were written.
    let mut carried = Vec::new();
    for &i in waiting.iter().rev() {
        let table = tables::items(from, "dependency")?[i].clone();
        let alone = for_list(&table).iter().all(|w| w == work);
        let taken = if alone {
            Some(tables::take(from, "dependency", i)?)
        } else {
            if let Some(list) = dependency_mut(from, i).and_then(|t| for_array(t)) {
                tables::remove_keeping_layout(list, work);
            }
            None
        };
        carried.push((table, taken));
    }
    carried.reverse();
    let mut lines = Vec::new();
    for (table, taken) in carried {
        let alone = taken.is_some();
        let id = tables::str_of(&table, "id").unwrap_or_default().to_owned();
        let on = tables::str_of(&table, "on").unwrap_or_default().to_owned();
        let target_project = on.split('/').next().unwrap_or_default();
        if target_project == to {
            lines.push(format!(
                "{work} no longer waits on {on} (dependency {id} of {pid}): it is in {to} now{}",
                if alone {
                    "; the dependency is removed"
                } else {
                    ""
                }
            ));
            continue;
        }
        let existing = tables::items(into, "dependency")?
            .iter()
            .position(|t| tables::str_of(t, "on") == Some(on.as_str()));
        if let Some(j) = existing {
            let other = tables::str_of(tables::items(into, "dependency")?[j], "id")
                .unwrap_or_default()
                .to_owned();
            let Some(t) = dependency_mut(into, j) else {
                continue;
            };
            match for_array(t) {
                Some(list) => {
                    if !list.iter().any(|v| v.as_str() == Some(new_id)) {
                        tables::push_keeping_layout(list, new_id);
                    }
                    lines.push(format!(
                        "{new_id} waits on {on} in {to} through its dependency {other}{}",
                        moved_or_kept(alone, &id, pid)
                    ));
                }
                None => lines.push(format!(
                    "{new_id} waits on {on} in {to} through its dependency {other}, which is for all of {to}{}",
                    moved_or_kept(alone, &id, pid)
                )),
            }
            continue;
        }
        let taken_ids = tables::ids(into, "dependency")?;
        let new_dep = if taken_ids.contains(&id) {
            super::work::free_id(&id, &taken_ids)?
        } else {
            id.clone()
        };
        let mut item = match taken {
            Some(t) => t,
            None => tables::Taken {
                table: copy_for(&table),
                above: String::new(),
                below: String::new(),
            },
        };
        set(&mut item.table, "id", new_dep.as_str());
        set(&mut item.table, "for", tables::strings(&[new_id]));
        let later = tables::after(&tables::PROJECT_ITEMS, "dependency");
        tables::place(into, "dependency", &later, item)?;
        let how = if alone { "moves" } else { "is copied" };
        lines.push(format!(
            "dependency {id} of {pid} (on {on}) {how} with {work} to {to}{}",
            if new_dep == id {
                String::new()
            } else {
                format!(" as {new_dep}")
            }
        ));
    }
    Ok(lines)
}

fn moved_or_kept(alone: bool, id: &str, pid: &str) -> String {
    if alone {
        format!("; dependency {id} of {pid} waited for it alone and is removed")
    } else {
        String::new()
    }
}

/// The work ids of a dependency table's `for`.
fn for_list(t: &Table) -> Vec<String> {
    t.get("for")
        .and_then(Item::as_array)
        .map(|a| {
            a.iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

fn for_array(t: &mut Table) -> Option<&mut toml_edit::Array> {
    t.get_mut("for").and_then(Item::as_array_mut)
}

fn dependency_mut(doc: &mut toml_edit::DocumentMut, i: usize) -> Option<&mut Table> {
    doc.get_mut("dependency")
        .and_then(Item::as_array_of_tables_mut)
        .and_then(|a| a.get_mut(i))
}

/// A dependency copied for a work item that moves while others still wait where it was: what
/// it waits on, by when and why, in the file format's key order.
fn copy_for(t: &Table) -> Table {
    let mut out = Table::new();
    for key in keys::DEPENDENCY {
        if let Some(item) = t.get(key) {
            let mut item = item.clone();
            if let Some(v) = item.as_value_mut() {
                v.decor_mut().clear();
            }
            out.insert(key, item);
        }
    }
    out
}
