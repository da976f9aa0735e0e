//! The reports of `pm report`: each kind builds a serializable document (for JSON and YAML) and
//! a [`Table`] (for the table, CSV and Markdown emitters) as plain data. Nothing here prints.

pub mod allocation;
pub mod dashboard;
pub mod dependencies;
pub mod diff;
pub mod gantt;
pub mod heatmap;
pub mod history;
pub mod people;
pub mod projects;
pub mod requests;
pub mod scope;

use crate::check::Diagnostic;
use crate::model::{Person, Program, Project};
use crate::store::Loaded;

/// Rows of cells under named columns: the one shape every tabular emitter reads, so a report
/// needs no emitter of its own.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Table {
    pub columns: Vec<Column>,
    pub rows: Vec<Vec<Cell>>,
    /// How many leading columns name a row. When a terminal is too narrow for the whole table,
    /// the other columns are split into blocks that each repeat these; 0 wraps cells instead.
    pub frozen: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Column {
    /// The column's name for machines (CSV header); the JSON key where there is one.
    pub key: String,
    /// The column's name for people (table and Markdown header).
    pub label: String,
    /// Numbers are right-aligned.
    pub numeric: bool,
    /// Free text that may wrap onto several lines to fit a terminal; ids, dates and numbers
    /// never do.
    pub wrap: bool,
    /// What a marked cell of this column means ("a load over the person's capacity"), for
    /// the legend under the table: a mark alone would leave the reader guessing.
    pub marks: Option<&'static str>,
}

impl Column {
    /// Ids, dates, statuses: kept on one line.
    pub fn text(key: &str, label: &str) -> Column {
        Column {
            key: key.to_owned(),
            label: label.to_owned(),
            numeric: false,
            wrap: false,
            marks: None,
        }
    }
    pub fn num(key: &str, label: &str) -> Column {
        Column {
            numeric: true,
            ..Column::text(key, label)
        }
    }
    /// Names, titles, lists: may wrap.
    pub fn prose(key: &str, label: &str) -> Column {
        Column {
            wrap: true,
            ..Column::text(key, label)
        }
    }
    /// Cells of this column may be marked, meaning `what`.
    pub fn marking(self, what: &'static str) -> Column {
        Column {
            marks: Some(what),
            ..self
        }
    }
}

impl Table {
    /// Puts a `program` column first, holding `programs[i]` for row i, when any row names a
    /// program (a portfolio's report); a program's own report stays as it was.
    pub fn with_program(mut self, programs: &[Option<&str>]) -> Table {
        if programs.iter().all(Option::is_none) {
            return self;
        }
        self.columns.insert(0, Column::text("program", "program"));
        for (row, program) in self.rows.iter_mut().zip(programs) {
            row.insert(0, Cell::opt(*program));
        }
        self.frozen += 1;
        self
    }

    /// What the marks in this table mean: the meaning of each column with a marked cell, once
    /// each, in column order. Empty when nothing is marked.
    pub fn legend(&self) -> Vec<&'static str> {
        let mut out: Vec<&'static str> = Vec::new();
        for (i, column) in self.columns.iter().enumerate() {
            let Some(what) = column.marks else {
                continue;
            };
            let marked = self.rows.iter().any(|r| r.get(i).is_some_and(|c| c.over));
            if marked && !out.contains(&what) {
                out.push(what);
            }
        }
        out
    }
}

#[derive(Debug, Clone, PartialEq, Default)]
pub struct Cell {
    pub text: String,
    /// Over a limit (capacity, the effort cap) or failing (errors): coloured on a terminal,
    /// marked with `!` elsewhere; its column says what the mark means.
    pub over: bool,
}

impl Cell {
    pub fn new(text: impl Into<String>) -> Cell {
        Cell {
            text: text.into(),
            over: false,
        }
    }
    pub fn over(mut self, over: bool) -> Cell {
        self.over = over;
        self
    }
    /// An optional value: empty when absent.
    pub fn opt(text: Option<impl Into<String>>) -> Cell {
        text.map(Cell::new).unwrap_or_default()
    }
}

/// The mark of a load above what the person can give.
pub const OVER_CAPACITY: &str = "a load over the person's capacity";

/// The program, or a clear error when program.toml could not be read at all.
pub fn program(loaded: &Loaded) -> anyhow::Result<&Program> {
    loaded.program.as_ref().ok_or_else(|| {
        anyhow::anyhow!(
            "program.toml could not be read, so there is nothing to report; run `pm check` to see why"
        )
    })
}

/// A person's capacity as the sweep compares it (negative is a PM005 finding; reported as 0).
pub fn capacity(person: &Person) -> u32 {
    u32::try_from(person.capacity.value.max(0)).unwrap_or(u32::MAX)
}

/// Whether a finding is about `project`: it points into the project's file, names the project,
/// or lists it among the projects involved (an over-allocation, a shared scope). In a portfolio
/// a finding that names another program is not about it.
pub fn concerns(d: &Diagnostic, project: &Project) -> bool {
    let id = project.id.as_str();
    d.loc.file == project.file
        || d.facts.project.as_deref() == Some(id)
        || d.facts
            .projects
            .as_ref()
            .is_some_and(|ps| ps.iter().any(|p| p == id))
}

/// Whether a finding is about `project` of the program `loaded` (see [`concerns`]); in a
/// portfolio a finding that names another program is not.
pub fn concerns_in(d: &Diagnostic, loaded: &Loaded, project: &Project) -> bool {
    let elsewhere = loaded.portfolio.is_some()
        && d.facts
            .program
            .as_deref()
            .is_some_and(|p| p != loaded.name());
    !elsewhere && concerns(d, project)
}

/// The project a finding is about: the one it names, else the one whose file it points into.
pub fn diagnostic_project<'a>(loaded: &'a Loaded, d: &Diagnostic) -> Option<&'a Project> {
    if loaded.portfolio.is_some()
        && d.facts
            .program
            .as_deref()
            .is_some_and(|p| p != loaded.name())
    {
        return None;
    }
    match &d.facts.project {
        Some(id) => loaded.project(id),
        None => loaded.projects.iter().find(|p| p.file == d.loc.file),
    }
}

/// Hours with at most one decimal, without a trailing `.0`.
pub fn hours(h: f64) -> String {
    let r = (h * 10.0).round() / 10.0;
    if r.fract() == 0.0 {
        format!("{r:.0}")
    } else {
        format!("{r:.1}")
    }
}
