//! The canonical layout of program.toml and project files, as `pm fmt` writes it:
//!
//! - tables and arrays of tables in the order of the SPEC (`[project]`, `[charter]`,
//!   `[[deliverable]]`, … ; unknown ones after them, in the order they were written), each
//!   table's sub-tables right after it;
//! - keys in the order of the SPEC ([`crate::model::keys`]); unknown keys after them;
//! - `key = value`, no indentation, no trailing whitespace, one blank line between tables,
//!   no blank line inside a table, an inline comment two spaces after its value, arrays on one
//!   line as `[a, b]` or, when written over several lines, one element per line;
//! - every comment kept, with what it belongs to: comment lines over a key move with the key;
//!   comment lines over a header move with the table; lines directly under a table's last key
//!   (no blank line between) stay under that table; the first paragraph of the file, when a
//!   blank line follows it, stays at the top and the last paragraph after a blank line stays at
//!   the bottom.
//!
//! The result is checked before it is returned: it must parse, hold the same data, and hold
//! the same comments, or the file is refused rather than damaged.

use std::collections::{BTreeMap, HashMap};

use toml_edit::{DocumentMut, Item, Table, Value};

mod text;
mod values;

use text::{clean, inline_comment, lines, render, split_at_blank};
use values::order_and_tidy;

use super::write::{EditError, parse_document};
use crate::model::keys::FileKind;

#[derive(Debug, thiserror::Error)]
pub enum FormatError {
    #[error(transparent)]
    Unparsable(#[from] EditError),
    #[error(
        "{path}: pm fmt would {what}, so the file was left as it was; this is a bug in pm, please report it with the file"
    )]
    Unsafe { path: String, what: &'static str },
}

/// The canonical text of a file; `text` itself when it is already canonical.
pub fn format(kind: FileKind, rel: &str, text: &str) -> Result<String, FormatError> {
    // The canonical file is UTF-8 without a byte order mark.
    let body = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut doc = parse_document(rel, body)?;
    let before = data(doc.as_item());
    layout(&mut doc, kind);
    let out = doc.to_string();
    let unsafe_ = |what| FormatError::Unsafe {
        path: rel.to_owned(),
        what,
    };
    let Ok(again) = out.parse::<DocumentMut>() else {
        return Err(unsafe_("write a file that does not parse"));
    };
    if data(again.as_item()) != before {
        return Err(unsafe_("change the data"));
    }
    if comments(&out) != comments(body) {
        return Err(unsafe_("lose or change a comment"));
    }
    Ok(out)
}

/// One step from a table to a table under it: a key, and the index when it is an array of
/// tables.
type Step = (String, Option<usize>);

/// A table written with a header, found by its path from the top of the document.
struct Header {
    path: Vec<Step>,
    position: Option<isize>,
    visible: bool,
}

fn layout(doc: &mut DocumentMut, kind: FileKind) {
    // Where the text between tables belongs is read in the order the file is written, before
    // anything moves.
    let written = written_order(doc.as_table());
    let root_has_values = !doc.as_table().get_values().is_empty();
    let mut lead: HashMap<Vec<Step>, Vec<String>> = HashMap::new();
    let mut tail: HashMap<Vec<Step>, Vec<String>> = HashMap::new();
    // Comments at the top of the file (without keys before the first table) or under the
    // keys before the first table (with them).
    let mut top = Vec::new();
    for (i, path) in written.iter().enumerate() {
        let prefix = table_ref(doc.as_table(), path)
            .and_then(|t| t.decor().prefix())
            .and_then(|p| p.as_str())
            .unwrap_or_default();
        let (before, after) = split_at_blank(lines(prefix), false);
        if i == 0 {
            top = before;
        } else {
            tail.insert(written[i - 1].clone(), before);
        }
        lead.insert(path.clone(), after);
    }
    let trailing = doc.trailing().as_str().unwrap_or_default().to_owned();
    let (last_tail, trailer) = split_at_blank(lines(&trailing), true);
    match written.last() {
        Some(last) => {
            tail.insert(last.clone(), last_tail);
        }
        None => top.extend(last_tail),
    }

    order_and_tidy(doc.as_table_mut(), kind, &mut Vec::new());
    doc.as_table_mut().decor_mut().clear();

    let order: Vec<Vec<Step>> = headers(doc.as_table())
        .into_iter()
        .filter(|h| h.visible)
        .map(|h| h.path)
        .collect();
    for (i, path) in order.iter().enumerate() {
        let mut prefix = String::new();
        if i == 0 {
            let top = clean(&top, false);
            if root_has_values || !top.is_empty() {
                prefix.push_str(&render(&top));
                prefix.push('\n');
            }
        } else {
            prefix.push_str(&render(&clean(lines_of(&tail, &order[i - 1]), false)));
            prefix.push('\n');
        }
        prefix.push_str(&render(&clean(lines_of(&lead, path), true)));
        tidy_header_keys(doc.as_table_mut(), path);
        if let Some(t) = table_mut(doc.as_table_mut(), path) {
            let suffix = inline_comment(t.decor().suffix().and_then(|s| s.as_str()));
            t.decor_mut().set_prefix(prefix);
            t.decor_mut().set_suffix(suffix);
            t.set_position(Some(isize::try_from(i + 1).unwrap_or(isize::MAX)));
        }
    }

    let mut end = String::new();
    let last_tail = match order.last() {
        Some(last) => clean(lines_of(&tail, last), false),
        None if root_has_values => clean(&top, false),
        None => Vec::new(),
    };
    end.push_str(&render(&last_tail));
    let trailer = match (order.is_empty(), root_has_values) {
        // A file of comments only: they are all one trailer.
        (true, false) => clean(&[top, trailer].concat(), false),
        _ => clean(&trailer, false),
    };
    if !trailer.is_empty() {
        if !order.is_empty() || root_has_values {
            end.push('\n');
        }
        end.push_str(&render(&trailer));
    }
    doc.set_trailing(end);
}

/// The comment lines recorded for a table; none for a table that had none.
fn lines_of<'m>(map: &'m HashMap<Vec<Step>, Vec<String>>, path: &[Step]) -> &'m [String] {
    map.get(path).map(Vec::as_slice).unwrap_or_default()
}

/// Every table of `root` in the order of its keys, each followed by the tables under it.
fn headers(root: &Table) -> Vec<Header> {
    fn walk(table: &Table, path: &mut Vec<Step>, out: &mut Vec<Header>) {
        for (key, item) in table.iter() {
            match item {
                Item::Table(t) => {
                    path.push((key.to_owned(), None));
                    if !t.is_dotted() {
                        out.push(Header {
                            path: path.clone(),
                            position: t.position(),
                            visible: !(t.is_implicit() && t.get_values().is_empty()),
                        });
                    }
                    walk(t, path, out);
                    path.pop();
                }
                Item::ArrayOfTables(a) => {
                    for (i, t) in a.iter().enumerate() {
                        path.push((key.to_owned(), Some(i)));
                        out.push(Header {
                            path: path.clone(),
                            position: t.position(),
                            visible: true,
                        });
                        walk(t, path, out);
                        path.pop();
                    }
                }
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    walk(root, &mut Vec::new(), &mut out);
    out
}

/// The visible tables in the order toml_edit writes them: by position, a table without one
/// taking the position of the table before it.
fn written_order(root: &Table) -> Vec<Vec<Step>> {
    let mut last = 0;
    let mut all: Vec<(isize, Header)> = headers(root)
        .into_iter()
        .map(|h| {
            if let Some(p) = h.position {
                last = p;
            }
            (last, h)
        })
        .collect();
    all.sort_by_key(|(p, _)| *p);
    all.into_iter()
        .filter(|(_, h)| h.visible)
        .map(|(_, h)| h.path)
        .collect()
}

fn table_ref<'t>(root: &'t Table, path: &[Step]) -> Option<&'t Table> {
    let mut t = root;
    for (key, index) in path {
        t = match (t.get(key)?, index) {
            (Item::Table(next), None) => next,
            (Item::ArrayOfTables(a), Some(i)) => a.get(*i)?,
            _ => return None,
        };
    }
    Some(t)
}

fn table_mut<'t>(root: &'t mut Table, path: &[Step]) -> Option<&'t mut Table> {
    let mut t = root;
    for (key, index) in path {
        t = match (t.get_mut(key)?, index) {
            (Item::Table(next), None) => next,
            (Item::ArrayOfTables(a), Some(i)) => a.get_mut(*i)?,
            _ => return None,
        };
    }
    Some(t)
}

/// `[ a . b ]` → `[a.b]`: the keys of a header carry no spacing.
fn tidy_header_keys(root: &mut Table, path: &[Step]) {
    let mut t = root;
    for (key, index) in path {
        if let Some(mut k) = t.key_mut(key) {
            k.leaf_decor_mut().clear();
            k.dotted_decor_mut().clear();
        }
        let next = match (t.get_mut(key), index) {
            (Some(Item::Table(next)), None) => next,
            (Some(Item::ArrayOfTables(a)), Some(i)) => match a.get_mut(*i) {
                Some(next) => next,
                None => return,
            },
            _ => return,
        };
        t = next;
    }
}

/// The data of a document, whatever its layout: what formatting must not change.
#[derive(Debug, PartialEq)]
enum Data {
    String(String),
    Integer(i64),
    Float(u64),
    Boolean(bool),
    Datetime(String),
    Array(Vec<Data>),
    Table(BTreeMap<String, Data>),
}

fn data(item: &Item) -> Option<Data> {
    match item {
        Item::None => None,
        Item::Value(v) => Some(value_data(v)),
        Item::Table(t) => Some(table_data(t)),
        Item::ArrayOfTables(a) => Some(Data::Array(a.iter().map(table_data).collect())),
    }
}

fn table_data(t: &Table) -> Data {
    Data::Table(
        t.iter()
            .filter_map(|(k, v)| data(v).map(|d| (k.to_owned(), d)))
            .collect(),
    )
}

fn value_data(v: &Value) -> Data {
    match v {
        Value::String(s) => Data::String(s.value().clone()),
        Value::Integer(i) => Data::Integer(*i.value()),
        Value::Float(f) => Data::Float(f.value().to_bits()),
        Value::Boolean(b) => Data::Boolean(*b.value()),
        Value::Datetime(d) => Data::Datetime(d.value().to_string()),
        Value::Array(a) => Data::Array(a.iter().map(value_data).collect()),
        Value::InlineTable(t) => Data::Table(
            t.iter()
                .map(|(k, v)| (k.to_owned(), value_data(v)))
                .collect(),
        ),
    }
}

/// Every comment of a TOML text, in order of appearance, found by TOML's own lexer so that a
/// `#` inside a string is not one.
fn comments(text: &str) -> Vec<String> {
    let mut out: Vec<String> = toml_parser::Source::new(text)
        .lex()
        .filter(|t| t.kind() == toml_parser::lexer::TokenKind::Comment)
        .map(|t| text[t.span().start()..t.span().end()].trim_end().to_owned())
        .collect();
    // Formatting may move comments with their keys and tables, never drop or change one.
    out.sort();
    out
}

#[cfg(test)]
mod tests;
