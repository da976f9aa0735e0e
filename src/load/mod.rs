//! Each person's load over time: the one place where assignments become per-person load.
//!
//! [`Loads::new`] turns the assignments of every project into each pool member's load intervals
//! and their daily load profile (a sweep over interval end points, [`sweep`]); the methods answer
//! what the rules, the plans and the reports ask of it: the load on some days, the free capacity
//! over a window, the runs of over-allocated days and who is active in them, and who could take
//! on more. Nothing here decides what a finding says or how a report looks.
//!
//! What counts as load is the same for every caller (PM201's definition): every assignment with
//! dates (its own, else the charter's) and an allocation in 0–1000, in every project, closed ones
//! included while their dates run; time off counts as load 0. What differs between callers is a
//! parameter, never a copy:
//! - [`Options::proposed`]: whether proposed assignments are loaded too (a second profile, for
//!   PM202 and the allocation report's `--proposed`);
//! - a capacity outside 0–1000 (a PM005 finding): the load is still computed and
//!   [`PersonLoad::capacity`] keeps what is written; [`PersonLoad::valid_capacity`] is what the
//!   plans use (they skip such people), the rules and reports decide for themselves.

pub mod compare;
pub mod sweep;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::NaiveDate;

pub use crate::diagnostic::Candidate;
use crate::model::{Assignment, AssignmentStatus, IdHash, Person, Project, Request};
use crate::store::Loaded;
pub use sweep::{Interval, Run, Segment};

/// What to load besides committed assignments.
#[derive(Debug, Clone, Copy, Default)]
pub struct Options {
    /// Load proposed assignments too, into a second profile ([`PersonLoad::total_profile`]).
    pub proposed: bool,
}

/// One assignment of a person, as load.
#[derive(Debug, Clone, Copy)]
pub struct Contribution<'a> {
    /// The id of the program the project is in (empty when program.toml gives none).
    pub program: &'a str,
    pub project: &'a Project,
    /// Index of the assignment in `project.assignments`.
    pub index: usize,
    pub assignment: &'a Assignment,
    pub interval: Interval,
}

impl Contribution<'_> {
    pub fn is_proposed(&self) -> bool {
        self.assignment.status == AssignmentStatus::Proposed
    }
}

/// A person's assignments across every project (in file order) and their daily load.
#[derive(Debug)]
pub struct PersonLoad<'a> {
    pub person: &'a Person,
    /// As written; outside 0–1000 it is a PM005 finding, see [`PersonLoad::valid_capacity`].
    pub capacity: i64,
    /// Committed assignments, in file order.
    pub committed: Vec<Contribution<'a>>,
    /// Committed and proposed, in file order; empty unless [`Options::proposed`].
    pub all: Vec<Contribution<'a>>,
    committed_profile: Vec<Segment>,
    total_profile: Vec<Segment>,
}

impl<'a> PersonLoad<'a> {
    fn new(person: &'a Person) -> PersonLoad<'a> {
        PersonLoad {
            person,
            capacity: person.capacity.value,
            committed: Vec::new(),
            all: Vec::new(),
            committed_profile: Vec::new(),
            total_profile: Vec::new(),
        }
    }

    /// The capacity when it is a valid percent (0–1000).
    pub fn valid_capacity(&self) -> Option<u32> {
        percent(self.capacity)
    }

    /// The daily committed load: sorted, disjoint segments over the days with load.
    pub fn committed_profile(&self) -> &[Segment] {
        &self.committed_profile
    }

    /// The daily committed + proposed load; empty unless [`Options::proposed`].
    pub fn total_profile(&self) -> &[Segment] {
        &self.total_profile
    }

    /// The highest committed load on a day of `from..=to`.
    pub fn peak(&self, from: NaiveDate, to: NaiveDate) -> u32 {
        sweep::peak_between(&self.committed_profile, from, to)
    }

    /// The highest committed load in each period.
    pub fn peaks(&self, periods: &[(NaiveDate, NaiveDate)]) -> Vec<u32> {
        sweep::peaks_for_periods(&self.committed_profile, periods)
    }

    /// The lowest spare capacity over `from..=to`: capacity minus the highest committed load.
    pub fn free(&self, from: NaiveDate, to: NaiveDate) -> u32 {
        self.valid_capacity()
            .unwrap_or(0)
            .saturating_sub(self.peak(from, to))
    }

    /// In the pool for the whole of `from..=to` (their `start` and `end`).
    pub fn available(&self, from: NaiveDate, to: NaiveDate) -> bool {
        self.person.start.as_ref().is_none_or(|s| s.value <= from)
            && self.person.end.as_ref().is_none_or(|e| e.value >= to)
    }

    pub fn has_skill(&self, skill: &str) -> bool {
        has_skill(self.person, skill)
    }

    /// The time off of the person, as the sweep takes it.
    pub fn time_off(&self) -> Vec<(NaiveDate, NaiveDate)> {
        time_off(self.person)
    }

    /// Runs of days on which committed load exceeds `capacity`.
    pub fn over_runs(&self, capacity: u32) -> Vec<Run> {
        sweep::over_runs(&self.committed_profile, capacity)
    }

    /// Runs of days on which committed + proposed load exceeds `capacity` where committed
    /// alone does not (needs [`Options::proposed`]).
    pub fn tentative_runs(&self, capacity: u32) -> Vec<Run> {
        sweep::tentative_runs(&self.committed_profile, &self.total_profile, capacity)
    }

    /// The load guard of every edit that adds committed load: the runs of days on which the
    /// person would be over capacity after `change`, by more than they are now, each with its
    /// peak, the capacity then and the projects whose committed assignments of the person are
    /// active in it then; sorted by date. Empty when the change over-allocates nobody, and for
    /// a person whose capacity is not a valid percent (a PM005 finding says why).
    pub fn overloads_after(&self, change: &LoadChange<'_>) -> Vec<Overload> {
        let Some(cap_before) = self.valid_capacity() else {
            return Vec::new();
        };
        let cap_after = change.capacity.unwrap_or(cap_before);
        // An edit changes one program: only its projects are rewritten.
        let replaced = |program: &str, pid: &str| {
            program == change.program && change.projects.iter().any(|(p, _)| *p == pid)
        };
        let mut after: Vec<(&str, &str, Interval)> = self
            .committed
            .iter()
            .filter(|c| !replaced(c.program, c.project.id.as_str()))
            .map(|c| (c.program, c.project.id.as_str(), c.interval))
            .collect();
        for (pid, intervals) in &change.projects {
            after.extend(intervals.iter().map(|iv| (change.program, *pid, *iv)));
        }
        let off = change.time_off.clone().unwrap_or_else(|| self.time_off());
        let ivs: Vec<Interval> = after.iter().map(|(_, _, iv)| *iv).collect();
        let profile = sweep::load_profile(&ivs, &off);
        sweep::worse_runs(&self.committed_profile, cap_before, &profile, cap_after)
            .into_iter()
            .map(|run| {
                let active: BTreeSet<(&str, &str)> = after
                    .iter()
                    .filter(|(_, _, iv)| {
                        iv.allocation > 0 && iv.from <= run.to && iv.to >= run.from
                    })
                    .map(|(program, pid, _)| (*program, *pid))
                    .collect();
                let projects: BTreeSet<&str> = active.iter().map(|(_, pid)| *pid).collect();
                let mut programs: Vec<(String, Vec<String>)> = Vec::new();
                for (program, project) in &active {
                    match programs.last_mut() {
                        Some((p, list)) if p == program => list.push((*project).to_owned()),
                        _ => programs.push(((*program).to_owned(), vec![(*project).to_owned()])),
                    }
                }
                Overload {
                    person: self.person.id.value.clone(),
                    from: run.from,
                    to: run.to,
                    peak: run.peak,
                    capacity: cap_after,
                    projects: projects.into_iter().map(str::to_owned).collect(),
                    programs,
                }
            })
            .collect()
    }
}

/// What an edit does to one person's committed load, for [`PersonLoad::overloads_after`].
#[derive(Debug, Clone, Default)]
pub struct LoadChange<'a> {
    /// The program the edit changes, as the load names it ([`Loaded::name`]); it matters when
    /// the load counts several programs, whose projects may share ids.
    pub program: &'a str,
    /// Projects whose committed assignments of the person the edit rewrites, each with every
    /// committed interval the person holds there afterwards (none: they hold nothing there).
    pub projects: Vec<(&'a str, Vec<Interval>)>,
    /// The capacity afterwards, when the edit changes it.
    pub capacity: Option<u32>,
    /// The time off afterwards, when the edit changes it.
    pub time_off: Option<Vec<(NaiveDate, NaiveDate)>>,
}

/// The contributions with load on some day of one run.
#[derive(Debug)]
pub struct Active {
    /// Indices (into the contributions given) of the first `shown` of them, in file order.
    pub shown: Vec<usize>,
    /// Index of the first proposed one in file order.
    pub first_proposed: Option<usize>,
    /// How many there are.
    pub count: usize,
    /// Sorted ids of their projects.
    pub projects: Vec<String>,
    /// Sorted ids of their programs, each with the sorted ids of its projects among them.
    pub programs: Vec<(String, Vec<String>)>,
}

/// For each run (sorted and disjoint, as the sweep gives them), the contributions whose dates
/// overlap it, the first `shown` of them listed. One sweep over the runs with a live set, so the
/// cost grows with the number of contributions and runs, not with their product.
pub fn active_per_run(cs: &[Contribution<'_>], runs: &[Run], shown: usize) -> Vec<Active> {
    // Asked for everyone, needed for the few who have runs: skip the sorting for the rest.
    if runs.is_empty() {
        return Vec::new();
    }
    let usable: Vec<usize> = (0..cs.len())
        .filter(|&i| cs[i].interval.allocation > 0 && cs[i].interval.from <= cs[i].interval.to)
        .collect();
    let mut by_from = usable.clone();
    by_from.sort_by_key(|&i| cs[i].interval.from);
    let mut by_to = usable;
    by_to.sort_by_key(|&i| cs[i].interval.to);
    let mut live: BTreeSet<usize> = BTreeSet::new();
    let mut live_proposed: BTreeSet<usize> = BTreeSet::new();
    let mut projects: BTreeMap<(&str, &str), usize> = BTreeMap::new();
    let (mut next_from, mut next_to) = (0, 0);
    let mut out = Vec::with_capacity(runs.len());
    for run in runs {
        while let Some(&i) = by_from.get(next_from)
            && cs[i].interval.from <= run.to
        {
            live.insert(i);
            if cs[i].is_proposed() {
                live_proposed.insert(i);
            }
            *projects
                .entry((cs[i].program, cs[i].project.id.as_str()))
                .or_default() += 1;
            next_from += 1;
        }
        // Runs only move forward, so what ended before this one never comes back.
        while let Some(&i) = by_to.get(next_to)
            && cs[i].interval.to < run.from
        {
            if live.remove(&i) {
                live_proposed.remove(&i);
                let key = (cs[i].program, cs[i].project.id.as_str());
                if let Some(n) = projects.get_mut(&key) {
                    *n -= 1;
                    if *n == 0 {
                        projects.remove(&key);
                    }
                }
            }
            next_to += 1;
        }
        let mut ids: Vec<String> = projects.keys().map(|(_, p)| (*p).to_owned()).collect();
        ids.sort();
        ids.dedup();
        let mut programs: Vec<(String, Vec<String>)> = Vec::new();
        for (program, project) in projects.keys() {
            match programs.last_mut() {
                Some((p, list)) if p == program => list.push((*project).to_owned()),
                _ => programs.push(((*program).to_owned(), vec![(*project).to_owned()])),
            }
        }
        out.push(Active {
            shown: live.iter().take(shown).copied().collect(),
            first_proposed: live_proposed.first().copied(),
            count: live.len(),
            projects: ids,
            programs,
        });
    }
    out
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
    /// Their programs, each with its projects among them, sorted.
    pub programs: Vec<(String, Vec<String>)>,
}

/// The load of every person in the pool, built once.
#[derive(Debug)]
pub struct Loads<'a> {
    /// In the order of the pool in program.toml; the first entry of a duplicated id only.
    people: Vec<PersonLoad<'a>>,
    index: HashMap<&'a str, usize, IdHash>,
    /// People by skill (trimmed, lower-cased), as indices into `people` in pool order: a
    /// request's candidates are looked for among those with its rarest skill, not the whole
    /// pool.
    by_skill: HashMap<String, Vec<usize>, IdHash>,
}

impl<'a> Loads<'a> {
    /// Every pool member's load. Assignments of people not in the pool, without dates, or with
    /// an allocation outside 0–1000 are not load: they are PM003/PM005 findings.
    pub fn new(loaded: &'a Loaded, options: Options) -> Loads<'a> {
        Loads::of(&[loaded], options)
    }

    /// Every person's load across several programs (the programs of a portfolio): a person is
    /// one and the same wherever their id appears, and counts with the first entry found (the
    /// shared pool comes first in every program).
    pub fn of(programs: &[&'a Loaded], options: Options) -> Loads<'a> {
        let mut people: Vec<PersonLoad<'a>> = Vec::new();
        let mut index: HashMap<&'a str, usize, IdHash> = HashMap::default();
        for loaded in programs {
            let pool = loaded.program.as_ref().map(|p| p.people.as_slice());
            for person in pool.unwrap_or_default() {
                if index.contains_key(person.id.as_str()) {
                    continue;
                }
                index.insert(person.id.as_str(), people.len());
                people.push(PersonLoad::new(person));
            }
        }
        for loaded in programs {
            let program = loaded.name();
            for project in &loaded.projects {
                Loads::add(&mut people, &index, program, project, options);
            }
        }
        for load in &mut people {
            let off = load.time_off();
            load.committed_profile = sweep::load_profile(&intervals(&load.committed), &off);
            if options.proposed {
                // Most people have nothing proposed: then the total is the committed load.
                load.total_profile = if load.all.len() == load.committed.len() {
                    load.committed_profile.clone()
                } else {
                    sweep::load_profile(&intervals(&load.all), &off)
                };
            }
        }
        let mut by_skill: HashMap<String, Vec<usize>, IdHash> = HashMap::default();
        for (i, load) in people.iter().enumerate() {
            for skill in &load.person.skills {
                let list = by_skill.entry(skill_key(skill)).or_default();
                if list.last() != Some(&i) {
                    list.push(i);
                }
            }
        }
        Loads {
            people,
            index,
            by_skill,
        }
    }

    /// The assignments of `project` (in `program`) as load of the people they name.
    fn add(
        people: &mut [PersonLoad<'a>],
        index: &HashMap<&'a str, usize, IdHash>,
        program: &'a str,
        project: &'a Project,
        options: Options,
    ) {
        for (i, a) in project.assignments.iter().enumerate() {
            let proposed = a.status == AssignmentStatus::Proposed;
            if proposed && !options.proposed {
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
            let c = Contribution {
                program,
                project,
                index: i,
                assignment: a,
                interval: Interval {
                    from,
                    to,
                    allocation,
                },
            };
            let load = &mut people[who];
            if !proposed {
                load.committed.push(c);
            }
            if options.proposed {
                load.all.push(c);
            }
        }
    }

    /// Everyone in the pool, in pool order.
    pub fn people(&self) -> &[PersonLoad<'a>] {
        &self.people
    }

    pub fn person(&self, id: &str) -> Option<&PersonLoad<'a>> {
        self.index.get(id).and_then(|&i| self.people.get(i))
    }

    /// Pool members with a valid capacity: those a plan may count on.
    fn plannable(&self) -> impl Iterator<Item = (&PersonLoad<'a>, u32)> {
        self.people
            .iter()
            .filter_map(|p| p.valid_capacity().map(|c| (p, c)))
    }

    /// `person`'s lowest spare capacity over `from..=to`; `None` for someone not in the pool
    /// or whose capacity is invalid.
    pub fn free(&self, person: &str, from: NaiveDate, to: NaiveDate) -> Option<u32> {
        self.person(person)
            .filter(|p| p.valid_capacity().is_some())
            .map(|p| p.free(from, to))
    }

    /// People with every skill the request asks for, in the pool for its whole window and with
    /// free capacity over it, best first. Empty when the request has no valid window.
    pub fn request_candidates(&self, project: &Project, request: &Request) -> Vec<Candidate> {
        let Some((from, to)) = request.window(&project.charter).filter(|(f, t)| f <= t) else {
            return Vec::new();
        };
        let fits = |p: &PersonLoad<'a>| request.skills.iter().all(|s| p.has_skill(s));
        // Only people with the request's rarest skill can have them all.
        let rarest = request
            .skills
            .iter()
            .map(|s| {
                self.by_skill
                    .get(&skill_key(s))
                    .map_or(&[][..], Vec::as_slice)
            })
            .min_by_key(|list| list.len());
        match rarest {
            Some(list) => {
                self.candidates_among(list.iter().map(|&i| &self.people[i]), from, to, fits)
            }
            None => self.candidates(from, to, fits),
        }
    }

    /// People other than `person` who share at least one skill with them, in the pool for the
    /// whole of `from..=to` and with free capacity over it, best first.
    pub fn overload_candidates(
        &self,
        person: &str,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Vec<Candidate> {
        let Some(over) = self.person(person).filter(|p| p.valid_capacity().is_some()) else {
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
        self.candidates_among(self.people.iter(), from, to, fits)
    }

    /// As [`Loads::candidates`], among `people` (of this pool) only.
    fn candidates_among<'p>(
        &'p self,
        people: impl Iterator<Item = &'p PersonLoad<'a>>,
        from: NaiveDate,
        to: NaiveDate,
        fits: impl Fn(&PersonLoad<'a>) -> bool,
    ) -> Vec<Candidate> {
        let mut out: Vec<Candidate> = people
            .filter_map(|p| p.valid_capacity().map(|c| (p, c)))
            .filter(|(p, _)| fits(p) && p.available(from, to))
            .map(|(p, _)| Candidate {
                person: p.person.id.value.clone(),
                free: p.free(from, to),
            })
            .filter(|c| c.free > 0)
            .collect();
        out.sort_by(|a, b| b.free.cmp(&a.free).then_with(|| a.person.cmp(&b.person)));
        out
    }

    /// Every committed over-allocation of people with a valid capacity, by person id then date.
    pub fn overloads(&self) -> Vec<Overload> {
        let mut out = Vec::new();
        for (load, capacity) in self.plannable() {
            let runs = load.over_runs(capacity);
            for (run, active) in runs.iter().zip(active_per_run(&load.committed, &runs, 0)) {
                out.push(Overload {
                    person: load.person.id.value.clone(),
                    from: run.from,
                    to: run.to,
                    peak: run.peak,
                    capacity,
                    projects: active.projects,
                    programs: active.programs,
                });
            }
        }
        out.sort_by(|a, b| a.person.cmp(&b.person).then(a.from.cmp(&b.from)));
        out
    }
}

fn intervals(cs: &[Contribution<'_>]) -> Vec<Interval> {
    cs.iter().map(|c| c.interval).collect()
}

/// A percent as the load takes it: 0–1000, else `None`.
pub fn percent(n: i64) -> Option<u32> {
    u32::try_from(n).ok().filter(|n| *n <= 1000)
}

/// A person's time off, as the sweep takes it.
pub fn time_off(person: &Person) -> Vec<(NaiveDate, NaiveDate)> {
    person.time_off.iter().map(|t| (t.from, t.to)).collect()
}

/// Whether the person lists `skill` (case and surrounding spaces ignored).
/// A skill as [`has_skill`] compares it: trimmed, and the same in any case.
fn skill_key(skill: &str) -> String {
    skill.trim().to_lowercase()
}

pub fn has_skill(person: &Person, skill: &str) -> bool {
    person
        .skills
        .iter()
        .any(|k| k.trim().eq_ignore_ascii_case(skill.trim()))
}

#[cfg(test)]
pub(crate) mod tests;
