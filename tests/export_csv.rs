//! `pm export csv KIND` is `pm report KIND --format csv`, to standard output or a file.

mod common;

use common::*;

#[test]
fn export_csv_is_the_csv_report() {
    let dir = fixture("examples/artemis");
    for kind in [
        "allocation",
        "projects",
        "people",
        "scope",
        "requests",
        "gantt",
    ] {
        assert_eq!(
            ok(dir.path(), &["export", "csv", kind]),
            ok(dir.path(), &["report", kind, "--format", "csv"]),
            "{kind}"
        );
    }
    let options = ["--by", "week", "--from", "2026-05-01", "--to", "2026-06-30"];
    assert_eq!(
        ok(
            dir.path(),
            &[&["export", "csv", "allocation"][..], &options].concat()
        ),
        ok(
            dir.path(),
            &[&["report", "allocation", "--format", "csv"][..], &options].concat()
        ),
    );
    let err = refused(dir.path(), &["export", "csv", "people", "--by", "week"]);
    assert!(err.contains("--by applies to"), "{err}");
}

#[test]
fn export_csv_writes_a_file() {
    let dir = fixture("examples/artemis");
    let out = empty_dir();
    let file = out.path().join("people.csv");
    let run = pm_in(dir.path())
        .args(["export", "csv", "people", "-o"])
        .arg(&file)
        .output()
        .expect("run pm");
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    assert_eq!(stdout(&run), "");
    assert_eq!(
        std::fs::read_to_string(&file).expect("written"),
        ok(dir.path(), &["report", "people", "--format", "csv"])
    );
}
