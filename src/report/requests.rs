//! `pm report requests`: the open staffing requests with their best candidates — the same
//! candidates and commands `pm balance` proposes.

use anyhow::Result;
use chrono::NaiveDate;
use serde::Serialize;

use super::{Cell, Column, Table};
use crate::plan::balance::{self, Offer, Proposal};
use crate::store::{Loaded, Programs};

/// How many candidates each row names.
const BEST: usize = 3;

/// The candidates cell of a request nobody in the pool can take.
const NOBODY: &str = "none: nobody free with these skills";

#[derive(Debug, Serialize)]
pub struct Requests {
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
    pub request: String,
    pub skills: Vec<String>,
    pub allocation: Option<u32>,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub reason: Option<String>,
    /// Best first, at most three.
    pub candidates: Vec<Offer>,
}

pub fn build(loaded: &Loaded) -> Result<Requests> {
    super::program(loaded)?;
    build_for(&Programs::one(loaded))
}

/// The open requests of the programs shown, candidates measured by the load in every program.
pub fn build_for(programs: &Programs<'_>) -> Result<Requests> {
    let rows = balance::proposals_for(programs)
        .into_iter()
        .filter_map(|p| match p {
            Proposal::Request {
                program,
                project,
                request,
                skills,
                allocation,
                from,
                to,
                mut candidates,
            } => {
                candidates.truncate(BEST);
                let loaded = programs
                    .all
                    .iter()
                    .find(|l| program.as_deref().is_none_or(|p| l.name() == p))?;
                let reason = loaded
                    .project(&project)
                    .and_then(|p| p.requests.iter().find(|r| r.id.value == request))
                    .and_then(|r| r.reason.clone());
                Some(Row {
                    program,
                    project,
                    request,
                    skills,
                    allocation,
                    from,
                    to,
                    reason,
                    candidates,
                })
            }
            Proposal::OverAllocation { .. } => None,
        })
        .collect();
    Ok(Requests {
        schema_version: 1,
        kind: "requests",
        program: programs.id.clone(),
        rows,
    })
}

impl Requests {
    pub fn table(&self) -> Table {
        let columns = vec![
            Column::text("project", "project"),
            Column::text("request", "request"),
            Column::prose("skills", "skills"),
            Column::num("allocation", "allocation"),
            Column::text("from", "from"),
            Column::text("to", "to"),
            Column::prose("candidates", "best candidates (free)"),
            Column::prose("command", "command for the best"),
            Column::prose("reason", "reason"),
        ];
        let rows = self
            .rows
            .iter()
            .map(|r| {
                let names: Vec<String> = r
                    .candidates
                    .iter()
                    .map(|c| format!("{} ({}%)", c.person, c.free))
                    .collect();
                vec![
                    Cell::new(&r.project),
                    Cell::new(&r.request),
                    Cell::new(r.skills.join(", ")),
                    Cell::opt(r.allocation.map(|a| a.to_string())),
                    Cell::new(r.from.to_string()),
                    Cell::new(r.to.to_string()),
                    // Nobody free is the finding of this report: said in words, not a mark.
                    Cell::new(if names.is_empty() {
                        NOBODY.to_owned()
                    } else {
                        names.join(", ")
                    }),
                    Cell::opt(r.candidates.first().map(|c| c.command.clone())),
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
