//! `pm check` over a portfolio: every program's own rules, load counted across all programs
//! (PM201, PM202 name the programs), the shared pool checked once, and a person declared
//! differently by two programs.

use std::collections::HashMap;

use super::{Diagnostic, Rule, configure, finish, resource, structural};
use crate::model::Person;
use crate::store::{LoadedPortfolio, Member};

/// All findings of a portfolio, each naming its program (findings about portfolio.toml name
/// none), sorted by file, line, column and code, with each program's `[check.rules]` applied
/// to its findings.
pub fn check(p: &LoadedPortfolio) -> Vec<Diagnostic> {
    let programs = p.programs();
    let mut out = p.diagnostics.clone();
    if let Some(portfolio) = &p.portfolio {
        let pool: Vec<&Person> = portfolio.people.iter().collect();
        structural::pool(&pool, &mut out);
    }
    same_person_everywhere(p, &mut out);
    program_ids(p, &mut out);
    // As for one program: each family of rules that reads a program alone runs on a thread of
    // its own, over every program in turn, while this one builds the load of all of them and
    // runs the load rules.
    let (by_family, (across, by_load)) = super::each_family(
        &super::FAMILIES,
        |rules| {
            programs
                .iter()
                .map(|l| super::family(l, rules))
                .collect::<Vec<_>>()
        },
        || {
            let loads = resource::loads(&programs);
            let mut across = Vec::new();
            resource::over_allocations(&loads, true, &mut across);
            let by_load: Vec<Vec<Diagnostic>> = programs
                .iter()
                .map(|l| {
                    let mut found = Vec::new();
                    resource::check(l, &loads, &mut found);
                    found
                })
                .collect();
            (across, by_load)
        },
    );
    for (i, (m, load_found)) in p.members.iter().zip(by_load).enumerate() {
        let id = m.id();
        let mut found = m.loaded.diagnostics.clone();
        found.extend(load_found);
        for family in &by_family {
            found.extend(family.get(i).into_iter().flatten().cloned());
        }
        found.extend(
            across
                .iter()
                .filter(|d| d.facts.program.as_deref() == Some(id))
                .cloned(),
        );
        for d in &mut found {
            d.facts.program.get_or_insert_with(|| id.to_owned());
        }
        configure(m.loaded.program.as_ref(), &mut found);
        out.extend(found);
    }
    finish(&mut out, &p.sources);
    out
}

/// A person is one person in every program: two programs that declare the same id must
/// declare the same person (or leave them to the shared pool).
fn same_person_everywhere(p: &LoadedPortfolio, out: &mut Vec<Diagnostic>) {
    let mut first: HashMap<&str, (&Member, &Person)> = HashMap::new();
    for m in &p.members {
        for person in m.loaded.own_people() {
            let id = person.id.as_str();
            let Some(&(other, before)) = first.get(id) else {
                first.insert(id, (m, person));
                continue;
            };
            if std::ptr::eq(other, m) || person.same_entry(before) {
                continue;
            }
            out.push(
                Diagnostic::new(
                    Rule::DuplicateId,
                    person.loc(person.id.span),
                    format!(
                        "person '{id}' is declared differently in programs {} and {}; in a portfolio an id is one person",
                        other.id(),
                        m.id()
                    ),
                )
                .label("declared differently here")
                .secondary(
                    before.loc(before.id.span),
                    format!("as declared in {}", other.id()),
                )
                .help(format!(
                    "declare '{id}' once in portfolio.toml's pool and remove both [[person]] entries, or make the two entries the same"
                ))
                .person(id)
                .facts(|f| f.program = Some(m.id().to_owned())),
            );
        }
    }
}

/// Two programs of a portfolio with one id cannot be told apart in its findings and reports.
fn program_ids(p: &LoadedPortfolio, out: &mut Vec<Diagnostic>) {
    let mut seen: HashMap<&str, &Member> = HashMap::new();
    for m in &p.members {
        let Some(program) = &m.loaded.program else {
            continue;
        };
        let id = m.id();
        match seen.get(id) {
            None => {
                seen.insert(id, m);
            }
            Some(first) => {
                let mut d = Diagnostic::new(
                    Rule::DuplicateId,
                    crate::model::Loc {
                        file: program.file,
                        span: program.id.span,
                    },
                    format!(
                        "programs {}/ and {}/ of the portfolio have the same id '{id}'; ids must be unique",
                        first.folder, m.folder
                    ),
                )
                .label("defined again here")
                .help("give one of the programs another id in its [program] table");
                if let Some(other) = &first.loaded.program {
                    d = d.secondary(
                        crate::model::Loc {
                            file: other.file,
                            span: other.id.span,
                        },
                        "first defined here",
                    );
                }
                out.push(d);
            }
        }
    }
}
