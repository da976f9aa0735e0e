//! `pm work add|list|set|move|remove`: the work items of projects.

use std::collections::{BTreeMap, BTreeSet};

use anyhow::Result;

use super::{Ctx, Exit};
use crate::check::{self, Diagnostic, Rule, Severity};
use crate::cli::{WorkCommand, WorkListArgs};
use crate::edit;
use crate::report::{Cell, Column, Table};

pub fn run(ctx: &Ctx, cmd: &WorkCommand) -> Result<Exit> {
    match cmd {
        WorkCommand::Add(a) => ctx.edit(|tree| edit::work::add(tree, a)),
        WorkCommand::List(a) => list(ctx, a),
        WorkCommand::Set(a) => ctx.edit(|tree| edit::work::set(tree, a)),
        WorkCommand::Move(a) => ctx.edit(|tree| edit::work_move::run(tree, a)),
        WorkCommand::Remove { item } => ctx.edit(|tree| edit::work::remove(tree, item)),
    }
}

fn list(ctx: &Ctx, a: &WorkListArgs) -> Result<Exit> {
    let loaded = super::load_for_listing(ctx, a.project.as_deref())?;

    let flagged = if a.out_of_charter {
        out_of_charter(&check::check(&loaded))
    } else {
        BTreeMap::new()
    };

    let mut columns = vec![
        Column::text("project", "project"),
        Column::text("id", "id"),
        Column::prose("title", "title"),
        Column::text("deliverable", "deliverable"),
        Column::text("status", "status"),
        Column::text("assignee", "assignee"),
        Column::num("estimate", "estimate"),
        Column::text("due", "due"),
    ];
    if a.out_of_charter {
        columns.push(Column::prose("findings", "findings"));
    }
    let mut grid = Table {
        columns,
        rows: Vec::new(),
        frozen: 2,
    };
    let mut rows = 0;
    for p in &loaded.projects {
        if a.project.as_ref().is_some_and(|id| *id != p.id.value) {
            continue;
        }
        for w in &p.work {
            if a.status
                .as_ref()
                .is_some_and(|s| s != w.status.value.as_str())
            {
                continue;
            }
            let key = (p.id.value.clone(), w.id.value.clone());
            let findings = flagged.get(&key);
            if a.out_of_charter && findings.is_none() {
                continue;
            }
            let mut row = vec![
                p.id.value.clone(),
                w.id.value.clone(),
                w.title.value.clone(),
                w.deliverable
                    .as_ref()
                    .map(|d| d.value.clone())
                    .unwrap_or_default(),
                w.status.value.as_str().to_owned(),
                w.assignee
                    .as_ref()
                    .map(|d| d.value.clone())
                    .unwrap_or_default(),
                w.estimate_hours
                    .as_ref()
                    .map(|h| format!("{} h", h.value))
                    .unwrap_or_default(),
                w.due
                    .as_ref()
                    .map(|d| d.value.to_string())
                    .unwrap_or_default(),
            ];
            if let Some(f) = findings {
                // Named as `pm report scope` names them: code, name and severity.
                let named: Vec<String> = f
                    .iter()
                    .map(|(r, sev)| format!("{} {} ({})", r.code(), r.name(), sev.as_str()))
                    .collect();
                row.push(named.join(", "));
            }
            grid.rows.push(row.into_iter().map(Cell::new).collect());
            rows += 1;
        }
    }
    if rows == 0 {
        let what = if a.out_of_charter {
            "no work outside its charter"
        } else {
            "no work items"
        };
        ctx.print(&format!("{what}\n"))?;
    } else {
        ctx.print(&super::table_text(ctx, &grid, 0))?;
    }
    Ok(Exit::Success)
}

/// The work items that pm check finds outside their charter, with the rules, by (project,
/// work). Taken from the findings rather than recomputed, so the list follows the PM1xx rules
/// as they grow.
fn out_of_charter(diags: &[Diagnostic]) -> BTreeMap<(String, String), BTreeSet<(Rule, Severity)>> {
    let mut flagged: BTreeMap<_, BTreeSet<_>> = BTreeMap::new();
    for d in diags {
        if let (Some(project), Some(work)) = (&d.facts.project, &d.facts.work)
            && d.rule.code().starts_with("PM1")
        {
            flagged
                .entry((project.clone(), work.clone()))
                .or_default()
                .insert((d.rule, d.severity));
        }
    }
    flagged
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Loc;

    #[test]
    fn out_of_charter_keeps_work_flagged_by_charter_rules_only() {
        let at = Loc::default();
        let diags = [
            Diagnostic::new(Rule::UntracedWork, at, "m")
                .project("p")
                .work("a"),
            Diagnostic::new(Rule::WorkOutsideCharter, at, "m")
                .project("p")
                .work("a"),
            Diagnostic::new(Rule::ExcludedWork, at, "m")
                .project("q")
                .work("b"),
            // Structural findings about a work item are not about the charter.
            Diagnostic::new(Rule::DuplicateId, at, "m")
                .project("p")
                .work("c"),
            // A charter finding about the project as a whole names no work item.
            Diagnostic::new(Rule::EffortOverCap, at, "m").project("p"),
        ];
        let got = out_of_charter(&diags);
        let keys: Vec<_> = got.keys().cloned().collect();
        assert_eq!(
            keys,
            [
                ("p".to_owned(), "a".to_owned()),
                ("q".to_owned(), "b".to_owned())
            ]
        );
        let rules: Vec<_> = got[&("p".to_owned(), "a".to_owned())]
            .iter()
            .copied()
            .collect();
        assert_eq!(
            rules,
            [
                (Rule::UntracedWork, Severity::Error),
                (Rule::WorkOutsideCharter, Severity::Warning)
            ]
        );
    }
}
