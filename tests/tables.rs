//! One table style for every listing and report, fitted to the terminal: run on a real
//! pseudo-terminal (util-linux `script`) 100 columns wide, no line is wider; in a pipe, tables
//! keep their natural width.

mod common;

use std::process::Command;

use common::*;

/// `pm ARGS` on `dir` with stdout on a pseudo-terminal `cols` wide; `None` without `script`.
fn on_terminal(dir: &std::path::Path, cols: u16, args: &[&str]) -> Option<String> {
    let script = outside_tool("script", "apt-get install util-linux")?;
    let quote = |s: &str| format!("'{}'", s.replace('\'', r"'\''"));
    let line = std::iter::once(env!("CARGO_BIN_EXE_pm"))
        .chain(["-C", &dir.to_string_lossy()])
        .chain(args.iter().copied())
        .map(quote)
        .collect::<Vec<_>>()
        .join(" ");
    let out = Command::new(script)
        .env_remove("PM_PROGRAM")
        .env("PM_TODAY", "2026-06-15")
        .env("NO_COLOR", "1")
        .args([
            "-q",
            "-e",
            "-c",
            &format!("stty cols {cols} rows 50; {line}"),
            "/dev/null",
        ])
        .output()
        .expect("run script");
    assert_eq!(out.status.code(), Some(0), "{args:?}: {}", stderr(&out));
    Some(stdout(&out).replace("\r\n", "\n"))
}

#[test]
fn every_listing_and_report_fits_a_terminal_of_100_columns() {
    let dir = fixture("examples/artemis");
    for args in [
        &["work", "list"][..],
        &["project", "list"],
        &["project", "show", "lander"],
        &["person", "list"],
        &["benefit", "list"],
        &["request", "list", "--all"],
        &["assignment", "list"],
        &["report", "scope"],
        &["report", "people"],
        &["report", "projects"],
        &["report", "allocation"],
    ] {
        let Some(out) = on_terminal(dir.path(), 100, args) else {
            return;
        };
        // In a pipe the same table is wider: the test would not show anything otherwise.
        let piped = ok(dir.path(), args);
        let widest = |text: &str| text.lines().map(|l| l.chars().count()).max().unwrap_or(0);
        // `project show` ends with its findings, one per line as `pm check` words them.
        let tables = out.split("\nFindings:").next().unwrap_or(&out);
        for line in tables.lines() {
            assert!(
                line.chars().count() <= 100,
                "pm {}: {line:?}",
                args.join(" ")
            );
        }
        assert!(
            widest(&piped) >= widest(&out),
            "pm {}: the terminal's is wider than the pipe's",
            args.join(" ")
        );
        // One style: a header, a rule of ─ under it, no box drawing.
        assert!(out.contains('─'), "pm {}:\n{out}", args.join(" "));
        for boxed in ['│', '┆', '┌', '╞'] {
            assert!(!out.contains(boxed), "pm {}:\n{out}", args.join(" "));
        }
    }
}

#[test]
fn the_work_list_was_the_widest_and_now_fits() {
    let dir = fixture("examples/artemis");
    let piped = ok(dir.path(), &["work", "list"]);
    assert!(
        piped.lines().any(|l| l.chars().count() > 100),
        "the example's work list is narrow already; this test shows nothing"
    );
    if let Some(out) = on_terminal(dir.path(), 100, &["work", "list"]) {
        assert!(out.lines().all(|l| l.chars().count() <= 100), "{out}");
        // Titles wrap; ids and dates are whole.
        assert!(out.contains("relay-site-survey"), "{out}");
    }
}

#[test]
fn an_empty_report_says_so_like_the_listing() {
    let dir = fixture("lifecycle");
    ok(
        dir.path(),
        &[
            "request",
            "withdraw",
            "analytics/rf",
            "--reason",
            "not needed",
        ],
    );
    assert_eq!(
        ok(dir.path(), &["request", "list"]),
        "no open staffing requests\n"
    );
    assert_eq!(
        ok(dir.path(), &["report", "requests"]),
        "no open staffing requests\n"
    );
}
