//! The README's walk-throughs run as written: every ```console block is a session, each `$ pm …`
//! line is run by the real binary, and the lines under it must be exactly what it prints.
//!
//! - A block that starts with `pm init` runs in an empty folder; a block that names
//!   `examples/artemis` or `examples/exploration` runs in a folder holding a copy of `examples/`
//!   (the example program, the example portfolio, and the files the README imports from next to
//!   it); any other block runs inside a copy
//!   of `examples/artemis` (the README says so where it shows them). The blocks of one `##`
//!   section that run in artemis go on from where the one before left it, as the text reads.
//! - A block right after the comment `<!-- alternatives -->` shows options: each of its commands
//!   runs on its own fresh copy of `examples/artemis`.
//! - A block right after the comment `<!-- continued -->` goes on where the last block that
//!   started with `pm init` left off (its folder, after its `cd`), so a walk-through can be told
//!   in several blocks and sections.
//! - `$ cd DIR` changes the folder, `$ cp -r FROM TO` copies one, `$ git …` runs git (with a
//!   fixed author and date, so commit ids are the ones shown) and `&&` joins commands; a
//!   trailing `\` continues a command on the next line; a `# comment` after a command is not
//!   part of it.
//! - Output lines are compared with stdout and stderr together; a line `…` stands for any number
//!   of lines. A command shown without output must only not fail to run (exit status 0 or 1); a
//!   command whose output starts with `error:` shows a refusal, and must exit 2.

mod common;

use std::path::{Path, PathBuf};

use common::*;

struct Step {
    command: String,
    output: Vec<String>,
    line: usize,
}

struct Block {
    steps: Vec<Step>,
    /// The `##` section it is in.
    section: usize,
    alternatives: bool,
    /// Goes on from the last `pm init` block.
    continued: bool,
}

/// The console blocks of the README, each as its commands and their shown output.
fn blocks() -> Vec<Block> {
    let text = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("README.md");
    let mut blocks = Vec::new();
    let mut current: Option<Vec<Step>> = None;
    let mut continued = false;
    let (mut section, mut alternatives, mut last_marker) = (0, false, usize::MAX);
    let (mut goes_on, mut last_continued) = (false, usize::MAX);
    for (i, line) in text.lines().enumerate() {
        if line.starts_with("## ") {
            section += 1;
        }
        if line.trim() == "<!-- alternatives -->" {
            last_marker = i;
        }
        if line.trim() == "<!-- continued -->" {
            last_continued = i;
        }
        if line.starts_with("```console") {
            current = Some(Vec::new());
            alternatives = last_marker.checked_add(3).is_some_and(|m| i <= m);
            goes_on = last_continued.checked_add(3).is_some_and(|m| i <= m);
            continue;
        }
        let Some(steps) = current.as_mut() else {
            continue;
        };
        if line.starts_with("```") {
            blocks.push(Block {
                steps: current.take().unwrap_or_default(),
                section,
                alternatives,
                continued: goes_on,
            });
            continue;
        }
        if continued {
            let last = steps.last_mut().expect("a command to continue");
            last.command.push(' ');
            last.command.push_str(line.trim().trim_end_matches('\\'));
            continued = line.trim_end().ends_with('\\');
        } else if let Some(cmd) = line.strip_prefix("$ ") {
            continued = cmd.trim_end().ends_with('\\');
            steps.push(Step {
                command: cmd.trim_end().trim_end_matches('\\').trim().to_owned(),
                output: Vec::new(),
                line: i + 1,
            });
        } else if let Some(last) = steps.last_mut() {
            last.output.push(line.to_owned());
        }
    }
    blocks
}

/// Splits a command line as a POSIX shell would for these simple cases: quotes and a trailing
/// comment.
fn words(command: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let mut in_word = false;
    let mut quote: Option<char> = None;
    for c in command.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => word.push(c),
            (None, '"' | '\'') => {
                quote = Some(c);
                in_word = true;
            }
            (None, '#') if !in_word => break,
            (None, c) if c.is_whitespace() => {
                if in_word {
                    out.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            (None, c) => {
                word.push(c);
                in_word = true;
            }
        }
    }
    if in_word {
        out.push(word);
    }
    out
}

/// Whether `got` is `want`, where a `…` line of `want` stands for any lines.
fn matches(want: &[String], got: &[&str]) -> bool {
    match want.split_first() {
        None => got.is_empty(),
        Some((w, rest)) if w.trim() == "…" => {
            (0..=got.len()).any(|skip| matches(rest, &got[skip..]))
        }
        Some((w, rest)) => got
            .split_first()
            .is_some_and(|(g, grest)| g.trim_end() == w.trim_end() && matches(rest, grest)),
    }
}

fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/artemis")
}

/// Runs one step in `cwd`; an error text when it does not do what the README shows. Commands
/// joined by `&&` run in turn; the output shown is the last one's.
fn run(step: &Step, cwd: &mut PathBuf) -> Option<String> {
    let commands: Vec<&str> = step.command.split(" && ").collect();
    let (last, before) = commands.split_last()?;
    for command in before {
        let sub = Step {
            command: (*command).to_owned(),
            output: Vec::new(),
            line: step.line,
        };
        if let Some(failure) = run_one(&sub, cwd) {
            return Some(failure);
        }
    }
    run_one(
        &Step {
            command: (*last).to_owned(),
            output: step.output.clone(),
            line: step.line,
        },
        cwd,
    )
}

/// `git ARGS` as the README's Git walk-through runs it: a fixed author and date, so commit ids
/// are the ones shown, and no configuration of the machine's; pm first on the PATH, as where
/// it is installed, so that the merge driver `pm git setup` turns on runs.
fn git(args: &[String], cwd: &Path) -> std::process::Output {
    git_command(
        cwd,
        ("Grace Hopper", "grace@example.org"),
        "2026-06-15T09:00:00Z",
    )
    .args(args)
    .output()
    .expect("run git")
}

fn run_one(step: &Step, cwd: &mut PathBuf) -> Option<String> {
    let argv = words(&step.command);
    let out = match argv.first().map(String::as_str) {
        Some("cd") => {
            *cwd = cwd.join(&argv[1]);
            return None;
        }
        Some("cp") if argv.get(1).is_some_and(|f| f == "-r") && argv.len() == 4 => {
            copy_dir(&cwd.join(&argv[2]), &cwd.join(&argv[3]));
            return None;
        }
        Some("git") => {
            outside_tool("git", "apt-get install git")?;
            git(&argv[1..], cwd)
        }
        Some("pm") => pm()
            .current_dir(&*cwd)
            .args(&argv[1..])
            .env("COLUMNS", "200")
            .output()
            .expect("run pm"),
        _ => return None,
    };
    let printed = format!("{}{}", stdout(&out), stderr(&out));
    let got: Vec<&str> = printed.lines().collect();
    let refusal = step.output.first().is_some_and(|l| l.starts_with("error:"));
    let ok_status = if refusal {
        out.status.code() == Some(2)
    } else {
        matches!(out.status.code(), Some(0 | 1))
    };
    let shown = !step.output.iter().all(|l| l.trim().is_empty());
    (!ok_status || (shown && !matches(&step.output, &got))).then(|| {
        format!(
            "README.md:{}: $ {}\n--- shown ---\n{}\n--- printed (exit {:?}) ---\n{printed}",
            step.line,
            step.command,
            step.output.join("\n"),
            out.status.code()
        )
    })
}

#[test]
fn every_console_block_of_the_readme_runs_as_written() {
    let blocks = blocks();
    assert!(blocks.len() >= 5, "the README has its walk-throughs");
    let mut failures = Vec::new();
    // The artemis copy a section's blocks share: (section, folder, where commands run).
    let mut shared: Option<(usize, tempfile::TempDir, PathBuf)> = None;
    // The folder of the last block that started with `pm init`, and where it left off.
    let mut session: Option<(tempfile::TempDir, PathBuf)> = None;
    for block in &blocks {
        let Some(first) = block.steps.first() else {
            continue;
        };
        if block.continued {
            let Some((_, cwd)) = session.as_mut() else {
                panic!(
                    "README.md:{}: a continued block with no `pm init` block before it",
                    first.line
                );
            };
            failures.extend(block.steps.iter().filter_map(|s| run(s, cwd)));
            continue;
        }
        let in_artemis = !first.command.starts_with("pm init");
        let names_it = block.steps.iter().any(|s| {
            s.command.contains("examples/artemis") || s.command.contains("examples/exploration")
        });
        if !in_artemis || names_it {
            let dir = empty_dir();
            if names_it {
                let all = examples()
                    .parent()
                    .map(Path::to_path_buf)
                    .unwrap_or_default();
                copy_dir(&all, &dir.path().join("examples"));
            }
            let mut cwd = dir.path().to_path_buf();
            failures.extend(block.steps.iter().filter_map(|s| run(s, &mut cwd)));
            if !in_artemis {
                session = Some((dir, cwd));
            }
            continue;
        }
        if shared
            .as_ref()
            .is_none_or(|(section, ..)| *section != block.section)
        {
            let dir = empty_dir();
            copy_dir(&examples(), dir.path());
            let cwd = dir.path().to_path_buf();
            shared = Some((block.section, dir, cwd));
        }
        let Some((_, _, cwd)) = shared.as_mut() else {
            continue;
        };
        if block.alternatives {
            for step in &block.steps {
                let alt = empty_dir();
                copy_dir(&examples(), alt.path());
                failures.extend(run(step, &mut alt.path().to_path_buf()));
            }
        } else {
            failures.extend(block.steps.iter().filter_map(|s| run(s, cwd)));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}

#[test]
fn the_matcher_understands_ellipses() {
    let want: Vec<String> = ["a", "…", "z"].iter().map(|s| s.to_string()).collect();
    assert!(matches(&want, &["a", "b", "c", "z"]));
    assert!(matches(&want, &["a", "z"]));
    assert!(!matches(&want, &["a", "b"]));
    assert_eq!(
        words(r#"pm x --t "a b" 'c d' # note"#),
        ["pm", "x", "--t", "a b", "c d"]
    );
}
