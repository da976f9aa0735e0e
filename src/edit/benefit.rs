//! The program's benefits in program.toml, which projects serve (PM301 and PM302 need them).

use anyhow::{Result, anyhow, bail};
use toml_edit::{Table, value};

use super::{Change, open_program, require_slug};
use crate::model::keys;
use crate::store::{PROGRAM_FILE, Tree, tables};

/// `pm benefit add`.
pub fn add(tree: &Tree, id: &str, title: &str) -> Result<Change> {
    require_slug("benefit", id)?;
    let title = title.trim();
    if title.is_empty() {
        bail!(
            "--title is empty; say what the program achieves, e.g. --title \"Land a crew on the Moon\""
        );
    }
    let (mut file, program) = open_program(tree)?;
    if program.benefit(id).is_some() {
        bail!("benefit '{id}' is already in {PROGRAM_FILE}; pick another id");
    }
    let mut t = Table::new();
    t.insert("id", value(id));
    t.insert("title", value(title));
    // A first [[benefit]] goes before the people and the check settings, as the format orders them.
    tables::append(
        &mut file.doc,
        "benefit",
        &tables::after(&keys::PROGRAM_FILE, "benefit"),
        t,
    )
    .map_err(|e| anyhow!("{PROGRAM_FILE}: {e}"))?;
    Ok(Change::of(
        &[&file],
        format!("added benefit {id} to {PROGRAM_FILE}"),
    ))
}
