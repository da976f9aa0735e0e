//! A program kept current for two years with pm's commands alone: from `pm init` through people
//! joining, changing hours and names, work starting and finishing, assignments proposed,
//! confirmed, moved and shortened, a deliverable renamed, requests filled and withdrawn, a
//! project renamed, mistakes removed, to every project `done` — and `pm check` has nothing to
//! say at the end. No file is ever written by the test itself.

mod common;

use std::path::Path;

use common::*;

/// Runs one pm command in the program; it must succeed.
fn step(dir: &Path, args: &[&str]) -> String {
    ok(dir, args)
}

/// `pm check` finds no error (warnings may come and go while the program is under way).
fn no_errors(dir: &Path, when: &str) {
    let (code, json) = check_json(dir);
    assert_eq!(json["summary"]["errors"], 0, "{when}: {json:#}");
    assert_eq!(code, 0, "{when}: {json:#}");
}

#[test]
fn a_program_lives_two_years_from_init_to_every_project_done() {
    let home = empty_dir();
    let out = pm()
        .current_dir(home.path())
        .args([
            "init",
            "moon",
            "--id",
            "moon",
            "--name",
            "Moon",
            "--manager",
            "grace",
            "--start",
            "2026-01-01",
            "--end",
            "2027-12-31",
        ])
        .output()
        .expect("run pm init");
    assert!(out.status.success(), "{}", stderr(&out));
    let dir = home.path().join("moon");
    let d = dir.as_path();
    let before_any_edit = snapshot_tree(d);
    assert!(before_any_edit.contains_key("program.toml"));

    // ---- January 2026: the pool, the benefits, the first project ----
    step(
        d,
        &[
            "person",
            "set",
            "grace",
            "--name",
            "Grace Okafor",
            "--skills",
            "management",
        ],
    );
    step(
        d,
        &[
            "person",
            "add",
            "alice",
            "--name",
            "Alice Moreau",
            "--skills",
            "propulsion",
        ],
    );
    step(
        d,
        &[
            "person",
            "add",
            "bob",
            "--name",
            "Bob Stone",
            "--capacity",
            "80",
            "--skills",
            "thermal",
        ],
    );
    step(
        d,
        &[
            "person",
            "add",
            "carol",
            "--name",
            "Carol Diaz",
            "--skills",
            "rf",
        ],
    );
    step(
        d,
        &["benefit", "add", "landing", "--title", "Land on the Moon"],
    );
    step(
        d,
        &[
            "benefit",
            "add",
            "science",
            "--title",
            "Science from the surface",
        ],
    );
    step(
        d,
        &[
            "project",
            "new",
            "lander",
            "--name",
            "Lander",
            "--manager",
            "grace",
            "--start",
            "2026-01-01",
            "--end",
            "2026-12-31",
            "--objective",
            "A lander that lands",
            "--benefit",
            "landing",
            "--status",
            "active",
        ],
    );
    step(
        d,
        &[
            "scope",
            "add",
            "lander",
            "engine",
            "--title",
            "Descent engine",
            "--due",
            "2026-10-31",
        ],
    );
    step(
        d,
        &[
            "scope",
            "add",
            "lander",
            "legs",
            "--title",
            "Landing legs",
            "--due",
            "2026-11-30",
        ],
    );
    step(
        d,
        &[
            "scope",
            "exclude",
            "lander",
            "suits",
            "--title",
            "Spacesuits",
            "--keywords",
            "spacesuit",
        ],
    );
    step(
        d,
        &[
            "work",
            "add",
            "lander",
            "--title",
            "Engine hot-fire",
            "--deliverable",
            "engine",
            "--estimate-hours",
            "400",
            "--start",
            "2026-02-01",
            "--due",
            "2026-08-31",
            "--assignee",
            "alice",
        ],
    );
    step(
        d,
        &[
            "work",
            "add",
            "lander",
            "--title",
            "Leg drop tests",
            "--deliverable",
            "legs",
            "--start",
            "2026-04-01",
            "--due",
            "2026-10-31",
            "--assignee",
            "bob",
        ],
    );
    step(d, &["assign", "alice", "lander", "--allocation", "60"]);
    no_errors(d, "January 2026");

    // ---- Spring: bob proposed, then agreed; a radio engineer asked for and found ----
    step(
        d,
        &[
            "assign",
            "bob",
            "lander",
            "--allocation",
            "50",
            "--from",
            "2026-04-01",
            "--to",
            "2026-10-31",
            "--proposed",
            "--role",
            "structures",
        ],
    );
    step(d, &["assignment", "set", "bob", "lander", "--commit"]);
    step(
        d,
        &[
            "request",
            "add",
            "lander",
            "--skills",
            "rf",
            "--allocation",
            "30",
            "--from",
            "2026-06-01",
            "--to",
            "2026-12-31",
            "--reason",
            "Radio altimeter",
        ],
    );
    step(d, &["request", "set", "lander/rf", "--allocation", "25"]);
    step(d, &["request", "fill", "lander/rf", "--person", "carol"]);
    step(
        d,
        &[
            "project",
            "new",
            "relay",
            "--name",
            "Relay",
            "--manager",
            "grace",
            "--start",
            "2026-03-01",
            "--end",
            "2027-06-30",
            "--objective",
            "A relay for the far side",
            "--benefit",
            "science",
            "--status",
            "active",
        ],
    );
    step(
        d,
        &[
            "scope",
            "add",
            "relay",
            "antenna",
            "--title",
            "Antenna",
            "--due",
            "2027-03-31",
        ],
    );
    step(
        d,
        &[
            "work",
            "add",
            "relay",
            "--title",
            "Site survey",
            "--deliverable",
            "antenna",
            "--start",
            "2026-05-01",
            "--due",
            "2026-09-30",
            "--assignee",
            "carol",
        ],
    );
    step(
        d,
        &[
            "assign",
            "carol",
            "relay",
            "--allocation",
            "50",
            "--from",
            "2026-03-01",
            "--to",
            "2027-06-30",
        ],
    );
    step(
        d,
        &["work", "set", "lander/engine-hot-fire", "--status", "doing"],
    );
    // A work item recorded twice by mistake, and taken out again.
    step(
        d,
        &[
            "work",
            "add",
            "relay",
            "--title",
            "Site survey",
            "--deliverable",
            "antenna",
        ],
    );
    step(d, &["work", "remove", "relay/site-survey-2"]);
    no_errors(d, "spring 2026");

    // ---- Summer: leave, out-of-charter work, a better name for a deliverable ----
    step(
        d,
        &[
            "person",
            "off",
            "alice",
            "--from",
            "2026-07-06",
            "--to",
            "2026-07-17",
            "--reason",
            "leave",
        ],
    );
    step(
        d,
        &[
            "person",
            "off",
            "bob",
            "--from",
            "2026-08-03",
            "--to",
            "2026-08-07",
        ],
    );
    step(
        d,
        &["person", "off", "bob", "--cancel", "--from", "2026-08-03"],
    );
    step(
        d,
        &[
            "work",
            "add",
            "lander",
            "--title",
            "Relay mast",
            "--start",
            "2026-06-01",
            "--due",
            "2026-07-31",
        ],
    );
    step(
        d,
        &[
            "work",
            "move",
            "lander/relay-mast",
            "--to",
            "relay",
            "--deliverable",
            "antenna",
        ],
    );
    step(
        d,
        &[
            "scope",
            "set",
            "lander",
            "legs",
            "--id",
            "landing-legs",
            "--title",
            "Landing legs and pads",
        ],
    );
    step(
        d,
        &["work", "set", "lander/engine-hot-fire", "--status", "done"],
    );
    step(d, &["person", "set", "bob", "--capacity", "100"]);
    no_errors(d, "summer 2026");

    // ---- Autumn: alice moves to relay; lander finishes ----
    step(
        d,
        &[
            "reassign",
            "alice",
            "--from-project",
            "lander",
            "--to-project",
            "relay",
            "--on",
            "2026-10-01",
            "--allocation",
            "40",
        ],
    );
    step(
        d,
        &["work", "set", "lander/leg-drop-tests", "--status", "done"],
    );
    step(
        d,
        &[
            "work",
            "set",
            "relay/relay-mast",
            "--status",
            "done",
            "--assignee",
            "alice",
        ],
    );
    step(d, &["project", "set", "lander", "--status", "done"]);
    step(d, &["person", "rename", "carol", "carla"]);
    no_errors(d, "autumn 2026");

    // ---- 2027: a longer program, a new project that is renamed, and the end ----
    step(
        d,
        &[
            "program",
            "set",
            "--end",
            "2028-06-30",
            "--sponsor",
            "Lunar office",
        ],
    );
    step(
        d,
        &[
            "project",
            "new",
            "rover",
            "--name",
            "Rover",
            "--manager",
            "grace",
            "--start",
            "2027-01-01",
            "--end",
            "2027-12-31",
            "--objective",
            "A rover for the science",
            "--benefit",
            "science",
        ],
    );
    step(
        d,
        &[
            "scope",
            "add",
            "rover",
            "chassis",
            "--title",
            "Chassis",
            "--due",
            "2027-09-30",
        ],
    );
    step(
        d,
        &[
            "project",
            "set",
            "rover",
            "--status",
            "active",
            "--priority",
            "700",
        ],
    );
    step(d, &["project", "rename", "rover", "lunar-rover"]);
    step(
        d,
        &[
            "work",
            "add",
            "lunar-rover",
            "--title",
            "Chassis build",
            "--deliverable",
            "chassis",
            "--estimate-hours",
            "800",
            "--start",
            "2027-01-15",
            "--due",
            "2027-09-30",
            "--assignee",
            "bob",
        ],
    );
    step(
        d,
        &[
            "assign",
            "bob",
            "lunar-rover",
            "--allocation",
            "80",
            "--from",
            "2027-01-01",
            "--to",
            "2027-12-31",
        ],
    );
    step(
        d,
        &[
            "request",
            "add",
            "lunar-rover",
            "--skills",
            "thermal",
            "--allocation",
            "20",
            "--reason",
            "Thermal model",
        ],
    );
    step(
        d,
        &[
            "request",
            "withdraw",
            "lunar-rover/thermal",
            "--reason",
            "bob models it",
        ],
    );
    step(d, &["work", "set", "relay/site-survey", "--status", "done"]);
    step(
        d,
        &["assignment", "set", "carla", "relay", "--to", "2027-03-31"],
    );
    step(
        d,
        &["assignment", "set", "alice", "relay", "--to", "2027-06-30"],
    );
    step(d, &["unassign", "alice", "relay", "--on", "2027-04-01"]);
    step(d, &["project", "set", "relay", "--status", "done"]);
    step(
        d,
        &[
            "work",
            "set",
            "lunar-rover/chassis-build",
            "--status",
            "doing",
        ],
    );
    step(
        d,
        &[
            "work",
            "set",
            "lunar-rover/chassis-build",
            "--status",
            "done",
        ],
    );
    step(
        d,
        &[
            "assignment",
            "set",
            "bob",
            "lunar-rover",
            "--to",
            "2027-10-31",
        ],
    );
    step(d, &["project", "set", "lunar-rover", "--status", "done"]);
    // Tidying up: a benefit and a person added by mistake go again.
    step(d, &["benefit", "add", "spare", "--title", "Spare"]);
    step(d, &["benefit", "remove", "spare"]);
    step(d, &["person", "add", "dave"]);
    step(d, &["person", "remove", "dave"]);

    // Every project is done, and pm check has nothing to say.
    let list = step(d, &["project", "list"]);
    let statuses: Vec<&str> = list
        .lines()
        .skip(2)
        .filter_map(|l| l.split_whitespace().nth(2))
        .collect();
    assert_eq!(statuses, ["done", "done", "done"], "{list}");
    let (code, json) = check_json(d);
    assert_eq!(code, 0, "{json:#}");
    assert_eq!(json["diagnostics"], serde_json::json!([]), "{json:#}");
    assert_eq!(step(d, &["check"]), "0 errors, 0 warnings\n");
    // The program says what happened, in the words the commands wrote.
    let lander = read(d, "projects/lander.toml");
    assert!(
        lander.contains("id = \"landing-legs\"\ntitle = \"Landing legs and pads\""),
        "{lander}"
    );
    assert!(lander.contains("filled_by = \"carla\""), "{lander}");
    assert!(read(d, "projects/relay.toml").contains("moved_from = \"lander\""));
    assert!(
        d.join("projects/lunar-rover.toml").is_file() && !d.join("projects/rover.toml").exists()
    );
}
