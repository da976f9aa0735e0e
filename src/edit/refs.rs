//! Where an id is referred to, as `file:line` with what refers to it: what a removal lists when
//! it refuses, and what a rename rewrites.

use std::fmt::Write as _;

use anyhow::{Result, bail};

use crate::diagnostic::{Rule, Severity};
use crate::model::{FileId, Loc, Project, Span};
use crate::store::{Loaded, PROJECTS_DIR, Sources};

/// One place that names an id.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Ref {
    pub file: String,
    pub line: usize,
    /// What names it there: "manager of project lander", "assignee of work lander/x".
    pub what: String,
}

fn at(sources: &Sources, file: FileId, span: Span, what: String) -> Ref {
    let lc = sources.line_col(Loc { file, span });
    Ref {
        file: sources.path(file).to_owned(),
        line: lc.line,
        what,
    }
}

/// The references, one per line under a heading: what a refusal shows.
pub fn listed(refs: &[Ref]) -> String {
    let mut out = String::new();
    let width = refs
        .iter()
        .map(|r| r.file.len() + 1 + r.line.to_string().len())
        .max()
        .unwrap_or(0);
    for r in refs {
        let place = format!("{}:{}", r.file, r.line);
        let _ = write!(out, "\n  {place:width$}  {}", r.what);
    }
    out
}

/// Refuses to go on when a file could not be read: a reference hidden in it would be missed.
pub fn require_readable(loaded: &Loaded, doing: &str) -> Result<()> {
    let loaded_files: Vec<FileId> = loaded.projects.iter().map(|p| p.file).collect();
    for d in &loaded.diagnostics {
        if d.rule != Rule::InvalidFile || d.severity != Severity::Error {
            continue;
        }
        let path = loaded.sources.path(d.loc.file);
        let unread = if path.starts_with(&format!("{PROJECTS_DIR}/")) {
            !loaded_files.contains(&d.loc.file)
        } else {
            loaded.program.is_none()
        };
        if unread {
            let lc = loaded.sources.line_col(d.loc);
            bail!(
                "{path}:{}:{}: {}; pm cannot see the references in it, so it does not {doing} until the file is fixed (pm check shows every problem)",
                lc.line,
                lc.column,
                d.message
            );
        }
    }
    Ok(())
}

/// Everything that names person `id`: the program's and projects' managers, charter approvers,
/// work assignees, assignments and filled requests. Sorted by file and line.
pub fn person(loaded: &Loaded, id: &str) -> Vec<Ref> {
    let s = &loaded.sources;
    let mut out = Vec::new();
    if let Some(program) = &loaded.program
        && let Some(m) = &program.manager
        && m.value == id
    {
        out.push(at(s, program.file, m.span, "manager of the program".into()));
    }
    for p in &loaded.projects {
        let pid = p.id.as_str();
        if let Some(m) = &p.manager
            && m.value == id
        {
            out.push(at(s, p.file, m.span, format!("manager of project {pid}")));
        }
        if let Some(by) = &p.charter.approved_by
            && by.value == id
        {
            out.push(at(
                s,
                p.file,
                by.span,
                format!("approver of {pid}'s charter"),
            ));
        }
        for w in &p.work {
            if let Some(a) = &w.assignee
                && a.value == id
            {
                let what = format!("assignee of work {pid}/{}", w.id.value);
                out.push(at(s, p.file, a.span, what));
            }
        }
        for a in &p.assignments {
            if a.person.value == id {
                let when = a
                    .window(&p.charter)
                    .map(|(f, t)| format!(", {f}..{t}"))
                    .unwrap_or_default();
                let what = format!("assignment to {pid} ({}%{when})", a.allocation.value);
                out.push(at(s, p.file, a.person.span, what));
            }
        }
        for r in &p.requests {
            if let Some(by) = &r.filled_by
                && by.value == id
            {
                let what = format!("filled_by of request {pid}/{}", r.id.value);
                out.push(at(s, p.file, by.span, what));
            }
        }
    }
    out.sort();
    out
}

/// The projects that list benefit `id` among those they serve.
pub fn benefit(loaded: &Loaded, id: &str) -> Vec<Ref> {
    let mut out = Vec::new();
    for p in &loaded.projects {
        for b in &p.benefits {
            if b.value == id {
                let what = format!(
                    "served by project {} ({})",
                    p.id.value,
                    p.status.value.as_str()
                );
                out.push(at(&loaded.sources, p.file, b.span, what));
            }
        }
    }
    out.sort();
    out
}

/// The work items of `project` that trace to `id` (a deliverable or exclusion of it); `rel` and
/// `text` are the project's file.
pub fn traced_to(project: &Project, rel: &str, text: &str, id: &str) -> Vec<Ref> {
    let mut sources = Sources::default();
    let file = sources.add(rel.to_owned(), text.to_owned());
    let mut out = Vec::new();
    for w in &project.work {
        if let Some(d) = &w.deliverable
            && d.value == id
        {
            let what = format!(
                "work {} ({}) traces to it",
                w.id.value,
                w.status.value.as_str()
            );
            out.push(at(&sources, file, d.span, what));
        }
    }
    out
}

/// The dependencies of other projects that wait on a deliverable of project `pid`: on
/// `deliverable`, or on any of them when it is `None`. Sorted by file and line.
pub fn waiting_on(loaded: &Loaded, pid: &str, deliverable: Option<&str>) -> Vec<Ref> {
    let mut out = Vec::new();
    for p in &loaded.projects {
        for dep in &p.dependencies {
            let on = &dep.on.value;
            if on.project == pid && deliverable.is_none_or(|d| d == on.deliverable) {
                let what = format!("dependency {}/{} waits on {on}", p.id.value, dep.id.value);
                out.push(at(&loaded.sources, p.file, dep.on.span, what));
            }
        }
    }
    out.sort();
    out
}

/// The dependencies of `project` whose `for` names work item `wid`; `rel` and `text` are the
/// project's file.
pub fn waiting_work(project: &Project, rel: &str, text: &str, wid: &str) -> Vec<Ref> {
    let mut sources = Sources::default();
    let file = sources.add(rel.to_owned(), text.to_owned());
    let mut out = Vec::new();
    for dep in &project.dependencies {
        for w in dep.work.iter().filter(|w| w.value == wid) {
            let what = format!(
                "dependency {} waits for {} with it",
                dep.id.value, dep.on.value
            );
            out.push(at(&sources, file, w.span, what));
        }
    }
    out
}
