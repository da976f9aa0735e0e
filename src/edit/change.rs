//! Change requests against an approved charter (SPEC §10): asked for (`add`), then decided
//! (`approve`, `reject`). Only an approved one covers a difference from the baseline (PM108).

use anyhow::{Result, anyhow, bail};
use chrono::NaiveDate;
use toml_edit::{Item, Table, Value, value};

use super::{
    Change, in_file, item_index, item_path, open_program, open_project, require_person,
    require_slug, require_title,
};
use crate::cli::{ChangeAddArgs, ChangeApproveArgs, ChangeRejectArgs};
use crate::model::{ChangeRequest, ChangeStatus, keys};
use crate::store::write::EditFile;
use crate::store::{Tree, tables};

/// `pm change add`: a proposed change request.
pub fn add(tree: &Tree, a: &ChangeAddArgs) -> Result<Change> {
    require_slug("project", &a.project)?;
    require_slug("change", &a.id)?;
    let title = require_title(&a.title, "change")?;
    let reason = a.reason.trim();
    if reason.is_empty() {
        bail!(
            "give a reason: say why the charter must change, e.g. --reason \"the gateway needs it\""
        );
    }
    let ids = |list: &[String], what: &str| -> Result<Vec<String>> {
        let mut out: Vec<String> = Vec::new();
        for id in list.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
            require_slug(what, id)?;
            if !out.iter().any(|x| x == id) {
                out.push(id.to_owned());
            }
        }
        Ok(out)
    };
    let adds = ids(&a.adds, "deliverable")?;
    let removes = ids(&a.removes, "deliverable")?;
    let unexcludes = ids(&a.unexcludes, "exclusion")?;
    if adds.is_empty()
        && removes.is_empty()
        && unexcludes.is_empty()
        && a.effort_hours.is_none()
        && a.start.is_none()
        && a.end.is_none()
    {
        bail!(
            "a change must say what it changes: give at least one of --adds, --removes, --unexcludes, --effort-hours, --start, --end"
        );
    }
    if let Some(both) = adds.iter().find(|d| removes.contains(d)) {
        bail!(
            "'{both}' is both in --adds and --removes; a change either adds a deliverable or removes it"
        );
    }
    if let (Some(start), Some(end)) = (a.start, a.end)
        && end < start
    {
        bail!("--end {end} is before --start {start}; the charter window must not be reversed");
    }
    if let Some(who) = &a.requested_by {
        require_slug("person", who)?;
        let (_, program) = open_program(tree)?;
        require_person(&program, who)?;
    }
    let (mut file, project) = open_project(tree, &a.project)?;
    let pid = project.id.as_str();
    let taken = tables::ids(&file.doc, "change").map_err(in_file(&file))?;
    if taken.contains(&a.id) {
        bail!(
            "change '{}' already exists in {}; choose another id",
            a.id,
            file.rel
        );
    }
    // What a change takes out may be gone already (PM108 asks for the change after the
    // fact): that is said, not refused, since the file can no longer show it.
    let mut notes = Vec::new();
    for r in &removes {
        if project.deliverable(r).is_none() {
            notes.push(format!(
                "{pid} has no deliverable '{r}' now: the change records that it is taken out{}",
                listed(project.deliverables.iter().map(|d| d.id.as_str()))
            ));
        }
    }
    for u in &unexcludes {
        if project.exclusion(u).is_none() {
            notes.push(format!(
                "{pid} has no exclusion '{u}' now: the change records that it is lifted{}",
                listed(project.exclusions.iter().map(|e| e.id.as_str()))
            ));
        }
    }
    for d in &adds {
        if project.exclusion(d).is_some() && !unexcludes.contains(d) {
            bail!(
                "'{d}' is an exclusion of {pid} (out of scope); a change that brings it into scope lifts the exclusion too: add --unexcludes {d}"
            );
        }
    }

    let mut t = Table::new();
    t.insert("id", value(&a.id));
    t.insert("title", value(title));
    t.insert("status", value(ChangeStatus::Proposed.as_str()));
    if let Some(who) = &a.requested_by {
        t.insert("requested_by", value(who));
    }
    t.insert("reason", value(reason));
    for (key, list) in [
        ("adds", &adds),
        ("removes", &removes),
        ("unexcludes", &unexcludes),
    ] {
        if !list.is_empty() {
            t.insert(key, Item::Value(tables::strings(list)));
        }
    }
    if let Some(h) = a.effort_hours {
        t.insert("effort_hours", Item::Value(tables::hours(h)));
    }
    if let Some(d) = a.start {
        t.insert("start", Item::Value(tables::date(d)?));
    }
    if let Some(d) = a.end {
        t.insert("end", Item::Value(tables::date(d)?));
    }
    let later = tables::after(&tables::PROJECT_ITEMS, "change");
    tables::append(&mut file.doc, "change", &later, t).map_err(in_file(&file))?;
    let mut change = Change::of(
        &[&file],
        format!("added change {} to {} (proposed)", a.id, file.rel),
    );
    for n in notes {
        change = change.note(n);
    }
    if project.charter.approved.is_none() {
        change = change.note(format!(
            "the charter of {pid} is not approved yet, so there is no baseline for the change to be measured against; approve it with `pm charter approve {pid} --by PERSON`"
        ));
    }
    Ok(change.note(format!(
        "it covers nothing until it is approved: `pm change approve {pid}/{} --by PERSON`",
        a.id
    )))
}

/// `pm change approve`.
pub fn approve(tree: &Tree, a: &ChangeApproveArgs, today: NaiveDate) -> Result<Change> {
    decide(
        tree,
        &a.change,
        &a.by,
        a.on.unwrap_or(today),
        ChangeStatus::Approved,
        None,
    )
}

/// `pm change reject`: the reason is kept after the one the change was asked for.
pub fn reject(tree: &Tree, a: &ChangeRejectArgs, today: NaiveDate) -> Result<Change> {
    let why = a.reason.trim();
    if why.is_empty() {
        bail!(
            "give a reason: say why the change is rejected, e.g. --reason \"no budget this year\""
        );
    }
    decide(
        tree,
        &a.change,
        &a.by,
        a.on.unwrap_or(today),
        ChangeStatus::Rejected,
        Some(why),
    )
}

fn decide(
    tree: &Tree,
    arg: &str,
    by: &str,
    on: NaiveDate,
    status: ChangeStatus,
    why: Option<&str>,
) -> Result<Change> {
    let (pid, cid) = item_path(arg, "change", "lander/add-docking-adapter")?;
    require_slug("person", by)?;
    let (_, program) = open_program(tree)?;
    require_person(&program, by)?;
    let (mut file, project) = open_project(tree, pid)?;
    let index = item_index(&file, "change", cid)?;
    let Some(request) = project.changes.iter().find(|c| c.id.value == cid) else {
        bail!(
            "{}: change '{cid}' could not be read; run `pm check` to see why",
            file.rel
        );
    };
    if request.status.value != ChangeStatus::Proposed {
        bail!(
            "change {pid}/{cid} is already {}{}; a decision stands: ask again with a new change request (pm change add)",
            request.status.value.as_str(),
            decided(request)
        );
    }
    let reason = why.map(|w| match &request.reason {
        Some(asked) if !asked.trim().is_empty() => format!("{}; rejected: {w}", asked.trim()),
        _ => format!("rejected: {w}"),
    });
    set_in(&mut file, index, "status", Value::from(status.as_str()))?;
    set_in(&mut file, index, "decided_by", Value::from(by))?;
    set_in(&mut file, index, "decided", tables::date(on)?)?;
    if let Some(r) = reason {
        set_in(&mut file, index, "reason", Value::from(r))?;
    }
    let mut change = Change::of(
        &[&file],
        format!(
            "{} change {pid}/{cid} on {on} by {by} in {}",
            status.as_str(),
            file.rel
        ),
    );
    if status == ChangeStatus::Approved && project.charter.approved.is_none() {
        change = change.note(format!(
            "the charter of {pid} is not approved yet: a change is measured against the approved charter (`pm charter approve {pid} --by PERSON`)"
        ));
    }
    Ok(change)
}

/// " by grace on 2026-04-02", as far as the change records it.
fn decided(c: &ChangeRequest) -> String {
    let by = c
        .decided_by
        .as_ref()
        .map(|b| format!(" by {}", b.value))
        .unwrap_or_default();
    let on = c
        .decided
        .as_ref()
        .map(|d| format!(" on {}", d.value))
        .unwrap_or_default();
    format!("{by}{on}")
}

/// Sets `key` of change number `index`, keeping the key order of the file format.
fn set_in(file: &mut EditFile, index: usize, key: &str, v: Value) -> Result<()> {
    let rel = file.rel.clone();
    let t = file
        .doc
        .get_mut("change")
        .and_then(Item::as_array_of_tables_mut)
        .and_then(|c| c.get_mut(index))
        .ok_or_else(|| anyhow!("{rel}: there is no change number {}", index + 1))?;
    let at = keys::CHANGE.iter().position(|k| *k == key).unwrap_or(0);
    tables::set(t, key, v, &keys::CHANGE[..at]);
    Ok(())
}

/// "; its deliverables are: a, b", or nothing when there are none.
fn listed<'a>(ids: impl Iterator<Item = &'a str>) -> String {
    let ids: Vec<&str> = ids.collect();
    if ids.is_empty() {
        String::new()
    } else {
        format!("; it has: {}", ids.join(", "))
    }
}
