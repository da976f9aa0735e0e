//! The README's walk-throughs run as written: every ```console block is executed, command by
//! command, and what pm prints must be what the README shows.
//!
//! Each block says where it runs in an HTML comment on the line before it:
//! - `<!-- readme-test: new NAME -->`: in a new empty folder, a session named NAME;
//! - `<!-- readme-test: continue NAME -->`: where session NAME left off (folder and `cd`);
//! - `<!-- readme-test: artemis -->`: in a fresh copy of examples/artemis;
//! - `<!-- readme-test: repository -->`: in a folder holding a copy of examples/artemis at
//!   `examples/artemis`, as in a clone of this repository;
//! - `<!-- readme-test: commands -->`: a list of commands (with `# comments`) whose output is
//!   not shown; each runs on its own fresh copy of examples/artemis and must not fail (exit
//!   status 0 or 1).
//!
//! In shown output a line `…` stands for any number of lines. Commands run with
//! `PM_TODAY=2026-06-15` and no colour, so the output is reproducible.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use common::*;

const MARKER: &str = "<!-- readme-test:";

/// One `$ command` of a block and the lines shown after it.
#[derive(Debug)]
struct Step {
    line: usize,
    command: String,
    shown: Vec<String>,
}

#[derive(Debug)]
struct Block {
    line: usize,
    how: String,
    steps: Vec<Step>,
}

fn blocks(readme: &str) -> Vec<Block> {
    let lines: Vec<&str> = readme.lines().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < lines.len() {
        if lines[i].trim() != "```console" {
            i += 1;
            continue;
        }
        let start = i + 1;
        let how = (0..i)
            .rev()
            .map(|j| lines[j].trim())
            .find(|l| !l.is_empty())
            .and_then(|l| l.strip_prefix(MARKER))
            .and_then(|l| l.strip_suffix("-->"))
            .map(|l| l.trim().to_owned())
            .unwrap_or_else(|| {
                panic!(
                    "README.md:{start}: a ```console block needs a `{MARKER} … -->` line before it saying where it runs (see tests/readme.rs)"
                )
            });
        let mut steps: Vec<Step> = Vec::new();
        i += 1;
        while i < lines.len() && lines[i].trim() != "```" {
            let line = lines[i];
            if let Some(cmd) = line.strip_prefix("$ ") {
                let mut command = cmd.to_owned();
                let at = i + 1;
                while command.ends_with('\\') && i + 1 < lines.len() {
                    command.pop();
                    i += 1;
                    command.push(' ');
                    command.push_str(lines[i].trim());
                }
                steps.push(Step {
                    line: at,
                    command,
                    shown: Vec::new(),
                });
            } else {
                match steps.last_mut() {
                    Some(step) => step.shown.push(line.to_owned()),
                    None => panic!("README.md:{}: output before any `$ ` command", i + 1),
                }
            }
            i += 1;
        }
        out.push(Block {
            line: start,
            how,
            steps,
        });
        i += 1;
    }
    out
}

/// Splits a command line the way a POSIX shell would for these simple cases: words, single
/// and double quotes, backslash escapes, and a `#` comment at the start of a word.
fn words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut chars = line.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            ' ' | '\t' => {
                if in_word {
                    out.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            '#' if !in_word => break,
            '\'' => {
                in_word = true;
                for c in chars.by_ref() {
                    if c == '\'' {
                        break;
                    }
                    word.push(c);
                }
            }
            '"' => {
                in_word = true;
                while let Some(c) = chars.next() {
                    match c {
                        '"' => break,
                        '\\' => {
                            if let Some(n) = chars.next() {
                                word.push(n);
                            }
                        }
                        c => word.push(c),
                    }
                }
            }
            '\\' => {
                in_word = true;
                if let Some(n) = chars.next() {
                    word.push(n);
                }
            }
            c => {
                in_word = true;
                word.push(c);
            }
        }
    }
    if in_word {
        out.push(word);
    }
    out
}

/// `shown` (with `…` for any lines) matches `actual`.
fn matches(shown: &[String], actual: &[&str]) -> bool {
    match shown.split_first() {
        None => actual.is_empty(),
        Some((first, rest)) if first.trim() == "…" => {
            (0..=actual.len()).any(|skip| matches(rest, &actual[skip..]))
        }
        Some((first, rest)) => {
            actual.first().is_some_and(|a| a == first) && matches(rest, &actual[1..])
        }
    }
}

/// Runs one pm command line in `cwd`; returns its exit code and what it printed (stdout, then
/// stderr).
fn run(cwd: &Path, args: &[String]) -> (i32, String) {
    let out = pm()
        .current_dir(cwd)
        .args(args)
        .output()
        .expect("run pm");
    (
        out.status.code().unwrap_or(-1),
        format!("{}{}", stdout(&out), stderr(&out)),
    )
}

fn artemis_copy(keep: &mut Vec<tempfile::TempDir>) -> PathBuf {
    let dir = fixture("examples/artemis");
    let path = dir.path().to_owned();
    keep.push(dir);
    path
}

#[test]
fn every_console_block_of_the_readme_runs_as_written() {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("README.md");
    let blocks = blocks(&readme);
    assert!(blocks.len() >= 5, "found only {} console blocks", blocks.len());
    let mut keep: Vec<tempfile::TempDir> = Vec::new();
    let mut sessions: BTreeMap<String, PathBuf> = BTreeMap::new();
    let mut failures: Vec<String> = Vec::new();
    for block in &blocks {
        let mut parts = block.how.split_whitespace();
        let kind = parts.next().unwrap_or_default();
        let name = parts.next().map(str::to_owned);
        if kind == "commands" {
            for step in &block.steps {
                let args = words(&step.command);
                assert_eq!(args.first().map(String::as_str), Some("pm"), "README.md:{}", step.line);
                let dir = artemis_copy(&mut keep);
                let (code, out) = run(&dir, &args[1..]);
                if code != 0 && code != 1 {
                    failures.push(format!(
                        "README.md:{}: `{}` exited {code}:\n{out}",
                        step.line, step.command
                    ));
                }
            }
            continue;
        }
        let mut cwd = match (kind, &name) {
            ("new", Some(n)) => {
                let dir = empty_dir();
                let path = dir.path().to_owned();
                keep.push(dir);
                sessions.insert(n.clone(), path.clone());
                path
            }
            ("continue", Some(n)) => sessions
                .get(n)
                .unwrap_or_else(|| panic!("README.md:{}: no session {n} before", block.line))
                .clone(),
            ("artemis", None) => artemis_copy(&mut keep),
            ("repository", None) => {
                let dir = empty_dir();
                copy_dir(
                    &Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/artemis"),
                    &dir.path().join("examples/artemis"),
                );
                let path = dir.path().to_owned();
                keep.push(dir);
                path
            }
            _ => panic!("README.md:{}: unknown readme-test marker '{}'", block.line, block.how),
        };
        for step in &block.steps {
            let args = words(&step.command);
            match args.first().map(String::as_str) {
                Some("cd") => {
                    cwd = cwd.join(args.get(1).map(String::as_str).unwrap_or("."));
                    assert!(step.shown.is_empty(), "README.md:{}: cd prints nothing", step.line);
                    continue;
                }
                Some("pm") => {}
                _ => panic!(
                    "README.md:{}: only `pm` and `cd` run in a walk-through: {}",
                    step.line, step.command
                ),
            }
            let (_, out) = run(&cwd, &args[1..]);
            let actual: Vec<&str> = out.lines().collect();
            if !matches(&step.shown, &actual) {
                failures.push(format!(
                    "README.md:{}: `{}` printed:\n{out}--- the README shows:\n{}\n",
                    step.line,
                    step.command,
                    step.shown.join("\n")
                ));
            }
        }
        if let ("new" | "continue", Some(n)) = (kind, &name) {
            sessions.insert(n.clone(), cwd);
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_shell_words_are_split_as_a_shell_would() {
    assert_eq!(
        words(r#"pm work add habitat --title "Shell weld 'a'" --x 'b c' # comment"#),
        ["pm", "work", "add", "habitat", "--title", "Shell weld 'a'", "--x", "b c"]
    );
    assert_eq!(words(r#"pm x --assignee """#), ["pm", "x", "--assignee", ""]);
    assert!(matches(
        &["a".into(), "…".into(), "d".into()],
        &["a", "b", "c", "d"]
    ));
    assert!(!matches(&["a".into()], &["a", "b"]));
}
