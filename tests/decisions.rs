//! The program manager's decisions on a fixture program: `pm work move`, `pm reassign`,
//! `pm request add|list|fill`, `pm balance`, and `pm assign --instead-of`.

mod common;

use std::path::Path;

use common::*;
use serde_json::Value;

const FIXTURE: &str = "decisions";
const LANDER: &str = "projects/lander.toml";
const COMMS: &str = "projects/comms.toml";
const SUITS: &str = "projects/suits.toml";

/// No structural finding (PM001–PM005) after an edit: the files still parse and agree.
fn assert_structurally_clean(dir: &Path) {
    let (_, json) = check_json(dir);
    for code in ["PM001", "PM002", "PM003", "PM004", "PM005"] {
        assert!(
            findings(&json, code).is_empty(),
            "{code} after the edit: {json:#}"
        );
    }
}

/// The out-of-charter findings (PM101 untraced, PM102 excluded) of `pm check` about one work item.
fn charter_findings(dir: &Path, work: &str) -> Vec<String> {
    let (_, json) = check_json(dir);
    ["PM101", "PM102"]
        .iter()
        .flat_map(|code| findings(&json, code))
        .filter(|d| d["work"] == work)
        .map(|d| format!("{} {}", d["code"], d["message"]))
        .collect()
}

fn doc(dir: &Path, rel: &str) -> toml_edit::DocumentMut {
    read(dir, rel).parse().expect("valid TOML")
}

/// The `[[kind]]` table of `rel` whose `key` is `value`.
fn item(dir: &Path, rel: &str, kind: &str, key: &str, value: &str) -> Option<toml_edit::Table> {
    doc(dir, rel)
        .get(kind)
        .and_then(|w| w.as_array_of_tables())
        .and_then(|a| {
            a.iter()
                .find(|t| t.get(key).and_then(|v| v.as_str()) == Some(value))
                .cloned()
        })
}

fn str_key<'t>(t: &'t toml_edit::Table, key: &str) -> Option<&'t str> {
    t.get(key).and_then(|v| v.as_str())
}

/// The deliverable ids of a project file.
fn deliverables(dir: &Path, rel: &str) -> Vec<String> {
    doc(dir, rel)
        .get("deliverable")
        .and_then(|d| d.as_array_of_tables())
        .map(|a| {
            a.iter()
                .filter_map(|t| str_key(t, "id").map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

fn balance(dir: &Path) -> Value {
    let text = ok(dir, &["balance", "--format", "json"]);
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{e}: {text}"))
}

fn proposals_for<'a>(json: &'a Value, kind: &str) -> Vec<&'a Value> {
    json["proposals"]
        .as_array()
        .expect("proposals")
        .iter()
        .filter(|p| p["for"] == kind)
        .collect()
}

// ---- pm work move --to ----

const RELAY_ITEM: &str = "# Picked up while choosing landing sites; it is comms work.
[[work]]
id = \"relay-survey\"
title = \"Relay site survey\"
deliverable = \"relay-design\"   # a comms deliverable
estimate_hours = 80
start = 2026-07-01
due = 2026-09-30
# asked for by the comms team in June
";

#[test]
fn move_to_carries_the_item_and_its_comments_and_records_where_it_came_from() {
    let dir = fixture(FIXTURE);
    assert_eq!(charter_findings(dir.path(), "relay-survey").len(), 1);
    let (lander, comms) = (read(dir.path(), LANDER), read(dir.path(), COMMS));
    let out = ok(
        dir.path(),
        &["work", "move", "lander/relay-survey", "--to", "comms"],
    );
    assert_eq!(
        out,
        "moved work relay-survey from lander to comms (deliverable relay-design): removed from projects/lander.toml, added to projects/comms.toml\n"
    );

    // The source loses exactly the item with its comments; everything else stays byte for byte.
    assert!(lander.contains(&format!("{RELAY_ITEM}\n")));
    assert_eq!(
        read(dir.path(), LANDER),
        lander.replacen(&format!("{RELAY_ITEM}\n"), "", 1)
    );
    // The target gains it after its last work item, with `moved_from`, comments and all.
    let moved = RELAY_ITEM.replace(
        "due = 2026-09-30\n",
        "due = 2026-09-30\nmoved_from = \"lander\"\n",
    );
    let anchor = "deliverable = \"relay-design\"\n\n[[assignment]]";
    assert!(comms.contains(anchor));
    assert_eq!(
        read(dir.path(), COMMS),
        comms.replacen(
            anchor,
            &format!("deliverable = \"relay-design\"\n\n{moved}\n[[assignment]]"),
            1
        )
    );

    // Now traced: its deliverable is one of its new project's.
    let w = item(dir.path(), COMMS, "work", "id", "relay-survey").expect("moved item");
    assert!(
        deliverables(dir.path(), COMMS).contains(&str_key(&w, "deliverable").unwrap().to_owned())
    );
    assert!(item(dir.path(), LANDER, "work", "id", "relay-survey").is_none());
    assert_eq!(
        charter_findings(dir.path(), "relay-survey"),
        Vec::<String>::new()
    );
    assert_structurally_clean(dir.path());
}

#[test]
fn move_to_with_a_deliverable_traces_work_that_named_none() {
    let dir = fixture(FIXTURE);
    ok(
        dir.path(),
        &[
            "work",
            "move",
            "lander/cabin-heaters",
            "--to",
            "comms",
            "--deliverable",
            "satellite",
        ],
    );
    let w = item(dir.path(), COMMS, "work", "id", "cabin-heaters").expect("moved item");
    assert_eq!(str_key(&w, "deliverable"), Some("satellite"));
    assert_eq!(str_key(&w, "moved_from"), Some("lander"));
    // Keys keep the order of the file format.
    let keys: Vec<&str> = w.iter().map(|(k, _)| k).collect();
    assert_eq!(
        keys,
        ["id", "title", "deliverable", "estimate_hours", "moved_from"]
    );
    assert!(item(dir.path(), LANDER, "work", "id", "cabin-heaters").is_none());
    assert_structurally_clean(dir.path());
}

#[test]
fn move_to_refuses_a_target_without_the_deliverable_and_names_its_deliverables() {
    let dir = fixture(FIXTURE);
    let err = refused(
        dir.path(),
        &["work", "move", "lander/engine-tests", "--to", "comms"],
    );
    assert!(err.contains("'descent-stage'"), "{err}");
    assert!(err.contains("relay-design, satellite"), "{err}");
    assert!(err.contains("--deliverable"), "{err}");

    let err = refused(
        dir.path(),
        &[
            "work",
            "move",
            "lander/engine-tests",
            "--to",
            "comms",
            "--deliverable",
            "sattelite",
        ],
    );
    assert!(err.contains("did you mean 'satellite'?"), "{err}");

    let err = refused(
        dir.path(),
        &["work", "move", "lander/cabin-heaters", "--to", "comms"],
    );
    assert!(err.contains("names no deliverable"), "{err}");
    assert!(err.contains("relay-design, satellite"), "{err}");
}

#[test]
fn move_to_refuses_unknown_projects_and_work_and_the_same_project() {
    let dir = fixture(FIXTURE);
    let err = refused(
        dir.path(),
        &["work", "move", "lander/relay-survey", "--to", "comsm"],
    );
    assert!(
        err.contains("unknown project 'comsm' — did you mean 'comms'?"),
        "{err}"
    );
    let err = refused(
        dir.path(),
        &["work", "move", "landr/relay-survey", "--to", "comms"],
    );
    assert!(err.contains("unknown project 'landr'"), "{err}");
    let err = refused(
        dir.path(),
        &["work", "move", "lander/relay-survy", "--to", "comms"],
    );
    assert!(err.contains("did you mean 'relay-survey'?"), "{err}");
    let err = refused(
        dir.path(),
        &["work", "move", "lander/relay-survey", "--to", "lander"],
    );
    assert!(err.contains("already in lander"), "{err}");
    let err = refused(
        dir.path(),
        &["work", "move", "relay-survey", "--to", "comms"],
    );
    assert!(err.contains("PROJECT/ID"), "{err}");
    refused(
        dir.path(),
        &["work", "move", "../x/relay-survey", "--to", "comms"],
    );
}

#[test]
fn move_to_refuses_an_id_taken_in_the_target_and_suggests_another() {
    let dir = fixture(FIXTURE);
    ok(
        dir.path(),
        &[
            "work",
            "add",
            "comms",
            "--title",
            "Relay survey",
            "--deliverable",
            "relay-design",
        ],
    );
    let err = refused(
        dir.path(),
        &["work", "move", "lander/relay-survey", "--to", "comms"],
    );
    assert!(err.contains("--id relay-survey-2"), "{err}");
    ok(
        dir.path(),
        &[
            "work",
            "move",
            "lander/relay-survey",
            "--to",
            "comms",
            "--id",
            "relay-survey-2",
        ],
    );
    let w = item(dir.path(), COMMS, "work", "id", "relay-survey-2").expect("renamed item");
    assert_eq!(str_key(&w, "title"), Some("Relay site survey"));
    assert_structurally_clean(dir.path());
}

#[test]
fn a_failing_rename_during_a_move_leaves_both_files_as_they_were() {
    let dir = fixture(FIXTURE);
    let before = snapshot_tree(dir.path());
    let out = pm_in(dir.path())
        .env("PM_TEST_FAIL_RENAME", "1")
        .args(["work", "move", "lander/relay-survey", "--to", "comms"])
        .output()
        .expect("run pm");
    assert_eq!(out.status.code(), Some(2), "{}", stdout(&out));
    let err = stderr(&out);
    assert!(err.contains("left as it was"), "{err}");
    assert_eq!(snapshot_tree(dir.path()), before);
}

// ---- pm work move --new-project ----

#[test]
fn move_to_a_new_project_seeds_a_proposed_charter_with_the_item() {
    let dir = fixture(FIXTURE);
    assert_eq!(charter_findings(dir.path(), "suit-cooling").len(), 1);
    let lander = read(dir.path(), LANDER);
    let out = ok(
        dir.path(),
        &[
            "work",
            "move",
            "lander/suit-cooling",
            "--new-project",
            "suit-thermal",
        ],
    );
    assert_eq!(
        out,
        "moved work suit-cooling from lander into the new proposed project suit-thermal (deliverable suits): removed from projects/lander.toml, created projects/suit-thermal.toml\n"
    );
    // The item named lander's exclusion "suits", a deliverable of no project: it becomes the
    // new project's deliverable, so the work is traced there.
    assert_eq!(
        read(dir.path(), "projects/suit-thermal.toml"),
        "# Proposed by `pm work move` for work taken out of lander; complete the charter before it starts.

[project]
id = \"suit-thermal\"
name = \"Suit cooling loop\"
status = \"proposed\"
manager = \"erin\"
benefits = [\"landing\"]

[charter]
objective = \"Suit cooling loop\"
start = 2026-03-01

[[deliverable]]
id = \"suits\"
title = \"Suit cooling loop\"

[[work]]
id = \"suit-cooling\"
title = \"Suit cooling loop\"
deliverable = \"suits\"
estimate_hours = 120
start = 2026-03-01
moved_from = \"lander\"
"
    );
    let block = "[[work]]
id = \"suit-cooling\"
title = \"Suit cooling loop\"
deliverable = \"suits\"
estimate_hours = 120
start = 2026-03-01

";
    assert_eq!(read(dir.path(), LANDER), lander.replacen(block, "", 1));
    assert_eq!(
        charter_findings(dir.path(), "suit-cooling"),
        Vec::<String>::new()
    );
    assert_structurally_clean(dir.path());
    let (_, json) = check_json(dir.path());
    assert_eq!(json["program"], "moon");
}

#[test]
fn a_new_project_does_not_reuse_a_deliverable_id_another_project_has() {
    let dir = fixture(FIXTURE);
    ok(
        dir.path(),
        &[
            "work",
            "move",
            "lander/relay-survey",
            "--new-project",
            "relay-sites",
        ],
    );
    let rel = "projects/relay-sites.toml";
    // relay-design is comms's: the new deliverable is a slug of the work's title instead.
    assert_eq!(deliverables(dir.path(), rel), ["relay-site-survey"]);
    let w = item(dir.path(), rel, "work", "id", "relay-survey").expect("moved item");
    assert_eq!(str_key(&w, "deliverable"), Some("relay-site-survey"));
    let text = read(dir.path(), rel);
    assert!(
        text.contains("start = 2026-07-01\nend = 2026-09-30\n"),
        "{text}"
    );
    assert!(
        text.contains("# asked for by the comms team in June\n"),
        "{text}"
    );
    assert_structurally_clean(dir.path());
}

#[test]
fn a_new_project_must_be_new() {
    let dir = fixture(FIXTURE);
    let err = refused(
        dir.path(),
        &[
            "work",
            "move",
            "lander/relay-survey",
            "--new-project",
            "comms",
        ],
    );
    assert!(err.contains("project 'comms' already exists"), "{err}");
    assert!(err.contains("--to comms"), "{err}");
    refused(
        dir.path(),
        &[
            "work",
            "move",
            "lander/relay-survey",
            "--new-project",
            "New Thing",
        ],
    );
}

// ---- pm work move --drop ----

#[test]
fn drop_marks_the_item_dropped_with_its_reason_in_place() {
    let dir = fixture(FIXTURE);
    assert_eq!(charter_findings(dir.path(), "cabin-heaters").len(), 1);
    let lander = read(dir.path(), LANDER);
    let out = ok(
        dir.path(),
        &[
            "work",
            "move",
            "lander/cabin-heaters",
            "--drop",
            "--reason",
            "Serves no program benefit",
        ],
    );
    assert_eq!(
        out,
        "dropped work cabin-heaters of lander in projects/lander.toml: Serves no program benefit\n"
    );
    assert_eq!(
        read(dir.path(), LANDER),
        lander.replacen(
            "title = \"Cabin heaters\"\nestimate_hours = 40\n",
            "title = \"Cabin heaters\"\nestimate_hours = 40\nstatus = \"dropped\"\nreason = \"Serves no program benefit\"\n",
            1
        )
    );
    assert_eq!(
        charter_findings(dir.path(), "cabin-heaters"),
        Vec::<String>::new()
    );
    assert_structurally_clean(dir.path());
    let err = refused(
        dir.path(),
        &[
            "work",
            "move",
            "lander/cabin-heaters",
            "--drop",
            "--reason",
            "again",
        ],
    );
    assert!(err.contains("already dropped"), "{err}");
}

#[test]
fn drop_refuses_a_missing_or_empty_reason() {
    let dir = fixture(FIXTURE);
    let err = refused(
        dir.path(),
        &["work", "move", "lander/cabin-heaters", "--drop"],
    );
    assert!(err.contains("--reason"), "{err}");
    let err = refused(
        dir.path(),
        &[
            "work",
            "move",
            "lander/cabin-heaters",
            "--drop",
            "--reason",
            "  ",
        ],
    );
    assert!(err.contains("give a reason"), "{err}");
}

#[test]
fn exactly_one_decision_is_taken() {
    let dir = fixture(FIXTURE);
    refused(dir.path(), &["work", "move", "lander/cabin-heaters"]);
    refused(
        dir.path(),
        &[
            "work",
            "move",
            "lander/cabin-heaters",
            "--to",
            "comms",
            "--drop",
            "--reason",
            "x",
        ],
    );
    refused(
        dir.path(),
        &[
            "work",
            "move",
            "lander/cabin-heaters",
            "--to",
            "comms",
            "--new-project",
            "heaters",
        ],
    );
}

// ---- pm reassign ----

#[test]
fn reassign_ends_an_over_allocation() {
    let dir = fixture(FIXTURE);
    let before = balance(dir.path());
    let over = proposals_for(&before, "over-allocation");
    assert_eq!(over.len(), 1, "{before:#}");
    assert_eq!(over[0]["person"], "alice");
    assert_eq!(over[0]["from"], "2026-05-01");
    assert_eq!(over[0]["to"], "2026-06-30");

    let out = ok(
        dir.path(),
        &[
            "reassign",
            "alice",
            "--from-project",
            "lander",
            "--to-project",
            "suits",
            "--on",
            "2026-05-01",
            "--allocation",
            "40",
        ],
    );
    assert_eq!(
        out,
        "ended alice's 60% on lander on 2026-04-30 in projects/lander.toml\nassigned alice to suits at 40% from 2026-05-01 to 2026-12-31 in projects/suits.toml\n"
    );
    let old = item(dir.path(), LANDER, "assignment", "person", "alice").expect("kept");
    assert_eq!(
        old.get("to").map(|v| v.to_string().trim().to_owned()),
        Some("2026-04-30".into())
    );
    assert_eq!(str_key(&old, "role"), Some("thermal lead"));
    let suits = read(dir.path(), SUITS);
    assert!(
        suits.ends_with("[[assignment]]\nperson = \"alice\"\nallocation = 40\nfrom = 2026-05-01\nto = 2026-12-31\nrole = \"thermal lead\"\n"),
        "{suits}"
    );
    let after = balance(dir.path());
    assert!(
        proposals_for(&after, "over-allocation").is_empty(),
        "{after:#}"
    );
    assert_structurally_clean(dir.path());
}

#[test]
fn reassign_before_the_start_removes_the_old_assignment() {
    let dir = fixture(FIXTURE);
    let out = ok(
        dir.path(),
        &[
            "reassign",
            "alice",
            "--from-project",
            "suits",
            "--to-project",
            "comms",
            "--on",
            "2026-04-01",
            "--to",
            "2026-05-31",
        ],
    );
    assert!(
        out.starts_with("removed alice's 60% on suits (2026-05-01..2026-06-30)"),
        "{out}"
    );
    assert!(item(dir.path(), SUITS, "assignment", "person", "alice").is_none());
    // The new assignment starts when the old one would have, not earlier.
    assert!(
        out.contains("assigned alice to comms at 60% from 2026-05-01 to 2026-05-31"),
        "{out}"
    );
    let text = read(dir.path(), SUITS);
    assert!(!text.contains("Borrowed from lander"), "{text}");
}

#[test]
fn reassign_refusals_leave_the_tree_unchanged() {
    let dir = fixture(FIXTURE);
    let base = [
        "--from-project",
        "lander",
        "--to-project",
        "suits",
        "--on",
        "2026-05-01",
    ];
    let with = |person: &'static str| {
        let mut v = vec!["reassign", person];
        v.extend_from_slice(&base);
        v
    };
    let err = refused(dir.path(), &with("alcie"));
    assert!(
        err.contains("unknown person 'alcie' — did you mean 'alice'?"),
        "{err}"
    );
    let err = refused(dir.path(), &with("bob"));
    assert!(err.contains("bob has no assignment on lander"), "{err}");
    let err = refused(
        dir.path(),
        &[
            "reassign",
            "alice",
            "--from-project",
            "lander",
            "--to-project",
            "lander",
            "--on",
            "2026-05-01",
        ],
    );
    assert!(err.contains("both lander"), "{err}");
    let err = refused(
        dir.path(),
        &[
            "reassign",
            "alice",
            "--from-project",
            "lander",
            "--to-project",
            "moon",
            "--on",
            "2026-05-01",
        ],
    );
    assert!(err.contains("unknown project 'moon'"), "{err}");
    let err = refused(
        dir.path(),
        &[
            "reassign",
            "alice",
            "--from-project",
            "lander",
            "--to-project",
            "suits",
            "--on",
            "2027-01-01",
        ],
    );
    assert!(err.contains("active on or after 2027-01-01"), "{err}");
    let err = refused(
        dir.path(),
        &[
            "reassign",
            "alice",
            "--from-project",
            "lander",
            "--to-project",
            "suits",
            "--on",
            "2026-05-01",
            "--to",
            "2026-04-01",
        ],
    );
    assert!(
        err.contains("before the new assignment's first day"),
        "{err}"
    );
}

// ---- pm balance and pm assign --instead-of ----

#[test]
fn balance_proposes_a_command_that_ends_the_over_allocation() {
    let dir = fixture(FIXTURE);
    let json = balance(dir.path());
    assert_eq!(json["schema_version"], 1);
    assert_eq!(json["kind"], "balance");
    let over = proposals_for(&json, "over-allocation");
    let candidates = over[0]["candidates"].as_array().expect("candidates");
    // Shares thermal or life-support with alice and has room over May–June, best first.
    let people: Vec<(&str, u64)> = candidates
        .iter()
        .map(|c| (c["person"].as_str().unwrap(), c["free"].as_u64().unwrap()))
        .collect();
    assert_eq!(people, [("dave", 80), ("bob", 50)]);
    let command = candidates[0]["command"].as_str().unwrap();
    assert_eq!(
        command,
        "pm assign dave suits --allocation 20 --from 2026-05-01 --to 2026-06-30 --instead-of alice"
    );

    let args: Vec<&str> = command.split_whitespace().skip(1).collect();
    let out = ok(dir.path(), &args);
    assert_eq!(
        out,
        "assigned dave to suits at 20% from 2026-05-01 to 2026-06-30 in projects/suits.toml\nlowered alice's 60% to 40% from 2026-05-01 to 2026-06-30 in projects/suits.toml\n"
    );
    let suits = read(dir.path(), SUITS);
    assert!(suits.contains("# Borrowed from lander for two months: 60% + 60% = 120%.\n[[assignment]]\nperson = \"alice\"\nallocation = 40\n"), "{suits}");
    let after = balance(dir.path());
    assert!(
        proposals_for(&after, "over-allocation").is_empty(),
        "{after:#}"
    );
    assert_structurally_clean(dir.path());
}

#[test]
fn instead_of_splits_a_longer_assignment_around_the_days_handed_over() {
    let dir = fixture(FIXTURE);
    ok(
        dir.path(),
        &[
            "assign",
            "dave",
            "lander",
            "--allocation",
            "60",
            "--from",
            "2026-05-01",
            "--to",
            "2026-06-30",
            "--instead-of",
            "alice",
        ],
    );
    let lander = read(dir.path(), LANDER);
    assert!(
        lander.ends_with(
            "# Alice is the thermal lead.
[[assignment]]
person = \"alice\"
allocation = 60
from = 2026-02-01
to = 2026-04-30
role = \"thermal lead\"

[[assignment]]
person = \"alice\"
allocation = 60
from = 2026-07-01
to = 2026-12-31
role = \"thermal lead\"

[[assignment]]
person = \"dave\"
allocation = 60
from = 2026-05-01
to = 2026-06-30
"
        ),
        "{lander}"
    );
    let err = refused(
        dir.path(),
        &[
            "assign",
            "bob",
            "lander",
            "--allocation",
            "20",
            "--from",
            "2026-05-01",
            "--to",
            "2026-06-30",
            "--instead-of",
            "alice",
        ],
    );
    assert!(err.contains("alice has no committed assignment in projects/lander.toml covering 2026-05-01..2026-06-30"), "{err}");
}

#[test]
fn balance_table_lists_each_proposal_with_its_commands() {
    let dir = fixture(FIXTURE);
    assert_eq!(
        ok(dir.path(), &["balance"]),
        "over-allocation: alice at 120% of 100% from 2026-05-01 to 2026-06-30 (lander, suits)
  candidate  free  takes  settles it  command
  ─────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────────
  dave        80%    20%  yes         pm assign dave suits --allocation 20 --from 2026-05-01 --to 2026-06-30 --instead-of alice
  bob         50%    20%  yes         pm assign bob suits --allocation 20 --from 2026-05-01 --to 2026-06-30 --instead-of alice
"
    );
}

// ---- pm request ----

fn add_thermal_request(dir: &Path) -> String {
    ok(
        dir,
        &[
            "request",
            "add",
            "comms",
            "--skills",
            "thermal",
            "--allocation",
            "60",
            "--from",
            "2026-09-01",
            "--to",
            "2026-12-31",
            "--reason",
            "Nobody owns the thermal design",
        ],
    )
}

#[test]
fn request_add_balance_fill_closes_the_request() {
    let dir = fixture(FIXTURE);
    assert_eq!(
        add_thermal_request(dir.path()),
        "added request thermal to projects/comms.toml: thermal at 60% from 2026-09-01 to 2026-12-31\n"
    );
    let (_, json) = check_json(dir.path());
    assert_eq!(
        findings(&json, "PM205")
            .iter()
            .filter(|d| d["request"] == "thermal")
            .count(),
        1,
        "{json:#}"
    );
    assert!(read(dir.path(), COMMS).ends_with(
        "[[request]]\nid = \"thermal\"\nskills = [\"thermal\"]\nallocation = 60\nfrom = 2026-09-01\nto = 2026-12-31\nreason = \"Nobody owns the thermal design\"\nstatus = \"open\"\n"
    ));
    assert_eq!(
        ok(dir.path(), &["request", "list"]),
"project  id       skills   allocation  from        to          status  reason
─────────────────────────────────────────────────────────────────────────────────────────────────────
comms    thermal  thermal         60%  2026-09-01  2026-12-31  open    Nobody owns the thermal design
"
    );

    let json = balance(dir.path());
    let req = proposals_for(&json, "request");
    assert_eq!(req.len(), 1, "{json:#}");
    assert_eq!(req[0]["project"], "comms");
    assert_eq!(req[0]["request"], "thermal");
    let candidates = req[0]["candidates"].as_array().expect("candidates");
    // dave has 80% free; bob 50% and alice 40% have less than the 60% asked for.
    assert_eq!(candidates[0]["person"], "dave");
    assert_eq!(candidates[0]["free"], 80);
    assert_eq!(
        candidates[0]["command"],
        "pm request fill comms/thermal --person dave"
    );
    assert_eq!(candidates[1]["person"], "bob");
    assert_eq!(
        candidates[1]["command"],
        "pm assign bob comms --allocation 50 --from 2026-09-01 --to 2026-12-31"
    );

    let args: Vec<&str> = candidates[0]["command"]
        .as_str()
        .unwrap()
        .split_whitespace()
        .skip(1)
        .collect();
    assert_eq!(
        ok(dir.path(), &args),
        "filled request comms/thermal with dave: assigned dave to comms at 60% from 2026-09-01 to 2026-12-31 in projects/comms.toml\n"
    );
    let r = item(dir.path(), COMMS, "request", "id", "thermal").expect("request");
    assert_eq!(str_key(&r, "status"), Some("filled"));
    assert_eq!(str_key(&r, "filled_by"), Some("dave"));
    let a = item(dir.path(), COMMS, "assignment", "person", "dave").expect("assignment");
    assert_eq!(a.get("allocation").and_then(|v| v.as_integer()), Some(60));
    assert_eq!(
        a.get("from").map(|v| v.to_string().trim().to_owned()),
        Some("2026-09-01".into())
    );
    assert_eq!(
        a.get("to").map(|v| v.to_string().trim().to_owned()),
        Some("2026-12-31".into())
    );

    let after = balance(dir.path());
    assert!(proposals_for(&after, "request").is_empty(), "{after:#}");
    // pm check no longer reports the request as open.
    let (_, json) = check_json(dir.path());
    assert!(
        findings(&json, "PM205")
            .iter()
            .all(|d| d["request"] != "thermal"),
        "{json:#}"
    );
    assert_eq!(
        ok(dir.path(), &["request", "list"]),
        "no open staffing requests\n"
    );
    assert!(ok(dir.path(), &["request", "list", "--all"]).contains("filled by dave"));
    let err = refused(
        dir.path(),
        &["request", "fill", "comms/thermal", "--person", "bob"],
    );
    assert!(err.contains("is filled by dave, not open"), "{err}");
    assert_structurally_clean(dir.path());
}

#[test]
fn fill_refuses_a_person_it_would_over_allocate_unless_forced() {
    let dir = fixture(FIXTURE);
    add_thermal_request(dir.path());
    let err = refused(
        dir.path(),
        &["request", "fill", "comms/thermal", "--person", "bob"],
    );
    assert!(
        err.contains(
            "filling comms/thermal with bob would over-allocate bob: 110% of 100% from 2026-09-01 to 2026-12-31 (comms, suits)"
        ),
        "{err}"
    );
    assert!(err.contains("--force"), "{err}");
    let err = refused(
        dir.path(),
        &["request", "fill", "comms/thermal", "--person", "erin"],
    );
    assert!(
        err.contains(
            "erin leaves on 2026-10-31, so cannot work on comms from 2026-09-01 to 2026-12-31"
        ),
        "{err}"
    );
    let err = refused(
        dir.path(),
        &["request", "fill", "comms/thermal", "--person", "bbo"],
    );
    assert!(err.contains("did you mean 'bob'?"), "{err}");
    let err = refused(
        dir.path(),
        &["request", "fill", "comms/thermla", "--person", "bob"],
    );
    assert!(err.contains("did you mean 'thermal'?"), "{err}");

    ok(
        dir.path(),
        &[
            "request",
            "fill",
            "comms/thermal",
            "--person",
            "bob",
            "--force",
        ],
    );
    let a = item(dir.path(), COMMS, "assignment", "person", "bob").expect("assignment");
    assert_eq!(a.get("allocation").and_then(|v| v.as_integer()), Some(60));
    // The over-allocation it makes is now proposed for balancing.
    let json = balance(dir.path());
    let over = proposals_for(&json, "over-allocation");
    assert!(over.iter().any(|p| p["person"] == "bob"), "{json:#}");
}

#[test]
fn request_ids_default_to_a_slug_of_the_skills() {
    let dir = fixture(FIXTURE);
    add_thermal_request(dir.path());
    let out = ok(
        dir.path(),
        &[
            "request",
            "add",
            "comms",
            "--skills",
            "thermal",
            "--allocation",
            "20",
            "--reason",
            "More",
        ],
    );
    assert!(
        out.starts_with("added request thermal-2 to projects/comms.toml"),
        "{out}"
    );
    // Dates left out follow the charter.
    assert!(out.ends_with("from 2026-04-01 to 2027-12-31\n"), "{out}");
    let out = ok(
        dir.path(),
        &[
            "request",
            "add",
            "lander",
            "--skills",
            "rf,Life Support",
            "--allocation",
            "20",
            "--reason",
            "Both",
        ],
    );
    assert!(
        out.starts_with("added request rf-life-support to projects/lander.toml"),
        "{out}"
    );
    assert_structurally_clean(dir.path());
}

#[test]
fn request_add_refusals_leave_the_tree_unchanged() {
    let dir = fixture(FIXTURE);
    let args = |project: &'static str, from: &'static str, reason: &'static str| {
        vec![
            "request",
            "add",
            project,
            "--skills",
            "thermal",
            "--allocation",
            "50",
            "--from",
            from,
            "--to",
            "2026-12-31",
            "--reason",
            reason,
        ]
    };
    let err = refused(dir.path(), &args("comsm", "2026-09-01", "why"));
    assert!(
        err.contains("unknown project 'comsm' — did you mean 'comms'?"),
        "{err}"
    );
    let err = refused(dir.path(), &args("comms", "2027-01-01", "why"));
    assert!(err.contains("before it starts on 2027-01-01"), "{err}");
    let err = refused(dir.path(), &args("comms", "2026-09-01", " "));
    assert!(err.contains("give a reason"), "{err}");
    let err = refused(
        dir.path(),
        &[
            "request",
            "add",
            "comms",
            "--skills",
            "thermal",
            "--allocation",
            "50",
        ],
    );
    assert!(err.contains("--reason"), "{err}");
    let err = refused(
        dir.path(),
        &[
            "request",
            "add",
            "comms",
            "--skills",
            ",",
            "--allocation",
            "50",
            "--reason",
            "x",
        ],
    );
    assert!(err.contains("at least one skill"), "{err}");
}

#[test]
fn balance_on_a_balanced_program_says_so() {
    let dir = fixture("minimal");
    assert_eq!(
        ok(dir.path(), &["balance"]),
        "nothing to balance: nobody is over-allocated and no staffing request is open\n"
    );
    let json = balance(dir.path());
    assert_eq!(
        json,
        serde_json::json!({ "schema_version": 1, "kind": "balance", "proposals": [] })
    );
}

#[test]
fn artemis_balance_proposes_jun_for_priya_and_the_rf_request() {
    let dir = fixture("examples/artemis");
    let json = balance(dir.path());
    let over = proposals_for(&json, "over-allocation");
    assert_eq!(over.len(), 1);
    assert_eq!(over[0]["person"], "priya");
    let people: Vec<(&str, u64)> = over[0]["candidates"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| (c["person"].as_str().unwrap(), c["free"].as_u64().unwrap()))
        .collect();
    assert_eq!(people, [("jun", 40), ("marco", 10)]);
    let req = proposals_for(&json, "request");
    assert_eq!(req.len(), 1);
    assert_eq!(req[0]["request"], "rf-engineer");
    assert_eq!(req[0]["candidates"][0]["person"], "jun");
    assert_eq!(req[0]["candidates"][0]["free"], 40);

    let command = over[0]["candidates"][0]["command"].as_str().unwrap();
    let args: Vec<&str> = command.split_whitespace().skip(1).collect();
    ok(dir.path(), &args);
    assert!(proposals_for(&balance(dir.path()), "over-allocation").is_empty());
    ok(
        dir.path(),
        &[
            "work",
            "move",
            "lander/relay-site-survey",
            "--to",
            "comms-relay",
        ],
    );
    assert_structurally_clean(dir.path());
}
