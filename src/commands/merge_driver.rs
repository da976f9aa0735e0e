//! `pm merge-driver %O %A %B %P`: Git's merge-driver protocol for program files. Git gives the
//! base, ours and theirs as temporary files and takes the result from ours; exit 0 is a clean
//! merge, anything else a conflict left in the file for the user.

use std::path::Path;

use anyhow::{Context, Result};

use super::{Ctx, Exit};
use crate::cli::MergeDriverArgs;
use crate::{git, merge};

pub fn run(_ctx: &Ctx, a: &MergeDriverArgs) -> Result<Exit> {
    let name = a
        .path
        .clone()
        .unwrap_or_else(|| a.ours.display().to_string());
    let read = |p: &Path| -> Result<Vec<u8>> {
        std::fs::read(p)
            .with_context(|| format!("cannot read {} for the merge of {name}", p.display()))
    };
    let (base, ours, theirs) = (read(&a.base)?, read(&a.ours)?, read(&a.theirs)?);
    let texts = (
        String::from_utf8(base),
        String::from_utf8(ours),
        String::from_utf8(theirs),
    );
    let merged = match &texts {
        (Ok(b), Ok(o), Ok(t)) => merge::merge(b, o, t).map_err(|e| e.0),
        _ => Err("it is not UTF-8 text".to_owned()),
    };
    match merged {
        Ok(m) => {
            // Ours is Git's temporary file, not a program file: Git reads the result from it.
            std::fs::write(&a.ours, &m.text)
                .with_context(|| format!("cannot write the merge of {name}"))?;
            if m.conflicts == 0 {
                return Ok(Exit::Success);
            }
            eprintln!(
                "pm merge-driver: {name}: {} changed on both sides; conflict markers around {}",
                crate::edit::count(m.conflicts, "item"),
                if m.conflicts == 1 { "it" } else { "each" }
            );
            Ok(Exit::Findings)
        }
        Err(why) => {
            eprintln!(
                "pm merge-driver: {name}: not merged item by item ({why}); merged line by line by git merge-file"
            );
            let here = std::env::current_dir().context("cannot read the current folder")?;
            let clean = git::merge_file(&here, &a.base, &a.ours, &a.theirs)?;
            Ok(if clean { Exit::Success } else { Exit::Findings })
        }
    }
}
