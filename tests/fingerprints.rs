//! Fingerprints (SPEC §9) on random programs: the same findings keep their fingerprints when
//! lines move, items are reordered and project files change places, and no two findings of one
//! program share one.

use std::collections::BTreeMap;

use proptest::prelude::*;

/// One assignment: person index, allocation, first and last month of 2026.
type Assignment = (usize, u32, u32, u32);

/// A random program: how many people, and each project's assignments.
fn programs() -> impl Strategy<Value = (usize, Vec<Vec<Assignment>>)> {
    (2usize..6).prop_flat_map(|people| {
        let assignment = (0..people, 10u32..90, 1u32..13, 0u32..6)
            .prop_map(|(p, a, m, len)| (p, a, m, (m + len).min(12)));
        (
            Just(people),
            prop::collection::vec(prop::collection::vec(assignment, 1..6), 1..5),
        )
    })
}

fn program_toml(people: usize) -> String {
    let mut s = String::from(
        "[program]\nid = \"fp\"\nname = \"Fingerprints\"\n\n[[benefit]]\nid = \"b\"\ntitle = \"B\"\n",
    );
    for p in 0..people {
        s.push_str(&format!("\n[[person]]\nid = \"p{p}\"\n"));
    }
    s
}

/// A project file; `blank` lines of comments go before each item, items in `order`. Each
/// project has a deliverable of its own: which of two projects with the same deliverable
/// PM303 reports depends on their paths, which this test changes.
fn project_toml(id: usize, assignments: &[Assignment], order: &[usize], blank: &[usize]) -> String {
    let mut s = format!(
        "[project]\nid = \"j{id}\"\nname = \"J\"\nstatus = \"active\"\nmanager = \"p0\"\nbenefits = [\"b\"]\n\n\
         [charter]\nobjective = \"o\"\nstart = 2026-01-01\nend = 2026-12-31\n\n\
         [[deliverable]]\nid = \"d{id}\"\ntitle = \"D\"\n"
    );
    for (k, &i) in order.iter().enumerate() {
        let (p, a, from, to) = assignments[i];
        let last = chrono::NaiveDate::from_ymd_opt(2026 + i32::from(to == 12), to % 12 + 1, 1)
            .and_then(|d| d.pred_opt())
            .unwrap();
        let lines = blank.get(k).copied().unwrap_or(0);
        s.push_str(&"# a note\n".repeat(lines));
        s.push_str(&format!(
            "\n[[assignment]]\nperson = \"p{p}\"\nallocation = {a}\nfrom = 2026-{from:02}-01\nto = {last}\n"
        ));
    }
    s
}

/// Fingerprint → what the finding is about (code, person, dates, projects) for every finding.
/// The project a finding is shown in is left out: it may change with the order of files.
fn findings(program: &str, projects: &[(String, String)]) -> BTreeMap<String, String> {
    let files: Vec<(&str, &[u8])> = projects
        .iter()
        .map(|(p, t)| (p.as_str(), t.as_bytes()))
        .collect();
    let loaded = pm::store::load_texts(program.as_bytes(), &files);
    let diags = pm::check::check(&loaded);
    let mut out = BTreeMap::new();
    for d in &diags {
        let what = format!(
            "{} {:?} {:?} {:?} {:?}",
            d.rule.code(),
            d.facts
                .projects
                .clone()
                .or_else(|| d.facts.project.clone().map(|p| vec![p])),
            d.facts.person,
            d.facts.from,
            d.facts.to
        );
        assert!(
            out.insert(d.fingerprint.clone(), what).is_none(),
            "two findings share {}",
            d.fingerprint
        );
    }
    assert_eq!(out.len(), diags.len());
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn fingerprints_survive_moved_lines_reordered_items_and_moved_files(
        (people, projects) in programs(),
        seed in any::<u64>(),
    ) {
        let program = program_toml(people);
        let plain: Vec<(String, String)> = projects
            .iter()
            .enumerate()
            .map(|(j, a)| {
                let order: Vec<usize> = (0..a.len()).collect();
                (format!("projects/j{j}.toml"), project_toml(j, a, &order, &[]))
            })
            .collect();
        let before = findings(&program, &plain);

        // Lines moved by comments, items in another order, files under other folders (so
        // they load in another order).
        let mut rng = seed;
        let mut next = move |n: usize| {
            rng = rng.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            ((rng >> 33) as usize) % n.max(1)
        };
        let moved: Vec<(String, String)> = projects
            .iter()
            .enumerate()
            .map(|(j, a)| {
                let mut order: Vec<usize> = (0..a.len()).collect();
                for i in (1..order.len()).rev() {
                    order.swap(i, next(i + 1));
                }
                let blank: Vec<usize> = order.iter().map(|_| next(40)).collect();
                let folder = ["", "a/", "zz/"][next(3)];
                (format!("projects/{folder}j{j}.toml"), project_toml(j, a, &order, &blank))
            })
            .collect();
        let after = findings(&program, &moved);
        prop_assert_eq!(&before, &after);
    }
}

#[test]
fn over_allocations_of_different_people_at_one_place_differ() {
    // p0 and p1 are each over-allocated by the same two assignments' dates; their findings
    // may point at the same line and still differ.
    let program = program_toml(2);
    let a = [(0, 60, 1, 6), (1, 60, 1, 6), (0, 60, 1, 6), (1, 60, 1, 6)];
    let text = project_toml(0, &a, &[0, 1, 2, 3], &[]);
    let f = findings(&program, &[("projects/j0.toml".into(), text)]);
    let over: Vec<&String> = f.values().filter(|w| w.starts_with("PM201")).collect();
    assert_eq!(over.len(), 2, "{f:?}");
}
