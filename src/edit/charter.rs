//! Approving a project's charter (SPEC §10): `charter.approved` and `approved_by`. The commit
//! that records the approval becomes the baseline its scope is held to (PM108).

use anyhow::{Result, bail};
use chrono::NaiveDate;

use super::project::charter_mut;
use super::{Change, open_program, open_project, require_person, require_slug, set_key};
use crate::cli::CharterApproveArgs;
use crate::store::{Tree, tables};

/// `pm charter approve`; `today` is the day of the approval unless `--on` names one.
pub fn approve(tree: &Tree, a: &CharterApproveArgs, today: NaiveDate) -> Result<Change> {
    require_slug("project", &a.project)?;
    require_slug("person", &a.by)?;
    let on = a.on.unwrap_or(today);
    let (_, program) = open_program(tree)?;
    require_person(&program, &a.by)?;
    let (mut file, project) = open_project(tree, &a.project)?;
    let pid = project.id.as_str();
    if let Some(approved) = &project.charter.approved
        && approved.value == on
    {
        let by = project
            .charter
            .approved_by
            .as_ref()
            .map(|b| format!(" by {}", b.value))
            .unwrap_or_default();
        bail!(
            "the charter of {pid} is already approved on {on}{by}; the baseline is the commit that set that date, so a new approval needs another date (--on DATE), or record the scope changes as change requests (pm change add)"
        );
    }
    let table = charter_mut(&mut file.doc, &file.rel)?;
    set_key(table, "approved", tables::date(on)?);
    set_key(table, "approved_by", a.by.as_str().into());
    let again = if project.charter.approved.is_some() {
        " again"
    } else {
        ""
    };
    Ok(Change::of(
        &[&file],
        format!(
            "approved the charter of {pid}{again} on {on} by {} in {}",
            a.by, file.rel
        ),
    )
    .note(format!(
        "commit it: the commit that records the approval is the baseline that pm check holds {pid}'s scope to (PM108)"
    )))
}
