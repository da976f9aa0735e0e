//! `pm fmt [--check]`: rewrite program.toml and every project file in the canonical layout.

use std::io::Write;

use anyhow::{Result, bail};

use super::{Ctx, Exit};
use crate::cli::FmtArgs;
use crate::model::keys::FileKind;
use crate::store::format::format;
use crate::store::{self, PROGRAM_FILE, write};

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

    let mut files = vec![(PROGRAM_FILE.to_owned(), FileKind::Program)];
    for found in store::project_files(&root)? {
        if found.symlink {
            eprintln!(
                "warning: {} is a symbolic link; pm does not follow links, so it was not formatted",
                found.rel
            );
            continue;
        }
        files.push((found.rel, FileKind::Project));
    }

    let mut changes: Vec<(String, String)> = Vec::new();
    let mut refused = 0;
    for (rel, kind) in &files {
        let text = match store::read_text(&root.join(rel)) {
            Ok(Ok(text)) => text,
            Ok(Err(_)) => {
                eprintln!("error: {rel} is not UTF-8 text; save it as UTF-8 and run pm fmt again");
                refused += 1;
                continue;
            }
            Err(e) => {
                eprintln!("error: cannot read {rel}: {e}");
                refused += 1;
                continue;
            }
        };
        match format(*kind, rel, &text) {
            Ok(formatted) if formatted != text => changes.push((rel.clone(), formatted)),
            Ok(_) => {}
            Err(e) => {
                eprintln!("error: {e}");
                refused += 1;
            }
        }
    }

    let mut out = String::new();
    if a.check {
        for (rel, _) in &changes {
            out.push_str(rel);
            out.push('\n');
        }
    } else {
        write::commit(&root, &changes, &[])?;
        for (rel, _) in &changes {
            out.push_str(&format!("formatted {rel}\n"));
        }
        if changes.is_empty() && refused == 0 {
            out.push_str(&format!(
                "all {} files are formatted already\n",
                files.len()
            ));
        }
    }
    ctx.print(&out)?;

    if refused > 0 {
        let what = if refused == 1 {
            "1 file could not be formatted and was left as it was".to_owned()
        } else {
            format!("{refused} files could not be formatted and were left as they were")
        };
        bail!("{what}; fix the problems above and run pm fmt again");
    }
    if a.check && !changes.is_empty() {
        let what = match changes.len() {
            1 => "1 file is not formatted; run `pm fmt` to format it".to_owned(),
            n => format!("{n} files are not formatted; run `pm fmt` to format them"),
        };
        let _ = writeln!(std::io::stderr(), "{what}");
        return Ok(Exit::Findings);
    }
    Ok(Exit::Success)
}
