use anyhow::{Result, bail};

use super::{Ctx, Exit};
use crate::cli::{DiffArgs, DiffFormat};
use crate::git::Repo;
use crate::render;
use std::collections::HashSet;
use std::path::Path;

use crate::report::diff::{self, PortfolioSide, Side};
use crate::store::{self, Loaded, PORTFOLIO_FILE, Tree};

pub fn run(ctx: &Ctx, args: &DiffArgs) -> Result<Exit> {
    if let store::Root::Portfolio(dir) = ctx.target()? {
        return portfolio(ctx, args, &dir);
    }
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
                    super::repo_folder(&repo)
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
            super::repo_folder(&repo)
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
    print(ctx, args, &doc)?;
    // As `pm check` does: the process ends here, freeing costs time.
    std::mem::forget(before);
    std::mem::forget(after);
    Ok(Exit::Success)
}

fn print(ctx: &Ctx, args: &DiffArgs, doc: &diff::Diff) -> Result<()> {
    let text = match args.format {
        DiffFormat::Human => render::diff::human::render(doc),
        DiffFormat::Markdown => render::diff::markdown::render(doc),
        DiffFormat::Json => render::json::report(doc)?,
    };
    ctx.print(&text)
}

/// `pm diff` over a portfolio: both sides loaded whole, each change and finding naming its
/// program; `--only ID` keeps one program's changes and findings, and the load of its people.
fn portfolio(ctx: &Ctx, args: &DiffArgs, dir: &Path) -> Result<Exit> {
    let repo = Repo::require(dir)?;
    let base_name = args.base.as_deref().unwrap_or("HEAD");
    let base_rev = repo.resolve(base_name)?;
    let head_rev = args.head.as_deref().map(|h| repo.resolve(h)).transpose()?;
    let (before, after) = std::thread::scope(|scope| -> Result<_> {
        let before = scope.spawn(|| repo.portfolio_at(&base_rev));
        let after = match (&head_rev, args.head.as_deref()) {
            (Some(rev), Some(name)) => match repo.portfolio_at(rev)? {
                Some(p) => p,
                None => bail!(
                    "{name} has no {PORTFOLIO_FILE} in {}; name a revision that has the portfolio",
                    super::repo_folder(&repo)
                ),
            },
            _ => store::load_portfolio(dir)?,
        };
        let before = before
            .join()
            .unwrap_or_else(|e| std::panic::resume_unwind(e))?;
        Ok((before, after))
    })?;
    if before.is_none() {
        eprintln!(
            "note: {base_name} has no {PORTFOLIO_FILE} in {}, so everything is new",
            super::repo_folder(&repo)
        );
    }
    let mut doc = diff::build_portfolio(
        PortfolioSide {
            name: base_name.to_owned(),
            rev: base_rev,
            portfolio: before.as_ref(),
        },
        PortfolioSide {
            name: args.head.clone().unwrap_or_default(),
            rev: head_rev.unwrap_or_else(|| "worktree".to_owned()),
            portfolio: Some(&after),
        },
    );
    if let Some(only) = &ctx.only {
        let mine = |p: &Option<String>| p.as_deref() == Some(only.as_str());
        doc.changes.retain(|c| mine(&c.program));
        doc.findings.introduced.retain(|f| mine(&f.program));
        doc.findings.resolved.retain(|f| mine(&f.program));
        let people: HashSet<String> = [before.as_ref(), Some(&after)]
            .into_iter()
            .flatten()
            .filter_map(|p| p.member(only))
            .flat_map(|m| m.loaded.program.iter().flat_map(|p| p.people.iter()))
            .map(|person| person.id.value.clone())
            .collect();
        doc.load.retain(|l| people.contains(&l.person));
    }
    print(ctx, args, &doc)?;
    std::mem::forget(before);
    std::mem::forget(after);
    Ok(Exit::Success)
}
