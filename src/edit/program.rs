//! The program's own charter in program.toml: `[program]`'s name, manager, sponsor, window and
//! hours per week.

use anyhow::{Result, bail};
use toml_edit::{Item, Value};

use super::{Change, open_program, require_person, require_slug, set_item_key};
use crate::cli::{ProgramSetArgs, Setting};
use crate::model::keys;
use crate::store::{PROGRAM_FILE, Tree, tables};

/// `pm program set`: changes only the keys named.
pub fn set(tree: &Tree, a: &ProgramSetArgs) -> Result<Change> {
    if a.name.is_none()
        && a.manager.is_none()
        && a.sponsor.is_none()
        && a.start.is_none()
        && a.end.is_none()
        && a.hours_per_week.is_none()
    {
        bail!(
            "nothing to set; give at least one of --name, --manager, --sponsor, --start, --end, --hours-per-week"
        );
    }
    let name = match a.name.as_deref().map(str::trim) {
        Some("") => bail!("the program name cannot be empty"),
        Some(n) if n.contains(['\n', '\r']) => bail!("the program name must fit on one line"),
        n => n,
    };
    if let Some(h) = a.hours_per_week
        && !(h > 0.0 && h <= 168.0)
    {
        bail!(
            "--hours-per-week {h} is not the hours of a week; give those of a full-time week, more than 0 and at most 168 (e.g. 40)"
        );
    }
    let (mut file, program) = open_program(tree)?;
    if let Some(Setting::To(m)) = &a.manager {
        require_slug("person", m)?;
        require_person(&program, m)?;
    }
    let start = match &a.start {
        Some(s) => s.value().copied(),
        None => program.start.as_ref().map(|d| d.value),
    };
    let end = match &a.end {
        Some(s) => s.value().copied(),
        None => program.end.as_ref().map(|d| d.value),
    };
    if let (Some(s), Some(e)) = (start, end)
        && e < s
    {
        bail!("the program would end on {e}, before it starts on {s}");
    }
    let Some(table) = file.doc.get_mut("program").and_then(Item::as_table_mut) else {
        bail!("{PROGRAM_FILE} has no [program] table; fix it first (pm check shows how)");
    };
    let mut did: Vec<String> = Vec::new();
    let mut set = |key: &str, v: Option<Value>, shown: String| {
        let before = table.to_string();
        match v {
            Some(v) => set_item_key(table, &keys::PROGRAM, key, v),
            None => {
                table.remove(key);
            }
        }
        if table.to_string() != before {
            did.push(shown);
        }
    };
    if let Some(n) = name {
        set("name", Some(n.into()), format!("name = {n:?}"));
    }
    for (key, setting) in [("manager", &a.manager), ("sponsor", &a.sponsor)] {
        match setting {
            Some(Setting::To(v)) => set(
                key,
                Some(v.trim().into()),
                format!("{key} = {:?}", v.trim()),
            ),
            Some(Setting::Clear) => set(key, None, format!("removed {key}")),
            None => {}
        }
    }
    for (key, setting) in [("start", &a.start), ("end", &a.end)] {
        match setting {
            Some(Setting::To(d)) => set(key, Some(tables::date(*d)?), format!("{key} = {d}")),
            Some(Setting::Clear) => set(key, None, format!("removed {key}")),
            None => {}
        }
    }
    if let Some(h) = a.hours_per_week {
        set(
            "hours_per_week",
            Some(tables::hours(h)),
            format!("hours_per_week = {h}"),
        );
    }
    if did.is_empty() {
        return Ok(Change::default().line(format!(
            "{PROGRAM_FILE} already has these values; nothing changed"
        )));
    }
    Ok(Change::of(
        &[&file],
        format!("set {} in {PROGRAM_FILE}", did.join(", ")),
    ))
}
