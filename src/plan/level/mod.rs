//! `pm level`: the whole plan that removes every committed over-allocation in a window and
//! fills open staffing requests where it can (SPEC §11), as plain data: the moves with their
//! reasons, what stays unresolved, what the plan costs, and the edits that apply it.
//!
//! The problem ([`model`]): in the window, every day on which a person's committed load is
//! above their capacity must come down to it. Allowed moves: lower one of the person's
//! assignments on those days (a cut), hand part of it to a colleague who shares a skill with the
//! person, is in the pool and not off on those days and has free capacity then (a hand-over:
//! the colleague gets a new assignment on the same project), and fill an open request with
//! someone who has all its skills, is in the pool over its whole window and has its allocation
//! free. Nobody ends over capacity; nothing is handed over on a colleague's time off or outside
//! their start–end; nothing goes to someone without the skill. A run accepted by a decision
//! (`allow = ["over-allocation"]` on the assignment PM201 points at) is left alone.
//!
//! The objective, in order: (1) the priority-weighted load cut without a taker (percent × days
//! × the project's priority), (2) the priority-weighted need of the requests left open, (3) the
//! number of assignments edited or added, then the least load handed over.
//!
//! How it is solved: the problem falls apart into independent components (runs and requests
//! that share no assignment and no colleague who could take load at the same time); each is laid
//! out over segments of constant load and solved exactly as a mixed-integer program ([`solve`],
//! which states the model) when it is small enough; a larger one falls back ([`greedy`]) to the
//! same program over each part with only the few colleagues with the most room as takers, or,
//! still too large, to a greedy pass, and fills its requests after. The cost says whether every
//! part was solved to proven optimality. Same program, same plan: every list is built in an order
//! of ids and dates, never of files, and the solver is deterministic.

mod greedy;
mod model;
mod plan;
mod solution;
mod solve;

use chrono::NaiveDate;
use serde::Serialize;

use crate::load::{Loads, Options};
use crate::store::Programs;

/// How hard to try.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Strategy {
    /// Exact where a component is small enough, the fallback elsewhere.
    #[default]
    Auto,
    /// Exact everywhere, however long it takes.
    Exact,
    /// The fallback everywhere (to compare with the exact plan).
    Fast,
}

/// What one move does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
pub enum Action {
    /// Part of a person's load goes to a colleague.
    #[serde(rename = "hand-over")]
    HandOver,
    /// Part of a person's load is dropped: nobody can take it.
    #[serde(rename = "cut")]
    Cut,
    /// An open request gets a person.
    #[serde(rename = "fill")]
    Fill,
}

/// One move of the plan, with why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Move {
    pub action: Action,
    /// Whose load is handed over or cut; for a fill, who fills the request.
    pub person: String,
    /// Who takes the load (hand-over).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to_person: Option<String>,
    /// In a portfolio: the program of the project.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub program: Option<String>,
    pub project: String,
    /// The request filled (fill).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request: Option<String>,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// Percent handed over, cut, or given to the request.
    pub allocation: u32,
    pub reason: String,
    /// The allocation of the assignment lowered, before and after the plan (when one number
    /// holds over the move's days).
    #[serde(skip)]
    pub was: u32,
    #[serde(skip)]
    pub now: Option<u32>,
    #[serde(skip)]
    pub priority: u32,
}

/// What the plan leaves as it is, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Unresolved {
    /// PM205 for a request, PM201 for an over-allocation accepted by a decision or (levelling
    /// one program of a portfolio) made by other programs' load.
    pub code: &'static str,
    /// In a portfolio: the program of the project.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub program: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub project: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub request: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub person: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from: Option<NaiveDate>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub to: Option<NaiveDate>,
    pub why: String,
}

/// The plan's objective, in its order, and whether it is proven the least possible.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Cost {
    /// Percent × days × priority of the load cut without a taker.
    pub cut_weighted: u64,
    /// Percent × days × priority of the requests left open.
    pub unfilled_weighted: u64,
    /// Assignments edited or added.
    pub changes: u64,
    /// Every part was solved exactly to proven optimality.
    pub optimal: bool,
}

/// An assignment the plan lowers, as the files have it, and each stretch of days with the
/// amount it loses there (consecutive stretches differ in amount).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lowering {
    /// The program whose files it edits, as [`crate::store::Loaded::name`] names it.
    pub program: String,
    pub project: String,
    pub person: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub allocation: u32,
    pub by: Vec<(NaiveDate, NaiveDate, u32)>,
}

/// A new committed assignment.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Addition {
    /// The program whose files it edits, as [`crate::store::Loaded::name`] names it.
    pub program: String,
    pub project: String,
    pub person: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub allocation: u32,
}

/// A request filled by a person.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Filling {
    /// The program whose files it edits, as [`crate::store::Loaded::name`] names it.
    pub program: String,
    pub project: String,
    pub request: String,
    pub person: String,
}

/// The whole plan.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Plan {
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// By first day, person, project.
    pub moves: Vec<Move>,
    pub unresolved: Vec<Unresolved>,
    pub cost: Cost,
    /// What applying it edits, by project.
    pub lowerings: Vec<Lowering>,
    pub additions: Vec<Addition>,
    pub fillings: Vec<Filling>,
}

/// Components with at most this many unknowns are solved exactly.
const EXACT_SIZE: usize = 600;
/// Components are laid out for the exact solver only below this estimate of its unknowns
/// before colleagues who add nothing are left out (the layout itself costs time).
const LAYOUT_SIZE: usize = 50_000;
/// Branch-and-bound nodes per solve, so no plan waits on a hard component (deterministic,
/// unlike a time limit). A solve that reaches it keeps its best plan, not proven optimal.
const NODE_LIMIT: u64 = 2000;
/// How many colleagues (most room first) a run may hand load to in the fallback.
const FALLBACK_TAKERS: usize = 4;
/// In the fallback, parts up to this size get a short branch-and-bound from the greedy plan.
const FALLBACK_SIZE: usize = 200;
const FALLBACK_NODES: u64 = 200;

/// The plan for the window `from..=to`. The load is counted in every program of `programs`;
/// only the program `programs.only` names (all of them when it names none) is edited: another
/// program's assignments stay as they are, and what they alone put over capacity is left
/// unresolved. In a portfolio each move names its program.
pub fn level(programs: &Programs<'_>, from: NaiveDate, to: NaiveDate, strategy: Strategy) -> Plan {
    let loads = Loads::of(&programs.all, Options::default());
    let problem = model::Problem::new(programs, &loads, from, to);
    let all_runs: Vec<usize> = (0..problem.runs.len()).collect();
    let all_needs: Vec<usize> = (0..problem.needs.len()).collect();
    let every = |r: usize| problem.runs[r].takers.clone();
    let few = |r: usize| {
        let t = &problem.runs[r].takers;
        t[..t.len().min(FALLBACK_TAKERS)].to_vec()
    };
    let allocation = |q: usize| problem.needs[q].allocation;
    let weight = |q: usize| problem.needs[q].weight;
    let limit = match strategy {
        Strategy::Exact => None,
        _ => Some(NODE_LIMIT),
    };

    let mut parts: Vec<(model::Model, solution::Solution)> = Vec::new();
    let mut later: Vec<usize> = Vec::new();
    for (runs, needs) in problem.components(&all_runs, &all_needs, &every) {
        if strategy != Strategy::Fast {
            let estimate: usize = runs
                .iter()
                .map(|&r| problem.runs[r].givers.len() * (1 + problem.runs[r].takers.len()))
                .sum::<usize>()
                + needs
                    .iter()
                    .map(|&q| problem.needs[q].candidates.len())
                    .sum::<usize>();
            if strategy == Strategy::Exact || estimate <= LAYOUT_SIZE {
                let m = model::layout(&problem, &runs, &needs, &every);
                if strategy == Strategy::Exact || m.size() <= EXACT_SIZE {
                    let local_allocation = |k: usize| allocation(m.needs[k]);
                    let local_weight = |k: usize| weight(m.needs[k]);
                    let needs = solve::Needs {
                        allocation: &local_allocation,
                        weight: &local_weight,
                    };
                    let start = greedy::greedy(&m);
                    if let Some(sol) = solve::solve(&m, &needs, &start, limit)
                        && sol.valid(&m, &local_allocation)
                    {
                        parts.push((m, sol));
                        continue;
                    }
                }
            }
        }
        // The fallback: takers limited to the few with the most room, requests afterwards.
        for (sub, _) in problem.components(&runs, &[], &few) {
            let m = model::layout(&problem, &sub, &[], &few);
            let start = greedy::greedy(&m);
            let needs = solve::Needs {
                allocation: &allocation,
                weight: &weight,
            };
            let exact = (m.size() <= FALLBACK_SIZE)
                .then(|| solve::solve(&m, &needs, &start, Some(FALLBACK_NODES)))
                .flatten()
                .filter(|s| s.valid(&m, &allocation));
            let mut sol = exact.unwrap_or(start);
            sol.optimal = false;
            parts.push((m, sol));
        }
        later.extend(needs);
    }
    plan::build(&problem, &parts, &later, from, to)
}
