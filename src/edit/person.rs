//! The shared pool of people in program.toml: adding a person, recording time off.

use anyhow::{Result, bail};
use toml_edit::{Array, ArrayOfTables, InlineTable, Item, Table, Value};

use super::{Change, open_program, require_person, require_slug};
use crate::cli::{PersonAddArgs, PersonOffArgs};
use crate::store::{PROGRAM_FILE, Tree, tables};

/// Trimmed, without empties or repeats, in the order given: `--skills "rust, ,rust"` is `[rust]`.
fn clean_skills(skills: &[String]) -> Vec<&str> {
    let mut out: Vec<&str> = Vec::new();
    for s in skills.iter().map(|s| s.trim()).filter(|s| !s.is_empty()) {
        if !out.contains(&s) {
            out.push(s);
        }
    }
    out
}

/// `pm person add`.
pub fn add(tree: &Tree, a: &PersonAddArgs) -> Result<Change> {
    require_slug("person", &a.id)?;
    if let (Some(start), Some(end)) = (a.start, a.end)
        && end < start
    {
        bail!("--end {end} is before --start {start}; a person cannot leave before joining");
    }
    let (mut file, program) = open_program(tree)?;
    if program.person(&a.id).is_some() {
        bail!(
            "person '{}' is already in {PROGRAM_FILE}; pick another id, or edit their [[person]] table",
            a.id
        );
    }

    // Key order of SPEC §3.
    let mut person = Table::new();
    person.insert("id", Item::Value(a.id.as_str().into()));
    if let Some(n) = &a.name {
        person.insert("name", Item::Value(n.as_str().into()));
    }
    if let Some(c) = a.capacity {
        person.insert("capacity", Item::Value(i64::from(c).into()));
    }
    let skills = clean_skills(&a.skills);
    if !skills.is_empty() {
        let array: Array = skills.iter().copied().collect();
        person.insert("skills", Item::Value(Value::Array(array)));
    }
    if let Some(d) = a.start {
        person.insert("start", Item::Value(tables::date(d)?));
    }
    if let Some(d) = a.end {
        person.insert("end", Item::Value(tables::date(d)?));
    }

    match file.doc.get_mut("person") {
        // A new table without a position is printed right after the last [[person]].
        Some(Item::ArrayOfTables(people)) => people.push(person),
        Some(_) => bail!(
            "{PROGRAM_FILE} does not write its people as [[person]] tables; pm only edits that form, so add {} by hand",
            a.id
        ),
        None => {
            let mut people = ArrayOfTables::new();
            people.push(person);
            file.doc.insert("person", Item::ArrayOfTables(people));
        }
    }
    Ok(Change::of(
        &[&file],
        format!("added person {} to {PROGRAM_FILE}", a.id),
    ))
}

/// `pm person off`: a time-off entry.
pub fn off(tree: &Tree, a: &PersonOffArgs) -> Result<Change> {
    require_slug("person", &a.id)?;
    if a.to < a.from {
        bail!(
            "--to {} is before --from {}; time off runs from its first to its last day",
            a.to,
            a.from
        );
    }
    let (mut file, program) = open_program(tree)?;
    require_person(&program, &a.id)?;

    let mut entry = InlineTable::new();
    entry.insert("from", tables::date(a.from)?);
    entry.insert("to", tables::date(a.to)?);
    if let Some(r) = &a.reason {
        entry.insert("reason", r.as_str().into());
    }
    let person = match file.doc.get_mut("person") {
        Some(Item::ArrayOfTables(people)) => people
            .iter_mut()
            .find(|t| t.get("id").and_then(Item::as_str) == Some(a.id.as_str())),
        _ => None,
    };
    let Some(person) = person else {
        bail!(
            "{PROGRAM_FILE} does not write person '{}' as a [[person]] table; pm only edits that form, so add the time off by hand",
            a.id
        );
    };
    match person.get_mut("time_off") {
        Some(Item::Value(Value::Array(list))) => tables::push_keeping_layout(list, entry),
        Some(Item::ArrayOfTables(list)) => list.push(entry.into_table()),
        Some(_) => bail!(
            "time_off of person '{}' is not a list; fix it in {PROGRAM_FILE} (pm check shows where)",
            a.id
        ),
        None => {
            let mut list = Array::new();
            list.push(entry);
            person.insert("time_off", Item::Value(Value::Array(list)));
        }
    }
    Ok(Change::of(
        &[&file],
        format!(
            "added time off {} to {} for {} in {PROGRAM_FILE}",
            a.from, a.to, a.id
        ),
    ))
}
