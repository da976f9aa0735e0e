//! What changed between two versions of a program, item by item and in the program's own words:
//! projects, charters, deliverables and exclusions, work, assignments, people, benefits and
//! requests, each matched by its id (an assignment by its project, person and dates).

use std::collections::{BTreeMap, BTreeSet, HashSet};

use chrono::NaiveDate;
use serde::Serialize;
use serde_json::{Value, json};

use crate::model::{
    Assignment, Benefit, Deliverable, Dependency, Exclusion, Person, Program, Project, Request,
    Work,
};

/// One change to one item.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Change {
    /// In a portfolio: the program the item is in.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub program: Option<String>,
    /// `added`, `removed`, `changed`, `moved`, and for requests `opened`, `filled`, `withdrawn`.
    pub change: &'static str,
    /// `project`, `charter`, `deliverable`, `exclusion`, `work`, `assignment`, `person`,
    /// `benefit`, `request`, `dependency`.
    pub item: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub project: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub person: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    /// Where moved work came from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub from_project: Option<String>,
    /// Each key that differs, before and after (`null` where it is not set). For an item added
    /// or removed, what it holds.
    #[serde(skip_serializing_if = "Fields::is_empty")]
    pub fields: Fields,
}

/// Keys of an item in the order its file lists them (not alphabetical), as a JSON object.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Fields(pub Vec<(&'static str, Field)>);

impl Fields {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn iter(&self) -> impl Iterator<Item = &(&'static str, Field)> {
        self.0.iter()
    }
}

impl Serialize for Fields {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.0.iter().map(|(k, v)| (k, v)))
    }
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Field {
    pub from: Value,
    pub to: Value,
}

impl Change {
    fn new(change: &'static str, item: &'static str) -> Change {
        Change {
            program: None,
            change,
            item,
            project: None,
            person: None,
            id: None,
            from_project: None,
            fields: Fields::default(),
        }
    }
    fn project(mut self, id: &str) -> Change {
        self.project = Some(id.to_owned());
        self
    }
    fn person(mut self, id: &str) -> Change {
        self.person = Some(id.to_owned());
        self
    }
    fn id(mut self, id: &str) -> Change {
        self.id = Some(id.to_owned());
        self
    }
    fn fields(mut self, fields: Fields) -> Change {
        self.fields = fields;
        self
    }
}

/// The keys of an item as the diff compares them.
type Values = Vec<(&'static str, Value)>;

/// Keys whose values differ between `a` and `b` (both list the same keys in the same order).
fn differ(a: &Values, b: &Values) -> Fields {
    Fields(
        a.iter()
            .zip(b)
            .filter(|((_, x), (_, y))| x != y)
            .map(|((k, x), (_, y))| {
                (
                    *k,
                    Field {
                        from: x.clone(),
                        to: y.clone(),
                    },
                )
            })
            .collect(),
    )
}

/// An item's keys that are set, as `from: null` (added) or `to: null` (removed).
fn shown(values: &Values, added: bool) -> Fields {
    Fields(
        values
            .iter()
            .filter(|(_, v)| !v.is_null())
            .map(|(k, v)| {
                let field = if added {
                    Field {
                        from: Value::Null,
                        to: v.clone(),
                    }
                } else {
                    Field {
                        from: v.clone(),
                        to: Value::Null,
                    }
                };
                (*k, field)
            })
            .collect(),
    )
}

fn opt<T: Serialize>(v: Option<T>) -> Value {
    v.map_or(Value::Null, |v| json!(v))
}

fn date(v: Option<NaiveDate>) -> Value {
    opt(v.map(|d| d.to_string()))
}

/// Hours and money as whole numbers when they are.
fn number(v: Option<f64>) -> Value {
    match v {
        Some(n) if n.fract() == 0.0 && n.abs() < 1e15 => json!(n as i64),
        Some(n) => json!(n),
        None => Value::Null,
    }
}

/// Items of one kind, by id, the first of a duplicated id only (a PM002 finding).
fn by_id<'a, T>(items: &'a [T], id: impl Fn(&T) -> &str) -> BTreeMap<&'a str, &'a T>
where
    T: 'a,
{
    let mut out = BTreeMap::new();
    for item in items {
        out.entry(id(item)).or_insert(item);
    }
    out
}

/// Added, removed and changed items of one kind, matched by id, in id order.
fn compare<'a, T>(
    before: &BTreeMap<&'a str, &'a T>,
    after: &BTreeMap<&'a str, &'a T>,
    values: impl Fn(&T) -> Values,
    change: impl Fn(&'static str, &str) -> Change,
    out: &mut Vec<Change>,
) {
    let ids: BTreeSet<&str> = before.keys().chain(after.keys()).copied().collect();
    for id in ids {
        match (before.get(id), after.get(id)) {
            (None, Some(b)) => out.push(change("added", id).fields(shown(&values(b), true))),
            (Some(a), None) => out.push(change("removed", id).fields(shown(&values(a), false))),
            (Some(a), Some(b)) => {
                let fields = differ(&values(a), &values(b));
                if !fields.is_empty() {
                    out.push(change("changed", id).fields(fields));
                }
            }
            (None, None) => {}
        }
    }
}

fn project_values(p: &Project) -> Values {
    vec![
        ("name", json!(p.name)),
        ("status", json!(p.status.value.as_str())),
        ("manager", opt(p.manager.as_ref().map(|m| &m.value))),
        (
            "benefits",
            json!(p.benefits.iter().map(|b| &b.value).collect::<Vec<_>>()),
        ),
    ]
}

fn charter_values(p: &Project) -> Values {
    let c = &p.charter;
    vec![
        ("objective", opt(c.objective.as_ref())),
        ("start", date(c.start.as_ref().map(|d| d.value))),
        ("end", date(c.end.as_ref().map(|d| d.value))),
        (
            "effort_hours",
            number(c.effort_hours.as_ref().map(|e| e.value)),
        ),
        ("budget", number(c.budget)),
        ("approved", date(c.approved.as_ref().map(|d| d.value))),
        ("approved_by", opt(c.approved_by.as_ref().map(|a| &a.value))),
    ]
}

fn deliverable_values(d: &Deliverable) -> Values {
    vec![
        ("title", opt(d.title.as_ref())),
        ("due", date(d.due.as_ref().map(|d| d.value))),
    ]
}

fn exclusion_values(e: &Exclusion) -> Values {
    vec![
        ("title", opt(e.title.as_ref())),
        ("keywords", json!(e.keywords)),
    ]
}

fn work_values(w: &Work) -> Values {
    vec![
        ("title", json!(w.title.value)),
        ("status", json!(w.status.value.as_str())),
        ("deliverable", opt(w.deliverable.as_ref().map(|d| &d.value))),
        (
            "estimate_hours",
            number(w.estimate_hours.as_ref().map(|e| e.value)),
        ),
        ("start", date(w.start.as_ref().map(|d| d.value))),
        ("due", date(w.due.as_ref().map(|d| d.value))),
        ("assignee", opt(w.assignee.as_ref().map(|a| &a.value))),
    ]
}

fn assignment_values(a: &Assignment) -> Values {
    vec![
        ("allocation", json!(a.allocation.value)),
        ("from", date(a.from.as_ref().map(|d| d.value))),
        ("to", date(a.to.as_ref().map(|d| d.value))),
        ("status", json!(a.status.as_str())),
        ("role", opt(a.role.as_ref())),
    ]
}

fn person_values(p: &Person) -> Values {
    vec![
        ("name", opt(p.name.as_ref())),
        ("capacity", json!(p.capacity.value)),
        ("skills", json!(p.skills)),
        ("start", date(p.start.as_ref().map(|d| d.value))),
        ("end", date(p.end.as_ref().map(|d| d.value))),
    ]
}

fn dependency_values(d: &Dependency) -> Values {
    vec![
        ("on", json!(d.on.value.to_string())),
        ("needed_by", json!(d.needed_by.value)),
        (
            "for",
            json!(d.work.iter().map(|w| &w.value).collect::<Vec<_>>()),
        ),
        ("reason", opt(d.reason.as_ref())),
    ]
}

fn request_values(r: &Request) -> Values {
    vec![
        ("status", json!(r.status.as_str())),
        ("skills", json!(r.skills)),
        ("allocation", opt(r.allocation.as_ref().map(|a| a.value))),
        ("from", date(r.from.as_ref().map(|d| d.value))),
        ("to", date(r.to.as_ref().map(|d| d.value))),
        ("filled_by", opt(r.filled_by.as_ref().map(|f| &f.value))),
        ("reason", opt(r.reason.as_ref())),
    ]
}

/// Every change between two versions of a program, section by section: projects, charters,
/// scope, work, assignments, people, benefits, requests, dependencies. `before` is `None` when the program
/// did not exist yet. `untouched` names the projects whose file is byte for byte the same on
/// both sides: their items are not compared, so a pull request that changes a few files of a
/// large program costs what those files cost.
pub fn changes<'a>(
    before: Option<(&'a Program, &'a [Project])>,
    after: Option<(&'a Program, &'a [Project])>,
    untouched: &HashSet<&str>,
) -> Vec<Change> {
    let no_projects: &[Project] = &[];
    let (pa, qa) = before.map_or((None, no_projects), |(p, q)| (Some(p), q));
    let (pb, qb) = after.map_or((None, no_projects), |(p, q)| (Some(p), q));
    let projects_a = by_id(qa, |p| p.id.as_str());
    let projects_b = by_id(qb, |p| p.id.as_str());
    let mut out = Vec::new();

    let mut projects = Vec::new();
    compare(
        &projects_a,
        &projects_b,
        project_values,
        |c, id| Change::new(c, "project").project(id),
        &mut projects,
    );
    // An added or removed project is one line: its charter and items come and go with it.
    let whole: BTreeSet<String> = projects
        .iter()
        .filter(|c| c.change != "changed")
        .filter_map(|c| c.project.clone())
        .collect();
    out.extend(projects);

    let common: Vec<(&str, &Project, &Project)> = projects_a
        .iter()
        .filter(|(id, _)| !untouched.contains(**id))
        .filter_map(|(id, a)| projects_b.get(id).map(|b| (*id, *a, *b)))
        .collect();
    // Work can only have moved between projects whose files changed.
    let touched = |side: &BTreeMap<&'a str, &'a Project>| -> BTreeMap<&'a str, &'a Project> {
        side.iter()
            .filter(|(id, _)| !untouched.contains(**id))
            .map(|(id, p)| (*id, *p))
            .collect()
    };
    for &(id, a, b) in &common {
        let fields = differ(&charter_values(a), &charter_values(b));
        if !fields.is_empty() {
            out.push(Change::new("changed", "charter").project(id).fields(fields));
        }
    }
    for &(pid, a, b) in &common {
        compare(
            &by_id(&a.deliverables, |d| d.id.as_str()),
            &by_id(&b.deliverables, |d| d.id.as_str()),
            deliverable_values,
            |c, id| Change::new(c, "deliverable").project(pid).id(id),
            &mut out,
        );
        compare(
            &by_id(&a.exclusions, |e| e.id.as_str()),
            &by_id(&b.exclusions, |e| e.id.as_str()),
            exclusion_values,
            |c, id| Change::new(c, "exclusion").project(pid).id(id),
            &mut out,
        );
    }
    out.extend(work_changes(
        &touched(&projects_a),
        &touched(&projects_b),
        &whole,
    ));
    for &(pid, a, b) in &common {
        assignment_changes(pid, a, b, &mut out);
    }

    fn people(p: Option<&Program>) -> &[Person] {
        p.map_or(&[], |p| p.people.as_slice())
    }
    fn benefits(p: Option<&Program>) -> &[Benefit] {
        p.map_or(&[], |p| p.benefits.as_slice())
    }
    compare(
        &by_id(people(pa), |p| p.id.as_str()),
        &by_id(people(pb), |p| p.id.as_str()),
        person_values,
        |c, id| Change::new(c, "person").person(id),
        &mut out,
    );
    compare(
        &by_id(benefits(pa), |b| b.id.as_str()),
        &by_id(benefits(pb), |b| b.id.as_str()),
        |b| vec![("title", opt(b.title.as_ref()))],
        |c, id| Change::new(c, "benefit").id(id),
        &mut out,
    );
    for &(pid, a, b) in &common {
        request_changes(pid, a, b, &mut out);
    }
    for &(pid, a, b) in &common {
        compare(
            &by_id(&a.dependencies, |d| d.id.as_str()),
            &by_id(&b.dependencies, |d| d.id.as_str()),
            dependency_values,
            |c, id| Change::new(c, "dependency").project(pid).id(id),
            &mut out,
        );
    }
    out
}

/// Work added, removed, changed, and moved between projects (the same id leaving one project
/// and arriving in another, as `pm work move` does).
fn work_changes(
    before: &BTreeMap<&str, &Project>,
    after: &BTreeMap<&str, &Project>,
    whole: &BTreeSet<String>,
) -> Vec<Change> {
    let items = |projects: &BTreeMap<&str, &Project>| -> BTreeMap<(String, String), Values> {
        let mut out = BTreeMap::new();
        for (pid, p) in projects {
            for w in &p.work {
                out.entry(((*pid).to_owned(), w.id.value.clone()))
                    .or_insert_with(|| work_values(w));
            }
        }
        out
    };
    let (a, b) = (items(before), items(after));
    let mut removed: Vec<&(String, String)> = a.keys().filter(|k| !b.contains_key(*k)).collect();
    let mut out = Vec::new();
    let mut added = Vec::new();
    for (key, values) in &b {
        match a.get(key) {
            Some(old) => {
                let fields = differ(old, values);
                if !fields.is_empty() {
                    out.push(
                        Change::new("changed", "work")
                            .project(&key.0)
                            .id(&key.1)
                            .fields(fields),
                    );
                }
            }
            None => {
                let from: Vec<usize> = (0..removed.len())
                    .filter(|&i| removed[i].1 == key.1)
                    .collect();
                if let [i] = from[..] {
                    let old = removed.remove(i);
                    let mut c = Change::new("moved", "work").project(&key.0).id(&key.1);
                    c.from_project = Some(old.0.clone());
                    c.fields = differ(&a[old], values);
                    out.push(c);
                } else {
                    added.push((key, values));
                }
            }
        }
    }
    for (key, values) in added {
        if !whole.contains(&key.0) {
            out.push(
                Change::new("added", "work")
                    .project(&key.0)
                    .id(&key.1)
                    .fields(shown(values, true)),
            );
        }
    }
    for key in removed {
        if !whole.contains(&key.0) {
            out.push(
                Change::new("removed", "work")
                    .project(&key.0)
                    .id(&key.1)
                    .fields(shown(&a[key], false)),
            );
        }
    }
    out.sort_by(|x, y| (&x.project, &x.id).cmp(&(&y.project, &y.id)));
    out
}

/// A project's assignments, per person: those with the same `from` are the same assignment;
/// of the rest, the n-th left on each side are paired in file order (an assignment whose dates
/// moved), and the others were added or removed.
fn assignment_changes(pid: &str, a: &Project, b: &Project, out: &mut Vec<Change>) {
    let people: BTreeSet<&str> = a
        .assignments
        .iter()
        .chain(&b.assignments)
        .map(|x| x.person.as_str())
        .collect();
    for person in people {
        let mut left: Vec<&Assignment> = a
            .assignments
            .iter()
            .filter(|x| x.person.as_str() == person)
            .collect();
        let mut right: Vec<&Assignment> = b
            .assignments
            .iter()
            .filter(|x| x.person.as_str() == person)
            .collect();
        let start = |x: &Assignment| x.from.as_ref().map(|f| f.value);
        let mut pairs: Vec<(&Assignment, &Assignment)> = Vec::new();
        let mut i = 0;
        while i < left.len() {
            match right.iter().position(|r| start(r) == start(left[i])) {
                Some(j) => pairs.push((left.remove(i), right.remove(j))),
                None => i += 1,
            }
        }
        let n = left.len().min(right.len());
        pairs.extend(left.drain(..n).zip(right.drain(..n)));
        let change = |c: &'static str| Change::new(c, "assignment").project(pid).person(person);
        for (x, y) in pairs {
            let fields = differ(&assignment_values(x), &assignment_values(y));
            if !fields.is_empty() {
                out.push(change("changed").fields(fields));
            }
        }
        for x in right {
            out.push(change("added").fields(shown(&assignment_values(x), true)));
        }
        for x in left {
            out.push(change("removed").fields(shown(&assignment_values(x), false)));
        }
    }
}

/// Requests opened, filled, withdrawn (by their status), changed otherwise, or removed.
fn request_changes(pid: &str, a: &Project, b: &Project, out: &mut Vec<Change>) {
    let before = by_id(&a.requests, |r| r.id.as_str());
    let after = by_id(&b.requests, |r| r.id.as_str());
    let mut all = Vec::new();
    compare(
        &before,
        &after,
        request_values,
        |c, id| Change::new(c, "request").project(pid).id(id),
        &mut all,
    );
    for mut c in all {
        let status = |side: &BTreeMap<&str, &Request>| {
            c.id.as_deref()
                .and_then(|id| side.get(id))
                .map(|r| r.status.as_str())
        };
        let (was, is) = (status(&before), status(&after));
        c.change = match (c.change, is) {
            ("added", Some("open")) => "opened",
            ("changed", Some(now)) if was != Some(now) => match now {
                "open" => "opened",
                "filled" => "filled",
                _ => "withdrawn",
            },
            (other, _) => other,
        };
        out.push(c);
    }
}
