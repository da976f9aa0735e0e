//! A report as YAML: the same document as the JSON, key for key, read back as the same values
//! by YAML 1.1 readers (PyYAML, most configuration tools) and YAML 1.2 readers alike.
//!
//! serde_norway turns the report into a YAML value tree (keeping the order of the keys), but its
//! writer leaves `yes`, `on`, `12:30`, `1_000` or `2026-01-01` unquoted, which YAML 1.1 reads
//! as a boolean, a number or a date. So the tree is written here, by one rule: a string goes
//! plain only when it starts with a letter, holds nothing but letters, digits, spaces and
//! `_ . / - ( ) , + '`, and is no boolean or null word; every other string is double-quoted,
//! with escapes for what YAML does not allow raw. Dates are strings, as in the JSON.

use std::fmt::Write as _;

use anyhow::{Context, Result};
use serde::Serialize;
use serde_norway::{Mapping, Number, Value};

pub fn render(doc: &impl Serialize) -> Result<String> {
    let value = serde_norway::to_value(doc).context("cannot write the report as YAML")?;
    let mut out = String::new();
    match &value {
        Value::Mapping(m) if !m.is_empty() => mapping(&mut out, m, 0, false),
        Value::Sequence(s) if !s.is_empty() => sequence(&mut out, s, 0, false),
        other => {
            scalar(&mut out, other);
            out.push('\n');
        }
    }
    Ok(out)
}

/// A block mapping whose keys stand at `indent`; with `inline_first` the first key continues
/// the current line (after a sequence's `- `).
fn mapping(out: &mut String, m: &Mapping, indent: usize, inline_first: bool) {
    for (i, (key, value)) in m.iter().enumerate() {
        if i > 0 || !inline_first {
            pad(out, indent);
        }
        scalar(out, key);
        out.push(':');
        after_key(out, value, indent);
    }
}

fn after_key(out: &mut String, value: &Value, indent: usize) {
    match value {
        Value::Mapping(m) if !m.is_empty() => {
            out.push('\n');
            mapping(out, m, indent + 2, false);
        }
        Value::Sequence(s) if !s.is_empty() => {
            out.push('\n');
            sequence(out, s, indent, false);
        }
        Value::Tagged(t) => {
            // A serde enum variant with data: written as `{variant: data}`, as in the JSON.
            out.push('\n');
            pad(out, indent + 2);
            string(out, t.tag.to_string().trim_start_matches('!'));
            out.push(':');
            after_key(out, &t.value, indent + 2);
        }
        other => {
            out.push(' ');
            scalar(out, other);
            out.push('\n');
        }
    }
}

fn sequence(out: &mut String, s: &[Value], indent: usize, inline_first: bool) {
    for (i, item) in s.iter().enumerate() {
        if i > 0 || !inline_first {
            pad(out, indent);
        }
        out.push_str("- ");
        match item {
            Value::Mapping(m) if !m.is_empty() => mapping(out, m, indent + 2, true),
            Value::Sequence(inner) if !inner.is_empty() => sequence(out, inner, indent + 2, true),
            Value::Tagged(t) => {
                string(out, t.tag.to_string().trim_start_matches('!'));
                out.push(':');
                after_key(out, &t.value, indent + 2);
            }
            other => {
                scalar(out, other);
                out.push('\n');
            }
        }
    }
}

fn pad(out: &mut String, indent: usize) {
    out.extend(std::iter::repeat_n(' ', indent));
}

/// A value on one line: a scalar, or an empty collection in flow style.
fn scalar(out: &mut String, value: &Value) {
    match value {
        Value::Null => out.push_str("null"),
        Value::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
        Value::Number(n) => number(out, n),
        Value::String(s) => string(out, s),
        Value::Sequence(_) => out.push_str("[]"),
        Value::Mapping(_) => out.push_str("{}"),
        // Only reachable for a tagged mapping key, which no report has.
        Value::Tagged(t) => string(out, &t.tag.to_string()),
    }
}

/// Integers as they are; floats always with a `.` and a signed exponent, the one spelling
/// that YAML 1.1 and 1.2 both read as a float.
fn number(out: &mut String, n: &Number) {
    if n.is_f64() {
        let f = n.as_f64().unwrap_or(f64::NAN);
        if f.is_nan() {
            out.push_str(".nan");
        } else if f.is_infinite() {
            out.push_str(if f > 0.0 { ".inf" } else { "-.inf" });
        } else {
            // Debug prints the shortest form that reads back exactly, e.g. 7.5, 1e20, 1.5e-7.
            let text = format!("{f:?}");
            let (mantissa, exponent) = match text.split_once('e') {
                Some((m, e)) => (m.to_owned(), Some(e.to_owned())),
                None => (text, None),
            };
            out.push_str(&mantissa);
            if !mantissa.contains('.') {
                out.push_str(".0");
            }
            if let Some(e) = exponent {
                out.push('e');
                if !e.starts_with('-') {
                    out.push('+');
                }
                out.push_str(&e);
            }
        }
    } else {
        let _ = write!(out, "{n}");
    }
}

/// Words YAML 1.1 reads as a boolean or null, in any case (`Yes`, `OFF`), plus YAML 1.2's.
const NOT_STRINGS: [&str; 9] = ["y", "n", "yes", "no", "on", "off", "true", "false", "null"];

/// A string that every YAML reader takes as this string and nothing else.
fn plain_is_safe(s: &str) -> bool {
    s.starts_with(|c: char| c.is_ascii_alphabetic())
        && !s.ends_with(' ')
        && s.chars().all(|c| {
            c.is_ascii_alphanumeric()
                || matches!(
                    c,
                    ' ' | '_' | '.' | '/' | '-' | '(' | ')' | ',' | '+' | '\''
                )
        })
        && !NOT_STRINGS.iter().any(|w| s.eq_ignore_ascii_case(w))
}

fn string(out: &mut String, s: &str) {
    if plain_is_safe(s) {
        out.push_str(s);
        return;
    }
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            // Control characters, DEL and the C1 range (NEL among them) are not allowed raw.
            '\0'..='\u{1f}' | '\u{7f}'..='\u{9f}' => {
                let _ = write!(out, "\\x{:02X}", u32::from(c));
            }
            // YAML 1.1 reads these as line breaks, or does not allow them raw at all.
            '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}' => {
                let _ = write!(out, "\\u{:04X}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

#[cfg(test)]
mod tests {
    use super::*;

    fn yaml(v: &serde_json::Value) -> String {
        render(v).unwrap()
    }

    #[test]
    fn ambiguous_strings_are_quoted_and_plain_words_are_not() {
        let doc = serde_json::json!({
            "a": "yes", "b": "Off", "c": "12:30", "d": "1_000", "e": "2026-01-01", "f": "~",
            "g": "", "h": "Shell weld qualification", "i": "null", "j": "0x1F", "k": "y"
        });
        assert_eq!(
            yaml(&doc),
            "a: \"yes\"\nb: \"Off\"\nc: \"12:30\"\nd: \"1_000\"\ne: \"2026-01-01\"\nf: \"~\"\n\
             g: \"\"\nh: Shell weld qualification\ni: \"null\"\nj: \"0x1F\"\nk: \"y\"\n"
        );
    }

    #[test]
    fn what_yaml_does_not_allow_raw_is_escaped() {
        let doc = serde_json::json!({ "t": "a\"b\\c\nd\te\u{7}\u{85}\u{2028}" });
        assert_eq!(yaml(&doc), "t: \"a\\\"b\\\\c\\nd\\te\\x07\\x85\\u2028\"\n");
    }

    #[test]
    fn nesting_follows_the_document() {
        let doc = serde_json::json!({
            "schema_version": 1,
            "rows": [ { "id": "x", "peak": [120, 7.5], "none": [], "map": {} }, [1, 2] ],
            "empty": null,
            "by": { "month": true }
        });
        assert_eq!(
            yaml(&doc),
            "by:\n  month: true\nempty: null\nrows:\n- id: x\n  map: {}\n  none: []\n  peak:\n  - 120\n  - 7.5\n\
             - - 1\n  - 2\nschema_version: 1\n"
        );
    }

    #[test]
    fn floats_read_as_floats_in_yaml_1_1() {
        let doc = serde_json::json!([300.0, 1e20, 1.5e-7, -0.5]);
        assert_eq!(yaml(&doc), "- 300.0\n- 1.0e+20\n- 1.5e-7\n- -0.5\n");
    }
}
