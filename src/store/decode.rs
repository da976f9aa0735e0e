//! Turns the text of `program.toml` and project files into the typed model in one pass over
//! a spanned TOML tree, reporting every problem as a PM001 finding at its exact place.

use chrono::NaiveDate;
use toml::de::{DeTable, DeValue};

use super::suggest::did_you_mean;
use crate::diagnostic::{Diagnostic, Rule};
use crate::model::keys;
use crate::model::*;

/// One key of a table, as found in the file.
#[derive(Clone, Copy)]
struct Field<'t, 'i> {
    key: &'static str,
    /// From the start of the key to the end of the value.
    span: Span,
    value: &'t DeValue<'i>,
    value_span: Span,
}

struct Decoder {
    file: FileId,
    /// Bytes before the text handed to the parser (a UTF-8 byte order mark).
    base: usize,
    diags: Vec<Diagnostic>,
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
    for (t, span) in d.tables(person, "[[person]]") {
        let [id, name, capacity, skills, start, end, time_off] =
            d.fields(t, "[[person]]", keys::PERSON);
        let id = d.required_id(id, "id", "[[person]]", span);
        let mut person = Person {
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
            p.people.push(person);
        }
    }
    if let Some((t, _)) = d.table(check, "[check]") {
        let [deny, rules] = d.fields(t, "[check]", keys::CHECK);
        p.check.deny_warnings = d.boolean(deny).unwrap_or(false);
        if let Some((t, _)) = d.table(rules, "[check.rules]") {
            for (k, v) in t.iter() {
                let key_span = d.span(k.span());
                let span = Span::new(key_span.start as usize, d.span(v.span()).end as usize);
                let name = k.get_ref().as_ref();
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
                    value: v.get_ref(),
                    value_span: d.span(v.span()),
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
    ] = d.fields(root, "a project file", keys::PROJECT_FILE);
    let mut p = Project {
        file,
        span: Span::default(),
        id: Sp::new(stem.to_owned(), Span::default()),
        name: String::new(),
        status: Sp::new(ProjectStatus::Proposed, Span::default()),
        manager: None,
        benefits: Vec::new(),
        allow: Allow::default(),
        charter: Charter::default(),
        deliverables: Vec::new(),
        exclusions: Vec::new(),
        work: Vec::new(),
        assignments: Vec::new(),
        requests: Vec::new(),
    };
    match d.table(project, "[project]") {
        Some((t, span)) => {
            p.span = span;
            p.status.span = span;
            let [id, name, status, manager, benefits, allow, reason] =
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
            approved: d.date(approved).map(|s| s.value),
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

fn type_name(v: &DeValue<'_>) -> &'static str {
    match v {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "an integer",
        DeValue::Float(_) => "a float",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(dt) => match (dt.date, dt.time) {
            (Some(_), Some(_)) => "a date-time",
            (None, Some(_)) => "a time",
            _ => "a date",
        },
        DeValue::Array(_) => "an array",
        DeValue::Table(_) => "a table",
    }
}

impl Decoder {
    fn new(file: FileId) -> Decoder {
        Decoder {
            file,
            base: 0,
            diags: Vec::new(),
        }
    }

    fn span(&self, r: std::ops::Range<usize>) -> Span {
        Span::new(r.start + self.base, r.end + self.base)
    }

    fn invalid(&mut self, span: Span, message: impl Into<String>) {
        let loc = Loc {
            file: self.file,
            span,
        };
        self.diags
            .push(Diagnostic::new(Rule::InvalidFile, loc, message));
    }

    fn parse<'i>(&mut self, text: &'i str) -> Option<toml::Spanned<DeTable<'i>>> {
        let body = match text.strip_prefix('\u{feff}') {
            Some(rest) => {
                self.base = text.len() - rest.len();
                rest
            }
            None => text,
        };
        if let Some(at) = conflict_marker(body) {
            let span = Span::new(at + self.base, at + self.base);
            let loc = Loc {
                file: self.file,
                span,
            };
            // The line number is filled in by the message below once the location is known.
            let line = body[..at].matches('\n').count() + 1;
            self.diags.push(
                Diagnostic::new(
                    Rule::InvalidFile,
                    loc,
                    format!(
                        "unresolved merge conflict at line {line}; resolve it and run pm check again"
                    ),
                )
                .label("Git conflict marker"),
            );
            return None;
        }
        match DeTable::parse(body) {
            Ok(t) => Some(t),
            Err(e) => {
                let r = e.span().unwrap_or(0..0);
                let span = self.span(r);
                let message = e.message().trim_end().to_owned();
                let loc = Loc {
                    file: self.file,
                    span,
                };
                self.diags.push(
                    Diagnostic::new(Rule::InvalidFile, loc, format!("invalid TOML: {message}"))
                        .label(message),
                );
                None
            }
        }
    }

    /// Looks up the allowed keys of a table in one pass, reporting every other key.
    fn fields<'t, 'i, const N: usize>(
        &mut self,
        table: &'t DeTable<'i>,
        what: &str,
        allowed: [&'static str; N],
    ) -> [Option<Field<'t, 'i>>; N] {
        let mut out = [None; N];
        for (k, v) in table.iter() {
            let name = k.get_ref().as_ref();
            let key_span = self.span(k.span());
            let value_span = self.span(v.span());
            match allowed.iter().position(|a| *a == name) {
                Some(i) => {
                    out[i] = Some(Field {
                        key: allowed[i],
                        span: Span {
                            start: key_span.start,
                            end: value_span.end.max(key_span.end),
                        },
                        value: v.get_ref(),
                        value_span,
                    })
                }
                None => {
                    let hint = match did_you_mean(name, allowed) {
                        Some(s) => format!(" — did you mean '{s}'?"),
                        None => format!("; the keys of {what} are {}", allowed.join(", ")),
                    };
                    let message = format!("unknown key '{name}' in {what}{hint}");
                    self.diags.push(
                        Diagnostic::new(
                            Rule::InvalidFile,
                            Loc {
                                file: self.file,
                                span: key_span,
                            },
                            message,
                        )
                        .label("unknown key"),
                    );
                }
            }
        }
        out
    }

    fn wrong_type(&mut self, f: Field<'_, '_>, expected: &str) {
        let found = type_name(f.value);
        self.invalid(
            f.value_span,
            format!("'{}' must be {expected}, found {found}", f.key),
        );
    }

    fn missing(&mut self, key: &str, what: &str, item: Span) {
        self.invalid(item, format!("missing required key '{key}' in {what}"));
    }

    fn table<'t, 'i>(
        &mut self,
        f: Option<Field<'t, 'i>>,
        what: &str,
    ) -> Option<(&'t DeTable<'i>, Span)> {
        let f = f?;
        match f.value {
            DeValue::Table(t) => Some((t, f.value_span)),
            _ => {
                self.wrong_type(f, &format!("a table ({what})"));
                None
            }
        }
    }

    /// An array of tables (`[[work]]` or `work = [{ ... }]`), each with its span.
    fn tables<'t, 'i>(
        &mut self,
        f: Option<Field<'t, 'i>>,
        what: &str,
    ) -> Vec<(&'t DeTable<'i>, Span)> {
        let Some(f) = f else { return Vec::new() };
        let DeValue::Array(items) = f.value else {
            self.wrong_type(f, &format!("an array of tables ({what})"));
            return Vec::new();
        };
        let mut out = Vec::with_capacity(items.len());
        for item in items.iter() {
            let span = self.span(item.span());
            match item.get_ref() {
                DeValue::Table(t) => out.push((t, span)),
                other => {
                    let found = type_name(other);
                    self.invalid(
                        span,
                        format!("each entry of {what} must be a table, found {found}"),
                    );
                }
            }
        }
        out
    }

    fn string(&mut self, f: Option<Field<'_, '_>>) -> Option<Sp<String>> {
        let f = f?;
        match f.value {
            DeValue::String(s) => Some(Sp::new(s.to_string(), f.span)),
            _ => {
                self.wrong_type(f, "a string");
                None
            }
        }
    }

    fn required_string(
        &mut self,
        f: Option<Field<'_, '_>>,
        key: &str,
        what: &str,
        item: Span,
    ) -> Option<Sp<String>> {
        if f.is_none() {
            self.missing(key, what, item);
        }
        self.string(f)
    }

    fn required_id(
        &mut self,
        f: Option<Field<'_, '_>>,
        key: &str,
        what: &str,
        item: Span,
    ) -> Option<Sp<String>> {
        let s = self.required_string(f, key, what, item)?;
        if let Some(why) = slug_error(&s.value) {
            self.invalid(s.span, format!("invalid id in {what}: {why}"));
            return None;
        }
        Some(s)
    }

    fn strings(&mut self, f: Option<Field<'_, '_>>) -> Vec<Sp<String>> {
        let Some(f) = f else { return Vec::new() };
        let DeValue::Array(items) = f.value else {
            self.wrong_type(f, "an array of strings");
            return Vec::new();
        };
        let mut out = Vec::with_capacity(items.len());
        for item in items.iter() {
            let span = self.span(item.span());
            match item.get_ref() {
                DeValue::String(s) => out.push(Sp::new(s.to_string(), span)),
                other => {
                    let found = type_name(other);
                    self.invalid(
                        span,
                        format!("'{}' must hold strings, found {found}", f.key),
                    );
                }
            }
        }
        out
    }

    fn boolean(&mut self, f: Option<Field<'_, '_>>) -> Option<bool> {
        let f = f?;
        match f.value {
            DeValue::Boolean(b) => Some(*b),
            _ => {
                self.wrong_type(f, "true or false");
                None
            }
        }
    }

    fn integer(&mut self, f: Option<Field<'_, '_>>) -> Option<Sp<i64>> {
        let f = f?;
        match f.value {
            DeValue::Integer(i) => match i64::from_str_radix(i.as_str(), i.radix()) {
                Ok(n) => Some(Sp::new(n, f.span)),
                Err(_) => {
                    self.invalid(
                        f.value_span,
                        format!(
                            "'{}' = {i} is too large a number; write a percent from 0 to 1000",
                            f.key
                        ),
                    );
                    None
                }
            },
            _ => {
                self.wrong_type(f, "a whole number (percent)");
                None
            }
        }
    }

    /// Any finite number, integer or float.
    fn number(&mut self, f: Option<Field<'_, '_>>) -> Option<Sp<f64>> {
        let f = f?;
        let n = match f.value {
            DeValue::Integer(i) => i128::from_str_radix(i.as_str(), i.radix())
                .ok()
                .map(|n| n as f64),
            DeValue::Float(x) => x.as_str().replace('_', "").parse::<f64>().ok(),
            _ => {
                self.wrong_type(f, "a number");
                return None;
            }
        };
        match n {
            Some(n) if n.is_finite() => Some(Sp::new(n, f.span)),
            _ => {
                self.invalid(f.value_span, format!("'{}' must be a finite number", f.key));
                None
            }
        }
    }

    /// Hours of effort: a finite number, not negative.
    fn hours(&mut self, f: Option<Field<'_, '_>>) -> Option<Sp<f64>> {
        let n = self.number(f)?;
        if n.value < 0.0 {
            self.invalid(n.span, "hours cannot be negative");
            return None;
        }
        Some(n)
    }

    fn date(&mut self, f: Option<Field<'_, '_>>) -> Option<Sp<NaiveDate>> {
        let f = f?;
        match f.value {
            DeValue::Datetime(dt) => match (dt.date, dt.time, dt.offset) {
                (Some(d), None, None) => {
                    match NaiveDate::from_ymd_opt(
                        i32::from(d.year),
                        u32::from(d.month),
                        u32::from(d.day),
                    ) {
                        Some(date) => Some(Sp::new(date, f.span)),
                        None => {
                            self.invalid(
                                f.value_span,
                                format!("'{}' = {dt} is not a calendar date", f.key),
                            );
                            None
                        }
                    }
                }
                _ => {
                    self.invalid(
                        f.value_span,
                        format!(
                            "'{}' must be a date such as 2026-03-01, found {}; drop the time part",
                            f.key,
                            type_name(f.value)
                        ),
                    );
                    None
                }
            },
            DeValue::String(s) => {
                let hint = if NaiveDate::parse_from_str(s, "%Y-%m-%d").is_ok() {
                    format!("; write {s} without quotes")
                } else {
                    String::new()
                };
                self.invalid(
                    f.value_span,
                    format!(
                        "'{}' must be a TOML date such as 2026-03-01, found a string{hint}",
                        f.key
                    ),
                );
                None
            }
            _ => {
                self.wrong_type(f, "a date such as 2026-03-01");
                None
            }
        }
    }

    fn required_date(
        &mut self,
        f: Option<Field<'_, '_>>,
        key: &str,
        what: &str,
        item: Span,
    ) -> Option<Sp<NaiveDate>> {
        if f.is_none() {
            self.missing(key, what, item);
        }
        self.date(f)
    }

    fn choice<T: Copy>(
        &mut self,
        f: Option<Field<'_, '_>>,
        options: &[(&'static str, T)],
    ) -> Option<Sp<T>> {
        let s = self.string(f)?;
        if let Some((_, v)) = options.iter().find(|(name, _)| *name == s.value) {
            return Some(Sp::new(*v, s.span));
        }
        let names: Vec<&str> = options.iter().map(|(n, _)| *n).collect();
        let hint = match did_you_mean(&s.value, names.iter().copied()) {
            Some(n) => format!(" — did you mean '{n}'?"),
            None => String::new(),
        };
        let key = f.map(|f| f.key).unwrap_or("value");
        self.invalid(
            s.span,
            format!(
                "'{key}' = \"{}\" is not one of {}{hint}",
                s.value,
                names.join(", ")
            ),
        );
        None
    }

    fn allow(
        &mut self,
        allow: Option<Field<'_, '_>>,
        reason: Option<Field<'_, '_>>,
        item: Span,
        what: &str,
    ) -> Allow {
        let mut out = Allow {
            rules: Vec::new(),
            reason: self
                .string(reason)
                .map(|s| s.value)
                .filter(|r| !r.trim().is_empty()),
        };
        let names = self.strings(allow);
        for n in &names {
            match Rule::lookup(&n.value) {
                Some(r) => out.rules.push(r),
                None => {
                    let hint = match did_you_mean(&n.value, Rule::ALL.iter().map(|r| r.name())) {
                        Some(s) => format!(" — did you mean '{s}'?"),
                        None => "; name a rule by code (PM102) or name (excluded-work)".into(),
                    };
                    self.invalid(n.span, format!("unknown rule '{}' in allow{hint}", n.value));
                }
            }
        }
        if !names.is_empty() && out.reason.is_none() {
            let at = allow.map(|f| f.span).unwrap_or(item);
            self.invalid(
                at,
                format!("`allow` in {what} needs a `reason`: say who decided and why"),
            );
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::conflict_marker;

    /// The plain definition: the offset of the first line starting with a marker.
    fn by_lines(text: &str) -> Option<usize> {
        let mut offset = 0;
        for line in text.split_inclusive('\n') {
            if ["<<<<<<<", ">>>>>>>", "|||||||"]
                .iter()
                .any(|m| line.starts_with(m))
            {
                return Some(offset);
            }
            offset += line.len();
        }
        None
    }

    #[test]
    fn conflict_marker_finds_the_first_marker_line() {
        let cases = [
            "",
            "<<<<<<<",
            "<<<<<<",
            "a = 1\n<<<<<<< HEAD\nb = 2\n=======\nb = 3\n>>>>>>> other\n",
            "a = \"<<<<<<< not at a line start\"\n",
            "a = 1\n||||||| base\n<<<<<<< x\n",
            "a = 1\r\n>>>>>>> theirs\r\n",
            "x = \"<<\"\n<<<<<<<<<<\n",
            "é = 1\n|||||||\n",
            "<>|<>|\n<<<<<<>\n>>>>>>|\n",
            "a\n\n>>>>>>>",
        ];
        for text in cases {
            assert_eq!(conflict_marker(text), by_lines(text), "{text:?}");
        }
    }
}
