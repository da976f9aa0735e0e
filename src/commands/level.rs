//! `pm level`: print the plan; `--dry-run` prints the diff it would write; `--apply` writes it
//! as one edit. Over a whole portfolio the plan spans every program and each program's files
//! are written as one edit, under every program's lock.

use std::path::{Path, PathBuf};

use anyhow::Result;

use super::{Ctx, Exit, session};
use crate::cli::{LevelArgs, LevelFormat};
use crate::edit::{self, Change};
use crate::plan::level::Plan;
use crate::render;
use crate::store::{self, Tree, write};

pub fn run(ctx: &Ctx, a: &LevelArgs) -> Result<Exit> {
    if ctx.only.is_none()
        && let store::Root::Portfolio(dir) = ctx.target()?
    {
        return portfolio(ctx, a, &dir);
    }
    if ctx.dry_run {
        // The global --dry-run, as for every edit: the diff on stdout, and on stderr what would
        // have been done, here the plan itself first, for people.
        return ctx.edit(|tree| {
            let (levelled, mut change) = edit::level::level(tree, a, ctx.today)?;
            eprint!("{}", render::level::human(&levelled.plan));
            change.notes.extend(counted(&levelled.others));
            Ok(change)
        });
    }
    if a.apply {
        return ctx.edit(|tree| {
            let (levelled, mut change) = edit::level::level(tree, a, ctx.today)?;
            // The plan is what the command prints; what was written goes to stderr, so the
            // JSON on stdout stays one document.
            let written = std::mem::replace(
                &mut change.summary,
                vec![shown(&levelled.plan, a.format).trim_end().to_owned()],
            );
            change.notes.extend(written);
            change.notes.extend(counted(&levelled.others));
            Ok(change)
        });
    }
    let tree = Tree::on_disk(ctx.root()?);
    let levelled = edit::level::plan(&tree, a, ctx.today)?;
    if let Some(note) = counted(&levelled.others) {
        eprintln!("note: {note}");
    }
    print_plan(ctx, a, &levelled.plan)
}

/// The note of a plan of one program of a portfolio.
fn counted(others: &[String]) -> Option<String> {
    (!others.is_empty()).then(|| {
        format!(
            "the plan counts the load of the portfolio's other program{} ({}) and edits none of {}; `pm level` in the portfolio's folder plans them all",
            if others.len() == 1 { "" } else { "s" },
            others.join(", "),
            if others.len() == 1 { "it" } else { "them" }
        )
    })
}

/// The plan as the format asks, with (for people) the command that writes it.
fn print_plan(ctx: &Ctx, a: &LevelArgs, plan: &Plan) -> Result<Exit> {
    let mut text = shown(plan, a.format);
    if a.format == LevelFormat::Human && plan.cost.changes > 0 {
        let mut window = String::new();
        if let Some(d) = a.from {
            window.push_str(&format!(" --from {d}"));
        }
        if let Some(d) = a.to {
            window.push_str(&format!(" --to {d}"));
        }
        text.push_str(&format!(
            "write it with `pm level{window} --apply` (`pm level{window} --dry-run` shows the diff first)\n"
        ));
    }
    ctx.print(&text)?;
    Ok(Exit::Success)
}

/// `pm level` over a whole portfolio: one plan over every program. `--apply` takes every
/// program's lock (in the order of their real paths, so two of these never wait on each
/// other), then writes each program's files as one edit of that program; were it interrupted
/// between two programs, each program is whole and `pm level` plans what is left.
fn portfolio(ctx: &Ctx, a: &LevelArgs, dir: &Path) -> Result<Exit> {
    if !a.apply && !ctx.dry_run {
        let p = store::load_portfolio(dir)?;
        let plan = edit::level::plan_portfolio(&p, a, ctx.today)?;
        return print_plan(ctx, a, &plan);
    }
    let mut real: Vec<PathBuf> = store::program_folders(dir)
        .iter()
        .map(|(_, root)| std::fs::canonicalize(root).unwrap_or_else(|_| root.clone()))
        .collect();
    real.sort();
    real.dedup();
    let mut locks = Vec::with_capacity(real.len());
    for root in &real {
        let lock = session::lock(root)?;
        for rel in write::remove_stale_temp_files(root, &lock) {
            eprintln!("note: removed {rel}, left behind by an interrupted pm");
        }
        locks.push(lock);
    }
    // Read under the locks, so nothing changes before the write.
    let p = store::load_portfolio(dir)?;
    let plan = edit::level::plan_portfolio(&p, a, ctx.today)?;
    let mut changes: Vec<(PathBuf, String, Change)> = Vec::new();
    for m in &p.members {
        let root = dir.join(&m.folder);
        let change = edit::level::apply(&Tree::on_disk(&root), &plan, Some(m.id()))?;
        if !change.files.is_empty() {
            changes.push((root, m.folder.clone(), change));
        }
    }
    if ctx.dry_run {
        eprint!("{}", render::level::human(&plan));
        // One diff, each file named from the portfolio's folder, as `git apply` takes it there.
        let mut all = Change::default();
        for (_, folder, change) in changes {
            all.files.extend(change.files.into_iter().map(|mut f| {
                f.rel = format!("{folder}/{}", f.rel);
                f
            }));
            all.summary
                .extend(change.summary.into_iter().map(|s| format!("{folder}: {s}")));
        }
        if all.summary.is_empty() {
            all.summary.push("the plan changes no file".to_owned());
        }
        return ctx.show(&all);
    }
    let label = session::label(ctx);
    let mut written: Vec<String> = Vec::new();
    for (root, folder, change) in &changes {
        if let Err(e) = write::apply(root, &change.files, &label) {
            let done = if written.is_empty() {
                "nothing was written".to_owned()
            } else {
                format!(
                    "already written: {}; run `pm level` again to plan what is left",
                    written.join("; ")
                )
            };
            anyhow::bail!("{folder}: {e} ({done})");
        }
        written.extend(change.summary.iter().map(|s| format!("{folder}: {s}")));
    }
    drop(locks);
    ctx.print(&format!("{}\n", shown(&plan, a.format).trim_end()))?;
    if written.is_empty() {
        written.push("the plan changes no file".to_owned());
    }
    for line in written {
        eprintln!("note: {line}");
    }
    Ok(Exit::Success)
}

fn shown(plan: &Plan, format: LevelFormat) -> String {
    match format {
        LevelFormat::Human => render::level::human(plan),
        LevelFormat::Json => render::level::json(plan),
        LevelFormat::Markdown => render::level::markdown(plan),
    }
}
