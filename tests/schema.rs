//! The JSON schemas as the tools that read them see them: taplo (npm `@taplo/cli`, the engine
//! of Even Better TOML) following each file's `#:schema` line, and check-jsonschema (PyPI).
//! Both accept every file of examples/artemis, and refuse what pm check refuses where a schema
//! can tell.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn example_files() -> Vec<(String, &'static str)> {
    let mut files = vec![("program.toml".to_owned(), "program")];
    for rel in [
        "projects/comms-relay.toml",
        "projects/lander.toml",
        "projects/spacesuits.toml",
        "projects/infrastructure/ground-systems.toml",
    ] {
        files.push((rel.to_owned(), "project"));
    }
    files
}

#[test]
fn every_example_file_points_at_the_schema_beside_it() {
    let example = repo().join("examples/artemis");
    for which in ["program", "project"] {
        let printed = pm().args(["schema", which]).output().expect("run pm");
        assert_eq!(
            read(&example, &format!("schema/{which}.schema.json")),
            stdout(&printed),
            "examples/artemis/schema/{which}.schema.json is stale; regenerate it with \
             `cargo run -- schema {which} > examples/artemis/schema/{which}.schema.json`"
        );
    }
    for (rel, which) in example_files() {
        let text = read(&example, &rel);
        let first = text.lines().next().unwrap_or_default();
        let target = first
            .strip_prefix("#:schema ")
            .unwrap_or_else(|| panic!("{rel} does not start with a #:schema line: {first}"));
        let folder = example.join(&rel);
        let resolved = folder.parent().expect("a folder").join(target);
        assert_eq!(
            resolved.canonicalize().ok(),
            example
                .join(format!("schema/{which}.schema.json"))
                .canonicalize()
                .ok(),
            "{rel}: {target}"
        );
    }
}

/// A copy of examples/artemis with `edit` applied to projects/lander.toml.
fn lander_with(edit: impl Fn(&str) -> String) -> tempfile::TempDir {
    let dir = fixture("examples/artemis");
    let text = read(dir.path(), "projects/lander.toml");
    let edited = edit(&text);
    assert_ne!(edited, text, "the edit changed nothing");
    write(dir.path(), "projects/lander.toml", &edited);
    dir
}

/// Lander's first work item gets `extra` lines.
fn first_work_with(extra: &str) -> tempfile::TempDir {
    lander_with(|t| t.replacen("[[work]]\n", &format!("[[work]]\n{extra}\n"), 1))
}

/// The cases where the schema must agree with pm check: (what, program, schema accepts it).
fn cases() -> Vec<(&'static str, tempfile::TempDir, bool)> {
    vec![
        ("the example", fixture("examples/artemis"), true),
        (
            "allow without reason",
            first_work_with("allow = [\"excluded-work\"]"),
            false,
        ),
        (
            "allow with a blank reason",
            first_work_with("allow = [\"excluded-work\"]\nreason = \"  \""),
            false,
        ),
        ("an empty allow", first_work_with("allow = []"), true),
        (
            "dropped work without reason",
            lander_with(|t| t.replacen("status = \"done\"", "status = \"dropped\"", 1)),
            false,
        ),
        (
            "a date-time for a date",
            lander_with(|t| t.replacen("start = 2026-02-01", "start = 2026-02-01T08:00:00", 1)),
            false,
        ),
    ]
}

fn check_jsonschema(tool: &Path, root: &Path) -> bool {
    ["program", "project"].iter().all(|which| {
        let files = example_files()
            .into_iter()
            .filter(|(_, w)| w == which)
            .map(|(rel, _)| root.join(rel));
        Command::new(tool)
            .arg("--schemafile")
            .arg(root.join(format!("schema/{which}.schema.json")))
            .args(files)
            .output()
            .expect("run check-jsonschema")
            .status
            .success()
    })
}

fn taplo(tool: &Path, root: &Path) -> bool {
    // No --schema: taplo must find each file's schema through its own #:schema line.
    Command::new(tool)
        .current_dir(root)
        .args(["check", "--no-auto-config"])
        .args(example_files().into_iter().map(|(rel, _)| rel))
        .output()
        .expect("run taplo")
        .status
        .success()
}

fn assert_schema_agrees_with_pm(name: &str, tool: PathBuf, run: fn(&Path, &Path) -> bool) {
    for (what, dir, accepted) in cases() {
        assert_eq!(
            run(&tool, dir.path()),
            accepted,
            "{name} {} {what}",
            if accepted { "refuses" } else { "accepts" }
        );
        let (code, json) = check_json(dir.path());
        let invalid = findings(&json, "PM001").len() + findings(&json, "PM005").len();
        assert_eq!(
            invalid == 0,
            accepted,
            "pm check and the schema disagree on {what} (exit {code}): {json:#}"
        );
    }
}

#[test]
fn check_jsonschema_reads_the_schemas_as_pm_check_reads_the_files() {
    let Some(tool) = outside_tool(
        "check-jsonschema",
        "python3 -m pip install check-jsonschema",
    ) else {
        return;
    };
    assert_schema_agrees_with_pm("check-jsonschema", tool, check_jsonschema);
}

#[test]
fn taplo_reads_the_schemas_as_pm_check_reads_the_files() {
    let Some(tool) = outside_tool("taplo", "npm install @taplo/cli") else {
        return;
    };
    assert_schema_agrees_with_pm("taplo", tool, taplo);
}

#[test]
fn a_quoted_date_is_the_limit_of_what_a_schema_can_tell() {
    // taplo and check-jsonschema both hand the schema a TOML date as a string, so the schema
    // cannot refuse `start = "2026-02-01"` (the README says so); pm check does.
    let dir = lander_with(|t| t.replacen("start = 2026-02-01", "start = \"2026-02-01\"", 1));
    let (_, json) = check_json(dir.path());
    let invalid = findings(&json, "PM001");
    assert!(
        invalid
            .iter()
            .any(|d| d["message"].as_str().unwrap_or_default().contains("date")),
        "{json:#}"
    );
    if let Some(tool) = outside_tool(
        "check-jsonschema",
        "python3 -m pip install check-jsonschema",
    ) {
        assert!(check_jsonschema(&tool, dir.path()));
    }
    if let Some(tool) = outside_tool("taplo", "npm install @taplo/cli") {
        assert!(taplo(&tool, dir.path()));
    }
}
