//! `pm init`, `pm project new|list|show|set`, `pm person add|list|off` on fixture programs.

mod common;

use std::path::Path;

use assert_cmd::Command;
use common::*;

const FIXTURE: &str = "project-person";

struct Out {
    code: i32,
    stdout: String,
    stderr: String,
}

fn run(cmd: &mut Command) -> Out {
    let out = cmd.output().expect("run pm");
    Out {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn pm_at(dir: &Path, args: &[&str]) -> Out {
    run(pm_in(dir).args(args))
}

fn assert_check_clean(dir: &Path) {
    let (code, json) = check_json(dir);
    assert_eq!(code, 0, "pm check is not clean: {json:#}");
}

/// Runs a command that must be refused: exit 2, stderr containing `expect`, nothing written.
fn assert_refused(dir: &Path, args: &[&str], expect: &str) {
    let before = snapshot_tree(dir);
    let out = pm_at(dir, args);
    assert_eq!(
        out.code, 2,
        "{args:?} was not refused: {}{}",
        out.stdout, out.stderr
    );
    assert!(
        out.stderr.starts_with("error: ") && out.stderr.contains(expect),
        "{args:?}: stderr does not say {expect:?}:\n{}",
        out.stderr
    );
    assert!(out.stdout.is_empty(), "{args:?} printed {}", out.stdout);
    assert!(snapshot_tree(dir) == before, "{args:?} changed the tree");
}

// ----- pm init -----

#[test]
fn init_creates_a_program_that_checks_clean() {
    let dir = empty_dir();
    let out = run(pm().current_dir(dir.path()).args([
        "init",
        "moon",
        "--id",
        "moonbase",
        "--name",
        "Moonbase \"One\"",
        "--manager",
        "grace",
        "--start",
        "2026-01-01",
        "--end",
        "2028-12-31",
    ]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stdout,
        "created program moonbase in moon/program.toml with an empty moon/projects/ folder\n"
    );
    let root = dir.path().join("moon");
    let text = read(&root, "program.toml");
    let body = text
        .split_once("\n\n")
        .map(|(header, body)| {
            let mut lines = header.lines();
            assert_eq!(lines.next(), Some("#:schema ./schema/program.schema.json"));
            assert!(lines.all(|l| l.starts_with("# ")), "{header}");
            body
        })
        .expect("a schema line and a header comment, then the tables");
    assert_eq!(
        body,
        "[program]\nid = \"moonbase\"\nname = 'Moonbase \"One\"'\nmanager = \"grace\"\n\
         start = 2026-01-01\nend = 2028-12-31\n\n[[person]]\nid = \"grace\"\n"
    );
    assert!(root.join("projects").is_dir());
    // The schema the first line points at, for editors.
    assert!(root.join("schema/program.schema.json").is_file());
    assert!(root.join("schema/project.schema.json").is_file());
    assert_check_clean(&root);
    // The new program is usable at once.
    let out = pm_at(&root, &["project", "list"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.starts_with("no projects yet"), "{}", out.stdout);
}

#[test]
fn init_in_the_current_folder_without_a_manager() {
    let dir = empty_dir();
    let out = run(pm()
        .current_dir(dir.path())
        .args(["init", "--id", "p1", "--name", "P"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stdout,
        "created program p1 in program.toml with an empty projects/ folder\n"
    );
    let text = read(dir.path(), "program.toml");
    assert!(
        text.starts_with("#:schema ./schema/program.schema.json\n# "),
        "{text}"
    );
    assert!(
        text.ends_with("\n\n[program]\nid = \"p1\"\nname = \"P\"\n"),
        "{text}"
    );
    assert_check_clean(dir.path());
}

#[test]
fn init_refuses_to_overwrite_a_program() {
    let dir = fixture(FIXTURE);
    let before = snapshot_tree(dir.path());
    let out = run(pm()
        .current_dir(dir.path())
        .args(["init", "--id", "x", "--name", "X"]));
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("program.toml already exists"),
        "{}",
        out.stderr
    );
    assert!(snapshot_tree(dir.path()) == before);
}

#[test]
fn init_refuses_bad_arguments_before_writing() {
    let dir = empty_dir();
    for (args, expect) in [
        (
            vec!["init", "--id", "../evil", "--name", "X"],
            "invalid program id",
        ),
        (
            vec!["init", "--id", "A B", "--name", "X"],
            "invalid program id",
        ),
        (
            vec!["init", "--id", "x", "--name", "X", "--manager", "Grace"],
            "invalid person id",
        ),
        (
            vec![
                "init",
                "--id",
                "x",
                "--name",
                "X",
                "--start",
                "2026-05-01",
                "--end",
                "2026-04-30",
            ],
            "before --start",
        ),
        (
            vec!["init", "--id", "x", "--name", "X", "--start", "2026-13-01"],
            "not a date",
        ),
    ] {
        let out = run(pm().current_dir(dir.path()).args(&args));
        assert_eq!(out.code, 2, "{args:?}");
        assert!(out.stderr.contains(expect), "{args:?}: {}", out.stderr);
        assert!(snapshot_tree(dir.path()).is_empty(), "{args:?} wrote files");
    }
}

// ----- pm project new -----

#[test]
fn project_new_writes_the_charter_and_checks_clean() {
    let dir = fixture(FIXTURE);
    let out = pm_at(
        dir.path(),
        &[
            "project",
            "new",
            "habitat",
            "--name",
            "Surface Habitat",
            "--manager",
            "bob",
            "--start",
            "2026-03-01",
            "--end",
            "2027-03-01",
            "--objective",
            "Shelter for two weeks",
            "--benefit",
            "surface-ops",
            "--benefit",
            "crewed-landing",
            "--status",
            "active",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stdout,
        "created project habitat in projects/habitat.toml\n"
    );
    assert_eq!(
        read(dir.path(), "projects/habitat.toml"),
        "[project]\n\
         id = \"habitat\"\n\
         name = \"Surface Habitat\"\n\
         status = \"active\"\n\
         manager = \"bob\"\n\
         benefits = [\"surface-ops\", \"crewed-landing\"]\n\
         \n\
         [charter]\n\
         objective = \"Shelter for two weeks\"\n\
         start = 2026-03-01\n\
         end = 2027-03-01\n"
    );
    assert_check_clean(dir.path());
    let out = pm_at(dir.path(), &["project", "list"]);
    assert!(out.stdout.contains("\nhabitat  "), "{}", out.stdout);
}

#[test]
fn project_new_with_only_a_name() {
    let dir = fixture(FIXTURE);
    let out = pm_at(dir.path(), &["project", "new", "rover", "--name", "Rover"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        read(dir.path(), "projects/rover.toml"),
        "[project]\nid = \"rover\"\nname = \"Rover\"\nstatus = \"proposed\"\n\n[charter]\n"
    );
    let (code, json) = check_json(dir.path());
    assert_eq!(code, 0, "{json:#}");
}

#[test]
fn project_new_refuses_bad_input_and_writes_nothing() {
    let dir = fixture(FIXTURE);
    let d = dir.path();
    assert_refused(
        d,
        &["project", "new", "../evil", "--name", "X"],
        "invalid project id: '../evil'",
    );
    assert_refused(
        d,
        &["project", "new", "A B", "--name", "X"],
        "invalid project id: 'A B'",
    );
    assert_refused(
        d,
        &["project", "new", "lander", "--name", "X"],
        "project 'lander' already exists in projects/lander.toml",
    );
    assert_refused(
        d,
        &["project", "new", "comms", "--name", "X"],
        "project 'comms' already exists in projects/ground/comms.toml",
    );
    assert_refused(
        d,
        &["project", "new", "x", "--name", "X", "--manager", "bbo"],
        "unknown person 'bbo' — did you mean 'bob'?",
    );
    assert_refused(
        d,
        &["project", "new", "x", "--name", "X", "--manager", "zed"],
        "unknown person 'zed'",
    );
    assert_refused(
        d,
        &[
            "project",
            "new",
            "x",
            "--name",
            "X",
            "--benefit",
            "surface-op",
        ],
        "unknown benefit 'surface-op' — did you mean 'surface-ops'?",
    );
    assert_refused(
        d,
        &[
            "project",
            "new",
            "x",
            "--name",
            "X",
            "--start",
            "2026-05-01",
            "--end",
            "2026-04-01",
        ],
        "--end 2026-04-01 is before --start 2026-05-01",
    );
    assert_refused(
        d,
        &["project", "new", "x", "--name", "X", "--status", "started"],
        "invalid value 'started'",
    );
    assert_refused(
        d,
        &["project", "new", "x", "--name", " "],
        "name cannot be empty",
    );
}

// ----- pm project list / show -----

#[test]
fn project_list_is_a_table_sorted_by_id() {
    let dir = fixture(FIXTURE);
    let out = pm_at(dir.path(), &["project", "list"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stdout,
        "\
id      name                    status    manager  start       end         deliverables  work
─────────────────────────────────────────────────────────────────────────────────────────────
comms   Surface Communications  proposed  grace    2026-06-01  2027-12-31             1     0
lander  Lunar Lander            active    bob      2026-02-01  2027-06-30             1     1
"
    );
}

#[test]
fn project_list_finds_the_program_from_a_sub_folder() {
    let dir = fixture(FIXTURE);
    let out = run(pm()
        .current_dir(dir.path().join("projects/ground"))
        .args(["project", "list"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("\ncomms "), "{}", out.stdout);
    assert!(out.stdout.contains("\nlander "), "{}", out.stdout);
    let out = run(pm()
        .current_dir(dir.path().join("projects"))
        .args(["project", "list"]));
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("\nlander "), "{}", out.stdout);
}

#[test]
fn project_list_names_a_file_it_could_not_read() {
    let dir = fixture(FIXTURE);
    write(
        dir.path(),
        "projects/broken.toml",
        "[project]\nid = \"broken\"\nname = \"x\n",
    );
    let out = pm_at(dir.path(), &["project", "list"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("\nlander "), "{}", out.stdout);
    assert!(
        out.stderr.contains("not listed: projects/broken.toml:3:"),
        "{}",
        out.stderr
    );
}

#[test]
fn project_show_summarises_the_project_and_its_findings() {
    let dir = fixture(FIXTURE);
    let out = pm_at(dir.path(), &["project", "show", "lander"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let s = &out.stdout;
    for expect in [
        "lander — Lunar Lander (projects/lander.toml)\n",
        "  manager    bob (Bob Lindqvist)\n",
        "  objective  Build and qualify the crewed descent stage\n",
        "  window     2026-02-01 to 2027-06-30\n",
        "  effort     800 h estimated of a 4000 h cap\n",
        "\nDeliverables (1)\n",
        "  descent-stage  Descent stage  2027-03-01\n",
        "\nExclusions (1)\n",
        "  spacesuits  Crew spacesuits  spacesuit\n",
        "\nWork (1)\n",
        "Descent engine hot-fire tests",
        "\nAssignments (2)\n",
        "  alice          50%  2026-02-01  2027-06-30  committed  propulsion lead\n",
        "\nRequests (1)\n",
        "thermal-engineer  filled by grace",
        "\nFindings: ",
    ] {
        assert!(s.contains(expect), "missing {expect:?} in:\n{s}");
    }

    // A finding in the project's file shows up with its place.
    let text = read(dir.path(), "projects/lander.toml");
    write(
        dir.path(),
        "projects/lander.toml",
        &format!("{text}\n[[assignment]]\nperson = \"zed\"\nallocation = 10\n"),
    );
    // The finding points at `person = "zed"`, three lines below the old end of the file.
    let line = text.lines().count() + 3;
    let out = pm_at(dir.path(), &["project", "show", "lander"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        out.stdout
            .contains(&format!("  projects/lander.toml:{line}:1: error[PM003] ")),
        "{}",
        out.stdout
    );
    assert!(out.stdout.contains("zed"), "{}", out.stdout);
    assert!(out.stdout.contains("1 error"), "{}", out.stdout);
}

#[test]
fn project_show_refuses_an_unknown_project() {
    let dir = fixture(FIXTURE);
    let out = pm_at(dir.path(), &["project", "show", "landr"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("unknown project 'landr' — did you mean 'lander'?"),
        "{}",
        out.stderr
    );
    let out = pm_at(dir.path(), &["project", "show", "../evil"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("invalid project id"), "{}", out.stderr);
}

// ----- pm project set -----

#[test]
fn project_set_keeps_every_comment_byte_for_byte() {
    let dir = fixture(FIXTURE);
    let out = pm_at(
        dir.path(),
        &[
            "project",
            "set",
            "lander",
            "--status",
            "on-hold",
            "--manager",
            "alice",
            "--end",
            "2027-09-30",
            "--effort-hours",
            "4500",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stdout,
        "set status = on-hold, manager = alice, end = 2027-09-30, effort_hours = 4500 in projects/lander.toml\n"
    );
    let before = read(&fixtures_dir().join(FIXTURE), "projects/lander.toml");
    let expected = before
        .replace(
            "status = \"active\"               # approved in January",
            "status = \"on-hold\"               # approved in January",
        )
        .replace("manager = \"bob\"", "manager = \"alice\"")
        .replace("end = 2027-06-30", "end = 2027-09-30")
        .replace("effort_hours = 4000", "effort_hours = 4500");
    assert_ne!(expected, before);
    assert_eq!(read(dir.path(), "projects/lander.toml"), expected);
    assert_check_clean(dir.path());
}

#[test]
fn project_set_appends_missing_keys_and_creates_the_charter() {
    let dir = fixture(FIXTURE);
    let original = "\
# Suits: a project written by hand, without status or charter yet.
[project]
id = \"suits\"
name = \"Spacesuits\"   # the name is provisional
benefits = [\"surface-ops\"]

# What it delivers.
[[deliverable]]
id = \"suit\"
title = \"Suit\"
# trailing comment
";
    write(dir.path(), "projects/suits.toml", original);
    let out = pm_at(
        dir.path(),
        &[
            "project",
            "set",
            "suits",
            "--start",
            "2026-04-01",
            "--status",
            "proposed",
            "--objective",
            "Suits for \"EVA\"",
            "--effort-hours",
            "7.5",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        read(dir.path(), "projects/suits.toml"),
        "\
# Suits: a project written by hand, without status or charter yet.
[project]
id = \"suits\"
name = \"Spacesuits\"   # the name is provisional
benefits = [\"surface-ops\"]
status = \"proposed\"

[charter]
objective = 'Suits for \"EVA\"'
start = 2026-04-01
effort_hours = 7.5

# What it delivers.
[[deliverable]]
id = \"suit\"
title = \"Suit\"
# trailing comment
"
    );
    let (code, json) = check_json(dir.path());
    assert_eq!(code, 0, "{json:#}");
}

#[test]
fn project_set_with_the_same_values_changes_nothing() {
    let dir = fixture(FIXTURE);
    let before = snapshot_tree(dir.path());
    let out = pm_at(
        dir.path(),
        &[
            "project",
            "set",
            "lander",
            "--status",
            "active",
            "--effort-hours",
            "4000",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(out.stdout.contains("nothing changed"), "{}", out.stdout);
    assert!(snapshot_tree(dir.path()) == before);
}

#[test]
fn project_set_refuses_bad_input_and_writes_nothing() {
    let dir = fixture(FIXTURE);
    let d = dir.path();
    assert_refused(d, &["project", "set", "lander"], "nothing to set");
    assert_refused(
        d,
        &["project", "set", "../evil", "--status", "done"],
        "invalid project id: '../evil'",
    );
    assert_refused(
        d,
        &["project", "set", "A B", "--status", "done"],
        "invalid project id: 'A B'",
    );
    assert_refused(
        d,
        &["project", "set", "lnader", "--status", "done"],
        "unknown project 'lnader' — did you mean 'lander'?",
    );
    assert_refused(
        d,
        &["project", "set", "lander", "--manager", "alcie"],
        "unknown person 'alcie' — did you mean 'alice'?",
    );
    // The existing start is 2026-02-01.
    assert_refused(
        d,
        &["project", "set", "lander", "--end", "2026-01-31"],
        "before it starts on 2026-02-01",
    );
    assert_refused(
        d,
        &["project", "set", "lander", "--start", "2027-07-01"],
        "the charter would end on 2027-06-30",
    );
    assert_refused(
        d,
        &["project", "set", "lander", "--effort-hours", "lots"],
        "'lots' is not a number of hours",
    );
}

#[test]
fn project_set_refuses_a_file_that_does_not_parse() {
    let dir = fixture(FIXTURE);
    write(
        dir.path(),
        "projects/broken.toml",
        "[project]\nid = \"broken\"\nname = \"Broken\nstatus = \"active\"\n",
    );
    assert_refused(
        dir.path(),
        &["project", "set", "broken", "--status", "done"],
        "projects/broken.toml:3:",
    );
    let out = pm_at(dir.path(), &["project", "show", "broken"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("projects/broken.toml:3:"),
        "{}",
        out.stderr
    );
}

// ----- pm person -----

#[test]
fn person_add_keeps_every_comment_byte_for_byte() {
    let dir = fixture(FIXTURE);
    let out = pm_at(
        dir.path(),
        &[
            "person",
            "add",
            "dave",
            "--name",
            "Dave Chen",
            "--capacity",
            "60",
            "--skills",
            "thermal, rust,,thermal",
            "--start",
            "2026-03-01",
            "--end",
            "2027-12-31",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stdout, "added person dave to program.toml\n");
    let before = read(&fixtures_dir().join(FIXTURE), "program.toml");
    let expected = before.replace(
        "\n# trailing comment: the pool ends here\n",
        "\n[[person]]\nid = \"dave\"\nname = \"Dave Chen\"\ncapacity = 60\n\
         skills = [\"thermal\", \"rust\"]\nstart = 2026-03-01\nend = 2027-12-31\n\
         \n# trailing comment: the pool ends here\n",
    );
    assert_ne!(expected, before);
    assert_eq!(read(dir.path(), "program.toml"), expected);
    assert_check_clean(dir.path());
}

#[test]
fn person_add_goes_after_the_last_person_before_other_tables() {
    let dir = fixture(FIXTURE);
    let program = read(dir.path(), "program.toml");
    write(
        dir.path(),
        "program.toml",
        &format!("{program}\n# Check settings.\n[check]\ndeny_warnings = false\n"),
    );
    let out = pm_at(dir.path(), &["person", "add", "erin"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let text = read(dir.path(), "program.toml");
    assert!(
        text.ends_with(
            "time_off = [{ from = 2026-08-03, to = 2026-08-14, reason = \"leave\" }]\n\
             \n[[person]]\nid = \"erin\"\n\
             \n# trailing comment: the pool ends here\n\
             \n# Check settings.\n[check]\ndeny_warnings = false\n"
        ),
        "{text}"
    );
    assert_check_clean(dir.path());
}

#[test]
fn person_add_refuses_bad_ids_and_duplicates() {
    let dir = fixture(FIXTURE);
    let d = dir.path();
    assert_refused(
        d,
        &["person", "add", "../evil"],
        "invalid person id: '../evil'",
    );
    assert_refused(d, &["person", "add", "A B"], "invalid person id: 'A B'");
    assert_refused(
        d,
        &["person", "add", "alice"],
        "person 'alice' is already in program.toml",
    );
    assert_refused(
        d,
        &["person", "add", "x", "--capacity", "1001"],
        "'1001' is not a percent",
    );
    assert_refused(
        d,
        &[
            "person",
            "add",
            "x",
            "--start",
            "2027-01-01",
            "--end",
            "2026-01-01",
        ],
        "--end 2026-01-01 is before --start 2027-01-01",
    );
}

#[test]
fn person_list_is_a_table_sorted_by_id() {
    let dir = fixture(FIXTURE);
    let out = pm_at(dir.path(), &["person", "list"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stdout,
        "\
id     name           capacity  skills               start  end  time off
─────────────────────────────────────────────────────────────────────────
alice  Alice Moreau        80%  propulsion, rust                        1
bob    Bob Lindqvist      100%  systems-engineering                     0
grace  Grace Okafor       100%  program-management                      0
"
    );
}

#[test]
fn person_off_appends_bare_dates_to_time_off() {
    let dir = fixture(FIXTURE);
    let out = pm_at(
        dir.path(),
        &[
            "person",
            "off",
            "alice",
            "--from",
            "2026-12-21",
            "--to",
            "2027-01-01",
            "--reason",
            "holidays",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stdout,
        "added time off 2026-12-21 to 2027-01-01 for alice in program.toml\n"
    );
    let out = pm_at(
        dir.path(),
        &[
            "person",
            "off",
            "bob",
            "--from",
            "2026-07-01",
            "--to",
            "2026-07-01",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let before = read(&fixtures_dir().join(FIXTURE), "program.toml");
    let expected = before
        .replace(
            "time_off = [{ from = 2026-08-03, to = 2026-08-14, reason = \"leave\" }]\n",
            "time_off = [\n  { from = 2026-08-03, to = 2026-08-14, reason = \"leave\" },\n  \
             { from = 2026-12-21, to = 2027-01-01, reason = \"holidays\" },\n]\n",
        )
        .replace(
            "skills = [\"systems-engineering\"]\n",
            "skills = [\"systems-engineering\"]\ntime_off = [{ from = 2026-07-01, to = 2026-07-01 }]\n",
        );
    assert_eq!(read(dir.path(), "program.toml"), expected);
    assert_check_clean(dir.path());
    let out = pm_at(dir.path(), &["person", "list"]);
    assert!(
        out.stdout
            .lines()
            .any(|l| l.starts_with("alice") && l.ends_with(" 2")),
        "{}",
        out.stdout
    );
}

#[test]
fn person_off_keeps_a_comment_on_a_multi_line_list() {
    let dir = fixture(FIXTURE);
    let program = read(dir.path(), "program.toml").replace(
        "time_off = [{ from = 2026-08-03, to = 2026-08-14, reason = \"leave\" }]\n",
        "time_off = [\n    { from = 2026-08-03, to = 2026-08-14 },  # summer\n]\n",
    );
    write(dir.path(), "program.toml", &program);
    let out = pm_at(
        dir.path(),
        &[
            "person",
            "off",
            "alice",
            "--from",
            "2026-12-21",
            "--to",
            "2027-01-01",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        read(dir.path(), "program.toml"),
        program.replace(
            "  # summer\n]\n",
            "  # summer\n    { from = 2026-12-21, to = 2027-01-01 },\n]\n"
        )
    );
    assert_check_clean(dir.path());
}

#[test]
fn person_off_refuses_unknown_people_and_reversed_dates() {
    let dir = fixture(FIXTURE);
    let d = dir.path();
    assert_refused(
        d,
        &[
            "person",
            "off",
            "alcie",
            "--from",
            "2026-07-01",
            "--to",
            "2026-07-02",
        ],
        "unknown person 'alcie' — did you mean 'alice'?",
    );
    assert_refused(
        d,
        &[
            "person",
            "off",
            "zed",
            "--from",
            "2026-07-01",
            "--to",
            "2026-07-02",
        ],
        "unknown person 'zed'",
    );
    assert_refused(
        d,
        &[
            "person",
            "off",
            "../evil",
            "--from",
            "2026-07-01",
            "--to",
            "2026-07-02",
        ],
        "invalid person id",
    );
    assert_refused(
        d,
        &[
            "person",
            "off",
            "alice",
            "--from",
            "2026-07-02",
            "--to",
            "2026-07-01",
        ],
        "--to 2026-07-01 is before --from 2026-07-02",
    );
}

#[test]
fn person_edits_refuse_a_program_file_that_does_not_parse() {
    let dir = fixture(FIXTURE);
    let program = read(dir.path(), "program.toml");
    write(
        dir.path(),
        "program.toml",
        &program.replace("capacity = 100\n", "capacity = \n"),
    );
    assert_refused(dir.path(), &["person", "add", "erin"], "program.toml:29:");
    assert_refused(
        dir.path(),
        &["project", "new", "x", "--name", "X"],
        "program.toml:29:",
    );
    let out = pm_at(dir.path(), &["person", "list"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("program.toml:29:"), "{}", out.stderr);
}

// ----- finding the program -----

#[test]
fn without_a_program_every_command_says_so() {
    let dir = empty_dir();
    for args in [
        vec!["project", "list"],
        vec!["project", "show", "x"],
        vec!["project", "new", "x", "--name", "X"],
        vec!["project", "set", "x", "--status", "done"],
        vec!["person", "add", "x"],
        vec!["person", "list"],
        vec![
            "person",
            "off",
            "x",
            "--from",
            "2026-01-01",
            "--to",
            "2026-01-02",
        ],
    ] {
        let out = run(pm().current_dir(dir.path()).args(&args));
        assert_eq!(out.code, 2, "{args:?}");
        assert!(
            out.stderr.contains("no program.toml found"),
            "{args:?}: {}",
            out.stderr
        );
        assert!(snapshot_tree(dir.path()).is_empty(), "{args:?} wrote files");
    }
}

#[test]
fn parallel_person_adds_all_land() {
    let dir = fixture(FIXTURE);
    let children: Vec<_> = (0..16)
        .map(|i| {
            let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_pm"));
            cmd.env_remove("PM_PROGRAM")
                .arg("-C")
                .arg(dir.path())
                .args(["person", "add", &format!("p{i}")])
                .stdout(std::process::Stdio::null());
            cmd.spawn().expect("spawn pm")
        })
        .collect();
    for mut child in children {
        assert!(child.wait().expect("wait for pm").success());
    }
    let text = read(dir.path(), "program.toml");
    for i in 0..16 {
        assert!(
            text.contains(&format!("\nid = \"p{i}\"\n")),
            "p{i} lost:\n{text}"
        );
    }
    let names: Vec<String> = snapshot_tree(dir.path()).into_keys().collect();
    assert_eq!(
        names,
        [
            "program.toml",
            "projects/ground/comms.toml",
            "projects/lander.toml"
        ]
    );
    assert_check_clean(dir.path());
}
