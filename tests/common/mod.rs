//! Helpers shared by the CLI tests: run the real `pm` binary on a copy of a fixture program.
#![allow(dead_code)]

pub mod hostile;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use assert_cmd::Command;

/// The `pm` binary with a fixed "today", no colour, and no program taken from the environment.
pub fn pm() -> Command {
    let mut cmd = Command::cargo_bin("pm").expect("pm binary is built");
    cmd.env_remove("PM_PROGRAM")
        .env("PM_TODAY", "2026-06-15")
        .env("NO_COLOR", "1");
    cmd
}

/// `pm -C dir ARGS...`
pub fn pm_in(dir: &Path) -> Command {
    let mut cmd = pm();
    cmd.arg("-C").arg(dir);
    cmd
}

pub fn fixtures_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures")
}

/// A temporary copy of `tests/fixtures/NAME` (or of `examples/NAME` when `name` starts with
/// `examples/`), so a test can edit it freely.
pub fn fixture(name: &str) -> tempfile::TempDir {
    let src = if let Some(ex) = name.strip_prefix("examples/") {
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("examples")
            .join(ex)
    } else {
        fixtures_dir().join(name)
    };
    let dir = tempfile::tempdir().expect("temp dir");
    copy_dir(&src, dir.path());
    dir
}

/// An empty temporary folder.
pub fn empty_dir() -> tempfile::TempDir {
    tempfile::tempdir().expect("temp dir")
}

/// A link to a folder is copied as the folder it points to (examples/exploration links to
/// examples/artemis, so that there is one artemis).
pub fn copy_dir(src: &Path, dst: &Path) {
    std::fs::create_dir_all(dst).expect("create dir");
    for entry in std::fs::read_dir(src).unwrap_or_else(|e| panic!("{}: {e}", src.display())) {
        let entry = entry.expect("dir entry");
        let to = dst.join(entry.file_name());
        if std::fs::metadata(entry.path()).is_ok_and(|m| m.is_dir()) {
            copy_dir(&entry.path(), &to);
        } else {
            std::fs::copy(entry.path(), &to).expect("copy file");
        }
    }
}

/// Every file below `dir` (relative path → bytes), to compare a tree before and after.
pub fn snapshot_tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

fn walk(root: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
    for entry in std::fs::read_dir(dir).expect("read dir") {
        let entry = entry.expect("dir entry");
        let path = entry.path();
        let kind = entry.file_type().expect("file type");
        if kind.is_symlink() {
            // A link is recorded as where it points, never followed.
            let rel = path.strip_prefix(root).expect("under root");
            let target = std::fs::read_link(&path).expect("read link");
            out.insert(
                rel.to_string_lossy().replace('\\', "/"),
                format!("-> {}", target.display()).into_bytes(),
            );
        } else if kind.is_dir() {
            walk(root, &path, out);
        } else {
            let rel = path.strip_prefix(root).expect("under root");
            out.insert(
                rel.to_string_lossy().replace('\\', "/"),
                std::fs::read(&path).expect("read file"),
            );
        }
    }
}

pub fn read(dir: &Path, rel: &str) -> String {
    std::fs::read_to_string(dir.join(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

pub fn write(dir: &Path, rel: &str, text: &str) {
    let path = dir.join(rel);
    if let Some(parent) = path.parent() {
        std::fs::create_dir_all(parent).expect("create dir");
    }
    std::fs::write(path, text).expect("write file");
}

/// Runs `pm check --format json` in `dir` and returns (exit code, parsed JSON).
pub fn check_json(dir: &Path) -> (i32, serde_json::Value) {
    let out = pm_in(dir)
        .args(["check", "--format", "json"])
        .output()
        .expect("run pm");
    let json = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "check --format json printed no JSON ({e}):\n{}\n{}",
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        )
    });
    (out.status.code().unwrap_or(-1), json)
}

/// The diagnostics of a check run with the given code.
pub fn findings<'a>(json: &'a serde_json::Value, code: &str) -> Vec<&'a serde_json::Value> {
    json["diagnostics"]
        .as_array()
        .map(|a| a.iter().filter(|d| d["code"] == code).collect())
        .unwrap_or_default()
}

/// Whether the tests run as root, where file permissions do not stop reads or writes.
pub fn running_as_root() -> bool {
    std::process::Command::new("id")
        .arg("-u")
        .output()
        .is_ok_and(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
}

/// `pm -C dir` run so that file permissions apply: as is for a normal user; as root, as the
/// user `nobody` through setpriv (with `dir` opened up for reading). `None` when permissions
/// cannot be tested here; the caller prints a note and skips the assertion.
pub fn pm_with_permissions(dir: &Path) -> Option<Command> {
    if !running_as_root() {
        return Some(pm_in(dir));
    }
    let bin = assert_cmd::cargo::cargo_bin("pm");
    let nobody = ["--reuid=65534", "--regid=65534", "--clear-groups"];
    let probe = std::process::Command::new("setpriv")
        .args(nobody)
        .arg(&bin)
        .arg("--version")
        .output();
    if !probe.is_ok_and(|o| o.status.success()) {
        return None;
    }
    // The temporary folder is private to root; nobody must be able to walk into it.
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(dir, std::fs::Permissions::from_mode(0o755)).ok()?;
    let mut cmd = Command::new("setpriv");
    cmd.args(nobody)
        .arg(bin)
        .arg("-C")
        .arg(dir)
        .env_remove("PM_PROGRAM")
        .env("PM_TODAY", "2026-06-15")
        .env("NO_COLOR", "1");
    Some(cmd)
}

pub fn stdout(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

pub fn stderr(out: &std::process::Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// Runs `pm -C dir ARGS` and expects success; returns stdout.
pub fn ok(dir: &Path, args: &[&str]) -> String {
    let out = pm_in(dir).args(args).output().expect("run pm");
    assert_eq!(
        out.status.code(),
        Some(0),
        "pm {args:?} failed:\n{}{}",
        stdout(&out),
        stderr(&out)
    );
    stdout(&out)
}

/// Runs `pm -C dir ARGS`, expects exit 2, an `error:` and an untouched tree; returns stderr.
pub fn refused(dir: &Path, args: &[&str]) -> String {
    let before = snapshot_tree(dir);
    let out = pm_in(dir).args(args).output().expect("run pm");
    assert_eq!(
        out.status.code(),
        Some(2),
        "pm {args:?} should be refused:\n{}{}",
        stdout(&out),
        stderr(&out)
    );
    assert_eq!(
        snapshot_tree(dir),
        before,
        "pm {args:?} changed the tree while refusing"
    );
    let err = stderr(&out);
    assert!(err.starts_with("error: "), "pm {args:?}: {err}");
    err
}

/// An outside program that a test feeds pm's output to (a shell, mandoc, mermaid-cli): found
/// on PATH, or among the npm tools `.ci/run` installs under `target/ci-tools`. `None` after a
/// note on stderr saying what to install, so the test skips on a machine without it.
pub fn outside_tool(name: &str, install: &str) -> Option<PathBuf> {
    let npm_bin = Path::new(env!("CARGO_MANIFEST_DIR")).join("target/ci-tools/node_modules/.bin");
    let path = std::env::var_os("PATH").unwrap_or_default();
    let found = std::env::split_paths(&path)
        .chain([npm_bin])
        .map(|dir| dir.join(name))
        .find(|p| p.is_file());
    if found.is_none() {
        skipped(&format!(
            "`{name}` is not installed ({install}; .ci/run does it)"
        ));
    }
    found
}

/// Says why a test skips where the person running the tests sees it: straight to stderr,
/// which the test harness does not capture (it captures `eprintln!`). CI sets
/// `PM_REQUIRE_TOOLS=1` after installing every outside tool, so there a skip is a failure.
pub fn skipped(why: &str) {
    use std::io::Write;
    if std::env::var_os("PM_REQUIRE_TOOLS").is_some_and(|v| v == "1") {
        panic!("PM_REQUIRE_TOOLS=1 but a test would skip: {why}");
    }
    let _ = writeln!(std::io::stderr(), "skipped: {why}");
}

/// Whether `python3` can import every module named; if not, a note on stderr says what to
/// install and the caller skips.
pub fn python_modules(modules: &[&str], install: &str) -> bool {
    let imports = modules
        .iter()
        .map(|m| format!("import {m}"))
        .collect::<Vec<_>>()
        .join("; ");
    let ok = std::process::Command::new("python3")
        .args(["-c", &imports])
        .output()
        .is_ok_and(|o| o.status.success());
    if !ok {
        skipped(&format!(
            "python3 cannot import {} ({install}; .ci/run does it)",
            modules.join(", ")
        ));
    }
    ok
}

/// Runs `python3 -c SCRIPT ARGS...` with `input` on stdin; returns stdout, panicking with
/// stderr when the script fails.
pub fn python(script: &str, args: &[&str], input: &str) -> String {
    use std::io::Write;
    let mut child = std::process::Command::new("python3")
        .arg("-c")
        .arg(script)
        .args(args)
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("start python3");
    child
        .stdin
        .take()
        .expect("stdin")
        .write_all(input.as_bytes())
        .expect("write to python3");
    let out = child.wait_with_output().expect("wait for python3");
    assert!(
        out.status.success(),
        "python3 failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).expect("UTF-8 from python3")
}

/// Validates `sarif` against the SARIF 2.1.0 schema committed under tests/fixtures/sarif;
/// `false` when the schema refuses it, `None` when check-jsonschema is missing.
pub fn sarif_schema_accepts(sarif: &str) -> Option<bool> {
    let tool = outside_tool(
        "check-jsonschema",
        "python3 -m pip install check-jsonschema",
    )?;
    let dir = empty_dir();
    let file = dir.path().join("pm.sarif");
    std::fs::write(&file, sarif).expect("write SARIF");
    let out = std::process::Command::new(tool)
        // The schema's patterns are ECMAScript's without the `u` flag (one has a lone `]`,
        // which only unicode mode refuses).
        .args(["--regex-variant", "nonunicode", "--schemafile"])
        .arg(fixtures_dir().join("sarif/sarif-schema-2.1.0.json"))
        .arg(&file)
        .output()
        .expect("run check-jsonschema");
    if !out.status.success() {
        eprintln!("{}{}", stdout(&out), stderr(&out));
    }
    Some(out.status.success())
}

/// `git` in `dir` as any machine runs it: `author` ("Name <email>") and `date` for every commit,
/// no user or system configuration, no signing, `main` as the first branch, and pm (this
/// build) first on the PATH, as where it is installed, so that a merge driver `pm git setup`
/// turned on runs. Each test adds its own options and arguments.
pub fn git_command(dir: &Path, author: (&str, &str), date: &str) -> std::process::Command {
    let bin = assert_cmd::cargo::cargo_bin("pm");
    let path = std::env::join_paths(bin.parent().map(Path::to_path_buf).into_iter().chain(
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
    ))
    .expect("PATH");
    let mut git = std::process::Command::new("git");
    git.current_dir(dir)
        .args([
            "-c",
            "commit.gpgsign=false",
            "-c",
            "init.defaultBranch=main",
        ])
        .env("PATH", path)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .env("GIT_AUTHOR_NAME", author.0)
        .env("GIT_AUTHOR_EMAIL", author.1)
        .env("GIT_COMMITTER_NAME", author.0)
        .env("GIT_COMMITTER_EMAIL", author.1)
        .env("GIT_AUTHOR_DATE", date)
        .env("GIT_COMMITTER_DATE", date)
        .env_remove("GIT_DIR")
        .env_remove("GIT_WORK_TREE")
        .env_remove("GIT_INDEX_FILE");
    git
}
