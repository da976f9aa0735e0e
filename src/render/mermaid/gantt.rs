//! The gantt report as a Mermaid `gantt` diagram: bare for `--format mermaid` (what a `.mmd`
//! file and mermaid-cli take), or in a ```` ```mermaid ```` fence for Markdown, where GitHub
//! draws it. A work item that waits for deliverables of other projects is drawn `after` their
//! milestones where Mermaid can draw that.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::text;
use crate::report::gantt::{Gantt, ItemKind};

/// The diagram in a fenced block, for a Markdown file or comment.
pub fn fenced(g: &Gantt, today: NaiveDate) -> String {
    format!("```mermaid\n{}```\n", render(g, today))
}

/// The diagram itself. "Today" is pm's `--today`, drawn as a vertical marker when it falls
/// inside the chart; Mermaid's own today line follows the viewer's clock, so it is off.
pub fn render(g: &Gantt, today: NaiveDate) -> String {
    let mut out = String::from("gantt\n");
    let title = text(&g.title);
    if !title.is_empty() {
        out.push_str(&format!("    title {title}\n"));
    }
    out.push_str("    dateFormat YYYY-MM-DD\n");
    // pm's due date is the last day of the work; Mermaid's end date is exclusive without this.
    out.push_str("    inclusiveEndDates\n");
    out.push_str("    todayMarker off\n");
    // Milestones that some work waits for get an id to be referred to by, and the date they
    // are drawn at.
    // (A dependency is inside one program: in a portfolio, keys carry the program.)
    let mut milestones: HashMap<(Option<&str>, String), (String, NaiveDate)> = HashMap::new();
    for r in &g.rows {
        if r.kind == ItemKind::Deliverable {
            let key = format!("{}/{}", r.project, r.id);
            let waited = g
                .rows
                .iter()
                .any(|w| w.program == r.program && w.after.contains(&key));
            if waited {
                let id = format!("m{}", milestones.len() + 1);
                milestones.insert((r.program.as_deref(), key), (id, r.start));
            }
        }
    }
    let mut section: Option<(Option<&str>, &str)> = None;
    for r in &g.rows {
        if section != Some((r.program.as_deref(), r.project.as_str())) {
            section = Some((r.program.as_deref(), &r.project));
            let name = match text(&r.section) {
                name if name.is_empty() => text(&r.project),
                name => name,
            };
            out.push_str(&format!("    section {name}\n"));
        }
        let title = match text(&r.title) {
            t if t.is_empty() => text(&r.id),
            t => t,
        };
        match r.kind {
            ItemKind::Deliverable => {
                let id = milestones
                    .get(&(r.program.as_deref(), format!("{}/{}", r.project, r.id)))
                    .map(|(id, _)| format!("{id}, "))
                    .unwrap_or_default();
                out.push_str(&format!("    {title} :milestone, {id}{}, 0d\n", r.start));
            }
            ItemKind::Work => {
                let tag = match r.status {
                    Some("done") => "done, ",
                    Some("doing") => "active, ",
                    _ => "",
                };
                let waits: Vec<&(String, NaiveDate)> = r
                    .after
                    .iter()
                    .filter_map(|t| milestones.get(&(r.program.as_deref(), t.clone())))
                    .collect();
                let last = waits.iter().map(|(_, d)| *d).max();
                // Mermaid starts the bar when the last milestone is due; it cannot draw a bar
                // that ends before it starts, so such an item keeps its own dates.
                let start = match last {
                    Some(last) if last <= r.end => {
                        let ids: Vec<&str> = waits.iter().map(|(id, _)| id.as_str()).collect();
                        format!("after {}", ids.join(" "))
                    }
                    _ => r.start.to_string(),
                };
                out.push_str(&format!("    {title} :{tag}{start}, {}\n", r.end));
            }
        }
    }
    let first = g.rows.iter().map(|r| r.start).min();
    let last = g.rows.iter().map(|r| r.end).max();
    if let (Some(first), Some(last)) = (first, last)
        && (first..=last).contains(&today)
    {
        out.push_str(&format!("    today :vert, {today}, 0d\n"));
    }
    out
}
