//! `pm report gantt`: the dated plan: deliverables as milestones at their due date, work items
//! with a start and a due date as bars, grouped by project.

use anyhow::{Result, bail};
use chrono::NaiveDate;
use serde::Serialize;

use super::{Cell, Column, Table};
use crate::model::{Project, ProjectStatus, WorkStatus};
use crate::store::{Loaded, Programs};

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
    /// In a portfolio: the program of the project.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub program: Option<String>,
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
    super::program(loaded)?;
    build_for(&Programs::one(loaded), opts)
}

/// The plan of the programs shown; in a portfolio each section is a program's project.
pub fn build_for(programs: &Programs<'_>, opts: &Options) -> Result<Gantt> {
    if let (Some(from), Some(to)) = (opts.from, opts.to)
        && from > to
    {
        bail!("--from {from} is after --to {to}; give --from on or before --to");
    }
    let shown = |start: NaiveDate, end: NaiveDate| {
        opts.from.is_none_or(|f| end >= f) && opts.to.is_none_or(|t| start <= t)
    };
    let mut projects: Vec<_> = programs
        .shown()
        .flat_map(|loaded| {
            let label = programs.label(loaded);
            loaded
                .projects
                .iter()
                .filter(|p| p.status.value != ProjectStatus::Cancelled)
                .map(move |p| (label.clone(), p))
        })
        .collect();
    projects.sort_by(|a, b| (&a.0, &a.1.id.value).cmp(&(&b.0, &b.1.id.value)));
    let mut rows = Vec::new();
    for (program, p) in projects {
        let section = match &program {
            Some(program) => format!("{program}: {}", p.name),
            None => p.name.clone(),
        };
        let mut items = Vec::new();
        for d in &p.deliverables {
            if let Some(due) = &d.due {
                items.push(Row {
                    program: program.clone(),
                    project: p.id.value.clone(),
                    section: section.clone(),
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
                program: program.clone(),
                project: p.id.value.clone(),
                section: section.clone(),
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
        program: programs.id.clone(),
        title: programs.name.clone(),
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
        let programs: Vec<Option<&str>> = self.rows.iter().map(|r| r.program.as_deref()).collect();
        Table {
            columns,
            rows,
            frozen: 3,
        }
        .with_program(&programs)
    }
}
