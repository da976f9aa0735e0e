//! The whole life of every item from the CLI (SPEC §7): the commands that change, remove and
//! rename, on a fixture program whose files are commented everywhere. Each happy path compares
//! the whole file byte for byte; each refusal leaves the tree as it was; the load guard refuses in
//! every command that adds committed load and `--force` overrides it; `--dry-run` prints a diff
//! and writes nothing.

mod common;

use std::path::Path;

use common::*;

const FIXTURE: &str = "lifecycle";
const PROGRAM: &str = "program.toml";
const ANALYTICS: &str = "projects/analytics.toml";
const BILLING: &str = "projects/billing.toml";
const RELAY: &str = "projects/ops/relay.toml";
const HR: &str = "projects/hr.toml";
const QUIET: &str = "projects/quiet.toml";

fn original(rel: &str) -> String {
    read(&fixtures_dir().join(FIXTURE), rel)
}

/// `text` with `from` replaced by `to`, which must be in it exactly once.
fn replaced(text: &str, from: &str, to: &str) -> String {
    assert_eq!(text.matches(from).count(), 1, "{from:?} in\n{text}");
    text.replacen(from, to, 1)
}

/// Asserts that every file but `changed` is as in the fixture.
fn others_untouched(dir: &Path, changed: &[&str]) {
    let before = snapshot_tree(&fixtures_dir().join(FIXTURE));
    let after = snapshot_tree(dir);
    for (rel, bytes) in &before {
        if !changed.contains(&rel.as_str()) {
            assert_eq!(after.get(rel), Some(bytes), "{rel} changed");
        }
    }
    for rel in after.keys() {
        assert!(
            before.contains_key(rel) || changed.contains(&rel.as_str()),
            "{rel} appeared"
        );
    }
}

fn no_structural_findings(dir: &Path) {
    let (_, json) = check_json(dir);
    for code in ["PM001", "PM002", "PM003", "PM004", "PM005"] {
        assert!(findings(&json, code).is_empty(), "{code}: {json:#}");
    }
}

// ---- work ----

#[test]
fn work_set_changes_only_the_keys_named() {
    let dir = fixture(FIXTURE);
    let d = dir.path();
    assert_eq!(
        ok(
            d,
            &[
                "work",
                "set",
                "analytics/build-dashboard",
                "--status",
                "doing",
                "--due",
                "2026-07-31",
                "--tags",
                "ui,web",
            ]
        ),
        "set status = doing, due = 2026-07-31, tags = [ui, web] of work build-dashboard in projects/analytics.toml\n"
    );
    let want = replaced(
        &original(ANALYTICS),
        "estimate_hours = 120   # rough\nstart = 2026-02-01\ndue = 2026-06-30\nassignee = \"ana\"\n",
        "estimate_hours = 120   # rough\nstatus = \"doing\"\nstart = 2026-02-01\ndue = 2026-07-31\nassignee = \"ana\"\ntags = [\"ui\", \"web\"]\n",
    );
    assert_eq!(read(d, ANALYTICS), want);

    // "" removes a key; the comment of the line goes with it, the others stay.
    assert_eq!(
        ok(
            d,
            &[
                "work",
                "set",
                "analytics/build-dashboard",
                "--estimate-hours",
                "",
                "--assignee",
                "",
                "--status",
                "done",
            ]
        ),
        "set removed estimate_hours, status = done, removed assignee of work build-dashboard in projects/analytics.toml\n"
    );
    let want = replaced(
        &want,
        "estimate_hours = 120   # rough\nstatus = \"doing\"\nstart = 2026-02-01\ndue = 2026-07-31\nassignee = \"ana\"\n",
        "status = \"done\"\nstart = 2026-02-01\ndue = 2026-07-31\n",
    );
    assert_eq!(read(d, ANALYTICS), want);
    others_untouched(d, &[ANALYTICS]);

    // Nothing to do is said, and nothing written.
    assert_eq!(
        ok(
            d,
            &[
                "work",
                "set",
                "analytics/build-dashboard",
                "--status",
                "done"
            ]
        ),
        "work analytics/build-dashboard already has these values; nothing changed\n"
    );
    assert_eq!(read(d, ANALYTICS), want);
}

#[test]
fn work_set_renames_and_retraces_and_refuses_what_it_cannot_do() {
    let dir = fixture(FIXTURE);
    let d = dir.path();
    ok(
        d,
        &[
            "work",
            "set",
            "analytics/monthly-reports",
            "--deliverable",
            "dashboard",
            "--id",
            "reports-page",
            "--title",
            "A reports page",
        ],
    );
    assert_eq!(
        read(d, ANALYTICS),
        replaced(
            &original(ANALYTICS),
            "id = \"monthly-reports\"\ntitle = \"Write the monthly reports\"\ndeliverable = \"reports\"\n",
            "id = \"reports-page\"\ntitle = \"A reports page\"\ndeliverable = \"dashboard\"\n",
        )
    );
    let err = refused(
        d,
        &["work", "set", "analytics/reports-pag", "--status", "done"],
    );
    assert!(err.contains("did you mean 'reports-page'?"), "{err}");
    let err = refused(d, &["work", "set", "analytics/reports-page"]);
    assert!(err.contains("nothing to set"), "{err}");
    let err = refused(
        d,
        &[
            "work",
            "set",
            "analytics/build-dashboard",
            "--start",
            "2026-08-01",
        ],
    );
    assert!(
        err.contains("due on 2026-06-30, before it starts on 2026-08-01"),
        "{err}"
    );
    let err = refused(
        d,
        &[
            "work",
            "set",
            "analytics/build-dashboard",
            "--deliverable",
            "invoices",
        ],
    );
    assert!(
        err.contains("'invoices' is a deliverable of billing"),
        "{err}"
    );
    let err = refused(
        d,
        &[
            "work",
            "set",
            "analytics/build-dashboard",
            "--assignee",
            "zed",
        ],
    );
    assert!(err.contains("unknown person 'zed'"), "{err}");
    let err = refused(
        d,
        &[
            "work",
            "set",
            "analytics/build-dashboard",
            "--id",
            "dashboard-tests",
        ],
    );
    assert!(err.contains("already exists"), "{err}");
    // Dropping asks why, so it is `work move --drop`.
    let err = refused(
        d,
        &[
            "work",
            "set",
            "analytics/build-dashboard",
            "--status",
            "dropped",
        ],
    );
    assert!(err.contains("invalid value 'dropped'"), "{err}");
}

#[test]
fn work_add_takes_a_status_and_work_remove_deletes_an_item_with_its_comment() {
    let dir = fixture(FIXTURE);
    let d = dir.path();
    ok(
        d,
        &[
            "work",
            "add",
            "analytics",
            "--title",
            "Late find",
            "--deliverable",
            "reports",
            "--status",
            "doing",
        ],
    );
    assert!(read(d, ANALYTICS).contains(
        "[[work]]\nid = \"late-find\"\ntitle = \"Late find\"\ndeliverable = \"reports\"\nstatus = \"doing\"\n"
    ));
    assert_eq!(
        ok(d, &["work", "remove", "analytics/late-find"]),
        "removed work late-find from projects/analytics.toml\n"
    );
    assert_eq!(read(d, ANALYTICS), original(ANALYTICS));

    assert_eq!(
        ok(d, &["work", "remove", "analytics/build-dashboard"]),
        "removed work build-dashboard from projects/analytics.toml\n"
    );
    assert_eq!(
        read(d, ANALYTICS),
        replaced(
            &original(ANALYTICS),
            "# Build the dashboard first.\n[[work]]\nid = \"build-dashboard\"\ntitle = \"Build the dashboard\"\ndeliverable = \"dashboard\"\nestimate_hours = 120   # rough\nstart = 2026-02-01\ndue = 2026-06-30\nassignee = \"ana\"\n\n",
            "",
        )
    );
    let err = refused(d, &["work", "remove", "analytics/build-dashboard"]);
    assert!(err.contains("there is no work 'build-dashboard'"), "{err}");
    let err = refused(d, &["work", "remove", "analytics"]);
    assert!(err.contains("give the work as PROJECT/ID"), "{err}");
}

// ---- people ----

#[test]
fn person_set_changes_only_the_keys_named() {
    let dir = fixture(FIXTURE);
    let d = dir.path();
    assert_eq!(
        ok(
            d,
            &[
                "person",
                "set",
                "ana",
                "--name",
                "Ana Ruiz-Lopez",
                "--capacity",
                "100",
                "--skills",
                "rf,thermal,cfd",
                "--end",
                "2027-12-31",
            ]
        ),
        "set name = \"Ana Ruiz-Lopez\", capacity = 100, skills = [rf, thermal, cfd], end = 2027-12-31 of person ana in program.toml\n"
    );
    assert_eq!(
        read(d, PROGRAM),
        replaced(
            &original(PROGRAM),
            "name = \"Ana Ruiz\"\ncapacity = 80   # four days a week\nskills = [\"thermal\", \"rf\"]\n",
            "name = \"Ana Ruiz-Lopez\"\ncapacity = 100   # four days a week\nskills = [\"rf\", \"thermal\", \"cfd\"]\nend = 2027-12-31\n",
        )
    );
    ok(d, &["person", "set", "ana", "--end", "", "--name", ""]);
    assert!(read(d, PROGRAM).contains("[[person]]\nid = \"ana\"\ncapacity = 100"));
    others_untouched(d, &[PROGRAM]);
    let err = refused(d, &["person", "set", "ann", "--capacity", "50"]);
    assert!(err.contains("did you mean 'ana'?"), "{err}");
    let err = refused(
        d,
        &[
            "person",
            "set",
            "ana",
            "--start",
            "2028-01-01",
            "--end",
            "2027-01-01",
        ],
    );
    assert!(
        err.contains("would leave on 2027-01-01, before joining on 2028-01-01"),
        "{err}"
    );
    let err = refused(d, &["person", "set", "ana"]);
    assert!(err.contains("nothing to set"), "{err}");
}

#[test]
fn person_off_cancel_takes_back_one_time_off() {
    let dir = fixture(FIXTURE);
    let d = dir.path();
    let err = refused(
        d,
        &["person", "off", "tom", "--cancel", "--from", "2026-08-04"],
    );
    assert!(
        err.contains(
            "tom has no time off starting on 2026-08-04; tom's time off: 2026-08-03..2026-08-14"
        ),
        "{err}"
    );
    assert_eq!(
        ok(
            d,
            &["person", "off", "tom", "--cancel", "--from", "2026-08-03"]
        ),
        "cancelled time off 2026-08-03 to 2026-08-14 of tom in program.toml\n"
    );
    assert_eq!(
        read(d, PROGRAM),
        replaced(
            &original(PROGRAM),
            "time_off = [{ from = 2026-08-03, to = 2026-08-14, reason = \"leave\" }]\n",
            "",
        )
    );
    // Added again and cancelled again, the file is back as it was.
    ok(
        d,
        &[
            "person",
            "off",
            "tom",
            "--from",
            "2026-08-03",
            "--to",
            "2026-08-14",
            "--reason",
            "leave",
        ],
    );
    assert_eq!(read(d, PROGRAM), original(PROGRAM));
}

#[test]
fn person_remove_lists_every_reference_and_removes_a_person_nobody_names() {
    let dir = fixture(FIXTURE);
    let d = dir.path();
    let err = refused(d, &["person", "remove", "tom"]);
    assert_eq!(
        err,
        "error: tom is still named in 9 places:
  program.toml:7              manager of the program
  projects/analytics.toml:7   manager of project analytics
  projects/analytics.toml:52  assignment to analytics (50%, 2026-01-01..2026-06-30)
  projects/analytics.toml:58  assignment to analytics (30%, 2026-07-01..2026-12-31)
  projects/billing.toml:23    assignee of work billing/invoice-run
  projects/billing.toml:26    assignment to billing (40%, 2026-01-01..2026-12-31)
  projects/hr.toml:18         assignment to hr (40%, 2026-07-01..2026-12-31)
  projects/hr.toml:31         filled_by of request hr/thermal
  projects/ops/relay.toml:13  approver of relay's charter
change those first (`pm person rename` keeps them all, `pm assignment remove`, `pm work set P/W --assignee OTHER`, `pm project set P --manager OTHER`), then remove tom
"
    );
    ok(d, &["person", "add", "zoe", "--name", "Zoe"]);
    assert_eq!(
        ok(d, &["person", "remove", "zoe"]),
        "removed person zoe from program.toml\n"
    );
    assert_eq!(read(d, PROGRAM), original(PROGRAM));
    let err = refused(d, &["person", "remove", "zoe"]);
    assert!(err.contains("unknown person 'zoe'"), "{err}");
}

#[test]
fn person_rename_changes_exactly_the_references_in_five_files() {
    let dir = fixture(FIXTURE);
    let d = dir.path();
    assert_eq!(
        ok(d, &["person", "rename", "tom", "thomas"]),
        "renamed person tom to thomas in program.toml (2 references)
renamed person tom to thomas in projects/analytics.toml (3 references)
renamed person tom to thomas in projects/billing.toml (2 references)
renamed person tom to thomas in projects/hr.toml (2 references)
renamed person tom to thomas in projects/ops/relay.toml (1 reference)
"
    );
    let program = replaced(
        &original(PROGRAM),
        "manager = \"tom\"   # the program manager",
        "manager = \"thomas\"   # the program manager",
    );
    assert_eq!(
        read(d, PROGRAM),
        replaced(&program, "id = \"tom\"\n", "id = \"thomas\"\n")
    );
    let analytics = original(ANALYTICS)
        .replace(
            "manager = \"tom\"   # since January",
            "manager = \"thomas\"   # since January",
        )
        .replace("person = \"tom\"", "person = \"thomas\"");
    assert_eq!(read(d, ANALYTICS), analytics);
    assert_eq!(
        read(d, BILLING),
        original(BILLING)
            .replace("assignee = \"tom\"", "assignee = \"thomas\"")
            .replace("person = \"tom\"", "person = \"thomas\"")
    );
    assert_eq!(
        read(d, HR),
        original(HR)
            .replace("person = \"tom\"", "person = \"thomas\"")
            .replace("filled_by = \"tom\"", "filled_by = \"thomas\"")
    );
    assert_eq!(
        read(d, RELAY),
        replaced(
            &original(RELAY),
            "approved_by = \"tom\"",
            "approved_by = \"thomas\""
        )
    );
    others_untouched(d, &[PROGRAM, ANALYTICS, BILLING, HR, RELAY]);
    for rel in [PROGRAM, ANALYTICS, BILLING, HR, RELAY] {
        assert!(!read(d, rel).contains("\"tom\""), "{rel}");
    }
    no_structural_findings(d);

    let err = refused(d, &["person", "rename", "thomas", "ana"]);
    assert!(
        err.contains("person 'ana' is already in program.toml"),
        "{err}"
    );
    let err = refused(d, &["person", "rename", "tom", "x"]);
    assert!(err.contains("unknown person 'tom'"), "{err}");
    let err = refused(d, &["person", "rename", "thomas", "Tom Hale"]);
    assert!(err.contains("invalid person id"), "{err}");
}

#[test]
fn a_rename_is_refused_while_a_file_cannot_be_read() {
    let dir = fixture(FIXTURE);
    let d = dir.path();
    write(d, "projects/broken.toml", "[project\nid = \"broken\"\n");
    let err = refused(d, &["person", "rename", "tom", "thomas"]);
    assert!(
        err.contains("projects/broken.toml:1:") && err.contains("cannot see the references in it"),
        "{err}"
    );
}

// ---- projects ----

#[test]
fn project_rename_renames_the_file_and_every_reference_in_one_change() {
    let dir = fixture(FIXTURE);
    let d = dir.path();
    assert_eq!(
        ok(d, &["project", "rename", "analytics", "insights"]),
        "renamed project analytics to insights: projects/analytics.toml is now projects/insights.toml
renamed project analytics to insights in projects/ops/relay.toml (1 reference)
"
    );
    assert!(!d.join(ANALYTICS).exists());
    assert_eq!(
        read(d, "projects/insights.toml"),
        replaced(
            &original(ANALYTICS),
            "id = \"analytics\"\n",
            "id = \"insights\"\n"
        )
    );
    assert_eq!(
        read(d, RELAY),
        replaced(
            &original(RELAY),
            "moved_from = \"analytics\"",
            "moved_from = \"insights\""
        )
    );
    others_untouched(d, &[ANALYTICS, RELAY, "projects/insights.toml"]);
    no_structural_findings(d);
    assert!(ok(d, &["project", "list"]).contains("insights "));

    let err = refused(d, &["project", "rename", "insights", "billing"]);
    assert!(
        err.contains("project 'billing' already exists in projects/billing.toml"),
        "{err}"
    );
    let err = refused(d, &["project", "rename", "analytics", "x"]);
    assert!(err.contains("unknown project 'analytics'"), "{err}");
    // In a sub-folder the file stays in its folder.
    ok(d, &["project", "rename", "relay", "uplink"]);
    assert!(d.join("projects/ops/uplink.toml").is_file());
    assert!(!d.join(RELAY).exists());
}

#[test]
fn project_set_names_prioritises_and_takes_a_benefit_off() {
    let dir = fixture(FIXTURE);
    let d = dir.path();
    assert_eq!(
        ok(
            d,
            &[
                "project",
                "set",
                "analytics",
                "--name",
                "Analytics and insight",
                "--priority",
                "800",
                "--remove-benefit",
                "science",
            ]
        ),
        "set name = \"Analytics and insight\", benefits = [landing], priority = 800 in projects/analytics.toml\n"
    );
    assert_eq!(
        read(d, ANALYTICS),
        replaced(
            &original(ANALYTICS),
            "name = \"Analytics\"\nstatus = \"active\"\nmanager = \"tom\"   # since January\nbenefits = [\"landing\", \"science\"]\n",
            "name = \"Analytics and insight\"\nstatus = \"active\"\npriority = 800\nmanager = \"tom\"   # since January\nbenefits = [\"landing\"]\n",
        )
    );
    let err = refused(
        d,
        &["project", "set", "analytics", "--remove-benefit", "science"],
    );
    assert!(
        err.contains("analytics does not serve benefit 'science' (it serves landing)"),
        "{err}"
    );
    let err = refused(d, &["project", "set", "analytics", "--priority", "0"]);
    assert!(err.contains("'0' is not a priority"), "{err}");
    let (_, json) = check_json(d);
    assert!(findings(&json, "PM005").is_empty(), "{json:#}");
}

#[test]
fn program_set_changes_the_program_charter() {
    let dir = fixture(FIXTURE);
    let d = dir.path();
    assert_eq!(
        ok(
            d,
            &[
                "program",
                "set",
                "--end",
                "2029-06-30",
                "--sponsor",
                "Space office",
                "--manager",
                "ana"
            ]
        ),
        "set manager = \"ana\", sponsor = \"Space office\", end = 2029-06-30 in program.toml\n"
    );
    assert_eq!(
        read(d, PROGRAM),
        replaced(
            &original(PROGRAM),
            "manager = \"tom\"   # the program manager\nstart = 2026-01-01\nend = 2028-12-31\n",
            "manager = \"ana\"   # the program manager\nsponsor = \"Space office\"\nstart = 2026-01-01\nend = 2029-06-30\n",
        )
    );
    let err = refused(d, &["program", "set", "--start", "2030-01-01"]);
    assert!(
        err.contains("the program would end on 2029-06-30, before it starts on 2030-01-01"),
        "{err}"
    );
    let err = refused(d, &["program", "set", "--manager", "zed"]);
    assert!(err.contains("unknown person 'zed'"), "{err}");
}

// ---- scope and benefits ----

#[test]
fn scope_set_changes_a_deliverable_and_its_id_takes_the_work_along() {
    let dir = fixture(FIXTURE);
    let d = dir.path();
    assert_eq!(
        ok(
            d,
            &[
                "scope",
                "set",
                "analytics",
                "dashboard",
                "--title",
                "Live dashboard",
                "--due",
                "2026-11-01",
                "--id",
                "live-dashboard",
            ]
        ),
        "set title = \"Live dashboard\", due = 2026-11-01, id = live-dashboard of deliverable dashboard in projects/analytics.toml; re-pointed 2 work items to live-dashboard\n"
    );
    assert_eq!(
        read(d, ANALYTICS),
        original(ANALYTICS)
            .replace(
                "id = \"dashboard\"\ntitle = \"Dashboard\"\ndue = 2026-10-01   # before the review",
                "id = \"live-dashboard\"\ntitle = \"Live dashboard\"\ndue = 2026-11-01   # before the review"
            )
            .replace("deliverable = \"dashboard\"", "deliverable = \"live-dashboard\"")
    );
    ok(
        d,
        &[
            "scope",
            "set",
            "analytics",
            "billing",
            "--keywords",
            "invoice,payment",
        ],
    );
    assert!(read(d, ANALYTICS).contains("keywords = [\"invoice\", \"payment\"]"));
    let err = refused(
        d,
        &[
            "scope",
            "set",
            "analytics",
            "billing",
            "--due",
            "2026-05-01",
        ],
    );
    assert!(err.contains("exclusions have no due date"), "{err}");
    let err = refused(
        d,
        &["scope", "set", "analytics", "reports", "--keywords", "x"],
    );
    assert!(err.contains("keywords mark excluded work"), "{err}");
    let err = refused(
        d,
        &["scope", "set", "analytics", "reports", "--id", "billing"],
    );
    assert!(
        err.contains("'billing' is already a deliverable or exclusion of analytics"),
        "{err}"
    );
    let err = refused(d, &["scope", "set", "analytics", "report", "--title", "x"]);
    assert!(err.contains("did you mean 'reports'?"), "{err}");
}

#[test]
fn scope_remove_refuses_while_work_traces_to_it_unless_retraced() {
    let dir = fixture(FIXTURE);
    let d = dir.path();
    let err = refused(d, &["scope", "remove", "analytics", "dashboard"]);
    assert_eq!(
        err,
        "error: deliverable dashboard of analytics still has 2 work items tracing to it:
  projects/analytics.toml:33  work build-dashboard (todo) traces to it
  projects/analytics.toml:42  work dashboard-tests (todo) traces to it
re-point them with `pm scope remove analytics dashboard --retrace-to DELIVERABLE` (or `pm work set analytics/WORK --deliverable D` one by one), then remove it
"
    );
    let err = refused(
        d,
        &[
            "scope",
            "remove",
            "analytics",
            "dashboard",
            "--retrace-to",
            "dashbord",
        ],
    );
    assert!(
        err.contains("did you mean 'dashboard'?") || err.contains("its deliverables are: reports"),
        "{err}"
    );
    assert_eq!(
        ok(
            d,
            &[
                "scope",
                "remove",
                "analytics",
                "dashboard",
                "--retrace-to",
                "reports"
            ]
        ),
        "removed deliverable dashboard from projects/analytics.toml; re-pointed 2 work items to reports\n"
    );
    assert_eq!(
        read(d, ANALYTICS),
        replaced(
            &original(ANALYTICS),
            "[[deliverable]]\nid = \"dashboard\"\ntitle = \"Dashboard\"\ndue = 2026-10-01   # before the review\n\n",
            "",
        )
        .replace("deliverable = \"dashboard\"", "deliverable = \"reports\"")
    );
    // An exclusion nothing traces to goes at once.
    ok(d, &["scope", "remove", "analytics", "billing"]);
    assert!(!read(d, ANALYTICS).contains("[[exclusion]]"));
}

#[test]
fn benefits_are_renamed_everywhere_and_removed_only_when_nothing_serves_them() {
    let dir = fixture(FIXTURE);
    let d = dir.path();
    let err = refused(d, &["benefit", "remove", "science"]);
    assert_eq!(
        err,
        "error: benefit science is still served by 2 projects:
  projects/analytics.toml:8  served by project analytics (active)
  projects/quiet.toml:8      served by project quiet (active)
take it off those projects first (`pm project set analytics --remove-benefit science`), then remove it
"
    );
    assert_eq!(
        ok(
            d,
            &[
                "benefit",
                "set",
                "science",
                "--id",
                "research",
                "--title",
                "Research there"
            ]
        ),
        "renamed benefit science to research in program.toml (1 reference)
renamed benefit science to research in projects/analytics.toml (1 reference)
renamed benefit science to research in projects/quiet.toml (1 reference)
"
    );
    assert_eq!(
        read(d, PROGRAM),
        replaced(
            &original(PROGRAM),
            "id = \"science\"   # served by analytics and quiet\ntitle = \"Do science there\"",
            "id = \"research\"   # served by analytics and quiet\ntitle = \"Research there\"",
        )
    );
    assert!(read(d, ANALYTICS).contains("benefits = [\"landing\", \"research\"]"));
    assert!(read(d, QUIET).contains("benefits = [\"research\"]"));
    ok(
        d,
        &[
            "project",
            "set",
            "analytics",
            "--remove-benefit",
            "research",
        ],
    );
    ok(
        d,
        &[
            "project",
            "set",
            "quiet",
            "--remove-benefit",
            "research",
            "--benefit",
            "landing",
        ],
    );
    assert_eq!(
        ok(d, &["benefit", "remove", "research"]),
        "removed benefit research from program.toml\n"
    );
    assert!(!read(d, PROGRAM).contains("research"));
    assert_eq!(
        ok(d, &["benefit", "set", "landing", "--title", "Land softly"]),
        "set title of benefit landing in program.toml\n"
    );
}

// ---- assignments ----

#[test]
fn one_assignment_is_addressed_by_a_day_it_runs_on() {
    let dir = fixture(FIXTURE);
    let d = dir.path();
    let err = refused(
        d,
        &[
            "assignment",
            "set",
            "tom",
            "analytics",
            "--allocation",
            "40",
        ],
    );
    assert_eq!(
        err,
        "error: tom has 2 assignments on analytics; pm does not guess which one is meant:
  projects/analytics.toml:51  50% 2026-01-01..2026-06-30
  projects/analytics.toml:57  30% 2026-07-01..2026-12-31, proposed
say which with --at DATE (a day it runs on)
"
    );
    assert_eq!(
        ok(
            d,
            &[
                "assignment",
                "set",
                "tom",
                "analytics",
                "--at",
                "2026-03-01",
                "--allocation",
                "40",
                "--role",
                "analyst"
            ]
        ),
        "set allocation = 40, role = \"analyst\" of tom's assignment to analytics (was 50% 2026-01-01..2026-06-30) in projects/analytics.toml\n"
    );
    assert_eq!(
        read(d, ANALYTICS),
        replaced(
            &original(ANALYTICS),
            "person = \"tom\"\nallocation = 50\nfrom = 2026-01-01\nto = 2026-06-30\n",
            "person = \"tom\"\nallocation = 40\nfrom = 2026-01-01\nto = 2026-06-30\nrole = \"analyst\"\n",
        )
    );
    let err = refused(
        d,
        &[
            "assignment",
            "set",
            "tom",
            "analytics",
            "--at",
            "2027-03-01",
            "--allocation",
            "10",
        ],
    );
    assert!(err.contains("tom has no assignment on analytics running on 2027-03-01; theirs: 40% 2026-01-01..2026-06-30; 30% 2026-07-01..2026-12-31, proposed"), "{err}");
    let err = refused(
        d,
        &[
            "assignment",
            "set",
            "raj",
            "analytics",
            "--allocation",
            "10",
        ],
    );
    assert!(
        err.contains("raj has no assignment on analytics; assigned to analytics: ana, tom"),
        "{err}"
    );

    // Proposed back and forth; the key is written only for a proposal.
    ok(
        d,
        &[
            "assignment",
            "set",
            "tom",
            "analytics",
            "--at",
            "2026-03-01",
            "--propose",
        ],
    );
    assert!(
        read(d, ANALYTICS).contains("to = 2026-06-30\nstatus = \"proposed\"\nrole = \"analyst\"\n")
    );
    ok(
        d,
        &[
            "assignment",
            "set",
            "tom",
            "analytics",
            "--at",
            "2026-03-01",
            "--commit",
        ],
    );
    assert!(read(d, ANALYTICS).contains("to = 2026-06-30\nrole = \"analyst\"\n"));
}

#[test]
fn assignment_remove_and_unassign_take_one_or_all() {
    let dir = fixture(FIXTURE);
    let d = dir.path();
    let err = refused(d, &["unassign", "tom", "analytics"]);
    assert!(
        err.contains("say which with --at DATE (a day it runs on), or --all for every one"),
        "{err}"
    );
    assert_eq!(
        ok(
            d,
            &[
                "assignment",
                "remove",
                "tom",
                "analytics",
                "--at",
                "2026-08-01"
            ]
        ),
        "removed tom's assignment to analytics (30% 2026-07-01..2026-12-31, proposed) from projects/analytics.toml\n"
    );
    assert_eq!(
        read(d, ANALYTICS),
        replaced(
            &original(ANALYTICS),
            "[[assignment]]\nperson = \"tom\"\nallocation = 30   # the second half, not agreed yet\nfrom = 2026-07-01\nto = 2026-12-31\nstatus = \"proposed\"\n\n",
            "",
        )
    );
    // Only one left: no --at needed.
    assert_eq!(
        ok(d, &["unassign", "tom", "analytics", "--on", "2026-04-01"]),
        "ended tom's assignment to analytics (50% 2026-01-01..2026-06-30) on 2026-03-31 in projects/analytics.toml\n"
    );
    let dir = fixture(FIXTURE);
    let d = dir.path();
    assert_eq!(
        ok(d, &["unassign", "tom", "analytics", "--all"]),
        "removed 2 assignments of tom to analytics (50% 2026-01-01..2026-06-30; 30% 2026-07-01..2026-12-31, proposed) from projects/analytics.toml\n"
    );
    assert!(!read(d, ANALYTICS).contains("person = \"tom\""));
}

#[test]
fn assignment_list_lists_by_person_project_or_both() {
    let dir = fixture(FIXTURE);
    let d = dir.path();
    assert_eq!(
        ok(d, &["assignment", "list", "tom"]),
        "person  project    allocation  from        to          status     role  written at
──────────────────────────────────────────────────────────────────────────────────────────────────
tom     analytics         50%  2026-01-01  2026-06-30  committed        projects/analytics.toml:51
tom     analytics         30%  2026-07-01  2026-12-31  proposed         projects/analytics.toml:57
tom     billing           40%  2026-01-01  2026-12-31  committed        projects/billing.toml:25
tom     hr                40%  2026-07-01  2026-12-31  committed        projects/hr.toml:17
"
    );
    let by_project = ok(d, &["assignment", "list", "quiet"]);
    assert!(by_project.contains("raj     quiet"), "{by_project}");
    assert_eq!(by_project.lines().count(), 3, "{by_project}");
    assert_eq!(
        ok(d, &["assignment", "list", "ana", "quiet"]),
        "ana has no assignment on quiet; add one with `pm assign PERSON PROJECT --allocation N`\n"
    );
    let err = refused(d, &["assignment", "list", "tomm"]);
    assert!(
        err.contains("'tomm' is neither a person nor a project — did you mean 'tom'?"),
        "{err}"
    );
}

// ---- requests ----

#[test]
fn request_set_and_withdraw() {
    let dir = fixture(FIXTURE);
    let d = dir.path();
    assert_eq!(
        ok(
            d,
            &[
                "request",
                "set",
                "analytics/rf",
                "--allocation",
                "20",
                "--to",
                "2026-11-30"
            ]
        ),
        "set allocation = 20, to = 2026-11-30 of request rf in projects/analytics.toml\n"
    );
    assert_eq!(
        ok(
            d,
            &[
                "request",
                "withdraw",
                "analytics/rf",
                "--reason",
                "The vendor sends the data"
            ]
        ),
        "withdrew request analytics/rf in projects/analytics.toml\n"
    );
    assert_eq!(
        read(d, ANALYTICS),
        replaced(
            &original(ANALYTICS),
            "allocation = 30\nfrom = 2026-09-01\nto = 2026-12-31\nreason = \"Antenna data\"\nstatus = \"open\"\n",
            "allocation = 20\nfrom = 2026-09-01\nto = 2026-11-30\nreason = \"Antenna data; withdrawn: The vendor sends the data\"\nstatus = \"withdrawn\"\n",
        )
    );
    let err = refused(
        d,
        &["request", "withdraw", "analytics/rf", "--reason", "again"],
    );
    assert!(
        err.contains(
            "request analytics/rf is withdrawn, not open; only an open request can be withdrawn"
        ),
        "{err}"
    );
    let err = refused(d, &["request", "set", "hr/thermal", "--allocation", "10"]);
    assert!(err.contains("is filled by tom, not open"), "{err}");
    let err = refused(d, &["request", "withdraw", "analytics/rf", "--reason", " "]);
    assert!(err.contains("give a reason"), "{err}");
}

// ---- the load guard ----

/// The guard refuses `args` naming the peak, days and projects, and `--force` writes it.
fn guarded(d: &Path, args: &[&str], says: &str) {
    let err = refused(d, args);
    assert!(err.contains(says), "{args:?}: {err}");
    assert!(err.contains("or pass --force to record it anyway"), "{err}");
    let mut forced: Vec<&str> = args.to_vec();
    forced.push("--force");
    ok(d, &forced);
}

#[test]
fn the_load_guard_refuses_in_every_command_that_adds_load() {
    let dir = fixture(FIXTURE);
    let d = dir.path();
    // tom is committed 90% in January to June (analytics 50, billing 40) and 80% from July.
    ok(
        d,
        &[
            "assign",
            "tom",
            "quiet",
            "--allocation",
            "10",
            "--from",
            "2026-03-01",
            "--to",
            "2026-03-31",
        ],
    );
    guarded(
        d,
        &[
            "assign",
            "tom",
            "quiet",
            "--allocation",
            "20",
            "--from",
            "2026-04-01",
            "--to",
            "2026-04-30",
        ],
        "assigning tom to quiet at 20% would over-allocate tom: 110% of 100% from 2026-04-01 to 2026-04-30 (analytics, billing, quiet)",
    );
    guarded(
        d,
        &["request", "fill", "analytics/rf", "--person", "tom"],
        "filling analytics/rf with tom would over-allocate tom: 110% of 100% from 2026-09-01 to 2026-12-31 (analytics, billing, hr)",
    );
    guarded(
        d,
        &[
            "assignment",
            "set",
            "tom",
            "analytics",
            "--at",
            "2026-07-01",
            "--commit",
        ],
        "changing tom's assignment to analytics would over-allocate tom: 140% of 100% from 2026-08-15 to 2026-12-31 (analytics, billing, hr) (and over on 1 other stretch)",
    );
    guarded(
        d,
        &["person", "set", "ana", "--capacity", "30"],
        "lowering ana's capacity to 30% would over-allocate ana: 40% of 30% from 2026-01-01 to 2026-12-31 (analytics)",
    );
}

#[test]
fn the_load_guard_in_reassign_and_time_off_and_what_it_lets_through() {
    let dir = fixture(FIXTURE);
    let d = dir.path();
    guarded(
        d,
        &[
            "reassign",
            "ana",
            "--from-project",
            "analytics",
            "--to-project",
            "billing",
            "--on",
            "2026-07-01",
            "--allocation",
            "90",
        ],
        "moving ana to billing at 90% from 2026-07-01 to 2026-12-31 would over-allocate ana: 90% of 80% from 2026-07-01 to 2026-12-31 (billing)",
    );
    // Load during time off counts as nothing until the time off is cancelled.
    ok(
        d,
        &[
            "assign",
            "tom",
            "quiet",
            "--allocation",
            "50",
            "--from",
            "2026-08-03",
            "--to",
            "2026-08-14",
        ],
    );
    guarded(
        d,
        &["person", "off", "tom", "--cancel", "--from", "2026-08-03"],
        "cancelling tom's time off 2026-08-03..2026-08-14 would over-allocate tom: 130% of 100% from 2026-08-03 to 2026-08-14 (billing, hr, quiet)",
    );
    // An over-allocation the edit does not make worse is not the edit's to answer for: tom is
    // now over in August, and lowering an assignment then is let through.
    ok(
        d,
        &[
            "assignment",
            "set",
            "tom",
            "quiet",
            "--at",
            "2026-08-05",
            "--allocation",
            "40",
        ],
    );
    // Proposed load is not committed load.
    ok(
        d,
        &[
            "assign",
            "tom",
            "quiet",
            "--allocation",
            "90",
            "--from",
            "2026-09-01",
            "--to",
            "2026-09-30",
            "--proposed",
        ],
    );
}
