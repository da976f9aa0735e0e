//! `pm assign`: a new assignment of a person to a project. (Changing and removing one is
//! [`super::assignment`].)

use anyhow::{Result, bail};
use toml_edit::{Item, Table, value};

use super::guard::load_guard;
use super::{Change, in_file, open_program, open_project, require_person, require_slug};
use crate::cli::AssignArgs;
use crate::store::Tree;
use crate::store::tables::{self, PROJECT_ITEMS};

/// `pm assign`: a new assignment, optionally handed over from a colleague (`--instead-of`).
pub fn assign(tree: &Tree, a: &AssignArgs) -> Result<Change> {
    require_slug("person", &a.person)?;
    require_slug("project", &a.project)?;
    let role = a.role.as_deref().map(str::trim).filter(|r| !r.is_empty());

    let (_, program) = open_program(tree)?;
    require_person(&program, &a.person)?;
    let (mut file, project) = open_project(tree, &a.project)?;
    let charter = &project.charter;
    let pid = &a.project;
    // The dates are written even when they come from the charter, so that the file says what
    // the command printed and a later change of the charter does not stretch the assignment.
    let (from, from_note) = match (a.from, &charter.start) {
        (Some(d), _) => (d, ""),
        (None, Some(d)) => (d.value, " (the charter start)"),
        (None, None) => bail!(
            "give --from: {pid} has no charter start for the assignment to begin on (or set one with `pm project set {pid} --start DATE`)"
        ),
    };
    let (to, to_note) = match (a.to, &charter.end) {
        (Some(d), _) => (d, ""),
        (None, Some(d)) => (d.value, " (the charter end)"),
        (None, None) => bail!(
            "give --to: {pid} has no charter end for the assignment to finish on (or set one with `pm project set {pid} --end DATE`)"
        ),
    };
    if to < from {
        bail!("the assignment would end on {to}{to_note}, before it starts on {from}{from_note}");
    }
    let relieved = match &a.instead_of {
        Some(other) => {
            require_slug("person", other)?;
            require_person(&program, other)?;
            if *other == a.person {
                bail!(
                    "--instead-of names {other}, the person being assigned; name the colleague whose load {other} takes over"
                );
            }
            if a.allocation == 0 {
                bail!(
                    "--allocation 0 hands nothing over from {other}; give the percent {} takes over",
                    a.person
                );
            }
            Some(super::reassign::relieve(
                &mut file,
                charter,
                other,
                from,
                to,
                a.allocation,
            )?)
        }
        None => None,
    };

    let mut t = Table::new();
    t.insert("person", value(&a.person));
    t.insert("allocation", value(i64::from(a.allocation)));
    t.insert("from", Item::Value(tables::date(from)?));
    t.insert("to", Item::Value(tables::date(to)?));
    if a.proposed {
        t.insert("status", value("proposed"));
    }
    if let Some(r) = role {
        t.insert("role", value(r));
    }
    let later = tables::after(&PROJECT_ITEMS, "assignment");
    tables::append(&mut file.doc, "assignment", &later, t).map_err(in_file(&file))?;
    let kind = if a.proposed { ", proposed" } else { "" };
    let summary = format!(
        "assigned {} to {pid} at {}% from {from} to {to}{kind} in {}",
        a.person, a.allocation, file.rel
    );
    let mut change = Change::of(&[&file], summary);
    if let Some(done) = relieved {
        change = change.line(done);
    }
    if !a.proposed {
        let what = format!("assigning {} to {pid} at {}%", a.person, a.allocation);
        load_guard(tree, &change, &a.person, a.force, &what)?;
    }
    Ok(change)
}
