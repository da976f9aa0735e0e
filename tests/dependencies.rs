//! Dependencies between projects from the command line: `pm depend add|set|remove|list`, what
//! they write and refuse, `pm work move` carrying a wait along with the work, and
//! `pm report dependencies` in every format.

mod common;

use common::*;

const FIXTURE: &str = "dependencies";
const ROVER: &str = "projects/rover.toml";

#[test]
fn depend_add_appends_a_dependency_and_keeps_every_other_byte() {
    let dir = fixture(FIXTURE);
    let before = read(dir.path(), ROVER);
    let out = pm_in(dir.path())
        .args([
            "depend",
            "add",
            "rover",
            "drill-bit",
            "--on",
            "drill/bit",
            "--needed-by",
            "2026-06-01",
            "--for",
            "chassis-assembly",
            "--reason",
            "the chassis carries the drill",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        stdout(&out),
        "added dependency drill-bit to projects/rover.toml: rover waits on drill/bit (due 2026-05-01), needed by 2026-06-01\n"
    );
    assert_eq!(stderr(&out), "", "on time: nothing to warn about");
    let expected = format!(
        "{before}\n[[dependency]]\nid = \"drill-bit\"\non = \"drill/bit\"\nneeded_by = 2026-06-01\nfor = [\"chassis-assembly\"]\nreason = \"the chassis carries the drill\"\n"
    );
    assert_eq!(read(dir.path(), ROVER), expected);
    let (code, json) = check_json(dir.path());
    assert_eq!(code, 0, "{json:#}");
    ok(dir.path(), &["fmt", "--check"]);
}

#[test]
fn depend_add_says_what_pm_check_will_report() {
    let dir = fixture(FIXTURE);
    let out = pm_in(dir.path())
        .args([
            "depend",
            "add",
            "drill",
            "engine",
            "--on",
            "lander/engine",
            "--needed-by",
            "2026-10-15",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        stderr(&out),
        "note: pm check will report PM109 dependency-at-risk: drill needs lander/engine by 2026-10-15 (dependency 'engine'), but lander has it due on 2026-11-30, 46 days later\n"
    );
    let (_, json) = check_json(dir.path());
    assert_eq!(findings(&json, "PM109").len(), 1);

    // Closing a circle is recorded, and said.
    let out = pm_in(dir.path())
        .args([
            "depend",
            "add",
            "lander",
            "chassis",
            "--on",
            "rover/chassis",
            "--needed-by",
            "2026-12-20",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    assert!(
        stderr(&out).contains(
            "note: pm check will report PM110 dependency-cycle: lander and rover wait on each other in a circle"
        ),
        "{}",
        stderr(&out)
    );
}

#[test]
fn depend_add_refuses_what_it_cannot_wait_for_and_writes_nothing() {
    let dir = fixture(FIXTURE);
    let d = dir.path();
    let add = |id: &str, on: &str| {
        vec![
            "depend".to_owned(),
            "add".to_owned(),
            "rover".to_owned(),
            id.to_owned(),
            "--on".to_owned(),
            on.to_owned(),
            "--needed-by".to_owned(),
            "2026-12-01".to_owned(),
        ]
    };
    let refuse = |args: Vec<String>| {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        refused(d, &args)
    };
    assert!(
        refuse(add("x", "landr/engine"))
            .contains("unknown project 'landr' — did you mean 'lander'?")
    );
    assert!(
        refuse(add("x", "lander/engin"))
            .contains("lander has no deliverable 'engin' — did you mean 'engine'?")
    );
    assert!(refuse(add("x", "lander/suits")).contains("'suits' is an exclusion of lander"));
    assert!(
        refuse(add("x", "rover/chassis"))
            .contains("rover/chassis is a deliverable of rover itself")
    );
    assert!(refuse(add("x", "lander")).contains("as PROJECT/DELIVERABLE"));
    assert!(refuse(add("x", "../x/engine")).contains("invalid project id"));
    assert!(refuse(add("Bad Id", "lander/engine")).contains("invalid dependency id"));
    assert!(
        refuse(add("cabin-shape", "lander/engine"))
            .contains("dependency 'cabin-shape' already exists in projects/rover.toml")
    );
    let mut unknown_work = add("x", "lander/engine");
    unknown_work.extend(["--for".to_owned(), "chasis-design".to_owned()]);
    assert!(
        refuse(unknown_work).contains(
            "there is no work 'chasis-design' in projects/rover.toml to wait for it — did you mean 'chassis-design'?"
        )
    );
    let mut args = add("x", "lander/engine");
    args[1] = "add".to_owned();
    args[2] = "rovr".to_owned();
    assert!(refuse(args).contains("unknown project 'rovr' — did you mean 'rover'?"));
    let out = pm_in(d)
        .args([
            "depend",
            "add",
            "rover",
            "x",
            "--on",
            "lander/engine",
            "--needed-by",
            "2026-13-01",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn depend_set_changes_only_what_is_named() {
    let dir = fixture(FIXTURE);
    let d = dir.path();
    let before = read(d, ROVER);
    let out = ok(
        d,
        &[
            "depend",
            "set",
            "rover/cabin-shape",
            "--needed-by",
            "2026-10-05",
            "--for",
            "chassis-assembly,chassis-design",
        ],
    );
    assert_eq!(
        out,
        "set needed_by = 2026-10-05, for = [chassis-assembly, chassis-design] on dependency cabin-shape in projects/rover.toml\n"
    );
    let expected = before
        .replace(
            "needed_by = 2026-10-01  # assembly starts then",
            "needed_by = 2026-10-05  # assembly starts then",
        )
        .replace(
            "for = [\"chassis-assembly\"]",
            "for = [\"chassis-assembly\", \"chassis-design\"]",
        );
    assert_eq!(read(d, ROVER), expected);

    ok(
        d,
        &[
            "depend",
            "set",
            "rover/cabin-shape",
            "--for",
            "",
            "--reason",
            "",
        ],
    );
    let text = read(d, ROVER);
    assert!(!text.contains("for = "), "{text}");
    assert!(!text.contains("the chassis carries the cabin"), "{text}");

    ok(
        d,
        &[
            "depend",
            "set",
            "rover/cabin-shape",
            "--on",
            "lander/engine",
        ],
    );
    assert!(read(d, ROVER).contains("on = \"lander/engine\""));
    let same = ok(
        d,
        &[
            "depend",
            "set",
            "rover/cabin-shape",
            "--on",
            "lander/engine",
        ],
    );
    assert!(same.contains("nothing changed"), "{same}");

    assert!(refused(d, &["depend", "set", "rover/cabin-shape"]).contains("nothing to set"));
    assert!(
        refused(d, &["depend", "set", "rover/cabin-shap", "--needed-by", "2026-10-01"])
            .contains("there is no dependency 'cabin-shap' in projects/rover.toml — did you mean 'cabin-shape'?")
    );
    assert!(
        refused(
            d,
            &["depend", "set", "rover/cabin-shape", "--on", "drill/bitt"]
        )
        .contains("did you mean 'bit'?")
    );
    assert!(refused(d, &["depend", "set", "cabin-shape", "--for", "x"]).contains("PROJECT/ID"));
}

#[test]
fn depend_set_keeps_the_reason_an_allow_needs() {
    let dir = fixture(FIXTURE);
    let d = dir.path();
    let text = read(d, ROVER).replace(
        "reason = \"the chassis carries the cabin\"",
        "allow = [\"dependency-at-risk\"]\nreason = \"the chassis carries the cabin\"",
    );
    write(d, ROVER, &text);
    assert!(
        refused(d, &["depend", "set", "rover/cabin-shape", "--reason", ""])
            .contains("needs its `reason`")
    );
}

#[test]
fn depend_remove_takes_the_dependency_and_its_comment() {
    let dir = fixture(FIXTURE);
    let d = dir.path();
    let before = read(d, ROVER);
    let out = ok(d, &["depend", "remove", "rover/cabin-shape"]);
    assert_eq!(
        out,
        "removed dependency cabin-shape (on lander/cabin) from projects/rover.toml\n"
    );
    let cut = before.find("\n# Waits for the cabin's shape.").unwrap();
    assert_eq!(read(d, ROVER), before[..cut]);
    assert!(refused(d, &["depend", "remove", "rover/cabin-shape"]).contains("no [[dependency]]"));
}

#[test]
fn depend_list_says_whether_each_comes_in_time() {
    let dir = fixture(FIXTURE);
    let d = dir.path();
    ok(
        d,
        &[
            "depend",
            "add",
            "drill",
            "engine",
            "--on",
            "lander/engine",
            "--needed-by",
            "2026-10-15",
        ],
    );
    let out = ok(d, &["depend", "list"]);
    assert_eq!(
        out,
        "\
project  id           waits on       due         needed by   status                                    for
───────────────────────────────────────────────────────────────────────────────────────────────────────────────────────
drill    engine       lander/engine  2026-11-30  2026-10-15  at risk: due 46 days after it is needed!
rover    cabin-shape  lander/cabin   2026-09-30  2026-10-01  on time                                   chassis-assembly
! marks a deliverable that will not be there when it is needed
"
    );
    let only = ok(d, &["depend", "list", "rover"]);
    assert_eq!(only.lines().count(), 3, "{only}");
    assert!(refused(d, &["depend", "list", "rovr"]).contains("did you mean 'rover'?"));
}

#[test]
fn work_move_carries_the_wait_along_with_the_work() {
    let dir = fixture(FIXTURE);
    let d = dir.path();
    // The assembly waits alone on the cabin: the dependency moves with it, comment and all.
    let out = ok(
        d,
        &[
            "work",
            "move",
            "rover/chassis-assembly",
            "--to",
            "drill",
            "--deliverable",
            "bit",
        ],
    );
    assert_eq!(
        out,
        "moved work chassis-assembly from rover to drill (deliverable bit): removed from projects/rover.toml, added to projects/drill.toml\n\
         dependency cabin-shape of rover (on lander/cabin) moves with chassis-assembly to drill\n"
    );
    let rover = read(d, ROVER);
    assert!(!rover.contains("[[dependency]]"), "{rover}");
    assert!(!rover.contains("Waits for the cabin"), "{rover}");
    let drill = read(d, "projects/drill.toml");
    assert!(
        drill.ends_with(
            "\n# Waits for the cabin's shape.\n[[dependency]]\nid = \"cabin-shape\"\non = \"lander/cabin\"\nneeded_by = 2026-10-01  # assembly starts then\nfor = [\"chassis-assembly\"]\nreason = \"the chassis carries the cabin\"\n"
        ),
        "{drill}"
    );
    let (code, json) = check_json(d);
    assert!(findings(&json, "PM003").is_empty(), "{json:#}");
    assert!(code <= 1);
}

#[test]
fn work_move_copies_a_wait_others_share_and_drops_one_on_its_new_home() {
    let dir = fixture(FIXTURE);
    let d = dir.path();
    ok(
        d,
        &[
            "depend",
            "set",
            "rover/cabin-shape",
            "--for",
            "chassis-assembly,chassis-design",
        ],
    );
    ok(
        d,
        &[
            "depend",
            "add",
            "rover",
            "bit",
            "--on",
            "drill/bit",
            "--needed-by",
            "2026-06-01",
            "--for",
            "chassis-design",
        ],
    );
    // To the drill project, as `design`: the shared wait is copied, the wait on the drill's own
    // bit is no wait any more.
    let out = ok(
        d,
        &[
            "work",
            "move",
            "rover/chassis-design",
            "--to",
            "drill",
            "--deliverable",
            "bit",
            "--id",
            "design",
        ],
    );
    assert_eq!(
        out,
        "moved work chassis-design from rover to drill as design (deliverable bit): removed from projects/rover.toml, added to projects/drill.toml\n\
         dependency cabin-shape of rover (on lander/cabin) is copied with chassis-design to drill\n\
         chassis-design no longer waits on drill/bit (dependency bit of rover): it is in drill now; the dependency is removed\n"
    );
    let rover = read(d, ROVER);
    assert!(rover.contains("for = [\"chassis-assembly\"]\n"), "{rover}");
    assert!(!rover.contains("drill/bit"), "{rover}");
    let drill = read(d, "projects/drill.toml");
    assert!(
        drill.ends_with(
            "[[dependency]]\nid = \"cabin-shape\"\non = \"lander/cabin\"\nneeded_by = 2026-10-01\nfor = [\"design\"]\nreason = \"the chassis carries the cabin\"\n"
        ),
        "{drill}"
    );
    let (_, json) = check_json(d);
    assert!(findings(&json, "PM003").is_empty(), "{json:#}");
    assert!(findings(&json, "PM109").is_empty(), "{json:#}");
}

#[test]
fn work_move_into_a_new_project_takes_its_wait_along() {
    let dir = fixture(FIXTURE);
    let d = dir.path();
    ok(
        d,
        &[
            "work",
            "move",
            "rover/chassis-assembly",
            "--new-project",
            "assembly",
        ],
    );
    let new = read(d, "projects/assembly.toml");
    assert!(
        new.contains("[[dependency]]\nid = \"cabin-shape\"\non = \"lander/cabin\""),
        "{new}"
    );
    assert!(!read(d, ROVER).contains("[[dependency]]"));
}

#[test]
fn the_dependencies_report_in_every_format() {
    let dir = fixture(FIXTURE);
    let d = dir.path();
    ok(
        d,
        &[
            "depend",
            "add",
            "drill",
            "engine",
            "--on",
            "lander/engine",
            "--needed-by",
            "2026-10-15",
            "--reason",
            "the bit is tested on the engine mount",
        ],
    );
    let json: serde_json::Value =
        serde_json::from_str(&ok(d, &["report", "dependencies", "--format", "json"])).unwrap();
    assert_eq!(json["schema_version"], 1);
    assert_eq!(json["kind"], "dependencies");
    assert_eq!(json["program"], "fixture");
    let rows = json["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["project"], "drill");
    assert_eq!(rows[0]["on"], "lander/engine");
    assert_eq!(rows[0]["status"], "at-risk");
    assert_eq!(rows[0]["slack_days"], -46);
    assert_eq!(rows[0]["risk"], "due 46 days after it is needed");
    assert_eq!(rows[1]["project"], "rover");
    assert_eq!(rows[1]["status"], "on-time");
    assert_eq!(rows[1]["work"], serde_json::json!(["chassis-assembly"]));
    assert_eq!(
        json["projects"].as_array().unwrap().len(),
        3,
        "drill, lander, rover"
    );

    let csv = ok(d, &["report", "dependencies", "--format", "csv"]);
    let mut lines = csv.lines();
    assert_eq!(
        lines.next(),
        Some("project,id,on,title,due,needed_by,slack_days,status,risk,work,reason")
    );
    assert_eq!(
        lines.next(),
        Some(
            "drill,engine,lander/engine,Descent engine,2026-11-30,2026-10-15,-46,at risk,due 46 days after it is needed,,the bit is tested on the engine mount"
        )
    );

    let yaml = ok(d, &["report", "dependencies", "--format", "yaml"]);
    assert!(yaml.contains("kind: dependencies\n"), "{yaml}");
    let markdown = ok(d, &["report", "dependencies", "--format", "markdown"]);
    assert!(
        markdown.starts_with("| project | id | waits on |"),
        "{markdown}"
    );
    assert!(markdown.contains("**at risk!**"), "{markdown}");
    let table = ok(d, &["report", "dependencies"]);
    assert!(table.contains("at risk!"), "{table}");
    assert!(
        table.contains("! marks a deliverable that will not be there when it is needed"),
        "{table}"
    );

    let chart = ok(d, &["report", "dependencies", "--format", "mermaid"]);
    assert_eq!(
        chart,
        "flowchart LR\n    p1[\"Drill (drill)\"]\n    p2[\"Lander (lander)\"]\n    p3[\"Rover (rover)\"]\n    \
         p2 ==>|\"Descent engine · due 2026-11-30 · needed by 2026-10-15 · AT RISK#58; due 46 days after it is needed\"| p1\n    \
         p2 -->|\"Crew cabin#58; pressure shell · due 2026-09-30 · needed by 2026-10-01\"| p3\n    \
         linkStyle 0 stroke:#c62828,stroke-width:3px\n"
    );
    // Options that do not apply are refused, not ignored.
    assert!(
        refused(d, &["report", "people", "--format", "mermaid"])
            .contains("gantt and dependencies reports only")
    );
    assert!(refused(d, &["report", "dependencies", "--by", "week"]).contains("--by applies to"));
}

#[test]
fn the_gantt_draws_waiting_work_after_the_milestone_it_waits_for() {
    let dir = fixture(FIXTURE);
    let d = dir.path();
    let json: serde_json::Value =
        serde_json::from_str(&ok(d, &["report", "gantt", "--format", "json"])).unwrap();
    let assembly = json["rows"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["id"] == "chassis-assembly")
        .unwrap();
    assert_eq!(assembly["after"], serde_json::json!(["lander/cabin"]));
    assert_eq!(assembly["start"], "2026-10-01", "the file's dates are kept");
    let chart = ok(d, &["report", "gantt", "--format", "mermaid"]);
    assert!(
        chart.contains("    Crew cabin#58; pressure shell :milestone, m1, 2026-09-30, 0d\n"),
        "{chart}"
    );
    assert!(
        chart.contains("    Chassis assembly :after m1, 2026-12-10\n"),
        "{chart}"
    );
    // A waiting item due before the milestone cannot be drawn after it: it keeps its dates.
    let text = read(d, ROVER)
        .replace("start = 2026-10-01", "start = 2026-09-01")
        .replace("due = 2026-12-10", "due = 2026-09-20");
    write(d, ROVER, &text);
    let chart = ok(d, &["report", "gantt", "--format", "mermaid"]);
    assert!(
        chart.contains("    Chassis assembly :2026-09-01, 2026-09-20\n"),
        "{chart}"
    );
}

#[test]
fn a_renamed_deliverable_takes_the_dependencies_on_it_along() {
    let dir = fixture(FIXTURE);
    let d = dir.path();
    let out = ok(
        d,
        &["scope", "set", "lander", "cabin", "--id", "crew-cabin"],
    );
    assert_eq!(
        out,
        "set id = crew-cabin of deliverable cabin in projects/lander.toml; re-pointed 1 work item to crew-cabin\n\
         re-pointed 1 dependency in projects/rover.toml to lander/crew-cabin\n"
    );
    let rover = read(d, ROVER);
    assert!(
        rover.contains(
            "on = \"lander/crew-cabin\"\nneeded_by = 2026-10-01  # assembly starts then\n"
        ),
        "{rover}"
    );
    let (code, json) = check_json(d);
    assert_eq!(
        code, 0,
        "the dependency still finds its deliverable: {json:#}"
    );
}

#[test]
fn a_project_renamed_is_what_its_dependants_wait_on() {
    let dir = fixture(FIXTURE);
    let d = dir.path();
    // The deliverable moves to another PROJECT/ path: the dependency follows it.
    let out = ok(d, &["project", "rename", "lander", "moon-lander"]);
    assert_eq!(
        out,
        "renamed project lander to moon-lander: projects/lander.toml is now projects/moon-lander.toml\n\
         renamed project lander to moon-lander in projects/rover.toml (1 reference)\n"
    );
    assert!(read(d, ROVER).contains("on = \"moon-lander/cabin\"\n"));
    let (code, json) = check_json(d);
    assert_eq!(code, 0, "{json:#}");
    let list = ok(d, &["depend", "list"]);
    assert!(list.contains("moon-lander/cabin"), "{list}");
}

#[test]
fn a_renamed_work_item_keeps_waiting() {
    let dir = fixture(FIXTURE);
    let d = dir.path();
    let out = ok(
        d,
        &[
            "work",
            "set",
            "rover/chassis-assembly",
            "--id",
            "chassis-build",
        ],
    );
    assert_eq!(
        out,
        "set id = chassis-build of work chassis-assembly in projects/rover.toml; renamed it in the `for` of 1 dependency\n"
    );
    assert!(read(d, ROVER).contains("for = [\"chassis-build\"]\n"));
    let (code, json) = check_json(d);
    assert_eq!(code, 0, "no PM003 for a `for` left behind: {json:#}");
}

#[test]
fn removals_name_the_dependency_in_the_way() {
    let dir = fixture(FIXTURE);
    let d = dir.path();
    // The cabin has work tracing to it; re-pointing that work is not enough while rover waits.
    let err = refused(
        d,
        &[
            "scope",
            "remove",
            "lander",
            "cabin",
            "--retrace-to",
            "engine",
        ],
    );
    assert!(
        err.contains(
            "error: deliverable cabin of lander is waited for by 1 dependency:\n  projects/rover.toml:46  dependency rover/cabin-shape waits on lander/cabin\n"
        ),
        "{err}"
    );
    assert!(
        err.contains("`pm depend remove PROJECT/DEPENDENCY`"),
        "{err}"
    );
    let err = refused(d, &["work", "remove", "rover/chassis-assembly"]);
    assert!(
        err.contains(
            "error: work chassis-assembly of rover waits on another project's deliverable with 1 dependency:\n  projects/rover.toml:48  dependency cabin-shape waits for lander/cabin with it\n"
        ),
        "{err}"
    );
    // Once the dependency is gone, both go through.
    ok(d, &["depend", "remove", "rover/cabin-shape"]);
    ok(d, &["work", "remove", "rover/chassis-assembly"]);
    ok(
        d,
        &[
            "scope",
            "remove",
            "lander",
            "cabin",
            "--retrace-to",
            "engine",
        ],
    );
    let (code, json) = check_json(d);
    assert_eq!(code, 0, "{json:#}");
}

#[test]
fn the_dashboard_shows_what_projects_wait_for() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/artemis");
    let out = pm()
        .args([
            "-C",
            root.to_str().expect("utf-8 path"),
            "report",
            "dashboard",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let html = stdout(&out);
    assert!(html.contains("<caption>Dependencies between projects</caption>"));
    assert!(
        html.contains(
            "<td><code>lander/ascent-stage</code> Ascent stage and pressurised crew cabin</td><td>2027-09-30</td><td>2027-08-02</td><td><strong>at risk</strong>: due 59 days after it is needed</td>"
        ),
        "{html}"
    );
    // The two that come in time say so.
    assert_eq!(html.matches("<td>on time</td>").count(), 2, "{html}");
}
