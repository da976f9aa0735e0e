//! `pm level` on fixture programs: the plan it prints in each format, the diff of --dry-run,
//! the files --apply writes, priorities deciding what is cut, fewer changes among equals, the
//! window, decisions it leaves alone, refusals, and the same plan whatever the order of the files.

mod common;

use std::path::Path;

use common::*;

const FIXTURE: &str = "level";

fn level_json(dir: &Path, extra: &[&str]) -> serde_json::Value {
    let mut args = vec!["level", "--format", "json"];
    args.extend_from_slice(extra);
    serde_json::from_str(&ok(dir, &args)).expect("JSON")
}

/// Replaces `old` (which must be there) by `new` in the file `rel`.
fn edit(dir: &Path, rel: &str, old: &str, new: &str) {
    let text = read(dir, rel);
    assert!(text.contains(old), "{rel} has no {old:?}");
    write(dir, rel, &text.replacen(old, new, 1));
}

#[test]
fn artemis_hands_priyas_excess_to_jun_and_leaves_the_rf_request_open() {
    let dir = fixture("examples/artemis");
    let out = ok(dir.path(), &["level"]);
    assert_eq!(
        out,
        "\
level 2026-01-01 to 2028-12-31: 1 move
  hand over  priya 60→40% on spacesuits (priority 500) from 2026-05-01 to 2026-06-30; jun takes 20%: priya is at 120% of 100%; jun shares thermal and is 40% free
unresolved:
  PM205 comms-relay/rf-engineer: nobody with rf has 50% free from 2026-09-01 to 2027-06-30
cost: nothing cut without a taker, 1 request left open, 2 assignments edited or added (proven optimal)
write it with `pm level --apply` (`pm level --dry-run` shows the diff first)
"
    );
    let json = level_json(dir.path(), &[]);
    assert_eq!(
        json,
        serde_json::json!({
            "schema_version": 1,
            "kind": "level",
            "window": { "from": "2026-01-01", "to": "2028-12-31" },
            "moves": [ {
                "action": "hand-over", "person": "priya", "to_person": "jun",
                "project": "spacesuits", "from": "2026-05-01", "to": "2026-06-30",
                "allocation": 20,
                "reason": "priya is at 120% of 100%; jun shares thermal and is 40% free"
            } ],
            "unresolved": [ {
                "code": "PM205", "project": "comms-relay", "request": "rf-engineer",
                "from": "2026-09-01", "to": "2027-06-30",
                "why": "nobody with rf has 50% free from 2026-09-01 to 2027-06-30"
            } ],
            "cost": { "cut_weighted": 0, "unfilled_weighted": 7575000, "changes": 2, "optimal": true }
        })
    );
}

#[test]
fn markdown_is_a_table_of_moves_and_one_of_what_stays_open() {
    let dir = fixture("examples/artemis");
    let out = ok(dir.path(), &["level", "--format", "markdown"]);
    assert!(
        out.contains(
            "| hand over | priya | spacesuits (priority 500) | 2026-05-01 | 2026-06-30 | 20 | jun | priya is at 120% of 100%; jun shares thermal and is 40% free |\n"
        ),
        "{out}"
    );
    assert!(
        out.contains("| PM205 | comms-relay/rf-engineer | nobody with rf has 50% free from 2026-09-01 to 2027-06-30 |\n"),
        "{out}"
    );
}

#[test]
fn dry_run_prints_the_diff_and_writes_nothing() {
    let dir = fixture(FIXTURE);
    let before = snapshot_tree(dir.path());
    let out = pm_in(dir.path())
        .args(["level", "--dry-run"])
        .output()
        .expect("run pm");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(snapshot_tree(dir.path()), before);
    let diff = stdout(&out);
    for hunk in [
        "--- a/projects/orbiter.toml\n+++ b/projects/orbiter.toml\n",
        "+[[assignment]]\n+person = \"cy\"\n+allocation = 50\n+from = 2026-07-01\n+to = 2026-09-30\n",
        "-status = \"open\"\n+status = \"filled\"\n+filled_by = \"cy\"\n",
        "--- a/projects/rover.toml\n+++ b/projects/rover.toml\n",
        " person = \"ana\"\n-allocation = 60\n+allocation = 40\n",
        "+[[assignment]]\n+person = \"dee\"\n+allocation = 20\n+from = 2026-04-01\n+to = 2026-05-31\n",
    ] {
        assert!(diff.contains(hunk), "missing {hunk:?} in\n{diff}");
    }
    // On stderr, the plan for people, then what the edit would have done.
    let err = stderr(&out);
    assert!(
        err.starts_with("level 2026-01-01 to 2026-12-31: 2 moves\n"),
        "{err}"
    );
    assert!(
        err.ends_with(
            "would have: the plan edits or adds 3 assignments in projects/orbiter.toml, projects/rover.toml\nnote: --dry-run: nothing was written\n"
        ),
        "{err}"
    );
    // --dry-run is the global option of every edit: with --apply it still writes nothing, and
    // shows the same diff.
    let out = pm_in(dir.path())
        .args(["level", "--apply", "--dry-run"])
        .output()
        .expect("run pm");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(snapshot_tree(dir.path()), before);
    assert_eq!(stdout(&out), diff);
}

#[test]
fn apply_writes_the_plan_in_every_file_it_touches_and_the_program_is_level() {
    let dir = fixture(FIXTURE);
    let out = pm_in(dir.path())
        .args(["level", "--apply"])
        .output()
        .expect("run pm");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "\
level 2026-01-01 to 2026-12-31: 2 moves
  hand over  ana 60→40% on rover (priority 200) from 2026-04-01 to 2026-05-31; dee takes 20%: ana is at 120% of 100%; dee shares thermal and is 80% free
  fill       orbiter/rf-engineer filled by cy at 50% from 2026-07-01 to 2026-09-30: cy has rf and is 100% free from 2026-07-01 to 2026-09-30
cost: nothing cut without a taker, 0 requests left open, 3 assignments edited or added (proven optimal)
"
    );
    assert_eq!(
        stderr(&out),
        "note: the plan edits or adds 3 assignments in projects/orbiter.toml, projects/rover.toml\n"
    );
    assert_eq!(
        read(dir.path(), "projects/rover.toml"),
        "\
# The rover can wait.

[project]
id = \"rover\"
name = \"Rover\"
status = \"active\"
priority = 200

[charter]
start = 2026-01-01
end = 2026-12-31

# Borrowed for two months: with her orbiter work, 120%.
[[assignment]]
person = \"ana\"
allocation = 40
from = 2026-04-01
to = 2026-05-31
role = \"wheel thermal\"

[[assignment]]
person = \"dee\"
allocation = 20
from = 2026-04-01
to = 2026-05-31
"
    );
    let orbiter = read(dir.path(), "projects/orbiter.toml");
    assert!(
        orbiter.contains(
            "to = 2026-12-31\n\n[[assignment]]\nperson = \"cy\"\nallocation = 50\nfrom = 2026-07-01\nto = 2026-09-30\n\n# Nobody on the team does RF.\n[[request]]\n"
        ),
        "{orbiter}"
    );
    assert!(
        orbiter.ends_with("status = \"filled\"\nfilled_by = \"cy\"\n"),
        "{orbiter}"
    );
    let (_, json) = check_json(dir.path());
    assert!(findings(&json, "PM201").is_empty(), "{json:#}");
    assert!(findings(&json, "PM205").is_empty(), "{json:#}");
    // Levelled: nothing more to do.
    let again = level_json(dir.path(), &[]);
    assert_eq!(again["moves"], serde_json::json!([]));
    assert_eq!(again["cost"]["changes"], 0);
}

/// The fixture with nobody else who does thermal work: ana's excess must be cut.
fn nobody_can_take_it(dir: &Path) {
    edit(
        dir,
        "program.toml",
        "skills = [\"rf\", \"thermal\"]",
        "skills = [\"rf\"]",
    );
}

#[test]
fn the_lower_priority_project_is_cut() {
    let dir = fixture(FIXTURE);
    nobody_can_take_it(dir.path());
    let json = level_json(dir.path(), &[]);
    let moves = json["moves"].as_array().expect("moves");
    let cut = &moves[0];
    assert_eq!(cut["action"], "cut", "{json:#}");
    assert_eq!(cut["project"], "rover");
    assert_eq!(cut["allocation"], 20);
    assert_eq!(
        (cut["from"].as_str(), cut["to"].as_str()),
        (Some("2026-04-01"), Some("2026-05-31"))
    );
    // 20% for 61 days at priority 200.
    assert_eq!(json["cost"]["cut_weighted"], 20 * 61 * 200);

    // The same conflict with the priorities the other way round cuts the orbiter, only on the
    // days needed: its assignment is split in three, its comment kept on the first piece.
    ok(
        dir.path(),
        &["project", "set", "rover", "--priority", "900"],
    );
    let json = level_json(dir.path(), &[]);
    let cut = &json["moves"][0];
    assert_eq!(
        (cut["action"].as_str(), cut["project"].as_str()),
        (Some("cut"), Some("orbiter"))
    );
    assert_eq!(json["cost"]["cut_weighted"], 20 * 61 * 800);
    assert_eq!(
        json["cost"]["changes"], 4,
        "three pieces and the fill: {json:#}"
    );
    ok(dir.path(), &["level", "--apply"]);
    let orbiter = read(dir.path(), "projects/orbiter.toml");
    assert!(
        orbiter.contains(
            "[[assignment]]\nperson = \"ana\"  # thermal lead from March\nallocation = 60\nfrom = 2026-03-01\nto = 2026-03-31\nrole = \"thermal lead\"\n"
        ),
        "{orbiter}"
    );
    assert!(
        orbiter.contains(
            "[[assignment]]\nperson = \"ana\"\nallocation = 40\nfrom = 2026-04-01\nto = 2026-05-31\nrole = \"thermal lead\"\n\n[[assignment]]\nperson = \"ana\"\nallocation = 60\nfrom = 2026-06-01\nto = 2026-06-30\nrole = \"thermal lead\"\n"
        ),
        "{orbiter}"
    );
    let (_, json) = check_json(dir.path());
    assert!(findings(&json, "PM201").is_empty(), "{json:#}");
}

#[test]
fn among_equal_priorities_the_cut_with_fewer_changes_wins() {
    let dir = fixture(FIXTURE);
    nobody_can_take_it(dir.path());
    ok(
        dir.path(),
        &["project", "set", "rover", "--priority", "800"],
    );
    let json = level_json(dir.path(), &[]);
    // Lowering the rover assignment is one edit; the orbiter one would be split in three.
    let cut = &json["moves"][0];
    assert_eq!(
        (cut["action"].as_str(), cut["project"].as_str()),
        (Some("cut"), Some("rover"))
    );
    assert_eq!(json["cost"]["changes"], 2, "the cut and the fill: {json:#}");
}

#[test]
fn nothing_is_handed_over_on_a_colleagues_time_off() {
    let dir = fixture(FIXTURE);
    // ana over in June too; dee, the only other thermal engineer with room, is off June 1-14.
    edit(
        dir.path(),
        "projects/rover.toml",
        "to = 2026-05-31",
        "to = 2026-06-30",
    );
    let json = level_json(dir.path(), &[]);
    let moves = json["moves"].as_array().expect("moves");
    let summary: Vec<(String, String, String, String)> = moves
        .iter()
        .filter(|m| m["action"] != "fill")
        .map(|m| {
            let s = |k: &str| m[k].as_str().unwrap_or_default().to_owned();
            (s("action"), s("to_person"), s("from"), s("to"))
        })
        .collect();
    assert_eq!(
        summary,
        [
            (
                "hand-over".into(),
                "dee".into(),
                "2026-04-01".into(),
                "2026-05-31".into()
            ),
            (
                "cut".into(),
                String::new(),
                "2026-06-01".into(),
                "2026-06-14".into()
            ),
            (
                "hand-over".into(),
                "dee".into(),
                "2026-06-15".into(),
                "2026-06-30".into()
            ),
        ],
        "{json:#}"
    );
    ok(dir.path(), &["level", "--apply"]);
    let (_, json) = check_json(dir.path());
    assert!(findings(&json, "PM201").is_empty(), "{json:#}");
}

#[test]
fn the_window_limits_what_is_levelled() {
    let dir = fixture(FIXTURE);
    let json = level_json(dir.path(), &["--from", "2026-05-01", "--to", "2026-06-30"]);
    assert_eq!(
        json["window"],
        serde_json::json!({ "from": "2026-05-01", "to": "2026-06-30" })
    );
    let m = &json["moves"][0];
    assert_eq!(
        (m["action"].as_str(), m["from"].as_str(), m["to"].as_str()),
        (Some("hand-over"), Some("2026-05-01"), Some("2026-05-31")),
        "{json:#}"
    );
    // The request starts after the window.
    assert_eq!(json["moves"].as_array().map(Vec::len), Some(1), "{json:#}");
    // A window with nothing over-allocated and no request.
    let out = ok(
        dir.path(),
        &["level", "--from", "2026-10-01", "--to", "2026-12-31"],
    );
    assert_eq!(
        out,
        "level 2026-10-01 to 2026-12-31: 0 moves\n  nothing to do: nobody is over-allocated and no request is open\ncost: nothing cut without a taker, 0 requests left open, 0 assignments edited or added (proven optimal)\n"
    );
}

#[test]
fn an_over_allocation_accepted_by_a_decision_is_left_alone() {
    let dir = fixture(FIXTURE);
    edit(
        dir.path(),
        "projects/orbiter.toml",
        "role = \"thermal lead\"\n",
        "role = \"thermal lead\"\nallow = [\"over-allocation\"]\nreason = \"ana agreed to the overtime (grace)\"\n",
    );
    let json = level_json(dir.path(), &[]);
    assert!(
        json["moves"]
            .as_array()
            .expect("moves")
            .iter()
            .all(|m| m["action"] == "fill"),
        "{json:#}"
    );
    assert_eq!(
        json["unresolved"][0],
        serde_json::json!({
            "code": "PM201", "project": "orbiter", "person": "ana",
            "from": "2026-04-01", "to": "2026-05-31",
            "why": "accepted: ana's assignment on orbiter allows over-allocation"
        })
    );
}

#[test]
fn the_same_program_gives_the_same_plan_every_time_whatever_the_order_of_its_files() {
    let dir = fixture(FIXTURE);
    nobody_can_take_it(dir.path());
    ok(
        dir.path(),
        &["project", "set", "rover", "--priority", "800"],
    );
    let first = ok(dir.path(), &["level", "--format", "json"]);
    for _ in 0..19 {
        assert_eq!(ok(dir.path(), &["level", "--format", "json"]), first);
    }
    // The same program written in another order: the project in a sub-folder, the
    // assignments of orbiter the other way round, the pool reversed.
    let moved = fixture(FIXTURE);
    nobody_can_take_it(moved.path());
    ok(
        moved.path(),
        &["project", "set", "rover", "--priority", "800"],
    );
    let rover = read(moved.path(), "projects/rover.toml");
    std::fs::remove_file(moved.path().join("projects/rover.toml")).expect("remove");
    write(moved.path(), "projects/a/b/rover.toml", &rover);
    let orbiter = read(moved.path(), "projects/orbiter.toml");
    let (head, rest) = orbiter.split_at(orbiter.find("[[assignment]]").expect("assignment"));
    let (items, tail) = rest.split_at(rest.find("# Nobody").expect("request"));
    let mut parts: Vec<&str> = items.split_inclusive("\n\n").collect();
    parts.reverse();
    write(
        moved.path(),
        "projects/orbiter.toml",
        &format!("{head}{}{tail}", parts.concat()),
    );
    let program = read(moved.path(), "program.toml");
    let (head, people) = program.split_at(program.find("[[person]]").expect("people"));
    let mut people: Vec<String> = people
        .split("[[person]]")
        .filter(|p| !p.trim().is_empty())
        .map(|p| format!("[[person]]{}\n", p.trim_end()))
        .collect();
    people.reverse();
    write(
        moved.path(),
        "program.toml",
        &format!("{head}{}", people.join("\n")),
    );
    assert_ne!(
        read(moved.path(), "projects/orbiter.toml"),
        read(dir.path(), "projects/orbiter.toml")
    );
    assert_eq!(ok(moved.path(), &["level", "--format", "json"]), first);
}

#[test]
fn bad_input_is_refused_and_nothing_is_written() {
    let dir = fixture(FIXTURE);
    let d = dir.path();
    let err = refused(d, &["level", "--from", "2026-09-01", "--to", "2026-03-01"]);
    assert!(
        err.contains(
            "the window would end before it starts: --from 2026-09-01 is after --to 2026-03-01"
        ),
        "{err}"
    );
    let err = refused(d, &["level", "--from", "2027-02-01", "--apply"]);
    assert!(
        err.contains("--from 2027-02-01 is after the program's end, 2026-12-31"),
        "{err}"
    );
    write(
        d,
        "projects/broken.toml",
        "[project]\nid = \"broken\"\nname = \"x\n",
    );
    let err = refused(d, &["level", "--apply"]);
    assert!(
        err.contains(
            "projects/broken.toml could not be read, so its load would be left out of the plan"
        ),
        "{err}"
    );
}
