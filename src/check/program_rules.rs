//! PM301-PM304: do the projects add up to the program?

use std::collections::HashMap;

use super::list_names;
use super::{Diagnostic, IdHash, Rule};
use crate::model::*;
use crate::store::Loaded;

pub fn check(loaded: &Loaded, out: &mut Vec<Diagnostic>) {
    without_benefit(loaded, out);
    overlapping_scope(loaded, out);
    if let Some(program) = &loaded.program {
        unserved_benefits(loaded, program, out);
        outside_window(loaded, program, out);
    }
}

/// PM301: a project that serves no program benefit.
fn without_benefit(loaded: &Loaded, out: &mut Vec<Diagnostic>) {
    let benefits: Vec<&str> = loaded
        .program
        .iter()
        .flat_map(|p| p.benefits.iter().map(|b| b.id.as_str()))
        .collect();
    for p in &loaded.projects {
        if p.status.value == ProjectStatus::Cancelled
            || !p.benefits.is_empty()
            || p.allow.allows(Rule::ProjectWithoutBenefit)
        {
            continue;
        }
        let pid = p.id.as_str();
        let choose = if benefits.is_empty() {
            format!(
                "add a benefit with `pm benefit add ID --title T` and name it with `pm project set {pid} --benefit ID`"
            )
        } else {
            format!(
                "name the ones it serves with `pm project set {pid} --benefit B` (the benefits: {})",
                list_names(benefits.iter().copied(), ", ")
            )
        };
        out.push(
            Diagnostic::new(
                Rule::ProjectWithoutBenefit,
                p.loc(p.span),
                format!("project {pid} serves no program benefit"),
            )
            .label("no `benefits`")
            .help(format!(
                "{choose}; a project that serves none is a candidate for cancelling (`pm project set {pid} --status cancelled`)"
            ))
            .project(pid),
        );
    }
}

/// PM302: a benefit no live project works towards.
fn unserved_benefits(loaded: &Loaded, program: &Program, out: &mut Vec<Diagnostic>) {
    let served: std::collections::HashSet<&str, IdHash> = loaded
        .projects
        .iter()
        .filter(|p| p.status.value != ProjectStatus::Cancelled)
        .flat_map(|p| p.benefits.iter().map(|b| b.as_str()))
        .collect();
    for b in &program.benefits {
        let bid = b.id.as_str();
        if served.contains(bid) {
            continue;
        }
        let title = b
            .title
            .as_deref()
            .map(|t| format!(" ({t})"))
            .unwrap_or_default();
        out.push(
            Diagnostic::new(
                Rule::BenefitWithoutProject,
                Loc {
                    file: program.file,
                    span: b.span,
                },
                format!("benefit '{bid}'{title} is served by no project that is not cancelled"),
            )
            .label("no project serves this")
            .help(format!(
                "start a project for it with `pm project new ID --name N --benefit {bid}`, have an existing project serve it with `pm project set PROJECT --benefit {bid}`, or remove it with `pm benefit remove {bid}`"
            ))
            .benefit(bid),
        );
    }
}

/// PM303: the same deliverable id in two projects. Cancelled projects are left out: their
/// scope is often handed over to a new project under the same id.
fn overlapping_scope(loaded: &Loaded, out: &mut Vec<Diagnostic>) {
    let mut first: HashMap<&str, (&Project, &Deliverable), IdHash> = HashMap::default();
    for p in &loaded.projects {
        if p.status.value == ProjectStatus::Cancelled {
            continue;
        }
        // Duplicates within one file are PM002.
        let mut seen_here: std::collections::HashSet<&str, IdHash> = Default::default();
        for d in &p.deliverables {
            let did = d.id.as_str();
            if !seen_here.insert(did) {
                continue;
            }
            let Some(&(fp, fd)) = first.get(did) else {
                first.insert(did, (p, d));
                continue;
            };
            if d.allow.allows(Rule::OverlappingScope) || fd.allow.allows(Rule::OverlappingScope) {
                continue;
            }
            let pid = p.id.as_str();
            let other = fp.id.as_str();
            let mut projects = vec![pid.to_owned(), other.to_owned()];
            projects.sort();
            projects.dedup();
            out.push(
                Diagnostic::new(
                    Rule::OverlappingScope,
                    p.loc(d.id.span),
                    format!("deliverable '{did}' is in the scope of both {other} and {pid}"),
                )
                .label(format!("also a deliverable of {other}"))
                .secondary(fp.loc(fd.id.span), format!("a deliverable of {other}"))
                .help(format!(
                    "one project owns each deliverable: remove '{did}' from {other} or {pid} with `pm scope remove PROJECT {did}` (`--retrace-to D` re-points its work), or give one another id with `pm scope set PROJECT {did} --id NEW` if they are different things"
                ))
                .project(pid)
                .deliverable(did)
                .facts(|f| f.projects = Some(projects)),
            );
        }
    }
}

/// PM304: a charter window reaching outside the program's start-end.
fn outside_window(loaded: &Loaded, program: &Program, out: &mut Vec<Diagnostic>) {
    let at = |span| Loc {
        file: program.file,
        span,
    };
    for p in &loaded.projects {
        if p.allow.allows(Rule::OutsideProgramWindow) {
            continue;
        }
        let pid = p.id.as_str();
        let c = &p.charter;
        let mut push = |date: &Sp<chrono::NaiveDate>,
                        bound: &Sp<chrono::NaiveDate>,
                        why: String| {
            out.push(
                Diagnostic::new(
                    Rule::OutsideProgramWindow,
                    p.loc(date.span),
                    format!("the charter of {pid} {why}"),
                )
                .label("outside the program window")
                .secondary(at(bound.span), "the program window")
                .help(format!(
                    "move the charter inside the program window with `pm project set {pid} --start DATE --end DATE`, or widen the program window with `pm program set --start DATE --end DATE`"
                ))
                .project(pid),
            );
        };
        for (date, verb) in [(&c.start, "starts"), (&c.end, "ends")] {
            let Some(date) = date else { continue };
            if let Some(ps) = &program.start
                && date.value < ps.value
            {
                push(
                    date,
                    ps,
                    format!(
                        "{verb} on {}, before the program starts on {}",
                        date.value, ps.value
                    ),
                );
            } else if let Some(pe) = &program.end
                && date.value > pe.value
            {
                push(
                    date,
                    pe,
                    format!(
                        "{verb} on {}, after the program ends on {}",
                        date.value, pe.value
                    ),
                );
            }
        }
    }
}
