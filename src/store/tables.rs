//! Adding and removing `[[kind]]` items of a toml_edit document so that everything around them
//! (comments, blank lines, key order) stays as the user wrote it.
//!
//! toml_edit keeps the text between two tables as the *prefix* of the second table's header, so
//! a comment written just under an item's last key belongs, for toml_edit, to the next item. The
//! helpers here split that text at blank lines instead, the way a reader sees it: lines directly
//! under an item (no blank line between) stay with it; lines directly over a header belong to
//! that header.

use chrono::{Datelike, NaiveDate};
use toml_edit::{Array, ArrayOfTables, DocumentMut, Item, Table, Value};

#[derive(Debug, thiserror::Error)]
pub enum TablesError {
    #[error(
        "`{0}` is not written as [[{0}]] tables; fix the file (pm check shows the problem) before editing it with pm"
    )]
    NotArrayOfTables(String),
    #[error("there is no [[{0}]] number {1} to remove")]
    NoSuchItem(String, usize),
    #[error("{0} cannot be written as a TOML date; use a year from 0 to 9999")]
    Date(NaiveDate),
    #[error(
        "`{1}` of a [[{0}]] item is not a date such as 2026-03-01; fix the file (pm check shows the problem) before editing it with pm"
    )]
    NotADate(String, String),
}

/// The arrays of tables of a project file, in the order SPEC §4 writes them (change requests,
/// SPEC §10, and dependencies, SPEC §13, after them).
pub const PROJECT_ITEMS: [&str; 7] = [
    "deliverable",
    "exclusion",
    "work",
    "assignment",
    "request",
    "change",
    "dependency",
];

/// The kinds written after `kind` in `order` (where a first item of `kind` goes before).
pub fn after<'a>(order: &[&'a str], kind: &str) -> Vec<&'a str> {
    match order.iter().position(|k| *k == kind) {
        Some(i) => order[i + 1..].to_vec(),
        None => Vec::new(),
    }
}

/// A bare TOML local date (`2026-03-01`), never a string.
pub fn date(d: NaiveDate) -> Result<Value, TablesError> {
    let year = u16::try_from(d.year())
        .ok()
        .filter(|y| *y <= 9999)
        .ok_or(TablesError::Date(d))?;
    // month() and day() are 1..=12 and 1..=31, which always fit in a u8.
    let month = u8::try_from(d.month()).map_err(|_| TablesError::Date(d))?;
    let day = u8::try_from(d.day()).map_err(|_| TablesError::Date(d))?;
    Ok(Value::from(toml_edit::Datetime {
        date: Some(toml_edit::Date { year, month, day }),
        time: None,
        offset: None,
    }))
}

/// Hours as an integer when whole (`120`, not `120.0`), else as a float.
pub fn hours(h: f64) -> Value {
    if h.fract() == 0.0 && h.abs() < 1e15 {
        Value::from(h as i64)
    } else {
        Value::from(h)
    }
}

/// A TOML array of strings, on one line.
pub fn strings<S: AsRef<str>>(items: &[S]) -> Value {
    Value::Array(items.iter().map(|s| s.as_ref()).collect())
}

/// The `[[kind]]` tables of the document; empty when there are none. Refuses a `kind` key that
/// holds something else.
pub fn items<'d>(doc: &'d DocumentMut, kind: &str) -> Result<Vec<&'d Table>, TablesError> {
    match doc.get(kind) {
        None | Some(Item::None) => Ok(Vec::new()),
        Some(Item::ArrayOfTables(a)) => Ok(a.iter().collect()),
        Some(_) => Err(TablesError::NotArrayOfTables(kind.to_owned())),
    }
}

/// A string value of a table, when it is one.
pub fn str_of<'t>(table: &'t Table, key: &str) -> Option<&'t str> {
    table.get(key).and_then(Item::as_str)
}

/// The `id` of every `[[kind]]` item, read from the document itself so that an item the typed
/// model had to skip still counts.
pub fn ids(doc: &DocumentMut, kind: &str) -> Result<Vec<String>, TablesError> {
    Ok(items(doc, kind)?
        .into_iter()
        .filter_map(|t| str_of(t, "id"))
        .map(str::to_owned)
        .collect())
}

/// A date value of an item of `kind`; `None` when the key is absent.
pub fn date_of(table: &Table, kind: &str, key: &str) -> Result<Option<NaiveDate>, TablesError> {
    let Some(item) = table.get(key) else {
        return Ok(None);
    };
    let bad = || TablesError::NotADate(kind.to_owned(), key.to_owned());
    match item.as_datetime() {
        Some(toml_edit::Datetime {
            date: Some(d),
            time: None,
            offset: None,
        }) => NaiveDate::from_ymd_opt(i32::from(d.year), u32::from(d.month), u32::from(d.day))
            .map(Some)
            .ok_or_else(bad),
        _ => Err(bad()),
    }
}

/// An item taken out of a document by [`take`], with the comment lines that belong to it, ready
/// to be [`place`]d in another document.
#[derive(Debug, Clone)]
pub struct Taken {
    pub table: Table,
    /// Comment lines directly over its header (no blank line between).
    pub above: String,
    /// Comment lines directly under its last key (no blank line between).
    pub below: String,
}

/// Adds `table` as a new `[[kind]]` item: after the last existing one, else before the first
/// table whose key is in `later` (the kinds that follow `kind` in the file's usual order), else
/// at the end. It is separated from what comes before it by one blank line.
pub fn append(
    doc: &mut DocumentMut,
    kind: &str,
    later: &[&str],
    table: Table,
) -> Result<(), TablesError> {
    place(
        doc,
        kind,
        later,
        Taken {
            table,
            above: String::new(),
            below: String::new(),
        },
    )
}

/// Adds an item where [`append`] would, with its own comments over its header and under its
/// last key.
pub fn place(
    doc: &mut DocumentMut,
    kind: &str,
    later: &[&str],
    item: Taken,
) -> Result<(), TablesError> {
    let Taken {
        mut table,
        above,
        below,
    } = item;
    items(doc, kind)?;
    let shown = rendered(doc);
    let last_of_kind = shown.iter().filter(|t| t.key == kind).map(|t| t.pos).max();
    let first_later = shown
        .iter()
        .filter(|t| later.contains(&t.key.as_str()))
        .map(|t| t.pos)
        .min();
    let at = match (last_of_kind, first_later) {
        (Some(p), _) => p + 1,
        (None, Some(p)) => p,
        (None, None) => shown.iter().map(|t| t.pos).max().map_or(1, |p| p + 1),
    };
    let follower = shown.iter().filter(|t| t.pos >= at).map(|t| t.pos).min();

    // Comment lines directly under the previous item stay with it: they move in front of the new
    // item, which then starts after one blank line.
    let following_text = match follower {
        Some(p) => table_at(doc, p).map(|t| prefix_of(t)).unwrap_or_default(),
        None => raw(doc.trailing()).unwrap_or_default(),
    };
    // At the end of the file, lines with no blank line between them and the last item are
    // under that item (nothing below for them to sit on): they stay with it.
    let (mut head, tail) = if follower.is_none() && !has_blank(&following_text) {
        (following_text.clone(), String::new())
    } else {
        split_first_blank(&following_text)
    };
    if !head.is_empty() && !head.ends_with('\n') {
        head.push('\n');
    }
    let mut rest = if head.is_empty() {
        following_text.clone()
    } else {
        tail
    };
    if !below.is_empty() {
        // The new item's own closing comment, kept apart from whatever touches the next header.
        let gap = if rest.is_empty() || rest.starts_with(['\n', '\r']) {
            ""
        } else {
            "\n"
        };
        rest = format!("{below}{gap}{rest}");
    }
    if rest != following_text {
        match follower {
            Some(p) => {
                if let Some(t) = table_at(doc, p) {
                    t.decor_mut().set_prefix(rest);
                }
            }
            None => doc.set_trailing(rest),
        }
    }
    table.decor_mut().set_prefix(format!("{head}\n{above}"));
    shift_positions(doc.as_table_mut(), at);
    table.set_position(Some(at));

    let item = doc
        .as_table_mut()
        .entry(kind)
        .or_insert(Item::ArrayOfTables(ArrayOfTables::new()));
    if item.is_none() {
        *item = Item::ArrayOfTables(ArrayOfTables::new());
    }
    match item {
        Item::ArrayOfTables(a) => {
            a.push(table);
            Ok(())
        }
        _ => Err(TablesError::NotArrayOfTables(kind.to_owned())),
    }
}

/// Removes the `[[kind]]` item number `index` (0-based) like [`remove`] and returns it with the
/// comments that [`remove`] drops along with it.
pub fn take(doc: &mut DocumentMut, kind: &str, index: usize) -> Result<Taken, TablesError> {
    let Some(table) = items(doc, kind)?.get(index).map(|t| (*t).clone()) else {
        return Err(TablesError::NoSuchItem(kind.to_owned(), index + 1));
    };
    let around = surroundings(doc, kind, index)?;
    let above = around
        .own_prefix
        .strip_prefix(drop_last_paragraph(&around.own_prefix).as_str())
        .unwrap_or_default()
        .to_owned();
    let below = if has_blank(&around.following_text) {
        split_first_blank(&around.following_text).0
    } else {
        String::new()
    };
    remove(doc, kind, index)?;
    Ok(Taken {
        table,
        above,
        below,
    })
}

/// Removes the `[[kind]]` item number `index` (0-based), with the comment lines directly over
/// its header and directly under its last key (those separated from their neighbours by a
/// blank line). Every other comment and blank line stays.
pub fn remove(doc: &mut DocumentMut, kind: &str, index: usize) -> Result<(), TablesError> {
    let Surroundings {
        own_prefix,
        follower,
        following_text,
    } = surroundings(doc, kind, index)?;
    let kept_before = drop_last_paragraph(&own_prefix);
    let kept_after = match split_first_blank(&following_text) {
        (_, tail) if has_blank(&following_text) => tail,
        _ => following_text.clone(),
    };
    let joined = if ends_with_blank(&kept_before) {
        format!("{kept_before}{}", strip_leading_blanks(&kept_after))
    } else {
        format!("{kept_before}{kept_after}")
    };
    match follower {
        Some(p) => {
            if let Some(t) = table_at(doc, p) {
                t.decor_mut().set_prefix(joined);
            }
        }
        None => {
            // Nothing follows: the blank line that separated the item from what was above it
            // goes with it, and the end of the file stays as it was written.
            // Lines right under the last item, with no blank line after them, were its own.
            let before = match kept_before.strip_suffix('\n') {
                Some(b) if ends_with_blank(&kept_before) => {
                    &b[..b.rfind('\n').map_or(0, |i| i + 1)]
                }
                _ => kept_before.as_str(),
            };
            let after = if has_blank(&following_text) {
                split_first_blank(&following_text).1
            } else {
                String::new()
            };
            doc.set_trailing(format!("{before}{after}"));
        }
    }

    if let Some(Item::ArrayOfTables(a)) = doc.get_mut(kind) {
        a.remove(index);
        if a.is_empty() {
            doc.as_table_mut().remove(kind);
        }
    }
    Ok(())
}

/// The text around item `index` of `kind`: before its header, and between its last key and the
/// next header (or the end of the file).
struct Surroundings {
    own_prefix: String,
    /// The position of the table written next, if any.
    follower: Option<isize>,
    following_text: String,
}

fn surroundings(
    doc: &mut DocumentMut,
    kind: &str,
    index: usize,
) -> Result<Surroundings, TablesError> {
    let Some(target) = items(doc, kind)?.get(index).map(|t| t.position()) else {
        return Err(TablesError::NoSuchItem(kind.to_owned(), index + 1));
    };
    let own_prefix = match doc.get(kind) {
        Some(Item::ArrayOfTables(a)) => a.get(index).map(prefix_of).unwrap_or_default(),
        _ => String::new(),
    };
    let follower = target.and_then(|p| {
        rendered(doc)
            .iter()
            .filter(|t| t.pos > p)
            .map(|t| t.pos)
            .min()
    });
    let following_text = match follower {
        Some(p) => table_at(doc, p).map(|t| prefix_of(t)).unwrap_or_default(),
        None => raw(doc.trailing()).unwrap_or_default(),
    };
    Ok(Surroundings {
        own_prefix,
        follower,
        following_text,
    })
}

/// Sets `key` of an item to `value`, keeping the comment after the old value; a new key goes
/// right after the last of `after` that the table has (or at the end), so keys keep the order
/// of the file format.
pub fn set(table: &mut Table, key: &str, mut value: Value, after: &[&str]) {
    if let Some(item) = table.get_mut(key) {
        if let Some(old) = item.as_value() {
            *value.decor_mut() = old.decor().clone();
        }
        *item = Item::Value(value);
        return;
    }
    let keys: Vec<String> = table.iter().map(|(k, _)| k.to_owned()).collect();
    let split = keys
        .iter()
        .rposition(|k| after.contains(&k.as_str()))
        .map_or(keys.len(), |i| i + 1);
    let moved: Vec<_> = keys[split..]
        .iter()
        .filter_map(|k| table.remove_entry(k))
        .collect();
    table.insert(key, Item::Value(value));
    for (k, item) in moved {
        table.insert_formatted(&k, item);
    }
}

/// A table header that is written out, by its position in the document.
struct Shown {
    pos: isize,
    key: String,
}

/// Every table whose header is written, as the document renders them.
fn rendered(doc: &DocumentMut) -> Vec<Shown> {
    fn walk(table: &Table, key: &str, out: &mut Vec<Shown>) {
        for (k, item) in table.iter() {
            let key = if key.is_empty() { k } else { key };
            match item {
                Item::Table(t) => {
                    if let Some(pos) = t.position()
                        && !t.is_dotted()
                        && !(t.is_implicit() && t.get_values().is_empty())
                    {
                        out.push(Shown {
                            pos,
                            key: key.to_owned(),
                        });
                    }
                    walk(t, key, out);
                }
                Item::ArrayOfTables(a) => {
                    for t in a.iter() {
                        if let Some(pos) = t.position() {
                            out.push(Shown {
                                pos,
                                key: key.to_owned(),
                            });
                        }
                        walk(t, key, out);
                    }
                }
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    walk(doc.as_table(), "", &mut out);
    out
}

/// The table written at `pos`.
fn table_at(doc: &mut DocumentMut, pos: isize) -> Option<&mut Table> {
    fn holds(table: &Table, pos: isize) -> bool {
        table.position() == Some(pos) || table.iter().any(|(_, item)| item_holds(item, pos))
    }
    fn item_holds(item: &Item, pos: isize) -> bool {
        match item {
            Item::Table(t) => holds(t, pos),
            Item::ArrayOfTables(a) => a.iter().any(|t| holds(t, pos)),
            _ => false,
        }
    }
    fn find(table: &mut Table, pos: isize) -> Option<&mut Table> {
        if table.position() == Some(pos) {
            return Some(table);
        }
        let (_, item) = table.iter_mut().find(|(_, item)| item_holds(item, pos))?;
        match item {
            Item::Table(t) => find(t, pos),
            Item::ArrayOfTables(a) => a
                .iter_mut()
                .find(|t| holds(t, pos))
                .and_then(|t| find(t, pos)),
            _ => None,
        }
    }
    let root = doc.as_table_mut();
    let (_, item) = root.iter_mut().find(|(_, item)| item_holds(item, pos))?;
    match item {
        Item::Table(t) => find(t, pos),
        Item::ArrayOfTables(a) => a
            .iter_mut()
            .find(|t| holds(t, pos))
            .and_then(|t| find(t, pos)),
        _ => None,
    }
}

/// Moves every table at `from` or later one place down, to make room at `from`.
fn shift_positions(table: &mut Table, from: isize) {
    for (_, item) in table.iter_mut() {
        let shift = |t: &mut Table| {
            if let Some(p) = t.position()
                && p >= from
            {
                t.set_position(Some(p + 1));
            }
            shift_positions(t, from);
        };
        match item {
            Item::Table(t) => shift(t),
            Item::ArrayOfTables(a) => a.iter_mut().for_each(shift),
            _ => {}
        }
    }
}

/// The text before a table header, as it is written (a table made in memory has "\n").
fn prefix_of(table: &Table) -> String {
    table
        .decor()
        .prefix()
        .and_then(raw)
        .unwrap_or_else(|| "\n".to_owned())
}

fn raw(s: &toml_edit::RawString) -> Option<String> {
    s.as_str().map(str::to_owned)
}

fn is_blank(line: &str) -> bool {
    line.trim().is_empty()
}

fn has_blank(text: &str) -> bool {
    text.split_inclusive('\n').any(is_blank)
}

fn ends_with_blank(text: &str) -> bool {
    text.split_inclusive('\n').next_back().is_some_and(is_blank)
}

/// Splits at the first blank line: (the lines before it, the rest from it on). Without a blank
/// line everything is the rest, since the text then touches the header below it.
fn split_first_blank(text: &str) -> (String, String) {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    match lines.iter().position(|l| is_blank(l)) {
        Some(i) => (lines[..i].concat(), lines[i..].concat()),
        None => (String::new(), text.to_owned()),
    }
}

/// The text without the lines after its last blank line (the comment that sits on a header).
/// Without a blank line nothing is dropped: those lines may be the comment under the item above.
fn drop_last_paragraph(text: &str) -> String {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    match lines.iter().rposition(|l| is_blank(l)) {
        Some(i) => lines[..=i].concat(),
        None => text.to_owned(),
    }
}

fn strip_leading_blanks(text: &str) -> String {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let first = lines
        .iter()
        .position(|l| !is_blank(l))
        .unwrap_or(lines.len());
    lines[first..].concat()
}

/// Removes the entries of an inline array equal to `entry`, in its own layout: an entry takes
/// its own prefix (the space or line break before it) along, and the first entry's place is
/// taken by the next one.
pub fn remove_keeping_layout(list: &mut Array, entry: &str) {
    loop {
        let Some(i) = list.iter().position(|v| v.as_str() == Some(entry)) else {
            break;
        };
        let first_prefix = list.get(i).map(|v| v.decor().prefix().cloned());
        list.remove(i);
        if i == 0
            && let (Some(Some(prefix)), Some(next)) = (first_prefix, list.get_mut(0))
        {
            next.decor_mut().set_prefix(prefix);
        }
    }
    if list.is_empty() {
        list.set_trailing("");
        list.set_trailing_comma(false);
    }
}

/// Appends to an inline array in its own layout: one entry per line when the user wrote it so
/// (a comment ending the last entry's line stays on that line), and one entry per line once a
/// single-line list grows too long to read.
pub fn push_keeping_layout(list: &mut Array, entry: impl Into<Value>) {
    let entry: Value = entry.into();
    let text =
        |r: Option<&toml_edit::RawString>| r.and_then(|r| r.as_str()).unwrap_or("").to_owned();
    let last_prefix = list.iter().last().map(|v| text(v.decor().prefix()));
    let Some(indent) = last_prefix
        .as_deref()
        .and_then(|p| p.rfind('\n').map(|i| p[i + 1..].to_owned()))
    else {
        list.push(entry);
        if list.to_string().len() > 80 {
            one_per_line(list);
        }
        return;
    };
    // What ends the last entry's line (spaces, a comment, the newline) moves in front of the
    // new entry, so the comment stays with the entry it was written for.
    let mut carried = String::new();
    let mut trailing = text(Some(list.trailing()));
    if let Some(last) = list.iter_mut().last() {
        let suffix = text(last.decor().suffix());
        if suffix.contains('\n') {
            carried = suffix;
            last.decor_mut().set_suffix("");
            if !trailing.contains('\n') {
                trailing.insert(0, '\n');
            }
        }
    }
    if carried.is_empty() {
        match trailing.find('\n') {
            Some(i) => {
                carried = trailing[..=i].to_owned();
                trailing = format!("\n{}", &trailing[i + 1..]);
            }
            None => {
                carried = "\n".to_owned();
                trailing = format!("\n{trailing}");
            }
        }
    }
    list.push(entry);
    if let Some(last) = list.iter_mut().last() {
        last.decor_mut().set_prefix(format!("{carried}{indent}"));
        last.decor_mut().set_suffix("");
    }
    list.set_trailing(trailing);
}

fn one_per_line(list: &mut Array) {
    for v in list.iter_mut() {
        v.decor_mut().set_prefix("\n  ");
        v.decor_mut().set_suffix("");
    }
    list.set_trailing_comma(true);
    list.set_trailing("\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    fn later(kind: &str) -> Vec<&'static str> {
        after(&PROJECT_ITEMS, kind)
    }

    fn add(text: &str, kind: &str, id: &str) -> String {
        let mut doc: DocumentMut = text.parse().unwrap();
        let mut t = Table::new();
        t.insert("id", toml_edit::value(id));
        append(&mut doc, kind, &later(kind), t).unwrap();
        doc.to_string()
    }

    fn drop(text: &str, kind: &str, index: usize) -> String {
        let mut doc: DocumentMut = text.parse().unwrap();
        remove(&mut doc, kind, index).unwrap();
        doc.to_string()
    }

    #[test]
    fn appends_after_the_last_item_of_its_kind() {
        let text = "[project]\nid = \"p\"\n\n[[deliverable]]\nid = \"a\"\n\n# Work\n[[work]]\nid = \"w\"\n";
        assert_eq!(
            add(text, "deliverable", "b"),
            "[project]\nid = \"p\"\n\n[[deliverable]]\nid = \"a\"\n\n[[deliverable]]\nid = \"b\"\n\n# Work\n[[work]]\nid = \"w\"\n"
        );
    }

    #[test]
    fn appends_before_later_kinds_when_there_is_none_yet() {
        let text = "[project]\nid = \"p\"\n\n[[work]]\nid = \"w\"\n";
        assert_eq!(
            add(text, "exclusion", "x"),
            "[project]\nid = \"p\"\n\n[[exclusion]]\nid = \"x\"\n\n[[work]]\nid = \"w\"\n"
        );
        assert_eq!(
            add(text, "request", "r"),
            "[project]\nid = \"p\"\n\n[[work]]\nid = \"w\"\n\n[[request]]\nid = \"r\"\n"
        );
    }

    #[test]
    fn a_comment_under_the_last_item_stays_with_it() {
        let text = "[[work]]\nid = \"a\"\n# about a\n\n# the end\n";
        assert_eq!(
            add(text, "work", "b"),
            "[[work]]\nid = \"a\"\n# about a\n\n[[work]]\nid = \"b\"\n\n# the end\n"
        );
    }

    #[test]
    fn removing_keeps_section_comments_and_neighbours() {
        let text = "[[work]]\nid = \"w\"\n\n# Assignments\n\n# alice leads\n[[assignment]]\nperson = \"alice\"\n\n# bob\n[[assignment]]\nperson = \"bob\"\n\n# end\n";
        assert_eq!(
            drop(text, "assignment", 0),
            "[[work]]\nid = \"w\"\n\n# Assignments\n\n# bob\n[[assignment]]\nperson = \"bob\"\n\n# end\n"
        );
        assert_eq!(
            drop(text, "assignment", 1),
            "[[work]]\nid = \"w\"\n\n# Assignments\n\n# alice leads\n[[assignment]]\nperson = \"alice\"\n\n# end\n"
        );
    }

    #[test]
    fn removing_the_last_item_leaves_no_padding() {
        let text = "[project]\nid = \"p\"\n\n[[assignment]]\nperson = \"a\"\n";
        assert_eq!(drop(text, "assignment", 0), "[project]\nid = \"p\"\n");
    }

    #[test]
    fn a_comment_touching_the_removed_header_from_above_is_kept() {
        // Without a blank line it may as well be the comment under the item above.
        let text = "[[a]]\nx = 1\n# note on x\n[[a]]\nx = 2\n";
        assert_eq!(drop(text, "a", 1), "[[a]]\nx = 1\n# note on x\n");
    }

    #[test]
    fn set_keeps_the_comment_and_places_new_keys_in_order() {
        let mut doc: DocumentMut = "[[assignment]]\nperson = \"a\"\nfrom = 2026-01-01\nto = 2026-12-31  # planned\nrole = \"lead\"\n"
            .parse()
            .unwrap();
        let t = doc["assignment"]
            .as_array_of_tables_mut()
            .and_then(|a| a.get_mut(0))
            .unwrap();
        let d = NaiveDate::from_ymd_opt(2026, 5, 31).unwrap();
        set(t, "to", date(d).unwrap(), &["from"]);
        set(t, "status", Value::from("proposed"), &["from", "to"]);
        assert_eq!(
            doc.to_string(),
            "[[assignment]]\nperson = \"a\"\nfrom = 2026-01-01\nto = 2026-05-31  # planned\nstatus = \"proposed\"\nrole = \"lead\"\n"
        );
    }

    #[test]
    fn take_and_place_carry_the_comments_of_the_item() {
        let src = "[[work]]\nid = \"a\"\n\n# about b\n[[work]]\nid = \"b\"  # inline\n# under b\n\n# Team\n[[assignment]]\nperson = \"x\"\n";
        let mut doc: DocumentMut = src.parse().unwrap();
        let taken = take(&mut doc, "work", 1).unwrap();
        assert_eq!(
            doc.to_string(),
            "[[work]]\nid = \"a\"\n\n# Team\n[[assignment]]\nperson = \"x\"\n"
        );
        assert_eq!(taken.above, "# about b\n");
        assert_eq!(taken.below, "# under b\n");

        let dst = "[project]\nid = \"q\"\n\n[[work]]\nid = \"c\"\n# under c\n\n[[assignment]]\nperson = \"y\"\n";
        let mut into: DocumentMut = dst.parse().unwrap();
        place(&mut into, "work", &later("work"), taken.clone()).unwrap();
        assert_eq!(
            into.to_string(),
            "[project]\nid = \"q\"\n\n[[work]]\nid = \"c\"\n# under c\n\n# about b\n[[work]]\nid = \"b\"  # inline\n# under b\n\n[[assignment]]\nperson = \"y\"\n"
        );

        // At the end of a file, and before a comment that touches nothing.
        let mut end: DocumentMut = "[project]\nid = \"q\"\n\n# the end\n".parse().unwrap();
        place(&mut end, "work", &later("work"), taken).unwrap();
        assert_eq!(
            end.to_string(),
            "[project]\nid = \"q\"\n\n# about b\n[[work]]\nid = \"b\"  # inline\n# under b\n\n# the end\n"
        );
    }
}
