//! Each report format read by the tool that really consumes it, on text chosen to be misread:
//! YAML by PyYAML (YAML 1.1 rules) and ruamel.yaml (YAML 1.2), Markdown by cmark-gfm (the
//! renderer GitHub uses, through the `cmarkgfm` Python package) and CSV by Python's csv module.
//! A test skips, saying what to install, when the reader is missing; `.ci/run` installs them.

mod common;

use common::*;
use serde_json::Value;

const PYTHON_PACKAGES: &str = "python3 -m pip install PyYAML ruamel.yaml cmarkgfm";

/// Scalars that some YAML reader takes for something other than a string.
const AMBIGUOUS: [&str; 58] = [
    "yes",
    "Yes",
    "YES",
    "no",
    "No",
    "NO",
    "on",
    "On",
    "ON",
    "off",
    "Off",
    "OFF",
    "y",
    "Y",
    "n",
    "N",
    "true",
    "True",
    "false",
    "FALSE",
    "null",
    "Null",
    "NULL",
    "~",
    "12:30",
    "1:20:30",
    "1_000",
    "0x1F",
    "0o17",
    "017",
    "0b101",
    "1e3",
    "1.5",
    "+1",
    "-1",
    ".5",
    ".inf",
    "-.Inf",
    ".NaN",
    "2026-01-01",
    "2026-01-01 10:00:00",
    "2026-01-01T10:00:00Z",
    "=",
    "<<",
    "- x",
    "? x",
    "a: b",
    "a #b",
    "#c",
    "[x]",
    "{x: 1}",
    "|",
    "> x",
    "'q'",
    "\"dq\"",
    "@x",
    "`x",
    "!tag x",
];

/// Text that YAML must escape or quote for other reasons.
const AWKWARD: [&str; 12] = [
    "&anchor",
    "*alias",
    "%YAML 1.1",
    "---",
    "...",
    "tab\there",
    "é ñ 🚀",
    "nel\u{85}x",
    "ls\u{2028}x",
    "bell\u{7}x",
    "del\u{7f}x",
    "bom\u{feff}x",
];

/// Ids that are valid slugs and still read as something else.
const AMBIGUOUS_IDS: [&str; 12] = [
    "no",
    "on",
    "off",
    "yes",
    "y",
    "true",
    "null",
    "1e3",
    "0x1f",
    "017",
    "2026-01-01",
    "12-30",
];

fn program_with_ambiguous_text() -> tempfile::TempDir {
    let dir = empty_dir();
    let d = dir.path();
    ok(
        d,
        &[
            "init",
            "--id",
            "m",
            "--name",
            "yes",
            "--start",
            "2026-01-01",
            "--end",
            "2026-12-31",
        ],
    );
    for (i, id) in AMBIGUOUS_IDS.iter().enumerate() {
        let name = AMBIGUOUS[i];
        ok(
            d,
            &[
                "person",
                "add",
                id,
                &format!("--name={name}"),
                "--skills",
                "on,1_000,2026-01-01",
            ],
        );
    }
    ok(
        d,
        &[
            "project",
            "new",
            "off",
            "--name",
            "12:30",
            "--start",
            "2026-01-01",
            "--end",
            "2026-12-31",
            "--manager",
            "no",
            "--objective",
            "1e3",
        ],
    );
    ok(
        d,
        &[
            "scope",
            "add",
            "off",
            "on",
            "--title",
            "no",
            "--due",
            "2026-06-30",
        ],
    );
    for (i, title) in AMBIGUOUS.iter().chain(&AWKWARD).enumerate() {
        let id = format!("w{i}");
        ok(
            d,
            &[
                "work",
                "add",
                "off",
                "--id",
                &id,
                &format!("--title={title}"),
                "--deliverable",
                "on",
                "--start",
                "2026-02-02",
                "--due",
                "2026-03-02",
                "--assignee",
                "no",
            ],
        );
    }
    ok(
        d,
        &["assign", "no", "off", "--allocation", "120", "--force"],
    );
    ok(
        d,
        &[
            "request",
            "add",
            "off",
            "--skills",
            "on",
            "--allocation",
            "50",
            "--reason",
            "yes",
            "--id",
            "true",
        ],
    );
    dir
}

/// Loads YAML with `reader` in Python and prints it back as JSON; a value that is no JSON
/// type (a date, say) comes back as a string saying what it was, so it cannot compare equal.
const LOAD_YAML: &str = r#"
import json, sys
text = sys.stdin.read()
if sys.argv[1] == "pyyaml":
    import yaml
    data = yaml.safe_load(text)
else:
    from ruamel.yaml import YAML
    reader = YAML(typ="safe", pure=True)
    reader.version = (1, 2)
    data = reader.load(text)
print(json.dumps(data, default=lambda o: "<read as %s: %r>" % (type(o).__name__, o)))
"#;

#[test]
fn yaml_reads_back_as_the_json_in_yaml_1_1_and_1_2() {
    if !python_modules(&["yaml", "ruamel.yaml"], PYTHON_PACKAGES) {
        return;
    }
    let dir = program_with_ambiguous_text();
    let titles: Vec<String> = {
        let json: Value =
            serde_json::from_str(&ok(dir.path(), &["report", "gantt", "--format", "json"]))
                .expect("JSON");
        json["rows"]
            .as_array()
            .expect("rows")
            .iter()
            .map(|r| r["title"].as_str().expect("title").to_owned())
            .collect()
    };
    for title in AMBIGUOUS.iter().chain(&AWKWARD) {
        assert!(
            titles.iter().any(|t| t == title),
            "{title:?} is in the report"
        );
    }
    for kind in [
        "gantt",
        "people",
        "projects",
        "scope",
        "requests",
        "allocation",
    ] {
        let json: Value =
            serde_json::from_str(&ok(dir.path(), &["report", kind, "--format", "json"]))
                .expect("JSON");
        let yaml = ok(dir.path(), &["report", kind, "--format", "yaml"]);
        for reader in ["pyyaml", "ruamel"] {
            let read: Value = serde_json::from_str(&python(LOAD_YAML, &[reader], &yaml))
                .expect("the reader's JSON");
            if read != json {
                let (a, b) = (
                    serde_json::to_string_pretty(&read).unwrap_or_default(),
                    serde_json::to_string_pretty(&json).unwrap_or_default(),
                );
                let first = a
                    .lines()
                    .zip(b.lines())
                    .find(|(x, y)| x != y)
                    .map(|(x, y)| format!("{reader} read {x}\n   the JSON has {y}"));
                panic!("{kind}: {reader} reads the YAML differently:\n{first:?}");
            }
        }
    }
}

/// Renders Markdown with cmark-gfm's GitHub extensions, raw HTML let through (GitHub then
/// sanitises it, but the point is that pm's text must not produce any), and prints each table
/// row's cells as text, with `<br>` as a newline, and the tags the renderer produced.
const RENDER_MARKDOWN: &str = r#"
import json, sys, html.parser
import cmarkgfm
from cmarkgfm.cmark import Options
out = cmarkgfm.github_flavored_markdown_to_html(sys.stdin.read(), options=Options.CMARK_OPT_UNSAFE)
class Cells(html.parser.HTMLParser):
    def __init__(self):
        super().__init__()
        self.rows, self.tags, self.cell = [], set(), None
    def handle_starttag(self, tag, attrs):
        self.tags.add(tag)
        if tag == "tr": self.rows.append([])
        if tag in ("td", "th"): self.cell = ""
        if tag == "br" and self.cell is not None: self.cell += "\n"
    def handle_endtag(self, tag):
        if tag in ("td", "th"):
            self.rows[-1].append(self.cell)
            self.cell = None
    def handle_data(self, data):
        if self.cell is not None: self.cell += data
parser = Cells()
parser.feed(out)
print(json.dumps({"rows": parser.rows, "tags": sorted(parser.tags)}))
"#;

/// Text that Markdown would turn into something else.
const MARKUP: [&str; 20] = [
    "*b* and _i_",
    "**strong**",
    "[e](http://x)",
    "![i](http://x/y.png)",
    "<b>bold</b>",
    "<img src=x onerror=alert(1)>",
    "<http://x.org>",
    "`code`",
    "~~struck~~ ~one~",
    "see http://x.org now",
    "see www.x.org now",
    "&amp; &lt;",
    "$x^2$ math",
    "a | b",
    "back\\slash \\*",
    "[ ] task",
    "[^1] footnote",
    "<!-- comment -->",
    "x_y_z snake",
    "Phase 2: tests (2026-05-01) #3 - done.",
];

#[test]
fn markdown_shows_user_text_as_text_in_cmark_gfm() {
    if !python_modules(&["cmarkgfm"], PYTHON_PACKAGES) {
        return;
    }
    let dir = empty_dir();
    let d = dir.path();
    ok(d, &["init", "--id", "m", "--name", "M"]);
    ok(d, &["project", "new", "p", "--name", "P"]);
    for (i, title) in MARKUP.iter().enumerate() {
        ok(
            d,
            &[
                "scope",
                "add",
                "p",
                &format!("d{i}"),
                &format!("--title={title}"),
            ],
        );
    }
    let markdown = ok(d, &["report", "scope", "--format", "markdown"]);
    let rendered: Value =
        serde_json::from_str(&python(RENDER_MARKDOWN, &[], &markdown)).expect("JSON");
    let tags: Vec<&str> = rendered["tags"]
        .as_array()
        .expect("tags")
        .iter()
        .filter_map(Value::as_str)
        .collect();
    assert_eq!(
        tags,
        ["table", "tbody", "td", "th", "thead", "tr"],
        "only a table, nothing made of the text:\n{markdown}"
    );
    let rows = rendered["rows"].as_array().expect("rows");
    assert_eq!(rows.len(), MARKUP.len() + 1, "{markdown}");
    let titles: Vec<&str> = rows
        .iter()
        .skip(1)
        .map(|r| r[3].as_str().expect("a title cell"))
        .collect();
    assert_eq!(titles, MARKUP, "{markdown}");
}

/// Reads CSV with Python's csv module and prints the records as JSON.
const READ_CSV: &str = r#"
import csv, io, json, sys
print(json.dumps(list(csv.DictReader(io.StringIO(sys.stdin.read(), newline="")))))
"#;

#[test]
fn csv_cells_are_text_or_numbers_never_formulas() {
    let dir = empty_dir();
    let d = dir.path();
    let names = [
        "=HYPERLINK(\"http://x\",\"click\")",
        "+1 for this",
        "-5 days",
        "@SUM(A1:A9)",
        "\tTabbed",
        "Plain, with a comma",
    ];
    ok(d, &["init", "--id", "m", "--name", "M"]);
    for (i, name) in names.iter().enumerate() {
        ok(
            d,
            &[
                "project",
                "new",
                &format!("p{i}"),
                &format!("--name={name}"),
                "--start",
                "2026-01-01",
                "--end",
                "2026-12-31",
            ],
        );
        ok(
            d,
            &["project", "set", &format!("p{i}"), "--effort-hours", "100"],
        );
        ok(
            d,
            &[
                "work",
                "add",
                &format!("p{i}"),
                "--title",
                "Work",
                "--estimate-hours",
                "150.5",
            ],
        );
    }
    let csv = ok(d, &["report", "projects", "--format", "csv"]);
    if !python_modules(&["csv"], "install Python 3") {
        return;
    }
    let records: Value = serde_json::from_str(&python(READ_CSV, &[], &csv)).expect("JSON");
    let records = records.as_array().expect("records");
    assert_eq!(records.len(), names.len());
    for (record, name) in records.iter().zip(names) {
        let cell = record["name"].as_str().expect("name");
        if name.starts_with(['=', '+', '-', '@', '\t']) {
            assert_eq!(cell, format!("'{name}"), "a formula guard in front");
        } else {
            assert_eq!(cell, name);
        }
        assert_eq!(record["estimate_hours"], "150.5", "numbers stay numbers");
        assert_eq!(record["effort_cap_hours"], "100");
    }
}
