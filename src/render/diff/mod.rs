//! `pm diff` for people: the same sections in plain text ([`human`]) and in Markdown for a
//! pull request ([`markdown`]). This file words each change; the formats lay them out.

pub mod human;
pub mod markdown;

use serde_json::Value;

use crate::report::diff::{Change, Diff, LoadChange};

/// The sections of the output, in order, each with the item kinds it lists.
const SECTIONS: [(&str, &[&str]); 9] = [
    ("Projects", &["project"]),
    ("Charters", &["charter"]),
    ("Scope", &["deliverable", "exclusion"]),
    ("Work", &["work"]),
    ("Assignments", &["assignment"]),
    ("People", &["person"]),
    ("Benefits", &["benefit"]),
    ("Requests", &["request"]),
    ("Dependencies", &["dependency"]),
];

/// The changes of each section that has any.
fn sections(diff: &Diff) -> Vec<(&'static str, Vec<&Change>)> {
    SECTIONS
        .iter()
        .map(|(title, kinds)| {
            let changes: Vec<&Change> = diff
                .changes
                .iter()
                .filter(|c| kinds.contains(&c.item))
                .collect();
            (*title, changes)
        })
        .filter(|(_, changes)| !changes.is_empty())
        .collect()
}

/// What a change is about: `lander/leg-tests`, `priya on lander`, `lander`; in a portfolio
/// followed by its program (`habitat in gateway`).
fn subject(c: &Change) -> String {
    match &c.program {
        Some(program) => format!("{} in {program}", item_subject(c)),
        None => item_subject(c),
    }
}

fn item_subject(c: &Change) -> String {
    let project = c.project.as_deref().unwrap_or_default();
    let id = c.id.as_deref().unwrap_or_default();
    match c.item {
        "project" | "charter" => project.to_owned(),
        "assignment" => format!("{} on {project}", c.person.as_deref().unwrap_or_default()),
        "person" => c.person.clone().unwrap_or_default(),
        "benefit" => id.to_owned(),
        "work" if c.change == "moved" => format!(
            "{}/{id} → {project}",
            c.from_project.as_deref().unwrap_or_default()
        ),
        _ => format!("{project}/{id}"),
    }
}

/// The kind of item, where the section title does not say it.
fn kind(c: &Change) -> Option<&'static str> {
    match c.item {
        "deliverable" | "exclusion" => Some(c.item),
        _ => None,
    }
}

/// The verb of a change: `added`, `moved`, `filled`.
fn verb(c: &Change) -> &'static str {
    c.change
}

/// A value as text: strings as they are, lists joined, nothing as `none`.
fn value(v: &Value) -> String {
    match v {
        Value::Null => "none".to_owned(),
        Value::String(s) => s.clone(),
        Value::Array(items) if items.is_empty() => "none".to_owned(),
        Value::Array(items) => items.iter().map(value).collect::<Vec<_>>().join(", "),
        other => other.to_string(),
    }
}

/// The fields of a change: `status todo → doing` for a change, `allocation 60` for an item
/// added or removed. `esc` makes user text safe for the format.
fn details(c: &Change, esc: &dyn Fn(&str) -> String) -> String {
    c.fields
        .iter()
        .map(|(key, f)| match (&f.from, &f.to) {
            (Value::Null, to) => format!("{key} {}", esc(&value(to))),
            (from, Value::Null) if c.change == "removed" => {
                format!("{key} {}", esc(&value(from)))
            }
            (from, to) => format!("{key} {} → {}", esc(&value(from)), esc(&value(to))),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// The summary line: how many changes, findings and people whose load changed.
fn summary(diff: &Diff) -> String {
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let people: std::collections::BTreeSet<&str> =
        diff.load.iter().map(|l| l.person.as_str()).collect();
    if diff.changes.is_empty()
        && diff.findings.introduced.is_empty()
        && diff.findings.resolved.is_empty()
        && people.is_empty()
    {
        return if diff.portfolio.is_some() {
            "no change to the portfolio".to_owned()
        } else {
            "no change to the program".to_owned()
        };
    }
    format!(
        "{}, {} introduced, {} resolved, peak load changed for {}",
        plural(diff.changes.len(), "change", "changes"),
        plural(diff.findings.introduced.len(), "finding", "findings"),
        diff.findings.resolved.len(),
        plural(people.len(), "person", "people"),
    )
}

/// Load changes of one person in consecutive months with the same before and after, as one
/// row: (person, first month, last month, before, after, capacity).
struct LoadRow<'a> {
    person: &'a str,
    first: &'a str,
    last: &'a str,
    from: u32,
    to: u32,
    capacity: i64,
}

fn load_rows(load: &[LoadChange]) -> Vec<LoadRow<'_>> {
    let mut rows: Vec<LoadRow<'_>> = Vec::new();
    for l in load {
        if let Some(row) = rows.last_mut()
            && row.person == l.person
            && row.from == l.from
            && row.to == l.to
            && next_month(row.last).as_deref() == Some(l.month.as_str())
        {
            row.last = &l.month;
            continue;
        }
        rows.push(LoadRow {
            person: &l.person,
            first: &l.month,
            last: &l.month,
            from: l.from,
            to: l.to,
            capacity: l.capacity,
        });
    }
    rows
}

/// `2026-12` → `2027-01`.
fn next_month(month: &str) -> Option<String> {
    let (y, m) = month.rsplit_once('-')?;
    let (y, m): (i64, u32) = (y.parse().ok()?, m.parse().ok()?);
    Some(if m >= 12 {
        format!("{:04}-01", y + 1)
    } else {
        format!("{y:04}-{:02}", m + 1)
    })
}

impl LoadRow<'_> {
    fn months(&self) -> String {
        if self.first == self.last {
            self.first.to_owned()
        } else {
            format!("{} – {}", self.first, self.last)
        }
    }
    fn over(&self, load: u32) -> bool {
        i64::from(load) > self.capacity
    }
}

/// `abc1234 (origin/main)`, or `the work tree`.
fn side(name: &str, rev: &str) -> String {
    if rev == "worktree" {
        "the work tree".to_owned()
    } else {
        let short = rev.get(..7).unwrap_or(rev);
        if name.is_empty() || name == rev {
            short.to_owned()
        } else {
            format!("{name} ({short})")
        }
    }
}
