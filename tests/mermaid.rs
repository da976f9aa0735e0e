//! `pm report gantt --format mermaid` read by the tool that draws it: mermaid-cli (`mmdc`,
//! npm `@mermaid-js/mermaid-cli`, with a Chromium) renders the diagram, and every title must
//! come out of the drawing exactly as it was written, whatever Mermaid's grammar makes of
//! `:`, `;`, `#`, `%`, parentheses or keywords.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::*;

/// Titles that Mermaid's gantt grammar would cut, swallow or read as a statement.
const TITLES: [&str; 16] = [
    "Pressure garment: hard upper torso",
    "Seals; gaskets",
    "Valve #2 (backup)",
    "100% leak check",
    "x %%{init: {'theme': 'dark'}}%% y",
    "%% not a comment",
    "Title page review",
    "section 9 audit",
    "click here",
    "call center set-up",
    "href \"http://x\"",
    "2026-05-01 review",
    "<b>bold</b> & co",
    "`tick` {brace} back\\slash",
    "todayMarker off",
    "accTitle: x",
];

/// A program with one project named with a colon, one work item per title (2026-03-02 to
/// 2026-03-20) and one milestone.
fn program_with_titles() -> tempfile::TempDir {
    let dir = empty_dir();
    let d = dir.path();
    ok(d, &["init", "--id", "m", "--name", "Moon: base #1"]);
    ok(
        d,
        &[
            "project",
            "new",
            "p",
            "--name",
            "Habitat (phase 1)",
            "--start",
            "2026-03-01",
            "--end",
            "2026-06-30",
        ],
    );
    ok(
        d,
        &[
            "scope",
            "add",
            "p",
            "shell",
            "--title",
            "Shell: done; #1",
            "--due",
            "2026-03-25",
        ],
    );
    for (i, title) in TITLES.iter().enumerate() {
        let id = format!("w{i}");
        ok(
            d,
            &[
                "work",
                "add",
                "p",
                "--id",
                &id,
                "--title",
                title,
                "--start",
                "2026-03-02",
                "--due",
                "2026-03-20",
            ],
        );
    }
    dir
}

/// mermaid-cli and a browser for it, or `None` (after saying why) to skip.
fn mmdc() -> Option<(PathBuf, PathBuf)> {
    let mmdc = outside_tool("mmdc", "npm install @mermaid-js/mermaid-cli")?;
    let chromium = outside_tool("chromium", "apt-get install chromium")?;
    Some((mmdc, chromium))
}

/// Runs mmdc on `input` (a `.mmd` diagram or a `.md` file with mermaid blocks) and returns its
/// stderr; panics when it fails.
fn render(tools: &(PathBuf, PathBuf), input: &Path, output: &Path) {
    let dir = input.parent().expect("a folder");
    let config = dir.join("puppeteer.json");
    // The machine may have no network: Chromium must not try to reach one.
    std::fs::write(
        &config,
        serde_json::json!({
            "executablePath": tools.1,
            "args": ["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
        })
        .to_string(),
    )
    .expect("write the puppeteer config");
    let out = Command::new(&tools.0)
        .env("PUPPETEER_SKIP_DOWNLOAD", "1")
        .arg("--quiet")
        .arg("--puppeteerConfigFile")
        .arg(&config)
        .arg("--input")
        .arg(input)
        .arg("--output")
        .arg(output)
        .output()
        .expect("run mmdc");
    assert!(
        out.status.success(),
        "mmdc rejected {}:\n{}\n{}",
        input.display(),
        stderr(&out),
        std::fs::read_to_string(input).unwrap_or_default()
    );
}

/// The text of every `<text>` element of an SVG (inner `<tspan>` tags dropped), with XML's
/// character references decoded.
fn svg_texts(svg: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut rest = svg;
    while let Some(start) = rest.find("<text") {
        rest = &rest[start..];
        let Some(open_end) = rest.find('>') else {
            break;
        };
        let Some(close) = rest.find("</text>") else {
            break;
        };
        out.push(decode(&without_tags(&rest[open_end + 1..close])));
        rest = &rest[close..];
    }
    out
}

fn without_tags(s: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in s.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out
}

fn decode(s: &str) -> String {
    let mut out = String::new();
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let Some(semi) = rest.find(';') else {
            break;
        };
        let entity = &rest[1..semi];
        let ch = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            e if e.starts_with("#x") => u32::from_str_radix(&e[2..], 16)
                .ok()
                .and_then(char::from_u32),
            e if e.starts_with('#') => e[1..].parse().ok().and_then(char::from_u32),
            _ => None,
        };
        match ch {
            Some(c) => {
                out.push(c);
                rest = &rest[semi + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[test]
fn mermaid_cli_draws_every_title_as_written() {
    let Some(tools) = mmdc() else {
        return;
    };
    let dir = program_with_titles();
    let diagram = ok(dir.path(), &["report", "gantt", "--format", "mermaid"]);
    assert!(diagram.starts_with("gantt\n"), "a bare diagram: {diagram}");
    let work = empty_dir();
    let input = work.path().join("plan.mmd");
    let output = work.path().join("plan.svg");
    std::fs::write(&input, &diagram).expect("write the diagram");
    render(&tools, &input, &output);
    let texts = svg_texts(&std::fs::read_to_string(&output).expect("mmdc wrote the SVG"));
    let texts: Vec<&str> = texts.iter().map(|t| t.trim()).collect();
    for title in TITLES
        .iter()
        .chain(&["Moon: base #1", "Habitat (phase 1)", "Shell: done; #1"])
    {
        assert!(
            texts.contains(title),
            "{title:?} is not drawn as written; the drawing has {texts:?}\nfrom:\n{diagram}"
        );
    }
}

#[test]
fn the_today_line_is_pms_today() {
    let Some(tools) = mmdc() else {
        return;
    };
    let dir = program_with_titles();
    let inside = ok(
        dir.path(),
        &[
            "--today",
            "2026-03-10",
            "report",
            "gantt",
            "--format",
            "mermaid",
        ],
    );
    assert!(inside.contains("\n    todayMarker off\n"), "{inside}");
    assert!(
        inside.ends_with("\n    today :vert, 2026-03-10, 0d\n"),
        "{inside}"
    );
    let outside = ok(
        dir.path(),
        &[
            "--today",
            "2027-01-01",
            "report",
            "gantt",
            "--format",
            "mermaid",
        ],
    );
    assert!(!outside.contains(":vert"), "{outside}");

    let work = empty_dir();
    let input = work.path().join("plan.mmd");
    let output = work.path().join("plan.svg");
    std::fs::write(&input, &inside).expect("write the diagram");
    render(&tools, &input, &output);
    let svg = std::fs::read_to_string(&output).expect("mmdc wrote the SVG");
    assert!(svg.contains(" vert "), "a vertical marker is drawn");
    assert!(svg_texts(&svg).iter().any(|t| t.trim() == "today"));
}

#[test]
fn markdown_is_the_fenced_diagram_that_mermaid_cli_finds_in_a_markdown_file() {
    let Some(tools) = mmdc() else {
        return;
    };
    let dir = program_with_titles();
    let markdown = ok(dir.path(), &["report", "gantt", "--format", "markdown"]);
    assert!(markdown.starts_with("```mermaid\ngantt\n"), "{markdown}");
    let work = empty_dir();
    let input = work.path().join("PLAN.md");
    std::fs::write(&input, format!("# Plan\n\n{markdown}")).expect("write PLAN.md");
    let output = work.path().join("out.md");
    render(&tools, &input, &output);
    // mmdc replaces each mermaid block of a Markdown file by a picture it draws.
    let svg = std::fs::read_to_string(work.path().join("out-1.svg"))
        .expect("mmdc found the block and drew out-1.svg");
    let texts = svg_texts(&svg);
    assert!(texts.iter().any(|t| t.trim() == TITLES[0]), "{texts:?}");
}

/// A program whose projects wait on each other, with titles Mermaid would misread, one wait at
/// risk, and one work item waiting for a milestone.
fn program_with_dependencies() -> tempfile::TempDir {
    let dir = empty_dir();
    let d = dir.path();
    ok(d, &["init", "--id", "m", "--name", "Moon"]);
    for (id, name) in [
        ("lander", "Lander: crew #1 (main)"),
        ("end", "end"),
        ("graph", "Suits; \"EVA\" & co"),
    ] {
        ok(
            d,
            &[
                "project",
                "new",
                id,
                "--name",
                name,
                "--start",
                "2026-03-01",
                "--end",
                "2026-12-31",
            ],
        );
    }
    ok(
        d,
        &[
            "scope",
            "add",
            "lander",
            "cabin",
            "--title",
            "Cabin: shell %% 50% {v2}",
            "--due",
            "2026-06-30",
        ],
    );
    ok(
        d,
        &[
            "scope",
            "add",
            "end",
            "hatch",
            "--title",
            "click here",
            "--due",
            "2026-05-01",
        ],
    );
    ok(
        d,
        &[
            "work",
            "add",
            "graph",
            "--id",
            "fit",
            "--title",
            "Fit <b>check</b>",
            "--start",
            "2026-07-01",
            "--due",
            "2026-08-31",
        ],
    );
    ok(
        d,
        &[
            "depend",
            "add",
            "graph",
            "cabin",
            "--on",
            "lander/cabin",
            "--needed-by",
            "2026-06-01",
            "--for",
            "fit",
        ],
    );
    ok(
        d,
        &[
            "depend",
            "add",
            "lander",
            "hatch",
            "--on",
            "end/hatch",
            "--needed-by",
            "2026-06-01",
        ],
    );
    dir
}

/// Every piece of text of a drawing (SVG `<text>` and the HTML labels a flowchart uses), tags
/// dropped and character references decoded, as one string.
fn all_text(svg: &str) -> String {
    decode(&without_tags(svg))
}

#[test]
fn mermaid_cli_draws_the_dependencies_flowchart_with_every_title_as_written() {
    let Some(tools) = mmdc() else {
        return;
    };
    let dir = program_with_dependencies();
    let chart = ok(
        dir.path(),
        &["report", "dependencies", "--format", "mermaid"],
    );
    assert!(chart.starts_with("flowchart LR\n"), "{chart}");
    assert!(
        chart.contains("==>"),
        "the wait at risk is drawn thick: {chart}"
    );
    let work = empty_dir();
    let input = work.path().join("deps.mmd");
    let output = work.path().join("deps.svg");
    std::fs::write(&input, &chart).expect("write the diagram");
    render(&tools, &input, &output);
    let svg = std::fs::read_to_string(&output).expect("mmdc wrote the SVG");
    let text = all_text(&svg);
    for expected in [
        "Lander: crew #1 (main) (lander)",
        "end (end)",
        "Suits; \"EVA\" & co (graph)",
        "Cabin: shell %% 50% {v2} · due 2026-06-30 · needed by 2026-06-01 · AT RISK: due 29 days after it is needed",
        "click here · due 2026-05-01 · needed by 2026-06-01",
    ] {
        assert!(
            text.contains(expected),
            "{expected:?} is not drawn as written; the drawing says {text:?}\nfrom:\n{chart}"
        );
    }
    // The red of the risky arrow is there too, but the words above say it without colour.
    assert!(svg.contains("#c62828"), "the arrow at risk is red");
}

#[test]
fn mermaid_cli_draws_waiting_work_after_its_milestone() {
    let Some(tools) = mmdc() else {
        return;
    };
    let dir = program_with_dependencies();
    let chart = ok(dir.path(), &["report", "gantt", "--format", "mermaid"]);
    assert!(
        chart.contains(":milestone, m1, 2026-06-30, 0d\n"),
        "{chart}"
    );
    assert!(chart.contains(" :after m1, 2026-08-31\n"), "{chart}");
    let work = empty_dir();
    let input = work.path().join("plan.mmd");
    let output = work.path().join("plan.svg");
    std::fs::write(&input, &chart).expect("write the diagram");
    render(&tools, &input, &output);
    let texts = svg_texts(&std::fs::read_to_string(&output).expect("mmdc wrote the SVG"));
    assert!(
        texts.iter().any(|t| t.trim() == "Fit <b>check</b>"),
        "{texts:?}"
    );
}
