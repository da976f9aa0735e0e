//! What is written at a place in a file: the item and the key under a cursor, for the editor
//! server's hover, go-to-definition and completion.

use toml::de::{DeTable, DeValue};

use crate::diagnostic::Span;

/// One step from the top of a file down to a value.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    Key(String),
    Index(usize),
}

/// What the cursor is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum On {
    /// The name of a key (`deliverable` in `deliverable = "x"`).
    Key,
    /// A value (`"x"`), or an element of an array value.
    Value,
    /// Anywhere else inside a table: its header, a blank line or comment among its keys.
    Table,
}

/// The place a cursor is at, as the path of keys and indices from the top of the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located {
    /// `[Key("work"), Index(2), Key("deliverable")]` for the `deliverable` of the third
    /// `[[work]]`; for [`On::Table`], the path of the table.
    pub path: Vec<Step>,
    pub on: On,
    /// The span of what the cursor is on (the key, the value, or the table's header).
    pub span: Span,
}

impl Located {
    /// The `[[kind]]` item and its index, when the place is inside one (`("work", 2)`).
    pub fn item(&self) -> Option<(&str, usize)> {
        match self.path.as_slice() {
            [Step::Key(kind), Step::Index(i), ..] => Some((kind.as_str(), *i)),
            _ => None,
        }
    }

    /// The key the place is on or in, below its item or table (`deliverable`).
    pub fn key(&self) -> Option<&str> {
        if self.on == On::Table {
            return None;
        }
        self.path.iter().rev().find_map(|s| match s {
            Step::Key(k) => Some(k.as_str()),
            Step::Index(_) => None,
        })
    }
}

/// Where `offset` (a byte offset in `text`) is; `None` when the text is not valid TOML or the
/// offset lies before the first table and key.
pub fn locate(text: &str, offset: usize) -> Option<Located> {
    // A byte order mark is not part of the TOML; offsets stay those of the whole text.
    let base = if text.starts_with('\u{feff}') { 3 } else { 0 };
    let body = &text[base..];
    let root = DeTable::parse(body).ok()?;
    let offset = offset.checked_sub(base)?;
    let mut found = Walk {
        offset,
        best: None,
        table: None,
    };
    found.table(root.get_ref(), &mut Vec::new());
    let shift = |s: Span| Span::new(s.start as usize + base, s.end as usize + base);
    found.best.or(found.table).map(|(path, on, span)| Located {
        path,
        on,
        span: shift(span),
    })
}

struct Walk {
    offset: usize,
    /// The key or value the offset is in.
    best: Option<(Vec<Step>, On, Span)>,
    /// The last table whose header starts at or before the offset, in file order.
    table: Option<(Vec<Step>, On, Span)>,
}

impl Walk {
    fn table(&mut self, t: &DeTable<'_>, path: &mut Vec<Step>) {
        for (k, v) in t.iter() {
            path.push(Step::Key(k.get_ref().to_string()));
            let key = k.span();
            if key.contains(&self.offset) {
                self.best = Some((path.clone(), On::Key, span(key)));
            }
            self.value(v.get_ref(), v.span(), path);
            path.pop();
        }
    }

    fn value(&mut self, v: &DeValue<'_>, at: std::ops::Range<usize>, path: &mut Vec<Step>) {
        match v {
            DeValue::Table(t) => {
                self.header(path, &at);
                self.table(t, path);
            }
            DeValue::Array(items) => {
                if at.contains(&self.offset) && self.best.is_none() {
                    self.best = Some((path.clone(), On::Value, span(at.clone())));
                }
                for (i, item) in items.iter().enumerate() {
                    path.push(Step::Index(i));
                    self.value(item.get_ref(), item.span(), path);
                    path.pop();
                }
            }
            _ => {
                if at.contains(&self.offset) || (at.is_empty() && at.start == self.offset) {
                    self.best = Some((path.clone(), On::Value, span(at)));
                }
            }
        }
    }

    /// A table (a header, or an inline table) that starts at or before the offset: the last
    /// such in file order is the one the offset is in when no key or value holds it.
    fn header(&mut self, path: &[Step], at: &std::ops::Range<usize>) {
        if at.start <= self.offset
            && self
                .table
                .as_ref()
                .is_none_or(|(_, _, s)| s.start as usize <= at.start)
        {
            self.table = Some((path.to_vec(), On::Table, span(at.clone())));
        }
    }
}

fn span(r: std::ops::Range<usize>) -> Span {
    Span::new(r.start, r.end)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = "[project]\nid = \"p\"\n\n[[work]]\nid = \"a\"\n\n[[work]]\nid = \"b\"\n# a note\ndeliverable = \"d\"\ntags = [\"x\", \"y\"]\n";

    fn at(needle: &str, skip: usize) -> Located {
        let offset = TEXT.find(needle).unwrap() + skip;
        locate(TEXT, offset).unwrap()
    }

    #[test]
    fn keys_values_and_items() {
        let l = at("deliverable", 2);
        assert_eq!(l.on, On::Key);
        assert_eq!(l.item(), Some(("work", 1)));
        assert_eq!(l.key(), Some("deliverable"));
        let l = at("\"d\"", 1);
        assert_eq!(
            (l.on, l.key(), l.item()),
            (On::Value, Some("deliverable"), Some(("work", 1)))
        );
        assert_eq!(&TEXT[l.span.start as usize..l.span.end as usize], "\"d\"");
        let l = at("\"y\"", 1);
        assert_eq!(l.on, On::Value);
        assert_eq!(l.path.last(), Some(&Step::Index(1)));
        assert_eq!(l.key(), Some("tags"));
        let l = at("id = \"a\"", 0);
        assert_eq!(l.item(), Some(("work", 0)));
    }

    #[test]
    fn between_keys_is_the_table() {
        let l = at("# a note", 2);
        assert_eq!(l.on, On::Table);
        assert_eq!(l.item(), Some(("work", 1)));
        assert_eq!(l.key(), None);
        let l = at("[project]", 3);
        assert_eq!(l.path, vec![Step::Key("project".into())]);
    }

    #[test]
    fn not_toml_or_before_everything() {
        assert!(locate("[x\n", 1).is_none());
        assert!(locate("# c\n[a]\n", 1).is_none());
        let bom = format!("\u{feff}{TEXT}");
        let l = locate(&bom, bom.find("\"d\"").unwrap() + 1).unwrap();
        assert_eq!(l.key(), Some("deliverable"));
        assert_eq!(&bom[l.span.start as usize..l.span.end as usize], "\"d\"");
    }
}
