//! `--dry-run`: every edit command prints the unified diff of what it would write, and writes
//! nothing; the diff is what the edit writes (`git apply` of it gives the same files); commands
//! that write nothing refuse it.

mod common;

use std::path::Path;

use common::*;

const FIXTURE: &str = "lifecycle";

/// Runs `args` with `--dry-run`: it must succeed, print a diff and leave the tree alone.
fn dry(dir: &Path, args: &[&str]) -> (String, String) {
    let before = snapshot_tree(dir);
    let out = pm_in(dir)
        .arg("--dry-run")
        .args(args)
        .output()
        .expect("run pm");
    assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
    assert_eq!(snapshot_tree(dir), before, "{args:?} --dry-run wrote");
    (stdout(&out), stderr(&out))
}

#[test]
fn a_dry_run_prints_the_diff_and_what_the_edit_would_say() {
    let dir = fixture(FIXTURE);
    let (diff, said) = dry(
        dir.path(),
        &[
            "work",
            "set",
            "analytics/monthly-reports",
            "--status",
            "doing",
        ],
    );
    assert_eq!(
        diff,
        "diff --git a/projects/analytics.toml b/projects/analytics.toml
--- a/projects/analytics.toml
+++ b/projects/analytics.toml
@@ -46,6 +46,7 @@
 id = \"monthly-reports\"
 title = \"Write the monthly reports\"
 deliverable = \"reports\"
+status = \"doing\"
 
 # Tom, in two stints.
 [[assignment]]
"
    );
    assert_eq!(
        said,
        "would have: set status = doing of work monthly-reports in projects/analytics.toml
note: --dry-run: nothing was written
"
    );
    // The flag may come after the command, as any global option.
    let before = snapshot_tree(dir.path());
    let out = pm_in(dir.path())
        .args(["person", "set", "raj", "--capacity", "90", "--dry-run"])
        .output()
        .expect("run pm");
    assert_eq!(out.status.code(), Some(0));
    assert!(
        stdout(&out).contains("+capacity = 90\n"),
        "{}",
        stdout(&out)
    );
    assert_eq!(snapshot_tree(dir.path()), before);
}

#[test]
fn a_dry_run_of_a_rename_shows_the_file_created_and_the_file_removed() {
    let dir = fixture(FIXTURE);
    let (diff, _) = dry(dir.path(), &["project", "rename", "quiet", "calm"]);
    assert!(
        diff.starts_with(
            "diff --git a/projects/calm.toml b/projects/calm.toml\nnew file mode 100644\n--- /dev/null\n+++ b/projects/calm.toml\n"
        ),
        "{diff}"
    );
    assert!(
        diff.contains(
            "diff --git a/projects/quiet.toml b/projects/quiet.toml\ndeleted file mode 100644\n--- a/projects/quiet.toml\n+++ /dev/null\n"
        ),
        "{diff}"
    );
    assert!(
        diff.contains("+id = \"calm\"\n") && diff.contains("-id = \"quiet\"\n"),
        "{diff}"
    );
}

#[test]
fn a_refused_edit_is_refused_the_same_under_dry_run() {
    let dir = fixture(FIXTURE);
    let err = refused(dir.path(), &["--dry-run", "person", "remove", "tom"]);
    assert!(err.contains("tom is still named in 9 places"), "{err}");
    let err = refused(
        dir.path(),
        &["--dry-run", "assign", "tom", "quiet", "--allocation", "50"],
    );
    assert!(err.contains("would over-allocate tom"), "{err}");
}

#[test]
fn commands_that_write_nothing_refuse_dry_run() {
    let dir = fixture(FIXTURE);
    for args in [
        &["check"][..],
        &["project", "list"],
        &["report", "people"],
        &["balance"],
        &["assignment", "list"],
        &["fmt", "--check"],
    ] {
        let mut with: Vec<&str> = vec!["--dry-run"];
        with.extend_from_slice(args);
        let err = refused(dir.path(), &with);
        assert!(
            err.contains("--dry-run shows what an edit would write; this command writes nothing"),
            "{args:?}: {err}"
        );
    }
}

/// `git apply` of the dry run's diff gives exactly the files the edit writes.
#[test]
fn the_diff_is_what_the_edit_writes() {
    if std::process::Command::new("git")
        .arg("--version")
        .output()
        .is_err()
    {
        skipped("`git` is not installed (apt-get install git), so the diff is not applied");
        return;
    }
    let edits: &[&[&str]] = &[
        &[
            "work",
            "set",
            "analytics/build-dashboard",
            "--status",
            "done",
            "--assignee",
            "",
        ],
        &["person", "rename", "tom", "thomas"],
        &["project", "rename", "analytics", "insights"],
        &[
            "scope",
            "remove",
            "analytics",
            "dashboard",
            "--retrace-to",
            "reports",
        ],
        &["benefit", "set", "science", "--id", "research"],
        &["person", "off", "tom", "--cancel", "--from", "2026-08-03"],
        &["fmt"],
    ];
    for args in edits {
        let dry_dir = fixture(FIXTURE);
        let (diff, _) = dry(dry_dir.path(), args);
        assert!(!diff.is_empty(), "{args:?} printed no diff");
        let mut git = std::process::Command::new("git");
        git.current_dir(dry_dir.path())
            .args(["apply", "--whitespace=nowarn", "-"])
            .stdin(std::process::Stdio::piped());
        let mut child = git.spawn().expect("start git apply");
        {
            use std::io::Write;
            child
                .stdin
                .take()
                .expect("stdin")
                .write_all(diff.as_bytes())
                .expect("write the diff");
        }
        let out = child.wait_with_output().expect("git apply");
        assert!(
            out.status.success(),
            "{args:?}: git apply refused the diff: {}\n{diff}",
            stderr(&out)
        );
        let real = fixture(FIXTURE);
        ok(real.path(), args);
        assert_eq!(
            snapshot_tree(dry_dir.path()),
            snapshot_tree(real.path()),
            "{args:?}: the diff applied is not what the edit writes"
        );
    }
}

#[test]
fn init_under_dry_run_creates_nothing() {
    let dir = empty_dir();
    let out = pm()
        .current_dir(dir.path())
        .args([
            "--dry-run",
            "init",
            "moon",
            "--id",
            "moon",
            "--name",
            "Moon",
        ])
        .output()
        .expect("run pm");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let diff = stdout(&out);
    assert!(
        diff.starts_with("diff --git a/program.toml b/program.toml\nnew file mode 100644\n"),
        "{diff}"
    );
    assert!(
        diff.contains("diff --git a/projects/.gitkeep b/projects/.gitkeep\nnew file mode 100644\n"),
        "{diff}"
    );
    assert!(!dir.path().join("moon").exists(), "the folder was made");
}
