//! `pm check`: every rule runs over the loaded program and yields plain findings; nothing here
//! prints.

mod charter;
mod program_rules;
mod resource;
mod scope_change;
mod structural;

pub use crate::diagnostic::{Diagnostic, Facts, Rule, Severity};
pub use scope_change::{NotChecked, not_checked};

use crate::diagnostic::fingerprint::Anchor;
use crate::git::Baselines;
use crate::model::Level;
use crate::store::{Loaded, Sources};

/// All findings of a program, sorted by file, line, column and code, with `[check.rules]` applied.
/// PM108 needs each approved project's baseline from Git and is left out: see [`check_against`].
pub fn check(loaded: &Loaded) -> Vec<Diagnostic> {
    check_against(loaded, &Baselines::default())
}

/// As [`check`], with PM108 comparing each approved project with its baseline (found in Git by
/// [`crate::git::Repo::baselines`] before the check, so the check itself reads nothing).
pub fn check_against(loaded: &Loaded, baselines: &Baselines) -> Vec<Diagnostic> {
    let mut out = loaded.diagnostics.clone();
    structural::check(loaded, &mut out);
    charter::check(loaded, &mut out);
    scope_change::check(loaded, baselines, &mut out);
    resource::check(loaded, &mut out);
    program_rules::check(loaded, &mut out);
    if let Some(program) = &loaded.program {
        for setting in &program.check.rules {
            match setting.level {
                Level::Off => out.retain(|d| d.rule != setting.rule),
                Level::Error => set_severity(&mut out, setting.rule, Severity::Error),
                Level::Warn => set_severity(&mut out, setting.rule, Severity::Warning),
            }
        }
    }
    sort(&mut out, &loaded.sources);
    crate::diagnostic::fingerprint::assign(&mut out, |d| {
        let file = loaded.sources.get(d.loc.file);
        let (start, end) = (d.loc.span.start as usize, d.loc.span.end as usize);
        Anchor {
            file: &file.path,
            text: file.text.get(start..end.max(start)).unwrap_or_default(),
        }
    });
    out
}

/// Loads and checks, all in memory, a program whose program.toml is `program` and whose one
/// project file, `projects/p.toml`, is `project`: the way in for the fuzz target, with the same
/// decoding and rules as `pm check` on a folder.
pub fn check_texts(program: &[u8], project: &[u8]) -> (Loaded, Vec<Diagnostic>) {
    let loaded = crate::store::load_texts(program, &[("projects/p.toml", project)]);
    let diags = check(&loaded);
    (loaded, diags)
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
