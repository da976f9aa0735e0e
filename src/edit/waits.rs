//! What dependencies wait on and with, kept right when it is renamed: the `on` of the
//! dependencies that wait on a deliverable whose project or id changes, and the `for` of those
//! that name a work item whose id changes.

use anyhow::Result;
use toml_edit::Item;

use crate::store::write::EditFile;
use crate::store::{self, Tree, tables};

/// Re-points the `on` of every `[[dependency]]` of `doc` for which `to` gives a new target
/// (`to` gets the target as written); returns how many changed. Comments and layout stay.
pub(super) fn repoint(
    doc: &mut toml_edit::DocumentMut,
    to: impl Fn(&str) -> Option<String>,
) -> usize {
    let Some(deps) = doc
        .get_mut("dependency")
        .and_then(Item::as_array_of_tables_mut)
    else {
        return 0;
    };
    let mut n = 0;
    for t in deps.iter_mut() {
        let Some(old) = tables::str_of(t, "on").map(str::to_owned) else {
            continue;
        };
        if let Some(new) = to(&old)
            && super::rename_key(t, "on", &old, &new)
        {
            n += 1;
        }
    }
    n
}

/// Renames work item `old` to `new` in the `for` of every `[[dependency]]` of `doc`; returns
/// how many dependencies changed.
pub(super) fn rename_waiting_work(doc: &mut toml_edit::DocumentMut, old: &str, new: &str) -> usize {
    let Some(deps) = doc
        .get_mut("dependency")
        .and_then(Item::as_array_of_tables_mut)
    else {
        return 0;
    };
    let mut n = 0;
    for t in deps.iter_mut() {
        let Some(list) = t.get_mut("for").and_then(Item::as_array_mut) else {
            continue;
        };
        let mut changed = false;
        for v in list.iter_mut() {
            changed |= super::rename_value(v, old, new);
        }
        if changed {
            n += 1;
        }
    }
    n
}

/// The other projects' files whose dependencies wait on a deliverable of `pid` that `to`
/// re-points, each re-pointed, with how many dependencies changed in it.
pub(super) fn repoint_elsewhere(
    tree: &Tree,
    loaded: &store::Loaded,
    pid: &str,
    to: impl Fn(&str) -> Option<String>,
) -> Result<Vec<(EditFile, usize)>> {
    let mut out = Vec::new();
    for p in &loaded.projects {
        if p.id.value == pid
            || !p
                .dependencies
                .iter()
                .any(|d| to(&d.on.value.to_string()).is_some())
        {
            continue;
        }
        let mut file = EditFile::open(tree, loaded.sources.path(p.file))?;
        let n = repoint(&mut file.doc, &to);
        out.push((file, n));
    }
    Ok(out)
}
