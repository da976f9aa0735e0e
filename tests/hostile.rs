//! Hostile input: `pm check` on any bytes in any file gives findings, or exit 2 with a message,
//! and never panics, hangs or runs out of memory. Small cases are files under
//! tests/fixtures/hostile/ (a project file each, checked with one valid program.toml, or a
//! program.toml each, checked with one valid project file); big, binary and file-system cases
//! are made here.

mod common;

use std::path::Path;
use std::time::{Duration, Instant};

use common::*;
use serde_json::Value;

fn hostile_dir() -> std::path::PathBuf {
    fixtures_dir().join("hostile")
}

/// What one `pm check` run gave.
struct Outcome {
    code: i32,
    json: Option<Value>,
    stderr: String,
}

/// Runs `pm check` in `dir` in the JSON and the human format, with a time limit so a hang
/// fails the test; asserts that nothing panicked and that the exit code means something.
fn check_dir(dir: &Path, limit: Duration) -> Outcome {
    let human = pm_in(dir)
        .arg("check")
        .timeout(limit)
        .output()
        .expect("run pm");
    let human_err = String::from_utf8_lossy(&human.stderr).into_owned();
    assert!(!human_err.contains("panicked"), "pm panicked:\n{human_err}");
    let out = pm_in(dir)
        .args(["check", "--format", "json"])
        .timeout(limit)
        .output()
        .expect("run pm");
    let stderr = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(!stderr.contains("panicked"), "pm panicked:\n{stderr}");
    let code = out.status.code().unwrap_or(-1);
    assert_eq!(
        human.status.code(),
        Some(code),
        "the human and JSON formats disagree on the exit code"
    );
    match code {
        0 | 1 => {
            let json = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
                panic!(
                    "exit {code} without JSON ({e}):\n{}",
                    String::from_utf8_lossy(&out.stdout)
                )
            });
            Outcome {
                code,
                json: Some(json),
                stderr,
            }
        }
        2 => {
            assert!(
                stderr.starts_with("error: "),
                "exit 2 needs an error message:\n{stderr}"
            );
            Outcome {
                code,
                json: None,
                stderr,
            }
        }
        _ => panic!("unexpected exit {code} (killed or timed out?):\n{stderr}"),
    }
}

/// A program folder with the shared valid program.toml and `project` as projects/p.toml.
fn with_project(project: &[u8]) -> tempfile::TempDir {
    let dir = empty_dir();
    std::fs::copy(
        hostile_dir().join("program.toml"),
        dir.path().join("program.toml"),
    )
    .expect("copy program.toml");
    std::fs::create_dir(dir.path().join("projects")).expect("projects/");
    std::fs::write(dir.path().join("projects/p.toml"), project).expect("write project");
    dir
}

/// A program folder with `program` as program.toml and the shared valid project file.
fn with_program(program: &[u8]) -> tempfile::TempDir {
    let dir = empty_dir();
    std::fs::write(dir.path().join("program.toml"), program).expect("write program.toml");
    std::fs::create_dir(dir.path().join("projects")).expect("projects/");
    std::fs::copy(
        hostile_dir().join("good-project.toml"),
        dir.path().join("projects/p.toml"),
    )
    .expect("copy project");
    dir
}

/// One expected finding: code, severity, file, line and a piece of its message.
type Expect = (&'static str, &'static str, &'static str, u64, &'static str);

fn has(json: &Value, (code, severity, file, line, text): Expect) -> bool {
    json["diagnostics"].as_array().is_some_and(|all| {
        all.iter().any(|d| {
            d["code"] == code
                && d["severity"] == severity
                && d["file"] == file
                && d["line"] == line
                && d["message"].as_str().is_some_and(|m| m.contains(text))
        })
    })
}

fn assert_finding(case: &str, out: &Outcome, expect: Expect) {
    let json = out
        .json
        .as_ref()
        .unwrap_or_else(|| panic!("{case}: exit {} — {}", out.code, out.stderr));
    assert!(
        has(json, expect),
        "{case}: no finding {expect:?} in\n{}",
        serde_json::to_string_pretty(&json["diagnostics"]).unwrap_or_default()
    );
}

fn codes(json: &Value, code: &str) -> usize {
    findings(json, code).len()
}

const P: &str = "projects/p.toml";
const PROGRAM: &str = "program.toml";

/// Every committed hostile project file, with the finding it must give.
const PROJECT_CASES: &[(&str, Expect)] = &[
    (
        "array-for-table",
        ("PM001", "error", P, 1, "'project' must be a table"),
    ),
    (
        "bad-escape",
        (
            "PM001",
            "error",
            P,
            3,
            "invalid TOML: missing escaped value",
        ),
    ),
    (
        "bom",
        ("PM001", "error", P, 4, "'status' = \"bogus\" is not one of"),
    ),
    (
        "conflict-markers",
        (
            "PM001",
            "error",
            P,
            17,
            "unresolved merge conflict at line 17",
        ),
    ),
    (
        "control-character",
        ("PM001", "error", P, 3, "invalid TOML"),
    ),
    (
        "crlf",
        (
            "PM005",
            "error",
            P,
            8,
            "ends on 2026-02-01 before it starts on 2026-06-01",
        ),
    ),
    (
        "datetime-for-date",
        (
            "PM001",
            "error",
            P,
            20,
            "'from' must be a date such as 2026-03-01, found a date-time",
        ),
    ),
    (
        "dotdot-id",
        (
            "PM001",
            "error",
            P,
            2,
            "invalid id in [project]: '../evil' contains '.'",
        ),
    ),
    (
        "dotted-key-clash",
        ("PM001", "error", P, 4, "unknown key 'project' in [project]"),
    ),
    (
        "duplicate-key",
        ("PM001", "error", P, 4, "invalid TOML: duplicate key"),
    ),
    ("empty", ("PM001", "error", P, 1, "missing [project] table")),
    (
        "empty-id",
        (
            "PM001",
            "error",
            P,
            18,
            "invalid id in [[work]]: an id cannot be empty",
        ),
    ),
    (
        "february-30",
        ("PM001", "error", P, 21, "invalid TOML: invalid date"),
    ),
    (
        "float-overflow",
        (
            "PM001",
            "error",
            P,
            21,
            "'estimate_hours' must be a finite number",
        ),
    ),
    (
        "hex-allocation",
        ("PM203", "error", P, 19, "bob's assignment to p is 100%"),
    ),
    (
        "integer-beyond-i64",
        (
            "PM001",
            "error",
            P,
            19,
            "'allocation' = 9223372036854775808 is too large a number",
        ),
    ),
    (
        "mixed-array",
        (
            "PM001",
            "error",
            P,
            25,
            "'tags' must hold strings, found a date",
        ),
    ),
    (
        "month-13",
        ("PM001", "error", P, 21, "invalid TOML: invalid date"),
    ),
    (
        "nan-hours",
        (
            "PM001",
            "error",
            P,
            21,
            "'estimate_hours' must be a finite number",
        ),
    ),
    (
        "negative-allocation",
        ("PM005", "error", P, 19, "allocation -5% is outside 0-1000"),
    ),
    (
        "non-table-entry",
        (
            "PM001",
            "error",
            P,
            1,
            "each entry of [[work]] must be a table, found an integer",
        ),
    ),
    (
        "offset-datetime-for-date",
        (
            "PM001",
            "error",
            P,
            21,
            "'due' must be a date such as 2026-03-01, found a date-time",
        ),
    ),
    (
        "only-comments",
        ("PM001", "error", P, 1, "missing [project] table"),
    ),
    (
        "slash-id",
        (
            "PM001",
            "error",
            P,
            18,
            "invalid id in [[work]]: 'a/b' contains '/'",
        ),
    ),
    (
        "string-for-date",
        ("PM001", "error", P, 21, "write 2026-03-01 without quotes"),
    ),
    (
        "table-for-array-of-tables",
        (
            "PM001",
            "error",
            P,
            17,
            "'work' must be an array of tables ([[work]]), found a table",
        ),
    ),
    (
        "time-for-date",
        (
            "PM001",
            "error",
            P,
            21,
            "'start' must be a date such as 2026-03-01, found a time",
        ),
    ),
    (
        "truncated-header",
        (
            "PM001",
            "error",
            P,
            17,
            "invalid TOML: unclosed array table",
        ),
    ),
    (
        "truncated-inline-table",
        (
            "PM001",
            "error",
            P,
            20,
            "invalid TOML: unclosed inline table",
        ),
    ),
    (
        "truncated-string",
        ("PM001", "error", P, 3, "invalid TOML: invalid basic string"),
    ),
    (
        "unicode-key",
        (
            "PM001",
            "error",
            P,
            1,
            "unknown key 'ünïcödé 🚀' in a project file",
        ),
    ),
    (
        "unknown-key",
        (
            "PM001",
            "error",
            P,
            19,
            "unknown key 'alocation' in [[assignment]] — did you mean 'allocation'?",
        ),
    ),
    (
        "whitespace-only",
        ("PM001", "error", P, 1, "missing [project] table"),
    ),
    (
        "wrong-type",
        (
            "PM001",
            "error",
            P,
            19,
            "'allocation' must be a whole number (percent), found a string",
        ),
    ),
    (
        "year-9999",
        (
            "PM201",
            "error",
            P,
            17,
            "bob is allocated 100% of 80% from 9999-12-01 to 9999-12-31",
        ),
    ),
    (
        "year-zero",
        (
            "PM106",
            "warning",
            P,
            20,
            "starts on 0000-01-01, before the charter starts",
        ),
    ),
];

/// Every committed hostile program.toml, with the finding it must give.
const PROGRAM_CASES: &[(&str, Expect)] = &[
    (
        "capacity-beyond-i64",
        (
            "PM001",
            "error",
            PROGRAM,
            7,
            "'capacity' = 99999999999999999999 is too large a number",
        ),
    ),
    (
        "empty",
        ("PM001", "error", PROGRAM, 1, "missing [program] table"),
    ),
    (
        "hours-zero",
        (
            "PM001",
            "error",
            PROGRAM,
            4,
            "hours_per_week must be more than 0",
        ),
    ),
    (
        "missing-program",
        ("PM001", "error", PROGRAM, 1, "missing [program] table"),
    ),
    (
        "person-dotdot-id",
        (
            "PM001",
            "error",
            PROGRAM,
            6,
            "invalid id in [[person]]: '..' contains '.'",
        ),
    ),
    (
        "program-not-table",
        (
            "PM001",
            "error",
            PROGRAM,
            1,
            "'program' must be a table ([program]), found a string",
        ),
    ),
    (
        "time-off-table",
        (
            "PM001",
            "error",
            PROGRAM,
            7,
            "'time_off' must be an array of tables",
        ),
    ),
    (
        "unknown-rule",
        (
            "PM001",
            "error",
            PROGRAM,
            6,
            "unknown rule 'over-alocation' in [check.rules] — did you mean 'over-allocation'?",
        ),
    ),
];

/// The file names in a fixture folder, without `.toml`, sorted.
fn case_names(folder: &str) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(hostile_dir().join(folder))
        .expect("read fixture folder")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter_map(|n| n.strip_suffix(".toml").map(str::to_owned))
        .collect();
    names.sort();
    names
}

const SMALL: Duration = Duration::from_secs(30);

#[test]
fn every_hostile_project_file_gives_its_finding() {
    let listed: Vec<&str> = PROJECT_CASES.iter().map(|(n, _)| *n).collect();
    assert_eq!(
        case_names("projects"),
        listed,
        "every file under tests/fixtures/hostile/projects/ has an expectation here"
    );
    for (name, expect) in PROJECT_CASES {
        let bytes =
            std::fs::read(hostile_dir().join(format!("projects/{name}.toml"))).expect("read case");
        let dir = with_project(&bytes);
        let out = check_dir(dir.path(), SMALL);
        assert_finding(name, &out, *expect);
    }
}

#[test]
fn every_hostile_program_file_gives_its_finding() {
    let listed: Vec<&str> = PROGRAM_CASES.iter().map(|(n, _)| *n).collect();
    assert_eq!(case_names("programs"), listed);
    for (name, expect) in PROGRAM_CASES {
        let bytes =
            std::fs::read(hostile_dir().join(format!("programs/{name}.toml"))).expect("read case");
        let dir = with_program(&bytes);
        let out = check_dir(dir.path(), SMALL);
        assert_finding(name, &out, *expect);
    }
}

#[test]
fn a_byte_order_mark_and_crlf_line_endings_load_as_plain_text() {
    // The line of [project] (BOM) and of [charter] (CRLF), where PM105 points.
    for (name, line) in [("bom", 1), ("crlf", 6)] {
        let bytes =
            std::fs::read(hostile_dir().join(format!("projects/{name}.toml"))).expect("read case");
        let dir = with_project(&bytes);
        let out = check_dir(dir.path(), SMALL);
        let json = out.json.expect("findings");
        // Only the one deliberate problem: the file itself loads.
        let invalid: Vec<_> = findings(&json, "PM001")
            .into_iter()
            .filter(|d| !d["message"].as_str().unwrap_or("").contains("'status'"))
            .collect();
        assert!(invalid.is_empty(), "{name}: {invalid:?}");
        // The table is found at column 1: the mark is no column, a CR no line.
        let incomplete = findings(&json, "PM105");
        assert_eq!(incomplete.len(), 1, "{name}");
        assert_eq!(
            (&incomplete[0]["line"], &incomplete[0]["column"]),
            (&Value::from(line), &Value::from(1)),
            "{name}"
        );
    }
    // The human format shows the CRLF line without its carriage return.
    let dir = with_project(&std::fs::read(hostile_dir().join("projects/crlf.toml")).unwrap());
    let out = pm_in(dir.path()).arg("check").output().unwrap();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("8 | end = 2026-02-01\n"), "{text}");
}

#[test]
fn bytes_that_are_not_utf8_name_their_line_and_column() {
    let dir = with_project(b"[project]\nid = \"p\"\nname = \"caf\xe9\"\n");
    let out = check_dir(dir.path(), SMALL);
    assert_finding(
        "latin-1 project",
        &out,
        (
            "PM001",
            "error",
            P,
            3,
            "not UTF-8 text (invalid byte at line 3, column 12)",
        ),
    );
    let dir = with_program(b"\xff\xfe[\x00p\x00r\x00o\x00g\x00]\x00");
    let out = check_dir(dir.path(), SMALL);
    assert_finding(
        "UTF-16 program.toml",
        &out,
        ("PM001", "error", PROGRAM, 1, "not UTF-8 text"),
    );
}

#[test]
fn a_nul_byte_is_a_syntax_error_at_its_place() {
    let dir = with_project(b"[project]\nid = \"p\"\nname = \"a\x00b\"\n");
    let out = check_dir(dir.path(), SMALL);
    assert_finding("NUL", &out, ("PM001", "error", P, 3, "invalid TOML"));
    let json = out.json.unwrap();
    assert_eq!(findings(&json, "PM001")[0]["column"], 10);
    let dir = with_project(&[0u8; 4096]);
    let out = check_dir(dir.path(), SMALL);
    assert_finding("only NULs", &out, ("PM001", "error", P, 1, "invalid TOML"));
}

#[test]
fn nesting_ten_thousand_deep_is_refused_without_overflowing_the_stack() {
    let n = 10_000;
    let cases = [
        (
            "arrays",
            format!("x = {}{}\n", "[".repeat(n), "]".repeat(n)),
        ),
        (
            "inline tables",
            format!("x = {}1{}\n", "{ a = ".repeat(n), " }".repeat(n)),
        ),
        (
            "mixed",
            format!("x = {}{}\n", "[{ a = ".repeat(n), "}]".repeat(n)),
        ),
        ("dotted key", format!("{} = 1\n", vec!["a"; n].join("."))),
        ("table header", format!("[{}]\n", vec!["a"; n].join("."))),
    ];
    for (what, text) in cases {
        let dir = with_project(text.as_bytes());
        let out = check_dir(dir.path(), SMALL);
        assert_finding(what, &out, ("PM001", "error", P, 1, "invalid TOML"));
        // The same text as program.toml.
        let dir = with_program(text.as_bytes());
        let out = check_dir(dir.path(), SMALL);
        assert_finding(what, &out, ("PM001", "error", PROGRAM, 1, "invalid TOML"));
    }
}

/// About `size` bytes of a project file that has every shape that once made the check
/// quadratic: many deliverables and untraced work (a message listing every deliverable), work
/// tracing to unknown deliverables (did-you-mean over all of them), many exclusion keywords,
/// duplicate ids, and many over-allocated runs overlapping a few long assignments.
fn big_project(size: usize) -> String {
    use std::fmt::Write;
    let mut s = String::from(
        "[project]\nid = \"p\"\nname = \"Big\"\nstatus = \"active\"\nmanager = \"alice\"\nbenefits = [\"safety\"]\n\n[charter]\nobjective = \"x\"\nstart = 2026-01-01\nend = 2026-12-31\n\n",
    );
    for i in 0..50 {
        let _ = write!(
            s,
            "[[assignment]]\nperson = \"bob\"\nallocation = 1\nfrom = 0001-01-01\nto = 9999-12-31\n# long assignment {i}\n\n"
        );
    }
    let day0 = chrono::NaiveDate::from_ymd_opt(2000, 1, 1).unwrap();
    let mut i = 0;
    while s.len() < size {
        let day = day0 + chrono::Duration::days(2 * (i % 1_000_000));
        // One in eight names an unknown deliverable: enough to show a did-you-mean over all of
        // them stays cheap, without making the test slow in a debug build.
        let unknown = if i % 8 == 0 {
            format!("deliverable = \"dxl-{i}\"\n")
        } else {
            String::new()
        };
        let _ = write!(
            s,
            "[[deliverable]]\nid = \"del-{i}\"\n\n[[exclusion]]\nid = \"ex-{i}\"\nkeywords = [\"kw{i}-thing\", \"kw{i}\"]\n\n[[work]]\nid = \"w-{i}\"\ntitle = \"Work kw{i} item\"\n\n[[work]]\nid = \"w-{i}\"\ntitle = \"Again\"\n{unknown}\n[[assignment]]\nperson = \"bob\"\nallocation = 70\nfrom = {day}\nto = {day}\n\n"
        );
        i += 1;
    }
    s
}

#[test]
fn a_20_mb_project_file_is_checked_in_bounded_time() {
    let text = big_project(20_000_000);
    let dir = with_project(text.as_bytes());
    let started = Instant::now();
    let out = pm_in(dir.path())
        .args(["check", "--format", "json"])
        .timeout(Duration::from_secs(300))
        .output()
        .unwrap();
    eprintln!("20 MB project file: checked in {:.1?}", started.elapsed());
    assert!(!String::from_utf8_lossy(&out.stderr).contains("panicked"));
    assert_eq!(out.status.code(), Some(1));
    let json: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert!(codes(&json, "PM201") > 10_000);
    assert!(codes(&json, "PM002") > 10_000);
    assert!(codes(&json, "PM102") > 10_000);
    let over = &findings(&json, "PM201")[0];
    assert_eq!(over["projects"], serde_json::json!(["p"]));
    // The human format of the same shapes, smaller: a finding lists at most 20 of the
    // assignments overlapping its run and counts the rest, and long lists of names are cut.
    let dir = with_project(big_project(300_000).as_bytes());
    let out = check_dir(dir.path(), Duration::from_secs(120));
    assert_eq!(out.code, 1);
    let human = pm_in(dir.path()).arg("check").output().unwrap();
    let human = String::from_utf8_lossy(&human.stdout);
    assert!(human.contains("; 31 more assignments overlap these dates"));
    assert!(human.contains("… and "), "long name lists are cut");
}

#[test]
fn a_minified_file_on_one_long_line_renders_without_the_line() {
    let mut s = String::from("work = [");
    for i in 0..20_000 {
        s.push_str(&format!("{{ id = \"w{i}\", title = \"t\", bogus = 1 }}, "));
    }
    s.push_str("]\n[project]\nid = \"p\"\nname = \"P\"\n");
    let dir = with_project(s.as_bytes());
    let out = check_dir(dir.path(), Duration::from_secs(120));
    let json = out.json.expect("findings");
    assert_eq!(codes(&json, "PM001"), 20_000);
    let second = findings(&json, "PM001")
        .into_iter()
        .find(|d| d["message"].as_str().unwrap_or("").contains("'bogus'"))
        .cloned()
        .unwrap();
    assert_eq!(second["line"], 1);
    let human = pm_in(dir.path()).arg("check").output().unwrap();
    let human = String::from_utf8_lossy(&human.stdout);
    assert!(
        human.contains("--> projects/p.toml:1:"),
        "{}",
        &human[..2000]
    );
    assert!(
        human.lines().all(|l| l.len() < 2000),
        "no line of the output is as long as the source line"
    );
}

#[test]
fn symbolic_links_are_warnings_not_followed() {
    let dir = with_project(
        std::fs::read(hostile_dir().join("good-project.toml"))
            .unwrap()
            .as_slice(),
    );
    let projects = dir.path().join("projects");
    std::os::unix::fs::symlink("/etc/passwd", projects.join("outside.toml")).unwrap();
    std::os::unix::fs::symlink("loop.toml", projects.join("loop.toml")).unwrap();
    std::os::unix::fs::symlink("nowhere.toml", projects.join("dangling.toml")).unwrap();
    std::fs::create_dir(projects.join("sub")).unwrap();
    std::os::unix::fs::symlink("..", projects.join("sub/up")).unwrap();
    let out = check_dir(dir.path(), SMALL);
    for file in [
        "projects/outside.toml",
        "projects/loop.toml",
        "projects/dangling.toml",
    ] {
        assert_finding(
            file,
            &out,
            (
                "PM001",
                "warning",
                file,
                1,
                "is a symbolic link; pm does not follow links",
            ),
        );
    }
    assert_eq!(out.code, 0, "warnings only: {:?}", out.json);
}

#[test]
fn an_unreadable_project_file_is_named() {
    use std::os::unix::fs::PermissionsExt;
    let dir = with_project(
        std::fs::read(hostile_dir().join("good-project.toml"))
            .unwrap()
            .as_slice(),
    );
    let secret = dir.path().join("projects/secret.toml");
    std::fs::write(&secret, "[project]\nid = \"secret\"\nname = \"S\"\n").unwrap();
    std::fs::set_permissions(&secret, std::fs::Permissions::from_mode(0o000)).unwrap();
    let Some(mut cmd) = pm_with_permissions(dir.path()) else {
        eprintln!("note: running as root without setpriv: permissions cannot be tested here");
        return;
    };
    let out = cmd.args(["check", "--format", "json"]).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(!stderr.contains("panicked"), "{stderr}");
    let json: Value = serde_json::from_slice(&out.stdout).expect("JSON");
    assert!(
        has(
            &json,
            (
                "PM001",
                "error",
                "projects/secret.toml",
                1,
                "cannot read projects/secret.toml: Permission denied"
            )
        ),
        "{json}"
    );
    // The readable project is still checked.
    assert_eq!(out.status.code(), Some(1));
    // An unreadable projects/ folder: pm cannot check at all.
    std::fs::set_permissions(
        dir.path().join("projects"),
        std::fs::Permissions::from_mode(0o000),
    )
    .unwrap();
    let out = pm_with_permissions(dir.path())
        .unwrap()
        .arg("check")
        .output()
        .unwrap();
    std::fs::set_permissions(
        dir.path().join("projects"),
        std::fs::Permissions::from_mode(0o755),
    )
    .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("error: cannot read projects") && stderr.contains("Permission denied"),
        "{stderr}"
    );
}

#[test]
fn an_empty_or_missing_projects_folder_is_a_program_without_projects() {
    let dir = with_program(&std::fs::read(hostile_dir().join("program.toml")).unwrap());
    std::fs::remove_file(dir.path().join("projects/p.toml")).unwrap();
    let empty = check_dir(dir.path(), SMALL);
    std::fs::remove_dir(dir.path().join("projects")).unwrap();
    let missing = check_dir(dir.path(), SMALL);
    for out in [empty, missing] {
        assert_eq!(out.code, 0);
        let json = out.json.unwrap();
        assert_eq!(json["summary"]["errors"], 0);
        assert_finding(
            "no projects",
            &Outcome {
                code: 0,
                json: Some(json),
                stderr: String::new(),
            },
            ("PM302", "warning", PROGRAM, 9, "benefit 'safety'"),
        );
    }
}

#[test]
fn a_program_toml_that_is_no_file_is_named() {
    let dir = empty_dir();
    std::fs::create_dir_all(dir.path().join("program.toml")).unwrap();
    let out = check_dir(dir.path(), SMALL);
    assert_eq!(out.code, 2);
    assert!(
        out.stderr
            .contains("program.toml is a folder; program.toml must be a file"),
        "{}",
        out.stderr
    );
    let fifo = empty_dir();
    let made = std::process::Command::new("mkfifo")
        .arg(fifo.path().join("program.toml"))
        .status();
    if made.is_ok_and(|s| s.success()) {
        // A named pipe is never opened: reading it would wait forever.
        let out = check_dir(fifo.path(), SMALL);
        assert_eq!(out.code, 2);
        assert!(
            out.stderr.contains("is not a regular file"),
            "{}",
            out.stderr
        );
    } else {
        eprintln!("note: no mkfifo here; the named-pipe program.toml case was skipped");
    }
}

#[test]
fn special_files_under_projects_are_skipped_without_hanging() {
    let dir = with_project(
        std::fs::read(hostile_dir().join("good-project.toml"))
            .unwrap()
            .as_slice(),
    );
    // A folder named like a project file is walked into, not read.
    std::fs::create_dir(dir.path().join("projects/folder.toml")).unwrap();
    let made = std::process::Command::new("mkfifo")
        .arg(dir.path().join("projects/pipe.toml"))
        .status();
    let out = check_dir(dir.path(), SMALL);
    assert_eq!(out.code, 0, "{:?}", out.json);
    if !made.is_ok_and(|s| s.success()) {
        eprintln!("note: no mkfifo here; the named-pipe project file case was skipped");
    }
}

#[test]
fn the_in_memory_entry_point_of_the_fuzz_target_matches_pm_check() {
    // fuzz/fuzz_targets/check.rs goes through pm::check::check_texts; it must see what
    // `pm check` sees, so what the fuzzer finds is what users would hit.
    let program = std::fs::read(hostile_dir().join("program.toml")).unwrap();
    for (name, _) in PROJECT_CASES {
        let project = std::fs::read(hostile_dir().join(format!("projects/{name}.toml"))).unwrap();
        let (loaded, diags) = pm::check::check_texts(&program, &project);
        let in_memory = pm::render::json::render(loaded.program_id(), &diags, &loaded.sources);
        // Every other output format renders too.
        pm::render::human::render(&diags, &loaded.sources, true);
        pm::render::github::render(&diags, &loaded.sources);
        pm::render::sarif::render(&diags, &loaded.sources);
        let dir = with_project(&project);
        let out = pm_in(dir.path())
            .args(["check", "--format", "json"])
            .output()
            .unwrap();
        assert_eq!(in_memory, String::from_utf8_lossy(&out.stdout), "{name}");
    }
}
