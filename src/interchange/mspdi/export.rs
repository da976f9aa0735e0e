//! A program (or one project) as an MSPDI [`Document`], by the mapping of SPEC §14:
//!
//! - each project a summary task at outline level 1: its name, the charter window as its dates,
//!   the manager as contact and the objective as notes;
//! - each deliverable a summary task under it holding its work and, when it has a due date, a
//!   milestone on that date; work that traces to no deliverable of the project sits directly
//!   under the project;
//! - each work item a task: start and due as its dates (kept by a start-no-earlier-than
//!   constraint), estimate hours as work, the assignee as contact, done as 100% complete and
//!   started (doing) as an actual start; dropped work is not part of a plan and is left out;
//! - each person a work resource: capacity / 100 as max units, skills as group, start and end
//!   as an availability period, and a calendar of their own holding their time off;
//! - each pm assignment an assignment of that resource to the project's summary task: units
//!   allocation / 100 over its dates, work the hours that makes on the person's working days,
//!   a proposed assignment as a proposed booking, the role as notes.
//!
//! pm's ids travel in the `pm id` text field, so that a plan read back keeps them.

use chrono::NaiveDate;

use super::write::at;
use super::{Assignment, Calendar, Document, Exception, Resource, Task, WorkDay, working_days};
use crate::model::{Person, Program, Project, WorkStatus};

/// The document, and what could not be put in it.
#[derive(Debug, Clone, PartialEq)]
pub struct Exported {
    pub document: Document,
    /// One line each: an assignment without dates, one of a person not in the pool.
    pub left_out: Vec<String>,
}

/// The document of `projects` (all of the program's, or the one asked for). With one project
/// the file is that project's: its name, its manager, and only the people it involves.
pub fn document(program: &Program, projects: &[&Project], whole_program: bool) -> Exported {
    let day = WorkDay::from_hours_per_week(program.hours_per_week);
    let mut b = Builder {
        program,
        day,
        tasks: Vec::new(),
        assignments: Vec::new(),
        left_out: Vec::new(),
        people: Vec::new(),
    };
    let (name, manager, window) = match (whole_program, projects) {
        (false, [p]) => (
            p.name.clone(),
            p.manager.as_ref().map(|m| m.value.clone()),
            (date(&p.charter.start), date(&p.charter.end)),
        ),
        _ => (
            program.name.clone(),
            program.manager.as_ref().map(|m| m.value.clone()),
            (date(&program.start), date(&program.end)),
        ),
    };
    b.tasks.push(Task {
        uid: 0,
        name: name.clone(),
        outline_level: 0,
        summary: true,
        ..Task::default()
    });
    for p in projects {
        b.project(p);
    }
    b.summary_dates();
    let (start, finish) = match window {
        (Some(s), Some(e)) => (Some(at(s, day.start())), Some(at(e, day.finish()))),
        _ => (b.tasks[0].start, b.tasks[0].finish),
    };
    if let (Some(s), Some(e)) = (window.0, window.1) {
        b.tasks[0].start = Some(at(s, day.start()));
        b.tasks[0].finish = Some(at(e, day.finish()));
        b.tasks[0].duration_minutes = Some(working_days(s, e, &[]) * u64::from(day.minutes));
    }

    // The pool, or for one project the people it involves, in the pool's order.
    let people: Vec<&Person> = program
        .people
        .iter()
        .filter(|p| whole_program || b.people.contains(&p.id.value))
        .collect();
    let mut resources = Vec::new();
    let mut calendars = Vec::new();
    for (i, person) in people.iter().enumerate() {
        let uid = i as i64 + 1;
        // Calendar 1 is the standard one.
        let calendar = uid + 1;
        calendars.push(Calendar {
            uid: calendar,
            name: person.display_name().to_owned(),
            base: Some(1),
            exceptions: person
                .time_off
                .iter()
                .map(|t| Exception {
                    from: t.from,
                    to: t.to,
                    name: t.reason.clone(),
                })
                .collect(),
        });
        resources.push(Resource {
            uid,
            name: person.display_name().to_owned(),
            group: (!person.skills.is_empty()).then(|| person.skills.join(", ")),
            max_units: Some(person.capacity.value as f64 / 100.0),
            calendar: Some(calendar),
            available_from: date(&person.start),
            available_to: date(&person.end),
            pm_id: Some(person.id.value.clone()),
            at: 0,
        });
    }
    let resource_of = |id: &str| -> Option<i64> {
        people
            .iter()
            .position(|p| p.id.value == id)
            .map(|i| i as i64 + 1)
    };
    let mut assignments: Vec<Assignment> = Vec::new();
    for pending in b.assignments {
        let Some(resource) = resource_of(&pending.person) else {
            b.left_out.push(format!(
                "{}: the assignment of {} (not in the pool)",
                pending.project, pending.person
            ));
            continue;
        };
        assignments.push(Assignment {
            uid: assignments.len() as i64 + 1,
            resource,
            ..pending.assignment
        });
    }
    let manager = manager.and_then(|m| program.person(&m).map(|p| p.display_name().to_owned()));
    Exported {
        document: Document {
            name: Some(name.clone()),
            title: Some(name),
            manager,
            start,
            finish,
            day,
            calendars,
            tasks: b.tasks,
            resources,
            assignments,
        },
        left_out: b.left_out,
    }
}

struct Builder<'a> {
    program: &'a Program,
    day: WorkDay,
    tasks: Vec<Task>,
    assignments: Vec<Pending>,
    left_out: Vec<String>,
    /// The people the exported projects involve.
    people: Vec<String>,
}

/// An assignment whose resource is known by person id until the resources are numbered.
struct Pending {
    project: String,
    person: String,
    assignment: Assignment,
}

impl Builder<'_> {
    fn next_uid(&self) -> i64 {
        self.tasks.len() as i64
    }

    fn involve(&mut self, person: &str) {
        if !self.people.iter().any(|p| p == person) {
            self.people.push(person.to_owned());
        }
    }

    fn project(&mut self, p: &Project) {
        let uid = self.next_uid();
        let (start, end) = (date(&p.charter.start), date(&p.charter.end));
        self.tasks.push(Task {
            uid,
            name: p.name.clone(),
            outline_level: 1,
            start: start.map(|d| at(d, self.day.start())),
            finish: end.map(|d| at(d, self.day.finish())),
            duration_minutes: match (start, end) {
                (Some(s), Some(e)) => Some(working_days(s, e, &[]) * u64::from(self.day.minutes)),
                _ => None,
            },
            summary: true,
            contact: p.manager.as_ref().map(|m| m.value.clone()),
            notes: p.charter.objective.clone(),
            pm_id: Some(p.id.value.clone()),
            ..Task::default()
        });
        let planned = |w: &&crate::model::Work| w.status.value != WorkStatus::Dropped;
        for d in &p.deliverables {
            self.tasks.push(Task {
                uid: self.next_uid(),
                name: d.title.clone().unwrap_or_else(|| d.id.value.clone()),
                outline_level: 2,
                summary: true,
                pm_id: Some(d.id.value.clone()),
                ..Task::default()
            });
            let traced = p.work.iter().filter(planned).filter(|w| {
                w.deliverable
                    .as_ref()
                    .is_some_and(|x| x.value == d.id.value)
            });
            for w in traced {
                self.work(w, 3);
            }
            if let Some(due) = &d.due {
                let title = d.title.as_deref().unwrap_or(&d.id.value);
                let when = at(due.value, self.day.finish());
                self.tasks.push(Task {
                    uid: self.next_uid(),
                    name: format!("{title} due"),
                    outline_level: 3,
                    start: Some(when),
                    finish: Some(when),
                    duration_minutes: Some(0),
                    milestone: true,
                    ..Task::default()
                });
            }
        }
        let untraced = p.work.iter().filter(planned).filter(|w| {
            w.deliverable
                .as_ref()
                .is_none_or(|x| p.deliverable(&x.value).is_none())
        });
        for w in untraced {
            self.work(w, 2);
        }
        for a in &p.assignments {
            let Some((from, to)) = a.window(&p.charter) else {
                self.left_out.push(format!(
                    "{}: the assignment of {} (no dates, and no charter window to default to)",
                    p.id.value, a.person.value
                ));
                continue;
            };
            let off: Vec<(NaiveDate, NaiveDate)> = self
                .program
                .person(&a.person.value)
                .map(|person| person.time_off.iter().map(|t| (t.from, t.to)).collect())
                .unwrap_or_default();
            let units = a.allocation.value as f64 / 100.0;
            let hours = working_days(from, to, &off) as f64 * f64::from(self.day.minutes) / 60.0;
            self.involve(&a.person.value);
            self.assignments.push(Pending {
                project: p.id.value.clone(),
                person: a.person.value.clone(),
                assignment: Assignment {
                    uid: 0,
                    task: uid,
                    resource: 0,
                    start: Some(at(from, self.day.start())),
                    finish: Some(at(to, self.day.finish())),
                    units: Some(units),
                    work_hours: Some(units * hours),
                    proposed: a.status == crate::model::AssignmentStatus::Proposed,
                    notes: a.role.clone(),
                    at: 0,
                },
            });
        }
    }

    fn work(&mut self, w: &crate::model::Work, level: u32) {
        let (start, due) = (date(&w.start), date(&w.due));
        let (start_at, due_at) = (
            start.map(|d| at(d, self.day.start())),
            due.map(|d| at(d, self.day.finish())),
        );
        let (percent, actual_start, actual_finish) = match w.status.value {
            WorkStatus::Done => (Some(100), start_at, due_at),
            WorkStatus::Doing => (None, start_at, None),
            WorkStatus::Todo | WorkStatus::Dropped => (None, None, None),
        };
        if let Some(a) = &w.assignee {
            self.involve(&a.value);
        }
        self.tasks.push(Task {
            uid: self.next_uid(),
            name: w.title.value.clone(),
            outline_level: level,
            start: start_at,
            finish: due_at,
            duration_minutes: match (start, due) {
                (Some(s), Some(e)) => Some(working_days(s, e, &[]) * u64::from(self.day.minutes)),
                _ => None,
            },
            work_hours: w.estimate_hours.as_ref().map(|h| h.value),
            percent_complete: percent,
            actual_start,
            actual_finish,
            keep_start: start.is_some(),
            contact: w.assignee.as_ref().map(|a| a.value.clone()),
            pm_id: Some(w.id.value.clone()),
            ..Task::default()
        });
    }

    /// A summary task without dates of its own spans what it holds, as Project shows it.
    fn summary_dates(&mut self) {
        for i in (0..self.tasks.len()).rev() {
            if !self.tasks[i].summary || self.tasks[i].start.is_some() {
                continue;
            }
            let level = self.tasks[i].outline_level;
            let inside = self.tasks[i + 1..]
                .iter()
                .take_while(|t| t.outline_level > level);
            let (mut start, mut finish) = (None, None);
            for t in inside {
                start = min(start, t.start.or(t.finish));
                finish = max(finish, t.finish.or(t.start));
            }
            let t = &mut self.tasks[i];
            t.start = start;
            t.finish = finish;
            if let (Some(s), Some(f)) = (start, finish) {
                t.duration_minutes =
                    Some(working_days(s.date(), f.date(), &[]) * u64::from(self.day.minutes));
            }
        }
    }
}

fn date(d: &Option<crate::model::Sp<NaiveDate>>) -> Option<NaiveDate> {
    d.as_ref().map(|d| d.value)
}

fn min<T: Ord>(a: Option<T>, b: Option<T>) -> Option<T> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

fn max<T: Ord>(a: Option<T>, b: Option<T>) -> Option<T> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.max(b)),
        (a, b) => a.or(b),
    }
}
