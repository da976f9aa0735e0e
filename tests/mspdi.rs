//! `pm export mspdi` read by MPXJ (the library ProjectLibre and many tools read Microsoft
//! Project files with, through its Python package), and `pm import mspdi` of what pm and MPXJ
//! write. A test skips, saying what to install, when MPXJ or Java is missing; `.ci/run`
//! installs them.

mod common;

use std::path::Path;

use common::*;
use serde_json::{Value, json};

const INSTALL: &str =
    "python3 -m pip install mpxj JPype1, with a Java runtime (Debian: default-jre-headless)";

/// Reads an MS Project file with MPXJ and prints what it read as JSON; with a second
/// argument, writes the project back out as MSPDI there instead, as ProjectLibre would on save.
const MPXJ: &str = r#"
import json, sys, jpype, mpxj
jpype.startJVM()
from org.mpxj import TimeUnit
from org.mpxj.reader import UniversalProjectReader
from org.mpxj.writer import FileFormat, UniversalProjectWriter
project = UniversalProjectReader().read(sys.argv[1])
if len(sys.argv) > 2:
    UniversalProjectWriter(FileFormat.MSPDI).write(project, sys.argv[2])
    sys.exit(0)
props = project.getProjectProperties()
def s(x):
    return None if x is None else str(x)
def n(x):
    return None if x is None else float(x)
def hours(d):
    return None if d is None else float(d.convertUnits(TimeUnit.HOURS, props).getDuration())
tasks = []
for t in project.getTasks():
    parent = t.getParentTask()
    tasks.append({
        "uid": int(t.getUniqueID()), "level": int(t.getOutlineLevel()), "name": s(t.getName()),
        "parent": None if parent is None else s(parent.getText(1)) or s(parent.getName()),
        "start": s(t.getStart()), "finish": s(t.getFinish()), "work": hours(t.getWork()),
        "milestone": bool(t.getMilestone()), "summary": bool(t.getSummary()),
        "pm_id": s(t.getText(1)), "contact": s(t.getContact()), "notes": s(t.getNotes()),
        "percent": n(t.getPercentageComplete()), "actual_start": s(t.getActualStart()),
        "actual_finish": s(t.getActualFinish()), "constraint": s(t.getConstraintType()),
        "constraint_date": s(t.getConstraintDate()),
    })
resources = []
for r in project.getResources():
    calendar = r.getCalendar()
    resources.append({
        "name": s(r.getName()), "pm_id": s(r.getText(1)), "max_units": n(r.getMaxUnits()),
        "group": s(r.getGroup()),
        "time_off": [] if calendar is None else [
            [s(e.getFromDate()), s(e.getToDate()), s(e.getName())]
            for e in calendar.getCalendarExceptions()],
        "available": [[s(a.getRange().getStart()), s(a.getRange().getEnd()), n(a.getUnits())]
                      for a in r.getAvailability()],
    })
assignments = []
for a in project.getResourceAssignments():
    if a.getResource() is None:
        continue
    assignments.append({
        "task": s(a.getTask().getText(1)), "person": s(a.getResource().getText(1)),
        "units": n(a.getUnits()), "start": s(a.getStart()), "finish": s(a.getFinish()),
        "work": hours(a.getWork()), "notes": s(a.getNotes()),
    })
print(json.dumps({
    "file_type": s(props.getFileType()), "name": s(props.getName()),
    "manager": s(props.getManager()), "tasks": tasks, "resources": resources,
    "assignments": assignments,
}))
"#;

fn mpxj_ready() -> bool {
    python_modules(&["jpype", "mpxj"], INSTALL) && outside_tool("java", INSTALL).is_some()
}

fn mpxj_read(file: &Path) -> Value {
    let path = file.to_str().expect("UTF-8 path");
    serde_json::from_str(&python(MPXJ, &[path], "")).expect("JSON from MPXJ")
}

fn mpxj_resave(from: &Path, to: &Path) {
    let (from, to) = (from.to_str().expect("path"), to.to_str().expect("path"));
    python(MPXJ, &[from, to], "");
}

fn task<'a>(read: &'a Value, pm_id: &str) -> &'a Value {
    read["tasks"]
        .as_array()
        .expect("tasks")
        .iter()
        .find(|t| t["pm_id"] == pm_id)
        .unwrap_or_else(|| panic!("no task with pm id {pm_id}: {read}"))
}

/// Monday to Friday from `from` to `to`, less the days in `off`, counted day by day.
fn working_days(from: &str, to: &str, off: &[(&str, &str)]) -> f64 {
    let d = |s: &str| chrono::NaiveDate::parse_from_str(s, "%Y-%m-%d").expect("date");
    use chrono::Datelike;
    d(from)
        .iter_days()
        .take_while(|day| *day <= d(to))
        .filter(|day| day.weekday().number_from_monday() <= 5)
        .filter(|day| !off.iter().any(|(a, b)| d(a) <= *day && *day <= d(b)))
        .count() as f64
}

#[test]
fn the_program_reads_in_mpxj_as_the_mapping_says() {
    if !mpxj_ready() {
        return;
    }
    let dir = fixture("interchange");
    let out = empty_dir();
    let file = out.path().join("moonbase.xml");
    let printed = pm_in(dir.path())
        .args(["export", "mspdi", "-o"])
        .arg(&file)
        .output()
        .expect("run pm");
    assert_eq!(printed.status.code(), Some(0), "{}", stderr(&printed));
    assert!(stdout(&printed).is_empty());
    assert!(stderr(&printed).starts_with(&format!("wrote {}", file.display())));
    let read = mpxj_read(&file);
    assert_eq!(read["file_type"], "MSPDI");
    assert_eq!(read["name"], "Moon Base, Phase 1");
    assert_eq!(read["manager"], "Grace Okafor");

    // Projects at outline level 1, deliverables under them, work under those.
    let rover = task(&read, "rover");
    assert_eq!(
        (&rover["level"], &rover["summary"], &rover["name"]),
        (&json!(1), &json!(true), &json!("Rover & Lab: phase 1"))
    );
    assert_eq!(rover["start"], "2026-02-02T08:00");
    assert_eq!(rover["finish"], "2026-12-18T17:00");
    assert_eq!(rover["contact"], "grace");
    assert_eq!(
        rover["notes"],
        "Drive 10 km, take samples, and bring them back"
    );
    let chassis = task(&read, "chassis");
    assert_eq!(
        (&chassis["level"], &chassis["summary"], &chassis["parent"]),
        (&json!(2), &json!(true), &json!("rover"))
    );
    let wheels = task(&read, "wheels");
    assert_eq!(wheels["parent"], "chassis");
    assert_eq!(wheels["level"], 3);
    assert_eq!(wheels["name"], "Wheel tests <in the pit> & on sand");
    assert_eq!(wheels["start"], "2026-03-16T08:00");
    assert_eq!(wheels["finish"], "2026-06-26T17:00");
    assert_eq!(wheels["work"], 7.5);
    assert_eq!(wheels["contact"], "ann");
    assert_eq!(wheels["constraint"], "START_NO_EARLIER_THAN");
    assert_eq!(wheels["constraint_date"], "2026-03-16T08:00");
    // Doing: started, not finished.
    assert_eq!(wheels["actual_start"], "2026-03-16T08:00");
    assert_eq!(wheels["actual_finish"], Value::Null);
    let frame = task(&read, "frame");
    assert_eq!(frame["percent"], 100.0);
    assert_eq!(frame["actual_finish"], "2026-03-13T17:00");
    // Untraced work sits right under its project.
    let review = task(&read, "review");
    assert_eq!(
        (&review["level"], &review["parent"]),
        (&json!(2), &json!("rover"))
    );
    // A milestone at each due date, in its deliverable.
    let due: Vec<&Value> = read["tasks"]
        .as_array()
        .expect("tasks")
        .iter()
        .filter(|t| t["milestone"] == true)
        .collect();
    let due: Vec<(&Value, &Value, &Value)> = due
        .iter()
        .map(|t| (&t["name"], &t["parent"], &t["finish"]))
        .collect();
    assert_eq!(
        due,
        [
            (
                &json!("Lab module due"),
                &json!("module"),
                &json!("2027-10-29T17:00")
            ),
            (
                &json!("Chassis due"),
                &json!("chassis"),
                &json!("2026-06-30T17:00")
            ),
            (
                &json!("Flight software, with tests; \"drive\" mode due"),
                &json!("software"),
                &json!("2026-11-30T17:00")
            ),
        ]
    );
    // Dropped work is not part of a plan.
    assert!(
        !read["tasks"].to_string().contains("old-idea"),
        "dropped work is left out"
    );

    // People as resources: capacity as max units, skills as group, time off in their calendar.
    let resources = read["resources"].as_array().expect("resources");
    let ids: Vec<&Value> = resources.iter().map(|r| &r["pm_id"]).collect();
    assert_eq!(
        ids,
        [&json!("grace"), &json!("ann"), &json!("bo"), &json!("cy")]
    );
    let ann = &resources[1];
    assert_eq!(ann["name"], "Ann Lee");
    assert_eq!(ann["max_units"], 80.0);
    assert_eq!(ann["group"], "rust, gnc");
    assert_eq!(
        ann["time_off"],
        json!([["2026-08-03", "2026-08-14", "summer leave"]])
    );
    assert_eq!(ann["available"][0][0], "2026-02-01T00:00");
    let bo = &resources[2];
    assert_eq!(bo["available"][0][1], "2027-06-30T23:59");
    let cy = &resources[3];
    assert_eq!(cy["name"], "Cy Díaz; \"the\" R&D lead");
    assert_eq!(cy["max_units"], 50.0);
    assert_eq!(
        cy["time_off"],
        json!([["2026-12-21", "2027-01-01", "holidays, at home; \\ off"]])
    );

    // Assignments on the project's summary task, units from the allocation, work over the
    // person's working days.
    let assignments = read["assignments"].as_array().expect("assignments");
    let ann_on_rover = assignments
        .iter()
        .find(|a| a["task"] == "rover" && a["person"] == "ann")
        .expect("ann on rover");
    assert_eq!(ann_on_rover["units"], 50.0);
    assert_eq!(ann_on_rover["start"], "2026-02-02T08:00");
    assert_eq!(ann_on_rover["finish"], "2026-12-18T17:00");
    assert_eq!(ann_on_rover["notes"], "software lead");
    let days = working_days("2026-02-02", "2026-12-18", &[("2026-08-03", "2026-08-14")]);
    assert_eq!(ann_on_rover["work"], json!(0.5 * 8.0 * days));
    let mut on: Vec<(String, String, f64)> = assignments
        .iter()
        .map(|a| {
            (
                a["task"].as_str().expect("task").to_owned(),
                a["person"].as_str().expect("person").to_owned(),
                a["units"].as_f64().expect("units"),
            )
        })
        .collect();
    on.sort_by(|a, b| a.partial_cmp(b).expect("numbers"));
    assert_eq!(
        on,
        [
            ("lab".into(), "ann".into(), 40.0),
            ("rover".into(), "ann".into(), 50.0),
            ("rover".into(), "bo".into(), 100.0),
            ("rover".into(), "cy".into(), 25.0),
        ]
    );
}

#[test]
fn one_project_brings_only_the_people_it_involves() {
    if !mpxj_ready() {
        return;
    }
    let dir = fixture("interchange");
    let out = empty_dir();
    let file = out.path().join("rover.xml");
    let xml = ok(dir.path(), &["export", "mspdi", "--project", "rover"]);
    std::fs::write(&file, &xml).expect("write");
    let read = mpxj_read(&file);
    assert_eq!(read["name"], "Rover & Lab: phase 1");
    assert_eq!(read["manager"], "Grace Okafor");
    let ids: Vec<&Value> = read["resources"]
        .as_array()
        .expect("resources")
        .iter()
        .map(|r| &r["pm_id"])
        .collect();
    assert_eq!(ids, [&json!("ann"), &json!("bo"), &json!("cy")]);
    let level_one: Vec<&Value> = read["tasks"]
        .as_array()
        .expect("tasks")
        .iter()
        .filter(|t| t["level"] == 1)
        .map(|t| &t["pm_id"])
        .collect();
    assert_eq!(level_one, [&json!("rover")]);
}

#[test]
fn export_refuses_what_it_cannot_do_and_writes_nothing() {
    let dir = fixture("interchange");
    let err = refused(dir.path(), &["export", "mspdi", "--project", "rovr"]);
    assert!(
        err.contains("unknown project 'rovr' — did you mean 'rover'?"),
        "{err}"
    );
    // Inside the program folder Git would pick the file up.
    let inside = dir.path().join("plan.xml");
    let inside = inside.to_str().expect("path");
    let err = refused(dir.path(), &["export", "mspdi", "-o", inside]);
    assert!(err.contains("inside the program folder"), "{err}");
    let out = empty_dir();
    let nowhere = out.path().join("no/such/plan.xml");
    let err = refused(
        dir.path(),
        &["export", "ical", "-o", nowhere.to_str().expect("path")],
    );
    assert!(err.contains("create it first"), "{err}");
    let err = refused(
        dir.path(),
        &["export", "mspdi", "-o", out.path().to_str().expect("path")],
    );
    assert!(err.contains("is a folder"), "{err}");
    // --force puts it there all the same.
    ok(dir.path(), &["export", "mspdi", "-o", inside, "--force"]);
    assert!(read(dir.path(), "plan.xml").starts_with("<?xml"));
}

#[test]
fn the_export_is_the_same_bytes_every_time() {
    let dir = fixture("interchange");
    let a = ok(dir.path(), &["export", "mspdi"]);
    let b = pm_in(dir.path())
        .env("PM_TODAY", "2030-01-01")
        .args(["export", "mspdi"])
        .output()
        .expect("run pm");
    assert_eq!(a, stdout(&b));
}

/// The project file as data, with its id taken out, to compare two projects.
fn project_data(dir: &Path, id: &str) -> toml::Value {
    let text = read(dir, &format!("projects/{id}.toml"));
    let mut value: toml::Value = toml::from_str(&text).expect("TOML");
    let project = value["project"].as_table_mut().expect("[project]");
    assert_eq!(project.remove("id"), Some(toml::Value::String(id.into())));
    value
}

#[test]
fn export_then_import_gives_the_same_project() {
    let dir = fixture("interchange");
    let out = empty_dir();
    let file = out.path().join("rover.xml");
    ok(
        dir.path(),
        &[
            "export",
            "mspdi",
            "--project",
            "rover",
            "-o",
            file.to_str().expect("path"),
        ],
    );
    let printed = ok(
        dir.path(),
        &[
            "import",
            "mspdi",
            file.to_str().expect("path"),
            "--project",
            "rover-copy",
        ],
    );
    assert_eq!(
        printed,
        format!(
            "created project rover-copy in projects/rover-copy.toml from {}: 2 deliverables, 4 work items, 3 assignments\n",
            file.display()
        )
    );
    assert_eq!(
        project_data(dir.path(), "rover-copy"),
        project_data(dir.path(), "rover")
    );
}

#[test]
fn a_plan_saved_again_by_mpxj_imports_as_the_same_project() {
    if !mpxj_ready() {
        return;
    }
    let dir = fixture("interchange");
    let out = empty_dir();
    let (file, resaved) = (out.path().join("rover.xml"), out.path().join("resaved.xml"));
    std::fs::write(
        &file,
        ok(dir.path(), &["export", "mspdi", "--project", "rover"]),
    )
    .expect("write");
    mpxj_resave(&file, &resaved);
    assert_ne!(
        read(out.path(), "rover.xml"),
        read(out.path(), "resaved.xml")
    );
    ok(
        dir.path(),
        &[
            "import",
            "mspdi",
            resaved.to_str().expect("path"),
            "--project",
            "again",
        ],
    );
    let mut expected = project_data(dir.path(), "rover");
    // MPXJ has no booking type, so a proposed assignment comes back committed.
    for a in expected["assignment"].as_array_mut().expect("assignments") {
        a.as_table_mut().expect("table").remove("status");
    }
    assert_eq!(project_data(dir.path(), "again"), expected);
}

#[test]
fn a_program_file_imports_one_project_chosen_by_task() {
    let dir = fixture("interchange");
    let out = empty_dir();
    let file = out.path().join("all.xml");
    std::fs::write(&file, ok(dir.path(), &["export", "mspdi"])).expect("write");
    let path = file.to_str().expect("path");
    let err = refused(dir.path(), &["import", "mspdi", path, "--project", "x"]);
    assert!(
        err.contains("several pm projects ('Surface lab' (lab), 'Rover & Lab: phase 1' (rover)); import one with --task ID"),
        "{err}"
    );
    ok(
        dir.path(),
        &["import", "mspdi", path, "--project", "x", "--task", "lab"],
    );
    let mut expected = project_data(dir.path(), "lab");
    // A plan holds no benefits, dropped work or project status.
    let project = expected["project"].as_table_mut().expect("[project]");
    project.remove("benefits");
    project.insert("status".into(), toml::Value::String("proposed".into()));
    expected["work"]
        .as_array_mut()
        .expect("work")
        .retain(|w| w.get("status").and_then(toml::Value::as_str) != Some("dropped"));
    assert_eq!(project_data(dir.path(), "x"), expected);
    // A task is also named by its name.
    ok(
        dir.path(),
        &[
            "import",
            "mspdi",
            path,
            "--project",
            "rover-2",
            "--task",
            "Rover & Lab: phase 1",
        ],
    );
    let err = refused(dir.path(), &["import", "mspdi", path, "--project", "rover"]);
    assert!(
        err.contains("project 'rover' already exists in projects/rover.toml"),
        "{err}"
    );
}

/// A plan as MS Project writes one: phases at the top, a resource per person by name, tasks
/// without resources assigned to resource -65535.
const PHASES: &str = r#"<?xml version="1.0" encoding="UTF-8" standalone="yes"?>
<Project xmlns="http://schemas.microsoft.com/project">
  <SaveVersion>14</SaveVersion>
  <Name>Habitat.xml</Name>
  <Title>Habitat</Title>
  <Manager>Grace Okafor</Manager>
  <StartDate>2026-03-02T08:00:00</StartDate>
  <Tasks>
    <Task><UID>0</UID><ID>0</ID><Name>Habitat</Name><OutlineLevel>0</OutlineLevel>
      <Start>2026-03-02T08:00:00</Start><Finish>2026-09-30T17:00:00</Finish><Summary>1</Summary></Task>
    <Task><UID>1</UID><ID>1</ID><Name>Design</Name><OutlineNumber>1</OutlineNumber><OutlineLevel>1</OutlineLevel>
      <Start>2026-03-02T08:00:00</Start><Finish>2026-05-29T17:00:00</Finish><Summary>1</Summary></Task>
    <Task><UID>2</UID><ID>2</ID><Name>Airlock concept</Name><OutlineLevel>2</OutlineLevel>
      <Start>2026-03-02T08:00:00</Start><Finish>2026-04-10T17:00:00</Finish><Work>PT240H0M0S</Work>
      <PercentComplete>100</PercentComplete><ActualStart>2026-03-02T08:00:00</ActualStart><ActualFinish>2026-04-10T17:00:00</ActualFinish></Task>
    <Task><UID>3</UID><ID>3</ID><Name>Life support sizing</Name><OutlineLevel>2</OutlineLevel>
      <Start>2026-04-13T08:00:00</Start><Finish>2026-05-29T17:00:00</Finish><Work>PT136H0M0S</Work><PercentComplete>25</PercentComplete></Task>
    <Task><UID>4</UID><ID>4</ID><Name>Design review</Name><OutlineLevel>2</OutlineLevel><Milestone>1</Milestone>
      <Start>2026-05-29T17:00:00</Start><Finish>2026-05-29T17:00:00</Finish></Task>
    <Task><UID>5</UID><ID>5</ID><Name>Build</Name><OutlineLevel>1</OutlineLevel><Summary>1</Summary></Task>
    <Task><UID>6</UID><ID>6</ID><Name>Shell</Name><OutlineLevel>2</OutlineLevel><Summary>1</Summary></Task>
    <Task><UID>7</UID><ID>7</ID><Name>Weld the shell</Name><OutlineLevel>3</OutlineLevel>
      <Start>2026-06-01T08:00:00</Start><Finish>2026-09-30T17:00:00</Finish><Work>PT500H0M0S</Work></Task>
    <Task><UID>8</UID><ID>8</ID><Name>Order supplies</Name><OutlineLevel>1</OutlineLevel>
      <Start>2026-03-02T08:00:00</Start><Finish>2026-03-06T17:00:00</Finish></Task>
    <Task><UID>9</UID><ID>9</ID><Name>Kick-off</Name><OutlineLevel>1</OutlineLevel><Milestone>1</Milestone>
      <Start>2026-03-02T08:00:00</Start><Finish>2026-03-02T08:00:00</Finish></Task>
  </Tasks>
  <Resources>
    <Resource><UID>0</UID><ID>0</ID><Name>Unassigned</Name><IsNull>1</IsNull></Resource>
    <Resource><UID>1</UID><ID>1</ID><Name>ann lee</Name><MaxUnits>1</MaxUnits></Resource>
    <Resource><UID>2</UID><ID>2</ID><Name>B. Chen</Name><MaxUnits>1</MaxUnits></Resource>
    <Resource><UID>3</UID><ID>3</ID><Name>Welding contractor</Name></Resource>
  </Resources>
  <Assignments>
    <Assignment><UID>1</UID><TaskUID>2</TaskUID><ResourceUID>1</ResourceUID><Units>0.75</Units>
      <Start>2026-03-02T08:00:00</Start><Finish>2026-04-10T17:00:00</Finish><Notes>airlock lead</Notes></Assignment>
    <Assignment><UID>2</UID><TaskUID>3</TaskUID><ResourceUID>1</ResourceUID><Units>0.5</Units></Assignment>
    <Assignment><UID>3</UID><TaskUID>7</TaskUID><ResourceUID>2</ResourceUID><Units>1</Units></Assignment>
    <Assignment><UID>4</UID><TaskUID>8</TaskUID><ResourceUID>-65535</ResourceUID></Assignment>
  </Assignments>
</Project>
"#;

#[test]
fn a_plan_made_in_project_becomes_a_project_through_a_map() {
    let dir = fixture("interchange");
    let out = empty_dir();
    let plan = out.path().join("habitat.xml");
    std::fs::write(&plan, PHASES).expect("write");
    let plan = plan.to_str().expect("path");

    // B. Chen matches no one: nothing is written, and the refusal says how to map them.
    let err = refused(
        dir.path(),
        &["import", "mspdi", plan, "--project", "habitat"],
    );
    assert!(
        err.contains("a resource of the plan matches no one in the pool, so nothing was written:\n  'B. Chen' (resource 2)"),
        "{err}"
    );
    assert!(
        err.contains("--map FILE.csv (columns resource,person)"),
        "{err}"
    );

    let map = out.path().join("map.csv");
    std::fs::write(&map, "resource,person\nB. Chen,bo\n").expect("write");
    let map = map.to_str().expect("path");
    let before = snapshot_tree(dir.path());
    let dry = pm_in(dir.path())
        .args([
            "import",
            "mspdi",
            plan,
            "--project",
            "habitat",
            "--map",
            map,
            "--dry-run",
        ])
        .output()
        .expect("run pm");
    assert_eq!(dry.status.code(), Some(0), "{}", stderr(&dry));
    assert_eq!(
        snapshot_tree(dir.path()),
        before,
        "--dry-run writes nothing"
    );
    let diff = stdout(&dry);
    assert!(
        diff.starts_with(
            "diff --git a/projects/habitat.toml b/projects/habitat.toml\nnew file mode 100644\n--- /dev/null\n+++ b/projects/habitat.toml\n@@ -0,0 +1,"
        ),
        "{diff}"
    );

    let run = pm_in(dir.path())
        .args([
            "import",
            "mspdi",
            plan,
            "--project",
            "habitat",
            "--map",
            map,
        ])
        .output()
        .expect("run pm");
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let text = read(dir.path(), "projects/habitat.toml");
    // The dry run showed these very bytes.
    let shown: String = diff
        .lines()
        .skip(5)
        .map(|l| format!("{}\n", l.strip_prefix('+').expect("an added line")))
        .collect();
    assert_eq!(shown, text);
    assert_eq!(
        text,
        r#"[project]
id = "habitat"
name = "Habitat"
status = "proposed"
manager = "grace"

[charter]
start = 2026-03-02
end = 2026-09-30

[[deliverable]]
id = "design"
title = "Design"
due = 2026-05-29

[[deliverable]]
id = "build"
title = "Build"

[[work]]
id = "airlock-concept"
title = "Airlock concept"
deliverable = "design"
estimate_hours = 240
status = "done"
start = 2026-03-02
due = 2026-04-10
assignee = "ann"

[[work]]
id = "life-support-sizing"
title = "Life support sizing"
deliverable = "design"
estimate_hours = 136
status = "doing"
start = 2026-04-13
due = 2026-05-29
assignee = "ann"

[[work]]
id = "weld-the-shell"
title = "Weld the shell"
deliverable = "build"
estimate_hours = 500
start = 2026-06-01
due = 2026-09-30
assignee = "bo"

[[work]]
id = "order-supplies"
title = "Order supplies"
start = 2026-03-02
due = 2026-03-06

[[assignment]]
person = "ann"
allocation = 75
from = 2026-03-02
to = 2026-04-10
role = "airlock lead"

[[assignment]]
person = "ann"
allocation = 50
from = 2026-04-13
to = 2026-05-29

[[assignment]]
person = "bo"
allocation = 100
from = 2026-06-01
to = 2026-09-30
"#
    );
    let notes = stderr(&run);
    assert!(
        notes.contains(
            "note: the plan has 4 top-level tasks and none of them is a pm project, so the whole plan became project habitat"
        ),
        "{notes}"
    );
    assert!(
        notes.contains("note: not mapped: summary task 'Shell' under 'Build'"),
        "{notes}"
    );
    assert!(
        notes.contains("note: not mapped: milestone 'Kick-off' is under no summary task"),
        "{notes}"
    );
    // The unused contractor needs no mapping.
    assert!(!notes.contains("Welding"), "{notes}");
}

#[test]
fn a_bad_plan_is_refused_where_it_is_wrong() {
    let dir = fixture("interchange");
    let out = empty_dir();
    let write = |name: &str, text: &str| {
        let path = out.path().join(name);
        std::fs::write(&path, text).expect("write");
        path.to_str().expect("path").to_owned()
    };
    let broken = write("broken.xml", "<Project>\n  <Tasks>\n</Project>\n");
    let err = refused(dir.path(), &["import", "mspdi", &broken, "--project", "x"]);
    assert!(err.starts_with(&format!("error: {broken}:3:")), "{err}");
    assert!(err.contains("not well-formed"), "{err}");
    let other = write("other.xml", "<plan/>\n");
    let err = refused(dir.path(), &["import", "mspdi", &other, "--project", "x"]);
    assert!(
        err.contains("not Microsoft Project XML: its root element is <plan>"),
        "{err}"
    );
    let bad_date = write(
        "date.xml",
        "<Project>\n<Tasks>\n<Task><UID>1</UID><Name>A</Name>\n<Start>2026-02-30T08:00:00</Start></Task>\n</Tasks></Project>\n",
    );
    let err = refused(
        dir.path(),
        &["import", "mspdi", &bad_date, "--project", "x"],
    );
    assert!(
        err.contains(&format!(
            "{bad_date}:4:1: <Start> '2026-02-30T08:00:00' is not a date and time"
        )),
        "{err}"
    );
    let err = refused(
        dir.path(),
        &["import", "mspdi", "missing.xml", "--project", "x"],
    );
    assert!(err.contains("cannot read missing.xml"), "{err}");
    let err = refused(
        dir.path(),
        &["import", "mspdi", &broken, "--project", "Bad Id"],
    );
    assert!(err.contains("invalid project id"), "{err}");
    let map = write("map.csv", "resource,person\nB. Chen,bob\n");
    let plan = write("plan.xml", PHASES);
    let err = refused(
        dir.path(),
        &["import", "mspdi", &plan, "--project", "x", "--map", &map],
    );
    assert!(
        err.contains(&format!(
            "{map}: line 2, column 2 (person): 'bob' is not in the pool — did you mean 'bo'?"
        )),
        "{err}"
    );
}

#[test]
fn the_example_plan_imports_as_the_readme_shows() {
    // The README's commands, run as written from a copy of the example program.
    let top = empty_dir();
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    copy_dir(&examples.join("artemis"), &top.path().join("artemis"));
    copy_dir(&examples.join("plans"), &top.path().join("plans"));
    let artemis = top.path().join("artemis");
    let run = |args: &[&str]| {
        pm().current_dir(&artemis)
            .args(args)
            .output()
            .expect("run pm")
    };

    let without_map = run(&[
        "import",
        "mspdi",
        "../plans/habitat.xml",
        "--project",
        "habitat",
    ]);
    assert_eq!(without_map.status.code(), Some(2));
    assert!(
        stderr(&without_map).starts_with(
            "error: ../plans/habitat.xml: 2 resources of the plan match no one in the pool, so nothing was written:\n  'J. Park' (resource 2)\n  'T. Ortega' (resource 3)\n"
        ),
        "{}",
        stderr(&without_map)
    );
    let with_map = run(&[
        "import",
        "mspdi",
        "../plans/habitat.xml",
        "--project",
        "habitat",
        "--map",
        "../plans/resources.csv",
    ]);
    assert_eq!(with_map.status.code(), Some(0), "{}", stderr(&with_map));
    assert_eq!(
        stdout(&with_map),
        "created project habitat in projects/habitat.toml from ../plans/habitat.xml: 2 deliverables, 3 work items, 3 assignments\n"
    );
    let habitat = read(&artemis, "projects/habitat.toml");
    assert!(
        habitat.contains("[[work]]\nid = \"build-the-qualification-unit\""),
        "{habitat}"
    );
    assert!(
        habitat.contains("person = \"tomas\"\nallocation = 60\n"),
        "{habitat}"
    );

    for args in [
        &["export", "mspdi", "-o", "../artemis.xml"][..],
        &[
            "export",
            "mspdi",
            "--project",
            "lander",
            "-o",
            "../lander.xml",
        ],
        &["export", "ical", "-o", "../artemis.ics"],
        &[
            "export",
            "csv",
            "allocation",
            "--by",
            "week",
            "-o",
            "../load.csv",
        ],
    ] {
        let out = run(args);
        assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
    }
    let back = run(&[
        "import",
        "mspdi",
        "../lander.xml",
        "--project",
        "lander-copy",
    ]);
    assert_eq!(back.status.code(), Some(0), "{}", stderr(&back));
}
