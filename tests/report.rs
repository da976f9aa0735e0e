//! `pm report KIND`: every kind in every format on tests/fixtures/report, the numbers read back
//! from CSV, JSON and YAML, the refusals, and a reader that closes the pipe early.

mod common;

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::Stdio;

use common::*;
use serde_json::{Value, json};

const KINDS: [&str; 6] = [
    "allocation",
    "projects",
    "people",
    "scope",
    "requests",
    "gantt",
];
const FORMATS: [&str; 5] = ["table", "csv", "json", "yaml", "markdown"];

fn program() -> PathBuf {
    fixtures_dir().join("report")
}

/// Runs `pm -C DIR report ARGS...`, expects exit 0 and nothing on stderr; returns stdout.
fn report_in(dir: &Path, args: &[&str]) -> String {
    let out = pm_in(dir)
        .arg("report")
        .args(args)
        .output()
        .expect("run pm");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "pm report {args:?}: {stderr}");
    assert!(
        stderr.is_empty(),
        "pm report {args:?} wrote to stderr: {stderr}"
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

fn report(args: &[&str]) -> String {
    report_in(&program(), args)
}

fn report_json(args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    serde_json::from_str(&report(&all)).expect("valid JSON")
}

/// Runs a report that must be refused: exit 2, nothing on stdout; returns stderr.
fn refused(args: &[&str]) -> String {
    let out = pm_in(&program())
        .arg("report")
        .args(args)
        .output()
        .expect("run pm");
    assert_eq!(
        out.status.code(),
        Some(2),
        "pm report {args:?} was not refused"
    );
    assert!(out.stdout.is_empty(), "a refused report printed something");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(stderr.starts_with("error: "), "{stderr}");
    stderr
}

fn row<'a>(doc: &'a Value, key: &str, id: &str) -> &'a Value {
    doc["rows"]
        .as_array()
        .and_then(|rows| rows.iter().find(|r| r[key] == id))
        .unwrap_or_else(|| panic!("no row with {key} = {id} in {doc}"))
}

#[test]
fn every_kind_in_every_format() {
    for kind in KINDS {
        for format in FORMATS {
            let out = report(&[kind, "--format", format]);
            insta::assert_snapshot!(format!("{kind}_{format}"), out);
        }
    }
    insta::assert_snapshot!("gantt_mermaid", report(&["gantt", "--format", "mermaid"]));
    insta::assert_snapshot!(
        "allocation_week_csv",
        report(&["allocation", "--by", "week", "--format", "csv"])
    );
}

#[test]
fn allocation_json_has_the_fixed_shape() {
    let doc = report_json(&["allocation"]);
    assert_eq!(doc["schema_version"], 1);
    assert_eq!(doc["kind"], "allocation");
    assert_eq!(doc["by"], "month");
    let periods = doc["periods"].as_array().unwrap();
    assert_eq!(periods.len(), 12, "the program window is 2026");
    assert_eq!(
        periods[4],
        json!({ "start": "2026-05-01", "end": "2026-05-31" })
    );
    assert_eq!(
        periods[1],
        json!({ "start": "2026-02-01", "end": "2026-02-28" })
    );
    let people: Vec<&str> = doc["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["person"].as_str().unwrap())
        .collect();
    assert_eq!(people, ["alice", "bob", "carol", "dave"]);
    let alice = row(&doc, "person", "alice");
    assert_eq!(alice["capacity"], 100);
    assert_eq!(
        alice["peak"],
        json!([0, 60, 60, 60, 120, 120, 60, 60, 60, 60, 60, 60])
    );
    assert_eq!(
        row(&doc, "person", "bob")["peak"],
        json!([0, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50, 50])
    );
    let carol = row(&doc, "person", "carol");
    assert_eq!(carol["capacity"], 80);
    assert_eq!(
        carol["peak"],
        json!([0, 0, 80, 80, 80, 80, 80, 80, 80, 0, 0, 0])
    );
    assert_eq!(row(&doc, "person", "dave")["peak"], json!(vec![0; 12]));
}

#[test]
fn allocation_by_week_honours_time_off() {
    let doc = report_json(&["allocation", "--by", "week"]);
    assert_eq!(doc["by"], "week");
    let periods = doc["periods"].as_array().unwrap();
    // 2026-01-01 is a Thursday: W01 is clipped to Thu..Sun; 2026 has 53 ISO weeks.
    assert_eq!(periods.len(), 53);
    assert_eq!(
        periods[0],
        json!({ "start": "2026-01-01", "end": "2026-01-04" })
    );
    assert_eq!(
        periods[1],
        json!({ "start": "2026-01-05", "end": "2026-01-11" })
    );
    assert_eq!(
        periods[52],
        json!({ "start": "2026-12-28", "end": "2026-12-31" })
    );
    let week = |start: &str| {
        periods
            .iter()
            .position(|p| p["start"] == start)
            .unwrap_or_else(|| panic!("no week starts on {start}"))
    };
    let alice = &row(&doc, "person", "alice")["peak"];
    assert_eq!(alice[week("2026-07-27")], 60);
    assert_eq!(alice[week("2026-08-03")], 0, "alice is off all of W32");
    assert_eq!(alice[week("2026-08-10")], 60);
    assert_eq!(
        alice[week("2026-04-27")],
        120,
        "suits starts on Friday 05-01"
    );
    assert_eq!(
        alice[week("2026-06-29")],
        120,
        "suits ends on Tuesday 06-30"
    );
    assert_eq!(alice[week("2026-07-06")], 60);
    assert_eq!(alice[week("2026-01-19")], 0);
    assert_eq!(
        alice[week("2026-01-26")],
        60,
        "lander starts on Sunday 02-01"
    );
}

#[test]
fn allocation_csv_reads_back() {
    let out = report(&["allocation", "--format", "csv"]);
    assert!(out.ends_with("\r\n"), "RFC 4180 lines end in CRLF");
    let mut reader = csv::Reader::from_reader(out.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    assert_eq!(headers[..3], ["person", "capacity", "2026-01"]);
    assert_eq!(headers.len(), 14);
    let may = headers.iter().position(|h| h == "2026-05").unwrap();
    let aug = headers.iter().position(|h| h == "2026-08").unwrap();
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), 4);
    assert_eq!(&records[0][0], "alice");
    assert_eq!(
        &records[0][may], "120",
        "CSV holds plain numbers, no marker"
    );
    assert_eq!(&records[0][aug], "60", "only one week of August is off");
    assert_eq!(&records[2][0], "carol");
    assert_eq!(&records[2][1], "80");
}

#[test]
fn proposed_assignments_count_only_when_asked() {
    let committed = report_json(&["allocation"]);
    let all = report_json(&["allocation", "--include-proposed"]);
    assert_eq!(row(&committed, "person", "carol")["peak"][5], 80);
    assert_eq!(row(&all, "person", "carol")["peak"][5], 100);
    assert_eq!(all["include_proposed"], true);
    let table = report(&["allocation", "--include-proposed"]);
    let carol = table.lines().find(|l| l.contains("carol")).unwrap();
    assert!(carol.contains("100!"), "{carol}");
    let table = report(&["allocation"]);
    let carol = table.lines().find(|l| l.contains("carol")).unwrap();
    assert!(!carol.contains('!'), "80 of 80 is full, not over: {carol}");
}

#[test]
fn allocation_range_follows_from_and_to() {
    let doc = report_json(&["allocation", "--from", "2026-05-15", "--to", "2026-07-10"]);
    assert_eq!(
        doc["periods"],
        json!([
            { "start": "2026-05-15", "end": "2026-05-31" },
            { "start": "2026-06-01", "end": "2026-06-30" },
            { "start": "2026-07-01", "end": "2026-07-10" },
        ])
    );
    assert_eq!(row(&doc, "person", "alice")["peak"], json!([120, 120, 60]));
}

#[test]
fn allocation_defaults_to_the_span_of_the_assignments_without_a_program_window() {
    let dir = fixture("report");
    let text = read(dir.path(), "program.toml")
        .replace("start = 2026-01-01\n", "")
        .replace("end = 2026-12-31\n", "");
    write(dir.path(), "program.toml", &text);
    let doc: Value =
        serde_json::from_str(&report_in(dir.path(), &["allocation", "--format", "json"])).unwrap();
    let periods = doc["periods"].as_array().unwrap();
    // Earliest assignment: lander from 2026-02-01; latest: lander to 2026-12-31.
    assert_eq!(periods.len(), 11);
    assert_eq!(periods[0]["start"], "2026-02-01");
    assert_eq!(periods[10]["end"], "2026-12-31");
}

#[test]
fn too_many_columns_are_refused_quickly() {
    let err = refused(&[
        "allocation",
        "--by",
        "week",
        "--from",
        "0001-01-01",
        "--to",
        "9999-12-31",
    ]);
    assert!(err.contains("more than the 5000"), "{err}");
    assert!(err.contains("--by month"), "{err}");
    let err = refused(&["allocation", "--from", "0001-01-01", "--to", "9999-12-31"]);
    assert!(err.contains("119988 columns"), "{err}");
    assert!(err.contains("narrow --from/--to"), "{err}");
    // Exactly at the limit is printed.
    let doc = report_json(&[
        "allocation",
        "--by",
        "week",
        "--from",
        "2026-01-05",
        "--to",
        "2121-11-02",
    ]);
    assert_eq!(doc["periods"].as_array().unwrap().len(), 5000);
    refused(&[
        "allocation",
        "--by",
        "week",
        "--from",
        "2026-01-05",
        "--to",
        "2121-11-03",
    ]);
}

#[test]
fn options_that_do_not_apply_are_refused() {
    let err = refused(&["people", "--format", "mermaid"]);
    assert!(err.contains("pm report gantt --format mermaid"), "{err}");
    let err = refused(&["allocation", "--format", "mermaid"]);
    assert!(err.contains("gantt and dependencies reports only"), "{err}");
    let err = refused(&["projects", "--by", "week"]);
    assert!(
        err.contains("--by applies to the allocation report and the dashboard only"),
        "{err}"
    );
    let err = refused(&["scope", "--include-proposed"]);
    assert!(err.contains("--include-proposed"), "{err}");
    let err = refused(&["people", "--from", "2026-01-01"]);
    assert!(err.contains("--today"), "{err}");
    let err = refused(&["allocation", "--from", "2026-05-01", "--to", "2026-04-01"]);
    assert!(err.contains("give --from on or before --to"), "{err}");
    let err = refused(&["allocation", "--from", "2027-01-01"]);
    assert!(err.contains("2026-12-31 (defaulted)"), "{err}");
    let err = refused(&["gantt", "--from", "2026-05-01", "--to", "2026-04-01"]);
    assert!(err.contains("after --to"), "{err}");
}

#[test]
fn yaml_is_the_json_document() {
    for kind in KINDS {
        let json: Value = serde_json::from_str(&report(&[kind, "--format", "json"])).unwrap();
        let yaml: Value = serde_norway::from_str(&report(&[kind, "--format", "yaml"]))
            .unwrap_or_else(|e| panic!("{kind} YAML does not parse: {e}"));
        assert_eq!(yaml, json, "{kind}");
        assert_eq!(json["schema_version"], 1);
        assert_eq!(json["kind"], kind);
    }
}

#[test]
fn every_csv_reads_back_with_one_record_per_table_row() {
    for kind in KINDS {
        let out = report(&[kind, "--format", "csv"]);
        let mut reader = csv::Reader::from_reader(out.as_bytes());
        let width = reader.headers().unwrap().len();
        let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
        assert!(!records.is_empty(), "{kind}");
        assert!(records.iter().all(|r| r.len() == width), "{kind}");
        if kind == "gantt" {
            continue; // its Markdown is the chart
        }
        // Header, rule, one line per record, and a legend after a blank line when marked.
        let markdown = report(&[kind, "--format", "markdown"]);
        let table = markdown.split("\n\n").next().unwrap_or_default();
        assert_eq!(table.lines().count(), records.len() + 2, "{kind}");
    }
}

#[test]
fn projects_report() {
    let doc = report_json(&["projects"]);
    assert_eq!(doc["today"], "2026-06-15");
    let lander = row(&doc, "id", "lander");
    assert_eq!(lander["status"], "active");
    assert_eq!(lander["manager"], "bob");
    assert_eq!(lander["start"], "2026-02-01");
    assert_eq!(lander["end"], "2026-12-31");
    assert_eq!(lander["deliverables"], 2);
    assert_eq!(lander["work_done"], 1);
    assert_eq!(lander["work_total"], 5, "the dropped item is not counted");
    assert_eq!(lander["estimate_hours"], 1950.5);
    assert_eq!(lander["effort_cap_hours"], 2000.0);
    assert_eq!(
        lander["people_now"], 2,
        "carol's proposed 20% is not staffing"
    );
    assert_eq!(lander["fte_now"], 1.1);
    let suits = row(&doc, "id", "suits");
    assert_eq!(suits["estimate_hours"], 600.0);
    assert_eq!(suits["fte_now"], 1.4);
    let relay = row(&doc, "id", "relay");
    assert_eq!(relay["manager"], Value::Null);
    assert_eq!(relay["estimate_hours"], 0.0);
    assert_eq!(relay["fte_now"], 0.0);
    // Estimated effort over the cap is marked.
    let table = report(&["projects"]);
    let suits = table.lines().find(|l| l.contains("Spacesuits")).unwrap();
    assert!(suits.contains("600!"), "{suits}");
    // After alice's suits assignment ends only her 60% stays on lander.
    let doc: Value = serde_json::from_slice(
        &pm_in(&program())
            .args([
                "--today",
                "2026-07-01",
                "report",
                "projects",
                "--format",
                "json",
            ])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    assert_eq!(row(&doc, "id", "suits")["fte_now"], 0.8);
}

#[test]
fn project_findings_are_those_of_pm_check() {
    let (_, check) = check_json(&program());
    let doc = report_json(&["projects"]);
    for project in ["lander", "relay", "suits"] {
        // A finding counts for every project it is about: the one it names, the one whose
        // file it points into, and those it lists as involved (an over-allocation).
        let file = |d: &&Value| {
            d["project"] == project
                || d["projects"]
                    .as_array()
                    .is_some_and(|ps| ps.iter().any(|p| p == project))
                || d["file"]
                    .as_str()
                    .is_some_and(|f| f.ends_with(&format!("/{project}.toml")))
        };
        let diags: Vec<&Value> = check["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .filter(file)
            .collect();
        let errors = diags.iter().filter(|d| d["severity"] == "error").count();
        let r = row(&doc, "id", project);
        assert_eq!(r["errors"], errors, "{project}");
        assert_eq!(r["warnings"], diags.len() - errors, "{project}");
    }
}

#[test]
fn a_broken_project_file_is_counted_against_its_project() {
    let dir = fixture("report");
    let text = read(dir.path(), "projects/suits.toml").replace(
        "[[work]]\nid = \"glove-design\"",
        "[[work]]\nid = \"glove-design\"\ncolour = \"red\"",
    );
    write(dir.path(), "projects/suits.toml", &text);
    let out = pm_in(dir.path())
        .args(["report", "projects", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.starts_with("warning: 1 problem reading"), "{stderr}");
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(row(&doc, "id", "suits")["errors"].as_u64().unwrap() >= 1);
    assert_eq!(row(&doc, "id", "lander")["work_total"], 5);
}

#[test]
fn people_report() {
    let doc = report_json(&["people"]);
    let alice = row(&doc, "id", "alice");
    assert_eq!(alice["name"], "Alice Moreau");
    assert_eq!(alice["load_today"], 120);
    assert_eq!(alice["projects_now"], json!(["lander", "suits"]));
    assert_eq!(alice["skills"], json!(["propulsion", "rust"]));
    assert_eq!(alice["free_from"], "2026-07-01");
    let bob = row(&doc, "id", "bob");
    assert_eq!(bob["load_today"], 50);
    assert_eq!(bob["free_from"], "2026-06-15");
    let carol = row(&doc, "id", "carol");
    assert_eq!(carol["load_today"], 80);
    assert_eq!(carol["projects_now"], json!(["suits"]));
    assert_eq!(
        carol["free_from"], "2026-10-01",
        "full at 80 of 80 until September"
    );
    let dave = row(&doc, "id", "dave");
    assert_eq!(dave["name"], Value::Null);
    assert_eq!(dave["free_from"], "2026-07-01", "dave joins in July");

    let table = report(&["people"]);
    let alice = table.lines().find(|l| l.contains("alice")).unwrap();
    assert!(alice.contains("120!"), "{alice}");
}

#[test]
fn people_report_follows_today_and_skips_time_off() {
    let out = pm_in(&program())
        .env("PM_TODAY", "2026-07-20")
        .args(["report", "people", "--format", "json"])
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["today"], "2026-07-20");
    let alice = row(&doc, "id", "alice");
    assert_eq!(alice["load_today"], 60);
    assert_eq!(alice["free_from"], "2026-07-20");
    // Capacity 60: at 60% of it from 2026-07-01, alice has no spare room until the year ends,
    // and her week off is not room either.
    let dir = fixture("report");
    let text = read(dir.path(), "program.toml").replace(
        "name = \"Alice Moreau\"",
        "name = \"Alice Moreau\"\ncapacity = 60",
    );
    write(dir.path(), "program.toml", &text);
    let out = pm_in(dir.path())
        .args([
            "--today",
            "2026-07-20",
            "report",
            "people",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(row(&doc, "id", "alice")["free_from"], "2027-01-01");
    let out = pm_in(dir.path())
        .args([
            "--today",
            "2026-08-05",
            "report",
            "people",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(row(&doc, "id", "alice")["load_today"], 0, "on leave");
    assert_eq!(row(&doc, "id", "alice")["free_from"], "2027-01-01");
}

#[test]
fn scope_report() {
    let doc = report_json(&["scope"]);
    let lander = row(&doc, "project", "lander");
    assert_eq!(
        lander["deliverables"],
        json!([
            { "id": "descent-stage", "title": "Descent stage", "due": "2026-10-30", "work": 2 },
            { "id": "flight-software", "title": "Flight software: GNC #1", "due": "2026-12-15", "work": 1 },
        ])
    );
    assert_eq!(
        lander["exclusions"],
        json!([{ "id": "spacesuits", "title": "Crew spacesuits | suits project", "work": 1 }])
    );
    let relay = row(&doc, "project", "relay");
    assert_eq!(relay["deliverables"][0]["work"], 0);
    assert!(relay["deliverables"][0].get("due").is_none());
    // The Markdown table keeps the `|` of a title inside its cell.
    let md = report(&["scope", "--format", "markdown"]);
    assert!(md.contains("Crew spacesuits \\| suits project"), "{md}");
}

#[test]
fn out_of_charter_work_is_what_pm_check_flags_as_untraced_or_excluded() {
    let (_, check) = check_json(&program());
    let mut flagged: Vec<(String, String)> = check["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|d| d["code"] == "PM101" || d["code"] == "PM102")
        .map(|d| {
            (
                d["project"].as_str().unwrap_or("").to_owned(),
                d["work"].as_str().unwrap_or("").to_owned(),
            )
        })
        .collect();
    flagged.sort();
    flagged.dedup();
    let doc = report_json(&["scope"]);
    let mut reported: Vec<(String, String)> = Vec::new();
    for r in doc["rows"].as_array().unwrap() {
        for o in r["out_of_charter"].as_array().unwrap() {
            let codes: Vec<&str> = o["findings"]
                .as_array()
                .unwrap()
                .iter()
                .map(|f| f["code"].as_str().unwrap())
                .collect();
            assert!(codes.iter().all(|c| *c == "PM101" || *c == "PM102"), "{o}");
            reported.push((
                r["project"].as_str().unwrap().to_owned(),
                o["work"].as_str().unwrap().to_owned(),
            ));
        }
    }
    reported.sort();
    assert_eq!(reported, flagged);
}

#[test]
fn gantt_report() {
    let doc = report_json(&["gantt"]);
    assert_eq!(doc["title"], "Moonbase: phase 1");
    let rows = doc["rows"].as_array().unwrap();
    let ids: Vec<&str> = rows.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert!(!ids.contains(&"abort-trade"), "dropped work is not planned");
    assert!(!ids.contains(&"suit-fit"), "undated work cannot be drawn");
    assert!(
        !ids.contains(&"relay-design"),
        "a deliverable without a due date neither"
    );
    let descent = rows.iter().find(|r| r["id"] == "descent-stage").unwrap();
    assert_eq!(descent["kind"], "deliverable");
    assert_eq!(descent["start"], "2026-10-30");
    assert_eq!(descent["end"], "2026-10-30");

    let narrowed = report_json(&["gantt", "--from", "2026-10-01", "--to", "2026-12-31"]);
    let ids: Vec<&str> = narrowed["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["gnc-code", "descent-stage", "flight-software"]);
}

#[test]
fn gantt_mermaid_is_the_diagram_and_markdown_fences_it() {
    let out = report(&["gantt", "--format", "mermaid"]);
    let lines: Vec<&str> = out.lines().collect();
    assert_eq!(lines[0], "gantt");
    assert!(lines.contains(&"    dateFormat YYYY-MM-DD"));
    assert!(lines.contains(&"    todayMarker off"));
    assert!(lines.contains(&"    title Moonbase#58; phase 1"));
    assert!(lines.contains(&"    section Lunar Lander"));
    assert!(lines.contains(&"    section Spacesuits"));
    assert!(lines.contains(&"    Flight software#58; GNC #35;1 :milestone, 2026-12-15, 0d"));
    assert!(lines.contains(&"    Engine tests :done, 2026-02-02, 2026-04-30"));
    assert!(lines.contains(&"    GNC code#58; descent#59; ascent :2026-07-01, 2026-12-15"));
    // PM_TODAY is 2026-06-15 in the tests.
    assert_eq!(lines.last(), Some(&"    today :vert, 2026-06-15, 0d"));
    let markdown = report(&["gantt", "--format", "markdown"]);
    assert_eq!(markdown, format!("```mermaid\n{out}```\n"));
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let plain = report(&["allocation"]);
    assert!(!plain.contains('\u{1b}'));
    assert!(plain.contains("120!"));
    let coloured = pm_in(&program())
        .args(["--color", "always", "report", "allocation"])
        .output()
        .unwrap();
    let coloured = String::from_utf8(coloured.stdout).unwrap();
    assert!(coloured.contains('\u{1b}'), "{coloured}");
    assert!(!coloured.contains("120!"), "colour replaces the marker");
}

#[test]
fn a_reader_that_closes_the_pipe_early_gets_no_error() {
    // Enough output (about half a megabyte) that pm is still writing when the pipe closes.
    let dir = empty_dir();
    let mut text = String::from("[program]\nid = \"big\"\nname = \"Big\"\n");
    for n in 0..40 {
        text.push_str(&format!("\n[[person]]\nid = \"person-{n:02}\"\n"));
    }
    write(dir.path(), "program.toml", &text);
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_pm"))
        .env_remove("PM_PROGRAM")
        .env("NO_COLOR", "1")
        .env("PM_TODAY", "2026-06-15")
        .arg("-C")
        .arg(dir.path())
        .args([
            "report",
            "allocation",
            "--by",
            "week",
            "--from",
            "2030-01-07",
            "--to",
            "2125-01-01",
            "--format",
            "csv",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn pm");
    let stdout = child.stdout.take().expect("stdout");
    let mut first = String::new();
    BufReader::new(stdout)
        .read_line(&mut first)
        .expect("read one line");
    assert!(first.starts_with("person,capacity,2030-W02"), "{first}");
    // The reader (and with it the pipe) is dropped here, like `head -1` exiting.
    let out = child.wait_with_output().expect("wait for pm");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("error"), "{stderr}");
    assert!(stderr.is_empty(), "{stderr}");
    assert_eq!(out.status.code(), Some(0));
}

#[test]
fn output_does_not_depend_on_the_order_files_are_listed() {
    let dir = fixture("report");
    // Same projects, other file layout: the reports sort by id, not by path.
    std::fs::create_dir_all(dir.path().join("projects/a")).unwrap();
    std::fs::rename(
        dir.path().join("projects/suits.toml"),
        dir.path().join("projects/a/suits.toml"),
    )
    .unwrap();
    for kind in KINDS {
        assert_eq!(
            report_in(dir.path(), &[kind, "--format", "json"]),
            report(&[kind, "--format", "json"]),
            "{kind}"
        );
    }
}

#[test]
fn requests_report_lists_open_requests_with_the_balance_candidates() {
    let doc = report_json(&["requests"]);
    let rows = doc["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 1, "{doc:#}");
    let r = &rows[0];
    assert_eq!(r["project"], "relay");
    assert_eq!(r["request"], "rf");
    assert_eq!(r["allocation"], 50);
    assert_eq!(r["from"], "2026-09-01");
    assert_eq!(r["reason"], "Nobody designs the antenna");
    // dave has rf and joins on 2026-07-01, before the window: he is the one candidate.
    assert_eq!(r["candidates"][0]["person"], "dave");
    assert_eq!(
        r["candidates"][0]["command"],
        "pm request fill relay/rf --person dave"
    );
    let balance: Value = serde_json::from_str(
        &String::from_utf8(
            pm_in(&program())
                .args(["balance", "--format", "json"])
                .output()
                .unwrap()
                .stdout,
        )
        .unwrap(),
    )
    .unwrap();
    let proposal = balance["proposals"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["for"] == "request")
        .unwrap();
    assert_eq!(proposal["candidates"], r["candidates"]);
}

#[test]
fn a_request_nobody_can_take_says_so_in_words() {
    let dir = fixture("report");
    ok(
        dir.path(),
        &[
            "request",
            "add",
            "relay",
            "--skills",
            "basket-weaving",
            "--allocation",
            "50",
            "--from",
            "2026-09-01",
            "--to",
            "2026-12-31",
            "--reason",
            "Baskets",
        ],
    );
    for format in ["table", "markdown"] {
        let out = report_in(dir.path(), &["requests", "--format", format]);
        let row = out
            .lines()
            .find(|l| l.contains("basket-weaving"))
            .unwrap_or_else(|| panic!("{out}"));
        assert!(row.contains("none: nobody free with these skills"), "{out}");
        assert!(!out.contains('!'), "no bare marks: {out}");
    }
}
