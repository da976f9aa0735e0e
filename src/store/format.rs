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

use toml_edit::{Array, DocumentMut, InlineTable, Item, Key, Table, Value};

use super::write::{EditError, parse_document};
use crate::model::keys::{self, FileKind};

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

/// Puts the keys of every table in SPEC order and tidies every `key = value` line.
fn order_and_tidy(table: &mut Table, kind: FileKind, path: &mut Vec<String>) {
    let names: Vec<&str> = path.iter().map(String::as_str).collect();
    if let Some(order) = keys::of(kind, &names) {
        reorder_table(table, order);
    }
    for (mut key, item) in table.iter_mut() {
        path.push(key.get().to_owned());
        match item {
            Item::Value(v) => {
                tidy_line(&mut key);
                let comment = inline_comment(v.decor().suffix().and_then(|s| s.as_str()));
                tidy_value(v, kind, path, 0);
                v.decor_mut().set_prefix(" ");
                v.decor_mut().set_suffix(comment);
            }
            Item::Table(t) => {
                if t.is_dotted() {
                    key.dotted_decor_mut().clear();
                }
                order_and_tidy(t, kind, path);
            }
            Item::ArrayOfTables(a) => {
                for t in a.iter_mut() {
                    order_and_tidy(t, kind, path);
                }
            }
            Item::None => {}
        }
        path.pop();
    }
}

/// The comment lines over a key stay over it, without indentation or blank lines.
fn tidy_line(key: &mut toml_edit::KeyMut<'_>) {
    let over = key
        .leaf_decor()
        .prefix()
        .and_then(|p| p.as_str())
        .map(lines)
        .unwrap_or_default();
    let over: Vec<String> = over.into_iter().filter(|l| !l.is_empty()).collect();
    key.leaf_decor_mut().set_prefix(render(&over));
    key.leaf_decor_mut().set_suffix(" ");
    key.dotted_decor_mut().clear();
}

/// The rank of a key: its place in the SPEC, unknown keys after all known ones.
fn rank(order: &[&str], key: &str, index: usize) -> (usize, usize) {
    match order.iter().position(|k| *k == key) {
        Some(i) => (0, i),
        None => (1, index),
    }
}

/// The positions of `current` keys in SPEC order, or `None` when they are in order already.
fn new_order(current: &[String], order: &[&str]) -> Option<Vec<usize>> {
    let mut wanted: Vec<usize> = (0..current.len()).collect();
    wanted.sort_by_key(|&i| rank(order, &current[i], i));
    wanted
        .iter()
        .enumerate()
        .any(|(at, &i)| at != i)
        .then_some(wanted)
}

fn reorder_table(table: &mut Table, order: &[&str]) {
    let current: Vec<String> = table.iter().map(|(k, _)| k.to_owned()).collect();
    let Some(wanted) = new_order(&current, order) else {
        return;
    };
    let mut entries: Vec<Option<(Key, Item)>> =
        current.iter().map(|k| table.remove_entry(k)).collect();
    for i in wanted {
        if let Some((key, item)) = entries.get_mut(i).and_then(Option::take) {
            table.insert_formatted(&key, item);
        }
    }
}

fn reorder_inline(table: &mut InlineTable, order: &[&str]) {
    let current: Vec<String> = table.iter().map(|(k, _)| k.to_owned()).collect();
    let Some(wanted) = new_order(&current, order) else {
        return;
    };
    let mut entries: Vec<Option<(Key, Value)>> =
        current.iter().map(|k| table.remove_entry(k)).collect();
    for i in wanted {
        if let Some((key, value)) = entries.get_mut(i).and_then(Option::take) {
            table.insert_formatted(&key, value);
        }
    }
}

/// Tidies the inside of a value (arrays, inline tables); its own prefix and suffix are set by
/// whatever holds it.
fn tidy_value(value: &mut Value, kind: FileKind, path: &mut Vec<String>, depth: usize) {
    match value {
        Value::Array(a) => {
            let over_lines = spans_lines(a);
            for v in a.iter_mut() {
                tidy_value(v, kind, path, depth + 1);
            }
            if over_lines {
                array_over_lines(a, depth);
            } else {
                array_on_one_line(a);
            }
        }
        Value::InlineTable(t) => tidy_inline(t, kind, path, depth),
        _ => {}
    }
}

fn decor_text(d: &toml_edit::Decor) -> (&str, &str) {
    (
        d.prefix().and_then(|p| p.as_str()).unwrap_or_default(),
        d.suffix().and_then(|s| s.as_str()).unwrap_or_default(),
    )
}

/// Written over several lines: an element (with what surrounds it) or the end holds a line
/// break. An array holding a multi-line element is laid out over lines itself.
fn spans_lines(a: &Array) -> bool {
    a.iter().any(|v| v.to_string().contains('\n'))
        || a.trailing().as_str().unwrap_or_default().contains('\n')
}

fn array_on_one_line(a: &mut Array) {
    for (i, v) in a.iter_mut().enumerate() {
        let prefix = if i == 0 { "" } else { " " };
        v.decor_mut().set_prefix(prefix);
        v.decor_mut().set_suffix("");
    }
    a.set_trailing("");
    a.set_trailing_comma(false);
}

/// One element per line, indented, each followed by a comma; a comment on an element's line
/// stays on it, comment lines over an element stay over it.
fn array_over_lines(a: &mut Array, depth: usize) {
    let indent = "  ".repeat(depth + 1);
    let closing = "  ".repeat(depth);
    let n = a.len();
    // Comments on the line of `[`, over each element, after each element, before `]`.
    let mut opening: Vec<String> = Vec::new();
    let mut over: Vec<Vec<String>> = vec![Vec::new(); n];
    let mut after: Vec<Vec<String>> = vec![Vec::new(); n];
    for (i, v) in a.iter().enumerate() {
        let (prefix, suffix) = decor_text(v.decor());
        let (same_line, below) = prefix.split_once('\n').unwrap_or((prefix, ""));
        let same_line = comments_in(same_line);
        match i.checked_sub(1) {
            Some(prev) => after[prev].extend(same_line),
            None => opening.extend(same_line),
        }
        over[i].extend(comments_in(below));
        after[i].extend(comments_in(suffix));
    }
    let trailing = a.trailing().as_str().unwrap_or_default().to_owned();
    let (same_line, below) = trailing.split_once('\n').unwrap_or((&trailing, ""));
    match n.checked_sub(1) {
        Some(last) => after[last].extend(comments_in(same_line)),
        None => opening.extend(comments_in(same_line)),
    }
    let closing_comments = comments_in(below);

    if n == 0 && opening.is_empty() && closing_comments.is_empty() {
        a.set_trailing("");
        a.set_trailing_comma(false);
        return;
    }
    // The comments after something: the first on its line, the others on lines of their own.
    let end_of_line = |comments: &[String]| -> String {
        let mut s = String::new();
        if let Some((first, rest)) = comments.split_first() {
            s.push_str("  ");
            s.push_str(first);
            s.push('\n');
            for c in rest {
                s.push_str(&indent);
                s.push_str(c);
                s.push('\n');
            }
        } else {
            s.push('\n');
        }
        s
    };
    let own_lines = |comments: &[String]| -> String {
        comments.iter().map(|c| format!("{indent}{c}\n")).collect()
    };
    for (i, v) in a.iter_mut().enumerate() {
        let before = match i.checked_sub(1) {
            Some(prev) => &after[prev],
            None => &opening,
        };
        let prefix = format!("{}{}{indent}", end_of_line(before), own_lines(&over[i]));
        v.decor_mut().set_prefix(prefix);
        v.decor_mut().set_suffix("");
    }
    let before = match n.checked_sub(1) {
        Some(last) => &after[last],
        None => &opening,
    };
    let trailing = format!(
        "{}{}{closing}",
        end_of_line(before),
        own_lines(&closing_comments)
    );
    a.set_trailing(trailing);
    a.set_trailing_comma(n > 0);
}

/// `{ a = 1, b = 2 }`. An inline table written over several lines or holding comments (TOML
/// 1.1) is left as written: there is no one-line form that keeps its comments.
fn tidy_inline(t: &mut InlineTable, kind: FileKind, path: &mut Vec<String>, depth: usize) {
    let free_form = t
        .trailing()
        .as_str()
        .unwrap_or_default()
        .contains(['\n', '#'])
        || t.iter().any(|(k, v)| {
            let key = t.key(k).map(|k| decor_text(k.leaf_decor()));
            let (kp, ks) = key.unwrap_or_default();
            let (vp, vs) = decor_text(v.decor());
            [kp, ks, vp, vs].iter().any(|s| s.contains(['\n', '#']))
        });
    if free_form {
        return;
    }
    let names: Vec<&str> = path.iter().map(String::as_str).collect();
    if let Some(order) = keys::of(kind, &names) {
        reorder_inline(t, order);
    }
    let n = t.len();
    for (i, (mut key, v)) in t.iter_mut().enumerate() {
        path.push(key.get().to_owned());
        key.leaf_decor_mut().set_prefix(" ");
        key.leaf_decor_mut().set_suffix(" ");
        key.dotted_decor_mut().clear();
        tidy_value(v, kind, path, depth);
        v.decor_mut().set_prefix(" ");
        v.decor_mut().set_suffix(if i + 1 == n { " " } else { "" });
        path.pop();
    }
    t.set_trailing("");
    t.set_trailing_comma(false);
}

/// A comment after a value or header, two spaces after it; nothing when there is none.
fn inline_comment(suffix: Option<&str>) -> String {
    match comments_in(suffix.unwrap_or_default()).first() {
        Some(c) => format!("  {c}"),
        None => String::new(),
    }
}

/// The comments in whitespace-and-comment text, each trimmed.
fn comments_in(text: &str) -> Vec<String> {
    text.lines()
        .filter_map(|l| l.find('#').map(|at| l[at..].trim_end().to_owned()))
        .collect()
}

/// Whitespace-and-comment text as lines: each comment trimmed, `""` for a run of blank lines.
/// Indentation before a header (text after the last newline) is not a line.
fn lines(text: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for piece in text.split_inclusive('\n') {
        let trimmed = piece.trim();
        if let Some(at) = trimmed.find('#') {
            out.push(trimmed[at..].to_owned());
        } else if piece.ends_with('\n') && out.last().is_none_or(|l| !l.is_empty()) {
            out.push(String::new());
        }
    }
    out
}

/// Splits lines at the first blank line: (before it, from it on). Without a blank line, all
/// lines go before when `none_is_before`, else after.
fn split_at_blank(lines: Vec<String>, none_is_before: bool) -> (Vec<String>, Vec<String>) {
    match lines.iter().position(String::is_empty) {
        Some(i) => {
            let mut before = lines;
            let after = before.split_off(i);
            (before, after)
        }
        None if none_is_before => (lines, Vec::new()),
        None => (Vec::new(), lines),
    }
}

/// Without blank lines at the start, and at the end unless `keep_last_blank` (a comment
/// separated from the header below it stays separated).
fn clean(lines: &[String], keep_last_blank: bool) -> Vec<String> {
    let start = lines
        .iter()
        .position(|l| !l.is_empty())
        .unwrap_or(lines.len());
    let mut out = lines[start..].to_vec();
    let ends_blank = out.last().is_some_and(String::is_empty);
    while out.last().is_some_and(String::is_empty) {
        out.pop();
    }
    if keep_last_blank && ends_blank && !out.is_empty() {
        out.push(String::new());
    }
    out
}

fn render(lines: &[String]) -> String {
    lines.iter().map(|l| format!("{l}\n")).collect()
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
mod tests {
    use super::*;

    fn project(text: &str) -> String {
        format(FileKind::Project, "projects/p.toml", text).unwrap()
    }

    fn program(text: &str) -> String {
        format(FileKind::Program, "program.toml", text).unwrap()
    }

    #[test]
    fn orders_tables_and_keys_as_the_spec() {
        let text = "[[work]]\ntitle = \"T\"\nid = \"w\"\n\n[charter]\nend = 2026-12-31\nstart = 2026-01-01\n\n[project]\nname = \"P\"\nid = \"p\"\n";
        assert_eq!(
            project(text),
            "[project]\nid = \"p\"\nname = \"P\"\n\n[charter]\nstart = 2026-01-01\nend = 2026-12-31\n\n[[work]]\nid = \"w\"\ntitle = \"T\"\n"
        );
    }

    #[test]
    fn unknown_keys_and_tables_come_after_the_known_ones_in_their_order() {
        let text = "[extra]\nz = 1\n\n[project]\nzeta = 1\nname = \"P\"\nalpha = 2\nid = \"p\"\n";
        assert_eq!(
            project(text),
            "[project]\nid = \"p\"\nname = \"P\"\nzeta = 1\nalpha = 2\n\n[extra]\nz = 1\n"
        );
    }

    #[test]
    fn normalises_spacing_and_blank_lines() {
        let text = "\n\n  [project]   \n\n  id=\"p\"   \n\n\nname   =   \"P\"\t\n\n\n\n[charter]\nstart=2026-01-01\n\n\n";
        assert_eq!(
            project(text),
            "[project]\nid = \"p\"\nname = \"P\"\n\n[charter]\nstart = 2026-01-01\n"
        );
    }

    #[test]
    fn keeps_every_comment_with_what_it_belongs_to() {
        let text = "\
#:schema ../schema/project.schema.json
# Lander project

# the project
[project]
# its name
name = \"P\"   # shown in reports
id = \"p\"
# under the project

# Work
[[work]]
title = \"B\"
id = \"b\"

# Charter, written last
[charter]  # the window
start = 2026-01-01

# the end
";
        assert_eq!(
            project(text),
            "\
#:schema ../schema/project.schema.json
# Lander project

# the project
[project]
id = \"p\"
# its name
name = \"P\"  # shown in reports
# under the project

# Charter, written last
[charter]  # the window
start = 2026-01-01

# Work
[[work]]
id = \"b\"
title = \"B\"

# the end
"
        );
    }

    #[test]
    fn a_comment_under_the_last_table_stays_under_it() {
        let text =
            "[check]\ndeny_warnings = false\n\n[check.rules]\n# unstaffed-project = \"off\"\n";
        assert_eq!(program(text), text);
    }

    #[test]
    fn arrays_keep_their_comments_and_get_one_element_per_line() {
        let text = "[[person]]\nid = \"a\"\ntime_off = [   # leave\n    {reason=\"x\",from=2026-01-01,to=2026-01-02},  # first\n\n  # the second\n  { from = 2026-02-01, to = 2026-02-02 }   # last\n  # closing\n  ]\nskills = [ \"a\" ,\"b\",  ]\n";
        assert_eq!(
            program(text),
            "[[person]]\nid = \"a\"\nskills = [\"a\", \"b\"]\ntime_off = [  # leave\n  { from = 2026-01-01, to = 2026-01-02, reason = \"x\" },  # first\n  # the second\n  { from = 2026-02-01, to = 2026-02-02 },  # last\n  # closing\n]\n"
        );
    }

    #[test]
    fn a_hash_inside_a_string_is_not_a_comment() {
        let text = "[project]\nid = \"p\"\nname = \"P #1\"   # real\n";
        assert_eq!(
            project(text),
            "[project]\nid = \"p\"\nname = \"P #1\"  # real\n"
        );
    }

    #[test]
    fn sub_tables_follow_their_table() {
        let text = "[check.rules]\nPM201 = \"off\"\n\n[program]\nid = \"x\"\nname = \"X\"\n\n[check]\ndeny_warnings = true\n";
        assert_eq!(
            program(text),
            "[program]\nid = \"x\"\nname = \"X\"\n\n[check]\ndeny_warnings = true\n\n[check.rules]\nPM201 = \"off\"\n"
        );
    }

    #[test]
    fn keys_before_the_first_table_stay_first_with_their_comments() {
        let text = "# top\nstray = 1  # why\n# under stray\n\n[project]\nid = \"p\"\n";
        assert_eq!(project(text), text);
    }

    #[test]
    fn dotted_keys_and_header_spacing_are_tidied() {
        let text = "[ project ]\n  id   =   \"p\"\n  x . b = 1   # xb\n  # over x.a\n  x .a = 2\n";
        assert_eq!(
            project(text),
            "[project]\nid = \"p\"\nx.b = 1  # xb\n# over x.a\nx.a = 2\n"
        );
    }

    #[test]
    fn a_sub_table_of_an_item_moves_with_the_item() {
        let text = "[[person]]\nid = \"a\"\n\n[[person.time_off]]\nto = 2026-01-02\nfrom = 2026-01-01\n\n[program]\nname = \"X\"\nid = \"x\"\n\n[[person]]\nid = \"b\"\n";
        assert_eq!(
            program(text),
            "[program]\nid = \"x\"\nname = \"X\"\n\n[[person]]\nid = \"a\"\n\n[[person.time_off]]\nfrom = 2026-01-01\nto = 2026-01-02\n\n[[person]]\nid = \"b\"\n"
        );
    }

    #[test]
    fn an_array_holding_a_multi_line_array_is_over_lines_too() {
        let text = "[project]\nid = \"p\"\nx = [ [1, 2], [ # open\n   3,\n   4 ] ]\n";
        assert_eq!(
            project(text),
            "[project]\nid = \"p\"\nx = [\n  [1, 2],\n  [  # open\n    3,\n    4,\n  ],\n]\n"
        );
    }

    #[test]
    fn crlf_and_a_byte_order_mark_become_plain_lines() {
        let text = "\u{feff}[project]\r\nid = \"p\"  # c\r\nx = [\r\n  1,\r\n]\r\n";
        assert_eq!(
            project(text),
            "[project]\nid = \"p\"  # c\nx = [\n  1,\n]\n"
        );
    }

    #[test]
    fn formatting_twice_is_formatting_once() {
        let texts = [
            "# top\n\n[[work]]\nid=\"a\"\ntitle=\"A\" # c\n# under\n[project]\nid=\"p\"\nname=\"P\"\n\n\n# end\n",
            "x = 1\n# after x\n\n[project]\nid = \"p\"\n",
            "# only a comment\n\n\n# and another\n",
            "",
            "[project]\nid = \"p\"\ntags = [\n]\nb = [\n  # nothing yet\n]\n",
        ];
        for text in texts {
            let once = project(text);
            assert_eq!(project(&once), once, "from {text:?}");
        }
    }

    #[test]
    fn a_file_that_does_not_parse_is_refused_with_its_line() {
        let err = format(FileKind::Project, "projects/p.toml", "[project]\nid = \n").unwrap_err();
        assert!(err.to_string().starts_with("projects/p.toml:2:"), "{err}");
    }
}
