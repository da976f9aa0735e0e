//! `pm balance` as plain data: for every open staffing request and every committed
//! over-allocation, who could take the load and the exact command that would apply it.
//!
//! - A request: each candidate with enough free capacity gets `pm request fill`; one with less
//!   gets `pm assign` for what they have free, which covers part of the need and leaves the
//!   request open for the rest.
//! - An over-allocation of person O from F to T, `excess` = peak − capacity: the load is handed
//!   over on one of O's committed assignments active in the run — the one covering the most
//!   days of the run; among equals the one that starts last (the latest commitment is the one
//!   that tipped the balance), then by project id. Each candidate takes
//!   `min(excess, their free, that assignment's allocation)` over the days the assignment and
//!   the run share, with `pm assign C PROJECT --allocation N --from F --to T --instead-of O`,
//!   which adds C's assignment and lowers O's by the same amount over the same days.

use chrono::NaiveDate;
use serde::Serialize;

use crate::load::{Candidate, Loads, Options, Overload};
use crate::model::RequestStatus;
use crate::store::{Loaded, Programs};

/// One candidate of a proposal and what they would take on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Offer {
    pub person: String,
    /// Lowest spare capacity over the whole window, in percent.
    pub free: u32,
    /// The allocation the command gives them.
    pub allocation: u32,
    /// Whether applying the command alone settles the proposal (fills the request, ends the
    /// over-allocation).
    pub resolves: bool,
    pub command: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "for")]
pub enum Proposal {
    #[serde(rename = "request")]
    Request {
        /// In a portfolio: the program of the project.
        #[serde(skip_serializing_if = "Option::is_none")]
        program: Option<String>,
        project: String,
        request: String,
        skills: Vec<String>,
        /// `None` when the request does not say how much it needs.
        allocation: Option<u32>,
        from: NaiveDate,
        to: NaiveDate,
        candidates: Vec<Offer>,
    },
    #[serde(rename = "over-allocation")]
    OverAllocation {
        person: String,
        from: NaiveDate,
        to: NaiveDate,
        peak: u32,
        capacity: u32,
        projects: Vec<String>,
        /// In a portfolio: the programs whose assignments make the load.
        #[serde(skip_serializing_if = "Option::is_none")]
        programs: Option<Vec<String>>,
        candidates: Vec<Offer>,
    },
}

/// Every proposal: open requests by project and request id, then over-allocations by person
/// and date.
pub fn proposals(loaded: &Loaded) -> Vec<Proposal> {
    proposals_for(&Programs::one(loaded))
}

/// The proposals of the programs shown, the load counted in every program. In a portfolio a
/// candidate is someone the program concerned can assign (its people and the shared pool),
/// and each command names the program it is run for (`pm --only artemis …`).
pub fn proposals_for(programs: &Programs<'_>) -> Vec<Proposal> {
    let loads = Loads::of(&programs.all, Options::default());
    let mut requests = Vec::new();
    for loaded in programs.shown() {
        let eligible = people_of(loaded);
        let pm = command_for(programs, loaded.name());
        for project in &loaded.projects {
            // A done or cancelled project needs nobody any more.
            if project.status.value.is_closed() {
                continue;
            }
            let pid = project.id.as_str();
            for r in &project.requests {
                if r.status != RequestStatus::Open {
                    continue;
                }
                let Some((from, to)) = r.window(&project.charter).filter(|(f, t)| f <= t) else {
                    continue;
                };
                let wanted = r
                    .allocation
                    .as_ref()
                    .and_then(|a| u32::try_from(a.value).ok());
                let rid = r.id.as_str();
                let candidates = loads
                    .request_candidates(project, r)
                    .into_iter()
                    .filter(|c| eligible.contains(c.person.as_str()))
                    .map(|c| with_program(&pm, request_offer(pid, rid, wanted, from, to, c)))
                    .collect();
                requests.push(Proposal::Request {
                    program: programs.label(loaded),
                    project: pid.to_owned(),
                    request: rid.to_owned(),
                    skills: r.skills.clone(),
                    allocation: wanted,
                    from,
                    to,
                    candidates,
                });
            }
        }
    }
    requests.sort_by(|a, b| key(a).cmp(&key(b)));

    let shown = |o: &Overload| {
        programs
            .only
            .as_deref()
            .is_none_or(|only| o.programs.iter().any(|(p, _)| p == only))
    };
    let overloads = loads.overloads().into_iter().filter(shown).map(|o| {
        let candidates = match handover(&loads, &o, programs.only.as_deref()) {
            Some(h) => {
                let eligible = programs
                    .all
                    .iter()
                    .find(|l| l.name() == h.program)
                    .map(|l| people_of(l))
                    .unwrap_or_default();
                let pm = command_for(programs, &h.program);
                loads
                    .overload_candidates(&o.person, o.from, o.to)
                    .into_iter()
                    .filter(|c| eligible.contains(c.person.as_str()))
                    .map(|c| with_program(&pm, overload_offer(&o, &h, c)))
                    .collect()
            }
            None => Vec::new(),
        };
        Proposal::OverAllocation {
            person: o.person,
            from: o.from,
            to: o.to,
            peak: o.peak,
            capacity: o.capacity,
            projects: o.projects,
            // Named wherever other programs' load counts (a program of a portfolio too).
            programs: (programs.portfolio || programs.all.len() > 1)
                .then(|| o.programs.into_iter().map(|(p, _)| p).collect()),
            candidates,
        }
    });
    requests.into_iter().chain(overloads).collect()
}

/// The people a program may assign: its own and, in a portfolio, the shared pool.
fn people_of(loaded: &Loaded) -> std::collections::HashSet<&str> {
    loaded
        .program
        .iter()
        .flat_map(|p| p.people.iter().map(|person| person.id.as_str()))
        .collect()
}

/// `pm` for a command of one program: in a portfolio, `pm --only PROGRAM`.
fn command_for(programs: &Programs<'_>, program: &str) -> String {
    if programs.portfolio {
        format!("pm --only {program}")
    } else {
        "pm".to_owned()
    }
}

fn with_program(pm: &str, mut offer: Offer) -> Offer {
    if let Some(rest) = offer.command.strip_prefix("pm ")
        && pm != "pm"
    {
        offer.command = format!("{pm} {rest}");
    }
    offer
}

fn key(p: &Proposal) -> (Option<&str>, &str, &str) {
    match p {
        Proposal::Request {
            program,
            project,
            request,
            ..
        } => (program.as_deref(), project, request),
        Proposal::OverAllocation { person, .. } => (None, person, ""),
    }
}

/// What a request candidate would take on, and the command that applies it.
pub fn request_offer(
    pid: &str,
    rid: &str,
    wanted: Option<u32>,
    from: NaiveDate,
    to: NaiveDate,
    c: Candidate,
) -> Offer {
    match wanted {
        Some(w) if c.free >= w => Offer {
            command: format!("pm request fill {pid}/{rid} --person {}", c.person),
            person: c.person,
            free: c.free,
            allocation: w,
            resolves: true,
        },
        _ => Offer {
            command: format!(
                "pm assign {} {pid} --allocation {} --from {from} --to {to}",
                c.person, c.free
            ),
            person: c.person,
            free: c.free,
            allocation: c.free,
            resolves: false,
        },
    }
}

/// The assignment an over-allocation is handed over on, and the days it shares with the run.
struct Handover {
    program: String,
    project: String,
    allocation: u32,
    from: NaiveDate,
    to: NaiveDate,
}

/// With `only`, the assignment is one of that program's: the program shown proposes only what
/// it can run.
fn handover(loads: &Loads<'_>, o: &Overload, only: Option<&str>) -> Option<Handover> {
    let load = loads.person(&o.person)?;
    load.committed
        .iter()
        .filter(|c| c.interval.allocation > 0 && c.interval.from <= o.to && c.interval.to >= o.from)
        .filter(|c| only.is_none_or(|only| c.program == only))
        .map(|c| {
            let from = c.interval.from.max(o.from);
            let to = c.interval.to.min(o.to);
            (c, from, to, (to - from).num_days())
        })
        .max_by(|a, b| {
            a.3.cmp(&b.3)
                .then(a.0.interval.from.cmp(&b.0.interval.from))
                // max_by keeps the last of equals: reverse so the smallest project id wins.
                .then(b.0.project.id.value.cmp(&a.0.project.id.value))
        })
        .map(|(c, from, to, _)| Handover {
            program: c.program.to_owned(),
            project: c.project.id.value.clone(),
            allocation: c.interval.allocation,
            from,
            to,
        })
}

fn overload_offer(o: &Overload, h: &Handover, c: Candidate) -> Offer {
    let excess = o.peak.saturating_sub(o.capacity);
    let allocation = excess.min(c.free).min(h.allocation);
    Offer {
        command: format!(
            "pm assign {} {} --allocation {allocation} --from {} --to {} --instead-of {}",
            c.person, h.project, h.from, h.to, o.person
        ),
        resolves: allocation >= excess && h.from == o.from && h.to == o.to,
        person: c.person,
        free: c.free,
        allocation,
    }
}
