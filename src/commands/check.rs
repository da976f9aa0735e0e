use std::collections::HashSet;
use std::path::Path;

use anyhow::{Result, bail};

use super::{Ctx, Exit};
use crate::check::{self, Diagnostic, Rule, Severity};
use crate::cli::{CheckArgs, CheckFormat};
use crate::git;
use crate::render::{self, Baseline};
use crate::store::{self, did_you_mean};

pub fn run(ctx: &Ctx, args: &CheckArgs) -> Result<Exit> {
    if let Some(key) = &args.explain {
        let text = if key.trim().is_empty() {
            render::explain::list()
        } else {
            render::explain::render(find_rule(key)?)
        };
        ctx.print(&text)?;
        return Ok(Exit::Success);
    }
    match ctx.target()? {
        store::Root::Program(root) => program(ctx, args, &root),
        store::Root::Portfolio(root) => portfolio(ctx, args, &root),
    }
}

fn program(ctx: &Ctx, args: &CheckArgs, root: &Path) -> Result<Exit> {
    let (loaded, mut diags, base, not_checked) = match &args.base {
        None => {
            let loaded = store::load(root)?;
            let baselines = git::Baselines::of_work_tree(root, &loaded);
            let diags = check::check_against(&loaded, &baselines);
            (loaded, diags, None, check::not_checked(&baselines))
        }
        Some(rev) => with_base(root, rev)?,
    };
    let baseline = hide_known(&mut diags, args, base);
    let note = loaded
        .portfolio
        .as_ref()
        .map(|m| alone_note(ctx, &loaded, m));
    print_as(
        ctx,
        args.format,
        &diags,
        &loaded.sources,
        Summary {
            program: loaded.program_id(),
            baseline: baseline.as_ref(),
            note: note.as_deref(),
            not_checked: &not_checked,
            prefix: &|| repo_prefix(root),
        },
    )?;
    let denies = |_: &Diagnostic| {
        loaded
            .program
            .as_ref()
            .is_some_and(|p| p.check.deny_warnings)
    };
    let exit = exit(args, &diags, denies);
    // Freeing a large program's hundreds of thousands of small allocations one by one takes a
    // tenth of the run, and the process ends right after this command (as clang skips freeing
    // its AST at exit): leave the memory to the operating system.
    std::mem::forget(loaded);
    Ok(exit)
}

/// Every program of the portfolio, load counted across them; `--only` keeps one program's
/// findings (measured against the load in all of them).
fn portfolio(ctx: &Ctx, args: &CheckArgs, root: &Path) -> Result<Exit> {
    let (p, mut diags, base) = match &args.base {
        None => {
            let p = store::load_portfolio(root)?;
            let diags = check::portfolio(&p);
            (p, diags, None)
        }
        Some(rev) => portfolio_with_base(root, rev)?,
    };
    if let Some(only) = &ctx.only {
        diags.retain(|d| d.facts.program.as_deref() == Some(only.as_str()));
    }
    let baseline = hide_known(&mut diags, args, base);
    print_as(
        ctx,
        args.format,
        &diags,
        &p.sources,
        Summary {
            program: p.id(),
            baseline: baseline.as_ref(),
            note: None,
            not_checked: &[],
            prefix: &|| repo_prefix(root),
        },
    )?;
    // A warning fails where its program says so.
    let denies = |d: &Diagnostic| {
        d.facts
            .program
            .as_deref()
            .and_then(|id| p.member(id))
            .and_then(|m| m.loaded.program.as_ref())
            .is_some_and(|program| program.check.deny_warnings)
    };
    let exit = exit(args, &diags, denies);
    std::mem::forget(p);
    Ok(exit)
}

/// What the output says besides the findings.
struct Summary<'a> {
    /// The program's id, or the portfolio's.
    program: Option<&'a str>,
    baseline: Option<&'a Baseline>,
    note: Option<&'a str>,
    /// What a rule could not check (PM108 without the history it needs).
    not_checked: &'a [check::NotChecked],
    /// The root's folder in its Git repository, for the formats GitHub places by repository
    /// path (asked only by them).
    prefix: &'a dyn Fn() -> String,
}

/// Prints the findings in `format`. JSON is streamed: on a large program it is the largest
/// thing pm would otherwise hold.
fn print_as(
    ctx: &Ctx,
    format: CheckFormat,
    diags: &[Diagnostic],
    sources: &store::Sources,
    s: Summary<'_>,
) -> Result<()> {
    if format == CheckFormat::Json {
        return ctx.print_with(|out| {
            render::json::write_with(
                out,
                s.program,
                diags,
                sources,
                s.baseline,
                s.not_checked,
                s.note,
            )
        });
    }
    let text = match format {
        CheckFormat::Human => {
            let mut text =
                render::human::render_with(diags, sources, ctx.color, s.baseline, s.not_checked);
            if let Some(note) = s.note {
                text.push_str(&format!("note: {note}\n"));
            }
            text
        }
        CheckFormat::Json => String::new(),
        CheckFormat::Github => {
            let mut text = render::github::render_at(diags, sources, &(s.prefix)());
            text.push_str(&render::github::notices(s.not_checked));
            if let Some(note) = s.note {
                text.push_str(&format!("::notice title=pm check::{note}\n"));
            }
            text
        }
        CheckFormat::Sarif => render::sarif::render_at(diags, sources, &(s.prefix)()),
    };
    ctx.print(&text)
}

/// 1 when a finding is an error, or a warning where warnings are denied (`--deny-warnings`,
/// or the finding's program's `deny_warnings`), unless `--exit-zero`.
fn exit(args: &CheckArgs, diags: &[Diagnostic], denies: impl Fn(&Diagnostic) -> bool) -> Exit {
    let failing = diags
        .iter()
        .any(|d| d.severity == Severity::Error || args.deny_warnings || denies(d));
    if failing && !args.exit_zero {
        Exit::Findings
    } else {
        Exit::Success
    }
}

/// Once, for a program of a portfolio checked alone: its load in the other programs is not
/// counted, and where to look for it.
fn alone_note(ctx: &Ctx, loaded: &store::Loaded, m: &store::Membership) -> String {
    let folder = store::lexical(&loaded.root.join(&m.rel));
    let dir = folder.parent().unwrap_or(&folder);
    let name = if m.id.is_empty() {
        String::new()
    } else {
        format!(" {}", m.id)
    };
    format!(
        "{} is part of the portfolio{name} ({}): the load of its people counts this program alone; the portfolio may see more. `pm -C {} check` counts every program",
        loaded.program_id().unwrap_or("this program"),
        m.rel,
        ctx.shown(dir)
    )
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
    let (known, (loaded, diags, baselines)) = super::beside(
        || -> Result<Option<HashSet<String>>> {
            let Some(tree) = repo.program_at(&sha)? else {
                return Ok(None);
            };
            let loaded = store::load_tree(&tree)?;
            let baselines = repo.baselines(&sha, &loaded);
            let known = fingerprints(check::check_against(&loaded, &baselines));
            // As for the work tree: the process ends soon, freeing costs time.
            std::mem::forget(loaded);
            Ok(Some(known))
        },
        || {
            let loaded = store::load(root)?;
            let baselines = git::Baselines::of_work_tree(root, &loaded);
            let diags = check::check_against(&loaded, &baselines);
            Ok((loaded, diags, baselines))
        },
    )?;
    let known = known_or_none(known, rev, store::PROGRAM_FILE, &repo);
    Ok((
        loaded,
        diags,
        Some((sha, known)),
        check::not_checked(&baselines),
    ))
}

fn fingerprints(diags: Vec<Diagnostic>) -> HashSet<String> {
    diags.into_iter().map(|d| d.fingerprint).collect()
}

/// The findings known at the base revision; none, with a note, when it has no `file` there.
fn known_or_none(
    known: Option<HashSet<String>>,
    rev: &str,
    file: &str,
    repo: &git::Repo,
) -> HashSet<String> {
    known.unwrap_or_else(|| {
        eprintln!(
            "note: {rev} has no {file} in {}, so every finding is new",
            super::repo_folder(repo)
        );
        HashSet::new()
    })
}

/// Leaves out of `diags` the findings the base revision has too (`base`: its commit and their
/// fingerprints), and says what was compared and how many were left out.
fn hide_known(
    diags: &mut Vec<Diagnostic>,
    args: &CheckArgs,
    base: Option<(String, HashSet<String>)>,
) -> Option<Baseline> {
    base.map(|(sha, known)| {
        let before = diags.len();
        diags.retain(|d| !known.contains(&d.fingerprint));
        Baseline {
            name: args.base.clone().unwrap_or_default(),
            rev: sha,
            hidden: before - diags.len(),
        }
    })
}

/// The portfolio in the work tree, checked, and the fingerprints of the findings the portfolio
/// has at `rev` (with its full commit id), both loaded side by side.
#[allow(clippy::type_complexity)]
fn portfolio_with_base(
    root: &Path,
    rev: &str,
) -> Result<(
    store::LoadedPortfolio,
    Vec<check::Diagnostic>,
    Option<(String, HashSet<String>)>,
)> {
    let repo = git::Repo::require(root)?;
    let sha = repo.resolve(rev)?;
    let (known, (p, diags)) = super::beside(
        || -> Result<Option<HashSet<String>>> {
            let Some(p) = repo.portfolio_at(&sha)? else {
                return Ok(None);
            };
            let known = fingerprints(check::portfolio(&p));
            std::mem::forget(p);
            Ok(Some(known))
        },
        || {
            let p = store::load_portfolio(root)?;
            let diags = check::portfolio(&p);
            Ok((p, diags))
        },
    )?;
    let known = known_or_none(known, rev, store::PORTFOLIO_FILE, &repo);
    Ok((p, diags, Some((sha, known))))
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
            "unknown rule '{key}'; name a rule by code (PM201) or by name (over-allocation); `pm check --explain` lists them all"
        ),
    }
}
