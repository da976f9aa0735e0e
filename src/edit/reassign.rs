//! `pm reassign`: move a person from one project to another on a date. Also the hand-over behind
//! `pm assign --instead-of`: lower a person's assignment over some days by what a colleague
//! takes on.

use anyhow::{Result, anyhow, bail};
use chrono::NaiveDate;
use toml_edit::{Item, Table, Value, value};

use super::assignment::{entries, nobody_hint};
use super::guard::load_guard;
use super::{Change, in_file, open_program, open_project, require_person, require_slug};
use crate::cli::ReassignArgs;
use crate::model::{Charter, keys};
use crate::store::Tree;
use crate::store::tables::{self, PROJECT_ITEMS};
use crate::store::write::EditFile;

fn set(table: &mut Table, key: &str, v: Value) {
    let at = keys::ASSIGNMENT
        .iter()
        .position(|k| *k == key)
        .unwrap_or(keys::ASSIGNMENT.len());
    tables::set(table, key, v, &keys::ASSIGNMENT[..at]);
}

/// One `[[assignment]]` of the document, with its dates resolved against the charter.
struct Held {
    index: usize,
    from: NaiveDate,
    to: NaiveDate,
    allocation: u32,
    committed: bool,
    role: Option<String>,
}

/// The person's assignments in `file`, in file order. Those without dates are left out (PM005).
fn held(file: &EditFile, charter: &Charter, person: &str) -> Result<Vec<Held>> {
    Ok(entries(file, charter, person)?
        .into_iter()
        .filter_map(|e| {
            Some(Held {
                index: e.index,
                from: e.from?,
                to: e.to?,
                allocation: e.allocation?,
                committed: e.committed,
                role: e.role,
            })
        })
        .collect())
}

/// "60% 2026-02-01..2026-12-31, 30% 2026-07-01..2027-03-31 (proposed)"
fn describe(held: &[Held]) -> String {
    held.iter()
        .map(|h| {
            let kind = if h.committed { "" } else { " (proposed)" };
            format!("{}% {}..{}{kind}", h.allocation, h.from, h.to)
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// `pm reassign`: ends a person's assignment on one project the day before a date and starts
/// one on another project from that date.
pub fn run(tree: &Tree, a: &ReassignArgs) -> Result<Change> {
    require_slug("person", &a.person)?;
    require_slug("project", &a.from_project)?;
    require_slug("project", &a.to_project)?;
    let (person, from_pid, to_pid, on) = (
        a.person.as_str(),
        a.from_project.as_str(),
        a.to_project.as_str(),
        a.on,
    );
    if from_pid == to_pid {
        bail!(
            "--from-project and --to-project are both {from_pid}; to change {person}'s assignment within one project use `pm assignment set {person} {from_pid}`"
        );
    }
    let (_, program) = open_program(tree)?;
    require_person(&program, person)?;
    let (mut old_file, old_project) = open_project(tree, from_pid)?;
    let (mut new_file, _) = open_project(tree, to_pid)?;

    let mine = held(&old_file, &old_project.charter, person)?;
    if mine.is_empty() {
        bail!(
            "{person} has no assignment on {from_pid}{}",
            nobody_hint(&old_file, person, from_pid)?
        );
    }
    // The assignment active on the day, else the next one to start after it.
    let old = mine
        .iter()
        .find(|h| h.from <= on && on <= h.to)
        .or_else(|| mine.iter().filter(|h| h.from > on).min_by_key(|h| h.from));
    let Some(old) = old else {
        bail!(
            "{person} has no assignment on {from_pid} active on or after {on} (theirs: {}); nothing to move",
            describe(&mine)
        );
    };

    // Starting before the old assignment would add load that was never planned.
    let start = on.max(old.from);
    let end = a.to.unwrap_or(old.to);
    if end < start {
        bail!("--to {end} is before the new assignment's first day, {start}");
    }
    let allocation = a.allocation.unwrap_or(old.allocation);

    let old_rel = old_file.rel.clone();
    let later = tables::after(&PROJECT_ITEMS, "assignment");
    let new_values = |t: &mut Table| -> Result<()> {
        set(t, "allocation", Value::from(i64::from(allocation)));
        set(t, "from", tables::date(start)?);
        set(t, "to", tables::date(end)?);
        Ok(())
    };
    let ended = match on.pred_opt().filter(|d| *d >= old.from) {
        Some(last) => {
            let t = assignment_mut(&mut old_file, old.index)?;
            set(t, "to", tables::date(last)?);
            let mut t = Table::new();
            t.insert("person", value(person));
            new_values(&mut t)?;
            if !old.committed {
                t.insert("status", value("proposed"));
            }
            if let Some(role) = &old.role {
                t.insert("role", value(role));
            }
            tables::append(&mut new_file.doc, "assignment", &later, t)
                .map_err(in_file(&new_file))?;
            format!(
                "ended {person}'s {}% on {from_pid} on {last}",
                old.allocation
            )
        }
        None => {
            // Not started yet: the assignment itself moves, with its comments and every key.
            let mut item = tables::take(&mut old_file.doc, "assignment", old.index)
                .map_err(|e| anyhow!("{old_rel}: {e}"))?;
            new_values(&mut item.table)?;
            tables::place(&mut new_file.doc, "assignment", &later, item)
                .map_err(in_file(&new_file))?;
            format!(
                "removed {person}'s {}% on {from_pid} ({}..{}), which had not started by {on}",
                old.allocation, old.from, old.to
            )
        }
    };

    let assigned = format!(
        "assigned {person} to {to_pid} at {allocation}% from {start} to {end} in {}",
        new_file.rel
    );
    let change =
        Change::of(&[&old_file, &new_file], format!("{ended} in {old_rel}")).line(assigned);
    if old.committed {
        let what = format!("moving {person} to {to_pid} at {allocation}% from {start} to {end}");
        load_guard(tree, &change, person, a.force, &what)?;
    }
    Ok(change)
}

fn assignment_mut(file: &mut EditFile, index: usize) -> Result<&mut Table> {
    let rel = file.rel.clone();
    file.doc
        .get_mut("assignment")
        .and_then(Item::as_array_of_tables_mut)
        .and_then(|a| a.get_mut(index))
        .ok_or_else(|| anyhow!("{rel}: there is no [[assignment]] number {}", index + 1))
}

/// Lowers `person`'s committed assignment on the project of `file` by `amount` over
/// `from..=to`: the one assignment that covers those days with at least that much, split into
/// the days before (unchanged), the days themselves (lowered; gone at 0) and the days after
/// (unchanged). Returns what it did, for the user.
pub fn relieve(
    file: &mut EditFile,
    charter: &Charter,
    person: &str,
    from: NaiveDate,
    to: NaiveDate,
    amount: u32,
) -> Result<String> {
    let mine = held(file, charter, person)?;
    let Some(h) = mine
        .iter()
        .find(|h| h.committed && h.from <= from && to <= h.to && h.allocation >= amount)
    else {
        let theirs = if mine.is_empty() {
            "they have none there".to_owned()
        } else {
            format!("theirs: {}", describe(&mine))
        };
        bail!(
            "{person} has no committed assignment in {} covering {from}..{to} with at least {amount}% to hand over ({theirs})",
            file.rel
        );
    };
    let (index, old_from, old_to, old) = (h.index, h.from, h.to, h.allocation);
    let lowered = old - amount;
    let mut pieces: Vec<(NaiveDate, NaiveDate, u32)> = Vec::new();
    if let Some(before) = from.pred_opt().filter(|d| *d >= old_from) {
        pieces.push((old_from, before, old));
    }
    if lowered > 0 {
        pieces.push((from, to, lowered));
    }
    if let Some(after) = to.succ_opt().filter(|d| *d <= old_to) {
        pieces.push((after, old_to, old));
    }
    let rel = file.rel.clone();
    let Some((&first, rest)) = pieces.split_first() else {
        tables::remove(&mut file.doc, "assignment", index).map_err(|e| anyhow!("{rel}: {e}"))?;
        return Ok(format!(
            "removed {person}'s {old}% from {from} to {to} in {rel}"
        ));
    };
    let original = assignment_mut(file, index)?;
    // The other pieces repeat the assignment without its comments, which stay on the first.
    let mut copy = Table::new();
    for (k, item) in original.iter() {
        if let Some(v) = item.as_value() {
            let mut v = v.clone();
            v.decor_mut().clear();
            copy.insert(k, Item::Value(v));
        }
    }
    let (f, t, n) = first;
    if f != old_from {
        set(original, "from", tables::date(f)?);
    }
    if t != old_to {
        set(original, "to", tables::date(t)?);
    }
    if n != old {
        set(original, "allocation", Value::from(i64::from(n)));
    }
    let later = tables::after(&PROJECT_ITEMS, "assignment");
    for &(f, t, n) in rest {
        let mut piece = copy.clone();
        set(&mut piece, "from", tables::date(f)?);
        set(&mut piece, "to", tables::date(t)?);
        set(&mut piece, "allocation", Value::from(i64::from(n)));
        tables::append(&mut file.doc, "assignment", &later, piece)
            .map_err(|e| anyhow!("{rel}: {e}"))?;
    }
    Ok(if lowered > 0 {
        format!("lowered {person}'s {old}% to {lowered}% from {from} to {to} in {rel}")
    } else {
        format!("took {person}'s {old}% off from {from} to {to} in {rel}")
    })
}
