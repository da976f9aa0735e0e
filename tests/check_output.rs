//! The output formats of `pm check` (snapshots of each on one fixture), SARIF structure,
//! `--explain`, and the example program's deliberate findings.

mod common;
use common::*;

use serde_json::Value;

fn formats_dir() -> std::path::PathBuf {
    fixtures_dir().join("check/formats")
}

/// stdout of `pm check --format FORMAT` on the formats fixture; it has errors, so exit 1. The
/// fixture is copied out of pm's own Git work tree, where SARIF and GitHub paths would start
/// at pm's top level.
fn output(format: &str) -> String {
    let dir = fixture("check/formats");
    let out = pm_in(dir.path())
        .args(["check", "--format", format])
        .output()
        .expect("run pm");
    assert_eq!(out.status.code(), Some(1), "{format}");
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 output")
}

#[test]
fn human_snapshot() {
    insta::assert_snapshot!("human", output("human"));
}

#[test]
fn json_snapshot() {
    insta::assert_snapshot!("json", output("json"));
}

#[test]
fn github_snapshot() {
    insta::assert_snapshot!("github", output("github"));
}

#[test]
fn sarif_snapshot() {
    insta::assert_snapshot!("sarif", output("sarif"));
}

#[test]
fn human_is_the_default_and_uses_no_colour_under_no_color() {
    let text = output("human");
    let out = pm_in(&formats_dir()).arg("check").output().unwrap();
    assert_eq!(String::from_utf8_lossy(&out.stdout), text);
    assert!(!text.contains('\u{1b}'), "no escape codes");
    assert!(text.ends_with("2 errors, 1 warning\n"), "{text}");
    assert!(text.contains("= note: over-allocation: `pm check --explain PM201`"));
    let coloured = pm_in(&formats_dir())
        .args(["--color", "always", "check"])
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&coloured.stdout).contains('\u{1b}'));
}

#[test]
fn github_lines_are_workflow_commands_with_escaped_data() {
    let text = output("github");
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    for l in &lines {
        assert!(
            l.starts_with("::error file=") || l.starts_with("::warning file="),
            "{l}"
        );
    }
    let over = lines
        .iter()
        .find(|l| l.contains("title=PM201 over-allocation::"))
        .expect("PM201 line");
    assert!(
        over.starts_with("::error file=projects/lander.toml,line="),
        "{over}"
    );
    assert!(
        over.contains("120%25 of 100%25"),
        "percent signs are escaped: {over}"
    );
    assert!(over.contains("%0Ahelp: "), "help on its own line: {over}");
    assert!(!over.contains('\n'));
}

#[test]
fn sarif_is_sarif_2_1_0_with_one_rule_per_code() {
    let sarif: Value = serde_json::from_str(&output("sarif")).expect("SARIF is JSON");
    assert_eq!(sarif["version"], "2.1.0");
    assert!(sarif["$schema"].as_str().unwrap().contains("sarif-2.1.0"));
    let run = &sarif["runs"][0];
    let driver = &run["tool"]["driver"];
    assert_eq!(driver["name"], "pm");
    assert_eq!(driver["version"], env!("CARGO_PKG_VERSION"));
    let rules = driver["rules"].as_array().expect("rules");
    let ids: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    let mut distinct = ids.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), ids.len(), "one entry per code: {ids:?}");
    assert!(ids.contains(&"PM001") && ids.contains(&"PM304"));
    for r in rules {
        for key in ["name", "shortDescription", "fullDescription", "help"] {
            assert!(!r[key].is_null(), "{key} in {r:#}");
        }
        let level = r["defaultConfiguration"]["level"].as_str().unwrap();
        assert!(level == "error" || level == "warning");
    }
    let results = run["results"].as_array().expect("results");
    assert_eq!(results.len(), 3);
    for res in results {
        let index = res["ruleIndex"].as_u64().unwrap() as usize;
        assert_eq!(rules[index]["id"], res["ruleId"], "{res:#}");
        assert!(res["message"]["text"].as_str().is_some());
        let level = res["level"].as_str().unwrap();
        assert!(level == "error" || level == "warning");
        let loc = &res["locations"][0]["physicalLocation"];
        let uri = loc["artifactLocation"]["uri"].as_str().unwrap();
        assert!(!uri.starts_with('/') && uri.ends_with(".toml"), "{uri}");
        assert!(loc["region"]["startLine"].as_u64().unwrap() >= 1);
        assert!(loc["region"]["startColumn"].as_u64().unwrap() >= 1);
    }
    let over = results.iter().find(|r| r["ruleId"] == "PM201").unwrap();
    assert_eq!(
        over["relatedLocations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "projects/rover.toml"
    );
}

#[test]
fn sarif_is_valid_against_the_sarif_2_1_0_schema() {
    let sarif = output("sarif");
    let Some(valid) = sarif_schema_accepts(&sarif) else {
        return;
    };
    assert!(valid, "pm's SARIF does not validate");
    // The validator does refuse what SARIF does not allow.
    let mut broken: Value = serde_json::from_str(&sarif).unwrap();
    broken["runs"][0]["results"][0]["level"] = "fatal".into();
    assert_eq!(sarif_schema_accepts(&broken.to_string()), Some(false));
}

#[test]
fn sarif_has_what_github_code_scanning_reads() {
    let sarif: Value = serde_json::from_str(&output("sarif")).unwrap();
    let driver = &sarif["runs"][0]["tool"]["driver"];
    assert!(
        driver["informationUri"]
            .as_str()
            .unwrap()
            .starts_with("https://")
    );
    for r in driver["rules"].as_array().unwrap() {
        let id = r["id"].as_str().unwrap();
        let help_uri = r["helpUri"].as_str().unwrap();
        assert!(help_uri.starts_with("https://"), "{help_uri}");
        assert!(help_uri.ends_with(&format!(
            "docs/rules.md#{}-{}",
            id.to_lowercase(),
            r["name"].as_str().unwrap()
        )));
        assert!(r["help"]["text"].as_str().is_some_and(|t| !t.is_empty()));
        assert!(r["help"]["markdown"].as_str().unwrap().contains(help_uri));
        assert_ne!(
            r["shortDescription"]["text"], r["fullDescription"]["text"],
            "{id}"
        );
        let tags = r["properties"]["tags"].as_array().unwrap();
        assert!(tags.iter().any(|t| t == "pm"), "{id}");
        let severity = r["properties"]["problem.severity"].as_str().unwrap();
        assert_eq!(
            severity,
            r["defaultConfiguration"]["level"].as_str().unwrap()
        );
    }
    let results = sarif["runs"][0]["results"].as_array().unwrap();
    let mut fingerprints: Vec<&str> = results
        .iter()
        .map(|r| r["partialFingerprints"]["pm/v1"].as_str().unwrap())
        .collect();
    assert!(
        fingerprints
            .iter()
            .all(|f| f.len() == 32 && f.chars().all(|c| c.is_ascii_hexdigit()))
    );
    fingerprints.sort();
    fingerprints.dedup();
    assert_eq!(fingerprints.len(), results.len());
    // Every related location is linked from the message by its id.
    let over = results.iter().find(|r| r["ruleId"] == "PM201").unwrap();
    let text = over["message"]["text"].as_str().unwrap();
    for loc in over["relatedLocations"].as_array().unwrap() {
        let link = format!("]({})", loc["id"]);
        assert!(text.contains(&link), "{link} in {text}");
    }
}

#[test]
fn json_matches_the_spec_envelope() {
    let (code, json) = check_json(&formats_dir());
    assert_eq!(code, 1);
    assert_eq!(json["schema_version"], 1);
    assert_eq!(json["kind"], "check");
    assert_eq!(json["program"], "fixture");
    assert_eq!(
        json["summary"],
        serde_json::json!({"errors": 2, "warnings": 1})
    );
    let d = findings(&json, "PM201")[0];
    for key in [
        "code", "rule", "severity", "message", "file", "line", "column", "project", "person",
        "from", "to", "peak", "capacity", "projects",
    ] {
        assert!(!d[key].is_null(), "{key} in {d:#}");
    }
    assert!(
        d.get("work").is_none(),
        "keys that do not apply are left out"
    );
}

#[test]
fn output_is_sorted_by_file_line_column_code() {
    let (_, json) = check_json(&fixtures_dir().join("check/pm203-fires"));
    let keys: Vec<(String, u64, u64, String)> = json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["file"].as_str().unwrap().to_owned(),
                d["line"].as_u64().unwrap(),
                d["column"].as_u64().unwrap(),
                d["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    let mut sorted = keys.clone();
    sorted.sort();
    assert_eq!(keys, sorted);
}

// ---- --explain ----

#[test]
fn explain_prints_one_rule_by_code_or_name() {
    let by_code = pm().args(["check", "--explain", "PM201"]).output().unwrap();
    assert_eq!(by_code.status.code(), Some(0));
    let text = String::from_utf8_lossy(&by_code.stdout).into_owned();
    assert!(
        text.starts_with("PM201 over-allocation\ndefault severity: error\n"),
        "{text}"
    );
    assert!(text.contains("When it fires") && text.contains("How to fix"));
    assert!(text.contains("pm reassign"));
    let by_name = pm()
        .args(["check", "--explain", "over-allocation"])
        .output()
        .unwrap();
    assert_eq!(String::from_utf8_lossy(&by_name.stdout), text);
    let lower = pm().args(["check", "--explain", "pm205"]).output().unwrap();
    assert!(
        String::from_utf8_lossy(&lower.stdout)
            .starts_with("PM205 open-staffing-request\ndefault severity: warning")
    );
}

#[test]
fn explain_works_outside_a_program() {
    let empty = empty_dir();
    pm().current_dir(empty.path())
        .args(["check", "--explain", "PM101"])
        .assert()
        .code(0)
        .stdout(predicates::str::contains("untraced-work"));
}

#[test]
fn explain_an_unknown_rule_exits_2_with_a_suggestion() {
    pm().args(["check", "--explain", "over-alocation"])
        .assert()
        .code(2)
        .stdout("")
        .stderr(predicates::str::contains(
            "error: unknown rule 'over-alocation' — did you mean 'over-allocation'?",
        ));
    pm().args(["check", "--explain", "PM2011"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("did you mean 'PM201'?"));
    pm().args(["check", "--explain", "nonsense-rule-name"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "unknown rule 'nonsense-rule-name'",
        ));
}

#[test]
fn docs_rules_md_lists_every_rule_code_and_name() {
    let doc = std::fs::read_to_string(
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/rules.md"),
    )
    .expect("docs/rules.md");
    for code in (1..=5)
        .map(|n| format!("PM00{n}"))
        .chain((1..=7).chain(9..=9).map(|n| format!("PM10{n}")))
        .chain((10..=11).map(|n| format!("PM1{n}")))
        .chain((1..=6).map(|n| format!("PM20{n}")))
        .chain((1..=4).map(|n| format!("PM30{n}")))
    {
        let out = pm().args(["check", "--explain", &code]).output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{code}");
        let text = String::from_utf8_lossy(&out.stdout);
        let name = text
            .lines()
            .next()
            .and_then(|l| l.split_whitespace().nth(1))
            .expect("name");
        assert!(
            doc.contains(&format!("| {code} | `{name}` |")),
            "docs/rules.md lacks the row of {code} {name}"
        );
    }
}

// ---- the example program ----

#[test]
fn artemis_shows_exactly_its_four_deliberate_findings() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/artemis");
    let (code, json) = check_json(&root);
    assert_eq!(code, 1);
    assert_eq!(json["program"], "artemis");
    assert_eq!(
        json["summary"],
        serde_json::json!({"errors": 3, "warnings": 1})
    );
    let diags = json["diagnostics"].as_array().unwrap();
    let codes: Vec<&str> = diags.iter().map(|d| d["code"].as_str().unwrap()).collect();
    assert_eq!(codes, ["PM205", "PM101", "PM201", "PM109"], "{json:#}");

    let request = &diags[0];
    assert_eq!(request["file"], "projects/comms-relay.toml");
    assert_eq!(request["line"], 170);
    assert_eq!(request["severity"], "warning");
    assert_eq!(request["request"], "rf-engineer");
    assert_eq!(
        request["candidates"],
        serde_json::json!([{"person": "jun", "free": 40}])
    );

    let untraced = &diags[1];
    assert_eq!(untraced["file"], "projects/lander.toml");
    assert_eq!(untraced["line"], 162);
    assert_eq!(untraced["work"], "relay-site-survey");
    assert_eq!(untraced["deliverable"], "relay-network-design");
    assert!(
        untraced["message"]
            .as_str()
            .unwrap()
            .contains("comms-relay")
    );
    assert!(
        untraced["help"]
            .as_str()
            .unwrap()
            .contains("pm work move lander/relay-site-survey --to comms-relay")
    );

    let over = &diags[2];
    assert_eq!(over["file"], "projects/lander.toml");
    assert_eq!(over["line"], 193);
    assert_eq!(over["person"], "priya");
    assert_eq!(over["from"], "2026-05-01");
    assert_eq!(over["to"], "2026-06-30");
    assert_eq!(over["peak"], 120);
    assert_eq!(over["capacity"], 100);
    assert_eq!(
        over["projects"],
        serde_json::json!(["lander", "spacesuits"])
    );
    assert_eq!(
        over["message"],
        "priya is allocated 120% of 100% from 2026-05-01 to 2026-06-30 (lander, spacesuits)"
    );

    // The two other dependencies of the example come in time; this one does not.
    let late = &diags[3];
    assert_eq!(late["file"], "projects/spacesuits.toml");
    assert_eq!(late["line"], 178);
    assert_eq!(late["project"], "spacesuits");
    assert_eq!(late["dependency"], "suitport-interface");
    assert_eq!(late["on"], "lander/ascent-stage");
    assert_eq!(late["needed_by"], "2027-08-02");
    assert_eq!(late["due"], "2027-09-30");
    assert_eq!(
        late["message"],
        "spacesuits needs lander/ascent-stage by 2027-08-02 (dependency 'suitport-interface'), but lander has it due on 2027-09-30, 59 days later"
    );
}
