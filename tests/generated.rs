//! The benchmark generator (examples/gen_program.rs) writes programs that pm reads as
//! structurally valid, the same bytes for the same seed, and with the imperfections the
//! benchmarks rely on.

mod common;
use common::*;

#[allow(dead_code)]
#[path = "../examples/gen_program.rs"]
mod gen_program;

use gen_program::{Size, generate};

const SMALL: Size = Size {
    seed: 7,
    projects: 10,
    people: 12,
    assignments: 8,
    work: 15,
};

#[test]
fn generated_program_is_structurally_valid() {
    let dir = empty_dir();
    let written = generate(&SMALL, dir.path()).unwrap();
    assert_eq!(written.files, 11);
    // Some projects live in sub-folders, as in large programs.
    let tree = snapshot_tree(dir.path());
    assert!(
        tree.keys()
            .any(|p| p.starts_with("projects/") && p.matches('/').count() == 2),
        "{:?}",
        tree.keys()
    );
    let (code, json) = check_json(dir.path());
    assert!(code == 0 || code == 1, "exit {code}: {json}");
    assert_eq!(json["program"], "synthetic");
    for rule in ["PM001", "PM002", "PM003", "PM004", "PM005"] {
        assert!(
            findings(&json, rule).is_empty(),
            "{rule}: {:#?}",
            findings(&json, rule)
        );
    }
}

#[test]
fn larger_generated_program_is_structurally_valid() {
    let dir = empty_dir();
    let size = Size {
        seed: 3,
        projects: 60,
        people: 40,
        assignments: 20,
        work: 40,
    };
    generate(&size, dir.path()).unwrap();
    let (_, json) = check_json(dir.path());
    let structural: Vec<_> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"].as_str().is_some_and(|c| c.starts_with("PM00")))
        .collect();
    assert!(structural.is_empty(), "{structural:#?}");
}

#[test]
fn same_seed_same_bytes_other_seed_other_program() {
    let (a, b, c) = (empty_dir(), empty_dir(), empty_dir());
    generate(&SMALL, a.path()).unwrap();
    generate(&SMALL, b.path()).unwrap();
    generate(&Size { seed: 8, ..SMALL }, c.path()).unwrap();
    assert_eq!(snapshot_tree(a.path()), snapshot_tree(b.path()));
    assert_ne!(snapshot_tree(a.path()), snapshot_tree(c.path()));
}

#[test]
fn generated_program_has_the_imperfections_of_a_real_one() {
    let dir = empty_dir();
    let size = Size {
        seed: 1,
        projects: 100,
        people: 50,
        assignments: 50,
        work: 100,
    };
    generate(&size, dir.path()).unwrap();
    let text: String = snapshot_tree(dir.path())
        .into_iter()
        .filter(|(p, _)| p.starts_with("projects/"))
        .map(|(_, bytes)| String::from_utf8(bytes).unwrap())
        .collect();
    let program = read(dir.path(), "program.toml");
    assert!(program.contains("capacity = 50") || program.contains("capacity = 60"));
    assert!(program.contains("time_off = ["));
    assert!(
        text.contains("status = \"proposed\"\n"),
        "proposed assignments"
    );
    assert!(text.contains("deliverable = \"legacy-"), "untraced work");
    assert!(text.contains("[[request]]"), "open staffing requests");

    // Some people, but far from all, are over-allocated on some day.
    let loaded = pm::store::load(dir.path()).unwrap();
    let people = &loaded.program.as_ref().unwrap().people;
    let mut by_person = std::collections::HashMap::<&str, Vec<_>>::new();
    for p in &loaded.projects {
        for a in &p.assignments {
            if a.status == pm::model::AssignmentStatus::Committed {
                let (from, to) = a.window(&p.charter).unwrap();
                by_person
                    .entry(a.person.as_str())
                    .or_default()
                    .push(pm::load::sweep::Interval {
                        from,
                        to,
                        allocation: a.allocation.value as u32,
                    });
            }
        }
    }
    let over = people
        .iter()
        .filter(|person| {
            let intervals = by_person
                .get(person.id.as_str())
                .cloned()
                .unwrap_or_default();
            let off: Vec<_> = person.time_off.iter().map(|o| (o.from, o.to)).collect();
            let profile = pm::load::sweep::load_profile(&intervals, &off);
            !pm::load::sweep::over_runs(&profile, person.capacity.value as u32).is_empty()
        })
        .count();
    assert!(
        over > 0 && over < people.len() / 2,
        "{over} of {}",
        people.len()
    );
}

#[test]
fn generator_refuses_a_folder_that_holds_a_program() {
    let dir = fixture("examples/artemis");
    let before = snapshot_tree(dir.path());
    let err = generate(&SMALL, dir.path()).unwrap_err();
    assert!(err.contains("already holds a program"), "{err}");
    assert_eq!(snapshot_tree(dir.path()), before);
}
