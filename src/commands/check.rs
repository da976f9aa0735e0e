use std::collections::HashSet;
use std::path::Path;

use anyhow::{Result, bail};

use super::{Ctx, Exit};
use crate::check::{self, Rule, Severity};
use crate::cli::{CheckArgs, CheckFormat};
use crate::git;
use crate::render::{self, Baseline};
use crate::store::{self, did_you_mean};

pub fn run(ctx: &Ctx, args: &CheckArgs) -> Result<Exit> {
    if let Some(key) = &args.explain {
        ctx.print(&render::explain::render(find_rule(key)?))?;
        return Ok(Exit::Success);
    }
    let root = ctx.root()?;
    let (loaded, mut diags, base, not_checked) = match &args.base {
        None => {
            let loaded = store::load(&root)?;
            let baselines = git::Baselines::of_work_tree(&root, &loaded);
            let diags = check::check_against(&loaded, &baselines);
            (loaded, diags, None, check::not_checked(&baselines))
        }
        Some(rev) => with_base(&root, rev)?,
    };
    let baseline = base.map(|(sha, known)| {
        let before = diags.len();
        diags.retain(|d| !known.contains(&d.fingerprint));
        Baseline {
            name: args.base.clone().unwrap_or_default(),
            rev: sha,
            hidden: before - diags.len(),
        }
    });
    let baseline = baseline.as_ref();
    let text = match args.format {
        CheckFormat::Human => {
            render::human::render_with(&diags, &loaded.sources, ctx.color, baseline, &not_checked)
        }
        CheckFormat::Json => render::json::render_with(
            loaded.program_id(),
            &diags,
            &loaded.sources,
            baseline,
            &not_checked,
        ),
        CheckFormat::Github => {
            let mut text = render::github::render_at(&diags, &loaded.sources, &repo_prefix(&root));
            text.push_str(&render::github::notices(&not_checked));
            text
        }
        CheckFormat::Sarif => {
            render::sarif::render_at(&diags, &loaded.sources, &repo_prefix(&root))
        }
    };
    ctx.print(&text)?;
    let deny_warnings = args.deny_warnings
        || loaded
            .program
            .as_ref()
            .is_some_and(|p| p.check.deny_warnings);
    let failing = diags
        .iter()
        .any(|d| d.severity == Severity::Error || deny_warnings);
    // Freeing a large program's hundreds of thousands of small allocations one by one takes a
    // tenth of the run, and the process ends right after this command (as clang skips freeing
    // its AST at exit): leave the memory to the operating system.
    std::mem::forget(loaded);
    Ok(if failing && !args.exit_zero {
        Exit::Findings
    } else {
        Exit::Success
    })
}

/// The program in the work tree, checked, and the fingerprints of the findings the program has
/// at `rev` (with its full commit id). The two are loaded side by side: Git streams the
/// revision's files while the work tree's are read. Each side's scope is held to the baselines
/// of its own history.
#[allow(clippy::type_complexity)]
fn with_base(
    root: &Path,
    rev: &str,
) -> Result<(
    store::Loaded,
    Vec<check::Diagnostic>,
    Option<(String, HashSet<String>)>,
    Vec<check::NotChecked>,
)> {
    let repo = git::Repo::require(root)?;
    let sha = repo.resolve(rev)?;
    std::thread::scope(|scope| {
        let base = scope.spawn(|| -> Result<Option<HashSet<String>>> {
            let Some(tree) = repo.program_at(&sha)? else {
                return Ok(None);
            };
            let loaded = store::load_tree(&tree)?;
            let baselines = repo.baselines(&sha, &loaded);
            let known = check::check_against(&loaded, &baselines)
                .into_iter()
                .map(|d| d.fingerprint)
                .collect();
            // As for the work tree below: the process ends soon, freeing costs time.
            std::mem::forget(loaded);
            Ok(Some(known))
        });
        let loaded = store::load(root)?;
        let baselines = git::Baselines::of_work_tree(root, &loaded);
        let diags = check::check_against(&loaded, &baselines);
        let known = base
            .join()
            .unwrap_or_else(|e| std::panic::resume_unwind(e))?;
        if known.is_none() {
            eprintln!(
                "note: {rev} has no program.toml in {}, so every finding is new",
                if repo.prefix().is_empty() {
                    "the top folder of the repository".to_owned()
                } else {
                    repo.prefix().trim_end_matches('/').to_owned()
                }
            );
        }
        Ok((
            loaded,
            diags,
            Some((sha.clone(), known.unwrap_or_default())),
            check::not_checked(&baselines),
        ))
    })
}

/// The program folder relative to the top level of the Git work tree that holds it, for the
/// formats GitHub places by repository path; empty outside Git.
fn repo_prefix(root: &Path) -> String {
    match git::Repo::discover(root) {
        Ok(Some(repo)) => repo.prefix().to_owned(),
        Ok(None) => String::new(),
        // Without git, a program in a work tree cannot be told from one outside: say so only
        // where there is a repository to miss.
        Err(git::GitError::NoGit(_)) if !root.ancestors().any(|d| d.join(".git").exists()) => {
            String::new()
        }
        Err(e) => {
            eprintln!("warning: paths are relative to the program folder: {e}");
            String::new()
        }
    }
}

/// A rule by code or name, or an error that suggests the closest one.
fn find_rule(key: &str) -> Result<Rule> {
    if let Some(rule) = Rule::lookup(key.trim()) {
        return Ok(rule);
    }
    let codes: Vec<String> = Rule::ALL.iter().map(|r| r.code().to_lowercase()).collect();
    let suggestion = did_you_mean(key.trim(), Rule::ALL.iter().map(|r| r.name()))
        .map(str::to_owned)
        .or_else(|| {
            did_you_mean(key.trim(), codes.iter().map(String::as_str)).map(str::to_uppercase)
        });
    match suggestion {
        Some(s) => bail!("unknown rule '{key}' — did you mean '{s}'?"),
        None => bail!(
            "unknown rule '{key}'; name a rule by code (PM201) or by name (over-allocation); docs/rules.md lists them all"
        ),
    }
}
