//! Loading a portfolio: portfolio.toml and every program it lists, all files decoded in one
//! parallel run, each program with the shared pool. Paths are relative to the portfolio's
//! folder, and file ids are unique across the programs, so findings of several programs sort
//! and print together.

use std::path::{Path, PathBuf};

use super::discover::{PORTFOLIO_FILE, PROGRAM_FILE};
use super::load::{Item, Job, JobKind, Membership, assemble, join_pool, program_jobs, run_jobs};
use super::{Loaded, Sources, StoreError, Tree};
use crate::diagnostic::{Diagnostic, Rule};
use crate::model::{FileId, Loc, Portfolio};

/// A portfolio as pm reads it.
#[derive(Debug)]
pub struct LoadedPortfolio {
    pub root: PathBuf,
    /// Every file of every program, and portfolio.toml (file 0).
    pub sources: Sources,
    /// `None` when portfolio.toml is not valid TOML (there is a PM001 finding for it).
    pub portfolio: Option<Portfolio>,
    /// The programs, in the order `programs` lists them.
    pub members: Vec<Member>,
    /// Findings about portfolio.toml itself and the programs it lists.
    pub diagnostics: Vec<Diagnostic>,
}

/// One program of a portfolio.
#[derive(Debug)]
pub struct Member {
    /// Its folder, as `programs` lists it.
    pub folder: String,
    pub loaded: Loaded,
}

impl Member {
    /// The program's id, or its folder when program.toml gives none.
    pub fn id(&self) -> &str {
        self.loaded.name()
    }
}

impl LoadedPortfolio {
    pub fn id(&self) -> Option<&str> {
        self.portfolio
            .as_ref()
            .map(|p| p.id.as_str())
            .filter(|s| !s.is_empty())
    }

    pub fn member(&self, id: &str) -> Option<&Member> {
        self.members.iter().find(|m| m.id() == id)
    }

    /// The programs, in the order `programs` lists them.
    pub fn programs(&self) -> Vec<&Loaded> {
        self.members.iter().map(|m| &m.loaded).collect()
    }
}

/// Loads the portfolio at `root`. Fails only when it cannot be looked at at all.
pub fn load_portfolio(root: &Path) -> Result<LoadedPortfolio, StoreError> {
    let top = Tree::member_on_disk(root);
    let mut member = |folder: &str| {
        let dir = root.join(folder);
        dir.join(PROGRAM_FILE)
            .is_file()
            .then(|| Tree::member_on_disk(dir))
    };
    load_portfolio_from(root, &top, &mut member)
}

/// Loads a portfolio from `top` (which holds its portfolio.toml) and the tree `member` gives
/// for each program folder it lists (`None`: there is no program there): the folders on disk,
/// or the files of a Git commit.
pub fn load_portfolio_from(
    root: &Path,
    top: &Tree,
    member: &mut dyn FnMut(&str) -> Option<Tree>,
) -> Result<LoadedPortfolio, StoreError> {
    // First portfolio.toml alone: it says which programs there are.
    let first = run_jobs(
        &[Job {
            tree: top,
            prefix: "",
            kind: JobKind::Portfolio(PORTFOLIO_FILE.to_owned()),
        }],
        0,
    );
    let mut sources = Sources::default();
    let mut diagnostics = Vec::new();
    let mut portfolio = None;
    for decoded in first {
        sources.add(decoded.rel, decoded.text);
        diagnostics.extend(decoded.diagnostics);
        if let Some(Item::Portfolio(p)) = decoded.item {
            portfolio = Some(p);
        }
    }
    let pool_file = FileId(0);
    let mut folders: Vec<String> = Vec::new();
    let mut trees: Vec<Tree> = Vec::new();
    if let Some(p) = &portfolio {
        for folder in &p.programs {
            let name = folder.value.trim_end_matches('/').to_owned();
            let at = Loc {
                file: pool_file,
                span: folder.span,
            };
            if folders.contains(&name) {
                diagnostics.push(
                    Diagnostic::new(
                        Rule::DuplicateId,
                        at,
                        format!("'{name}' is listed twice in 'programs'"),
                    )
                    .label("listed again here")
                    .help("list each program folder once"),
                );
                continue;
            }
            let Some(tree) = member(&name) else {
                diagnostics.push(
                    Diagnostic::new(
                        Rule::InvalidFile,
                        at,
                        format!(
                            "'programs' lists '{name}', but there is no {name}/{PROGRAM_FILE}; start the program there with `pm init {name} --id ID --name NAME`, or take it off the list"
                        ),
                    )
                    .label("no program here"),
                );
                continue;
            };
            folders.push(name);
            trees.push(tree);
        }
    }
    let prefixes: Vec<String> = folders.iter().map(|f| format!("{f}/")).collect();
    let mut jobs = Vec::new();
    let mut counts = Vec::with_capacity(trees.len());
    for (tree, prefix) in trees.iter().zip(&prefixes) {
        let program = program_jobs(tree, prefix)?;
        counts.push(program.len());
        jobs.extend(program);
    }
    // The ids of the programs' files follow portfolio.toml's.
    let mut decoded = run_jobs(&jobs, sources.len()).into_iter();
    let mut members = Vec::with_capacity(folders.len());
    for ((folder, tree), count) in folders.into_iter().zip(&trees).zip(counts) {
        let files: Vec<_> = decoded.by_ref().take(count).collect();
        let mut loaded = assemble(tree.root().to_path_buf(), files, &mut sources);
        join_pool(&mut loaded, portfolio.as_ref());
        loaded.portfolio = Some(Membership {
            id: portfolio
                .as_ref()
                .map(|p| p.id.value.clone())
                .unwrap_or_default(),
            file: pool_file,
            rel: format!(
                "{}{PORTFOLIO_FILE}",
                "../".repeat(folder.split('/').count())
            ),
            together: true,
            program: loaded.program_id().unwrap_or(&folder).to_owned(),
        });
        members.push(Member { folder, loaded });
    }
    for m in &mut members {
        m.loaded.sources = sources.clone();
    }
    Ok(LoadedPortfolio {
        root: root.to_path_buf(),
        sources,
        portfolio,
        members,
        diagnostics,
    })
}
