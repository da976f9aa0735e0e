//! `pm export ical` read back by the `icalendar` Python package, on text chosen to need RFC
//! 5545's escaping and folding. A test skips, saying what to install, when the package is
//! missing; `.ci/run` installs it.

mod common;

use std::path::Path;

use common::*;
use serde_json::{Value, json};

const INSTALL: &str = "python3 -m pip install icalendar";

/// Parses a calendar from stdin and prints its events as JSON.
const READ: &str = r#"
import datetime, json, sys
import icalendar
cal = icalendar.Calendar.from_ical(sys.stdin.read())
events = []
for e in cal.walk("VEVENT"):
    start, end, stamp = e.get("DTSTART").dt, e.get("DTEND").dt, e.get("DTSTAMP").dt
    events.append({
        "uid": str(e.get("UID")),
        "all_day": not isinstance(start, datetime.datetime) and not isinstance(end, datetime.datetime),
        "start": start.isoformat(), "end": end.isoformat(),
        "stamp": stamp.isoformat(),
        "summary": str(e.get("SUMMARY")), "description": str(e.get("DESCRIPTION")),
        "categories": [str(c) for c in e.get("CATEGORIES").cats],
        "transp": str(e.get("TRANSP")),
    })
print(json.dumps({
    "name": str(cal.get("X-WR-CALNAME")), "version": str(cal.get("VERSION")),
    "prodid": str(cal.get("PRODID")), "events": events,
}))
"#;

fn read_calendar(text: &str) -> Value {
    serde_json::from_str(&python(READ, &[], text)).expect("JSON from icalendar")
}

fn export(dir: &Path, today: &str, extra: &[&str]) -> String {
    let out = pm_in(dir)
        .env("PM_TODAY", today)
        .args(["export", "ical"])
        .args(extra)
        .output()
        .expect("run pm");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    stdout(&out)
}

fn event<'a>(cal: &'a Value, uid: &str) -> &'a Value {
    cal["events"]
        .as_array()
        .expect("events")
        .iter()
        .find(|e| e["uid"] == uid)
        .unwrap_or_else(|| panic!("no event {uid}: {cal}"))
}

fn uids(cal: &Value) -> Vec<String> {
    cal["events"]
        .as_array()
        .expect("events")
        .iter()
        .map(|e| e["uid"].as_str().expect("uid").to_owned())
        .collect()
}

#[test]
fn due_dates_charters_and_time_off_read_back_as_all_day_events() {
    if !python_modules(&["icalendar"], INSTALL) {
        return;
    }
    let dir = fixture("interchange");
    let cal = read_calendar(&export(dir.path(), "2026-06-15", &[]));
    // X-WR-CALNAME is text, escaped as RFC 5545 escapes text; icalendar hands an X- property
    // back as it is written.
    assert_eq!(cal["name"], "Moon Base\\, Phase 1");
    assert_eq!(cal["version"], "2.0");
    assert_eq!(
        uids(&cal),
        [
            "moonbase/lab/charter@pm",
            "moonbase/lab/deliverable/module@pm",
            "moonbase/rover/charter@pm",
            "moonbase/rover/deliverable/chassis@pm",
            "moonbase/rover/deliverable/software@pm",
            "moonbase/person/ann/time-off/2026-08-03@pm",
            "moonbase/person/cy/time-off/2026-12-21@pm",
        ]
    );
    for e in cal["events"].as_array().expect("events") {
        assert_eq!(e["all_day"], true, "{e}");
        assert_eq!(e["stamp"], "2026-06-15T00:00:00+00:00", "{e}");
        assert_eq!(e["transp"], "TRANSPARENT", "{e}");
    }
    let software = event(&cal, "moonbase/rover/deliverable/software@pm");
    assert_eq!(
        software["summary"],
        "Rover & Lab: phase 1: Flight software, with tests; \"drive\" mode due"
    );
    // An all-day event ends the day after its last day.
    assert_eq!(
        (&software["start"], &software["end"]),
        (&json!("2026-11-30"), &json!("2026-12-01"))
    );
    assert_eq!(software["categories"], json!(["deliverable"]));
    assert_eq!(
        software["description"],
        "Deliverable software of project rover is due."
    );
    let charter = event(&cal, "moonbase/rover/charter@pm");
    assert_eq!(charter["summary"], "Rover & Lab: phase 1: charter window");
    assert_eq!(
        (&charter["start"], &charter["end"]),
        (&json!("2026-02-02"), &json!("2026-12-19"))
    );
    let off = event(&cal, "moonbase/person/cy/time-off/2026-12-21@pm");
    assert_eq!(
        off["summary"],
        "Cy Díaz; \"the\" R&D lead: time off (holidays, at home; \\ off)"
    );
    assert_eq!(
        (&off["start"], &off["end"]),
        (&json!("2026-12-21"), &json!("2027-01-02"))
    );
}

#[test]
fn a_new_export_keeps_every_uid_so_calendars_update_their_events() {
    if !python_modules(&["icalendar"], INSTALL) {
        return;
    }
    let dir = fixture("interchange");
    let first = read_calendar(&export(dir.path(), "2026-06-15", &[]));
    // Later, a due date moves.
    let rover =
        read(dir.path(), "projects/rover.toml").replace("due = 2026-06-30", "due = 2026-07-31");
    write(dir.path(), "projects/rover.toml", &rover);
    let second = read_calendar(&export(dir.path(), "2026-07-01", &[]));
    assert_eq!(uids(&first), uids(&second));
    let moved = event(&second, "moonbase/rover/deliverable/chassis@pm");
    assert_eq!(moved["start"], "2026-07-31");
    assert_eq!(moved["stamp"], "2026-07-01T00:00:00+00:00");
    let mut unique = uids(&second);
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), uids(&second).len(), "UIDs are unique");
}

#[test]
fn one_project_and_its_people_and_no_cancelled_projects() {
    if !python_modules(&["icalendar"], INSTALL) {
        return;
    }
    let dir = fixture("interchange");
    let cal = read_calendar(&export(dir.path(), "2026-06-15", &["--project", "rover"]));
    assert_eq!(cal["name"], "Moon Base\\, Phase 1 — Rover & Lab: phase 1");
    assert_eq!(
        uids(&cal),
        [
            "moonbase/rover/charter@pm",
            "moonbase/rover/deliverable/chassis@pm",
            "moonbase/rover/deliverable/software@pm",
            "moonbase/person/ann/time-off/2026-08-03@pm",
            "moonbase/person/cy/time-off/2026-12-21@pm",
        ]
    );
    ok(
        dir.path(),
        &["project", "set", "lab", "--status", "cancelled"],
    );
    let cal = read_calendar(&export(dir.path(), "2026-06-15", &[]));
    assert!(!uids(&cal).iter().any(|u| u.contains("/lab/")), "{cal}");
}

#[test]
fn long_lines_fold_at_75_octets_and_read_back_whole() {
    let dir = fixture("interchange");
    let title = "Déploiement du réseau de relais lunaire, phase d'intégration; essais \"à chaud\" "
        .repeat(3);
    let text = read(dir.path(), "projects/rover.toml")
        .replace("title = \"Chassis\"", &format!("title = {title:?}"));
    write(dir.path(), "projects/rover.toml", &text);
    let ics = export(dir.path(), "2026-06-15", &[]);
    assert!(ics.ends_with("END:VCALENDAR\r\n"));
    for line in ics.split_terminator("\r\n") {
        assert!(!line.contains('\n'), "a bare line feed: {line:?}");
        assert!(line.len() <= 75, "{} octets: {line:?}", line.len());
    }
    assert!(ics.matches("DTSTAMP:").count() == ics.matches("BEGIN:VEVENT").count());
    if !python_modules(&["icalendar"], INSTALL) {
        return;
    }
    let cal = read_calendar(&ics);
    let chassis = event(&cal, "moonbase/rover/deliverable/chassis@pm");
    assert_eq!(
        chassis["summary"],
        json!(format!("Rover & Lab: phase 1: {title} due"))
    );
}
