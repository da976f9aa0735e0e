//! Writes a synthetic program of realistic shape for benchmarks, the same bytes for the same
//! seed and sizes:
//!
//!     cargo run --release --example gen_program -- --seed 1 --projects 2000 --people 1000 \
//!         --assignments 50 --work 100 OUT_DIR
//!
//! The program is structurally valid (no PM001-PM005 finding) but, like a real portfolio, not
//! spotless: some people are over-allocated, some work traces to no deliverable or to an
//! exclusion, a few assignments are only proposed and a few staffing requests are open.
//!
//! The benchmarks include this file as a module to generate their input, so it has no
//! dependency beyond the crate's own.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use chrono::{Days, NaiveDate};

/// How big a program to write.
#[derive(Debug, Clone, Copy)]
pub struct Size {
    pub seed: u64,
    pub projects: usize,
    pub people: usize,
    /// Assignments per project.
    pub assignments: usize,
    /// Work items per project.
    pub work: usize,
}

impl Size {
    /// The size M: a quarter of L.
    pub const M: Size = Size {
        seed: 1,
        projects: 500,
        people: 250,
        assignments: 50,
        work: 100,
    };
}

/// What was written.
#[derive(Debug, Default)]
pub struct Written {
    pub files: usize,
    pub bytes: usize,
}

/// xorshift64*: small, fast and the same on every platform, which is all a generator needs.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        // Spread small seeds over the state and keep it non-zero, as xorshift requires.
        Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1)
    }
    fn next(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    /// Uniform in `0..n` (n > 0).
    fn below(&mut self, n: usize) -> usize {
        ((u128::from(self.next()) * n as u128) >> 64) as usize
    }
    /// Uniform in `lo..=hi`.
    fn between(&mut self, lo: u64, hi: u64) -> u64 {
        lo + self.below((hi - lo + 1) as usize) as u64
    }
    /// True `percent` times in a hundred (fractions allowed through per-mille).
    fn per_mille(&mut self, n: usize) -> bool {
        self.below(1000) < n
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const FIRST: [&str; 24] = [
    "ada", "bao", "carla", "dmitri", "elif", "farid", "greta", "hiro", "ines", "jonas", "kemi",
    "luca", "mei", "nadia", "omar", "pia", "quinn", "rosa", "sven", "tariq", "uma", "viktor",
    "wen", "yara",
];
const LAST: [&str; 16] = [
    "Okafor",
    "Lindqvist",
    "Moreau",
    "Tanaka",
    "Silva",
    "Novak",
    "Haddad",
    "Kowalski",
    "Mensah",
    "Rossi",
    "Petrov",
    "Nguyen",
    "Fischer",
    "Costa",
    "Ibrahim",
    "Larsen",
];
const SKILLS: [&str; 20] = [
    "propulsion",
    "gnc",
    "thermal",
    "structures",
    "avionics",
    "rf",
    "software",
    "rust",
    "embedded",
    "test",
    "systems-engineering",
    "project-management",
    "cryogenics",
    "life-support",
    "robotics",
    "optics",
    "power",
    "data",
    "safety",
    "logistics",
];
const ADJECTIVES: [&str; 16] = [
    "lunar", "orbital", "deep", "polar", "surface", "crewed", "robotic", "solar", "cargo", "relay",
    "habitat", "rover", "ascent", "descent", "ground", "mission",
];
const NOUNS: [&str; 16] = [
    "lander", "terminal", "station", "array", "network", "module", "vehicle", "suit", "drill",
    "camera", "reactor", "antenna", "depot", "gateway", "bus", "tracker",
];
const AREAS: [&str; 4] = ["infrastructure", "science", "operations", "exploration"];
const VERBS: [&str; 16] = [
    "Design",
    "Build",
    "Test",
    "Integrate",
    "Review",
    "Qualify",
    "Document",
    "Simulate",
    "Calibrate",
    "Prototype",
    "Verify",
    "Analyse",
    "Procure",
    "Assemble",
    "Inspect",
    "Refine",
];
const OBJECTS: [&str; 16] = [
    "telemetry parser",
    "thermal model",
    "harness layout",
    "power budget",
    "flight software build",
    "test stand",
    "pressure vessel",
    "guidance loop",
    "antenna pattern",
    "ground station link",
    "landing leg",
    "battery pack",
    "mass budget",
    "fault tree",
    "docking adapter",
    "operations manual",
];
const DELIVERABLES: [&str; 12] = [
    "design-package",
    "flight-unit",
    "qualification-report",
    "software-release",
    "test-campaign",
    "operations-plan",
    "integration-kit",
    "prototype",
    "ground-support",
    "training-course",
    "data-pipeline",
    "safety-case",
];
/// Exclusions with the keywords that mark work as out of scope.
const EXCLUSIONS: [(&str, &str, [&str; 2]); 6] = [
    ("crew-suits", "Crew spacesuits", ["spacesuit", "eva suit"]),
    (
        "launch-site",
        "Launch site equipment",
        ["launch pad", "mobile launcher"],
    ),
    ("billing", "Customer billing", ["invoice", "billing portal"]),
    (
        "marketing",
        "Public outreach",
        ["press kit", "social media"],
    ),
    (
        "facilities",
        "Building facilities",
        ["office move", "cafeteria"],
    ),
    (
        "hr-systems",
        "Human resources systems",
        ["payroll", "recruiting portal"],
    ),
];
const ROLES: [&str; 6] = [
    "lead",
    "engineer",
    "analyst",
    "reviewer",
    "test engineer",
    "project manager",
];
const WORK_STATUS: [&str; 3] = ["todo", "doing", "done"];

/// The program runs four years from this date.
fn program_start() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default()
}
/// 2026-01-01 to 2029-12-31 inclusive.
const PROGRAM_DAYS: u64 = 1461;

fn add_days(d: NaiveDate, n: u64) -> NaiveDate {
    d.checked_add_days(Days::new(n)).unwrap_or(d)
}
fn sub_days(d: NaiveDate, n: u64) -> NaiveDate {
    d.checked_sub_days(Days::new(n)).unwrap_or(d)
}
fn days_between(a: NaiveDate, b: NaiveDate) -> u64 {
    u64::try_from((b - a).num_days()).unwrap_or(0)
}

/// A random window of about `len` days inside `from..=to`.
fn window_in(rng: &mut Rng, from: NaiveDate, to: NaiveDate, len: u64) -> (NaiveDate, NaiveDate) {
    let span = days_between(from, to);
    let len = len.min(span);
    let start = add_days(from, rng.between(0, span - len));
    (start, add_days(start, len))
}

struct Person {
    id: String,
    capacity: u32,
}

/// Each person's planned load per week (the highest day of the week, so a plan that fits
/// never over-allocates a day).
struct Staffing {
    weeks: Vec<Vec<u32>>,
}

impl Staffing {
    /// Picks who takes an assignment: the first of a few random people with room for it. When
    /// nobody has room, and now and then regardless, someone is over-allocated, as in life.
    fn staff(
        &mut self,
        rng: &mut Rng,
        people: &[Person],
        from: NaiveDate,
        to: NaiveDate,
        allocation: u32,
    ) -> usize {
        let first = days_between(program_start(), from) as usize / 7;
        let last = (days_between(program_start(), to) as usize / 7).min(self.weeks[0].len() - 1);
        let careless = rng.per_mille(3);
        let mut who = rng.below(people.len());
        for _ in 0..24 {
            let room = self.weeks[who][first..=last]
                .iter()
                .all(|&w| w + allocation <= people[who].capacity);
            if room || careless {
                break;
            }
            who = rng.below(people.len());
        }
        for w in &mut self.weeks[who][first..=last] {
            *w += allocation;
        }
        who
    }
}

struct ProjectPlan {
    id: String,
    rel: String,
}

/// Writes the program to `out`, which must not hold a program yet.
pub fn generate(size: &Size, out: &Path) -> Result<Written, String> {
    if out.join("program.toml").exists() || out.join("projects").exists() {
        return Err(format!(
            "{} already holds a program; remove it or choose another folder",
            out.display()
        ));
    }
    if size.projects == 0 || size.people == 0 {
        return Err("a program needs at least one project and one person".into());
    }
    let mut rng = Rng::new(size.seed);
    let mut written = Written::default();
    let mut write = |rel: &str, text: &str| -> Result<(), String> {
        let path: PathBuf = out.join(rel);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        }
        std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
        written.files += 1;
        written.bytes += text.len();
        Ok(())
    };

    let benefits: Vec<String> = (0..12.min(size.projects.max(1)))
        .map(|i| format!("benefit-{:02}", i + 1))
        .collect();
    let people: Vec<Person> = (0..size.people)
        .map(|i| Person {
            id: format!("{}-{:04}", FIRST[i % FIRST.len()], i + 1),
            capacity: 100,
        })
        .collect();
    let mut people = people;
    let program_text = program_toml(&mut rng, size, &benefits, &mut people);
    write("program.toml", &program_text)?;

    let plans: Vec<ProjectPlan> = (0..size.projects)
        .map(|i| {
            let id = format!(
                "{}-{}-{:04}",
                ADJECTIVES[(i / NOUNS.len()) % ADJECTIVES.len()],
                NOUNS[i % NOUNS.len()],
                i + 1
            );
            // A third of the projects live in a sub-folder per area, as large programs do.
            let rel = if i % 3 == 0 {
                format!("projects/{}/{id}.toml", AREAS[(i / 3) % AREAS.len()])
            } else {
                format!("projects/{id}.toml")
            };
            ProjectPlan { id, rel }
        })
        .collect();

    // Assignment lengths are chosen so an average person is planned at about a third of their
    // capacity; staffing then fills people who have room, as a program manager would, and
    // about one person in six ends up over-allocated somewhere.
    let per_person = (size.projects * size.assignments) as f64 / size.people as f64;
    let mean_allocation = 22.0;
    let mean_days = (34.0 * PROGRAM_DAYS as f64 / (per_person.max(0.1) * mean_allocation))
        .clamp(14.0, 540.0) as u64;
    let mut staffing = Staffing {
        weeks: vec![vec![0; PROGRAM_DAYS as usize / 7 + 2]; people.len()],
    };

    for (i, plan) in plans.iter().enumerate() {
        let text = project_toml(
            &mut rng,
            size,
            i,
            plan,
            &benefits,
            &people,
            &mut staffing,
            mean_days,
        );
        write(&plan.rel, &text)?;
    }
    Ok(written)
}

fn program_toml(rng: &mut Rng, size: &Size, benefits: &[String], people: &mut [Person]) -> String {
    let mut s = String::with_capacity(200 * people.len() + 4096);
    let start = program_start();
    let end = add_days(start, PROGRAM_DAYS - 1);
    let _ = writeln!(
        s,
        "# A synthetic program written by gen_program (seed {}): {} projects, {} people.\n",
        size.seed, size.projects, size.people
    );
    let _ = writeln!(
        s,
        "[program]\nid = \"synthetic\"\nname = \"Synthetic Portfolio\"\nmanager = \"{}\"\n\
         sponsor = \"Portfolio Office\"\nstart = {start}\nend = {end}\nhours_per_week = 40\n",
        people[0].id
    );
    for (i, b) in benefits.iter().enumerate() {
        let _ = writeln!(
            s,
            "[[benefit]]\nid = \"{b}\"\ntitle = \"Program benefit number {}\"\n",
            i + 1
        );
    }
    s.push_str("# The shared pool.\n\n");
    for (i, p) in people.iter_mut().enumerate() {
        let _ = writeln!(s, "[[person]]\nid = \"{}\"", p.id);
        let _ = writeln!(
            s,
            "name = \"{} {}\"",
            capitalise(FIRST[i % FIRST.len()]),
            LAST[rng.below(LAST.len())]
        );
        // One in seven works part-time.
        if rng.per_mille(140) {
            p.capacity = *rng.pick(&[50, 60, 80]);
            let _ = writeln!(s, "capacity = {}", p.capacity);
        } else if rng.per_mille(500) {
            let _ = writeln!(s, "capacity = 100");
        }
        let n = rng.between(1, 4) as usize;
        let mut skills: Vec<&str> = Vec::with_capacity(n);
        while skills.len() < n {
            let k = *rng.pick(&SKILLS);
            if !skills.contains(&k) {
                skills.push(k);
            }
        }
        let _ = writeln!(s, "skills = [{}]", quoted(&skills));
        if rng.per_mille(100) {
            // Joined before the program started: harmless, and exercises the key.
            let _ = writeln!(s, "start = {}", sub_days(start, rng.between(30, 900)));
        }
        if rng.per_mille(300) {
            let mut offs = Vec::new();
            for _ in 0..rng.between(1, 3) {
                let len = rng.between(3, 20);
                let (from, to) = window_in(rng, start, end, len);
                offs.push(format!(
                    "{{ from = {from}, to = {to}, reason = \"{}\" }}",
                    rng.pick(&["leave", "training", "conference", "parental leave"])
                ));
            }
            let _ = writeln!(s, "time_off = [{}]", offs.join(", "));
        }
        s.push('\n');
    }
    s.push_str("[check]\ndeny_warnings = false\n");
    s
}

#[allow(clippy::too_many_arguments)]
fn project_toml(
    rng: &mut Rng,
    size: &Size,
    index: usize,
    plan: &ProjectPlan,
    benefits: &[String],
    people: &[Person],
    staffing: &mut Staffing,
    mean_days: u64,
) -> String {
    let mut s = String::with_capacity(size.work * 260 + size.assignments * 130 + 2048);
    let program_start = program_start();
    let charter_days = rng.between(180, 900).min(PROGRAM_DAYS - 1);
    let start = add_days(
        program_start,
        rng.between(0, PROGRAM_DAYS - 1 - charter_days),
    );
    let end = add_days(start, charter_days);
    let status = match rng.below(100) {
        0..80 => "active",
        80..90 => "proposed",
        90..95 => "on-hold",
        95..98 => "done",
        _ => "cancelled",
    };
    let manager = &people[rng.below(people.len())].id;
    let mut served = vec![benefits[index % benefits.len()].as_str()];
    if rng.per_mille(300) {
        let b = rng.pick(benefits).as_str();
        if !served.contains(&b) {
            served.push(b);
        }
    }
    let _ = writeln!(
        s,
        "# {} — generated project {} of {}.\n",
        plan.id,
        index + 1,
        size.projects
    );
    let _ = writeln!(
        s,
        "[project]\nid = \"{}\"\nname = \"{}\"\nstatus = \"{status}\"\nmanager = \"{manager}\"\n\
         benefits = [{}]\n",
        plan.id,
        title_case(&plan.id),
        quoted(&served)
    );

    // The team first: work is assigned to people who are on the project when it runs.
    let mut team: Vec<(usize, NaiveDate, NaiveDate)> = Vec::with_capacity(size.assignments);
    let mut assignments = String::with_capacity(size.assignments * 130);
    for _ in 0..size.assignments {
        let len = rng.between(mean_days / 2, mean_days * 3 / 2).max(1);
        let (from, to) = window_in(rng, start, end, len);
        let allocation: u32 = *rng.pick(&[10, 10, 15, 20, 20, 25, 30, 40]);
        let who = staffing.staff(rng, people, from, to, allocation);
        team.push((who, from, to));
        let _ = write!(
            assignments,
            "[[assignment]]\nperson = \"{}\"\nallocation = {allocation}\nfrom = {from}\nto = {to}\n",
            people[who].id
        );
        if rng.per_mille(30) {
            assignments.push_str("status = \"proposed\"\n");
        }
        if rng.per_mille(400) {
            let _ = writeln!(assignments, "role = \"{}\"", rng.pick(&ROLES));
        }
        assignments.push('\n');
    }

    // Deliverable ids are the project's own, as in a real program; about one project in a
    // hundred also claims its neighbour's first deliverable, an overlap PM303 reports.
    let deliverable_id = |project: usize, k: usize| {
        format!(
            "{}-{project:04}-{}",
            DELIVERABLES[(project + k) % DELIVERABLES.len()],
            k + 1
        )
    };
    let n_deliverables = rng.between(3, 8) as usize;
    let mut deliverables: Vec<String> = (0..n_deliverables)
        .map(|k| deliverable_id(index, k))
        .collect();
    if index > 0 && rng.per_mille(10) {
        deliverables[0] = deliverable_id(index - 1, 0);
    }
    let n_exclusions = rng.between(1, 3) as usize;
    let first_exclusion = rng.below(EXCLUSIONS.len());
    let exclusions: Vec<_> = (0..n_exclusions)
        .map(|k| EXCLUSIONS[(first_exclusion + k) % EXCLUSIONS.len()])
        .collect();

    let mut work = String::with_capacity(size.work * 260);
    let mut effort = 0u64;
    for k in 0..size.work {
        let excluded_title = rng.per_mille(5);
        let title = if excluded_title {
            let (_, _, keywords) = rng.pick(&exclusions);
            format!("Update the {} {}", rng.pick(keywords), k + 1)
        } else {
            format!("{} the {} {}", rng.pick(&VERBS), rng.pick(&OBJECTS), k + 1)
        };
        let id = pm::model::slugify(&title).unwrap_or_else(|| format!("work-{}", k + 1));
        let _ = write!(work, "[[work]]\nid = \"{id}\"\ntitle = \"{title}\"\n");
        match rng.below(1000) {
            // Untraced: no deliverable at all, or one this project does not have.
            0..15 => {}
            15..25 => {
                let _ = writeln!(work, "deliverable = \"legacy-{}\"", rng.pick(&DELIVERABLES));
            }
            25..30 => {
                let _ = writeln!(work, "deliverable = \"{}\"", rng.pick(&exclusions).0);
            }
            _ => {
                let _ = writeln!(work, "deliverable = \"{}\"", rng.pick(&deliverables));
            }
        }
        let hours = rng.between(8, 320);
        effort += hours;
        let _ = writeln!(work, "estimate_hours = {hours}");
        let wstatus = *rng.pick(&WORK_STATUS);
        if wstatus != "todo" || rng.per_mille(300) {
            let _ = writeln!(work, "status = \"{wstatus}\"");
        }
        let mut dates = None;
        if rng.per_mille(850) {
            let len = rng.between(5, 120);
            let (mut from, mut to) = window_in(rng, start, end, len);
            // A few items slip outside the charter, as plans do.
            if rng.per_mille(10) {
                from = sub_days(start, rng.between(1, 30));
                to = add_days(end, rng.between(0, 30)).max(from);
            }
            let _ = writeln!(work, "start = {from}\ndue = {to}");
            dates = Some((from, to));
        }
        if !team.is_empty() && rng.per_mille(800) {
            // Someone on the project over the work's dates; one item in two hundred goes to any
            // team member, maybe one who is not on it then: a slip PM207 reports. One draw
            // decides both, so the items after this one come out as they always did.
            let on_time: Vec<usize> = team
                .iter()
                .filter(|(_, f, t)| dates.is_none_or(|(from, to)| *f <= to && *t >= from))
                .map(|(who, _, _)| *who)
                .collect();
            let k = rng.below(200 * team.len());
            let who = if k < team.len() || on_time.is_empty() {
                team[k % team.len()].0
            } else {
                on_time[k % on_time.len()]
            };
            let _ = writeln!(work, "assignee = \"{}\"", people[who].id);
        }
        let n_tags = rng.below(3);
        if n_tags > 0 {
            let tags: Vec<&str> = (0..n_tags).map(|_| *rng.pick(&SKILLS)).collect();
            let _ = writeln!(work, "tags = [{}]", quoted(&tags));
        }
        work.push('\n');
    }

    // Most charters leave head-room over their estimates; a few are over their cap.
    let cap = if rng.per_mille(30) {
        effort * 9 / 10
    } else {
        effort * 12 / 10 + 100
    };
    let _ = writeln!(
        s,
        "[charter]\nobjective = \"Deliver the {} for the program\"\nstart = {start}\nend = {end}\n\
         effort_hours = {cap}\nbudget = {}\napproved = {}\napproved_by = \"{}\"\n",
        title_case(&plan.id).to_lowercase(),
        rng.between(100, 5000) * 1000,
        sub_days(start, rng.between(1, 40)),
        people[0].id
    );
    s.push_str("# --- In scope ---\n\n");
    for (k, d) in deliverables.iter().enumerate() {
        let due = add_days(start, charter_days * (k as u64 + 1) / n_deliverables as u64);
        let _ = writeln!(
            s,
            "[[deliverable]]\nid = \"{d}\"\ntitle = \"{}\"\ndue = {due}\n",
            title_case(d)
        );
    }
    s.push_str("# --- Out of scope ---\n\n");
    for (id, title, keywords) in &exclusions {
        let _ = writeln!(
            s,
            "[[exclusion]]\nid = \"{id}\"\ntitle = \"{title}\"\nkeywords = [{}]\n",
            quoted(keywords)
        );
    }
    s.push_str("# --- Work ---\n\n");
    s.push_str(&work);
    s.push_str("# --- Staffing ---\n\n");
    s.push_str(&assignments);
    if rng.per_mille(50) {
        let (from, to) = window_in(rng, start, end, 120);
        let skill = rng.pick(&SKILLS);
        let _ = writeln!(
            s,
            "[[request]]\nid = \"need-{skill}\"\nskills = [\"{skill}\"]\nallocation = 50\n\
             from = {from}\nto = {to}\nreason = \"Nobody on the team covers {skill}\"\n\
             status = \"open\"\n"
        );
    }
    s
}

fn quoted<S: AsRef<str>>(items: &[S]) -> String {
    items
        .iter()
        .map(|s| format!("\"{}\"", s.as_ref()))
        .collect::<Vec<_>>()
        .join(", ")
}

fn capitalise(word: &str) -> String {
    let mut c = word.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

fn title_case(slug: &str) -> String {
    slug.split('-')
        .map(capitalise)
        .collect::<Vec<_>>()
        .join(" ")
}

fn usage() -> String {
    "usage: gen_program [--seed N] [--projects N] [--people N] [--assignments N] [--work N] OUT_DIR\n\
     defaults are size M: --seed 1 --projects 500 --people 250 --assignments 50 --work 100"
        .into()
}

fn parse_args(args: impl Iterator<Item = String>) -> Result<(Size, PathBuf), String> {
    let mut size = Size::M;
    let mut out = None;
    let mut args = args;
    while let Some(a) = args.next() {
        let mut number = |name: &str| -> Result<u64, String> {
            let v = args
                .next()
                .ok_or_else(|| format!("{name} needs a number\n{}", usage()))?;
            v.parse::<u64>()
                .map_err(|_| format!("{name} {v}: not a whole number\n{}", usage()))
        };
        match a.as_str() {
            "--seed" => size.seed = number("--seed")?,
            "--projects" => size.projects = number("--projects")? as usize,
            "--people" => size.people = number("--people")? as usize,
            "--assignments" => size.assignments = number("--assignments")? as usize,
            "--work" => size.work = number("--work")? as usize,
            "-h" | "--help" => return Err(usage()),
            s if s.starts_with('-') => return Err(format!("unknown option {s}\n{}", usage())),
            _ if out.is_some() => return Err(format!("one output folder only\n{}", usage())),
            _ => out = Some(PathBuf::from(a)),
        }
    }
    let out = out.ok_or_else(usage)?;
    Ok((size, out))
}

#[allow(dead_code)]
fn main() {
    let (size, out) = match parse_args(std::env::args().skip(1)) {
        Ok(x) => x,
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(2);
        }
    };
    match generate(&size, &out) {
        Ok(w) => println!(
            "wrote {} files, {:.1} MB, to {}",
            w.files,
            w.bytes as f64 / 1e6,
            out.display()
        ),
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(2);
        }
    }
}
