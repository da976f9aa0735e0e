use anyhow::{Result, bail};

use super::{Ctx, Exit};
use crate::cli::{DiffArgs, DiffFormat};
use crate::git::Repo;
use crate::render;
use crate::report::diff::{self, Side};
use crate::store::{self, Loaded, Tree};

pub fn run(ctx: &Ctx, args: &DiffArgs) -> Result<Exit> {
    let root = ctx.root()?;
    let repo = Repo::require(&root)?;
    let base_name = args.base.as_deref().unwrap_or("HEAD");
    let base_rev = repo.resolve(base_name)?;
    let head_rev = args.head.as_deref().map(|h| repo.resolve(h)).transpose()?;
    // Both sides load side by side: Git streams one while the other is read.
    let (before, after) = std::thread::scope(|scope| -> Result<_> {
        let before = scope.spawn(|| -> Result<Option<Loaded>> {
            match repo.program_at(&base_rev)? {
                Some(tree) => Ok(Some(store::load_tree(&tree)?)),
                None => Ok(None),
            }
        });
        let after = match (&head_rev, args.head.as_deref()) {
            (Some(rev), Some(name)) => match repo.program_at(rev)? {
                Some(tree) => store::load_tree(&tree)?,
                None => bail!(
                    "{name} has no program.toml in {}; name a revision that has the program",
                    folder(&repo)
                ),
            },
            _ => store::load_tree(&Tree::on_disk(&root))?,
        };
        let before = before
            .join()
            .unwrap_or_else(|e| std::panic::resume_unwind(e))?;
        Ok((before, after))
    })?;
    if before.is_none() {
        eprintln!(
            "note: {base_name} has no program.toml in {}, so everything is new",
            folder(&repo)
        );
    }
    let doc = diff::build(
        Side {
            name: base_name.to_owned(),
            rev: base_rev,
            loaded: before.as_ref(),
        },
        Side {
            name: args.head.clone().unwrap_or_default(),
            rev: head_rev.unwrap_or_else(|| "worktree".to_owned()),
            loaded: Some(&after),
        },
    );
    let text = match args.format {
        DiffFormat::Human => render::diff::human::render(&doc),
        DiffFormat::Markdown => render::diff::markdown::render(&doc),
        DiffFormat::Json => render::json::report(&doc)?,
    };
    ctx.print(&text)?;
    // As `pm check` does: the process ends here, freeing costs time.
    std::mem::forget(before);
    std::mem::forget(after);
    Ok(Exit::Success)
}

/// The program folder, as a message names it.
fn folder(repo: &Repo) -> String {
    if repo.prefix().is_empty() {
        "the top folder of the repository".to_owned()
    } else {
        repo.prefix().trim_end_matches('/').to_owned()
    }
}
