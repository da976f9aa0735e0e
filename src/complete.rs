//! Dynamic shell completion: the candidates for the arguments that name something in the
//! program (projects, people, work as PROJECT/WORK, deliverables, benefits, requests, changes,
//! dependencies and what they wait on) and the rule codes. clap_complete calls these while the
//! shell completes a command line (the `COMPLETE=SHELL pm -- WORDS…` protocol the script of
//! `pm completions` uses); they read the program found the usual way: `-C` on that line, else
//! `PM_PROGRAM`, else upwards from the current folder. Anything that goes wrong gives no
//! candidates, never an error: a shell prompt is no place for one.

use std::collections::BTreeMap;
use std::ffi::OsString;
use std::path::PathBuf;

use clap_complete::engine::CompletionCandidate;

use crate::diagnostic::Rule;
use crate::store::{self, Loaded};

/// The `-C`/`--program` value on the command line being completed, if any.
fn program_on_line(words: &[OsString]) -> Option<PathBuf> {
    // The words the shell passes come after the `--` that ends pm's own arguments.
    let start = words.iter().position(|w| w == "--").map_or(0, |i| i + 1);
    let mut words = words[start..].iter().map(|w| w.to_string_lossy());
    let mut found = None;
    while let Some(w) = words.next() {
        if w == "-C" || w == "--program" {
            found = words.next().map(|v| PathBuf::from(v.as_ref()));
        } else if let Some(v) = w.strip_prefix("--program=") {
            found = Some(PathBuf::from(v));
        } else if let Some(v) = w.strip_prefix("-C").filter(|v| !v.is_empty()) {
            found = Some(PathBuf::from(v));
        }
    }
    found
}

fn load() -> Option<Loaded> {
    let words: Vec<OsString> = std::env::args_os().collect();
    let explicit = program_on_line(&words).or_else(|| {
        std::env::var_os("PM_PROGRAM")
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    });
    let cwd = std::env::current_dir().ok()?;
    let root = store::find_root(explicit.as_deref(), &cwd).ok()?;
    store::load(&root).ok()
}

fn candidate(value: &str, help: Option<&str>) -> CompletionCandidate {
    CompletionCandidate::new(value).help(help.map(|h| h.to_owned().into()))
}

/// One candidate per value, with the first help text seen; sorted by value.
fn unique(items: impl IntoIterator<Item = (String, Option<String>)>) -> Vec<CompletionCandidate> {
    let mut seen: BTreeMap<String, Option<String>> = BTreeMap::new();
    for (value, help) in items {
        seen.entry(value).or_insert(help);
    }
    seen.iter()
        .map(|(v, h)| candidate(v, h.as_deref()))
        .collect()
}

pub fn projects() -> Vec<CompletionCandidate> {
    let Some(loaded) = load() else {
        return Vec::new();
    };
    unique(
        loaded
            .projects
            .iter()
            .map(|p| (p.id.value.clone(), Some(p.name.clone()))),
    )
}

pub fn people() -> Vec<CompletionCandidate> {
    let Some(program) = load().and_then(|l| l.program) else {
        return Vec::new();
    };
    unique(
        program
            .people
            .iter()
            .map(|p| (p.id.value.clone(), p.name.clone())),
    )
}

pub fn benefits() -> Vec<CompletionCandidate> {
    let Some(program) = load().and_then(|l| l.program) else {
        return Vec::new();
    };
    unique(
        program
            .benefits
            .iter()
            .map(|b| (b.id.value.clone(), b.title.clone())),
    )
}

/// Work items as PROJECT/WORK.
pub fn work() -> Vec<CompletionCandidate> {
    let Some(loaded) = load() else {
        return Vec::new();
    };
    unique(loaded.projects.iter().flat_map(|p| {
        p.work.iter().map(move |w| {
            (
                format!("{}/{}", p.id.value, w.id.value),
                Some(w.title.value.clone()),
            )
        })
    }))
}

/// Deliverables of every project (the one a command is about is not known here).
pub fn deliverables() -> Vec<CompletionCandidate> {
    let Some(loaded) = load() else {
        return Vec::new();
    };
    unique(loaded.projects.iter().flat_map(|p| {
        p.deliverables.iter().map(move |d| {
            let title = d.title.as_deref().unwrap_or(&d.id.value);
            (
                d.id.value.clone(),
                Some(format!("{title} ({})", p.id.value)),
            )
        })
    }))
}

/// Staffing requests as PROJECT/REQUEST.
pub fn requests() -> Vec<CompletionCandidate> {
    let Some(loaded) = load() else {
        return Vec::new();
    };
    unique(loaded.projects.iter().flat_map(|p| {
        p.requests.iter().map(move |r| {
            (
                format!("{}/{}", p.id.value, r.id.value),
                Some(r.skills.join(", ")),
            )
        })
    }))
}

/// Change requests as PROJECT/CHANGE.
pub fn changes() -> Vec<CompletionCandidate> {
    let Some(loaded) = load() else {
        return Vec::new();
    };
    unique(loaded.projects.iter().flat_map(|p| {
        p.changes.iter().map(move |c| {
            (
                format!("{}/{}", p.id.value, c.id.value),
                Some(format!("{} ({})", c.title, c.status.value.as_str())),
            )
        })
    }))
}

/// Deliverables as PROJECT/DELIVERABLE, what a dependency waits on.
pub fn targets() -> Vec<CompletionCandidate> {
    let Some(loaded) = load() else {
        return Vec::new();
    };
    unique(loaded.projects.iter().flat_map(|p| {
        p.deliverables.iter().map(move |d| {
            let title = d.title.as_deref().unwrap_or(&d.id.value);
            let due = d
                .due
                .as_ref()
                .map(|d| format!(", due {}", d.value))
                .unwrap_or_default();
            (
                format!("{}/{}", p.id.value, d.id.value),
                Some(format!("{title}{due}")),
            )
        })
    }))
}

/// Dependencies as PROJECT/ID.
pub fn dependencies() -> Vec<CompletionCandidate> {
    let Some(loaded) = load() else {
        return Vec::new();
    };
    unique(loaded.projects.iter().flat_map(|p| {
        p.dependencies.iter().map(move |d| {
            (
                format!("{}/{}", p.id.value, d.id.value),
                Some(format!(
                    "on {}, needed by {}",
                    d.on.value, d.needed_by.value
                )),
            )
        })
    }))
}

/// Rule codes and names, for `pm check --explain`; needs no program.
pub fn rules() -> Vec<CompletionCandidate> {
    Rule::ALL
        .iter()
        .flat_map(|r| {
            [
                candidate(r.code(), Some(r.name())),
                candidate(r.name(), Some(r.code())),
            ]
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn words(line: &[&str]) -> Vec<OsString> {
        line.iter().map(OsString::from).collect()
    }

    #[test]
    fn the_program_is_read_from_the_line_being_completed() {
        let line = |l: &[&str]| program_on_line(&words(l));
        assert_eq!(
            line(&["pm", "--", "pm", "-C", "a", "project", "show", ""]),
            Some("a".into())
        );
        assert_eq!(
            line(&["pm", "--", "pm", "--program=b", "check"]),
            Some("b".into())
        );
        assert_eq!(line(&["pm", "--", "pm", "-Cc", "check"]), Some("c".into()));
        assert_eq!(line(&["pm", "--", "pm", "project", "show", ""]), None);
        // pm's own arguments before `--` are not the user's.
        assert_eq!(line(&["pm", "-C", "x", "--", "pm", "check"]), None);
    }
}
