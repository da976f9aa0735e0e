//! `pm work add|list`: the work items of projects.

use std::collections::{BTreeMap, BTreeSet};

use anyhow::{Result, anyhow, bail};
use toml_edit::{Item, Table, value};

use super::edit::{Session, require_person};
use super::scope::require_title;
use super::{Ctx, Exit, require_slug};
use crate::check::{self, Diagnostic};
use crate::cli::{WorkAddArgs, WorkCommand, WorkListArgs};
use crate::model::{Project, slugify};
use crate::store::{self, did_you_mean, tables};

pub fn run(ctx: &Ctx, cmd: &WorkCommand) -> Result<Exit> {
    match cmd {
        WorkCommand::Add(a) => add(ctx, a),
        WorkCommand::List(a) => list(ctx, a),
        WorkCommand::Move(a) => super::work_move::run(ctx, a),
    }
}

fn add(ctx: &Ctx, a: &WorkAddArgs) -> Result<Exit> {
    require_slug("project", &a.project)?;
    if let Some(id) = &a.id {
        require_slug("work", id)?;
    }
    if let Some(d) = &a.deliverable {
        require_slug("deliverable", d)?;
    }
    if let Some(p) = &a.assignee {
        require_slug("person", p)?;
    }
    let title = require_title(&a.title, "work")?;
    if let (Some(start), Some(due)) = (a.start, a.due)
        && due < start
    {
        bail!("--due {due} is before --start {start}; the work must be due on or after its start");
    }
    let tags: Vec<&str> = a
        .tags
        .iter()
        .map(|t| t.trim())
        .filter(|t| !t.is_empty())
        .collect();

    let session = Session::begin(ctx)?;
    let (mut file, project) = session.project(&a.project)?;
    if let Some(who) = &a.assignee {
        let (_, program) = session.program()?;
        require_person(&program, who)?;
    }
    if let Some(d) = &a.deliverable {
        require_deliverable(&session, &project, d)?;
    }
    let taken = tables::ids(&file.doc, "work").map_err(|e| anyhow!("{}: {e}", file.rel))?;
    let id = match &a.id {
        Some(id) if taken.contains(id) => bail!(
            "work '{id}' already exists in {}; choose another --id, or leave --id out to derive one from the title",
            file.rel
        ),
        Some(id) => id.clone(),
        None => free_id(title, &taken)?,
    };

    // Keys in the order of the file format; defaults (status = "todo") are left out.
    let mut t = Table::new();
    t.insert("id", value(&id));
    t.insert("title", value(title));
    if let Some(d) = &a.deliverable {
        t.insert("deliverable", value(d));
    }
    if let Some(h) = a.estimate_hours {
        t.insert("estimate_hours", Item::Value(tables::hours(h)));
    }
    if let Some(d) = a.start {
        t.insert("start", Item::Value(tables::date(d)?));
    }
    if let Some(d) = a.due {
        t.insert("due", Item::Value(tables::date(d)?));
    }
    if let Some(p) = &a.assignee {
        t.insert("assignee", value(p));
    }
    if !tags.is_empty() {
        t.insert("tags", Item::Value(tables::strings(&tags)));
    }
    let later = tables::after(&tables::PROJECT_ITEMS, "work");
    tables::append(&mut file.doc, "work", &later, t).map_err(|e| anyhow!("{}: {e}", file.rel))?;
    session.commit(&[&file])?;
    ctx.print(&format!("added work {id} to {}\n", file.rel))?;
    Ok(Exit::Success)
}

/// A slug of the title that no work item of the project has yet: `x`, else `x-2`, `x-3`, ...
/// Never a sequence number, so that two branches adding different work do not collide.
pub(super) fn free_id(title: &str, taken: &[String]) -> Result<String> {
    let Some(base) = slugify(title) else {
        bail!("the title '{title}' has no letter or digit to make an id from; give one with --id");
    };
    if !taken.contains(&base) {
        return Ok(base);
    }
    let mut n = 2u64;
    loop {
        let suffix = format!("-{n}");
        // slugify gives ASCII, so cutting at any byte is a character boundary.
        let mut stem = base[..base.len().min(64 - suffix.len())].to_owned();
        while stem.ends_with('-') {
            stem.pop();
        }
        let id = format!("{stem}{suffix}");
        if !taken.contains(&id) {
            return Ok(id);
        }
        n += 1;
    }
}

/// Work stays inside the charter: its deliverable must be one of the project's.
fn require_deliverable(session: &Session, project: &Project, id: &str) -> Result<()> {
    let pid = project.id.as_str();
    if project.deliverable(id).is_some() {
        return Ok(());
    }
    let record_anyway = "To record out-of-charter work anyway, leave out --deliverable \
                         (pm check reports it as untraced work, PM101, for the program manager to decide).";
    if let Some(x) = project.exclusion(id) {
        let what = x.title.as_deref().unwrap_or(id);
        bail!(
            "'{id}' is an exclusion of {pid}, not a deliverable: \"{what}\" is out of its scope. {record_anyway}"
        );
    }
    let ids: Vec<&str> = project.deliverables.iter().map(|d| d.id.as_str()).collect();
    let hint = match did_you_mean(id, ids.iter().copied()) {
        Some(s) => format!(" — did you mean '{s}'?"),
        None if ids.is_empty() => format!("; {pid} has no deliverables yet."),
        None => format!("; its deliverables are: {}.", ids.join(", ")),
    };
    let elsewhere: Option<String> = store::load(&session.root).ok().and_then(|l| {
        l.projects
            .iter()
            .find(|p| p.id.value != pid && p.deliverable(id).is_some())
            .map(|p| p.id.value.clone())
    });
    let next = match elsewhere {
        Some(other) => {
            format!(
                "'{id}' is a deliverable of {other}: add the work there (pm work add {other} ...)."
            )
        }
        None => {
            format!("If it is in scope, add it first with `pm scope add {pid} {id} --title ...`.")
        }
    };
    bail!("unknown deliverable '{id}' in project {pid}{hint} {next} {record_anyway}")
}

fn list(ctx: &Ctx, a: &WorkListArgs) -> Result<Exit> {
    let loaded = super::load_for_listing(ctx, a.project.as_deref())?;

    let flagged = if a.out_of_charter {
        out_of_charter(&check::check(&loaded))
    } else {
        BTreeMap::new()
    };

    let mut header = vec![
        "project",
        "id",
        "title",
        "deliverable",
        "status",
        "assignee",
        "estimate",
        "due",
    ];
    if a.out_of_charter {
        header.push("finding");
    }
    let mut grid = super::list_table(ctx, &header);
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
                row.push(f.iter().copied().collect::<Vec<_>>().join(", "));
            }
            grid.add_row(row);
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
        ctx.print(&format!("{}\n", grid.trim_fmt()))?;
    }
    Ok(Exit::Success)
}

/// The work items that pm check finds outside their charter, with the names of the rules, by
/// (project, work). Taken from the findings rather than recomputed, so the list follows the
/// PM1xx rules as they grow.
fn out_of_charter(diags: &[Diagnostic]) -> BTreeMap<(String, String), BTreeSet<&'static str>> {
    let mut flagged: BTreeMap<_, BTreeSet<_>> = BTreeMap::new();
    for d in diags {
        if let (Some(project), Some(work)) = (&d.facts.project, &d.facts.work)
            && d.rule.code().starts_with("PM1")
        {
            flagged
                .entry((project.clone(), work.clone()))
                .or_default()
                .insert(d.rule.name());
        }
    }
    flagged
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::check::Rule;
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
        let names: Vec<_> = got[&("p".to_owned(), "a".to_owned())]
            .iter()
            .copied()
            .collect();
        assert_eq!(names, ["untraced-work", "work-outside-charter"]);
    }
}
