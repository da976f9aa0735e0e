//! `pm level` against exhaustive search: on random small programs (up to 6 people, 3 projects,
//! 12 assignments, 2 requests, skills, time off, people joining late or leaving early), the
//! objective the plan reports equals the best one found by trying every plan, and the plan,
//! applied to a copy, breaks no rule: no PM201, nobody over capacity on any day, no hand-over to
//! someone without a shared skill or on their time off, and the cut and the changes it reports
//! are what the files show.
//!
//! The search knows nothing of pm's model: it reads the program it wrote, splits the window
//! wherever anything changes from one day to the next, and tries every way to lower every
//! over-allocated person on every such stretch (in steps of 20%, the unit of every number these
//! programs hold; by at least what they are over, by at most the most they are over in that run
//! of days), to hand each part to each colleague who may take it, and to fill each request
//! with each person who may fill it; it counts the changes from the assignments each way leaves.

mod common;

use std::collections::BTreeMap;
use std::path::Path;

use common::*;

const SKILLS: [&str; 3] = ["thermal", "rf", "gnc"];
const DAYS: usize = 90;
/// First and last day (from 2026-01-01) of each month of the window.
const MONTHS: [(usize, usize); 3] = [(0, 30), (31, 58), (59, 89)];
/// The window's half months: time off is one of them.
const HALVES: [(usize, usize); 6] = [(0, 14), (15, 30), (31, 44), (45, 58), (59, 73), (74, 89)];
const UNIT: u32 = 20;

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<T: Copy>(&mut self, items: &[T]) -> T {
        items[self.below(items.len())]
    }
}

#[derive(Debug, Clone)]
struct Person {
    id: String,
    capacity: u32,
    skills: Vec<&'static str>,
    off: Option<(usize, usize)>,
    start: Option<usize>,
    end: Option<usize>,
}

#[derive(Debug, Clone)]
struct Project {
    id: String,
    priority: u32,
}

#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct Assignment {
    person: usize,
    project: usize,
    from: usize,
    to: usize,
    allocation: u32,
}

#[derive(Debug, Clone)]
struct Request {
    project: usize,
    id: String,
    skill: &'static str,
    allocation: u32,
    from: usize,
    to: usize,
}

#[derive(Debug, Clone)]
struct Program {
    people: Vec<Person>,
    projects: Vec<Project>,
    assignments: Vec<Assignment>,
    requests: Vec<Request>,
}

fn date(d: usize) -> String {
    let base = chrono_free_date(d);
    format!("2026-{:02}-{:02}", base.0, base.1)
}

/// Month and day of day `d` of 2026 (January to March).
fn chrono_free_date(d: usize) -> (usize, usize) {
    let mut left = d;
    for (m, len) in [(1, 31), (2, 28), (3, 31)] {
        if left < len {
            return (m, left + 1);
        }
        left -= len;
    }
    (3, 31)
}

/// The day number of a `2026-MM-DD` date.
fn day_of(s: &str) -> usize {
    let m: usize = s[5..7].parse().expect("month");
    let d: usize = s[8..10].parse().expect("day");
    [0, 31, 59][m - 1] + d - 1
}

fn random_program(rng: &mut Rng) -> Program {
    let n_people = 2 + rng.below(5);
    let people: Vec<Person> = (0..n_people)
        .map(|i| {
            let mut skills = vec![rng.pick(&SKILLS)];
            if rng.below(2) == 0 {
                let s = rng.pick(&SKILLS);
                if !skills.contains(&s) {
                    skills.push(s);
                }
            }
            let (start, end) = match rng.below(8) {
                0 => (Some(MONTHS[1].0), None),
                1 => (None, Some(MONTHS[1].1)),
                _ => (None, None),
            };
            Person {
                id: format!("p{i}"),
                capacity: rng.pick(&[60, 80, 100, 100]),
                skills,
                off: (rng.below(3) == 0).then(|| rng.pick(&HALVES)),
                start,
                end,
            }
        })
        .collect();
    let n_projects = 1 + rng.below(3);
    let projects: Vec<Project> = (0..n_projects)
        .map(|i| Project {
            id: format!("proj{i}"),
            priority: rng.pick(&[200, 500, 800]),
        })
        .collect();
    let n_assignments = 2 + rng.below(11);
    let mut assignments = Vec::new();
    for _ in 0..n_assignments {
        // Most load on the first few people, so some of them are over.
        let person = if rng.below(3) == 0 {
            rng.below(n_people)
        } else {
            rng.below(n_people.min(2))
        };
        let p = &people[person];
        let first = rng.below(3);
        let last = first + rng.below(3 - first);
        let (mut from, mut to) = (MONTHS[first].0, MONTHS[last].1);
        // Inside the person's time in the pool: otherwise it is PM204, not for pm level.
        if let Some(s) = p.start {
            from = from.max(s);
        }
        if let Some(e) = p.end {
            to = to.min(e);
        }
        if from > to {
            continue;
        }
        assignments.push(Assignment {
            person,
            project: rng.below(n_projects),
            from,
            to,
            allocation: rng.pick(&[20, 40, 60]),
        });
    }
    let n_requests = rng.below(3);
    let requests = (0..n_requests)
        .map(|i| {
            let first = rng.below(3);
            let last = first + rng.below(3 - first);
            Request {
                project: rng.below(n_projects),
                id: format!("need-{i}"),
                skill: rng.pick(&SKILLS),
                allocation: rng.pick(&[20, 40]),
                from: MONTHS[first].0,
                to: MONTHS[last].1,
            }
        })
        .collect();
    Program {
        people,
        projects,
        assignments,
        requests,
    }
}

fn write_program(dir: &Path, p: &Program) {
    let mut s = String::from(
        "[program]\nid = \"search\"\nname = \"Search\"\nstart = 2026-01-01\nend = 2026-03-31\n\n",
    );
    for person in &p.people {
        s.push_str(&format!(
            "[[person]]\nid = \"{}\"\ncapacity = {}\nskills = [{}]\n",
            person.id,
            person.capacity,
            person
                .skills
                .iter()
                .map(|k| format!("\"{k}\""))
                .collect::<Vec<_>>()
                .join(", ")
        ));
        if let Some(d) = person.start {
            s.push_str(&format!("start = {}\n", date(d)));
        }
        if let Some(d) = person.end {
            s.push_str(&format!("end = {}\n", date(d)));
        }
        if let Some((f, t)) = person.off {
            s.push_str(&format!(
                "time_off = [{{ from = {}, to = {} }}]\n",
                date(f),
                date(t)
            ));
        }
        s.push('\n');
    }
    write(dir, "program.toml", &s);
    for (i, project) in p.projects.iter().enumerate() {
        let mut s = format!(
            "[project]\nid = \"{}\"\nname = \"Project {i}\"\nstatus = \"active\"\npriority = {}\n\n[charter]\nstart = 2026-01-01\nend = 2026-03-31\n",
            project.id, project.priority
        );
        for a in p.assignments.iter().filter(|a| a.project == i) {
            s.push_str(&format!(
                "\n[[assignment]]\nperson = \"{}\"\nallocation = {}\nfrom = {}\nto = {}\n",
                p.people[a.person].id,
                a.allocation,
                date(a.from),
                date(a.to)
            ));
        }
        for r in p.requests.iter().filter(|r| r.project == i) {
            s.push_str(&format!(
                "\n[[request]]\nid = \"{}\"\nskills = [\"{}\"]\nallocation = {}\nfrom = {}\nto = {}\nstatus = \"open\"\n",
                r.id,
                r.skill,
                r.allocation,
                date(r.from),
                date(r.to)
            ));
        }
        write(dir, &format!("projects/{}.toml", project.id), &s);
    }
}

/// Percent × days × priority cut, the same of requests left open, changes.
type Objective = (u64, u64, u64);

fn in_pool(p: &Person, d: usize) -> bool {
    p.start.is_none_or(|s| s <= d) && p.end.is_none_or(|e| d <= e)
}

fn off(p: &Person, d: usize) -> bool {
    p.off.is_some_and(|(f, t)| f <= d && d <= t)
}

/// Each person's committed load per day (time off counts 0).
fn loads(p: &Program) -> Vec<Vec<u32>> {
    let mut out = vec![vec![0; DAYS]; p.people.len()];
    for a in &p.assignments {
        let person = &p.people[a.person];
        for (d, load) in out[a.person]
            .iter_mut()
            .enumerate()
            .take(a.to + 1)
            .skip(a.from)
        {
            if !off(person, d) {
                *load += a.allocation;
            }
        }
    }
    out
}

fn shares(a: &Person, b: &Person) -> bool {
    a.skills.iter().any(|s| b.skills.contains(s))
}

/// One stretch of days on which nothing changes.
struct Stretch {
    first: usize,
    days: u64,
}

/// What may happen on one over-allocated stretch of one person.
struct Cell {
    stretch: usize,
    excess: u32,
    /// The most the person may be lowered by: the highest excess of their run of
    /// over-allocated days (the amount needed, which may be the same on every day of the run).
    most: u32,
    /// Assignments of the person on the stretch.
    givers: Vec<usize>,
    /// Colleagues who may take load, with their free capacity.
    takers: Vec<(usize, u32)>,
}

/// One way to bring one cell down: per giver, the cut and what each taker takes (in units).
type Choice = Vec<(u32, Vec<u32>)>;

struct Search<'a> {
    p: &'a Program,
    stretches: Vec<Stretch>,
    cells: Vec<Cell>,
    choices: Vec<Vec<Choice>>,
    /// Per request: who may fill it.
    fillers: Vec<Vec<usize>>,
    load: Vec<Vec<u32>>,
    best: Option<Objective>,
    /// Prune plans that cut more than this.
    cut_bound: u64,
    leaves: u64,
}

impl<'a> Search<'a> {
    fn new(p: &'a Program) -> Search<'a> {
        let load = loads(p);
        // A new stretch wherever anything the rules read changes.
        let signature = |d: usize| {
            let people: Vec<(u32, bool, bool)> = p
                .people
                .iter()
                .enumerate()
                .map(|(i, x)| (load[i][d], off(x, d), in_pool(x, d)))
                .collect();
            let active: Vec<bool> = p
                .assignments
                .iter()
                .map(|a| a.from <= d && d <= a.to)
                .chain(p.requests.iter().map(|r| r.from <= d && d <= r.to))
                .collect();
            (people, active)
        };
        let mut stretches: Vec<Stretch> = Vec::new();
        for d in 0..DAYS {
            if d > 0 && signature(d) == signature(d - 1) {
                stretches.last_mut().expect("a stretch").days += 1;
            } else {
                stretches.push(Stretch { first: d, days: 1 });
            }
        }
        let mut cells = Vec::new();
        for (s, st) in stretches.iter().enumerate() {
            let d = st.first;
            for (i, person) in p.people.iter().enumerate() {
                if load[i][d] <= person.capacity {
                    continue;
                }
                let givers = (0..p.assignments.len())
                    .filter(|&a| {
                        let x = &p.assignments[a];
                        x.person == i && x.from <= d && d <= x.to
                    })
                    .collect();
                let takers = p
                    .people
                    .iter()
                    .enumerate()
                    .filter(|(t, other)| {
                        *t != i
                            && shares(person, other)
                            && in_pool(other, d)
                            && !off(other, d)
                            && load[*t][d] < other.capacity
                    })
                    .map(|(t, other)| (t, other.capacity - load[t][d]))
                    .collect();
                let over = |d: usize| load[i][d] > person.capacity;
                let mut first = d;
                while first > 0 && over(first - 1) {
                    first -= 1;
                }
                let mut last = d;
                while last + 1 < DAYS && over(last + 1) {
                    last += 1;
                }
                let most = (first..=last)
                    .map(|x| load[i][x] - person.capacity)
                    .max()
                    .unwrap_or(0);
                cells.push(Cell {
                    stretch: s,
                    excess: load[i][d] - person.capacity,
                    most,
                    givers,
                    takers,
                });
            }
        }
        let fillers = p
            .requests
            .iter()
            .map(|r| {
                (0..p.people.len())
                    .filter(|&t| {
                        let x = &p.people[t];
                        x.skills.contains(&r.skill)
                            && (r.from..=r.to)
                                .all(|d| in_pool(x, d) && load[t][d] + r.allocation <= x.capacity)
                    })
                    .collect()
            })
            .collect();
        let choices = cells.iter().map(|c| cell_choices(p, c)).collect();
        Search {
            p,
            stretches,
            cells,
            choices,
            fillers,
            load,
            best: None,
            cut_bound: u64::MAX,
            leaves: 0,
        }
    }

    /// How many plans there are to try, at most.
    fn size(&self) -> f64 {
        let mut n: f64 = self.choices.iter().map(|c| c.len() as f64).product();
        for f in &self.fillers {
            n *= (f.len() + 1) as f64;
        }
        n
    }

    fn run(&mut self) -> Option<Objective> {
        let mut picked = Vec::with_capacity(self.cells.len());
        let mut used: BTreeMap<(usize, usize), u32> = BTreeMap::new();
        self.cells_from(0, &mut picked, &mut used, 0);
        self.best
    }

    fn cells_from(
        &mut self,
        k: usize,
        picked: &mut Vec<usize>,
        used: &mut BTreeMap<(usize, usize), u32>,
        cut: u64,
    ) {
        if cut > self.cut_bound {
            return;
        }
        if k == self.cells.len() {
            let mut fills = Vec::with_capacity(self.p.requests.len());
            self.fills_from(0, picked, used, &mut fills, cut);
            return;
        }
        for c in 0..self.choices[k].len() {
            let cell = &self.cells[k];
            let choice = &self.choices[k][c];
            let mut fits = true;
            let mut added = Vec::new();
            for (_, hands) in choice {
                for (j, &h) in hands.iter().enumerate() {
                    if h == 0 {
                        continue;
                    }
                    let (t, free) = cell.takers[j];
                    let e = used.entry((t, cell.stretch)).or_insert(0);
                    *e += h * UNIT;
                    added.push(((t, cell.stretch), h * UNIT));
                    if *e > free {
                        fits = false;
                    }
                }
            }
            let more: u64 = cell
                .givers
                .iter()
                .zip(choice)
                .map(|(&g, (x, _))| {
                    let priority = self.p.projects[self.p.assignments[g].project].priority;
                    u64::from(priority) * self.stretches[cell.stretch].days * u64::from(x * UNIT)
                })
                .sum();
            if fits {
                picked.push(c);
                self.cells_from(k + 1, picked, used, cut + more);
                picked.pop();
            }
            for (key, x) in added {
                if let Some(e) = used.get_mut(&key) {
                    *e -= x;
                }
            }
        }
    }

    fn fills_from(
        &mut self,
        q: usize,
        picked: &[usize],
        used: &mut BTreeMap<(usize, usize), u32>,
        fills: &mut Vec<Option<usize>>,
        cut: u64,
    ) {
        if q == self.p.requests.len() {
            self.leaf(picked, fills, cut);
            return;
        }
        fills.push(None);
        self.fills_from(q + 1, picked, used, fills, cut);
        fills.pop();
        let r = self.p.requests[q].clone();
        for t in self.fillers[q].clone() {
            let stretches: Vec<usize> = (0..self.stretches.len())
                .filter(|&s| {
                    let d = self.stretches[s].first;
                    r.from <= d && d <= r.to && !off(&self.p.people[t], d)
                })
                .collect();
            let fits = stretches.iter().all(|&s| {
                let d = self.stretches[s].first;
                self.load[t][d] + used.get(&(t, s)).copied().unwrap_or(0) + r.allocation
                    <= self.p.people[t].capacity
            });
            if !fits {
                continue;
            }
            for &s in &stretches {
                *used.entry((t, s)).or_insert(0) += r.allocation;
            }
            fills.push(Some(t));
            self.fills_from(q + 1, picked, used, fills, cut);
            fills.pop();
            for &s in &stretches {
                if let Some(e) = used.get_mut(&(t, s)) {
                    *e -= r.allocation;
                }
            }
        }
    }

    fn leaf(&mut self, picked: &[usize], fills: &[Option<usize>], cut: u64) {
        self.leaves += 1;
        let p = self.p;
        let n = self.stretches.len();
        // Per assignment and stretch: how much it is lowered; per (assignment, taker) and
        // stretch: how much the taker takes.
        let mut lowered = vec![vec![0u32; n]; p.assignments.len()];
        let mut taken: BTreeMap<(usize, usize), Vec<u32>> = BTreeMap::new();
        for (k, &c) in picked.iter().enumerate() {
            let cell = &self.cells[k];
            for (&g, (x, hands)) in cell.givers.iter().zip(&self.choices[k][c]) {
                lowered[g][cell.stretch] += (x + hands.iter().sum::<u32>()) * UNIT;
                for (j, &h) in hands.iter().enumerate() {
                    if h > 0 {
                        taken
                            .entry((g, cell.takers[j].0))
                            .or_insert_with(|| vec![0; n])[cell.stretch] = h * UNIT;
                    }
                }
            }
        }
        let mut changes = 0u64;
        for (g, a) in p.assignments.iter().enumerate() {
            if lowered[g].iter().all(|&x| x == 0) {
                continue;
            }
            let mut pieces = 0;
            let mut prev = None;
            for (s, st) in self.stretches.iter().enumerate() {
                if st.first < a.from || st.first > a.to {
                    continue;
                }
                let v = a.allocation - lowered[g][s];
                if v > 0 && prev != Some(v) {
                    pieces += 1;
                }
                prev = Some(v);
            }
            changes += pieces.max(1);
        }
        for hands in taken.values() {
            let mut prev = 0;
            for &h in hands {
                if h > 0 && h != prev {
                    changes += 1;
                }
                prev = h;
            }
        }
        let mut unfilled = 0u64;
        for (q, f) in fills.iter().enumerate() {
            let r = &p.requests[q];
            match f {
                Some(_) => changes += 1,
                None => {
                    unfilled += u64::from(p.projects[r.project].priority)
                        * u64::from(r.allocation)
                        * (r.to - r.from + 1) as u64
                }
            }
        }
        let objective = (cut, unfilled, changes);
        if self.best.is_none_or(|b| objective < b) {
            self.best = Some(objective);
            self.cut_bound = cut;
        }
    }
}

/// Every way one cell can be brought down to capacity, in units of 20%.
fn cell_choices(p: &Program, cell: &Cell) -> Vec<Choice> {
    let k = cell.takers.len();
    // Per giver, every split of at most its allocation into a cut and one part per taker.
    let splits: Vec<Vec<(u32, Vec<u32>)>> = cell
        .givers
        .iter()
        .map(|&g| {
            let units = p.assignments[g].allocation / UNIT;
            let mut out = Vec::new();
            let mut parts = vec![0u32; k + 1];
            fn go(i: usize, left: u32, parts: &mut Vec<u32>, out: &mut Vec<(u32, Vec<u32>)>) {
                if i == parts.len() {
                    out.push((parts[0], parts[1..].to_vec()));
                    return;
                }
                for x in 0..=left {
                    parts[i] = x;
                    go(i + 1, left - x, parts, out);
                }
                parts[i] = 0;
            }
            go(0, units, &mut parts, &mut out);
            out
        })
        .collect();
    let mut out = Vec::new();
    let mut current: Choice = Vec::new();
    fn combine(
        i: usize,
        splits: &[Vec<(u32, Vec<u32>)>],
        cell: &Cell,
        current: &mut Choice,
        out: &mut Vec<Choice>,
    ) {
        if i == splits.len() {
            let total: u32 = current.iter().map(|(x, h)| x + h.iter().sum::<u32>()).sum();
            let within = (0..cell.takers.len())
                .all(|j| current.iter().map(|(_, h)| h[j]).sum::<u32>() * UNIT <= cell.takers[j].1);
            if total * UNIT >= cell.excess && total * UNIT <= cell.most && within {
                out.push(current.clone());
            }
            return;
        }
        for s in &splits[i] {
            current.push(s.clone());
            combine(i + 1, splits, cell, current, out);
            current.pop();
        }
    }
    combine(0, &splits, cell, &mut current, &mut out);
    out
}

/// An assignment as the files hold it: (project, person, allocation, from, to).
type Item = (String, String, u32, usize, usize);

/// Every assignment of the program in `dir`.
fn assignments_in(dir: &Path, p: &Program) -> Vec<Item> {
    let mut out = Vec::new();
    for project in &p.projects {
        let text = read(dir, &format!("projects/{}.toml", project.id));
        let doc: toml::Table = toml::from_str(&text).expect("a project file");
        for a in doc
            .get("assignment")
            .and_then(|v| v.as_array())
            .into_iter()
            .flatten()
        {
            let d = |k: &str| day_of(&a[k].as_datetime().expect("a date").to_string());
            out.push((
                project.id.clone(),
                a["person"].as_str().expect("person").to_owned(),
                u32::try_from(a["allocation"].as_integer().expect("allocation")).expect("percent"),
                d("from"),
                d("to"),
            ));
        }
    }
    out.sort();
    out
}

/// Who fills each request of the program in `dir` (by request id).
fn filled_in(dir: &Path, p: &Program) -> BTreeMap<String, String> {
    let mut out = BTreeMap::new();
    for project in &p.projects {
        let text = read(dir, &format!("projects/{}.toml", project.id));
        let doc: toml::Table = toml::from_str(&text).expect("a project file");
        for r in doc
            .get("request")
            .and_then(|v| v.as_array())
            .into_iter()
            .flatten()
        {
            if r["status"].as_str() == Some("filled") {
                out.insert(
                    r["id"].as_str().expect("id").to_owned(),
                    r["filled_by"].as_str().expect("filled_by").to_owned(),
                );
            }
        }
    }
    out
}

/// Whether `item` is the assignment that fills a request, as `fills` records them.
fn fills_one(p: &Program, fills: &BTreeMap<String, String>, item: &Item) -> Option<usize> {
    p.requests.iter().position(|r| {
        fills.get(&r.id) == Some(&item.1)
            && p.projects[r.project].id == item.0
            && r.allocation == item.2
            && (r.from, r.to) == (item.3, item.4)
    })
}

/// Load per project and day of `items` (time off counts 0).
fn project_load(p: &Program, items: &[Item]) -> BTreeMap<(String, usize), u64> {
    let mut out = BTreeMap::new();
    for (project, person, allocation, from, to) in items {
        let who = p.people.iter().find(|x| &x.id == person).expect("a person");
        for d in *from..=*to {
            if !off(who, d) {
                *out.entry((project.clone(), d)).or_insert(0) += u64::from(*allocation);
            }
        }
    }
    out
}

/// The items of `a` that `b` does not have, counting repeats.
fn minus<'i>(a: &'i [Item], b: &[Item]) -> Vec<&'i Item> {
    let mut left: BTreeMap<&Item, usize> = BTreeMap::new();
    for x in b {
        *left.entry(x).or_insert(0) += 1;
    }
    a.iter()
        .filter(|x| match left.get_mut(x) {
            Some(n) if *n > 0 => {
                *n -= 1;
                false
            }
            _ => true,
        })
        .collect()
}

/// The plan applied to a copy of the program breaks no rule, and its files show the cut and
/// the changes it reports.
fn check_applied(p: &Program, dir: &Path, solver: &str, reported: Objective, what: &str) {
    let before = assignments_in(dir, p);
    ok(dir, &["level", "--apply", "--solver", solver]);
    let after = assignments_in(dir, p);
    let (_, json) = check_json(dir);
    assert!(
        findings(&json, "PM201").is_empty(),
        "{what}: PM201 after --apply: {json:#}"
    );
    // Nobody over capacity on any day.
    for (i, person) in p.people.iter().enumerate() {
        for d in 0..DAYS {
            let load: u32 = after
                .iter()
                .filter(|a| a.1 == person.id && a.3 <= d && d <= a.4 && !off(person, d))
                .map(|a| a.2)
                .sum();
            assert!(
                load <= person.capacity,
                "{what}: p{i} at {load}% of {}% on day {d}",
                person.capacity
            );
        }
    }
    // The new assignments: fills match their request; hand-overs go to someone who shares a
    // skill with a person lowered on that project, in the pool and not off on those days.
    let new = minus(&after, &before);
    let gone = minus(&before, &after);
    let fills = filled_in(dir, p);
    let mut fill_items: Vec<&Item> = Vec::new();
    for q in 0..p.requests.len() {
        if let Some(item) = new
            .iter()
            .copied()
            .find(|i| fills_one(p, &fills, i) == Some(q) && !fill_items.contains(i))
        {
            fill_items.push(item);
        }
    }
    assert_eq!(
        fill_items.len(),
        fills.len(),
        "{what}: a fill without its assignment"
    );
    for item in &new {
        let (project, person, _, from, to) = item;
        let fill = fill_items.contains(item);
        let taker = p.people.iter().find(|x| &x.id == person).expect("person");
        let is_piece = gone
            .iter()
            .any(|g| &g.0 == project && &g.1 == person && g.3 <= *from && *to <= g.4);
        if fill || is_piece {
            continue;
        }
        for d in *from..=*to {
            assert!(
                in_pool(taker, d) && !off(taker, d),
                "{what}: {person} takes load on day {d}: off or out of the pool"
            );
        }
        let lowered_sharer = gone.iter().any(|g| {
            &g.0 == project
                && g.3 <= *from
                && *to <= g.4
                && p.people
                    .iter()
                    .find(|x| x.id == g.1)
                    .is_some_and(|x| shares(x, taker))
        });
        assert!(
            lowered_sharer,
            "{what}: {item:?} is a hand-over from nobody {person} shares a skill with"
        );
    }
    // The cut the files show: load each project lost, less what fills added.
    let (old, now) = (project_load(p, &before), project_load(p, &after));
    let mut cut = 0u64;
    for project in &p.projects {
        for d in 0..DAYS {
            let key = (project.id.clone(), d);
            let filled: u64 = fill_items
                .iter()
                .filter(|a| a.0 == project.id && a.3 <= d && d <= a.4)
                .filter(|a| {
                    let who = p.people.iter().find(|x| x.id == a.1).expect("person");
                    !off(who, d)
                })
                .map(|a| u64::from(a.2))
                .sum();
            let lost = (old.get(&key).copied().unwrap_or(0) + filled)
                .saturating_sub(now.get(&key).copied().unwrap_or(0));
            cut += lost * u64::from(project.priority);
        }
    }
    assert_eq!(cut, reported.0, "{what}: the cut the files show");
    let changes = reported.2 as usize;
    assert!(
        new.len() <= changes && changes <= new.len() + gone.len(),
        "{what}: {changes} changes reported, {} items new and {} gone in the files",
        new.len(),
        gone.len()
    );
}

fn reported(dir: &Path, solver: &str) -> Objective {
    let out = ok(dir, &["level", "--format", "json", "--solver", solver]);
    let json: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    let c = &json["cost"];
    if solver == "auto" {
        assert_eq!(c["optimal"], true, "{json:#}");
    }
    let n = |k: &str| c[k].as_u64().expect("a number");
    (n("cut_weighted"), n("unfilled_weighted"), n("changes"))
}

#[test]
fn the_plan_is_as_good_as_trying_every_plan_and_breaks_no_rule() {
    let mut rng = Rng(0x9e37_79b9_7f4a_7c15);
    let (mut compared, mut with_cuts, mut with_moves, mut tried) = (0, 0, 0, 0);
    let mut fallback_worse = 0;
    while compared < 100 && tried < 1000 {
        tried += 1;
        let program = random_program(&mut rng);
        let mut search = Search::new(&program);
        // Past this, trying every plan takes too long for a test; the next program is tried.
        if search.cells.is_empty() && program.requests.is_empty() || search.size() > 1e6 {
            continue;
        }
        let dir = empty_dir();
        write_program(dir.path(), &program);
        let what = format!("program {tried}: {program:#?}");
        let claimed = reported(dir.path(), "auto");
        let best = search
            .run()
            .expect("doing nothing is a plan only without cells");
        assert_eq!(
            claimed, best,
            "{what}\npm level: (cut, open, changes) = {claimed:?}; trying every plan ({} of them) finds {best:?}",
            search.leaves
        );
        // Every other program: the fallback keeps every rule too, and is never better.
        if compared % 2 == 0 {
            let copy = empty_dir();
            copy_dir(dir.path(), copy.path());
            let fast = reported(copy.path(), "fast");
            assert!(
                fast >= best,
                "{what}\nthe fallback finds {fast:?}, better than {best:?}"
            );
            check_applied(
                &program,
                copy.path(),
                "fast",
                fast,
                &format!("fallback, {what}"),
            );
            fallback_worse += usize::from(fast > best);
        }
        check_applied(&program, dir.path(), "auto", claimed, &what);
        compared += 1;
        with_cuts += usize::from(best.0 > 0);
        with_moves += usize::from(best.2 > 0);
    }
    eprintln!(
        "{compared} programs compared with exhaustive search ({with_cuts} needing a cut, {with_moves} with moves), {tried} generated; the fallback alone found a worse plan for {fallback_worse}"
    );
    assert!(compared >= 100, "only {compared} small enough programs");
    assert!(
        with_cuts >= 20 && with_moves >= 60,
        "{with_cuts} with cuts, {with_moves} with moves"
    );
}
