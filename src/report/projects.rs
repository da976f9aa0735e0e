//! `pm report projects`: one row per project: charter, progress, effort, staffing, findings.

use std::collections::BTreeSet;

use anyhow::Result;
use chrono::NaiveDate;
use serde::Serialize;

use super::{Cell, Column, Table, hours};
use crate::check::{Diagnostic, Severity};
use crate::model::{AssignmentStatus, Project, WorkStatus};
use crate::store::{Loaded, Programs};

#[derive(Debug, Serialize)]
pub struct Projects {
    pub schema_version: u32,
    pub kind: &'static str,
    pub program: String,
    pub today: NaiveDate,
    pub rows: Vec<Row>,
}

#[derive(Debug, Serialize)]
pub struct Row {
    /// In a portfolio: the program of the project.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub program: Option<String>,
    pub id: String,
    pub name: String,
    pub status: &'static str,
    pub manager: Option<String>,
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    pub deliverables: usize,
    /// Work items done, of those not dropped.
    pub work_done: usize,
    pub work_total: usize,
    /// Summed `estimate_hours` of the work not dropped.
    pub estimate_hours: f64,
    pub effort_cap_hours: Option<f64>,
    /// People with a committed assignment covering today.
    pub people_now: usize,
    /// Their allocations summed, in full-time people, to one decimal.
    pub fte_now: f64,
    pub errors: usize,
    pub warnings: usize,
}

pub fn build(loaded: &Loaded, diags: &[Diagnostic], today: NaiveDate) -> Result<Projects> {
    super::program(loaded)?;
    build_for(&Programs::one(loaded), diags, today)
}

/// The projects of the programs shown, by program then id.
pub fn build_for(
    programs: &Programs<'_>,
    diags: &[Diagnostic],
    today: NaiveDate,
) -> Result<Projects> {
    let mut rows: Vec<Row> = programs
        .shown()
        .flat_map(|loaded| {
            loaded
                .projects
                .iter()
                .map(move |p| row_in(Some(loaded), p, diags, today, programs.label(loaded)))
        })
        .collect();
    rows.sort_by(|a, b| (&a.program, &a.id).cmp(&(&b.program, &b.id)));
    Ok(Projects {
        schema_version: 1,
        kind: "projects",
        program: programs.id.clone(),
        today,
        rows,
    })
}

/// The row of `p`, counting the findings that concern it.
pub(super) fn row(p: &Project, diags: &[Diagnostic], today: NaiveDate) -> Row {
    row_in(None, p, diags, today, None)
}

/// The row of `p` of the program `loaded` (in a portfolio, a finding about another program is
/// not about it), labelled with `program`.
fn row_in(
    loaded: Option<&Loaded>,
    p: &Project,
    diags: &[Diagnostic],
    today: NaiveDate,
    program: Option<String>,
) -> Row {
    let live: Vec<_> = p
        .work
        .iter()
        .filter(|w| w.status.value != WorkStatus::Dropped)
        .collect();
    let estimate: f64 = live
        .iter()
        .filter_map(|w| w.estimate_hours.as_ref())
        .map(|h| h.value)
        // From +0.0: an empty f64 sum is -0.0, which would print as "-0".
        .fold(0.0, |a, b| a + b);
    let mut people = BTreeSet::new();
    let mut percent: i64 = 0;
    for a in &p.assignments {
        if a.status != AssignmentStatus::Committed {
            continue;
        }
        if let Some((from, to)) = a.window(&p.charter)
            && from <= today
            && today <= to
        {
            people.insert(a.person.as_str());
            percent = percent.saturating_add(a.allocation.value.max(0));
        }
    }
    let (mut errors, mut warnings) = (0, 0);
    for d in diags {
        let about = match loaded {
            Some(loaded) => super::concerns_in(d, loaded, p),
            None => super::concerns(d, p),
        };
        if about {
            match d.severity {
                Severity::Error => errors += 1,
                Severity::Warning => warnings += 1,
            }
        }
    }
    Row {
        program,
        id: p.id.value.clone(),
        name: p.name.clone(),
        status: p.status.value.as_str(),
        manager: p.manager.as_ref().map(|m| m.value.clone()),
        start: p.charter.start.as_ref().map(|s| s.value),
        end: p.charter.end.as_ref().map(|s| s.value),
        deliverables: p.deliverables.len(),
        work_done: live
            .iter()
            .filter(|w| w.status.value == WorkStatus::Done)
            .count(),
        work_total: live.len(),
        estimate_hours: (estimate * 10.0).round() / 10.0,
        effort_cap_hours: p.charter.effort_hours.as_ref().map(|h| h.value),
        people_now: people.len(),
        // Whole percents, so tenths of an FTE are exact after integer rounding.
        fte_now: ((percent + 5) / 10) as f64 / 10.0,
        errors,
        warnings,
    }
}

impl Projects {
    /// In a portfolio, where rows name their program.
    fn by_program(&self) -> bool {
        self.rows.iter().any(|r| r.program.is_some())
    }

    pub fn table(&self) -> Table {
        let mut columns = vec![
            Column::text("id", "id"),
            Column::prose("name", "name"),
            Column::text("status", "status"),
            Column::text("manager", "manager"),
            Column::text("start", "start"),
            Column::text("end", "end"),
            Column::num("deliverables", "deliverables"),
            Column::num("work_done", "work done"),
            Column::num("work_total", "work"),
            Column::num("estimate_hours", "estimate h").marking("an estimate over the effort cap"),
            Column::num("effort_cap_hours", "cap h"),
            Column::num("people_now", "people now"),
            Column::num("fte_now", "FTE now"),
            Column::num("errors", "errors").marking("a project with errors"),
            Column::num("warnings", "warnings"),
        ];
        let rows = self
            .rows
            .iter()
            .map(|r| {
                let over_cap = r.effort_cap_hours.is_some_and(|cap| r.estimate_hours > cap);
                let mut cells = vec![
                    Cell::new(&r.id),
                    Cell::new(&r.name),
                    Cell::new(r.status),
                    Cell::opt(r.manager.as_deref()),
                    Cell::opt(r.start.map(|d| d.to_string())),
                    Cell::opt(r.end.map(|d| d.to_string())),
                    Cell::new(r.deliverables.to_string()),
                    Cell::new(r.work_done.to_string()),
                    Cell::new(r.work_total.to_string()),
                    Cell::new(hours(r.estimate_hours)).over(over_cap),
                    Cell::opt(r.effort_cap_hours.map(hours)),
                    Cell::new(r.people_now.to_string()),
                    Cell::new(format!("{:.1}", r.fte_now)),
                    Cell::new(r.errors.to_string()).over(r.errors > 0),
                    Cell::new(r.warnings.to_string()),
                ];
                if self.by_program() {
                    cells.insert(0, Cell::opt(r.program.as_deref()));
                }
                cells
            })
            .collect();
        if self.by_program() {
            columns.insert(0, Column::text("program", "program"));
        }
        Table {
            columns,
            rows,
            frozen: 1 + usize::from(self.by_program()),
        }
    }
}
