//! Every rule of `pm check` on a fixture that fires it and on a near miss that must not.
//!
//! Fixtures live in tests/fixtures/check/<name>/. Each place a finding must point at carries a
//! comment `# fires PMxxx...` on its line, so the tests find the expected line by that marker.

mod common;
use common::*;

use serde_json::Value;

fn dir(name: &str) -> std::path::PathBuf {
    fixtures_dir().join("check").join(name)
}

/// `pm check --format json` on a fixture: exit code and parsed output.
fn run(name: &str) -> (i32, Value) {
    check_json(&dir(name))
}

/// The 1-based line of `file` in fixture `name` holding `marker` (which must be on one line).
fn line_of(name: &str, file: &str, marker: &str) -> u64 {
    let text = read(&dir(name), file);
    let hits: Vec<usize> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.contains(marker))
        .map(|(i, _)| i + 1)
        .collect();
    assert_eq!(
        hits.len(),
        1,
        "marker {marker:?} in {name}/{file}: {hits:?}"
    );
    hits[0] as u64
}

/// Asserts severity, file and line of a finding.
fn at(d: &Value, severity: &str, file: &str, line: u64) {
    assert_eq!(d["severity"], severity, "{d:#}");
    assert_eq!(d["file"], file, "{d:#}");
    assert_eq!(d["line"], line, "{d:#}");
}

fn codes(json: &Value) -> Vec<String> {
    json["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| d["code"].as_str().unwrap_or_default().to_owned())
        .collect()
}

/// A near miss: the program checks clean, so nothing fired, this rule least of all.
fn clean(name: &str) {
    let (code, json) = run(name);
    assert_eq!(codes(&json), Vec::<String>::new(), "{name}: {json:#}");
    assert_eq!(json["summary"]["errors"], 0);
    assert_eq!(json["summary"]["warnings"], 0);
    assert_eq!(code, 0, "{name}");
}

#[test]
fn the_base_fixture_is_clean() {
    clean("clean");
}

// ---- PM101 untraced-work ----

#[test]
fn pm101_untraced_work_names_the_owner_and_the_move_command() {
    let name = "pm101-fires";
    let (code, json) = run(name);
    assert_eq!(code, 1);
    let f = findings(&json, "PM101");
    assert_eq!(f.len(), 4, "{json:#}");
    let lander = "projects/lander.toml";

    let owned = f
        .iter()
        .find(|d| d["work"] == "relay-survey")
        .expect("relay-survey");
    at(
        owned,
        "error",
        lander,
        line_of(name, lander, "# fires PM101: owned by relay"),
    );
    assert_eq!(owned["rule"], "untraced-work");
    assert_eq!(owned["project"], "lander");
    assert_eq!(owned["deliverable"], "relay-design");
    assert_eq!(owned["owned_by"], serde_json::json!(["relay"]));
    assert!(
        owned["message"]
            .as_str()
            .unwrap()
            .contains("a deliverable of relay")
    );
    assert!(
        owned["help"]
            .as_str()
            .unwrap()
            .contains("`pm work move lander/relay-survey --to relay`"),
        "{owned:#}"
    );

    let none = f
        .iter()
        .find(|d| d["work"] == "misc-chores")
        .expect("misc-chores");
    at(
        none,
        "error",
        lander,
        line_of(name, lander, "# fires PM101: no deliverable"),
    );
    assert!(none.get("deliverable").is_none());
    assert!(none["message"].as_str().unwrap().contains("no deliverable"));

    let typo = f
        .iter()
        .find(|d| d["work"] == "engine-typo")
        .expect("engine-typo");
    at(
        typo,
        "error",
        lander,
        line_of(name, lander, "# fires PM101: no such deliverable"),
    );
    assert!(
        typo["message"]
            .as_str()
            .unwrap()
            .contains("did you mean 'engine'?")
    );
}

#[test]
fn pm101_near_miss_dropped_allowed_and_closed_projects() {
    clean("pm101-near");
}

// ---- PM102 excluded-work ----

#[test]
fn pm102_exclusion_id_is_an_error_and_a_keyword_a_warning() {
    let name = "pm102-fires";
    let lander = "projects/lander.toml";
    let (code, json) = run(name);
    assert_eq!(code, 1);
    let f = findings(&json, "PM102");
    assert_eq!(f.len(), 3, "{json:#}");
    let by_id = f
        .iter()
        .find(|d| d["work"] == "suit-gloves")
        .expect("by id");
    at(
        by_id,
        "error",
        lander,
        line_of(name, lander, "# fires PM102 error"),
    );
    assert_eq!(by_id["deliverable"], "suits");
    assert_eq!(by_id["rule"], "excluded-work");

    let title = f.iter().find(|d| d["work"] == "eva-sizing").expect("title");
    at(
        title,
        "warning",
        lander,
        line_of(name, lander, "# fires PM102 warning: title"),
    );
    assert!(title["message"].as_str().unwrap().contains("'eva suit'"));

    let tag = f.iter().find(|d| d["work"] == "fit-check").expect("tag");
    at(
        tag,
        "warning",
        lander,
        line_of(name, lander, "# fires PM102 warning: tag"),
    );
    assert_eq!(tag["column"], 17, "points at the tag itself");
    assert_eq!(
        json["summary"],
        serde_json::json!({"errors": 1, "warnings": 2})
    );
}

#[test]
fn pm102_near_miss_keywords_inside_words_allowed_and_dropped() {
    clean("pm102-near");
}

// ---- PM103 work-outside-charter ----

#[test]
fn pm103_work_before_and_after_the_charter() {
    let name = "pm103-fires";
    let lander = "projects/lander.toml";
    let (code, json) = run(name);
    assert_eq!(code, 0, "warnings only");
    let f = findings(&json, "PM103");
    assert_eq!(f.len(), 2, "{json:#}");
    at(
        f[0],
        "warning",
        lander,
        line_of(name, lander, "# fires PM103: before"),
    );
    at(
        f[1],
        "warning",
        lander,
        line_of(name, lander, "# fires PM103: after"),
    );
    for d in &f {
        assert_eq!(d["work"], "early-late");
        assert_eq!(d["project"], "lander");
    }
    assert!(f[0]["message"].as_str().unwrap().contains("2026-01-15"));
    assert!(f[1]["message"].as_str().unwrap().contains("2027-01-10"));
}

#[test]
fn pm103_near_miss_charter_edges_are_inside() {
    clean("pm103-near");
}

// ---- PM104 effort-over-cap ----

#[test]
fn pm104_effort_over_the_cap() {
    let name = "pm104-fires";
    let lander = "projects/lander.toml";
    let (code, json) = run(name);
    assert_eq!(code, 1);
    let f = findings(&json, "PM104");
    assert_eq!(f.len(), 1, "{json:#}");
    at(
        f[0],
        "error",
        lander,
        line_of(name, lander, "# fires PM104"),
    );
    assert_eq!(f[0]["project"], "lander");
    let msg = f[0]["message"].as_str().unwrap();
    assert!(msg.contains("1100.5 h") && msg.contains("1000 h"), "{msg}");
}

#[test]
fn pm104_near_miss_exactly_at_the_cap_without_dropped_work() {
    clean("pm104-near");
}

// ---- PM105 charter-incomplete ----

#[test]
fn pm105_incomplete_charters_of_live_projects() {
    let name = "pm105-fires";
    let (code, json) = run(name);
    assert_eq!(code, 0);
    let f = findings(&json, "PM105");
    assert_eq!(f.len(), 2, "{json:#}");
    let habitat = "projects/habitat.toml";
    let rover = "projects/rover.toml";
    at(
        f[0],
        "warning",
        habitat,
        line_of(name, habitat, "# fires PM105"),
    );
    assert_eq!(f[0]["project"], "habitat");
    let msg = f[0]["message"].as_str().unwrap();
    assert!(msg.contains("no objective, no end date"), "{msg}");
    at(
        f[1],
        "warning",
        rover,
        line_of(name, rover, "# fires PM105"),
    );
    let msg = f[1]["message"].as_str().unwrap();
    assert!(
        msg.contains("no objective, no manager, no start date, no end date, no deliverable"),
        "{msg}"
    );
}

#[test]
fn pm105_near_miss_on_hold_and_done_projects() {
    clean("pm105-near");
}

// ---- PM106 assignment-outside-charter ----

#[test]
fn pm106_assignment_before_the_charter() {
    let name = "pm106-fires";
    let lander = "projects/lander.toml";
    let (_, json) = run(name);
    let f = findings(&json, "PM106");
    assert_eq!(f.len(), 1, "{json:#}");
    at(
        f[0],
        "warning",
        lander,
        line_of(name, lander, "# fires PM106"),
    );
    assert_eq!(f[0]["person"], "alice");
    assert_eq!(f[0]["project"], "lander");
}

#[test]
fn pm106_near_miss_edges_and_defaulted_dates() {
    clean("pm106-near");
}

// ---- PM107 deliverable-outside-charter ----

#[test]
fn pm107_deliverable_due_after_the_charter() {
    let name = "pm107-fires";
    let lander = "projects/lander.toml";
    let (_, json) = run(name);
    let f = findings(&json, "PM107");
    assert_eq!(f.len(), 1, "{json:#}");
    at(
        f[0],
        "warning",
        lander,
        line_of(name, lander, "# fires PM107"),
    );
    assert_eq!(f[0]["deliverable"], "engine");
}

#[test]
fn pm107_near_miss_due_on_the_last_day() {
    clean("pm107-near");
}

// ---- PM109 dependency-at-risk ----

#[test]
fn pm109_every_way_a_dependency_is_at_risk() {
    let name = "pm109-fires";
    let rover = "projects/rover.toml";
    let (code, json) = run(name);
    assert_eq!(code, 1);
    assert_eq!(codes(&json), vec!["PM109"; 7], "{json:#}");
    let f = findings(&json, "PM109");
    let by = |dep: &str| {
        *f.iter()
            .find(|d| d["dependency"] == dep)
            .unwrap_or_else(|| panic!("no PM109 for {dep}: {json:#}"))
    };
    let message = |d: &Value| d["message"].as_str().unwrap().to_owned();

    let late = by("engine-data");
    at(
        late,
        "error",
        rover,
        line_of(name, rover, "# fires PM109: late"),
    );
    assert_eq!(late["project"], "rover");
    assert_eq!(late["on"], "lander/engine");
    assert_eq!(late["deliverable"], "engine");
    assert_eq!(late["needed_by"], "2026-10-01");
    assert_eq!(late["due"], "2026-11-30");
    assert_eq!(late["projects"], serde_json::json!(["lander", "rover"]));
    assert_eq!(
        message(late),
        "rover needs lander/engine by 2026-10-01 (dependency 'engine-data'), but lander has it due on 2026-11-30, 60 days later"
    );
    assert!(
        late["help"]
            .as_str()
            .unwrap()
            .contains("`pm depend set rover/engine-data --needed-by 2026-11-30`")
    );

    let typo = by("typo");
    at(
        typo,
        "error",
        rover,
        line_of(name, rover, "no such project"),
    );
    assert!(message(typo).ends_with("there is no project 'landr' — did you mean 'lander'?"));
    let misspelt = by("misspelt");
    at(
        misspelt,
        "error",
        rover,
        line_of(name, rover, "no such deliverable"),
    );
    assert!(
        message(misspelt).ends_with("lander has no deliverable 'engin' — did you mean 'engine'?")
    );
    let excluded = by("excluded");
    at(
        excluded,
        "error",
        rover,
        line_of(name, rover, "an exclusion"),
    );
    assert!(message(excluded).contains("'suits' is an exclusion of lander"));
    let undated = by("manual");
    at(undated, "error", rover, line_of(name, rover, "no due date"));
    assert!(message(undated).ends_with("but lander gives it no due date"));
    let paused = by("bit");
    at(paused, "error", rover, line_of(name, rover, "on hold"));
    assert!(message(paused).contains("but drill is on-hold"));
    let own = by("own");
    at(own, "error", rover, line_of(name, rover, "own project"));
    assert!(message(own).contains("a deliverable of rover itself"));
}

#[test]
fn pm109_near_miss_due_on_the_day_done_projects_and_accepted_risk() {
    clean("pm109-near");
}

// ---- PM110 dependency-cycle ----

#[test]
fn pm110_three_projects_waiting_in_a_circle() {
    let name = "pm110-fires";
    let drill = "projects/drill.toml";
    let (code, json) = run(name);
    assert_eq!(code, 1);
    assert_eq!(codes(&json), vec!["PM110"], "{json:#}");
    let d = findings(&json, "PM110")[0];
    at(d, "error", drill, line_of(name, drill, "# fires PM110"));
    assert_eq!(d["project"], "drill");
    assert_eq!(d["dependency"], "engine");
    assert_eq!(
        d["projects"],
        serde_json::json!(["drill", "lander", "rover"])
    );
    assert_eq!(
        d["message"],
        "drill, lander and rover wait on each other in a circle: drill waits on lander/engine, \
         lander waits on rover/chassis, rover waits on drill/bit; none of them can finish first"
    );
    // The other two steps of the circle are shown where they are written.
    let out = pm_in(&dir(name)).arg("check").output().unwrap();
    let text = stdout(&out);
    for (file, marker) in [
        ("projects/lander.toml", "second step"),
        ("projects/rover.toml", "third step"),
    ] {
        let line = line_of(name, file, marker);
        assert!(text.contains(&format!("{file}:{line}:1")), "{text}");
    }
}

#[test]
fn pm110_near_miss_a_chain_and_a_done_project() {
    clean("pm110-near");
}

// ---- PM111 work-before-dependency ----

#[test]
fn pm111_waiting_work_that_starts_before_the_deliverable_is_due() {
    let name = "pm111-fires";
    let rover = "projects/rover.toml";
    let (code, json) = run(name);
    assert_eq!(code, 1, "the unknown work item in `for` is an error");
    assert_eq!(codes(&json), vec!["PM111", "PM003"], "{json:#}");
    let d = findings(&json, "PM111")[0];
    at(d, "warning", rover, line_of(name, rover, "# fires PM111"));
    assert_eq!(d["work"], "chassis-assembly");
    assert_eq!(d["dependency"], "engine-data");
    assert_eq!(d["on"], "lander/engine");
    assert_eq!(d["due"], "2026-11-30");
    let unknown = findings(&json, "PM003")[0];
    at(
        unknown,
        "error",
        rover,
        line_of(name, rover, "# fires PM003"),
    );
    assert_eq!(unknown["dependency"], "engine-data");
    assert!(
        unknown["message"]
            .as_str()
            .unwrap()
            .contains("unknown work item 'chasis-design' — did you mean 'chassis-design'?")
    );
}

#[test]
fn pm111_near_miss_on_the_due_day_done_and_allowed() {
    clean("pm111-near");
}

// ---- PM201 over-allocation ----

fn over(json: &Value) -> Vec<&Value> {
    findings(json, "PM201")
}

#[test]
fn pm201_two_projects_overlapping() {
    let name = "pm201-fires";
    let lander = "projects/lander.toml";
    let (code, json) = run(name);
    assert_eq!(code, 1);
    let f = over(&json);
    assert_eq!(f.len(), 1, "{json:#}");
    let d = f[0];
    at(
        d,
        "error",
        lander,
        line_of(name, lander, "# fires PM201 (primary)"),
    );
    assert_eq!(d["rule"], "over-allocation");
    assert_eq!(d["person"], "alice");
    assert_eq!(d["project"], "lander");
    assert_eq!(d["from"], "2026-05-01");
    assert_eq!(d["to"], "2026-06-30");
    assert_eq!(d["peak"], 120);
    assert_eq!(d["capacity"], 100);
    assert_eq!(d["projects"], serde_json::json!(["lander", "rover"]));
    assert_eq!(
        d["message"],
        "alice is allocated 120% of 100% from 2026-05-01 to 2026-06-30 (lander, rover)"
    );
    let help = d["help"].as_str().unwrap();
    assert!(
        help.contains("`pm assign PERSON lander --allocation 20 --from 2026-05-01 --to 2026-06-30 --instead-of alice`")
            && help.contains("`pm request add lander"),
        "{help}"
    );
}

#[test]
fn pm201_secondary_location_is_shown_in_human_output() {
    let out = pm_in(&dir("pm201-fires")).arg("check").output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("--> projects/lander.toml:"), "{text}");
    assert!(text.contains("::: projects/rover.toml:"), "{text}");
    assert!(
        text.contains("60% on rover, 2026-05-01..2026-08-31"),
        "{text}"
    );
}

#[test]
fn pm201_near_miss_fifty_plus_fifty_is_full_not_over() {
    clean("pm201-near");
}

#[test]
fn pm201_time_off_splits_a_run_in_two() {
    let name = "pm201-time-off";
    let (_, json) = run(name);
    let f = over(&json);
    assert_eq!(f.len(), 2, "{json:#}");
    assert_eq!(
        (&f[0]["from"], &f[0]["to"]),
        (&"2026-05-01".into(), &"2026-05-19".into())
    );
    assert_eq!(
        (&f[1]["from"], &f[1]["to"]),
        (&"2026-06-01".into(), &"2026-06-30".into())
    );
    for d in f {
        at(
            d,
            "error",
            "projects/lander.toml",
            line_of(name, "projects/lander.toml", "# fires PM201 twice"),
        );
        assert_eq!(d["peak"], 120);
    }
}

#[test]
fn pm201_part_time_capacity() {
    let (_, json) = run("pm201-part-time");
    let f = over(&json);
    assert_eq!(f.len(), 1, "{json:#}");
    assert_eq!(f[0]["capacity"], 60);
    assert_eq!(f[0]["peak"], 70);
    assert_eq!(f[0]["from"], "2026-05-01");
    assert_eq!(f[0]["to"], "2026-06-30");
    assert!(f[0]["message"].as_str().unwrap().contains("70% of 60%"));
}

#[test]
fn pm201_near_miss_part_timer_exactly_full() {
    clean("pm201-part-time-full");
}

#[test]
fn pm201_several_people_over_at_once() {
    let name = "pm201-several";
    let lander = "projects/lander.toml";
    let (_, json) = run(name);
    let f = over(&json);
    assert_eq!(f.len(), 2, "{json:#}");
    let alice = f.iter().find(|d| d["person"] == "alice").expect("alice");
    let bob = f.iter().find(|d| d["person"] == "bob").expect("bob");
    at(
        alice,
        "error",
        lander,
        line_of(name, lander, "# fires PM201 for alice"),
    );
    at(
        bob,
        "error",
        lander,
        line_of(name, lander, "# fires PM201 for bob"),
    );
    assert_eq!(
        (&bob["from"], &bob["to"], &bob["peak"]),
        (&"2026-04-01".into(), &"2026-04-30".into(), &120.into())
    );
    assert_eq!(alice["peak"], 120);
}

#[test]
fn pm201_project_files_in_sub_folders() {
    let name = "pm201-sub-folder";
    let rover = "projects/a-team/rover.toml";
    let (_, json) = run(name);
    let f = over(&json);
    assert_eq!(f.len(), 1, "{json:#}");
    // The first contributing assignment in file order: projects/a-team/ sorts before lander.
    at(f[0], "error", rover, line_of(name, rover, "# fires PM201"));
    assert_eq!(f[0]["project"], "rover");
    assert_eq!(f[0]["projects"], serde_json::json!(["lander", "rover"]));
}

#[test]
fn pm201_an_assignment_over_the_whole_calendar_is_fine() {
    let name = "pm201-whole-calendar";
    let lander = "projects/lander.toml";
    let (code, json) = run(name);
    assert_eq!(code, 1);
    let f = over(&json);
    assert_eq!(f.len(), 1, "{json:#}");
    at(
        f[0],
        "error",
        lander,
        line_of(name, lander, "# fires PM201 (primary)"),
    );
    assert_eq!(f[0]["from"], "2026-03-01");
    assert_eq!(f[0]["to"], "2026-03-31");
    assert_eq!(f[0]["peak"], 150);
    assert_eq!(codes(&json), vec!["PM201"]);
}

#[test]
fn pm201_allow_on_the_primary_assignment_silences_the_run() {
    clean("pm201-allowed");
}

#[test]
fn pm201_allow_on_another_assignment_does_not() {
    let name = "pm201-allowed-elsewhere";
    let lander = "projects/lander.toml";
    let (_, json) = run(name);
    let f = over(&json);
    assert_eq!(f.len(), 1, "{json:#}");
    at(
        f[0],
        "error",
        lander,
        line_of(name, lander, "# fires PM201"),
    );
}

#[test]
fn pm201_assignments_of_done_projects_still_count() {
    let (_, json) = run("pm201-closed-project");
    let f = over(&json);
    assert_eq!(f.len(), 1, "{json:#}");
    assert_eq!(f[0]["projects"], serde_json::json!(["lander", "rover"]));
}

// ---- PM202 tentative-over-allocation ----

#[test]
fn pm202_proposed_only_is_a_warning_not_pm201() {
    let name = "pm202-fires";
    let rover = "projects/rover.toml";
    let (code, json) = run(name);
    assert_eq!(code, 0);
    assert_eq!(codes(&json), vec!["PM202"]);
    let d = findings(&json, "PM202")[0];
    at(d, "warning", rover, line_of(name, rover, "# fires PM202"));
    assert_eq!(d["person"], "alice");
    assert_eq!(d["from"], "2026-05-01");
    assert_eq!(d["to"], "2026-06-30");
    assert_eq!(d["peak"], 120);
    assert_eq!(d["capacity"], 100);
    assert_eq!(d["projects"], serde_json::json!(["lander", "rover"]));
}

#[test]
fn pm202_near_miss_proposed_makes_exactly_full() {
    clean("pm202-near");
}

// ---- PM203 allocation-exceeds-capacity ----

#[test]
fn pm203_one_assignment_alone_above_capacity() {
    let name = "pm203-fires";
    let lander = "projects/lander.toml";
    let (code, json) = run(name);
    assert_eq!(code, 1);
    let f = findings(&json, "PM203");
    assert_eq!(f.len(), 2, "{json:#}");
    at(
        f[0],
        "error",
        lander,
        line_of(name, lander, "# fires PM203: alice"),
    );
    assert_eq!(f[0]["person"], "alice");
    assert_eq!(f[0]["capacity"], 100);
    at(
        f[1],
        "error",
        lander,
        line_of(name, lander, "# fires PM203 (part-timer)"),
    );
    assert_eq!(f[1]["person"], "bob");
    assert_eq!(f[1]["capacity"], 60);
    // The load rules still see the days over capacity.
    assert_eq!(findings(&json, "PM201").len(), 1);
    assert_eq!(findings(&json, "PM202").len(), 1);
}

#[test]
fn pm203_near_miss_at_capacity() {
    clean("pm203-near");
}

// ---- PM204 assignment-outside-availability ----

#[test]
fn pm204_before_a_person_joins_and_after_they_leave() {
    let name = "pm204-fires";
    let lander = "projects/lander.toml";
    let (code, json) = run(name);
    assert_eq!(code, 1);
    let f = findings(&json, "PM204");
    assert_eq!(f.len(), 3, "{json:#}");
    at(
        f[0],
        "error",
        lander,
        line_of(name, lander, "before alice joins"),
    );
    assert_eq!(f[0]["person"], "alice");
    at(
        f[1],
        "error",
        lander,
        line_of(name, lander, "after bob leaves"),
    );
    assert_eq!(f[1]["person"], "bob");
    at(
        f[2],
        "error",
        lander,
        line_of(name, lander, "before carol joins"),
    );
    assert_eq!(f[2]["from"], "2026-02-01", "defaults to the charter start");
}

#[test]
fn pm204_near_miss_on_the_first_and_last_day() {
    clean("pm204-near");
}

// ---- PM205 open-staffing-request ----

#[test]
fn pm205_open_request_lists_up_to_three_candidates() {
    let name = "pm205-fires";
    let lander = "projects/lander.toml";
    let (code, json) = run(name);
    assert_eq!(code, 0);
    let f = findings(&json, "PM205");
    assert_eq!(f.len(), 2, "{json:#}");
    let d = f[0];
    at(
        d,
        "warning",
        lander,
        line_of(name, lander, "# fires PM205: candidates"),
    );
    assert_eq!(d["request"], "thermal-engineer");
    assert_eq!(d["from"], "2026-03-01");
    assert_eq!(d["to"], "2026-08-31");
    // gina 100 free; bob and ivan 70 (tie by id); erin 40 is fourth; frank is full; hank leaves.
    assert_eq!(
        d["candidates"],
        serde_json::json!([
            {"person": "gina", "free": 100},
            {"person": "bob", "free": 70},
            {"person": "ivan", "free": 70}
        ])
    );
    let msg = d["message"].as_str().unwrap();
    assert!(msg.contains("thermal at 50%"), "{msg}");
    assert!(
        msg.contains("gina (100% free), bob (70% free), ivan (70% free)"),
        "{msg}"
    );

    let nobody = f[1];
    at(
        nobody,
        "warning",
        lander,
        line_of(name, lander, "# fires PM205: nobody"),
    );
    assert_eq!(nobody["candidates"], serde_json::json!([]));
    assert!(nobody["message"].as_str().unwrap().contains("nobody"));
}

#[test]
fn pm205_near_miss_filled_withdrawn_and_allowed() {
    clean("pm205-near");
}

// ---- PM206 unstaffed-project ----

#[test]
fn pm206_active_project_without_assignments() {
    let name = "pm206-fires";
    let rover = "projects/rover.toml";
    let (_, json) = run(name);
    assert_eq!(codes(&json), vec!["PM206"]);
    let d = findings(&json, "PM206")[0];
    at(d, "warning", rover, line_of(name, rover, "# fires PM206"));
    assert_eq!(d["project"], "rover");
}

#[test]
fn pm206_near_miss_proposed_project_and_proposed_assignment() {
    clean("pm206-near");
}

// ---- PM207 assignee-not-staffed ----

#[test]
fn pm207_assignee_with_no_assignment_over_the_work() {
    let name = "pm207-fires";
    let lander = "projects/lander.toml";
    let (code, json) = run(name);
    assert_eq!(code, 0, "a warning only");
    assert_eq!(codes(&json), vec!["PM207", "PM207"]);
    let d = findings(&json, "PM207");
    at(
        d[0],
        "warning",
        lander,
        line_of(name, lander, "# fires PM207:"),
    );
    assert_eq!(d[0]["person"], "bob");
    assert_eq!(d[0]["work"], "engine-tests");
    assert_eq!(
        d[0]["message"],
        "work item 'engine-tests' is assigned to bob, who has no assignment on lander"
    );
    at(
        d[1],
        "warning",
        lander,
        line_of(name, lander, "# fires PM207 too"),
    );
    assert_eq!(d[1]["person"], "alice");
    assert_eq!(
        (d[1]["from"].as_str(), d[1]["to"].as_str()),
        (Some("2026-06-01"), Some("2026-08-31"))
    );
    assert!(
        d[1]["help"].as_str().is_some_and(|h| h
            .contains("`pm assign alice lander --allocation N --from 2026-06-01 --to 2026-08-31`")
            && h.contains("`pm work set lander/late-tests --assignee OTHER`")),
        "{:#}",
        d[1]
    );
}

#[test]
fn pm207_near_miss_done_dropped_proposed_undated_allowed_and_closed() {
    clean("pm207-near");
}

// ---- PM301 - PM304 ----

#[test]
fn pm301_project_without_benefit() {
    let name = "pm301-fires";
    let rover = "projects/rover.toml";
    let (_, json) = run(name);
    assert_eq!(codes(&json), vec!["PM301"]);
    let d = findings(&json, "PM301")[0];
    at(d, "warning", rover, line_of(name, rover, "# fires PM301"));
    assert_eq!(d["project"], "rover");
}

#[test]
fn pm301_near_miss_cancelled_and_allowed() {
    clean("pm301-near");
}

#[test]
fn pm302_benefit_served_only_by_a_cancelled_project() {
    let name = "pm302-fires";
    let (_, json) = run(name);
    assert_eq!(codes(&json), vec!["PM302"]);
    let d = findings(&json, "PM302")[0];
    at(
        d,
        "warning",
        "program.toml",
        line_of(name, "program.toml", "# fires PM302"),
    );
    assert_eq!(d["benefit"], "exploration");
}

#[test]
fn pm302_near_miss_served_by_a_done_project() {
    clean("pm302-near");
}

#[test]
fn pm303_one_deliverable_in_two_projects() {
    let name = "pm303-fires";
    let rover = "projects/rover.toml";
    let (_, json) = run(name);
    assert_eq!(codes(&json), vec!["PM303"]);
    let d = findings(&json, "PM303")[0];
    at(d, "warning", rover, line_of(name, rover, "# fires PM303"));
    assert_eq!(d["deliverable"], "engine");
    assert_eq!(d["projects"], serde_json::json!(["lander", "rover"]));
}

#[test]
fn pm303_near_miss_cancelled_project_handed_its_deliverable_over() {
    clean("pm303-near");
}

#[test]
fn pm304_charter_outside_the_program_window() {
    let name = "pm304-fires";
    let lander = "projects/lander.toml";
    let (code, json) = run(name);
    assert_eq!(code, 0);
    let f = findings(&json, "PM304");
    assert_eq!(f.len(), 2, "{json:#}");
    let lines: Vec<u64> = f.iter().map(|d| d["line"].as_u64().unwrap()).collect();
    let text = read(&dir(name), lander);
    let marked: Vec<u64> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| l.contains("# fires PM304"))
        .map(|(i, _)| i as u64 + 1)
        .collect();
    assert_eq!(lines, marked);
    for d in f {
        assert_eq!(d["severity"], "warning");
        assert_eq!(d["project"], "lander");
    }
}

#[test]
fn pm304_near_miss_charter_equal_to_the_program_window() {
    clean("pm304-near");
}

// ---- configuration ----

#[test]
fn check_rules_change_severity_by_name_and_code_or_turn_a_rule_off() {
    let tmp = fixture("check/pm201-fires");
    let program = read(tmp.path(), "program.toml");
    write(
        tmp.path(),
        "program.toml",
        &format!("{program}\n[check.rules]\nover-allocation = \"warn\"\n"),
    );
    let (code, json) = check_json(tmp.path());
    assert_eq!(code, 0, "{json:#}");
    assert_eq!(findings(&json, "PM201")[0]["severity"], "warning");

    write(
        tmp.path(),
        "program.toml",
        &format!("{program}\n[check.rules]\nPM201 = \"off\"\n"),
    );
    let (code, json) = check_json(tmp.path());
    assert_eq!(code, 0);
    assert_eq!(codes(&json), Vec::<String>::new());

    let tmp = fixture("check/pm103-fires");
    let program = read(tmp.path(), "program.toml");
    write(
        tmp.path(),
        "program.toml",
        &format!("{program}\n[check.rules]\nwork-outside-charter = \"error\"\n"),
    );
    let (code, json) = check_json(tmp.path());
    assert_eq!(code, 1);
    assert!(
        findings(&json, "PM103")
            .iter()
            .all(|d| d["severity"] == "error")
    );
}

#[test]
fn warnings_fail_only_when_denied() {
    let d = dir("pm103-fires");
    pm_in(&d).arg("check").assert().code(0);
    pm_in(&d)
        .args(["check", "--deny-warnings"])
        .assert()
        .code(1);
    pm_in(&d)
        .args(["check", "--deny-warnings", "--exit-zero"])
        .assert()
        .code(0);
    let tmp = fixture("check/pm103-fires");
    let program = read(tmp.path(), "program.toml");
    write(
        tmp.path(),
        "program.toml",
        &format!("{program}\n[check]\ndeny_warnings = true\n"),
    );
    pm_in(tmp.path()).arg("check").assert().code(1);
    pm_in(tmp.path())
        .args(["check", "--exit-zero"])
        .assert()
        .code(0);
}

#[test]
fn errors_fail_unless_exit_zero() {
    let d = dir("pm201-fires");
    pm_in(&d).arg("check").assert().code(1);
    pm_in(&d).args(["check", "--exit-zero"]).assert().code(0);
    pm().args(["-C", "/nonexistent/pm-program", "check", "--exit-zero"])
        .assert()
        .code(2);
}

/// Every finding's help names the pm command that fixes it, on every fixture and the example;
/// only the rules no command can fix (a file pm cannot read, two items of one id, a file whose id
/// and name disagree) send the user to the file.
#[test]
fn every_finding_names_a_pm_command_where_one_can_fix_it() {
    let by_hand = ["PM001", "PM002", "PM004"];
    let mut dirs: Vec<std::path::PathBuf> = std::fs::read_dir(fixtures_dir().join("check"))
        .expect("fixtures")
        .map(|e| e.expect("entry").path())
        .collect();
    dirs.push(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/artemis"));
    dirs.sort();
    // References to nothing and every range out of range, which no check fixture holds whole.
    let broken = fixture("lifecycle");
    write(
        broken.path(),
        "projects/odd.toml",
        "[project]\nid = \"odd\"\nname = \"Odd\"\nstatus = \"active\"\npriority = 0\n\
         manager = \"nobody\"\nbenefits = [\"nothing\"]\n\n[charter]\nobjective = \"o\"\n\
         start = 2026-06-01\nend = 2026-01-01\n\n[[deliverable]]\nid = \"d\"\n\n\
         [[work]]\nid = \"w\"\ntitle = \"W\"\ndeliverable = \"d\"\nstart = 2026-05-01\ndue = 2026-04-01\n\n\
         [[assignment]]\nperson = \"raj\"\nallocation = 2000\nfrom = 2026-03-01\nto = 2026-02-01\n\n\
         [[request]]\nid = \"r\"\nskills = [\"rf\"]\nallocation = 2000\nfrom = 2026-03-01\nto = 2026-02-01\nreason = \"x\"\n",
    );
    dirs.push(broken.path().to_owned());
    // A scope change after approval (PM108), which needs a Git history.
    let history = empty_dir();
    let mut by_hand = by_hand.to_vec();
    if outside_tool("git", "apt-get install git").is_some() {
        let git = |args: &[&str]| {
            let out = git_command(
                history.path(),
                ("Grace", "grace@example.invalid"),
                "2026-03-01T12:00:00Z",
            )
            .args(args)
            .output()
            .expect("run git");
            assert!(out.status.success(), "git {args:?}: {}", stderr(&out));
        };
        copy_dir(
            &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/artemis"),
            history.path(),
        );
        git(&["init", "-q"]);
        ok(
            history.path(),
            &["charter", "approve", "lander", "--by", "grace"],
        );
        git(&["add", "-A"]);
        git(&["commit", "-q", "-m", "Approve lander"]);
        ok(
            history.path(),
            &[
                "scope",
                "add",
                "lander",
                "docking-adapter",
                "--title",
                "Docking adapter",
            ],
        );
        dirs.push(history.path().to_owned());
    } else {
        // Without Git, PM108 cannot run; its help is checked where Git is.
        by_hand.push("PM108");
    }
    let mut seen = std::collections::BTreeSet::new();
    let mut missing = Vec::new();
    for dir in &dirs {
        let (_, json) = check_json(dir);
        for d in json["diagnostics"].as_array().expect("diagnostics") {
            let code = d["code"].as_str().unwrap_or_default();
            seen.insert(code.to_owned());
            if by_hand.contains(&code) {
                continue;
            }
            let help = d["help"].as_str().unwrap_or_default();
            if !help.contains("`pm ") {
                missing.push(format!(
                    "{}: {code} {}: help {help:?}",
                    dir.display(),
                    d["message"]
                ));
            }
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
    // The fixtures make every rule fire that a command can fix.
    for r in pm::check::Rule::ALL {
        if !by_hand.contains(&r.code()) {
            assert!(seen.contains(r.code()), "no fixture fires {}", r.code());
        }
    }
}
