//! The gantt report as a Mermaid `gantt` block, which GitHub draws inside Markdown.

use crate::report::gantt::{Gantt, ItemKind};

pub fn render(g: &Gantt) -> String {
    let mut out = String::from("```mermaid\ngantt\n");
    let title = text(&g.title);
    if !title.is_empty() {
        out.push_str(&format!("    title {title}\n"));
    }
    out.push_str("    dateFormat YYYY-MM-DD\n");
    // pm's due date is the last day of the work; Mermaid's end date is exclusive without this.
    out.push_str("    inclusiveEndDates\n");
    let mut section: Option<&str> = None;
    for r in &g.rows {
        if section != Some(r.project.as_str()) {
            section = Some(&r.project);
            let name = text(&r.section);
            let name = if name.is_empty() {
                text(&r.project)
            } else {
                name
            };
            out.push_str(&format!("    section {name}\n"));
        }
        let title = match text(&r.title) {
            t if t.is_empty() => text(&r.id),
            t => t,
        };
        match r.kind {
            ItemKind::Deliverable => {
                out.push_str(&format!("    {title} :milestone, {}, 0d\n", r.start));
            }
            ItemKind::Work => {
                let tag = match r.status {
                    Some("done") => "done, ",
                    Some("doing") => "active, ",
                    _ => "",
                };
                out.push_str(&format!("    {title} :{tag}{}, {}\n", r.start, r.end));
            }
        }
    }
    out.push_str("```\n");
    out
}

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

/// A title Mermaid takes literally: without the characters that end a title or start a comment
/// or an entity (`:` `;` `#`, `%%` and, in some versions, parentheses), on one line.
fn text(s: &str) -> String {
    let mut cleaned = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            ':' | ';' | '#' | '(' | ')' | '\n' | '\r' | '\t' => cleaned.push(' '),
            // `%%` starts a comment or a directive (`%%{init: ...}%%`); one `%` is plain text.
            '%' if cleaned.ends_with('%') => {}
            c => cleaned.push(c),
        }
    }
    let out = cleaned.split_whitespace().collect::<Vec<_>>().join(" ");
    let lower = out.to_lowercase();
    if KEYWORDS.iter().any(|k| lower.starts_with(k))
        || out.starts_with(|c: char| c.is_ascii_digit() || c == '%')
    {
        // Mermaid's lexer tries its statements (and dates) before a task title, so "Title page"
        // would set the chart's title. A zero-width space in front is not whitespace to it,
        // matches no statement, and does not show.
        format!("\u{200B}{out}")
    } else {
        out
    }
}

#[cfg(test)]
mod tests {
    use super::text;

    #[test]
    fn titles_lose_what_mermaid_would_parse() {
        assert_eq!(text("Flight software: GNC #1"), "Flight software GNC 1");
        assert_eq!(text("a;b\nc (d) 100%"), "a b c d 100%");
        assert_eq!(text("x %%{init: {}}%% y"), "x %{init {}}% y");
        assert_eq!(text("  "), "");
    }

    #[test]
    fn a_title_that_starts_with_a_keyword_is_escaped() {
        assert_eq!(text("Title page design"), "\u{200B}Title page design");
        assert_eq!(text("section 4 review"), "\u{200B}section 4 review");
        assert_eq!(text("2026-05-01 review"), "\u{200B}2026-05-01 review");
        assert_eq!(text("Design review"), "Design review");
    }
}
