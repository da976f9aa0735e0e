use super::balance::{Offer, Proposal, proposals};
use crate::load::tests::{POOL, assignment, d, loaded, project};

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
            programs: None,
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
            program: None,
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
