//! A new program: program.toml, an empty projects/ folder and the schemas editors validate
//! the files with.

use anyhow::{Result, bail};
use toml_edit::{ArrayOfTables, DocumentMut, Item, Table, Value};

use super::{Change, require_slug};
use crate::cli::InitArgs;
use crate::model::keys::FileKind;
use crate::model::schema;
use crate::store::{PROGRAM_FILE, PROJECTS_DIR, Tree, tables};

const HEADER: &str = "\
# The program: its charter ([program]), the benefits it exists to achieve ([[benefit]]) and the
# shared pool of people ([[person]]). Each project lives in its own file under projects/.
# Edit by hand or with pm (`pm person add`, `pm project new`, ...); `pm check` validates it all.

";

/// A `.gitkeep` keeps the empty projects/ folder in Git; the loader skips hidden files.
const KEEP_FILE: &str = "projects/.gitkeep";

/// Checks the arguments of `pm init` before any folder is made.
pub fn validate(a: &InitArgs) -> Result<()> {
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
    Ok(())
}

/// `pm init` in the folder `tree` is rooted at; `shown` is that folder as the user named it
/// (`moonbase/`, or empty for the current folder), for the summary.
pub fn init(tree: &Tree, a: &InitArgs, shown: &str) -> Result<Change> {
    validate(a)?;
    if tree.exists(PROGRAM_FILE) {
        bail!(
            "{shown}{PROGRAM_FILE} already exists; pm init does not overwrite a program (edit it, or pick another folder)"
        );
    }
    let mut change = Change::default().create(PROGRAM_FILE, program_text(a)?);
    if tree.exists(PROJECTS_DIR) && !tree.is_folder(PROJECTS_DIR) {
        bail!(
            "{shown}{PROJECTS_DIR} is there but is not a folder (pm does not follow links); project files live in the folder {PROJECTS_DIR}/, so move it away first"
        );
    }
    let projects = if tree.exists(PROJECTS_DIR) {
        format!("; kept the existing {shown}{PROJECTS_DIR}/ folder")
    } else {
        change = change.create(KEEP_FILE, "");
        format!(" with an empty {shown}{PROJECTS_DIR}/ folder")
    };
    // The schemas the files' `#:schema` lines point at, so editors validate and complete
    // them. Schemas already there are the user's to keep.
    for (rel, kind) in [
        (schema::PROGRAM_SCHEMA, FileKind::Program),
        (schema::PROJECT_SCHEMA, FileKind::Project),
    ] {
        if !tree.exists(rel) {
            change = change.create(rel, schema::json(kind));
        }
    }
    Ok(change.line(format!(
        "created program {} in {shown}{PROGRAM_FILE}{projects}",
        a.id
    )))
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
