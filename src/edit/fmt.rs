//! `pm fmt`: program.toml and every project file in the canonical layout of
//! [`crate::store::format`].

use super::Change;
use crate::model::keys::FileKind;
use crate::store::format::format;
use crate::store::write::Layout;
use crate::store::{PROGRAM_FILE, Tree};

/// What formatting the program gives.
#[derive(Debug, Default)]
pub struct Formatted {
    /// The files whose layout changes; a summary line for each.
    pub change: Change,
    /// Files that could not be formatted and are left as they are, each with why.
    pub refused: Vec<String>,
    /// Links under projects/ that were not followed, so not formatted.
    pub skipped_links: Vec<String>,
    /// How many files were looked at.
    pub files: usize,
}

/// Formats every file of the program; a file that cannot be formatted is left as it is and
/// named in [`Formatted::refused`], the others are formatted all the same.
pub fn format_all(tree: &Tree) -> anyhow::Result<Formatted> {
    let mut out = Formatted::default();
    let mut files = vec![(PROGRAM_FILE.to_owned(), FileKind::Program)];
    for found in tree.project_files()? {
        if found.symlink {
            out.skipped_links.push(found.rel);
            continue;
        }
        files.push((found.rel, FileKind::Project));
    }
    out.files = files.len();
    for (rel, kind) in files {
        let text = match tree.read(&rel) {
            Ok(Ok(text)) => text,
            Ok(Err(_)) => {
                out.refused.push(format!(
                    "{rel} is not UTF-8 text; save it as UTF-8 and run pm fmt again"
                ));
                continue;
            }
            Err(e) => {
                out.refused.push(format!("cannot read {rel}: {e}"));
                continue;
            }
        };
        // The layout is formatted; the BOM and line endings stay the file's own.
        let (bytes, plain) = Layout::of(&text);
        match format(kind, &rel, &plain).map(|f| bytes.restore(&f)) {
            Ok(formatted) if formatted != text => {
                out.change.summary.push(format!("formatted {rel}"));
                out.change.files.push(crate::store::write::FileChange {
                    rel,
                    before: Some(text),
                    after: Some(formatted),
                });
            }
            Ok(_) => {}
            Err(e) => out.refused.push(e.to_string()),
        }
    }
    Ok(out)
}
