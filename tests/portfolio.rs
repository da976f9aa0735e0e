//! A portfolio of programs (examples/exploration: artemis and gateway sharing people): load
//! counted across programs, the shared pool, `--only`, a program checked alone, and reports
//! and `pm balance` over the portfolio.

mod common;

use std::path::Path;

use common::*;
use serde_json::Value;

/// A copy of examples/exploration (its artemis is the bundled example, copied in).
fn exploration() -> tempfile::TempDir {
    fixture("examples/exploration")
}

fn check(dir: &Path, args: &[&str]) -> (i32, Value) {
    let out = pm_in(dir)
        .args(args)
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    let json = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}{}", stdout(&out), stderr(&out)));
    (out.status.code().unwrap_or(-1), json)
}

fn codes(json: &Value) -> Vec<(String, String)> {
    json["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| {
            (
                d["program"].as_str().unwrap_or("-").to_owned(),
                d["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect()
}

#[test]
fn a_person_over_allocated_only_across_programs_is_found_by_the_portfolio() {
    let dir = exploration();
    let d = dir.path();
    let (code, json) = check(d, &[]);
    assert_eq!(code, 1);
    assert_eq!(
        json["program"], "exploration",
        "the envelope names the portfolio"
    );
    let jun: Vec<&Value> = findings(&json, "PM201")
        .into_iter()
        .filter(|f| f["person"] == "jun")
        .collect();
    assert_eq!(jun.len(), 1, "{json:#}");
    let jun = jun[0];
    assert_eq!(jun["from"], "2027-01-04");
    assert_eq!(jun["to"], "2027-06-30");
    assert_eq!(jun["peak"], 90);
    assert_eq!(jun["capacity"], 80);
    assert_eq!(jun["programs"], serde_json::json!(["artemis", "gateway"]));
    assert_eq!(
        jun["projects"],
        serde_json::json!(["comms-relay", "habitat"])
    );
    assert_eq!(jun["program"], "artemis");
    assert_eq!(
        jun["file"], "artemis/projects/comms-relay.toml",
        "paths from the portfolio"
    );
    assert_eq!(
        jun["message"],
        "jun is allocated 90% of 80% from 2027-01-04 to 2027-06-30 (artemis: comms-relay; gateway: habitat)"
    );
    // The human output shows the other program's assignment where it is written.
    let text = stdout(&pm_in(d).arg("check").output().unwrap());
    assert!(
        text.contains("--> artemis/projects/comms-relay.toml:136:1"),
        "{text}"
    );
    assert!(
        text.contains("::: gateway/projects/habitat.toml:56:1"),
        "{text}"
    );

    // Neither program alone sees it, and each says once that the portfolio may see more.
    for program in ["artemis", "gateway"] {
        let (_, alone) = check(&d.join(program), &[]);
        assert!(
            findings(&alone, "PM201")
                .iter()
                .all(|f| f["person"] != "jun"),
            "{program}: {alone:#}"
        );
        let note = alone["summary"]["note"].as_str().unwrap_or_default();
        assert!(
            note.starts_with(&format!(
                "{program} is part of the portfolio exploration (../portfolio.toml)"
            )),
            "{note}"
        );
        let human = stdout(&pm_in(&d.join(program)).arg("check").output().unwrap());
        let notes = human.lines().filter(|l| l.starts_with("note: ")).count();
        assert_eq!(notes, 1, "{human}");
        assert!(
            human.trim_end().ends_with("counts every program"),
            "{human}"
        );
    }
    // The bundled artemis, with no portfolio above it, says nothing of the kind.
    let (_, bundled) = check(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/artemis"),
        &[],
    );
    assert!(bundled["summary"].get("note").is_none());
}

#[test]
fn every_finding_names_its_program_and_only_narrows_to_one() {
    let dir = exploration();
    let d = dir.path();
    let (_, all) = check(d, &[]);
    assert_eq!(
        codes(&all),
        [
            ("artemis", "PM201"),
            ("artemis", "PM205"),
            ("artemis", "PM101"),
            ("artemis", "PM201"),
            ("artemis", "PM109"),
        ]
        .map(|(p, c)| (p.to_owned(), c.to_owned()))
    );
    // The request is measured against jun's load in gateway too: nobody is free any more.
    let request = findings(&all, "PM205")[0];
    assert_eq!(request["candidates"], serde_json::json!([]));
    let (code, gateway) = check(d, &["--only", "gateway"]);
    assert_eq!(code, 0);
    assert_eq!(codes(&gateway), Vec::<(String, String)>::new());
    let (code, artemis) = check(d, &["--only", "artemis"]);
    assert_eq!(code, 1);
    assert_eq!(codes(&artemis).len(), 5);
    assert!(
        refused(d, &["--only", "gatway", "check"])
            .contains("has no program 'gatway' — did you mean 'gateway'?")
    );
    assert!(
        refused(&d.join("gateway"), &["--only", "gateway", "check"])
            .contains("is a program, not a portfolio")
    );
}

#[test]
fn a_program_alone_resolves_people_from_the_shared_pool() {
    let dir = exploration();
    let gateway = dir.path().join("gateway");
    let (code, json) = check(&gateway, &[]);
    assert_eq!(code, 0, "ines and sam are in the pool: {json:#}");
    // Without the portfolio above, they are unknown.
    let alone = empty_dir();
    copy_dir(&gateway, alone.path());
    let (code, json) = check(alone.path(), &[]);
    assert_eq!(code, 1);
    let unknown: Vec<&str> = findings(&json, "PM003")
        .iter()
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert!(unknown.iter().any(|m| m.contains("'ines'")), "{unknown:?}");
    assert!(json["summary"].get("note").is_none());
}

#[test]
fn a_pool_person_declared_again_in_a_program_is_a_duplicate() {
    let dir = exploration();
    let d = dir.path();
    let program = read(d, "gateway/program.toml");
    write(
        d,
        "gateway/program.toml",
        &format!("{program}\n[[person]]\nid = \"sam\"\ncapacity = 100\n"),
    );
    for (where_, args) in [(d.to_path_buf(), vec![]), (d.join("gateway"), vec![])] {
        let (code, json) = check(&where_, &args);
        assert_eq!(code, 1);
        let dup = findings(&json, "PM002");
        assert_eq!(dup.len(), 1, "{json:#}");
        assert_eq!(dup[0]["person"], "sam");
        assert!(
            dup[0]["message"]
                .as_str()
                .unwrap()
                .contains("is in the shared pool of the portfolio, and declared again"),
            "{json:#}"
        );
    }
    // And pm refuses to add one.
    let err = refused(&d.join("gateway"), &["person", "add", "ines"]);
    assert!(
        err.contains("is in the shared pool of the portfolio (../portfolio.toml)"),
        "{err}"
    );
}

#[test]
fn one_id_declared_differently_by_two_programs_is_a_duplicate() {
    let dir = exploration();
    let d = dir.path();
    let program = read(d, "gateway/program.toml");
    write(
        d,
        "gateway/program.toml",
        &program.replace("capacity = 80  # four days a week", "capacity = 100"),
    );
    let (_, json) = check(d, &[]);
    let dup = findings(&json, "PM002");
    assert_eq!(dup.len(), 1, "{json:#}");
    assert_eq!(dup[0]["person"], "jun");
    assert_eq!(dup[0]["file"], "gateway/program.toml");
    assert_eq!(dup[0]["program"], "gateway");
    assert!(
        dup[0]["message"]
            .as_str()
            .unwrap()
            .contains("declared differently in programs artemis and gateway")
    );
}

#[test]
fn portfolio_toml_is_checked_like_every_file() {
    let dir = exploration();
    let d = dir.path();
    let text = read(d, "portfolio.toml");
    write(
        d,
        "portfolio.toml",
        &text
            .replace(
                "programs = [\"artemis\", \"gateway\"]",
                "programs = [\"artemis\", \"gateway\", \"orbit\", \"../x\"]\nmanger = \"x\"",
            )
            .replace("capacity = 50", "capacity = 5000"),
    );
    let (code, json) = check(d, &[]);
    assert_eq!(code, 1);
    let invalid: Vec<&str> = findings(&json, "PM001")
        .iter()
        .map(|f| f["message"].as_str().unwrap())
        .collect();
    assert!(
        invalid
            .iter()
            .any(|m| m.contains("'programs' lists 'orbit', but there is no orbit/program.toml")),
        "{invalid:?}"
    );
    assert!(
        invalid.iter().any(|m| m.contains("'../x' in 'programs'")),
        "{invalid:?}"
    );
    assert!(
        invalid.iter().any(|m| m.contains("unknown key 'manger'")),
        "{invalid:?}"
    );
    let range = findings(&json, "PM005");
    assert_eq!(range.len(), 1, "{json:#}");
    assert_eq!(range[0]["file"], "portfolio.toml");
    assert!(
        range[0].get("program").is_none(),
        "the pool is no one program's"
    );
    // The pool is checked once, not once per program.
    assert_eq!(findings(&json, "PM005").len(), 1);
}

#[test]
fn the_root_is_found_from_anywhere_and_edits_go_to_one_program() {
    let dir = exploration();
    let d = dir.path();
    // From the portfolio's folder, and from a folder in it that is no program.
    std::fs::create_dir_all(d.join("notes")).unwrap();
    for cwd in [d.to_path_buf(), d.join("notes")] {
        let out = pm()
            .current_dir(&cwd)
            .args(["check", "--format", "json"])
            .output()
            .unwrap();
        let json: Value = serde_json::from_slice(&out.stdout).unwrap();
        assert_eq!(json["program"], "exploration");
    }
    // From inside a program, that program.
    let out = pm()
        .current_dir(d.join("gateway/projects"))
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    let json: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["program"], "gateway");

    // An edit needs one program.
    let err = refused(d, &["work", "add", "habitat", "--title", "Hatch seals"]);
    assert!(
        err.contains(
            "is a portfolio of programs (artemis, gateway), and this command works on one program"
        ),
        "{err}"
    );
    let out = ok(
        d,
        &[
            "--only",
            "gateway",
            "work",
            "add",
            "habitat",
            "--title",
            "Hatch seals",
        ],
    );
    assert_eq!(out, "added work hatch-seals to projects/habitat.toml\n");
    assert!(read(d, "gateway/projects/habitat.toml").contains("id = \"hatch-seals\""));
    // An assignment of a pool person is accepted in a program.
    ok(
        &d.join("gateway"),
        &[
            "assign",
            "ines",
            "habitat",
            "--allocation",
            "10",
            "--from",
            "2027-01-04",
            "--to",
            "2027-03-31",
        ],
    );

    // A folder with both files is a mistake.
    write(d, "program.toml", "[program]\nid = \"x\"\nname = \"X\"\n");
    let err = refused(d, &["check"]);
    assert!(
        err.contains("holds both program.toml and portfolio.toml"),
        "{err}"
    );
}

#[test]
fn reports_and_balance_over_the_portfolio() {
    let dir = exploration();
    let d = dir.path();
    let projects: Value =
        serde_json::from_str(&ok(d, &["report", "projects", "--format", "json"])).unwrap();
    assert_eq!(projects["program"], "exploration");
    let rows: Vec<(String, String)> = projects["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["program"].as_str().unwrap().to_owned(),
                r["id"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert_eq!(
        rows,
        [
            ("artemis", "comms-relay"),
            ("artemis", "ground-systems"),
            ("artemis", "lander"),
            ("artemis", "spacesuits"),
            ("gateway", "habitat"),
            ("gateway", "power"),
        ]
        .map(|(p, i)| (p.to_owned(), i.to_owned()))
    );
    let csv = ok(
        d,
        &["--only", "gateway", "report", "projects", "--format", "csv"],
    );
    assert!(csv.starts_with("program,id,name,"), "{csv}");
    assert_eq!(csv.lines().count(), 3, "{csv}");

    // Jun's load in both programs, in one allocation report; gateway's people only with --only.
    let allocation: Value = serde_json::from_str(&ok(
        d,
        &[
            "--only",
            "gateway",
            "report",
            "allocation",
            "--from",
            "2027-03-01",
            "--to",
            "2027-03-31",
            "--format",
            "json",
        ],
    ))
    .unwrap();
    let people: Vec<(&str, u64)> = allocation["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["person"].as_str().unwrap(),
                r["peak"][0].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        people,
        [
            ("ines", 80),
            ("jun", 90),
            ("kofi", 20),
            ("lena", 100),
            ("sam", 50)
        ]
    );

    let dependencies: Value =
        serde_json::from_str(&ok(d, &["report", "dependencies", "--format", "json"])).unwrap();
    let waits: Vec<(&str, &str)> = dependencies["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["program"].as_str().unwrap(), r["id"].as_str().unwrap()))
        .collect();
    assert_eq!(
        waits,
        [
            ("artemis", "fill-drain-panel"),
            ("artemis", "relay-link-model"),
            ("artemis", "suitport-interface"),
            ("gateway", "thermal-interface"),
        ]
    );

    let balance = ok(d, &["balance"]);
    assert!(
        balance.contains(
            "over-allocation: jun at 90% of 80% from 2027-01-04 to 2027-06-30 (comms-relay, habitat in artemis and gateway)"
        ),
        "{balance}"
    );
    assert!(
        balance.contains("pm --only artemis assign jun spacesuits --allocation 20"),
        "{balance}"
    );
    let json: Value = serde_json::from_str(&ok(d, &["balance", "--format", "json"])).unwrap();
    let request = &json["proposals"][0];
    assert_eq!(request["for"], "request");
    assert_eq!(request["program"], "artemis");
    assert_eq!(request["candidates"], serde_json::json!([]));
}

/// An edit in one program of a portfolio counts the person's load in the others: lena is full
/// in artemis until March 2028 and at 20% in gateway, so 30% more in gateway then is refused,
/// naming both programs, while 80% from April (after artemis) fits.
#[test]
fn the_load_guard_of_a_program_counts_the_other_programs() {
    let dir = exploration();
    let gateway = dir.path().join("gateway");
    let before = snapshot_tree(dir.path());
    let assign = |from: &str, to: &str, allocation: &str| {
        let mut args = vec!["assign", "lena", "habitat", "--allocation", allocation];
        args.extend(["--from", from, "--to", to]);
        args.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>()
    };
    let args = assign("2028-01-03", "2028-02-28", "30");
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let err = refused(&gateway, &args);
    assert!(
        err.contains("would over-allocate lena: 130% of 100% from 2028-01-03 to 2028-02-28 (artemis: comms-relay; gateway: habitat, power)"),
        "{err}"
    );
    assert_eq!(
        snapshot_tree(dir.path()),
        before,
        "a refusal writes nothing"
    );

    // --force records it; the portfolio's check then reports the over-allocation.
    let mut forced = args.clone();
    forced.push("--force");
    ok(&gateway, &forced);
    let (_, json) = check(dir.path(), &[]);
    assert!(
        json["diagnostics"]
            .as_array()
            .unwrap()
            .iter()
            .any(|d| d["code"] == "PM201"
                && d["message"]
                    .as_str()
                    .unwrap_or_default()
                    .starts_with("lena is allocated 130%")),
        "{json}"
    );

    // What fits across the programs is not refused.
    let dir = exploration();
    let gateway = dir.path().join("gateway");
    let args = assign("2028-04-03", "2028-06-30", "80");
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    ok(&gateway, &args);
}

/// The portfolio's check finds jun over capacity nowhere.
fn jun_is_within_capacity(d: &Path) {
    let (_, json) = check(d, &[]);
    assert!(
        !findings(&json, "PM201")
            .iter()
            .any(|f| f["person"] == "jun"),
        "{json:#}"
    );
}

fn level_json(dir: &Path, args: &[&str]) -> Value {
    let mut all = args.to_vec();
    all.extend(["level", "--format", "json"]);
    serde_json::from_str(&ok(dir, &all)).unwrap()
}

/// `(program, action, person, project)` of every move, `-` where the move names no program.
fn moves(plan: &Value) -> Vec<(String, String, String, String)> {
    plan["moves"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| {
            let s = |k: &str| m[k].as_str().unwrap_or("-").to_owned();
            (s("program"), s("action"), s("person"), s("project"))
        })
        .collect()
}

/// The files that differ between two snapshots.
fn changed(
    before: &std::collections::BTreeMap<String, Vec<u8>>,
    after: &std::collections::BTreeMap<String, Vec<u8>>,
) -> Vec<String> {
    after
        .iter()
        .filter(|(k, v)| before.get(*k) != Some(*v))
        .map(|(k, _)| k.clone())
        .collect()
}

/// Lena at 130% across the programs from January 2028 (full in artemis, 20% + 30% in
/// gateway), and kofi at 120% in gateway alone in March 2027.
fn with_more_load(d: &Path) {
    for (person, allocation, from, to) in [
        ("lena", "30", "2028-01-03", "2028-02-28"),
        ("kofi", "100", "2027-03-01", "2027-03-31"),
    ] {
        ok(
            &d.join("gateway"),
            &[
                "assign",
                person,
                "habitat",
                "--allocation",
                allocation,
                "--from",
                from,
                "--to",
                to,
                "--force",
            ],
        );
    }
}

/// Over a portfolio, one plan spans every program, each move names its program, and --apply
/// writes the files of every program it moves load in, after which nobody is over-allocated.
#[test]
fn level_over_a_portfolio_plans_and_writes_every_program() {
    let dir = exploration();
    let d = dir.path();
    with_more_load(d);
    let plan = level_json(d, &[]);
    let mv = moves(&plan);
    assert!(
        mv.iter().all(|m| m.0 == "artemis" || m.0 == "gateway"),
        "every move names its program: {mv:?}"
    );
    // Jun's over-allocation exists only across the programs; lena's too.
    assert!(mv.iter().any(|m| m.2 == "jun"), "{mv:?}");
    assert!(mv.iter().any(|m| m.2 == "lena"), "{mv:?}");
    assert!(
        mv.iter().any(|m| m.0 == "gateway") && mv.iter().any(|m| m.0 == "artemis"),
        "this plan moves load in both programs: {mv:?}"
    );
    let human = ok(d, &["level"]);
    assert!(human.contains(" in gateway (priority"), "{human}");

    let before = snapshot_tree(d);
    let out = pm_in(d)
        .args(["level", "--apply", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let applied: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        applied["moves"], plan["moves"],
        "--apply writes the plan shown"
    );
    let err = stderr(&out);
    assert!(
        err.contains("note: artemis: the plan edits projects/"),
        "{err}"
    );
    assert!(
        err.contains("note: gateway: the plan edits projects/"),
        "{err}"
    );
    let mut expected: Vec<String> = mv
        .iter()
        .filter(|m| m.1 != "fill")
        .map(|m| format!("{}/projects/{}.toml", m.0, m.3))
        .collect();
    expected.sort();
    expected.dedup();
    assert_eq!(changed(&before, &snapshot_tree(d)), expected);
    let (_, json) = check(d, &[]);
    assert!(findings(&json, "PM201").is_empty(), "{json:#}");
    // Levelled: a second plan has nothing to move.
    assert!(moves(&level_json(d, &[])).is_empty());
}

/// The portfolio's --dry-run diff names every file from the portfolio's folder, so `git apply`
/// there writes exactly what --apply writes.
#[test]
fn level_dry_run_over_a_portfolio_is_what_apply_writes() {
    let Some(git) = outside_tool("git", "apt-get install git") else {
        return;
    };
    let planned = exploration();
    with_more_load(planned.path());
    let before = snapshot_tree(planned.path());
    let out = pm_in(planned.path())
        .args(["level", "--dry-run"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    assert_eq!(
        snapshot_tree(planned.path()),
        before,
        "--dry-run writes nothing"
    );
    let diff = stdout(&out);
    assert!(diff.contains("--- a/gateway/projects/"), "{diff}");
    assert!(diff.contains("--- a/artemis/projects/"), "{diff}");
    assert!(stderr(&out).contains("would have: gateway: the plan edits"));
    let patch = planned.path().join("level.patch");
    std::fs::write(&patch, &diff).unwrap();
    let applied = std::process::Command::new(git)
        .args(["apply", "--unsafe-paths"])
        .arg(&patch)
        .current_dir(planned.path())
        .output()
        .unwrap();
    assert!(applied.status.success(), "{}", stderr(&applied));
    std::fs::remove_file(&patch).unwrap();

    let written = exploration();
    with_more_load(written.path());
    ok(written.path(), &["level", "--apply"]);
    assert_eq!(snapshot_tree(planned.path()), snapshot_tree(written.path()));
}

/// A program of a portfolio levels with the other programs' load counted and edits only its
/// own files; whom it hands load to is someone it may assign.
#[test]
fn level_in_a_program_counts_the_others_and_edits_only_itself() {
    let dir = exploration();
    let d = dir.path();
    let artemis = d.join("artemis");
    let out = pm_in(&artemis)
        .args(["level", "--format", "json"])
        .output()
        .unwrap();
    let err = stderr(&out);
    assert!(
        err.contains("note: the plan counts the load of the portfolio's other program (gateway) and edits none of it"),
        "{err}"
    );
    let plan: Value = serde_json::from_slice(&out.stdout).unwrap();
    let mv = moves(&plan);
    // Jun is over only across the programs: artemis alone would not see it.
    assert!(
        mv.contains(&(
            "-".to_owned(),
            "hand-over".to_owned(),
            "jun".to_owned(),
            "comms-relay".to_owned()
        )),
        "{mv:?}"
    );
    let before = snapshot_tree(d);
    ok(&artemis, &["level", "--apply"]);
    let after = snapshot_tree(d);
    let touched = changed(&before, &after);
    assert!(!touched.is_empty());
    assert!(
        touched.iter().all(|f| f.starts_with("artemis/")),
        "{touched:?}"
    );
    jun_is_within_capacity(d);

    // Gateway cannot hand jun's load to priya, who is artemis's alone: it cuts instead.
    let dir = exploration();
    let plan = level_json(&dir.path().join("gateway"), &[]);
    let takers: Vec<&str> = plan["moves"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|m| m["to_person"].as_str())
        .collect();
    assert!(!takers.contains(&"priya"), "{plan:#}");
    assert_eq!(
        moves(&plan),
        [(
            "-".to_owned(),
            "cut".to_owned(),
            "jun".to_owned(),
            "habitat".to_owned()
        )]
    );
    // --only names the same plan from the portfolio's folder.
    assert_eq!(level_json(dir.path(), &["--only", "gateway"]), plan);
}

/// What the other programs alone put over capacity, a program's plan cannot move: it lowers
/// its own share and says what is left and where.
#[test]
fn level_in_a_program_leaves_what_the_others_alone_overload() {
    let dir = exploration();
    let d = dir.path();
    ok(
        &d.join("gateway"),
        &[
            "assign",
            "lena",
            "habitat",
            "--allocation",
            "120",
            "--from",
            "2028-01-03",
            "--to",
            "2028-02-28",
            "--force",
        ],
    );
    let plan = level_json(&d.join("artemis"), &[]);
    let left: Vec<&Value> = plan["unresolved"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|u| u["code"] == "PM201" && u["person"] == "lena")
        .collect();
    assert_eq!(left.len(), 1, "{plan:#}");
    assert_eq!(
        left[0]["why"],
        "gateway alone puts lena 40% over 100% then; this plan edits no assignment there, so level the whole portfolio to move that load"
    );
    // Artemis's own share of those days is still lowered.
    assert!(
        moves(&plan)
            .iter()
            .any(|m| m.2 == "lena" && m.3 == "comms-relay"),
        "{plan:#}"
    );
}

/// `git` in `dir` with a fixed author and date.
fn git(dir: &Path, args: &[&str]) {
    let out = git_command(dir, ("Ada", "ada@example.org"), "2026-06-01T12:00:00Z")
        .args(args)
        .output()
        .expect("run git");
    assert!(out.status.success(), "git {args:?}: {}", stderr(&out));
}

/// The example portfolio committed in a repository of its own, with artemis kept outside the
/// portfolio's folder and linked in (as examples/exploration does it), so that a revision's
/// program folder is a link to follow. Returns the repository and the portfolio's folder.
fn committed_exploration() -> Option<(tempfile::TempDir, std::path::PathBuf)> {
    outside_tool("git", "apt-get install git")?;
    let repo = empty_dir();
    let portfolio = repo.path().join("exploration");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/exploration"),
        &portfolio,
    );
    std::fs::rename(portfolio.join("artemis"), repo.path().join("artemis")).unwrap();
    std::os::unix::fs::symlink("../artemis", portfolio.join("artemis")).unwrap();
    git(repo.path(), &["init", "-q"]);
    git(repo.path(), &["add", "-A"]);
    git(repo.path(), &["commit", "-q", "-m", "the portfolio"]);
    Some((repo, portfolio))
}

/// `pm diff` and `pm check --base` over a portfolio compare the whole portfolio at a revision
/// with the work tree: a change in one program that over-allocates someone across programs is
/// found, named with its program, and only the new findings fail the check.
#[test]
fn diff_and_check_base_over_a_portfolio() {
    let Some((_repo, d)) = committed_exploration() else {
        return;
    };
    // Unchanged: the linked program is read where its link points at HEAD too, and a program
    // alone takes the shared pool of the portfolio.toml of the revision.
    let unchanged = ok(&d, &["diff"]);
    assert!(
        unchanged.ends_with("→ the work tree: no change to the portfolio\n"),
        "{unchanged}"
    );
    let alone = ok(&d.join("gateway"), &["diff"]);
    assert!(
        alone.ends_with("→ the work tree: no change to the program\n"),
        "{alone}"
    );
    let out = pm_in(&d)
        .args(["check", "--base", "HEAD"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", stdout(&out));
    assert!(
        stdout(&out).contains("0 errors, 0 warnings; 5 findings already on HEAD not shown"),
        "{}",
        stdout(&out)
    );

    with_more_load(&d);
    let json: Value = serde_json::from_str(&ok(&d, &["diff", "--format", "json"])).unwrap();
    assert_eq!(json["portfolio"], "exploration");
    let changes: Vec<(&str, &str, &str, &str)> = json["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["program"].as_str().unwrap(),
                c["change"].as_str().unwrap(),
                c["person"].as_str().unwrap_or("-"),
                c["project"].as_str().unwrap_or("-"),
            )
        })
        .collect();
    assert_eq!(
        changes,
        [
            ("gateway", "added", "kofi", "habitat"),
            ("gateway", "added", "lena", "habitat")
        ]
    );
    let introduced: Vec<(&str, &str)> = json["findings"]["introduced"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["code"].as_str().unwrap(), f["message"].as_str().unwrap()))
        .collect();
    assert!(
        introduced.contains(&(
            "PM201",
            "lena is allocated 130% of 100% from 2028-01-03 to 2028-02-28 (artemis: comms-relay; gateway: habitat, power)"
        )),
        "{introduced:?}"
    );
    let human = ok(&d, &["diff"]);
    assert!(
        human.contains("  added      lena on habitat in gateway: allocation 30"),
        "{human}"
    );
    // Gateway alone cannot see lena's load in artemis.
    let alone: Value =
        serde_json::from_str(&ok(&d.join("gateway"), &["diff", "--format", "json"])).unwrap();
    assert!(
        !alone["findings"]["introduced"]
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["message"]
                .as_str()
                .unwrap_or_default()
                .starts_with("lena")),
        "{alone:#}"
    );

    let out = pm_in(&d)
        .args(["check", "--base", "HEAD", "--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1));
    let check: Value = serde_json::from_slice(&out.stdout).unwrap();
    let people: Vec<&str> = check["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["person"].as_str().unwrap_or("-"))
        .collect();
    assert_eq!(people, ["lena", "kofi"], "{check:#}");
    let human = stdout(
        &pm_in(&d)
            .args(["check", "--base", "HEAD"])
            .output()
            .unwrap(),
    );
    assert!(
        human.contains("2 errors, 0 warnings; 5 findings already on HEAD not shown"),
        "{human}"
    );
    // --only keeps one program's share of the comparison.
    let only: Value =
        serde_json::from_str(&ok(&d, &["--only", "artemis", "diff", "--format", "json"])).unwrap();
    assert_eq!(only["changes"], serde_json::json!([]));
}

/// `pm balance` in a program of a portfolio counts the other programs' load, as `pm level` and
/// the load guard do, and proposes only what the program can run: hand-overs on its own
/// assignments, to people it may assign, as commands for its folder.
#[test]
fn balance_in_a_program_counts_the_others_and_proposes_its_own_commands() {
    let dir = exploration();
    let d = dir.path();
    let artemis = ok(&d.join("artemis"), &["balance"]);
    assert!(
        artemis.contains(
            "over-allocation: jun at 90% of 80% from 2027-01-04 to 2027-06-30 (comms-relay, habitat in artemis and gateway)"
        ),
        "{artemis}"
    );
    assert!(
        artemis.contains(
            "pm assign priya comms-relay --allocation 10 --from 2027-01-04 --to 2027-06-30 --instead-of jun"
        ),
        "{artemis}"
    );
    // The command runs as shown, in artemis's folder, and settles it across the portfolio.
    ok(
        &d.join("artemis"),
        &[
            "assign",
            "priya",
            "comms-relay",
            "--allocation",
            "10",
            "--from",
            "2027-01-04",
            "--to",
            "2027-06-30",
            "--instead-of",
            "jun",
        ],
    );
    jun_is_within_capacity(d);

    // Gateway sees the same over-allocation, and nobody it may assign shares jun's skills.
    let dir = exploration();
    let gateway = ok(&dir.path().join("gateway"), &["balance"]);
    assert!(
        gateway.contains(
            "over-allocation: jun at 90% of 80% from 2027-01-04 to 2027-06-30 (comms-relay, habitat in artemis and gateway)\n  nobody sharing a skill has free capacity over these dates"
        ),
        "{gateway}"
    );
}
