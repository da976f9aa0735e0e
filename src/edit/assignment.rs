//! One assignment addressed among a person's assignments on a project: by the only one there is,
//! or by a day it runs on (`--at`); several candidates and no `--at` is a refusal that lists
//! them with their dates. `pm assignment set|remove` and `pm unassign` work on what this picks.

use anyhow::{Result, anyhow, bail};
use chrono::NaiveDate;
use toml_edit::{Item, Value};

use super::guard::load_guard;
use super::{
    Change, count, in_file, item_lines, item_mut, open_project, require_slug, set_item_key,
};
use crate::cli::{
    AssignmentRemoveArgs, AssignmentSetArgs, AssignmentTarget, Setting, UnassignArgs,
};
use crate::model::{Charter, keys};
use crate::store::write::EditFile;
use crate::store::{Tree, did_you_mean, tables};

/// One `[[assignment]]` of the person in the document, its dates resolved against the charter.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Index among the document's `[[assignment]]` items.
    pub index: usize,
    /// Line of its header, for listing.
    pub line: Option<usize>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub allocation: Option<u32>,
    pub committed: bool,
    pub role: Option<String>,
}

impl Entry {
    fn runs_on(&self, day: NaiveDate) -> bool {
        self.from.is_some_and(|f| f <= day) && self.to.is_some_and(|t| day <= t)
    }

    /// "60% 2026-02-01..2026-12-31, proposed".
    pub fn describe(&self) -> String {
        let pct = self
            .allocation
            .map(|a| format!("{a}%"))
            .unwrap_or_else(|| "?%".into());
        let date = |d: Option<NaiveDate>| d.map(|d| d.to_string()).unwrap_or_else(|| "?".into());
        let kind = if self.committed { "" } else { ", proposed" };
        format!("{pct} {}..{}{kind}", date(self.from), date(self.to))
    }
}

/// The person's assignments in `file`, in file order.
pub fn entries(file: &EditFile, charter: &Charter, person: &str) -> Result<Vec<Entry>> {
    let in_file = in_file(file);
    let lines = item_lines(file, "assignment");
    let mut out = Vec::new();
    for (index, t) in tables::items(&file.doc, "assignment")
        .map_err(in_file)?
        .into_iter()
        .enumerate()
    {
        if tables::str_of(t, "person") != Some(person) {
            continue;
        }
        let from = tables::date_of(t, "assignment", "from")
            .map_err(in_file)?
            .or(charter.start.as_ref().map(|d| d.value));
        let to = tables::date_of(t, "assignment", "to")
            .map_err(in_file)?
            .or(charter.end.as_ref().map(|d| d.value));
        out.push(Entry {
            index,
            line: lines.get(index).copied(),
            from,
            to,
            allocation: t
                .get("allocation")
                .and_then(Item::as_integer)
                .and_then(|n| u32::try_from(n).ok()),
            committed: tables::str_of(t, "status") != Some("proposed"),
            role: tables::str_of(t, "role").map(str::to_owned),
        });
    }
    Ok(out)
}

/// "60% 2026-02-01..2026-12-31; 30% 2026-07-01..2027-03-31, proposed"
pub fn describe_all(entries: &[Entry]) -> String {
    entries
        .iter()
        .map(Entry::describe)
        .collect::<Vec<_>>()
        .join("; ")
}

/// "— did you mean 'bob'?" / "; nobody is assigned to lander" / "; assigned to lander: a, b",
/// each person named once.
pub fn nobody_hint(file: &EditFile, person: &str, pid: &str) -> Result<String> {
    let items = tables::items(&file.doc, "assignment").map_err(in_file(file))?;
    let mut assigned: Vec<&str> = items
        .iter()
        .filter_map(|t| tables::str_of(t, "person"))
        .collect();
    assigned.sort_unstable();
    assigned.dedup();
    Ok(match did_you_mean(person, assigned.iter().copied()) {
        Some(s) => format!(" — did you mean '{s}'?"),
        None if assigned.is_empty() => format!("; nobody is assigned to {pid}"),
        None => format!("; assigned to {pid}: {}", assigned.join(", ")),
    })
}

/// The candidates, one per line with where they are written, for a refusal.
fn listed(rel: &str, entries: &[&Entry]) -> String {
    entries
        .iter()
        .map(|e| match e.line {
            Some(line) => format!("\n  {rel}:{line}  {}", e.describe()),
            None => format!("\n  {rel}  {}", e.describe()),
        })
        .collect()
}

/// Which of `entries` the command means: all of them (`--all`), the one running on `at`, or
/// the only one. `how` says how else to pick, for the refusal.
fn select<'e>(
    entries: &'e [Entry],
    target: &AssignmentTarget,
    all: bool,
    rel: &str,
    how: &str,
) -> Result<Vec<&'e Entry>> {
    let (person, pid) = (target.person.as_str(), target.project.as_str());
    if all {
        return Ok(entries.iter().collect());
    }
    let Some(day) = target.at else {
        return match entries {
            [one] => Ok(vec![one]),
            _ => bail!(
                "{person} has {} on {pid}; pm does not guess which one is meant:{}\nsay which with --at DATE (a day it runs on){how}",
                count(entries.len(), "assignment"),
                listed(rel, &entries.iter().collect::<Vec<_>>())
            ),
        };
    };
    let running: Vec<&Entry> = entries.iter().filter(|e| e.runs_on(day)).collect();
    match running.as_slice() {
        [one] => Ok(vec![*one]),
        [] => bail!(
            "{person} has no assignment on {pid} running on {day}; theirs: {}",
            describe_all(entries)
        ),
        several => {
            let starting: Vec<&Entry> = several
                .iter()
                .copied()
                .filter(|e| e.from == Some(day))
                .collect();
            if let [one] = starting.as_slice() {
                return Ok(vec![*one]);
            }
            bail!(
                "{person} has {} on {pid} running on {day}; pm cannot tell them apart by date:{}\nchange the one you mean in {rel} by hand{how}",
                count(several.len(), "assignment"),
                listed(rel, several)
            )
        }
    }
}

/// Opens the project and the person's assignments there; refuses when there are none.
fn open(tree: &Tree, target: &AssignmentTarget) -> Result<(EditFile, Charter, Vec<Entry>)> {
    require_slug("person", &target.person)?;
    require_slug("project", &target.project)?;
    let (file, project) = open_project(tree, &target.project)?;
    let found = entries(&file, &project.charter, &target.person)?;
    if found.is_empty() {
        bail!(
            "{} has no assignment on {}{}",
            target.person,
            target.project,
            nobody_hint(&file, &target.person, &target.project)?
        );
    }
    Ok((file, project.charter, found))
}

/// `pm assignment set`: changes one assignment; the result passes the load guard when it is
/// committed.
pub fn set(tree: &Tree, a: &AssignmentSetArgs) -> Result<Change> {
    let t = &a.target;
    if a.allocation.is_none()
        && a.from.is_none()
        && a.to.is_none()
        && a.role.is_none()
        && !a.commit
        && !a.propose
    {
        bail!(
            "nothing to set; give at least one of --allocation, --from, --to, --role, --commit, --propose"
        );
    }
    let (mut file, _, found) = open(tree, t)?;
    let chosen = select(&found, t, false, &file.rel, "")?;
    let Some(&old) = chosen.first() else {
        bail!("no assignment chosen");
    };
    let old = old.clone();
    let from = a.from.or(old.from);
    let to = a.to.or(old.to);
    if let (Some(f), Some(to)) = (from, to)
        && to < f
    {
        bail!("the assignment would end on {to}, before it starts on {f}");
    }

    let mut did: Vec<String> = Vec::new();
    {
        let table = item_mut(&mut file, "assignment", old.index)?;
        let mut set = |key: &str, v: Option<Value>, shown: String| {
            let before = table.to_string();
            match v {
                Some(v) => set_item_key(table, &keys::ASSIGNMENT, key, v),
                None => {
                    table.remove(key);
                }
            }
            if table.to_string() != before {
                did.push(shown);
            }
        };
        if let Some(n) = a.allocation {
            set(
                "allocation",
                Some(Value::from(i64::from(n))),
                format!("allocation = {n}"),
            );
        }
        if let Some(d) = a.from {
            set("from", Some(tables::date(d)?), format!("from = {d}"));
        }
        if let Some(d) = a.to {
            set("to", Some(tables::date(d)?), format!("to = {d}"));
        }
        match &a.role {
            Some(Setting::To(r)) => set(
                "role",
                Some(r.trim().into()),
                format!("role = {:?}", r.trim()),
            ),
            Some(Setting::Clear) => set("role", None, "removed role".into()),
            None => {}
        }
        if a.commit {
            set("status", None, "status = committed".into());
        }
        if a.propose {
            set(
                "status",
                Some("proposed".into()),
                "status = proposed".into(),
            );
        }
    }
    let (person, pid) = (t.person.as_str(), t.project.as_str());
    if did.is_empty() {
        return Ok(Change::default().line(format!(
            "{person}'s assignment to {pid} ({}) already has these values; nothing changed",
            old.describe()
        )));
    }
    let change = Change::of(
        &[&file],
        format!(
            "set {} of {person}'s assignment to {pid} (was {}) in {}",
            did.join(", "),
            old.describe(),
            file.rel
        ),
    );
    let committed = if a.propose {
        false
    } else {
        a.commit || old.committed
    };
    if committed {
        let what = format!("changing {person}'s assignment to {pid}");
        load_guard(tree, &change, person, a.force, &what)?;
    }
    Ok(change)
}

/// `pm assignment remove`: one assignment, or all of the person's on the project.
pub fn remove(tree: &Tree, a: &AssignmentRemoveArgs) -> Result<Change> {
    let t = &a.target;
    let (mut file, _, found) = open(tree, t)?;
    let chosen = select(&found, t, a.all, &file.rel, ", or --all for every one")?;
    let summary = removed_summary(&t.person, &t.project, &chosen, &file.rel);
    let mut indices: Vec<usize> = chosen.iter().map(|e| e.index).collect();
    indices.sort_unstable();
    for &i in indices.iter().rev() {
        tables::remove(&mut file.doc, "assignment", i).map_err(in_file(&file))?;
    }
    Ok(Change::of(&[&file], summary))
}

fn removed_summary(person: &str, pid: &str, chosen: &[&Entry], rel: &str) -> String {
    match chosen {
        [one] => format!(
            "removed {person}'s assignment to {pid} ({}) from {rel}",
            one.describe()
        ),
        many => format!(
            "removed {} of {person} to {pid} ({}) from {rel}",
            count(many.len(), "assignment"),
            many.iter()
                .map(|e| e.describe())
                .collect::<Vec<_>>()
                .join("; ")
        ),
    }
}

/// `pm unassign`: `pm assignment remove`, or with `--on DATE` the end of the assignment on
/// the day before DATE (one that only starts on or after DATE is removed).
pub fn unassign(tree: &Tree, a: &UnassignArgs) -> Result<Change> {
    let Some(on) = a.on else {
        return remove(tree, &a.remove);
    };
    let t = &a.remove.target;
    let (person, pid) = (t.person.as_str(), t.project.as_str());
    let (mut file, _, found) = open(tree, t)?;
    // Only what still runs on or after the day can be ended.
    let live: Vec<Entry> = found
        .iter()
        .filter(|e| e.to.is_none_or(|to| to >= on))
        .cloned()
        .collect();
    if live.is_empty() {
        bail!(
            "{person}'s assignments on {pid} all end before {on} ({}); there is nothing to end",
            describe_all(&found)
        );
    }
    let chosen = select(
        &live,
        t,
        a.remove.all,
        &file.rel,
        ", or --all for every one",
    )?;
    let end = on.pred_opt();
    let mut ended: Vec<&Entry> = Vec::new();
    let mut removed: Vec<&Entry> = Vec::new();
    for e in chosen {
        match (e.from, end) {
            (Some(from), Some(_)) if from < on => ended.push(e),
            _ => removed.push(e),
        }
    }
    if let Some(end) = end {
        let new_to = tables::date(end)?;
        for e in &ended {
            let table = item_mut(&mut file, "assignment", e.index)?;
            set_item_key(table, &keys::ASSIGNMENT, "to", new_to.clone());
        }
    }
    let mut indices: Vec<usize> = removed.iter().map(|e| e.index).collect();
    indices.sort_unstable();
    for &i in indices.iter().rev() {
        tables::remove(&mut file.doc, "assignment", i).map_err(|e| anyhow!("{}: {e}", file.rel))?;
    }
    let mut did = Vec::new();
    if let (false, Some(end)) = (ended.is_empty(), end) {
        let what = ended
            .iter()
            .map(|e| e.describe())
            .collect::<Vec<_>>()
            .join("; ");
        did.push(format!(
            "ended {person}'s assignment{} to {pid} ({what}) on {end}",
            if ended.len() == 1 { "" } else { "s" }
        ));
    }
    if !removed.is_empty() {
        let what = removed
            .iter()
            .map(|e| e.describe())
            .collect::<Vec<_>>()
            .join("; ");
        did.push(format!(
            "removed {person}'s assignment{} to {pid} ({what}), which had not started by {on}",
            if removed.len() == 1 { "" } else { "s" }
        ));
    }
    Ok(Change::of(
        &[&file],
        format!("{} in {}", did.join(" and "), file.rel),
    ))
}
