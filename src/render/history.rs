//! `pm history --format human`: one block per commit, oldest first, each event on a line.

use crate::report::history::{Event, History};

pub fn render(h: &History) -> String {
    let mut out = format!("{}: the charter's history ({})\n", h.project, h.file);
    if h.shallow {
        out.push_str(
            "note: this clone is shallow, so the history starts at its oldest commit; `git fetch --unshallow` fetches the rest\n",
        );
    }
    if h.entries.is_empty() {
        out.push_str("\nno charter, scope or change request in any commit yet\n");
    }
    for e in &h.entries {
        out.push('\n');
        match &e.commit {
            Some(c) => {
                let mark = if h.baseline.as_ref() == Some(c) {
                    "  (the baseline)"
                } else {
                    ""
                };
                out.push_str(&format!("{}  {}  {}{mark}\n", c.short(), c.date, c.author));
            }
            None => out.push_str("not committed\n"),
        }
        for ev in &e.events {
            out.push_str(&format!("  {}\n", line(ev)));
        }
    }
    out
}

fn line(e: &Event) -> String {
    let by = |b: &Option<String>| b.as_ref().map(|b| format!(" by {b}")).unwrap_or_default();
    let on = |d: &Option<chrono::NaiveDate>| d.map(|d| format!(" on {d}")).unwrap_or_default();
    let date = |d: &Option<chrono::NaiveDate>| d.map_or("none".to_owned(), |d| d.to_string());
    let hours = |h: &Option<f64>| h.map_or("none".to_owned(), |h| format!("{h} h"));
    match e {
        Event::Created {
            path,
            deliverables,
            exclusions,
            start,
            end,
            effort_hours,
        } => {
            let mut parts = vec![format!("created {path}")];
            if !deliverables.is_empty() {
                parts.push(format!("deliverables {}", deliverables.join(", ")));
            }
            if !exclusions.is_empty() {
                parts.push(format!("exclusions {}", exclusions.join(", ")));
            }
            if start.is_some() || end.is_some() {
                parts.push(format!("window {} to {}", date(start), date(end)));
            }
            if effort_hours.is_some() {
                parts.push(format!("effort cap {}", hours(effort_hours)));
            }
            parts.join("; ")
        }
        Event::Renamed { from, to } => format!("renamed from {from} to {to}"),
        Event::Approved { on, by: who } => format!("charter approved on {on}{}", by(who)),
        Event::ApprovalRemoved { was } => format!("approval of {was} removed"),
        Event::ChangeRequested {
            id,
            title,
            by: who,
            reason,
        } => {
            let why = reason
                .as_ref()
                .map(|r| format!(" ({r})"))
                .unwrap_or_default();
            format!("change {id} requested{}: {title}{why}", by(who))
        }
        Event::ChangeApproved { id, by: who, on: d } => {
            format!("change {id} approved{}{}", by(who), on(d))
        }
        Event::ChangeRejected {
            id,
            by: who,
            on: d,
            reason,
        } => {
            let why = reason
                .as_ref()
                .map(|r| format!(" ({r})"))
                .unwrap_or_default();
            format!("change {id} rejected{}{}{why}", by(who), on(d))
        }
        Event::ChangeRemoved { id } => format!("change {id} removed"),
        Event::DeliverableAdded { id, title } => match title {
            Some(t) => format!("deliverable {id} added: {t}"),
            None => format!("deliverable {id} added"),
        },
        Event::DeliverableRemoved { id } => format!("deliverable {id} removed"),
        Event::ExclusionAdded { id } => format!("exclusion {id} added"),
        Event::ExclusionRemoved { id } => format!("exclusion {id} removed (lifted)"),
        Event::Window { key, from, to } => {
            format!("charter {key} moved from {} to {}", date(from), date(to))
        }
        Event::EffortCap { from, to } => {
            format!("effort cap changed from {} to {}", hours(from), hours(to))
        }
    }
}
