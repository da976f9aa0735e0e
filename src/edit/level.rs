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
use crate::plan::level::{self, Addition, Filling, Lowering, Plan, Strategy};
use crate::store::tables::{self, PROJECT_ITEMS};
use crate::store::write::EditFile;
use crate::store::{self, Loaded, LoadedPortfolio, PROGRAM_FILE, Programs, Tree};

/// The window levelled: `--from`/`--to`, else the program's start and end (`start`, `end`;
/// in a portfolio the earliest start and the latest end of its programs), else the year of
/// `today`. `whose` names where `start` and `end` come from, for the refusal.
pub fn window(
    (start, end): (Option<NaiveDate>, Option<NaiveDate>),
    whose: &str,
    a: &LevelArgs,
    today: NaiveDate,
) -> Result<(NaiveDate, NaiveDate)> {
    let year = today.year();
    let from = a
        .from
        .or(start)
        .or_else(|| NaiveDate::from_ymd_opt(year, 1, 1))
        .unwrap_or(today);
    let to =
        a.to.or(end)
            .or_else(|| NaiveDate::from_ymd_opt(year, 12, 31))
            .unwrap_or(today);
    if to < from {
        let said = |given: Option<NaiveDate>, flag: &str, key: &str| match given {
            Some(_) => format!("--{flag} {}", if flag == "from" { from } else { to }),
            None => format!("{whose} {key}, {}", if flag == "from" { from } else { to }),
        };
        bail!(
            "the window would end before it starts: {} is after {}; give --from and --to in order",
            said(a.from, "from", "start"),
            said(a.to, "to", "end")
        );
    }
    Ok((from, to))
}

fn strategy(a: &LevelArgs) -> Strategy {
    match a.solver {
        LevelSolver::Auto => Strategy::Auto,
        LevelSolver::Exact => Strategy::Exact,
        LevelSolver::Fast => Strategy::Fast,
    }
}

/// Refuses when a file of `loaded` other than its program.toml (whose absence is refused on
/// its own) could not be read, since its load would be missing from the plan. `prefix` is the
/// program's folder in a portfolio (`gateway/`), empty for a program read alone.
fn refuse_unread(loaded: &Loaded, prefix: &str) -> Result<()> {
    let program_file = format!("{prefix}{PROGRAM_FILE}");
    if loaded.program.is_none() {
        bail!(
            "{program_file} could not be read, so nobody's load is known; run `pm check` to see why"
        );
    }
    let mut unread: Vec<&str> = loaded
        .diagnostics
        .iter()
        .filter(|d| d.rule == crate::diagnostic::Rule::InvalidFile)
        .map(|d| loaded.sources.path(d.loc.file))
        .filter(|path| {
            *path != program_file
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
    Ok(())
}

/// A plan and, when it counts other programs' load, which programs those are.
pub struct Levelled {
    pub plan: Plan,
    /// The other programs of the portfolio whose load the plan counts but does not edit.
    pub others: Vec<String>,
}

/// The plan for the program in `tree`. In a portfolio, the other programs' load counts (as
/// they are on disk) and stays as it is: only this program's files are edited. Refused when a
/// file cannot be read, since the load of a file left out would be missing from the plan.
pub fn plan(tree: &Tree, a: &LevelArgs, today: NaiveDate) -> Result<Levelled> {
    let loaded = store::load_tree(tree)?;
    refuse_unread(&loaded, "")?;
    let program = loaded.program.as_ref();
    let others = super::guard::other_programs(tree, &loaded);
    for m in &others {
        refuse_unread(&m.loaded, &format!("{}/", m.folder))
            .map_err(|e| anyhow::anyhow!("in the portfolio's program {}: {e}", m.id()))?;
    }
    let (from, to) = window(
        (
            program.and_then(|p| p.start.as_ref().map(|d| d.value)),
            program.and_then(|p| p.end.as_ref().map(|d| d.value)),
        ),
        "the program's",
        a,
        today,
    )?;
    Ok(Levelled {
        plan: level::level(
            &Programs::with_others(&loaded, &others),
            from,
            to,
            strategy(a),
        ),
        others: others.iter().map(|m| m.id().to_owned()).collect(),
    })
}

/// The plan for every program of the portfolio `p`.
pub fn plan_portfolio(p: &LoadedPortfolio, a: &LevelArgs, today: NaiveDate) -> Result<Plan> {
    if p.portfolio.is_none() {
        bail!(
            "{} could not be read, so the shared pool is not known; run `pm check` to see why",
            store::PORTFOLIO_FILE
        );
    }
    for m in &p.members {
        refuse_unread(&m.loaded, &format!("{}/", m.folder))
            .map_err(|e| anyhow::anyhow!("in the portfolio's program {}: {e}", m.id()))?;
    }
    let programs = Programs::of(p, None);
    let (from, to) = window(programs.window(), "the programs' earliest", a, today)?;
    Ok(level::level(&programs, from, to, strategy(a)))
}

/// The plan and the change that writes it.
pub fn level(tree: &Tree, a: &LevelArgs, today: NaiveDate) -> Result<(Levelled, Change)> {
    let levelled = plan(tree, a, today)?;
    let change = apply(tree, &levelled.plan, None)?;
    Ok((levelled, change))
}

/// The files of the projects the plan touches, with the plan written into them: of every
/// program, or (`program`) of the one program of a portfolio that `tree` holds.
pub fn apply(tree: &Tree, plan: &Plan, program: Option<&str>) -> Result<Change> {
    let ours = |p: &str| program.is_none_or(|only| only == p);
    let edits = Edits {
        lowerings: plan.lowerings.iter().filter(|l| ours(&l.program)).collect(),
        additions: plan.additions.iter().filter(|a| ours(&a.program)).collect(),
        fillings: plan.fillings.iter().filter(|f| ours(&f.program)).collect(),
    };
    let mut pids: Vec<&str> = edits
        .lowerings
        .iter()
        .map(|l| l.project.as_str())
        .chain(edits.additions.iter().map(|a| a.project.as_str()))
        .chain(edits.fillings.iter().map(|f| f.project.as_str()))
        .collect();
    pids.sort_unstable();
    pids.dedup();
    let mut files: Vec<EditFile> = Vec::with_capacity(pids.len());
    for pid in pids {
        let (mut file, project) = open_project(tree, pid)?;
        write_project(&mut file, &project, &edits)?;
        files.push(file);
    }
    let changed: Vec<&EditFile> = files.iter().filter(|f| f.new_text().is_some()).collect();
    let rels: Vec<&str> = changed.iter().map(|f| f.rel.as_str()).collect();
    let n = plan.cost.changes;
    let summary = if n == 0 || rels.is_empty() {
        "the plan changes no file".to_owned()
    } else if program.is_some() {
        // One program's share of a portfolio's plan: the count is the whole plan's.
        format!("the plan edits {}", rels.join(", "))
    } else {
        format!(
            "the plan edits or adds {n} assignment{} in {}",
            if n == 1 { "" } else { "s" },
            rels.join(", ")
        )
    };
    Ok(Change::of(&changed, summary))
}

/// The edits of a plan that one write makes: of every program, or of one.
struct Edits<'p> {
    lowerings: Vec<&'p Lowering>,
    additions: Vec<&'p Addition>,
    fillings: Vec<&'p Filling>,
}

/// The plan's edits of one project: lowerings first (each stretch in time order, so the rest of
/// the assignment is the piece the next one lowers), then new assignments, then fills.
fn write_project(file: &mut EditFile, project: &Project, edits: &Edits<'_>) -> Result<()> {
    let pid = project.id.as_str();
    for l in edits.lowerings.iter().filter(|l| l.project == pid) {
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
    for a in edits.additions.iter().filter(|a| a.project == pid) {
        let mut t = Table::new();
        t.insert("person", value(&a.person));
        t.insert("allocation", value(i64::from(a.allocation)));
        t.insert("from", Item::Value(tables::date(a.from)?));
        t.insert("to", Item::Value(tables::date(a.to)?));
        tables::append(&mut file.doc, "assignment", &later, t).map_err(in_file(file))?;
    }
    for f in edits.fillings.iter().filter(|f| f.project == pid) {
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
