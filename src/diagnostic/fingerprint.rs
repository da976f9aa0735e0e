//! The identity of a finding across versions of a program (SPEC §9): a digest of its code, the
//! ids of what it is about (and, for a charter key, its name) and its dates. Lines, columns,
//! file order and message wording are left out, so a finding keeps its fingerprint when lines move or unrelated files change, and
//! `pm check --base`, `pm diff` and GitHub code scanning (which merges alerts by fingerprint)
//! can tell an old finding from a new one.
//!
//! A finding about several projects at once (an over-allocation, a deliverable in two scopes)
//! names them all, sorted, rather than the one it is shown in: which one that is depends on
//! the order of the files.
//!
//! A finding about no item at all (a file that is not valid TOML, an unknown key) is identified
//! by its file and the text it points at instead. Findings that would still share a digest (two
//! keyword matches on one work item) are told apart by their order among themselves, as GitHub's
//! own line hashes are.

use std::collections::HashMap;

use super::Diagnostic;

/// What a finding without a subject id is anchored to: its file (relative to the program root)
/// and the text at its location.
pub struct Anchor<'a> {
    pub file: &'a str,
    pub text: &'a str,
}

/// Gives every finding its fingerprint. `diags` must be in the order every output uses (file,
/// position, code), so that findings sharing a digest are numbered the same way on both sides
/// of a change.
pub fn assign<'a>(diags: &mut [Diagnostic], anchor: impl Fn(&Diagnostic) -> Anchor<'a>) {
    let mut seen: HashMap<u128, u32> = HashMap::new();
    for d in diags.iter_mut() {
        let base = digest(d, &anchor);
        let n = seen.entry(base).or_insert(0);
        let value = if *n == 0 {
            base
        } else {
            let mut h = Fnv::new();
            h.part("base", &format!("{base:032x}"));
            h.part("occurrence", &n.to_string());
            h.0
        };
        *n += 1;
        d.fingerprint = format!("{value:032x}");
    }
}

/// The digest of one finding, before findings that share it are numbered.
fn digest<'a>(d: &Diagnostic, anchor: &impl Fn(&Diagnostic) -> Anchor<'a>) -> u128 {
    let f = &d.facts;
    let mut h = Fnv::new();
    h.part("code", d.rule.code());
    let projects = f.projects.as_ref().map(|p| p.join(","));
    let subjects = [
        ("program", &f.program),
        (
            "project",
            if projects.is_some() {
                &projects
            } else {
                &f.project
            },
        ),
        ("person", &f.person),
        ("work", &f.work),
        ("deliverable", &f.deliverable),
        ("request", &f.request),
        ("benefit", &f.benefit),
        ("exclusion", &f.exclusion),
        ("change", &f.change),
        ("key", &f.key),
        ("dependency", &f.dependency),
    ];
    let mut any = false;
    for (key, value) in subjects {
        if let Some(v) = value {
            h.part(key, v);
            any = true;
        }
    }
    for (key, date) in [("from", f.from), ("to", f.to)] {
        if let Some(date) = date {
            h.part(key, &date.to_string());
        }
    }
    if !any {
        let at = anchor(d);
        h.part("file", at.file);
        h.part("text", &normalize(at.text));
    }
    h.0
}

/// The located text as a fingerprint takes it: blanks collapsed, at most [`ANCHOR_CHARS`]
/// characters, so re-indenting does not change it and a long span costs little.
fn normalize(text: &str) -> String {
    let mut out = String::new();
    for (i, word) in text.split_whitespace().enumerate() {
        if out.chars().count() >= ANCHOR_CHARS {
            break;
        }
        if i > 0 {
            out.push(' ');
        }
        out.push_str(word);
    }
    out.chars().take(ANCHOR_CHARS).collect()
}

const ANCHOR_CHARS: usize = 200;

/// 128-bit FNV-1a: stable across platforms, Rust releases and runs (unlike std's hashers),
/// which a fingerprint stored by GitHub or compared with another commit's needs. It is not a
/// defence against someone crafting collisions; a collision only hides one finding in a
/// `--base` comparison.
struct Fnv(u128);

impl Fnv {
    const OFFSET: u128 = 0x6c62_272e_07bb_0142_62b8_2175_6295_c58d;
    const PRIME: u128 = 0x0000_0000_0100_0000_0000_0000_0000_013b;

    fn new() -> Fnv {
        Fnv(Self::OFFSET)
    }

    fn bytes(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 ^= u128::from(b);
            self.0 = self.0.wrapping_mul(Self::PRIME);
        }
    }

    /// A labelled part; the separators keep `("ab", "c")` and `("a", "bc")` apart.
    fn part(&mut self, key: &str, value: &str) {
        self.bytes(key.as_bytes());
        self.bytes(&[0x1f]);
        self.bytes(value.as_bytes());
        self.bytes(&[0x1e]);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::{Loc, Rule, Span};

    fn over(person: &str, line_offset: u32) -> Diagnostic {
        let loc = Loc {
            span: Span {
                start: line_offset,
                end: line_offset + 4,
            },
            ..Loc::default()
        };
        Diagnostic::new(Rule::OverAllocation, loc, format!("{person} is over"))
            .project("lander")
            .person(person)
            .facts(|f| f.projects = Some(vec!["lander".into(), "suits".into()]))
    }

    fn fingerprints(mut diags: Vec<Diagnostic>) -> Vec<String> {
        assign(&mut diags, |_| Anchor {
            file: "projects/lander.toml",
            text: "[[assignment]]",
        });
        diags.into_iter().map(|d| d.fingerprint).collect()
    }

    #[test]
    fn known_digest_so_stored_fingerprints_stay_valid() {
        // Changing the digest would make every finding GitHub stored look new: this pins it.
        let fp = fingerprints(vec![over("priya", 0)]);
        assert_eq!(fp[0].len(), 32);
        assert_eq!(fp, fingerprints(vec![over("priya", 900)]));
        let mut h = Fnv::new();
        h.bytes(b"a");
        assert_eq!(h.0, 0xd228_cb69_6f1a_8caf_7891_2b70_4e4a_8964);
    }

    #[test]
    fn people_on_one_line_differ_and_messages_do_not_count() {
        let fp = fingerprints(vec![over("priya", 10), over("omar", 10)]);
        assert_ne!(fp[0], fp[1]);
        let mut reworded = over("priya", 10);
        reworded.message = "another wording".into();
        assert_eq!(fingerprints(vec![reworded])[0], fp[0]);
    }

    #[test]
    fn a_finding_shown_in_another_of_its_projects_is_the_same_finding() {
        let mut elsewhere = over("priya", 10);
        elsewhere.facts.project = Some("suits".into());
        assert_eq!(
            fingerprints(vec![elsewhere]),
            fingerprints(vec![over("priya", 10)])
        );
    }

    #[test]
    fn twins_are_numbered_and_the_first_keeps_its_digest() {
        let one = fingerprints(vec![over("priya", 10)]);
        let two = fingerprints(vec![over("priya", 10), over("priya", 50)]);
        assert_eq!(one[0], two[0]);
        assert_ne!(two[0], two[1]);
    }

    #[test]
    fn findings_about_no_item_are_told_apart_by_file_and_text() {
        let d = || Diagnostic::new(Rule::InvalidFile, Loc::default(), "unknown key");
        let at = |file: &'static str, text: &'static str| {
            let mut v = vec![d()];
            assign(&mut v, |_| Anchor { file, text });
            v.remove(0).fingerprint
        };
        assert_ne!(at("projects/a.toml", "foo"), at("projects/a.toml", "bar"));
        assert_ne!(at("projects/a.toml", "foo"), at("projects/b.toml", "foo"));
        assert_eq!(
            at("projects/a.toml", "foo =  1"),
            at("projects/a.toml", "foo = 1")
        );
    }
}
