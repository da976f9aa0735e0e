//! Work items: adding one to a project, changing it as it is done, removing one recorded by
//! mistake. (Moving it out of the project is [`super::work_move`].)

use anyhow::{Result, bail};
use toml_edit::{Item, Table, Value, value};

use super::{
    Change, in_file, item_index, item_mut, item_path, open_program, open_project, rename_key,
    require_person, require_slug, require_title, set_item_key,
};
use crate::cli::{Setting, WorkAddArgs, WorkSetArgs};
use crate::model::{Project, keys, slugify};
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
    if let Some(s) = a.status.as_deref().filter(|s| *s != "todo") {
        t.insert("status", value(s));
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

/// `pm work set`: changes only the keys named; an empty `--deliverable`, `--assignee`,
/// `--estimate-hours`, `--start`, `--due` or `--tags` removes the key.
pub fn set(tree: &Tree, a: &WorkSetArgs) -> Result<Change> {
    let (pid, wid) = item_path(&a.item, "work", "lander/leg-drop-tests")?;
    if let Some(Setting::To(d)) = &a.deliverable {
        require_slug("deliverable", d)?;
    }
    if let Some(Setting::To(p)) = &a.assignee {
        require_slug("person", p)?;
    }
    if let Some(new) = &a.new_id {
        require_slug("work", new)?;
    }
    let title = a
        .title
        .as_deref()
        .map(|t| require_title(t, "work"))
        .transpose()?;
    if title.is_none()
        && a.deliverable.is_none()
        && a.estimate_hours.is_none()
        && a.start.is_none()
        && a.due.is_none()
        && a.assignee.is_none()
        && a.tags.is_none()
        && a.status.is_none()
        && a.new_id.is_none()
    {
        bail!(
            "nothing to set; give at least one of --status, --title, --deliverable, --estimate-hours, --start, --due, --assignee, --tags, --id"
        );
    }
    let (mut file, project) = open_project(tree, pid)?;
    let index = item_index(&file, "work", wid)?;
    let Some(work) = project.work.iter().find(|w| w.id.value == wid) else {
        bail!(
            "{}: work '{wid}' could not be read; run `pm check` to see why",
            file.rel
        );
    };
    if let Some(Setting::To(who)) = &a.assignee {
        let (_, program) = open_program(tree)?;
        require_person(&program, who)?;
    }
    if let Some(Setting::To(d)) = &a.deliverable {
        require_deliverable(tree, &project, d)?;
    }
    if let Some(new) = a.new_id.as_deref().filter(|n| *n != wid)
        && project.work.iter().any(|w| w.id.value == new)
    {
        bail!(
            "work '{new}' already exists in {}; choose another id",
            file.rel
        );
    }
    let start = match &a.start {
        Some(s) => s.value().copied(),
        None => work.start.as_ref().map(|d| d.value),
    };
    let due = match &a.due {
        Some(s) => s.value().copied(),
        None => work.due.as_ref().map(|d| d.value),
    };
    if let (Some(s), Some(d)) = (start, due)
        && d < s
    {
        bail!("the work would be due on {d}, before it starts on {s}; give both --start and --due");
    }

    let mut did: Vec<String> = Vec::new();
    {
        let t = item_mut(&mut file, "work", index)?;
        let mut set = |t: &mut Table, key: &str, v: Option<Value>, shown: String| {
            let before = t.to_string();
            match v {
                Some(v) => set_item_key(t, &keys::WORK, key, v),
                None => {
                    t.remove(key);
                }
            }
            if t.to_string() != before {
                did.push(shown);
            }
        };
        if let Some(title) = title {
            set(t, "title", Some(title.into()), format!("title = {title:?}"));
        }
        match &a.deliverable {
            Some(Setting::To(d)) => set(
                t,
                "deliverable",
                Some(d.as_str().into()),
                format!("deliverable = {d}"),
            ),
            Some(Setting::Clear) => set(t, "deliverable", None, "removed deliverable".into()),
            None => {}
        }
        match &a.estimate_hours {
            Some(Setting::To(h)) => set(
                t,
                "estimate_hours",
                Some(tables::hours(*h)),
                format!("estimate_hours = {h}"),
            ),
            Some(Setting::Clear) => set(t, "estimate_hours", None, "removed estimate_hours".into()),
            None => {}
        }
        if let Some(s) = &a.status {
            // `todo` is the default: written only where the file already says a status.
            let v = (s != "todo" || t.contains_key("status")).then(|| Value::from(s.as_str()));
            let shown = format!("status = {s}");
            match v {
                Some(v) => set(t, "status", Some(v), shown),
                None => set(t, "status", None, shown),
            }
        }
        for (key, setting) in [("start", &a.start), ("due", &a.due)] {
            match setting {
                Some(Setting::To(d)) => {
                    set(t, key, Some(tables::date(*d)?), format!("{key} = {d}"))
                }
                Some(Setting::Clear) => set(t, key, None, format!("removed {key}")),
                None => {}
            }
        }
        match &a.assignee {
            Some(Setting::To(p)) => set(
                t,
                "assignee",
                Some(p.as_str().into()),
                format!("assignee = {p}"),
            ),
            Some(Setting::Clear) => set(t, "assignee", None, "removed assignee".into()),
            None => {}
        }
        if let Some(tags) = &a.tags {
            let tags: Vec<&str> = tags
                .iter()
                .map(|t| t.trim())
                .filter(|t| !t.is_empty())
                .collect();
            if tags.is_empty() {
                set(t, "tags", None, "removed tags".into());
            } else {
                let shown = format!("tags = [{}]", tags.join(", "));
                set(t, "tags", Some(tables::strings(&tags)), shown);
            }
        }
        if let Some(new) = a.new_id.as_deref().filter(|n| *n != wid) {
            rename_key(t, "id", wid, new);
            did.push(format!("id = {new}"));
        }
    }
    // The dependencies it waits with name it by id.
    let waits = match a.new_id.as_deref().filter(|n| *n != wid) {
        Some(new) => super::waits::rename_waiting_work(&mut file.doc, wid, new),
        None => 0,
    };
    if did.is_empty() {
        return Ok(Change::default().line(format!(
            "work {pid}/{wid} already has these values; nothing changed"
        )));
    }
    let mut summary = format!("set {} of work {wid} in {}", did.join(", "), file.rel);
    if waits > 0 {
        summary.push_str(&format!(
            "; renamed it in the `for` of {}",
            super::count(waits, "dependency")
        ));
    }
    Ok(Change::of(&[&file], summary))
}

/// `pm work remove`: deletes an item recorded by mistake, with the comments that belong to it.
pub fn remove(tree: &Tree, item: &str) -> Result<Change> {
    let (pid, wid) = item_path(item, "work", "lander/leg-drop-tests")?;
    let (mut file, project) = open_project(tree, pid)?;
    let index = item_index(&file, "work", wid)?;
    let waiting = super::refs::waiting_work(&project, &file.rel, &file.original, wid);
    if !waiting.is_empty() {
        bail!(
            "work {wid} of {pid} waits on another project's deliverable with {}:{}\ntake it out of their `for` first (`pm depend set {pid}/DEPENDENCY --for W,...`), then remove it",
            super::count(waiting.len(), "dependency"),
            super::refs::listed(&waiting)
        );
    }
    tables::remove(&mut file.doc, "work", index).map_err(in_file(&file))?;
    Ok(Change::of(
        &[&file],
        format!("removed work {wid} from {}", file.rel),
    ))
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
