//! Help text a user can work from: every argument of every command says what it is, values in a
//! format say the format, the options every command takes are listed apart, `-V` belongs to pm
//! itself, and the commands used most end their help with examples.

mod common;

use clap::CommandFactory;
use common::*;

/// Every subcommand, with its path (`work set`).
fn commands() -> Vec<(String, clap::Command)> {
    fn walk(prefix: &str, cmd: &clap::Command, out: &mut Vec<(String, clap::Command)>) {
        for sub in cmd.get_subcommands() {
            let path = format!("{prefix} {}", sub.get_name()).trim().to_owned();
            out.push((path.clone(), sub.clone()));
            walk(&path, sub, out);
        }
    }
    let mut out = Vec::new();
    walk("", &pm::cli::Cli::command(), &mut out);
    out
}

#[test]
fn every_argument_says_what_it_is_and_its_format() {
    let mut missing = Vec::new();
    for (path, cmd) in commands() {
        for arg in cmd.get_arguments() {
            let id = arg.get_id().as_str();
            if id == "help" || id == "version" {
                continue;
            }
            let help = arg.get_help().map(|h| h.to_string()).unwrap_or_default();
            if help.trim().is_empty() {
                missing.push(format!("pm {path}: {id} has no description"));
                continue;
            }
            let value = arg
                .get_value_names()
                .and_then(|v| v.first())
                .map(|v| v.as_str().to_owned())
                .unwrap_or_default();
            let format = match value.as_str() {
                "DATE" => Some("YYYY-MM-DD"),
                "PERCENT" => Some("0-1000"),
                "HOURS" => Some("hours"),
                _ => None,
            };
            if let Some(f) = format
                && !help.contains(f)
                && !(value == "PERCENT" && help.contains("1-1000"))
                && !(value == "HOURS" && help.contains("Hours"))
            {
                missing.push(format!(
                    "pm {path}: --{id} <{value}> does not say `{f}`: {help}"
                ));
            }
        }
    }
    assert!(missing.is_empty(), "{}", missing.join("\n"));
}

#[test]
fn global_options_have_their_own_heading_and_only_pm_has_a_version() {
    let help = ok(std::path::Path::new("."), &["init", "-h"]);
    let (own, global) = help
        .split_once("Global options:")
        .unwrap_or_else(|| panic!("no Global options heading:\n{help}"));
    for flag in ["--program", "--color", "--today", "--dry-run"] {
        assert!(
            global.contains(flag),
            "{flag} not under Global options:\n{help}"
        );
        assert!(
            !own.contains(flag),
            "{flag} among init's own options:\n{help}"
        );
    }
    assert!(!help.contains("-V, --version"), "{help}");
    let out = pm().args(["init", "-V"]).output().expect("run pm");
    assert_eq!(out.status.code(), Some(2));
    let out = pm().arg("-V").output().expect("run pm");
    assert_eq!(stdout(&out), format!("pm {}\n", env!("CARGO_PKG_VERSION")));
}

#[test]
fn the_commands_used_most_show_examples() {
    for cmd in [
        &["check"][..],
        &["report"],
        &["assign"],
        &["work", "add"],
        &["work", "set"],
    ] {
        let mut args: Vec<&str> = cmd.to_vec();
        args.push("--help");
        let out = pm().args(&args).output().expect("run pm");
        let help = stdout(&out);
        let examples = help
            .split_once("Examples:")
            .map(|(_, e)| e)
            .unwrap_or_else(|| panic!("pm {}: no examples:\n{help}", cmd.join(" ")));
        // Each example is a command line of this very command, and parses.
        let shown: Vec<&str> = examples
            .lines()
            .map(str::trim)
            .filter(|l| l.starts_with("pm "))
            .collect();
        assert!(!shown.is_empty(), "pm {}: {examples}", cmd.join(" "));
        for line in shown {
            // What follows a wide gap is a note, what follows `>` a redirection.
            let line = line.split("   ").next().unwrap_or(line);
            let line = line.split(" >").next().unwrap_or(line);
            assert!(line.starts_with(&format!("pm {}", cmd.join(" "))), "{line}");
            let words: Vec<String> = shell_words(line);
            let parsed = <pm::cli::Cli as clap::Parser>::try_parse_from(&words);
            assert!(parsed.is_ok(), "{line}: {parsed:?}");
        }
    }
}

/// Words of an example line: spaces split, double quotes group.
fn shell_words(line: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut word = String::new();
    let (mut quoted, mut in_word) = (false, false);
    for c in line.chars() {
        match c {
            '"' => {
                quoted = !quoted;
                in_word = true;
            }
            ' ' if !quoted => {
                if in_word {
                    out.push(std::mem::take(&mut word));
                    in_word = false;
                }
            }
            c => {
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

#[test]
fn check_explain_without_a_rule_lists_them_and_an_unknown_rule_points_there() {
    let out = pm().args(["check", "--explain"]).output().expect("run pm");
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let list = stdout(&out);
    let rules: Vec<&str> = list.lines().filter(|l| l.starts_with("PM")).collect();
    assert_eq!(rules.len(), pm::check::Rule::ALL.len(), "{list}");
    assert!(
        rules
            .iter()
            .any(|l| l.starts_with("PM207  assignee-not-staffed")),
        "{list}"
    );
    let out = pm()
        .args(["check", "--explain", "no-such-rule"])
        .output()
        .expect("run pm");
    assert_eq!(out.status.code(), Some(2));
    let err = stderr(&out);
    assert!(err.contains("`pm check --explain` lists them all"), "{err}");
    assert!(!err.contains("docs/rules.md"), "{err}");
    // Every rule's own explanation names the commands that fix it, like its findings.
    for rule in pm::check::Rule::ALL {
        if ["PM001", "PM002", "PM004"].contains(&rule.code()) {
            continue;
        }
        let out = pm()
            .args(["check", "--explain", rule.code()])
            .output()
            .expect("run pm");
        assert!(stdout(&out).contains("`pm "), "{}", stdout(&out));
    }
}
