//! The parser against the `toml` crate's own (`DeTable`, which pm used before): the same
//! verdict, the same first error (message and place) and the same tree with the same spans,
//! on hand-written cases for each of TOML's rules, on the files pm ships and generates, and
//! on random documents.

use std::collections::BTreeMap;

use proptest::prelude::*;
use toml::de::{DeTable, DeValue};

use super::super::doc::{Data, Table, Value};
use super::{SyntaxError, parse};

/// A value with its spans, in a form both trees can be written to and compared.
#[derive(Debug, PartialEq)]
enum Tree {
    String(String),
    Integer(String, u32),
    Float(String),
    Boolean(bool),
    Datetime(String),
    Array(Vec<(Tree, (usize, usize))>),
    /// Key → (key span, value, value span).
    Table(BTreeMap<String, Entry>),
}

type Entry = ((usize, usize), Tree, (usize, usize));

fn pair(r: std::ops::Range<usize>) -> (usize, usize) {
    (r.start, r.end)
}

fn ours_table(t: Table<'_>) -> Tree {
    let mut out = BTreeMap::new();
    for e in t.iter() {
        let old = out.insert(
            e.key.to_owned(),
            (pair(e.key_span), ours(e.value), pair(e.value.span())),
        );
        assert!(old.is_none(), "key {} twice in one table", e.key);
    }
    Tree::Table(out)
}

fn ours(v: Value<'_>) -> Tree {
    match v.data() {
        Data::String(s) => Tree::String(s.to_owned()),
        Data::Integer(s, r) => Tree::Integer(s.to_owned(), r),
        Data::Float(s) => Tree::Float(s.to_owned()),
        Data::Boolean(b) => Tree::Boolean(b),
        Data::Datetime(d) => Tree::Datetime(d.to_string()),
        Data::Array(items) => Tree::Array(items.map(|i| (ours(i), pair(i.span()))).collect()),
        Data::Table(t) => ours_table(t),
    }
}

fn theirs_table(t: &DeTable<'_>) -> Tree {
    Tree::Table(
        t.iter()
            .map(|(k, v)| {
                let value = theirs(v.get_ref());
                (
                    k.get_ref().to_string(),
                    (pair(k.span()), value, pair(v.span())),
                )
            })
            .collect(),
    )
}

fn theirs(v: &DeValue<'_>) -> Tree {
    match v {
        DeValue::String(s) => Tree::String(s.to_string()),
        DeValue::Integer(i) => Tree::Integer(i.as_str().to_owned(), i.radix()),
        DeValue::Float(f) => Tree::Float(f.as_str().to_owned()),
        DeValue::Boolean(b) => Tree::Boolean(*b),
        DeValue::Datetime(d) => Tree::Datetime(d.to_string()),
        DeValue::Array(items) => Tree::Array(
            items
                .iter()
                .map(|i| (theirs(i.get_ref()), pair(i.span())))
                .collect(),
        ),
        DeValue::Table(t) => theirs_table(t),
    }
}

/// What a parser made of a text: the tree, or the first error.
fn outcome_ours(text: &str) -> Result<Tree, SyntaxError> {
    parse(text).map(|doc| ours_table(doc.get_ref()))
}

fn outcome_theirs(text: &str) -> Result<Tree, SyntaxError> {
    DeTable::parse(text)
        .map(|t| theirs_table(t.get_ref()))
        .map_err(|e| SyntaxError {
            message: e.message().to_owned(),
            span: e.span(),
        })
}

#[track_caller]
fn same(text: &str) {
    assert_eq!(outcome_ours(text), outcome_theirs(text), "text: {text:?}");
}

/// The first error: its message and the text it points at.
#[track_caller]
fn error(text: &str) -> (String, String) {
    same(text);
    let e = parse(text)
        .err()
        .unwrap_or_else(|| panic!("accepted: {text:?}"));
    let at = e.span.map(|s| text[s].to_owned()).unwrap_or_default();
    (e.message, at)
}

#[track_caller]
fn accepted(text: &str) -> Tree {
    same(text);
    outcome_ours(text).unwrap_or_else(|e| panic!("refused {text:?}: {e:?}"))
}

fn keys(tree: &Tree) -> Vec<&str> {
    match tree {
        Tree::Table(t) => t.keys().map(String::as_str).collect(),
        _ => Vec::new(),
    }
}

#[test]
fn dotted_keys_and_headers_make_the_tables_on_their_way() {
    let t = accepted("a.b.c = 1\na.b.d = 2\n[x.y]\nz = 3\n[x]\nw = 4\n");
    assert_eq!(keys(&t), ["a", "x"]);
    // `[x]` after `[x.y]` defines the table `[x.y]` made: its span becomes the header's.
    let Tree::Table(root) = &t else { panic!() };
    assert_eq!(root["x"].2, (32, 35));
    accepted("[a.b]\n[a]\n[a.c]\n");
    accepted("[ a . \"b c\" . 'd' ]\n");
}

#[test]
fn a_key_or_table_defined_twice_is_an_error_at_the_second() {
    let dup = |at: &str| ("duplicate key".to_owned(), at.to_owned());
    assert_eq!(error("a = 1\nb = 2\na = 3\n"), dup("a"));
    assert_eq!(error("[t]\n[u]\n[t]\n"), dup("t"));
    assert_eq!(error("a.b = 1\na.b = 2\n"), dup("b"));
    assert_eq!(error("a = 1\n[a]\n"), dup("a"));
    assert_eq!(error("a.b = 1\n[a]\n"), dup("a"));
    assert_eq!(error("[a]\nb.c = 1\n[a.b]\n"), dup("b"));
    assert_eq!(error("[a.b]\n[a]\nb.c = 1\n"), dup("b"));
    assert_eq!(error("[a]\nb = 1\n[a.b]\n"), dup("b"));
    assert_eq!(error("\"a\" = 1\na = 2\n"), dup("a"));
    assert_eq!(error("'a b' = 1\n\"a b\" = 2\n"), dup("\"a b\""));
    assert_eq!(error("x = { a = 1, a = 2 }\n"), dup("a"));
}

#[test]
fn arrays_of_tables_append_and_cannot_be_redefined() {
    let t = accepted("[[a]]\nx = 1\n[[a]]\nx = 2\n[a.b]\nc = 3\n[[a.d]]\n");
    let Tree::Table(root) = &t else { panic!() };
    let Tree::Array(items) = &root["a"].1 else {
        panic!("{t:?}")
    };
    assert_eq!(items.len(), 2);
    // The sub-table lands in the last entry.
    assert_eq!(keys(&items[1].0), ["b", "d", "x"]);
    let dup = |at: &str| ("duplicate key".to_owned(), at.to_owned());
    assert_eq!(error("[[a]]\n[a]\n"), dup("a"));
    assert_eq!(error("a = [1]\n[[a]]\n"), dup("a"));
    assert_eq!(error("[a]\n[[a]]\n"), dup("a"));
    assert_eq!(
        error("a = [1]\n[a.b]\n"),
        (
            "cannot extend value of type array with a dotted key".to_owned(),
            "a".to_owned()
        )
    );
}

#[test]
fn inline_tables_are_closed() {
    let closed = |at: &str| {
        (
            "cannot extend value of type inline table with a dotted key".to_owned(),
            at.to_owned(),
        )
    };
    assert_eq!(error("a = { b = 1 }\na.c = 2\n"), closed("a"));
    assert_eq!(error("a = { b = 1 }\n[a.c]\n"), closed("a"));
    assert_eq!(
        error("a = { b = 1 }\n[a]\n"),
        ("duplicate key".to_owned(), "a".to_owned())
    );
    accepted("a = { b.c = 1, b.d = 2 }\n");
    assert_eq!(
        error("a = { b = { c = 1 }, b.d = 2 }\n"),
        ("duplicate key".to_owned(), "b".to_owned())
    );
    assert_eq!(
        error("a = { b = 1, b.c = 2 }\n"),
        (
            "cannot extend value of type integer with a dotted key".to_owned(),
            "b".to_owned()
        )
    );
}

#[test]
fn extending_a_value_that_is_not_a_table_names_its_type() {
    for (value, kind) in [
        ("1", "integer"),
        ("1.5", "float"),
        ("true", "boolean"),
        ("\"s\"", "string"),
        ("2026-01-01", "datetime"),
    ] {
        assert_eq!(
            error(&format!("a = {value}\na.b = 1\n")),
            (
                format!("cannot extend value of type {kind} with a dotted key"),
                "a".to_owned()
            )
        );
    }
}

#[test]
fn deep_nesting_and_long_keys_are_refused() {
    let n = 10_000;
    for text in [
        format!("x = {}{}\n", "[".repeat(n), "]".repeat(n)),
        format!("x = {}1{}\n", "{ a = ".repeat(n), " }".repeat(n)),
        format!("{} = 1\n", vec!["a"; n].join(".")),
        format!("[{}]\n", vec!["a"; n].join(".")),
        format!("[[{}]]\n", vec!["a"; n].join(".")),
        format!("x = {{ {} = 1 }}\n", vec!["a"; n].join(".")),
    ] {
        assert!(parse(&text).is_err());
        same(&text);
    }
    // The limits themselves, on both sides.
    for depth in [79, 80, 81] {
        same(&format!("x = {}{}\n", "[".repeat(depth), "]".repeat(depth)));
        same(&format!("{} = 1\n", vec!["a"; depth].join(".")));
        same(&format!("{} = 1\n", vec!["a"; depth + 1].join(".")));
        same(&format!("[{}]\n", vec!["a"; depth + 1].join(".")));
    }
}

#[test]
fn scalars_read_directly_match_the_decoder() {
    for value in [
        "\"plain\"",
        "\"tab\there\"",
        "\"ünïcödé 🚀\"",
        "\"esc\\\"aped\"",
        "\"\\u00e9\"",
        "\"bad \\q\"",
        "\"\"",
        "'literal \\ back'",
        "''",
        "\"\"\"multi\nline\"\"\"",
        "'''multi\nliteral'''",
        "1",
        "0",
        "00",
        "01",
        "-1",
        "+1",
        "1_000",
        "1__0",
        "99999999999999999999",
        "0x1F",
        "0o17",
        "0b101",
        "1.5",
        "1e10",
        "inf",
        "nan",
        "-inf",
        "true",
        "false",
        "True",
        "2026-01-01",
        "2026-02-29",
        "2024-02-29",
        "2000-02-29",
        "1900-02-29",
        "2026-13-01",
        "2026-00-10",
        "2026-04-31",
        "0000-01-01",
        "9999-12-31",
        "2026-1-01",
        "20260-01-01",
        "2026-01-01T10:00:00",
        "2026-01-01 10:00:00",
        "2026-01-01T10:00:00Z",
        "2026-01-01T10:00:00+02:00",
        "10:00:00",
        "10:00",
        "bare",
    ] {
        same(&format!("v = {value}\n"));
        same(&format!("v = [{value}, {value}]\n"));
    }
}

#[test]
fn keys_read_directly_match_the_decoder() {
    for key in [
        "a",
        "A-z_09",
        "1",
        "-",
        "_",
        "\"q\"",
        "\"\"",
        "''",
        "'l i t'",
        "\"\\u00e9\"",
        "\"\\q\"",
        "é",
        "a b",
        "\"\"\"k\"\"\"",
        "'''k'''",
    ] {
        same(&format!("{key} = 1\n"));
        same(&format!("[{key}]\n"));
        same(&format!("x = {{ {key} = 1 }}\n"));
    }
    same("= 1\n");
    same("[]\n");
    same("[[]]\n");
    same("a. = 1\n");
    same(".a = 1\n");
}

#[test]
fn syntax_errors_win_over_errors_of_meaning_later_in_the_file() {
    // A duplicate key first, then a syntax error: the syntax error is the one reported.
    same("a = 1\na = 2\nb = \n");
    same("[[a]]\nx = \"\\q\"\n[[a]]\n[b\n");
    // Errors of meaning come in the order the `toml` crate finds them: the array of tables
    // is attached when the next header starts, after its own entries were read.
    same("a = 1\n[[a.b]]\nx = \"\\q\"\n");
    same("a = 1\n[[a]]\nx = \"\\q\"\n");
    same("a = 1\n[[a]]\nx = 1\n[c]\n");
}

#[test]
fn whitespace_comments_and_line_ends() {
    same("# only a comment");
    same("");
    same("\n\n\r\n");
    same("a = 1 # c\r\nb = 2\r\n");
    same("a = 1\rb = 2\n");
    same("a = 1 # \u{7} bell\n");
    same("a = [\n  1, # one\n  2,\n]\n");
    same("a = {\n  b = 1,\n}\n");
    same("a = 1\0\n");
}

#[test]
fn the_files_pm_ships_parse_alike() {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut seen = 0;
    for dir in ["examples", "tests/fixtures", "schema"] {
        for entry in walkdir::WalkDir::new(root.join(dir)).into_iter().flatten() {
            let path = entry.path();
            if path.extension().is_some_and(|e| e == "toml")
                && let Ok(text) = std::fs::read_to_string(path)
            {
                let body = text.strip_prefix('\u{feff}').unwrap_or(&text);
                same(body);
                seen += 1;
            }
        }
    }
    assert!(seen > 20, "only {seen} files found");
}

// --- random documents -------------------------------------------------------------------------

/// A key from a small set, so that documents often collide: bare, quoted, dotted.
fn key() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "a", "b", "c", "\"a\"", "'b'", "a.b", "b . c", "a.b.c", "\"a.b\"", "1", "\"\"", "é",
    ])
    .prop_map(str::to_owned)
}

fn scalar() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "1",
        "-2",
        "0x1F",
        "1_000",
        "01",
        "1.5",
        "nan",
        "true",
        "\"s\"",
        "\"\\q\"",
        "'l'",
        "\"\"\"m\"\"\"",
        "2026-01-01",
        "2026-02-30",
        "1979-05-27T07:32:00Z",
        "07:32:00",
        "bare",
        "",
    ])
    .prop_map(str::to_owned)
}

fn value() -> impl Strategy<Value = String> {
    scalar().prop_recursive(3, 12, 3, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..3).prop_map(|v| format!("[{}]", v.join(", "))),
            prop::collection::vec((key(), inner), 0..3).prop_map(|kv| {
                let pairs: Vec<String> = kv.iter().map(|(k, v)| format!("{k} = {v}")).collect();
                format!("{{ {} }}", pairs.join(", "))
            }),
        ]
    })
}

fn line() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => (key(), value()).prop_map(|(k, v)| format!("{k} = {v}")),
        1 => key().prop_map(|k| format!("[{k}]")),
        1 => key().prop_map(|k| format!("[[{k}]]")),
        1 => Just("# comment".to_owned()),
        1 => Just(String::new()),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2000, failure_persistence: None, ..ProptestConfig::default() })]

    #[test]
    fn random_documents_parse_alike(lines in prop::collection::vec(line(), 0..12), crlf in any::<bool>()) {
        let text = lines.join(if crlf { "\r\n" } else { "\n" });
        prop_assert_eq!(outcome_ours(&text), outcome_theirs(&text), "text: {:?}", text);
    }
}
