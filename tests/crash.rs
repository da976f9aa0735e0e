//! A crash at any instant of an edit leaves the program as it was, or as the edit makes it, once
//! the next pm command has run: the edits of several files are killed at every step of their
//! write (every temporary file written and synced, every rename, removal and folder sync, the
//! journal's own steps, and the steps of the recovery itself), and 300 times at random moments.

mod common;

use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

use common::*;

type Tree = BTreeMap<String, Vec<u8>>;

/// The edits under test: each changes several files (or creates or removes one), so each is a
/// transaction.
const EDITS: &[&[&str]] = &[
    &[
        "work",
        "move",
        "lander/relay-site-survey",
        "--to",
        "comms-relay",
    ],
    &[
        "work",
        "move",
        "lander/relay-site-survey",
        "--new-project",
        "relay-survey",
    ],
    &[
        "reassign",
        "priya",
        "--from-project",
        "lander",
        "--to-project",
        "spacesuits",
        "--on",
        "2026-09-01",
    ],
    // Four files, each with references to priya.
    &["person", "rename", "priya", "priya-raman"],
    // A new file, the removal of the old one, and the dependencies of spacesuits and
    // ground-systems on its deliverables.
    &["project", "rename", "lander", "moon-lander"],
    // A deliverable's new id, and the dependency of spacesuits that waits on it.
    &[
        "scope",
        "set",
        "lander",
        "ascent-stage",
        "--id",
        "ascent-module",
    ],
];

/// What the program holds before and after `args`, run without a crash.
fn before_and_after(args: &[&str]) -> (Tree, Tree) {
    let dir = fixture("examples/artemis");
    let before = snapshot_tree(dir.path());
    ok(dir.path(), args);
    (before, snapshot_tree(dir.path()))
}

/// Files pm must never leave behind in the tree.
fn leftovers(tree: &Tree) -> Vec<&String> {
    tree.keys()
        .filter(|rel| {
            let name = rel.rsplit('/').next().unwrap_or(rel);
            name.ends_with(".tmp") || name == ".pm-journal"
        })
        .collect()
}

fn describe(tree: &Tree, before: &Tree, after: &Tree) -> String {
    let differs = |other: &Tree| {
        tree.keys()
            .chain(other.keys())
            .filter(|k| tree.get(*k) != other.get(*k))
            .cloned()
            .collect::<std::collections::BTreeSet<_>>()
    };
    format!(
        "differs from before in {:?}, from after in {:?}",
        differs(before),
        differs(after)
    )
}

/// After a crash: the next command (here `pm check`) completes or discards what was left, and
/// the program is exactly as before or exactly as after, with nothing left over. Says which.
fn assert_old_or_new(dir: &Path, before: &Tree, after: &Tree, what: &str) -> bool {
    let out = pm_in(dir).args(["check"]).output().expect("run pm check");
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{what}: pm check after the crash: {}",
        stderr(&out)
    );
    let now = snapshot_tree(dir);
    assert!(
        leftovers(&now).is_empty(),
        "{what}: left {:?}",
        leftovers(&now)
    );
    assert!(
        now == *before || now == *after,
        "{what}: the program is neither as before nor as after: {}",
        describe(&now, before, after)
    );
    // And it is a program pm can work on: the next edit goes through.
    ok(dir, &["person", "add", "after-crash"]);
    now == *after
}

/// Runs `args` killed at step `n` of its writes; `None` when it finished before step `n`.
fn killed_at(dir: &Path, args: &[&str], n: usize) -> Option<std::process::Output> {
    let out = pm_in(dir)
        .args(args)
        .env("PM_TEST_CRASH_AT", n.to_string())
        .output()
        .expect("run pm");
    if out.status.success() {
        return None;
    }
    assert_eq!(
        out.status.code(),
        None,
        "step {n}: pm failed instead of being killed: {}",
        stderr(&out)
    );
    Some(out)
}

#[test]
fn a_crash_at_any_step_of_a_multi_file_edit_leaves_it_old_or_new() {
    for args in EDITS {
        let (before, after) = before_and_after(args);
        let mut steps = 0;
        for n in 1.. {
            let dir = fixture("examples/artemis");
            if killed_at(dir.path(), args, n).is_none() {
                break;
            }
            steps = n;
            assert_old_or_new(
                dir.path(),
                &before,
                &after,
                &format!("{args:?} killed at step {n}"),
            );
        }
        // Journal, two files, the journal's removal: far more than a handful of steps.
        assert!(
            steps >= 10,
            "{args:?}: only {steps} steps were found to kill at"
        );
    }
}

#[test]
fn a_crash_while_completing_an_interrupted_edit_is_completed_later() {
    let args = EDITS[0];
    let (before, after) = before_and_after(args);
    // Killed after its journal is written and before its last file: recovery has work to do.
    for n in 5..=9 {
        for m in 1.. {
            let dir = fixture("examples/artemis");
            if killed_at(dir.path(), args, n).is_none() {
                break;
            }
            // The recovery itself is killed at its step m.
            let out = pm_in(dir.path())
                .args(["check"])
                .env("PM_TEST_CRASH_AT", m.to_string())
                .output()
                .expect("run pm");
            let recovery_done = out.status.code().is_some();
            assert_old_or_new(
                dir.path(),
                &before,
                &after,
                &format!("killed at step {n}, recovery killed at step {m}"),
            );
            if recovery_done {
                break;
            }
        }
    }
}

#[test]
fn completing_an_interrupted_edit_says_so() {
    let dir = fixture("examples/artemis");
    let args = EDITS[0];
    // Step 5: the journal is written and synced, no project file has been replaced yet.
    killed_at(dir.path(), args, 5).expect("killed");
    assert!(dir.path().join(".pm-journal").exists());
    let out = pm_in(dir.path())
        .args(["work", "list", "comms-relay"])
        .output()
        .expect("run");
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(
            "work move lander/relay-site-survey --to comms-relay` of 2026-06-15 (wrote projects/lander.toml, projects/comms-relay.toml)"
        ),
        "{}",
        stderr(&out)
    );
    assert!(stdout(&out).contains("relay-site-survey"));
}

#[test]
fn a_file_changed_after_the_crash_is_not_overwritten() {
    let dir = fixture("examples/artemis");
    killed_at(dir.path(), EDITS[0], 5).expect("killed");
    // Someone edits a file the interrupted move was to write.
    let rel = "projects/comms-relay.toml";
    let mine = format!("{}# my own edit\n", read(dir.path(), rel));
    write(dir.path(), rel, &mine);
    let err = refused(dir.path(), &["check"]);
    assert!(err.contains(rel) && err.contains(".pm-journal"), "{err}");
    assert_eq!(read(dir.path(), rel), mine);
    assert!(dir.path().join(".pm-journal").exists());
}

/// xorshift, so the kill loop is the same on every run.
struct Rng(u64);

impl Rng {
    fn below(&mut self, n: u64) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0 % n.max(1)
    }
}

#[test]
fn three_hundred_random_kills_of_move_and_reassign_lose_nothing() {
    let mut rng = Rng(0x2545_f491_4f6c_dd1d);
    for args in [EDITS[0], EDITS[2]] {
        let (before, after) = before_and_after(args);
        // How long the edit takes here, so the kills land all over it.
        let dir = fixture("examples/artemis");
        let start = Instant::now();
        ok(dir.path(), args);
        let span = start.elapsed().as_micros().max(1000) as u64;
        let (mut old, mut new) = (0, 0);
        for i in 0..300 {
            let dir = fixture("examples/artemis");
            let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("pm"))
                .current_dir(dir.path())
                .env_remove("PM_PROGRAM")
                .env("PM_TODAY", "2026-06-15")
                .env("NO_COLOR", "1")
                .arg("-C")
                .arg(dir.path())
                .args(args)
                .stdout(std::process::Stdio::null())
                .stderr(std::process::Stdio::null())
                .spawn()
                .expect("spawn pm");
            std::thread::sleep(Duration::from_micros(rng.below(span * 12 / 10)));
            let _ = child.kill();
            let _ = child.wait();
            if assert_old_or_new(dir.path(), &before, &after, &format!("{args:?}, kill {i}")) {
                new += 1;
            } else {
                old += 1;
            }
        }
        eprintln!("{args:?}: 300 kills, {old} left it as before, {new} as after");
    }
}
