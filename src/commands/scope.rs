//! `pm scope add|exclude`: a project's deliverables (in scope) and exclusions (out of scope).

use anyhow::{Result, anyhow, bail};
use toml_edit::{Item, Table, value};

use super::edit::Session;
use super::{Ctx, Exit, require_slug};
use crate::cli::{ScopeAddArgs, ScopeCommand, ScopeExcludeArgs};
use crate::store::tables::{self, PROJECT_ITEMS};

pub fn run(ctx: &Ctx, cmd: &ScopeCommand) -> Result<Exit> {
    match cmd {
        ScopeCommand::Add(a) => add(ctx, a),
        ScopeCommand::Exclude(a) => exclude(ctx, a),
    }
}

fn add(ctx: &Ctx, a: &ScopeAddArgs) -> Result<Exit> {
    require_slug("project", &a.project)?;
    require_slug("deliverable", &a.id)?;
    let title = require_title(&a.title, "deliverable")?;
    let session = Session::begin(ctx)?;
    let (mut file, _) = session.project(&a.project)?;
    let in_file = |e| anyhow!("{}: {e}", file.rel);
    if tables::ids(&file.doc, "deliverable")
        .map_err(in_file)?
        .contains(&a.id)
    {
        bail!(
            "deliverable '{}' already exists in {}; choose another id",
            a.id,
            file.rel
        );
    }
    if tables::ids(&file.doc, "exclusion")
        .map_err(in_file)?
        .contains(&a.id)
    {
        bail!(
            "'{}' is an exclusion of {} (out of scope); an id cannot be both in and out of scope, so choose another id or remove the exclusion from {} first",
            a.id,
            a.project,
            file.rel
        );
    }
    let mut t = Table::new();
    t.insert("id", value(&a.id));
    t.insert("title", value(title));
    if let Some(due) = a.due {
        t.insert("due", Item::Value(tables::date(due)?));
    }
    let later = tables::after(&PROJECT_ITEMS, "deliverable");
    tables::append(&mut file.doc, "deliverable", &later, t)
        .map_err(|e| anyhow!("{}: {e}", file.rel))?;
    session.commit(&[&file])?;
    ctx.print(&format!("added deliverable {} to {}\n", a.id, file.rel))?;
    Ok(Exit::Success)
}

fn exclude(ctx: &Ctx, a: &ScopeExcludeArgs) -> Result<Exit> {
    require_slug("project", &a.project)?;
    require_slug("exclusion", &a.id)?;
    let title = require_title(&a.title, "exclusion")?;
    let keywords: Vec<&str> = a
        .keywords
        .iter()
        .map(|k| k.trim())
        .filter(|k| !k.is_empty())
        .collect();
    let session = Session::begin(ctx)?;
    let (mut file, _) = session.project(&a.project)?;
    let in_file = |e| anyhow!("{}: {e}", file.rel);
    if tables::ids(&file.doc, "exclusion")
        .map_err(in_file)?
        .contains(&a.id)
    {
        bail!(
            "exclusion '{}' already exists in {}; choose another id",
            a.id,
            file.rel
        );
    }
    if tables::ids(&file.doc, "deliverable")
        .map_err(in_file)?
        .contains(&a.id)
    {
        bail!(
            "'{}' is a deliverable of {} (in scope); an id cannot be both in and out of scope, so choose another id or remove the deliverable from {} first",
            a.id,
            a.project,
            file.rel
        );
    }
    let mut t = Table::new();
    t.insert("id", value(&a.id));
    t.insert("title", value(title));
    if !keywords.is_empty() {
        t.insert("keywords", Item::Value(tables::strings(&keywords)));
    }
    let later = tables::after(&PROJECT_ITEMS, "exclusion");
    tables::append(&mut file.doc, "exclusion", &later, t)
        .map_err(|e| anyhow!("{}: {e}", file.rel))?;
    session.commit(&[&file])?;
    ctx.print(&format!("added exclusion {} to {}\n", a.id, file.rel))?;
    Ok(Exit::Success)
}

/// A title a reader can recognise the item by: not empty, one line.
pub(super) fn require_title<'a>(title: &'a str, what: &str) -> Result<&'a str> {
    let title = title.trim();
    if title.is_empty() {
        bail!(
            "the {what} title cannot be empty; say in a few words what it is, e.g. --title \"Descent stage\""
        );
    }
    if title.contains(['\n', '\r']) {
        bail!("the {what} title must fit on one line");
    }
    Ok(title)
}
