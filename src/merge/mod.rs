//! Three-way merge of a program file, item by item (SPEC §10): what `pm merge-driver` does for
//! Git. Items are matched by identity (a table by name, a `[[kind]]` by `id`, an assignment by
//! person and `from`), and inside an item changed on both sides, keys by name; so two branches
//! that add items, or change different keys of one item, merge cleanly. A real conflict (one
//! key changed two ways, one id added twice with different content, an item changed on one
//! side and removed on the other) puts conflict markers around that item alone.
//!
//! The merge works on the bytes of the three versions: every item and key is copied from the
//! version it comes from, so what neither side touched is left as it was, comments included.
//! A file it cannot cut into items is not merged here at all: the caller leaves it to Git's
//! line merge, so no side is ever lost.

mod split;

use std::collections::{HashMap, HashSet};
use std::hash::Hash;

use crate::model::IdHash;

use split::Piece;
pub use split::Uncuttable;

/// The merged text and how many items conflict (0: a clean merge).
#[derive(Debug, Clone, PartialEq)]
pub struct Merged {
    pub text: String,
    pub conflicts: usize,
}

/// The marker lines of a conflict, as Git writes them.
const OURS: &str = "<<<<<<< ours";
const SEPARATOR: &str = "=======";
const THEIRS: &str = ">>>>>>> theirs";

/// Merges `ours` and `theirs`, both descended from `base`. An error when one of the three
/// cannot be read as TOML or cut into items (the caller then uses a line merge).
pub fn merge(base: &str, ours: &str, theirs: &str) -> Result<Merged, Uncuttable> {
    // The three versions are read side by side: a large file is mostly reading.
    let read = |name: &str, text: &str| -> Result<split::File, Uncuttable> {
        if !reads_as_toml(text) {
            return Err(Uncuttable(format!("the {name} version is not valid TOML")));
        }
        split::cut(text)
    };
    let (b, o, t) = std::thread::scope(|s| {
        let background = |name: &'static str, text| {
            std::thread::Builder::new()
                .spawn_scoped(s, move || read(name, text))
                .ok()
        };
        let (b_thread, o_thread) = (background("base", base), background("ours", ours));
        let t = read("theirs", theirs);
        // Joined here; without a thread to be had, read here.
        let join = |thread: Option<std::thread::ScopedJoinHandle<'_, _>>, name, text| match thread {
            Some(h) => h
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            None => read(name, text),
        };
        (
            join(b_thread, "base", base),
            join(o_thread, "ours", ours),
            t,
        )
    });
    let (b, o, t) = (b?, o?, t?);
    let newline = if ours.contains("\r\n") { "\r\n" } else { "\n" };
    let mut out = Out {
        text: String::new(),
        conflicts: 0,
        newline,
    };
    for (key, choice) in sequence(&b.items, &o.items, &t.items) {
        match choice {
            Choice::Take(text) => out.push(&text),
            Choice::Both { ours, theirs } => match both_changed(
                b.items
                    .iter()
                    .find(|i| i.key == key)
                    .map(|i| i.text.as_str()),
                &ours,
                &theirs,
            )? {
                Some(text) => out.push(&text),
                None => out.conflict(&ours, &theirs),
            },
        }
    }
    // What follows the last item: comments at the end of the file.
    match three(Some(&b.end), Some(&o.end), Some(&t.end)) {
        Some(Choice::Take(text)) => out.push(&text),
        // Both changed the closing comments: ours, which is no item of the program.
        _ => out.push(&o.end),
    }
    let merged = Merged {
        text: out.text,
        conflicts: out.conflicts,
    };
    if merged.conflicts == 0 && !crate::store::is_toml(&merged.text) {
        return Err(Uncuttable("the merged items do not read as TOML".into()));
    }
    Ok(merged)
}

/// Whether `text` is TOML by its syntax, read without building anything: the inputs only need
/// to be safe to cut into items, and the merged text is then read whole by the checker's parser
/// ([`crate::store::is_toml`]), which also sees a key written twice or a string that does not
/// decode.
fn reads_as_toml(text: &str) -> bool {
    struct Failed(bool);
    impl toml_parser::ErrorSink for Failed {
        fn report_error(&mut self, _: toml_parser::ParseError) {
            self.0 = true;
        }
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let tokens = toml_parser::Source::new(text).lex().into_vec();
    let mut failed = Failed(false);
    // Nesting deeper than any program file is refused rather than followed down the stack.
    let mut events = ();
    let mut guard = toml_parser::parser::RecursionGuard::new(&mut events, 128);
    toml_parser::parser::parse_document(&tokens, &mut guard, &mut failed);
    !failed.0
}

/// An item changed differently on both sides: merged key by key when both sides still have it
/// and no key changed two ways; `None` is a conflict.
fn both_changed(
    base: Option<&str>,
    ours: &str,
    theirs: &str,
) -> Result<Option<String>, Uncuttable> {
    let Some(base) = base else {
        return Ok(None);
    };
    if ours.is_empty() || theirs.is_empty() {
        return Ok(None);
    }
    let (b, o, t) = (
        split::entries(base)?,
        split::entries(ours)?,
        split::entries(theirs)?,
    );
    let mut text = String::new();
    for (_, choice) in sequence(&b, &o, &t) {
        match choice {
            Choice::Take(s) => {
                if !text.is_empty() && !text.ends_with('\n') {
                    text.push('\n');
                }
                text.push_str(&s);
            }
            Choice::Both { .. } => return Ok(None),
        }
    }
    Ok(Some(text))
}

/// What to write for one piece.
#[derive(Debug, Clone, PartialEq)]
enum Choice {
    /// This text (empty: the piece is gone).
    Take(String),
    /// Both sides changed it differently (an absent side is empty).
    Both { ours: String, theirs: String },
}

/// The three-way rule for one piece: a side that did not change it yields to the one that did.
fn three(base: Option<&str>, ours: Option<&str>, theirs: Option<&str>) -> Option<Choice> {
    let take = |s: Option<&str>| Some(Choice::Take(s.unwrap_or_default().to_owned()));
    if ours == theirs {
        return take(ours);
    }
    if ours == base {
        return take(theirs);
    }
    if theirs == base {
        return take(ours);
    }
    Some(Choice::Both {
        ours: ours.unwrap_or_default().to_owned(),
        theirs: theirs.unwrap_or_default().to_owned(),
    })
}

/// Every piece of the three versions in the merged order, with what to write for it. The order
/// is ours; a piece only theirs has goes after the piece it follows in theirs (and after what
/// ours added there), as if their edits were made after ours.
fn sequence<'p, K: Clone + Eq + Hash>(
    base: &'p [Piece<K>],
    ours: &'p [Piece<K>],
    theirs: &'p [Piece<K>],
) -> Vec<(K, Choice)> {
    let index = |v: &'p [Piece<K>]| -> HashMap<&'p K, &'p str, IdHash> {
        v.iter().map(|p| (&p.key, p.text.as_str())).collect()
    };
    let (b, o, t) = (index(base), index(ours), index(theirs));
    let mut order: Vec<K> = ours.iter().map(|p| p.key.clone()).collect();
    let in_theirs: HashSet<&K, IdHash> = theirs.iter().map(|p| &p.key).collect();
    let mut placed: HashSet<K, IdHash> = order.iter().cloned().collect();
    let mut anchor: Option<K> = None;
    for p in theirs {
        if !placed.contains(&p.key) {
            let mut at = match &anchor {
                Some(a) => order
                    .iter()
                    .position(|k| k == a)
                    .map_or(order.len(), |i| i + 1),
                None => 0,
            };
            while at < order.len() && !in_theirs.contains(&order[at]) {
                at += 1;
            }
            order.insert(at, p.key.clone());
            placed.insert(p.key.clone());
        }
        anchor = Some(p.key.clone());
    }
    // A piece both removed is in neither order and stays out.
    order
        .into_iter()
        .filter_map(|k| {
            let choice = three(b.get(&k).copied(), o.get(&k).copied(), t.get(&k).copied())?;
            Some((k, choice))
        })
        .collect()
}

/// The merged text as it is written.
struct Out {
    text: String,
    conflicts: usize,
    newline: &'static str,
}

impl Out {
    fn push(&mut self, s: &str) {
        if s.is_empty() {
            return;
        }
        if !self.text.is_empty() && !self.text.ends_with('\n') {
            self.text.push_str(self.newline);
        }
        self.text.push_str(s);
    }

    /// Markers around the one item both sides changed; the blank lines and comments both
    /// versions have above it stay outside them.
    fn conflict(&mut self, ours: &str, theirs: &str) {
        self.conflicts += 1;
        let lead = common_lead(ours, theirs);
        self.push(&ours[..lead]);
        let nl = self.newline;
        let side = |s: &str| -> String {
            let mut s = s.to_owned();
            if !s.is_empty() && !s.ends_with('\n') {
                s.push_str(nl);
            }
            s
        };
        let block = format!(
            "{OURS}{nl}{}{SEPARATOR}{nl}{}{THEIRS}{nl}",
            side(&ours[lead..]),
            side(&theirs[lead..])
        );
        self.push(&block);
    }
}

/// The length of the blank and comment lines both texts start with.
fn common_lead(a: &str, b: &str) -> usize {
    let mut n = 0;
    for (x, y) in a.split_inclusive('\n').zip(b.split_inclusive('\n')) {
        let t = x.trim();
        if x != y || !(t.is_empty() || t.starts_with('#')) {
            break;
        }
        n += x.len();
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "[project]\nid = \"p\"\nname = \"P\"\n\n[[work]]\nid = \"a\"\ntitle = \"A\"\nstatus = \"todo\"\nestimate_hours = 10\n";

    fn clean(base: &str, ours: &str, theirs: &str) -> String {
        let m = merge(base, ours, theirs).unwrap();
        assert_eq!(m.conflicts, 0, "{}", m.text);
        m.text
    }

    #[test]
    fn both_add_work() {
        let ours = format!("{BASE}\n[[work]]\nid = \"b\"\ntitle = \"B\"\n");
        let theirs = format!("{BASE}\n[[work]]\nid = \"c\"\ntitle = \"C\"\n");
        assert_eq!(
            clean(BASE, &ours, &theirs),
            format!(
                "{BASE}\n[[work]]\nid = \"b\"\ntitle = \"B\"\n\n[[work]]\nid = \"c\"\ntitle = \"C\"\n"
            )
        );
    }

    #[test]
    fn different_keys_of_one_item() {
        let ours = BASE.replace("\"todo\"", "\"doing\"");
        let theirs = BASE.replace("= 10", "= 20");
        assert_eq!(
            clean(BASE, &ours, &theirs),
            BASE.replace("\"todo\"", "\"doing\"")
                .replace("= 10", "= 20")
        );
    }

    #[test]
    fn one_key_two_ways_is_a_conflict_around_the_item() {
        let ours = BASE.replace("= 10", "= 20");
        let theirs = BASE.replace("= 10", "= 30");
        let m = merge(BASE, &ours, &theirs).unwrap();
        assert_eq!(m.conflicts, 1);
        assert!(
            m.text
                .starts_with("[project]\nid = \"p\"\nname = \"P\"\n\n<<<<<<< ours\n[[work]]\n"),
            "{}",
            m.text
        );
        assert!(m.text.ends_with("estimate_hours = 30\n>>>>>>> theirs\n"));
    }

    #[test]
    fn deep_nesting_is_refused_not_followed_down_the_stack() {
        let deep = format!("a = {}1{}\n", "[".repeat(200_000), "]".repeat(200_000));
        assert!(!reads_as_toml(&deep));
        assert!(merge(&deep, &deep, &deep).is_err());
        assert!(reads_as_toml("a = [[1], [2]]\n[[work]]\nid = \"x\"\n"));
        assert!(!reads_as_toml("a = [1\n"));
    }

    #[test]
    fn unreadable_input_is_left_to_git() {
        assert!(merge(BASE, "[[work]\n", BASE).is_err());
    }
}
