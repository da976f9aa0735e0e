//! `pm scope`, `pm work`, `pm assign` and `pm unassign` on fixture programs: what they write,
//! what they keep, and what they refuse.

mod common;

use std::collections::BTreeSet;
use std::path::Path;

use common::*;

const FIXTURE: &str = "edit-scope-work";
const LANDER: &str = "projects/lander.toml";

fn check_exit(dir: &Path) -> i32 {
    let (code, json) = check_json(dir);
    if code != 0 {
        eprintln!("{json:#}");
    }
    code
}

/// The ids of the `[[work]]` items of a project file.
fn work_ids(dir: &Path, rel: &str) -> Vec<String> {
    let doc: toml_edit::DocumentMut = read(dir, rel).parse().expect("valid TOML");
    doc.get("work")
        .and_then(|w| w.as_array_of_tables())
        .map(|a| {
            a.iter()
                .filter_map(|w| w.get("id").and_then(|i| i.as_str()).map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

const ORIGINAL: &str = r#"# Lunar lander — header comment, kept byte for byte by every edit.
# Second header line.

[project]
id = "lander"
name = "Lunar Lander"   # inline comment on the name
status = "active"
manager = "grace"
benefits = ["landing"]

[charter]
objective = "Build the lander"
start = 2026-02-01   # charter start
end = 2027-06-30
effort_hours = 5000

# ---- Scope ----

[[deliverable]]
id = "descent-stage"
title = "Descent stage"
due = 2027-03-01   # due before the end of the charter

[[exclusion]]
id = "spacesuits"
title = "Crew spacesuits"
keywords = ["spacesuit"]

# ---- Work ----

[[work]]
id = "descent-engine-tests"
title = "Descent engine hot-fire tests"
deliverable = "descent-stage"
estimate_hours = 800   # rough
start = 2026-04-01
due = 2026-09-30
assignee = "alice"
# the engine comes from the propulsion lab

# ---- Team ----

# Alice leads propulsion.
[[assignment]]
person = "alice"
allocation = 50
from = 2026-02-01
to = 2026-12-31   # reviewed in December
role = "propulsion lead"

[[assignment]]
person = "bob"
allocation = 40   # two days a week

# End of the lander file: a trailing comment.
"#;

#[test]
fn the_fixture_is_what_the_tests_expect() {
    let dir = fixture(FIXTURE);
    assert_eq!(read(dir.path(), LANDER), ORIGINAL);
    assert_eq!(check_exit(dir.path()), 0);
}

#[test]
fn comments_survive_work_add_scope_add_and_unassign_on() {
    let dir = fixture(FIXTURE);
    let d = dir.path();
    assert_eq!(
        ok(
            d,
            &[
                "work",
                "add",
                "lander",
                "--title",
                "Landing legs drop test",
                "--deliverable",
                "descent-stage",
                "--estimate-hours",
                "120",
                "--start",
                "2026-05-01",
                "--due",
                "2026-06-30",
                "--assignee",
                "bob",
                "--tags",
                "structures,test",
            ]
        ),
        "added work landing-legs-drop-test to projects/lander.toml\n"
    );
    assert_eq!(
        ok(
            d,
            &[
                "scope",
                "add",
                "lander",
                "ascent-stage",
                "--title",
                "Ascent stage",
                "--due",
                "2027-05-01"
            ]
        ),
        "added deliverable ascent-stage to projects/lander.toml\n"
    );
    assert_eq!(
        ok(d, &["unassign", "alice", "lander", "--on", "2026-10-01"]),
        "ended alice's assignment to lander (50% 2026-02-01..2026-12-31) on 2026-09-30 in projects/lander.toml\n"
    );
    let expected = r#"# Lunar lander — header comment, kept byte for byte by every edit.
# Second header line.

[project]
id = "lander"
name = "Lunar Lander"   # inline comment on the name
status = "active"
manager = "grace"
benefits = ["landing"]

[charter]
objective = "Build the lander"
start = 2026-02-01   # charter start
end = 2027-06-30
effort_hours = 5000

# ---- Scope ----

[[deliverable]]
id = "descent-stage"
title = "Descent stage"
due = 2027-03-01   # due before the end of the charter

[[deliverable]]
id = "ascent-stage"
title = "Ascent stage"
due = 2027-05-01

[[exclusion]]
id = "spacesuits"
title = "Crew spacesuits"
keywords = ["spacesuit"]

# ---- Work ----

[[work]]
id = "descent-engine-tests"
title = "Descent engine hot-fire tests"
deliverable = "descent-stage"
estimate_hours = 800   # rough
start = 2026-04-01
due = 2026-09-30
assignee = "alice"
# the engine comes from the propulsion lab

[[work]]
id = "landing-legs-drop-test"
title = "Landing legs drop test"
deliverable = "descent-stage"
estimate_hours = 120
start = 2026-05-01
due = 2026-06-30
assignee = "bob"
tags = ["structures", "test"]

# ---- Team ----

# Alice leads propulsion.
[[assignment]]
person = "alice"
allocation = 50
from = 2026-02-01
to = 2026-09-30   # reviewed in December
role = "propulsion lead"

[[assignment]]
person = "bob"
allocation = 40   # two days a week

# End of the lander file: a trailing comment.
"#;
    assert_eq!(read(d, LANDER), expected);
    assert_eq!(check_exit(d), 0);
}

#[test]
fn scope_exclude_adds_an_exclusion_after_the_last_one() {
    let dir = fixture(FIXTURE);
    let d = dir.path();
    assert_eq!(
        ok(
            d,
            &[
                "scope",
                "exclude",
                "lander",
                "rover",
                "--title",
                "Surface rover",
                "--keywords",
                "rover, lunar vehicle"
            ]
        ),
        "added exclusion rover to projects/lander.toml\n"
    );
    let expected = ORIGINAL.replace(
        "keywords = [\"spacesuit\"]\n",
        "keywords = [\"spacesuit\"]\n\n[[exclusion]]\nid = \"rover\"\ntitle = \"Surface rover\"\nkeywords = [\"rover\", \"lunar vehicle\"]\n",
    );
    assert_eq!(read(d, LANDER), expected);
    assert_eq!(check_exit(d), 0);
}

#[test]
fn first_items_of_a_kind_go_in_the_usual_order() {
    let dir = fixture(FIXTURE);
    let d = dir.path();
    write(
        d,
        "projects/bare.toml",
        "[project]\nid = \"bare\"\nname = \"Bare\"\n",
    );
    ok(
        d,
        &[
            "assign",
            "alice",
            "bare",
            "--allocation",
            "10",
            "--from",
            "2026-03-01",
            "--to",
            "2026-04-30",
        ],
    );
    ok(d, &["work", "add", "bare", "--title", "First thing"]);
    ok(d, &["scope", "add", "bare", "d1", "--title", "D one"]);
    ok(d, &["scope", "exclude", "bare", "x1", "--title", "X one"]);
    assert_eq!(
        read(d, "projects/bare.toml"),
        "[project]\nid = \"bare\"\nname = \"Bare\"\n\n\
         [[deliverable]]\nid = \"d1\"\ntitle = \"D one\"\n\n\
         [[exclusion]]\nid = \"x1\"\ntitle = \"X one\"\n\n\
         [[work]]\nid = \"first-thing\"\ntitle = \"First thing\"\n\n\
         [[assignment]]\nperson = \"alice\"\nallocation = 10\nfrom = 2026-03-01\nto = 2026-04-30\n"
    );
}

#[test]
fn assign_writes_the_dates_it_prints_even_those_from_the_charter() {
    let dir = fixture(FIXTURE);
    let d = dir.path();
    assert_eq!(
        ok(
            d,
            &[
                "assign",
                "bob",
                "lander",
                "--allocation",
                "20",
                "--from",
                "2026-07-01",
                "--proposed",
                "--role",
                "structures"
            ]
        ),
        "assigned bob to lander at 20% from 2026-07-01 to 2027-06-30, proposed in projects/lander.toml\n"
    );
    ok(d, &["assign", "grace", "lander", "--allocation", "10"]);
    let expected = ORIGINAL.replace(
        "allocation = 40   # two days a week\n",
        "allocation = 40   # two days a week\n\n\
         [[assignment]]\nperson = \"bob\"\nallocation = 20\nfrom = 2026-07-01\nto = 2027-06-30\nstatus = \"proposed\"\nrole = \"structures\"\n\n\
         [[assignment]]\nperson = \"grace\"\nallocation = 10\nfrom = 2026-02-01\nto = 2027-06-30\n",
    );
    assert_eq!(read(d, LANDER), expected);
    assert_eq!(check_exit(d), 0);
    // A later change of the charter leaves the written dates alone.
    ok(d, &["project", "set", "lander", "--end", "2027-12-31"]);
    assert!(
        read(d, LANDER)
            .contains("person = \"grace\"\nallocation = 10\nfrom = 2026-02-01\nto = 2027-06-30\n")
    );
}

#[test]
fn assign_refuses_dates_that_do_not_make_a_window() {
    let dir = fixture(FIXTURE);
    let d = dir.path();
    let err = refused(
        d,
        &[
            "assign",
            "alice",
            "lander",
            "--allocation",
            "10",
            "--from",
            "2027-07-01",
        ],
    );
    assert!(err.contains("2027-06-30 (the charter end)"), "{err}");
    let err = refused(
        d,
        &[
            "assign",
            "alice",
            "lander",
            "--allocation",
            "10",
            "--from",
            "2026-05-01",
            "--to",
            "2026-04-01",
        ],
    );
    assert!(err.contains("before it starts on 2026-05-01"), "{err}");
    write(
        d,
        "projects/bare.toml",
        "[project]\nid = \"bare\"\nname = \"Bare\"\n",
    );
    let err = refused(d, &["assign", "alice", "bare", "--allocation", "10"]);
    assert!(err.contains("give --from"), "{err}");
    let err = refused(
        d,
        &[
            "assign",
            "alice",
            "bare",
            "--allocation",
            "10",
            "--from",
            "2026-01-01",
        ],
    );
    assert!(err.contains("give --to"), "{err}");
}

#[test]
fn unassign_removes_the_assignment_and_keeps_the_others_comments() {
    let dir = fixture(FIXTURE);
    let d = dir.path();
    assert_eq!(
        ok(d, &["unassign", "alice", "lander"]),
        "removed alice's assignment to lander (50% 2026-02-01..2026-12-31) from projects/lander.toml\n"
    );
    let expected = ORIGINAL.replace(
        "# Alice leads propulsion.\n[[assignment]]\nperson = \"alice\"\nallocation = 50\nfrom = 2026-02-01\nto = 2026-12-31   # reviewed in December\nrole = \"propulsion lead\"\n\n",
        "",
    );
    assert_ne!(expected, ORIGINAL);
    assert_eq!(read(d, LANDER), expected);

    // Removing the last one as well leaves the section comment and the trailing comment.
    ok(d, &["unassign", "bob", "lander"]);
    let expected = expected.replace(
        "[[assignment]]\nperson = \"bob\"\nallocation = 40   # two days a week\n\n",
        "",
    );
    assert_eq!(read(d, LANDER), expected);
    assert!(
        read(d, LANDER)
            .ends_with("# ---- Team ----\n\n# End of the lander file: a trailing comment.\n")
    );
}

#[test]
fn unassign_on_removes_assignments_that_start_on_or_after_the_date() {
    let dir = fixture(FIXTURE);
    let d = dir.path();
    ok(
        d,
        &[
            "assign",
            "alice",
            "lander",
            "--allocation",
            "30",
            "--from",
            "2027-01-01",
        ],
    );
    // Two assignments run on or after the day: pm asks which one.
    let err = refused(d, &["unassign", "alice", "lander", "--on", "2026-11-01"]);
    assert!(
        err.contains("alice has 2 assignments on lander; pm does not guess which one is meant:\n  projects/lander.toml:44  50% 2026-02-01..2026-12-31\n  projects/lander.toml:55  30% 2027-01-01..2027-06-30\nsay which with --at DATE (a day it runs on), or --all for every one"),
        "{err}"
    );
    assert_eq!(
        ok(
            d,
            &["unassign", "alice", "lander", "--on", "2026-11-01", "--all"]
        ),
        "ended alice's assignment to lander (50% 2026-02-01..2026-12-31) on 2026-10-31 and removed alice's assignment to lander (30% 2027-01-01..2027-06-30), which had not started by 2026-11-01 in projects/lander.toml\n"
    );
    assert_eq!(
        read(d, LANDER),
        ORIGINAL.replace(
            "to = 2026-12-31   # reviewed in December",
            "to = 2026-10-31   # reviewed in December"
        )
    );

    // bob's assignment has no dates of its own: it ends the day before, written as `to`.
    ok(d, &["unassign", "bob", "lander", "--on", "2027-01-01"]);
    assert!(
        read(d, LANDER)
            .contains("person = \"bob\"\nallocation = 40   # two days a week\nto = 2026-12-31\n")
    );
    assert_eq!(check_exit(d), 0);
}

#[test]
fn unassign_refuses_a_person_without_an_assignment_there() {
    let dir = fixture(FIXTURE);
    let d = dir.path();
    let err = refused(d, &["unassign", "grace", "lander"]);
    assert!(err.contains("grace has no assignment on lander"), "{err}");
    let err = refused(d, &["unassign", "alcie", "lander"]);
    assert!(err.contains("did you mean 'alice'"), "{err}");
    let err = refused(d, &["unassign", "alice", "lander", "--on", "2027-01-01"]);
    assert!(err.contains("nothing to end"), "{err}");
}

#[test]
fn work_ids_come_from_the_title_with_a_suffix_on_a_clash() {
    let dir = fixture(FIXTURE);
    let d = dir.path();
    assert_eq!(
        ok(
            d,
            &["work", "add", "lander", "--title", "Thermal vacuum test"]
        ),
        "added work thermal-vacuum-test to projects/lander.toml\n"
    );
    assert_eq!(
        ok(
            d,
            &["work", "add", "lander", "--title", "Thermal vacuum test"]
        ),
        "added work thermal-vacuum-test-2 to projects/lander.toml\n"
    );
    assert_eq!(
        ok(
            d,
            &["work", "add", "lander", "--title", "Thermal  vacuum TEST!"]
        ),
        "added work thermal-vacuum-test-3 to projects/lander.toml\n"
    );
    assert_eq!(
        work_ids(d, LANDER),
        [
            "descent-engine-tests",
            "thermal-vacuum-test",
            "thermal-vacuum-test-2",
            "thermal-vacuum-test-3"
        ]
    );
    let err = refused(d, &["work", "add", "lander", "--title", "?!"]);
    assert!(err.contains("--id"), "{err}");
    let err = refused(
        d,
        &[
            "work",
            "add",
            "lander",
            "--title",
            "Again",
            "--id",
            "descent-engine-tests",
        ],
    );
    assert!(
        err.contains("already exists in projects/lander.toml"),
        "{err}"
    );
}

#[test]
fn twenty_four_parallel_work_adds_all_land_and_leave_nothing_behind() {
    let dir = fixture(FIXTURE);
    let d = dir.path();
    let children: Vec<_> = (0..24)
        .map(|i| {
            std::process::Command::new(env!("CARGO_BIN_EXE_pm"))
                .env_remove("PM_PROGRAM")
                .env("NO_COLOR", "1")
                .arg("-C")
                .arg(d)
                .args(["work", "add", "lander", "--title"])
                .arg(format!("Parallel task {i}"))
                .stdout(std::process::Stdio::piped())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("spawn pm")
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().expect("wait for pm");
        assert!(out.status.success(), "{}", stderr(&out));
    }
    let ids: BTreeSet<String> = work_ids(d, LANDER)
        .into_iter()
        .filter(|id| id.starts_with("parallel-task-"))
        .collect();
    assert_eq!(ids.len(), 24, "{ids:?}");
    for i in 0..24 {
        assert!(ids.contains(&format!("parallel-task-{i}")), "{ids:?}");
    }
    let files: Vec<String> = snapshot_tree(d).into_keys().collect();
    assert_eq!(files, ["program.toml", "projects/lander.toml"]);
    // Everything outside the appended items is as it was.
    let text = read(d, LANDER);
    assert!(text.starts_with(&ORIGINAL[..ORIGINAL.find("# ---- Team ----").unwrap_or(0)]));
    assert!(text.ends_with(&ORIGINAL[ORIGINAL.find("# ---- Team ----").unwrap_or(0)..]));
}

#[test]
fn bad_ids_are_refused_before_anything_is_written() {
    let dir = fixture(FIXTURE);
    let d = dir.path();
    let cases: &[&[&str]] = &[
        &["work", "add", "../evil", "--title", "x"],
        &["work", "add", "lander", "--title", "x", "--id", "../evil"],
        &["work", "add", "lander", "--title", "x", "--id", "A B"],
        &["work", "add", "lander", "--title", "x", "--id", ""],
        &[
            "work",
            "add",
            "lander",
            "--title",
            "x",
            "--deliverable",
            "../d",
        ],
        &["scope", "add", "lander", "../evil", "--title", "x"],
        &["scope", "add", "lander", "Descent", "--title", "x"],
        &["scope", "exclude", "lander", "x_y", "--title", "x"],
        &["scope", "add", "../lander", "ok", "--title", "x"],
        &["assign", "../alice", "lander", "--allocation", "10"],
        &["assign", "alice", "lander/x", "--allocation", "10"],
        &["unassign", "alice", "../lander"],
    ];
    for args in cases {
        let err = refused(d, args);
        assert!(
            err.contains("invalid") && err.contains("id"),
            "{args:?}: {err}"
        );
    }
}

#[test]
fn unknown_people_projects_and_deliverables_are_refused_and_named() {
    let dir = fixture(FIXTURE);
    let d = dir.path();
    let err = refused(
        d,
        &["work", "add", "lander", "--title", "x", "--assignee", "zoe"],
    );
    assert!(err.contains("unknown person 'zoe'"), "{err}");
    let err = refused(
        d,
        &[
            "work",
            "add",
            "lander",
            "--title",
            "x",
            "--assignee",
            "alcie",
        ],
    );
    assert!(err.contains("did you mean 'alice'"), "{err}");
    let err = refused(d, &["assign", "zoe", "lander", "--allocation", "10"]);
    assert!(err.contains("unknown person 'zoe'"), "{err}");
    let err = refused(d, &["work", "add", "landr", "--title", "x"]);
    assert!(
        err.contains("unknown project 'landr' — did you mean 'lander'?"),
        "{err}"
    );
    let err = refused(d, &["scope", "add", "nowhere", "d", "--title", "x"]);
    assert!(err.contains("unknown project 'nowhere'"), "{err}");
    let err = refused(
        d,
        &[
            "work",
            "add",
            "lander",
            "--title",
            "x",
            "--deliverable",
            "cabin",
        ],
    );
    assert!(
        err.contains("unknown deliverable 'cabin'") && err.contains("descent-stage"),
        "{err}"
    );
    assert!(err.contains("leave out --deliverable"), "{err}");
    let err = refused(
        d,
        &[
            "work",
            "add",
            "lander",
            "--title",
            "x",
            "--deliverable",
            "spacesuits",
        ],
    );
    assert!(
        err.contains("'spacesuits' is an exclusion of lander"),
        "{err}"
    );
}

#[test]
fn a_deliverable_of_another_project_is_pointed_at() {
    let dir = fixture(FIXTURE);
    let d = dir.path();
    write(
        d,
        "projects/suits/suits.toml",
        "[project]\nid = \"suits\"\nname = \"Suits\"\n\n[[deliverable]]\nid = \"pressure-suit\"\ntitle = \"Pressure suit\"\n",
    );
    let err = refused(
        d,
        &[
            "work",
            "add",
            "lander",
            "--title",
            "x",
            "--deliverable",
            "pressure-suit",
        ],
    );
    assert!(err.contains("deliverable of suits"), "{err}");
    // A project in a sub-folder is edited in place.
    assert_eq!(
        ok(
            d,
            &[
                "work",
                "add",
                "suits",
                "--title",
                "Glove tests",
                "--deliverable",
                "pressure-suit"
            ]
        ),
        "added work glove-tests to projects/suits/suits.toml\n"
    );
}

#[test]
fn duplicate_and_conflicting_scope_ids_are_refused() {
    let dir = fixture(FIXTURE);
    let d = dir.path();
    let err = refused(
        d,
        &["scope", "add", "lander", "descent-stage", "--title", "x"],
    );
    assert!(err.contains("already exists"), "{err}");
    let err = refused(d, &["scope", "add", "lander", "spacesuits", "--title", "x"]);
    assert!(err.contains("is an exclusion of lander"), "{err}");
    let err = refused(
        d,
        &["scope", "exclude", "lander", "spacesuits", "--title", "x"],
    );
    assert!(err.contains("already exists"), "{err}");
    let err = refused(
        d,
        &[
            "scope",
            "exclude",
            "lander",
            "descent-stage",
            "--title",
            "x",
        ],
    );
    assert!(err.contains("is a deliverable of lander"), "{err}");
    let err = refused(d, &["scope", "add", "lander", "new", "--title", "  "]);
    assert!(err.contains("title cannot be empty"), "{err}");
}

#[test]
fn numbers_and_dates_that_are_not_are_refused_with_exit_2() {
    let dir = fixture(FIXTURE);
    let d = dir.path();
    let err = refused(
        d,
        &[
            "work",
            "add",
            "lander",
            "--title",
            "x",
            "--estimate-hours",
            "lots",
        ],
    );
    assert!(err.contains("'lots' is not a number of hours"), "{err}");
    let err = refused(d, &["assign", "alice", "lander", "--allocation", "50%"]);
    assert!(err.contains("'50%' is not a percent"), "{err}");
    let err = refused(
        d,
        &[
            "work",
            "add",
            "lander",
            "--title",
            "x",
            "--due",
            "2026-02-30",
        ],
    );
    assert!(err.contains("not a date"), "{err}");
    let err = refused(
        d,
        &[
            "work",
            "add",
            "lander",
            "--title",
            "x",
            "--start",
            "2026-05-01",
            "--due",
            "2026-04-30",
        ],
    );
    assert!(err.contains("before --start"), "{err}");
}

#[test]
fn a_file_with_a_syntax_error_is_refused_with_its_file_and_line() {
    let dir = fixture(FIXTURE);
    let d = dir.path();
    let broken = ORIGINAL.replace("[[exclusion]]", "[[exclusion]");
    write(d, LANDER, &broken);
    let line = broken
        .lines()
        .position(|l| l == "[[exclusion]")
        .map(|i| i + 1)
        .unwrap_or(0);
    for args in [
        &["work", "add", "lander", "--title", "x"][..],
        &["scope", "add", "lander", "d", "--title", "x"],
        &["unassign", "alice", "lander"],
    ] {
        let err = refused(d, args);
        assert!(
            err.contains(&format!("projects/lander.toml:{line}:")),
            "{args:?}: {err}"
        );
    }
}

#[test]
fn work_list_shows_every_item_and_filters() {
    let dir = fixture(FIXTURE);
    let d = dir.path();
    ok(
        d,
        &[
            "work",
            "add",
            "lander",
            "--title",
            "Legs",
            "--estimate-hours",
            "7.5",
            "--due",
            "2026-08-01",
        ],
    );
    write(
        d,
        "projects/suits.toml",
        "[project]\nid = \"suits\"\nname = \"Suits\"\n\n[[work]]\nid = \"gloves\"\ntitle = \"Gloves\"\nstatus = \"done\"\n",
    );
    let out = ok(d, &["work", "list"]);
    let lines: Vec<Vec<&str>> = out
        .lines()
        .filter(|l| !l.starts_with('─'))
        .map(|l| l.split_whitespace().collect())
        .collect();
    assert_eq!(
        lines,
        [
            vec![
                "project",
                "id",
                "title",
                "deliverable",
                "status",
                "assignee",
                "estimate",
                "due"
            ],
            vec![
                "lander",
                "descent-engine-tests",
                "Descent",
                "engine",
                "hot-fire",
                "tests",
                "descent-stage",
                "todo",
                "alice",
                "800",
                "h",
                "2026-09-30"
            ],
            vec!["lander", "legs", "Legs", "todo", "7.5", "h", "2026-08-01"],
            vec!["suits", "gloves", "Gloves", "done"],
        ]
    );
    let out = ok(d, &["work", "list", "suits"]);
    assert!(out.contains("gloves") && !out.contains("legs"), "{out}");
    let out = ok(d, &["work", "list", "--status", "done"]);
    assert!(out.contains("gloves") && !out.contains("legs"), "{out}");
    assert_eq!(
        ok(d, &["work", "list", "lander", "--status", "dropped"]),
        "no work items\n"
    );
    let err = refused(d, &["work", "list", "landr"]);
    assert!(err.contains("did you mean 'lander'"), "{err}");
}

#[test]
fn work_list_out_of_charter_follows_the_check_findings() {
    let dir = fixture(FIXTURE);
    let d = dir.path();
    // No deliverable, a keyword of an exclusion, and dates past the charter end.
    ok(d, &["work", "add", "lander", "--title", "Untraced"]);
    ok(
        d,
        &[
            "work",
            "add",
            "lander",
            "--title",
            "Spacesuit fit check",
            "--deliverable",
            "descent-stage",
        ],
    );
    ok(
        d,
        &[
            "work",
            "add",
            "lander",
            "--title",
            "Late",
            "--deliverable",
            "descent-stage",
            "--start",
            "2027-08-01",
            "--due",
            "2027-09-01",
        ],
    );
    let (_, json) = check_json(d);
    let expected: BTreeSet<String> = json["diagnostics"]
        .as_array()
        .map(|a| {
            a.iter()
                .filter(|f| f["code"].as_str().is_some_and(|c| c.starts_with("PM1")))
                .filter_map(|f| f["work"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default();
    let out = ok(d, &["work", "list", "--out-of-charter"]);
    let listed: BTreeSet<String> = out
        .lines()
        .skip(1)
        .filter_map(|l| l.split_whitespace().nth(1).map(str::to_owned))
        .collect();
    if expected.is_empty() {
        assert_eq!(out, "no work outside its charter\n");
    } else {
        assert!(
            out.lines().next().is_some_and(|h| h.contains("finding")),
            "{out}"
        );
        assert_eq!(listed, expected, "{out}");
    }
    assert!(!listed.contains("descent-engine-tests"), "{out}");
}
