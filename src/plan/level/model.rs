//! The levelling problem built from the load model: who is over-allocated when, what may be
//! lowered, who may take what, which requests may be filled by whom; then cut into independent
//! components, each laid out over segments of constant load for the solvers.
//!
//! Time is handled in segments: every component's days are split at every date where anything
//! the model reads changes (an assignment, a person's load, time off or availability, a run, a
//! request), so that inside one segment every quantity is constant and a solution that is
//! constant per segment loses nothing.

use std::collections::HashMap;

use chrono::{Datelike, NaiveDate};

use crate::diagnostic::Rule;
use crate::load::{self, Loads, PersonLoad};
use crate::model::{Project, Request, RequestStatus};
use crate::store::Programs;

/// A day as a number (days from the common era), so that ranges can be half-open.
pub(super) type Day = i64;

pub(super) fn day(d: NaiveDate) -> Day {
    i64::from(d.num_days_from_ce())
}

/// The date of a day number inside a range that came from dates, so it always exists.
pub(super) fn date(n: Day) -> NaiveDate {
    i32::try_from(n)
        .ok()
        .and_then(NaiveDate::from_num_days_from_ce_opt)
        .unwrap_or(if n < 0 {
            NaiveDate::MIN
        } else {
            NaiveDate::MAX
        })
}

/// One pool member the plan may count on (valid capacity), as the model reads them.
pub(super) struct Person<'a> {
    pub load: &'a PersonLoad<'a>,
    pub id: &'a str,
    pub capacity: u32,
    /// Committed load as half-open pieces `[start, end)` with their load; no piece is load 0.
    pieces: Vec<(Day, Day, u32)>,
    /// Time off, half-open and merged.
    off: Vec<(Day, Day)>,
    /// In the pool from `start` to before `end`.
    start: Day,
    end: Day,
}

impl<'a> Person<'a> {
    fn new(load: &'a PersonLoad<'a>, capacity: u32) -> Person<'a> {
        let pieces = load
            .committed_profile()
            .iter()
            .map(|s| (day(s.from), day(s.to) + 1, s.load))
            .collect();
        let mut off: Vec<(Day, Day)> = load
            .time_off()
            .iter()
            .filter(|(f, t)| f <= t)
            .map(|(f, t)| (day(*f), day(*t) + 1))
            .collect();
        off.sort_unstable();
        let mut merged: Vec<(Day, Day)> = Vec::with_capacity(off.len());
        for (s, e) in off {
            match merged.last_mut() {
                Some(last) if s <= last.1 => last.1 = last.1.max(e),
                _ => merged.push((s, e)),
            }
        }
        let p = load.person;
        Person {
            load,
            id: p.id.as_str(),
            capacity,
            pieces,
            off: merged,
            start: p.start.as_ref().map_or(Day::MIN, |d| day(d.value)),
            end: p.end.as_ref().map_or(Day::MAX, |d| day(d.value) + 1),
        }
    }

    /// The committed load on day `d`.
    pub fn load_at(&self, d: Day) -> u32 {
        let i = self.pieces.partition_point(|p| p.1 <= d);
        match self.pieces.get(i) {
            Some(&(s, _, load)) if s <= d => load,
            _ => 0,
        }
    }

    pub fn off_at(&self, d: Day) -> bool {
        let i = self.off.partition_point(|o| o.1 <= d);
        self.off.get(i).is_some_and(|o| o.0 <= d)
    }

    /// In the pool on every day of `[a, b)`.
    pub fn in_pool(&self, a: Day, b: Day) -> bool {
        self.start <= a && b <= self.end
    }

    /// Every day inside `(a, b)` on which the person's load, time off or availability changes.
    pub fn breaks(&self, a: Day, b: Day, out: &mut Vec<Day>) {
        let first = self.pieces.partition_point(|p| p.1 <= a);
        for &(s, e, _) in &self.pieces[first..] {
            if s >= b {
                break;
            }
            out.extend([s, e].into_iter().filter(|&x| a < x && x < b));
        }
        let first = self.off.partition_point(|o| o.1 <= a);
        for &(s, e) in &self.off[first..] {
            if s >= b {
                break;
            }
            out.extend([s, e].into_iter().filter(|&x| a < x && x < b));
        }
        out.extend(
            [self.start, self.end]
                .into_iter()
                .filter(|&x| a < x && x < b),
        );
    }

    /// Shares at least one skill with `other` (as `pm balance` picks candidates).
    fn shares_skill(&self, other: &Person<'_>) -> bool {
        other
            .load
            .person
            .skills
            .iter()
            .any(|s| load::has_skill(self.load.person, s))
    }

    /// The skills of `other` this person has too, in `other`'s order.
    pub fn shared_skills(&self, other: &Person<'_>) -> Vec<&'a str> {
        self.load
            .person
            .skills
            .iter()
            .filter(|s| load::has_skill(other.load.person, s))
            .map(|s| s.trim())
            .collect()
    }
}

/// A committed assignment of an over-allocated person that the plan may lower.
pub(super) struct Giver<'a> {
    pub person: usize,
    /// Index into [`Problem::programs`].
    pub program: usize,
    pub project: &'a Project,
    pub start: Day,
    /// Exclusive.
    pub end: Day,
    pub allocation: u32,
    pub priority: u32,
    /// Of a done or cancelled project: it may be cut, but nobody takes it over.
    pub closed: bool,
}

/// A maximal run of over-allocated days of one person inside the window.
pub(super) struct Run {
    pub person: usize,
    pub start: Day,
    pub end: Day,
    /// The person's assignments active in the run.
    pub givers: Vec<usize>,
    /// Who could take some of the load (shares a skill, has free capacity on some day of it),
    /// most free first.
    pub takers: Vec<usize>,
}

/// An open staffing request the plan may fill.
pub(super) struct Need<'a> {
    /// Index into [`Problem::programs`].
    pub program: usize,
    pub project: &'a Project,
    pub request: &'a Request,
    pub start: Day,
    pub end: Day,
    pub allocation: u32,
    /// Priority × allocation × days: what leaving it open weighs.
    pub weight: u64,
    /// People with every skill asked for, in the pool all along and free enough before the
    /// plan, most free first.
    pub candidates: Vec<usize>,
}

/// A run that a decision accepts (`allow = ["over-allocation"]` on the assignment PM201 points
/// at): the plan leaves it as it is.
pub(super) struct Accepted {
    pub program: usize,
    pub person: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub project: String,
}

/// A request the plan cannot consider, and why.
pub(super) struct Unplannable<'a> {
    pub program: usize,
    pub project: &'a Project,
    pub request: &'a Request,
    pub why: String,
}

/// An over-allocation that the programs not edited put over capacity on their own: the plan
/// lowers the edited program's share, and the rest stays.
pub(super) struct Beyond {
    pub person: String,
    pub from: NaiveDate,
    pub to: NaiveDate,
    /// The most percent over capacity that the programs not edited make alone.
    pub over: u32,
    pub capacity: u32,
    /// Those programs, sorted.
    pub others: Vec<String>,
}

/// The whole levelling problem of a program (or the programs of a portfolio) over a window.
pub(super) struct Problem<'a> {
    /// The name of each program whose load counts ([`crate::store::Loaded::name`]).
    pub programs: Vec<&'a str>,
    /// Whether moves name their program (the programs of a portfolio).
    pub labelled: bool,
    /// Per program, per person: whether the program may assign the person (its own people
    /// and the shared pool), so a hand-over or fill never names someone the program does not
    /// know.
    pub assignable: Vec<Vec<bool>>,
    pub beyond: Vec<Beyond>,
    /// Everyone with a valid capacity, by id.
    pub people: Vec<Person<'a>>,
    pub givers: Vec<Giver<'a>>,
    /// By first day, then person.
    pub runs: Vec<Run>,
    /// By project id, then request id.
    pub needs: Vec<Need<'a>>,
    pub accepted: Vec<Accepted>,
    pub unplannable: Vec<Unplannable<'a>>,
}

impl<'a> Problem<'a> {
    pub fn new(
        programs: &Programs<'a>,
        loads: &'a Loads<'a>,
        from: NaiveDate,
        to: NaiveDate,
    ) -> Self {
        let (w_start, w_end) = (day(from), day(to) + 1);
        let mut people: Vec<Person<'a>> = loads
            .people()
            .iter()
            .filter_map(|l| l.valid_capacity().map(|c| Person::new(l, c)))
            .collect();
        people.sort_by(|a, b| a.id.cmp(b.id));
        let index: HashMap<&str, usize> =
            people.iter().enumerate().map(|(i, p)| (p.id, i)).collect();
        let names: Vec<&'a str> = programs.all.iter().map(|l| l.name()).collect();
        // The first program of a name, as the load counts a person with their first entry.
        let mut first: HashMap<&str, usize> = HashMap::new();
        for (i, name) in names.iter().enumerate() {
            first.entry(name).or_insert(i);
        }
        let program_of = |name: &str| first.get(name).copied().unwrap_or(0);
        let edited = |i: usize| programs.only.as_deref().is_none_or(|only| names[i] == only);
        let assignable: Vec<Vec<bool>> = programs
            .all
            .iter()
            .map(|l| {
                let mut known = vec![false; people.len()];
                for person in l.program.iter().flat_map(|p| p.people.iter()) {
                    if let Some(&i) = index.get(person.id.as_str()) {
                        known[i] = true;
                    }
                }
                known
            })
            .collect();
        let mut beyond = Vec::new();

        let mut givers: Vec<Giver<'a>> = Vec::new();
        let mut giver_of: HashMap<(usize, usize), usize> = HashMap::new();
        let mut runs = Vec::new();
        let mut accepted = Vec::new();
        for (pi, p) in people.iter().enumerate() {
            let all = p.load.over_runs(p.capacity);
            let primaries = load::active_per_run(&p.load.committed, &all, 1);
            for (run, active) in all.iter().zip(primaries) {
                let (start, end) = (day(run.from).max(w_start), (day(run.to) + 1).min(w_end));
                if start >= end {
                    continue;
                }
                if let Some(&primary) = active.shown.first() {
                    let c = &p.load.committed[primary];
                    if c.assignment.allow.allows(Rule::OverAllocation) {
                        // Reported by the plan of a program whose load is in the run.
                        let ours = p.load.committed.iter().any(|c| {
                            c.interval.allocation > 0
                                && day(c.interval.from) < end
                                && day(c.interval.to) >= start
                                && edited(program_of(c.program))
                        });
                        if ours {
                            accepted.push(Accepted {
                                program: program_of(c.program),
                                person: p.id.to_owned(),
                                from: date(start),
                                to: date(end - 1),
                                project: c.project.id.value.clone(),
                            });
                        }
                        continue;
                    }
                }
                let mut mine = Vec::new();
                let mut others: Vec<&str> = Vec::new();
                for (ci, c) in p.load.committed.iter().enumerate() {
                    let iv = c.interval;
                    let (gs, ge) = (day(iv.from), day(iv.to) + 1);
                    if iv.allocation == 0 || ge <= start || gs >= end {
                        continue;
                    }
                    let program = program_of(c.program);
                    if !edited(program) {
                        // Another program's assignment: its load counts, but it stays.
                        others.push(c.program);
                        continue;
                    }
                    let g = *giver_of.entry((pi, ci)).or_insert_with(|| {
                        givers.push(Giver {
                            person: pi,
                            program,
                            project: c.project,
                            start: gs,
                            end: ge,
                            allocation: iv.allocation,
                            priority: c.project.priority(),
                            closed: c.project.status.value.is_closed(),
                        });
                        givers.len() - 1
                    });
                    mine.push(g);
                }
                if mine.is_empty() {
                    // Only programs not edited load the person then: not this plan's to change.
                    continue;
                }
                if !others.is_empty()
                    && let Some(over) = out_of_reach(p, &givers, &mine, start, end)
                {
                    others.sort_unstable();
                    others.dedup();
                    beyond.push(Beyond {
                        person: p.id.to_owned(),
                        from: date(start),
                        to: date(end - 1),
                        over,
                        capacity: p.capacity,
                        others: others.iter().map(|&o| o.to_owned()).collect(),
                    });
                }
                let takers: Vec<usize> = takers(&people, pi, start, end)
                    .into_iter()
                    .filter(|&t| mine.iter().any(|&g| assignable[givers[g].program][t]))
                    .collect();
                runs.push(Run {
                    person: pi,
                    start,
                    end,
                    givers: mine,
                    takers,
                });
            }
        }
        runs.sort_by(|a, b| {
            a.start
                .cmp(&b.start)
                .then_with(|| people[a.person].id.cmp(people[b.person].id))
        });
        // The same assignment, whatever the order the files list it in.
        for r in &mut runs {
            r.givers
                .sort_by(|&a, &b| giver_key(&givers[a]).cmp(&giver_key(&givers[b])));
        }

        let mut needs = Vec::new();
        let mut unplannable = Vec::new();
        let mut projects: Vec<(usize, &'a Project)> = programs
            .all
            .iter()
            .enumerate()
            .filter(|&(i, _)| edited(i))
            .flat_map(|(i, l)| l.projects.iter().map(move |p| (i, p)))
            .collect();
        projects.sort_by(|a, b| (names[a.0], &a.1.id.value).cmp(&(names[b.0], &b.1.id.value)));
        for (program, project) in projects {
            if project.status.value.is_closed() {
                continue;
            }
            let mut requests: Vec<&Request> = project
                .requests
                .iter()
                .filter(|r| r.status == RequestStatus::Open)
                .collect();
            requests.sort_by(|a, b| a.id.value.cmp(&b.id.value));
            for request in requests {
                let Some((from, to)) = request.window(&project.charter).filter(|(f, t)| f <= t)
                else {
                    unplannable.push(Unplannable {
                        program,
                        project,
                        request,
                        why: "it has no dates (nor does the charter); give it `from` and `to`"
                            .into(),
                    });
                    continue;
                };
                let (start, end) = (day(from), day(to) + 1);
                if end <= w_start || start >= w_end {
                    continue;
                }
                let Some(allocation) = request
                    .allocation
                    .as_ref()
                    .and_then(|a| u32::try_from(a.value).ok())
                    .filter(|a| (1..=1000).contains(a))
                else {
                    unplannable.push(Unplannable {
                        program,
                        project,
                        request,
                        why: "it does not say how much it needs; give it `allocation = N` (1-1000)"
                            .into(),
                    });
                    continue;
                };
                let mut candidates: Vec<(u32, usize)> = loads
                    .request_candidates(project, request)
                    .into_iter()
                    .filter(|c| c.free >= allocation)
                    .filter_map(|c| index.get(c.person.as_str()).map(|&i| (c.free, i)))
                    .filter(|&(_, i)| assignable[program][i])
                    .collect();
                candidates.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
                let days = u64::try_from(end - start).unwrap_or(0);
                needs.push(Need {
                    program,
                    project,
                    request,
                    start,
                    end,
                    allocation,
                    weight: u64::from(project.priority()) * u64::from(allocation) * days,
                    candidates: candidates.into_iter().map(|(_, i)| i).collect(),
                });
            }
        }
        Problem {
            programs: names,
            labelled: programs.portfolio,
            assignable,
            beyond,
            people,
            givers,
            runs,
            needs,
            accepted,
            unplannable,
        }
    }

    /// What a move of `program` says its program is: its name in a portfolio, else nothing.
    pub fn label(&self, program: usize) -> Option<String> {
        self.labelled.then(|| self.programs[program].to_owned())
    }

    /// Independent parts: runs and requests that share nothing (no assignment, no person who
    /// could take load at the same time) are solved apart. `takers(run)` limits whom a run may
    /// hand load to; `with_needs` whether requests are part of the problem. By first run or
    /// request, so the order is the problem's.
    pub fn components(
        &self,
        runs: &[usize],
        needs: &[usize],
        takers: &dyn Fn(usize) -> Vec<usize>,
    ) -> Vec<(Vec<usize>, Vec<usize>)> {
        let n = runs.len() + needs.len();
        let mut parent: Vec<usize> = (0..n).collect();
        fn find(parent: &mut [usize], mut x: usize) -> usize {
            while parent[x] != x {
                parent[x] = parent[parent[x]];
                x = parent[x];
            }
            x
        }
        let union = |parent: &mut Vec<usize>, a: usize, b: usize| {
            let (a, b) = (find(parent, a), find(parent, b));
            if a != b {
                parent[a.max(b)] = a.min(b);
            }
        };
        // Runs that lower the same assignment.
        let mut by_giver: HashMap<usize, usize> = HashMap::new();
        // Per person, the spans over which they might take load: (start, end, node).
        let mut spans: Vec<Vec<(Day, Day, usize)>> = vec![Vec::new(); self.people.len()];
        for (node, &r) in runs.iter().enumerate() {
            let run = &self.runs[r];
            for &g in &run.givers {
                if let Some(&other) = by_giver.get(&g) {
                    union(&mut parent, node, other);
                } else {
                    by_giver.insert(g, node);
                }
            }
            for t in takers(r) {
                spans[t].push((run.start, run.end, node));
            }
        }
        for (k, &q) in needs.iter().enumerate() {
            let need = &self.needs[q];
            for &t in &need.candidates {
                spans[t].push((need.start, need.end, runs.len() + k));
            }
        }
        for mut list in spans {
            list.sort_unstable();
            let mut open: Option<(Day, usize)> = None;
            for (s, e, node) in list {
                match open {
                    Some((end, first)) if s < end => {
                        union(&mut parent, node, first);
                        open = Some((end.max(e), first));
                    }
                    _ => open = Some((e, node)),
                }
            }
        }
        let mut groups: Vec<(Vec<usize>, Vec<usize>)> = Vec::new();
        let mut slot: HashMap<usize, usize> = HashMap::new();
        for node in 0..n {
            let root = find(&mut parent, node);
            let at = *slot.entry(root).or_insert_with(|| {
                groups.push((Vec::new(), Vec::new()));
                groups.len() - 1
            });
            if node < runs.len() {
                groups[at].0.push(runs[node]);
            } else {
                groups[at].1.push(needs[node - runs.len()]);
            }
        }
        groups
    }
}

/// The most that `p` is over capacity in `[start, end)` on the load of the assignments not
/// among `mine` (those of programs the plan does not edit), if it is over at all.
fn out_of_reach(
    p: &Person<'_>,
    givers: &[Giver<'_>],
    mine: &[usize],
    start: Day,
    end: Day,
) -> Option<u32> {
    let mut points = vec![start, end];
    p.breaks(start, end, &mut points);
    for &g in mine {
        let g = &givers[g];
        points.extend(
            [g.start, g.end]
                .into_iter()
                .filter(|&x| start < x && x < end),
        );
    }
    points.sort_unstable();
    points.dedup();
    points
        .windows(2)
        .map(|w| {
            let ours: u32 = mine
                .iter()
                .map(|&g| &givers[g])
                .filter(|g| g.start <= w[0] && w[0] < g.end)
                .map(|g| g.allocation)
                .sum();
            p.load_at(w[0])
                .saturating_sub(ours)
                .saturating_sub(p.capacity)
        })
        .max()
        .filter(|&over| over > 0)
}

/// The order givers are considered in, independent of the order of the files.
fn giver_key<'g>(g: &'g Giver<'_>) -> (&'g str, Day, Day, u32) {
    (g.project.id.as_str(), g.start, g.end, g.allocation)
}

/// Who could take some of `p`'s load over `[start, end)`: shares a skill with them and has
/// free capacity on some day they are in the pool and not off; most free (at best) first.
fn takers(people: &[Person<'_>], p: usize, start: Day, end: Day) -> Vec<usize> {
    let mut out: Vec<(u32, usize)> = Vec::new();
    for (t, person) in people.iter().enumerate() {
        if t == p || !person.shares_skill(&people[p]) {
            continue;
        }
        let mut points = vec![start, end];
        person.breaks(start, end, &mut points);
        points.sort_unstable();
        points.dedup();
        let best = points
            .windows(2)
            .filter(|w| person.in_pool(w[0], w[1]) && !person.off_at(w[0]))
            .map(|w| person.capacity.saturating_sub(person.load_at(w[0])))
            .max()
            .unwrap_or(0);
        if best > 0 {
            out.push((best, t));
        }
    }
    out.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    out.into_iter().map(|(_, t)| t).collect()
}

/// One over-allocated segment of one person: how much too much, and whose assignments are on.
pub(super) struct Cell {
    pub person: usize,
    pub seg: usize,
    pub excess: u32,
    /// The most the person may be lowered by here: the highest excess of their run.
    pub most: u32,
    /// Indices into [`Model::givers`].
    pub givers: Vec<usize>,
}

/// A giver as a component sees it.
pub(super) struct GiverAt {
    /// Index into [`Problem::givers`].
    pub giver: usize,
    pub allocation: u32,
    pub priority: u32,
    pub closed: bool,
    pub start: Day,
    pub end: Day,
    /// The segments on which it may be lowered, in time order.
    pub segs: Vec<usize>,
}

/// A hand-over the model allows: some of giver `giver`'s load to `taker` on `seg`.
pub(super) struct Hand {
    pub giver: usize,
    /// Which of the giver's segments, as an index into its `segs`.
    pub at: usize,
    pub taker: usize,
    pub seg: usize,
    /// At most this much: the giver's allocation, or the taker's free capacity.
    pub most: u32,
    /// Index into [`Model::rows`].
    pub row: usize,
    /// Index into [`Model::cells`]: the giver's person on that segment.
    pub cell: usize,
}

/// A person who might fill a request, and the capacity rows the fill would load.
pub(super) struct Fill {
    pub need: usize,
    pub person: usize,
    pub rows: Vec<usize>,
}

/// One person's free capacity on one segment, shared by everything that may add load there.
pub(super) struct Row {
    pub free: u32,
}

/// A component laid out over its segments: everything a solver needs.
pub(super) struct Model {
    /// Half-open, sorted, disjoint.
    pub segs: Vec<(Day, Day)>,
    pub givers: Vec<GiverAt>,
    pub cells: Vec<Cell>,
    pub hands: Vec<Hand>,
    /// The hand-overs of each giver.
    pub by_giver: Vec<Vec<usize>>,
    /// Indices into [`Problem::needs`].
    pub needs: Vec<usize>,
    pub fills: Vec<Fill>,
    pub rows: Vec<Row>,
}

impl Model {
    pub fn days(&self, seg: usize) -> u64 {
        let (a, b) = self.segs[seg];
        u64::try_from(b - a).unwrap_or(0)
    }

    /// Whether segment `b` starts the day after segment `a` ends.
    pub fn adjacent(&self, a: usize, b: usize) -> bool {
        self.segs[a].1 == self.segs[b].0
    }

    /// How many unknowns the exact solver would have: what decides whether it is used.
    pub fn size(&self) -> usize {
        self.givers.iter().map(|g| g.segs.len()).sum::<usize>()
            + self.hands.len()
            + self.fills.len()
    }
}

/// The model of one component: `runs` with the takers `takers(run)` allows, and `needs`.
pub(super) fn layout(
    problem: &Problem<'_>,
    runs: &[usize],
    needs: &[usize],
    takers: &dyn Fn(usize) -> Vec<usize>,
) -> Model {
    let people = &problem.people;
    let run_takers: Vec<Vec<usize>> = runs.iter().map(|&r| takers(r)).collect();
    let mut points: Vec<Day> = Vec::new();
    let mut spans: Vec<(Day, Day)> = Vec::new();
    for (k, &r) in runs.iter().enumerate() {
        let run = &problem.runs[r];
        let (a, b) = (run.start, run.end);
        points.extend([a, b]);
        spans.push((a, b));
        people[run.person].breaks(a, b, &mut points);
        for &g in &run.givers {
            let g = &problem.givers[g];
            points.extend([g.start, g.end].into_iter().filter(|&x| a < x && x < b));
        }
        for &t in &run_takers[k] {
            people[t].breaks(a, b, &mut points);
        }
    }
    for &q in needs {
        let need = &problem.needs[q];
        let (a, b) = (need.start, need.end);
        points.extend([a, b]);
        spans.push((a, b));
        for &t in &need.candidates {
            people[t].breaks(a, b, &mut points);
        }
    }
    points.sort_unstable();
    points.dedup();
    spans.sort_unstable();
    let mut union: Vec<(Day, Day)> = Vec::with_capacity(spans.len());
    for (s, e) in spans {
        match union.last_mut() {
            Some(last) if s <= last.1 => last.1 = last.1.max(e),
            _ => union.push((s, e)),
        }
    }
    let covered = |a: Day, b: Day| {
        let i = union.partition_point(|u| u.1 <= a);
        union.get(i).is_some_and(|u| u.0 <= a && b <= u.1)
    };
    let segs: Vec<(Day, Day)> = points
        .windows(2)
        .map(|w| (w[0], w[1]))
        .filter(|&(a, b)| covered(a, b))
        .collect();
    let seg_at = |d: Day| segs.partition_point(|s| s.1 <= d);

    let mut givers: Vec<GiverAt> = Vec::new();
    let mut local: HashMap<usize, usize> = HashMap::new();
    let mut cells = Vec::new();
    let mut rows: Vec<Row> = Vec::new();
    let mut row_of: HashMap<(usize, usize), usize> = HashMap::new();
    let mut row = |rows: &mut Vec<Row>, person: usize, seg: usize| -> usize {
        *row_of.entry((person, seg)).or_insert_with(|| {
            let p = &people[person];
            rows.push(Row {
                free: p.capacity.saturating_sub(p.load_at(segs[seg].0)),
            });
            rows.len() - 1
        })
    };
    let mut hands = Vec::new();
    for (k, &r) in runs.iter().enumerate() {
        let run = &problem.runs[r];
        let p = &people[run.person];
        // Lowered by no more than the most the person is over in the run: the amount needed,
        // the same on every day of the run if that saves changes.
        // Never more than the run's assignments can give: in a plan of one program of a
        // portfolio the others' load stays, and what it alone puts over is left unresolved.
        let excess_at = |s: usize| {
            let (a, b) = segs[s];
            let can: u32 = run
                .givers
                .iter()
                .map(|&g| &problem.givers[g])
                .filter(|g| g.start <= a && b <= g.end)
                .map(|g| g.allocation)
                .sum();
            p.load_at(a).saturating_sub(p.capacity).min(can)
        };
        let peak = (seg_at(run.start)..seg_at(run.end))
            .map(excess_at)
            .max()
            .unwrap_or(0);
        let first = seg_at(run.start);
        for (s, &(a, b)) in segs.iter().enumerate().take(seg_at(run.end)).skip(first) {
            let mut here = Vec::new();
            for &g in &run.givers {
                let giver = &problem.givers[g];
                if giver.start > a || giver.end < b {
                    continue;
                }
                let at = *local.entry(g).or_insert_with(|| {
                    givers.push(GiverAt {
                        giver: g,
                        allocation: giver.allocation,
                        priority: giver.priority,
                        closed: giver.closed,
                        start: giver.start,
                        end: giver.end,
                        segs: Vec::new(),
                    });
                    givers.len() - 1
                });
                givers[at].segs.push(s);
                here.push(at);
            }
            let excess = excess_at(s);
            for &t in &run_takers[k] {
                let taker = &people[t];
                if !taker.in_pool(a, b) || taker.off_at(a) || taker.load_at(a) >= taker.capacity {
                    continue;
                }
                let rw = row(&mut rows, t, s);
                for &g in &here {
                    let program = problem.givers[givers[g].giver].program;
                    if givers[g].closed || !problem.assignable[program][t] {
                        continue;
                    }
                    hands.push(Hand {
                        giver: g,
                        at: givers[g].segs.len() - 1,
                        taker: t,
                        seg: s,
                        most: givers[g].allocation.min(rows[rw].free).min(peak),
                        row: rw,
                        cell: cells.len(),
                    });
                }
            }
            cells.push(Cell {
                person: run.person,
                seg: s,
                excess,
                most: peak,
                givers: here,
            });
        }
    }
    let mut fills = Vec::new();
    for (k, &q) in needs.iter().enumerate() {
        let need = &problem.needs[q];
        for &t in &need.candidates {
            let on: Vec<usize> = (seg_at(need.start)..seg_at(need.end))
                .filter(|&s| !people[t].off_at(segs[s].0))
                .map(|s| row(&mut rows, t, s))
                .collect();
            fills.push(Fill {
                need: k,
                person: t,
                rows: on,
            });
        }
    }
    let hands = without_dominated(problem, needs, &cells, hands, &fills, &rows);
    // Runs come in time order, so each giver's segments already do.
    let mut by_giver = vec![Vec::new(); givers.len()];
    for (h, hand) in hands.iter().enumerate() {
        by_giver[hand.giver].push(h);
    }
    Model {
        segs,
        givers,
        cells,
        hands,
        by_giver,
        needs: needs.to_vec(),
        fills,
        rows,
    }
}

/// The hand-overs without those of colleagues another one makes useless. A colleague whose free
/// capacity can never run out here (on every segment, at least what every person they could
/// relieve there may be lowered by, plus every request they could fill) can take whatever is
/// offered; if such a colleague
/// can take everything a second one can (every giver, every segment), moving the second one's
/// share to the first keeps every rule and merges new assignments rather than adding any, so the
/// second one is left out without making the best plan worse. Colleagues are kept in the order
/// the runs list them (most room first), so the choice does not depend on the files.
fn without_dominated(
    problem: &Problem<'_>,
    needs: &[usize],
    cells: &[Cell],
    hands: Vec<Hand>,
    fills: &[Fill],
    rows: &[Row],
) -> Vec<Hand> {
    // The most a row can be asked for: what each over-allocated person there can be lowered
    // by, and the requests.
    let mut most = vec![0u64; rows.len()];
    let mut seen: std::collections::HashSet<(usize, usize)> = std::collections::HashSet::new();
    for h in &hands {
        if seen.insert((h.row, h.cell)) {
            most[h.row] += u64::from(cells[h.cell].most);
        }
    }
    for f in fills {
        for &r in &f.rows {
            most[r] += u64::from(problem.needs[needs[f.need]].allocation);
        }
    }
    let slack = |r: usize| most[r] <= u64::from(rows[r].free);
    // Each taker in order of first appearance, with the (giver, segment) pairs they may take.
    let mut order: Vec<usize> = Vec::new();
    let mut keys: HashMap<usize, Vec<(usize, usize)>> = HashMap::new();
    let mut all_slack: HashMap<usize, bool> = HashMap::new();
    for h in &hands {
        keys.entry(h.taker)
            .or_insert_with(|| {
                order.push(h.taker);
                Vec::new()
            })
            .push((h.giver, h.seg));
        *all_slack.entry(h.taker).or_insert(true) &= slack(h.row);
    }
    for f in fills {
        if let Some(s) = all_slack.get_mut(&f.person) {
            *s &= f.rows.iter().all(|&r| slack(r));
        }
    }
    let mut kept: Vec<usize> = Vec::new();
    let mut dropped: std::collections::HashSet<usize> = std::collections::HashSet::new();
    for t in order {
        if !all_slack[&t] {
            continue;
        }
        let mine = &keys[&t];
        let covered = kept.iter().any(|k| {
            let theirs = &keys[k];
            mine.iter().all(|x| theirs.contains(x))
        });
        if covered {
            dropped.insert(t);
        } else {
            kept.push(t);
        }
    }
    hands
        .into_iter()
        .filter(|h| !dropped.contains(&h.taker))
        .collect()
}
