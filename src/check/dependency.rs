//! PM109-PM111: does what a project waits for from another project arrive in time, and does
//! nobody wait in a circle?

use std::collections::{HashMap, VecDeque};

use super::{Diagnostic, Rule};
use crate::model::*;
use crate::store::{Loaded, did_you_mean};

pub fn check(loaded: &Loaded, out: &mut Vec<Diagnostic>) {
    if loaded.projects.iter().all(|p| p.dependencies.is_empty()) {
        return;
    }
    let projects = Projects::new(loaded);
    for p in &loaded.projects {
        // A closed project waits for nothing any more.
        if p.status.value.is_closed() {
            continue;
        }
        for dep in &p.dependencies {
            let verdict = projects.verdict(p, dep);
            if !dep.allow.allows(Rule::DependencyAtRisk)
                && let Some(d) = at_risk(p, dep, &verdict)
            {
                out.push(d);
            }
            if let Some(found) = verdict.found() {
                work_before(p, dep, found, out);
            }
        }
    }
    cycles(&projects, out);
}

/// The projects by id (the first of each id, as `Loaded::project` finds them), in file order.
pub struct Projects<'a> {
    all: Vec<&'a Project>,
    by_id: HashMap<&'a str, usize>,
}

impl<'a> Projects<'a> {
    pub fn new(loaded: &'a Loaded) -> Projects<'a> {
        let mut all = Vec::with_capacity(loaded.projects.len());
        let mut by_id = HashMap::with_capacity(loaded.projects.len());
        for p in &loaded.projects {
            if !by_id.contains_key(p.id.as_str()) {
                by_id.insert(p.id.as_str(), all.len());
                all.push(p);
            }
        }
        Projects { all, by_id }
    }

    fn get(&self, id: &str) -> Option<&'a Project> {
        self.by_id.get(id).map(|&i| self.all[i])
    }

    /// Whether what `dep` of `p` waits on comes in time: the one judgement PM109, `pm depend`
    /// and the dependencies report share.
    pub fn verdict(&self, p: &Project, dep: &Dependency) -> Verdict<'a> {
        let target = &dep.on.value;
        if target.project == p.id.value {
            return Verdict::OwnProject;
        }
        let Some(q) = self.get(&target.project) else {
            return Verdict::NoProject {
                hint: hint(&target.project, self.all.iter().map(|q| q.id.as_str())),
            };
        };
        let did = target.deliverable.as_str();
        let Some(deliverable) = q.deliverable(did) else {
            return if q.exclusion(did).is_some() {
                Verdict::Excluded { project: q }
            } else {
                Verdict::NoDeliverable {
                    project: q,
                    hint: hint(did, q.deliverables.iter().map(|d| d.id.as_str())),
                }
            };
        };
        let found = Found {
            project: q,
            deliverable,
        };
        match q.status.value {
            ProjectStatus::OnHold | ProjectStatus::Cancelled => Verdict::Stopped(found),
            ProjectStatus::Done => Verdict::Delivered(found),
            ProjectStatus::Proposed | ProjectStatus::Active => match &deliverable.due {
                None => Verdict::Undated(found),
                Some(due) if due.value > dep.needed_by.value => Verdict::Late {
                    found,
                    days: (due.value - dep.needed_by.value).num_days(),
                },
                Some(_) => Verdict::OnTime(found),
            },
        }
    }
}

/// The project and deliverable a dependency waits on.
#[derive(Debug, Clone, Copy)]
pub struct Found<'a> {
    pub project: &'a Project,
    pub deliverable: &'a Deliverable,
}

/// What becomes of a dependency.
#[derive(Debug, Clone)]
pub enum Verdict<'a> {
    /// Due on or before the day it is needed.
    OnTime(Found<'a>),
    /// Its project is done: delivered.
    Delivered(Found<'a>),
    /// Due `days` after it is needed.
    Late { found: Found<'a>, days: i64 },
    /// The deliverable has no due date.
    Undated(Found<'a>),
    /// Its project is on hold or cancelled.
    Stopped(Found<'a>),
    /// `on` names the waiting project itself.
    OwnProject,
    /// No such project; `hint` is a did-you-mean (or empty).
    NoProject { hint: String },
    /// The project has no such deliverable; `hint` is a did-you-mean (or empty).
    NoDeliverable { project: &'a Project, hint: String },
    /// The id is an exclusion of the project: out of its scope.
    Excluded { project: &'a Project },
}

impl<'a> Verdict<'a> {
    pub fn found(&self) -> Option<&Found<'a>> {
        match self {
            Verdict::OnTime(f)
            | Verdict::Delivered(f)
            | Verdict::Undated(f)
            | Verdict::Stopped(f)
            | Verdict::Late { found: f, .. } => Some(f),
            _ => None,
        }
    }

    /// Whether the deliverable will not be there when it is needed (PM109).
    pub fn at_risk(&self) -> bool {
        !matches!(self, Verdict::OnTime(_) | Verdict::Delivered(_))
    }

    /// Why it is at risk, in a few words ("due 45 days after it is needed").
    pub fn why(&self) -> Option<String> {
        Some(match self {
            Verdict::OnTime(_) | Verdict::Delivered(_) => return None,
            Verdict::Late { days: d, .. } => format!("due {} after it is needed", days(*d)),
            Verdict::Undated(f) => format!("{} gives it no due date", f.project.id.value),
            Verdict::Stopped(f) => {
                format!(
                    "{} is {}",
                    f.project.id.value,
                    f.project.status.value.as_str()
                )
            }
            Verdict::OwnProject => "waits on its own project".to_owned(),
            Verdict::NoProject { .. } => "no such project".to_owned(),
            Verdict::NoDeliverable { project, .. } => {
                format!("{} has no such deliverable", project.id.value)
            }
            Verdict::Excluded { project } => format!("an exclusion of {}", project.id.value),
        })
    }
}

/// Says which `pm depend` command fixes a dependency, for help texts.
fn depend(p: &Project, dep: &Dependency) -> String {
    format!("{}/{}", p.id.value, dep.id.value)
}

fn hint(id: &str, known: impl IntoIterator<Item = impl AsRef<str>>) -> String {
    let known: Vec<_> = known.into_iter().collect();
    match did_you_mean(id, known.iter().map(|k| k.as_ref())) {
        Some(s) => format!(" — did you mean '{s}'?"),
        None => String::new(),
    }
}

/// PM109: the finding for a dependency whose verdict is at risk.
fn at_risk(p: &Project, dep: &Dependency, verdict: &Verdict<'_>) -> Option<Diagnostic> {
    let pid = p.id.as_str();
    let target = &dep.on.value;
    let needed = dep.needed_by.value;
    let cmd = depend(p, dep);
    let id = dep.id.as_str();
    let needs = format!("{pid} needs {target} by {needed} (dependency '{id}')");
    let accept = "or accept the risk with `allow = [\"dependency-at-risk\"]` and a `reason` on the dependency";
    let (message, label, help) = match verdict {
        Verdict::OnTime(_) | Verdict::Delivered(_) => return None,
        Verdict::OwnProject => (
            format!(
                "dependency '{id}' of {pid} waits on {target}, a deliverable of {pid} itself; a dependency is on another project"
            ),
            "its own project".to_owned(),
            format!(
                "order work inside a project by its dates; remove the dependency with `pm depend remove {cmd}`, or point it at another project with `pm depend set {cmd} --on PROJECT/DELIVERABLE`"
            ),
        ),
        Verdict::NoProject { hint } => (
            format!(
                "dependency '{id}' of {pid} waits on {target}, but there is no project '{}'{hint}",
                target.project
            ),
            "no such project".to_owned(),
            format!(
                "point it at the right project with `pm depend set {cmd} --on PROJECT/DELIVERABLE`, or remove it with `pm depend remove {cmd}`"
            ),
        ),
        Verdict::NoDeliverable { project, hint } => {
            let qid = project.id.as_str();
            let why = format!("{qid} has no deliverable '{}'{hint}", target.deliverable);
            not_delivered(pid, id, target, qid, &cmd, why)
        }
        Verdict::Excluded { project } => {
            let qid = project.id.as_str();
            let why = format!(
                "'{}' is an exclusion of {qid}: {qid} will not deliver it",
                target.deliverable
            );
            not_delivered(pid, id, target, qid, &cmd, why)
        }
        Verdict::Stopped(found) => {
            let qid = found.project.id.as_str();
            let status = found.project.status.value.as_str();
            (
                format!("{needs}, but {qid} is {status}: it may never be delivered"),
                format!("{qid} is {status}"),
                format!(
                    "find it elsewhere and point the dependency there with `pm depend set {cmd} --on PROJECT/DELIVERABLE`, have {qid} resumed (`pm project set {qid} --status active`), {accept}"
                ),
            )
        }
        Verdict::Undated(found) => {
            let qid = found.project.id.as_str();
            (
                format!("{needs}, but {qid} gives it no due date"),
                "no due date".to_owned(),
                format!(
                    "give {} of {qid} a due date on or before {needed} with `pm scope set {qid} {} --due {needed}`, {accept}",
                    target.deliverable, target.deliverable
                ),
            )
        }
        Verdict::Late { found, days: d } => {
            let qid = found.project.id.as_str();
            let due = found
                .deliverable
                .due
                .as_ref()
                .map(|d| d.value)
                .unwrap_or(needed);
            (
                format!("{needs}, but {qid} has it due on {due}, {} later", days(*d)),
                format!("due {due}, after {needed}"),
                format!(
                    "agree a date both can keep: bring {} of {qid} forward with `pm scope set {qid} {} --due {needed}`, or move the need with `pm depend set {cmd} --needed-by {due}`; {accept}",
                    target.deliverable, target.deliverable
                ),
            )
        }
    };
    let found = verdict.found();
    let mut d = Diagnostic::new(Rule::DependencyAtRisk, p.loc(dep.on.span), message)
        .label(label)
        .help(help)
        .project(pid)
        .dependency(id)
        .facts(|f| {
            f.on = Some(target.to_string());
            f.needed_by = Some(needed);
        });
    if let Some(found) = found {
        let qid = found.project.id.as_str();
        d = d.deliverable(&target.deliverable).facts(|f| {
            f.due = found.deliverable.due.as_ref().map(|d| d.value);
            f.projects = Some(sorted(&[pid, qid]));
        });
        if let Some(due) = &found.deliverable.due {
            d = d.secondary(found.project.loc(due.span), format!("due in {qid}"));
        }
    }
    Some(d)
}

/// Message, label and help of a dependency on a deliverable its project does not have.
fn not_delivered(
    pid: &str,
    id: &str,
    target: &Target,
    qid: &str,
    cmd: &str,
    why: String,
) -> (String, String, String) {
    let did = target.deliverable.as_str();
    (
        format!("dependency '{id}' of {pid} waits on {target}, but {why}"),
        "no such deliverable".to_owned(),
        format!(
            "point it at a deliverable of {qid} with `pm depend set {cmd} --on {qid}/DELIVERABLE`, or ask {qid} to take it into scope (`pm scope add {qid} {did} --title T --due DATE`)"
        ),
    )
}

fn days(n: i64) -> String {
    if n == 1 {
        "1 day".to_owned()
    } else {
        format!("{n} days")
    }
}

fn sorted(ids: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = ids.iter().map(|s| (*s).to_owned()).collect();
    v.sort();
    v.dedup();
    v
}

/// PM111: work that waits for the deliverable but is planned to start before it is due.
fn work_before(p: &Project, dep: &Dependency, found: &Found<'_>, out: &mut Vec<Diagnostic>) {
    let Some(due) = &found.deliverable.due else {
        return;
    };
    if dep.allow.allows(Rule::WorkBeforeDependency) {
        return;
    }
    let pid = p.id.as_str();
    let target = &dep.on.value;
    for entry in &dep.work {
        // An unknown id is PM003.
        let Some(w) = p.work_item(&entry.value) else {
            continue;
        };
        if matches!(w.status.value, WorkStatus::Done | WorkStatus::Dropped)
            || w.allow.allows(Rule::WorkBeforeDependency)
        {
            continue;
        }
        let Some(start) = &w.start else { continue };
        if start.value >= due.value {
            continue;
        }
        let wid = w.id.as_str();
        out.push(
            Diagnostic::new(
                Rule::WorkBeforeDependency,
                p.loc(start.span),
                format!(
                    "work item '{wid}' of {pid} starts on {}, before {target}, which it waits for (dependency '{}'), is due on {}",
                    start.value, dep.id.value, due.value
                ),
            )
            .label(format!("starts before {}", due.value))
            .secondary(p.loc(entry.span), format!("waits for {target}"))
            .help(format!(
                "start it on {} or later with `pm work set {pid}/{wid} --start {}`, or take it out of the dependency's `for` with `pm depend set {} --for W,...` if it does not wait after all",
                due.value,
                due.value,
                depend(p, dep)
            ))
            .project(pid)
            .work(wid)
            .dependency(&dep.id.value)
            .facts(|f| {
                f.on = Some(target.to_string());
                f.due = Some(due.value);
            }),
        );
    }
}

/// One edge of the waiting graph: project `from` waits on project `to` through `dep`.
#[derive(Clone, Copy)]
struct Edge<'a> {
    to: usize,
    dep: &'a Dependency,
}

/// The waiting graph: for each project (by index in `projects.all`), the projects it waits on,
/// neighbours in id order so that what is reported does not depend on file order.
fn graph<'a>(projects: &Projects<'a>) -> Vec<Vec<Edge<'a>>> {
    let n = projects.all.len();
    let mut edges: Vec<Vec<Edge<'a>>> = vec![Vec::new(); n];
    for (i, p) in projects.all.iter().enumerate() {
        if p.status.value.is_closed() {
            continue;
        }
        for dep in &p.dependencies {
            if dep.allow.allows(Rule::DependencyCycle) {
                continue;
            }
            if let Some(&j) = projects.by_id.get(dep.on.value.project.as_str())
                && j != i
            {
                edges[i].push(Edge { to: j, dep });
            }
        }
        edges[i].sort_by(|a, b| {
            projects.all[a.to]
                .id
                .value
                .cmp(&projects.all[b.to].id.value)
                .then(a.dep.id.value.cmp(&b.dep.id.value))
        });
    }
    edges
}

/// The dependencies that are part of a circle, as (waiting project, dependency id).
pub fn in_circles(projects: &Projects<'_>) -> std::collections::HashSet<(String, String)> {
    let edges = graph(projects);
    let mut out = std::collections::HashSet::new();
    for component in components(&edges) {
        if component.len() < 2 {
            continue;
        }
        for &v in &component {
            for e in &edges[v] {
                if component.contains(&e.to) {
                    out.insert((projects.all[v].id.value.clone(), e.dep.id.value.clone()));
                }
            }
        }
    }
    out
}

/// PM110: one finding per group of projects that wait on each other (a strongly connected
/// component of the waiting graph), listing one circle through it.
fn cycles(projects: &Projects<'_>, out: &mut Vec<Diagnostic>) {
    let edges = graph(projects);
    for component in components(&edges) {
        if component.len() < 2 {
            continue;
        }
        let Some(&start) = component
            .iter()
            .min_by(|&&a, &&b| projects.all[a].id.value.cmp(&projects.all[b].id.value))
        else {
            continue;
        };
        let circle = circle_through(start, &component, &edges);
        if let Some(d) = cycle_finding(projects, &circle) {
            out.push(d);
        }
    }
}

/// The strongly connected components of the graph (Tarjan's algorithm, without recursion so
/// that a long chain of projects cannot overflow the stack).
fn components(edges: &[Vec<Edge<'_>>]) -> Vec<Vec<usize>> {
    const UNSEEN: usize = usize::MAX;
    let n = edges.len();
    let mut index = vec![UNSEEN; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut stack = Vec::new();
    let mut out = Vec::new();
    let mut next = 0;
    for root in 0..n {
        if index[root] != UNSEEN {
            continue;
        }
        // (node, position of the next edge to follow)
        let mut calls = vec![(root, 0usize)];
        index[root] = next;
        low[root] = next;
        next += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (v, ref mut at)) = calls.last_mut() {
            if let Some(e) = edges[v].get(*at) {
                *at += 1;
                let w = e.to;
                if index[w] == UNSEEN {
                    index[w] = next;
                    low[w] = next;
                    next += 1;
                    stack.push(w);
                    on_stack[w] = true;
                    calls.push((w, 0));
                } else if on_stack[w] {
                    low[v] = low[v].min(index[w]);
                }
                continue;
            }
            calls.pop();
            if let Some(&(parent, _)) = calls.last() {
                low[parent] = low[parent].min(low[v]);
            }
            if low[v] == index[v] {
                let mut component = Vec::new();
                while let Some(w) = stack.pop() {
                    on_stack[w] = false;
                    component.push(w);
                    if w == v {
                        break;
                    }
                }
                out.push(component);
            }
        }
    }
    out
}

/// The shortest circle from `start` back to itself inside `component`, as its edges in order.
fn circle_through<'a>(
    start: usize,
    component: &[usize],
    edges: &[Vec<Edge<'a>>],
) -> Vec<(usize, Edge<'a>)> {
    let inside: std::collections::HashSet<usize> = component.iter().copied().collect();
    let mut came_from: HashMap<usize, (usize, Edge<'a>)> = HashMap::new();
    let mut queue = VecDeque::from([start]);
    while let Some(v) = queue.pop_front() {
        for e in &edges[v] {
            if !inside.contains(&e.to) || came_from.contains_key(&e.to) {
                continue;
            }
            came_from.insert(e.to, (v, *e));
            if e.to == start {
                queue.clear();
                break;
            }
            queue.push_back(e.to);
        }
    }
    let mut circle = Vec::new();
    let mut at = start;
    while let Some(&(from, e)) = came_from.get(&at) {
        circle.push((from, e));
        at = from;
        if at == start || circle.len() > component.len() {
            break;
        }
    }
    circle.reverse();
    circle
}

fn cycle_finding(projects: &Projects<'_>, circle: &[(usize, Edge<'_>)]) -> Option<Diagnostic> {
    let &(first, first_edge) = circle.first()?;
    let p = projects.all[first];
    let names: Vec<&str> = circle
        .iter()
        .map(|(from, _)| projects.all[*from].id.as_str())
        .collect();
    let steps: Vec<String> = circle
        .iter()
        .map(|(from, e)| {
            format!(
                "{} waits on {}",
                projects.all[*from].id.value, e.dep.on.value
            )
        })
        .collect();
    let who = match names.as_slice() {
        [a, b] => format!("{a} and {b}"),
        [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
        [] => return None,
    };
    let mut d = Diagnostic::new(
        Rule::DependencyCycle,
        p.loc(first_edge.dep.on.span),
        format!(
            "{who} wait on each other in a circle: {}; none of them can finish first",
            steps.join(", ")
        ),
    )
    .label(format!("{} waits on {}", p.id.value, first_edge.dep.on.value))
    .help(format!(
        "break the circle: remove a dependency that is not real (`pm depend remove {}`), or split a deliverable so one project can deliver a first part early and point a dependency at it (`pm depend set PROJECT/ID --on OTHER/DELIVERABLE`)",
        depend(p, first_edge.dep)
    ))
    .project(p.id.as_str())
    .dependency(&first_edge.dep.id.value)
    .facts(|f| f.projects = Some(sorted(&names)));
    for (from, e) in &circle[1..] {
        let q = projects.all[*from];
        d = d.secondary(
            q.loc(e.dep.on.span),
            format!("{} waits on {}", q.id.value, e.dep.on.value),
        );
    }
    Some(d)
}
