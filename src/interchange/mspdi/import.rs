//! An MSPDI [`Document`] as a pm project, by the inverse of the export mapping (SPEC §14):
//! the project is one summary task at outline level 1 (or, in a plan with several top-level
//! tasks that are not pm projects, the whole plan); the summary tasks under it become
//! deliverables, with the tasks below them as their work and their last milestone as their due
//! date; the plain tasks directly under it become work that traces to no deliverable; and the
//! assignments of resources to any of these become assignments, at units × 100 percent over the
//! assignment's dates (or its task's).
//!
//! Resources stay resources here: matching them to people of the pool is the edit's job, since
//! it needs the program. What the mapping cannot carry is listed in [`Plan::not_mapped`].

use std::collections::{BTreeSet, HashMap};

use chrono::{NaiveDate, NaiveDateTime, NaiveTime};

use super::{Document, NO_RESOURCE, Task};
use crate::model::{WorkStatus, is_slug, slugify};

/// Which part of the file to import.
#[derive(Debug, Clone, Copy)]
pub struct Select<'a> {
    /// The id the new project gets: a top-level task with this pm id is the one imported.
    pub project: &'a str,
    /// A top-level task named by its pm id or its name.
    pub task: Option<&'a str>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Plan {
    pub name: String,
    /// As the file writes it: a person's id or name.
    pub manager: Option<String>,
    pub objective: Option<String>,
    pub start: Option<NaiveDate>,
    pub end: Option<NaiveDate>,
    pub deliverables: Vec<Deliverable>,
    pub work: Vec<Work>,
    pub assignments: Vec<PlannedAssignment>,
    /// What the plan holds that pm has no place for, one line each.
    pub not_mapped: Vec<String>,
    /// When no top-level task is the project and the whole plan became it: how many
    /// top-level tasks it has.
    pub whole_plan: Option<usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Deliverable {
    pub id: String,
    pub title: String,
    pub due: Option<NaiveDate>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct Work {
    pub id: String,
    pub title: String,
    pub deliverable: Option<String>,
    pub estimate_hours: Option<f64>,
    pub status: WorkStatus,
    pub start: Option<NaiveDate>,
    pub due: Option<NaiveDate>,
    pub assignee: Option<Who>,
}

/// Someone a plan names, before they are matched to the pool.
#[derive(Debug, Clone, PartialEq)]
pub enum Who {
    /// A task's contact: free text, usually a name or an id.
    Contact(String),
    /// The resource at this index of [`Document::resources`].
    Resource(usize),
}

#[derive(Debug, Clone, PartialEq)]
pub struct PlannedAssignment {
    /// Index into [`Document::resources`].
    pub resource: usize,
    pub allocation: i64,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
    pub proposed: bool,
    pub role: Option<String>,
    /// The task it was made on, to name it in messages.
    pub task: String,
}

/// Why the plan cannot be imported, and where in the file (a byte offset; 0 for the file).
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("{message}")]
pub struct PlanError {
    pub at: usize,
    pub message: String,
}

fn refuse(at: usize, message: impl Into<String>) -> PlanError {
    PlanError {
        at,
        message: message.into(),
    }
}

/// Tasks and resources by UID, and the resources booked on each task.
struct Index {
    tasks: HashMap<i64, usize>,
    resources: HashMap<i64, usize>,
    booked: HashMap<i64, BTreeSet<usize>>,
}

impl Index {
    fn of(doc: &Document) -> Result<Index, PlanError> {
        let mut tasks = HashMap::new();
        for (i, t) in doc.tasks.iter().enumerate() {
            if tasks.insert(t.uid, i).is_some() {
                return Err(refuse(
                    t.at,
                    format!("two tasks have the UID {}; each needs its own", t.uid),
                ));
            }
        }
        let mut resources = HashMap::new();
        for (i, r) in doc.resources.iter().enumerate() {
            if resources.insert(r.uid, i).is_some() {
                return Err(refuse(
                    r.at,
                    format!("two resources have the UID {}; each needs its own", r.uid),
                ));
            }
        }
        let mut booked: HashMap<i64, BTreeSet<usize>> = HashMap::new();
        for a in &doc.assignments {
            if let Some(&r) = resources.get(&a.resource) {
                booked.entry(a.task).or_default().insert(r);
            }
        }
        Ok(Index {
            tasks,
            resources,
            booked,
        })
    }
}

/// A task's name, or what to call it when it has none.
fn name_of(t: &Task) -> String {
    match t.name.trim() {
        "" => format!("Task {}", t.uid),
        name => name.to_owned(),
    }
}

/// The project the document holds.
pub fn plan(doc: &Document, select: Select) -> Result<Plan, PlanError> {
    let index = Index::of(doc)?;
    let outline = Outline::of(&doc.tasks);
    let root = choose_root(doc, &outline, select)?;
    let mut notes = Vec::new();
    let (name, manager, objective, start, end, top) = match root {
        Root::Task(i) => {
            let t = &doc.tasks[i];
            (
                t.name.clone(),
                t.contact.clone(),
                t.notes.clone(),
                t.start.map(|s| s.date()),
                finish_date(t.finish, t.start),
                outline.children[i].clone(),
            )
        }
        Root::Whole => {
            let summary = outline.file_summary.map(|i| &doc.tasks[i]);
            let top = outline.top.clone();
            (
                doc.title
                    .clone()
                    .or_else(|| doc.name.clone())
                    .or_else(|| summary.map(|t| t.name.clone()))
                    .unwrap_or_else(|| select.project.to_owned()),
                summary
                    .and_then(|t| t.contact.clone())
                    .or_else(|| doc.manager.clone()),
                summary.and_then(|t| t.notes.clone()),
                summary
                    .and_then(|t| t.start)
                    .or(doc.start)
                    .map(|s| s.date()),
                finish_date(
                    summary.and_then(|t| t.finish).or(doc.finish),
                    summary.and_then(|t| t.start).or(doc.start),
                ),
                top,
            )
        }
    };

    // Ids the file carries win over ids made from names: reserve them first.
    let reserved_deliverables = reserved(doc, &outline, &top, true);
    let reserved_work = reserved(doc, &outline, &top, false);
    let mut deliverable_ids = Ids::new(reserved_deliverables);
    let mut work_ids = Ids::new(reserved_work);

    let mut deliverables = Vec::new();
    let mut work = Vec::new();
    let mut imported = BTreeSet::new();
    if let Root::Task(i) = root {
        imported.insert(i);
    } else if let Some(i) = outline.file_summary {
        imported.insert(i);
    }
    for &i in &top {
        let t = &doc.tasks[i];
        imported.insert(i);
        if outline.is_summary(&doc.tasks, i) {
            let id = deliverable_ids.take(t, "deliverable");
            let mut due: Option<NaiveDate> = None;
            let mut milestones = 0;
            for &j in &outline.descendants(i) {
                imported.insert(j);
                let inner = &doc.tasks[j];
                if outline.is_summary(&doc.tasks, j) {
                    notes.push(format!(
                        "summary task '{}' under '{}': pm has no level between a deliverable and \
                         its work, so its tasks became work of {id}",
                        inner.name, t.name
                    ));
                } else if inner.milestone {
                    milestones += 1;
                    let when = inner.finish.or(inner.start).map(|d| d.date());
                    due = match (due, when) {
                        (Some(a), Some(b)) => Some(a.max(b)),
                        (a, b) => a.or(b),
                    };
                } else {
                    work.push(work_item(
                        doc,
                        &index,
                        j,
                        Some(&id),
                        &mut work_ids,
                        &mut notes,
                    ));
                }
            }
            if milestones > 1 {
                notes.push(format!(
                    "deliverable {id} ('{}') has {milestones} milestones; its due date is the last of them",
                    t.name
                ));
            }
            deliverables.push(Deliverable {
                id,
                title: name_of(t),
                due,
            });
        } else if t.milestone {
            notes.push(format!(
                "milestone '{}' is under no summary task, and pm has milestones only as deliverable \
                 due dates; add it with `pm scope add {} ID --title ... --due DATE` if it is one",
                t.name, select.project
            ));
        } else {
            work.push(work_item(doc, &index, i, None, &mut work_ids, &mut notes));
        }
    }

    let mut assignments = Vec::new();
    for a in &doc.assignments {
        if a.resource == NO_RESOURCE {
            continue;
        }
        let Some(&ti) = index.tasks.get(&a.task) else {
            return Err(refuse(
                a.at,
                format!(
                    "assignment {} is on task {}, which the file does not have",
                    a.uid, a.task
                ),
            ));
        };
        if !imported.contains(&ti) {
            continue;
        }
        let Some(&resource) = index.resources.get(&a.resource) else {
            return Err(refuse(
                a.at,
                format!(
                    "assignment {} is of resource {}, which the file does not have",
                    a.uid, a.resource
                ),
            ));
        };
        let task = &doc.tasks[ti];
        if task.milestone {
            notes.push(format!(
                "the assignment of '{}' to milestone '{}': a milestone has no duration to load anyone over",
                doc.resources[resource].name, task.name
            ));
            continue;
        }
        let units = a.units.unwrap_or(1.0);
        let allocation = (units * 100.0).round();
        if !(0.0..=1000.0).contains(&allocation) {
            return Err(refuse(
                a.at,
                format!(
                    "the assignment of '{}' to '{}' is at {}%, and pm's allocations run from 0 to 1000",
                    doc.resources[resource].name, task.name, allocation
                ),
            ));
        }
        let start = a.start.or(task.start);
        assignments.push(PlannedAssignment {
            resource,
            allocation: allocation as i64,
            from: start.map(|s| s.date()),
            to: finish_date(a.finish.or(task.finish), start),
            proposed: a.proposed,
            role: a
                .notes
                .as_deref()
                .and_then(|n| n.lines().map(str::trim).find(|l| !l.is_empty()))
                .map(str::to_owned),
            task: task.name.clone(),
        });
    }

    Ok(Plan {
        name,
        manager,
        objective,
        start,
        end,
        deliverables,
        work,
        assignments,
        not_mapped: notes,
        whole_plan: match root {
            Root::Whole => Some(top.len()),
            Root::Task(_) => None,
        },
    })
}

fn work_item(
    doc: &Document,
    index: &Index,
    i: usize,
    deliverable: Option<&str>,
    ids: &mut Ids,
    notes: &mut Vec<String>,
) -> Work {
    let t = &doc.tasks[i];
    let status = if t.percent_complete == Some(100) || t.actual_finish.is_some() {
        WorkStatus::Done
    } else if t.actual_start.is_some() || t.percent_complete.is_some_and(|p| p > 0) {
        WorkStatus::Doing
    } else {
        WorkStatus::Todo
    };
    let resources: Vec<usize> = index
        .booked
        .get(&t.uid)
        .map(|r| r.iter().copied().collect())
        .unwrap_or_default();
    let assignee = match (&t.contact, resources.as_slice()) {
        (Some(c), _) => Some(Who::Contact(c.clone())),
        (None, [one]) => Some(Who::Resource(*one)),
        (None, []) => None,
        (None, _) => {
            notes.push(format!(
                "task '{}' has {} resources and a pm work item one assignee, so it has none",
                t.name,
                resources.len()
            ));
            None
        }
    };
    Work {
        id: ids.take(t, "task"),
        title: name_of(t),
        deliverable: deliverable.map(str::to_owned),
        // To the hundredth of an hour, so minutes do not turn into long fractions.
        estimate_hours: t
            .work_hours
            .filter(|h| *h > 0.0)
            .map(|h| (h * 100.0).round() / 100.0),
        status,
        start: t.start.map(|s| s.date()),
        due: finish_date(t.finish, t.start),
        assignee,
    }
}

/// The last day of something that finishes at `finish`: a finish at midnight ends the day
/// before (as some writers put it), unless it is also the start.
fn finish_date(finish: Option<NaiveDateTime>, start: Option<NaiveDateTime>) -> Option<NaiveDate> {
    let f = finish?;
    if f.time() == NaiveTime::MIN && start.is_none_or(|s| s < f) {
        return f.date().pred_opt().or(Some(f.date()));
    }
    Some(f.date())
}

enum Root {
    /// One top-level task is the project.
    Task(usize),
    /// The whole plan is the project.
    Whole,
}

fn choose_root(doc: &Document, outline: &Outline, select: Select) -> Result<Root, PlanError> {
    let top = &outline.top;
    let shown = || {
        top.iter()
            .map(|&i| {
                let t = &doc.tasks[i];
                match &t.pm_id {
                    Some(id) => format!("'{}' ({id})", t.name),
                    None => format!("'{}'", t.name),
                }
            })
            .collect::<Vec<_>>()
            .join(", ")
    };
    if let Some(wanted) = select.task {
        let key = wanted.trim().to_lowercase();
        let found = top.iter().copied().find(|&i| {
            let t = &doc.tasks[i];
            t.pm_id.as_deref() == Some(wanted)
                || t.name.trim().to_lowercase() == key
                || slugify(&t.name).as_deref() == Some(wanted)
        });
        return match found {
            Some(i) => Ok(Root::Task(i)),
            None if top.is_empty() => Err(refuse(0, "the plan has no tasks")),
            None => Err(refuse(
                0,
                format!(
                    "the plan has no top-level task '{wanted}'; its top-level tasks are {}",
                    shown()
                ),
            )),
        };
    }
    if let Some(&i) = top
        .iter()
        .find(|&&i| doc.tasks[i].pm_id.as_deref() == Some(select.project))
    {
        return Ok(Root::Task(i));
    }
    match top.as_slice() {
        [] => Err(refuse(0, "the plan has no tasks to import")),
        [one] => Ok(Root::Task(*one)),
        _ if top.iter().any(|&i| doc.tasks[i].pm_id.is_some()) => Err(refuse(
            0,
            format!(
                "the plan holds several pm projects ({}); import one with --task ID",
                shown()
            ),
        )),
        _ => Ok(Root::Whole),
    }
}

/// The tree the outline levels describe.
struct Outline {
    /// The project's own summary task (outline level 0), when the file has one.
    file_summary: Option<usize>,
    /// The top-level tasks, in file order.
    top: Vec<usize>,
    children: Vec<Vec<usize>>,
}

impl Outline {
    fn of(tasks: &[Task]) -> Outline {
        let mut children = vec![Vec::new(); tasks.len()];
        let mut top = Vec::new();
        let mut file_summary = None;
        // The open ancestors of the next task, by level.
        let mut stack: Vec<usize> = Vec::new();
        for (i, t) in tasks.iter().enumerate() {
            if t.outline_level == 0 {
                file_summary.get_or_insert(i);
                stack.clear();
                continue;
            }
            while stack
                .last()
                .is_some_and(|&p| tasks[p].outline_level >= t.outline_level)
            {
                stack.pop();
            }
            match stack.last() {
                Some(&p) => children[p].push(i),
                None => top.push(i),
            }
            stack.push(i);
        }
        Outline {
            file_summary,
            top,
            children,
        }
    }

    fn is_summary(&self, tasks: &[Task], i: usize) -> bool {
        tasks[i].summary || !self.children[i].is_empty()
    }

    /// Everything below task `i`, in file order.
    fn descendants(&self, i: usize) -> Vec<usize> {
        let mut out = Vec::new();
        let mut todo: Vec<usize> = self.children[i].iter().rev().copied().collect();
        while let Some(j) = todo.pop() {
            out.push(j);
            todo.extend(self.children[j].iter().rev());
        }
        out
    }
}

/// The pm ids the file gives to deliverables (`summaries`) or to work, first come first kept.
fn reserved(doc: &Document, outline: &Outline, top: &[usize], summaries: bool) -> BTreeSet<String> {
    let mut out = BTreeSet::new();
    for &i in top {
        let is_summary = outline.is_summary(&doc.tasks, i);
        let mut candidates = Vec::new();
        if is_summary && summaries {
            candidates.push(i);
        }
        if !summaries {
            if is_summary {
                candidates.extend(outline.descendants(i));
            } else {
                candidates.push(i);
            }
        }
        for j in candidates {
            if let Some(id) = doc.tasks[j].pm_id.as_deref().filter(|id| is_slug(id)) {
                out.insert(id.to_owned());
            }
        }
    }
    out
}

/// Ids for one kind of item: the file's pm id when it has a good one not used yet, else a slug
/// of the name that neither the file's ids nor an earlier item uses.
struct Ids {
    reserved: BTreeSet<String>,
    taken: BTreeSet<String>,
}

impl Ids {
    fn new(reserved: BTreeSet<String>) -> Ids {
        Ids {
            reserved,
            taken: BTreeSet::new(),
        }
    }

    fn take(&mut self, t: &Task, what: &str) -> String {
        if let Some(id) = t.pm_id.as_deref().filter(|id| is_slug(id))
            && !self.taken.contains(id)
        {
            self.taken.insert(id.to_owned());
            return id.to_owned();
        }
        let base = slugify(&t.name).unwrap_or_else(|| format!("{what}-{}", t.uid.unsigned_abs()));
        let mut n = 1u64;
        loop {
            let id = if n == 1 {
                base.clone()
            } else {
                let suffix = format!("-{n}");
                let stem = base[..base.len().min(64 - suffix.len())].trim_end_matches('-');
                format!("{stem}{suffix}")
            };
            if !self.taken.contains(&id) && !self.reserved.contains(&id) {
                self.taken.insert(id.clone());
                return id;
            }
            n += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::interchange::mspdi::{Assignment, Resource};

    fn task(uid: i64, level: u32, name: &str) -> Task {
        Task {
            uid,
            name: name.into(),
            outline_level: level,
            ..Task::default()
        }
    }

    fn at(s: &str) -> Option<NaiveDateTime> {
        super::super::read::parse_date_time(s)
    }

    #[test]
    fn a_plan_with_phases_becomes_one_project() {
        let mut milestone = task(4, 2, "Design done");
        milestone.milestone = true;
        milestone.finish = at("2026-06-30T17:00:00");
        let mut build = task(3, 2, "Build the thing");
        build.start = at("2026-03-02T08:00:00");
        build.finish = at("2026-06-01T00:00:00");
        build.work_hours = Some(100.0 / 3.0);
        build.percent_complete = Some(40);
        let doc = Document {
            title: Some("Rover".into()),
            tasks: vec![
                task(0, 0, "Rover"),
                task(1, 1, "Design"),
                task(2, 2, "Sketch"),
                build,
                milestone,
                task(5, 1, "Design"),
                task(6, 1, "Loose end"),
            ],
            resources: vec![Resource {
                uid: 7,
                name: "Ann".into(),
                ..Resource::default()
            }],
            assignments: vec![Assignment {
                uid: 1,
                task: 3,
                resource: 7,
                units: Some(0.5),
                ..Assignment::default()
            }],
            ..Document::default()
        };
        let plan = plan(
            &doc,
            Select {
                project: "rover",
                task: None,
            },
        )
        .unwrap();
        assert_eq!(plan.name, "Rover");
        let deliverables: Vec<_> = plan
            .deliverables
            .iter()
            .map(|d| (d.id.as_str(), d.due))
            .collect();
        assert_eq!(
            deliverables,
            [("design", NaiveDate::from_ymd_opt(2026, 6, 30))]
        );
        let work: Vec<_> = plan
            .work
            .iter()
            .map(|w| (w.id.as_str(), w.deliverable.as_deref(), w.status))
            .collect();
        assert_eq!(
            work,
            [
                ("sketch", Some("design"), WorkStatus::Todo),
                ("build-the-thing", Some("design"), WorkStatus::Doing),
                ("design", None, WorkStatus::Todo),
                ("loose-end", None, WorkStatus::Todo),
            ]
        );
        let build = &plan.work[1];
        assert_eq!(build.estimate_hours, Some(33.33));
        // Finishing at midnight is finishing the day before.
        assert_eq!(build.due, NaiveDate::from_ymd_opt(2026, 5, 31));
        assert_eq!(build.assignee, Some(Who::Resource(0)));
        assert_eq!(plan.assignments[0].allocation, 50);
        assert_eq!(
            plan.assignments[0].from,
            NaiveDate::from_ymd_opt(2026, 3, 2)
        );
        assert_eq!(plan.whole_plan, Some(3));
    }

    #[test]
    fn several_pm_projects_need_a_choice() {
        let mut a = task(1, 1, "Lander");
        a.pm_id = Some("lander".into());
        let mut b = task(2, 1, "Rover");
        b.pm_id = Some("rover".into());
        let doc = Document {
            tasks: vec![a, b],
            ..Document::default()
        };
        let pick = |project, task| plan(&doc, Select { project, task }).map(|p| p.name);
        assert_eq!(pick("rover", None).unwrap(), "Rover");
        assert_eq!(pick("new", Some("lander")).unwrap(), "Lander");
        assert_eq!(pick("new", Some("ROVER")).unwrap(), "Rover");
        let e = pick("new", None).unwrap_err();
        assert!(e.message.contains("--task"), "{e}");
        let e = pick("new", Some("moon")).unwrap_err();
        assert!(e.message.contains("'Lander' (lander)"), "{e}");
    }

    #[test]
    fn ids_from_the_file_win_over_ids_from_names() {
        let mut root = task(1, 1, "P");
        root.pm_id = Some("p".into());
        let mut first = task(2, 2, "Cabin");
        first.pm_id = None;
        let mut second = task(3, 2, "Other");
        second.pm_id = Some("cabin".into());
        let doc = Document {
            tasks: vec![root, first, second, task(4, 2, "Cabin")],
            ..Document::default()
        };
        let plan = plan(
            &doc,
            Select {
                project: "p",
                task: None,
            },
        )
        .unwrap();
        let ids: Vec<_> = plan.work.iter().map(|w| w.id.as_str()).collect();
        assert_eq!(ids, ["cabin-2", "cabin", "cabin-3"]);
    }

    mod properties {
        use super::*;
        use proptest::prelude::*;

        fn arb_task() -> impl Strategy<Value = Task> {
            (
                (0i64..12, 0u32..5, "[a-zA-Z -]{0,8}"),
                (
                    any::<bool>(),
                    any::<bool>(),
                    proptest::option::of("[a-z-]{0,6}"),
                ),
                proptest::option::of(0u32..=100),
            )
                .prop_map(
                    |((uid, level, name), (summary, milestone, pm_id), percent)| Task {
                        uid,
                        name,
                        outline_level: level,
                        summary,
                        milestone,
                        pm_id,
                        percent_complete: percent,
                        ..Task::default()
                    },
                )
        }

        proptest! {
            #![proptest_config(ProptestConfig { cases: 256, failure_persistence: None, ..ProptestConfig::default() })]

            /// Any outline, however odd, imports with good ids and references, or is refused
            /// with a reason; it never panics.
            #[test]
            fn any_outline_imports_or_is_refused(
                tasks in proptest::collection::vec(arb_task(), 0..15),
                bookings in proptest::collection::vec((0i64..12, -1i64..4, proptest::option::of(-1.0f64..12.0)), 0..10),
                people in 0usize..4,
                task in proptest::option::of("[a-z]{0,3}"),
            ) {
                let doc = Document {
                    tasks,
                    resources: (0..people)
                        .map(|i| Resource { uid: i as i64, name: format!("r{i}"), ..Resource::default() })
                        .collect(),
                    assignments: bookings
                        .into_iter()
                        .enumerate()
                        .map(|(i, (task, resource, units))| Assignment {
                            uid: i as i64,
                            task,
                            resource,
                            units,
                            ..Assignment::default()
                        })
                        .collect(),
                    ..Document::default()
                };
                match plan(&doc, Select { project: "p", task: task.as_deref() }) {
                    Ok(plan) => {
                        let mut ids = BTreeSet::new();
                        for d in &plan.deliverables {
                            prop_assert!(is_slug(&d.id) && ids.insert(d.id.clone()), "{:?}", d);
                            prop_assert!(!d.title.is_empty());
                        }
                        let mut work = BTreeSet::new();
                        for w in &plan.work {
                            prop_assert!(is_slug(&w.id) && work.insert(w.id.clone()), "{:?}", w);
                            prop_assert!(w.deliverable.as_ref().is_none_or(|d| ids.contains(d)));
                            prop_assert!(!w.title.is_empty());
                        }
                        for a in &plan.assignments {
                            prop_assert!(a.resource < people);
                            prop_assert!((0..=1000).contains(&a.allocation));
                        }
                    }
                    Err(e) => prop_assert!(!e.message.is_empty()),
                }
            }

            /// Reading any text gives a document or a refusal, never a panic.
            #[test]
            fn reading_anything_never_panics(
                parts in proptest::collection::vec(
                    prop_oneof![
                        Just("<Project>"), Just("</Project>"), Just("<Tasks>"), Just("</Tasks>"),
                        Just("<Task>"), Just("</Task>"), Just("<UID>"), Just("</UID>"),
                        Just("<Start>"), Just("</Start>"), Just("<Work>"), Just("</Work>"),
                        Just("<Assignments><Assignment><UID>1</UID><TaskUID>1</TaskUID><ResourceUID>2</ResourceUID></Assignment></Assignments>"),
                        Just("&amp;"), Just("&#x0;"), Just("&bogus;"), Just("<![CDATA[x]]>"),
                        Just("<!-- c -->"), Just("<a:b xmlns:a=\"x\"/>"), Just("1"), Just("PT8H"),
                        Just("2026-02-30T08:00:00"), Just("é"), Just("<"), Just(">"),
                    ],
                    0..40,
                ),
            ) {
                let text: String = parts.concat();
                if let Err(e) = super::super::super::read(&text) {
                    prop_assert!(e.at <= text.len());
                }
            }
        }
    }
}
