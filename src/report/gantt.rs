//! `pm report gantt`: the dated plan: deliverables as milestones at their due date, work items
//! with a start and a due date as bars, grouped by project.

use anyhow::{Result, bail};
use chrono::NaiveDate;
use serde::Serialize;

use super::{Cell, Column, Table};
use crate::model::{Project, ProjectStatus, WorkStatus};
use crate::store::Loaded;

pub struct Options {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

#[derive(Debug, Serialize)]
pub struct Gantt {
    pub schema_version: u32,
    pub kind: &'static str,
    pub program: String,
    pub title: String,
    pub rows: Vec<Row>,
}

#[derive(Debug, Serialize)]
pub struct Row {
    pub project: String,
    /// The project's name: the section the item is drawn in.
    pub section: String,
    pub kind: ItemKind,
    pub id: String,
    pub title: String,
    pub start: NaiveDate,
    /// Inclusive; equal to `start` for a milestone.
    pub end: NaiveDate,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub status: Option<&'static str>,
    /// Work only: the deliverables of other projects it waits for (dependencies whose `for`
    /// names it), as PROJECT/DELIVERABLE.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub after: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ItemKind {
    Work,
    Deliverable,
}

impl ItemKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ItemKind::Work => "work",
            ItemKind::Deliverable => "deliverable",
        }
    }
}

/// Cancelled projects and dropped work are not part of any plan; undated items cannot be drawn,
/// and neither can an item ending before it starts (a PM005 finding).
pub fn build(loaded: &Loaded, opts: &Options) -> Result<Gantt> {
    let program = super::program(loaded)?;
    if let (Some(from), Some(to)) = (opts.from, opts.to)
        && from > to
    {
        bail!("--from {from} is after --to {to}; give --from on or before --to");
    }
    let shown = |start: NaiveDate, end: NaiveDate| {
        opts.from.is_none_or(|f| end >= f) && opts.to.is_none_or(|t| start <= t)
    };
    let mut projects: Vec<_> = loaded
        .projects
        .iter()
        .filter(|p| p.status.value != ProjectStatus::Cancelled)
        .collect();
    projects.sort_by(|a, b| a.id.value.cmp(&b.id.value));
    let mut rows = Vec::new();
    for p in projects {
        let mut items = Vec::new();
        for d in &p.deliverables {
            if let Some(due) = &d.due {
                items.push(Row {
                    project: p.id.value.clone(),
                    section: p.name.clone(),
                    kind: ItemKind::Deliverable,
                    id: d.id.value.clone(),
                    title: d.title.clone().unwrap_or_else(|| d.id.value.clone()),
                    start: due.value,
                    end: due.value,
                    status: None,
                    after: Vec::new(),
                });
            }
        }
        for w in &p.work {
            let (Some(start), Some(due)) = (&w.start, &w.due) else {
                continue;
            };
            if w.status.value == WorkStatus::Dropped || start.value > due.value {
                continue;
            }
            items.push(Row {
                project: p.id.value.clone(),
                section: p.name.clone(),
                kind: ItemKind::Work,
                id: w.id.value.clone(),
                title: w.title.value.clone(),
                start: start.value,
                end: due.value,
                status: Some(w.status.value.as_str()),
                after: waits_for(p, &w.id.value),
            });
        }
        items.retain(|r| shown(r.start, r.end));
        items.sort_by(|a, b| (a.start, a.end, a.kind, &a.id).cmp(&(b.start, b.end, b.kind, &b.id)));
        rows.extend(items);
    }
    Ok(Gantt {
        schema_version: 1,
        kind: "gantt",
        program: program.id.value.clone(),
        title: program.name.clone(),
        rows,
    })
}

/// What a work item waits for: the targets of the dependencies whose `for` names it.
fn waits_for(p: &Project, work: &str) -> Vec<String> {
    let mut out: Vec<String> = p
        .dependencies
        .iter()
        .filter(|d| d.work.iter().any(|w| w.value == work))
        .map(|d| d.on.value.to_string())
        .collect();
    out.sort();
    out.dedup();
    out
}

impl Gantt {
    pub fn table(&self) -> Table {
        let columns = vec![
            Column::text("project", "project"),
            Column::text("kind", "kind"),
            Column::text("id", "id"),
            Column::prose("title", "title"),
            Column::text("start", "start"),
            Column::text("end", "end"),
            Column::text("status", "status"),
        ];
        let rows = self
            .rows
            .iter()
            .map(|r| {
                vec![
                    Cell::new(&r.project),
                    Cell::new(r.kind.as_str()),
                    Cell::new(&r.id),
                    Cell::new(&r.title),
                    Cell::new(r.start.to_string()),
                    Cell::new(r.end.to_string()),
                    Cell::opt(r.status),
                ]
            })
            .collect();
        Table {
            columns,
            rows,
            frozen: 3,
        }
    }
}
