//! The program's benefits in program.toml, which projects serve (PM301 and PM302 need them).

use anyhow::{Result, anyhow, bail};
use toml_edit::{Item, Table, value};

use super::rename::{change_of, one_line_per_file};
use super::{Change, open_program, refs, rename_key, rename_value, require_slug, require_title};
use crate::cli::BenefitSetArgs;
use crate::model::{Program, keys};
use crate::store::write::EditFile;
use crate::store::{self, PROGRAM_FILE, Tree, did_you_mean, tables};

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
        bail!(
            "benefit '{id}' is already in {PROGRAM_FILE}; pick another id, or change its title with `pm benefit set {id} --title ...`"
        );
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

/// "unknown benefit 'x' — did you mean 'y'?", listing the benefits there are.
pub fn require_benefit(program: &Program, id: &str) -> Result<()> {
    if program.benefit(id).is_some() {
        return Ok(());
    }
    let ids: Vec<&str> = program.benefits.iter().map(|b| b.id.as_str()).collect();
    let hint = match did_you_mean(id, ids.iter().copied()) {
        Some(s) => format!(" — did you mean '{s}'?"),
        None if ids.is_empty() => format!(
            "; {PROGRAM_FILE} has no benefits yet (add one with `pm benefit add {id} --title ...`)"
        ),
        None => format!("; the benefits are: {}", ids.join(", ")),
    };
    bail!("unknown benefit '{id}'{hint}")
}

/// The `[[benefit]]` table of `id`.
pub(super) fn benefit_table<'d>(file: &'d mut EditFile, id: &str) -> Result<&'d mut Table> {
    let found = match file.doc.get_mut("benefit") {
        Some(Item::ArrayOfTables(list)) => list
            .iter_mut()
            .find(|t| t.get("id").and_then(Item::as_str) == Some(id)),
        _ => None,
    };
    match found {
        Some(t) => Ok(t),
        None => bail!(
            "{PROGRAM_FILE} does not write benefit '{id}' as a [[benefit]] table; pm only edits that form, so change it by hand"
        ),
    }
}

/// `pm benefit set`: the title, or the id (with every project that serves it).
pub fn set(tree: &Tree, a: &BenefitSetArgs) -> Result<Change> {
    require_slug("benefit", &a.id)?;
    let title = a
        .title
        .as_deref()
        .map(|t| require_title(t, "benefit"))
        .transpose()?;
    match a.new_id.as_deref() {
        Some(new) if new != a.id => return rename(tree, &a.id, new, title),
        Some(_) | None if title.is_none() => {
            bail!("nothing to set; give --title TEXT or --id NEW")
        }
        _ => {}
    }
    let (mut file, program) = open_program(tree)?;
    require_benefit(&program, &a.id)?;
    let table = benefit_table(&mut file, &a.id)?;
    if let Some(title) = title {
        super::set_key(table, "title", title.into());
    }
    if file.new_text().is_none() {
        return Ok(Change::default().line(format!(
            "benefit {} already has that title; nothing changed",
            a.id
        )));
    }
    Ok(Change::of(
        &[&file],
        format!("set title of benefit {} in {PROGRAM_FILE}", a.id),
    ))
}

/// `pm benefit remove`: refused while a project serves the benefit.
pub fn remove(tree: &Tree, id: &str) -> Result<Change> {
    require_slug("benefit", id)?;
    let (mut file, program) = open_program(tree)?;
    require_benefit(&program, id)?;
    let loaded = store::load_tree(tree)?;
    refs::require_readable(&loaded, "remove a benefit")?;
    let found = refs::benefit(&loaded, id);
    if !found.is_empty() {
        let first = loaded
            .projects
            .iter()
            .find(|p| p.benefits.iter().any(|b| b.value == id))
            .map_or("P", |p| p.id.as_str());
        bail!(
            "benefit {id} is still served by {}:{}\ntake it off those projects first (`pm project set {first} --remove-benefit {id}`), then remove it",
            super::count(found.len(), "project"),
            refs::listed(&found)
        );
    }
    let index = match file.doc.get("benefit") {
        Some(Item::ArrayOfTables(list)) => list
            .iter()
            .position(|t| t.get("id").and_then(Item::as_str) == Some(id)),
        _ => None,
    };
    let Some(index) = index else {
        bail!(
            "{PROGRAM_FILE} does not write benefit '{id}' as a [[benefit]] table; remove it by hand"
        );
    };
    tables::remove(&mut file.doc, "benefit", index).map_err(|e| anyhow!("{PROGRAM_FILE}: {e}"))?;
    Ok(Change::of(
        &[&file],
        format!("removed benefit {id} from {PROGRAM_FILE}"),
    ))
}

/// `pm benefit set ID --id NEW`: the benefit's id and every project's `benefits` entry, in one
/// change.
fn rename(tree: &Tree, old: &str, new: &str, title: Option<&str>) -> Result<Change> {
    require_slug("benefit", old)?;
    require_slug("benefit", new)?;
    let (mut program_file, program) = open_program(tree)?;
    require_benefit(&program, old)?;
    if old != new && program.benefit(new).is_some() {
        bail!("benefit '{new}' is already in {PROGRAM_FILE}; pick another id");
    }
    let loaded = store::load_tree(tree)?;
    refs::require_readable(&loaded, "rename a benefit")?;
    let found = refs::benefit(&loaded, old);

    let table = benefit_table(&mut program_file, old)?;
    rename_key(table, "id", old, new);
    if let Some(title) = title {
        super::set_key(table, "title", title.into());
    }
    let mut files = vec![(program_file, 1)];
    let mut rels: Vec<&str> = found.iter().map(|r| r.file.as_str()).collect();
    rels.dedup();
    for rel in rels {
        let mut file = EditFile::open(tree, rel)?;
        let mut n = 0;
        if let Some(list) = file
            .doc
            .get_mut("project")
            .and_then(Item::as_table_mut)
            .and_then(|t| t.get_mut("benefits"))
            .and_then(Item::as_array_mut)
        {
            for v in list.iter_mut() {
                if rename_value(v, old, new) {
                    n += 1;
                }
            }
        }
        files.push((file, n));
    }
    let mut lines = one_line_per_file(&files, &format!("renamed benefit {old} to {new}"));
    if lines.is_empty() {
        lines.push(format!(
            "benefit {old} already has that id and title; nothing changed"
        ));
    }
    Ok(change_of(&files, lines))
}
