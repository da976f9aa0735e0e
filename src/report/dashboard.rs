//! `pm report dashboard`: everything a program office looks at, as plain data for one page —
//! the summary, the findings with their places, the load heat map, the timeline of projects and
//! deliverables, and a section per project and per person. Built from the other reports, so the
//! page says what they say.

use std::collections::{BTreeMap, HashMap};

use anyhow::{Result, bail};
use chrono::NaiveDate;

use super::heatmap::{self, HeatMap};
use super::{allocation, dependencies, people, projects, requests, scope};
use crate::check::{Diagnostic, Rule, Severity, counts};
use crate::model::{AssignmentStatus, ProjectStatus};
use crate::store::Loaded;

pub struct Options {
    /// The heat map's periods, window and load.
    pub allocation: allocation::Options,
    pub today: NaiveDate,
}

#[derive(Debug)]
pub struct Dashboard {
    pub program: String,
    pub name: String,
    pub manager: Option<String>,
    pub sponsor: Option<String>,
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    pub today: NaiveDate,
    /// Files read, and how many findings say a file could not be read (left out of the page).
    pub files: usize,
    pub unreadable: usize,
    pub summary: Summary,
    pub benefits: Vec<Benefit>,
    /// In `pm check` order; a finding's index here is how the sections refer to it.
    pub findings: Vec<Finding>,
    pub heatmap: HeatMap,
    pub timeline: Timeline,
    pub requests: Vec<requests::Row>,
    /// What projects wait for from each other, and whether it comes in time.
    pub dependencies: Vec<dependencies::Row>,
    pub projects: Vec<ProjectSection>,
    pub people: Vec<PersonSection>,
}

#[derive(Debug)]
pub struct Summary {
    /// Every status, in the order of the life of a project, with how many projects have it.
    pub by_status: Vec<(&'static str, usize)>,
    pub projects: usize,
    pub people: usize,
    /// People with at least one committed over-allocation (PM201).
    pub over_allocated: usize,
    pub open_requests: usize,
    pub errors: usize,
    pub warnings: usize,
}

#[derive(Debug)]
pub struct Benefit {
    pub id: String,
    pub title: Option<String>,
    /// Projects not cancelled that serve it, sorted.
    pub projects: Vec<String>,
}

#[derive(Debug)]
pub struct Finding {
    pub severity: Severity,
    pub rule: Rule,
    pub message: String,
    pub file: String,
    pub line: usize,
    pub column: usize,
    pub help: Option<String>,
}

/// Projects as bars over their charter window, deliverables as milestones at their due date.
#[derive(Debug)]
pub struct Timeline {
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub today: NaiveDate,
    pub bars: Vec<Bar>,
    /// Projects not drawn: cancelled, or without a charter window.
    pub cancelled: usize,
    pub undated: usize,
}

#[derive(Debug)]
pub struct Bar {
    pub project: String,
    pub name: String,
    pub status: ProjectStatus,
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub milestones: Vec<Milestone>,
}

#[derive(Debug)]
pub struct Milestone {
    pub id: String,
    pub title: Option<String>,
    pub due: NaiveDate,
}

#[derive(Debug)]
pub struct ProjectSection {
    pub row: projects::Row,
    pub objective: Option<String>,
    pub benefits: Vec<String>,
    pub budget: Option<f64>,
    pub approved: Option<NaiveDate>,
    pub approved_by: Option<String>,
    pub scope: scope::Row,
    /// The project's assignments running today, and what its others are.
    pub staffing: Roster,
    /// Its requests of every status, in file order.
    pub requests: Vec<Request>,
    /// Indices into [`Dashboard::findings`] of the findings about the project.
    pub findings: Vec<usize>,
}

#[derive(Debug, Clone)]
pub struct Assignment {
    pub project: String,
    pub person: String,
    pub role: Option<String>,
    pub allocation: i64,
    /// Its own dates, else the charter's; `None` when neither says (a PM005 finding).
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub proposed: bool,
}

/// Assignments as of today: the ones running, listed (by start), and the others counted. A
/// page must stay small enough to open and to attach, and a program may hold a hundred thousand
/// assignments; those running on one day are a team, not a history. `pm project show` lists
/// every assignment of a project.
#[derive(Debug, Default)]
pub struct Roster {
    pub today: Vec<Assignment>,
    /// Ended before today.
    pub finished: usize,
    /// Starting after today.
    pub to_come: usize,
    /// The first day one of those to come starts.
    pub next_start: Option<NaiveDate>,
    /// Without dates (a PM005 finding).
    pub undated: usize,
}

impl Roster {
    fn new(all: Vec<Assignment>, today: NaiveDate) -> Roster {
        let mut r = Roster::default();
        for a in all {
            match (a.from, a.to) {
                (Some(f), Some(t)) if f <= today && today <= t => r.today.push(a),
                (Some(f), Some(_)) if f > today => {
                    r.to_come += 1;
                    r.next_start = Some(r.next_start.map_or(f, |n| n.min(f)));
                }
                (Some(_), Some(_)) => r.finished += 1,
                _ => r.undated += 1,
            }
        }
        r.today
            .sort_by(|a, b| (a.from, &a.project, &a.person).cmp(&(b.from, &b.project, &b.person)));
        r
    }

    /// How many assignments there are in all.
    pub fn total(&self) -> usize {
        self.today.len() + self.finished + self.to_come + self.undated
    }
}

#[derive(Debug)]
pub struct Request {
    pub id: String,
    pub status: &'static str,
    pub skills: Vec<String>,
    pub allocation: Option<i64>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub reason: Option<String>,
    pub filled_by: Option<String>,
}

#[derive(Debug)]
pub struct PersonSection {
    pub row: people::Row,
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    pub time_off: Vec<(NaiveDate, NaiveDate, Option<String>)>,
    /// The person's assignments running today, in every project, and what their others are.
    pub assignments: Roster,
    /// Indices into [`Dashboard::findings`] of the findings naming the person.
    pub findings: Vec<usize>,
}

pub fn build(loaded: &Loaded, diags: &[Diagnostic], opts: &Options) -> Result<Dashboard> {
    let program = super::program(loaded)?;
    let heatmap = heatmap::build(loaded, &opts.allocation)?;
    let findings: Vec<Finding> = diags
        .iter()
        .map(|d| {
            let lc = loaded.sources.line_col(d.loc);
            Finding {
                severity: d.severity,
                rule: d.rule,
                message: d.message.clone(),
                file: loaded.sources.path(d.loc.file).to_owned(),
                line: lc.line,
                column: lc.column,
                help: d.help.clone(),
            }
        })
        .collect();

    // The findings about each project (as `report::concerns` decides), found once: asking
    // every project about every finding grows with their product, which on a large program is
    // most of the run.
    let mut by_id: HashMap<&str, Vec<usize>> = HashMap::new();
    let mut by_file: HashMap<crate::model::FileId, Vec<usize>> = HashMap::new();
    for (k, p) in loaded.projects.iter().enumerate() {
        by_id.entry(p.id.as_str()).or_default().push(k);
        by_file.entry(p.file).or_default().push(k);
    }
    let mut about: Vec<Vec<usize>> = vec![Vec::new(); loaded.projects.len()];
    for (i, d) in diags.iter().enumerate() {
        let ids = d
            .facts
            .project
            .iter()
            .chain(d.facts.projects.iter().flatten());
        let mut concerned: Vec<usize> = by_file.get(&d.loc.file).cloned().unwrap_or_default();
        for id in ids {
            concerned.extend(by_id.get(id.as_str()).into_iter().flatten());
        }
        concerned.sort_unstable();
        concerned.dedup();
        for k in concerned {
            about[k].push(i);
        }
    }

    let mut by_person: HashMap<&str, Vec<Assignment>> = HashMap::new();
    let mut order: Vec<usize> = (0..loaded.projects.len()).collect();
    order.sort_by(|&a, &b| {
        loaded.projects[a]
            .id
            .value
            .cmp(&loaded.projects[b].id.value)
    });
    let sorted: Vec<_> = order.iter().map(|&k| &loaded.projects[k]).collect();
    let mut sections = Vec::with_capacity(sorted.len());
    for (&k, p) in order.iter().zip(&sorted) {
        let staffing: Vec<Assignment> = p
            .assignments
            .iter()
            .map(|a| {
                let window = a.window(&p.charter);
                Assignment {
                    project: p.id.value.clone(),
                    person: a.person.value.clone(),
                    role: a.role.clone(),
                    allocation: a.allocation.value,
                    from: window.map(|w| w.0),
                    to: window.map(|w| w.1),
                    proposed: a.status == AssignmentStatus::Proposed,
                }
            })
            .collect();
        for (a, s) in p.assignments.iter().zip(&staffing) {
            by_person
                .entry(a.person.as_str())
                .or_default()
                .push(s.clone());
        }
        let findings = std::mem::take(&mut about[k]);
        let own: Vec<Diagnostic> = findings.iter().map(|&i| diags[i].clone()).collect();
        sections.push(ProjectSection {
            row: projects::row(p, &own, opts.today),
            objective: p.charter.objective.clone(),
            benefits: p.benefits.iter().map(|b| b.value.clone()).collect(),
            budget: p.charter.budget,
            approved: p.charter.approved.as_ref().map(|d| d.value),
            approved_by: p.charter.approved_by.as_ref().map(|b| b.value.clone()),
            scope: scope::row(loaded, p, &own),
            staffing: Roster::new(staffing, opts.today),
            requests: p
                .requests
                .iter()
                .map(|r| {
                    let window = r.window(&p.charter);
                    Request {
                        id: r.id.value.clone(),
                        status: r.status.as_str(),
                        skills: r.skills.clone(),
                        allocation: r.allocation.as_ref().map(|a| a.value),
                        from: window.map(|w| w.0),
                        to: window.map(|w| w.1),
                        reason: r.reason.clone(),
                        filled_by: r.filled_by.as_ref().map(|f| f.value.clone()),
                    }
                })
                .collect(),
            findings,
        });
    }

    let mut findings_of_person: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, d) in diags.iter().enumerate() {
        if let Some(person) = &d.facts.person {
            findings_of_person.entry(person).or_default().push(i);
        }
    }
    let people_report = people::build(loaded, opts.today)?;
    let people_sections: Vec<PersonSection> = people_report
        .rows
        .into_iter()
        .map(|row| {
            let person = program.person(&row.id);
            let all = by_person.get(row.id.as_str()).cloned().unwrap_or_default();
            PersonSection {
                assignments: Roster::new(all, opts.today),
                start: person.and_then(|p| p.start.as_ref()).map(|s| s.value),
                end: person.and_then(|p| p.end.as_ref()).map(|s| s.value),
                time_off: person
                    .map(|p| {
                        p.time_off
                            .iter()
                            .map(|t| (t.from, t.to, t.reason.clone()))
                            .collect()
                    })
                    .unwrap_or_default(),
                findings: findings_of_person
                    .get(row.id.as_str())
                    .cloned()
                    .unwrap_or_default(),
                row,
            }
        })
        .collect();

    let requests = requests::build(loaded)?.rows;
    let dependencies = dependencies::build(loaded)?.rows;
    let (errors, warnings) = counts(diags);
    let over_allocated = {
        let mut who: Vec<&str> = diags
            .iter()
            .filter(|d| d.rule == Rule::OverAllocation)
            .filter_map(|d| d.facts.person.as_deref())
            .collect();
        who.sort_unstable();
        who.dedup();
        who.len()
    };
    let summary = Summary {
        by_status: ProjectStatus::ALL
            .iter()
            .map(|(name, status)| {
                let n = loaded
                    .projects
                    .iter()
                    .filter(|p| p.status.value == *status)
                    .count();
                (*name, n)
            })
            .collect(),
        projects: loaded.projects.len(),
        people: program.people.len(),
        over_allocated,
        open_requests: requests.len(),
        errors,
        warnings,
    };

    let mut serving: BTreeMap<&str, Vec<String>> = BTreeMap::new();
    for p in &sorted {
        if p.status.value == ProjectStatus::Cancelled {
            continue;
        }
        for b in &p.benefits {
            serving
                .entry(b.as_str())
                .or_default()
                .push(p.id.value.clone());
        }
    }
    let benefits = program
        .benefits
        .iter()
        .map(|b| Benefit {
            id: b.id.value.clone(),
            title: b.title.clone(),
            projects: serving.get(b.id.as_str()).cloned().unwrap_or_default(),
        })
        .collect();

    Ok(Dashboard {
        program: program.id.value.clone(),
        name: program.name.clone(),
        manager: program.manager.as_ref().map(|m| m.value.clone()),
        sponsor: program.sponsor.clone(),
        start: program.start.as_ref().map(|s| s.value),
        end: program.end.as_ref().map(|s| s.value),
        today: opts.today,
        files: loaded.sources.len(),
        unreadable: loaded
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count(),
        summary,
        benefits,
        timeline: timeline(loaded, opts)?,
        findings,
        heatmap,
        requests,
        dependencies,
        projects: sections,
        people: people_sections,
    })
}

/// The timeline's window: `--from/--to`, else the program's, else the span of the charters.
fn timeline(loaded: &Loaded, opts: &Options) -> Result<Timeline> {
    let program = loaded.program.as_ref();
    let mut projects: Vec<_> = loaded.projects.iter().collect();
    projects.sort_by(|a, b| a.id.value.cmp(&b.id.value));
    let mut bars = Vec::new();
    let (mut cancelled, mut undated) = (0, 0);
    for p in projects {
        if p.status.value == ProjectStatus::Cancelled {
            cancelled += 1;
            continue;
        }
        let (Some(start), Some(end)) = (&p.charter.start, &p.charter.end) else {
            undated += 1;
            continue;
        };
        if start.value > end.value {
            undated += 1;
            continue;
        }
        let mut milestones: Vec<Milestone> = p
            .deliverables
            .iter()
            .filter_map(|d| {
                Some(Milestone {
                    id: d.id.value.clone(),
                    title: d.title.clone(),
                    due: d.due.as_ref()?.value,
                })
            })
            .collect();
        milestones.sort_by(|a, b| (a.due, &a.id).cmp(&(b.due, &b.id)));
        bars.push(Bar {
            project: p.id.value.clone(),
            name: p.name.clone(),
            status: p.status.value,
            start: start.value,
            end: end.value,
            milestones,
        });
    }
    let from = opts
        .allocation
        .from
        .or_else(|| program.and_then(|p| p.start.as_ref()).map(|s| s.value))
        .or_else(|| bars.iter().map(|b| b.start).min());
    let to = opts
        .allocation
        .to
        .or_else(|| program.and_then(|p| p.end.as_ref()).map(|s| s.value))
        .or_else(|| bars.iter().map(|b| b.end).max());
    if let (Some(f), Some(t)) = (from, to)
        && f > t
    {
        bail!(
            "the timeline would start on {f} after it ends on {t}; give --from on or before --to"
        );
    }
    if let (Some(f), Some(t)) = (from, to) {
        bars.retain(|b| b.end >= f && b.start <= t);
    }
    Ok(Timeline {
        from,
        to,
        today: opts.today,
        bars,
        cancelled,
        undated,
    })
}
