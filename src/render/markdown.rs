//! A report as a GitHub-flavoured Markdown table; numbers right-aligned, cells over capacity in
//! bold with the `!` marker so they stand out both rendered and as plain text, and a legend
//! under the table.
//!
//! comfy-table has a Markdown preset, but it writes cell text as it is: a `|` in a title ends
//! the cell, a newline ends the row, and `*`, `[`, `<` are rendered. pm's text comes from
//! people, so the table is written here, with every character that Markdown would act on
//! escaped.

use crate::report::Table;

use super::table::MARKER;

pub fn render(t: &Table) -> String {
    let mut out = String::new();
    let line = |cells: Vec<String>| format!("| {} |\n", cells.join(" | "));
    out.push_str(&line(t.columns.iter().map(|c| escape(&c.label)).collect()));
    out.push_str(&line(
        t.columns
            .iter()
            .map(|c| if c.numeric { "---:" } else { "---" }.to_owned())
            .collect(),
    ));
    for row in &t.rows {
        out.push_str(&line(
            row.iter()
                .map(|c| {
                    if c.over {
                        format!("**{}{MARKER}**", escape(&c.text))
                    } else {
                        escape(&c.text)
                    }
                })
                .collect(),
        ));
    }
    let legend = t.legend();
    if !legend.is_empty() {
        out.push_str(&format!(
            "\n**{MARKER}** marks {}\n",
            escape(&legend.join("; "))
        ));
    }
    out
}

/// A cell's text as literal text: it cannot end the cell or the row early, and a GFM renderer
/// (cmark-gfm, which GitHub uses) makes no emphasis, code, link, image, HTML, entity,
/// strikethrough, math or URL autolink of it. CommonMark lets any ASCII punctuation be
/// escaped with a backslash; only the characters that can start something are, so ordinary
/// text (dates, "a-b", "Phase 2: tests") stays readable in the source.
///
/// Not covered, because escaping cannot stop them: cmark-gfm links an e-mail address wherever
/// it appears in the text, and GitHub itself turns `@name`, `#123` and `:emoji:` in the
/// rendered text into mentions, references and pictures.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    let chars: Vec<char> = s.chars().collect();
    for (i, &ch) in chars.iter().enumerate() {
        match ch {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' | '&' | '$' => {
                out.push('\\');
                out.push(ch);
            }
            // `http://x` and `www.x` become links by themselves in GFM.
            ':' if chars.get(i + 1..i + 3) == Some(&['/', '/']) => out.push_str("\\:"),
            '.' if i >= 3 && chars[i - 3..i].iter().all(|c| c.eq_ignore_ascii_case(&'w')) => {
                out.push_str("\\.");
            }
            '\r' => {}
            '\n' => out.push_str("<br>"),
            _ => out.push(ch),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{Cell, Column};

    #[test]
    fn pipes_and_newlines_stay_inside_the_cell() {
        let t = Table {
            columns: vec![
                Column::text("t", "a|b"),
                Column::num("n", "n").marking("over capacity"),
            ],
            rows: vec![vec![Cell::new("x | y\nz"), Cell::new("120").over(true)]],
            frozen: 0,
        };
        assert_eq!(
            render(&t),
            "| a\\|b | n |\n| --- | ---: |\n| x \\| y<br>z | **120!** |\n\n**!** marks over capacity\n"
        );
    }

    #[test]
    fn markup_is_escaped_and_plain_text_is_not() {
        assert_eq!(
            escape("*b* [e](http://x) <b>"),
            r"\*b\* \[e\](http\://x) \<b\>"
        );
        assert_eq!(
            escape("see www.x.org, $5 & ~y~"),
            r"see www\.x.org, \$5 \& \~y\~"
        );
        assert_eq!(escape("`code` a_b c\\d"), r"\`code\` a\_b c\\d");
        assert_eq!(
            escape("Phase 2: tests (2026-05-01) #3 - done."),
            "Phase 2: tests (2026-05-01) #3 - done."
        );
    }
}
