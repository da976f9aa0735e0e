//! PM101-PM107: does each project's work stay inside its charter?

use std::collections::HashMap;

use chrono::NaiveDate;

use super::{Diagnostic, IdHash, Rule, Severity, list_names};
use crate::model::*;
use crate::store::{Loaded, did_you_mean};

pub fn check(loaded: &Loaded, out: &mut Vec<Diagnostic>) {
    let owners = Owners::new(loaded);
    for index in 0..loaded.projects.len() {
        project(loaded, &owners, index, out);
    }
}

/// The charter rules of the project at `index` in `loaded.projects`. What they read of the
/// other projects is their ids, whether they are closed, and their deliverables (the ids, and
/// where a deliverable named by a finding is written).
pub(super) fn project(
    loaded: &Loaded,
    owners: &Owners<'_>,
    index: usize,
    out: &mut Vec<Diagnostic>,
) {
    let Some(project) = loaded.projects.get(index) else {
        return;
    };
    // A closed project's charter is history: nothing in it can still be steered.
    if project.status.value.is_closed() {
        return;
    }
    let scope = Scope::new(project);
    for work in &project.work {
        if work.status.value == WorkStatus::Dropped {
            continue;
        }
        traced(loaded, owners, &scope, index, project, work, out);
        work_dates(project, work, out);
    }
    effort(project, out);
    incomplete(project, out);
    assignment_dates(project, out);
    deliverable_dates(project, out);
}

/// The projects that own each deliverable id, by index in `loaded.projects`, so tracing a
/// work item is a look-up rather than a scan of every project.
pub(super) struct Owners<'a> {
    by_id: HashMap<&'a str, Vec<usize>, IdHash>,
}

impl<'a> Owners<'a> {
    pub(super) fn new(loaded: &'a Loaded) -> Owners<'a> {
        let mut by_id: HashMap<&'a str, Vec<usize>, IdHash> = HashMap::default();
        for (i, p) in loaded.projects.iter().enumerate() {
            for d in &p.deliverables {
                let list = by_id.entry(d.id.as_str()).or_default();
                if list.last() != Some(&i) {
                    list.push(i);
                }
            }
        }
        Owners { by_id }
    }

    fn of(&self, id: &str) -> &[usize] {
        self.by_id.get(id).map_or(&[], Vec::as_slice)
    }
}

/// One project's deliverables and exclusions by id (the first of each id, as
/// `Project::deliverable` finds it), and the first words of its exclusion keywords.
struct Scope<'a> {
    deliverables: HashMap<&'a str, &'a Deliverable, IdHash>,
    exclusions: HashMap<&'a str, &'a Exclusion, IdHash>,
    /// Lower-cased leading word of a keyword → exclusions (by index) with such a keyword. A
    /// keyword that starts a word can only match where a word of the text equals its first
    /// word, so a text is read once, word by word, with one look-up per word.
    by_word: HashMap<String, Vec<usize>, IdHash>,
    /// Exclusions with a keyword that starts with a non-word character: always tried.
    always: Vec<usize>,
}

impl<'a> Scope<'a> {
    fn new(p: &'a Project) -> Scope<'a> {
        let mut deliverables = HashMap::with_hasher(IdHash::default());
        for d in &p.deliverables {
            deliverables.entry(d.id.as_str()).or_insert(d);
        }
        let mut exclusions = HashMap::with_hasher(IdHash::default());
        let mut by_word: HashMap<String, Vec<usize>, IdHash> = HashMap::default();
        let mut always = Vec::new();
        for (i, ex) in p.exclusions.iter().enumerate() {
            exclusions.entry(ex.id.as_str()).or_insert(ex);
            for k in &ex.keywords {
                let k = k.trim().to_lowercase();
                let lead: String = k.chars().take_while(|c| is_word(*c)).collect();
                if lead.is_empty() {
                    if !k.is_empty() && always.last() != Some(&i) {
                        always.push(i);
                    }
                } else {
                    let list = by_word.entry(lead).or_default();
                    if list.last() != Some(&i) {
                        list.push(i);
                    }
                }
            }
        }
        Scope {
            deliverables,
            exclusions,
            by_word,
            always,
        }
    }

    /// Exclusions (by index, ascending) whose keywords might match one of `texts`: a superset
    /// of the ones that do. Nothing is allocated unless a word matches.
    fn keyword_candidates<'t>(&self, texts: impl Iterator<Item = &'t str>) -> Vec<usize> {
        let mut out = self.always.clone();
        if self.by_word.is_empty() {
            return out;
        }
        for text in texts {
            if text.is_ascii() {
                self.ascii_candidates(text, &mut out);
            } else {
                // Lower-casing beyond ASCII can change lengths and meet an ASCII keyword.
                let text = text.to_lowercase();
                for word in text.split(|c: char| !is_word(c)).filter(|w| !w.is_empty()) {
                    if let Some(list) = self.by_word.get(word) {
                        out.extend_from_slice(list);
                    }
                }
            }
        }
        if out.len() > 1 {
            out.sort_unstable();
            out.dedup();
        }
        out
    }
}

impl Scope<'_> {
    /// Adds the exclusions with a keyword whose first word is a word of `text` (ASCII), in one
    /// pass over its bytes; a word is lower-cased into a buffer only when it has a capital.
    fn ascii_candidates(&self, text: &str, out: &mut Vec<usize>) {
        let bytes = text.as_bytes();
        let mut lower = String::new();
        let mut i = 0;
        while i < bytes.len() {
            if !WORD[bytes[i] as usize] {
                i += 1;
                continue;
            }
            let start = i;
            while i < bytes.len() && WORD[bytes[i] as usize] {
                i += 1;
            }
            // ASCII throughout, so these are character boundaries.
            let mut word = &text[start..i];
            if word.bytes().any(|b| b.is_ascii_uppercase()) {
                lower.clear();
                lower.push_str(word);
                lower.make_ascii_lowercase();
                word = &lower;
            }
            if let Some(list) = self.by_word.get(word) {
                out.extend_from_slice(list);
            }
        }
    }
}

/// ASCII letters, digits and `_`: the ASCII characters [`is_word`] takes.
const WORD: [bool; 256] = {
    let mut t = [false; 256];
    let mut c = 0;
    while c < 128 {
        let b = c as u8;
        t[c] = b.is_ascii_alphanumeric() || b == b'_';
        c += 1;
    }
    t
};

/// Pushes `d` unless the item it is about has accepted the rule with `allow`.
fn push(out: &mut Vec<Diagnostic>, allow: &Allow, d: Diagnostic) {
    if !allow.allows(d.rule) {
        out.push(d);
    }
}

/// `pm work move PROJECT/WORK` followed by the given arguments.
fn move_command(project: &Project, work: &Work, args: &str) -> String {
    format!(
        "`pm work move {}/{} {args}`",
        project.id.value, work.id.value
    )
}

/// The three answers to out-of-charter work, for a help line.
fn move_options(project: &Project, work: &Work) -> String {
    format!(
        "{}, {} or {}",
        move_command(project, work, "--to PROJECT"),
        move_command(project, work, "--new-project ID"),
        move_command(project, work, "--drop --reason R"),
    )
}

/// PM101 and PM102: every work item traces to a deliverable of its own project.
fn traced(
    loaded: &Loaded,
    owners: &Owners<'_>,
    scope: &Scope<'_>,
    index: usize,
    p: &Project,
    w: &Work,
    out: &mut Vec<Diagnostic>,
) {
    let pid = p.id.as_str();
    let wid = w.id.as_str();
    let base = |rule: Rule, message: String| {
        Diagnostic::new(rule, p.loc(w.span), message)
            .project(pid)
            .work(wid)
    };
    let Some(del) = &w.deliverable else {
        let trace = if p.deliverables.is_empty() {
            format!(
                "add a deliverable with `pm scope add {pid} ID --title T` and trace the work to it with `pm work set {pid}/{wid} --deliverable ID`"
            )
        } else {
            format!(
                "trace it to one of {pid}'s deliverables ({}) with `pm work set {pid}/{wid} --deliverable D`",
                list_names(p.deliverables.iter().map(|d| d.id.as_str()), ", ")
            )
        };
        push(
            out,
            &w.allow,
            base(
                Rule::UntracedWork,
                format!("work item '{wid}' traces to no deliverable of {pid}"),
            )
            .label("no `deliverable`")
            .help(format!(
                "{trace}; if it is not {pid}'s work, {}",
                move_options(p, w)
            )),
        );
        keywords(p, scope, w, out);
        return;
    };
    let did = del.as_str();
    if scope.deliverables.contains_key(did) {
        keywords(p, scope, w, out);
        return;
    }
    if let Some(ex) = scope.exclusions.get(did) {
        let what = ex
            .title
            .as_deref()
            .map(|t| format!(" ({t})"))
            .unwrap_or_default();
        push(
            out,
            &w.allow,
            base(
                Rule::ExcludedWork,
                format!("work item '{wid}' traces to '{did}', which the charter of {pid} excludes{what}"),
            )
            .severity(Severity::Error)
            .label("excluded work")
            .secondary(p.loc(del.span), "an exclusion, not a deliverable")
            .secondary(p.loc(ex.id.span), "excluded here")
            .help(format!(
                "out-of-scope work is the program manager's call: {}; or record the decision on the item with allow = [\"excluded-work\"] and a reason",
                move_options(p, w)
            ))
            .deliverable(did),
        );
        return;
    }
    // Other projects that still run and own this deliverable: where the work belongs.
    let owning: Vec<&Project> = owners
        .of(did)
        .iter()
        .filter(|&&i| i != index)
        .filter_map(|&i| loaded.projects.get(i))
        .filter(|o| !o.status.value.is_closed())
        .collect();
    let d = match owning.first() {
        Some(owner) => {
            let names: Vec<&str> = owning.iter().map(|o| o.id.as_str()).collect();
            let mut d = base(
                Rule::UntracedWork,
                format!(
                    "work item '{wid}' traces to '{did}', a deliverable of {}, not of {pid}",
                    names.join(" and ")
                ),
            )
            .label("untraced work")
            .secondary(p.loc(del.span), format!("not a deliverable of {pid}"))
            .help(format!(
                "move it to the project that owns '{did}': {}",
                move_command(p, w, &format!("--to {}", owner.id.value))
            ))
            .deliverable(did)
            .facts(|f| {
                let mut sorted: Vec<String> = names.iter().map(|s| (*s).to_owned()).collect();
                sorted.sort();
                f.owned_by = Some(sorted);
            });
            if let Some(od) = owner.deliverable(did) {
                d = d.secondary(
                    owner.loc(od.id.span),
                    format!("a deliverable of {}", owner.id.value),
                );
            }
            d
        }
        None => {
            let hint = match did_you_mean(did, p.deliverables.iter().map(|d| d.id.as_str())) {
                Some(s) => format!(" — did you mean '{s}'?"),
                None => String::new(),
            };
            // A closed project's deliverable is no place to move work to, but say where it is.
            let closed: Vec<String> = owners
                .of(did)
                .iter()
                .filter_map(|&i| loaded.projects.get(i))
                .filter(|o| o.status.value.is_closed())
                .map(|o| format!("{} project {}", o.status.value.as_str(), o.id.value))
                .collect();
            let whose = if closed.is_empty() {
                "which is a deliverable of no project".to_owned()
            } else {
                format!(
                    "a deliverable of the {}, not of {pid}",
                    closed.join(" and the ")
                )
            };
            base(
                Rule::UntracedWork,
                format!("work item '{wid}' traces to '{did}', {whose}{hint}"),
            )
            .label("untraced work")
            .secondary(p.loc(del.span), format!("not a deliverable of {pid}"))
            .help(format!(
                "fix the id with `pm work set {pid}/{wid} --deliverable D`, add '{did}' to the scope with `pm scope add {pid} {did} --title T` if the charter covers it, or {}",
                move_options(p, w)
            ))
            .deliverable(did)
        }
    };
    push(out, &w.allow, d);
    keywords(p, scope, w, out);
}

/// Is `c` part of a word, for keyword matching on word boundaries?
fn is_word(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

/// Does `text` contain `keyword` as whole words, ignoring case?
pub fn contains_keyword(text: &str, keyword: &str) -> bool {
    let keyword = keyword.trim().to_lowercase();
    let Some(first) = keyword.chars().next() else {
        return false;
    };
    let last = keyword.chars().next_back().unwrap_or(first);
    let text = text.to_lowercase();
    text.match_indices(keyword.as_str()).any(|(at, m)| {
        let before = text[..at].chars().next_back();
        let after = text[at + m.len()..].chars().next();
        // A keyword edge that is not a word character (`c++`) needs no boundary there.
        let starts = !is_word(first) || before.is_none_or(|c| !is_word(c));
        let ends = !is_word(last) || after.is_none_or(|c| !is_word(c));
        starts && ends
    })
}

/// PM102 as a warning: the title or a tag of a work item names something the charter excludes.
fn keywords(p: &Project, scope: &Scope<'_>, w: &Work, out: &mut Vec<Diagnostic>) {
    let pid = p.id.as_str();
    let wid = w.id.as_str();
    let texts = std::iter::once(w.title.as_str()).chain(w.tags.iter().map(|t| t.as_str()));
    let candidates = scope.keyword_candidates(texts);
    for ex in candidates.iter().filter_map(|&i| p.exclusions.get(i)) {
        let texts = std::iter::once((&w.title, "title")).chain(w.tags.iter().map(|t| (t, "tag")));
        let found = texts.into_iter().find_map(|(text, what)| {
            ex.keywords
                .iter()
                .find(|k| contains_keyword(&text.value, k))
                .map(|k| (text, what, k))
        });
        let Some((text, what, keyword)) = found else {
            continue;
        };
        let exid = ex.id.as_str();
        let title = ex
            .title
            .as_deref()
            .map(|t| format!(" ({t})"))
            .unwrap_or_default();
        push(
            out,
            &w.allow,
            Diagnostic::new(
                Rule::ExcludedWork,
                p.loc(text.span),
                format!(
                    "work item '{wid}' mentions '{keyword}' in its {what}, a keyword of {pid}'s exclusion '{exid}'{title}"
                ),
            )
            .severity(Severity::Warning)
            .label(format!("matches exclusion keyword '{keyword}'"))
            .secondary(p.loc(ex.id.span), "excluded here")
            .help(format!(
                "if this is excluded work, it is the program manager's call: {}; if it is in scope, record that on the item with allow = [\"excluded-work\"] and a reason",
                move_options(p, w)
            ))
            .project(pid)
            .work(wid),
        );
        // One warning per work item is enough to prompt the decision.
        return;
    }
}

/// Where `date` falls against the charter window: a phrase when it is outside.
fn outside(date: NaiveDate, c: &Charter) -> Option<(String, Span)> {
    if let Some(s) = &c.start
        && date < s.value
    {
        return Some((format!("before the charter starts on {}", s.value), s.span));
    }
    if let Some(e) = &c.end
        && date > e.value
    {
        return Some((format!("after the charter ends on {}", e.value), e.span));
    }
    None
}

/// The charter window in words, for help lines.
fn window(c: &Charter) -> String {
    match (&c.start, &c.end) {
        (Some(s), Some(e)) => format!("{}..{}", s.value, e.value),
        (Some(s), None) => format!("from {}", s.value),
        (None, Some(e)) => format!("until {}", e.value),
        (None, None) => String::new(),
    }
}

/// A PM103/PM106/PM107 finding when `date` lies outside the charter window: "SUBJECT on DATE,
/// why", pointing at the date with the charter as the second place; `keep` starts the help
/// ("move the work … with `pm work set …`", the window put in for `{}`). The subject is only
/// written for a finding: the check runs for every dated item.
fn date_outside_charter(
    p: &Project,
    rule: Rule,
    date: &Sp<NaiveDate>,
    subject: impl FnOnce() -> String,
    keep: &dyn Fn(&str) -> String,
) -> Option<Diagnostic> {
    let (why, charter_span) = outside(date.value, &p.charter)?;
    let subject = subject();
    let pid = p.id.as_str();
    Some(
        Diagnostic::new(
            rule,
            p.loc(date.span),
            format!("{subject} on {}, {why}", date.value),
        )
        .label("outside the charter window")
        .secondary(p.loc(charter_span), "the charter window")
        .help(format!(
            "{}, or change the charter with `pm project set {pid} --start DATE --end DATE`",
            keep(&window(&p.charter))
        ))
        .project(pid),
    )
}

/// PM103: work dated outside the charter window.
fn work_dates(p: &Project, w: &Work, out: &mut Vec<Diagnostic>) {
    let wid = w.id.as_str();
    for (date, verb) in [(&w.start, "starts"), (&w.due, "is due")] {
        let Some(date) = date else { continue };
        let subject = || format!("work item '{wid}' {verb}");
        let pid = p.id.as_str();
        let keep = |window: &str| {
            format!(
                "move the work inside {window} with `pm work set {pid}/{wid} --start DATE --due DATE`"
            )
        };
        if let Some(d) = date_outside_charter(p, Rule::WorkOutsideCharter, date, subject, &keep) {
            push(out, &w.allow, d.work(wid));
        }
    }
}

/// Hours as people write them: `9260`, `12.5`.
fn hours(h: f64) -> String {
    format!("{}", (h * 100.0).round() / 100.0)
}

/// PM104: the estimates of the live work exceed the charter's effort cap.
fn effort(p: &Project, out: &mut Vec<Diagnostic>) {
    let Some(cap) = &p.charter.effort_hours else {
        return;
    };
    let total: f64 = p
        .work
        .iter()
        .filter(|w| w.status.value != WorkStatus::Dropped)
        .filter_map(|w| w.estimate_hours.as_ref().map(|h| h.value))
        .sum();
    if total <= cap.value {
        return;
    }
    let pid = p.id.as_str();
    push(
        out,
        &p.allow,
        Diagnostic::new(
            Rule::EffortOverCap,
            p.loc(cap.span),
            format!(
                "the work of {pid} is estimated at {} h, {} h over the charter's effort cap of {} h",
                hours(total),
                hours(total - cap.value),
                hours(cap.value)
            ),
        )
        .label(format!("cap {} h", hours(cap.value)))
        .help(format!(
            "cut estimates with `pm work set {pid}/WORK --estimate-hours N`, drop work with `pm work move {pid}/WORK --drop --reason R`, or have the cap raised with `pm project set {pid} --effort-hours N`"
        ))
        .project(pid),
    );
}

/// PM105: a live project's charter misses what its work is judged against.
fn incomplete(p: &Project, out: &mut Vec<Diagnostic>) {
    if !matches!(
        p.status.value,
        ProjectStatus::Proposed | ProjectStatus::Active
    ) {
        return;
    }
    let c = &p.charter;
    let pid = p.id.as_str();
    let mut missing = Vec::new();
    let mut set = Vec::new();
    if c.objective.as_deref().is_none_or(|o| o.trim().is_empty()) {
        missing.push("objective");
        set.push("--objective TEXT");
    }
    if p.manager.is_none() {
        missing.push("manager");
        set.push("--manager PERSON");
    }
    if c.start.is_none() {
        missing.push("start date");
        set.push("--start DATE");
    }
    if c.end.is_none() {
        missing.push("end date");
        set.push("--end DATE");
    }
    let no_deliverable = p.deliverables.is_empty();
    if no_deliverable {
        missing.push("deliverable");
    }
    if missing.is_empty() {
        return;
    }
    let mut fixes = Vec::new();
    if !set.is_empty() {
        fixes.push(format!("`pm project set {pid} {}`", set.join(" ")));
    }
    if no_deliverable {
        fixes.push(format!("`pm scope add {pid} ID --title T`"));
    }
    push(
        out,
        &p.allow,
        Diagnostic::new(
            Rule::CharterIncomplete,
            p.loc(c.span.unwrap_or(p.span)),
            format!(
                "the charter of {} project {pid} is incomplete: no {}",
                p.status.value.as_str(),
                missing.join(", no ")
            ),
        )
        .label("incomplete charter")
        .help(format!("complete it with {}", fixes.join(" and ")))
        .project(pid),
    );
}

/// PM106: assignments dated outside the charter window.
fn assignment_dates(p: &Project, out: &mut Vec<Diagnostic>) {
    let pid = p.id.as_str();
    for a in &p.assignments {
        let person = a.person.as_str();
        for (date, verb) in [(&a.from, "starts"), (&a.to, "ends")] {
            let Some(date) = date else { continue };
            let subject = || format!("{person}'s assignment to {pid} {verb}");
            let rule = Rule::AssignmentOutsideCharter;
            // The day it runs on, so the command picks this one of the person's assignments.
            let at = a.window(&p.charter).map_or(date.value, |(from, _)| from);
            let keep = |window: &str| {
                format!(
                    "keep the assignment inside {window} with `pm assignment set {person} {pid} --at {at} --from DATE --to DATE`"
                )
            };
            if let Some(d) = date_outside_charter(p, rule, date, subject, &keep) {
                push(out, &a.allow, d.person(person));
            }
        }
    }
}

/// PM107: deliverables due outside the charter window.
fn deliverable_dates(p: &Project, out: &mut Vec<Diagnostic>) {
    let pid = p.id.as_str();
    for d in &p.deliverables {
        let Some(due) = &d.due else { continue };
        let did = d.id.as_str();
        let subject = || format!("deliverable '{did}' of {pid} is due");
        let rule = Rule::DeliverableOutsideCharter;
        let keep = |window: &str| {
            format!("move the due date inside {window} with `pm scope set {pid} {did} --due DATE`")
        };
        if let Some(f) = date_outside_charter(p, rule, due, subject, &keep) {
            push(out, &d.allow, f.deliverable(did));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::contains_keyword;

    #[test]
    fn keywords_match_whole_words_ignoring_case() {
        assert!(contains_keyword("New Spacesuit gloves", "spacesuit"));
        assert!(contains_keyword("EVA suit sizing", "eva suit"));
        assert!(contains_keyword("rover", "Rover"));
        assert!(contains_keyword("fit-check in a rover-seat", "rover"));
        assert!(!contains_keyword("Spacesuits", "spacesuit"));
        assert!(!contains_keyword("the roverland trip", "rover"));
        assert!(!contains_keyword("unplss", "plss"));
        assert!(!contains_keyword("anything", "  "));
        assert!(contains_keyword("port to c++ now", "c++"));
        assert!(contains_keyword("Ünïcode ROVER", "rover"));
        assert!(!contains_keyword("rover_x", "rover"));
    }
}
