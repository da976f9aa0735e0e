//! `pm report KIND -o FILE`: every report can be written to a file instead of stdout, atomically,
//! and never into the program folder (where Git would pick it up) unless `--force`.

mod common;

use std::path::Path;

use common::*;

const KINDS: [(&str, &str); 9] = [
    ("allocation", "table"),
    ("allocation", "svg"),
    ("projects", "csv"),
    ("people", "json"),
    ("scope", "yaml"),
    ("requests", "markdown"),
    ("gantt", "mermaid"),
    ("gantt", "table"),
    ("dashboard", "html"),
];

fn report_stdout(dir: &Path, kind: &str, format: &str) -> String {
    ok(dir, &["report", kind, "--format", format])
}

#[test]
fn every_report_writes_to_a_file_what_it_prints() {
    let program = fixture("report");
    let out = empty_dir();
    for (kind, format) in KINDS {
        let file = out.path().join(format!("{kind}.{format}"));
        let run = pm_in(program.path())
            .args(["report", kind, "--format", format, "-o"])
            .arg(&file)
            .output()
            .unwrap();
        assert_eq!(
            run.status.code(),
            Some(0),
            "{kind} {format}: {}",
            stderr(&run)
        );
        assert!(
            stdout(&run).is_empty(),
            "{kind} {format} printed: {}",
            stdout(&run)
        );
        assert!(
            stderr(&run).starts_with(&format!("wrote {}", file.display())),
            "{}",
            stderr(&run)
        );
        let written = std::fs::read_to_string(&file).unwrap();
        assert_eq!(
            written,
            report_stdout(program.path(), kind, format),
            "{kind} {format}"
        );
    }
    // Nothing else: no temporary file left next to them.
    let names: Vec<String> = std::fs::read_dir(out.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), KINDS.len(), "{names:?}");
}

#[test]
fn a_table_in_a_file_has_no_colour_even_when_asked() {
    let program = fixture("report");
    let out = empty_dir();
    let file = out.path().join("a.txt");
    let run = pm_in(program.path())
        .env_remove("NO_COLOR")
        .args(["--color", "always", "report", "allocation", "-o"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(!text.contains('\u{1b}'), "colour codes in a file: {text}");
    // Over-capacity cells are marked the way a file can show them.
    let alice: Vec<&str> = text.lines().filter(|l| l.starts_with("alice ")).collect();
    assert_eq!(alice.len(), 1, "{text}");
    assert!(alice[0].contains("120!"), "{text}");
}

#[test]
fn the_file_is_replaced_whole() {
    let program = fixture("report");
    let out = empty_dir();
    let file = out.path().join("dash.html");
    std::fs::write(&file, "old content that is longer than nothing").unwrap();
    let run = pm_in(program.path())
        .args(["report", "dashboard", "-o"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(text.starts_with("<!DOCTYPE html>") && text.ends_with("</html>\n"));
}

#[test]
fn a_failed_write_leaves_the_old_file_and_no_temporary_file() {
    let program = fixture("report");
    let out = empty_dir();
    let file = out.path().join("a.svg");
    std::fs::write(&file, "before").unwrap();
    let run = pm_in(program.path())
        .env("PM_TEST_FAIL_RENAME", "1")
        .args(["report", "allocation", "--format", "svg", "-o"])
        .arg(&file)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    let err = stderr(&run);
    assert!(
        err.starts_with(&format!("error: cannot write {}", file.display())),
        "{err}"
    );
    assert_eq!(std::fs::read_to_string(&file).unwrap(), "before");
    assert_eq!(std::fs::read_dir(out.path()).unwrap().count(), 1);
}

#[test]
fn the_program_folder_is_refused_unless_forced() {
    let program = fixture("report");
    let dir = program.path();
    for target in [
        "dashboard.html",
        "projects/dashboard.html",
        "./projects/../x.html",
    ] {
        let err = refused(
            dir,
            &[
                "report",
                "dashboard",
                "-o",
                &dir.join(target).to_string_lossy(),
            ],
        );
        assert!(err.contains("is inside the program folder"), "{err}");
        assert!(err.contains("--force"), "{err}");
    }
    // From inside the program folder, a relative path is refused the same way.
    let out = pm()
        .current_dir(dir.join("projects"))
        .args(["report", "people", "-o", "people.txt"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    assert!(!dir.join("projects/people.txt").exists());
    // --force writes there.
    ok(
        dir,
        &[
            "report",
            "people",
            "--force",
            "-o",
            &dir.join("people.txt").to_string_lossy(),
        ],
    );
    assert!(dir.join("people.txt").is_file());
}

#[test]
fn bad_output_paths_are_refused_before_anything_is_computed() {
    let program = fixture("report");
    let out = empty_dir();
    let err = refused(
        program.path(),
        &["report", "people", "-o", &out.path().to_string_lossy()],
    );
    assert!(err.contains("is a folder"), "{err}");
    let missing = out.path().join("no/such/folder/x.txt");
    let err = refused(
        program.path(),
        &["report", "people", "-o", &missing.to_string_lossy()],
    );
    assert!(err.contains("create it first"), "{err}");
    // --force means nothing without --output.
    let run = pm_in(program.path())
        .args(["report", "people", "--force"])
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(2));
    assert!(stderr(&run).contains("--output"), "{}", stderr(&run));
}
