//! `pm import people FILE.csv`: the pool from a spreadsheet, all or nothing.

mod common;

use std::path::{Path, PathBuf};

use common::*;

/// Writes `text` as `name` in a folder of its own (outside the program) and returns its path.
fn csv(out: &Path, name: &str, text: &[u8]) -> PathBuf {
    let path = out.join(name);
    std::fs::write(&path, text).expect("write");
    path
}

fn import(dir: &Path, file: &Path, extra: &[&str]) -> std::process::Output {
    pm_in(dir)
        .args(["import", "people"])
        .arg(file)
        .args(extra)
        .output()
        .expect("run pm")
}

#[test]
fn people_are_added_and_updated_and_the_rest_of_the_file_stays() {
    let dir = fixture("interchange");
    let out = empty_dir();
    let before = read(dir.path(), "program.toml");
    let file = csv(
        out.path(),
        "people.csv",
        b"id,name,capacity,skills,start,end\n\
          ann,,60,,,\n\
          dee,Dee Park,100,thermal; rf,2026-05-01,\n\
          bo,Bo Chen,,,,\n\
          cy,,,software;rust,,2027-03-31\n",
    );
    let run = import(dir.path(), &file, &[]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    assert_eq!(
        stdout(&run),
        format!(
            "updated person ann in program.toml: capacity 80 → 60\n\
             added person dee to program.toml\n\
             updated person cy in program.toml: skills = [software, rust], end = 2027-03-31\n\
             imported {}: 1 added, 2 updated, 1 unchanged\n",
            file.display()
        )
    );
    let expected = before
        .replace("capacity = 80\n", "capacity = 60\n")
        // A new key goes where the file format orders it: end before time_off.
        .replace(
            "capacity = 50\nskills = [\"software\"]\n",
            "capacity = 50\nskills = [\"software\", \"rust\"]\nend = 2027-03-31\n",
        )
        + "\n[[person]]\nid = \"dee\"\nname = \"Dee Park\"\ncapacity = 100\nskills = [\"thermal\", \"rf\"]\nstart = 2026-05-01\n";
    assert_ne!(expected, before);
    assert_eq!(read(dir.path(), "program.toml"), expected);
    let (code, _) = check_json(dir.path());
    assert_ne!(code, 2);

    // The same file again changes nothing.
    let again = import(dir.path(), &file, &[]);
    assert_eq!(again.status.code(), Some(0));
    assert_eq!(
        stdout(&again),
        format!(
            "program.toml already has the 4 people of {} as the file gives them; nothing changed\n",
            file.display()
        )
    );
}

#[test]
fn a_spreadsheet_export_with_a_byte_order_mark_and_crlf_reads() {
    let dir = fixture("interchange");
    let out = empty_dir();
    let file = csv(
        out.path(),
        "hr.csv",
        "\u{feff}ID,Name,Capacity\r\ndee,\"Park, Dee\",80%\r\n,,\r\n".as_bytes(),
    );
    let run = import(dir.path(), &file, &[]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    assert!(
        read(dir.path(), "program.toml")
            .ends_with("[[person]]\nid = \"dee\"\nname = \"Park, Dee\"\ncapacity = 80\n")
    );
}

#[test]
fn a_bad_row_is_refused_by_line_and_column_and_nothing_changes() {
    let dir = fixture("interchange");
    let out = empty_dir();
    let cases: [(&str, &str); 7] = [
        (
            "id,name,capacity\ndee,Dee,100\neve,Eve,lots\n",
            "line 3, column 3 (capacity): 'lots' is not a percent; write a whole number from 0 to 1000 (100 = one full-time person)",
        ),
        (
            "id,name,skils\ndee,Dee,rf\n",
            "line 1, column 3: unknown column 'skils' — did you mean 'skills'? the columns are id, name, capacity, skills, start, end",
        ),
        (
            "name,capacity\nDee,100\n",
            "line 1: the header has no 'id' column; the columns are id, name, capacity, skills, start, end",
        ),
        (
            "id,start\ndee,1 May 2026\n",
            "line 2, column 2 (start): '1 May 2026' is not a date; write it as YYYY-MM-DD, e.g. 2026-03-01",
        ),
        (
            "id,end\nann,2026-01-15\n",
            "line 2, column 2 (end): 2026-01-15 is before ann's start 2026-02-01 in program.toml; a person cannot leave before joining",
        ),
        (
            "id,name\nDee Park,Dee\n",
            "line 2, column 1 (id): 'Dee Park' contains 'D'; an id uses only lower-case letters, digits and '-'",
        ),
        (
            "id,name\ndee,Dee\n\neve,Eve,extra\n",
            "line 4, column 3: a value under no column; the header names 2 columns",
        ),
    ];
    for (text, message) in cases {
        let file = csv(out.path(), "people.csv", text.as_bytes());
        let args = ["import", "people", file.to_str().expect("path")];
        let err = refused(dir.path(), &args);
        assert_eq!(
            err,
            format!("error: {}: {message}\n", file.display()),
            "{text}"
        );
    }
    let file = csv(out.path(), "latin1.csv", b"id,name\ndee,Andr\xe9\n");
    let err = refused(
        dir.path(),
        &["import", "people", file.to_str().expect("path")],
    );
    assert!(err.contains("line 2 is not UTF-8 text"), "{err}");
}

#[test]
fn dry_run_shows_the_diff_and_writes_nothing() {
    let dir = fixture("interchange");
    let out = empty_dir();
    let file = csv(out.path(), "people.csv", b"id,capacity\nann,60\n");
    let before = snapshot_tree(dir.path());
    let run = import(dir.path(), &file, &["--dry-run"]);
    assert_eq!(run.status.code(), Some(0), "{}", stderr(&run));
    assert_eq!(snapshot_tree(dir.path()), before);
    let diff = stdout(&run);
    assert!(
        diff.starts_with(
            "diff --git a/program.toml b/program.toml\n--- a/program.toml\n+++ b/program.toml\n@@ "
        ),
        "{diff}"
    );
    assert!(
        diff.contains("\n-capacity = 80\n+capacity = 60\n"),
        "{diff}"
    );
    let notes = stderr(&run);
    assert!(
        notes.contains("updated person ann in program.toml: capacity 80 → 60"),
        "{notes}"
    );
    assert!(
        notes.ends_with("note: --dry-run: nothing was written\n"),
        "{notes}"
    );
}
