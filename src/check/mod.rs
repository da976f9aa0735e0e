//! `pm check`: every rule runs over the loaded program and yields plain findings; nothing here
//! prints.

mod charter;
pub mod dependency;
mod portfolio;
mod program_rules;
mod resource;
mod scope_change;
mod structural;

pub use crate::diagnostic::{Diagnostic, Facts, Rule, Severity};
use crate::model::IdHash;
pub use scope_change::{NotChecked, not_checked};

use std::collections::HashMap;

use crate::diagnostic::FileId;
use crate::diagnostic::fingerprint::Anchor;
use crate::git::Baselines;
use crate::model::{Level, Person, Program};
use crate::store::{Loaded, Sources};

pub use portfolio::check as portfolio;

/// All findings of a program, sorted by file, line, column and code, with `[check.rules]` applied.
/// PM108 needs each approved project's baseline from Git and is left out: see [`check_against`].
pub fn check(loaded: &Loaded) -> Vec<Diagnostic> {
    check_against(loaded, &Baselines::default())
}

/// As [`check`], with PM108 comparing each approved project with its baseline (found in Git by
/// [`crate::git::Repo::baselines`] before the check, so the check itself reads nothing).
// Never inlined, so that a profile (bench/instructions.sh) finds the checking on this thread.
#[inline(never)]
pub fn check_against(loaded: &Loaded, baselines: &Baselines) -> Vec<Diagnostic> {
    let mut out = loaded.diagnostics.clone();
    out.extend(side_by_side(loaded, &FAMILIES, || load_rules(loaded)));
    finish_program(loaded, baselines, out)
}

/// As [`check_against`], keeping the findings of the rules that read one project in `memo`
/// and making them again only for the projects that need it (see [`Memo`]): the editor's
/// check after a keystroke, where one file of thousands changed. The findings are the same as
/// [`check_against`]'s.
pub fn check_remembering(
    loaded: &Loaded,
    baselines: &Baselines,
    memo: &mut Memo,
) -> Vec<Diagnostic> {
    memo.follow(loaded);
    let mut out = loaded.diagnostics.clone();
    let global: [Family; 2] = [global_rules, program_rules::check];
    out.extend(side_by_side(loaded, &global, || {
        // The load rules but those of one project, which the memo keeps.
        let loads = resource::loads(&[loaded]);
        let mut found = Vec::new();
        resource::requests_only(loaded, &loads, &mut found);
        resource::over_allocations(&loads, false, &mut found);
        memo.fill(loaded);
        for p in &loaded.projects {
            if let Some(kept) = memo.by_file.get(&p.file) {
                found.extend(kept.iter().cloned());
            }
        }
        found
    }));
    finish_program(loaded, baselines, out)
}

/// The findings of the per-project rules (charter, ids, ranges, references, and the load rules
/// of one project: PM203, PM204, PM206, PM207) of each project file, kept between checks of a
/// program that changes a file at a time. A project's are made again when its file changed,
/// when a file one of them points into changed (a work item that belongs to another project
/// points at that project's deliverable; an assignment outside a person's dates points at
/// them), or when what they read of the whole program changed: the projects' files, ids and
/// whether they are closed, their deliverables' ids, the program's benefits and its people's
/// entries.
#[derive(Default)]
pub struct Memo {
    context: Option<Context>,
    by_file: HashMap<FileId, Vec<Diagnostic>>,
}

impl Memo {
    /// The text of `file` changed.
    pub fn changed(&mut self, file: FileId) {
        self.by_file.remove(&file);
        self.by_file.retain(|_, found| {
            !found
                .iter()
                .any(|d| d.loc.file == file || d.secondary.iter().any(|(loc, _)| loc.file == file))
        });
    }

    /// The program was loaded again: file ids mean other files now.
    pub fn clear(&mut self) {
        self.context = None;
        self.by_file.clear();
    }

    /// Forgets everything when what the per-project rules read of the whole program changed.
    fn follow(&mut self, loaded: &Loaded) {
        if !self.context.as_ref().is_some_and(|c| c.is(loaded)) {
            self.by_file.clear();
            self.context = Some(Context::of(loaded));
        }
    }

    /// Makes the findings of every project that has none kept.
    fn fill(&mut self, loaded: &Loaded) {
        let missing: Vec<usize> = (0..loaded.projects.len())
            .filter(|&i| !self.by_file.contains_key(&loaded.projects[i].file))
            .collect();
        if missing.is_empty() {
            return;
        }
        let owners = charter::Owners::new(loaded);
        let known = structural::Known::new(loaded);
        let people = loaded
            .program
            .as_ref()
            .map(|p| (resource::people(p), p.file));
        for index in missing {
            let p = &loaded.projects[index];
            let mut found = Vec::new();
            charter::project(loaded, &owners, index, &mut found);
            structural::project(loaded, &known, p, &mut found);
            if let Some((people, file)) = &people {
                resource::project_rules(p, people, *file, &mut found);
            }
            self.by_file.insert(p.file, found);
        }
    }
}

/// What the per-project rules read beyond their own project (see [`Memo`]), kept whole and
/// compared exactly: a hash that collided would show stale findings.
#[derive(Default)]
struct Context {
    /// Per project: its file, its id, whether it is closed and its deliverables' ids.
    projects: Vec<(FileId, String, bool, Vec<String>)>,
    /// The program's people (their whole entries) and benefits, or `None` without a program.
    program: Option<(Vec<Person>, Vec<String>)>,
}

impl Context {
    fn of(loaded: &Loaded) -> Context {
        let ids = |items: &mut dyn Iterator<Item = &String>| items.cloned().collect::<Vec<_>>();
        Context {
            projects: loaded
                .projects
                .iter()
                .map(|p| {
                    (
                        p.file,
                        p.id.value.clone(),
                        p.status.value.is_closed(),
                        ids(&mut p.deliverables.iter().map(|d| &d.id.value)),
                    )
                })
                .collect(),
            program: loaded.program.as_ref().map(|program| {
                (
                    program.people.clone(),
                    ids(&mut program.benefits.iter().map(|b| &b.id.value)),
                )
            }),
        }
    }

    /// Whether `loaded` reads as this context, without copying it.
    fn is(&self, loaded: &Loaded) -> bool {
        let same = |kept: &[String], now: &mut dyn ExactSizeIterator<Item = &String>| {
            kept.len() == now.len() && kept.iter().zip(now).all(|(a, b)| a == b)
        };
        self.projects.len() == loaded.projects.len()
            && self.projects.iter().zip(&loaded.projects).all(
                |((file, id, closed, deliverables), p)| {
                    *file == p.file
                        && *id == p.id.value
                        && *closed == p.status.value.is_closed()
                        && same(
                            deliverables,
                            &mut p.deliverables.iter().map(|d| &d.id.value),
                        )
                },
            )
            && match (&self.program, &loaded.program) {
                (None, None) => true,
                (Some((people, benefits)), Some(program)) => {
                    people.len() == program.people.len()
                        && people
                            .iter()
                            .zip(&program.people)
                            .all(|(a, b)| a.same_entry(b) && a.file == b.file)
                        && same(benefits, &mut program.benefits.iter().map(|b| &b.id.value))
                }
                _ => false,
            }
    }
}

/// The rules of committed load (PM201-PM207), which read every project's assignments.
fn load_rules(loaded: &Loaded) -> Vec<Diagnostic> {
    let loads = resource::loads(&[loaded]);
    let mut found = Vec::new();
    resource::check(loaded, &loads, &mut found);
    resource::over_allocations(&loads, false, &mut found);
    found
}

/// What every check of a program ends with: PM108, the pool's findings, `[check.rules]`, the
/// order and the fingerprints.
fn finish_program(
    loaded: &Loaded,
    baselines: &Baselines,
    mut out: Vec<Diagnostic>,
) -> Vec<Diagnostic> {
    scope_change::check(loaded, baselines, &mut out);
    // Checked alone, a program of a portfolio reads the shared pool: what is wrong there is
    // wrong for it too.
    if loaded.portfolio.as_ref().is_some_and(|m| !m.together) {
        let pool: Vec<&Person> = loaded.pool().collect();
        structural::pool(&pool, &mut out);
    }
    configure(loaded.program.as_ref(), &mut out);
    finish(&mut out, &loaded.sources);
    out
}

/// Sorts findings the way every output lists them and gives each its fingerprint.
fn finish(out: &mut [Diagnostic], sources: &Sources) {
    sort(out, sources);
    crate::diagnostic::fingerprint::assign(out, |d| {
        let file = sources.get(d.loc.file);
        let (start, end) = (d.loc.span.start as usize, d.loc.span.end as usize);
        Anchor {
            file: &file.path,
            text: file.text.get(start..end.max(start)).unwrap_or_default(),
        }
    });
}

/// The families of rules that read the program and nothing else, each on a thread of its own,
/// while `here` (the load rules) runs on this one; they are joined in a fixed order and the
/// findings are sorted later, so the order they arrive in does not show.
fn side_by_side(
    loaded: &Loaded,
    families: &[Family],
    here: impl FnOnce() -> Vec<Diagnostic>,
) -> Vec<Diagnostic> {
    let (by_family, mut found) = each_family(families, |rules| family(loaded, rules), here);
    found.extend(by_family.into_iter().flatten());
    found
}

/// `each(family)` for every family, each on a thread of its own, while `here` runs on this one;
/// the results in the order of `families`.
pub(super) fn each_family<T: Send, H>(
    families: &[Family],
    each: impl Fn(Family) -> T + Sync,
    here: impl FnOnce() -> H,
) -> (Vec<T>, H) {
    let each = &each;
    std::thread::scope(|s| {
        let running: Vec<_> = families
            .iter()
            .map(|&rules| {
                let thread = std::thread::Builder::new()
                    .spawn_scoped(s, move || each(rules))
                    .ok();
                (rules, thread)
            })
            .collect();
        let here = here();
        let by_family = running
            .into_iter()
            .map(
                |(rules, thread)| match thread.map(std::thread::ScopedJoinHandle::join) {
                    Some(Ok(found)) => found,
                    // A rule that panicked on another thread panics here, as on this one.
                    Some(Err(panic)) => std::panic::resume_unwind(panic),
                    // No thread to be had: the same rules on this one.
                    None => each(rules),
                },
            )
            .collect();
        (by_family, here)
    })
}

/// The families of rules every check runs beside the load rules.
pub(super) const FAMILIES: [Family; 3] = [charter_rules, structural::check, program_rules::check];

fn charter_rules(loaded: &Loaded, out: &mut Vec<Diagnostic>) {
    charter::check(loaded, out);
    dependency::check(loaded, out);
}

/// What [`check_remembering`] runs on every check beside the load rules: the rules that read
/// more than one project.
fn global_rules(loaded: &Loaded, out: &mut Vec<Diagnostic>) {
    structural::global(loaded, out);
    dependency::check(loaded, out);
}

/// The findings of the dependency rules alone (PM109-PM111), configured like `pm check`'s:
/// what an edit of a dependency tells the user it leads to.
pub fn dependencies(loaded: &Loaded) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    dependency::check(loaded, &mut out);
    configure(loaded.program.as_ref(), &mut out);
    finish(&mut out, &loaded.sources);
    out
}

/// `[check.rules]`: each rule's level as the program sets it.
fn configure(program: Option<&Program>, out: &mut Vec<Diagnostic>) {
    if let Some(program) = program {
        for setting in &program.check.rules {
            match setting.level {
                Level::Off => out.retain(|d| d.rule != setting.rule),
                Level::Error => set_severity(out, setting.rule, Severity::Error),
                Level::Warn => set_severity(out, setting.rule, Severity::Warning),
            }
        }
    }
}

/// Loads and checks, all in memory, a program whose program.toml is `program` and whose one
/// project file, `projects/p.toml`, is `project`: the way in for the fuzz target, with the same
/// decoding and rules as `pm check` on a folder.
pub fn check_texts(program: &[u8], project: &[u8]) -> (Loaded, Vec<Diagnostic>) {
    let loaded = crate::store::load_texts(program, &[("projects/p.toml", project)]);
    let diags = check(&loaded);
    (loaded, diags)
}

/// A family of rules: the findings it makes of a loaded program.
pub(super) type Family = fn(&Loaded, &mut Vec<Diagnostic>);

/// The findings of one family of rules.
// Never inlined, so that a profile (bench/instructions.sh) can count the rules on every
// thread as one function.
#[inline(never)]
pub(super) fn family(loaded: &Loaded, rules: Family) -> Vec<Diagnostic> {
    let mut out = Vec::new();
    rules(loaded, &mut out);
    out
}

fn set_severity(diags: &mut [Diagnostic], rule: Rule, severity: Severity) {
    for d in diags.iter_mut().filter(|d| d.rule == rule) {
        d.severity = severity;
    }
}

/// The order every output uses: file path, position, code, then message for ties.
pub fn sort(diags: &mut [Diagnostic], sources: &Sources) {
    // Each file's place in path order, so that sorting compares numbers rather than paths.
    let mut by_path: Vec<usize> = (0..sources.len()).collect();
    by_path.sort_by(|&a, &b| file_path(sources, a).cmp(file_path(sources, b)));
    let mut rank = vec![0usize; sources.len()];
    for (place, &file) in by_path.iter().enumerate() {
        rank[file] = place;
    }
    let rank_of = |d: &Diagnostic| {
        rank.get(d.loc.file.0 as usize)
            .copied()
            .unwrap_or(usize::MAX)
    };
    diags.sort_by(|a, b| {
        rank_of(a)
            .cmp(&rank_of(b))
            .then(a.loc.span.start.cmp(&b.loc.span.start))
            .then(a.rule.code().cmp(b.rule.code()))
            .then(a.message.cmp(&b.message))
    });
}

fn file_path(sources: &Sources, index: usize) -> &str {
    sources.path(FileId(u32::try_from(index).unwrap_or(u32::MAX)))
}

/// Errors and warnings in a list of findings.
pub fn counts(diags: &[Diagnostic]) -> (usize, usize) {
    let errors = diags
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    (errors, diags.len() - errors)
}

/// How many names a message lists before it counts the rest.
const LISTED_NAMES: usize = 10;

/// "a, b, c" or, past [`LISTED_NAMES`], "a, b, … and 40 more": a message stays short
/// whatever the files hold.
pub(super) fn list_names<'a>(names: impl ExactSizeIterator<Item = &'a str>, sep: &str) -> String {
    let total = names.len();
    let shown: Vec<&str> = names.take(LISTED_NAMES).collect();
    match total - shown.len() {
        0 => shown.join(sep),
        more => format!("{} … and {more} more", shown.join(sep)),
    }
}
