//! Quick fixes: for a finding whose help is a pm command, that command as a workspace edit.
//! Each fix is a pm command line, parsed by the CLI's own parser and run by the edit function
//! the command runs, on the editor's buffers: the edit is exactly what the command would write.

use std::io::Write;

use clap::Parser;
use lsp_types::CodeActionParams;
use serde_json::{Value, json};

use super::convert::{Lines, path_to_uri};
use super::{Program, Server};
use crate::cli::{
    AssignmentCommand, Cli, Command, ProjectCommand, RequestCommand, ScopeCommand, WorkCommand,
};
use crate::diagnostic::{Diagnostic, Rule};
use crate::edit::{self, Change};
use crate::model::AssignmentStatus;
use crate::store::Tree;

/// The edit a pm command line makes, when it is one of the edits quick fixes use.
fn run_edit(tree: &Tree, argv: &[String]) -> Option<Change> {
    let cli =
        Cli::try_parse_from(std::iter::once("pm".to_owned()).chain(argv.iter().cloned())).ok()?;
    let change = match &cli.command {
        Command::Work(WorkCommand::Move(a)) => edit::work_move::run(tree, a),
        Command::Scope(ScopeCommand::Add(a)) => edit::scope::add(tree, a),
        Command::Project(ProjectCommand::Set(a)) => edit::project::set(tree, a),
        Command::Request(RequestCommand::Withdraw(a)) => edit::request::withdraw(tree, a),
        Command::Assignment(AssignmentCommand::Set(a)) => edit::assignment::set(tree, a),
        _ => return None,
    };
    change.ok()
}

/// The pm commands that resolve a finding, each with a title.
fn fixes(d: &Diagnostic, program: &Program) -> Vec<(String, Vec<String>)> {
    let loaded = &program.loaded;
    let args = |a: &[&str]| a.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
    let mut out = Vec::new();
    let (Some(pid), work) = (d.facts.project.as_deref(), d.facts.work.as_deref()) else {
        return out;
    };
    match d.rule {
        Rule::OpenStaffingRequest => {
            let Some(rid) = d.facts.request.as_deref() else {
                return out;
            };
            let item = format!("{pid}/{rid}");
            out.push((
                format!("Withdraw request {rid} (pm request withdraw {item} --reason ...)"),
                args(&["request", "withdraw", &item, "--reason", WITHDRAW_REASON]),
            ));
        }
        Rule::OverAllocation => out.extend(lower_allocation(d, program)),
        Rule::UntracedWork => {
            let Some(wid) = work else { return out };
            let item = format!("{pid}/{wid}");
            for owner in d.facts.owned_by.iter().flatten() {
                out.push((
                    format!("Move {wid} to {owner} (pm work move {item} --to {owner})"),
                    args(&["work", "move", &item, "--to", owner]),
                ));
            }
            // A deliverable nobody has: bring it into this project's scope.
            let named = loaded
                .project(pid)
                .and_then(|p| p.work.iter().find(|w| w.id.value == wid))
                .and_then(|w| w.deliverable.as_ref())
                .map(|d| d.value.clone());
            if let Some(del) = named
                && crate::model::is_slug(&del)
                && d.facts.owned_by.as_ref().is_none_or(Vec::is_empty)
                && loaded
                    .project(pid)
                    .is_some_and(|p| p.exclusion(&del).is_none())
            {
                let title = del.replace('-', " ");
                out.push((
                    format!("Add deliverable {del} to {pid} (pm scope add {pid} {del})"),
                    args(&["scope", "add", pid, &del, "--title", &title]),
                ));
            }
        }
        Rule::CharterIncomplete => {
            let (Some(p), Some(program)) = (loaded.project(pid), loaded.program.as_ref()) else {
                return out;
            };
            let c = &p.charter;
            let mut set = vec!["project".to_owned(), "set".to_owned(), pid.to_owned()];
            let mut what = Vec::new();
            if c.objective.is_none() {
                set.extend(["--objective".to_owned(), p.name.clone()]);
                what.push("objective");
            }
            if p.manager.is_none()
                && let Some(m) = &program.manager
            {
                set.extend(["--manager".to_owned(), m.value.clone()]);
                what.push("manager");
            }
            if c.start.is_none()
                && let Some(s) = &program.start
            {
                set.extend(["--start".to_owned(), s.value.to_string()]);
                what.push("start");
            }
            if c.end.is_none()
                && let Some(e) = &program.end
            {
                set.extend(["--end".to_owned(), e.value.to_string()]);
                what.push("end");
            }
            if !what.is_empty() {
                out.push((
                    format!(
                        "Complete the charter of {pid}: {} (pm project set)",
                        what.join(", ")
                    ),
                    set,
                ));
            }
        }
        _ => {}
    }
    out
}

/// The reason a withdrawal from the editor records; the manager rewords it in the file.
const WITHDRAW_REASON: &str = "no longer needed";

/// PM201: for each committed assignment behind the over-allocation that can give up the excess
/// and still keep some allocation, `pm assignment set` lowering it by the excess.
fn lower_allocation(d: &Diagnostic, program: &Program) -> Vec<(String, Vec<String>)> {
    let f = &d.facts;
    let (Some(person), Some(from), Some(to), Some(peak), Some(capacity), Some(projects)) = (
        f.person.as_deref(),
        f.from,
        f.to,
        f.peak,
        f.capacity,
        f.projects.as_ref(),
    ) else {
        return Vec::new();
    };
    let Ok(excess) = i64::try_from(peak) else {
        return Vec::new();
    };
    let excess = excess - capacity;
    let mut out = Vec::new();
    for pid in projects {
        let Some(p) = program.loaded.project(pid) else {
            continue;
        };
        for a in &p.assignments {
            let Some((af, at)) = a.window(&p.charter) else {
                continue;
            };
            let lowered = a.allocation.value - excess;
            if a.person.value != person
                || a.status != AssignmentStatus::Committed
                || af > to
                || at < from
                || lowered < 1
            {
                continue;
            }
            let day = af.max(from).to_string();
            let pct = lowered.to_string();
            out.push((
                format!(
                    "Lower {person} on {pid} from {}% to {lowered}% (pm assignment set {person} {pid} --at {day} --allocation {lowered})",
                    a.allocation.value
                ),
                ["assignment", "set", person, pid, "--at", &day, "--allocation", &pct]
                    .iter()
                    .map(|s| (*s).to_owned())
                    .collect(),
            ));
        }
    }
    out
}

pub(super) fn code_actions<W: Write>(s: &Server<W>, p: &CodeActionParams) -> Value {
    let Some((doc, Some(program))) = s.doc(&p.text_document.uri) else {
        return Value::Null;
    };
    let Some((_, rel)) = &doc.place else {
        return Value::Null;
    };
    let lines = Lines::new(&doc.text);
    let start = lines.offset(&doc.text, p.range.start, s.enc);
    let end = lines.offset(&doc.text, p.range.end, s.enc);
    let mut actions = Vec::new();
    for d in &program.findings {
        if program.loaded.sources.path(d.loc.file) != rel {
            continue;
        }
        let (ds, de) = (d.loc.span.start as usize, d.loc.span.end as usize);
        if de < start || ds > end {
            continue;
        }
        for (title, argv) in fixes(d, program) {
            let Some(change) = run_edit(&program.tree, &argv) else {
                continue;
            };
            let Some(edit) = workspace_edit(s, program, &change) else {
                continue;
            };
            actions.push(json!({
                "title": title,
                "kind": "quickfix",
                "diagnostics": [{ "code": d.rule.code(), "message": d.message }],
                "edit": edit,
            }));
        }
    }
    Value::Array(actions)
}

/// A pm change as the protocol's workspace edit: each changed file's whole text replaced, new
/// files created; `None` when the client cannot create or delete files and the change needs it.
fn workspace_edit<W: Write>(s: &Server<W>, program: &Program, change: &Change) -> Option<Value> {
    let root = program.tree.root();
    let mut ops = Vec::new();
    for f in &change.files {
        let path = root.join(&f.rel);
        let uri = path_to_uri(&path)?;
        let version = s.docs.values().find(|d| d.path == path).map(|d| d.version);
        match (&f.before, &f.after) {
            (Some(before), Some(after)) => {
                let range = Lines::new(before).range(before, 0, before.len(), s.enc);
                ops.push(json!({
                    "textDocument": { "uri": uri, "version": version },
                    "edits": [{ "range": range, "newText": after }],
                }));
            }
            (None, Some(after)) => {
                if !s.resource_ops {
                    return None;
                }
                ops.push(json!({ "kind": "create", "uri": uri }));
                ops.push(json!({
                    "textDocument": { "uri": uri, "version": Value::Null },
                    "edits": [{ "range": { "start": { "line": 0, "character": 0 },
                                           "end": { "line": 0, "character": 0 } },
                                "newText": after }],
                }));
            }
            (_, None) => {
                if !s.resource_ops {
                    return None;
                }
                ops.push(json!({ "kind": "delete", "uri": uri }));
            }
        }
    }
    Some(json!({ "documentChanges": ops }))
}
