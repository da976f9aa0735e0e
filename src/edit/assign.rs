//! `pm assign` and `pm unassign`: a person's assignments to a project.

use anyhow::{Result, bail};
use chrono::NaiveDate;
use toml_edit::{Item, Table, value};

use super::{Change, in_file, open_program, open_project, require_person, require_slug};
use crate::cli::{AssignArgs, UnassignArgs};
use crate::store::tables::{self, PROJECT_ITEMS};
use crate::store::{Tree, did_you_mean};

/// `pm assign`: a new assignment, optionally handed over from a colleague (`--instead-of`).
pub fn assign(tree: &Tree, a: &AssignArgs) -> Result<Change> {
    require_slug("person", &a.person)?;
    require_slug("project", &a.project)?;
    let role = a.role.as_deref().map(str::trim).filter(|r| !r.is_empty());

    let (_, program) = open_program(tree)?;
    require_person(&program, &a.person)?;
    let (mut file, project) = open_project(tree, &a.project)?;
    let charter = &project.charter;
    let pid = &a.project;
    // Dates left out follow the charter (now and when it changes later), so only given ones
    // are written; the charter still has to supply the others.
    let (from, from_note) = match (a.from, &charter.start) {
        (Some(d), _) => (d, ""),
        (None, Some(d)) => (d.value, " (the charter start)"),
        (None, None) => bail!(
            "give --from: {pid} has no charter start for the assignment to begin on (or set one with `pm project set {pid} --start DATE`)"
        ),
    };
    let (to, to_note) = match (a.to, &charter.end) {
        (Some(d), _) => (d, ""),
        (None, Some(d)) => (d.value, " (the charter end)"),
        (None, None) => bail!(
            "give --to: {pid} has no charter end for the assignment to finish on (or set one with `pm project set {pid} --end DATE`)"
        ),
    };
    if to < from {
        bail!("the assignment would end on {to}{to_note}, before it starts on {from}{from_note}");
    }
    let relieved = match &a.instead_of {
        Some(other) => {
            require_slug("person", other)?;
            require_person(&program, other)?;
            if *other == a.person {
                bail!(
                    "--instead-of names {other}, the person being assigned; name the colleague whose load {other} takes over"
                );
            }
            if a.allocation == 0 {
                bail!(
                    "--allocation 0 hands nothing over from {other}; give the percent {} takes over",
                    a.person
                );
            }
            Some(super::reassign::relieve(
                &mut file,
                charter,
                other,
                from,
                to,
                a.allocation,
            )?)
        }
        None => None,
    };

    let mut t = Table::new();
    t.insert("person", value(&a.person));
    t.insert("allocation", value(i64::from(a.allocation)));
    if let Some(d) = a.from {
        t.insert("from", Item::Value(tables::date(d)?));
    }
    if let Some(d) = a.to {
        t.insert("to", Item::Value(tables::date(d)?));
    }
    if a.proposed {
        t.insert("status", value("proposed"));
    }
    if let Some(r) = role {
        t.insert("role", value(r));
    }
    let later = tables::after(&PROJECT_ITEMS, "assignment");
    tables::append(&mut file.doc, "assignment", &later, t).map_err(in_file(&file))?;
    let kind = if a.proposed { ", proposed" } else { "" };
    let summary = format!(
        "assigned {} to {pid} at {}% from {from} to {to}{kind} in {}",
        a.person, a.allocation, file.rel
    );
    let mut change = Change::of(&[&file], summary);
    if let Some(done) = relieved {
        change = change.line(done);
    }
    Ok(change)
}

/// `pm unassign`: removes a person's assignments on a project, or ends them on a date.
pub fn unassign(tree: &Tree, a: &UnassignArgs) -> Result<Change> {
    require_slug("person", &a.person)?;
    require_slug("project", &a.project)?;
    let (mut file, project) = open_project(tree, &a.project)?;
    let (person, pid) = (a.person.as_str(), a.project.as_str());

    // Read from the document, not the typed model, so that the indices are the document's.
    let items = tables::items(&file.doc, "assignment").map_err(in_file(&file))?;
    let mine: Vec<usize> = items
        .iter()
        .enumerate()
        .filter(|(_, t)| tables::str_of(t, "person") == Some(person))
        .map(|(i, _)| i)
        .collect();
    if mine.is_empty() {
        let assigned: Vec<&str> = items
            .iter()
            .filter_map(|t| tables::str_of(t, "person"))
            .collect();
        let hint = match did_you_mean(person, assigned.iter().copied()) {
            Some(s) => format!(" — did you mean '{s}'?"),
            None if assigned.is_empty() => format!("; nobody is assigned to {pid}"),
            None => format!("; assigned to {pid}: {}", assigned.join(", ")),
        };
        bail!("{person} has no assignment on {pid}{hint}");
    }

    let Some(on) = a.on else {
        for &i in mine.iter().rev() {
            tables::remove(&mut file.doc, "assignment", i).map_err(in_file(&file))?;
        }
        let summary = format!(
            "removed {} of {person} from {}",
            count(mine.len(), "assignment"),
            file.rel
        );
        return Ok(Change::of(&[&file], summary));
    };

    let charter = &project.charter;
    let mut to_end = Vec::new();
    let mut to_remove = Vec::new();
    for &i in &mine {
        let t = items[i];
        let from = tables::date_of(t, "assignment", "from")
            .map_err(in_file(&file))?
            .or(charter.start.as_ref().map(|d| d.value));
        let to = tables::date_of(t, "assignment", "to")
            .map_err(in_file(&file))?
            .or(charter.end.as_ref().map(|d| d.value));
        let day_before = on.pred_opt();
        let starts_on_or_after = match (from, day_before) {
            (_, None) => true,
            (Some(f), _) => f >= on,
            (None, _) => false,
        };
        if starts_on_or_after {
            to_remove.push(i);
        } else if to.is_none_or(|t| t >= on) {
            to_end.push(i);
        }
    }
    if to_end.is_empty() && to_remove.is_empty() {
        bail!("{person}'s assignments on {pid} all end before {on}; there is nothing to end");
    }

    let end: Option<NaiveDate> = on.pred_opt();
    if let Some(end) = end {
        let new_to = tables::date(end)?;
        if let Some(Item::ArrayOfTables(aot)) = file.doc.get_mut("assignment") {
            for &i in &to_end {
                if let Some(t) = aot.get_mut(i) {
                    tables::set(t, "to", new_to.clone(), &["person", "allocation", "from"]);
                }
            }
        }
    }
    for &i in to_remove.iter().rev() {
        tables::remove(&mut file.doc, "assignment", i).map_err(in_file(&file))?;
    }

    let mut did = Vec::new();
    if let (false, Some(end)) = (to_end.is_empty(), end) {
        did.push(format!(
            "ended {} of {person} on {pid} on {end}",
            count(to_end.len(), "assignment")
        ));
    }
    if !to_remove.is_empty() {
        did.push(format!(
            "removed {} of {person} on {pid} starting on or after {on}",
            count(to_remove.len(), "assignment")
        ));
    }
    let summary = format!("{} in {}", did.join(" and "), file.rel);
    Ok(Change::of(&[&file], summary))
}

fn count(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}
