//! Tests of the load model, and the small programs the plan tests share with them.

use chrono::NaiveDate;

use super::*;
use crate::store::{Loaded, load_texts};

pub(crate) fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// A program from text, without the file system; every file must decode cleanly.
pub(crate) fn loaded(program: &str, projects: &[(&str, &str)]) -> Loaded {
    let paths: Vec<String> = projects
        .iter()
        .map(|(id, _)| format!("projects/{id}.toml"))
        .collect();
    let files: Vec<(&str, &[u8])> = paths
        .iter()
        .zip(projects)
        .map(|(path, (_, text))| (path.as_str(), text.as_bytes()))
        .collect();
    let l = load_texts(program.as_bytes(), &files);
    assert!(l.diagnostics.is_empty(), "{:?}", l.diagnostics);
    l
}

fn loads(l: &Loaded) -> Loads<'_> {
    Loads::new(l, Options::default())
}

pub(crate) const POOL: &str = r#"
[program]
id = "p"
name = "P"

[[person]]
id = "ann"
skills = ["thermal", "rf"]

[[person]]
id = "ben"
skills = ["thermal"]
capacity = 80

[[person]]
id = "cat"
skills = ["rf", "thermal"]
start = 2026-06-01

[[person]]
id = "dan"
skills = ["thermal", "rf"]
end = 2026-09-30

[[person]]
id = "eve"
skills = ["rf"]
time_off = [{ from = 2026-03-01, to = 2026-03-31 }]
"#;

pub(crate) fn project(id: &str, status: &str, body: &str) -> String {
    format!(
        "[project]\nid = \"{id}\"\nname = \"{id}\"\nstatus = \"{status}\"\n\n[charter]\nstart = 2026-01-01\nend = 2026-12-31\n{body}"
    )
}

pub(crate) fn assignment(person: &str, allocation: u32, from: &str, to: &str) -> String {
    format!(
        "\n[[assignment]]\nperson = \"{person}\"\nallocation = {allocation}\nfrom = {from}\nto = {to}\n"
    )
}

pub(crate) fn c(person: &str, free: u32) -> Candidate {
    Candidate {
        person: person.to_owned(),
        free,
    }
}

#[test]
fn free_is_capacity_minus_the_peak_over_the_window() {
    let body = [
        assignment("ann", 50, "2026-01-01", "2026-12-31"),
        assignment("ann", 30, "2026-03-01", "2026-03-31"),
        assignment("ben", 80, "2026-01-01", "2026-12-31"),
        assignment("eve", 90, "2026-02-01", "2026-04-30"),
    ]
    .concat();
    let l = loaded(POOL, &[("x", &project("x", "active", &body))]);
    let plan = loads(&l);
    assert_eq!(plan.free("ann", d("2026-02-01"), d("2026-02-28")), Some(50));
    // One day at 80% in the window is enough to make 20% the most that is free throughout.
    assert_eq!(plan.free("ann", d("2026-02-01"), d("2026-03-01")), Some(20));
    // Exactly full: nothing free, and not negative.
    assert_eq!(plan.free("ben", d("2026-01-01"), d("2026-12-31")), Some(0));
    // Time off is no load: eve is free all of March.
    assert_eq!(
        plan.free("eve", d("2026-03-01"), d("2026-03-31")),
        Some(100)
    );
    assert_eq!(plan.free("eve", d("2026-03-01"), d("2026-04-01")), Some(10));
    assert_eq!(plan.free("nobody", d("2026-03-01"), d("2026-04-01")), None);
    assert_eq!(
        plan.free("cat", d("2026-01-01"), d("2026-12-31")),
        Some(100)
    );
}

#[test]
fn proposed_assignments_are_not_load() {
    let body = format!(
        "{}status = \"proposed\"\n",
        assignment("ann", 60, "2026-01-01", "2026-12-31")
    );
    let l = loaded(POOL, &[("x", &project("x", "active", &body))]);
    assert_eq!(
        loads(&l).free("ann", d("2026-01-01"), d("2026-12-31")),
        Some(100)
    );
}

#[test]
fn request_candidates_have_every_skill_are_available_and_free() {
    let body = [
        assignment("ann", 70, "2026-01-01", "2026-12-31"),
        assignment("ben", 80, "2026-07-01", "2026-07-31"),
        "\n[[request]]\nid = \"r\"\nskills = [\"thermal\", \"rf\"]\nallocation = 50\nfrom = 2026-05-01\nto = 2026-08-31\nreason = \"why\"\n".to_owned(),
    ]
    .concat();
    let l = loaded(POOL, &[("x", &project("x", "active", &body))]);
    let p = &l.projects[0];
    // ben lacks rf (and is full in July); cat joins after the window starts; eve lacks thermal.
    assert_eq!(
        loads(&l).request_candidates(p, &p.requests[0]),
        vec![c("dan", 100), c("ann", 30)]
    );
}

#[test]
fn request_candidates_default_to_the_charter_and_break_ties_by_id() {
    let body = "\n[[request]]\nid = \"r\"\nskills = [\"RF\"]\nallocation = 50\nreason = \"why\"\n";
    let l = loaded(POOL, &[("x", &project("x", "active", body))]);
    let p = &l.projects[0];
    // The window is the whole charter year: cat joins in June and dan leaves in September.
    assert_eq!(
        loads(&l).request_candidates(p, &p.requests[0]),
        vec![c("ann", 100), c("eve", 100)]
    );
}

#[test]
fn request_candidates_are_the_same_looked_up_by_skill_as_found_by_a_scan() {
    let pool = POOL.replace("skills = [\"rf\"]", "skills = [\" Rf \"]");
    let requests = [
        ("[\" rf\"]", vec![c("ann", 100), c("eve", 100)]),
        ("[\"THERMAL\", \"rf\"]", vec![c("ann", 100)]),
        ("[\"welding\"]", vec![]),
        ("[]", vec![c("ann", 100), c("eve", 100), c("ben", 80)]),
    ];
    for (skills, want) in requests {
        let body = format!(
            "\n[[request]]\nid = \"r\"\nskills = {skills}\nallocation = 50\nreason = \"why\"\n"
        );
        let l = loaded(&pool, &[("x", &project("x", "active", &body))]);
        let p = &l.projects[0];
        assert_eq!(
            loads(&l).request_candidates(p, &p.requests[0]),
            want,
            "{skills}"
        );
    }
}

#[test]
fn overload_candidates_share_a_skill_and_exclude_the_person() {
    let body = [
        assignment("ann", 120, "2026-07-01", "2026-07-31"),
        assignment("ben", 50, "2026-07-01", "2026-07-31"),
        assignment("eve", 95, "2026-07-15", "2026-07-20"),
    ]
    .concat();
    let l = loaded(POOL, &[("x", &project("x", "active", &body))]);
    assert_eq!(
        loads(&l).overload_candidates("ann", d("2026-07-01"), d("2026-07-31")),
        vec![c("cat", 100), c("dan", 100), c("ben", 30), c("eve", 5)]
    );
    // ann shares rf with eve but has nothing free; ben shares no skill with her.
    assert_eq!(
        loads(&l).overload_candidates("eve", d("2026-07-01"), d("2026-07-31")),
        vec![c("cat", 100), c("dan", 100)]
    );
    assert!(
        loads(&l)
            .overload_candidates("zed", d("2026-07-01"), d("2026-07-31"))
            .is_empty()
    );
}

#[test]
fn overloads_are_runs_with_their_projects() {
    let x = [
        assignment("ann", 60, "2026-02-01", "2026-12-31"),
        assignment("ben", 80, "2026-01-01", "2026-12-31"),
    ]
    .concat();
    let y = [
        assignment("ann", 60, "2026-05-01", "2026-06-30"),
        assignment("ben", 10, "2026-03-01", "2026-03-10"),
    ]
    .concat();
    // A closed project's dated assignments were real load while they ran.
    let z = assignment("ann", 50, "2026-10-01", "2026-10-31");
    let l = loaded(
        POOL,
        &[
            ("x", &project("x", "active", &x)),
            ("y", &project("y", "active", &y)),
            ("z", &project("z", "done", &z)),
        ],
    );
    let got = loads(&l).overloads();
    let over = |person: &str, from: &str, to: &str, peak, capacity, projects: &[&str]| Overload {
        person: person.to_owned(),
        from: d(from),
        to: d(to),
        peak,
        capacity,
        projects: projects.iter().map(|s| s.to_string()).collect(),
        programs: vec![(
            "p".to_owned(),
            projects.iter().map(|s| s.to_string()).collect(),
        )],
    };
    assert_eq!(
        got,
        vec![
            over("ann", "2026-05-01", "2026-06-30", 120, 100, &["x", "y"]),
            over("ann", "2026-10-01", "2026-10-31", 110, 100, &["x", "z"]),
            over("ben", "2026-03-01", "2026-03-10", 90, 80, &["x", "y"]),
        ]
    );
}
