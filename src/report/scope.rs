//! `pm report scope`: per project, what is in scope, what is excluded, how much work traces to
//! each, and which work `pm check` finds outside the charter (PM101/PM102).

use anyhow::Result;
use chrono::NaiveDate;
use serde::Serialize;

use super::{Cell, Column, Table, diagnostic_project};
use crate::check::{Diagnostic, Rule, Severity};
use crate::model::{Project, WorkStatus};
use crate::store::{Loaded, Programs};

#[derive(Debug, Serialize)]
pub struct Scope {
    pub schema_version: u32,
    pub kind: &'static str,
    pub program: String,
    pub rows: Vec<Row>,
}

#[derive(Debug, Serialize)]
pub struct Row {
    /// In a portfolio: the program of the project.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub program: Option<String>,
    pub project: String,
    pub name: String,
    pub deliverables: Vec<Item>,
    pub exclusions: Vec<Item>,
    pub out_of_charter: Vec<OutOfCharter>,
}

#[derive(Debug, Serialize)]
pub struct Item {
    pub id: String,
    pub title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub due: Option<NaiveDate>,
    /// Work items (not dropped) whose `deliverable` names this item.
    pub work: usize,
}

#[derive(Debug, Serialize)]
pub struct OutOfCharter {
    pub work: String,
    pub title: String,
    pub deliverable: Option<String>,
    pub findings: Vec<Finding>,
}

#[derive(Debug, Serialize)]
pub struct Finding {
    pub code: &'static str,
    pub rule: &'static str,
    pub severity: Severity,
    pub message: String,
}

/// The rules whose findings put a work item outside its project's charter.
const OUT_OF_CHARTER: [Rule; 2] = [Rule::UntracedWork, Rule::ExcludedWork];

pub fn build(loaded: &Loaded, diags: &[Diagnostic]) -> Result<Scope> {
    super::program(loaded)?;
    build_for(&Programs::one(loaded), diags)
}

/// The scope of each project of the programs shown, by program then project.
pub fn build_for(programs: &Programs<'_>, diags: &[Diagnostic]) -> Result<Scope> {
    let mut rows: Vec<Row> = programs
        .shown()
        .flat_map(|loaded| {
            loaded.projects.iter().map(move |p| Row {
                program: programs.label(loaded),
                ..row(loaded, p, diags)
            })
        })
        .collect();
    rows.sort_by(|a, b| (&a.program, &a.project).cmp(&(&b.program, &b.project)));
    Ok(Scope {
        schema_version: 1,
        kind: "scope",
        program: programs.id.clone(),
        rows,
    })
}

pub(super) fn row(loaded: &Loaded, p: &Project, diags: &[Diagnostic]) -> Row {
    let tracing = |id: &str| {
        p.work
            .iter()
            .filter(|w| w.status.value != WorkStatus::Dropped)
            .filter(|w| w.deliverable.as_ref().is_some_and(|d| d.value == id))
            .count()
    };
    let mut out_of_charter: Vec<OutOfCharter> = Vec::new();
    for d in diags.iter().filter(|d| OUT_OF_CHARTER.contains(&d.rule)) {
        if !diagnostic_project(loaded, d).is_some_and(|dp| std::ptr::eq(dp, p)) {
            continue;
        }
        // The finding names its work item; failing that, it points into the item's lines,
        // which start at the last item header before it.
        let work = match &d.facts.work {
            Some(id) => p.work.iter().find(|w| w.id.value == *id),
            None => p
                .work
                .iter()
                .filter(|w| w.span.start <= d.loc.span.start)
                .max_by_key(|w| w.span.start),
        };
        let Some(work) = work else {
            continue;
        };
        let finding = Finding {
            code: d.rule.code(),
            rule: d.rule.name(),
            severity: d.severity,
            message: d.message.clone(),
        };
        match out_of_charter.iter_mut().find(|o| o.work == work.id.value) {
            Some(o) => o.findings.push(finding),
            None => out_of_charter.push(OutOfCharter {
                work: work.id.value.clone(),
                title: work.title.value.clone(),
                deliverable: work.deliverable.as_ref().map(|d| d.value.clone()),
                findings: vec![finding],
            }),
        }
    }
    // In the order the items stand in the file, as the deliverables are.
    out_of_charter.sort_by_key(|o| {
        p.work
            .iter()
            .position(|w| w.id.value == o.work)
            .unwrap_or(usize::MAX)
    });
    Row {
        program: None,
        project: p.id.value.clone(),
        name: p.name.clone(),
        deliverables: p
            .deliverables
            .iter()
            .map(|d| Item {
                id: d.id.value.clone(),
                title: d.title.clone(),
                due: d.due.as_ref().map(|s| s.value),
                work: tracing(&d.id.value),
            })
            .collect(),
        exclusions: p
            .exclusions
            .iter()
            .map(|x| Item {
                id: x.id.value.clone(),
                title: x.title.clone(),
                due: None,
                work: tracing(&x.id.value),
            })
            .collect(),
        out_of_charter,
    }
}

impl Scope {
    pub fn table(&self) -> Table {
        let columns = vec![
            Column::text("project", "project"),
            Column::text("scope", "scope"),
            Column::text("id", "id"),
            Column::prose("title", "title"),
            Column::text("due", "due"),
            Column::num("work", "work"),
            Column::prose("findings", "findings"),
        ];
        let mut rows = Vec::new();
        let mut programs: Vec<Option<&str>> = Vec::new();
        for r in &self.rows {
            let before = rows.len();
            let item = |scope: &str, i: &Item| {
                vec![
                    Cell::new(&r.project),
                    Cell::new(scope),
                    Cell::new(&i.id),
                    Cell::opt(i.title.as_deref()),
                    Cell::opt(i.due.map(|d| d.to_string())),
                    Cell::new(i.work.to_string()),
                    Cell::default(),
                ]
            };
            rows.extend(r.deliverables.iter().map(|i| item("deliverable", i)));
            rows.extend(r.exclusions.iter().map(|i| item("exclusion", i)));
            rows.extend(r.out_of_charter.iter().map(|o| {
                // Each finding says its own severity: one mark for the cell would land on
                // whichever finding came last.
                let codes: Vec<String> = o
                    .findings
                    .iter()
                    .map(|f| format!("{} {} ({})", f.code, f.rule, f.severity.as_str()))
                    .collect();
                vec![
                    Cell::new(&r.project),
                    Cell::new("out of charter"),
                    Cell::new(&o.work),
                    Cell::new(&o.title),
                    Cell::default(),
                    Cell::default(),
                    Cell::new(codes.join(", ")),
                ]
            }));
            programs.resize(rows.len().max(before), r.program.as_deref());
        }
        Table {
            columns,
            rows,
            frozen: 3,
        }
        .with_program(&programs)
    }
}
