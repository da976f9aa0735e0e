//! The load guard, as every edit that adds committed load applies it (`assign`, `assignment
//! set`, `reassign`, `request fill`, `person set --capacity`, `person off --cancel`): the
//! person's load after the edit, read from the new texts of the files the edit changes, must not
//! be over capacity where it was not before (or more than it was). The arithmetic is
//! [`crate::load::PersonLoad::overloads_after`]; this turns a change into its input and a
//! refusal into words.

use anyhow::{Result, bail};

use super::Change;
use crate::diagnostic::FileId;
use crate::load::{Interval, LoadChange, Loads, Options, percent, time_off};
use crate::model::AssignmentStatus;
use crate::store::{self, PROGRAM_FILE, PROJECTS_DIR, Tree};

/// Refuses `change` when it would over-allocate `person`, unless `force`. `what` says what the
/// edit does, for the refusal ("assigning tom to analytics at 150%").
pub fn load_guard(
    tree: &Tree,
    change: &Change,
    person: &str,
    force: bool,
    what: &str,
) -> Result<()> {
    if force {
        return Ok(());
    }
    // Everyone's committed load, read under the lock so nothing changes before the write.
    let loaded = store::load_tree(tree)?;
    // In a portfolio the person's load in the other programs counts too.
    let others = other_programs(tree, &loaded);
    let mut programs = vec![&loaded];
    programs.extend(others.iter().map(|m| &m.loaded));
    let loads = Loads::of(&programs, Options::default());
    let Some(load) = loads.person(person) else {
        return Ok(());
    };
    let mut after = LoadChange {
        program: loaded.name(),
        ..LoadChange::default()
    };
    for f in &change.files {
        if f.rel == PROGRAM_FILE {
            let Some(text) = &f.after else { continue };
            let (program, _) = store::decode_program(FileId(0), without_bom(text));
            if let Some(p) = program.as_ref().and_then(|p| p.person(person)) {
                after.capacity = percent(p.capacity.value);
                after.time_off = Some(time_off(p));
            }
            continue;
        }
        let Some(stem) = f
            .rel
            .strip_prefix(&format!("{PROJECTS_DIR}/"))
            .and_then(|r| r.rsplit('/').next())
            .and_then(|n| n.strip_suffix(".toml"))
        else {
            continue;
        };
        let mut held = Vec::new();
        if let Some(text) = &f.after {
            let (project, _) = store::decode_project(FileId(0), without_bom(text), stem);
            let Some(project) = project else { continue };
            for a in &project.assignments {
                if a.person.value != person || a.status != AssignmentStatus::Committed {
                    continue;
                }
                if let (Some((from, to)), Some(allocation)) =
                    (a.window(&project.charter), percent(a.allocation.value))
                {
                    held.push(Interval {
                        from,
                        to,
                        allocation,
                    });
                }
            }
        }
        after.projects.push((stem, held));
    }
    let over = load.overloads_after(&after);
    let Some(worst) = over
        .iter()
        .max_by_key(|r| (r.peak, std::cmp::Reverse(r.from)))
    else {
        return Ok(());
    };
    let more = match over.len() {
        1 => String::new(),
        n => format!(
            " (and over on {} other stretch{})",
            n - 1,
            if n == 2 { "" } else { "es" }
        ),
    };
    let days = if worst.from == worst.to {
        format!("on {}", worst.from)
    } else {
        format!("from {} to {}", worst.from, worst.to)
    };
    // Across programs, each project is named with its program, as PM201 names them.
    let projects = if worst.programs.len() > 1 {
        worst
            .programs
            .iter()
            .map(|(program, projects)| format!("{program}: {}", projects.join(", ")))
            .collect::<Vec<_>>()
            .join("; ")
    } else {
        worst.projects.join(", ")
    };
    bail!(
        "{what} would over-allocate {person}: {}% of {}% {days} ({projects}){more}. Lower the allocation or shorten the dates, hand load to someone with free capacity (`pm balance` proposes who), or pass --force to record it anyway",
        worst.peak,
        worst.capacity,
    )
}

fn without_bom(text: &str) -> &str {
    text.strip_prefix('\u{feff}').unwrap_or(text)
}

/// The other programs of the portfolio `loaded` belongs to, as they are on disk; none for a
/// program of no portfolio, or when the portfolio cannot be read (its findings are `pm
/// check`'s to report).
pub fn other_programs(tree: &Tree, loaded: &store::Loaded) -> Vec<store::Member> {
    let Some(membership) = &loaded.portfolio else {
        return Vec::new();
    };
    if !tree.is_on_disk() {
        return Vec::new();
    }
    // Lexically: `artemis/..` is the portfolio's folder even when artemis is a link.
    let file = store::lexical(&tree.root().join(&membership.rel));
    let Some(root) = file.parent() else {
        return Vec::new();
    };
    match store::load_portfolio(root) {
        Ok(portfolio) => portfolio
            .members
            .into_iter()
            .filter(|m| m.id() != membership.program)
            .collect(),
        Err(_) => Vec::new(),
    }
}
