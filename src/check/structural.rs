//! PM002-PM005: ids, references, file names and ranges.

use std::collections::{HashMap, HashSet};

use super::IdHash;
use super::{Diagnostic, Rule};
use crate::model::*;
use crate::store::{Loaded, did_you_mean};

pub fn check(loaded: &Loaded, out: &mut Vec<Diagnostic>) {
    global(loaded, out);
    let known = Known::new(loaded);
    for project in &loaded.projects {
        self::project(loaded, &known, project, out);
    }
}

/// The rules that read more than one project: duplicate project ids, and the program's own
/// ids, ranges and manager.
pub(super) fn global(loaded: &Loaded, out: &mut Vec<Diagnostic>) {
    duplicate_projects(loaded, out);
    if let Some(program) = &loaded.program {
        duplicates_in_program(program, out);
        ranges_in_program(program, out);
        if let Some(m) = &program.manager {
            let loc = Loc {
                file: program.file,
                span: m.span,
            };
            Known::new(loaded).person(m, loc, out, &|d| d);
        }
    }
}

/// The rules of one project: its file's name, its ids, its ranges and its references to the
/// program's people and benefits.
pub(super) fn project(loaded: &Loaded, known: &Known<'_>, p: &Project, out: &mut Vec<Diagnostic>) {
    file_id(loaded, p, out);
    duplicates_in_project(p, out);
    ranges_in_project(p, out);
    if loaded.program.is_some() {
        references(known, p, out);
    }
}

/// Reports every item whose id was seen before, pointing back at the first one.
fn duplicates<'a>(
    items: impl IntoIterator<Item = (&'a Sp<String>, Loc)>,
    kind: &str,
    out: &mut Vec<Diagnostic>,
    tag: impl Fn(Diagnostic, &str) -> Diagnostic,
) {
    let items = items.into_iter();
    let mut seen: HashMap<&str, Loc, IdHash> =
        HashMap::with_capacity_and_hasher(items.size_hint().0, IdHash::default());
    for (id, loc) in items {
        match seen.get(id.value.as_str()) {
            Some(first) => out.push(tag(
                Diagnostic::new(
                    Rule::DuplicateId,
                    loc,
                    format!("{kind} '{}' is defined twice; ids must be unique", id.value),
                )
                .label("defined again here")
                .secondary(*first, "first defined here")
                .help("rename one of them"),
                &id.value,
            )),
            None => {
                seen.insert(&id.value, loc);
            }
        }
    }
}

fn duplicate_projects(loaded: &Loaded, out: &mut Vec<Diagnostic>) {
    duplicates(
        loaded.projects.iter().map(|p| (&p.id, p.loc(p.id.span))),
        "project",
        out,
        |d, id| d.project(id),
    );
}

fn duplicates_in_program(program: &Program, out: &mut Vec<Diagnostic>) {
    let at = |span| Loc {
        file: program.file,
        span,
    };
    let own = |p: &&Person| p.file == program.file;
    duplicates(
        program
            .people
            .iter()
            .filter(own)
            .map(|p| (&p.id, at(p.id.span))),
        "person",
        out,
        |d, id| d.person(id),
    );
    // The shared pool of a portfolio: the program refers to its people, never declares them.
    let mut pool: HashMap<&str, &Person> = HashMap::new();
    for p in program.people.iter().filter(|p| !own(p)) {
        pool.entry(p.id.as_str()).or_insert(p);
    }
    for p in program.people.iter().filter(own) {
        if let Some(shared) = pool.get(p.id.as_str()) {
            let id = p.id.as_str();
            out.push(
                Diagnostic::new(
                    Rule::DuplicateId,
                    p.loc(p.id.span),
                    format!(
                        "person '{id}' is in the shared pool of the portfolio, and declared again in this program; a program refers to the pool's people without declaring them"
                    ),
                )
                .label("declared again here")
                .secondary(shared.loc(shared.id.span), "in the portfolio's pool")
                .help(format!(
                    "remove this [[person]] '{id}' from the program (the pool's entry is the one that counts), or give one of them another id"
                ))
                .person(id),
            );
        }
    }
    duplicates(
        program.benefits.iter().map(|b| (&b.id, at(b.id.span))),
        "benefit",
        out,
        |d, id| d.benefit(id),
    );
}

fn duplicates_in_project(p: &Project, out: &mut Vec<Diagnostic>) {
    let pid = p.id.value.as_str();
    duplicates(
        p.deliverables.iter().map(|d| (&d.id, p.loc(d.id.span))),
        "deliverable",
        out,
        |d, id| d.project(pid).deliverable(id),
    );
    duplicates(
        p.exclusions.iter().map(|d| (&d.id, p.loc(d.id.span))),
        "exclusion",
        out,
        |d, _| d.project(pid),
    );
    duplicates(
        p.work.iter().map(|w| (&w.id, p.loc(w.id.span))),
        "work item",
        out,
        |d, id| d.project(pid).work(id),
    );
    duplicates(
        p.requests.iter().map(|r| (&r.id, p.loc(r.id.span))),
        "request",
        out,
        |d, id| d.project(pid).request(id),
    );
    duplicates(
        p.changes.iter().map(|c| (&c.id, p.loc(c.id.span))),
        "change",
        out,
        |d, id| d.project(pid).change(id),
    );
    duplicates(
        p.dependencies.iter().map(|r| (&r.id, p.loc(r.id.span))),
        "dependency",
        out,
        |d, id| d.project(pid).dependency(id),
    );
}

fn file_id(loaded: &Loaded, p: &Project, out: &mut Vec<Diagnostic>) {
    let path = loaded.sources.path(p.file);
    let stem = path
        .rsplit('/')
        .next()
        .and_then(|n| n.strip_suffix(".toml"))
        .unwrap_or_default();
    if p.id.value != stem {
        out.push(
            Diagnostic::new(
                Rule::FileIdMismatch,
                p.loc(p.id.span),
                format!(
                    "project id '{}' does not match its file name {path}",
                    p.id.value
                ),
            )
            .label(format!("expected id = \"{stem}\""))
            .help(format!(
                "set id = \"{stem}\", or rename the file to {}.toml",
                p.id.value
            ))
            .project(&p.id.value),
        );
    }
}

/// `what` names the value in the message; it is only built for a finding, since the check runs
/// for every assignment of the program.
fn percent_out_of_range(
    value: &Sp<i64>,
    what: impl FnOnce() -> String,
    loc: Loc,
) -> Option<Diagnostic> {
    (!(0..=1000).contains(&value.value)).then(|| {
        Diagnostic::new(
            Rule::InvalidRange,
            loc,
            format!(
                "{} {}% is outside 0-1000 (100 is one full-time person)",
                what(),
                value.value
            ),
        )
        .label("outside 0-1000")
    })
}

/// `what` is built only for a finding, like in [`percent_out_of_range`].
fn reversed(
    start: Option<&Sp<chrono::NaiveDate>>,
    end: Option<&Sp<chrono::NaiveDate>>,
    what: impl FnOnce() -> String,
    file: FileId,
) -> Option<Diagnostic> {
    let (s, e) = (start?, end?);
    (e.value < s.value).then(|| {
        Diagnostic::new(
            Rule::InvalidRange,
            Loc { file, span: e.span },
            format!(
                "{} ends on {} before it starts on {}",
                what(),
                e.value,
                s.value
            ),
        )
        .label("end before start")
        .secondary(Loc { file, span: s.span }, "start")
    })
}

fn ranges_in_program(program: &Program, out: &mut Vec<Diagnostic>) {
    let file = program.file;
    out.extend(
        reversed(
            program.start.as_ref(),
            program.end.as_ref(),
            || "the program".to_owned(),
            file,
        )
        .map(|d| d.help("correct the window with `pm program set --start DATE --end DATE`")),
    );
    for person in program.people.iter().filter(|p| p.file == file) {
        person_ranges(person, out);
    }
}

/// PM002 and PM005 of the shared pool of a portfolio, checked once for all its programs.
pub fn pool(people: &[&Person], out: &mut Vec<Diagnostic>) {
    duplicates(
        people.iter().map(|p| (&p.id, p.loc(p.id.span))),
        "person",
        out,
        |d, id| d.person(id),
    );
    for person in people {
        person_ranges(person, out);
    }
}

/// PM005 of one person: capacity, availability and time off.
fn person_ranges(person: &Person, out: &mut Vec<Diagnostic>) {
    let file = person.file;
    {
        let id = person.id.as_str();
        let at = Loc {
            file,
            span: person.capacity.span,
        };
        if let Some(d) = percent_out_of_range(&person.capacity, || format!("{id}'s capacity"), at) {
            out.push(
                d.person(id)
                    .help(format!("set it with `pm person set {id} --capacity N`")),
            );
        }
        if let Some(d) = reversed(
            person.start.as_ref(),
            person.end.as_ref(),
            || format!("{id}'s availability"),
            file,
        ) {
            out.push(d.person(id).help(format!(
                "correct the dates with `pm person set {id} --start DATE --end DATE`"
            )));
        }
        for off in &person.time_off {
            if off.to < off.from {
                out.push(
                    Diagnostic::new(
                        Rule::InvalidRange,
                        Loc {
                            file,
                            span: off.span,
                        },
                        format!(
                            "{id}'s time off ends on {} before it starts on {}",
                            off.to, off.from
                        ),
                    )
                    .label("end before start")
                    .help(format!(
                        "cancel it with `pm person off {id} --cancel --from {}` and record it again with `pm person off {id} --from DATE --to DATE`",
                        off.from
                    ))
                    .person(id),
                );
            }
        }
    }
}

fn ranges_in_project(p: &Project, out: &mut Vec<Diagnostic>) {
    let pid = p.id.as_str();
    let file = p.file;
    let c = &p.charter;
    if let Some(priority) = &p.priority
        && valid_priority(priority.value).is_none()
    {
        out.push(
            Diagnostic::new(
                Rule::InvalidRange,
                p.loc(priority.span),
                format!(
                    "{pid}'s priority {} is outside 1-1000 (higher is more important)",
                    priority.value
                ),
            )
            .label("outside 1-1000")
            .help(format!(
                "set a priority from 1 to 1000 with `pm project set {pid} --priority N`, or remove the key for the default, {}",
                DEFAULT_PRIORITY
            ))
            .project(pid),
        );
    }
    if let Some(d) = reversed(
        c.start.as_ref(),
        c.end.as_ref(),
        || format!("the charter of {pid}"),
        file,
    ) {
        out.push(d.project(pid).help(format!(
            "correct the window with `pm project set {pid} --start DATE --end DATE`"
        )));
    }
    for w in &p.work {
        if let Some(d) = reversed(
            w.start.as_ref(),
            w.due.as_ref(),
            || format!("work item {}", w.id.value),
            file,
        ) {
            out.push(d.project(pid).work(&w.id.value).help(format!(
                "correct the dates with `pm work set {pid}/{} --start DATE --due DATE`",
                w.id.value
            )));
        }
    }
    for a in &p.assignments {
        let person = a.person.as_str();
        if let Some(d) = percent_out_of_range(
            &a.allocation,
            || format!("{person}'s allocation"),
            p.loc(a.allocation.span),
        ) {
            let at = a
                .window(c)
                .map(|(from, _)| format!(" --at {from}"))
                .unwrap_or_default();
            out.push(d.project(pid).person(person).help(format!(
                "set it with `pm assignment set {person} {pid}{at} --allocation N`"
            )));
        }
        match a.window(c) {
            None => out.push(
                Diagnostic::new(
                    Rule::InvalidRange,
                    p.loc(a.span),
                    format!(
                        "{person}'s assignment to {pid} has no {} and the charter has no {} to default to",
                        if a.from.is_none() && c.start.is_none() { "from" } else { "to" },
                        if a.from.is_none() && c.start.is_none() { "start" } else { "end" },
                    ),
                )
                .label("no dates")
                .help(format!("give the assignment dates with `pm assignment set {person} {pid} --from DATE --to DATE`, or set the charter with `pm project set {pid} --start DATE --end DATE`"))
                .project(pid)
                .person(person),
            ),
            Some((from, to)) if to < from => {
                let span = a.to.as_ref().map(|t| t.span).unwrap_or(a.span);
                out.push(
                    Diagnostic::new(
                        Rule::InvalidRange,
                        p.loc(span),
                        format!("{person}'s assignment to {pid} ends on {to} before it starts on {from}"),
                    )
                    .label("end before start")
                    .help(format!("correct the dates with `pm assignment set {person} {pid} --from DATE --to DATE`"))
                    .project(pid)
                    .person(person),
                );
            }
            Some(_) => {}
        }
    }
    for r in &p.requests {
        let rid = r.id.as_str();
        if let Some(alloc) = &r.allocation
            && let Some(d) = percent_out_of_range(
                alloc,
                || format!("request {rid}'s allocation"),
                p.loc(alloc.span),
            )
        {
            out.push(d.project(pid).request(rid).help(format!(
                "set it with `pm request set {pid}/{rid} --allocation N`"
            )));
        }
        if let Some(d) = reversed(
            r.from.as_ref(),
            r.to.as_ref(),
            || format!("request {rid}"),
            file,
        ) {
            out.push(d.project(pid).request(rid).help(format!(
                "correct the dates with `pm request set {pid}/{rid} --from DATE --to DATE`"
            )));
        }
    }
    for change in &p.changes {
        let cid = change.id.as_str();
        if let Some(d) = reversed(
            change.start.as_ref(),
            change.end.as_ref(),
            || format!("the window change {cid} asks for"),
            file,
        ) {
            out.push(d.project(pid).change(cid));
        }
    }
}

fn unknown(what: &str, id: &Sp<String>, loc: Loc, known: &[&str], fix: &str) -> Diagnostic {
    let hint = match did_you_mean(&id.value, known.iter().copied()) {
        Some(s) => format!(" — did you mean '{s}'?"),
        None => String::new(),
    };
    Diagnostic::new(
        Rule::UnknownReference,
        loc,
        format!("unknown {what} '{}'{hint}", id.value),
    )
    .label(format!("no such {what}"))
    .help(fix.to_owned())
}

/// The people and benefits of the program, which every reference is looked up in: lists in
/// file order for the did-you-mean hint, sets for the look-up, since a large program has
/// hundreds of thousands of references to thousands of people.
pub(super) struct Known<'a> {
    people: Vec<&'a str>,
    benefits: Vec<&'a str>,
    person_set: HashSet<&'a str, IdHash>,
    benefit_set: HashSet<&'a str, IdHash>,
}

impl<'a> Known<'a> {
    pub(super) fn new(loaded: &'a Loaded) -> Known<'a> {
        let (people, benefits): (Vec<&str>, Vec<&str>) = match &loaded.program {
            Some(program) => (
                program.people.iter().map(|p| p.id.as_str()).collect(),
                program.benefits.iter().map(|b| b.id.as_str()).collect(),
            ),
            None => (Vec::new(), Vec::new()),
        };
        let person_set = people.iter().copied().collect();
        let benefit_set = benefits.iter().copied().collect();
        Known {
            people,
            benefits,
            person_set,
            benefit_set,
        }
    }

    fn person(
        &self,
        id: &Sp<String>,
        loc: Loc,
        out: &mut Vec<Diagnostic>,
        tag: &dyn Fn(Diagnostic) -> Diagnostic,
    ) {
        if !self.person_set.contains(id.as_str()) {
            let fix = format!(
                "fix the spelling, or add the person with `pm person add {}`",
                id.value
            );
            out.push(tag(unknown("person", id, loc, &self.people, &fix)));
        }
    }
}

fn references(known: &Known<'_>, p: &Project, out: &mut Vec<Diagnostic>) {
    let pid = p.id.as_str();
    let tag = |d: Diagnostic| d.project(pid);
    if let Some(m) = &p.manager {
        known.person(m, p.loc(m.span), out, &tag);
    }
    if let Some(m) = &p.charter.approved_by {
        known.person(m, p.loc(m.span), out, &tag);
    }
    for w in &p.work {
        if let Some(a) = &w.assignee {
            known.person(a, p.loc(a.span), out, &|d| d.project(pid).work(&w.id.value));
        }
    }
    for a in &p.assignments {
        known.person(&a.person, p.loc(a.person.span), out, &tag);
    }
    for r in &p.requests {
        if let Some(f) = &r.filled_by {
            known.person(f, p.loc(f.span), out, &|d| {
                d.project(pid).request(&r.id.value)
            });
        }
    }
    for c in &p.changes {
        for who in [&c.requested_by, &c.decided_by].into_iter().flatten() {
            known.person(who, p.loc(who.span), out, &|d| {
                d.project(pid).change(&c.id.value)
            });
        }
    }
    waiting_work(p, out);
    for b in &p.benefits {
        if !known.benefit_set.contains(b.as_str()) {
            out.push(
                unknown(
                    "benefit",
                    b,
                    p.loc(b.span),
                    &known.benefits,
                    &format!(
                        "fix the spelling with `pm project set {pid} --remove-benefit {} --benefit B`, or add the benefit with `pm benefit add {} --title T`",
                        b.value, b.value
                    ),
                )
                .project(pid)
                .benefit(&b.value),
            );
        }
    }
}

/// The `for` of each dependency names work items of its own project.
fn waiting_work(p: &Project, out: &mut Vec<Diagnostic>) {
    if p.dependencies.iter().all(|d| d.work.is_empty()) {
        return;
    }
    let pid = p.id.as_str();
    let known: Vec<&str> = p.work.iter().map(|w| w.id.as_str()).collect();
    for dep in &p.dependencies {
        for w in &dep.work {
            if p.work_item(&w.value).is_none() {
                out.push(
                    unknown(
                        "work item",
                        w,
                        p.loc(w.span),
                        &known,
                        &format!(
                            "fix the spelling, or set the work that waits with `pm depend set {pid}/{} --for W,...`",
                            dep.id.value
                        ),
                    )
                    .project(pid)
                    .dependency(&dep.id.value),
                );
            }
        }
    }
}
