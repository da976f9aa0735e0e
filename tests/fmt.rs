//! `pm fmt [--check]`: the canonical layout, comments kept, refusals, and idempotence on every
//! fixture program and the example.

mod common;

use std::path::{Path, PathBuf};

use common::*;
use serde_json::Value;

const FIXTURE: &str = "fmt";

struct Out {
    code: i32,
    stdout: String,
    stderr: String,
}

fn pm_at(dir: &Path, args: &[&str]) -> Out {
    let out = pm_in(dir).args(args).output().expect("run pm");
    Out {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

const PROGRAM: &str = "\
# Moonbase — written by hand: out of order, unevenly spaced, commented everywhere.

[program]
id = \"moonbase\"
name = \"Moonbase\"
# the manager approves charters
manager = \"grace\"

[[benefit]]
id = \"crewed-landing\"
title = \"Land a crew\"

[[person]]
id = \"alice\"
name = \"Alice Moreau\"  # lead engineer
capacity = 100
skills = [\"propulsion\", \"rust\"]
time_off = [
  { from = 2026-08-03, to = 2026-08-14, reason = \"leave\" },  # summer
]

[[person]]
id = \"grace\"
name = \"Grace Okafor\"
# grace has no assignment

# Trailing notes stay at the end.
";

const LANDER: &str = "\
#:schema ../schema/project.schema.json
# Lunar lander.

[project]
id = \"lander\"
name = \"Lunar Lander\"
status = \"active\"
manager = \"grace\"
benefits = [\"crewed-landing\"]

[charter]
objective = \"Land\"
start = 2026-02-01
end = 2026-12-31

[[deliverable]]
id = \"descent-stage\"
title = \"Descent stage\"
due = 2026-11-30

# --- Work ---
[[work]]
id = \"engine-tests\"
title = \"Descent engine tests\"  # hot-fire
deliverable = \"descent-stage\"
estimate_hours = 800

[[assignment]]
person = \"alice\"
allocation = 50
";

#[test]
fn fmt_writes_the_canonical_layout_and_keeps_every_comment() {
    let dir = fixture(FIXTURE);
    let comms_before = read(dir.path(), "projects/ground/comms.toml");
    let out = pm_at(dir.path(), &["fmt"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        out.stdout,
        "formatted program.toml\nformatted projects/lander.toml\n"
    );
    assert_eq!(read(dir.path(), "program.toml"), PROGRAM);
    assert_eq!(read(dir.path(), "projects/lander.toml"), LANDER);
    // Already canonical: not rewritten, not listed.
    assert_eq!(read(dir.path(), "projects/ground/comms.toml"), comms_before);
    // Nothing else appears in the tree (no temporary or lock file).
    let files: Vec<String> = snapshot_tree(dir.path()).into_keys().collect();
    assert_eq!(
        files,
        [
            "program.toml",
            "projects/ground/comms.toml",
            "projects/lander.toml"
        ]
    );

    let out = pm_at(dir.path(), &["fmt"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(out.stdout, "all 3 files are formatted already\n");
}

#[test]
fn fmt_check_lists_what_would_change_and_writes_nothing() {
    let dir = fixture(FIXTURE);
    let before = snapshot_tree(dir.path());
    let out = pm_at(dir.path(), &["fmt", "--check"]);
    assert_eq!(out.code, 1, "{}", out.stderr);
    assert_eq!(out.stdout, "program.toml\nprojects/lander.toml\n");
    assert!(
        out.stderr
            .contains("2 files are not formatted; run `pm fmt`"),
        "{}",
        out.stderr
    );
    assert!(snapshot_tree(dir.path()) == before, "--check wrote files");

    assert_eq!(pm_at(dir.path(), &["fmt"]).code, 0);
    let out = pm_at(dir.path(), &["fmt", "--check"]);
    assert_eq!(out.code, 0, "{}{}", out.stdout, out.stderr);
    assert_eq!(out.stdout, "");
}

#[test]
fn fmt_skips_a_file_that_does_not_parse_and_says_where() {
    let dir = fixture(FIXTURE);
    let broken = "[project]\nid = \"broken\"\nname = \n";
    let conflicted = "[project]\nid = \"merge\"\n<<<<<<< HEAD\nname = \"A\"\n=======\nname = \"B\"\n>>>>>>> other\n";
    write(dir.path(), "projects/broken.toml", broken);
    write(dir.path(), "projects/merge.toml", conflicted);

    let out = pm_at(dir.path(), &["fmt", "--check"]);
    assert_eq!(out.code, 2, "{}{}", out.stdout, out.stderr);
    assert_eq!(out.stdout, "program.toml\nprojects/lander.toml\n");

    let out = pm_at(dir.path(), &["fmt"]);
    assert_eq!(out.code, 2, "{}{}", out.stdout, out.stderr);
    assert!(
        out.stderr
            .contains("error: projects/broken.toml:3:8: invalid TOML"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr
            .contains("error: projects/merge.toml:3:1: unresolved merge conflict"),
        "{}",
        out.stderr
    );
    assert!(
        out.stderr.contains("2 files could not be formatted"),
        "{}",
        out.stderr
    );
    // The broken files are untouched; the others are formatted all the same.
    assert_eq!(read(dir.path(), "projects/broken.toml"), broken);
    assert_eq!(read(dir.path(), "projects/merge.toml"), conflicted);
    assert_eq!(read(dir.path(), "projects/lander.toml"), LANDER);
    assert_eq!(
        out.stdout,
        "formatted program.toml\nformatted projects/lander.toml\n"
    );
}

#[test]
fn fmt_needs_a_program() {
    let dir = empty_dir();
    let out = pm_at(dir.path(), &["fmt"]);
    assert_eq!(out.code, 2);
    assert!(out.stderr.contains("program.toml"), "{}", out.stderr);
}

#[test]
fn fmt_and_edits_at_once_lose_nothing() {
    let dir = fixture(FIXTURE);
    let children: Vec<_> = (0..12)
        .map(|i| {
            let mut cmd = std::process::Command::new(env!("CARGO_BIN_EXE_pm"));
            cmd.arg("-C").arg(dir.path()).env("NO_COLOR", "1");
            if i % 4 == 0 {
                cmd.arg("fmt");
            } else {
                cmd.args([
                    "work",
                    "add",
                    "lander",
                    "--title",
                    &format!("Task {i}"),
                    "--deliverable",
                    "descent-stage",
                ]);
            }
            cmd.stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::piped())
                .spawn()
                .expect("spawn pm")
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().expect("wait for pm");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    let lander = read(dir.path(), "projects/lander.toml");
    for i in (0..12).filter(|i| i % 4 != 0) {
        assert!(
            lander.contains(&format!("id = \"task-{i}\"")),
            "task-{i} lost:\n{lander}"
        );
    }
    assert_eq!(pm_at(dir.path(), &["fmt"]).code, 0);
    assert_eq!(pm_at(dir.path(), &["fmt", "--check"]).code, 0);
}

/// Every fixture program of the tests, and the example.
fn every_program() -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        if dir.join("program.toml").is_file() {
            out.push(dir.to_path_buf());
        }
        for entry in std::fs::read_dir(dir).expect("read dir") {
            let path = entry.expect("dir entry").path();
            // The hostile corpus is broken on purpose; tests/hostile.rs covers it, and fmt's
            // refusal of files that do not parse is tested above.
            if path.is_dir() && !path.ends_with("projects") && !path.ends_with("hostile") {
                walk(&path, out);
            }
        }
    }
    let mut out = Vec::new();
    walk(&fixtures_dir(), &mut out);
    out.push(Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/artemis"));
    out.sort();
    out
}

/// The findings of `pm check --format json` without their lines and columns: formatting may
/// move an item, never change what is found.
fn findings_without_lines(dir: &Path) -> (i32, Vec<String>) {
    fn strip(v: &mut Value) {
        match v {
            Value::Object(map) => {
                map.remove("line");
                map.remove("column");
                map.values_mut().for_each(strip);
            }
            Value::Array(items) => items.iter_mut().for_each(strip),
            _ => {}
        }
    }
    let (code, mut json) = check_json(dir);
    strip(&mut json["diagnostics"]);
    let mut out: Vec<String> = json["diagnostics"]
        .as_array()
        .map(|a| a.iter().map(Value::to_string).collect())
        .unwrap_or_default();
    out.sort();
    (code, out)
}

#[test]
fn fmt_is_idempotent_and_changes_no_finding_on_every_fixture() {
    let programs = every_program();
    assert!(programs.len() > 40, "found only {programs:?}");
    for src in programs {
        let dir = empty_dir();
        copy_dir(&src, dir.path());
        let name = src.display();
        let findings = findings_without_lines(dir.path());

        let first = pm_at(dir.path(), &["fmt"]);
        assert_eq!(first.code, 0, "{name}: {}", first.stderr);
        let once = snapshot_tree(dir.path());
        let second = pm_at(dir.path(), &["fmt"]);
        assert_eq!(second.code, 0, "{name}: {}", second.stderr);
        assert!(
            snapshot_tree(dir.path()) == once,
            "{name}: a second pm fmt changed files"
        );
        let check = pm_at(dir.path(), &["fmt", "--check"]);
        assert_eq!(check.code, 0, "{name}: {}", check.stdout);

        assert_eq!(
            findings_without_lines(dir.path()),
            findings,
            "{name}: pm fmt changed the findings"
        );
    }
}

#[test]
fn the_example_is_formatted() {
    let dir = fixture("examples/artemis");
    let out = pm_at(dir.path(), &["fmt", "--check"]);
    assert_eq!(
        out.code, 0,
        "run `pm -C examples/artemis fmt`:\n{}",
        out.stdout
    );
}

#[test]
fn fmt_puts_a_projects_priority_after_its_status() {
    let dir = fixture(FIXTURE);
    let d = dir.path();
    let text = read(d, "projects/lander.toml").replace(
        "benefits = [\"crewed-landing\"]\n",
        "benefits = [\"crewed-landing\"]\npriority = 800  # launch first\n",
    );
    write(d, "projects/lander.toml", &text);
    let out = pm_at(d, &["fmt"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        read(d, "projects/lander.toml"),
        LANDER.replace(
            "status = \"active\"\n",
            "status = \"active\"\npriority = 800  # launch first\n",
        )
    );
}
