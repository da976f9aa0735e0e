//! `--color auto` follows the conventions terminal tools share: `NO_COLOR`, `CLICOLOR`,
//! `CLICOLOR_FORCE`, `TERM=dumb`, and whether stdout is a terminal. The terminal cases run pm
//! under a real pseudo-terminal (util-linux `script`).

mod common;

use std::process::Command;

use common::*;

const COLOUR_VARS: [&str; 5] = ["NO_COLOR", "CLICOLOR", "CLICOLOR_FORCE", "TERM", "CI"];

fn args(extra: &[&str]) -> Vec<String> {
    let program = fixtures_dir().join("report");
    let mut all = vec!["-C".to_owned(), program.display().to_string()];
    all.extend(extra.iter().map(|s| (*s).to_owned()));
    all.extend(["report", "allocation"].map(str::to_owned));
    all
}

/// `pm report allocation` with stdout in a pipe and only `env` of the colour variables set.
fn in_pipe(env: &[(&str, &str)], extra: &[&str]) -> String {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_pm"));
    cmd.env_remove("PM_PROGRAM").env("PM_TODAY", "2026-06-15");
    for var in COLOUR_VARS {
        cmd.env_remove(var);
    }
    cmd.envs(env.iter().copied()).args(args(extra));
    let out = cmd.output().expect("run pm");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    stdout(&out)
}

/// The same with stdout on a pseudo-terminal; `None` when `script` is not installed.
fn on_terminal(env: &[(&str, &str)]) -> Option<String> {
    let script = outside_tool("script", "apt-get install util-linux")?;
    let quote = |s: &str| format!("'{}'", s.replace('\'', r"'\''"));
    let line = std::iter::once(env!("CARGO_BIN_EXE_pm").to_owned())
        .chain(args(&[]))
        .map(|a| quote(&a))
        .collect::<Vec<_>>()
        .join(" ");
    let mut cmd = Command::new(script);
    cmd.env_remove("PM_PROGRAM").env("PM_TODAY", "2026-06-15");
    for var in COLOUR_VARS {
        cmd.env_remove(var);
    }
    cmd.envs(env.iter().copied())
        .args(["-q", "-e", "-c", &line, "/dev/null"]);
    let out = cmd.output().expect("run script");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    Some(stdout(&out))
}

fn coloured(out: &str) -> bool {
    out.contains("\u{1b}[")
}

#[test]
fn a_pipe_is_plain_unless_colour_is_forced() {
    let plain = in_pipe(&[], &[]);
    assert!(!coloured(&plain), "{plain}");
    assert!(plain.contains("120!"), "{plain}");
    assert!(coloured(&in_pipe(&[("CLICOLOR_FORCE", "1")], &[])));
    // NO_COLOR wins over CLICOLOR_FORCE.
    assert!(!coloured(&in_pipe(
        &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "1")],
        &[]
    )));
    // An empty NO_COLOR is not set.
    assert!(coloured(&in_pipe(
        &[("CLICOLOR_FORCE", "1"), ("NO_COLOR", "")],
        &[]
    )));
}

#[test]
fn an_explicit_choice_beats_the_environment() {
    assert!(coloured(&in_pipe(
        &[("NO_COLOR", "1")],
        &["--color", "always"]
    )));
    assert!(!coloured(&in_pipe(
        &[("CLICOLOR_FORCE", "1")],
        &["--color", "never"]
    )));
}

#[test]
fn a_terminal_is_coloured_unless_it_or_the_user_says_no() {
    let Some(out) = on_terminal(&[("TERM", "xterm-256color")]) else {
        return;
    };
    assert!(coloured(&out), "{out}");
    let plain: [&[(&str, &str)]; 3] = [
        &[("TERM", "dumb")],
        &[("TERM", "xterm-256color"), ("CLICOLOR", "0")],
        &[("TERM", "xterm-256color"), ("NO_COLOR", "1")],
    ];
    for env in plain {
        let out = on_terminal(env).unwrap_or_default();
        assert!(!coloured(&out), "{env:?}: {out}");
        assert!(out.contains("120!"), "{env:?}: {out}");
    }
}
