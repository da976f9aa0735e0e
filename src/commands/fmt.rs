//! `pm fmt [--check]`: rewrite program.toml and every project file in the canonical layout.

use std::io::Write;

use anyhow::{Result, bail};

use super::{Ctx, Exit};
use crate::cli::FmtArgs;
use crate::edit::fmt::format_all;
use crate::store::{Tree, write};

pub fn run(ctx: &Ctx, a: &FmtArgs) -> Result<Exit> {
    let root = ctx.root()?;
    // Held from the first read to the last write, so no edit lands in between and is lost.
    let _lock = if a.check {
        None
    } else {
        Some(write::lock(&root).map_err(|e| {
            anyhow::anyhow!("cannot lock the program folder {}: {e}", root.display())
        })?)
    };
    let done = format_all(&Tree::on_disk(&root))?;
    for rel in &done.skipped_links {
        eprintln!(
            "warning: {rel} is a symbolic link; pm does not follow links, so it was not formatted"
        );
    }
    for why in &done.refused {
        eprintln!("error: {why}");
    }
    let changed = &done.change.files;
    let mut out = String::new();
    if a.check {
        for f in changed {
            out.push_str(&f.rel);
            out.push('\n');
        }
    } else if ctx.dry_run {
        ctx.show(&done.change)?;
    } else {
        write::apply(&root, changed, &super::session::label(ctx))?;
        for line in &done.change.summary {
            out.push_str(line);
            out.push('\n');
        }
        if changed.is_empty() && done.refused.is_empty() {
            out.push_str(&format!("all {} files are formatted already\n", done.files));
        }
    }
    ctx.print(&out)?;

    let refused = done.refused.len();
    if refused > 0 {
        let what = if refused == 1 {
            "1 file could not be formatted and was left as it was".to_owned()
        } else {
            format!("{refused} files could not be formatted and were left as they were")
        };
        bail!("{what}; fix the problems above and run pm fmt again");
    }
    if a.check && !changed.is_empty() {
        let what = match changed.len() {
            1 => "1 file is not formatted; run `pm fmt` to format it".to_owned(),
            n => format!("{n} files are not formatted; run `pm fmt` to format them"),
        };
        let _ = writeln!(std::io::stderr(), "{what}");
        return Ok(Exit::Findings);
    }
    Ok(Exit::Success)
}
