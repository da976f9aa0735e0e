//! `pm git setup`, the part that is a file of the program: the `.gitattributes` lines that send
//! program files to pm's merge driver. They sit in the program folder, so their patterns hold
//! for this program wherever the folder is in the repository.

use anyhow::{Result, bail};

use super::Change;
use crate::store::Tree;
use crate::store::write::FileChange;

pub const ATTRIBUTES: &str = ".gitattributes";

/// The lines `pm git setup` writes, one per kind of program file.
pub fn lines(driver: &str) -> [String; 2] {
    [
        format!("/program.toml merge={driver}"),
        format!("/projects/**/*.toml merge={driver}"),
    ]
}

/// The lines of [`lines`] the program's `.gitattributes` lacks, added at its end (the file is
/// created when there is none); a file that has them all is left as it is.
pub fn attributes(tree: &Tree, driver: &str) -> Result<Change> {
    let before = match tree.read(ATTRIBUTES) {
        Ok(Ok(text)) => Some(text),
        Ok(Err(_)) => bail!(
            "{ATTRIBUTES} is not UTF-8 text; fix it, or add these lines by hand: {}",
            lines(driver).join(", ")
        ),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => None,
        Err(e) => bail!("cannot read {ATTRIBUTES}: {e}"),
    };
    let text = before.clone().unwrap_or_default();
    let have: Vec<&str> = text.lines().map(str::trim).collect();
    let missing: Vec<String> = lines(driver)
        .into_iter()
        .filter(|l| !have.contains(&l.as_str()))
        .collect();
    if missing.is_empty() {
        return Ok(Change {
            files: Vec::new(),
            summary: vec![format!(
                "{ATTRIBUTES} already sends program.toml and projects/**/*.toml to the merge driver '{driver}'"
            )],
            notes: Vec::new(),
        });
    }
    let mut after = text.clone();
    if !after.is_empty() && !after.ends_with('\n') {
        after.push('\n');
    }
    after.push_str("# pm merges program files item by item (pm git setup)\n");
    for l in &missing {
        after.push_str(l);
        after.push('\n');
    }
    Ok(Change {
        files: vec![FileChange {
            rel: ATTRIBUTES.to_owned(),
            before,
            after: Some(after),
        }],
        summary: vec![format!(
            "{} {ATTRIBUTES}: {}",
            if text.is_empty() { "wrote" } else { "added to" },
            missing.join(", ")
        )],
        notes: Vec::new(),
    })
}
