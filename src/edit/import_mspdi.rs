//! `pm import mspdi FILE.xml --project P [--map FILE.csv]`: a new project file from a plan made
//! in MS Project or ProjectLibre, by the inverse of `pm export mspdi`
//! ([`crate::interchange::mspdi::import`]). Resources become people of the pool: through the
//! map, by the `pm id` pm wrote, by id, then by name. A resource that matches no one stops the
//! import, since its load would be lost; what else the plan holds that pm has no place for is
//! said in notes.

use anyhow::{Result, anyhow, bail};
use toml_edit::{ArrayOfTables, DocumentMut, Item, Table, value};

use super::{Change, Input, open_program, project_rel, require_slug, schema_line};
use crate::interchange::mspdi::import::{Plan, PlanError, Select, Who};
use crate::interchange::mspdi::{self, Resource};
use crate::interchange::people_csv;
use crate::model::keys::FileKind;
use crate::model::{Program, WorkStatus};
use crate::store::{PROJECTS_DIR, Tree, did_you_mean, format, tables};

/// What to import: the plan, the id of the new project, and how to match its resources.
#[derive(Debug, Clone)]
pub struct MspdiInput {
    pub plan: Input,
    pub project: String,
    /// The top-level task to import, when the plan holds several.
    pub task: Option<String>,
    pub map: Option<Input>,
}

pub fn mspdi(tree: &Tree, input: &MspdiInput) -> Result<Change> {
    require_slug("project", &input.project)?;
    if let Some(rel) = project_rel(tree, &input.project)? {
        bail!(
            "project '{}' already exists in {rel}; import the plan as a new project (--project NEW-ID)",
            input.project
        );
    }
    let (_, program) = open_program(tree)?;
    let map = match &input.map {
        Some(m) => read_map(m, &program)?,
        None => Vec::new(),
    };
    let name = &input.plan.name;
    let at = |offset: usize, message: &str| {
        let (line, column) = line_col(&input.plan.text, offset);
        anyhow!("{name}:{line}:{column}: {message}")
    };
    let doc = mspdi::read(&input.plan.text).map_err(|e| at(e.at, &e.message))?;
    let plan = mspdi::import::plan(
        &doc,
        Select {
            project: &input.project,
            task: input.task.as_deref(),
        },
    )
    .map_err(
        |PlanError {
             at: offset,
             message,
         }| match offset {
            0 => anyhow!("{name}: {message}"),
            o => at(o, &message),
        },
    )?;

    let matcher = Matcher {
        program: &program,
        map: &map,
    };
    // Every resource that carries load must be someone of the pool.
    let mut people: Vec<Option<String>> = vec![None; doc.resources.len()];
    let mut unmatched = Vec::new();
    let mut used: Vec<usize> = plan.assignments.iter().map(|a| a.resource).collect();
    used.extend(plan.work.iter().filter_map(|w| match w.assignee {
        Some(Who::Resource(r)) => Some(r),
        _ => None,
    }));
    used.sort_unstable();
    used.dedup();
    for r in used {
        match matcher.resource(&doc.resources[r]) {
            Ok(id) => people[r] = Some(id),
            Err(why) => unmatched.push(why),
        }
    }
    if !unmatched.is_empty() {
        bail!(
            "{name}: {} of the plan {} no one in the pool, so nothing was written:\n  {}\n\
             Map each to a pool id with --map FILE.csv (columns resource,person), or add them \
             first with `pm person add ID --name NAME`",
            if unmatched.len() == 1 {
                "a resource".to_owned()
            } else {
                format!("{} resources", unmatched.len())
            },
            if unmatched.len() == 1 {
                "matches"
            } else {
                "match"
            },
            unmatched.join("\n  ")
        );
    }

    let mut notes: Vec<String> = plan.not_mapped.clone();
    let who = |w: &Who, what: &str, notes: &mut Vec<String>| -> Option<String> {
        match w {
            Who::Resource(r) => people[*r].clone(),
            Who::Contact(c) => {
                let found = matcher.name(c);
                if found.is_none() {
                    notes.push(format!(
                        "{what}: '{c}' is no one in the pool, so it is left out (add them with `pm person add`, or map them with --map)"
                    ));
                }
                found
            }
        }
    };
    let manager = plan
        .manager
        .as_ref()
        .and_then(|m| who(&Who::Contact(m.clone()), "the manager", &mut notes));
    let rel = format!("{PROJECTS_DIR}/{}.toml", input.project);
    let (text, assignments) = project_text(
        &input.project,
        &plan,
        manager.as_deref(),
        &people,
        &mut notes,
        who,
    )?;
    let text = format::format(FileKind::Project, &rel, &text)?;
    let text = format!("{}{text}", schema_line(tree, &rel));

    let count =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    let mut change = Change::default().create(&rel, text).line(format!(
        "created project {} in {rel} from {name}: {}, {}, {}",
        input.project,
        count(plan.deliverables.len(), "deliverable", "deliverables"),
        count(plan.work.len(), "work item", "work items"),
        count(assignments, "assignment", "assignments"),
    ));
    if let Some(n) = plan.whole_plan {
        change = change.note(format!(
            "the plan has {n} top-level tasks and none of them is a pm project, so the whole plan \
             became project {}; to import one of them only, name it with --task",
            input.project
        ));
    }
    for n in notes {
        change = change.note(format!("not mapped: {n}"));
    }
    Ok(change)
}

/// The new file, in the key order of SPEC §4 (the formatter lays it out), and how many
/// assignments it has.
fn project_text(
    id: &str,
    plan: &Plan,
    manager: Option<&str>,
    people: &[Option<String>],
    notes: &mut Vec<String>,
    who: impl Fn(&Who, &str, &mut Vec<String>) -> Option<String>,
) -> Result<(String, usize)> {
    let mut doc = DocumentMut::new();
    let mut project = Table::new();
    project.insert("id", value(id));
    let name = if plan.name.trim().is_empty() {
        id
    } else {
        plan.name.trim()
    };
    project.insert("name", value(name));
    // A plan from elsewhere is a proposal until the program manager takes it on.
    project.insert("status", value("proposed"));
    if let Some(m) = manager {
        project.insert("manager", value(m));
    }
    doc.insert("project", Item::Table(project));
    let mut charter = Table::new();
    if let Some(o) = plan
        .objective
        .as_deref()
        .map(str::trim)
        .filter(|o| !o.is_empty())
    {
        charter.insert("objective", value(o));
    }
    if let Some(d) = plan.start {
        charter.insert("start", Item::Value(tables::date(d)?));
    }
    if let Some(d) = plan.end {
        charter.insert("end", Item::Value(tables::date(d)?));
    }
    doc.insert("charter", Item::Table(charter));

    let mut deliverables = ArrayOfTables::new();
    for d in &plan.deliverables {
        let mut t = Table::new();
        t.insert("id", value(&d.id));
        t.insert("title", value(&d.title));
        if let Some(due) = d.due {
            t.insert("due", Item::Value(tables::date(due)?));
        }
        deliverables.push(t);
    }
    if !deliverables.is_empty() {
        doc.insert("deliverable", Item::ArrayOfTables(deliverables));
    }

    let mut work = ArrayOfTables::new();
    for w in &plan.work {
        let mut t = Table::new();
        t.insert("id", value(&w.id));
        t.insert("title", value(&w.title));
        if let Some(d) = &w.deliverable {
            t.insert("deliverable", value(d));
        }
        if let Some(h) = w.estimate_hours {
            t.insert("estimate_hours", Item::Value(tables::hours(h)));
        }
        if w.status != WorkStatus::Todo {
            t.insert("status", value(w.status.as_str()));
        }
        if let Some(d) = w.start {
            t.insert("start", Item::Value(tables::date(d)?));
        }
        if let Some(d) = w.due {
            t.insert("due", Item::Value(tables::date(d)?));
        }
        if let Some(a) = w
            .assignee
            .as_ref()
            .and_then(|a| who(a, &format!("the assignee of '{}'", w.title), notes))
        {
            t.insert("assignee", value(a));
        }
        work.push(t);
    }
    if !work.is_empty() {
        doc.insert("work", Item::ArrayOfTables(work));
    }

    let mut assignments = ArrayOfTables::new();
    let merged = merged(plan, people, notes);
    let count = merged.len();
    for a in merged {
        let mut t = Table::new();
        t.insert("person", value(&a.person));
        t.insert("allocation", value(a.allocation));
        if let Some(d) = a.from {
            t.insert("from", Item::Value(tables::date(d)?));
        }
        if let Some(d) = a.to {
            t.insert("to", Item::Value(tables::date(d)?));
        }
        if a.proposed {
            t.insert("status", value("proposed"));
        }
        if let Some(r) = &a.role {
            t.insert("role", value(r));
        }
        assignments.push(t);
    }
    if !assignments.is_empty() {
        doc.insert("assignment", Item::ArrayOfTables(assignments));
    }
    Ok((doc.to_string(), count))
}

struct Merged {
    person: String,
    allocation: i64,
    from: Option<chrono::NaiveDate>,
    to: Option<chrono::NaiveDate>,
    proposed: bool,
    role: Option<String>,
}

/// The assignments, one per person, dates and booking: a plan that books one person on several
/// tasks over the same dates loads them with the sum, which pm writes as one assignment (pm
/// tells assignments apart by person and dates).
fn merged(plan: &Plan, people: &[Option<String>], notes: &mut Vec<String>) -> Vec<Merged> {
    let mut out: Vec<Merged> = Vec::new();
    for a in &plan.assignments {
        let Some(person) = people[a.resource].clone() else {
            continue;
        };
        if let Some(m) = out.iter_mut().find(|m| {
            m.person == person && m.from == a.from && m.to == a.to && m.proposed == a.proposed
        }) {
            m.allocation += a.allocation;
            if m.role != a.role {
                m.role = None;
            }
            notes.push(format!(
                "{person} is booked on '{}' over the same dates as on another task; the allocations are added up ({}%)",
                a.task, m.allocation
            ));
            continue;
        }
        out.push(Merged {
            person,
            allocation: a.allocation,
            from: a.from,
            to: a.to,
            proposed: a.proposed,
            role: a.role.clone(),
        });
    }
    out
}

/// How the plan's people are matched to the pool.
struct Matcher<'a> {
    program: &'a Program,
    /// (resource name, person id)
    map: &'a [(String, String)],
}

impl Matcher<'_> {
    /// The pool id of a resource, or why there is none.
    fn resource(&self, r: &Resource) -> Result<String, String> {
        if let Some(id) = self.mapped(&r.name) {
            return Ok(id);
        }
        if let Some(id) = r
            .pm_id
            .as_deref()
            .filter(|id| self.program.person(id).is_some())
        {
            return Ok(id.to_owned());
        }
        if let Some(id) = self.name(&r.name) {
            return Ok(id);
        }
        let candidates = self
            .program
            .people
            .iter()
            .flat_map(|p| [p.id.as_str()].into_iter().chain(p.name.as_deref()));
        let hint = match did_you_mean(&r.name, candidates) {
            Some(s) => format!(" (did you mean {s}?)"),
            None => String::new(),
        };
        Err(format!("'{}' (resource {}){hint}", r.name, r.uid))
    }

    /// A person named by a map entry, their id or their name (case aside, when only one person
    /// has it).
    fn name(&self, text: &str) -> Option<String> {
        let text = text.trim();
        if let Some(id) = self.mapped(text) {
            return Some(id);
        }
        if self.program.person(text).is_some() {
            return Some(text.to_owned());
        }
        let lower = text.to_lowercase();
        let mut named = self.program.people.iter().filter(|p| {
            p.name
                .as_deref()
                .is_some_and(|n| n.trim().to_lowercase() == lower)
        });
        match (named.next(), named.next()) {
            (Some(p), None) => Some(p.id.value.clone()),
            _ => None,
        }
    }

    fn mapped(&self, name: &str) -> Option<String> {
        let lower = name.trim().to_lowercase();
        self.map
            .iter()
            .find(|(r, _)| r.to_lowercase() == lower)
            .map(|(_, p)| p.clone())
    }
}

/// The map file's rows, every person checked against the pool.
fn read_map(input: &Input, program: &Program) -> Result<Vec<(String, String)>> {
    let rows = people_csv::resource_map(&input.text).map_err(|e| anyhow!("{}: {e}", input.name))?;
    let mut out = Vec::new();
    for row in rows {
        if program.person(&row.person).is_none() {
            let hint = match did_you_mean(&row.person, program.people.iter().map(|p| p.id.as_str()))
            {
                Some(s) => format!(" — did you mean '{s}'?"),
                None => format!("; add them first with `pm person add {}`", row.person),
            };
            bail!(
                "{}: line {}, column {} (person): '{}' is not in the pool{hint}",
                input.name,
                row.line,
                row.person_column,
                row.person
            );
        }
        out.push((row.resource, row.person));
    }
    Ok(out)
}

/// 1-based line and column of a byte offset.
fn line_col(text: &str, offset: usize) -> (usize, usize) {
    let mut offset = offset.min(text.len());
    while !text.is_char_boundary(offset) {
        offset -= 1;
    }
    let before = &text[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}
