//! Turns the text of `program.toml` and project files into the typed model in one pass over
//! a parsed TOML document, reporting every problem as a PM001 finding at its exact place. This
//! file says what each file holds; [`reader`] reads typed values out of the document, which
//! [`parse`] builds from the parser's events into the arena of [`doc`].

mod doc;
mod parse;
mod reader;

use super::suggest::did_you_mean;
use crate::diagnostic::{Diagnostic, Rule};
use crate::model::keys;
use crate::model::*;
use reader::{Decoder, Field};

/// Whether `text` is a valid TOML document (a leading byte order mark allowed), by the parser
/// `pm check` reads files with: no document is built, so a large file costs little.
pub fn is_toml(text: &str) -> bool {
    parse::parse(text.strip_prefix('\u{feff}').unwrap_or(text)).is_ok()
}

/// Decodes `program.toml`. `None` when the file is not valid TOML at all.
pub fn decode_program(file: FileId, text: &str) -> (Option<Program>, Vec<Diagnostic>) {
    let mut d = Decoder::new(file);
    let Some(root) = d.parse(text) else {
        return (None, d.diags);
    };
    let root = root.get_ref();
    let [program, benefit, person, check] = d.fields(root, "program.toml", keys::PROGRAM_FILE);
    let mut p = Program {
        file,
        hours_per_week: 40.0,
        ..Program::default()
    };
    match d.table(program, "[program]") {
        Some((t, span)) => {
            p.span = span;
            let [id, name, manager, sponsor, start, end, hours] =
                d.fields(t, "[program]", keys::PROGRAM);
            p.id = d
                .required_id(id, "id", "[program]", span)
                .unwrap_or_default();
            p.name = d
                .required_string(name, "name", "[program]", span)
                .map(|s| s.value)
                .unwrap_or_default();
            p.manager = d.string(manager);
            p.sponsor = d.string(sponsor).map(|s| s.value);
            p.start = d.date(start);
            p.end = d.date(end);
            if let Some(h) = d.number(hours) {
                if h.value > 0.0 && h.value <= 168.0 {
                    p.hours_per_week = h.value;
                } else {
                    d.invalid(h.span, "hours_per_week must be more than 0 and at most 168");
                }
            }
        }
        None => {
            if program.is_none() {
                d.invalid(
                    Span::default(),
                    "missing [program] table; program.toml starts with [program] and its id and name",
                );
            }
        }
    }
    for (t, span) in d.tables(benefit, "[[benefit]]") {
        let [id, title] = d.fields(t, "[[benefit]]", keys::BENEFIT);
        let id = d.required_id(id, "id", "[[benefit]]", span);
        let title = d.string(title).map(|s| s.value);
        let Some(id) = id else { continue };
        p.benefits.push(Benefit { span, id, title });
    }
    p.people = people(&mut d, person);
    if let Some((t, _)) = d.table(check, "[check]") {
        let [deny, rules] = d.fields(t, "[check]", keys::CHECK);
        p.check.deny_warnings = d.boolean(deny).unwrap_or(false);
        if let Some((t, _)) = d.table(rules, "[check.rules]") {
            // In key order, as the settings were always applied (a later one wins).
            let mut entries: Vec<_> = t.iter().collect();
            entries.sort_by(|a, b| a.key.cmp(b.key));
            for entry in entries {
                let key_span = d.span(entry.key_span);
                let span = Span::new(
                    key_span.start as usize,
                    d.span(entry.value.span()).end as usize,
                );
                let name = entry.key;
                let Some(rule) = Rule::lookup(name) else {
                    let names = Rule::ALL.iter().map(|r| r.name());
                    let hint = match did_you_mean(name, names) {
                        Some(s) => format!(" — did you mean '{s}'?"),
                        None => "; use a rule code such as PM201 or a name such as over-allocation"
                            .into(),
                    };
                    d.invalid(
                        key_span,
                        format!("unknown rule '{name}' in [check.rules]{hint}"),
                    );
                    continue;
                };
                let field = Field {
                    key: rule.name(),
                    span,
                    value: entry.value,
                    value_span: d.span(entry.value.span()),
                };
                let levels = [
                    ("error", Level::Error),
                    ("warn", Level::Warn),
                    ("off", Level::Off),
                ];
                if let Some(level) = d.choice(Some(field), &levels) {
                    p.check.rules.push(RuleSetting {
                        span,
                        rule,
                        level: level.value,
                    });
                }
            }
        }
    }
    (Some(p), d.diags)
}

/// The `[[person]]` tables of program.toml or portfolio.toml.
fn people(d: &mut Decoder, person: Option<Field<'_>>) -> Vec<Person> {
    let mut out = Vec::new();
    for (t, span) in d.tables(person, "[[person]]") {
        let [id, name, capacity, skills, start, end, time_off] =
            d.fields(t, "[[person]]", keys::PERSON);
        let id = d.required_id(id, "id", "[[person]]", span);
        let mut person = Person {
            file: d.file,
            span,
            id: id.clone().unwrap_or_default(),
            name: d.string(name).map(|s| s.value),
            capacity: d.integer(capacity).unwrap_or(Sp::new(100, span)),
            skills: d.strings(skills).into_iter().map(|s| s.value).collect(),
            start: d.date(start),
            end: d.date(end),
            time_off: Vec::new(),
        };
        for (t, span) in d.tables(time_off, "time_off") {
            let [from, to, reason] = d.fields(t, "time_off", keys::TIME_OFF);
            let from = d.required_date(from, "from", "time_off", span);
            let to = d.required_date(to, "to", "time_off", span);
            let reason = d.string(reason).map(|s| s.value);
            if let (Some(from), Some(to)) = (from, to) {
                person.time_off.push(TimeOff {
                    span,
                    from: from.value,
                    to: to.value,
                    reason,
                });
            }
        }
        if id.is_some() {
            out.push(person);
        }
    }
    out
}

/// Decodes `portfolio.toml`. `None` when the file is not valid TOML at all.
pub fn decode_portfolio(file: FileId, text: &str) -> (Option<Portfolio>, Vec<Diagnostic>) {
    let mut d = Decoder::new(file);
    let Some(root) = d.parse(text) else {
        return (None, d.diags);
    };
    let root = root.get_ref();
    let [portfolio, person] = d.fields(root, "portfolio.toml", keys::PORTFOLIO_FILE);
    let mut p = Portfolio {
        file,
        ..Portfolio::default()
    };
    match d.table(portfolio, "[portfolio]") {
        Some((t, span)) => {
            p.span = span;
            let [id, name, programs] = d.fields(t, "[portfolio]", keys::PORTFOLIO);
            p.id = d
                .required_id(id, "id", "[portfolio]", span)
                .unwrap_or_default();
            p.name = d
                .required_string(name, "name", "[portfolio]", span)
                .map(|s| s.value)
                .unwrap_or_default();
            if programs.is_none() {
                d.missing("programs", "[portfolio]", span);
            }
            for folder in d.strings(programs) {
                match folder_error(&folder.value) {
                    Some(why) => d.invalid(
                        folder.span,
                        format!("'{}' in 'programs' {why}", folder.value),
                    ),
                    None => p.programs.push(folder),
                }
            }
        }
        None => {
            if portfolio.is_none() {
                d.invalid(
                    Span::default(),
                    "missing [portfolio] table; portfolio.toml starts with [portfolio], its id, name and programs",
                );
            }
        }
    }
    p.people = people(&mut d, person);
    (Some(p), d.diags)
}

/// Why a `programs` entry is not a folder below the portfolio's, if it is not.
fn folder_error(folder: &str) -> Option<&'static str> {
    if folder.is_empty() {
        return Some("is empty; name a program folder below this one, e.g. \"artemis\"");
    }
    if folder.starts_with('/') || folder.contains('\\') || folder.contains(':') {
        return Some("is not a folder below this one: write it relative to portfolio.toml, with /");
    }
    if folder
        .split('/')
        .any(|part| part.is_empty() || part == "." || part == "..")
    {
        return Some("must be a folder below this one, without '.', '..' or empty parts");
    }
    None
}

/// Decodes a project file whose file stem is `stem`. `None` when the file is not valid TOML.
pub fn decode_project(file: FileId, text: &str, stem: &str) -> (Option<Project>, Vec<Diagnostic>) {
    let mut d = Decoder::new(file);
    let Some(root) = d.parse(text) else {
        return (None, d.diags);
    };
    let root = root.get_ref();
    let [
        project,
        charter,
        deliverable,
        exclusion,
        work,
        assignment,
        request,
        change,
        dependency,
    ] = d.fields(root, "a project file", keys::PROJECT_FILE);
    let mut p = Project {
        file,
        span: Span::default(),
        id: Sp::new(stem.to_owned(), Span::default()),
        name: String::new(),
        status: Sp::new(ProjectStatus::Proposed, Span::default()),
        priority: None,
        manager: None,
        benefits: Vec::new(),
        allow: Allow::default(),
        charter: Charter::default(),
        deliverables: Vec::new(),
        exclusions: Vec::new(),
        work: Vec::new(),
        assignments: Vec::new(),
        requests: Vec::new(),
        changes: Vec::new(),
        dependencies: Vec::new(),
    };
    match d.table(project, "[project]") {
        Some((t, span)) => {
            p.span = span;
            p.status.span = span;
            let [id, name, status, priority, manager, benefits, allow, reason] =
                d.fields(t, "[project]", keys::PROJECT);
            if let Some(id) = d.required_id(id, "id", "[project]", span) {
                p.id = id;
            }
            p.name = d
                .required_string(name, "name", "[project]", span)
                .map(|s| s.value)
                .unwrap_or_default();
            if let Some(s) = d.choice(status, &ProjectStatus::ALL) {
                p.status = s;
            }
            p.manager = d.string(manager);
            p.benefits = d.strings(benefits);
            p.priority = d.whole(
                priority,
                "a whole number from 1 to 1000",
                "a priority from 1 to 1000",
            );
            p.allow = d.allow(allow, reason, span, "[project]");
        }
        None => {
            if project.is_none() {
                d.invalid(
                    Span::default(),
                    "missing [project] table; a project file starts with [project] and its id and name",
                );
            }
        }
    }
    if let Some((t, span)) = d.table(charter, "[charter]") {
        let [objective, start, end, effort, budget, approved, approved_by] =
            d.fields(t, "[charter]", keys::CHARTER);
        p.charter = Charter {
            span: Some(span),
            objective: d.string(objective).map(|s| s.value),
            start: d.date(start),
            end: d.date(end),
            effort_hours: d.hours(effort),
            budget: d.number(budget).map(|s| s.value),
            approved: d.date(approved),
            approved_by: d.string(approved_by),
        };
    }
    for (t, span) in d.tables(deliverable, "[[deliverable]]") {
        let [id, title, due, allow, reason] = d.fields(t, "[[deliverable]]", keys::DELIVERABLE);
        let id = d.required_id(id, "id", "[[deliverable]]", span);
        let title = d.string(title).map(|s| s.value);
        let due = d.date(due);
        let allow = d.allow(allow, reason, span, "[[deliverable]]");
        let Some(id) = id else { continue };
        p.deliverables.push(Deliverable {
            span,
            id,
            title,
            due,
            allow,
        });
    }
    for (t, span) in d.tables(exclusion, "[[exclusion]]") {
        let [id, title, keywords] = d.fields(t, "[[exclusion]]", keys::EXCLUSION);
        let id = d.required_id(id, "id", "[[exclusion]]", span);
        let title = d.string(title).map(|s| s.value);
        let keywords = d.strings(keywords).into_iter().map(|s| s.value).collect();
        let Some(id) = id else { continue };
        p.exclusions.push(Exclusion {
            span,
            id,
            title,
            keywords,
        });
    }
    for (t, span) in d.tables(work, "[[work]]") {
        let [
            id,
            title,
            deliverable,
            estimate,
            status,
            start,
            due,
            assignee,
            tags,
            allow,
            reason,
            moved_from,
        ] = d.fields(t, "[[work]]", keys::WORK);
        let id = d.required_id(id, "id", "[[work]]", span);
        let title = d.required_string(title, "title", "[[work]]", span);
        let status = d
            .choice(status, &WorkStatus::ALL)
            .unwrap_or(Sp::new(WorkStatus::Todo, span));
        let mut allow = d.allow(allow, reason, span, "[[work]]");
        if status.value == WorkStatus::Dropped && allow.reason.is_none() {
            if reason.is_none() {
                d.invalid(
                    status.span,
                    "dropped work needs a `reason`: say why it serves no program benefit",
                );
            } else {
                allow.reason = d.string(reason).map(|s| s.value);
            }
        }
        // Every key is decoded before a missing one drops the item, so all problems show.
        let deliverable = d.string(deliverable);
        let estimate_hours = d.hours(estimate);
        let start = d.date(start);
        let due = d.date(due);
        let assignee = d.string(assignee);
        let tags = d.strings(tags);
        let moved_from = d.string(moved_from).map(|s| s.value);
        let (Some(id), Some(title)) = (id, title) else {
            continue;
        };
        p.work.push(Work {
            span,
            id,
            title,
            deliverable,
            estimate_hours,
            status,
            start,
            due,
            assignee,
            tags,
            allow,
            moved_from,
        });
    }
    for (t, span) in d.tables(assignment, "[[assignment]]") {
        let [person, allocation, from, to, status, role, allow, reason] =
            d.fields(t, "[[assignment]]", keys::ASSIGNMENT);
        let person = d.required_string(person, "person", "[[assignment]]", span);
        let allocation = match allocation {
            Some(_) => d.integer(allocation),
            None => {
                d.missing("allocation", "[[assignment]]", span);
                None
            }
        };
        let from = d.date(from);
        let to = d.date(to);
        let status = d.choice(status, &AssignmentStatus::ALL).map(|s| s.value);
        let role = d.string(role).map(|s| s.value);
        let allow = d.allow(allow, reason, span, "[[assignment]]");
        let (Some(person), Some(allocation)) = (person, allocation) else {
            continue;
        };
        p.assignments.push(Assignment {
            span,
            person,
            allocation,
            from,
            to,
            status: status.unwrap_or_default(),
            role,
            allow,
        });
    }
    for (t, span) in d.tables(request, "[[request]]") {
        let [
            id,
            skills,
            allocation,
            from,
            to,
            reason,
            status,
            filled_by,
            allow,
        ] = d.fields(t, "[[request]]", keys::REQUEST);
        let id = d.required_id(id, "id", "[[request]]", span);
        // A request's `reason` says why the staff is needed; it also justifies an `allow`.
        let allow_rules = d.allow(allow, reason, span, "[[request]]");
        let request = Request {
            span,
            id: id.clone().unwrap_or_default(),
            skills: d.strings(skills).into_iter().map(|s| s.value).collect(),
            allocation: d.integer(allocation),
            from: d.date(from),
            to: d.date(to),
            reason: allow_rules.reason.clone(),
            status: d
                .choice(status, &RequestStatus::ALL)
                .map(|s| s.value)
                .unwrap_or_default(),
            filled_by: d.string(filled_by),
            allow: allow_rules,
        };
        if id.is_some() {
            p.requests.push(request);
        }
    }
    for (t, span) in d.tables(change, "[[change]]") {
        let [
            id,
            title,
            status,
            requested_by,
            decided_by,
            decided,
            reason,
            adds,
            removes,
            unexcludes,
            effort,
            start,
            end,
        ] = d.fields(t, "[[change]]", keys::CHANGE);
        let id = d.required_id(id, "id", "[[change]]", span);
        let title = d.required_string(title, "title", "[[change]]", span);
        let change = ChangeRequest {
            span,
            id: id.clone().unwrap_or_default(),
            title: title.clone().map(|t| t.value).unwrap_or_default(),
            status: d
                .choice(status, &ChangeStatus::ALL)
                .unwrap_or(Sp::new(ChangeStatus::Proposed, span)),
            requested_by: d.string(requested_by),
            decided_by: d.string(decided_by),
            decided: d.date(decided),
            reason: d.string(reason).map(|s| s.value),
            adds: d.strings(adds),
            removes: d.strings(removes),
            unexcludes: d.strings(unexcludes),
            effort_hours: d.hours(effort),
            start: d.date(start),
            end: d.date(end),
        };
        if id.is_some() && title.is_some() {
            p.changes.push(change);
        }
    }
    for (t, span) in d.tables(dependency, "[[dependency]]") {
        let [id, on, needed_by, work, reason, allow] =
            d.fields(t, "[[dependency]]", keys::DEPENDENCY);
        let id = d.required_id(id, "id", "[[dependency]]", span);
        let on = d
            .required_string(on, "on", "[[dependency]]", span)
            .and_then(|on| match Target::parse(&on.value) {
                Some(target) => Some(Sp::new(target, on.span)),
                None => {
                    d.invalid(
                        on.span,
                        format!(
                            "'on' = \"{}\" does not name a deliverable of another project; write it as PROJECT/DELIVERABLE, e.g. \"lander/descent-stage\"",
                            on.value
                        ),
                    );
                    None
                }
            });
        let needed_by = d.required_date(needed_by, "needed_by", "[[dependency]]", span);
        let mut work = d.strings(work);
        work.retain(|w| match slug_error(&w.value) {
            Some(why) => {
                d.invalid(w.span, format!("invalid work id in 'for': {why}"));
                false
            }
            None => true,
        });
        // As for a request, the `reason` says why; it also justifies an `allow`.
        let allow = d.allow(allow, reason, span, "[[dependency]]");
        let (Some(id), Some(on), Some(needed_by)) = (id, on, needed_by) else {
            continue;
        };
        p.dependencies.push(Dependency {
            span,
            id,
            on,
            needed_by,
            work,
            reason: allow.reason.clone(),
            allow,
        });
    }
    (Some(p), d.diags)
}

/// Where the first unresolved Git conflict marker is, if any (byte offset of its line).
///
/// Every file is scanned, so this jumps between the bytes a marker starts with (rare in TOML)
/// instead of walking line by line.
pub fn conflict_marker(text: &str) -> Option<usize> {
    let bytes = text.as_bytes();
    memchr::memchr3_iter(b'<', b'>', b'|', bytes).find(|&at| {
        (at == 0 || bytes[at - 1] == b'\n')
            && bytes[at..].len() >= 7
            && bytes[at..at + 7].iter().all(|&b| b == bytes[at])
    })
}

#[cfg(test)]
mod tests;
