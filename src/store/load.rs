//! Reading every file of a program into the typed model. A file that cannot be read or parsed
//! becomes a finding; the other files still load.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use super::decode::{decode_portfolio, decode_program, decode_project};
use super::discover::{PROGRAM_FILE, PROJECTS_DIR};
use super::{SourceFile, Sources, StoreError, Tree};
use crate::diagnostic::{Diagnostic, Rule, Severity};
use crate::model::{FileId, Loc, Person, Portfolio, Program, Project, Span};

/// Files larger than this are refused as a finding rather than read into memory.
const MAX_FILE_BYTES: u64 = 256 * 1024 * 1024;

#[derive(Debug)]
pub struct Loaded {
    pub root: PathBuf,
    /// Every file read, the program's and (in a portfolio) the other programs' too: file ids
    /// are the same in every program of a portfolio.
    pub sources: Sources,
    /// `None` when program.toml is not valid TOML (there is a PM001 finding for it). In a
    /// portfolio its `people` start with the shared pool (each person knows its file).
    pub program: Option<Program>,
    /// Sorted by file path.
    pub projects: Vec<Project>,
    /// Findings of loading: unreadable, undecodable, or skipped files.
    pub diagnostics: Vec<Diagnostic>,
    /// The portfolio the program is part of, when there is one.
    pub portfolio: Option<Membership>,
}

/// How a program belongs to a portfolio.
#[derive(Debug, Clone)]
pub struct Membership {
    /// The portfolio's id (empty when portfolio.toml could not be read).
    pub id: String,
    /// portfolio.toml: its file id, and its path relative to the program root.
    pub file: FileId,
    pub rel: String,
    /// Loaded with the whole portfolio, rather than alone.
    pub together: bool,
    /// What findings and reports of the portfolio call the program: its id, else its folder.
    pub program: String,
}

impl Loaded {
    /// The program's own people, without the portfolio's shared pool.
    pub fn own_people(&self) -> impl Iterator<Item = &Person> {
        self.program
            .iter()
            .flat_map(|p| p.people.iter().filter(move |person| person.file == p.file))
    }

    /// The shared pool of the portfolio, as the program sees it.
    pub fn pool(&self) -> impl Iterator<Item = &Person> {
        self.program
            .iter()
            .flat_map(|p| p.people.iter().filter(move |person| person.file != p.file))
    }

    pub fn project(&self, id: &str) -> Option<&Project> {
        self.projects.iter().find(|p| p.id.value == id)
    }
    /// Decodes `text` as the file `rel` of the program and puts it in place of what was loaded
    /// from it: the editor server's way to follow a buffer without loading every file again.
    /// `false` when `rel` is not a file of this program (a new file: load again).
    pub fn update(&mut self, rel: &str, text: &[u8]) -> bool {
        let Some(file) = self.sources.find(rel) else {
            return false;
        };
        // The shared pool is in every program's people: load again.
        if self.portfolio.as_ref().is_some_and(|m| m.file == file) {
            return false;
        }
        let text = text_of(text.to_vec());
        let decoded = if rel == PROGRAM_FILE {
            decode_text(file, rel.to_owned(), text, program_item)
        } else {
            decode_text(file, rel.to_owned(), text, project_item(stem_of(rel)))
        };
        self.sources.replace(file, decoded.text);
        self.diagnostics.retain(|d| d.loc.file != file);
        self.diagnostics.extend(decoded.diagnostics);
        let at = self.projects.partition_point(|p| p.file < file);
        let here = self.projects.get(at).is_some_and(|p| p.file == file);
        match decoded.item {
            Some(Item::Program(mut p)) => {
                let pool: Vec<Person> = self.pool().cloned().collect();
                let own = std::mem::take(&mut p.people);
                p.people = pool;
                p.people.extend(own);
                self.program = Some(p);
            }
            Some(Item::Project(p)) if here => self.projects[at] = p,
            Some(Item::Project(p)) => self.projects.insert(at, p),
            None if rel == PROGRAM_FILE => self.program = None,
            None if here => {
                self.projects.remove(at);
            }
            Some(Item::Portfolio(_)) | None => {}
        }
        true
    }

    /// The program's name in findings and reports: its id, or in a portfolio its folder when
    /// it has no id.
    pub fn name(&self) -> &str {
        match (&self.portfolio, self.program_id()) {
            (Some(m), _) if m.together => &m.program,
            (_, Some(id)) => id,
            _ => "",
        }
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
    match std::fs::symlink_metadata(&dir) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(source) => {
            return Err(StoreError::Read {
                path: PROJECTS_DIR.to_owned(),
                source,
            });
        }
        // Not followed: the loader warns about the link itself, and nothing is read through it.
        Ok(m) if m.file_type().is_symlink() => {
            return Ok(vec![Found {
                rel: PROJECTS_DIR.to_owned(),
                path: dir,
                symlink: true,
            }]);
        }
        Ok(m) if !m.is_dir() => return Err(StoreError::ProjectsNotAFolder { path: dir }),
        Ok(_) => {}
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
    // One open serves both the size check and the read, saving a path lookup per file.
    let mut file = std::fs::File::open(path)?;
    let len = file.metadata()?.len();
    if len > MAX_FILE_BYTES {
        return Err(std::io::Error::other(format!(
            "the file is {} MB, more than pm reads ({} MB)",
            len / 1_000_000,
            MAX_FILE_BYTES / 1_000_000
        )));
    }
    let mut bytes = Vec::with_capacity(usize::try_from(len).unwrap_or(0).saturating_add(1));
    file.read_to_end(&mut bytes)?;
    Ok(text_of(bytes))
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

/// One file read and decoded, before it joins [`Sources`]: its text is kept to show findings.
pub(super) struct Decoded {
    pub(super) rel: String,
    pub(super) text: String,
    pub(super) item: Option<Item>,
    pub(super) diagnostics: Vec<Diagnostic>,
}

// Each item is moved once, from its decoding thread into `Loaded`; boxing the larger variant
// would cost an allocation per project file to save a few hundred bytes for a moment.
#[allow(clippy::large_enum_variant)]
pub(super) enum Item {
    Program(Program),
    Project(Project),
    Portfolio(Portfolio),
}

/// Decodes program.toml's text into an [`Item`].
pub(super) fn program_item(file: FileId, text: &str) -> (Option<Item>, Vec<Diagnostic>) {
    let (program, diags) = decode_program(file, text);
    (program.map(Item::Program), diags)
}

/// Decodes a project file's text into an [`Item`]; `stem` is the id its file name gives.
pub(super) fn project_item(
    stem: &str,
) -> impl FnOnce(FileId, &str) -> (Option<Item>, Vec<Diagnostic>) {
    move |file, text| {
        let (project, diags) = decode_project(file, text, stem);
        (project.map(Item::Project), diags)
    }
}

/// Decodes portfolio.toml's text into an [`Item`].
pub(super) fn portfolio_item(file: FileId, text: &str) -> (Option<Item>, Vec<Diagnostic>) {
    let (portfolio, diags) = decode_portfolio(file, text);
    (portfolio.map(Item::Portfolio), diags)
}

/// A file to load: program.toml, an entry found under projects/, or portfolio.toml; read
/// through `tree`, and named `prefix` + its path in the tree.
pub(super) struct Job<'t> {
    pub(super) tree: &'t Tree,
    pub(super) prefix: &'t str,
    pub(super) kind: JobKind,
}

pub(super) enum JobKind {
    Program,
    Project(Found),
    /// At this path relative to the tree's root.
    Portfolio(String),
}

/// Reads and decodes one file; every problem is a finding located in that file.
fn load_one(
    tree: &Tree,
    file: FileId,
    (read, rel): (&str, String),
    decode: impl FnOnce(FileId, &str) -> (Option<Item>, Vec<Diagnostic>),
) -> Decoded {
    match tree.read(read) {
        Ok(text) => decode_text(file, rel, text, decode),
        Err(e) => {
            let loc = Loc {
                file,
                span: Span::default(),
            };
            let d = Diagnostic::new(Rule::InvalidFile, loc, format!("cannot read {rel}: {e}"));
            Decoded {
                rel,
                text: String::new(),
                item: None,
                diagnostics: vec![d],
            }
        }
    }
}

/// Decodes the text of one file (as [`read_text`] or [`text_of`] give it); every problem is a
/// finding located in that file.
pub(super) fn decode_text(
    file: FileId,
    rel: String,
    text: Result<String, (String, usize)>,
    decode: impl FnOnce(FileId, &str) -> (Option<Item>, Vec<Diagnostic>),
) -> Decoded {
    match text {
        Ok(text) => {
            let (item, diagnostics) = decode(file, &text);
            Decoded {
                rel,
                text,
                item,
                diagnostics,
            }
        }
        Err((text, at)) => {
            let source = SourceFile::new(rel, text);
            let lc = source.line_col(at);
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
            Decoded {
                rel: source.path,
                text: source.text,
                item: None,
                diagnostics: vec![d],
            }
        }
    }
}

/// The file stem of a project file's relative path: the id the project must have.
pub(super) fn stem_of(rel: &str) -> &str {
    rel.rsplit('/')
        .next()
        .and_then(|n| n.strip_suffix(".toml"))
        .unwrap_or_default()
}

fn run_job(file: FileId, job: &Job<'_>) -> Decoded {
    let (tree, prefix) = (job.tree, job.prefix);
    match &job.kind {
        JobKind::Program => load_one(
            tree,
            file,
            (PROGRAM_FILE, format!("{prefix}{PROGRAM_FILE}")),
            program_item,
        ),
        JobKind::Portfolio(rel) => {
            load_one(tree, file, (rel, format!("{prefix}{rel}")), portfolio_item)
        }
        JobKind::Project(found) if found.symlink => {
            let loc = Loc {
                file,
                span: Span::default(),
            };
            let message = if found.rel == PROJECTS_DIR {
                format!(
                    "{PROJECTS_DIR} is a symbolic link; pm does not follow links, so no project file was read. Make {PROJECTS_DIR}/ a real folder in the program"
                )
            } else {
                format!(
                    "{} is a symbolic link; pm does not follow links, so it was skipped. Keep the project file itself under {PROJECTS_DIR}/",
                    found.rel
                )
            };
            let d = Diagnostic::new(Rule::InvalidFile, loc, message).severity(Severity::Warning);
            Decoded {
                rel: format!("{prefix}{}", found.rel),
                text: String::new(),
                item: None,
                diagnostics: vec![d],
            }
        }
        JobKind::Project(found) => load_one(
            tree,
            file,
            (&found.rel, format!("{prefix}{}", found.rel)),
            project_item(stem_of(&found.rel)),
        ),
    }
}

/// Runs every job, on as many threads as the machine has cores, and returns the results in
/// job order whichever thread finished first. Job `i` reads file id `first + i`.
pub(super) fn run_jobs(jobs: &[Job<'_>], first: usize) -> Vec<Decoded> {
    let file_id = |i: usize| FileId(u32::try_from(first + i).unwrap_or(u32::MAX));
    let threads = std::thread::available_parallelism()
        .map(|n| n.get())
        .unwrap_or(1)
        .min(jobs.len());
    if threads <= 1 {
        return jobs
            .iter()
            .enumerate()
            .map(|(i, job)| run_job(file_id(i), job))
            .collect();
    }
    // Files differ in size, so threads take the next file as they free up rather than a fixed
    // share each.
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        loop {
            let i = next.fetch_add(1, Ordering::Relaxed);
            let Some(job) = jobs.get(i) else { break };
            done.push((i, run_job(file_id(i), job)));
        }
        done
    };
    let batches: Vec<Vec<(usize, Decoded)>> = std::thread::scope(|scope| {
        let helpers: Vec<_> = (1..threads).map(|_| scope.spawn(work)).collect();
        let mut batches = vec![work()];
        for h in helpers {
            batches.push(h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)));
        }
        batches
    });
    let mut slots: Vec<Option<Decoded>> =
        std::iter::repeat_with(|| None).take(jobs.len()).collect();
    for (i, decoded) in batches.into_iter().flatten() {
        slots[i] = Some(decoded);
    }
    slots.into_iter().flatten().collect()
}

/// Loads the program at `root`. Fails only when the program cannot be looked at at all.
///
/// Files are decoded in parallel; the result is the same as decoding them one by one in path
/// order: program.toml is file 0 and the project files follow sorted by path.
pub fn load(root: &Path) -> Result<Loaded, StoreError> {
    load_tree(&Tree::on_disk(root))
}

/// Loads the program a [`Tree`] holds, as [`load`] loads a folder, with the shared pool of the
/// portfolio the tree names (its portfolio.toml is the last file).
pub fn load_tree(tree: &Tree) -> Result<Loaded, StoreError> {
    let mut jobs = program_jobs(tree, "")?;
    if let Some(rel) = tree.portfolio() {
        jobs.push(Job {
            tree,
            prefix: "",
            kind: JobKind::Portfolio(rel.to_owned()),
        });
    }
    let mut decoded = run_jobs(&jobs, 0);
    let portfolio = match tree.portfolio() {
        Some(rel) => decoded.pop().map(|d| (d, rel.to_owned())),
        None => None,
    };
    let mut sources = Sources::default();
    let mut loaded = assemble(tree.root().to_path_buf(), decoded, &mut sources);
    if let Some((decoded, rel)) = portfolio {
        let file = FileId(u32::try_from(sources.len()).unwrap_or(u32::MAX));
        sources.add(decoded.rel, decoded.text);
        loaded.diagnostics.extend(decoded.diagnostics);
        let pool = match decoded.item {
            Some(Item::Portfolio(p)) => Some(p),
            _ => None,
        };
        join_pool(&mut loaded, pool.as_ref());
        loaded.portfolio = Some(Membership {
            id: pool.map(|p| p.id.value).unwrap_or_default(),
            file,
            rel,
            together: false,
            program: loaded.program_id().unwrap_or_default().to_owned(),
        });
    }
    loaded.sources = sources;
    Ok(loaded)
}

/// The jobs of one program: its program.toml, then its project files in path order.
pub(super) fn program_jobs<'t>(
    tree: &'t Tree,
    prefix: &'t str,
) -> Result<Vec<Job<'t>>, StoreError> {
    let mut jobs = vec![Job {
        tree,
        prefix,
        kind: JobKind::Program,
    }];
    jobs.extend(tree.project_files()?.into_iter().map(|found| Job {
        tree,
        prefix,
        kind: JobKind::Project(found),
    }));
    Ok(jobs)
}

/// The shared pool goes before the program's own people: one of them that the program
/// declares again is the second, and reported as a duplicate.
pub(super) fn join_pool(loaded: &mut Loaded, pool: Option<&Portfolio>) {
    let (Some(program), Some(pool)) = (loaded.program.as_mut(), pool) else {
        return;
    };
    if pool.people.is_empty() {
        return;
    }
    let own = std::mem::take(&mut program.people);
    program.people = pool.people.clone();
    program.people.extend(own);
}

/// The loaded program from its decoded files, in file-id order: their texts are added to
/// `sources` and their findings to the program's.
pub(super) fn assemble(root: PathBuf, files: Vec<Decoded>, sources: &mut Sources) -> Loaded {
    let mut program = None;
    let mut projects = Vec::with_capacity(files.len().saturating_sub(1));
    let mut diagnostics = Vec::new();
    for decoded in files {
        sources.add(decoded.rel, decoded.text);
        diagnostics.extend(decoded.diagnostics);
        match decoded.item {
            Some(Item::Program(p)) => program = Some(p),
            Some(Item::Project(p)) => projects.push(p),
            Some(Item::Portfolio(_)) | None => {}
        }
    }
    Loaded {
        root,
        sources: Sources::default(),
        program,
        projects,
        diagnostics,
        portfolio: None,
    }
}
