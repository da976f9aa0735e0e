//! A project's scope: its deliverables (in scope) and exclusions (out of scope).

use anyhow::{Result, anyhow, bail};
use toml_edit::{Item, Table, Value, value};

use super::{
    Change, item_index, item_mut, open_project, refs, rename_key, require_slug, require_title,
    set_item_key,
};
use crate::cli::{ScopeAddArgs, ScopeExcludeArgs, ScopeRemoveArgs, ScopeSetArgs, Setting};
use crate::model::{Project, keys};
use crate::store::tables::{self, PROJECT_ITEMS};
use crate::store::write::EditFile;
use crate::store::{self, Tree, did_you_mean};

/// The two sides of scope: what a project delivers, and what it explicitly does not.
#[derive(Clone, Copy)]
enum Side {
    Deliverable,
    Exclusion,
}

impl Side {
    fn kind(self) -> &'static str {
        match self {
            Side::Deliverable => "deliverable",
            Side::Exclusion => "exclusion",
        }
    }
    fn keys(self) -> &'static [&'static str] {
        match self {
            Side::Deliverable => &keys::DELIVERABLE,
            Side::Exclusion => &keys::EXCLUSION,
        }
    }
    fn other(self) -> Side {
        match self {
            Side::Deliverable => Side::Exclusion,
            Side::Exclusion => Side::Deliverable,
        }
    }
    /// How an id on this side of `project` reads in a refusal.
    fn described(self, project: &str) -> String {
        match self {
            Side::Deliverable => format!("a deliverable of {project} (in scope)"),
            Side::Exclusion => format!("an exclusion of {project} (out of scope)"),
        }
    }
}

/// `pm scope add`: a deliverable.
pub fn add(tree: &Tree, a: &ScopeAddArgs) -> Result<Change> {
    let title = require_title(&a.title, "deliverable")?;
    let mut t = Table::new();
    t.insert("id", value(&a.id));
    t.insert("title", value(title));
    if let Some(due) = a.due {
        t.insert("due", Item::Value(tables::date(due)?));
    }
    add_item(tree, Side::Deliverable, &a.project, &a.id, t)
}

/// `pm scope exclude`: an exclusion, with the keywords that give away work on it.
pub fn exclude(tree: &Tree, a: &ScopeExcludeArgs) -> Result<Change> {
    let title = require_title(&a.title, "exclusion")?;
    let keywords: Vec<&str> = a
        .keywords
        .iter()
        .map(|k| k.trim())
        .filter(|k| !k.is_empty())
        .collect();
    let mut t = Table::new();
    t.insert("id", value(&a.id));
    t.insert("title", value(title));
    if !keywords.is_empty() {
        t.insert("keywords", Item::Value(tables::strings(&keywords)));
    }
    add_item(tree, Side::Exclusion, &a.project, &a.id, t)
}

/// Appends `item` as a `[[deliverable]]` or `[[exclusion]]` of `project`, refusing an id that
/// the project already uses on either side: an id cannot be both in and out of scope.
fn add_item(tree: &Tree, side: Side, project: &str, id: &str, item: Table) -> Result<Change> {
    let kind = side.kind();
    require_slug("project", project)?;
    require_slug(kind, id)?;
    let (mut file, _) = open_project(tree, project)?;
    let in_file = |e| anyhow!("{}: {e}", file.rel);
    if tables::ids(&file.doc, kind)
        .map_err(in_file)?
        .iter()
        .any(|x| x == id)
    {
        bail!(
            "{kind} '{id}' already exists in {}; choose another id",
            file.rel
        );
    }
    let other = side.other();
    if tables::ids(&file.doc, other.kind())
        .map_err(in_file)?
        .iter()
        .any(|x| x == id)
    {
        let what = other.described(project);
        bail!(
            "'{id}' is {what}; an id cannot be both in and out of scope, so choose another id, or remove the {} first with `pm scope remove {project} {id}`",
            other.kind(),
        );
    }
    let later = tables::after(&PROJECT_ITEMS, kind);
    tables::append(&mut file.doc, kind, &later, item).map_err(|e| anyhow!("{}: {e}", file.rel))?;
    Ok(Change::of(
        &[&file],
        format!("added {kind} {id} to {}", file.rel),
    ))
}

/// Which side `id` is on in `project`, refused with the ids there are when it is on neither.
fn side_of(project: &Project, rel: &str, id: &str) -> Result<Side> {
    if project.deliverable(id).is_some() {
        return Ok(Side::Deliverable);
    }
    if project.exclusion(id).is_some() {
        return Ok(Side::Exclusion);
    }
    let ids: Vec<&str> = project
        .deliverables
        .iter()
        .map(|d| d.id.as_str())
        .chain(project.exclusions.iter().map(|e| e.id.as_str()))
        .collect();
    let hint = match did_you_mean(id, ids.iter().copied()) {
        Some(s) => format!(" — did you mean '{s}'?"),
        None if ids.is_empty() => "; it has no deliverables or exclusions yet".to_owned(),
        None => format!("; its deliverables and exclusions are: {}", ids.join(", ")),
    };
    bail!("there is no deliverable or exclusion '{id}' in {rel}{hint}")
}

/// `pm scope set`: a deliverable's or exclusion's title, due date (deliverables), keywords
/// (exclusions) or id; a new id is followed by the project's work that traces to it.
pub fn set(tree: &Tree, a: &ScopeSetArgs) -> Result<Change> {
    require_slug("project", &a.project)?;
    require_slug("scope item", &a.id)?;
    if let Some(new) = &a.new_id {
        require_slug("deliverable", new)?;
    }
    let title = a
        .title
        .as_deref()
        .map(|t| require_title(t, "scope item"))
        .transpose()?;
    if title.is_none() && a.due.is_none() && a.keywords.is_none() && a.new_id.is_none() {
        bail!("nothing to set; give at least one of --title, --due, --keywords, --id");
    }
    let (mut file, project) = open_project(tree, &a.project)?;
    let (pid, id) = (a.project.as_str(), a.id.as_str());
    let side = side_of(&project, &file.rel, id)?;
    let kind = side.kind();
    match side {
        Side::Exclusion if a.due.is_some() => bail!(
            "'{id}' is an exclusion of {pid}: exclusions have no due date (--due is for deliverables)"
        ),
        Side::Deliverable if a.keywords.is_some() => bail!(
            "'{id}' is a deliverable of {pid}: keywords mark excluded work (--keywords is for exclusions)"
        ),
        _ => {}
    }
    if let Some(new) = a.new_id.as_deref().filter(|n| *n != id)
        && (project.deliverable(new).is_some() || project.exclusion(new).is_some())
    {
        bail!("'{new}' is already a deliverable or exclusion of {pid}; choose another id");
    }
    let index = item_index(&file, kind, id)?;
    let mut did: Vec<String> = Vec::new();
    {
        let t = item_mut(&mut file, kind, index)?;
        let mut set = |t: &mut Table, key: &str, v: Option<Value>, shown: String| {
            let before = t.to_string();
            match v {
                Some(v) => set_item_key(t, side.keys(), key, v),
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
        match &a.due {
            Some(Setting::To(d)) => set(t, "due", Some(tables::date(*d)?), format!("due = {d}")),
            Some(Setting::Clear) => set(t, "due", None, "removed due".into()),
            None => {}
        }
        if let Some(words) = &a.keywords {
            let words: Vec<&str> = words
                .iter()
                .map(|k| k.trim())
                .filter(|k| !k.is_empty())
                .collect();
            if words.is_empty() {
                set(t, "keywords", None, "removed keywords".into());
            } else {
                let shown = format!("keywords = [{}]", words.join(", "));
                set(t, "keywords", Some(tables::strings(&words)), shown);
            }
        }
    }
    let mut retraced = 0;
    let mut waiting = Vec::new();
    if let Some(new) = a.new_id.as_deref().filter(|n| *n != id) {
        let t = item_mut(&mut file, kind, index)?;
        rename_key(t, "id", id, new);
        retraced = retrace(&mut file, id, new);
        did.push(format!("id = {new}"));
        // Other projects wait on it by PROJECT/ID: they follow it to its new id.
        let loaded = store::load_tree(tree)?;
        refs::require_readable(&loaded, "rename a deliverable")?;
        let (old_on, new_on) = (format!("{pid}/{id}"), format!("{pid}/{new}"));
        waiting = super::waits::repoint_elsewhere(tree, &loaded, pid, |on| {
            (on == old_on).then(|| new_on.clone())
        })?;
    }
    if did.is_empty() {
        return Ok(Change::default().line(format!(
            "{kind} {id} of {pid} already has these values; nothing changed"
        )));
    }
    let mut summary = format!("set {} of {kind} {id} in {}", did.join(", "), file.rel);
    if retraced > 0 {
        summary.push_str(&format!(
            "; re-pointed {} to {}",
            super::count(retraced, "work item"),
            a.new_id.as_deref().unwrap_or(id)
        ));
    }
    let mut change = Change::of(&[&file], summary);
    let new = a.new_id.as_deref().unwrap_or(id);
    for (other, n) in &waiting {
        change = change.line(format!(
            "re-pointed {} in {} to {pid}/{new}",
            super::count(*n, "dependency"),
            other.rel
        ));
    }
    let others: Vec<&EditFile> = waiting.iter().map(|(f, _)| f).collect();
    change
        .files
        .extend(Change::of(&others, String::new()).files);
    Ok(change)
}

/// Points every work item of the file that traces to `old` at `new`; returns how many.
fn retrace(file: &mut EditFile, old: &str, new: &str) -> usize {
    let mut n = 0;
    if let Some(Item::ArrayOfTables(work)) = file.doc.get_mut("work") {
        for w in work.iter_mut() {
            if rename_key(w, "deliverable", old, new) {
                n += 1;
            }
        }
    }
    n
}

/// `pm scope remove`: refused while work traces to the item, unless `--retrace-to` names the
/// deliverable that work serves instead.
pub fn remove(tree: &Tree, a: &ScopeRemoveArgs) -> Result<Change> {
    require_slug("project", &a.project)?;
    require_slug("scope item", &a.id)?;
    if let Some(d) = &a.retrace_to {
        require_slug("deliverable", d)?;
    }
    let (mut file, project) = open_project(tree, &a.project)?;
    let (pid, id) = (a.project.as_str(), a.id.as_str());
    let side = side_of(&project, &file.rel, id)?;
    let kind = side.kind();
    let traced = refs::traced_to(&project, &file.rel, &file.original, id);
    if let Some(to) = &a.retrace_to {
        if to == id {
            bail!(
                "--retrace-to names {id}, the {kind} being removed; name another deliverable of {pid}"
            );
        }
        if project.deliverable(to).is_none() {
            let ids: Vec<&str> = project
                .deliverables
                .iter()
                .map(|d| d.id.as_str())
                .filter(|d| *d != id)
                .collect();
            let hint = match did_you_mean(to, ids.iter().copied()) {
                Some(s) => format!(" — did you mean '{s}'?"),
                None if ids.is_empty() => format!(
                    "; it has no other deliverable (add one with `pm scope add {pid} {to} --title ...`)"
                ),
                None => format!("; its deliverables are: {}", ids.join(", ")),
            };
            bail!("--retrace-to: '{to}' is not a deliverable of {pid}{hint}");
        }
    } else if !traced.is_empty() {
        bail!(
            "{kind} {id} of {pid} still has {} tracing to it:{}
re-point them with `pm scope remove {pid} {id} --retrace-to DELIVERABLE` (or `pm work set {pid}/WORK --deliverable D` one by one), then remove it",
            super::count(traced.len(), "work item"),
            refs::listed(&traced)
        );
    }
    // A dependency on it would wait for something no project delivers any more.
    let loaded = store::load_tree(tree)?;
    refs::require_readable(&loaded, "remove a deliverable")?;
    let waiting = refs::waiting_on(&loaded, pid, Some(id));
    if !waiting.is_empty() {
        bail!(
            "{kind} {id} of {pid} is waited for by {}:{}\npoint them at another deliverable (`pm depend set PROJECT/DEPENDENCY --on {pid}/DELIVERABLE`) or remove them (`pm depend remove PROJECT/DEPENDENCY`), then remove it",
            super::count(waiting.len(), "dependency"),
            refs::listed(&waiting)
        );
    }
    let index = item_index(&file, kind, id)?;
    let retraced = match &a.retrace_to {
        Some(to) => retrace(&mut file, id, to),
        None => 0,
    };
    tables::remove(&mut file.doc, kind, index).map_err(|e| anyhow!("{}: {e}", file.rel))?;
    let mut summary = format!("removed {kind} {id} from {}", file.rel);
    if let Some(to) = &a.retrace_to
        && retraced > 0
    {
        summary.push_str(&format!(
            "; re-pointed {} to {to}",
            super::count(retraced, "work item")
        ));
    }
    Ok(Change::of(&[&file], summary))
}
