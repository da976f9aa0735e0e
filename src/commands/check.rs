use anyhow::{Result, bail};

use super::{Ctx, Exit};
use crate::check::{self, Rule, Severity};
use crate::cli::{CheckArgs, CheckFormat};
use crate::render;
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
    let root = ctx.root()?;
    let loaded = store::load(&root)?;
    let diags = check::check(&loaded);
    let text = match args.format {
        CheckFormat::Human => render::human::render(&diags, &loaded.sources, ctx.color),
        CheckFormat::Json => render::json::render(loaded.program_id(), &diags, &loaded.sources),
        CheckFormat::Github => render::github::render(&diags, &loaded.sources),
        CheckFormat::Sarif => render::sarif::render(&diags, &loaded.sources),
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
