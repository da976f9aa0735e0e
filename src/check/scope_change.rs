//! PM108: scope that changed since the charter was approved, with no approved change request
//! to cover it (SPEC §10). The baseline of each approved project comes from Git, found before
//! the check runs ([`crate::git::Baselines`]); here it is only compared.

use std::collections::HashSet;

use chrono::NaiveDate;

use super::{Diagnostic, Rule};
use crate::diagnostic::BaselineCommit;
use crate::git::{Baseline, BaselineState, Baselines};
use crate::model::*;
use crate::store::Loaded;

pub fn check(loaded: &Loaded, baselines: &Baselines, out: &mut Vec<Diagnostic>) {
    for p in &loaded.projects {
        // A closed project's charter is history: nothing in it can still be steered.
        if p.status.value.is_closed() {
            continue;
        }
        let Some(BaselineState::Found(baseline)) = baselines.projects.get(p.id.as_str()) else {
            continue;
        };
        let Some(base) = &baseline.project else {
            continue;
        };
        // The baseline is the approval the file names; one found for another date (the
        // editor's, before `approved` was retyped) holds nothing to compare with.
        if base.charter.approved.as_ref().map(|d| d.value)
            != p.charter.approved.as_ref().map(|d| d.value)
        {
            continue;
        }
        Compare::new(p, base, baseline).run(out);
    }
}

/// One approved project against its baseline.
struct Compare<'a> {
    p: &'a Project,
    base: &'a Project,
    baseline: &'a Baseline,
    /// Where a difference with nothing left to point at (a removed item or key) is shown: the
    /// `approved` key, which says what it is measured against.
    approval: Loc,
}

impl<'a> Compare<'a> {
    fn new(p: &'a Project, base: &'a Project, baseline: &'a Baseline) -> Compare<'a> {
        let span = p
            .charter
            .approved
            .as_ref()
            .map(|a| a.span)
            .or(p.charter.span)
            .unwrap_or(p.span);
        Compare {
            p,
            base,
            baseline,
            approval: p.loc(span),
        }
    }

    fn approved_changes(&self) -> impl Iterator<Item = &'a ChangeRequest> {
        self.p.changes.iter().filter(|c| c.is_approved())
    }

    fn run(&self, out: &mut Vec<Diagnostic>) {
        self.deliverables(out);
        self.exclusions(out);
        self.effort(out);
        for key in [Key::Start, Key::End] {
            self.window(key, out);
        }
    }

    fn deliverables(&self, out: &mut Vec<Diagnostic>) {
        let (p, base) = (self.p, self.base);
        let pid = p.id.as_str();
        let adds: HashSet<&str> = self
            .approved_changes()
            .flat_map(|c| c.adds.iter().map(|a| a.as_str()))
            .collect();
        let removes: HashSet<&str> = self
            .approved_changes()
            .flat_map(|c| c.removes.iter().map(|a| a.as_str()))
            .collect();
        for d in &p.deliverables {
            let id = d.id.as_str();
            if base.deliverable(id).is_some()
                || adds.contains(id)
                || d.allow.allows(Rule::ScopeChangeWithoutApproval)
            {
                continue;
            }
            let title = d.title.as_deref().unwrap_or(id);
            out.push(
                self.finding(
                    p.loc(d.span),
                    format!("deliverable '{id}' was added to {pid}'s scope"),
                    "not in the approved charter",
                    Proposal {
                        id: format!("add-{id}"),
                        title: format!("Add {}", lower_first(title)),
                        flag: format!("--adds {id}"),
                        covers: &|c| c.adds.iter().any(|a| a.value == id),
                    },
                    "or remove the deliverable".to_owned(),
                )
                .deliverable(id),
            );
        }
        if p.allow.allows(Rule::ScopeChangeWithoutApproval) {
            return;
        }
        for d in &base.deliverables {
            let id = d.id.as_str();
            if p.deliverable(id).is_some() || removes.contains(id) {
                continue;
            }
            let title = d.title.as_deref().unwrap_or(id);
            out.push(
                self.finding(
                    self.approval,
                    format!("deliverable '{id}' was taken out of {pid}'s scope"),
                    format!("approved with {id} in scope"),
                    Proposal {
                        id: format!("remove-{id}"),
                        title: format!("Remove {}", lower_first(title)),
                        flag: format!("--removes {id}"),
                        covers: &|c| c.removes.iter().any(|a| a.value == id),
                    },
                    format!(
                        "or put it back with `pm scope add {pid} {id} --title {}`",
                        quoted(title)
                    ),
                )
                .deliverable(id),
            );
        }
    }

    fn exclusions(&self, out: &mut Vec<Diagnostic>) {
        let (p, base) = (self.p, self.base);
        if p.allow.allows(Rule::ScopeChangeWithoutApproval) {
            return;
        }
        let pid = p.id.as_str();
        let lifted: HashSet<&str> = self
            .approved_changes()
            .flat_map(|c| c.unexcludes.iter().map(|a| a.as_str()))
            .collect();
        for e in &base.exclusions {
            let id = e.id.as_str();
            if p.exclusion(id).is_some() || lifted.contains(id) {
                continue;
            }
            let title = e.title.as_deref().unwrap_or(id);
            out.push(
                self.finding(
                    self.approval,
                    format!("exclusion '{id}' of {pid} was lifted"),
                    format!("approved with {id} excluded"),
                    Proposal {
                        id: format!("unexclude-{id}"),
                        title: format!("Take on {}", lower_first(title)),
                        flag: format!("--unexcludes {id}"),
                        covers: &|c| c.unexcludes.iter().any(|a| a.value == id),
                    },
                    format!(
                        "or put it back with `pm scope exclude {pid} {id} --title {}`",
                        quoted(title)
                    ),
                )
                .exclusion(id),
            );
        }
    }

    fn effort(&self, out: &mut Vec<Diagnostic>) {
        let p = self.p;
        let Some(before) = self.base.charter.effort_hours.as_ref().map(|e| e.value) else {
            // A cap where there was none limits the scope: nothing to approve.
            return;
        };
        if p.allow.allows(Rule::ScopeChangeWithoutApproval) {
            return;
        }
        let pid = p.id.as_str();
        let allowed = self
            .approved_changes()
            .filter_map(|c| c.effort_hours.as_ref().map(|e| e.value))
            .fold(before, f64::max);
        let d = match &p.charter.effort_hours {
            Some(now) if now.value <= allowed => return,
            Some(now) => {
                let n = hours(now.value);
                self.finding(
                    p.loc(now.span),
                    format!(
                        "{pid}'s effort cap was raised from {} h to {n} h",
                        hours(before)
                    ),
                    format!("approved at {} h", hours(before)),
                    Proposal {
                        id: "raise-effort-cap".to_owned(),
                        title: format!("Raise the effort cap to {n} hours"),
                        flag: format!("--effort-hours {n}"),
                        covers: &|c| {
                            c.effort_hours
                                .as_ref()
                                .is_some_and(|e| e.value >= now.value)
                        },
                    },
                    format!(
                        "or bring it back with `pm project set {pid} --effort-hours {}`",
                        hours(before)
                    ),
                )
            }
            None => self.finding(
                p.charter.span.map_or(self.approval, |s| p.loc(s)),
                format!("{pid}'s effort cap of {} h was removed", hours(before)),
                format!("approved with a cap of {} h", hours(before)),
                Proposal {
                    id: "raise-effort-cap".to_owned(),
                    title: "Raise the effort cap".to_owned(),
                    flag: "--effort-hours N".to_owned(),
                    covers: &|_| false,
                },
                format!(
                    "or put the cap back with `pm project set {pid} --effort-hours {}`",
                    hours(before)
                ),
            ),
        };
        out.push(d.facts(|f| f.key = Some("effort_hours".to_owned())));
    }

    fn window(&self, key: Key, out: &mut Vec<Diagnostic>) {
        let p = self.p;
        let before = key.of(&self.base.charter).map(|d| d.value);
        let now = key.of(&p.charter);
        if before == now.map(|d| d.value) || p.allow.allows(Rule::ScopeChangeWithoutApproval) {
            return;
        }
        let pid = p.id.as_str();
        let name = key.name();
        let covered = |c: &ChangeRequest| {
            let asked = match key {
                Key::Start => c.start.as_ref(),
                Key::End => c.end.as_ref(),
            };
            asked.map(|d| d.value) == now.map(|d| d.value) && now.is_some()
        };
        if self.approved_changes().any(covered) {
            return;
        }
        let d = match (before, now) {
            (_, Some(now)) => {
                let from = before.map_or("none".to_owned(), |d| d.to_string());
                self.finding(
                    p.loc(now.span),
                    format!("{pid}'s charter {name} moved from {from} to {}", now.value),
                    match before {
                        Some(b) => format!("approved with {name} = {b}"),
                        None => format!("approved with no {name}"),
                    },
                    Proposal {
                        id: format!("move-{name}"),
                        title: format!("Move the {name} to {}", now.value),
                        flag: format!("--{name} {}", now.value),
                        covers: &covered,
                    },
                    match before {
                        Some(b) => {
                            format!("or move it back with `pm project set {pid} --{name} {b}`")
                        }
                        None => "or take the key out again".to_owned(),
                    },
                )
            }
            (Some(b), None) => self.finding(
                p.charter.span.map_or(self.approval, |s| p.loc(s)),
                format!("{pid}'s charter {name} ({b}) was removed"),
                format!("approved with {name} = {b}"),
                Proposal {
                    id: format!("move-{name}"),
                    title: format!("Move the {name}"),
                    flag: format!("--{name} DATE"),
                    covers: &|_| false,
                },
                format!("or put it back with `pm project set {pid} --{name} {b}`"),
            ),
            (None, None) => return,
        };
        out.push(d.facts(|f| f.key = Some(name.to_owned())));
    }

    /// A PM108 finding: what changed, since which commit, and the change request that would
    /// cover it (or the one that already would, once approved).
    fn finding(
        &self,
        loc: Loc,
        what: String,
        label: impl Into<String>,
        proposal: Proposal<'_>,
        otherwise: String,
    ) -> Diagnostic {
        let pid = self.p.id.as_str();
        let commit = &self.baseline.commit;
        let message = format!(
            "{what} after its charter was approved in {} ({}), and no approved change covers it",
            commit.short(),
            commit.date
        );
        let pending = self
            .p
            .changes
            .iter()
            .find(|c| !c.is_approved() && (proposal.covers)(c));
        let help = match pending {
            Some(c) if c.status.value == ChangeStatus::Proposed => format!(
                "change {} covers it but is only proposed: approve it with `pm change approve {pid}/{} --by PERSON`, {otherwise}",
                c.id.value, c.id.value
            ),
            _ => {
                let id = self.free_change_id(&proposal.id);
                let rejected = match pending {
                    Some(c) => format!("change {} asked for it and was rejected; ", c.id.value),
                    None => String::new(),
                };
                format!(
                    "{rejected}record it with `pm change add {pid} {id} --title {} --reason R {}` and have it approved (`pm change approve {pid}/{id} --by PERSON`), {otherwise}",
                    quoted(&proposal.title),
                    proposal.flag
                )
            }
        };
        Diagnostic::new(Rule::ScopeChangeWithoutApproval, loc, message)
            .label(label)
            .help(help)
            .project(pid)
            .facts(|f| {
                f.baseline = Some(BaselineCommit {
                    commit: commit.sha.clone(),
                    date: commit.date,
                })
            })
    }

    /// `id`, or `id-2`, `id-3`… when the project already has a change of that id.
    fn free_change_id(&self, id: &str) -> String {
        let taken = |c: &str| self.p.changes.iter().any(|x| x.id.value == c);
        if !taken(id) {
            return id.to_owned();
        }
        (2..)
            .map(|n| format!("{id}-{n}"))
            .find(|c| !taken(c))
            .unwrap_or_else(|| id.to_owned())
    }
}

/// The change request that would cover a difference.
struct Proposal<'c> {
    id: String,
    title: String,
    /// What `pm change add` is given for it.
    flag: String,
    /// Whether a change request (of any status) asks for exactly this.
    covers: &'c dyn Fn(&ChangeRequest) -> bool,
}

#[derive(Clone, Copy)]
enum Key {
    Start,
    End,
}

impl Key {
    fn name(self) -> &'static str {
        match self {
            Key::Start => "start",
            Key::End => "end",
        }
    }
    fn of(self, c: &Charter) -> Option<&Sp<NaiveDate>> {
        match self {
            Key::Start => c.start.as_ref(),
            Key::End => c.end.as_ref(),
        }
    }
}

fn hours(h: f64) -> String {
    format!("{}", (h * 100.0).round() / 100.0)
}

/// "Docking adapter" → "docking adapter", so it reads inside a sentence; a word in capitals
/// (an acronym) is left as it is.
fn lower_first(title: &str) -> String {
    let mut chars = title.chars();
    match (chars.next(), chars.next()) {
        (Some(a), Some(b)) if a.is_uppercase() && !b.is_uppercase() => {
            a.to_lowercase().chain(title.chars().skip(1)).collect()
        }
        _ => title.to_owned(),
    }
}

/// A value as a shell word in a suggested command: quoted when it has to be.
fn quoted(s: &str) -> String {
    if !s.is_empty()
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || "-_./:".contains(c))
    {
        s.to_owned()
    } else {
        format!("\"{}\"", s.replace('\\', "\\\\").replace('"', "\\\""))
    }
}

/// A rule that could not run for some projects (or at all), as the summary of `pm check` says
/// it once.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct NotChecked {
    pub code: &'static str,
    /// `no-repository`, `git`, `shallow` or `not-committed`.
    pub reason: &'static str,
    /// The projects left unchecked; empty when none could be.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub projects: Vec<String>,
    pub message: String,
}

/// What PM108 could not check, worded for the summary line.
pub fn not_checked(baselines: &Baselines) -> Vec<NotChecked> {
    let code = Rule::ScopeChangeWithoutApproval.code();
    if let Some(why) = &baselines.unavailable {
        let reason = if why.contains("not in a Git repository") {
            "no-repository"
        } else {
            "git"
        };
        return vec![NotChecked {
            code,
            reason,
            projects: Vec::new(),
            message: format!("{code} not checked: {why}"),
        }];
    }
    let of = |wanted: fn(&BaselineState) -> bool| -> Vec<String> {
        baselines
            .projects
            .iter()
            .filter(|(_, s)| wanted(s))
            .map(|(id, _)| id.clone())
            .collect()
    };
    let mut out = Vec::new();
    let shallow = of(|s| matches!(s, BaselineState::Shallow));
    if !shallow.is_empty() {
        out.push(NotChecked {
            code,
            reason: "shallow",
            message: format!(
                "{code} not checked for {}: this clone is shallow and does not hold the {} that approved {}; fetch the history with `git fetch --unshallow` (in GitHub Actions, check out with `fetch-depth: 0`)",
                super::list_names(shallow.iter().map(String::as_str), ", "),
                if shallow.len() == 1 { "commit" } else { "commits" },
                if shallow.len() == 1 { "its charter" } else { "their charters" },
            ),
            projects: shallow,
        });
    }
    let uncommitted = of(|s| matches!(s, BaselineState::NotCommitted));
    if !uncommitted.is_empty() {
        out.push(NotChecked {
            code,
            reason: "not-committed",
            message: format!(
                "{code} not checked for {}: {} not committed yet, and the commit that records {} will be the baseline",
                super::list_names(uncommitted.iter().map(String::as_str), ", "),
                if uncommitted.len() == 1 { "its approval is" } else { "their approvals are" },
                if uncommitted.len() == 1 { "it" } else { "one" },
            ),
            projects: uncommitted,
        });
    }
    out
}
