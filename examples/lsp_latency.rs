//! How long `pm lsp` takes to publish diagnostics after an edit, measured as an editor sees it.
//!
//! Starts `pm lsp --stdio`, opens the first project file of the program, then sends `didChange`
//! N times, alternating the file's own text and the same text with one untraced work item
//! appended (so every change moves a finding and the server must publish). Each latency is the
//! wall time from writing the change to reading the `publishDiagnostics` of that file. Prints the
//! median, the lowest and the highest latency, the server's mean CPU time per change (which a
//! busy machine does not inflate as it does wall time), and its peak resident memory (VmHWM).
//!
//!     cargo run --release --example lsp_latency -- PROGRAM_DIR [CHANGES]
//!
//! The pm binary is the one built next to this example (target/release/pm), or `$PM`.

use std::io::{BufRead, BufReader, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

fn fail(message: &str) -> ! {
    eprintln!("error: {message}");
    std::process::exit(2);
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

fn first_project(root: &Path) -> PathBuf {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(root.join("projects"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file() && e.path().extension().is_some_and(|x| x == "toml"))
        .map(walkdir::DirEntry::into_path)
        .collect();
    files.sort();
    files
        .into_iter()
        .next()
        .unwrap_or_else(|| fail("no project file under projects/"))
}

fn pm_binary() -> PathBuf {
    if let Some(p) = std::env::var_os("PM") {
        return PathBuf::from(p);
    }
    let exe = std::env::current_exe().unwrap_or_else(|e| fail(&format!("current_exe: {e}")));
    // target/release/examples/lsp_latency -> target/release/pm
    exe.parent()
        .and_then(Path::parent)
        .map(|d| d.join("pm"))
        .unwrap_or_else(|| fail("cannot find pm next to this example; set PM"))
}

fn write_message(w: &mut impl Write, v: &Value) {
    let body = v.to_string();
    let sent = write!(w, "Content-Length: {}\r\n\r\n{body}", body.len()).and_then(|()| w.flush());
    if let Err(e) = sent {
        fail(&format!("writing to pm lsp: {e}"));
    }
}

fn read_message(r: &mut impl BufRead) -> Option<Value> {
    let mut length = None;
    loop {
        let mut line = String::new();
        if r.read_line(&mut line).ok()? == 0 {
            return None;
        }
        let line = line.trim_end();
        if line.is_empty() {
            break;
        }
        if let Some(n) = line.strip_prefix("Content-Length:") {
            length = n.trim().parse::<usize>().ok();
        }
    }
    let mut body = vec![0; length?];
    r.read_exact(&mut body).ok()?;
    serde_json::from_slice(&body).ok()
}

/// CPU time (user + system) the process has used so far, from /proc.
fn cpu_time(pid: u32) -> Option<Duration> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // Fields after the command name, which is in parentheses and may hold spaces.
    let rest = &stat[stat.rfind(')')? + 2..];
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
    // The kernel counts in USER_HZ, 100 per second on Linux.
    Some(Duration::from_millis(ticks * 10))
}

fn peak_memory_kb(pid: u32) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

fn main() {
    let mut args = std::env::args_os().skip(1);
    let Some(root) = args.next().map(PathBuf::from) else {
        fail("usage: lsp_latency PROGRAM_DIR [CHANGES]");
    };
    let changes: usize = args
        .next()
        .map(|n| {
            n.to_string_lossy()
                .parse()
                .unwrap_or_else(|_| fail("CHANGES is a number"))
        })
        .unwrap_or(21);
    let root = root
        .canonicalize()
        .unwrap_or_else(|e| fail(&format!("{}: {e}", root.display())));
    let file = first_project(&root);
    let original = std::fs::read_to_string(&file)
        .unwrap_or_else(|e| fail(&format!("{}: {e}", file.display())));
    let changed = format!(
        "{original}\n[[work]]\nid = \"lsp-latency-probe\"\ntitle = \"Probe\"\ndeliverable = \"no-such-deliverable\"\n"
    );
    let file_uri = uri(&file);

    let mut child = Command::new(pm_binary())
        .args(["lsp", "--stdio"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| fail(&format!("starting pm lsp: {e}")));
    let pid = child.id();
    let mut stdin = child.stdin.take().unwrap_or_else(|| fail("no stdin"));
    let stdout = child.stdout.take().unwrap_or_else(|| fail("no stdout"));
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let mut r = BufReader::new(stdout);
        while let Some(m) = read_message(&mut r) {
            if tx.send((Instant::now(), m)).is_err() {
                return;
            }
        }
    });
    let patience = Duration::from_secs(600);
    let wait_for = |pred: &dyn Fn(&Value) -> bool| -> Instant {
        loop {
            match rx.recv_timeout(patience) {
                Ok((at, m)) if pred(&m) => return at,
                Ok(_) => {}
                Err(_) => fail("pm lsp stopped answering"),
            }
        }
    };
    // A publication of this file with the probe's finding, or without it.
    let published = |m: &Value, probe: bool| {
        m["method"] == "textDocument/publishDiagnostics"
            && m["params"]["uri"] == file_uri.as_str()
            && m["params"]["diagnostics"]
                .to_string()
                .contains("lsp-latency-probe")
                == probe
    };

    write_message(
        &mut stdin,
        &json!({"jsonrpc": "2.0", "id": 1, "method": "initialize",
                "params": {"processId": null, "rootUri": uri(&root), "capabilities": {}}}),
    );
    wait_for(&|m| m["id"] == 1);
    write_message(
        &mut stdin,
        &json!({"jsonrpc": "2.0", "method": "initialized", "params": {}}),
    );
    let opened = Instant::now();
    write_message(
        &mut stdin,
        &json!({"jsonrpc": "2.0", "method": "textDocument/didOpen",
                "params": {"textDocument": {"uri": file_uri, "languageId": "toml",
                                            "version": 1, "text": original}}}),
    );
    // Even changes add the probe's finding and odd ones take it away, so each change is done
    // when a publication with (or without) it arrives, whatever the open published.
    let mut latencies = Vec::with_capacity(changes);
    let mut first = None;
    let mut cpu_after_first = None;
    for i in 0..changes {
        let text = if i % 2 == 0 { &changed } else { &original };
        let sent = Instant::now();
        write_message(
            &mut stdin,
            &json!({"jsonrpc": "2.0", "method": "textDocument/didChange",
                    "params": {"textDocument": {"uri": file_uri, "version": i + 2},
                               "contentChanges": [{"text": text}]}}),
        );
        let at = wait_for(&|m| published(m, i % 2 == 0));
        if i == 0 {
            // The first publication after the open includes loading the whole program.
            first = Some(at - opened);
            cpu_after_first = cpu_time(pid);
        } else {
            latencies.push(at - sent);
        }
    }
    let memory = peak_memory_kb(pid);
    let cpu_changes = cpu_after_first
        .zip(cpu_time(pid))
        .map(|(a, b)| b.saturating_sub(a));
    write_message(
        &mut stdin,
        &json!({"jsonrpc": "2.0", "id": 2, "method": "shutdown"}),
    );
    wait_for(&|m| m["id"] == 2);
    write_message(&mut stdin, &json!({"jsonrpc": "2.0", "method": "exit"}));
    let _ = child.wait();

    if latencies.is_empty() {
        fail("CHANGES must be at least 2");
    }
    latencies.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!("file: {}", file.display());
    if let Some(f) = first {
        println!("open and first change: {:.1} ms", ms(f));
    }
    println!(
        "didChange to publishDiagnostics over {} changes: median {:.1} ms, lowest {:.1} ms, highest {:.1} ms",
        latencies.len(),
        ms(latencies[latencies.len() / 2]),
        ms(latencies[0]),
        ms(latencies[latencies.len() - 1])
    );
    if let Some(cpu) = cpu_changes {
        println!(
            "server CPU time per change (user + system, mean): {:.1} ms",
            ms(cpu) / latencies.len() as f64
        );
    }
    match memory {
        Some(kb) => println!("server peak memory: {:.0} MB", kb as f64 * 1024.0 / 1e6),
        None => println!("server peak memory: unknown (no /proc)"),
    }
}
