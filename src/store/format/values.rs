//! Keys in the order of the SPEC and every `key = value` line tidied: arrays on one line or one
//! element per line, inline tables on one line, comments kept with what they belong to.

use toml_edit::{Array, InlineTable, Item, Key, Table, Value};

use super::text::{comments_in, inline_comment, lines, render};
use crate::model::keys::{self, FileKind};

/// Puts the keys of every table in SPEC order and tidies every `key = value` line.
pub(super) fn order_and_tidy(table: &mut Table, kind: FileKind, path: &mut Vec<String>) {
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
pub(super) fn tidy_line(key: &mut toml_edit::KeyMut<'_>) {
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
pub(super) fn rank(order: &[&str], key: &str, index: usize) -> (usize, usize) {
    match order.iter().position(|k| *k == key) {
        Some(i) => (0, i),
        None => (1, index),
    }
}

/// The positions of `current` keys in SPEC order, or `None` when they are in order already.
pub(super) fn new_order(current: &[String], order: &[&str]) -> Option<Vec<usize>> {
    let mut wanted: Vec<usize> = (0..current.len()).collect();
    wanted.sort_by_key(|&i| rank(order, &current[i], i));
    wanted
        .iter()
        .enumerate()
        .any(|(at, &i)| at != i)
        .then_some(wanted)
}

pub(super) fn reorder_table(table: &mut Table, order: &[&str]) {
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

pub(super) fn reorder_inline(table: &mut InlineTable, order: &[&str]) {
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
pub(super) fn tidy_value(value: &mut Value, kind: FileKind, path: &mut Vec<String>, depth: usize) {
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

pub(super) fn decor_text(d: &toml_edit::Decor) -> (&str, &str) {
    (
        d.prefix().and_then(|p| p.as_str()).unwrap_or_default(),
        d.suffix().and_then(|s| s.as_str()).unwrap_or_default(),
    )
}

/// Written over several lines: an element (with what surrounds it) or the end holds a line
/// break. An array holding a multi-line element is laid out over lines itself.
pub(super) fn spans_lines(a: &Array) -> bool {
    a.iter().any(|v| v.to_string().contains('\n'))
        || a.trailing().as_str().unwrap_or_default().contains('\n')
}

pub(super) fn array_on_one_line(a: &mut Array) {
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
pub(super) fn array_over_lines(a: &mut Array, depth: usize) {
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
pub(super) fn tidy_inline(
    t: &mut InlineTable,
    kind: FileKind,
    path: &mut Vec<String>,
    depth: usize,
) {
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
