//! `pm history P`: a project's charter life, read from Git.

use anyhow::Result;

use super::{Ctx, Exit};
use crate::cli::{HistoryArgs, HistoryFormat};
use crate::{git, render, report};

pub fn run(ctx: &Ctx, a: &HistoryArgs) -> Result<Exit> {
    let loaded = super::load_for_listing(ctx, Some(&a.project))?;
    let Some(project) = loaded.project(&a.project) else {
        anyhow::bail!("unknown project '{}'", a.project);
    };
    let file = loaded.sources.get(project.file);
    let repo = git::Repo::require(&loaded.root)?;
    let history = repo.file_history("HEAD", &file.path)?;
    let doc = report::history::build(&a.project, &file.path, &file.text, repo.prefix(), &history);
    let text = match a.format {
        HistoryFormat::Human => render::history::render(&doc),
        HistoryFormat::Json => render::json::report(&doc)?,
    };
    ctx.print(&text)?;
    Ok(Exit::Success)
}
