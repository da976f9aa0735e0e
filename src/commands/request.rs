//! `pm request add|list|fill`: staffing escalation. The project manager asks for someone with
//! some skills; the program manager fills the request with a person from the pool.

use crate::model::keys;
use anyhow::{Result, anyhow, bail};
use toml_edit::{Item, Table, Value, value};

use super::edit::{Session, item_index, item_path, require_person};
use super::work::free_id;
use super::{Ctx, Exit, require_slug};
use crate::cli::{RequestAddArgs, RequestCommand, RequestFillArgs, RequestListArgs};
use crate::load::{Interval, Loads, Options};
use crate::model::RequestStatus;
use crate::store::{self, tables};

pub fn run(ctx: &Ctx, cmd: &RequestCommand) -> Result<Exit> {
    match cmd {
        RequestCommand::Add(a) => add(ctx, a),
        RequestCommand::List(a) => list(ctx, a),
        RequestCommand::Fill(a) => fill(ctx, a),
    }
}

fn add(ctx: &Ctx, a: &RequestAddArgs) -> Result<Exit> {
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
    let session = Session::begin(ctx)?;
    let (mut file, project) = session.project(pid)?;
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
    let (_, program) = session.program()?;
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
    session.commit(&[&file])?;
    ctx.print(&format!(
        "added request {id} to {}: {} at {}% from {from} to {to}\n",
        file.rel,
        skills.join(" + "),
        a.allocation
    ))?;
    if !unknown.is_empty() {
        eprintln!(
            "note: nobody in the pool has {}: `pm balance` will find no candidate until someone who does joins (pm person add)",
            unknown.join(", ")
        );
    }
    Ok(Exit::Success)
}

fn list(ctx: &Ctx, a: &RequestListArgs) -> Result<Exit> {
    let loaded = super::load_for_listing(ctx, a.project.as_deref())?;
    let mut rows: Vec<[String; 8]> = Vec::new();
    for p in &loaded.projects {
        if a.project.as_ref().is_some_and(|id| *id != p.id.value) {
            continue;
        }
        for r in &p.requests {
            if !a.all && r.status != RequestStatus::Open {
                continue;
            }
            let (from, to) = r.window(&p.charter).unzip();
            let status = match (&r.filled_by, r.status) {
                (Some(by), RequestStatus::Filled) => format!("filled by {}", by.value),
                (_, s) => s.as_str().to_owned(),
            };
            rows.push([
                p.id.value.clone(),
                r.id.value.clone(),
                r.skills.join(", "),
                r.allocation
                    .as_ref()
                    .map(|n| format!("{}%", n.value))
                    .unwrap_or_default(),
                from.map(|d| d.to_string()).unwrap_or_default(),
                to.map(|d| d.to_string()).unwrap_or_default(),
                status,
                r.reason.clone().unwrap_or_default(),
            ]);
        }
    }
    if rows.is_empty() {
        let what = if a.all {
            "no staffing requests"
        } else {
            "no open staffing requests"
        };
        ctx.print(&format!("{what}\n"))?;
        return Ok(Exit::Success);
    }
    rows.sort_by(|x, y| (&x[0], &x[1]).cmp(&(&y[0], &y[1])));
    let mut grid = super::list_table(
        ctx,
        &[
            "project",
            "id",
            "skills",
            "allocation",
            "from",
            "to",
            "status",
            "reason",
        ],
    );
    for row in rows {
        grid.add_row(row);
    }
    ctx.print(&format!("{}\n", grid.trim_fmt()))?;
    Ok(Exit::Success)
}

fn fill(ctx: &Ctx, a: &RequestFillArgs) -> Result<Exit> {
    let (pid, rid) = item_path(&a.request, "request", "comms-relay/rf-engineer")?;
    require_slug("person", &a.person)?;
    let person = a.person.as_str();
    let session = Session::begin(ctx)?;
    let (_, program) = session.program()?;
    require_person(&program, person)?;
    let (mut file, project) = session.project(pid)?;
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
    let loaded = store::load(&session.root)?;
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

    let in_file = |e: tables::TablesError| anyhow!("{}: {e}", file.rel);
    let mut t = Table::new();
    t.insert("person", value(person));
    t.insert("allocation", value(i64::from(allocation)));
    // Dates the request leaves to the charter stay with the charter in the assignment too.
    if let Some(d) = &request.from {
        t.insert("from", Item::Value(tables::date(d.value)?));
    }
    if let Some(d) = &request.to {
        t.insert("to", Item::Value(tables::date(d.value)?));
    }
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
    session.commit(&[&file])?;
    ctx.print(&format!(
        "filled request {pid}/{rid} with {person}: assigned {person} to {pid} at {allocation}% from {from} to {to} in {rel}\n"
    ))?;
    if !lacking.is_empty() {
        eprintln!(
            "note: {person} does not have {} asked for by the request",
            lacking.join(", ")
        );
    }
    Ok(Exit::Success)
}
