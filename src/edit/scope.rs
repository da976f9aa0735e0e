//! A project's scope: its deliverables (in scope) and exclusions (out of scope).

use anyhow::{Result, anyhow, bail};
use toml_edit::{Item, Table, value};

use super::{Change, open_project, require_slug, require_title};
use crate::cli::{ScopeAddArgs, ScopeExcludeArgs};
use crate::store::Tree;
use crate::store::tables::{self, PROJECT_ITEMS};

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
            "'{id}' is {what}; an id cannot be both in and out of scope, so choose another id or remove the {} from {} first",
            other.kind(),
            file.rel
        );
    }
    let later = tables::after(&PROJECT_ITEMS, kind);
    tables::append(&mut file.doc, kind, &later, item).map_err(|e| anyhow!("{}: {e}", file.rel))?;
    Ok(Change::of(
        &[&file],
        format!("added {kind} {id} to {}", file.rel),
    ))
}
