//! Files are decoded in parallel; what pm reports must not depend on which thread finished
//! first.

mod common;
use common::*;

#[allow(dead_code)]
#[path = "../examples/gen_program.rs"]
mod gen_program;

/// A generated program with broken files spread over it, so findings come from many threads.
fn broken_program() -> tempfile::TempDir {
    let dir = empty_dir();
    let size = gen_program::Size {
        seed: 11,
        projects: 40,
        people: 20,
        assignments: 5,
        work: 10,
    };
    gen_program::generate(&size, dir.path()).unwrap();
    let files: Vec<String> = snapshot_tree(dir.path())
        .into_keys()
        .filter(|p| p.starts_with("projects/"))
        .collect();
    for (i, rel) in files.iter().enumerate() {
        let text = read(dir.path(), rel);
        let broken = match i % 5 {
            0 => text.replacen("[charter]", "[charter]\nobjectiv = \"x\"", 1),
            1 => text.replacen("person = \"", "person = \"nobody-", 1),
            2 => format!("{text}\n[[work\n"),
            3 => format!(
                "{text}\n[[work]]\nid = \"twice\"\ntitle = \"a\"\n[[work]]\nid = \"twice\"\ntitle = \"b\"\n"
            ),
            _ => continue,
        };
        write(dir.path(), rel, &broken);
    }
    dir
}

#[test]
fn findings_are_the_same_on_every_run() {
    let dir = broken_program();
    let (code, first) = check_json(dir.path());
    assert_eq!(code, 1);
    assert!(findings(&first, "PM001").len() >= 16, "{first:#}");
    assert!(findings(&first, "PM003").len() >= 8, "{first:#}");
    assert_eq!(findings(&first, "PM002").len(), 8, "{first:#}");
    for _ in 0..5 {
        assert_eq!(check_json(dir.path()).1, first);
    }
}

#[test]
fn loaded_projects_and_files_are_in_path_order() {
    let dir = broken_program();
    let loaded = pm::store::load(dir.path()).unwrap();
    assert_eq!(loaded.sources.path(pm::model::FileId(0)), "program.toml");
    assert_eq!(loaded.sources.len(), 41);
    let paths: Vec<&str> = (1..loaded.sources.len())
        .map(|i| loaded.sources.path(pm::model::FileId(i as u32)))
        .collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted);
    // Every project points at its own file, and the files that did not parse are missing.
    assert_eq!(loaded.projects.len(), 40 - 8);
    for p in &loaded.projects {
        let path = loaded.sources.path(p.file);
        assert!(path.ends_with(&format!("/{}.toml", p.id.value)), "{path}");
        assert!(!loaded.sources.get(p.file).text.is_empty());
    }
    let project_paths: Vec<&str> = loaded
        .projects
        .iter()
        .map(|p| loaded.sources.path(p.file))
        .collect();
    let mut sorted = project_paths.clone();
    sorted.sort();
    assert_eq!(project_paths, sorted);
    // Findings of loading come in file order too.
    let files: Vec<u32> = loaded.diagnostics.iter().map(|d| d.loc.file.0).collect();
    let mut sorted = files.clone();
    sorted.sort();
    assert_eq!(files, sorted);
}
