//! Who could take on load: every person's committed load across all projects, their free
//! capacity over a window, and the people who could fill an open staffing request or relieve an
//! over-allocated colleague. Plain data for `pm balance`, `pm request fill` and PM205; nothing
//! here prints.

pub mod balance;

use std::collections::HashMap;

use chrono::NaiveDate;

use crate::check::sweep::{self, Interval, Segment};
use crate::model::{AssignmentStatus, Person, Project, Request};
use crate::store::Loaded;

/// Someone who could take on load over a window.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Candidate {
    pub person: String,
    /// Capacity minus the highest committed load on any day of the window, in percent: the
    /// lowest spare capacity over the window.
    pub free: u32,
}

/// One committed assignment of a person, as the load sees it.
#[derive(Debug, Clone, Copy)]
pub struct Commitment<'a> {
    pub project: &'a Project,
    /// Index of the assignment in `project.assignments`.
    pub index: usize,
    pub interval: Interval,
}

/// A person's committed assignments across every project (in file order) and their daily load.
#[derive(Debug)]
pub struct PersonLoad<'a> {
    pub person: &'a Person,
    pub capacity: u32,
    pub committed: Vec<Commitment<'a>>,
    /// Time off counts as load 0.
    pub profile: Vec<Segment>,
}

impl PersonLoad<'_> {
    /// The lowest spare capacity over `from..=to`.
    pub fn free(&self, from: NaiveDate, to: NaiveDate) -> u32 {
        self.capacity
            .saturating_sub(sweep::peak_between(&self.profile, from, to))
    }

    /// In the pool for the whole of `from..=to` (their `start` and `end`).
    pub fn available(&self, from: NaiveDate, to: NaiveDate) -> bool {
        self.person.start.as_ref().is_none_or(|s| s.value <= from)
            && self.person.end.as_ref().is_none_or(|e| e.value >= to)
    }

    fn has_skill(&self, skill: &str) -> bool {
        self.person
            .skills
            .iter()
            .any(|k| k.trim().eq_ignore_ascii_case(skill.trim()))
    }

    /// The time off of the person, as the sweep takes it.
    pub fn time_off(&self) -> Vec<(NaiveDate, NaiveDate)> {
        self.person
            .time_off
            .iter()
            .map(|t| (t.from, t.to))
            .collect()
    }

    /// The committed intervals, as the sweep takes them.
    pub fn intervals(&self) -> Vec<Interval> {
        self.committed.iter().map(|c| c.interval).collect()
    }
}

/// A maximal run of days on which a person's committed load exceeds their capacity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Overload {
    pub person: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub peak: u32,
    pub capacity: u32,
    /// Sorted ids of the projects with a committed assignment of the person active in the run.
    pub projects: Vec<String>,
}

/// The load of every person of the program, built once.
#[derive(Debug)]
pub struct Plan<'a> {
    /// In the order of the pool in program.toml.
    people: Vec<PersonLoad<'a>>,
    index: HashMap<&'a str, usize>,
}

impl<'a> Plan<'a> {
    /// Builds every person's committed load. Load counts the way PM201 counts it: every
    /// committed assignment with dates (its own or the charter's), in every project, closed ones
    /// included while their dates run. People with a capacity outside 0–1000 or a duplicate id,
    /// and assignments without dates or with an allocation outside 0–1000, are left out: they
    /// are PM002/PM005 findings, not load.
    pub fn new(loaded: &'a Loaded) -> Plan<'a> {
        let mut people: Vec<PersonLoad<'a>> = Vec::new();
        let mut index = HashMap::new();
        let pool = loaded.program.as_ref().map(|p| p.people.as_slice());
        for person in pool.unwrap_or_default() {
            let Some(capacity) = percent(person.capacity.value) else {
                continue;
            };
            if index.contains_key(person.id.as_str()) {
                continue;
            }
            index.insert(person.id.as_str(), people.len());
            people.push(PersonLoad {
                person,
                capacity,
                committed: Vec::new(),
                profile: Vec::new(),
            });
        }
        for project in &loaded.projects {
            for (i, a) in project.assignments.iter().enumerate() {
                if a.status != AssignmentStatus::Committed {
                    continue;
                }
                let Some(&who) = index.get(a.person.as_str()) else {
                    continue;
                };
                let (Some((from, to)), Some(allocation)) =
                    (a.window(&project.charter), percent(a.allocation.value))
                else {
                    continue;
                };
                people[who].committed.push(Commitment {
                    project,
                    index: i,
                    interval: Interval {
                        from,
                        to,
                        allocation,
                    },
                });
            }
        }
        for load in &mut people {
            load.profile = sweep::load_profile(&load.intervals(), &load.time_off());
        }
        Plan { people, index }
    }

    /// Everyone in the pool whose load could be computed, in pool order.
    pub fn people(&self) -> &[PersonLoad<'a>] {
        &self.people
    }

    pub fn person(&self, id: &str) -> Option<&PersonLoad<'a>> {
        self.index.get(id).and_then(|&i| self.people.get(i))
    }

    /// `person`'s lowest spare capacity over `from..=to`; `None` for someone not in the pool.
    pub fn free(&self, person: &str, from: NaiveDate, to: NaiveDate) -> Option<u32> {
        self.person(person).map(|p| p.free(from, to))
    }

    /// People with every skill the request asks for, in the pool for its whole window and with
    /// free capacity over it, best first. Empty when the request has no valid window.
    pub fn request_candidates(&self, project: &Project, request: &Request) -> Vec<Candidate> {
        let Some((from, to)) = request.window(&project.charter).filter(|(f, t)| f <= t) else {
            return Vec::new();
        };
        self.candidates(from, to, |p| request.skills.iter().all(|s| p.has_skill(s)))
    }

    /// People other than `person` who share at least one skill with them, in the pool for the
    /// whole of `from..=to` and with free capacity over it, best first.
    pub fn overload_candidates(
        &self,
        person: &str,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Vec<Candidate> {
        let Some(over) = self.person(person) else {
            return Vec::new();
        };
        self.candidates(from, to, |p| {
            p.person.id.value != person && over.person.skills.iter().any(|s| p.has_skill(s))
        })
    }

    fn candidates(
        &self,
        from: NaiveDate,
        to: NaiveDate,
        fits: impl Fn(&PersonLoad<'a>) -> bool,
    ) -> Vec<Candidate> {
        let mut out: Vec<Candidate> = self
            .people
            .iter()
            .filter(|p| fits(p) && p.available(from, to))
            .map(|p| Candidate {
                person: p.person.id.value.clone(),
                free: p.free(from, to),
            })
            .filter(|c| c.free > 0)
            .collect();
        out.sort_by(|a, b| b.free.cmp(&a.free).then_with(|| a.person.cmp(&b.person)));
        out
    }

    /// Every committed over-allocation, by person id then date.
    pub fn overloads(&self) -> Vec<Overload> {
        let mut out = Vec::new();
        for load in &self.people {
            let intervals = load.intervals();
            for run in sweep::over_runs(&load.profile, load.capacity) {
                let mut projects: Vec<String> = sweep::active_in(&intervals, run.from, run.to)
                    .into_iter()
                    .filter_map(|i| load.committed.get(i))
                    .filter(|c| c.interval.allocation > 0)
                    .map(|c| c.project.id.value.clone())
                    .collect();
                projects.sort();
                projects.dedup();
                out.push(Overload {
                    person: load.person.id.value.clone(),
                    from: run.from,
                    to: run.to,
                    peak: run.peak,
                    capacity: load.capacity,
                    projects,
                });
            }
        }
        out.sort_by(|a, b| a.person.cmp(&b.person).then(a.from.cmp(&b.from)));
        out
    }
}

/// A percent as the load takes it: 0–1000, else `None`.
fn percent(n: i64) -> Option<u32> {
    u32::try_from(n).ok().filter(|n| *n <= 1000)
}

/// `person`'s lowest spare capacity over `from..=to`, committed load in every project counted
/// and time off honoured; `None` for someone not in the pool.
pub fn free(loaded: &Loaded, person: &str, from: NaiveDate, to: NaiveDate) -> Option<u32> {
    Plan::new(loaded).free(person, from, to)
}

/// See [`Plan::request_candidates`].
pub fn request_candidates(loaded: &Loaded, project: &Project, request: &Request) -> Vec<Candidate> {
    Plan::new(loaded).request_candidates(project, request)
}

/// See [`Plan::overload_candidates`].
pub fn overload_candidates(
    loaded: &Loaded,
    person: &str,
    from: NaiveDate,
    to: NaiveDate,
) -> Vec<Candidate> {
    Plan::new(loaded).overload_candidates(person, from, to)
}

#[cfg(test)]
mod tests;
