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
        for rel in write::remove_stale_temp_files(&root, &lock) {
            eprintln!("note: removed {rel}, left behind by an interrupted pm");
        }
        Ok(Session { root, _lock: lock })
    }

    /// program.toml, refused when it does not parse.
    pub fn program(&self) -> Result<(write::EditFile, Program)> {
        let file = write::EditFile::open(&self.root, PROGRAM_FILE)?;
        let (program, diags) = store::decode_program(FileId(0), &file.original);
        match program {
            Some(p) => Ok((file, p)),
            None => bail!("{}", undecodable(&file, &diags)),
        }
    }

    /// The file of project `id`, refused when the project does not exist or does not parse.
    pub fn project(&self, id: &str) -> Result<(write::EditFile, Project)> {
        super::require_slug("project", id)?;
        let Some(rel) = super::project_rel(&self.root, id)? else {
            bail!("{}", unknown_project(&self.root, id)?);
        };
        let file = write::EditFile::open(&self.root, &rel)?;
        let (project, diags) = store::decode_project(FileId(0), &file.original, id);
        match project {
            Some(p) => Ok((file, p)),
            None => bail!("{}", undecodable(&file, &diags)),
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

/// Why a file that parses as TOML is still not a program or project file, at its first problem.
fn undecodable(file: &write::EditFile, diags: &[crate::check::Diagnostic]) -> String {
    match diags.first() {
        Some(d) => {
            let lc = store::SourceFile::new(file.rel.clone(), file.original.clone())
                .line_col(d.loc.span.start as usize);
            format!(
                "{}:{}:{}: {}; fix the file (pm check shows every problem) before editing it with pm",
                file.rel, lc.line, lc.column, d.message
            )
        }
        None => format!("{} could not be read; run `pm check` to see why", file.rel),
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

/// Sets `key` in `table` and says whether the file changes. An existing value is replaced in
/// place, keeping its position, spacing and inline comment; a missing key is appended to the
/// table, so every other line stays as the user wrote it.
pub fn set_key(table: &mut dyn toml_edit::TableLike, key: &str, value: toml_edit::Value) -> bool {
    use toml_edit::Item;
    match table.get_mut(key) {
        Some(Item::Value(old)) => {
            if same_value(old, &value) {
                return false;
            }
            let decor = old.decor().clone();
            *old = value;
            *old.decor_mut() = decor;
        }
        Some(item) => *item = Item::Value(value),
        None => {
            table.insert(key, Item::Value(value));
        }
    }
    true
}

/// Equal as data, whatever the spelling (`'a'` and `"a"`, `12000` and `12000.0`).
fn same_value(a: &toml_edit::Value, b: &toml_edit::Value) -> bool {
    use toml_edit::Value;
    let number = |v: &Value| match v {
        Value::Integer(i) => Some(*i.value() as f64),
        Value::Float(f) => Some(*f.value()),
        _ => None,
    };
    match (a, b) {
        (Value::String(x), Value::String(y)) => x.value() == y.value(),
        (Value::Datetime(x), Value::Datetime(y)) => x.value() == y.value(),
        (Value::Boolean(x), Value::Boolean(y)) => x.value() == y.value(),
        _ => matches!((number(a), number(b)), (Some(x), Some(y)) if x == y),
    }
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
