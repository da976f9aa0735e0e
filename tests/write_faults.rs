//! Faults during writes: a failing rename or a folder pm may not write leaves every file as it
//! was and says why; a pm killed at any moment leaves each file whole (old or new), and the
//! temporary file a killed pm could not remove is removed by the next edit.

mod common;

use std::path::Path;
use std::process::Stdio;
use std::time::{Duration, Instant};

use common::*;

const PROJECT: &str = "projects/tooling.toml";

fn hidden_temp_files(dir: &Path) -> Vec<String> {
    snapshot_tree(dir)
        .into_keys()
        .filter(|p| {
            let name = p.rsplit('/').next().unwrap_or(p);
            name.starts_with('.') && name.ends_with(".tmp")
        })
        .collect()
}

#[test]
fn a_failing_rename_leaves_the_file_intact_and_says_why() {
    let dir = fixture("minimal");
    let before = snapshot_tree(dir.path());
    let out = pm_in(dir.path())
        .args(["work", "add", "tooling", "--title", "Never lands"])
        .env("PM_TEST_FAIL_RENAME", "1")
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains(
            "error: cannot write projects/tooling.toml: rename failed (PM_TEST_FAIL_RENAME is set); the file was left as it was"
        ),
        "{stderr}"
    );
    // Byte for byte, and no temporary file left behind.
    assert_eq!(snapshot_tree(dir.path()), before);
}

#[test]
fn a_failing_rename_of_a_second_file_rolls_the_first_back() {
    // `pm init` commits two new files, program.toml and projects/.keep.
    for nth in ["1", "2"] {
        let dir = empty_dir();
        let out = pm()
            .arg("init")
            .arg(dir.path().join("prog"))
            .args(["--id", "prog", "--name", "Prog"])
            .env("PM_TEST_FAIL_RENAME", nth)
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains("rename failed"), "{stderr}");
        let left: Vec<String> = snapshot_tree(&dir.path().join("prog"))
            .into_keys()
            .collect();
        assert!(left.is_empty(), "rename {nth} failing left {left:?}");
    }
}

#[test]
fn a_folder_pm_may_not_write_leaves_the_file_intact_and_says_why() {
    use std::os::unix::fs::PermissionsExt;
    let dir = fixture("minimal");
    let before = snapshot_tree(dir.path());
    let projects = dir.path().join("projects");
    let Some(mut cmd) = pm_with_permissions(dir.path()) else {
        eprintln!(
            "note: running as root without setpriv: a read-only folder cannot be tested here"
        );
        return;
    };
    // As a normal user the folder is made read-only; as root pm runs as nobody, for whom the
    // root-owned folders are read-only already.
    std::fs::set_permissions(&projects, std::fs::Permissions::from_mode(0o555)).unwrap();
    let out = cmd
        .args(["work", "add", "tooling", "--title", "Never lands"])
        .output()
        .unwrap();
    std::fs::set_permissions(&projects, std::fs::Permissions::from_mode(0o755)).unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("error: cannot write projects/tooling.toml: Permission denied")
            && stderr.contains("the file was left as it was"),
        "{stderr}"
    );
    assert_eq!(snapshot_tree(dir.path()), before);
}

#[test]
fn the_next_command_removes_temporary_files_a_killed_pm_left() {
    let dir = fixture("minimal");
    write(
        dir.path(),
        "projects/.tooling.toml.pm-999999.tmp",
        "[project]\nid = \"half",
    );
    write(dir.path(), "projects/sub/.x.toml.pm-42.tmp", "");
    // Not pm's: kept.
    write(dir.path(), "projects/.keep", "");
    write(dir.path(), "projects/.notes.pm-1.tmp", "");
    // The loader never reads them: they are hidden.
    let (code, json) = check_json(dir.path());
    assert_eq!(code, 0, "{json}");
    // Edits stage in the program root; temporary files elsewhere (a folder on another file
    // system) are found by the next edit, which looks through the whole tree under its lock.
    let out = pm_in(dir.path())
        .args(["work", "add", "tooling", "--title", "After a crash"])
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stderr}");
    for rel in [
        "projects/.tooling.toml.pm-999999.tmp",
        "projects/sub/.x.toml.pm-42.tmp",
    ] {
        assert!(
            stderr.contains(&format!(
                "note: removed {rel}, left behind by an interrupted pm"
            )),
            "{stderr}"
        );
        assert!(!dir.path().join(rel).exists(), "{rel}");
    }
    assert!(dir.path().join("projects/.keep").exists());
    assert!(dir.path().join("projects/.notes.pm-1.tmp").exists());
    assert!(read(dir.path(), PROJECT).contains("After a crash"));

    // One in the root, where a crash leaves them, is seen by any command, pm check included.
    write(dir.path(), ".program.toml.pm-1-0.tmp", "");
    let out = pm_in(dir.path()).args(["check"]).output().unwrap();
    // The untraced work added above is a finding: exit 1, not a failure to check.
    assert_eq!(out.status.code(), Some(1));
    assert!(
        String::from_utf8_lossy(&out.stderr)
            .contains("note: removed .program.toml.pm-1-0.tmp, left behind by an interrupted pm")
    );
    assert!(!dir.path().join(".program.toml.pm-1-0.tmp").exists());
}

/// A small xorshift generator: random delays without another dependency.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }
}

/// What the project file holds after `pm work add ... --title TITLE` on `before`, computed on
/// a copy by an edit that runs to the end.
fn expected_after(dir: &Path, before: &str, title: &str) -> String {
    let copy = empty_dir();
    copy_dir(dir, copy.path());
    for temp in hidden_temp_files(copy.path()) {
        std::fs::remove_file(copy.path().join(temp)).unwrap();
    }
    write(copy.path(), PROJECT, before);
    pm_in(copy.path())
        .args(["work", "add", "tooling", "--title", title])
        .assert()
        .success();
    read(copy.path(), PROJECT)
}

#[test]
fn a_pm_killed_mid_write_never_leaves_half_a_file() {
    let dir = fixture("minimal");
    // A project file big enough that writing it takes a moment.
    let mut text = read(dir.path(), PROJECT);
    for i in 0..6000 {
        text.push_str(&format!(
            "\n# filler {i}\n[[work]]\nid = \"filler-{i}\"\ntitle = \"Filler {i}\"\ndeliverable = \"cache\"\n"
        ));
    }
    write(dir.path(), PROJECT, &text);
    // How long one edit takes, to spread the kills over its whole run.
    let started = Instant::now();
    pm_in(dir.path())
        .args(["work", "add", "tooling", "--title", "Timing run"])
        .assert()
        .success();
    let full = started.elapsed().as_micros() as u64;
    let seed = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(1, |d| d.as_nanos() as u64)
        | 1;
    eprintln!("one edit takes {full} µs; kill delays seeded with {seed}");
    let mut rng = Rng(seed);
    let bin = assert_cmd::cargo::cargo_bin("pm");
    let (mut old, mut new, mut temp_left) = (0, 0, 0);
    for i in 0..50 {
        let before = read(dir.path(), PROJECT);
        let title = format!("Killed edit {i}");
        let mut child = std::process::Command::new(&bin)
            .arg("-C")
            .arg(dir.path())
            .args(["work", "add", "tooling", "--title", &title])
            .env_remove("PM_PROGRAM")
            .env("PM_TODAY", "2026-06-15")
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // The write is the last moment of a run: aim most kills near the end.
        let delay = if i % 2 == 0 {
            rng.below(full * 6 / 5)
        } else {
            full * 7 / 10 + rng.below(full * 4 / 10)
        };
        std::thread::sleep(Duration::from_micros(delay));
        let _ = child.kill();
        let _ = child.wait();
        let after = read(dir.path(), PROJECT);
        if after == before {
            old += 1;
        } else {
            // Not assert_eq: the file is too long to print.
            assert!(
                after == expected_after(dir.path(), &before, &title),
                "run {i}: the file is neither the old nor the new content"
            );
            new += 1;
        }
        // Whatever is there still parses as a project with every earlier work item.
        assert!(after.parse::<toml_edit::DocumentMut>().is_ok(), "run {i}");
        if !hidden_temp_files(dir.path()).is_empty() {
            temp_left += 1;
        }
    }
    eprintln!("50 kills: {old} left the old file, {new} the new one, {temp_left} a temporary file");
    // The next edit cleans up whatever a kill left, and the tree is then free of temp files.
    pm_in(dir.path())
        .args(["work", "add", "tooling", "--title", "After the kills"])
        .assert()
        .success();
    assert_eq!(hidden_temp_files(dir.path()), Vec::<String>::new());
    let (code, json) = check_json(dir.path());
    assert!(findings(&json, "PM001").is_empty(), "exit {code}: {json}");
}
