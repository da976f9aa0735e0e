//! `pm diff`: what a change does to a program (SPEC §9). Both versions are loaded and checked
//! by the same code; this compares them: the items that changed ([`items`]), the findings
//! introduced and resolved (by fingerprint), and each person's peak load per month where it
//! changed (from [`crate::load::Loads`] on each side).

pub mod items;

use std::collections::{BTreeSet, HashSet};

use chrono::NaiveDate;
use serde::Serialize;

pub use items::{Change, Field};

use crate::check::{self, Diagnostic};
use crate::load::{Loads, Options as LoadOptions, compare};
use crate::model::{Program, Project};
use crate::store::{Loaded, LoadedPortfolio, Sources};

/// At most this many months are listed for one person: a change to an assignment that spans
/// centuries is still a short answer.
pub const MAX_MONTHS_PER_PERSON: usize = 240;

/// One side of the comparison.
pub struct Side<'a> {
    /// What the user called it (`origin/main`, `HEAD`, `work tree`).
    pub name: String,
    /// A full commit id, or `worktree`.
    pub rev: String,
    /// `None` when the program folder does not exist on this side.
    pub loaded: Option<&'a Loaded>,
}

#[derive(Debug, Serialize)]
pub struct Diff {
    pub schema_version: u32,
    pub kind: &'static str,
    /// The portfolio's id, when the comparison is of a portfolio.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub portfolio: Option<String>,
    pub base: String,
    pub head: String,
    #[serde(skip)]
    pub base_name: String,
    #[serde(skip)]
    pub head_name: String,
    pub changes: Vec<Change>,
    pub findings: Findings,
    pub load: Vec<LoadChange>,
    /// Months whose daily load changed but that are not listed ([`MAX_MONTHS_PER_PERSON`]).
    #[serde(skip_serializing_if = "is_zero")]
    pub load_months_not_listed: usize,
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

#[derive(Debug, Default, Serialize)]
pub struct Findings {
    pub introduced: Vec<Finding>,
    pub resolved: Vec<Finding>,
}

/// A finding on one side only.
#[derive(Debug, Serialize)]
pub struct Finding {
    /// In a portfolio: the program the finding is in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub program: Option<String>,
    pub code: &'static str,
    pub rule: &'static str,
    pub severity: &'static str,
    pub message: String,
    /// Relative to the program root, on the side the finding is on.
    pub file: String,
    pub line: usize,
    pub fingerprint: String,
}

/// One person's peak committed load in one month, before and after.
#[derive(Debug, Serialize)]
pub struct LoadChange {
    pub person: String,
    /// `2026-05`.
    pub month: String,
    pub from: u32,
    pub to: u32,
    /// The person's capacity after the change (before, if they left the pool).
    pub capacity: i64,
}

/// Compares the two sides; each is checked here.
pub fn build(base: Side<'_>, head: Side<'_>) -> Diff {
    fn side<'a>(s: &Side<'a>) -> Option<(&'a Program, &'a [Project])> {
        s.loaded
            .and_then(|l| l.program.as_ref().map(|p| (p, l.projects.as_slice())))
    }
    let untouched = untouched(base.loaded, head.loaded);
    let changes = items::changes(side(&base), side(&head), &untouched);
    fn checked(l: Option<&Loaded>) -> Checked<'_> {
        l.map(|l| (check::check(l), &l.sources))
    }
    let findings = findings(checked(base.loaded), checked(head.loaded), false);
    let (load, load_months_not_listed) = load_changes(
        base.loaded.as_slice(),
        head.loaded.as_slice(),
        base.loaded.is_some(),
        head.loaded.is_some(),
    );
    Diff {
        schema_version: 1,
        kind: "diff",
        portfolio: None,
        base: base.rev,
        head: head.rev,
        base_name: base.name,
        head_name: head.name,
        changes,
        findings,
        load,
        load_months_not_listed,
    }
}

/// The projects whose file has the same path and the same bytes on both sides.
fn untouched<'a>(before: Option<&'a Loaded>, after: Option<&'a Loaded>) -> HashSet<&'a str> {
    let (Some(a), Some(b)) = (before, after) else {
        return HashSet::new();
    };
    let files: std::collections::HashMap<&str, &str> = b
        .projects
        .iter()
        .map(|p| (b.sources.path(p.file), b.sources.get(p.file).text.as_str()))
        .collect();
    let (same, changed): (Vec<&Project>, Vec<&Project>) = a.projects.iter().partition(|p| {
        files.get(a.sources.path(p.file)) == Some(&a.sources.get(p.file).text.as_str())
    });
    // An id in two files (a PM002 finding) is untouched only if both are.
    let changed: HashSet<&str> = changed.iter().map(|p| p.id.as_str()).collect();
    same.iter()
        .map(|p| p.id.as_str())
        .filter(|id| !changed.contains(id))
        .collect()
}

/// A side as checked: its findings and the files they point into.
type Checked<'a> = Option<(Vec<Diagnostic>, &'a Sources)>;

/// The findings on one side and not the other, by fingerprint; `labelled`: each names its
/// program (a portfolio).
fn findings(before: Checked<'_>, after: Checked<'_>, labelled: bool) -> Findings {
    let only = |these: &Checked<'_>, others: &Checked<'_>| {
        let known: HashSet<&str> = others
            .iter()
            .flat_map(|(d, _)| d.iter().map(|d| d.fingerprint.as_str()))
            .collect();
        let Some((these, sources)) = these else {
            return Vec::new();
        };
        these
            .iter()
            .filter(|d| !known.contains(d.fingerprint.as_str()))
            .map(|d| Finding {
                program: d.facts.program.clone().filter(|_| labelled),
                code: d.rule.code(),
                rule: d.rule.name(),
                severity: d.severity.as_str(),
                message: d.message.clone(),
                file: sources.path(d.loc.file).to_owned(),
                line: sources.line_col(d.loc).line,
                fingerprint: d.fingerprint.clone(),
            })
            .collect()
    };
    Findings {
        introduced: only(&after, &before),
        resolved: only(&before, &after),
    }
}

/// One side of the comparison of a portfolio.
pub struct PortfolioSide<'a> {
    pub name: String,
    pub rev: String,
    /// `None` when the portfolio does not exist on this side.
    pub portfolio: Option<&'a LoadedPortfolio>,
}

/// Compares two versions of a portfolio: each program's items (each change naming its
/// program), the findings of the whole portfolio (load counted across its programs), and each
/// person's peak load across every program.
pub fn build_portfolio(base: PortfolioSide<'_>, head: PortfolioSide<'_>) -> Diff {
    fn members(p: Option<&LoadedPortfolio>) -> Vec<(String, &Loaded)> {
        p.map(|p| {
            p.members
                .iter()
                .map(|m| (m.id().to_owned(), &m.loaded))
                .collect()
        })
        .unwrap_or_default()
    }
    fn find<'a>(list: &[(String, &'a Loaded)], name: &str) -> Option<&'a Loaded> {
        list.iter().find(|(n, _)| n == name).map(|&(_, l)| l)
    }
    fn side(l: Option<&Loaded>) -> Option<(&Program, &[Project])> {
        l.and_then(|l| l.program.as_ref().map(|p| (p, l.projects.as_slice())))
    }
    fn checked(p: Option<&LoadedPortfolio>) -> Checked<'_> {
        p.map(|p| (check::portfolio(p), &p.sources))
    }
    fn all<'a>(list: &[(String, &'a Loaded)]) -> Vec<&'a Loaded> {
        list.iter().map(|&(_, l)| l).collect()
    }
    let (before, after) = (members(base.portfolio), members(head.portfolio));
    let mut names: Vec<&str> = after.iter().map(|(n, _)| n.as_str()).collect();
    for (n, _) in &before {
        if !names.contains(&n.as_str()) {
            names.push(n);
        }
    }
    let mut changes = Vec::new();
    for name in names {
        let (a, b) = (find(&before, name), find(&after, name));
        let untouched = untouched(a, b);
        changes.extend(
            items::changes(side(a), side(b), &untouched)
                .into_iter()
                .map(|mut c| {
                    c.program = Some(name.to_owned());
                    c
                }),
        );
    }
    let findings = findings(checked(base.portfolio), checked(head.portfolio), true);
    let (load, load_months_not_listed) = load_changes(
        &all(&before),
        &all(&after),
        base.portfolio.is_some(),
        head.portfolio.is_some(),
    );
    Diff {
        schema_version: 1,
        kind: "diff",
        portfolio: head
            .portfolio
            .or(base.portfolio)
            .and_then(|p| p.id())
            .map(str::to_owned),
        base: base.rev,
        head: head.rev,
        base_name: base.name,
        head_name: head.name,
        changes,
        findings,
        load,
        load_months_not_listed,
    }
}

/// Each person's peak committed load per month, before → after, where it changed; by person
/// id, then month.
fn load_changes(
    before: &[&Loaded],
    after: &[&Loaded],
    before_exists: bool,
    after_exists: bool,
) -> (Vec<LoadChange>, usize) {
    fn loads<'a>(l: &[&'a Loaded], exists: bool) -> Option<Loads<'a>> {
        exists.then(|| Loads::of(l, LoadOptions::default()))
    }
    let (la, lb) = (loads(before, before_exists), loads(after, after_exists));
    let ids = |l: &Option<Loads<'_>>| -> Vec<String> {
        l.as_ref()
            .map(|l| {
                l.people()
                    .iter()
                    .map(|p| p.person.id.value.clone())
                    .collect()
            })
            .unwrap_or_default()
    };
    let people: BTreeSet<String> = ids(&la).into_iter().chain(ids(&lb)).collect();
    let mut out = Vec::new();
    let mut not_listed = 0usize;
    for id in people {
        let a = la.as_ref().and_then(|l| l.person(&id));
        let b = lb.as_ref().and_then(|l| l.person(&id));
        let capacity = b.or(a).map_or(0, |p| p.capacity);
        let (months, more) = compare::peak_changes(a, b, MAX_MONTHS_PER_PERSON);
        not_listed = not_listed.saturating_add(more);
        out.extend(months.into_iter().map(|m| LoadChange {
            person: id.clone(),
            month: month(m.month),
            from: m.before,
            to: m.after,
            capacity,
        }));
    }
    (out, not_listed)
}

fn month(first: NaiveDate) -> String {
    first.format("%Y-%m").to_string()
}
