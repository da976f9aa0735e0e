//! Reviewing a pull request (SPEC §9) on real Git repositories made here: `pm check --base`,
//! `pm diff`, fingerprints across commits, repository paths for GitHub, shallow clones,
//! unknown revisions, and a repository whose configuration tries to make git run programs.

mod common;
use common::*;

use std::path::{Path, PathBuf};

use serde_json::Value;

/// Where the program sits in every test repository: not at the top, as in a monorepo.
const SUB: &str = "programs/review";

/// `git ARGS` in `dir` as any machine runs it: a fixed author and date, no user or system
/// configuration, no signing. Panics with git's message when it fails.
fn git(dir: &Path, args: &[&str]) -> String {
    let out = git_command(
        dir,
        ("pm tests", "tests@example.invalid"),
        "2026-06-01T12:00:00Z",
    )
    .args([
        "-c",
        "core.autocrlf=false",
        "-c",
        "protocol.file.allow=always",
    ])
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

fn have_git() -> bool {
    outside_tool("git", "apt-get install git").is_some()
}

fn review(side: &str) -> PathBuf {
    fixtures_dir().join("review").join(side)
}

/// Replaces the program folder's files with those of `src`.
fn put_program(program: &Path, src: &Path) {
    if program.exists() {
        std::fs::remove_dir_all(program).expect("clear the program");
    }
    copy_dir(src, program);
}

/// A repository whose branch `main` has the base review program in programs/review, and the
/// program folder's path.
fn repo() -> Option<(tempfile::TempDir, PathBuf)> {
    if !have_git() {
        return None;
    }
    let dir = empty_dir();
    git(dir.path(), &["init", "-q"]);
    write(
        dir.path(),
        "README.md",
        "A repository that holds a program\n",
    );
    let program = dir.path().join(SUB);
    put_program(&program, &review("base"));
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-q", "-m", "base"]);
    Some((dir, program))
}

/// Runs pm with ARGS in the program folder; returns (exit code, stdout, stderr).
fn run(program: &Path, args: &[&str]) -> (i32, String, String) {
    let out = pm_in(program).args(args).output().expect("run pm");
    (out.status.code().unwrap_or(-1), stdout(&out), stderr(&out))
}

fn json(program: &Path, args: &[&str]) -> (i32, Value) {
    let (code, out, err) = run(program, args);
    let v = serde_json::from_str(&out).unwrap_or_else(|e| panic!("{e}: {out}{err}"));
    (code, v)
}

fn codes(v: &Value) -> Vec<String> {
    v["diagnostics"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["code"].as_str().unwrap().to_owned())
        .collect()
}

const NEW_UNTRACED_WORK: &str = "
[[work]]
id = \"stray\"
title = \"Stray work\"
deliverable = \"nothing-like-it\"
";

#[test]
fn a_finding_on_base_is_hidden_and_a_new_one_shown() {
    let Some((dir, program)) = repo() else { return };
    let alpha = program.join("projects/alpha.toml");
    let text = std::fs::read_to_string(&alpha).unwrap();
    std::fs::write(&alpha, format!("{text}{NEW_UNTRACED_WORK}")).unwrap();

    let (code, all) = json(&program, &["check", "--format", "json"]);
    assert_eq!(code, 1);
    assert_eq!(codes(&all), ["PM101", "PM201", "PM205", "PM205", "PM101"]);

    let (code, new) = json(&program, &["check", "--base", "main", "--format", "json"]);
    assert_eq!(code, 1, "the new finding is an error");
    assert_eq!(codes(&new), ["PM101"]);
    assert_eq!(new["diagnostics"][0]["work"], "stray");
    let sha = git(dir.path(), &["rev-parse", "main"]);
    assert_eq!(
        new["summary"],
        serde_json::json!({"errors": 1, "warnings": 0, "baseline": {"rev": sha, "hidden": 4}})
    );
    let (code, out, _) = run(&program, &["check", "--base", "main"]);
    assert_eq!(code, 1);
    assert!(
        out.ends_with("1 error, 0 warnings; 4 findings already on main not shown\n"),
        "{out}"
    );
    assert!(
        out.contains("'stray'") && !out.contains("antenna-mast"),
        "{out}"
    );
}

#[test]
fn a_finding_moved_30_lines_down_stays_hidden_and_the_exit_status_counts_new_ones_only() {
    let Some((_dir, program)) = repo() else {
        return;
    };
    let alpha = program.join("projects/alpha.toml");
    let text = std::fs::read_to_string(&alpha).unwrap();
    let comments: String = (1..=30).map(|i| format!("# note {i}\n")).collect();
    std::fs::write(&alpha, format!("{comments}{text}")).unwrap();
    // The program's files in another order: beta's items reversed.
    let beta = program.join("projects/beta.toml");
    let text = std::fs::read_to_string(&beta).unwrap();
    let (head, items) = text.split_at(text.find("[[assignment]]").unwrap());
    let mut parts: Vec<&str> = items.split_inclusive("\n\n").collect();
    parts.reverse();
    std::fs::write(&beta, format!("{head}{}\n", parts.concat().trim_end())).unwrap();

    let (_, all) = json(&program, &["check", "--format", "json"]);
    let untraced = &all["diagnostics"][0];
    assert_eq!(untraced["work"], "antenna-mast");
    assert_eq!(untraced["line"], 76, "the finding did move 30 lines down");

    let (code, new) = json(&program, &["check", "--base", "main", "--format", "json"]);
    assert_eq!(codes(&new), Vec::<String>::new(), "{new:#}");
    assert_eq!(new["summary"]["baseline"]["hidden"], 4);
    assert_eq!(code, 0, "old errors do not fail the check");
    let (code, _, _) = run(&program, &["check", "--base", "main", "--deny-warnings"]);
    assert_eq!(code, 0);
}

#[test]
fn pm_diff_lists_a_resolved_finding_by_its_fingerprint() {
    let Some((_dir, program)) = repo() else {
        return;
    };
    let (_, before) = json(&program, &["check", "--format", "json"]);
    let fingerprint = before["diagnostics"][0]["fingerprint"].clone();
    let alpha = program.join("projects/alpha.toml");
    let text = std::fs::read_to_string(&alpha).unwrap();
    std::fs::write(
        &alpha,
        text.replace("deliverable = \"mast\"", "deliverable = \"frame\""),
    )
    .unwrap();

    let (code, diff) = json(&program, &["diff", "--format", "json"]);
    assert_eq!(code, 0);
    assert_eq!(diff["findings"]["introduced"], serde_json::json!([]));
    let resolved = diff["findings"]["resolved"].as_array().unwrap();
    assert_eq!(resolved.len(), 1, "{diff:#}");
    assert_eq!(resolved[0]["code"], "PM101");
    assert_eq!(resolved[0]["fingerprint"], fingerprint);
    assert_eq!(
        diff["changes"],
        serde_json::json!([{"change": "changed", "item": "work", "project": "alpha",
            "id": "antenna-mast", "fields": {"deliverable": {"from": "mast", "to": "frame"}}}])
    );
    let (_, out, _) = run(&program, &["diff"]);
    assert!(out.contains("resolved   error[PM101]"), "{out}");
}

#[test]
fn in_a_git_work_tree_sarif_and_github_paths_start_at_the_top_level() {
    let Some((_dir, program)) = repo() else {
        return;
    };
    let (_, sarif, _) = run(&program, &["check", "--format", "sarif"]);
    let v: Value = serde_json::from_str(&sarif).unwrap();
    for r in v["runs"][0]["results"].as_array().unwrap() {
        let uri = r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
            .as_str()
            .unwrap();
        assert!(uri.starts_with("programs/review/projects/"), "{uri}");
    }
    if let Some(valid) = sarif_schema_accepts(&sarif) {
        assert!(valid);
    }
    let (_, github, _) = run(&program, &["check", "--format", "github"]);
    for line in github.lines() {
        assert!(
            line.contains(" file=programs/review/projects/alpha.toml,"),
            "{line}"
        );
    }
    // For people and scripts, paths stay relative to the program folder.
    let (_, v) = json(&program, &["check", "--format", "json"]);
    assert_eq!(v["diagnostics"][0]["file"], "projects/alpha.toml");
    let (_, human, _) = run(&program, &["check"]);
    assert!(human.contains("--> projects/alpha.toml:"), "{human}");
    // From a folder below the program, the same.
    let again = pm()
        .current_dir(program.join("projects"))
        .args(["check", "--format", "github"])
        .output()
        .unwrap();
    assert_eq!(stdout(&again), github);
}

#[test]
fn outside_git_sarif_and_github_paths_are_relative_to_the_program() {
    let dir = fixture("review/base");
    let (_, github, _) = run(dir.path(), &["check", "--format", "github"]);
    assert!(
        github.starts_with("::error file=projects/alpha.toml,"),
        "{github}"
    );
}

#[test]
fn a_base_without_the_program_folder_makes_every_finding_new() {
    if !have_git() {
        return;
    }
    let dir = empty_dir();
    git(dir.path(), &["init", "-q"]);
    write(dir.path(), "README.md", "Before the program\n");
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-q", "-m", "readme"]);
    let program = dir.path().join(SUB);
    put_program(&program, &review("base"));
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-q", "-m", "program"]);

    let (code, out, err) = run(&program, &["check", "--base", "HEAD~1", "--format", "json"]);
    assert_eq!(code, 1);
    let v: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(codes(&v).len(), 4);
    assert_eq!(v["summary"]["baseline"]["hidden"], 0);
    assert!(
        err.contains("HEAD~1 has no program.toml in programs/review"),
        "{err}"
    );
    let (code, diff) = json(&program, &["diff", "HEAD~1", "HEAD", "--format", "json"]);
    assert_eq!(code, 0);
    let projects: Vec<&Value> = diff["changes"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|c| c["item"] == "project")
        .collect();
    assert_eq!(projects.len(), 3);
    assert!(projects.iter().all(|c| c["change"] == "added"));
    assert_eq!(diff["findings"]["introduced"].as_array().unwrap().len(), 4);
}

#[test]
fn a_shallow_clone_says_what_to_fetch_and_works_once_the_base_is_fetched() {
    let Some((origin, program)) = repo() else {
        return;
    };
    git(origin.path(), &["checkout", "-q", "-b", "feature"]);
    let alpha = program.join("projects/alpha.toml");
    let text = std::fs::read_to_string(&alpha).unwrap();
    std::fs::write(&alpha, format!("{text}{NEW_UNTRACED_WORK}")).unwrap();
    git(origin.path(), &["commit", "-q", "-am", "stray work"]);

    let ci = empty_dir();
    let url = format!("file://{}", origin.path().display());
    git(
        ci.path(),
        &[
            "clone",
            "-q",
            "--depth",
            "1",
            "--branch",
            "feature",
            "--single-branch",
            &url,
            "clone",
        ],
    );
    let clone = ci.path().join("clone");
    let program = clone.join(SUB);
    for rev in ["origin/main", "HEAD~1"] {
        let (code, _, err) = run(&program, &["check", "--base", rev]);
        assert_eq!(code, 2, "{err}");
        assert!(
            err.starts_with(&format!(
                "error: '{rev}' is not in this clone: it is shallow"
            )),
            "{err}"
        );
        assert!(err.contains("git fetch --depth=1 origin BRANCH"), "{err}");
    }
    // What a CI job fetches: the tip of the base branch alone, depth 1.
    git(
        &clone,
        &[
            "fetch",
            "-q",
            "--depth=1",
            "origin",
            "main:refs/remotes/origin/main",
        ],
    );
    let (code, v) = json(
        &program,
        &["check", "--base", "origin/main", "--format", "json"],
    );
    assert_eq!(code, 1);
    assert_eq!(codes(&v), ["PM101"]);
    assert_eq!(v["summary"]["baseline"]["hidden"], 4);
    let (code, diff) = json(&program, &["diff", "origin/main", "--format", "json"]);
    assert_eq!(code, 0);
    assert_eq!(diff["findings"]["introduced"][0]["code"], "PM101");
}

#[test]
fn an_unknown_revision_or_no_repository_is_exit_2_saying_so() {
    let Some((_dir, program)) = repo() else {
        return;
    };
    let err = refused(&program, &["check", "--base", "no-such-branch"]);
    assert!(
        err.starts_with("error: unknown revision 'no-such-branch'"),
        "{err}"
    );
    assert!(err.contains("git fetch origin BRANCH"), "{err}");
    let err = refused(&program, &["diff", "no-such-branch"]);
    assert!(err.contains("unknown revision 'no-such-branch'"), "{err}");
    // A blob is no commit.
    let blob = git(&program, &["rev-parse", "HEAD:README.md"]);
    refused(&program, &["check", "--base", &blob]);

    let outside = fixture("review/base");
    let err = refused(outside.path(), &["check", "--base", "main"]);
    assert!(err.contains("is not in a Git repository"), "{err}");
    let err = refused(outside.path(), &["diff"]);
    assert!(err.contains("is not in a Git repository"), "{err}");
}

/// Commands a hostile repository configuration would have git run; each writes a file.
fn booby_trap(repo: &Path, marks: &Path) {
    let mark = |name: &str| format!("touch '{}'", marks.join(name).display());
    for (key, value) in [
        ("core.pager", mark("pager")),
        ("pager.rev-parse", mark("pager-rev-parse")),
        ("pager.cat-file", mark("pager-cat-file")),
        (
            "core.fsmonitor",
            marks.join("fsmonitor.sh").display().to_string(),
        ),
        ("diff.external", mark("external-diff")),
        ("filter.trap.smudge", mark("smudge")),
        ("filter.trap.clean", mark("clean")),
        ("filter.trap.process", mark("filter-process")),
        ("diff.trap.textconv", mark("textconv")),
        ("core.hooksPath", marks.join("hooks").display().to_string()),
        ("core.sshCommand", mark("ssh")),
        ("credential.helper", format!("!{}", mark("credential"))),
    ] {
        git(repo, &["config", key, &value]);
    }
    write(repo, ".gitattributes", "* filter=trap diff=trap\n");
    let script = format!("#!/bin/sh\n{}\n", mark("fsmonitor"));
    write(marks, "fsmonitor.sh", &script);
    for hook in [
        "post-checkout",
        "reference-transaction",
        "pre-auto-gc",
        "post-index-change",
    ] {
        write(
            marks,
            &format!("hooks/{hook}"),
            &format!("#!/bin/sh\n{}\n", mark(hook)),
        );
    }
    use std::os::unix::fs::PermissionsExt;
    for rel in [
        "fsmonitor.sh",
        "hooks/post-checkout",
        "hooks/reference-transaction",
    ] {
        let path = marks.join(rel);
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
}

#[test]
fn a_revision_is_data_and_the_repository_configuration_runs_nothing() {
    let Some((dir, program)) = repo() else { return };
    let index = std::fs::read(dir.path().join(".git/index")).unwrap();
    let marks = empty_dir();
    booby_trap(dir.path(), marks.path());
    let tree = snapshot_tree(&program);

    let out_file = marks.path().join("written-by-git");
    for rev in [
        format!("--output={}", out_file.display()),
        "-c core.pager=touch x".to_owned(),
        "--exec-path=/tmp".to_owned(),
    ] {
        let err = refused(&program, &["check", &format!("--base={rev}")]);
        assert!(err.contains("a revision cannot start with '-'"), "{err}");
        let out = pm_in(&program).args(["diff", "--", &rev]).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{}", stderr(&out));
    }
    assert!(!out_file.exists());

    for args in [
        &["check", "--base", "main", "--format", "sarif"][..],
        &["check", "--base", "HEAD", "--format", "github"],
        &["diff", "main", "--format", "markdown"],
        &["diff", "HEAD~0", "main"],
    ] {
        let (code, _, err) = run(&program, args);
        assert!(code == 0 || code == 1, "{args:?}: {err}");
    }
    let ran: Vec<String> = std::fs::read_dir(marks.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != "hooks" && n != "fsmonitor.sh")
        .collect();
    assert_eq!(ran, Vec::<String>::new(), "git ran these for pm");
    assert_eq!(snapshot_tree(&program), tree, "the work tree is untouched");
    assert_eq!(
        std::fs::read(dir.path().join(".git/index")).unwrap(),
        index,
        "the index is untouched"
    );
}

/// The head review program laid over the base one in the work tree (gamma removed, delta
/// added): a change that touches every kind SPEC §9 lists.
fn changed_repo() -> Option<(tempfile::TempDir, PathBuf, String)> {
    let (dir, program) = repo()?;
    put_program(&program, &review("head"));
    let sha = git(dir.path(), &["rev-parse", "main"]);
    Some((dir, program, sha))
}

/// Output with the base commit's id replaced, so the snapshot does not depend on it.
fn redacted(text: &str, sha: &str) -> String {
    text.replace(sha, "<base sha>").replace(&sha[..7], "<base>")
}

#[test]
fn diff_snapshots_of_a_change_touching_every_kind() {
    let Some((_dir, program, sha)) = changed_repo() else {
        return;
    };
    for format in ["human", "markdown", "json"] {
        let (code, out, err) = run(&program, &["diff", "main", "--format", format]);
        assert_eq!(code, 0, "{err}");
        assert_eq!(err, "");
        insta::assert_snapshot!(format!("diff_{format}"), redacted(&out, &sha));
    }
}

#[test]
fn diff_json_names_every_change_kind_of_the_spec() {
    let Some((dir, program, sha)) = changed_repo() else {
        return;
    };
    let (_, diff) = json(&program, &["diff", "main", "--format", "json"]);
    assert_eq!(diff["schema_version"], 1);
    assert_eq!(diff["kind"], "diff");
    assert_eq!(diff["base"], sha.as_str());
    assert_eq!(diff["head"], "worktree");
    let kinds: std::collections::BTreeSet<(String, String)> = diff["changes"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["item"].as_str().unwrap().to_owned(),
                c["change"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    for (item, change) in [
        ("project", "added"),
        ("project", "removed"),
        ("project", "changed"),
        ("charter", "changed"),
        ("deliverable", "added"),
        ("deliverable", "removed"),
        ("exclusion", "added"),
        ("exclusion", "removed"),
        ("work", "added"),
        ("work", "removed"),
        ("work", "moved"),
        ("work", "changed"),
        ("assignment", "added"),
        ("assignment", "removed"),
        ("assignment", "changed"),
        ("person", "added"),
        ("person", "removed"),
        ("person", "changed"),
        ("benefit", "added"),
        ("request", "opened"),
        ("request", "filled"),
        ("request", "withdrawn"),
    ] {
        assert!(
            kinds.contains(&(item.to_owned(), change.to_owned())),
            "no {item} {change} in {diff:#}"
        );
    }
    let status = diff["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["item"] == "project" && c["change"] == "changed")
        .unwrap();
    assert_eq!(
        status["fields"]["status"],
        serde_json::json!({"from": "active", "to": "on-hold"})
    );
    let moved = diff["changes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["change"] == "moved")
        .unwrap();
    assert_eq!(moved["from_project"], "alpha");
    assert_eq!(moved["project"], "beta");
    let codes = |key: &str| -> Vec<String> {
        diff["findings"][key]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["code"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(codes("introduced"), ["PM102", "PM205"]);
    assert_eq!(codes("resolved"), ["PM201", "PM205", "PM205"]);
    let ana: Vec<&Value> = diff["load"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["person"] == "ana")
        .collect();
    assert!(
        ana.iter()
            .any(|l| l["month"] == "2026-05" && l["from"] == 110 && l["to"] == 90),
        "{ana:?}"
    );
    // Between two commits, the same answer.
    git(dir.path(), &["checkout", "-q", "-b", "change"]);
    git(dir.path(), &["add", "-A"]);
    git(dir.path(), &["commit", "-q", "-m", "change"]);
    let (_, committed) = json(&program, &["diff", "main", "change", "--format", "json"]);
    assert_eq!(committed["changes"], diff["changes"]);
    assert_eq!(committed["findings"], diff["findings"]);
    assert_eq!(committed["load"], diff["load"]);
    assert_eq!(
        committed["head"],
        git(dir.path(), &["rev-parse", "HEAD"]).as_str()
    );
}

#[test]
fn diff_markdown_renders_as_github_shows_it() {
    let Some((_dir, program, _)) = changed_repo() else {
        return;
    };
    if !python_modules(&["cmarkgfm"], "python3 -m pip install cmarkgfm") {
        return;
    }
    let (_, md, _) = run(&program, &["diff", "main", "--format", "markdown"]);
    let html = python(
        "import sys, cmarkgfm; from cmarkgfm.cmark import Options; \
         print(cmarkgfm.github_flavored_markdown_to_html(sys.stdin.read(), options=Options.CMARK_OPT_UNSAFE))",
        &[],
        &md,
    );
    assert!(html.contains("<h4>Assignments</h4>"), "{html}");
    assert!(html.contains("<table>"), "{html}");
    assert!(html.contains("<td>ana</td>"), "{html}");
    assert!(html.contains("<strong>110%!</strong>"), "{html}");
}

#[test]
fn pm_diff_lists_dependencies_added_changed_and_removed() {
    if !have_git() {
        return;
    }
    let dir = fixture("dependencies");
    let d = dir.path();
    git(d, &["init", "-q"]);
    git(d, &["add", "."]);
    git(d, &["commit", "-qm", "base"]);
    ok(
        d,
        &[
            "depend",
            "set",
            "rover/cabin-shape",
            "--needed-by",
            "2026-11-15",
        ],
    );
    ok(
        d,
        &[
            "depend",
            "add",
            "drill",
            "engine",
            "--on",
            "lander/engine",
            "--needed-by",
            "2026-12-01",
        ],
    );
    let (code, out, err) = run(d, &["diff", "HEAD"]);
    assert_eq!(code, 0, "{err}");
    assert!(
        out.contains(
            "\nDependencies\n  added      drill/engine: on lander/engine, needed_by 2026-12-01, for none\n  changed    rover/cabin-shape: needed_by 2026-10-01 → 2026-11-15\n"
        ),
        "{out}"
    );
    ok(d, &["depend", "remove", "rover/cabin-shape"]);
    let (_, v) = json(d, &["diff", "HEAD", "--format", "json"]);
    let deps: Vec<(String, String)> = v["changes"]
        .as_array()
        .expect("changes")
        .iter()
        .filter(|c| c["item"] == "dependency")
        .map(|c| {
            (
                c["change"].as_str().unwrap_or_default().to_owned(),
                format!(
                    "{}/{}",
                    c["project"].as_str().unwrap_or_default(),
                    c["id"].as_str().unwrap_or_default()
                ),
            )
        })
        .collect();
    assert_eq!(
        deps,
        [
            ("added".to_owned(), "drill/engine".to_owned()),
            ("removed".to_owned(), "rover/cabin-shape".to_owned()),
        ]
    );
}
