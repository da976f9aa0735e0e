//! Staffing requests: the project manager asks for someone with some skills (`add`); the
//! program manager fills the request with a person from the pool (`fill`).

use anyhow::{Result, anyhow, bail};
use toml_edit::{Item, Table, Value, value};

use super::work::free_id;
use super::{
    Change, item_index, item_path, open_program, open_project, require_person, require_slug,
};
use crate::cli::{RequestAddArgs, RequestFillArgs};
use crate::load::{Interval, Loads, Options};
use crate::model::{Request, RequestStatus, keys};
use crate::store::write::EditFile;
use crate::store::{self, Tree, tables};

/// `pm request add`.
pub fn add(tree: &Tree, a: &RequestAddArgs) -> Result<Change> {
    require_slug("project", &a.project)?;
    if let Some(id) = &a.id {
        require_slug("request", id)?;
    }
    let skills: Vec<&str> = a
        .skills
        .iter()
        .map(|s| s.trim())
        .filter(|s| !s.is_empty())
        .collect();
    if skills.is_empty() {
        bail!("give at least one skill the person must have, e.g. --skills thermal");
    }
    let reason = a.reason.trim();
    if reason.is_empty() {
        bail!(
            "give a reason: say why the project needs someone, e.g. --reason \"nobody owns the thermal design\""
        );
    }
    if a.allocation == 0 {
        bail!("--allocation 0 asks for nobody; give the percent of a full-time person needed");
    }
    let pid = a.project.as_str();
    let (mut file, project) = open_project(tree, pid)?;
    let charter = &project.charter;
    let (from, from_note) = match (a.from, &charter.start) {
        (Some(d), _) => (d, ""),
        (None, Some(d)) => (d.value, " (the charter start)"),
        (None, None) => bail!("give --from: {pid} has no charter start to default to"),
    };
    let (to, to_note) = match (a.to, &charter.end) {
        (Some(d), _) => (d, ""),
        (None, Some(d)) => (d.value, " (the charter end)"),
        (None, None) => bail!("give --to: {pid} has no charter end to default to"),
    };
    if to < from {
        bail!("the request would end on {to}{to_note}, before it starts on {from}{from_note}");
    }
    let taken = tables::ids(&file.doc, "request").map_err(|e| anyhow!("{}: {e}", file.rel))?;
    let id = match &a.id {
        Some(id) if taken.contains(id) => bail!(
            "request '{id}' already exists in {}; choose another --id, or leave --id out to derive one from the skills",
            file.rel
        ),
        Some(id) => id.clone(),
        None => free_id(&skills.join(" "), &taken)?,
    };
    let (_, program) = open_program(tree)?;
    let unknown: Vec<&str> = skills
        .iter()
        .copied()
        .filter(|s| {
            !program
                .people
                .iter()
                .any(|p| p.skills.iter().any(|k| k.trim().eq_ignore_ascii_case(s)))
        })
        .collect();

    let mut t = Table::new();
    t.insert("id", value(&id));
    t.insert("skills", Item::Value(tables::strings(&skills)));
    t.insert("allocation", value(i64::from(a.allocation)));
    if let Some(d) = a.from {
        t.insert("from", Item::Value(tables::date(d)?));
    }
    if let Some(d) = a.to {
        t.insert("to", Item::Value(tables::date(d)?));
    }
    t.insert("reason", value(reason));
    t.insert("status", value("open"));
    let later = tables::after(&tables::PROJECT_ITEMS, "request");
    tables::append(&mut file.doc, "request", &later, t)
        .map_err(|e| anyhow!("{}: {e}", file.rel))?;
    let summary = format!(
        "added request {id} to {}: {} at {}% from {from} to {to}",
        file.rel,
        skills.join(" + "),
        a.allocation
    );
    let mut change = Change::of(&[&file], summary);
    if !unknown.is_empty() {
        change = change.note(format!(
            "nobody in the pool has {}: `pm balance` will find no candidate until someone who does joins (pm person add)",
            unknown.join(", ")
        ));
    }
    Ok(change)
}

/// `pm request fill`: the request is filled and the person assigned, unless that would
/// over-allocate them (`--force` overrides).
pub fn fill(tree: &Tree, a: &RequestFillArgs) -> Result<Change> {
    let (pid, rid) = item_path(&a.request, "request", "comms-relay/rf-engineer")?;
    require_slug("person", &a.person)?;
    let person = a.person.as_str();
    let (_, program) = open_program(tree)?;
    require_person(&program, person)?;
    let (mut file, project) = open_project(tree, pid)?;
    let index = item_index(&file, "request", rid)?;
    let Some(request) = project.requests.iter().find(|r| r.id.value == rid) else {
        bail!(
            "{}: request '{rid}' could not be read; run `pm check` to see why",
            file.rel
        );
    };
    if request.status != RequestStatus::Open {
        let by = request
            .filled_by
            .as_ref()
            .map(|p| format!(" by {}", p.value))
            .unwrap_or_default();
        bail!(
            "request {pid}/{rid} is {}{by}, not open; only an open request can be filled",
            request.status.as_str()
        );
    }
    let Some(allocation) = request
        .allocation
        .as_ref()
        .and_then(|n| u32::try_from(n.value).ok())
    else {
        bail!(
            "request {pid}/{rid} does not say how much it needs; add `allocation = N` (percent) to it in {}",
            file.rel
        );
    };
    let Some((from, to)) = request.window(&project.charter) else {
        bail!(
            "request {pid}/{rid} has no dates and {pid} has no charter dates to default to; add `from` and `to` to it in {}",
            file.rel
        );
    };

    // The program manager may know better than the skill lists; say so, but do not refuse.
    let lacking: Vec<&str> = program
        .person(person)
        .map(|p| {
            request
                .skills
                .iter()
                .map(String::as_str)
                .filter(|s| {
                    !p.skills
                        .iter()
                        .any(|k| k.trim().eq_ignore_ascii_case(s.trim()))
                })
                .collect()
        })
        .unwrap_or_default();

    // Everyone's committed load, read under the lock so nothing changes before the write.
    let loaded = store::load_tree(tree)?;
    let loads = Loads::new(&loaded, Options::default());
    if !a.force
        && let Some(load) = loads.person(person)
        && let Some(capacity) = load.valid_capacity()
    {
        if !load.available(from, to) {
            let p = load.person;
            let when = match (&p.start, &p.end) {
                (Some(s), _) if s.value > from => format!("joins on {}", s.value),
                (_, Some(e)) => format!("leaves on {}", e.value),
                _ => "is not in the pool then".to_owned(),
            };
            bail!(
                "{person} {when}, so cannot work on {pid} from {from} to {to}; pick someone else (`pm balance` lists candidates) or pass --force"
            );
        }
        let extra = Interval {
            from,
            to,
            allocation,
        };
        let over = load.over_runs_with(&[extra], capacity, from, to);
        if let Some(worst) = over
            .iter()
            .max_by_key(|r| (r.peak, std::cmp::Reverse(r.from)))
        {
            let more = match over.len() {
                1 => String::new(),
                n => format!(
                    " (and over on {} other stretch{})",
                    n - 1,
                    if n == 2 { "" } else { "es" }
                ),
            };
            bail!(
                "filling {pid}/{rid} with {person} would over-allocate them: {}% of {}% from {} to {}{more}. Pick someone with {allocation}% free (`pm balance` lists candidates) or pass --force",
                worst.peak,
                capacity,
                worst.from,
                worst.to
            );
        }
    }

    record_fill(&mut file, index, request, person, allocation)?;
    let rel = file.rel.clone();
    let mut change = Change::of(
        &[&file],
        format!(
            "filled request {pid}/{rid} with {person}: assigned {person} to {pid} at {allocation}% from {from} to {to} in {rel}"
        ),
    );
    if !lacking.is_empty() {
        change = change.note(format!(
            "{person} does not have {} asked for by the request",
            lacking.join(", ")
        ));
    }
    Ok(change)
}

/// Writes a fill into the project's document: the request at `index` becomes filled by
/// `person`, and `person` gets an assignment at `allocation`% over the request's dates (the
/// dates the request leaves to the charter stay with the charter).
pub fn record_fill(
    file: &mut EditFile,
    index: usize,
    request: &Request,
    person: &str,
    allocation: u32,
) -> Result<()> {
    let rel = file.rel.clone();
    let in_file = |e: tables::TablesError| anyhow!("{rel}: {e}");
    let mut t = Table::new();
    t.insert("person", value(person));
    t.insert("allocation", value(i64::from(allocation)));
    if let Some(d) = &request.from {
        t.insert("from", Item::Value(tables::date(d.value)?));
    }
    if let Some(d) = &request.to {
        t.insert("to", Item::Value(tables::date(d.value)?));
    }
    let Some(req) = file
        .doc
        .get_mut("request")
        .and_then(Item::as_array_of_tables_mut)
        .and_then(|r| r.get_mut(index))
    else {
        bail!("{rel}: there is no request number {}", index + 1);
    };
    let set = |t: &mut Table, key: &str, v: Value| {
        let at = keys::REQUEST.iter().position(|k| *k == key).unwrap_or(0);
        tables::set(t, key, v, &keys::REQUEST[..at]);
    };
    set(req, "status", Value::from("filled"));
    set(req, "filled_by", Value::from(person));
    let later = tables::after(&tables::PROJECT_ITEMS, "assignment");
    tables::append(&mut file.doc, "assignment", &later, t).map_err(in_file)?;
    Ok(())
}
