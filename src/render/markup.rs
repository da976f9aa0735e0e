//! Text inside SVG and HTML. Program files come from pull requests, so every title, name, reason
//! and id is written through [`Esc`]: markup characters become entities, in element text and
//! in quoted attribute values alike, and characters that XML 1.0 does not allow at all (control
//! characters, U+FFFE, U+FFFF) become U+FFFD, so the document still parses.

use std::fmt;

/// Displays its text escaped for XML and HTML.
pub struct Esc<'a>(pub &'a str);

impl fmt::Display for Esc<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        escape(f, self.0, true)
    }
}

/// Displays its text escaped for the content of an element (not an attribute value): quotes
/// stay as they are, which keeps long messages short.
pub struct EscText<'a>(pub &'a str);

impl fmt::Display for EscText<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        escape(f, self.0, false)
    }
}

/// Writes `s` with markup characters as entities (quotes too when `quotes`), and characters
/// XML forbids as U+FFFD, copying the runs between them whole.
fn escape(f: &mut fmt::Formatter<'_>, s: &str, quotes: bool) -> fmt::Result {
    let mut plain = 0;
    for (i, c) in s.char_indices() {
        let replacement = match c {
            '&' => "&amp;",
            '<' => "&lt;",
            '>' => "&gt;",
            '"' if quotes => "&quot;",
            '\'' if quotes => "&#39;",
            '\t' | '\n' | '\r' => continue,
            c if is_forbidden(c) => "\u{fffd}",
            _ => continue,
        };
        f.write_str(&s[plain..i])?;
        f.write_str(replacement)?;
        plain = i + c.len_utf8();
    }
    f.write_str(&s[plain..])
}

/// Characters no XML 1.0 document may hold, even as a character reference.
fn is_forbidden(c: char) -> bool {
    matches!(c, '\u{0}'..='\u{8}' | '\u{b}' | '\u{c}' | '\u{e}'..='\u{1f}' | '\u{fffe}' | '\u{ffff}')
}

/// `s` escaped, as a new string.
pub fn esc(s: &str) -> String {
    Esc(s).to_string()
}

/// At most `max` characters of `s`, with `…` when something was cut (before escaping, so an
/// entity is never cut in half).
pub fn truncate(s: &str, max: usize) -> std::borrow::Cow<'_, str> {
    match s.char_indices().nth(max) {
        None => s.into(),
        Some(_) => {
            let keep: String = s.chars().take(max.saturating_sub(1)).collect();
            format!("{}…", keep.trim_end()).into()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_and_forbidden_characters() {
        assert_eq!(
            esc(r#"<script>alert("x")</script> & 'y'"#),
            "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39;"
        );
        assert_eq!(esc("a\u{1}b\u{ffff}\tc\n"), "a\u{fffd}b\u{fffd}\tc\n");
        assert_eq!(esc("é ñ 🚀"), "é ñ 🚀");
    }

    #[test]
    fn element_text_keeps_quotes() {
        assert_eq!(
            EscText("'a' \"b\" <c> & \u{1}").to_string(),
            "'a' \"b\" &lt;c&gt; &amp; \u{fffd}"
        );
    }

    #[test]
    fn truncation_counts_characters() {
        assert_eq!(truncate("Tomás Ortega", 20), "Tomás Ortega");
        assert_eq!(truncate("Tomás Ortega", 6), "Tomás…");
        assert_eq!(truncate("ab", 2), "ab");
    }
}
