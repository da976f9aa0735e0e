//! Property tests: random edit sequences keep every comment and leave the files saying what the
//! edits said; check's over-allocation agrees with a day-by-day count on random programs.

mod common;

use std::collections::BTreeSet;

use chrono::NaiveDate;
use common::*;
use pm::model::FileId;
use proptest::prelude::*;

// ---------------------------------------------------------------------------------------------
// (a) Edits keep comments and mean what they say.

#[derive(Debug, Clone)]
enum Edit {
    Work,
    Scope,
    /// Person (index into the pool as it is then), allocation.
    Assign(usize, u32),
    /// Person (index into the pool).
    Unassign(usize),
    Person,
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        Just(Edit::Work),
        Just(Edit::Scope),
        (0usize..4, 0u32..=120).prop_map(|(p, a)| Edit::Assign(p, a)),
        (0usize..4).prop_map(Edit::Unassign),
        Just(Edit::Person),
    ]
}

/// A comment's text: printable, sometimes odd (quotes, brackets, `=`, non-ASCII).
fn comment() -> impl Strategy<Value = String> {
    "[ -~äöü€\"'\\[\\]=#]{0,30}".prop_map(|s| format!("# {s}"))
}

/// `text` with comment paragraphs put at blank lines, at the top and at the end. `picks`
/// chooses the blank lines (modulo their number). Comments standing as their own paragraph
/// belong to no item, so no edit may remove them.
fn with_comments(text: &str, top: &str, picks: &[(usize, String)], end: &str) -> String {
    let mut lines: Vec<String> = text.lines().map(str::to_owned).collect();
    let blanks: Vec<usize> = (0..lines.len()).filter(|&i| lines[i].is_empty()).collect();
    let mut at: Vec<(usize, &String)> = picks
        .iter()
        .map(|(p, c)| (blanks[p % blanks.len()], c))
        .collect();
    // From the bottom up, so earlier indices stay valid; one comment per blank line keeps
    // the order of insertion easy to state.
    at.sort_by_key(|a| std::cmp::Reverse(a.0));
    at.dedup_by_key(|a| a.0);
    for (i, c) in at {
        lines.insert(i + 1, String::new());
        lines.insert(i + 1, c.clone());
    }
    format!("{top}\n\n{}\n\n{end}\n", lines.join("\n"))
}

fn comment_lines(text: &str) -> Vec<&str> {
    text.lines()
        .filter(|l| l.trim_start().starts_with('#'))
        .collect()
}

/// A comment for the top, comments for blank lines (pick, text), and one for the end.
type Comments = (String, Vec<(usize, String)>, String);

/// The command line of edit number `n` of a sequence, given the pool as it is then.
fn edit_args(e: &Edit, n: usize, people: &[String]) -> Vec<String> {
    let args: Vec<String> = match e {
        Edit::Work => vec![
            "work".into(),
            "add".into(),
            "tooling".into(),
            "--title".into(),
            format!("Task {n}"),
        ],
        Edit::Scope => vec![
            "scope".into(),
            "add".into(),
            "tooling".into(),
            format!("part-{n}"),
            "--title".into(),
            "A part".into(),
        ],
        // --force: the load guard is tested elsewhere; here any allocation must be written.
        Edit::Assign(p, a) => vec![
            "assign".into(),
            people[p % people.len()].clone(),
            "tooling".into(),
            "--allocation".into(),
            a.to_string(),
            "--force".into(),
        ],
        Edit::Unassign(p) => vec![
            "unassign".into(),
            people[p % people.len()].clone(),
            "tooling".into(),
            "--all".into(),
        ],
        Edit::Person => vec![
            "person".into(),
            "add".into(),
            format!("person-{n}"),
            "--name".into(),
            "Some One".into(),
        ],
    };
    args
}

fn run_edits(edits: &[Edit], comments: [Comments; 2]) {
    let dir = fixture("minimal");
    let [(ptop, ppicks, pend), (jtop, jpicks, jend)] = comments;
    let program = with_comments(&read(dir.path(), "program.toml"), &ptop, &ppicks, &pend);
    let project = with_comments(
        &read(dir.path(), "projects/tooling.toml"),
        &jtop,
        &jpicks,
        &jend,
    );
    write(dir.path(), "program.toml", &program);
    write(dir.path(), "projects/tooling.toml", &project);

    // The model the edits describe.
    let mut people = vec!["alice".to_owned(), "bob".to_owned()];
    let mut work = vec!["cache-server".to_owned()];
    let mut deliverables = vec!["cache".to_owned()];
    let mut assignments: Vec<(String, i64)> = vec![("bob".to_owned(), 50)];
    for (n, e) in edits.iter().enumerate() {
        let mut cmd = pm_in(dir.path());
        cmd.args(edit_args(e, n, &people));
        let ok = match e {
            Edit::Work => {
                work.push(format!("task-{n}"));
                true
            }
            Edit::Scope => {
                deliverables.push(format!("part-{n}"));
                true
            }
            Edit::Assign(p, a) => {
                let who = people[p % people.len()].clone();
                assignments.push((who, i64::from(*a)));
                true
            }
            Edit::Unassign(p) => {
                let who = people[p % people.len()].clone();
                let had = assignments.iter().any(|(x, _)| *x == who);
                assignments.retain(|(x, _)| *x != who);
                had
            }
            Edit::Person => {
                people.push(format!("person-{n}"));
                true
            }
        };
        let out = cmd.output().expect("run pm");
        assert_eq!(
            out.status.success(),
            ok,
            "{e:?}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
    }

    let program_after = read(dir.path(), "program.toml");
    let project_after = read(dir.path(), "projects/tooling.toml");
    assert_eq!(comment_lines(&program_after), comment_lines(&program));
    assert_eq!(comment_lines(&project_after), comment_lines(&project));

    let (p, diags) = pm::store::decode_program(FileId(0), &program_after);
    assert!(diags.is_empty(), "{diags:?}");
    let p = p.expect("program.toml decodes");
    let ids: Vec<&str> = p.people.iter().map(|x| x.id.as_str()).collect();
    assert_eq!(ids, people);
    let (j, diags) = pm::store::decode_project(FileId(1), &project_after, "tooling");
    assert!(diags.is_empty(), "{diags:?}");
    let j = j.expect("project decodes");
    let ids: Vec<&str> = j.work.iter().map(|x| x.id.as_str()).collect();
    assert_eq!(ids, work);
    let ids: Vec<&str> = j.deliverables.iter().map(|x| x.id.as_str()).collect();
    assert_eq!(ids, deliverables);
    let got: Vec<(String, i64)> = j
        .assignments
        .iter()
        .map(|a| (a.person.value.clone(), a.allocation.value))
        .collect();
    assert_eq!(got, assignments);
    // And the program as a whole still loads without a PM001.
    let (_, json) = check_json(dir.path());
    assert!(findings(&json, "PM001").is_empty(), "{json}");
}

fn comments_for_a_file() -> impl Strategy<Value = Comments> {
    (
        comment(),
        prop::collection::vec((any::<usize>(), comment()), 0..6),
        comment(),
    )
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn edits_keep_every_comment_and_mean_what_they_say(
        edits in prop::collection::vec(edit(), 1..8),
        program_comments in comments_for_a_file(),
        project_comments in comments_for_a_file(),
    ) {
        run_edits(&edits, [program_comments, project_comments]);
    }

    #[test]
    fn crlf_and_bom_files_change_only_where_lf_files_do(
        edits in prop::collection::vec(edit(), 1..8),
        comments in comments_for_a_file(),
        crlf in any::<bool>(),
        bom in any::<bool>(),
    ) {
        same_edits_on_other_bytes(&edits, comments, crlf, bom);
    }
}

/// `text` (LF, no BOM) as a file written on another system.
fn encoded(text: &str, crlf: bool, bom: bool) -> String {
    let body = if crlf {
        text.replace('\n', "\r\n")
    } else {
        text.to_owned()
    };
    if bom { format!("\u{feff}{body}") } else { body }
}

/// The same edits on a program written with LF and one written with CRLF and/or a BOM: the
/// second ends as the first, encoded the same way. So every byte outside what the edits change
/// keeps its line ending and the BOM stays.
fn same_edits_on_other_bytes(edits: &[Edit], comments: Comments, crlf: bool, bom: bool) {
    let lf = fixture("minimal");
    let other = fixture("minimal");
    let (top, picks, end) = comments;
    let project = with_comments(
        &read(lf.path(), "projects/tooling.toml"),
        &top,
        &picks,
        &end,
    );
    write(lf.path(), "projects/tooling.toml", &project);
    for rel in ["program.toml", "projects/tooling.toml"] {
        let text = read(lf.path(), rel);
        write(other.path(), rel, &encoded(&text, crlf, bom));
    }
    let mut people = vec!["alice".to_owned(), "bob".to_owned()];
    for (n, e) in edits.iter().enumerate() {
        let args = edit_args(e, n, &people);
        let a = pm_in(lf.path()).args(&args).output().expect("run pm");
        let b = pm_in(other.path()).args(&args).output().expect("run pm");
        assert_eq!(
            a.status.success(),
            b.status.success(),
            "{e:?}: {}",
            stderr(&b)
        );
        if let Edit::Person = e {
            people.push(format!("person-{n}"));
        }
    }
    for rel in ["program.toml", "projects/tooling.toml"] {
        let want = encoded(&read(lf.path(), rel), crlf, bom);
        assert_eq!(read(other.path(), rel), want, "{rel}");
    }
}

// ---------------------------------------------------------------------------------------------
// (b) Over-allocation against a day-by-day count.

const DAYS: i64 = 60;

fn day(n: i64) -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 3, 1).unwrap() + chrono::Duration::days(n)
}

#[derive(Debug, Clone)]
struct Person {
    capacity: u32,
    time_off: Vec<(i64, i64)>,
}

#[derive(Debug, Clone)]
struct Assignment {
    project: usize,
    person: usize,
    allocation: u32,
    from: i64,
    to: i64,
    proposed: bool,
}

fn span() -> impl Strategy<Value = (i64, i64)> {
    (0..DAYS, 0..DAYS).prop_map(|(a, b)| (a.min(b), a.max(b)))
}

fn person() -> impl Strategy<Value = Person> {
    (
        prop::sample::select(vec![0u32, 50, 80, 100, 120]),
        prop::collection::vec(span(), 0..3),
    )
        .prop_map(|(capacity, time_off)| Person { capacity, time_off })
}

fn assignment() -> impl Strategy<Value = Assignment> {
    (
        0usize..3,
        0usize..3,
        0u32..=150,
        span(),
        prop::bool::weighted(0.3),
    )
        .prop_map(
            |(project, person, allocation, (from, to), proposed)| Assignment {
                project,
                person,
                allocation,
                from,
                to,
                proposed,
            },
        )
}

fn program_text(people: &[Person]) -> String {
    let mut s = String::from("[program]\nid = \"prop\"\nname = \"Prop\"\n");
    for (i, p) in people.iter().enumerate() {
        s += &format!("\n[[person]]\nid = \"p{i}\"\ncapacity = {}\n", p.capacity);
        for (a, b) in &p.time_off {
            s += &format!(
                "[[person.time_off]]\nfrom = {}\nto = {}\n",
                day(*a),
                day(*b)
            );
        }
    }
    s
}

fn project_text(id: usize, people: usize, assignments: &[Assignment]) -> String {
    let mut s = format!(
        "[project]\nid = \"j{id}\"\nname = \"J\"\nstatus = \"active\"\n\n[charter]\nstart = {}\nend = {}\n",
        day(0),
        day(DAYS - 1)
    );
    for a in assignments.iter().filter(|a| a.project == id) {
        s += &format!(
            "\n[[assignment]]\nperson = \"p{}\"\nallocation = {}\nfrom = {}\nto = {}\n",
            a.person % people,
            a.allocation,
            day(a.from),
            day(a.to)
        );
        if a.proposed {
            s += "status = \"proposed\"\n";
        }
    }
    s
}

/// (rule, person, from, to, peak) of every run, counted day by day.
fn reference(
    people: &[Person],
    assignments: &[Assignment],
) -> BTreeSet<(String, String, NaiveDate, NaiveDate, u64)> {
    let mut out = BTreeSet::new();
    for (i, p) in people.iter().enumerate() {
        let cap = u64::from(p.capacity);
        let load = |d: i64, proposed_too: bool| -> u64 {
            if p.time_off.iter().any(|&(a, b)| a <= d && d <= b) {
                return 0;
            }
            assignments
                .iter()
                .filter(|a| a.person % people.len() == i && a.from <= d && d <= a.to)
                .filter(|a| proposed_too || !a.proposed)
                .map(|a| u64::from(a.allocation))
                .sum()
        };
        for (rule, over) in [
            (
                "PM201",
                &(|d: i64| load(d, false) > cap) as &dyn Fn(i64) -> bool,
            ),
            ("PM202", &|d: i64| {
                load(d, false) <= cap && load(d, true) > cap
            }),
        ] {
            let mut d = 0;
            while d < DAYS {
                if !over(d) {
                    d += 1;
                    continue;
                }
                let start = d;
                let mut peak = 0;
                while d < DAYS && over(d) {
                    peak = peak.max(load(d, rule == "PM202"));
                    d += 1;
                }
                out.insert((
                    rule.to_owned(),
                    format!("p{i}"),
                    day(start),
                    day(d - 1),
                    peak,
                ));
            }
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 1000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn over_allocation_agrees_with_a_day_by_day_count(
        people in prop::collection::vec(person(), 1..4),
        assignments in prop::collection::vec(assignment(), 0..9),
    ) {
        let program = program_text(&people);
        let projects: Vec<(String, String)> = (0..3)
            .map(|j| (format!("projects/j{j}.toml"), project_text(j, people.len(), &assignments)))
            .collect();
        let files: Vec<(&str, &[u8])> = projects
            .iter()
            .map(|(p, t)| (p.as_str(), t.as_bytes()))
            .collect();
        let loaded = pm::store::load_texts(program.as_bytes(), &files);
        let diags = pm::check::check(&loaded);
        let invalid: Vec<_> = diags.iter().filter(|d| d.rule.code() == "PM001").collect();
        prop_assert!(invalid.is_empty(), "{:?}", invalid);
        let got: BTreeSet<_> = diags
            .iter()
            .filter(|d| matches!(d.rule.code(), "PM201" | "PM202"))
            .map(|d| {
                (
                    d.rule.code().to_owned(),
                    d.facts.person.clone().unwrap_or_default(),
                    d.facts.from.unwrap(),
                    d.facts.to.unwrap(),
                    d.facts.peak.unwrap(),
                )
            })
            .collect();
        prop_assert_eq!(got, reference(&people, &assignments));
    }
}
