//! The programs a read-only command looks at: one program, or every program of a portfolio.
//! Reports and plans iterate these, so the same code serves both; the load is always counted
//! over all of them, while `--only` narrows what is shown to one program.

use chrono::NaiveDate;

use super::{Loaded, LoadedPortfolio, Member};
use crate::model::Person;

pub struct Programs<'a> {
    /// The program's id, or the portfolio's.
    pub id: String,
    /// The program's name, or the portfolio's.
    pub name: String,
    /// Every program, whose load counts.
    pub all: Vec<&'a Loaded>,
    /// Whether these are the programs of a portfolio: rows then name their program.
    pub portfolio: bool,
    /// The one program shown (`--only`), by the name [`Loaded::name`] gives it.
    pub only: Option<String>,
}

impl<'a> Programs<'a> {
    /// One program, as it is.
    pub fn one(loaded: &'a Loaded) -> Programs<'a> {
        let program = loaded.program.as_ref();
        Programs {
            id: loaded.program_id().unwrap_or_default().to_owned(),
            name: program.map(|p| p.name.clone()).unwrap_or_default(),
            all: vec![loaded],
            portfolio: false,
            only: None,
        }
    }

    /// A program of a portfolio read on its own, with the portfolio's other programs, whose load
    /// counts too: only the program itself is shown.
    pub fn with_others(loaded: &'a Loaded, others: &'a [Member]) -> Programs<'a> {
        let mut programs = Programs::one(loaded);
        if !others.is_empty() {
            programs.all.extend(others.iter().map(|m| &m.loaded));
            programs.only = Some(loaded.name().to_owned());
        }
        programs
    }

    /// The programs of a portfolio; `only` shows one of them.
    pub fn of(p: &'a LoadedPortfolio, only: Option<&str>) -> Programs<'a> {
        Programs {
            id: p.id().unwrap_or_default().to_owned(),
            name: p
                .portfolio
                .as_ref()
                .map(|p| p.name.clone())
                .unwrap_or_default(),
            all: p.programs(),
            portfolio: true,
            only: only.map(str::to_owned),
        }
    }

    /// The programs shown: all, or the one `--only` names.
    pub fn shown(&self) -> impl Iterator<Item = &'a Loaded> + '_ {
        self.all
            .iter()
            .copied()
            .filter(|l| self.only.as_deref().is_none_or(|only| l.name() == only))
    }

    /// What a row of `loaded` says its program is: its name in a portfolio, nothing in a
    /// program alone (whose reports look as they always did).
    pub fn label(&self, loaded: &Loaded) -> Option<String> {
        self.portfolio.then(|| loaded.name().to_owned())
    }

    /// The people of the programs shown, each once (the first entry of an id), sorted by id.
    pub fn people(&self) -> Vec<&'a Person> {
        let mut seen = std::collections::HashSet::new();
        let mut out: Vec<&'a Person> = Vec::new();
        for loaded in self.shown() {
            for person in loaded.program.iter().flat_map(|p| p.people.iter()) {
                if seen.insert(person.id.as_str()) {
                    out.push(person);
                }
            }
        }
        out.sort_by(|a, b| a.id.value.cmp(&b.id.value));
        out
    }

    /// From the earliest program start to the latest program end.
    pub fn window(&self) -> (Option<NaiveDate>, Option<NaiveDate>) {
        let programs = || self.all.iter().filter_map(|l| l.program.as_ref());
        let start = programs()
            .filter_map(|p| p.start.as_ref().map(|d| d.value))
            .min();
        let end = programs()
            .filter_map(|p| p.end.as_ref().map(|d| d.value))
            .max();
        (start, end)
    }
}
