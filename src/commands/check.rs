use anyhow::Result;

use super::{Ctx, Exit};
use crate::check::{self, Severity};
use crate::cli::{CheckArgs, CheckFormat};
use crate::render;
use crate::store;

pub fn run(ctx: &Ctx, args: &CheckArgs) -> Result<Exit> {
    let root = ctx.root()?;
    let loaded = store::load(&root)?;
    let diags = check::check(&loaded);
    let text = match args.format {
        CheckFormat::Human => render::human::render(&diags, &loaded.sources, ctx.color),
        CheckFormat::Json => render::json::render(loaded.program_id(), &diags, &loaded.sources),
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
