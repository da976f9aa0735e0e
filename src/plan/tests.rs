use std::path::PathBuf;

use chrono::NaiveDate;

use super::balance::{Offer, Proposal, proposals};
use super::*;
use crate::model::FileId;
use crate::store::{Loaded, Sources, decode_program, decode_project};

fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// A program from text, without the file system; every file must decode cleanly.
fn loaded(program: &str, projects: &[(&str, &str)]) -> Loaded {
    let (program, diags) = decode_program(FileId(0), program);
    assert!(diags.is_empty(), "{diags:?}");
    let projects = projects
        .iter()
        .zip(1u32..)
        .map(|((id, text), n)| {
            let (p, diags) = decode_project(FileId(n), text, id);
            assert!(diags.is_empty(), "{id}: {diags:?}");
            p.unwrap()
        })
        .collect();
    Loaded {
        root: PathBuf::new(),
        sources: Sources::default(),
        program,
        projects,
        diagnostics: Vec::new(),
    }
}

const POOL: &str = r#"
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

fn project(id: &str, status: &str, body: &str) -> String {
    format!(
        "[project]\nid = \"{id}\"\nname = \"{id}\"\nstatus = \"{status}\"\n\n[charter]\nstart = 2026-01-01\nend = 2026-12-31\n{body}"
    )
}

fn assignment(person: &str, allocation: u32, from: &str, to: &str) -> String {
    format!(
        "\n[[assignment]]\nperson = \"{person}\"\nallocation = {allocation}\nfrom = {from}\nto = {to}\n"
    )
}

fn c(person: &str, free: u32) -> Candidate {
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
    let plan = Plan::new(&l);
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
    assert_eq!(free(&l, "cat", d("2026-01-01"), d("2026-12-31")), Some(100));
}

#[test]
fn proposed_assignments_are_not_load() {
    let body = format!(
        "{}status = \"proposed\"\n",
        assignment("ann", 60, "2026-01-01", "2026-12-31")
    );
    let l = loaded(POOL, &[("x", &project("x", "active", &body))]);
    assert_eq!(
        Plan::new(&l).free("ann", d("2026-01-01"), d("2026-12-31")),
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
        request_candidates(&l, p, &p.requests[0]),
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
        request_candidates(&l, p, &p.requests[0]),
        vec![c("ann", 100), c("eve", 100)]
    );
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
        overload_candidates(&l, "ann", d("2026-07-01"), d("2026-07-31")),
        vec![c("cat", 100), c("dan", 100), c("ben", 30), c("eve", 5)]
    );
    // ann shares rf with eve but has nothing free; ben shares no skill with her.
    assert_eq!(
        overload_candidates(&l, "eve", d("2026-07-01"), d("2026-07-31")),
        vec![c("cat", 100), c("dan", 100)]
    );
    assert!(overload_candidates(&l, "zed", d("2026-07-01"), d("2026-07-31")).is_empty());
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
    let got = Plan::new(&l).overloads();
    let over = |person: &str, from: &str, to: &str, peak, capacity, projects: &[&str]| Overload {
        person: person.to_owned(),
        from: d(from),
        to: d(to),
        peak,
        capacity,
        projects: projects.iter().map(|s| s.to_string()).collect(),
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

fn offer(person: &str, free: u32, allocation: u32, resolves: bool, command: &str) -> Offer {
    Offer {
        person: person.to_owned(),
        free,
        allocation,
        resolves,
        command: command.to_owned(),
    }
}

#[test]
fn balance_hands_the_excess_over_on_the_latest_commitment() {
    let x = [
        assignment("ann", 60, "2026-02-01", "2026-12-31"),
        assignment("dan", 90, "2026-01-01", "2026-09-30"),
    ]
    .concat();
    let y = [
        assignment("ann", 60, "2026-05-01", "2026-06-30"),
        assignment("ben", 60, "2026-01-01", "2026-12-31"),
    ]
    .concat();
    let l = loaded(
        POOL,
        &[
            ("x", &project("x", "active", &x)),
            ("y", &project("y", "active", &y)),
        ],
    );
    let got = proposals(&l);
    let cmd = |who: &str, n: u32| {
        format!(
            "pm assign {who} y --allocation {n} --from 2026-05-01 --to 2026-06-30 --instead-of ann"
        )
    };
    assert_eq!(
        got,
        vec![Proposal::OverAllocation {
            person: "ann".into(),
            from: d("2026-05-01"),
            to: d("2026-06-30"),
            peak: 120,
            capacity: 100,
            projects: vec!["x".into(), "y".into()],
            // cat joins in June, after the run starts.
            candidates: vec![
                offer("eve", 100, 20, true, &cmd("eve", 20)),
                offer("ben", 20, 20, true, &cmd("ben", 20)),
                offer("dan", 10, 10, false, &cmd("dan", 10)),
            ],
        }]
    );
}

#[test]
fn balance_hands_over_on_the_assignment_covering_most_of_the_run() {
    // ann is over from 03-01 to 03-31: x covers all of it, each y assignment only half, though
    // they start later.
    let x = assignment("ann", 70, "2026-01-01", "2026-12-31");
    let y = assignment("ann", 40, "2026-03-01", "2026-03-15")
        + &assignment("ann", 40, "2026-03-16", "2026-03-31");
    let l = loaded(
        POOL,
        &[
            ("x", &project("x", "active", &x)),
            ("y", &project("y", "active", &y)),
        ],
    );
    let got = proposals(&l);
    let Proposal::OverAllocation {
        peak, candidates, ..
    } = &got[0]
    else {
        panic!("{got:?}");
    };
    assert_eq!(*peak, 110);
    assert_eq!(
        candidates[0].command,
        "pm assign dan x --allocation 10 --from 2026-03-01 --to 2026-03-31 --instead-of ann"
    );
    assert!(candidates[0].resolves);
}

#[test]
fn balance_proposes_fill_when_the_candidate_has_room_and_assign_for_part() {
    let body = [
        assignment("ann", 70, "2026-01-01", "2026-12-31"),
        "\n[[request]]\nid = \"r\"\nskills = [\"rf\"]\nallocation = 40\nfrom = 2026-05-01\nto = 2026-08-31\nreason = \"why\"\n".to_owned(),
        "\n[[request]]\nid = \"done\"\nskills = [\"rf\"]\nallocation = 40\nreason = \"why\"\nstatus = \"filled\"\nfilled_by = \"ann\"\n".to_owned(),
    ]
    .concat();
    let closed =
        "\n[[request]]\nid = \"old\"\nskills = [\"rf\"]\nallocation = 40\nreason = \"why\"\n";
    let l = loaded(
        POOL,
        &[
            ("x", &project("x", "active", &body)),
            ("z", &project("z", "cancelled", closed)),
        ],
    );
    let got = proposals(&l);
    assert_eq!(
        got,
        vec![Proposal::Request {
            project: "x".into(),
            request: "r".into(),
            skills: vec!["rf".into()],
            allocation: Some(40),
            from: d("2026-05-01"),
            to: d("2026-08-31"),
            candidates: vec![
                offer("dan", 100, 40, true, "pm request fill x/r --person dan"),
                offer("eve", 100, 40, true, "pm request fill x/r --person eve"),
                offer(
                    "ann",
                    30,
                    30,
                    false,
                    "pm assign ann x --allocation 30 --from 2026-05-01 --to 2026-08-31"
                ),
            ],
        }]
    );
}

#[test]
fn balance_json_has_the_fixed_shape() {
    let x = assignment("ann", 60, "2026-02-01", "2026-12-31")
        + &assignment("ann", 60, "2026-05-01", "2026-06-30");
    let l = loaded(POOL, &[("x", &project("x", "active", &x))]);
    let json = serde_json::to_value(proposals(&l)).unwrap();
    assert_eq!(json[0]["for"], "over-allocation");
    assert_eq!(json[0]["person"], "ann");
    assert_eq!(json[0]["from"], "2026-05-01");
    assert_eq!(json[0]["to"], "2026-06-30");
    assert_eq!(json[0]["candidates"][0]["person"], "dan");
    assert_eq!(json[0]["candidates"][0]["free"], 100);
}
