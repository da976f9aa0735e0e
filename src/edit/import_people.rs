//! `pm import people FILE.csv`: the pool from an HR spreadsheet. Each row adds a person or
//! updates one; a column left out or a cell left empty keeps that key as it is. The whole file
//! is checked before anything changes, so a bad row changes nothing.

use anyhow::{Result, bail};
use chrono::NaiveDate;
use toml_edit::{ArrayOfTables, Item, Table, Value};

use super::{Change, Input, open_program};
use crate::interchange::people_csv::{self, PersonRow};
use crate::model::Person;
use crate::model::keys::PERSON;
use crate::store::{PROGRAM_FILE, Tree, tables};

pub fn people(tree: &Tree, input: &Input) -> Result<Change> {
    let rows =
        people_csv::people(&input.text).map_err(|e| anyhow::anyhow!("{}: {e}", input.name))?;
    let (mut file, program) = open_program(tree)?;
    let mut lines = Vec::new();
    let (mut added, mut updated, mut unchanged) = (0, 0, 0);
    for row in &rows {
        match program.person(&row.id) {
            Some(person) => {
                check_dates(&input.name, row, person)?;
                let changes = changes(row, person);
                if changes.is_empty() {
                    unchanged += 1;
                    continue;
                }
                let table = person_table(&mut file.doc, &row.id)?;
                for (key, value, _) in &changes {
                    let at = PERSON.iter().position(|k| k == key).unwrap_or(PERSON.len());
                    tables::set(table, key, value.clone(), &PERSON[..at]);
                }
                let shown: Vec<&str> = changes.iter().map(|(_, _, s)| s.as_str()).collect();
                lines.push(format!(
                    "updated person {} in {PROGRAM_FILE}: {}",
                    row.id,
                    shown.join(", ")
                ));
                updated += 1;
            }
            None => {
                push_person(&mut file.doc, new_person(row)?)?;
                lines.push(format!("added person {} to {PROGRAM_FILE}", row.id));
                added += 1;
            }
        }
    }
    if added + updated == 0 {
        return Ok(Change::default().line(format!(
            "{PROGRAM_FILE} already has the {} {} of {} as the file gives them; nothing changed",
            rows.len(),
            if rows.len() == 1 { "person" } else { "people" },
            input.name
        )));
    }
    let mut change = Change::of(&[&file], lines.remove(0));
    for line in lines {
        change = change.line(line);
    }
    Ok(change.line(format!(
        "imported {}: {added} added, {updated} updated, {unchanged} unchanged",
        input.name
    )))
}

/// The keys a row changes on an existing person: key, new value, and how to show it.
fn changes(row: &PersonRow, person: &Person) -> Vec<(&'static str, Value, String)> {
    let mut out = Vec::new();
    if let Some(name) = &row.name
        && person.name.as_deref() != Some(name.as_str())
    {
        out.push((
            "name",
            Value::from(name.as_str()),
            format!("name = {name:?}"),
        ));
    }
    if let Some(c) = row.capacity
        && c != person.capacity.value
    {
        out.push((
            "capacity",
            Value::from(c),
            format!("capacity {} → {c}", person.capacity.value),
        ));
    }
    if let Some(skills) = &row.skills
        && *skills != person.skills
    {
        out.push((
            "skills",
            tables::strings(skills),
            format!("skills = [{}]", skills.join(", ")),
        ));
    }
    let date = |key: &'static str, new: Option<NaiveDate>, old: Option<NaiveDate>| {
        let new = new.filter(|n| Some(*n) != old)?;
        let value = tables::date(new).ok()?;
        Some((key, value, format!("{key} = {new}")))
    };
    out.extend(date(
        "start",
        row.start,
        person.start.as_ref().map(|d| d.value),
    ));
    out.extend(date("end", row.end, person.end.as_ref().map(|d| d.value)));
    out
}

/// A new start or end must not cross the one the person already has (a row giving both is
/// checked with the file).
fn check_dates(file: &str, row: &PersonRow, person: &Person) -> Result<()> {
    let old_start = person.start.as_ref().map(|d| d.value);
    let old_end = person.end.as_ref().map(|d| d.value);
    let clash = match (row.start, row.end) {
        (None, Some(e)) => old_start
            .filter(|s| e < *s)
            .zip(row.end_cell)
            .map(|(s, cell)| {
                (
                    cell,
                    "end",
                    format!("{e} is before {}'s start {s} in {PROGRAM_FILE}", row.id),
                )
            }),
        (Some(s), None) => old_end
            .filter(|e| *e < s)
            .zip(row.start_cell)
            .map(|(e, cell)| {
                (
                    cell,
                    "start",
                    format!("{s} is after {}'s end {e} in {PROGRAM_FILE}", row.id),
                )
            }),
        _ => None,
    };
    if let Some(((line, column), name, what)) = clash {
        bail!(
            "{file}: line {line}, column {column} ({name}): {what}; a person cannot leave before joining"
        );
    }
    Ok(())
}

/// A `[[person]]` table in the key order of SPEC §3.
fn new_person(row: &PersonRow) -> Result<Table> {
    let mut t = Table::new();
    t.insert("id", Item::Value(row.id.as_str().into()));
    if let Some(n) = &row.name {
        t.insert("name", Item::Value(n.as_str().into()));
    }
    if let Some(c) = row.capacity {
        t.insert("capacity", Item::Value(c.into()));
    }
    if let Some(s) = row.skills.as_ref().filter(|s| !s.is_empty()) {
        t.insert("skills", Item::Value(tables::strings(s)));
    }
    if let Some(d) = row.start {
        t.insert("start", Item::Value(tables::date(d)?));
    }
    if let Some(d) = row.end {
        t.insert("end", Item::Value(tables::date(d)?));
    }
    Ok(t)
}

fn push_person(doc: &mut toml_edit::DocumentMut, person: Table) -> Result<()> {
    match doc.get_mut("person") {
        // A new table without a position is printed right after the last [[person]].
        Some(Item::ArrayOfTables(people)) => people.push(person),
        Some(_) => bail!(
            "{PROGRAM_FILE} does not write its people as [[person]] tables; pm only edits that form"
        ),
        None => {
            let mut people = ArrayOfTables::new();
            people.push(person);
            doc.insert("person", Item::ArrayOfTables(people));
        }
    }
    Ok(())
}

fn person_table<'d>(doc: &'d mut toml_edit::DocumentMut, id: &str) -> Result<&'d mut Table> {
    let found = match doc.get_mut("person") {
        Some(Item::ArrayOfTables(people)) => people
            .iter_mut()
            .find(|t| t.get("id").and_then(Item::as_str) == Some(id)),
        _ => None,
    };
    match found {
        Some(t) => Ok(t),
        None => bail!(
            "{PROGRAM_FILE} does not write person '{id}' as a [[person]] table; pm only edits that form, so change them by hand"
        ),
    }
}
