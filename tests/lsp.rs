//! `pm lsp` driven over stdio as an editor drives it: initialize, open, change, ask, shut down.

mod common;

use std::collections::BTreeMap;
use std::io::{BufRead, BufReader, Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{Receiver, channel};
use std::time::Duration;

use common::*;
use serde_json::{Value, json};

/// Only a guard against a hung server; nothing here measures time.
const PATIENCE: Duration = Duration::from_secs(120);

struct Client {
    child: Child,
    stdin: ChildStdin,
    rx: Receiver<Value>,
    next: i64,
    /// The last diagnostics published for each URI.
    diagnostics: BTreeMap<String, Vec<Value>>,
    /// Notifications and responses read while waiting for something else.
    seen: Vec<Value>,
}

fn uri(path: &Path) -> String {
    let mut s = String::from("file://");
    for b in path.to_string_lossy().bytes() {
        if b.is_ascii_alphanumeric() || b"/-._~".contains(&b) {
            s.push(char::from(b));
        } else {
            s.push_str(&format!("%{b:02X}"));
        }
    }
    s
}

impl Client {
    fn start() -> Client {
        Client::start_with(json!({}))
    }

    fn start_with(capabilities: Value) -> Client {
        let mut child = Command::new(assert_cmd::cargo::cargo_bin("pm"))
            .args(["lsp", "--stdio"])
            .env_remove("PM_PROGRAM")
            .env("PM_TODAY", "2026-06-15")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::null())
            .spawn()
            .expect("start pm lsp");
        let stdin = child.stdin.take().expect("stdin");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = channel();
        std::thread::spawn(move || {
            let mut r = BufReader::new(stdout);
            loop {
                let mut length = 0usize;
                loop {
                    let mut line = String::new();
                    if r.read_line(&mut line).unwrap_or(0) == 0 {
                        return;
                    }
                    let line = line.trim_end();
                    if line.is_empty() {
                        break;
                    }
                    if let Some(v) = line.strip_prefix("Content-Length: ") {
                        length = v.parse().expect("length");
                    }
                }
                let mut body = vec![0; length];
                if r.read_exact(&mut body).is_err() {
                    return;
                }
                let v: Value = serde_json::from_slice(&body).expect("the server writes JSON");
                if tx.send(v).is_err() {
                    return;
                }
            }
        });
        let mut c = Client {
            child,
            stdin,
            rx,
            next: 1,
            diagnostics: BTreeMap::new(),
            seen: Vec::new(),
        };
        let init = c.request(
            "initialize",
            json!({ "processId": null, "rootUri": null, "capabilities": capabilities }),
        );
        assert!(init["result"]["capabilities"].is_object(), "{init}");
        c.notify("initialized", json!({}));
        c
    }

    fn raw(&mut self, body: &str) {
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).expect("write");
        self.stdin.flush().expect("flush");
    }

    fn notify(&mut self, method: &str, params: Value) {
        let body = json!({ "jsonrpc": "2.0", "method": method, "params": params }).to_string();
        self.raw(&body);
    }

    fn take(&mut self) -> Value {
        let v = self.rx.recv_timeout(PATIENCE).expect("the server answers");
        if v["method"] == "textDocument/publishDiagnostics" {
            let uri = v["params"]["uri"].as_str().unwrap_or_default().to_owned();
            let diags = v["params"]["diagnostics"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            self.diagnostics.insert(uri, diags);
        }
        v
    }

    /// Sends a request and waits for its response (the whole message).
    fn request(&mut self, method: &str, params: Value) -> Value {
        let id = self.next;
        self.next += 1;
        let body =
            json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }).to_string();
        self.raw(&body);
        self.response(json!(id))
    }

    fn response(&mut self, id: Value) -> Value {
        loop {
            let v = self.take();
            if v["id"] == id && v.get("method").is_none() {
                return v;
            }
            self.seen.push(v);
        }
    }

    /// Waits until the diagnostics published satisfy `done`.
    fn until(&mut self, done: impl Fn(&BTreeMap<String, Vec<Value>>) -> bool) {
        while !done(&self.diagnostics) {
            let v = self.take();
            self.seen.push(v);
        }
    }

    fn open(&mut self, path: &Path) {
        let text = std::fs::read_to_string(path).expect("read");
        self.open_text(path, &text);
    }

    fn open_text(&mut self, path: &Path, text: &str) {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri(path), "languageId": "toml", "version": 1,
                                      "text": text } }),
        );
    }

    fn change(&mut self, path: &Path, version: i64, text: &str) {
        self.notify(
            "textDocument/didChange",
            json!({ "textDocument": { "uri": uri(path), "version": version },
                    "contentChanges": [{ "text": text }] }),
        );
    }

    fn at(&mut self, method: &str, path: &Path, line: usize, character: usize) -> Value {
        let mut params = json!({ "textDocument": { "uri": uri(path) },
                                 "position": { "line": line, "character": character } });
        match method {
            "textDocument/references" => {
                params["context"] = json!({ "includeDeclaration": true });
            }
            "textDocument/completion" => params["context"] = json!({ "triggerKind": 1 }),
            _ => {}
        }
        self.request(method, params)
    }

    fn stop(mut self) -> Option<i32> {
        let r = self.request("shutdown", Value::Null);
        assert!(r["error"].is_null(), "{r}");
        self.notify("exit", Value::Null);
        self.child.wait().expect("wait").code()
    }
}

/// (file, line, code) of every finding `pm check` reports.
fn cli_findings(dir: &Path) -> Vec<(String, u64, String)> {
    let (_, json) = check_json(dir);
    let mut out: Vec<_> = json["diagnostics"]
        .as_array()
        .expect("diagnostics")
        .iter()
        .map(|d| {
            (
                d["file"].as_str().unwrap().to_owned(),
                d["line"].as_u64().unwrap(),
                d["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    out.sort();
    out
}

/// The same from what the server published (lines are 0-based there).
fn lsp_findings(c: &Client, dir: &Path) -> Vec<(String, u64, String)> {
    let prefix = uri(dir) + "/";
    let mut out: Vec<_> = c
        .diagnostics
        .iter()
        .flat_map(|(u, ds)| {
            let rel = u.strip_prefix(&prefix).unwrap_or(u).to_owned();
            ds.iter().map(move |d| {
                (
                    rel.clone(),
                    d["range"]["start"]["line"].as_u64().unwrap() + 1,
                    d["code"].as_str().unwrap().to_owned(),
                )
            })
        })
        .collect();
    out.sort();
    out
}

/// (line, character) of the first occurrence of `needle` in the file, plus `skip` characters.
fn find(path: &Path, needle: &str, skip: usize) -> (usize, usize) {
    let text = std::fs::read_to_string(path).expect("read");
    let at = text
        .find(needle)
        .unwrap_or_else(|| panic!("{needle} in {}", path.display()))
        + skip;
    let line = text[..at].matches('\n').count();
    let col = at - text[..at].rfind('\n').map_or(0, |i| i + 1);
    (line, col)
}

fn artemis() -> (tempfile::TempDir, PathBuf) {
    let dir = fixture("examples/artemis");
    let root = dir.path().canonicalize().expect("canonical");
    (dir, root)
}

#[test]
fn diagnostics_are_what_pm_check_reports() {
    let (_dir, root) = artemis();
    let mut c = Client::start();
    c.open(&root.join("projects/lander.toml"));
    let want = cli_findings(&root);
    assert!(!want.is_empty());
    let files: std::collections::BTreeSet<String> =
        want.iter().map(|(f, _, _)| uri(&root.join(f))).collect();
    c.until(|d| files.iter().all(|f| d.contains_key(f)));
    assert_eq!(lsp_findings(&c, &root), want);
    // Codes link to their documentation and related places come along.
    let all: Vec<&Value> = c.diagnostics.values().flatten().collect();
    assert!(
        all.iter()
            .all(|d| d["codeDescription"]["href"].is_string() && d["source"] == "pm")
    );
    assert!(
        all.iter().any(|d| d["relatedInformation"].is_array()),
        "{all:?}"
    );
    assert_eq!(c.stop(), Some(0));
}

#[test]
fn an_unsaved_change_in_one_file_moves_a_finding_in_another() {
    let (_dir, root) = artemis();
    let suits = root.join("projects/spacesuits.toml");
    let mut c = Client::start();
    c.open(&suits);
    let before = cli_findings(&root);
    c.until(|d| !d.is_empty());
    // priya takes on 90% more on spacesuits for all of 2026: an over-allocation with her
    // lander assignment, located in the file that comes first.
    let text = std::fs::read_to_string(&suits).unwrap();
    let more = format!(
        "{text}\n[[assignment]]\nperson = \"priya\"\nallocation = 90\nfrom = 2026-03-01\nto = 2026-03-31\n"
    );
    c.change(&suits, 2, &more);
    // The same text on disk in a copy is what pm check says the buffer holds.
    let copy = fixture("examples/artemis");
    write(copy.path(), "projects/spacesuits.toml", &more);
    let want = cli_findings(copy.path());
    assert_ne!(want, before);
    let mut tries = 0;
    while lsp_findings(&c, &root) != want {
        let v = c.take();
        c.seen.push(v);
        tries += 1;
        assert!(tries < 1000, "never published {want:?}");
    }
    // The disk was never touched.
    assert_eq!(std::fs::read_to_string(&suits).unwrap(), text);
    // And back: the finding goes again.
    c.change(&suits, 3, &text);
    while lsp_findings(&c, &root) != before {
        let v = c.take();
        c.seen.push(v);
    }
    c.stop();
}

#[test]
fn lines_added_above_move_findings_and_their_related_places() {
    let (_dir, root) = artemis();
    let suits = root.join("projects/spacesuits.toml");
    let lander = uri(&root.join("projects/lander.toml"));
    let mut c = Client::start();
    c.open(&suits);
    // priya's over-allocation is located in lander.toml, with her spacesuits assignment
    // (line 163) as its related place.
    let related_line = |c: &Client| -> Option<u64> {
        let d = c
            .diagnostics
            .get(&lander)?
            .iter()
            .find(|d| d["code"] == "PM201")?;
        d["relatedInformation"][0]["location"]["range"]["start"]["line"].as_u64()
    };
    c.until(|d| d.contains_key(&lander));
    assert_eq!(related_line(&c), Some(162));
    // Three comment lines on top of spacesuits.toml change no finding of lander.toml, only where
    // its related place is: it must be published again.
    let text = std::fs::read_to_string(&suits).unwrap();
    c.change(&suits, 2, &format!("# one\n# two\n# three\n{text}"));
    let mut tries = 0;
    while related_line(&c) != Some(165) {
        let v = c.take();
        c.seen.push(v);
        tries += 1;
        assert!(tries < 1000, "the related place never moved");
    }
    let copy = fixture("examples/artemis");
    write(
        copy.path(),
        "projects/spacesuits.toml",
        &format!("# one\n# two\n# three\n{text}"),
    );
    // The findings of spacesuits.toml itself (its dependency at risk) move too; they may be
    // published after lander's.
    let expected = cli_findings(copy.path());
    let mut tries = 0;
    while lsp_findings(&c, &root) != expected && tries < 1000 {
        let v = c.take();
        c.seen.push(v);
        tries += 1;
    }
    assert_eq!(lsp_findings(&c, &root), expected);
    c.stop();
}

#[test]
fn a_broken_buffer_is_a_finding_and_a_huge_one_is_answered() {
    let (_dir, root) = artemis();
    let lander = root.join("projects/lander.toml");
    let mut c = Client::start();
    c.open(&lander);
    c.change(&lander, 2, "[project\nid = ");
    let u = uri(&lander);
    c.until(|d| {
        d.get(&u)
            .is_some_and(|ds| ds.iter().any(|x| x["code"] == "PM001"))
    });
    // 20 MB that is not TOML: answered with a finding, and the server goes on.
    let huge = "=".repeat(20 * 1024 * 1024);
    c.change(&lander, 3, &huge);
    c.until(|d| {
        d.get(&u)
            .is_some_and(|ds| ds.len() == 1 && ds[0]["code"] == "PM001")
    });
    let r = c.at("textDocument/hover", &lander, 0, 0);
    assert!(r["error"].is_null(), "{r}");
    c.stop();
}

#[test]
fn bad_messages_and_unknown_methods_get_errors_and_the_server_goes_on() {
    let mut c = Client::start();
    c.raw("{this is not json");
    let e = c.response(Value::Null);
    assert_eq!(e["error"]["code"], -32700, "{e}");
    c.raw(r#"{"jsonrpc":"2.0","id":77,"params":{}}"#);
    let e = c.response(json!(77));
    assert_eq!(e["error"]["code"], -32600, "{e}");
    let e = c.request("workspace/frobnicate", json!({}));
    assert_eq!(e["error"]["code"], -32601, "{e}");
    let e = c.request("textDocument/hover", json!({ "nonsense": true }));
    assert_eq!(e["error"]["code"], -32602, "{e}");
    // Still there.
    assert_eq!(c.stop(), Some(0));
}

#[test]
fn exit_without_shutdown_is_exit_status_one() {
    let mut c = Client::start();
    c.notify("exit", Value::Null);
    assert_eq!(c.child.wait().expect("wait").code(), Some(1));
}

#[test]
fn several_programs_at_once() {
    let (_a, root_a) = artemis();
    let b = fixture("minimal");
    let root_b = b.path().canonicalize().unwrap();
    write(
        &root_b,
        "projects/tooling.toml",
        &format!("{}\nbogus = 1\n", read(&root_b, "projects/tooling.toml")),
    );
    let mut c = Client::start();
    c.open(&root_a.join("projects/lander.toml"));
    c.open(&root_b.join("projects/tooling.toml"));
    let ua = uri(&root_a.join("projects/lander.toml"));
    let ub = uri(&root_b.join("projects/tooling.toml"));
    c.until(|d| d.contains_key(&ua) && d.contains_key(&ub));
    assert!(c.diagnostics[&ub].iter().any(|d| d["code"] == "PM001"));
    c.stop();
}

/// Applies a workspace edit's documentChanges to the files under `root`.
fn apply(edit: &Value, root: &Path) {
    for op in edit["documentChanges"].as_array().expect("documentChanges") {
        let u = op["uri"]
            .as_str()
            .or(op["textDocument"]["uri"].as_str())
            .unwrap();
        let rel = u
            .strip_prefix(&(uri(root) + "/"))
            .expect("inside the program");
        let path = root.join(rel);
        match op["kind"].as_str() {
            Some("create") => std::fs::write(&path, "").unwrap(),
            Some("delete") => std::fs::remove_file(&path).unwrap(),
            _ => {
                let edits = op["edits"].as_array().unwrap();
                assert_eq!(edits.len(), 1);
                // Every edit replaces the whole text (or inserts into a new, empty file).
                std::fs::write(&path, edits[0]["newText"].as_str().unwrap()).unwrap();
            }
        }
    }
}

fn actions_at(c: &mut Client, path: &Path, line: usize) -> Vec<Value> {
    let r = c.request(
        "textDocument/codeAction",
        json!({ "textDocument": { "uri": uri(path) },
                "range": { "start": { "line": line, "character": 0 },
                           "end": { "line": line, "character": 200 } },
                "context": { "diagnostics": [] } }),
    );
    r["result"].as_array().cloned().unwrap_or_default()
}

#[test]
fn the_move_quick_fix_writes_what_pm_work_move_writes() {
    let (_dir, root) = artemis();
    let lander = root.join("projects/lander.toml");
    let mut c = Client::start_with(json!({ "workspace": { "workspaceEdit": {
        "documentChanges": true, "resourceOperations": ["create", "rename", "delete"] } } }));
    c.open(&lander);
    let u = uri(&lander);
    c.until(|d| {
        d.get(&u)
            .is_some_and(|ds| ds.iter().any(|x| x["code"] == "PM101"))
    });
    let d = c.diagnostics[&u]
        .iter()
        .find(|x| x["code"] == "PM101")
        .unwrap()
        .clone();
    let line = d["range"]["start"]["line"].as_u64().unwrap() as usize;
    let actions = actions_at(&mut c, &lander, line);
    let fix = actions
        .iter()
        .find(|a| a["title"].as_str().unwrap().contains("--to comms-relay"))
        .unwrap_or_else(|| panic!("{actions:?}"));
    apply(&fix["edit"], &root);
    let cli = fixture("examples/artemis");
    ok(
        cli.path(),
        &[
            "work",
            "move",
            "lander/relay-site-survey",
            "--to",
            "comms-relay",
        ],
    );
    assert_eq!(snapshot_tree(&root), snapshot_tree(cli.path()));
    c.stop();
}

#[test]
fn the_scope_and_charter_quick_fixes_write_what_the_commands_write() {
    let (_dir, root) = artemis();
    let lander = root.join("projects/lander.toml");
    // An unsaved buffer: a work item on a deliverable nobody has, and no charter objective.
    let text = read(&root, "projects/lander.toml").replacen(
        "deliverable = \"descent-stage\"",
        "deliverable = \"leg-struts\"",
        1,
    );
    let objective = text
        .lines()
        .find(|l| l.starts_with("objective = "))
        .unwrap()
        .to_owned();
    let text = text.replacen(&format!("{objective}\n"), "", 1);
    let mut c = Client::start_with(json!({ "workspace": { "workspaceEdit": {
        "documentChanges": true, "resourceOperations": ["create"] } } }));
    c.open_text(&lander, &text);
    let u = uri(&lander);
    c.until(|d| {
        d.get(&u)
            .is_some_and(|ds| ds.iter().any(|x| x["code"] == "PM105"))
    });
    let mut fixes = Vec::new();
    for code in ["PM101", "PM105"] {
        let d = c.diagnostics[&u]
            .iter()
            .find(|x| x["code"] == code)
            .unwrap()
            .clone();
        let line = d["range"]["start"]["line"].as_u64().unwrap() as usize;
        fixes.extend(actions_at(&mut c, &lander, line));
    }
    let scope = fixes
        .iter()
        .find(|a| a["title"].as_str().unwrap().contains("pm scope add"))
        .expect("scope fix");
    let charter = fixes
        .iter()
        .find(|a| a["title"].as_str().unwrap().contains("pm project set"))
        .expect("charter fix");
    for (fix, args) in [
        (
            scope,
            vec![
                "scope",
                "add",
                "lander",
                "leg-struts",
                "--title",
                "leg struts",
            ],
        ),
        (
            charter,
            vec!["project", "set", "lander", "--objective", "Lunar Lander"],
        ),
    ] {
        let ours = fixture("examples/artemis");
        write(ours.path(), "projects/lander.toml", &text);
        let theirs = fixture("examples/artemis");
        write(theirs.path(), "projects/lander.toml", &text);
        let ours_root = ours.path().canonicalize().unwrap();
        // The fix was computed for `root`; apply it to a copy holding the same text.
        let edit = serde_json::to_string(&fix["edit"])
            .unwrap()
            .replace(&uri(&root), &uri(&ours_root));
        apply(&serde_json::from_str(&edit).unwrap(), &ours_root);
        ok(theirs.path(), &args);
        assert_eq!(
            snapshot_tree(&ours_root),
            snapshot_tree(theirs.path()),
            "{}",
            fix["title"]
        );
    }
    c.stop();
}

/// The quick fix titled with `needle` on the finding `code` in `file`, applied to `root`.
fn apply_fix(c: &mut Client, root: &Path, file: &str, code: &str, needle: &str) {
    let path = root.join(file);
    c.open(&path);
    let u = uri(&path);
    c.until(|d| {
        d.get(&u)
            .is_some_and(|ds| ds.iter().any(|x| x["code"] == code))
    });
    let d = c.diagnostics[&u]
        .iter()
        .find(|x| x["code"] == code)
        .unwrap()
        .clone();
    let line = d["range"]["start"]["line"].as_u64().unwrap() as usize;
    let actions = actions_at(c, &path, line);
    let fix = actions
        .iter()
        .find(|a| a["title"].as_str().unwrap().contains(needle))
        .unwrap_or_else(|| panic!("no fix with {needle}: {actions:?}"));
    apply(&fix["edit"], root);
}

#[test]
fn the_withdraw_and_lower_quick_fixes_write_what_the_commands_write() {
    let cases: [(&str, &str, &str, &[&str]); 3] = [
        (
            "projects/comms-relay.toml",
            "PM205",
            "pm request withdraw comms-relay/rf-engineer",
            &[
                "request",
                "withdraw",
                "comms-relay/rf-engineer",
                "--reason",
                "no longer needed",
            ],
        ),
        (
            "projects/lander.toml",
            "PM201",
            "pm assignment set priya lander --at 2026-05-01 --allocation 40",
            &[
                "assignment",
                "set",
                "priya",
                "lander",
                "--at",
                "2026-05-01",
                "--allocation",
                "40",
            ],
        ),
        (
            "projects/lander.toml",
            "PM201",
            "pm assignment set priya spacesuits --at 2026-05-01 --allocation 40",
            &[
                "assignment",
                "set",
                "priya",
                "spacesuits",
                "--at",
                "2026-05-01",
                "--allocation",
                "40",
            ],
        ),
    ];
    for (file, code, needle, args) in cases {
        let (_dir, root) = artemis();
        let mut c = Client::start_with(json!({ "workspace": { "workspaceEdit": {
            "documentChanges": true } } }));
        apply_fix(&mut c, &root, file, code, needle);
        c.stop();
        let cli = fixture("examples/artemis");
        ok(cli.path(), args);
        assert_eq!(snapshot_tree(&root), snapshot_tree(cli.path()), "{needle}");
        // The fix removes the finding it was offered for.
        let left = cli_findings(&root);
        assert!(
            !left.iter().any(|(_, _, c)| c == code),
            "{needle}: {left:?}"
        );
    }
}

#[test]
fn definition_references_and_hover_of_ids() {
    let (_dir, root) = artemis();
    let lander = root.join("projects/lander.toml");
    let mut c = Client::start();
    c.open(&lander);
    // An assignment's person → the person in program.toml.
    let (l, ch) = find(&lander, "person = \"priya\"", 11);
    let r = c.at("textDocument/definition", &lander, l, ch);
    assert!(
        r["result"]["uri"]
            .as_str()
            .unwrap()
            .ends_with("/program.toml"),
        "{r}"
    );
    let line = r["result"]["range"]["start"]["line"].as_u64().unwrap() as usize;
    let program = read(&root, "program.toml");
    assert_eq!(program.lines().nth(line).unwrap(), "id = \"priya\"");
    // Every place that names priya, her definition included.
    let r = c.at("textDocument/references", &lander, l, ch);
    let places = r["result"].as_array().unwrap();
    let mut expected = 0;
    for f in snapshot_tree(&root).keys().filter(|f| f.ends_with(".toml")) {
        expected += read(&root, f).matches("\"priya\"").count();
    }
    assert_eq!(places.len(), expected, "{places:?}");
    // Hover: capacity, skills and the load per month.
    let r = c.at("textDocument/hover", &lander, l, ch);
    let text = r["result"]["contents"]["value"].as_str().unwrap();
    assert!(
        text.contains("capacity") && text.contains("| month | peak load |"),
        "{text}"
    );
    // A deliverable: title, due date, work count.
    let (l, ch) = find(&lander, "deliverable = \"descent-stage\"", 16);
    let r = c.at("textDocument/definition", &lander, l, ch);
    let line = r["result"]["range"]["start"]["line"].as_u64().unwrap() as usize;
    assert_eq!(
        read(&root, "projects/lander.toml")
            .lines()
            .nth(line)
            .unwrap(),
        "id = \"descent-stage\""
    );
    let r = c.at("textDocument/hover", &lander, l, ch);
    let text = r["result"]["contents"]["value"].as_str().unwrap();
    assert!(
        text.contains("due 2027") && text.contains("work item"),
        "{text}"
    );
    // A rule named in program.toml's [check.rules] explains itself.
    let p = root.join("program.toml");
    let text = format!(
        "{}over-allocation = \"warn\"\n",
        read(&root, "program.toml")
    );
    c.open_text(&p, &text);
    let line = text.lines().count() - 1;
    let r = c.at("textDocument/hover", &p, line, 3);
    let text = r["result"]["contents"]["value"]
        .as_str()
        .unwrap_or_default();
    assert!(
        text.contains("PM201 over-allocation") && text.contains("How to fix"),
        "{r}"
    );
    c.stop();
}

#[test]
fn completion_of_ids_keys_and_values() {
    let (_dir, root) = artemis();
    let lander = root.join("projects/lander.toml");
    let text = format!(
        "{}\n[[work]]\nid = \"new\"\nassignee = \"\nstatus = \n",
        read(&root, "projects/lander.toml")
    );
    let mut c = Client::start();
    c.open_text(&lander, &text);
    let lines: Vec<&str> = text.lines().collect();
    let n = lines.len();
    // assignee = "|
    let r = c.at(
        "textDocument/completion",
        &lander,
        n - 2,
        "assignee = \"".len(),
    );
    let labels: Vec<&str> = r["result"]
        .as_array()
        .unwrap_or_else(|| panic!("{r}"))
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    assert!(
        labels.contains(&"priya") && labels.contains(&"grace"),
        "{labels:?}"
    );
    // status = |
    let r = c.at("textDocument/completion", &lander, n - 1, "status = ".len());
    let labels: Vec<&str> = r["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels, ["todo", "doing", "done", "dropped"]);
    assert_eq!(r["result"][0]["insertText"], "\"todo\"");
    // A new key in [[work]]: the keys not written yet, in the SPEC's order.
    let with_key = format!("{text}tit");
    c.change(&lander, 2, &with_key);
    let r = c.at("textDocument/completion", &lander, n, 3);
    let labels: Vec<&str> = r["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["label"].as_str().unwrap())
        .collect();
    assert_eq!(labels[0], "title", "{labels:?}");
    assert!(!labels.contains(&"id") && !labels.contains(&"assignee"));
    c.stop();
}

#[test]
fn formatting_is_pm_fmt_and_symbols_list_the_items() {
    let (_dir, root) = artemis();
    let lander = root.join("projects/lander.toml");
    let messy = read(&root, "projects/lander.toml").replace("\n[[work]]", "\n\n\n[[work]]");
    write(&root, "projects/lander.toml", &messy);
    let mut c = Client::start();
    c.open(&lander);
    let r = c.request(
        "textDocument/formatting",
        json!({ "textDocument": { "uri": uri(&lander) }, "options": { "tabSize": 2, "insertSpaces": true } }),
    );
    let edits = r["result"].as_array().unwrap();
    assert_eq!(edits.len(), 1);
    let cli = fixture("examples/artemis");
    write(cli.path(), "projects/lander.toml", &messy);
    ok(cli.path(), &["fmt"]);
    assert_eq!(
        edits[0]["newText"].as_str().unwrap(),
        read(cli.path(), "projects/lander.toml")
    );
    let r = c.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": uri(&lander) } }),
    );
    let names: Vec<&str> = r["result"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(names[0], "lander");
    assert!(
        names.contains(&"descent-stage") && names.contains(&"relay-site-survey"),
        "{names:?}"
    );
    c.stop();
}

/// PM108 in the editor: the baselines come from the repository's history when the program is
/// opened, and each keystroke is compared with them, as `pm check` compares the saved file.
#[test]
fn scope_added_after_approval_is_shown_as_you_type() {
    if outside_tool("git", "apt-get install git").is_none() {
        return;
    }
    let (_dir, root) = artemis();
    let git = |args: &[&str]| {
        let out = git_command(&root, ("Ada", "ada@example.org"), "2026-06-01T12:00:00Z")
            .args(args)
            .output()
            .expect("run git");
        assert!(out.status.success(), "git {args:?}: {}", stderr(&out));
    };
    git(&["init", "-q"]);
    git(&["add", "-A"]);
    git(&["commit", "-q", "-m", "approved charters"]);
    let lander = root.join("projects/lander.toml");
    let original = std::fs::read_to_string(&lander).unwrap();
    let pm108 = |c: &Client| -> Vec<(String, u64, String)> {
        lsp_findings(c, &root)
            .into_iter()
            .filter(|f| f.2 == "PM108")
            .collect()
    };
    let mut c = Client::start();
    c.open(&lander);
    c.until(|d| d.contains_key(&uri(&lander)));
    assert!(pm108(&c).is_empty(), "nothing changed since the approval");

    let added = format!(
        "{original}\n[[deliverable]]\nid = \"docking-adapter\"\ntitle = \"Docking adapter\"\ndue = 2027-06-30\n"
    );
    c.change(&lander, 2, &added);
    c.until(|d| {
        d.get(&uri(&lander))
            .is_some_and(|ds| ds.iter().any(|x| x["code"] == "PM108"))
    });
    // What `pm check` says of the same text saved.
    std::fs::write(&lander, &added).unwrap();
    let want: Vec<_> = cli_findings(&root)
        .into_iter()
        .filter(|f| f.2 == "PM108")
        .collect();
    assert!(!want.is_empty());
    assert_eq!(pm108(&c), want);

    // `approved` retyped: no commit approved that date, so there is nothing to hold it to.
    let retyped = added.replacen("approved = 2026-01-20", "approved = 2026-07-01", 1);
    assert_ne!(retyped, added);
    c.change(&lander, 3, &retyped);
    c.until(|d| {
        d.get(&uri(&lander))
            .is_some_and(|ds| !ds.iter().any(|x| x["code"] == "PM108"))
    });
    // Back as committed: the finding goes.
    c.change(&lander, 4, &added);
    c.until(|d| {
        d.get(&uri(&lander))
            .is_some_and(|ds| ds.iter().any(|x| x["code"] == "PM108"))
    });
    c.change(&lander, 5, &original);
    c.until(|d| {
        d.get(&uri(&lander))
            .is_some_and(|ds| !ds.iter().any(|x| x["code"] == "PM108"))
    });

    // The new approval saved and committed: on save the server looks for the baselines again,
    // and what is typed after is held to the new approval.
    std::fs::write(&lander, &retyped).unwrap();
    git(&["commit", "-q", "-a", "-m", "approval of 2026-07-01"]);
    c.change(&lander, 6, &retyped);
    c.notify(
        "textDocument/didSave",
        json!({ "textDocument": { "uri": uri(&lander) } }),
    );
    let more = format!(
        "{retyped}
[[deliverable]]
id = \"crew-lock\"\ntitle = \"Crew lock\"\ndue = 2027-09-30\n"
    );
    c.change(&lander, 7, &more);
    c.until(|d| {
        d.get(&uri(&lander)).is_some_and(|ds| {
            ds.iter().any(|x| {
                x["code"] == "PM108" && x["message"].as_str().unwrap_or("").contains("crew-lock")
            })
        })
    });
    assert!(
        !c.diagnostics[&uri(&lander)]
            .iter()
            .any(|x| x["code"] == "PM108"
                && x["message"]
                    .as_str()
                    .unwrap_or("")
                    .contains("docking-adapter")),
        "docking-adapter is part of the new approval"
    );
    assert_eq!(c.stop(), Some(0));
}
