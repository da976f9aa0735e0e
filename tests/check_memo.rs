//! The editor checks a program after every keystroke with `check::check_remembering`, which
//! makes a project's per-project findings again only when something they read changed. Here
//! every kind of edit that can change them is made, one after the other, and after each the
//! remembering check must give exactly what a whole `pm check` gives.

use std::path::Path;

use pm::check::{self, Diagnostic, Memo};
use pm::store::{self, Loaded, Tree};

fn artemis() -> Loaded {
    let tree = Tree::on_disk(Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/artemis"));
    store::load_tree(&tree).expect("load examples/artemis")
}

fn text(rel: &str) -> String {
    std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("examples/artemis")
            .join(rel),
    )
    .expect("read the example")
}

/// What the findings say, where, for a failure message.
fn show(diags: &[Diagnostic], loaded: &Loaded) -> String {
    diags
        .iter()
        .map(|d| {
            let lc = loaded.sources.line_col(d.loc);
            format!(
                "{}:{} {} {}\n",
                loaded.sources.path(d.loc.file),
                lc.line,
                d.rule.code(),
                d.message
            )
        })
        .collect()
}

#[test]
fn remembering_check_gives_what_a_whole_check_gives_after_every_edit() {
    let mut loaded = artemis();
    let mut memo = Memo::default();
    let first = check::check_remembering(&loaded, &Default::default(), &mut memo);
    assert_eq!(first, check::check(&loaded));
    assert!(!first.is_empty(), "the example has findings");

    let lander = text("projects/lander.toml");
    let comms = text("projects/comms-relay.toml");
    let program = text("program.toml");
    let steps: Vec<(&str, &str, String)> = vec![
        // Lines above everything: every finding of lander moves.
        (
            "lines added at the top of lander",
            "projects/lander.toml",
            format!("# a\n# b\n{lander}"),
        ),
        // Lander's untraced work points at comms-relay's deliverable, which moves.
        (
            "lines added at the top of comms-relay",
            "projects/comms-relay.toml",
            format!("# c\n\n{comms}"),
        ),
        // Lander gains the deliverable its work names: PM101 goes, PM303 comes.
        (
            "lander gains comms-relay's deliverable",
            "projects/lander.toml",
            format!(
                "# a\n# b\n{lander}\n[[deliverable]]\nid = \"relay-network-design\"\ntitle = \"Relay network design\"\n"
            ),
        ),
        (
            "lander loses it again",
            "projects/lander.toml",
            format!("# a\n# b\n{lander}"),
        ),
        // A closed owner is no place to move work to: the message changes.
        (
            "comms-relay cancelled",
            "projects/comms-relay.toml",
            comms.replacen("status = \"active\"", "status = \"cancelled\"", 1),
        ),
        // A person's entry read by the load rules of every project that assigns them: her
        // capacity below an assignment (PM203), then a leaving date before her assignments end
        // (PM204), in program.toml only.
        (
            "priya's capacity lowered",
            "program.toml",
            program.replacen(
                "name = \"Priya Raman\"\ncapacity = 100",
                "name = \"Priya Raman\"\ncapacity = 50",
                1,
            ),
        ),
        (
            "priya leaves in the autumn",
            "program.toml",
            program.replacen(
                "name = \"Priya Raman\"\ncapacity = 100",
                "name = \"Priya Raman\"\ncapacity = 100\nend = 2026-09-30",
                1,
            ),
        ),
        // People renamed in program.toml: references everywhere break.
        (
            "grace renamed",
            "program.toml",
            program.replace("id = \"grace\"", "id = \"grace-h\""),
        ),
        // A file that does not decode drops out of the program.
        (
            "lander broken",
            "projects/lander.toml",
            format!("{lander}\n[[work]\n"),
        ),
        ("lander mended", "projects/lander.toml", lander.clone()),
        (
            "comms-relay as it was",
            "projects/comms-relay.toml",
            comms.clone(),
        ),
        ("program.toml as it was", "program.toml", program.clone()),
    ];
    let mut previous = first.clone();
    for (what, rel, new) in steps {
        assert!(loaded.update(rel, new.as_bytes()), "{what}: update {rel}");
        if let Some(file) = loaded.sources.find(rel) {
            memo.changed(file);
        }
        let remembered = check::check_remembering(&loaded, &Default::default(), &mut memo);
        let whole = check::check(&loaded);
        assert!(
            remembered == whole,
            "{what}: the remembering check differs from a whole check\n--- remembering\n{}--- whole\n{}",
            show(&remembered, &loaded),
            show(&whole, &loaded)
        );
        assert_ne!(
            whole, previous,
            "{what}: the edit changed no finding, so it tests nothing"
        );
        previous = whole;
    }
    assert_eq!(previous, first, "back where it started");
}

/// Without being told which file changed, the memo still notices what the per-project rules
/// read of the whole program: a deliverable that moved between projects.
#[test]
fn a_change_to_what_every_project_reads_makes_every_project_again() {
    let mut loaded = artemis();
    let mut memo = Memo::default();
    check::check_remembering(&loaded, &Default::default(), &mut memo);
    let lander = text("projects/lander.toml");
    let added =
        format!("{lander}\n[[deliverable]]\nid = \"relay-network-design\"\ntitle = \"Relay\"\n");
    assert!(loaded.update("projects/lander.toml", added.as_bytes()));
    // Only lander is said to have changed; comms-relay's findings read lander's deliverables.
    if let Some(file) = loaded.sources.find("projects/lander.toml") {
        memo.changed(file);
    }
    let remembered = check::check_remembering(&loaded, &Default::default(), &mut memo);
    assert_eq!(remembered, check::check(&loaded));
}
