//! Loading and the structural rules PM001-PM005, through the real binary.

mod common;
use common::*;
use serde_json::Value;

/// The base fixture with `rel` replaced by `text`; returns the folder.
fn with_file(rel: &str, text: &str) -> tempfile::TempDir {
    let dir = fixture("minimal");
    write(dir.path(), rel, text);
    dir
}

/// The single finding with `code`, asserting there is exactly one.
fn one<'a>(json: &'a Value, code: &str) -> &'a Value {
    let f = findings(json, code);
    assert_eq!(f.len(), 1, "expected one {code}, got {json:#}");
    f[0]
}

#[test]
fn minimal_fixture_is_clean() {
    let dir = fixture("minimal");
    let (code, json) = check_json(dir.path());
    assert_eq!(json["diagnostics"], serde_json::json!([]), "{json:#}");
    assert_eq!(code, 0);
    pm_in(dir.path())
        .arg("check")
        .assert()
        .success()
        .stdout("0 errors, 0 warnings\n");
}

#[test]
fn syntax_error_is_pm001_with_line_and_column_and_other_files_still_load() {
    let dir = with_file(
        "projects/broken.toml",
        "[project]\nid = \"broken\"\nname = \n",
    );
    // A second problem in another file must still be found.
    write(
        dir.path(),
        "projects/other.toml",
        "[project]\nid = \"other\"\nname = \"Other\"\nmanager = \"zed\"\n",
    );
    let (code, json) = check_json(dir.path());
    assert_eq!(code, 1);
    let d = one(&json, "PM001");
    assert_eq!(d["file"], "projects/broken.toml");
    assert_eq!(d["line"], 3);
    assert_eq!(d["column"], 8);
    assert_eq!(d["severity"], "error");
    assert_eq!(d["rule"], "invalid-file");
    let d = one(&json, "PM003");
    assert_eq!(d["file"], "projects/other.toml");
    assert_eq!(d["line"], 4);
}

#[test]
fn unknown_key_has_did_you_mean() {
    let dir = with_file(
        "projects/tooling.toml",
        &read(&fixtures_dir().join("minimal"), "projects/tooling.toml")
            .replace("allocation = 50", "alocation = 50\nallocation = 50"),
    );
    let (_, json) = check_json(dir.path());
    let d = one(&json, "PM001");
    assert_eq!(
        d["message"],
        "unknown key 'alocation' in [[assignment]] — did you mean 'allocation'?"
    );
    assert_eq!(d["line"], 28);
    assert_eq!(d["column"], 1);
}

#[test]
fn conflict_markers_get_a_plain_message() {
    let text = "[project]\nid = \"x\"\n<<<<<<< HEAD\nname = \"A\"\n=======\nname = \"B\"\n>>>>>>> feature\n";
    let dir = with_file("projects/x.toml", text);
    let (_, json) = check_json(dir.path());
    let d = one(&json, "PM001");
    assert_eq!(
        d["message"],
        "unresolved merge conflict at line 3; resolve it and run pm check again"
    );
    assert_eq!(d["line"], 3);
}

#[test]
fn wrong_types_dates_and_missing_keys_are_pm001() {
    let text = r#"[project]
id = "x"
name = "X"
status = "actve"

[charter]
start = "2026-02-01"
end = 2026-03-30

[[work]]
id = "w"
estimate_hours = "lots"

[[assignment]]
person = "alice"
allocation = 99999999999999999999
from = 2026-02-01T10:00:00
"#;
    let dir = with_file("projects/x.toml", text);
    let (code, json) = check_json(dir.path());
    assert_eq!(code, 1);
    let lines: Vec<(i64, String)> = findings(&json, "PM001")
        .iter()
        .map(|d| {
            (
                d["line"].as_i64().unwrap(),
                d["message"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let expect = [
        (
            4,
            "'status' = \"actve\" is not one of proposed, active, on-hold, done, cancelled — did you mean 'active'?",
        ),
        (
            7,
            "'start' must be a TOML date such as 2026-03-01, found a string; write 2026-02-01 without quotes",
        ),
        (10, "missing required key 'title' in [[work]]"),
        (12, "'estimate_hours' must be a number, found a string"),
        (
            16,
            "'allocation' = 99999999999999999999 is too large a number; write a percent from 0 to 1000",
        ),
        (
            17,
            "'from' must be a date such as 2026-03-01, found a date-time; drop the time part",
        ),
    ];
    for (line, message) in expect {
        assert!(
            lines.contains(&(line, message.to_owned())),
            "missing line {line}: {message}\nin {lines:#?}"
        );
    }
}

#[test]
fn impossible_date_is_pm001() {
    let dir = with_file(
        "projects/x.toml",
        "[project]\nid = \"x\"\nname = \"X\"\n\n[charter]\nend = 2026-02-30\n",
    );
    let (_, json) = check_json(dir.path());
    let d = one(&json, "PM001");
    assert_eq!(d["line"], 6);
    assert_eq!(d["column"], 7);
    assert!(
        d["message"].as_str().unwrap().contains("invalid date"),
        "{d:#}"
    );
}

#[test]
fn not_utf8_is_pm001_naming_the_line() {
    let dir = fixture("minimal");
    std::fs::write(
        dir.path().join("projects/bad.toml"),
        b"[project]\nid = \"bad\"\nname = \"caf\xe9\"\n",
    )
    .unwrap();
    let (_, json) = check_json(dir.path());
    let d = one(&json, "PM001");
    assert_eq!(d["file"], "projects/bad.toml");
    assert_eq!(d["line"], 3);
    assert!(d["message"].as_str().unwrap().contains("not UTF-8"));
}

#[test]
fn duplicate_ids_are_pm002() {
    let dir = fixture("minimal");
    let program = read(dir.path(), "program.toml") + "\n[[person]]\nid = \"bob\"\n";
    write(dir.path(), "program.toml", &program);
    // Two files in different folders declaring the same project id.
    write(
        dir.path(),
        "projects/archive/tooling.toml",
        "[project]\nid = \"tooling\"\nname = \"Old tooling\"\nstatus = \"done\"\nbenefits = [\"faster-delivery\"]\n",
    );
    let (_, json) = check_json(dir.path());
    let f = findings(&json, "PM002");
    assert_eq!(f.len(), 2, "{json:#}");
    let person = f.iter().find(|d| d["file"] == "program.toml").unwrap();
    assert_eq!(person["line"], 25);
    assert_eq!(person["person"], "bob");
    let project = f.iter().find(|d| d["project"] == "tooling").unwrap();
    assert_eq!(project["file"], "projects/tooling.toml");
    assert_eq!(project["line"], 2);
}

#[test]
fn unknown_references_are_pm003_with_suggestion() {
    let text = read(&fixtures_dir().join("minimal"), "projects/tooling.toml")
        .replace("assignee = \"bob\"", "assignee = \"bbo\"")
        .replace(
            "benefits = [\"faster-delivery\"]",
            "benefits = [\"faster-delivry\"]",
        );
    let dir = with_file("projects/tooling.toml", &text);
    let (code, json) = check_json(dir.path());
    assert_eq!(code, 1);
    let f = findings(&json, "PM003");
    assert_eq!(f.len(), 2, "{json:#}");
    assert_eq!(f[0]["line"], 6);
    assert_eq!(f[0]["benefit"], "faster-delivry");
    assert_eq!(
        f[0]["message"],
        "unknown benefit 'faster-delivry' — did you mean 'faster-delivery'?"
    );
    assert_eq!(f[1]["line"], 24);
    assert_eq!(f[1]["work"], "cache-server");
    assert_eq!(
        f[1]["message"],
        "unknown person 'bbo' — did you mean 'bob'?"
    );
}

#[test]
fn file_id_mismatch_is_pm004() {
    let dir = fixture("minimal");
    let text =
        read(dir.path(), "projects/tooling.toml").replace("id = \"tooling\"", "id = \"tools\"");
    std::fs::remove_file(dir.path().join("projects/tooling.toml")).unwrap();
    write(dir.path(), "projects/sub/tooling.toml", &text);
    let (_, json) = check_json(dir.path());
    let d = one(&json, "PM004");
    assert_eq!(d["file"], "projects/sub/tooling.toml");
    assert_eq!(d["line"], 2);
    assert_eq!(d["project"], "tools");
}

#[test]
fn invalid_ranges_are_pm005() {
    let text = read(&fixtures_dir().join("minimal"), "projects/tooling.toml")
        .replace("end = 2026-12-31", "end = 2026-01-15")
        .replace("allocation = 50", "allocation = 1500");
    let dir = with_file("projects/tooling.toml", &text);
    let (_, json) = check_json(dir.path());
    let f = findings(&json, "PM005");
    let at: Vec<(i64, &str)> = f
        .iter()
        .map(|d| (d["line"].as_i64().unwrap(), d["message"].as_str().unwrap()))
        .collect();
    assert!(
        at.contains(&(
            11,
            "the charter of tooling ends on 2026-01-15 before it starts on 2026-02-01"
        )),
        "{at:#?}"
    );
    assert!(
        at.contains(&(
            28,
            "bob's allocation 1500% is outside 0-1000 (100 is one full-time person)"
        )),
        "{at:#?}"
    );
    assert!(
        at.contains(&(
            26,
            "bob's assignment to tooling ends on 2026-01-15 before it starts on 2026-02-01"
        )),
        "{at:#?}"
    );
}

#[test]
fn assignment_without_any_dates_is_pm005() {
    let text = "[project]\nid = \"nodates\"\nname = \"No dates\"\nbenefits = [\"faster-delivery\"]\n\n[[assignment]]\nperson = \"alice\"\nallocation = 20\n";
    let dir = with_file("projects/nodates.toml", text);
    let (_, json) = check_json(dir.path());
    let d = one(&json, "PM005");
    assert_eq!(d["line"], 6);
    assert_eq!(d["person"], "alice");
}

#[test]
fn no_program_found_exits_2_naming_program_toml() {
    let dir = empty_dir();
    pm().current_dir(dir.path())
        .arg("check")
        .assert()
        .code(2)
        .stderr(predicates::str::contains("program.toml"))
        .stderr(predicates::str::contains("pm init"));
    pm_in(&dir.path().join("nowhere"))
        .arg("check")
        .assert()
        .code(2)
        .stderr(predicates::str::contains("program.toml"));
}

#[test]
fn discovery_walks_up_from_a_sub_folder() {
    let dir = fixture("minimal");
    pm().current_dir(dir.path().join("projects"))
        .args(["check", "--format", "json"])
        .assert()
        .success()
        .stdout(predicates::str::contains("\"program\": \"mini\""));
    pm().env("PM_PROGRAM", dir.path())
        .args(["check"])
        .assert()
        .success();
}

#[test]
fn human_output_shows_the_source_line() {
    let text = read(&fixtures_dir().join("minimal"), "projects/tooling.toml")
        .replace("assignee = \"bob\"", "assignee = \"bbo\"");
    let dir = with_file("projects/tooling.toml", &text);
    let out = pm_in(dir.path()).arg("check").output().unwrap();
    assert_eq!(out.status.code(), Some(1));
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout.contains("error[PM003]: unknown person 'bbo' — did you mean 'bob'?"),
        "{stdout}"
    );
    assert!(
        stdout.contains("--> projects/tooling.toml:24:1"),
        "{stdout}"
    );
    assert!(stdout.contains("24 | assignee = \"bbo\""), "{stdout}");
    assert!(stdout.ends_with("1 error, 0 warnings\n"), "{stdout}");
}

#[test]
fn exit_codes_follow_flags() {
    let text = read(&fixtures_dir().join("minimal"), "projects/tooling.toml")
        .replace("assignee = \"bob\"", "assignee = \"bbo\"");
    let dir = with_file("projects/tooling.toml", &text);
    pm_in(dir.path()).arg("check").assert().code(1);
    pm_in(dir.path())
        .args(["check", "--exit-zero"])
        .assert()
        .code(0);
    pm_in(dir.path())
        .args(["check", "--format", "yaml"])
        .assert()
        .code(2);
}

#[test]
fn a_bad_rule_level_names_the_rule_and_the_levels() {
    let dir = fixture("minimal");
    let program = read(dir.path(), "program.toml") + "\n[check.rules]\nPM201 = \"loud\"\n";
    write(dir.path(), "program.toml", &program);
    let (code, json) = check_json(dir.path());
    assert_eq!(code, 1);
    let d = one(&json, "PM001");
    assert_eq!(
        d["message"],
        "'over-allocation' = \"loud\" is not one of error, warn, off"
    );
    assert_eq!(d["file"], "program.toml");
    assert_eq!(d["line"], 25);
}
