//! The shared pool of people in program.toml: adding, changing and removing a person, and
//! recording or cancelling their time off. (Renaming is in [`super::rename`].)

use anyhow::{Result, bail};
use toml_edit::{Array, ArrayOfTables, InlineTable, Item, Table, Value};

use super::guard::load_guard;
use super::{Change, open_program, refs, require_person, require_slug, set_or_remove};
use crate::cli::{PersonAddArgs, PersonOffArgs, PersonSetArgs, Setting};
use crate::model::keys;
use crate::store::write::EditFile;
use crate::store::{self, PROGRAM_FILE, Tree, tables};

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
    if let Some(p) = program.person(&a.id)
        && p.file != program.file
    {
        let rel = tree.portfolio().unwrap_or("portfolio.toml");
        bail!(
            "person '{}' is in the shared pool of the portfolio ({rel}); every program of the portfolio refers to them without declaring them again",
            a.id
        );
    }
    if program.person(&a.id).is_some() {
        bail!(
            "person '{}' is already in {PROGRAM_FILE}; pick another id, or change them with `pm person set {} --name ... --capacity ...`",
            a.id,
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

/// The `[[person]]` table of `id`, refused when the pool is not written as such tables.
pub(super) fn person_table<'d>(file: &'d mut EditFile, id: &str) -> Result<&'d mut Table> {
    let person = match file.doc.get_mut("person") {
        Some(Item::ArrayOfTables(people)) => people
            .iter_mut()
            .find(|t| t.get("id").and_then(Item::as_str) == Some(id)),
        _ => None,
    };
    match person {
        Some(t) => Ok(t),
        None => bail!(
            "{PROGRAM_FILE} does not write person '{id}' as a [[person]] table; pm only edits that form, so change it by hand"
        ),
    }
}

fn set_person_key(table: &mut Table, key: &str, value: Option<Value>) -> bool {
    match value {
        Some(v) => {
            let before = table.to_string();
            super::set_item_key(table, &keys::PERSON, key, v);
            table.to_string() != before
        }
        None => set_or_remove(table, key, None),
    }
}

/// `pm person set`: changes only the keys named. A lower capacity passes the load guard.
pub fn set(tree: &Tree, a: &PersonSetArgs) -> Result<Change> {
    require_slug("person", &a.id)?;
    if a.name.is_none()
        && a.capacity.is_none()
        && a.skills.is_none()
        && a.start.is_none()
        && a.end.is_none()
    {
        bail!("nothing to set; give at least one of --name, --capacity, --skills, --start, --end");
    }
    let (mut file, program) = open_program(tree)?;
    require_person(&program, &a.id)?;
    super::refuse_pool_person(tree, &program, &a.id, "change them")?;
    let Some(person) = program.person(&a.id) else {
        bail!("unknown person '{}'", a.id);
    };
    let start = match &a.start {
        Some(s) => s.value().copied(),
        None => person.start.as_ref().map(|d| d.value),
    };
    let end = match &a.end {
        Some(s) => s.value().copied(),
        None => person.end.as_ref().map(|d| d.value),
    };
    if let (Some(s), Some(e)) = (start, end)
        && e < s
    {
        bail!("{} would leave on {e}, before joining on {s}", a.id);
    }
    if let Some(Setting::To(n)) = &a.name
        && n.contains(['\n', '\r'])
    {
        bail!("the name must fit on one line");
    }

    let mut did: Vec<String> = Vec::new();
    let table = person_table(&mut file, &a.id)?;
    if let Some(name) = &a.name {
        let v = name.value().map(|n| Value::from(n.trim()));
        if set_person_key(table, "name", v) {
            did.push(match name {
                Setting::To(n) => format!("name = {:?}", n.trim()),
                Setting::Clear => "removed name".into(),
            });
        }
    }
    if let Some(c) = a.capacity
        && set_person_key(table, "capacity", Some(Value::from(i64::from(c))))
    {
        did.push(format!("capacity = {c}"));
    }
    if let Some(skills) = &a.skills {
        let skills = clean_skills(skills);
        let v = (!skills.is_empty()).then(|| tables::strings(&skills));
        if set_person_key(table, "skills", v) {
            did.push(if skills.is_empty() {
                "removed skills".into()
            } else {
                format!("skills = [{}]", skills.join(", "))
            });
        }
    }
    for (key, setting) in [("start", &a.start), ("end", &a.end)] {
        let Some(setting) = setting else { continue };
        let v = match setting {
            Setting::To(d) => Some(tables::date(*d)?),
            Setting::Clear => None,
        };
        if set_person_key(table, key, v) {
            did.push(match setting {
                Setting::To(d) => format!("{key} = {d}"),
                Setting::Clear => format!("removed {key}"),
            });
        }
    }
    if did.is_empty() {
        return Ok(Change::default().line(format!(
            "{} already has these values in {PROGRAM_FILE}; nothing changed",
            a.id
        )));
    }
    let change = Change::of(
        &[&file],
        format!(
            "set {} of person {} in {PROGRAM_FILE}",
            did.join(", "),
            a.id
        ),
    );
    if let Some(c) = a.capacity
        && i64::from(c) < person.capacity.value
    {
        let what = format!("lowering {}'s capacity to {c}%", a.id);
        load_guard(tree, &change, &a.id, a.force, &what)?;
    }
    Ok(change)
}

/// `pm person remove`: refused while anything refers to the person.
pub fn remove(tree: &Tree, id: &str) -> Result<Change> {
    require_slug("person", id)?;
    let (mut file, program) = open_program(tree)?;
    require_person(&program, id)?;
    super::refuse_pool_person(tree, &program, id, "remove them")?;
    let loaded = store::load_tree(tree)?;
    refs::require_readable(&loaded, "remove a person")?;
    let found = refs::person(&loaded, id);
    if !found.is_empty() {
        bail!(
            "{id} is still named in {}:{}\nchange those first (`pm person rename` keeps them all, `pm assignment remove`, `pm work set P/W --assignee OTHER`, `pm project set P --manager OTHER`), then remove {id}",
            super::count(found.len(), "place"),
            refs::listed(&found)
        );
    }
    let rel = file.rel.clone();
    let index = match file.doc.get("person") {
        Some(Item::ArrayOfTables(people)) => people
            .iter()
            .position(|t| t.get("id").and_then(Item::as_str) == Some(id)),
        _ => None,
    };
    let Some(index) = index else {
        bail!(
            "{PROGRAM_FILE} does not write person '{id}' as a [[person]] table; pm only edits that form, so remove it by hand"
        );
    };
    tables::remove(&mut file.doc, "person", index).map_err(|e| anyhow::anyhow!("{rel}: {e}"))?;
    Ok(Change::of(
        &[&file],
        format!("removed person {id} from {PROGRAM_FILE}"),
    ))
}

/// `pm person off`: records time off, or with `--cancel` takes back the entry that starts on
/// `--from` (which adds load back, so it passes the load guard).
pub fn off(tree: &Tree, a: &PersonOffArgs) -> Result<Change> {
    require_slug("person", &a.id)?;
    let (mut file, program) = open_program(tree)?;
    require_person(&program, &a.id)?;
    super::refuse_pool_person(tree, &program, &a.id, "record their time off")?;
    if a.cancel {
        return cancel(tree, file, &program, a);
    }
    let Some(to) = a.to else {
        bail!("give --to DATE, the last day off (or --cancel to cancel the time off from --from)");
    };
    if to < a.from {
        bail!(
            "--to {to} is before --from {}; time off runs from its first to its last day",
            a.from
        );
    }

    let mut entry = InlineTable::new();
    entry.insert("from", tables::date(a.from)?);
    entry.insert("to", tables::date(to)?);
    if let Some(r) = &a.reason {
        entry.insert("reason", r.as_str().into());
    }
    let person = person_table(&mut file, &a.id)?;
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
            "added time off {} to {to} for {} in {PROGRAM_FILE}",
            a.from, a.id
        ),
    ))
}

fn cancel(
    tree: &Tree,
    mut file: EditFile,
    program: &crate::model::Program,
    a: &PersonOffArgs,
) -> Result<Change> {
    let id = a.id.as_str();
    let entries: Vec<String> = program
        .person(id)
        .map(|p| {
            p.time_off
                .iter()
                .map(|t| format!("{}..{}", t.from, t.to))
                .collect()
        })
        .unwrap_or_default();
    let Some(entry) = program
        .person(id)
        .and_then(|p| p.time_off.iter().find(|t| t.from == a.from))
    else {
        let theirs = if entries.is_empty() {
            format!("{id} has no time off")
        } else {
            format!("{id}'s time off: {}", entries.join(", "))
        };
        bail!(
            "{id} has no time off starting on {}; {theirs} (--cancel --from names the first day of the entry)",
            a.from
        );
    };
    let (from, to) = (entry.from, entry.to);
    let person = person_table(&mut file, id)?;
    let removed = match person.get_mut("time_off") {
        Some(Item::Value(Value::Array(list))) => {
            let at = list.iter().position(|v| {
                let start = v.as_inline_table().and_then(|t| t.get("from"));
                is_date(start.and_then(Value::as_datetime), from)
            });
            if let Some(i) = at {
                list.remove(i);
                if list.is_empty() {
                    person.remove("time_off");
                }
            }
            at.is_some()
        }
        Some(Item::ArrayOfTables(list)) => {
            let at = list
                .iter()
                .position(|t| is_date(t.get("from").and_then(Item::as_datetime), from));
            if let Some(i) = at {
                list.remove(i);
            }
            at.is_some()
        }
        _ => false,
    };
    if !removed {
        bail!(
            "the time off of {id} from {from} is not written in a form pm edits; remove it from {PROGRAM_FILE} by hand"
        );
    }
    let change = Change::of(
        &[&file],
        format!("cancelled time off {from} to {to} of {id} in {PROGRAM_FILE}"),
    );
    let what = format!("cancelling {id}'s time off {from}..{to}");
    load_guard(tree, &change, id, a.force, &what)?;
    Ok(change)
}

/// Whether a TOML value is the local date `d`.
fn is_date(value: Option<&toml_edit::Datetime>, d: chrono::NaiveDate) -> bool {
    use chrono::Datelike;
    value
        .filter(|v| v.time.is_none() && v.offset.is_none())
        .and_then(|v| v.date)
        .is_some_and(|x| {
            i32::from(x.year) == d.year()
                && u32::from(x.month) == d.month()
                && u32::from(x.day) == d.day()
        })
}
