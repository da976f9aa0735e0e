//! `pm init`: a new program.toml and an empty projects/ folder.

use anyhow::{Context, Result, bail};
use toml_edit::{ArrayOfTables, DocumentMut, Item, Table, Value};

use super::{Ctx, Exit, require_slug};
use crate::cli::InitArgs;
use crate::model::keys::FileKind;
use crate::model::schema;
use crate::store::tables;
use crate::store::{PROGRAM_FILE, PROJECTS_DIR, write};

const HEADER: &str = "\
# The program: its charter ([program]), the benefits it exists to achieve ([[benefit]]) and the
# shared pool of people ([[person]]). Each project lives in its own file under projects/.
# Edit by hand or with pm (`pm person add`, `pm project new`, ...); `pm check` validates it all.

";

/// A `.gitkeep` keeps the empty projects/ folder in Git; the loader skips hidden files.
const KEEP_FILE: &str = "projects/.gitkeep";

pub fn run(ctx: &Ctx, a: &InitArgs) -> Result<Exit> {
    require_slug("program", &a.id)?;
    if a.name.trim().is_empty() {
        bail!("the program name cannot be empty; give one with --name");
    }
    if let Some(m) = &a.manager {
        require_slug("person", m)?;
    }
    if let (Some(start), Some(end)) = (a.start, a.end)
        && end < start
    {
        bail!("--end {end} is before --start {start}; the program window must not be reversed");
    }
    let text = program_text(a)?;

    // The folder to create the program in: DIR, else -C/PM_PROGRAM, else here.
    let shown = a.dir.as_ref().or(ctx.program.as_ref());
    let dir = match shown {
        Some(d) => ctx.cwd.join(d),
        None => ctx.cwd.clone(),
    };
    let prefix = shown
        .map(|d| format!("{}/", d.display().to_string().trim_end_matches('/')))
        .unwrap_or_default();
    if dir.join(PROGRAM_FILE).exists() {
        bail!(
            "{prefix}{PROGRAM_FILE} already exists; pm init does not overwrite a program (edit it, or pick another folder)"
        );
    }
    std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
    let _lock =
        write::lock(&dir).with_context(|| format!("cannot lock the folder {}", dir.display()))?;
    let mut new = vec![(PROGRAM_FILE.to_owned(), text)];
    let projects = if dir.join(PROJECTS_DIR).exists() {
        format!("; kept the existing {prefix}{PROJECTS_DIR}/ folder")
    } else {
        new.push((KEEP_FILE.to_owned(), String::new()));
        format!(" with an empty {prefix}{PROJECTS_DIR}/ folder")
    };
    // The schemas the files' `#:schema` lines point at, so editors validate and complete
    // them. Schemas already there are the user's to keep.
    for (rel, kind) in [
        (schema::PROGRAM_SCHEMA, FileKind::Program),
        (schema::PROJECT_SCHEMA, FileKind::Project),
    ] {
        if !dir.join(rel).exists() {
            new.push((rel.to_owned(), schema::json(kind)));
        }
    }
    write::commit(&dir, &[], &new)?;
    ctx.print(&format!(
        "created program {} in {prefix}{PROGRAM_FILE}{projects}\n",
        a.id
    ))?;
    Ok(Exit::Success)
}

fn program_text(a: &InitArgs) -> Result<String> {
    let mut program = Table::new();
    program.insert("id", Item::Value(Value::from(a.id.as_str())));
    program.insert("name", Item::Value(Value::from(a.name.as_str())));
    if let Some(m) = &a.manager {
        program.insert("manager", Item::Value(Value::from(m.as_str())));
    }
    if let Some(d) = a.start {
        program.insert("start", Item::Value(tables::date(d)?));
    }
    if let Some(d) = a.end {
        program.insert("end", Item::Value(tables::date(d)?));
    }
    let mut doc = DocumentMut::new();
    doc.insert("program", Item::Table(program));
    // The manager must be in the pool, or the fresh program would fail its own check.
    if let Some(m) = &a.manager {
        let mut person = Table::new();
        person.insert("id", Item::Value(Value::from(m.as_str())));
        let mut people = ArrayOfTables::new();
        people.push(person);
        doc.insert("person", Item::ArrayOfTables(people));
    }
    let directive = schema::directive(PROGRAM_FILE, schema::PROGRAM_SCHEMA);
    Ok(format!("{directive}{HEADER}{doc}"))
}
