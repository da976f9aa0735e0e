//! Reading every file of a program into the typed model. A file that cannot be read or parsed
//! becomes a finding; the other files still load.

use std::path::{Path, PathBuf};

use super::decode::{decode_program, decode_project};
use super::discover::{PROGRAM_FILE, PROJECTS_DIR};
use super::{Sources, StoreError};
use crate::check::{Diagnostic, Rule, Severity};
use crate::model::{FileId, Loc, Program, Project, Span};

/// Files larger than this are refused as a finding rather than read into memory.
const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

#[derive(Debug)]
pub struct Loaded {
    pub root: PathBuf,
    pub sources: Sources,
    /// `None` when program.toml is not valid TOML (there is a PM001 finding for it).
    pub program: Option<Program>,
    /// Sorted by file path.
    pub projects: Vec<Project>,
    /// Findings of loading: unreadable, undecodable, or skipped files.
    pub diagnostics: Vec<Diagnostic>,
}

impl Loaded {
    pub fn project(&self, id: &str) -> Option<&Project> {
        self.projects.iter().find(|p| p.id.value == id)
    }
    pub fn program_id(&self) -> Option<&str> {
        self.program
            .as_ref()
            .map(|p| p.id.value.as_str())
            .filter(|s| !s.is_empty())
    }
}

/// A project file found under `projects/`, or a symbolic link that was not followed.
pub struct Found {
    pub rel: String,
    pub path: PathBuf,
    pub symlink: bool,
}

/// Every `*.toml` below `projects/`, sorted by relative path; hidden entries skipped.
pub fn project_files(root: &Path) -> Result<Vec<Found>, StoreError> {
    let dir = root.join(PROJECTS_DIR);
    if !dir.exists() {
        return Ok(Vec::new());
    }
    let mut out = Vec::new();
    let walker = walkdir::WalkDir::new(&dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'));
    for entry in walker {
        let entry = entry.map_err(|e| StoreError::Read {
            path: e
                .path()
                .map(|p| rel_path(root, p))
                .unwrap_or_else(|| PROJECTS_DIR.to_owned()),
            source: e
                .into_io_error()
                .unwrap_or_else(|| std::io::Error::other("file system loop")),
        })?;
        let name = entry.file_name().to_string_lossy();
        if !name.ends_with(".toml") {
            continue;
        }
        let ft = entry.file_type();
        if ft.is_file() || ft.is_symlink() {
            out.push(Found {
                rel: rel_path(root, entry.path()),
                path: entry.path().to_path_buf(),
                symlink: ft.is_symlink(),
            });
        }
    }
    out.sort_by(|a, b| a.rel.cmp(&b.rel));
    Ok(out)
}

fn rel_path(root: &Path, path: &Path) -> String {
    let rel = path.strip_prefix(root).unwrap_or(path);
    rel.components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

/// The text of a file. Not UTF-8 is `Ok(Err(text, offset))`: lossy text and where it went wrong.
pub fn read_text(path: &Path) -> std::io::Result<Result<String, (String, usize)>> {
    let meta = std::fs::metadata(path)?;
    if meta.len() > MAX_FILE_BYTES {
        return Err(std::io::Error::other(format!(
            "the file is {} MB, more than pm reads ({} MB)",
            meta.len() / 1_000_000,
            MAX_FILE_BYTES / 1_000_000
        )));
    }
    Ok(text_of(std::fs::read(path)?))
}

/// Bytes as text; not UTF-8 is `Err(text, offset)`: lossy text and where it went wrong.
pub(super) fn text_of(bytes: Vec<u8>) -> Result<String, (String, usize)> {
    match String::from_utf8(bytes) {
        Ok(s) => Ok(s),
        Err(e) => {
            let at = e.utf8_error().valid_up_to();
            Err((String::from_utf8_lossy(e.as_bytes()).into_owned(), at))
        }
    }
}

/// Reads and decodes one file; every problem is a finding located in that file.
fn load_one<T>(
    sources: &mut Sources,
    rel: String,
    path: &Path,
    decode: impl FnOnce(FileId, &str) -> (Option<T>, Vec<Diagnostic>),
) -> (Option<T>, Vec<Diagnostic>) {
    match read_text(path) {
        Ok(text) => decode_text(sources, rel, text, decode),
        Err(e) => {
            let file = sources.add(rel.clone(), String::new());
            let loc = Loc {
                file,
                span: Span::default(),
            };
            let d = Diagnostic::new(Rule::InvalidFile, loc, format!("cannot read {rel}: {e}"));
            (None, vec![d])
        }
    }
}

/// Decodes the text of one file (as [`read_text`] gives it); every problem is a finding.
pub(super) fn decode_text<T>(
    sources: &mut Sources,
    rel: String,
    text: Result<String, (String, usize)>,
    decode: impl FnOnce(FileId, &str) -> (Option<T>, Vec<Diagnostic>),
) -> (Option<T>, Vec<Diagnostic>) {
    match text {
        Ok(text) => {
            let file = sources.add(rel, text);
            decode(file, &sources.get(file).text)
        }
        Err((text, at)) => {
            let file = sources.add(rel, text);
            let lc = sources.get(file).line_col(at);
            let loc = Loc {
                file,
                span: Span::new(at, at),
            };
            let d = Diagnostic::new(
                    Rule::InvalidFile,
                    loc,
                    format!(
                        "the file is not UTF-8 text (invalid byte at line {}, column {}); save it as UTF-8",
                        lc.line, lc.column
                    ),
                )
                .label("not UTF-8");
            (None, vec![d])
        }
    }
}

/// Loads the program at `root`. Fails only when the program cannot be looked at at all.
pub fn load(root: &Path) -> Result<Loaded, StoreError> {
    let mut sources = Sources::default();
    let mut diagnostics = Vec::new();
    let (program, diags) = load_one(
        &mut sources,
        PROGRAM_FILE.to_owned(),
        &root.join(PROGRAM_FILE),
        decode_program,
    );
    diagnostics.extend(diags);
    let mut projects = Vec::new();
    for found in project_files(root)? {
        if found.symlink {
            let file = sources.add(found.rel.clone(), String::new());
            let loc = Loc {
                file,
                span: Span::default(),
            };
            diagnostics.push(
                Diagnostic::new(
                    Rule::InvalidFile,
                    loc,
                    format!(
                        "{} is a symbolic link; pm does not follow links, so it was skipped. Keep the project file itself under projects/",
                        found.rel
                    ),
                )
                .severity(Severity::Warning),
            );
            continue;
        }
        let stem = stem_of(&found.rel);
        let (project, diags) = load_one(&mut sources, found.rel, &found.path, |file, text| {
            decode_project(file, text, &stem)
        });
        diagnostics.extend(diags);
        projects.extend(project);
    }
    Ok(Loaded {
        root: root.to_path_buf(),
        sources,
        program,
        projects,
        diagnostics,
    })
}

/// The file stem of a project file's relative path: the id the project must have.
pub(super) fn stem_of(rel: &str) -> String {
    rel.rsplit('/')
        .next()
        .and_then(|n| n.strip_suffix(".toml"))
        .unwrap_or_default()
        .to_owned()
}
