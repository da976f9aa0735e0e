//! `pm person add|list|off`: the shared pool of people in program.toml.

use anyhow::{Result, bail};
use comfy_table::CellAlignment;
use toml_edit::{Array, ArrayOfTables, InlineTable, Item, Table, Value};

use super::edit::{Session, require_person};
use super::{Ctx, Exit, list_table, require_slug};
use crate::cli::{PersonAddArgs, PersonCommand, PersonOffArgs};
use crate::model::Person;
use crate::store::tables;
use crate::store::{self, PROGRAM_FILE};

pub fn run(ctx: &Ctx, c: &PersonCommand) -> Result<Exit> {
    match c {
        PersonCommand::Add(a) => add(ctx, a),
        PersonCommand::List => list(ctx),
        PersonCommand::Off(a) => off(ctx, a),
    }
}

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

fn add(ctx: &Ctx, a: &PersonAddArgs) -> Result<Exit> {
    require_slug("person", &a.id)?;
    if let (Some(start), Some(end)) = (a.start, a.end)
        && end < start
    {
        bail!("--end {end} is before --start {start}; a person cannot leave before joining");
    }
    let session = Session::begin(ctx)?;
    let (mut file, program) = session.program()?;
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
    session.commit(&[&file])?;
    ctx.print(&format!("added person {} to {PROGRAM_FILE}\n", a.id))?;
    Ok(Exit::Success)
}

fn list(ctx: &Ctx) -> Result<Exit> {
    let loaded = store::load(&ctx.root()?)?;
    let Some(program) = &loaded.program else {
        bail!("{}", super::project::load_failure(&loaded, PROGRAM_FILE));
    };
    if program.people.is_empty() {
        ctx.print("no people yet; add one with `pm person add ID --name NAME`\n")?;
        return Ok(Exit::Success);
    }
    let mut people: Vec<&Person> = program.people.iter().collect();
    people.sort_by(|a, b| a.id.value.cmp(&b.id.value));
    let mut table = list_table(
        ctx,
        &[
            "id", "name", "capacity", "skills", "start", "end", "time off",
        ],
    );
    let date = |d: Option<&crate::model::Sp<chrono::NaiveDate>>| {
        d.map(|d| d.value.to_string()).unwrap_or_default()
    };
    for p in people {
        table.add_row(vec![
            p.id.value.clone(),
            p.name.clone().unwrap_or_default(),
            format!("{}%", p.capacity.value),
            p.skills.join(", "),
            date(p.start.as_ref()),
            date(p.end.as_ref()),
            p.time_off.len().to_string(),
        ]);
    }
    for i in [2, 6] {
        if let Some(c) = table.column_mut(i) {
            c.set_cell_alignment(CellAlignment::Right);
        }
    }
    ctx.print(&format!("{}\n", table.trim_fmt()))?;
    Ok(Exit::Success)
}

fn off(ctx: &Ctx, a: &PersonOffArgs) -> Result<Exit> {
    require_slug("person", &a.id)?;
    if a.to < a.from {
        bail!(
            "--to {} is before --from {}; time off runs from its first to its last day",
            a.to,
            a.from
        );
    }
    let session = Session::begin(ctx)?;
    let (mut file, program) = session.program()?;
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
        Some(Item::Value(Value::Array(list))) => push_keeping_layout(list, entry),
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
    session.commit(&[&file])?;
    ctx.print(&format!(
        "added time off {} to {} for {} in {PROGRAM_FILE}\n",
        a.from, a.to, a.id
    ))?;
    Ok(Exit::Success)
}

/// Appends to an inline array in its own layout: one entry per line when the user wrote it so
/// (a comment ending the last entry's line stays on that line), and one entry per line once a
/// single-line list grows too long to read.
fn push_keeping_layout(list: &mut Array, entry: InlineTable) {
    let text =
        |r: Option<&toml_edit::RawString>| r.and_then(|r| r.as_str()).unwrap_or("").to_owned();
    let last_prefix = list.iter().last().map(|v| text(v.decor().prefix()));
    let Some(indent) = last_prefix
        .as_deref()
        .and_then(|p| p.rfind('\n').map(|i| p[i + 1..].to_owned()))
    else {
        list.push(entry);
        if list.to_string().len() > 80 {
            one_per_line(list);
        }
        return;
    };
    // What ends the last entry's line (spaces, a comment, the newline) moves in front of the
    // new entry, so the comment stays with the entry it was written for.
    let mut carried = String::new();
    let mut trailing = text(Some(list.trailing()));
    if let Some(last) = list.iter_mut().last() {
        let suffix = text(last.decor().suffix());
        if suffix.contains('\n') {
            carried = suffix;
            last.decor_mut().set_suffix("");
            if !trailing.contains('\n') {
                trailing.insert(0, '\n');
            }
        }
    }
    if carried.is_empty() {
        match trailing.find('\n') {
            Some(i) => {
                carried = trailing[..=i].to_owned();
                trailing = format!("\n{}", &trailing[i + 1..]);
            }
            None => {
                carried = "\n".to_owned();
                trailing = format!("\n{trailing}");
            }
        }
    }
    list.push(entry);
    if let Some(last) = list.iter_mut().last() {
        last.decor_mut().set_prefix(format!("{carried}{indent}"));
        last.decor_mut().set_suffix("");
    }
    list.set_trailing(trailing);
}

fn one_per_line(list: &mut Array) {
    for v in list.iter_mut() {
        v.decor_mut().set_prefix("\n  ");
        v.decor_mut().set_suffix("");
    }
    list.set_trailing_comma(true);
    list.set_trailing("\n");
}
