//! Staffing requests: the project manager asks for someone with some skills (`add`); the
//! program manager fills the request with a person from the pool (`fill`).

use anyhow::{Result, anyhow, bail};
use toml_edit::{Item, Table, Value, value};

use super::guard::load_guard;
use super::work::free_id;
use super::{
    Change, item_index, item_mut, item_path, open_program, open_project, require_person,
    require_slug, set_item_key,
};
use crate::cli::{RequestAddArgs, RequestFillArgs, RequestSetArgs, RequestWithdrawArgs};
use crate::model::{Project, Request, RequestStatus, keys};
use crate::store::write::EditFile;
use crate::store::{Tree, tables};

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
    let request = open_request(&file, &project, pid, rid, "filled")?;
    let Some(allocation) = request
        .allocation
        .as_ref()
        .and_then(|n| u32::try_from(n.value).ok())
    else {
        bail!(
            "request {pid}/{rid} in {} does not say how much it needs; give it one with `pm request set {pid}/{rid} --allocation N`",
            file.rel
        );
    };
    let Some((from, to)) = request.window(&project.charter) else {
        bail!(
            "request {pid}/{rid} in {} has no dates and {pid} has no charter dates to default to; give it some with `pm request set {pid}/{rid} --from DATE --to DATE`",
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

    // Someone not in the pool over the window cannot take it on, whatever their load.
    if !a.force
        && let Some(p) = program.person(person)
    {
        let when = match (&p.start, &p.end) {
            (Some(s), _) if s.value > from => Some(format!("joins on {}", s.value)),
            (_, Some(e)) if e.value < to => Some(format!("leaves on {}", e.value)),
            _ => None,
        };
        if let Some(when) = when {
            bail!(
                "{person} {when}, so cannot work on {pid} from {from} to {to}; pick someone else (`pm balance` lists candidates) or pass --force"
            );
        }
    }

    let in_file = |e: tables::TablesError| anyhow!("{}: {e}", file.rel);
    let mut t = Table::new();
    t.insert("person", value(person));
    t.insert("allocation", value(i64::from(allocation)));
    // Written as `pm assign` writes them: the file says the dates the command printed.
    t.insert("from", Item::Value(tables::date(from)?));
    t.insert("to", Item::Value(tables::date(to)?));
    let rel = file.rel.clone();
    let Some(req) = file
        .doc
        .get_mut("request")
        .and_then(Item::as_array_of_tables_mut)
        .and_then(|r| r.get_mut(index))
    else {
        bail!("{rel}: there is no request '{rid}'");
    };
    let set = |t: &mut Table, key: &str, v: Value| {
        let at = keys::REQUEST.iter().position(|k| *k == key).unwrap_or(0);
        tables::set(t, key, v, &keys::REQUEST[..at]);
    };
    set(req, "status", Value::from("filled"));
    set(req, "filled_by", Value::from(person));
    let later = tables::after(&tables::PROJECT_ITEMS, "assignment");
    tables::append(&mut file.doc, "assignment", &later, t).map_err(in_file)?;
    let mut change = Change::of(
        &[&file],
        format!(
            "filled request {pid}/{rid} with {person}: assigned {person} to {pid} at {allocation}% from {from} to {to} in {rel}"
        ),
    );
    let what = format!("filling {pid}/{rid} with {person}");
    load_guard(tree, &change, person, a.force, &what)?;
    if !lacking.is_empty() {
        change = change.note(format!(
            "{person} does not have {} asked for by the request",
            lacking.join(", ")
        ));
    }
    Ok(change)
}

/// The request `rid` of `project`, refused unless it is open; `done` says what only an open
/// request can be ("filled").
fn open_request<'p>(
    file: &EditFile,
    project: &'p Project,
    pid: &str,
    rid: &str,
    done: &str,
) -> Result<&'p Request> {
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
            "request {pid}/{rid} is {}{by}, not open; only an open request can be {done}",
            request.status.as_str()
        );
    }
    Ok(request)
}

/// `pm request set`: changes an open request's skills, allocation, dates or reason.
pub fn set(tree: &Tree, a: &RequestSetArgs) -> Result<Change> {
    let (pid, rid) = item_path(&a.request, "request", "comms-relay/rf-engineer")?;
    if a.skills.is_none()
        && a.allocation.is_none()
        && a.from.is_none()
        && a.to.is_none()
        && a.reason.is_none()
    {
        bail!(
            "nothing to set; give at least one of --skills, --allocation, --from, --to, --reason"
        );
    }
    if a.allocation == Some(0) {
        bail!(
            "--allocation 0 asks for nobody; to give the request up, `pm request withdraw {pid}/{rid} --reason R`"
        );
    }
    let skills: Option<Vec<&str>> = a.skills.as_ref().map(|s| {
        s.iter()
            .map(|s| s.trim())
            .filter(|s| !s.is_empty())
            .collect()
    });
    if skills.as_ref().is_some_and(Vec::is_empty) {
        bail!("give at least one skill the person must have, e.g. --skills thermal");
    }
    let reason = match a.reason.as_deref().map(str::trim) {
        Some("") => bail!("the reason cannot be empty; say why the project needs someone"),
        r => r,
    };
    let (mut file, project) = open_project(tree, pid)?;
    let index = item_index(&file, "request", rid)?;
    let request = open_request(&file, &project, pid, rid, "changed")?;
    let (from, to) = request.window(&project.charter).unzip();
    let (from, to) = (a.from.or(from), a.to.or(to));
    if let (Some(f), Some(t)) = (from, to)
        && t < f
    {
        bail!("the request would end on {t}, before it starts on {f}");
    }
    let mut did: Vec<String> = Vec::new();
    {
        let t = item_mut(&mut file, "request", index)?;
        let mut set = |key: &str, v: Value, shown: String| {
            let before = t.to_string();
            set_item_key(t, &keys::REQUEST, key, v);
            if t.to_string() != before {
                did.push(shown);
            }
        };
        if let Some(skills) = &skills {
            set(
                "skills",
                tables::strings(skills),
                format!("skills = [{}]", skills.join(", ")),
            );
        }
        if let Some(n) = a.allocation {
            set(
                "allocation",
                Value::from(i64::from(n)),
                format!("allocation = {n}"),
            );
        }
        if let Some(d) = a.from {
            set("from", tables::date(d)?, format!("from = {d}"));
        }
        if let Some(d) = a.to {
            set("to", tables::date(d)?, format!("to = {d}"));
        }
        if let Some(r) = reason {
            set("reason", r.into(), format!("reason = {r:?}"));
        }
    }
    if did.is_empty() {
        return Ok(Change::default().line(format!(
            "request {pid}/{rid} already has these values; nothing changed"
        )));
    }
    Ok(Change::of(
        &[&file],
        format!("set {} of request {rid} in {}", did.join(", "), file.rel),
    ))
}

/// `pm request withdraw`: the request is given up; why is added to its reason.
pub fn withdraw(tree: &Tree, a: &RequestWithdrawArgs) -> Result<Change> {
    let (pid, rid) = item_path(&a.request, "request", "comms-relay/rf-engineer")?;
    let why = a.reason.trim();
    if why.is_empty() {
        bail!(
            "give a reason: say why nobody is needed any more, e.g. --reason \"the design was outsourced\""
        );
    }
    let (mut file, project) = open_project(tree, pid)?;
    let index = item_index(&file, "request", rid)?;
    let request = open_request(&file, &project, pid, rid, "withdrawn")?;
    // The reason it was asked for stays: the request is the record of both.
    let reason = match request.reason.as_deref().map(str::trim) {
        Some(r) if !r.is_empty() => format!("{r}; withdrawn: {why}"),
        _ => format!("withdrawn: {why}"),
    };
    let t = item_mut(&mut file, "request", index)?;
    set_item_key(t, &keys::REQUEST, "status", "withdrawn".into());
    set_item_key(t, &keys::REQUEST, "reason", reason.as_str().into());
    Ok(Change::of(
        &[&file],
        format!("withdrew request {pid}/{rid} in {}", file.rel),
    ))
}
