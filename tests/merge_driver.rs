//! The merge driver (SPEC §10) in real Git repositories made here: `pm git setup` turns it on,
//! `git merge` runs it. Each clean case is compared byte for byte with the same edits made one
//! after the other on one branch; each conflict puts markers around the one item and nothing
//! else; a file the driver cannot read goes to Git's line merge, and no side is lost.

mod common;
use common::*;

use std::path::{Path, PathBuf};

use proptest::prelude::*;

const SUB: &str = "plans/artemis";

/// The program files whose merged bytes are compared.
const FILES: [&str; 4] = [
    "program.toml",
    "projects/lander.toml",
    "projects/spacesuits.toml",
    "projects/comms-relay.toml",
];

/// `git ARGS` in `dir`, with pm's folder first on the PATH (the driver runs `pm`). The status
/// and what git printed.
fn git_status(dir: &Path, args: &[&str]) -> (bool, String) {
    let out = git_command(
        dir,
        ("pm tests", "tests@example.invalid"),
        "2026-06-01T12:00:00Z",
    )
    .args(["-c", "merge.conflictStyle=merge"])
    .args(args)
    .env("PM_TODAY", "2026-06-15")
    .output()
    .expect("run git");
    (
        out.status.success(),
        format!("{}{}", stdout(&out), stderr(&out)),
    )
}

fn git(dir: &Path, args: &[&str]) -> String {
    let (ok, out) = git_status(dir, args);
    assert!(ok, "git {args:?} failed:\n{out}");
    out
}

fn commit(top: &Path, message: &str) {
    git(top, &["add", "-A"]);
    git(top, &["commit", "-q", "--allow-empty", "-m", message]);
}

fn artemis() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/artemis")
}

/// Runs each edit (pm's arguments) in `program`.
fn edit(program: &Path, edits: &[Vec<String>]) {
    for args in edits {
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        ok(program, &args);
    }
}

fn args(line: &str) -> Vec<String> {
    shlex(line)
}

/// Splits a command line on spaces, keeping "quoted words" together.
fn shlex(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut quoted = false;
    for c in line.chars() {
        match c {
            '"' => quoted = !quoted,
            ' ' if !quoted => {
                if !word.is_empty() {
                    out.push(std::mem::take(&mut word));
                }
            }
            c => word.push(c),
        }
    }
    if !word.is_empty() {
        out.push(word);
    }
    out
}

/// A merge of two branches of the example program.
struct Merge {
    _dir: tempfile::TempDir,
    top: PathBuf,
    program: PathBuf,
    clean: bool,
    output: String,
}

/// `main` makes `ours`, branch `theirs` makes `theirs`, both from the program as committed
/// with the driver turned on (unless `setup` is false); then `git merge theirs` on main.
fn merge(ours: &[Vec<String>], theirs: &[Vec<String>], setup: bool) -> Option<Merge> {
    outside_tool("git", "apt-get install git")?;
    let dir = empty_dir();
    let top = dir.path().to_path_buf();
    git(&top, &["init", "-q"]);
    let program = top.join(SUB);
    copy_dir(&artemis(), &program);
    if setup {
        let said = ok(&program, &["git", "setup"]);
        assert!(said.contains("merge.pm.driver"), "{said}");
    }
    commit(&top, "base");
    git(&top, &["checkout", "-q", "-b", "theirs"]);
    edit(&program, theirs);
    commit(&top, "theirs");
    git(&top, &["checkout", "-q", "main"]);
    edit(&program, ours);
    commit(&top, "ours");
    let (clean, output) = git_status(&top, &["merge", "--no-edit", "theirs"]);
    Some(Merge {
        _dir: dir,
        top,
        program,
        clean,
        output,
    })
}

/// The program files after making `ours` and then `theirs` on one copy of the program.
fn one_after_the_other(ours: &[Vec<String>], theirs: &[Vec<String>]) -> Vec<String> {
    let dir = empty_dir();
    copy_dir(&artemis(), dir.path());
    edit(dir.path(), ours);
    edit(dir.path(), theirs);
    FILES.iter().map(|f| read(dir.path(), f)).collect()
}

fn files(program: &Path) -> Vec<String> {
    FILES.iter().map(|f| read(program, f)).collect()
}

/// Asserts a clean merge equal, byte for byte, to the edits made one after the other.
fn assert_clean(ours: &[&str], theirs: &[&str]) -> Option<Merge> {
    let ours: Vec<Vec<String>> = ours.iter().map(|l| args(l)).collect();
    let theirs: Vec<Vec<String>> = theirs.iter().map(|l| args(l)).collect();
    let m = merge(&ours, &theirs, true)?;
    assert!(m.clean, "git merge failed:\n{}", m.output);
    let expected = one_after_the_other(&ours, &theirs);
    for (file, (got, want)) in FILES.iter().zip(files(&m.program).iter().zip(&expected)) {
        assert_eq!(
            got, want,
            "{file} differs from the edits made one after the other"
        );
    }
    Some(m)
}

#[test]
fn both_add_different_work_to_one_project() {
    let ours = [
        "work add lander --title \"Leg drop tests\" --deliverable descent-stage --estimate-hours 120",
    ];
    let theirs = [
        "work add lander --title \"Hot-fire tests\" --deliverable descent-stage --estimate-hours 80",
    ];
    let Some(m) = assert_clean(&ours, &theirs) else {
        return;
    };
    let text = read(&m.program, "projects/lander.toml");
    assert!(text.contains("id = \"leg-drop-tests\"") && text.contains("id = \"hot-fire-tests\""));
    // Git's own line merge does not manage it: both add at the same place.
    let plain = merge(
        &ours.iter().map(|l| args(l)).collect::<Vec<_>>(),
        &theirs.iter().map(|l| args(l)).collect::<Vec<_>>(),
        false,
    )
    .expect("git");
    assert!(
        !plain.clean,
        "without the driver git merges it too:\n{}",
        plain.output
    );
}

#[test]
fn both_add_assignments() {
    assert_clean(
        &["assign hana lander --allocation 10 --from 2026-09-01 --to 2026-09-30 --force"],
        &["assign farid lander --allocation 20 --from 2026-10-01 --to 2026-10-31 --force"],
    );
}

#[test]
fn status_on_one_side_estimate_on_the_other() {
    let Some(m) = assert_clean(
        &["work set lander/gnc-hardware-in-the-loop --status doing"],
        &["work set lander/gnc-hardware-in-the-loop --estimate-hours 999"],
    ) else {
        return;
    };
    let text = read(&m.program, "projects/lander.toml");
    let item = &text[text.find("id = \"gnc-hardware-in-the-loop\"").unwrap()..];
    let item = &item[..item.find("\n[").unwrap_or(item.len())];
    assert!(
        item.contains("status = \"doing\"") && item.contains("estimate_hours = 999"),
        "{item}"
    );
}

#[test]
fn both_add_people_to_the_program() {
    let Some(m) = assert_clean(
        &["person add zoe --name \"Zoe Ng\" --skills thermal"],
        &["person add yan --name \"Yan Li\" --skills avionics"],
    ) else {
        return;
    };
    let out = ok(&m.program, &["person", "list"]);
    assert!(out.contains("zoe") && out.contains("yan"), "{out}");
    // Nothing left for git to ask about.
    assert_eq!(git(&m.top, &["status", "--porcelain"]), "");
}

/// The merged file, and the part of it between the markers.
fn conflict(m: &Merge, file: &str) -> (String, String) {
    assert!(!m.clean, "expected a conflict:\n{}", m.output);
    let text = read(&m.program, file);
    let start = text.find("<<<<<<< ours\n").expect("a start marker");
    let end = text.find(">>>>>>> theirs\n").expect("an end marker") + ">>>>>>> theirs\n".len();
    assert_eq!(text.matches("<<<<<<<").count(), 1, "one conflict:\n{text}");
    (text.clone(), text[start..end].to_owned())
}

#[test]
fn one_key_changed_two_ways_is_a_conflict_around_that_item_only() {
    let Some(m) = merge(
        &[args(
            "work set lander/gnc-hardware-in-the-loop --estimate-hours 100",
        )],
        &[args(
            "work set lander/gnc-hardware-in-the-loop --estimate-hours 200",
        )],
        true,
    ) else {
        return;
    };
    let (text, block) = conflict(&m, "projects/lander.toml");
    assert!(
        m.output.contains("conflict markers around it"),
        "{}",
        m.output
    );
    // The block holds the one work item, twice, and nothing else.
    let lines: Vec<&str> = block.lines().collect();
    assert_eq!(lines[1], "[[work]]");
    assert_eq!(lines[2], "id = \"gnc-hardware-in-the-loop\"");
    assert_eq!(block.matches("[[").count(), 2, "{block}");
    let (ours, theirs) = block.split_once("=======\n").expect("a separator");
    assert!(ours.contains("estimate_hours = 100\n"), "{block}");
    assert!(
        theirs.starts_with("[[work]]\n") && theirs.contains("estimate_hours = 200\n"),
        "{block}"
    );
    assert!(
        theirs.ends_with("tags = [\"gnc\", \"test\"]\n>>>>>>> theirs\n"),
        "{block}"
    );
    // Outside the block, the file is ours as it was.
    let ours_text = git(
        &m.top,
        &["show", &format!("HEAD:{SUB}/projects/lander.toml")],
    );
    let ours_item_start = ours_text
        .find("[[work]]\nid = \"gnc-hardware-in-the-loop\"")
        .unwrap();
    let start = text.find("<<<<<<< ours\n").unwrap();
    assert_eq!(text[..start], ours_text[..ours_item_start]);
    // pm check reports the markers as it always does.
    let out = pm_in(&m.program).arg("check").output().expect("run pm");
    assert_eq!(out.status.code(), Some(1));
    assert!(stdout(&out).contains("error[PM001]"), "{}", stdout(&out));
    assert!(stdout(&out).contains("conflict marker"), "{}", stdout(&out));
}

#[test]
fn one_id_added_with_different_content_is_a_conflict_around_that_item_only() {
    let Some(m) = merge(
        &[args(
            "work add lander --title \"Leg drop tests\" --deliverable descent-stage --estimate-hours 120",
        )],
        &[args(
            "work add lander --title \"Leg drop tests\" --deliverable descent-stage --estimate-hours 90",
        )],
        true,
    ) else {
        return;
    };
    let (_, block) = conflict(&m, "projects/lander.toml");
    assert_eq!(
        block.matches("[[work]]\nid = \"leg-drop-tests\"").count(),
        2,
        "{block}"
    );
    assert_eq!(block.matches("[[").count(), 2, "{block}");
}

#[test]
fn a_file_the_driver_cannot_read_is_merged_by_git_line_by_line() {
    // Theirs breaks the TOML of a line ours does not touch: git merge-file merges it cleanly,
    // and both sides are in the result.
    let Some(m) = merge(
        &[args(
            "work set lander/gnc-hardware-in-the-loop --status doing",
        )],
        &[],
        true,
    ) else {
        return;
    };
    assert!(m.clean);
    let top = &m.top;
    git(top, &["checkout", "-q", "-b", "broken", "HEAD~2"]);
    let path = m.program.join("projects/lander.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    std::fs::write(&path, text.replacen("[project]", "[project", 1)).unwrap();
    commit(top, "broken");
    git(top, &["checkout", "-q", "main"]);
    let (clean, output) = git_status(top, &["merge", "--no-edit", "broken"]);
    assert!(clean, "{output}");
    assert!(
        output.contains("merged line by line by git merge-file"),
        "{output}"
    );
    let merged = read(&m.program, "projects/lander.toml");
    assert!(
        merged.contains("[project\n") && merged.contains("status = \"doing\""),
        "{merged}"
    );
}

#[test]
fn git_setup_writes_the_attributes_once_and_refuses_outside_git() {
    let program = fixture("examples/artemis");
    let err = refused(program.path(), &["git", "setup"]);
    assert!(err.contains("not in a Git repository"), "{err}");
    if outside_tool("git", "apt-get install git").is_none() {
        return;
    }
    let top = empty_dir();
    git(top.path(), &["init", "-q"]);
    let program = top.path().join(SUB);
    copy_dir(&artemis(), &program);
    let dry = pm_in(&program)
        .args(["--dry-run", "git", "setup"])
        .output()
        .unwrap();
    assert_eq!(dry.status.code(), Some(0));
    assert!(
        stdout(&dry).contains("+/program.toml merge=pm"),
        "{}",
        stdout(&dry)
    );
    assert!(!program.join(".gitattributes").exists());
    ok(&program, &["git", "setup"]);
    assert_eq!(
        read(&program, ".gitattributes"),
        "# pm merges program files item by item (pm git setup)\n/program.toml merge=pm\n/projects/**/*.toml merge=pm\n"
    );
    assert_eq!(
        git(top.path(), &["config", "--local", "merge.pm.driver"]).trim(),
        "pm merge-driver %O %A %B %P"
    );
    let again = ok(&program, &["git", "setup"]);
    assert!(again.contains("already"), "{again}");
    assert_eq!(
        read(&program, ".gitattributes").matches("merge=pm").count(),
        2
    );
    let attr = git(
        top.path(),
        &[
            "check-attr",
            "merge",
            "--",
            &format!("{SUB}/projects/lander.toml"),
        ],
    );
    assert!(attr.trim().ends_with("merge: pm"), "{attr}");
}

/// One edit that adds something new, by a side (`o` or `t`) and a number, so the two sides
/// never add the same thing.
fn addition(side: char, n: usize, kind: u8, project: u8) -> Vec<String> {
    let project = ["lander", "spacesuits", "comms-relay"][usize::from(project % 3)];
    let deliverable = match project {
        "lander" => "descent-stage",
        "spacesuits" => "pressure-garment",
        _ => "relay-satellite",
    };
    match kind % 3 {
        0 => args(&format!(
            "work add {project} --title \"{side} work {n}\" --deliverable {deliverable} --estimate-hours {}",
            10 + n
        )),
        1 => args(&format!(
            "person add {side}-person-{n} --name \"Person {side}{n}\""
        )),
        _ => args(&format!(
            "scope add {project} {side}-part-{n} --title \"Part {side}{n}\""
        )),
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 6, ..ProptestConfig::default() })]

    /// Random additions on both branches merge to what making them one after the other gives.
    #[test]
    fn merging_additions_equals_making_both(
        ours in proptest::collection::vec((0u8..3, 0u8..3), 0..4),
        theirs in proptest::collection::vec((0u8..3, 0u8..3), 1..4),
    ) {
        let ours: Vec<Vec<String>> = ours.iter().enumerate().map(|(n, &(k, p))| addition('o', n, k, p)).collect();
        let theirs: Vec<Vec<String>> = theirs.iter().enumerate().map(|(n, &(k, p))| addition('t', n, k, p)).collect();
        let Some(m) = merge(&ours, &theirs, true) else {
            return Ok(());
        };
        prop_assert!(m.clean, "git merge failed:\n{}", m.output);
        let expected = one_after_the_other(&ours, &theirs);
        for (file, (got, want)) in FILES.iter().zip(files(&m.program).iter().zip(&expected)) {
            prop_assert_eq!(got, want, "{}", file);
        }
    }
}
