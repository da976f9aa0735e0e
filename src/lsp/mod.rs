//! `pm lsp`: a Language Server for program files, over stdio.
//!
//! The server keeps, for every program an editor has a file of open, a [`Tree`] with the open
//! buffers laid over the folder, the loaded program and its findings. An edit of a buffer
//! re-decodes that one file in place ([`Loaded::update`]) and checks the program again, then
//! publishes the findings of every file whose findings changed (an edit in one project can
//! create an over-allocation located in another). Everything it shows comes from the same
//! functions as the CLI: `check::check` for diagnostics, the edits of `edit/` for quick fixes
//! (so a quick fix writes exactly what the command would), `store::format` for formatting.
//!
//! Messages are read on a thread and handled in order on the main one; the findings are
//! published once a burst of changes has been read, not after each keystroke.

mod actions;
mod convert;
mod features;
mod transport;

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::io::{BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::sync::mpsc;

use anyhow::Result;
use chrono::NaiveDate;
use lsp_types::Uri;
use serde_json::{Value, json};

use crate::check;
use crate::diagnostic::{Diagnostic, Severity};
use crate::git;
use crate::store::{self, Loaded, PROGRAM_FILE, PROJECTS_DIR, Tree};
use convert::{Encoding, Lines};
use transport::Incoming;

/// A file the editor has open.
#[derive(Debug)]
struct Doc {
    path: PathBuf,
    text: String,
    version: i32,
    /// The program the file belongs to, and its path in it; `None` for a file of no program.
    place: Option<(PathBuf, String)>,
}

/// A program with at least one open file.
struct Program {
    tree: Tree,
    loaded: Loaded,
    findings: Vec<Diagnostic>,
    /// The per-project findings of the last check, so that a change re-checks what it can
    /// change.
    memo: check::Memo,
    /// What PM108 holds each approved project to, found in Git when the program is opened,
    /// loaded again or a file saved (walking the history is too slow for every keystroke).
    baselines: git::Baselines,
    /// The files whose findings were last published non-empty, by path relative to the root.
    published: BTreeSet<String>,
    /// Files whose text changed since the last publication: positions into them may have moved.
    changed: HashSet<String>,
    /// Whether every file is to be published again (after a whole reload, file ids change).
    reloaded: bool,
    stale: bool,
}

impl Program {
    fn open(root: &Path, docs: &HashMap<String, Doc>) -> Result<Program> {
        let mut tree = Tree::on_disk(root);
        for doc in docs.values() {
            if let Some((r, rel)) = &doc.place
                && r == root
            {
                tree.set_text(rel, doc.text.as_bytes());
            }
        }
        let loaded = store::load_tree(&tree)?;
        let baselines = baselines(&tree, &loaded);
        Ok(Program {
            tree,
            loaded,
            findings: Vec::new(),
            memo: check::Memo::default(),
            baselines,
            published: BTreeSet::new(),
            changed: HashSet::new(),
            reloaded: true,
            stale: true,
        })
    }

    /// Follows a file's new text: re-decodes that file alone when the program has it.
    fn set_text(&mut self, rel: &str, text: Option<&str>) -> Result<()> {
        match text {
            Some(t) => self.tree.set_text(rel, t.as_bytes()),
            None => self.tree.clear_text(rel),
        }
        let bytes = match text {
            Some(t) => Some(t.as_bytes().to_vec()),
            None => std::fs::read(self.tree.root().join(rel)).ok(),
        };
        let updated = bytes.is_some_and(|b| self.loaded.update(rel, &b));
        if updated {
            if let Some(file) = self.loaded.sources.find(rel) {
                self.memo.changed(file);
            }
            self.changed.insert(rel.to_owned());
        } else {
            self.reload()?;
        }
        self.stale = true;
        Ok(())
    }

    /// Loads the whole program again, from the tree and its open buffers.
    fn reload(&mut self) -> Result<()> {
        self.loaded = store::load_tree(&self.tree)?;
        self.baselines = baselines(&self.tree, &self.loaded);
        self.memo.clear();
        self.reloaded = true;
        self.stale = true;
        Ok(())
    }

    /// The findings of each file, by path: `check::check` sorts them by file first, so each
    /// file's are one run of the list.
    fn by_file(&self) -> HashMap<&str, std::ops::Range<usize>> {
        let mut out: HashMap<&str, std::ops::Range<usize>> = HashMap::new();
        let mut start = 0;
        while start < self.findings.len() {
            let file = self.findings[start].loc.file;
            let end = start
                + self.findings[start..]
                    .iter()
                    .take_while(|d| d.loc.file == file)
                    .count();
            out.insert(self.loaded.sources.path(file), start..end);
            start = end;
        }
        out
    }

    /// The files whose text changed since the last publication, by id (usually one).
    fn changed_files(&self) -> Vec<crate::diagnostic::FileId> {
        self.changed
            .iter()
            .filter_map(|rel| self.loaded.sources.find(rel))
            .collect()
    }
}

/// Whether a finding points into one of `changed`, files whose text changed, where its
/// positions may differ though its byte offsets do not.
fn touches(d: &Diagnostic, changed: &[crate::diagnostic::FileId]) -> bool {
    std::iter::once(&d.loc)
        .chain(d.secondary.iter().map(|(loc, _)| loc))
        .any(|loc| changed.contains(&loc.file))
}

struct Server<W: Write> {
    out: W,
    enc: Encoding,
    today: NaiveDate,
    initialized: bool,
    shutdown: bool,
    /// Whether the client applies workspace edits that create and delete files.
    resource_ops: bool,
    docs: HashMap<String, Doc>,
    programs: BTreeMap<PathBuf, Program>,
}

/// Runs the server on `input` and `output` until the client says `exit` or closes the input.
/// Returns the process's exit code as the protocol asks: 0 after `shutdown`, 1 without.
pub fn run(input: impl Read + Send + 'static, output: impl Write, today: NaiveDate) -> i32 {
    let (tx, rx) = mpsc::channel::<Option<Incoming>>();
    std::thread::spawn(move || {
        let mut input = BufReader::new(input);
        loop {
            match transport::read(&mut input) {
                Ok(Some(m)) => {
                    if tx.send(Some(m)).is_err() {
                        return;
                    }
                }
                _ => {
                    let _ = tx.send(None);
                    return;
                }
            }
        }
    });
    let mut server = Server {
        out: output,
        enc: Encoding::Utf16,
        today,
        initialized: false,
        shutdown: false,
        resource_ops: false,
        docs: HashMap::new(),
        programs: BTreeMap::new(),
    };
    loop {
        let Ok(Some(first)) = rx.recv() else {
            return i32::from(!server.shutdown);
        };
        // Everything already waiting is handled before the findings are published.
        let mut batch = vec![first];
        let mut ended = false;
        while let Ok(next) = rx.try_recv() {
            match next {
                Some(m) => batch.push(m),
                None => {
                    ended = true;
                    break;
                }
            }
        }
        for message in batch {
            if let Some(code) = server.handle(message) {
                return code;
            }
        }
        server.publish();
        if ended {
            return i32::from(!server.shutdown);
        }
    }
}

impl<W: Write> Server<W> {
    fn send(&mut self, message: &Value) {
        // A client gone away is the end of the session; the next read ends the loop.
        let _ = transport::write(&mut self.out, message);
    }

    /// Handles one message; `Some(code)` when the server is to exit.
    fn handle(&mut self, message: Incoming) -> Option<i32> {
        match message {
            Incoming::Invalid { id, code, message } => {
                self.send(&transport::error(id, code, &message));
            }
            Incoming::Response => {}
            Incoming::Request { id, method, params } => {
                // Quick fixes and the like answer from the findings of the text they were
                // asked about, so a change read in the same burst is checked first.
                self.publish();
                let reply = self.request(&method, params);
                let message = match reply {
                    Ok(result) => transport::response(id, result),
                    Err((code, text)) => transport::error(id, code, &text),
                };
                self.send(&message);
            }
            Incoming::Notification { method, params } => {
                if method == "exit" {
                    return Some(i32::from(!self.shutdown));
                }
                if self.initialized
                    && let Err(e) = self.notification(&method, params)
                {
                    self.log(&format!("{method}: {e}"));
                }
            }
        }
        None
    }

    fn log(&mut self, text: &str) {
        let message = transport::notification(
            "window/logMessage",
            json!({ "type": 2, "message": format!("pm: {text}") }),
        );
        self.send(&message);
    }

    fn request(&mut self, method: &str, params: Value) -> Result<Value, (i64, String)> {
        if method == "initialize" {
            return Ok(self.initialize(&params));
        }
        if !self.initialized {
            return Err((
                transport::SERVER_NOT_INITIALIZED,
                "the server is not initialized yet".into(),
            ));
        }
        let bad = |e: serde_json::Error| (transport::INVALID_PARAMS, e.to_string());
        match method {
            "shutdown" => {
                self.shutdown = true;
                Ok(Value::Null)
            }
            "textDocument/definition" => {
                let p = serde_json::from_value(params).map_err(bad)?;
                Ok(features::definition(self, &p))
            }
            "textDocument/references" => {
                let p = serde_json::from_value(params).map_err(bad)?;
                Ok(features::references(self, &p))
            }
            "textDocument/hover" => {
                let p = serde_json::from_value(params).map_err(bad)?;
                Ok(features::hover(self, &p))
            }
            "textDocument/completion" => {
                let p = serde_json::from_value(params).map_err(bad)?;
                Ok(features::completion(self, &p))
            }
            "textDocument/formatting" => {
                let p = serde_json::from_value(params).map_err(bad)?;
                Ok(features::formatting(self, &p))
            }
            "textDocument/documentSymbol" => {
                let p = serde_json::from_value(params).map_err(bad)?;
                Ok(features::symbols(self, &p))
            }
            "textDocument/codeAction" => {
                let p = serde_json::from_value(params).map_err(bad)?;
                Ok(actions::code_actions(self, &p))
            }
            _ => Err((
                transport::METHOD_NOT_FOUND,
                format!("pm lsp does not handle {method}"),
            )),
        }
    }

    fn initialize(&mut self, params: &Value) -> Value {
        let general = &params["capabilities"]["general"]["positionEncodings"];
        let utf8 = general
            .as_array()
            .is_some_and(|a| a.iter().any(|e| e == "utf-8"));
        self.enc = if utf8 {
            Encoding::Utf8
        } else {
            Encoding::Utf16
        };
        let ops = &params["capabilities"]["workspace"]["workspaceEdit"]["resourceOperations"];
        self.resource_ops = ops
            .as_array()
            .is_some_and(|a| a.iter().any(|o| o == "create"));
        self.initialized = true;
        json!({
            "capabilities": {
                "positionEncoding": if utf8 { "utf-8" } else { "utf-16" },
                "textDocumentSync": { "openClose": true, "change": 1, "save": { "includeText": false } },
                "definitionProvider": true,
                "referencesProvider": true,
                "hoverProvider": true,
                "completionProvider": { "triggerCharacters": ["\"", "=", " ", "/"] },
                "documentFormattingProvider": true,
                "documentSymbolProvider": true,
                "codeActionProvider": { "codeActionKinds": ["quickfix"] },
            },
            "serverInfo": { "name": "pm", "version": env!("CARGO_PKG_VERSION") },
        })
    }

    fn notification(&mut self, method: &str, params: Value) -> Result<()> {
        let uri = |p: &Value| -> Option<Uri> {
            serde_json::from_value(p["textDocument"]["uri"].clone()).ok()
        };
        match method {
            "textDocument/didOpen" => {
                let Some(uri) = uri(&params) else {
                    return Ok(());
                };
                let text = params["textDocument"]["text"].as_str().unwrap_or_default();
                let version = params["textDocument"]["version"].as_i64().unwrap_or(0);
                self.open(&uri, text.to_owned(), version)?;
            }
            "textDocument/didSave" => {
                // A save may follow a commit (an approval recorded): look for the baselines
                // again.
                let Some(uri) = uri(&params) else {
                    return Ok(());
                };
                let root = self
                    .docs
                    .get(uri.as_str())
                    .and_then(|d| d.place.as_ref().map(|(root, _)| root.clone()));
                if let Some(p) = root.and_then(|root| self.programs.get_mut(&root)) {
                    p.baselines = baselines(&p.tree, &p.loaded);
                    p.stale = true;
                }
            }
            "textDocument/didChange" => {
                let Some(uri) = uri(&params) else {
                    return Ok(());
                };
                // Full sync: the last change holds the whole text.
                let changes = params["contentChanges"].as_array();
                let Some(text) = changes
                    .and_then(|c| c.last())
                    .and_then(|c| c["text"].as_str())
                else {
                    return Ok(());
                };
                let version = params["textDocument"]["version"].as_i64().unwrap_or(0);
                self.change(&uri, text.to_owned(), version)?;
            }
            "textDocument/didClose" => {
                let Some(uri) = uri(&params) else {
                    return Ok(());
                };
                self.close(&uri)?;
            }
            "workspace/didChangeWatchedFiles" => {
                // Files changed behind the editor's back (a checkout, a pm command): load again.
                for program in self.programs.values_mut() {
                    program.reload()?;
                }
            }
            _ => {}
        }
        Ok(())
    }

    fn open(&mut self, uri: &Uri, text: String, version: i64) -> Result<()> {
        let Some(path) = convert::uri_to_path(uri) else {
            return Ok(());
        };
        let place = place_of(&path);
        self.docs.insert(
            uri.as_str().to_owned(),
            Doc {
                path,
                text: text.clone(),
                version: i32::try_from(version).unwrap_or(0),
                place: place.clone(),
            },
        );
        let Some((root, rel)) = place else {
            return Ok(());
        };
        match self.programs.get_mut(&root) {
            Some(p) => p.set_text(&rel, Some(&text))?,
            None => {
                let program = Program::open(&root, &self.docs)?;
                self.programs.insert(root, program);
            }
        }
        Ok(())
    }

    fn change(&mut self, uri: &Uri, text: String, version: i64) -> Result<()> {
        let Some(doc) = self.docs.get_mut(uri.as_str()) else {
            return self.open(uri, text, version);
        };
        doc.text = text;
        doc.version = i32::try_from(version).unwrap_or(doc.version);
        if let Some((root, rel)) = doc.place.clone()
            && let Some(p) = self.programs.get_mut(&root)
        {
            p.set_text(&rel, Some(&doc.text))?;
        }
        Ok(())
    }

    fn close(&mut self, uri: &Uri) -> Result<()> {
        let Some(doc) = self.docs.remove(uri.as_str()) else {
            return Ok(());
        };
        let Some((root, rel)) = doc.place else {
            return Ok(());
        };
        let still_open = self
            .docs
            .values()
            .any(|d| d.place.as_ref().is_some_and(|(r, _)| *r == root));
        if still_open {
            if let Some(p) = self.programs.get_mut(&root) {
                p.set_text(&rel, None)?;
            }
        } else if let Some(p) = self.programs.remove(&root) {
            // Nothing of it is open: clear what was shown for it.
            for rel in &p.published {
                if let Some(uri) = convert::path_to_uri(&root.join(rel)) {
                    let message = transport::notification(
                        "textDocument/publishDiagnostics",
                        json!({ "uri": uri, "diagnostics": [] }),
                    );
                    self.send(&message);
                }
            }
        }
        Ok(())
    }

    /// Checks every program that changed and publishes the findings of each file whose
    /// findings are not what was last published. Only files whose findings differ from the last
    /// check's, or point into a file that changed, are converted and sent again.
    fn publish(&mut self) {
        let enc = self.enc;
        for (root, program) in &mut self.programs {
            if !program.stale {
                continue;
            }
            program.stale = false;
            // After a reload the old findings' file ids mean nothing: compare with none.
            let before_ranges: HashMap<String, std::ops::Range<usize>> = if program.reloaded {
                HashMap::new()
            } else {
                program
                    .by_file()
                    .into_iter()
                    .map(|(rel, r)| (rel.to_owned(), r))
                    .collect()
            };
            let now =
                check::check_remembering(&program.loaded, &program.baselines, &mut program.memo);
            let before = std::mem::replace(&mut program.findings, now);
            let changed = program.changed_files();
            let after_ranges = program.by_file();
            let mut files: BTreeSet<&str> = after_ranges.keys().copied().collect();
            files.extend(program.published.iter().map(String::as_str));
            let mut shown = BTreeSet::new();
            for rel in files {
                let now = after_ranges
                    .get(rel)
                    .map_or(&[][..], |r| &program.findings[r.clone()]);
                let was = before_ranges
                    .get(rel)
                    .map_or(&[][..], |r| &before[r.clone()]);
                if !now.is_empty() {
                    shown.insert(rel.to_owned());
                }
                let same = !program.reloaded
                    && now == was
                    && program.published.contains(rel) != now.is_empty()
                    && !now.iter().any(|d| touches(d, &changed));
                if same {
                    continue;
                }
                // Line indexes live for one file's findings: on a large program, keeping every
                // file's would hold memory the size of the program's text.
                let mut lines: HashMap<u32, Lines> = HashMap::new();
                let diags: Vec<Value> = now
                    .iter()
                    .map(|d| to_lsp(d, &program.loaded, root, &mut lines, enc))
                    .collect();
                if let Some(uri) = convert::path_to_uri(&root.join(rel)) {
                    let message = transport::notification(
                        "textDocument/publishDiagnostics",
                        json!({ "uri": uri, "diagnostics": diags }),
                    );
                    // A client gone away is the end of the session; the next read ends the loop.
                    let _ = transport::write(&mut self.out, &message);
                }
            }
            program.published = shown;
            program.changed.clear();
            program.reloaded = false;
        }
    }

    /// The open document at `uri`, with its program when it belongs to one.
    fn doc(&self, uri: &Uri) -> Option<(&Doc, Option<&Program>)> {
        let doc = self.docs.get(uri.as_str())?;
        let program = doc
            .place
            .as_ref()
            .and_then(|(root, _)| self.programs.get(root));
        Some((doc, program))
    }
}

/// The baselines of the approved projects of `loaded` (the program in `tree` with its open
/// buffers), from the history of the repository that holds it. A project whose text is the very
/// version its approval committed gets that version (a copy of what is loaded now) as its
/// baseline, so that the typing that follows is compared with it.
fn baselines(tree: &Tree, loaded: &Loaded) -> git::Baselines {
    let mut found = git::Baselines::of_work_tree(tree.root(), loaded);
    for (id, state) in &mut found.projects {
        if let git::BaselineState::Found(baseline) = state
            && baseline.project.is_none()
        {
            baseline.project = loaded.project(id).cloned();
        }
    }
    found
}

/// The program a file belongs to and its path there: program.toml, or a `.toml` under
/// projects/ that is not a link (pm does not follow links, so it does not check one either).
fn place_of(path: &Path) -> Option<(PathBuf, String)> {
    let dir = path.parent()?;
    let root = store::find_root(None, dir).ok()?;
    let rel: Vec<String> = path
        .strip_prefix(&root)
        .ok()?
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let rel = rel.join("/");
    let is_project = rel.starts_with(&format!("{PROJECTS_DIR}/"))
        && rel.ends_with(".toml")
        && !rel.split('/').any(|p| p.starts_with('.'));
    if rel != PROGRAM_FILE && !is_project {
        return None;
    }
    if is_project && std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
        return None;
    }
    Some((root, rel))
}

/// A finding as the protocol shows it.
fn to_lsp(
    d: &Diagnostic,
    loaded: &Loaded,
    root: &Path,
    lines: &mut HashMap<u32, Lines>,
    enc: Encoding,
) -> Value {
    let mut range = |loc: crate::diagnostic::Loc| {
        let text = &loaded.sources.get(loc.file).text;
        let index = lines.entry(loc.file.0).or_insert_with(|| Lines::new(text));
        index.range(text, loc.span.start as usize, loc.span.end as usize, enc)
    };
    let related: Vec<Value> = d
        .secondary
        .iter()
        .filter_map(|(loc, label)| {
            let uri = convert::path_to_uri(&root.join(loaded.sources.path(loc.file)))?;
            Some(json!({ "location": { "uri": uri, "range": range(*loc) }, "message": label }))
        })
        .collect();
    let mut message = d.message.clone();
    if let Some(help) = &d.help {
        message.push_str("\nhelp: ");
        message.push_str(help);
    }
    let mut v = json!({
        "range": range(d.loc),
        "severity": match d.severity { Severity::Error => 1, Severity::Warning => 2 },
        "code": d.rule.code(),
        "codeDescription": { "href": crate::render::explain::doc_url(d.rule) },
        "source": "pm",
        "message": message,
    });
    if !related.is_empty() {
        v["relatedInformation"] = Value::Array(related);
    }
    v
}
