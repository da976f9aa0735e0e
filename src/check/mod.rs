//! `pm check`: every rule runs over the loaded program and yields plain findings; nothing here
//! prints.

mod charter;
pub mod dependency;
mod id_hash;
mod portfolio;
mod program_rules;
mod resource;
mod scope_change;
mod structural;

pub use crate::diagnostic::{Diagnostic, Facts, Rule, Severity};
use id_hash::IdHash;
pub use scope_change::{NotChecked, not_checked};

use crate::diagnostic::fingerprint::Anchor;
use crate::git::Baselines;
use crate::load::Loads;
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
pub fn check_against(loaded: &Loaded, baselines: &Baselines) -> Vec<Diagnostic> {
    let mut out = loaded.diagnostics.clone();
    out.extend(side_by_side(loaded, || {
        let loads = resource::loads(&[loaded]);
        let mut found = Vec::new();
        resource::check(loaded, &loads, &mut found);
        resource::over_allocations(&loads, false, &mut found);
        found
    }));
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

/// Every rule of one program but the over-allocations (PM201, PM202), which `loads` may count
/// across the programs of a portfolio.
fn program(loaded: &Loaded, loads: &Loads<'_>, out: &mut Vec<Diagnostic>) {
    out.extend(side_by_side(loaded, || {
        let mut found = Vec::new();
        resource::check(loaded, loads, &mut found);
        found
    }));
}

/// The families of rules that read the program and nothing else, each on a thread of its own,
/// while `here` (the load rules) runs on this one; they are joined in a fixed order and the
/// findings are sorted later, so the order they arrive in does not show.
fn side_by_side(loaded: &Loaded, here: impl FnOnce() -> Vec<Diagnostic>) -> Vec<Diagnostic> {
    let families: [Family; 3] = [charter_rules, structural::check, program_rules::check];
    std::thread::scope(|s| {
        let running: Vec<_> = families
            .iter()
            .map(|&rules| {
                let thread = std::thread::Builder::new()
                    .spawn_scoped(s, move || family(loaded, rules))
                    .ok();
                (rules, thread)
            })
            .collect();
        let mut found = here();
        for (rules, thread) in running {
            match thread.map(std::thread::ScopedJoinHandle::join) {
                Some(Ok(more)) => found.extend(more),
                // A rule that panicked on another thread panics here, as on this one.
                Some(Err(panic)) => std::panic::resume_unwind(panic),
                // No thread to be had: the same rules on this one.
                None => rules(loaded, &mut found),
            }
        }
        found
    })
}

fn charter_rules(loaded: &Loaded, out: &mut Vec<Diagnostic>) {
    charter::check(loaded, out);
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
type Family = fn(&Loaded, &mut Vec<Diagnostic>);

/// The findings of one family of rules.
// Never inlined, so that a profile (bench/instructions.sh) can count the rules on every
// thread as one function.
#[inline(never)]
fn family(loaded: &Loaded, rules: Family) -> Vec<Diagnostic> {
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
    diags.sort_by(|a, b| {
        sources
            .path(a.loc.file)
            .cmp(sources.path(b.loc.file))
            .then(a.loc.span.start.cmp(&b.loc.span.start))
            .then(a.rule.code().cmp(b.rule.code()))
            .then(a.message.cmp(&b.message))
    });
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
