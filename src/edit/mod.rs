//! Every edit pm can make, as a function from the program's files to their new texts.
//!
//! An edit reads what it needs through a [`Tree`] (the folder, or an editor's buffers over it),
//! validates its arguments and every id it touches, changes the files with `toml_edit` so that
//! everything outside the edited item keeps its bytes, and returns a [`Change`]: the new text of
//! every file it changes and the lines that say what it did. It writes nothing. The commands
//! write a change in one transaction under the program's lock (or print it as a diff with
//! `--dry-run`); the editor server sends it as a workspace edit; so all of them produce exactly
//! the same bytes.
//!
//! Refusals are worded for the user and carried as `anyhow` errors, as in cargo's operations
//! layer: the message is the product, and callers only show it.

pub mod assign;
pub mod assignment;
pub mod benefit;
pub mod change;
pub mod charter;
pub mod depend;
pub mod fmt;
pub mod git_setup;
pub mod guard;
pub mod import_mspdi;
pub mod import_people;
pub mod init;
pub mod level;
pub mod person;
pub mod program;
pub mod project;
pub mod reassign;
pub mod refs;
pub mod rename;
pub mod request;
pub mod scope;
pub mod waits;
pub mod work;
pub mod work_move;

use anyhow::{Result, anyhow, bail};

use crate::diagnostic::{Diagnostic, FileId};
use crate::model::{Program, Project};
use crate::store::write::{EditFile, FileChange};
use crate::store::{self, PROGRAM_FILE, PROJECTS_DIR, Tree, did_you_mean, tables};

/// What an edit does: the files it changes and what it says about it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Change {
    /// In the order they are written.
    pub files: Vec<FileChange>,
    /// One line each, printed on success ("added work x to projects/p.toml").
    pub summary: Vec<String>,
    /// Things worth knowing that are not what was done, printed as `note: ...` on stderr.
    pub notes: Vec<String>,
}

impl Change {
    /// The files among `files` whose text the edit changed, and one summary line.
    pub fn of(files: &[&EditFile], summary: impl Into<String>) -> Change {
        Change {
            files: files.iter().filter_map(|f| f.change()).collect(),
            summary: vec![summary.into()],
            notes: Vec::new(),
        }
    }

    /// Adds a file created by the edit.
    pub fn create(mut self, rel: impl Into<String>, text: impl Into<String>) -> Change {
        self.files.push(FileChange {
            rel: rel.into(),
            before: None,
            after: Some(text.into()),
        });
        self
    }

    /// Adds a file the edit removes, whose text is `before`.
    pub fn remove(mut self, rel: impl Into<String>, before: impl Into<String>) -> Change {
        self.files.push(FileChange {
            rel: rel.into(),
            before: Some(before.into()),
            after: None,
        });
        self
    }

    pub fn line(mut self, line: impl Into<String>) -> Change {
        self.summary.push(line.into());
        self
    }

    pub fn note(mut self, note: impl Into<String>) -> Change {
        self.notes.push(note.into());
        self
    }

    /// The new text of `rel`, when the edit changes or creates it.
    pub fn text_of(&self, rel: &str) -> Option<&str> {
        self.files
            .iter()
            .find(|f| f.rel == rel)
            .and_then(|f| f.after.as_deref())
    }
}

/// A file an import reads, given on the command line: the name to show and its text. The
/// command reads it, so the edit reads nothing but the program's `Tree`.
#[derive(Debug, Clone)]
pub struct Input {
    pub name: String,
    pub text: String,
}

/// Refuses an id that is not a slug, before anything is read or written.
pub fn require_slug(what: &str, id: &str) -> Result<()> {
    if let Some(why) = crate::model::slug_error(id) {
        bail!("invalid {what} id: {why}");
    }
    Ok(())
}

/// program.toml, refused when it does not parse. In a portfolio the program's people start
/// with the shared pool (each person knows its file), so every id check sees them.
pub fn open_program(tree: &Tree) -> Result<(EditFile, Program)> {
    let file = EditFile::open(tree, PROGRAM_FILE)?;
    let (program, diags) = store::decode_program(FileId(0), &file.original);
    let Some(mut program) = program else {
        bail!("{}", undecodable(&file, &diags));
    };
    if let Some(rel) = tree.portfolio()
        && let Ok(Ok(text)) = tree.read(rel)
        && let (Some(portfolio), _) = store::decode_portfolio(FileId(1), &text)
    {
        let own = std::mem::take(&mut program.people);
        program.people = portfolio.people;
        program.people.extend(own);
    }
    Ok((file, program))
}

/// Refuses to edit a person of the portfolio's shared pool in program.toml, where they are not.
pub fn refuse_pool_person(tree: &Tree, program: &Program, id: &str, doing: &str) -> Result<()> {
    if let Some(p) = program.person(id)
        && p.file != program.file
    {
        let rel = tree.portfolio().unwrap_or("portfolio.toml");
        bail!(
            "person '{id}' is in the shared pool of the portfolio ({rel}), not in {PROGRAM_FILE}; {doing} there, by hand (pm edits the programs, not portfolio.toml)"
        );
    }
    Ok(())
}

/// The file of project `id`, refused when the project does not exist or does not parse.
pub fn open_project(tree: &Tree, id: &str) -> Result<(EditFile, Project)> {
    require_slug("project", id)?;
    let Some(rel) = project_rel(tree, id)? else {
        // A link is there but not followed: say so rather than "unknown".
        let name = format!("{id}.toml");
        if let Some(link) = tree.project_files()?.into_iter().find(|f| {
            f.symlink && (f.rel == PROJECTS_DIR || f.rel.rsplit('/').next() == Some(&name))
        }) {
            let target = std::fs::read_link(&link.path)
                .map(|t| format!(" to {}", t.display()))
                .unwrap_or_default();
            bail!(
                "{} is a symbolic link{target}; pm does not follow links, so it neither reads nor edits project {id} through it. Put the file itself at {} (or edit the target by hand)",
                link.rel,
                if link.rel == PROJECTS_DIR {
                    format!("{PROJECTS_DIR}/{name}")
                } else {
                    link.rel.clone()
                }
            );
        }
        bail!("{}", unknown_project(tree, id)?);
    };
    let file = EditFile::open(tree, &rel)?;
    let (project, diags) = store::decode_project(FileId(0), &file.original, id);
    match project {
        Some(p) => Ok((file, p)),
        None => bail!("{}", undecodable(&file, &diags)),
    }
}

/// The path of a project's file relative to the root, found by id (sub-folders included).
pub fn project_rel(tree: &Tree, id: &str) -> Result<Option<String>> {
    let name = format!("{id}.toml");
    Ok(tree
        .project_files()?
        .into_iter()
        .find(|f| !f.symlink && f.rel.rsplit('/').next() == Some(name.as_str()))
        .map(|f| f.rel))
}

/// Why a file that parses as TOML is still not a program or project file, at its first problem.
fn undecodable(file: &EditFile, diags: &[Diagnostic]) -> String {
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
pub fn unknown_project(tree: &Tree, id: &str) -> Result<String> {
    let ids: Vec<String> = tree
        .project_files()?
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

/// A title as given, trimmed; refused when empty or over several lines.
pub fn require_title<'a>(title: &'a str, what: &str) -> Result<&'a str> {
    let title = title.trim();
    if title.is_empty() {
        bail!(
            "the {what} title cannot be empty; say in a few words what it is, e.g. --title \"Descent stage\""
        );
    }
    if title.contains(['\n', '\r']) {
        bail!("the {what} title must fit on one line");
    }
    Ok(title)
}

/// The first lines of a new project file at `rel`: a `#:schema` line and a blank line when
/// the program has the project schema (`pm init` writes it), so editors validate the file;
/// nothing otherwise, since a line pointing at no file would only make editors complain.
pub fn schema_line(tree: &Tree, rel: &str) -> String {
    use crate::model::schema;
    if tree.is_file(schema::PROJECT_SCHEMA) {
        format!("{}\n", schema::directive(rel, schema::PROJECT_SCHEMA))
    } else {
        String::new()
    }
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

/// Sets `key` to `value`, or removes it when `value` is `None`; says whether the file changes.
/// A removed key takes its own line with it, so the comments of the other keys stay.
pub fn set_or_remove(
    table: &mut dyn toml_edit::TableLike,
    key: &str,
    value: Option<toml_edit::Value>,
) -> bool {
    match value {
        Some(v) => set_key(table, key, v),
        None => table.remove(key).is_some(),
    }
}

/// Replaces a string value equal to `old` by `new` in place, keeping its quotes' style and the
/// comment after it; says whether it did.
pub fn rename_value(value: &mut toml_edit::Value, old: &str, new: &str) -> bool {
    if value.as_str() != Some(old) {
        return false;
    }
    let decor = value.decor().clone();
    *value = toml_edit::Value::from(new);
    *value.decor_mut() = decor;
    true
}

/// [`rename_value`] on `table[key]` when it is a plain value.
pub fn rename_key(table: &mut dyn toml_edit::TableLike, key: &str, old: &str, new: &str) -> bool {
    match table.get_mut(key).and_then(toml_edit::Item::as_value_mut) {
        Some(v) => rename_value(v, old, new),
        None => false,
    }
}

/// "1 assignment", "2 assignments".
pub fn count(n: usize, what: &str) -> String {
    if n == 1 {
        format!("1 {what}")
    } else {
        format!("{n} {what}s")
    }
}

/// The `[[kind]]` table number `index` of the document, for changing it in place.
pub fn item_mut<'d>(
    file: &'d mut EditFile,
    kind: &str,
    index: usize,
) -> Result<&'d mut toml_edit::Table> {
    let rel = file.rel.clone();
    file.doc
        .get_mut(kind)
        .and_then(toml_edit::Item::as_array_of_tables_mut)
        .and_then(|a| a.get_mut(index))
        .ok_or_else(|| anyhow!("{rel}: there is no [[{kind}]] number {}", index + 1))
}

/// Sets `key` of an item of `kind`, a new key taking its place in the order of the file format.
pub fn set_item_key(table: &mut toml_edit::Table, order: &[&str], key: &str, v: toml_edit::Value) {
    let at = order.iter().position(|k| *k == key).unwrap_or(order.len());
    tables::set(table, key, v, &order[..at]);
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
    require_slug("project", project)?;
    require_slug(what, item)?;
    Ok((project, item))
}

/// The index of the `[[kind]]` item with this id in `file`, read from the document so that it
/// is the document's own index; refused with a did-you-mean when there is none.
pub fn item_index(file: &EditFile, kind: &str, id: &str) -> Result<usize> {
    let items = tables::items(&file.doc, kind).map_err(in_file(file))?;
    let ids: Vec<&str> = items
        .iter()
        .filter_map(|t| tables::str_of(t, "id"))
        .collect();
    let matching: Vec<usize> = (0..items.len())
        .filter(|&i| tables::str_of(items[i], "id") == Some(id))
        .collect();
    match matching.as_slice() {
        [i] => return Ok(*i),
        [] => {}
        several => {
            let lines = item_lines(file, kind);
            let at: Vec<String> = several
                .iter()
                .map(|i| match lines.get(*i) {
                    Some(line) => format!("{}:{line}", file.rel),
                    None => format!("{} (item {})", file.rel, i + 1),
                })
                .collect();
            bail!(
                "there are {} {kind} items with the id '{id}' ({}); pm does not guess which one is meant: give one of them another id first (pm check reports it as PM002)",
                several.len(),
                at.join(", ")
            );
        }
    }
    let hint = match did_you_mean(id, ids.iter().copied()) {
        Some(s) => format!(" — did you mean '{s}'?"),
        None if ids.is_empty() => format!("; it has no [[{kind}]] items"),
        None => format!("; its {kind} ids are: {}", ids.join(", ")),
    };
    bail!("there is no {kind} '{id}' in {}{hint}", file.rel)
}

/// The line of the header of every `[[kind]]` item of `file`, in order.
pub fn item_lines(file: &EditFile, kind: &str) -> Vec<usize> {
    let text = file.original.as_str();
    let bom = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let Ok(root) = toml::de::DeTable::parse(&text[bom..]) else {
        return Vec::new();
    };
    let source = store::SourceFile::new(file.rel.clone(), text.to_owned());
    match root.get_ref().get(kind).map(|v| v.get_ref()) {
        Some(toml::de::DeValue::Array(items)) => items
            .iter()
            .map(|item| source.line_col(bom + item.span().start).line)
            .collect(),
        _ => Vec::new(),
    }
}

/// Turns a table error into one that names the file.
pub fn in_file(file: &EditFile) -> impl Fn(tables::TablesError) -> anyhow::Error + Copy + '_ {
    move |e| anyhow!("{}: {e}", file.rel)
}
