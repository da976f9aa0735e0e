//! `pm diff`: what changed between a revision and the work tree (or another revision), for a
//! program or a whole portfolio.

use std::collections::HashSet;
use std::path::Path;

use anyhow::{Result, bail};

use super::{Ctx, Exit};
use crate::cli::{DiffArgs, DiffFormat};
use crate::git::Repo;
use crate::render;
use crate::report::diff::{self, PortfolioSide, Side};
use crate::store::{self, PORTFOLIO_FILE, PROGRAM_FILE, Tree};

pub fn run(ctx: &Ctx, args: &DiffArgs) -> Result<Exit> {
    if let store::Root::Portfolio(dir) = ctx.target()? {
        return portfolio(ctx, args, &dir);
    }
    let root = ctx.root()?;
    let repo = Repo::require(&root)?;
    let s = sides(
        &repo,
        args,
        (PROGRAM_FILE, "the program"),
        |rev| {
            repo.program_at(rev)?
                .map(|tree| store::load_tree(&tree))
                .transpose()
                .map_err(Into::into)
        },
        || Ok(store::load_tree(&Tree::on_disk(&root))?),
    )?;
    let doc = diff::build(
        Side {
            name: s.base_name.clone(),
            rev: s.base_rev.clone(),
            loaded: s.before.as_ref(),
        },
        Side {
            name: args.head.clone().unwrap_or_default(),
            rev: s.head_rev.clone(),
            loaded: Some(&s.after),
        },
    );
    print(ctx, args, &doc)?;
    // As `pm check` does: the process ends here, freeing costs time.
    std::mem::forget(s);
    Ok(Exit::Success)
}

/// Both sides of a comparison as loaded: the base (`None` when the revision has none) and the
/// head (a revision, or the work tree).
struct Sides<T> {
    base_name: String,
    base_rev: String,
    head_rev: String,
    before: Option<T>,
    after: T,
}

/// Resolves the revisions `args` names and loads both sides side by side: `at` reads a
/// revision, `work_tree` the files as they are. `what` is the file a side must have and what
/// it holds (`program.toml`, `the program`), for the messages.
fn sides<T: Send>(
    repo: &Repo,
    args: &DiffArgs,
    (file, holds): (&str, &str),
    at: impl Fn(&str) -> Result<Option<T>> + Sync,
    work_tree: impl FnOnce() -> Result<T>,
) -> Result<Sides<T>> {
    let base_name = args.base.as_deref().unwrap_or("HEAD");
    let base_rev = repo.resolve(base_name)?;
    let head_rev = args.head.as_deref().map(|h| repo.resolve(h)).transpose()?;
    let (before, after) = super::beside(
        || at(&base_rev),
        || match (&head_rev, args.head.as_deref()) {
            (Some(rev), Some(name)) => match at(rev)? {
                Some(side) => Ok(side),
                None => bail!(
                    "{name} has no {file} in {}; name a revision that has {holds}",
                    super::repo_folder(repo)
                ),
            },
            _ => work_tree(),
        },
    )?;
    if before.is_none() {
        eprintln!(
            "note: {base_name} has no {file} in {}, so everything is new",
            super::repo_folder(repo)
        );
    }
    Ok(Sides {
        base_name: base_name.to_owned(),
        base_rev,
        head_rev: head_rev.unwrap_or_else(|| "worktree".to_owned()),
        before,
        after,
    })
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
    let s = sides(
        &repo,
        args,
        (PORTFOLIO_FILE, "the portfolio"),
        |rev| Ok(repo.portfolio_at(rev)?),
        || Ok(store::load_portfolio(dir)?),
    )?;
    let mut doc = diff::build_portfolio(
        PortfolioSide {
            name: s.base_name.clone(),
            rev: s.base_rev.clone(),
            portfolio: s.before.as_ref(),
        },
        PortfolioSide {
            name: args.head.clone().unwrap_or_default(),
            rev: s.head_rev.clone(),
            portfolio: Some(&s.after),
        },
    );
    if let Some(only) = &ctx.only {
        let mine = |p: &Option<String>| p.as_deref() == Some(only.as_str());
        doc.changes.retain(|c| mine(&c.program));
        doc.findings.introduced.retain(|f| mine(&f.program));
        doc.findings.resolved.retain(|f| mine(&f.program));
        let people: HashSet<String> = [s.before.as_ref(), Some(&s.after)]
            .into_iter()
            .flatten()
            .filter_map(|p| p.member(only))
            .flat_map(|m| m.loaded.program.iter().flat_map(|p| p.people.iter()))
            .map(|person| person.id.value.clone())
            .collect();
        doc.load.retain(|l| people.contains(&l.person));
    }
    print(ctx, args, &doc)?;
    std::mem::forget(s);
    Ok(Exit::Success)
}
