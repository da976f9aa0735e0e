//! Mermaid diagrams: the gantt report as a `gantt`, the dependencies report as a `flowchart`.
//! Both write user text the one way Mermaid shows exactly as written.

mod flowchart;
mod gantt;

pub use flowchart::{flowchart, flowchart_fenced};
pub use gantt::{fenced, render};

/// Words at the start of a line that Mermaid reads as a statement, not as a task's title
/// (lower case; Mermaid's lexer ignores case).
const KEYWORDS: [&str; 18] = [
    "accdescr",
    "acctitle",
    "axisformat",
    "call",
    "click",
    "dateformat",
    "excludes",
    "gantt",
    "href",
    "includes",
    "inclusiveenddates",
    "section",
    "tickinterval",
    "title",
    "todaymarker",
    "topaxis",
    "weekday",
    "weekend",
];

/// Characters that end a title or start a comment, an entity, a directive, a link or a
/// callback in Mermaid's gantt grammar, and the HTML ones. Each is written as Mermaid's entity
/// code (`#58;` for `:`), which Mermaid replaces before it parses and shows as the character.
fn special(c: char) -> bool {
    matches!(
        c,
        ':' | ';' | '#' | '%' | '(' | ')' | '"' | '`' | '<' | '>' | '&' | '{' | '}' | '\\'
    )
}

/// A title that Mermaid shows exactly as written, on one line (line breaks and runs of
/// spaces become one space).
pub(crate) fn text(s: &str) -> String {
    let words = s.split_whitespace().collect::<Vec<_>>().join(" ");
    let lower = words.to_lowercase();
    // Mermaid's lexer tries its statements (and dates) before a task title, so "Title page"
    // would set the chart's title: its first character is written as an entity code, which
    // matches no statement.
    let statement = KEYWORDS.iter().any(|k| lower.starts_with(k))
        || words.starts_with(|c: char| c.is_ascii_digit());
    let mut out = String::with_capacity(words.len() + 8);
    for (i, c) in words.chars().enumerate() {
        if special(c) || (i == 0 && statement) {
            out.push_str(&format!("#{};", u32::from(c)));
        } else {
            out.push(c);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::text;

    #[test]
    fn titles_keep_what_mermaid_would_parse_as_entity_codes() {
        assert_eq!(
            text("Pressure garment: hard upper torso"),
            "Pressure garment#58; hard upper torso"
        );
        assert_eq!(
            text("a;b\nc (d) 100% #1"),
            "a#59;b c #40;d#41; 100#37; #35;1"
        );
        assert_eq!(
            text("x %%{init: {}}%% y"),
            "x #37;#37;#123;init#58; #123;#125;#125;#37;#37; y"
        );
        assert_eq!(text("  "), "");
    }

    #[test]
    fn a_title_that_starts_with_a_keyword_or_a_digit_is_escaped() {
        assert_eq!(text("Title page design"), "#84;itle page design");
        assert_eq!(text("section 4 review"), "#115;ection 4 review");
        assert_eq!(text("2026-05-01 review"), "#50;026-05-01 review");
        assert_eq!(text("Design review"), "Design review");
    }
}
