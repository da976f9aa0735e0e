//! `pm level`: the plan [`crate::plan::level`] makes for a window, and (for `--apply` and
//! `--dry-run`) the files it writes: each lowered assignment split by the same function as
//! `pm assign --instead-of` (its comments stay on the first piece), each hand-over a new
//! assignment, each fill recorded as `pm request fill` records it. All of it is one change.

use anyhow::{Result, bail};
use chrono::{Datelike, NaiveDate};
use toml_edit::{Item, Table, value};

use super::{Change, in_file, item_index, open_project};
use crate::cli::{LevelArgs, LevelSolver};
use crate::model::Project;
use crate::plan::level::{self, Plan, Strategy};
use crate::store::tables::{self, PROJECT_ITEMS};
use crate::store::write::EditFile;
use crate::store::{self, PROGRAM_FILE, Tree};

/// The window levelled: `--from`/`--to`, else the program's start and end, else the year of
/// `today`.
pub fn window(
    program: Option<&crate::model::Program>,
    a: &LevelArgs,
    today: NaiveDate,
) -> Result<(NaiveDate, NaiveDate)> {
    let year = today.year();
    let from = a
        .from
        .or_else(|| program.and_then(|p| p.start.as_ref().map(|d| d.value)))
        .or_else(|| NaiveDate::from_ymd_opt(year, 1, 1))
        .unwrap_or(today);
    let to =
        a.to.or_else(|| program.and_then(|p| p.end.as_ref().map(|d| d.value)))
            .or_else(|| NaiveDate::from_ymd_opt(year, 12, 31))
            .unwrap_or(today);
    if to < from {
        let said = |given: Option<NaiveDate>, flag: &str, key: &str| match given {
            Some(_) => format!("--{flag} {}", if flag == "from" { from } else { to }),
            None => format!(
                "the program's {key}, {}",
                if flag == "from" { from } else { to }
            ),
        };
        bail!(
            "the window would end before it starts: {} is after {}; give --from and --to in order",
            said(a.from, "from", "start"),
            said(a.to, "to", "end")
        );
    }
    Ok((from, to))
}

/// The plan for the program in `tree`. Refused when a file cannot be read, since the load of a
/// file left out would be missing from the plan.
pub fn plan(tree: &Tree, a: &LevelArgs, today: NaiveDate) -> Result<Plan> {
    let loaded = store::load_tree(tree)?;
    let Some(program) = &loaded.program else {
        bail!(
            "{PROGRAM_FILE} could not be read, so nobody's load is known; run `pm check` to see why"
        );
    };
    let mut unread: Vec<&str> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.rule == crate::diagnostic::Rule::InvalidFile)
        .map(|d| loaded.sources.path(d.loc.file))
        .filter(|path| {
            *path != PROGRAM_FILE
                && !loaded
                    .projects
                    .iter()
                    .any(|p| loaded.sources.path(p.file) == *path)
        })
        .collect();
    unread.sort_unstable();
    unread.dedup();
    if !unread.is_empty() {
        bail!(
            "{} could not be read, so its load would be left out of the plan; fix it first (`pm check` shows why)",
            unread.join(", ")
        );
    }
    let (from, to) = window(Some(program), a, today)?;
    let strategy = match a.solver {
        LevelSolver::Auto => Strategy::Auto,
        LevelSolver::Exact => Strategy::Exact,
        LevelSolver::Fast => Strategy::Fast,
    };
    Ok(level::level(&loaded, from, to, strategy))
}

/// The plan and the change that writes it.
pub fn level(tree: &Tree, a: &LevelArgs, today: NaiveDate) -> Result<(Plan, Change)> {
    let plan = plan(tree, a, today)?;
    let change = apply(tree, &plan)?;
    Ok((plan, change))
}

/// The files of the projects the plan touches, with the plan written into them.
pub fn apply(tree: &Tree, plan: &Plan) -> Result<Change> {
    let mut pids: Vec<&str> = plan
        .lowerings
        .iter()
        .map(|l| l.project.as_str())
        .chain(plan.additions.iter().map(|a| a.project.as_str()))
        .chain(plan.fillings.iter().map(|f| f.project.as_str()))
        .collect();
    pids.sort_unstable();
    pids.dedup();
    let mut files: Vec<EditFile> = Vec::with_capacity(pids.len());
    for pid in pids {
        let (mut file, project) = open_project(tree, pid)?;
        write_project(&mut file, &project, plan)?;
        files.push(file);
    }
    let changed: Vec<&EditFile> = files.iter().collect();
    let n = plan.cost.changes;
    let summary = if n == 0 {
        "the plan changes no file".to_owned()
    } else {
        let rels: Vec<&str> = files
            .iter()
            .filter(|f| f.new_text().is_some())
            .map(|f| f.rel.as_str())
            .collect();
        format!(
            "the plan edits or adds {n} assignment{} in {}",
            if n == 1 { "" } else { "s" },
            rels.join(", ")
        )
    };
    Ok(Change::of(&changed, summary))
}

/// The plan's edits of one project: lowerings first (each stretch in time order, so the rest of
/// the assignment is the piece the next one lowers), then new assignments, then fills.
fn write_project(file: &mut EditFile, project: &Project, plan: &Plan) -> Result<()> {
    let pid = project.id.as_str();
    for l in plan.lowerings.iter().filter(|l| l.project == pid) {
        let mut was = (l.from, l.to, l.allocation);
        for &(from, to, amount) in &l.by {
            super::reassign::relieve_exact(
                file,
                &project.charter,
                &l.person,
                was,
                from,
                to,
                amount,
            )?;
            match to.succ_opt() {
                Some(next) if next <= was.1 => was = (next, was.1, was.2),
                _ => break,
            }
        }
    }
    let later = tables::after(&PROJECT_ITEMS, "assignment");
    for a in plan.additions.iter().filter(|a| a.project == pid) {
        let mut t = Table::new();
        t.insert("person", value(&a.person));
        t.insert("allocation", value(i64::from(a.allocation)));
        t.insert("from", Item::Value(tables::date(a.from)?));
        t.insert("to", Item::Value(tables::date(a.to)?));
        tables::append(&mut file.doc, "assignment", &later, t).map_err(in_file(file))?;
    }
    for f in plan.fillings.iter().filter(|f| f.project == pid) {
        let index = item_index(file, "request", &f.request)?;
        let Some(request) = project.requests.iter().find(|r| r.id.value == f.request) else {
            bail!("{}: request '{}' could not be read", file.rel, f.request);
        };
        let allocation = request
            .allocation
            .as_ref()
            .and_then(|n| u32::try_from(n.value).ok())
            .unwrap_or(0);
        let Some((from, to)) = request.window(&project.charter) else {
            bail!(
                "{}: request '{}' has no dates and its project none to default to",
                file.rel,
                f.request
            );
        };
        super::request::record_fill(file, index, &f.person, allocation, from, to)?;
    }
    Ok(())
}
