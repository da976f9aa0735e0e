//! `pm level`: print the plan; `--dry-run` prints the diff it would write; `--apply` writes it
//! as one edit.

use anyhow::Result;

use super::{Ctx, Exit};
use crate::cli::{LevelArgs, LevelFormat};
use crate::edit;
use crate::plan::level::Plan;
use crate::render;
use crate::store::Tree;

pub fn run(ctx: &Ctx, a: &LevelArgs) -> Result<Exit> {
    if ctx.dry_run {
        // The global --dry-run, as for every edit: the diff on stdout, and on stderr what would
        // have been done, here the plan itself first, for people.
        return ctx.edit(|tree| {
            let (plan, change) = edit::level::level(tree, a, ctx.today)?;
            eprint!("{}", render::level::human(&plan));
            Ok(change)
        });
    }
    if a.apply {
        return ctx.edit(|tree| {
            let (plan, mut change) = edit::level::level(tree, a, ctx.today)?;
            // The plan is what the command prints; what was written goes to stderr, so the
            // JSON on stdout stays one document.
            let written = std::mem::replace(
                &mut change.summary,
                vec![shown(&plan, a.format).trim_end().to_owned()],
            );
            change.notes.extend(written);
            Ok(change)
        });
    }
    let tree = Tree::on_disk(ctx.root()?);
    let plan = edit::level::plan(&tree, a, ctx.today)?;
    let mut text = shown(&plan, a.format);
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

fn shown(plan: &Plan, format: LevelFormat) -> String {
    match format {
        LevelFormat::Human => render::level::human(plan),
        LevelFormat::Json => render::level::json(plan),
        LevelFormat::Markdown => render::level::markdown(plan),
    }
}
