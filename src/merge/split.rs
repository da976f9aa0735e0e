//! A program file cut into the pieces the merge matches: items (a table with the tables that
//! belong to it) made of entries (a key with its value and the comments above it), every byte
//! kept, so that the pieces put back together are the file.
//!
//! The cut is made on the text, not on a parsed document: a parser would give the values but
//! not the bytes around them, and the merged file must keep every untouched byte. The scanner
//! knows just enough TOML to tell where a value ends (strings, multi-line strings, brackets and
//! comments); the file is also parsed in full before it is cut, so a file pm cannot read is
//! never cut at all.

/// A piece of a file with the name it is matched by.
#[derive(Debug, Clone, PartialEq)]
pub struct Piece<K> {
    pub key: K,
    pub text: String,
}

/// What an item is matched by across the three versions of a file.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Identity {
    /// The keys before the first table.
    Root,
    /// `[name]`: by name.
    Table(String),
    /// `[[kind]]`: by `id`, or for an assignment by `person` and `from`.
    Entry(String, Vec<String>),
}

impl std::fmt::Display for Identity {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Identity::Root => write!(f, "the keys at the top of the file"),
            Identity::Table(name) => write!(f, "[{name}]"),
            Identity::Entry(kind, key) => write!(f, "[[{kind}]] {}", key.join(" ")),
        }
    }
}

/// What an entry of an item is matched by.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Part {
    /// The comments above the table and its header line.
    Header,
    /// `key = value` (a dotted key as written, without spaces around the dots).
    Key(String),
    /// The tables that belong to the item (`[[person.time_off]]` under a `[[person]]`), as one.
    Children,
}

/// A file cut into items, and what follows the last one (comments at the end of the file).
#[derive(Debug, Clone)]
pub struct File {
    pub items: Vec<Piece<Identity>>,
    pub end: String,
}

/// Why a file is not cut (the merge then leaves it to Git's line merge).
#[derive(Debug, Clone, PartialEq)]
pub struct Uncuttable(pub String);

/// The state of the scanner at the start of a line.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
struct Open {
    /// Open `[` and `{` of a value.
    depth: usize,
    /// Inside `"""` or `'''`.
    string: Option<&'static str>,
}

impl Open {
    fn closed(self) -> bool {
        self.depth == 0 && self.string.is_none()
    }
}

/// How a line that starts outside any value begins.
enum Line {
    /// Blank or a comment.
    Trivia,
    /// `[name]` or `[[name]]`.
    Header { name: String, array: bool },
    /// `key = …`.
    Key(String),
}

/// The items of `text`.
pub fn cut(text: &str) -> Result<File, Uncuttable> {
    // Lines, each with whether it starts outside every value.
    let mut open = Open::default();
    let mut lines: Vec<(&str, Option<Line>)> = Vec::new();
    for line in text.split_inclusive('\n') {
        if open.closed() {
            let kind = classify(line)?;
            if let Line::Key(_) = kind {
                let value = line.split_once('=').map_or("", |(_, v)| v);
                open = scan(value, open);
            }
            lines.push((line, Some(kind)));
        } else {
            open = scan(line, open);
            lines.push((line, None));
        }
    }
    if !open.closed() {
        return Err(Uncuttable(
            "a value is not closed at the end of the file".into(),
        ));
    }
    // Sections: each header, with the comments and blank lines right above it.
    let mut starts = Vec::new();
    for (i, (_, kind)) in lines.iter().enumerate() {
        if let Some(Line::Header { .. }) = kind {
            let mut s = i;
            while s > 0 && matches!(lines[s - 1].1, Some(Line::Trivia)) {
                s -= 1;
            }
            starts.push((s, i));
        }
    }
    let join = |from: usize, to: usize| -> String { lines[from..to].iter().map(|l| l.0).collect() };
    let mut items: Vec<Piece<Identity>> = Vec::new();
    let first = starts.first().map_or(lines.len(), |s| s.0);
    let root = join(0, first);
    let mut end = String::new();
    if starts.is_empty() {
        // No table: the keys are the root item; trailing comments stay with them.
        if lines.iter().any(|l| matches!(l.1, Some(Line::Key(_)))) {
            items.push(Piece {
                key: Identity::Root,
                text: root,
            });
        } else {
            end = root;
        }
        return Ok(File { items, end });
    }
    if !root.is_empty() {
        items.push(Piece {
            key: Identity::Root,
            text: root,
        });
    }
    // The array of tables the last item is, whose sub-tables belong to it.
    let mut parent: Option<String> = None;
    for (n, &(start, header)) in starts.iter().enumerate() {
        let stop = starts.get(n + 1).map_or(lines.len(), |s| s.0);
        let Some(Line::Header { name, array }) = &lines[header].1 else {
            continue;
        };
        let text = join(start, stop);
        let child = parent
            .as_ref()
            .is_some_and(|p| name.starts_with(&format!("{p}.")));
        if child {
            if let Some(last) = items.last_mut() {
                last.text.push_str(&text);
            }
            continue;
        }
        let key = if *array {
            parent = Some(name.clone());
            let id = match quick_identity(name, &lines[header + 1..stop]) {
                Some(id) => id,
                None => identity_of(name, &text)?,
            };
            Identity::Entry(name.clone(), id)
        } else {
            parent = None;
            Identity::Table(name.clone())
        };
        items.push(Piece { key, text });
    }
    // Comments after the last key of the file are its end, not part of the last item.
    if let Some(last) = items.last_mut() {
        let (body, tail) = split_tail(&last.text);
        end = tail.to_owned();
        last.text = body.to_owned();
    }
    let mut seen = std::collections::HashSet::new();
    for item in &items {
        if !seen.insert(&item.key) {
            return Err(Uncuttable(format!("{} appears twice", item.key)));
        }
    }
    Ok(File { items, end })
}

/// An item's entries: its header (with the comments above it), its keys (each with the
/// comments above it), and the tables that belong to it as one part.
pub fn entries(item: &str) -> Result<Vec<Piece<Part>>, Uncuttable> {
    let mut out: Vec<Piece<Part>> = Vec::new();
    let mut open = Open::default();
    let mut pending = String::new();
    let mut headers = 0;
    let mut children: Option<String> = None;
    for line in item.split_inclusive('\n') {
        if let Some(c) = children.as_mut() {
            c.push_str(line);
            continue;
        }
        if !open.closed() {
            open = scan(line, open);
            if let Some(last) = out.last_mut() {
                last.text.push_str(line);
            }
            continue;
        }
        match classify(line)? {
            Line::Trivia => pending.push_str(line),
            Line::Header { .. } if headers == 0 && out.is_empty() => {
                headers += 1;
                out.push(Piece {
                    key: Part::Header,
                    text: std::mem::take(&mut pending) + line,
                });
            }
            Line::Header { .. } => {
                children = Some(std::mem::take(&mut pending) + line);
            }
            Line::Key(key) => {
                let value = line.split_once('=').map_or("", |(_, v)| v);
                open = scan(value, open);
                out.push(Piece {
                    key: Part::Key(key),
                    text: std::mem::take(&mut pending) + line,
                });
            }
        }
    }
    if let Some(c) = children {
        out.push(Piece {
            key: Part::Children,
            text: c,
        });
    } else if !pending.is_empty() {
        // Comments after the last key stay where they are, with it.
        match out.last_mut() {
            Some(last) => last.text.push_str(&pending),
            None => out.push(Piece {
                key: Part::Header,
                text: pending,
            }),
        }
    }
    let mut seen = std::collections::HashSet::new();
    for e in &out {
        if !seen.insert(&e.key) {
            return Err(Uncuttable("a key appears twice in one table".into()));
        }
    }
    Ok(out)
}

/// `text` without the comments and blank lines at its end, and those.
fn split_tail(text: &str) -> (&str, &str) {
    let mut cut = text.len();
    let mut open = Open::default();
    // Only lines outside values can be trivia: find where the last key or header ends.
    let mut last_content_end = 0;
    let mut pos = 0;
    for line in text.split_inclusive('\n') {
        pos += line.len();
        if !open.closed() {
            open = scan(line, open);
            last_content_end = pos;
            continue;
        }
        let t = line.trim();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        if !t.starts_with('[') {
            let value = line.split_once('=').map_or("", |(_, v)| v);
            open = scan(value, open);
        }
        last_content_end = pos;
    }
    if last_content_end < cut {
        cut = last_content_end;
    }
    text.split_at(cut)
}

fn classify(line: &str) -> Result<Line, Uncuttable> {
    let t = line.trim();
    if t.is_empty() || t.starts_with('#') {
        return Ok(Line::Trivia);
    }
    if t.starts_with("<<<<<<<") || t.starts_with(">>>>>>>") || t.starts_with("=======") {
        return Err(Uncuttable("the file holds conflict markers".into()));
    }
    if let Some(rest) = t.strip_prefix("[[") {
        let name = rest
            .split_once("]]")
            .map(|(n, _)| n)
            .ok_or_else(|| Uncuttable(format!("cannot read the header {t}")))?;
        return Ok(Line::Header {
            name: normalize(name),
            array: true,
        });
    }
    if let Some(rest) = t.strip_prefix('[') {
        let name = rest
            .split_once(']')
            .map(|(n, _)| n)
            .ok_or_else(|| Uncuttable(format!("cannot read the header {t}")))?;
        return Ok(Line::Header {
            name: normalize(name),
            array: false,
        });
    }
    match t.split_once('=') {
        // A key with `=` inside quotes is left to Git.
        Some((key, _)) if !key.contains(['"', '\'']) => Ok(Line::Key(normalize(key))),
        _ => Err(Uncuttable(format!("cannot read the line {t}"))),
    }
}

/// `a . b` as `a.b`.
fn normalize(key: &str) -> String {
    key.split('.').map(str::trim).collect::<Vec<_>>().join(".")
}

/// Where the scanner is after `text`, starting at `open`.
fn scan(text: &str, mut open: Open) -> Open {
    let b = text.as_bytes();
    let mut i = 0;
    while i < b.len() {
        if let Some(close) = open.string {
            if close == "\"\"\"" && b[i] == b'\\' {
                i += 2;
                continue;
            }
            if text[i..].starts_with(close) {
                open.string = None;
                i += 3;
                // A closing `"""` may be followed by up to two more quotes of the string.
                continue;
            }
            i += 1;
            continue;
        }
        match b[i] {
            b'#' => break,
            b'"' | b'\'' => {
                let q = b[i];
                if b.get(i + 1) == Some(&q) && b.get(i + 2) == Some(&q) {
                    open.string = Some(if q == b'"' { "\"\"\"" } else { "'''" });
                    i += 3;
                    continue;
                }
                i += 1;
                while i < b.len() && b[i] != q {
                    if q == b'"' && b[i] == b'\\' {
                        i += 1;
                    }
                    i += 1;
                }
                i += 1;
                continue;
            }
            b'[' | b'{' => open.depth += 1,
            b']' | b'}' => open.depth = open.depth.saturating_sub(1),
            _ => {}
        }
        i += 1;
    }
    open
}

/// The keys an item of `kind` is known by.
fn identity_keys(kind: &str) -> &'static [&'static str] {
    if kind == "assignment" {
        &["person", "from"]
    } else {
        &["id"]
    }
}

/// The identity of a `[[kind]]` item read from its lines as `cut` classified them, without
/// parsing it, when its keys are written the plain way (`id = "lander"`, `from = 2026-03-01`):
/// a large file has thousands of items. `None` sends the item to [`identity_of`], which parses
/// it: a string with escapes, a multi-line or literal string, a key not found.
fn quick_identity(kind: &str, lines: &[(&str, Option<Line>)]) -> Option<Vec<String>> {
    let keys = identity_keys(kind);
    let mut found = vec![String::new(); keys.len()];
    for (line, class) in lines {
        let Some(Line::Key(key)) = class else {
            continue;
        };
        let Some(at) = keys.iter().position(|k| k == key) else {
            continue;
        };
        let value = line.split_once('=')?.1.trim_start();
        let plain = if let Some(rest) = value.strip_prefix('"') {
            let (inner, after) = rest.split_once('"')?;
            if inner.contains('\\') || rest.starts_with("\"\"") {
                return None;
            }
            let after = after.trim();
            if !(after.is_empty() || after.starts_with('#')) {
                return None;
            }
            inner
        } else {
            let bare = value
                .split(|c: char| c.is_whitespace() || c == '#')
                .next()
                .unwrap_or_default();
            let rest = value[bare.len()..].trim();
            if bare.is_empty()
                || !bare
                    .bytes()
                    .all(|b| b.is_ascii_alphanumeric() || b"-_:.+".contains(&b))
                || !(rest.is_empty() || rest.starts_with('#'))
            {
                return None;
            }
            bare
        };
        found[at] = plain.to_owned();
    }
    if found.iter().all(String::is_empty) {
        return None;
    }
    Some(found)
}

/// The identity of a `[[kind]]` item: its `id`, or an assignment's `person` and `from`.
fn identity_of(kind: &str, text: &str) -> Result<Vec<String>, Uncuttable> {
    let doc: toml_edit::DocumentMut = text
        .parse()
        .map_err(|_| Uncuttable(format!("cannot read a [[{kind}]]")))?;
    let mut table: &dyn toml_edit::TableLike = doc.as_table();
    for part in kind.split('.') {
        let item = table
            .get(part)
            .ok_or_else(|| Uncuttable(format!("cannot read a [[{kind}]]")))?;
        table = match item {
            toml_edit::Item::ArrayOfTables(a) => a
                .get(a.len().saturating_sub(1))
                .map(|t| t as &dyn toml_edit::TableLike),
            toml_edit::Item::Table(t) => Some(t as &dyn toml_edit::TableLike),
            _ => None,
        }
        .ok_or_else(|| Uncuttable(format!("cannot read a [[{kind}]]")))?;
    }
    let value = |key: &str| -> Option<String> {
        let v = table.get(key)?.as_value()?;
        Some(match v.as_str() {
            Some(s) => s.to_owned(),
            // The value as written, without the comment after it.
            None => {
                let mut v = v.clone();
                v.decor_mut().clear();
                v.to_string().trim().to_owned()
            }
        })
    };
    let keys = identity_keys(kind);
    let found: Vec<String> = keys.iter().map(|k| value(k).unwrap_or_default()).collect();
    if found.iter().all(String::is_empty) {
        return Err(Uncuttable(format!(
            "a [[{kind}]] has no {} to match it by",
            keys.join(" or ")
        )));
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Where the quick reading answers, it answers what parsing the item does.
    #[test]
    fn the_quick_identity_is_the_parsed_one() {
        let items = [
            ("work", "[[work]]\nid = \"a\"\ntitle = \"A\"\n"),
            ("work", "[[work]]\nid = \"a\" # the id\n"),
            ("work", "[[work]]\nid =   \"a-b_c\"   \n"),
            ("work", "[[work]]\nid = \"\\u0061\"\n"),
            ("work", "[[work]]\nid = 'a'\n"),
            ("work", "[[work]]\nid = \"\"\"a\"\"\"\n"),
            ("work", "[[work]]\nid = 12\n"),
            ("work", "[[work]]\ntitle = \"x\"\n"),
            (
                "assignment",
                "[[assignment]]\nperson = \"bob\"\nfrom = 2026-03-01\n",
            ),
            ("assignment", "[[assignment]]\nperson = \"bob\"\n"),
            (
                "assignment",
                "[[assignment]]\nfrom = 2026-03-01 # start\nperson = \"bob\"\n",
            ),
            ("person.time_off", "[[person.time_off]]\nid = \"x\"\n"),
        ];
        let mut answered = 0;
        for (kind, text) in items {
            let lines: Vec<(&str, Option<Line>)> = text
                .split_inclusive('\n')
                .map(|l| (l, classify(l).ok()))
                .collect();
            let parsed = identity_of(kind, text).ok();
            if let Some(quick) = quick_identity(kind, &lines[1..]) {
                answered += 1;
                assert_eq!(Some(quick), parsed, "{text:?}");
            }
        }
        assert!(answered >= 6, "the quick reading answers the plain forms");
    }

    const PROJECT: &str = "# The lander.\n[project]\nid = \"lander\" # its id\nname = \"Lander\"\n\n[charter]\nobjective = \"\"\"\nLand.\n[not a header]\n\"\"\"\n\n[[work]]\nid = \"a\"\ntags = [\n  \"x\",\n]\n\n# Assignments\n\n[[assignment]]\nperson = \"bob\"\nallocation = 50\n\n# the end\n";

    #[test]
    fn the_pieces_put_back_together_are_the_file() {
        let f = cut(PROJECT).unwrap();
        let back: String = f.items.iter().map(|i| i.text.as_str()).collect::<String>() + &f.end;
        assert_eq!(back, PROJECT);
        let keys: Vec<String> = f.items.iter().map(|i| i.key.to_string()).collect();
        assert_eq!(
            keys,
            [
                "[project]",
                "[charter]",
                "[[work]] a",
                "[[assignment]] bob "
            ]
        );
        assert_eq!(f.end, "\n# the end\n");
        assert!(
            f.items[3]
                .text
                .starts_with("\n# Assignments\n\n[[assignment]]")
        );
    }

    #[test]
    fn entries_keep_multi_line_values_and_comments() {
        let f = cut(PROJECT).unwrap();
        let e = entries(&f.items[2].text).unwrap();
        assert_eq!(e.len(), 3);
        assert_eq!(e[2].key, Part::Key("tags".into()));
        assert_eq!(e[2].text, "tags = [\n  \"x\",\n]\n");
        let e = entries(&f.items[1].text).unwrap();
        assert_eq!(e[1].key, Part::Key("objective".into()));
    }

    #[test]
    fn sub_tables_of_an_array_belong_to_its_item() {
        let text = "[[person]]\nid = \"a\"\n\n[[person.time_off]]\nfrom = 2026-01-01\n\n[[person]]\nid = \"b\"\n";
        let f = cut(text).unwrap();
        assert_eq!(f.items.len(), 2);
        let e = entries(&f.items[0].text).unwrap();
        assert_eq!(e.last().unwrap().key, Part::Children);
    }

    #[test]
    fn markers_and_twice_the_same_id_are_not_cut() {
        assert!(cut("[[work]]\nid = \"a\"\n<<<<<<< ours\n").is_err());
        assert!(cut("[[work]]\nid = \"a\"\n\n[[work]]\nid = \"a\"\n").is_err());
    }
}
