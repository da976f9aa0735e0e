//! `pm report dependencies`: what each project waits for from another, when it is due, when it
//! is needed, and whether it comes in time — the judgement of PM109 and PM110.

use anyhow::Result;
use chrono::NaiveDate;
use serde::Serialize;

use super::{Cell, Column, Table};
use crate::check::dependency::{Projects, Verdict, in_circles};
use crate::model::{Project, ProjectStatus};
use crate::store::{Loaded, Programs};

#[derive(Debug, Serialize)]
pub struct Dependencies {
    pub schema_version: u32,
    pub kind: &'static str,
    pub program: String,
    /// The projects that wait or are waited on, sorted by id: the nodes of the flowchart.
    pub projects: Vec<Node>,
    pub rows: Vec<Row>,
}

#[derive(Debug, Serialize)]
pub struct Node {
    /// In a portfolio: the program of the project.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub program: Option<String>,
    pub id: String,
    /// `None` for a project that `on` names but the program does not have.
    pub name: Option<String>,
    pub status: Option<&'static str>,
}

#[derive(Debug, Serialize)]
pub struct Row {
    /// In a portfolio: the program of both projects (a dependency is inside one program).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub program: Option<String>,
    /// The project that waits.
    pub project: String,
    pub id: String,
    /// What it waits on, as PROJECT/DELIVERABLE.
    pub on: String,
    pub on_project: String,
    pub deliverable: String,
    /// Whether the project and the deliverable `on` names exist.
    pub found: bool,
    /// The deliverable's title, when it has one.
    pub title: Option<String>,
    pub due: Option<NaiveDate>,
    pub needed_by: NaiveDate,
    /// Days from the due date to the day it is needed: negative when it comes too late.
    pub slack_days: Option<i64>,
    /// `on-time`, `delivered` (its project is done) or `at-risk`.
    pub status: &'static str,
    /// Why it is at risk, in a few words.
    pub risk: Option<String>,
    /// An at-risk dependency that carries `allow = ["dependency-at-risk"]`: a decision.
    pub accepted: bool,
    /// Part of a circle of projects waiting on each other (PM110).
    pub circle: bool,
    /// The work items that wait for it.
    pub work: Vec<String>,
    pub reason: Option<String>,
}

/// Every dependency of a project that is not done or cancelled (those wait for nothing any
/// more), by project and id.
pub fn build(loaded: &Loaded) -> Result<Dependencies> {
    super::program(loaded)?;
    Ok(build_for(&Programs::one(loaded)))
}

/// The dependencies of the programs shown, by program, project and id.
pub fn build_for(programs: &Programs<'_>) -> Dependencies {
    let mut rows = Vec::new();
    let mut nodes = Vec::new();
    for loaded in programs.shown() {
        let label = programs.label(loaded);
        let (mut these, ids) = rows_of(loaded, label.as_deref());
        rows.append(&mut these);
        nodes.extend(ids.into_iter().map(|id| {
            let p: Option<&Project> = loaded.project(&id);
            Node {
                program: label.clone(),
                name: p.map(|p| p.name.clone()),
                status: p.map(|p| p.status.value.as_str()),
                id,
            }
        }));
    }
    rows.sort_by(|a, b| (&a.program, &a.project, &a.id).cmp(&(&b.program, &b.project, &b.id)));
    nodes.sort_by(|a, b| (&a.program, &a.id).cmp(&(&b.program, &b.id)));
    Dependencies {
        schema_version: 1,
        kind: "dependencies",
        program: programs.id.clone(),
        projects: nodes,
        rows,
    }
}

/// The rows of one program, and the ids of the projects they involve (sorted).
fn rows_of(loaded: &Loaded, program: Option<&str>) -> (Vec<Row>, Vec<String>) {
    let projects = Projects::new(loaded);
    let circles = in_circles(&projects);
    let mut rows = Vec::new();
    for p in &loaded.projects {
        if p.status.value.is_closed() {
            continue;
        }
        for dep in &p.dependencies {
            let verdict = projects.verdict(p, dep);
            let found = verdict.found();
            let due = found.and_then(|f| f.deliverable.due.as_ref().map(|d| d.value));
            let circle = circles.contains(&(p.id.value.clone(), dep.id.value.clone()));
            let mut risk = verdict.why();
            if circle {
                let why = "in a circle of projects waiting on each other".to_owned();
                risk = Some(match risk {
                    Some(r) => format!("{r}; {why}"),
                    None => why,
                });
            }
            let status = match (&verdict, &risk) {
                (_, Some(_)) => "at-risk",
                (Verdict::Delivered(_), None) => "delivered",
                _ => "on-time",
            };
            rows.push(Row {
                program: program.map(str::to_owned),
                project: p.id.value.clone(),
                id: dep.id.value.clone(),
                on: dep.on.value.to_string(),
                on_project: dep.on.value.project.clone(),
                deliverable: dep.on.value.deliverable.clone(),
                found: found.is_some(),
                title: found.and_then(|f| f.deliverable.title.clone()),
                due,
                needed_by: dep.needed_by.value,
                slack_days: due.map(|d| (dep.needed_by.value - d).num_days()),
                status,
                accepted: risk.is_some()
                    && dep.allow.allows(crate::diagnostic::Rule::DependencyAtRisk),
                risk,
                circle,
                work: dep.work.iter().map(|w| w.value.clone()).collect(),
                reason: dep.reason.clone(),
            });
        }
    }
    let mut ids: Vec<String> = rows
        .iter()
        .flat_map(|r| [r.project.clone(), r.on_project.clone()])
        .collect();
    ids.sort_unstable();
    ids.dedup();
    (rows, ids)
}

/// What a marked status means, for the legend under the table.
pub const AT_RISK: &str = "a deliverable that will not be there when it is needed";

impl Dependencies {
    pub fn table(&self) -> Table {
        let columns = vec![
            Column::text("project", "project"),
            Column::text("id", "id"),
            Column::text("on", "waits on"),
            Column::prose("title", "deliverable"),
            Column::text("due", "due"),
            Column::text("needed_by", "needed by"),
            Column::num("slack_days", "slack (days)"),
            Column::text("status", "status").marking(AT_RISK),
            Column::prose("risk", "why"),
            Column::prose("work", "for"),
            Column::prose("reason", "reason"),
        ];
        let rows = self
            .rows
            .iter()
            .map(|r| {
                let status = match (r.status, r.accepted) {
                    ("at-risk", true) => "at risk (accepted)",
                    ("at-risk", false) => "at risk",
                    ("delivered", _) => "delivered",
                    _ => "on time",
                };
                vec![
                    Cell::new(&r.project),
                    Cell::new(&r.id),
                    Cell::new(&r.on),
                    Cell::opt(r.title.as_deref()),
                    Cell::opt(r.due.map(|d| d.to_string())),
                    Cell::new(r.needed_by.to_string()),
                    Cell::opt(r.slack_days.map(|d| d.to_string())),
                    Cell::new(status).over(r.status == "at-risk" && !r.accepted),
                    Cell::opt(r.risk.as_deref()),
                    Cell::new(r.work.join(", ")),
                    Cell::opt(r.reason.as_deref()),
                ]
            })
            .collect();
        let programs: Vec<Option<&str>> = self.rows.iter().map(|r| r.program.as_deref()).collect();
        Table {
            columns,
            rows,
            frozen: 2,
        }
        .with_program(&programs)
    }
}

/// Whether a project's status means it delivers nothing more.
pub fn stopped(status: Option<&str>) -> bool {
    matches!(
        status,
        Some(s) if s == ProjectStatus::OnHold.as_str() || s == ProjectStatus::Cancelled.as_str()
    )
}
