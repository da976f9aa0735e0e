//! Change control (SPEC §10) on real Git repositories made here: `pm charter approve`, the
//! baseline found in the history, PM108 for each difference no approved change covers,
//! `pm change add|approve|reject|list`, `pm history`, and what `pm check` says when it cannot
//! look (no repository, a shallow clone).

mod common;
use common::*;

use std::path::{Path, PathBuf};

use serde_json::Value;

/// Where the program sits in every test repository: not at the top, as in a monorepo.
const SUB: &str = "plans/artemis";

/// `git ARGS` in `dir` with a fixed author and date and no user or system configuration.
fn git(dir: &Path, args: &[&str]) -> String {
    let out = git_command(
        dir,
        ("Grace Hopper", "grace@example.invalid"),
        "2026-03-01T12:00:00Z",
    )
    .args(["-c", "protocol.file.allow=always"])
    .args(args)
    .output()
    .expect("run git");
    assert!(
        out.status.success(),
        "git {args:?} failed:\n{}{}",
        stdout(&out),
        stderr(&out)
    );
    stdout(&out).trim().to_owned()
}

fn commit(top: &Path, message: &str) -> String {
    git(top, &["add", "-A"]);
    git(top, &["commit", "-q", "-m", message]);
    git(top, &["rev-parse", "HEAD"])
}

/// A repository holding the example program, with lander's charter approved in its second
/// commit: the repository, the program folder and the approving commit.
fn approved() -> Option<(tempfile::TempDir, PathBuf, String)> {
    outside_tool("git", "apt-get install git")?;
    let dir = empty_dir();
    git(dir.path(), &["init", "-q"]);
    let program = dir.path().join(SUB);
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/artemis"),
        &program,
    );
    commit(dir.path(), "The program as planned");
    ok(
        &program,
        &[
            "charter",
            "approve",
            "lander",
            "--by",
            "grace",
            "--on",
            "2026-03-01",
        ],
    );
    let sha = commit(dir.path(), "Approve lander's charter");
    Some((dir, program, sha))
}

fn pm108(program: &Path) -> Vec<Value> {
    let (_, json) = check_json(program);
    findings(&json, "PM108").into_iter().cloned().collect()
}

fn summary(program: &Path) -> String {
    let out = pm_in(program).arg("check").output().expect("run pm");
    stdout(&out).lines().last().unwrap_or_default().to_owned()
}

#[test]
fn approval_writes_the_date_and_the_approver() {
    let Some((_dir, program, _)) = approved() else {
        return;
    };
    let text = read(&program, "projects/lander.toml");
    assert!(
        text.contains("approved = 2026-03-01\napproved_by = \"grace\"\n"),
        "{text}"
    );
    let err = refused(
        &program,
        &["charter", "approve", "lander", "--by", "nobody"],
    );
    assert!(err.contains("nobody"), "{err}");
    let err = refused(&program, &["charter", "approve", "landr", "--by", "grace"]);
    assert!(err.contains("lander"), "{err}");
}

#[test]
fn an_added_deliverable_needs_an_approved_change() {
    let Some((dir, program, sha)) = approved() else {
        return;
    };
    assert!(
        pm108(&program).is_empty(),
        "nothing changed since the approval"
    );
    ok(
        &program,
        &[
            "scope",
            "add",
            "lander",
            "docking-adapter",
            "--title",
            "Docking adapter",
        ],
    );
    let found = pm108(&program);
    assert_eq!(found.len(), 1, "{found:#?}");
    let f = &found[0];
    assert_eq!(f["deliverable"], "docking-adapter");
    assert_eq!(f["file"], "projects/lander.toml");
    let text = read(&program, "projects/lander.toml");
    let line = text
        .lines()
        .position(|l| l == "id = \"docking-adapter\"")
        .expect("the new deliverable");
    assert_eq!(
        f["line"], line,
        "located at the [[deliverable]] header above its id"
    );
    assert_eq!(f["baseline"]["commit"], sha.as_str());
    assert_eq!(f["baseline"]["date"], "2026-03-01");
    let message = f["message"].as_str().unwrap();
    assert!(
        message.contains(&sha[..7]) && message.contains("2026-03-01"),
        "{message}"
    );
    let help = f["help"].as_str().unwrap();
    assert!(help.contains("pm change add lander"), "{help}");
    assert!(help.contains("--adds docking-adapter"), "{help}");

    // Committed or not, the difference is the same.
    commit(dir.path(), "Add a docking adapter");
    assert_eq!(pm108(&program).len(), 1);

    // A proposed change covers nothing; neither does a rejected one.
    ok(
        &program,
        &[
            "change",
            "add",
            "lander",
            "add-docking-adapter",
            "--title",
            "Add a docking adapter",
            "--reason",
            "Gateway needs it",
            "--adds",
            "docking-adapter",
            "--requested-by",
            "bob",
        ],
    );
    assert_eq!(pm108(&program).len(), 1, "proposed");
    ok(
        &program,
        &[
            "change",
            "reject",
            "lander/add-docking-adapter",
            "--by",
            "grace",
            "--reason",
            "No budget",
        ],
    );
    assert_eq!(pm108(&program).len(), 1, "rejected");
    let text = read(&program, "projects/lander.toml");
    assert!(text.contains("status = \"rejected\""), "{text}");

    // An approved one covers it.
    ok(
        &program,
        &[
            "change",
            "add",
            "lander",
            "dock-v2",
            "--title",
            "Docking adapter, smaller",
            "--reason",
            "Gateway needs it",
            "--adds",
            "docking-adapter",
        ],
    );
    ok(
        &program,
        &[
            "change",
            "approve",
            "lander/dock-v2",
            "--by",
            "grace",
            "--on",
            "2026-04-02",
        ],
    );
    assert!(pm108(&program).is_empty(), "{:#?}", pm108(&program));
    let list = ok(&program, &["change", "list", "lander"]);
    assert!(
        list.contains("add-docking-adapter") && list.contains("rejected by grace"),
        "{list}"
    );
    assert!(
        list.contains("dock-v2") && list.contains("approved by grace on 2026-04-02"),
        "{list}"
    );
}

#[test]
fn a_removed_deliverable_is_a_scope_change() {
    let Some((_dir, program, _)) = approved() else {
        return;
    };
    ok(
        &program,
        &[
            "scope",
            "remove",
            "lander",
            "lander-flight-software",
            "--retrace-to",
            "descent-stage",
        ],
    );
    let found = pm108(&program);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0]["deliverable"], "lander-flight-software");
    assert!(
        found[0]["help"]
            .as_str()
            .unwrap()
            .contains("--removes lander-flight-software")
    );
}

#[test]
fn a_raised_effort_cap_and_a_moved_window() {
    let Some((_dir, program, _)) = approved() else {
        return;
    };
    ok(
        &program,
        &["project", "set", "lander", "--effort-hours", "16000"],
    );
    let found = pm108(&program);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0]["key"], "effort_hours");
    // A lower cap is no growth.
    ok(
        &program,
        &["project", "set", "lander", "--effort-hours", "12000"],
    );
    assert!(pm108(&program).is_empty());
    ok(
        &program,
        &["project", "set", "lander", "--end", "2028-03-31"],
    );
    let found = pm108(&program);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0]["key"], "end");
    ok(
        &program,
        &[
            "change",
            "add",
            "lander",
            "slip",
            "--title",
            "Slip the end",
            "--reason",
            "Late engines",
            "--end",
            "2028-03-31",
        ],
    );
    ok(
        &program,
        &["change", "approve", "lander/slip", "--by", "grace"],
    );
    assert!(pm108(&program).is_empty());
}

#[test]
fn a_lifted_exclusion_is_a_scope_change() {
    let Some((_dir, program, _)) = approved() else {
        return;
    };
    let path = program.join("projects/lander.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let start = text
        .find("[[exclusion]]\nid = \"launch-site\"")
        .expect("the exclusion");
    let end = text[start + 1..]
        .find("\n[")
        .map_or(text.len(), |i| start + 1 + i + 1);
    std::fs::write(&path, format!("{}{}", &text[..start], &text[end..])).unwrap();
    let found = pm108(&program);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0]["exclusion"], "launch-site");
    ok(
        &program,
        &[
            "change",
            "add",
            "lander",
            "own-pad",
            "--title",
            "Own the pad",
            "--reason",
            "R",
            "--unexcludes",
            "launch-site",
        ],
    );
    ok(
        &program,
        &["change", "approve", "lander/own-pad", "--by", "grace"],
    );
    assert!(pm108(&program).is_empty());
}

#[test]
fn re_approval_moves_the_baseline() {
    let Some((dir, program, _)) = approved() else {
        return;
    };
    ok(
        &program,
        &[
            "scope",
            "add",
            "lander",
            "docking-adapter",
            "--title",
            "Docking adapter",
        ],
    );
    commit(dir.path(), "Add a docking adapter");
    assert_eq!(pm108(&program).len(), 1);
    ok(
        &program,
        &[
            "charter",
            "approve",
            "lander",
            "--by",
            "grace",
            "--on",
            "2026-05-01",
        ],
    );
    // Not committed yet: no commit is the baseline, and the summary says so.
    assert!(pm108(&program).is_empty());
    let line = summary(&program);
    assert!(line.contains("PM108 not checked for lander"), "{line}");
    let sha = commit(dir.path(), "Approve the charter again");
    assert!(pm108(&program).is_empty());
    ok(
        &program,
        &["scope", "add", "lander", "hatch", "--title", "Hatch"],
    );
    let found = pm108(&program);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0]["baseline"]["commit"], sha.as_str());
}

#[test]
fn the_baseline_follows_a_renamed_file() {
    let Some((dir, program, sha)) = approved() else {
        return;
    };
    ok(&program, &["project", "rename", "lander", "moon-lander"]);
    commit(dir.path(), "Rename lander");
    assert!(pm108(&program).is_empty(), "{:#?}", pm108(&program));
    ok(
        &program,
        &[
            "scope",
            "add",
            "moon-lander",
            "docking-adapter",
            "--title",
            "Docking adapter",
        ],
    );
    let found = pm108(&program);
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0]["baseline"]["commit"], sha.as_str());
    let history = ok(&program, &["history", "moon-lander"]);
    assert!(history.contains("renamed"), "{history}");
}

#[test]
fn outside_a_repository_the_summary_says_pm108_did_not_run() {
    let program = fixture("examples/artemis");
    ok(
        program.path(),
        &["scope", "add", "lander", "docking-adapter", "--title", "D"],
    );
    assert!(pm108(program.path()).is_empty());
    if outside_tool("git", "apt-get install git").is_none() {
        return;
    }
    let line = summary(program.path());
    assert!(
        line.contains("PM108") && line.contains("not in a Git repository"),
        "{line}"
    );
    assert_eq!(line.matches("PM108").count(), 1, "said once: {line}");
    let (_, json) = check_json(program.path());
    assert_eq!(
        json["summary"]["not_checked"][0]["reason"], "no-repository",
        "{json:#}"
    );
}

#[test]
fn a_shallow_clone_without_the_baseline_says_how_to_fetch_it() {
    let Some((dir, _program, _)) = approved() else {
        return;
    };
    let program = dir.path().join(SUB);
    ok(
        &program,
        &["scope", "add", "lander", "docking-adapter", "--title", "D"],
    );
    commit(dir.path(), "Add a docking adapter");
    let clones = empty_dir();
    let url = format!("file://{}", dir.path().display());
    git(
        clones.path(),
        &["clone", "-q", "--depth", "1", &url, "shallow"],
    );
    let shallow = clones.path().join("shallow").join(SUB);
    assert!(pm108(&shallow).is_empty());
    let line = summary(&shallow);
    assert!(
        line.contains("shallow") && line.contains("git fetch --unshallow"),
        "{line}"
    );
    git(
        &clones.path().join("shallow"),
        &["fetch", "-q", "--unshallow"],
    );
    assert_eq!(pm108(&shallow).len(), 1);
}

#[test]
fn history_tells_the_charters_life() {
    let Some((dir, program, sha)) = approved() else {
        return;
    };
    ok(
        &program,
        &[
            "scope",
            "add",
            "lander",
            "docking-adapter",
            "--title",
            "Docking adapter",
        ],
    );
    ok(
        &program,
        &[
            "change",
            "add",
            "lander",
            "dock",
            "--title",
            "Dock",
            "--reason",
            "Gateway",
            "--adds",
            "docking-adapter",
            "--requested-by",
            "bob",
        ],
    );
    ok(
        &program,
        &[
            "change",
            "approve",
            "lander/dock",
            "--by",
            "grace",
            "--on",
            "2026-03-02",
        ],
    );
    commit(dir.path(), "Dock");
    let human = ok(&program, &["history", "lander"]);
    assert!(
        human.contains(&format!(
            "{}  2026-03-01  Grace Hopper  (the baseline)",
            &sha[..7]
        )),
        "{human}"
    );
    assert!(
        human.contains("charter approved on 2026-03-01 by grace"),
        "{human}"
    );
    assert!(
        human.contains("deliverable docking-adapter added"),
        "{human}"
    );
    assert!(
        human.contains("change dock approved by grace on 2026-03-02"),
        "{human}"
    );
    let json: Value =
        serde_json::from_str(&ok(&program, &["history", "lander", "--format", "json"]))
            .expect("json");
    let text = json.to_string();
    assert!(
        text.contains(&sha) && text.contains("docking-adapter"),
        "{json:#}"
    );
    let outside = fixture("examples/artemis");
    let err = refused(outside.path(), &["history", "lander"]);
    assert!(err.contains("Git repository"), "{err}");
}
