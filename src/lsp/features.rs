//! What the editor asks about a place in a file: definitions and references of ids, hover,
//! completion, formatting and the outline of a file.

use std::io::Write;

use chrono::{Datelike, Months, NaiveDate};
use lsp_types::{
    CompletionParams, DocumentFormattingParams, DocumentSymbolParams, GotoDefinitionParams,
    HoverParams, ReferenceParams, TextDocumentPositionParams,
};
use serde_json::{Value, json};

use super::convert::{Lines, path_to_uri};
use super::{Doc, Program, Server};
use crate::diagnostic::{FileId, Rule, Span};
use crate::load::{Loads, Options};
use crate::model::keys::{self, FileKind};
use crate::model::{AssignmentStatus, Project, ProjectStatus, RequestStatus, Sp, WorkStatus};
use crate::store::locate::{Located, On, Step, locate};
use crate::store::{Loaded, PROGRAM_FILE};

/// What an id at a place names.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Ref {
    Person(String),
    Benefit(String),
    /// A deliverable of a project (by project id).
    Deliverable(String, String),
    Project(String),
    Rule(Rule),
}

/// The place a request is about.
pub(super) struct At<'a> {
    pub doc: &'a Doc,
    pub program: &'a Program,
    pub rel: &'a str,
    pub file: FileId,
    pub offset: usize,
}

impl<'a, W: Write> Server<W> {
    pub(super) fn at(&'a self, p: &TextDocumentPositionParams) -> Option<At<'a>> {
        let (doc, program) = self.doc(&p.text_document.uri)?;
        let program = program?;
        let rel = doc.place.as_ref()?.1.as_str();
        let file = program.loaded.sources.find(rel)?;
        let lines = Lines::new(&doc.text);
        let offset = lines.offset(&doc.text, p.position, self.enc);
        Some(At {
            doc,
            program,
            rel,
            file,
            offset,
        })
    }
}

/// The project whose file `file` is.
fn project_of(loaded: &Loaded, file: FileId) -> Option<&Project> {
    loaded.projects.iter().find(|p| p.file == file)
}

/// The id under the cursor and what it names.
pub(super) fn reference(at: &At<'_>) -> Option<(Ref, Located)> {
    let text = &at.doc.text;
    let l = locate(text, at.offset)?;
    let raw = &text[l.span.start as usize..(l.span.end as usize).min(text.len())];
    let value = raw.trim().trim_matches(['"', '\'']).to_owned();
    let names: Vec<&str> = l
        .path
        .iter()
        .filter_map(|s| match s {
            Step::Key(k) => Some(k.as_str()),
            Step::Index(_) => None,
        })
        .collect();
    let loaded = &at.program.loaded;
    let this = || project_of(loaded, at.file).map(|p| p.id.value.clone());
    let r = match (at.rel == PROGRAM_FILE, names.as_slice(), l.on) {
        (_, [.., "check", "rules", rule], On::Key) => Rule::lookup(rule).map(Ref::Rule),
        (_, [.., "allow"], On::Value) => Rule::lookup(&value).map(Ref::Rule),
        (true, ["program", "manager"], On::Value) | (true, ["person", "id"], On::Value) => {
            Some(Ref::Person(value))
        }
        (true, ["benefit", "id"], On::Value) => Some(Ref::Benefit(value)),
        (false, ["project" | "charter", "manager" | "approved_by"], On::Value)
        | (false, ["work", "assignee"], On::Value)
        | (false, ["assignment", "person"], On::Value)
        | (false, ["request", "filled_by"], On::Value) => Some(Ref::Person(value)),
        (false, ["project", "benefits"], On::Value) if l.path.len() == 3 => {
            Some(Ref::Benefit(value))
        }
        (false, ["work", "deliverable"], On::Value) | (false, ["deliverable", "id"], On::Value) => {
            this().map(|p| Ref::Deliverable(p, value))
        }
        (false, ["work", "moved_from"], On::Value) | (false, ["project", "id"], On::Value) => {
            Some(Ref::Project(value))
        }
        _ => None,
    }?;
    Some((r, l))
}

/// Where an id is defined.
fn definition_of(loaded: &Loaded, r: &Ref) -> Option<(FileId, Span)> {
    let program = loaded.program.as_ref();
    match r {
        Ref::Person(id) => {
            let program = program?;
            program.person(id).map(|p| (program.file, p.id.span))
        }
        Ref::Benefit(id) => {
            let program = program?;
            program.benefit(id).map(|b| (program.file, b.id.span))
        }
        Ref::Deliverable(pid, id) => {
            let p = loaded.project(pid)?;
            p.deliverable(id).map(|d| (p.file, d.id.span))
        }
        Ref::Project(id) => loaded.project(id).map(|p| (p.file, p.span)),
        Ref::Rule(_) => None,
    }
}

/// Every place that names the id, its definition included.
fn uses_of(loaded: &Loaded, r: &Ref) -> Vec<(FileId, Span)> {
    let mut out = Vec::new();
    let mut add = |file: FileId, sp: Option<&Sp<String>>, id: &str| {
        if let Some(sp) = sp.filter(|s| s.value == id) {
            out.push((file, sp.span));
        }
    };
    match r {
        Ref::Person(id) => {
            if let Some(p) = &loaded.program {
                add(p.file, p.manager.as_ref(), id);
                for person in &p.people {
                    add(p.file, Some(&person.id), id);
                }
            }
            for p in &loaded.projects {
                add(p.file, p.manager.as_ref(), id);
                add(p.file, p.charter.approved_by.as_ref(), id);
                for w in &p.work {
                    add(p.file, w.assignee.as_ref(), id);
                }
                for a in &p.assignments {
                    add(p.file, Some(&a.person), id);
                }
                for q in &p.requests {
                    add(p.file, q.filled_by.as_ref(), id);
                }
            }
        }
        Ref::Benefit(id) => {
            if let Some(p) = &loaded.program {
                for b in &p.benefits {
                    add(p.file, Some(&b.id), id);
                }
            }
            for p in &loaded.projects {
                for b in &p.benefits {
                    add(p.file, Some(b), id);
                }
            }
        }
        Ref::Deliverable(pid, id) => {
            if let Some(p) = loaded.project(pid) {
                for d in &p.deliverables {
                    add(p.file, Some(&d.id), id);
                }
                for w in &p.work {
                    add(p.file, w.deliverable.as_ref(), id);
                }
            }
        }
        Ref::Project(id) => {
            if let Some(p) = loaded.project(id) {
                out.push((p.file, p.id.span));
            }
        }
        Ref::Rule(_) => {}
    }
    out.sort();
    out
}

fn location<W: Write>(s: &Server<W>, program: &Program, (file, span): (FileId, Span)) -> Value {
    let loaded = &program.loaded;
    let text = &loaded.sources.get(file).text;
    let range = Lines::new(text).range(text, span.start as usize, span.end as usize, s.enc);
    let uri = path_to_uri(&program.tree.root().join(loaded.sources.path(file)));
    json!({ "uri": uri, "range": range })
}

pub(super) fn definition<W: Write>(s: &Server<W>, p: &GotoDefinitionParams) -> Value {
    let Some(at) = s.at(&p.text_document_position_params) else {
        return Value::Null;
    };
    match reference(&at).and_then(|(r, _)| definition_of(&at.program.loaded, &r)) {
        Some(place) => location(s, at.program, place),
        None => Value::Null,
    }
}

pub(super) fn references<W: Write>(s: &Server<W>, p: &ReferenceParams) -> Value {
    let Some(at) = s.at(&p.text_document_position) else {
        return Value::Null;
    };
    let Some((r, _)) = reference(&at) else {
        return Value::Null;
    };
    let loaded = &at.program.loaded;
    let definition = definition_of(loaded, &r);
    let places: Vec<Value> = uses_of(loaded, &r)
        .into_iter()
        .filter(|place| p.context.include_declaration || Some(*place) != definition)
        .map(|place| location(s, at.program, place))
        .collect();
    Value::Array(places)
}

/// The first days of the months from `from` to `to`, at most 24 of them, as periods.
fn months(from: NaiveDate, to: NaiveDate) -> Vec<(NaiveDate, NaiveDate)> {
    let mut out = Vec::new();
    let mut start = from.with_day(1).unwrap_or(from);
    while start <= to && out.len() < 24 {
        let next = start
            .checked_add_months(Months::new(1))
            .unwrap_or(NaiveDate::MAX);
        let end = next.pred_opt().unwrap_or(next);
        out.push((start.max(from), end.min(to)));
        start = next;
    }
    out
}

pub(super) fn hover<W: Write>(s: &Server<W>, p: &HoverParams) -> Value {
    let Some(at) = s.at(&p.text_document_position_params) else {
        return Value::Null;
    };
    let Some((r, l)) = reference(&at) else {
        return Value::Null;
    };
    let loaded = &at.program.loaded;
    let text = match &r {
        Ref::Rule(rule) => format!("```text\n{}```", crate::render::explain::render(*rule)),
        Ref::Person(id) => match loaded.program.as_ref().and_then(|p| p.person(id)) {
            Some(person) => {
                let mut out = format!("**{id}**");
                if let Some(n) = &person.name {
                    out.push_str(&format!(" — {n}"));
                }
                out.push_str(&format!("\n\ncapacity {}%", person.capacity.value));
                if !person.skills.is_empty() {
                    out.push_str(&format!(" · skills: {}", person.skills.join(", ")));
                }
                out.push_str(&load_table(&at, id, &l, s.today));
                out
            }
            None => format!("**{id}** is not in the pool of program.toml"),
        },
        Ref::Deliverable(pid, id) => match loaded.project(pid).and_then(|p| p.deliverable(id)) {
            Some(d) => {
                let work = loaded
                    .project(pid)
                    .map(|p| {
                        p.work
                            .iter()
                            .filter(|w| w.deliverable.as_ref().is_some_and(|x| x.value == *id))
                            .count()
                    })
                    .unwrap_or(0);
                let due = d
                    .due
                    .as_ref()
                    .map_or("no due date".to_owned(), |x| format!("due {}", x.value));
                format!(
                    "**{id}** — {}\n\n{due} · {work} work item{} trace{} to it",
                    d.title.as_deref().unwrap_or("(no title)"),
                    if work == 1 { "" } else { "s" },
                    if work == 1 { "s" } else { "" }
                )
            }
            None => format!("**{id}** is not a deliverable of {pid}"),
        },
        Ref::Benefit(id) => match loaded.program.as_ref().and_then(|p| p.benefit(id)) {
            Some(b) => {
                let serving: Vec<&str> = loaded
                    .projects
                    .iter()
                    .filter(|p| p.benefits.iter().any(|x| x.value == *id))
                    .map(|p| p.id.as_str())
                    .collect();
                format!(
                    "**{id}** — {}\n\nserved by: {}",
                    b.title.as_deref().unwrap_or("(no title)"),
                    if serving.is_empty() {
                        "no project".to_owned()
                    } else {
                        serving.join(", ")
                    }
                )
            }
            None => format!("**{id}** is not a benefit of program.toml"),
        },
        Ref::Project(id) => match loaded.project(id) {
            Some(p) => format!(
                "**{id}** — {}\n\nstatus {}{}",
                p.name,
                p.status.value.as_str(),
                p.charter
                    .objective
                    .as_deref()
                    .map(|o| format!("\n\n{o}"))
                    .unwrap_or_default()
            ),
            None => format!("there is no project **{id}**"),
        },
    };
    let doc = &at.doc.text;
    let range = Lines::new(doc).range(doc, l.span.start as usize, l.span.end as usize, s.enc);
    json!({ "contents": { "kind": "markdown", "value": text }, "range": range })
}

/// A person's peak committed load per month, over the hovered assignment's window (or the
/// program's, or the year around today).
fn load_table(at: &At<'_>, id: &str, l: &Located, today: NaiveDate) -> String {
    let loaded = &at.program.loaded;
    let window = match l.item() {
        Some(("assignment", i)) => project_of(loaded, at.file)
            .and_then(|p| p.assignments.get(i).and_then(|a| a.window(&p.charter))),
        _ => None,
    }
    .or_else(|| {
        let p = loaded.program.as_ref()?;
        Some((p.start.as_ref()?.value, p.end.as_ref()?.value))
    })
    .unwrap_or_else(|| {
        let from = today.with_day(1).unwrap_or(today);
        (
            from,
            from.checked_add_months(Months::new(12)).unwrap_or(from),
        )
    });
    let periods = months(window.0, window.1);
    let loads = Loads::new(loaded, Options::default());
    let Some(load) = loads.person(id) else {
        return String::new();
    };
    let capacity = load.capacity;
    let mut out = String::from("\n\n| month | peak load |\n|---|---:|\n");
    for ((from, _), peak) in periods.iter().zip(load.peaks(&periods)) {
        let over = if i64::from(peak) > capacity {
            " ⚠ over"
        } else {
            ""
        };
        out.push_str(&format!("| {} | {peak}%{over} |\n", from.format("%Y-%m")));
    }
    out
}

/// The table a line is in: the nearest header above it (`[[work]]` → `["work"]`).
fn table_above(text: &str, offset: usize) -> Vec<String> {
    for line in text[..offset].lines().rev() {
        let t = line.trim();
        if let Some(inner) = t.strip_prefix('[') {
            let inner = inner.trim_start_matches('[');
            let name = inner.split(']').next().unwrap_or_default();
            return name.split('.').map(|s| s.trim().to_owned()).collect();
        }
    }
    Vec::new()
}

/// The keys already written in the table the offset is in.
fn keys_present(text: &str, offset: usize) -> Vec<String> {
    let start = text[..offset].rfind("\n[").map_or(0, |i| i + 1);
    let end = text[offset..]
        .find("\n[")
        .map_or(text.len(), |i| offset + i);
    text[start..end]
        .lines()
        .filter_map(|l| l.split_once('=').map(|(k, _)| k.trim().to_owned()))
        .collect()
}

pub(super) fn completion<W: Write>(s: &Server<W>, p: &CompletionParams) -> Value {
    let Some(at) = s.at(&p.text_document_position) else {
        return Value::Null;
    };
    let text = &at.doc.text;
    let offset = at.offset.min(text.len());
    let line_start = text[..offset].rfind('\n').map_or(0, |i| i + 1);
    let before = &text[line_start..offset];
    let table = table_above(text, line_start);
    let table: Vec<&str> = table.iter().map(String::as_str).collect();
    let kind = if at.rel == PROGRAM_FILE {
        FileKind::Program
    } else {
        FileKind::Project
    };
    let loaded = &at.program.loaded;

    // A key: nothing but a name so far on the line.
    if before
        .trim_start()
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '_')
    {
        let present = keys_present(text, offset);
        let Some(keys) = keys::of(kind, &table) else {
            return Value::Null;
        };
        let items: Vec<Value> = keys
            .iter()
            .enumerate()
            .filter(|(_, k)| !present.iter().any(|p| p == *k))
            .map(|(i, k)| {
                json!({ "label": k, "kind": 10, "sortText": format!("{i:02}"),
                        "insertText": format!("{k} = ") })
            })
            .collect();
        return Value::Array(items);
    }
    let Some((key, value)) = before.split_once('=') else {
        return Value::Null;
    };
    let key = key.trim();
    let in_string = value.matches('"').count() % 2 == 1;
    let quote = |v: &str| {
        if in_string {
            v.to_owned()
        } else {
            format!("\"{v}\"")
        }
    };
    let item = |label: &str, detail: Option<&str>, kind: u32| json!({ "label": label, "kind": kind, "detail": detail, "insertText": quote(label) });
    let head = table.first().copied().unwrap_or_default();
    let program = loaded.program.as_ref();
    let items: Vec<Value> = match (head, key) {
        (_, "manager" | "approved_by" | "assignee" | "person" | "filled_by") => program
            .map(|p| {
                p.people
                    .iter()
                    .map(|x| item(x.id.as_str(), x.name.as_deref(), 18))
                    .collect()
            })
            .unwrap_or_default(),
        ("project", "benefits") => program
            .map(|p| {
                p.benefits
                    .iter()
                    .map(|b| item(b.id.as_str(), b.title.as_deref(), 18))
                    .collect()
            })
            .unwrap_or_default(),
        ("work", "deliverable") => project_of(loaded, at.file)
            .map(|p| {
                p.deliverables
                    .iter()
                    .map(|d| item(d.id.as_str(), d.title.as_deref(), 18))
                    .collect()
            })
            .unwrap_or_default(),
        ("work", "moved_from") => loaded
            .projects
            .iter()
            .map(|p| item(p.id.as_str(), Some(&p.name), 9))
            .collect(),
        (_, "allow") => Rule::ALL
            .iter()
            .map(|r| item(r.name(), Some(r.code()), 12))
            .collect(),
        (table, "status") => {
            let values: Vec<&str> = match table {
                "project" => ProjectStatus::ALL.iter().map(|(s, _)| *s).collect(),
                "work" => WorkStatus::ALL.iter().map(|(s, _)| *s).collect(),
                "assignment" => AssignmentStatus::ALL.iter().map(|(s, _)| *s).collect(),
                "request" => RequestStatus::ALL.iter().map(|(s, _)| *s).collect(),
                _ => Vec::new(),
            };
            values.into_iter().map(|v| item(v, None, 20)).collect()
        }
        _ => Vec::new(),
    };
    Value::Array(items)
}

pub(super) fn formatting<W: Write>(s: &Server<W>, p: &DocumentFormattingParams) -> Value {
    let Some((doc, _)) = s.doc(&p.text_document.uri) else {
        return Value::Null;
    };
    let Some((_, rel)) = &doc.place else {
        return Value::Null;
    };
    let kind = if rel == PROGRAM_FILE {
        FileKind::Program
    } else {
        FileKind::Project
    };
    let (layout, plain) = crate::store::write::Layout::of(&doc.text);
    let Ok(formatted) = crate::store::format::format(kind, rel, &plain) else {
        // A file that does not parse is not formatted; its diagnostics say why.
        return Value::Null;
    };
    let formatted = layout.restore(&formatted);
    if formatted == doc.text {
        return json!([]);
    }
    let lines = Lines::new(&doc.text);
    let range = lines.range(&doc.text, 0, doc.text.len(), s.enc);
    json!([{ "range": range, "newText": formatted }])
}

pub(super) fn symbols<W: Write>(s: &Server<W>, p: &DocumentSymbolParams) -> Value {
    let Some((doc, Some(program))) = s.doc(&p.text_document.uri) else {
        return Value::Null;
    };
    let Some((_, rel)) = &doc.place else {
        return Value::Null;
    };
    let loaded = &program.loaded;
    let Some(file) = loaded.sources.find(rel) else {
        return Value::Null;
    };
    let text = &loaded.sources.get(file).text;
    let lines = Lines::new(text);
    let mut out = Vec::new();
    let mut add = |name: &str, detail: Option<&str>, kind: u32, item: Span, id: Span| {
        let start = item.start.min(id.start) as usize;
        let end = item.end.max(id.end) as usize;
        out.push(json!({
            "name": name,
            "detail": detail,
            "kind": kind,
            "range": lines.range(text, start, end, s.enc),
            "selectionRange": lines.range(text, id.start as usize, id.end as usize, s.enc),
        }));
    };
    if rel == PROGRAM_FILE {
        if let Some(p) = &loaded.program {
            add(p.id.as_str(), Some(&p.name), 2, p.span, p.id.span);
            for b in &p.benefits {
                add(b.id.as_str(), b.title.as_deref(), 24, b.span, b.id.span);
            }
            for x in &p.people {
                add(x.id.as_str(), x.name.as_deref(), 13, x.span, x.id.span);
            }
        }
    } else if let Some(p) = project_of(loaded, file) {
        add(p.id.as_str(), Some(&p.name), 2, p.span, p.id.span);
        for d in &p.deliverables {
            add(d.id.as_str(), d.title.as_deref(), 5, d.span, d.id.span);
        }
        for x in &p.exclusions {
            add(x.id.as_str(), x.title.as_deref(), 10, x.span, x.id.span);
        }
        for w in &p.work {
            add(w.id.as_str(), Some(w.title.as_str()), 6, w.span, w.id.span);
        }
        for a in &p.assignments {
            let detail = format!("{}%", a.allocation.value);
            add(a.person.as_str(), Some(&detail), 8, a.span, a.person.span);
        }
        for r in &p.requests {
            add(r.id.as_str(), r.reason.as_deref(), 23, r.span, r.id.span);
        }
    }
    Value::Array(out)
}
