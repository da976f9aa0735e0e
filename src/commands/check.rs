use anyhow::{Result, bail};

use super::{Ctx, Exit};
use crate::check::{self, Diagnostic, Rule, Severity};
use crate::cli::{CheckArgs, CheckFormat};
use crate::render;
use crate::store::{self, did_you_mean};

pub fn run(ctx: &Ctx, args: &CheckArgs) -> Result<Exit> {
    if let Some(key) = &args.explain {
        ctx.print(&render::explain::render(find_rule(key)?))?;
        return Ok(Exit::Success);
    }
    match ctx.target()? {
        store::Root::Program(root) => program(ctx, args, &root),
        store::Root::Portfolio(root) => portfolio(ctx, args, &root),
    }
}

fn program(ctx: &Ctx, args: &CheckArgs, root: &std::path::Path) -> Result<Exit> {
    let loaded = store::load(root)?;
    let diags = check::check(&loaded);
    let note = loaded
        .portfolio
        .as_ref()
        .map(|m| alone_note(ctx, &loaded, m));
    let text = render_as(
        ctx,
        args.format,
        &diags,
        &loaded.sources,
        (loaded.program_id(), note.as_deref()),
    );
    ctx.print(&text)?;
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
fn portfolio(ctx: &Ctx, args: &CheckArgs, root: &std::path::Path) -> Result<Exit> {
    let p = store::load_portfolio(root)?;
    let mut diags = check::portfolio(&p);
    if let Some(only) = &ctx.only {
        diags.retain(|d| d.facts.program.as_deref() == Some(only.as_str()));
    }
    let text = render_as(ctx, args.format, &diags, &p.sources, (p.id(), None));
    ctx.print(&text)?;
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

fn render_as(
    ctx: &Ctx,
    format: CheckFormat,
    diags: &[Diagnostic],
    sources: &store::Sources,
    (program, note): (Option<&str>, Option<&str>),
) -> String {
    match format {
        CheckFormat::Human => {
            let mut text = render::human::render(diags, sources, ctx.color);
            if let Some(note) = note {
                text.push_str(&format!("note: {note}\n"));
            }
            text
        }
        CheckFormat::Json => render::json::render(program, diags, sources, note),
        CheckFormat::Github => {
            let mut text = render::github::render(diags, sources);
            if let Some(note) = note {
                text.push_str(&format!("::notice title=pm check::{note}\n"));
            }
            text
        }
        CheckFormat::Sarif => render::sarif::render(diags, sources),
    }
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
