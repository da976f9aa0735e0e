//! The common frame of every edit command: find the program, take its lock, open the files to
//! change with both their typed model (to validate) and their editable document (to write).

use std::path::PathBuf;

use anyhow::{Result, anyhow, bail};

use super::Ctx;
use crate::model::{FileId, Program, Project};
use crate::store::{self, PROGRAM_FILE, did_you_mean, write};

/// An edit in progress; holds the program's lock until dropped.
pub struct Session {
    pub root: PathBuf,
    _lock: write::ProgramLock,
}

impl Session {
    pub fn begin(ctx: &Ctx) -> Result<Session> {
        let root = ctx.root()?;
        let lock = write::lock(&root).map_err(|e| {
            anyhow::anyhow!("cannot lock the program folder {}: {e}", root.display())
        })?;
        Ok(Session { root, _lock: lock })
    }

    /// program.toml, refused when it does not parse.
    pub fn program(&self) -> Result<(write::EditFile, Program)> {
        let file = write::EditFile::open(&self.root, PROGRAM_FILE)?;
        let (program, _) = store::decode_program(FileId(0), &file.original);
        match program {
            Some(p) => Ok((file, p)),
            None => bail!("{PROGRAM_FILE} could not be read; run `pm check` to see why"),
        }
    }

    /// The file of project `id`, refused when the project does not exist or does not parse.
    pub fn project(&self, id: &str) -> Result<(write::EditFile, Project)> {
        super::require_slug("project", id)?;
        let Some(rel) = super::project_rel(&self.root, id)? else {
            bail!("{}", unknown_project(&self.root, id)?);
        };
        let file = write::EditFile::open(&self.root, &rel)?;
        let (project, _) = store::decode_project(FileId(0), &file.original, id);
        match project {
            Some(p) => Ok((file, p)),
            None => bail!("{rel} could not be read; run `pm check` to see why"),
        }
    }

    /// Writes the files whose text changed, all or none.
    pub fn commit(&self, files: &[&write::EditFile]) -> Result<()> {
        self.commit_with_new(files, &[])
    }

    /// Writes the files whose text changed and creates `new` files (path relative to the root,
    /// text), all or none.
    pub fn commit_with_new(
        &self,
        files: &[&write::EditFile],
        new: &[(String, String)],
    ) -> Result<()> {
        let changes: Vec<(String, String)> = files
            .iter()
            .filter_map(|f| f.new_text().map(|t| (f.rel.clone(), t)))
            .collect();
        write::commit(&self.root, &changes, new)?;
        Ok(())
    }
}

/// "unknown project 'landr' — did you mean 'lander'?", listing the projects there are.
pub fn unknown_project(root: &std::path::Path, id: &str) -> Result<String> {
    let ids: Vec<String> = store::project_files(root)?
        .into_iter()
        .filter_map(|f| {
            f.rel
                .rsplit('/')
                .next()
                .and_then(|n| n.strip_suffix(".toml"))
                .map(str::to_owned)
        })
        .collect();
    let hint = match did_you_mean(id, ids.iter().map(String::as_str)) {
        Some(s) => format!(" — did you mean '{s}'?"),
        None if ids.is_empty() => {
            "; there are no projects yet (create one with `pm project new`)".into()
        }
        None => format!("; the projects are: {}", ids.join(", ")),
    };
    Ok(format!("unknown project '{id}'{hint}"))
}

/// "unknown person 'bbo' — did you mean 'bob'?" against the pool in program.toml.
pub fn require_person(program: &Program, id: &str) -> Result<()> {
    if program.person(id).is_some() {
        return Ok(());
    }
    let ids = program.people.iter().map(|p| p.id.as_str());
    let hint = match did_you_mean(id, ids) {
        Some(s) => format!(" — did you mean '{s}'?"),
        None => format!("; add them first with `pm person add {id}`"),
    };
    bail!("unknown person '{id}'{hint}")
}

/// Splits `lander/relay-site-survey` into a project id and an item id, both slugs.
pub fn item_path<'a>(arg: &'a str, what: &str, example: &str) -> Result<(&'a str, &'a str)> {
    let Some((project, item)) = arg.split_once('/') else {
        bail!("give the {what} as PROJECT/ID, e.g. {example}");
    };
    super::require_slug("project", project)?;
    super::require_slug(what, item)?;
    Ok((project, item))
}

/// The index of the `[[kind]]` item with this id in `file`, read from the document so that it
/// is the document's own index; refused with a did-you-mean when there is none.
pub fn item_index(file: &write::EditFile, kind: &str, id: &str) -> Result<usize> {
    let items = store::tables::items(&file.doc, kind).map_err(|e| anyhow!("{}: {e}", file.rel))?;
    let ids: Vec<&str> = items
        .iter()
        .filter_map(|t| store::tables::str_of(t, "id"))
        .collect();
    if let Some(i) = items
        .iter()
        .position(|t| store::tables::str_of(t, "id") == Some(id))
    {
        return Ok(i);
    }
    let hint = match did_you_mean(id, ids.iter().copied()) {
        Some(s) => format!(" — did you mean '{s}'?"),
        None if ids.is_empty() => format!("; it has no [[{kind}]] items"),
        None => format!("; its {kind} ids are: {}", ids.join(", ")),
    };
    bail!("there is no {kind} '{id}' in {}{hint}", file.rel)
}
