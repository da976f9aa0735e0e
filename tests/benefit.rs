//! `pm benefit add|list` and `pm project set --benefit`: linking projects to program benefits.

mod common;
use common::*;

#[test]
fn benefit_add_goes_after_the_last_benefit_and_keeps_everything_else() {
    let dir = fixture("minimal");
    let before = read(dir.path(), "program.toml");
    pm_in(dir.path())
        .args(["benefit", "add", "lower-cost", "--title", "Cheaper builds"])
        .assert()
        .success()
        .stdout("added benefit lower-cost to program.toml\n");
    let anchor = "title = \"Ship faster\"\n";
    assert_eq!(
        read(dir.path(), "program.toml"),
        before.replacen(
            anchor,
            &format!("{anchor}\n[[benefit]]\nid = \"lower-cost\"\ntitle = \"Cheaper builds\"\n"),
            1
        )
    );
    // The new benefit is served by nobody yet: PM302 says so.
    let (_, json) = check_json(dir.path());
    let f = findings(&json, "PM302");
    assert_eq!(f.len(), 1, "{json:#}");
    assert_eq!(f[0]["benefit"], "lower-cost");
}

#[test]
fn first_benefit_goes_before_the_people() {
    let dir = empty_dir();
    write(
        dir.path(),
        "program.toml",
        "# Pool\n[program]\nid = \"p\"\nname = \"P\"\n\n[[person]]\nid = \"ann\"\n",
    );
    pm_in(dir.path())
        .args(["benefit", "add", "reach", "--title", "Reach"])
        .assert()
        .success();
    assert_eq!(
        read(dir.path(), "program.toml"),
        "# Pool\n[program]\nid = \"p\"\nname = \"P\"\n\n[[benefit]]\nid = \"reach\"\ntitle = \"Reach\"\n\n[[person]]\nid = \"ann\"\n"
    );
}

#[test]
fn benefit_add_refusals_write_nothing() {
    let dir = fixture("minimal");
    let before = snapshot_tree(dir.path());
    for (args, says) in [
        (
            vec!["benefit", "add", "faster-delivery", "--title", "Again"],
            "already in program.toml",
        ),
        (
            vec!["benefit", "add", "../evil", "--title", "X"],
            "invalid benefit id",
        ),
        (
            vec!["benefit", "add", "ok-id", "--title", "  "],
            "--title is empty",
        ),
    ] {
        pm_in(dir.path())
            .args(&args)
            .assert()
            .code(2)
            .stderr(predicates::str::contains(says));
        assert_eq!(snapshot_tree(dir.path()), before, "{args:?}");
    }
}

#[test]
fn project_set_benefit_links_a_project_and_clears_pm301() {
    let dir = fixture("minimal");
    write(
        dir.path(),
        "projects/docs.toml",
        "[project]\nid = \"docs\"\nname = \"Docs\"\nstatus = \"on-hold\"\n",
    );
    let (_, json) = check_json(dir.path());
    assert_eq!(findings(&json, "PM301").len(), 1, "{json:#}");
    pm_in(dir.path())
        .args(["project", "set", "docs", "--benefit", "faster-delivery"])
        .assert()
        .success()
        .stdout("set benefits = [faster-delivery] in projects/docs.toml\n");
    assert_eq!(
        read(dir.path(), "projects/docs.toml"),
        "[project]\nid = \"docs\"\nname = \"Docs\"\nstatus = \"on-hold\"\nbenefits = [\"faster-delivery\"]\n"
    );
    let (_, json) = check_json(dir.path());
    assert!(findings(&json, "PM301").is_empty(), "{json:#}");

    // A benefit already listed is not added twice; an unknown one is refused.
    pm_in(dir.path())
        .args(["project", "set", "docs", "--benefit", "faster-delivery"])
        .assert()
        .success()
        .stdout(predicates::str::contains("nothing changed"));
    let before = snapshot_tree(dir.path());
    pm_in(dir.path())
        .args(["project", "set", "docs", "--benefit", "faster-delivry"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains("did you mean 'faster-delivery'?"));
    assert_eq!(snapshot_tree(dir.path()), before);
}

#[test]
fn benefit_list_shows_who_serves_each() {
    let dir = fixture("minimal");
    let out = pm_in(dir.path())
        .args(["benefit", "list"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let text = String::from_utf8(out.stdout).unwrap();
    let row = text
        .lines()
        .find(|l| l.starts_with("faster-delivery"))
        .unwrap_or_else(|| panic!("{text}"));
    assert!(
        row.contains("Ship faster") && row.ends_with("tooling"),
        "{row}"
    );
}
