//! Renames: an id and every reference to it, in every file that has one, as one change (one
//! transaction when it spans several files). What refers to what is read from the typed model;
//! the rewriting is done in each file's document, value by value, so comments and layout stay.

use anyhow::{Result, bail};
use toml_edit::{DocumentMut, Item, Table};

use super::{Change, count, open_program, project_rel, refs, rename_key, require_slug};
use crate::cli::RenameArgs;
use crate::store::write::EditFile;
use crate::store::{self, PROGRAM_FILE, Tree};

/// The `[[kind]]` tables of a document, for rewriting (none when it has none, or not as tables).
fn items_mut<'d>(doc: &'d mut DocumentMut, kind: &str) -> Vec<&'d mut Table> {
    match doc.get_mut(kind) {
        Some(Item::ArrayOfTables(a)) => a.iter_mut().collect(),
        _ => Vec::new(),
    }
}

/// `table[key]` renamed when it is `old`; counts it in `n`.
fn rename_in(table: Option<&mut Table>, key: &str, old: &str, new: &str, n: &mut usize) {
    if let Some(t) = table
        && rename_key(t, key, old, new)
    {
        *n += 1;
    }
}

pub(super) fn one_line_per_file(files: &[(EditFile, usize)], what: &str) -> Vec<String> {
    files
        .iter()
        .filter(|(f, n)| *n > 0 && f.new_text().is_some())
        .map(|(f, n)| format!("{what} in {} ({})", f.rel, count(*n, "reference")))
        .collect()
}

pub(super) fn change_of(files: &[(EditFile, usize)], lines: Vec<String>) -> Change {
    let refs: Vec<&EditFile> = files.iter().map(|(f, _)| f).collect();
    let mut change = Change::of(&refs, String::new());
    change.summary = lines;
    change
}

/// `pm person rename OLD NEW`: the `[[person]]` id, and every manager, approver, assignee,
/// assignment and filled request that names them.
pub fn person(tree: &Tree, a: &RenameArgs) -> Result<Change> {
    let (old, new) = (a.old.as_str(), a.new.as_str());
    require_slug("person", old)?;
    require_slug("person", new)?;
    let (mut program_file, program) = open_program(tree)?;
    super::require_person(&program, old)?;
    super::refuse_pool_person(tree, &program, old, "rename them")?;
    if old == new {
        bail!("{old} already has that id; nothing to rename");
    }
    if program.person(new).is_some() {
        bail!("person '{new}' is already in {PROGRAM_FILE}; pick another id");
    }
    let loaded = store::load_tree(tree)?;
    refs::require_readable(&loaded, "rename a person")?;
    let found = refs::person(&loaded, old);

    let mut n = 1;
    if let Some(t) = program_file
        .doc
        .get_mut("program")
        .and_then(Item::as_table_mut)
    {
        rename_in(Some(t), "manager", old, new, &mut n);
    }
    let person = super::person::person_table(&mut program_file, old)?;
    rename_key(person, "id", old, new);
    let mut files = vec![(program_file, n)];

    let mut project_files: Vec<&str> = found
        .iter()
        .map(|r| r.file.as_str())
        .filter(|f| *f != PROGRAM_FILE)
        .collect();
    project_files.dedup();
    for rel in project_files {
        let mut file = EditFile::open(tree, rel)?;
        let mut n = 0;
        let doc = &mut file.doc;
        rename_in(
            doc.get_mut("project").and_then(Item::as_table_mut),
            "manager",
            old,
            new,
            &mut n,
        );
        rename_in(
            doc.get_mut("charter").and_then(Item::as_table_mut),
            "approved_by",
            old,
            new,
            &mut n,
        );
        for t in items_mut(doc, "work") {
            rename_in(Some(t), "assignee", old, new, &mut n);
        }
        for t in items_mut(doc, "assignment") {
            rename_in(Some(t), "person", old, new, &mut n);
        }
        for t in items_mut(doc, "request") {
            rename_in(Some(t), "filled_by", old, new, &mut n);
        }
        files.push((file, n));
    }
    let lines = one_line_per_file(&files, &format!("renamed person {old} to {new}"));
    Ok(change_of(&files, lines))
}

/// `pm project rename OLD NEW`: the project's id and file name (a removal and a creation in
/// one transaction), every `moved_from` that names it, and every dependency that waits on one
/// of its deliverables.
pub fn project(tree: &Tree, a: &RenameArgs) -> Result<Change> {
    let (old, new) = (a.old.as_str(), a.new.as_str());
    require_slug("project", old)?;
    require_slug("project", new)?;
    if old == new {
        bail!("{old} already has that id; nothing to rename");
    }
    let (mut file, _) = super::open_project(tree, old)?;
    if let Some(rel) = project_rel(tree, new)? {
        bail!("project '{new}' already exists in {rel}; pick another id");
    }
    let old_rel = file.rel.clone();
    let new_rel = match old_rel.rsplit_once('/') {
        Some((dir, _)) => format!("{dir}/{new}.toml"),
        None => format!("{new}.toml"),
    };
    if tree.exists(&new_rel) {
        bail!("{new_rel} already exists; pm does not overwrite it");
    }
    let loaded = store::load_tree(tree)?;
    refs::require_readable(&loaded, "rename a project")?;

    let mut n = 0;
    match file.doc.get_mut("project").and_then(Item::as_table_mut) {
        Some(t) => rename_in(Some(t), "id", old, new, &mut n),
        None => bail!("{old_rel} has no [project] table; fix it first (pm check shows how)"),
    }
    if n == 0 {
        bail!("{old_rel}: [project] id is not \"{old}\"; fix it first (pm check reports PM004)");
    }
    // Work this project received keeps its own record; work moved out of it names it.
    for t in items_mut(&mut file.doc, "work") {
        rename_in(Some(t), "moved_from", old, new, &mut n);
    }
    let Some(text) = file.new_text() else {
        bail!("{old_rel}: nothing to rename");
    };
    // Other projects name it in `moved_from` and in what their dependencies wait on
    // (`on = "OLD/DELIVERABLE"`), which follows the deliverable to its project's new id.
    let to = |on: &str| {
        on.strip_prefix(old)
            .and_then(|rest| rest.strip_prefix('/'))
            .map(|d| format!("{new}/{d}"))
    };
    let mut others: Vec<(EditFile, usize)> = Vec::new();
    for p in &loaded.projects {
        let rel = loaded.sources.path(p.file);
        let waits = p.dependencies.iter().any(|d| d.on.value.project == old);
        if rel == old_rel || !(waits || p.work.iter().any(|w| w.moved_from.as_deref() == Some(old)))
        {
            continue;
        }
        let mut other = EditFile::open(tree, rel)?;
        let mut m = 0;
        for t in items_mut(&mut other.doc, "work") {
            rename_in(Some(t), "moved_from", old, new, &mut m);
        }
        m += super::waits::repoint(&mut other.doc, to);
        others.push((other, m));
    }

    let mut change = Change::default()
        .create(new_rel.clone(), text)
        .remove(old_rel.clone(), file.original.clone())
        .line(format!(
            "renamed project {old} to {new}: {old_rel} is now {new_rel}"
        ));
    let refs: Vec<&EditFile> = others.iter().map(|(f, _)| f).collect();
    let more = Change::of(&refs, String::new());
    change.files.extend(more.files);
    change.summary.extend(one_line_per_file(
        &others,
        &format!("renamed project {old} to {new}"),
    ));
    Ok(change)
}
